//! The principal a request acts as, read once from its credentials.

use kura_shared::Role;
use uuid::Uuid;

use super::TokenKeys;

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
}

impl Principal {
    /// Reads an `Authorization` value (`Bearer <token>`).
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
