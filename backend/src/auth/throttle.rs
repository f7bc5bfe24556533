//! Throttles on the doors that check or create passwords: sign-in attempts per account and
//! per client address, and sign-ups per client address. Counted in Redis when configured
//! (shared by every replica), otherwise in this process.
//!
//! An attempt is counted *before* the slow password work and refused once its count passes
//! the limit, so parallel guesses cannot all slip in while the first ones are being checked.

use std::{
    sync::Mutex,
    time::{Duration, Instant},
};

use std::net::{IpAddr, Ipv6Addr};

use redis::aio::ConnectionManager;

use super::bounded_map::{BoundedMap, Expiring};

/// Sign-in attempts allowed per account within [`WINDOW`] (a success starts over).
pub const MAX_FAILURES_PER_ACCOUNT: u64 = 5;
/// Failed sign-ins allowed per client address within [`WINDOW`] (offices share one address).
pub const MAX_FAILURES_PER_ADDRESS: u64 = 30;
/// How long sign-in attempts are remembered.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// The window of the sign-up limit.
pub const SIGN_UP_WINDOW: Duration = Duration::from_secs(3600);
/// Counters one process remembers at most, per throttle.
pub const MAX_IN_PROCESS_COUNTERS: usize = 100_000;
/// The address key of clients whose address is unknown: they share one budget.
const UNKNOWN_ADDRESS: &str = "unknown";

/// INCR with the window starting at the first hit (EXPIRE NX keeps it from sliding), in
/// one round trip; returns the new count and the milliseconds left in the window.
const HIT: &str = r"
local count = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[1], 'NX')
return {count, redis.call('PTTL', KEYS[1])}
";

/// Takes back one hit without ever creating the key or going below zero.
const UNDO: &str = r"
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count > 0 then redis.call('DECR', KEYS[1]) end
return 0
";

/// Windowed counters: where a throttle keeps its counts.
pub enum Counters {
    /// One process's memory: right for the embedded single-process setup.
    InProcess(Mutex<BoundedMap<String, u64>>),
    /// Redis, shared by all replicas; keys start with the configured prefix.
    Redis {
        /// The shared connection.
        conn: ConnectionManager,
        /// `KURA_REDIS_PREFIX`, so environments can share one Redis.
        prefix: String,
    },
}

impl std::fmt::Debug for Counters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Counters::InProcess(_) => "Counters::InProcess",
            Counters::Redis { .. } => "Counters::Redis",
        })
    }
}

impl Counters {
    /// In-process counters, at most [`MAX_IN_PROCESS_COUNTERS`] of them.
    pub fn in_process() -> Self {
        Self::InProcess(Mutex::new(BoundedMap::new(MAX_IN_PROCESS_COUNTERS)))
    }

    /// Counters in Redis under `prefix`.
    pub fn redis(conn: ConnectionManager, prefix: &str) -> Self {
        Self::Redis {
            conn,
            prefix: prefix.to_owned(),
        }
    }

    fn key(&self, name: &str) -> String {
        match self {
            Counters::InProcess(_) => name.to_owned(),
            Counters::Redis { prefix, .. } => format!("{prefix}:{name}"),
        }
    }

    /// Counts one hit on `name` and returns the count in the current window (this hit
    /// included) and the time the window has left. `None` when Redis is unreachable: the
    /// throttle then fails open rather than lock everyone out, and says so in the log.
    pub async fn hit(&self, name: &str, window: Duration) -> Option<(u64, Duration)> {
        let key = self.key(name);
        match self {
            Counters::InProcess(map) => {
                let now = Instant::now();
                let mut map = lock(map);
                let entry = map.live_or_insert(key, now, || Expiring {
                    value: 0,
                    expires: now + window,
                });
                entry.value += 1;
                Some((entry.value, entry.expires.saturating_duration_since(now)))
            }
            Counters::Redis { conn, .. } => {
                let mut conn = conn.clone();
                let result: Result<(u64, i64), _> = redis::Script::new(HIT)
                    .key(&key)
                    .arg(window.as_secs().max(1))
                    .invoke_async(&mut conn)
                    .await;
                match result {
                    Ok((count, ttl_ms)) => Some((
                        count,
                        Duration::from_millis(u64::try_from(ttl_ms).unwrap_or(0)),
                    )),
                    Err(e) => {
                        tracing::warn!(error = %e, "throttle unavailable");
                        None
                    }
                }
            }
        }
    }

