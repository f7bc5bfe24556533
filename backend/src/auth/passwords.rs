//! Password hashing with argon2id (m = 19 MiB, t = 2, p = 1: the crate's defaults, which
//! match OWASP's recommendation), stored as PHC strings.

use std::sync::LazyLock;

use argon2::{
    Argon2,
    password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash},
};

/// A hash of a random password, verified against when an email is unknown so a failed
/// sign-in takes as long whether or not the account exists.
static DECOY_HASH: LazyLock<Option<String>> = LazyLock::new(|| {
    let decoy = uuid::Uuid::new_v4().to_string();
    Argon2::default()
        .hash_password(decoy.as_bytes())
        .ok()
        .map(|h| h.to_string())
});

/// Why hashing failed (never the user's fault).
#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

/// Hashes a password off the async runtime (argon2 is deliberately slow).
pub async fn hash(password: String) -> Result<String, HashError> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| HashError(e.to_string()))
    })
    .await
    .map_err(|e| HashError(e.to_string()))?
}

/// True when `password` matches the stored PHC string; `None` verifies against a decoy.
pub async fn verify(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let (phc, real) = match stored {
            Some(phc) => (phc, true),
            None => (DECOY_HASH.clone().unwrap_or_default(), false),
        };
        let matches = PasswordHash::new(&phc)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false);
        real && matches
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_only_its_password_and_uses_argon2id_defaults() {
        let phc = hash("umbrella-tofu-42".into()).await.unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(verify("umbrella-tofu-42".into(), Some(phc.clone())).await);
        assert!(!verify("umbrella-tofu-43".into(), Some(phc)).await);
        assert!(!verify("anything".into(), None).await);
    }
}
