//! Failed sign-in throttling, per account and per client address, so passwords cannot be
//! guessed at speed. Counted in Redis when configured (shared by every replica), otherwise
//! in this process.

use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

use redis::aio::ConnectionManager;

/// Failures allowed per account within [`WINDOW`].
pub const MAX_FAILURES_PER_ACCOUNT: u64 = 5;
/// Failures allowed per client address within [`WINDOW`] (offices share one address).
pub const MAX_FAILURES_PER_ADDRESS: u64 = 30;
/// How long failures are remembered.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

/// Where the counters live.
pub enum LoginThrottle {
    /// One process's memory: right for the embedded single-process setup.
    InProcess(Mutex<HashMap<String, (u64, Instant)>>),
    /// Redis, shared by all replicas; keys start with the configured prefix.
    Redis {
        /// The shared connection.
        conn: ConnectionManager,
        /// `KURA_REDIS_PREFIX`, so environments can share one Redis.
        prefix: String,
    },
}

impl std::fmt::Debug for LoginThrottle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            LoginThrottle::InProcess(_) => "LoginThrottle::InProcess",
            LoginThrottle::Redis { .. } => "LoginThrottle::Redis",
        })
    }
}

impl LoginThrottle {
    fn account_key(&self, account: &str) -> String {
        let prefix = match self {
            LoginThrottle::InProcess(_) => "kura",
            LoginThrottle::Redis { prefix, .. } => prefix,
        };
        format!("{prefix}:login-failures:account:{account}")
    }

    fn keys(&self, account: &str, address: Option<&str>) -> Vec<(String, u64)> {
        let mut keys = vec![(self.account_key(account), MAX_FAILURES_PER_ACCOUNT)];
        if let Some(address) = address {
            let account_key = self.account_key("");
            let prefix = account_key.trim_end_matches(":login-failures:account:");
            keys.push((
                format!("{prefix}:login-failures:address:{address}"),
                MAX_FAILURES_PER_ADDRESS,
            ));
        }
        keys
    }

    /// In-process counters.
    pub fn in_process() -> Self {
        Self::InProcess(Mutex::default())
    }

    /// `Some(seconds to wait)` when this account or address has failed too often.
    pub async fn blocked_for(&self, account: &str, address: Option<&str>) -> Option<u64> {
        let mut wait = None;
        for (key, limit) in self.keys(account, address) {
            let (count, remaining) = self.read(&key).await;
            if count >= limit {
                wait = Some(wait.unwrap_or(0).max(remaining.as_secs().max(1)));
            }
        }
        wait
    }

    /// Counts a failed attempt.
    pub async fn record_failure(&self, account: &str, address: Option<&str>) {
        for (key, _) in self.keys(account, address) {
            self.increment(&key).await;
        }
    }

    /// Forgets the account's failures after a successful sign-in.
    pub async fn record_success(&self, account: &str) {
        let key = self.account_key(account);
        match self {
            LoginThrottle::InProcess(map) => {
                lock(map).remove(&key);
            }
            LoginThrottle::Redis { conn, .. } => {
                let mut conn = conn.clone();
                let _: Result<(), _> = redis::cmd("DEL").arg(&key).query_async(&mut conn).await;
            }
        }
    }

    async fn read(&self, key: &str) -> (u64, Duration) {
        match self {
            LoginThrottle::InProcess(map) => {
                let mut map = lock(map);
                match map.get(key) {
                    Some((count, started)) if started.elapsed() < WINDOW => {
                        (*count, WINDOW.saturating_sub(started.elapsed()))
                    }
                    Some(_) => {
                        map.remove(key);
                        (0, Duration::ZERO)
                    }
                    None => (0, Duration::ZERO),
                }
            }
            LoginThrottle::Redis { conn, .. } => {
                let mut conn = conn.clone();
                let result: Result<(Option<u64>, i64), _> =
                    redis::pipe().get(key).ttl(key).query_async(&mut conn).await;
                match result {
                    Ok((count, ttl)) => (
                        count.unwrap_or(0),
                        Duration::from_secs(u64::try_from(ttl).unwrap_or(0)),
                    ),
                    // Redis down: fail open rather than lock everyone out; it is logged.
                    Err(e) => {
                        tracing::warn!(error = %e, "login throttle unavailable");
                        (0, Duration::ZERO)
                    }
                }
            }
        }
    }

    async fn increment(&self, key: &str) {
        match self {
            LoginThrottle::InProcess(map) => {
                let mut map = lock(map);
                let entry = map.entry(key.to_owned()).or_insert((0, Instant::now()));
                if entry.1.elapsed() >= WINDOW {
                    *entry = (0, Instant::now());
                }
                entry.0 += 1;
            }
            LoginThrottle::Redis { conn, .. } => {
                let mut conn = conn.clone();
                // The window starts at the first failure (EXPIRE NX keeps it from sliding).
                let result: Result<(), _> = redis::pipe()
                    .incr(key, 1)
                    .ignore()
                    .cmd("EXPIRE")
                    .arg(key)
                    .arg(WINDOW.as_secs())
                    .arg("NX")
                    .ignore()
                    .query_async(&mut conn)
                    .await;
                if let Err(e) = result {
                    tracing::warn!(error = %e, "login throttle unavailable");
                }
            }
        }
    }
}

fn lock(
    map: &Mutex<HashMap<String, (u64, Instant)>>,
) -> std::sync::MutexGuard<'_, HashMap<String, (u64, Instant)>> {
    map.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_account_is_blocked_after_five_failures_and_freed_by_success() {
        let throttle = LoginThrottle::in_process();
        for _ in 0..MAX_FAILURES_PER_ACCOUNT {
            assert_eq!(
                throttle.blocked_for("a@example.jp", Some("10.0.0.1")).await,
                None
            );
            throttle
                .record_failure("a@example.jp", Some("10.0.0.1"))
                .await;
        }
        let wait = throttle.blocked_for("a@example.jp", None).await.unwrap();
        assert!(wait > 0 && wait <= WINDOW.as_secs());
        assert_eq!(
            throttle.blocked_for("b@example.jp", None).await,
            None,
            "other accounts are fine"
        );
        throttle.record_success("a@example.jp").await;
        assert_eq!(throttle.blocked_for("a@example.jp", None).await, None);
    }
}
