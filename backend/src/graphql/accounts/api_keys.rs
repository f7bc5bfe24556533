//! Partner API keys: `createApiKey`, `revokeApiKey`, `apiKeys`. Admins and owners only.

use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use kura_shared::Role;

use crate::graphql::{
    request::client::ClientInfo,
    types::{
        errors::{ApiError, require_role},
        ids::{self, Kind},
    },
};
use crate::{
    services::{
        ServiceError,
        accounts::api_keys::{self, ApiKeyRecord},
        accounts::audit::Actor,
    },
    state::AppState,
};

/// A partner's credential. The secret is shown only once, at creation.
#[derive(SimpleObject)]
pub struct ApiKey {
    id: ID,
    name: String,
    /// The visible start of the key (`kura_…`), to tell keys apart.
    prefix: String,
    /// What the key may do, e.g. `stock:read`.
    scopes: Vec<String>,
    created_at: DateTime<Utc>,
    /// Last time the key was used (to the minute).
    last_used_at: Option<DateTime<Utc>>,
    /// Set once revoked; a revoked key stops working at once.
    revoked_at: Option<DateTime<Utc>>,
}

impl From<ApiKeyRecord> for ApiKey {
    fn from(key: ApiKeyRecord) -> Self {
        Self {
            id: ids::encode(Kind::ApiKey, key.id),
            scopes: key
                .scopes
                .into_iter()
                .map(|s| s.as_str().to_owned())
                .collect(),
            name: key.name,
            prefix: key.prefix,
            created_at: key.created_at,
            last_used_at: key.last_used_at,
            revoked_at: key.revoked_at,
        }
    }
}

/// A new key's name and scopes.
#[derive(InputObject)]
pub struct CreateApiKeyInput {
    /// What it is for, e.g. "Smaregi POS".
    name: String,
    /// Any of `stock:read`, `stock:write`, `catalog:read`, `catalog:write`, `sales:read`,
    /// `sales:write`, `orders:read`, `orders:write`, `customers:read`, `customers:write`.
    scopes: Vec<String>,
}

/// The created key and its secret. Store the secret now: it cannot be shown again.
#[derive(SimpleObject)]
pub struct CreateApiKeyPayload {
    api_key: ApiKey,
    /// The full key, sent as `Authorization: Bearer <secret>`.
    secret: String,
}

fn actor(ctx: &Context<'_>, user_id: uuid::Uuid) -> Actor {
    Actor {
        user_id: Some(user_id),
        api_key_prefix: None,
        address: ctx.data_unchecked::<ClientInfo>().address.clone(),
    }
}

#[derive(Default)]
pub struct ApiKeysQuery;

#[Object]
impl ApiKeysQuery {
    /// The company's API keys, newest first.
    async fn api_keys(&self, ctx: &Context<'_>) -> Result<Vec<ApiKey>> {
        let admin = require_role(ctx, Role::Admin)?;
        let state = ctx.data_unchecked::<AppState>();
        Ok(api_keys::list(&state.db, admin.tenant_id)
            .await
            .map_err(ApiError::from)?
            .into_iter()
            .map(Into::into)
            .collect())
    }
}

#[derive(Default)]
pub struct ApiKeysMutation;

#[Object]
impl ApiKeysMutation {
    /// Creates an API key for partners (POS, EC cart, WMS, accounting).
    async fn create_api_key(
        &self,
        ctx: &Context<'_>,
        input: CreateApiKeyInput,
    ) -> Result<CreateApiKeyPayload> {
        let admin = require_role(ctx, Role::Admin)?;
        let state = ctx.data_unchecked::<AppState>();
        let (key, secret) = api_keys::create(
            &state.db,
            admin.tenant_id,
            &actor(ctx, admin.user_id),
            &input.name,
            &input.scopes,
        )
        .await
        .map_err(ApiError::from)?;
        Ok(CreateApiKeyPayload {
            api_key: key.into(),
            secret,
        })
    }

    /// Revokes a key; it stops working on its next request.
    async fn revoke_api_key(&self, ctx: &Context<'_>, id: ID) -> Result<ApiKey> {
        let admin = require_role(ctx, Role::Admin)?;
        let state = ctx.data_unchecked::<AppState>();
        let key_id = ids::decode(Kind::ApiKey, &id)
            .ok_or_else(|| ApiError::from(ServiceError::NotFound("API key")))?;
        Ok(api_keys::revoke(
            &state.db,
            admin.tenant_id,
            &actor(ctx, admin.user_id),
            key_id,
        )
        .await
        .map_err(ApiError::from)?
        .into())
    }
}
