//! The principal a request acts as, read once from its credentials.

use kura_shared::Role;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::TokenKeys;
use crate::services::{
    accounts,
    api_keys::{self, ApiKeyIdentity},
};

/// A signed-in person acting in one tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserPrincipal {
    /// The user.
    pub user_id: Uuid,
    /// The tenant the request acts in.
    pub tenant_id: Uuid,
    /// The session the access token belongs to.
    pub session_id: Uuid,
    /// Role in that tenant when the token was issued.
    pub role: Role,
}

/// Who is calling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// No credentials.
    Anonymous,
    /// Credentials that did not verify (expired, tampered, unknown key).
    Invalid,
    /// A verified access token.
    User(UserPrincipal),
    /// A live partner API key.
    ApiKey(ApiKeyIdentity),
}

impl Principal {
    /// Reads an `Authorization` value: `Bearer <access token>` or `Bearer kura_…` (API key).
    pub async fn resolve(value: Option<&str>, keys: &TokenKeys, db: &DatabaseConnection) -> Self {
        let token = value
            .map(str::trim)
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(str::trim);
        match token {
            Some(key) if key.starts_with("kura_") => match api_keys::authenticate(db, key).await {
                Ok(Some(identity)) => Self::ApiKey(identity),
                Ok(None) => Self::Invalid,
                Err(e) => {
                    tracing::error!(error = %e, "API key lookup failed");
                    Self::Invalid
                }
            },
            _ => match Self::from_authorization(value, keys) {
                Self::User(user) => {
                    match accounts::live_role(db, user.user_id, user.tenant_id, user.session_id)
                        .await
                    {
                        Ok(Some(role)) => Self::User(UserPrincipal { role, ..user }),
                        Ok(None) => Self::Invalid,
                        Err(e) => {
                            tracing::error!(error = %e, "session check failed");
                            Self::Invalid
                        }
                    }
                }
                other => other,
            },
        }
    }

    /// Reads an access-token `Authorization` value (`Bearer <token>`).
    pub fn from_authorization(value: Option<&str>, keys: &TokenKeys) -> Self {
        let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
            return Self::Anonymous;
        };
        let Some(token) = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))
        else {
            return Self::Invalid;
        };
        match keys.verify(token.trim()) {
            Ok(claims) => Self::User(UserPrincipal {
                user_id: claims.sub,
                tenant_id: claims.tid,
                session_id: claims.sid,
                role: claims.role,
            }),
            Err(_) => Self::Invalid,
        }
    }
}
