//! Partner API keys: created by admins with scopes, shown once, then known by their prefix;
//! revoked keys stop working on the next request.
//!
//! A key reads `kura_<prefix>_<secret>`. Only a SHA-256 of the whole key is stored: the
//! secret is 256 random bits, so a deliberately slow hash would add nothing but latency.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use kura_shared::{ApiScope, ValidationError};
use rand::RngCore;
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, QueryFilter, QueryOrder, Set, sea_query::Expr,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::services::{
    ServiceError,
    accounts::audit::{self, Actor, AuditAction},
};
use crate::{
    events::{self, AccessHolder},
    store::{
        outbox,
        scope::{self, Scope},
        tenant::{Scoped, by_credential, records::api_key},
    },
};

/// How stale `last_used_at` may get before a use writes it again (avoids a write per call).
const LAST_USED_RESOLUTION: Duration = Duration::minutes(1);

/// A verified API key: which company it acts for and what it may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKeyIdentity {
    /// The key.
    pub key_id: Uuid,
    /// Its company.
    pub tenant_id: Uuid,
    /// Its visible prefix, recorded as the actor of what it does.
    pub prefix: String,
    /// What it may do.
    pub scopes: BTreeSet<ApiScope>,
}

/// A key as its company sees it: never its secret or the secret's hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKeyRecord {
    /// Its id.
    pub id: Uuid,
    /// What it is for.
    pub name: String,
    /// The visible start of the key, to tell keys apart.
    pub prefix: String,
    /// What it may do.
    pub scopes: BTreeSet<ApiScope>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was last used (to the minute).
    pub last_used_at: Option<DateTime<Utc>>,
    /// When it was revoked; a revoked key stops working at once.
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<api_key::Model> for ApiKeyRecord {
    fn from(key: api_key::Model) -> Self {
        Self {
            id: key.id,
            scopes: scopes_of(&key),
            name: key.name,
            prefix: key.prefix,
            created_at: key.created_at,
            last_used_at: key.last_used_at,
            revoked_at: key.revoked_at,
        }
    }
}

fn hash(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

fn random_text(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buffer);
    hex::encode(buffer)
}

/// Parses stored scope names; unknown names (from a newer version) are ignored.
fn scopes_of(key: &api_key::Model) -> BTreeSet<ApiScope> {
    key.scopes
        .split_whitespace()
        .filter_map(|s| s.parse().ok())
        .collect()
}

/// Creates a key; returns it with the full secret, which is never shown again.
pub async fn create(
    db: &DatabaseConnection,
    tenant_id: Uuid,
    by: &Actor,
    name: &str,
    scopes: &[String],
) -> Result<(ApiKeyRecord, String), ServiceError> {
    let created_by = by
        .user_id
        .ok_or_else(|| ServiceError::internal("API keys are created by people"))?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ValidationError::new(
            "text.length",
            "Give the key a name of 1 to 100 characters",
        )
        .with_field("name")
        .into());
    }
    let scopes: BTreeSet<ApiScope> = scopes
        .iter()
        .map(|s| s.parse::<ApiScope>())
        .collect::<Result<_, _>>()?;
    if scopes.is_empty() {
        return Err(
            ValidationError::new("scope.none", "Choose at least one scope")
                .with_field("scopes")
                .into(),
        );
    }
    let prefix = format!("kura_{}", random_text(6));
    let secret = format!("{prefix}_{}", random_text(32));
    let txn = scope::begin(db, Scope::tenant(tenant_id)).await?;
    let key = Scoped::new(&txn, tenant_id)
        .insert(api_key::ActiveModel {
            tenant_id: Set(tenant_id),
            id: Set(Uuid::new_v4()),
            name: Set(name.to_owned()),
            prefix: Set(prefix),
            secret_hash: Set(hash(&secret)),
            scopes: Set(scopes
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(" ")),
            created_by: Set(created_by),
            created_at: Set(Utc::now()),
            last_used_at: Set(None),
            revoked_at: Set(None),
        })
        .await?;
    audit::record(
        &txn,
        tenant_id,
        AuditAction::ApiKeyCreated,
        by,
        &format!("{} ({})", key.name, key.prefix),
    )
    .await?;
    txn.commit().await?;
    Ok((key.into(), secret))
}