    /// Takes back one hit on `name` (never below zero).
    pub async fn undo(&self, name: &str) {
        let key = self.key(name);
        match self {
            Counters::InProcess(map) => {
                if let Some(entry) = lock(map).live_mut(&key, Instant::now()) {
                    entry.value = entry.value.saturating_sub(1);
                }
            }
            Counters::Redis { conn, .. } => {
                let mut conn = conn.clone();
                let result: Result<i64, _> = redis::Script::new(UNDO)
                    .key(&key)
                    .invoke_async(&mut conn)
                    .await;
                if let Err(e) = result {
                    tracing::warn!(error = %e, "throttle unavailable");
                }
            }
        }
    }

    /// Forgets `name`'s count.
    pub async fn clear(&self, name: &str) {
        let key = self.key(name);
        match self {
            Counters::InProcess(map) => lock(map).remove(&key),
            Counters::Redis { conn, .. } => {
                let mut conn = conn.clone();
                let result: Result<(), _> =
                    redis::cmd("DEL").arg(&key).query_async(&mut conn).await;
                if let Err(e) = result {
                    tracing::warn!(error = %e, "throttle unavailable");
                }
            }
        }
    }

    /// Counts a hit on each `(name, limit)`; the seconds to wait when any is over its limit.
    /// Counts one hit on each limit in order and stops at the first one past its limit:
    /// the later ones are not counted. `Err(seconds to wait)` then.
    async fn hit_all(&self, limits: &[(String, u64)], window: Duration) -> Result<(), u64> {
        for (name, limit) in limits {
            if let Some((count, remaining)) = self.hit(name, window).await
                && count > *limit
            {
                return Err(remaining.as_secs().max(1));
            }
        }
        Ok(())
    }
}

fn lock(
    map: &Mutex<BoundedMap<String, u64>>,
) -> std::sync::MutexGuard<'_, BoundedMap<String, u64>> {
    map.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The key a client is counted under by per-address limits: an IPv4 address as it is, an
/// IPv6 address by its /64 network, since one customer line is usually handed a whole /64
/// and could otherwise step past every limit by changing its low bits. Text that is not an
/// address stays as it is.
pub fn limit_key(address: &str) -> String {
    match address.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
            let network = u128::from(v6) & !((1u128 << 64) - 1);
            format!("{}/64", Ipv6Addr::from(network))
        }
        Ok(IpAddr::V6(v6)) => v6
            .to_ipv4_mapped()
            .map_or_else(|| address.to_owned(), |v4| v4.to_string()),
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Err(_) => address.to_owned(),
    }
}

/// Sign-in attempts per account and per client address.
#[derive(Debug)]
pub struct LoginThrottle {
    counters: Counters,
}

impl LoginThrottle {
    /// Counting in `counters`.
    pub fn new(counters: Counters) -> Self {
        Self { counters }
    }

    /// In-process counters.
    pub fn in_process() -> Self {
        Self::new(Counters::in_process())
    }

    fn account_key(account: &str) -> String {
        format!("login-failures:account:{account}")
    }

    fn address_key(address: &str) -> String {
        format!("login-failures:address:{}", limit_key(address))
    }

    /// Counts a sign-in attempt before its password is checked. `Err(seconds to wait)` when
    /// the account or the address has made too many attempts: then nothing may be checked.
    pub async fn attempt(&self, account: &str, address: Option<&str>) -> Result<(), u64> {
        // The address first: once it is refused, its guesses neither push an account's count
        // (locking its owner out) nor add account counters that could crowd real ones out of
        // the bounded in-process table.
        let mut limits = Vec::with_capacity(2);
        if let Some(address) = address {
            limits.push((Self::address_key(address), MAX_FAILURES_PER_ADDRESS));
        }
        limits.push((Self::account_key(account), MAX_FAILURES_PER_ACCOUNT));
        self.counters.hit_all(&limits, WINDOW).await
    }

    /// A correct password: the account starts over, and the address's count only keeps
    /// failures (colleagues signing in from one office do not use up its budget).
    pub async fn succeeded(&self, account: &str, address: Option<&str>) {
        self.counters.clear(&Self::account_key(account)).await;
        if let Some(address) = address {
            self.counters.undo(&Self::address_key(address)).await;
        }
    }
}

