//! Password hashing with argon2id (m = 19 MiB, t = 2, p = 1: the crate's defaults, which
//! match OWASP's recommendation), stored as PHC strings.
//!
//! Every hash costs 19 MiB and tens of milliseconds of a core, so [`Hashing`] lets only a
//! few run at once; a request beyond them waits very briefly and is then refused as busy
//! (`RATE_LIMITED`) instead of queueing memory and CPU without end.

use std::{
    sync::{Arc, LazyLock},
    time::Duration,
};

use argon2::{
    Argon2,
    password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash},
};
use tokio::sync::Semaphore;

/// A hash of a random password, verified against when an email is unknown so a failed
/// sign-in takes as long whether or not the account exists.
static DECOY_HASH: LazyLock<Option<String>> = LazyLock::new(|| {
    let decoy = uuid::Uuid::new_v4().to_string();
    Argon2::default()
        .hash_password(decoy.as_bytes())
        .ok()
        .map(|h| h.to_string())
});

/// How long a hash waits for a free slot before it is refused.
pub const BUSY_WAIT: Duration = Duration::from_millis(200);
/// What a refused caller is told to wait, in seconds.
pub const BUSY_RETRY_AFTER_SECONDS: u64 = 1;

/// Why hashing did not happen.
#[derive(Debug, thiserror::Error)]
pub enum HashError {
    /// Every slot was taken: the caller should retry shortly.
    #[error("too many password checks at once")]
    Busy,
    /// argon2 or the blocking pool failed (never the user's fault).
    #[error("password hashing failed: {0}")]
    Failed(String),
}

/// The bounded pool of password hashes and verifications.
#[derive(Debug)]
pub struct Hashing {
    permits: Arc<Semaphore>,
    wait: Duration,
}

impl Hashing {
    /// At most `concurrency` hashes at once; beyond that a caller waits up to `wait`.
    pub fn new(concurrency: usize, wait: Duration) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
            wait,
        }
    }

    /// Two hashes per available core (one running, one ready), waiting [`BUSY_WAIT`].
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Self::new(2 * cores, BUSY_WAIT)
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, HashError> {
        let permit = tokio::time::timeout(self.wait, self.permits.clone().acquire_owned())
            .await
            .map_err(|_| HashError::Busy)?
            .map_err(|e| HashError::Failed(e.to_string()))?;
        // The permit goes with the work: a caller that gives up (a cancelled request, a
        // completed socket operation) does not free a slot while its hash still runs.
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work()
        })
        .await
        .map_err(|e| HashError::Failed(e.to_string()))
    }

    /// Hashes a password off the async runtime (argon2 is deliberately slow).
    pub async fn hash(&self, password: String) -> Result<String, HashError> {
        self.run(move || {
            Argon2::default()
                .hash_password(password.as_bytes())
                .map(|h| h.to_string())
                .map_err(|e| HashError::Failed(e.to_string()))
        })
        .await?
    }

    /// True when `password` matches the stored PHC string; `None` verifies against a decoy.
    pub async fn verify(
        &self,
        password: String,
        stored: Option<String>,
    ) -> Result<bool, HashError> {
        self.run(move || {
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
    }
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_only_its_password_and_uses_argon2id_defaults() {
        let hashing = Hashing::for_this_machine();
        let phc = hashing.hash("umbrella-tofu-42".into()).await.unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(
            hashing
                .verify("umbrella-tofu-42".into(), Some(phc.clone()))
                .await
                .unwrap()
        );
        assert!(
            !hashing
                .verify("umbrella-tofu-43".into(), Some(phc))
                .await
                .unwrap()
        );
        assert!(!hashing.verify("anything".into(), None).await.unwrap());
    }

    #[tokio::test]
    async fn with_every_slot_taken_a_hash_is_refused_as_busy_at_once() {
        let hashing = Hashing::new(1, Duration::from_millis(50));
        let _taken = hashing.permits.acquire().await.unwrap();
        let started = Instant::now();
        let refused = hashing.hash("umbrella-tofu-42".into()).await;
        assert!(matches!(refused, Err(HashError::Busy)), "{refused:?}");
        let verified = hashing.verify("umbrella-tofu-42".into(), None).await;
        assert!(matches!(verified, Err(HashError::Busy)), "{verified:?}");
        assert!(
            started.elapsed() < Duration::from_millis(500),
            "refused after {:?}",
            started.elapsed()
        );
    }

    #[tokio::test]
    async fn a_hash_whose_caller_gave_up_keeps_its_slot_until_it_ends() {
        // The second caller waits 1 ms for the slot: far less than one argon2 hash takes
        // even on a fast machine, so the first hash still holds it. (20 ms flaked when the
        // first hash finished inside the wait.)
        let hashing = Arc::new(Hashing::new(1, Duration::from_millis(1)));
        let caller = tokio::spawn({
            let hashing = hashing.clone();
            async move { hashing.hash("umbrella-tofu-42".into()).await }
        });
        // Once the slot is taken, the caller walks away (a cancelled request).
        while hashing.permits.available_permits() > 0 {
            tokio::task::yield_now().await;
        }
        caller.abort();
        let refused = hashing.hash("kimono-sushi-88".into()).await;
        assert!(matches!(refused, Err(HashError::Busy)), "{refused:?}");
    }
}
