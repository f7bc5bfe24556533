//! Access tokens (JWT, HS256 only, 15 minutes) and refresh tokens (random, stored hashed).
//!
//! Every token names its key in `kid`, derived from the secret, so a new secret can be
//! rolled out while tokens signed with the previous one still verify.

use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use kura_shared::Role;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::secrets::Secret;

/// How long an access token is valid unless configured otherwise
/// (`KURA_ACCESS_TOKEN_TTL_SECS`).
pub const ACCESS_TOKEN_TTL: Duration = Duration::minutes(15);
const ISSUER: &str = "kura";
const AUDIENCE: &str = "kura-api";

/// What an access token asserts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessClaims {
    /// The user.
    pub sub: Uuid,
    /// The tenant the token acts in.
    pub tid: Uuid,
    /// The session it belongs to.
    pub sid: Uuid,
    /// The member's role in that tenant when issued.
    pub role: Role,
    iss: String,
    aud: String,
    iat: i64,
    exp: i64,
}

impl AccessClaims {
    /// When the token stops being valid (`exp`).
    pub fn expires_at(&self) -> DateTime<Utc> {
        DateTime::from_timestamp(self.exp, 0).unwrap_or(DateTime::<Utc>::MIN_UTC)
    }
}

/// Why an access token was refused. Deliberately coarse: callers only learn "invalid".
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// Expired, tampered, wrong algorithm, wrong key, wrong issuer or audience.
    #[error("invalid access token")]
    Invalid,
    /// Signing failed (not the caller's fault).
    #[error("token signing failed: {0}")]
    Signing(String),
}

struct Key {
    kid: String,
    encoding: EncodingKey,
    decoding: DecodingKey,
}

/// The signing key and every key still accepted for verification.
pub struct TokenKeys {
    current: Key,
    previous: Vec<Key>,
    ttl: Duration,
}

impl std::fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenKeys")
            .field("current", &self.current.kid)
            .finish_non_exhaustive()
    }
}

fn key(secret: &Secret) -> Key {
    let digest = Sha256::new()
        .chain_update(b"kura-jwt-kid:")
        .chain_update(secret.expose())
        .finalize();
    Key {
        kid: hex::encode(&digest[..8]),
        encoding: EncodingKey::from_secret(secret.expose()),
        decoding: DecodingKey::from_secret(secret.expose()),
    }
}

impl TokenKeys {
    /// Signs with `current`; also accepts tokens signed with any of `previous`.
    pub fn new(current: &Secret, previous: &[Secret]) -> Self {
        Self {
            current: key(current),
            previous: previous.iter().map(key).collect(),
            ttl: ACCESS_TOKEN_TTL,
        }
    }

    /// Issues tokens valid for `ttl` instead of [`ACCESS_TOKEN_TTL`].
    pub fn with_ttl(self, ttl: Duration) -> Self {
        Self { ttl, ..self }
    }

    /// Issues an access token; returns it with its expiry.
    pub fn issue(
        &self,
        user: Uuid,
        tenant: Uuid,
        session: Uuid,
        role: Role,
    ) -> Result<(String, DateTime<Utc>), TokenError> {
        let now = Utc::now();
        let expires_at = now + self.ttl;
        let claims = AccessClaims {
            sub: user,
            tid: tenant,
            sid: session,
            role,
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            iat: now.timestamp(),
            exp: expires_at.timestamp(),
        };
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(self.current.kid.clone());
        let token = jsonwebtoken::encode(&header, &claims, &self.current.encoding)
            .map_err(|e| TokenError::Signing(e.to_string()))?;
        Ok((token, expires_at))
    }

    /// Verifies signature (HS256 only), `kid`, `iss`, `aud` and `exp`.
    pub fn verify(&self, token: &str) -> Result<AccessClaims, TokenError> {
        let header = jsonwebtoken::decode_header(token).map_err(|_| TokenError::Invalid)?;
        if header.alg != Algorithm::HS256 {
            return Err(TokenError::Invalid);
        }
        let kid = header.kid.ok_or(TokenError::Invalid)?;
        let key = std::iter::once(&self.current)
            .chain(&self.previous)
            .find(|k| k.kid == kid)
            .ok_or(TokenError::Invalid)?;
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 30;
        jsonwebtoken::decode::<AccessClaims>(token, &key.decoding, &validation)
            .map(|data| data.claims)
            .map_err(|_| TokenError::Invalid)
    }
}

/// A new refresh token and the hash to store for it.
pub fn new_refresh_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = format!(
        "kura_rt_{}",
        base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, bytes)
    );
    let hash = refresh_token_hash(&token);
    (token, hash)
}

/// The stored form of a refresh token.
pub fn refresh_token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(s: &str) -> Secret {
        Secret::parse(s.repeat(40)).unwrap()
    }

    fn keys() -> TokenKeys {
        TokenKeys::new(&secret("a"), &[])
    }

    #[test]
    fn an_issued_token_verifies_and_carries_its_claims() {
        let (user, tenant, session) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
        let (token, expires) = keys().issue(user, tenant, session, Role::Manager).unwrap();
        let claims = keys().verify(&token).unwrap();
        assert_eq!(
            (claims.sub, claims.tid, claims.sid, claims.role),
            (user, tenant, session, Role::Manager)
        );
        assert!(expires > Utc::now() + Duration::minutes(14));
        assert_eq!(claims.expires_at().timestamp(), expires.timestamp());
    }

    #[test]
    fn a_configured_lifetime_sets_the_expiry() {
        let keys = keys().with_ttl(Duration::seconds(5));
        let (token, expires) = keys
            .issue(Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4(), Role::Staff)
            .unwrap();
        assert!(expires <= Utc::now() + Duration::seconds(5));
        assert_eq!(
            keys.verify(&token).unwrap().expires_at().timestamp(),
            expires.timestamp()
        );
    }

    #[test]
    fn a_token_from_another_key_or_tampered_is_invalid() {
        let (token, _) = keys()
            .issue(Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4(), Role::Owner)
            .unwrap();
        assert!(TokenKeys::new(&secret("b"), &[]).verify(&token).is_err());
        let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
        parts[1] = parts[1].replace('a', "b");
        assert!(keys().verify(&parts.join(".")).is_err());
    }

    #[test]
    fn alg_none_is_refused() {
        let (token, _) = keys()
            .issue(Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4(), Role::Owner)
            .unwrap();
        let payload = token.split('.').nth(1).unwrap();
        let header = base64::Engine::encode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            br#"{"alg":"none","typ":"JWT","kid":"x"}"#,
        );
        assert!(keys().verify(&format!("{header}.{payload}.")).is_err());
    }

    #[test]
    fn tokens_signed_with_the_previous_secret_still_verify_during_rotation() {
        let old = TokenKeys::new(&secret("a"), &[]);
        let (token, _) = old
            .issue(Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4(), Role::Staff)
            .unwrap();
        let rotated = TokenKeys::new(&secret("b"), &[secret("a")]);
        assert!(rotated.verify(&token).is_ok());
    }

    #[test]
    fn refresh_tokens_are_random_and_only_their_hash_is_kept() {
        let (a, hash_a) = new_refresh_token();
        let (b, _) = new_refresh_token();
        assert_ne!(a, b);
        assert!(a.starts_with("kura_rt_"));
        assert_eq!(refresh_token_hash(&a), hash_a);
        assert!(!hash_a.contains(&a));
    }
}