/// Sign-ups per client address and hour.
#[derive(Debug)]
pub struct SignUpThrottle {
    counters: Counters,
    per_hour: u64,
}

impl SignUpThrottle {
    /// At most `per_hour` sign-ups per address, counted in `counters`.
    pub fn new(counters: Counters, per_hour: u64) -> Self {
        Self { counters, per_hour }
    }

    /// Counts a sign-up before its password is hashed; `Err(seconds to wait)` when the
    /// address has signed up too often. Clients without a known address share one budget.
    pub async fn attempt(&self, address: Option<&str>) -> Result<(), u64> {
        let key = format!(
            "sign-ups:address:{}",
            address.map_or_else(|| UNKNOWN_ADDRESS.to_owned(), limit_key)
        );
        self.counters
            .hit_all(&[(key, self.per_hour)], SIGN_UP_WINDOW)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ipv6_client_is_counted_by_its_network_and_ipv4_by_its_address() {
        assert_eq!(limit_key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(
            limit_key("2001:db8:1:2:ffff:ffff:ffff:ffff"),
            limit_key("2001:db8:1:2::7")
        );
        assert_ne!(limit_key("2001:db8:1:3::1"), limit_key("2001:db8:1:2::1"));
        assert_eq!(limit_key("::ffff:198.51.100.7"), "198.51.100.7");
        assert_eq!(limit_key("198.51.100.7"), "198.51.100.7");
        assert_eq!(limit_key("unknown"), "unknown");
    }

    #[tokio::test]
    async fn an_account_is_refused_after_five_attempts_and_freed_by_success() {
        let throttle = LoginThrottle::in_process();
        for _ in 0..MAX_FAILURES_PER_ACCOUNT {
            assert_eq!(
                throttle.attempt("a@example.jp", Some("10.0.0.1")).await,
                Ok(())
            );
        }
        let wait = throttle
            .attempt("a@example.jp", None)
            .await
            .expect_err("the sixth attempt is refused");
        assert!(wait > 0 && wait <= WINDOW.as_secs());
        assert_eq!(
            throttle.attempt("b@example.jp", None).await,
            Ok(()),
            "other accounts are fine"
        );
        throttle.succeeded("a@example.jp", None).await;
        assert_eq!(throttle.attempt("a@example.jp", None).await, Ok(()));
    }

    #[tokio::test]
    async fn a_refused_address_neither_locks_out_another_account_nor_fills_the_table() {
        let throttle = LoginThrottle::in_process();
        for n in 0..MAX_FAILURES_PER_ADDRESS {
            let guess = format!("guess{n}@example.jp");
            assert_eq!(throttle.attempt(&guess, Some("10.0.0.9")).await, Ok(()));
        }
        for n in 0..100 {
            let refused = throttle
                .attempt(&format!("more{n}@example.jp"), Some("10.0.0.9"))
                .await;
            assert!(refused.is_err(), "the address is over its limit");
            assert!(
                throttle
                    .attempt("victim@example.jp", Some("10.0.0.9"))
                    .await
                    .is_err()
            );
        }
        assert_eq!(
            throttle
                .attempt("victim@example.jp", Some("10.0.0.1"))
                .await,
            Ok(()),
            "the victim, from their own address, still gets in"
        );
        let Counters::InProcess(map) = &throttle.counters else {
            unreachable!("in-process counters")
        };
        // The guesses, the two addresses and the victim: nothing for refused attempts.
        let held = lock(map).len() as u64;
        assert_eq!(held, MAX_FAILURES_PER_ADDRESS + 3);
    }

    #[tokio::test]
    async fn an_address_is_refused_after_its_limit_of_sign_ups() {
        let throttle = SignUpThrottle::new(Counters::in_process(), 3);
        for _ in 0..3 {
            assert_eq!(throttle.attempt(Some("10.0.0.1")).await, Ok(()));
        }
        let wait = throttle.attempt(Some("10.0.0.1")).await.unwrap_err();
        assert!(wait > 0 && wait <= SIGN_UP_WINDOW.as_secs());
        assert_eq!(throttle.attempt(Some("10.0.0.2")).await, Ok(()));
    }
}