/// The company's keys, newest first (revoked ones included, marked as such).
pub async fn list(
    db: &DatabaseConnection,
    tenant_id: Uuid,
) -> Result<Vec<ApiKeyRecord>, ServiceError> {
    let txn = scope::begin_read(db, Scope::tenant(tenant_id)).await?;
    let keys = Scoped::new(&txn, tenant_id)
        .select::<api_key::Model>()
        .order_by_desc(api_key::Column::CreatedAt)
        .all(&txn)
        .await?;
    txn.commit().await?;
    Ok(keys.into_iter().map(Into::into).collect())
}

/// Revokes a key of this company; another company's key is `NotFound`.
pub async fn revoke(
    db: &DatabaseConnection,
    tenant_id: Uuid,
    by: &Actor,
    key_id: Uuid,
) -> Result<ApiKeyRecord, ServiceError> {
    let txn = scope::begin(db, Scope::tenant(tenant_id)).await?;
    let keys = Scoped::new(&txn, tenant_id);
    let revoked = keys
        .update::<api_key::Model>()
        .col_expr(api_key::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(api_key::Column::Id.eq(key_id))
        .filter(api_key::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    let key = keys
        .select::<api_key::Model>()
        .filter(api_key::Column::Id.eq(key_id))
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("API key"))?;
    if revoked.rows_affected > 0 {
        let subject = format!("{} ({})", key.name, key.prefix);
        audit::record(&txn, tenant_id, AuditAction::ApiKeyRevoked, by, &subject).await?;
        events::enqueue_access_change(
            &txn,
            Scope::tenant(tenant_id),
            tenant_id,
            AccessHolder::ApiKey { key_id },
        )
        .await?;
    }
    txn.commit().await?;
    outbox::wake();
    Ok(key.into())
}

/// Notes that a verified key was used, at most once per [`LAST_USED_RESOLUTION`] (the
/// update is conditional, so of concurrent first uses one records the audit event).
async fn note_use(db: &DatabaseConnection, key: &api_key::Model) -> Result<(), ServiceError> {
    let now = Utc::now();
    let txn = scope::begin(db, Scope::tenant(key.tenant_id)).await?;
    let first_use = key.last_used_at.is_none();
    let stale = Condition::any()
        .add(api_key::Column::LastUsedAt.is_null())
        .add(api_key::Column::LastUsedAt.lt(now - LAST_USED_RESOLUTION));
    let noted = Scoped::new(&txn, key.tenant_id)
        .update::<api_key::Model>()
        .col_expr(api_key::Column::LastUsedAt, Expr::value(now))
        .filter(api_key::Column::Id.eq(key.id))
        .filter(stale)
        .exec(&txn)
        .await?;
    if first_use && noted.rows_affected > 0 {
        let actor = Actor {
            api_key_prefix: Some(key.prefix.clone()),
            ..Actor::default()
        };
        let subject = format!("{} ({})", key.name, key.prefix);
        audit::record(
            &txn,
            key.tenant_id,
            AuditAction::ApiKeyFirstUsed,
            &actor,
            &subject,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Checks a presented key. `None` for anything that is not a live key of ours.
pub async fn authenticate(
    db: &DatabaseConnection,
    presented: &str,
) -> Result<Option<ApiKeyIdentity>, ServiceError> {
    let Some(prefix) = presented
        .rsplit_once('_')
        .map(|(prefix, _)| prefix)
        .filter(|p| p.starts_with("kura_"))
    else {
        return Ok(None);
    };
    // Only reads: presenting a key, valid or not, never takes a write lock.
    let txn = scope::begin_read(db, Scope::default()).await?;
    scope::reveal_api_key(&txn, prefix).await?;
    let found = by_credential::api_key_with_prefix(prefix).one(&txn).await?;
    txn.commit().await?;
    let Some(key) = found else {
        return Ok(None);
    };
    // Equal-length hex digests of secrets: comparing them leaks nothing usable.
    if key.secret_hash != hash(presented) || key.revoked_at.is_some() {
        return Ok(None);
    }
    if key
        .last_used_at
        .is_none_or(|at| Utc::now() - at > LAST_USED_RESOLUTION)
        && let Err(e) = note_use(db, &key).await
    {
        // Bookkeeping only: the key is valid whether or not its last use was noted.
        tracing::warn!(key = %key.prefix, error = %e, "could not note an API key's use");
    }
    Ok(Some(ApiKeyIdentity {
        key_id: key.id,
        tenant_id: key.tenant_id,
        scopes: scopes_of(&key),
        prefix: key.prefix,
    }))
}
