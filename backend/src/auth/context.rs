//! The principal a request acts as, read once from its credentials.

use chrono::{DateTime, Utc};
use kura_shared::Role;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::TokenKeys;
use crate::{
    events::AccessHolder,
    services::{
        accounts::api_keys::{self, ApiKeyIdentity},
        accounts::sign_in,
    },
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
    /// Role in that tenant (checked live by [`Principal::resolve`]).
    pub role: Role,
    /// When the access token expires; an open WebSocket closes then.
    pub expires_at: DateTime<Utc>,
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
                    match sign_in::live_role(db, user.user_id, user.tenant_id, user.session_id)
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
                expires_at: claims.expires_at(),
            }),
            Err(_) => Self::Invalid,
        }
    }

    /// True when an access change in `tenant_id` for `holder` concerns this caller, whose
    /// rights must then be looked at again.
    pub fn affected_by(&self, tenant_id: Uuid, holder: &AccessHolder) -> bool {
        match (self, holder) {
            (Self::User(user), AccessHolder::User { user_id }) => {
                user.tenant_id == tenant_id && user.user_id == *user_id
            }
            (Self::User(user), AccessHolder::Session { session_id }) => {
                user.session_id == *session_id
            }
            (Self::ApiKey(key), AccessHolder::ApiKey { key_id }) => key.key_id == *key_id,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user() -> UserPrincipal {
        UserPrincipal {
            user_id: Uuid::new_v4(),
            tenant_id: Uuid::new_v4(),
            session_id: Uuid::new_v4(),
            role: Role::Staff,
            expires_at: Utc::now(),
        }
    }

    #[test]
    fn a_person_is_affected_by_changes_to_them_in_their_company_or_to_their_session() {
        let me = user();
        let principal = Principal::User(me.clone());
        let mine = AccessHolder::User {
            user_id: me.user_id,
        };
        assert!(principal.affected_by(me.tenant_id, &mine));
        assert!(!principal.affected_by(Uuid::new_v4(), &mine));
        let session = AccessHolder::Session {
            session_id: me.session_id,
        };
        assert!(principal.affected_by(me.tenant_id, &session));
        let other = AccessHolder::Session {
            session_id: Uuid::new_v4(),
        };
        assert!(!principal.affected_by(me.tenant_id, &other));
        let key = AccessHolder::ApiKey { key_id: me.user_id };
        assert!(!principal.affected_by(me.tenant_id, &key));
        assert!(!Principal::Anonymous.affected_by(me.tenant_id, &mine));
    }
}
