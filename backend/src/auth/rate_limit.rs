//! Per-API-key rate limiting: a token bucket per key (capacity = the per-minute limit,
//! refilled continuously), in Redis when configured so all replicas share one budget,
//! otherwise in this process.

use std::{
    sync::Mutex,
    time::{Duration, Instant},
};

use redis::aio::ConnectionManager;
use uuid::Uuid;

use super::bounded_map::{BoundedMap, Expiring};

/// Buckets one process remembers at most; a bucket that is full again is forgotten anyway.
pub const MAX_IN_PROCESS_BUCKETS: usize = 100_000;

/// The outcome of taking one request from a key's bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    /// Whether the request may go ahead.
    pub allowed: bool,
    /// The bucket's size (requests per minute).
    pub limit: u64,
    /// Requests left right now.
    pub remaining: u64,
    /// Seconds until the bucket is full again (`RateLimit-Reset`).
    pub reset_seconds: u64,
    /// Seconds until one more request is allowed, when refused (`Retry-After`).
    pub retry_after_seconds: u64,
}

/// Atomic take-one on a bucket stored as a Redis hash {tokens, at_ms}.
const TAKE: &str = r#"
local capacity = tonumber(ARGV[1])
local per_ms = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * per_ms)
local allowed = 0
if tokens >= 1 then tokens = tokens - 1; allowed = 1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / per_ms) + 1000)
return {allowed, math.floor(tokens * 1000)}
"#;

/// Where the buckets live.
pub enum ApiRateLimiter {
    /// This process only.
    InProcess {
        /// Requests per minute per key.
        per_minute: u64,
        /// Tokens and last refill per key, until the bucket would be full again.
        buckets: Mutex<BoundedMap<Uuid, (f64, Instant)>>,
    },
    /// Redis, shared by all replicas.
    Redis {
        /// Requests per minute per key.
        per_minute: u64,
        /// The shared connection.
        conn: ConnectionManager,
        /// Key prefix (`KURA_REDIS_PREFIX`).
        prefix: String,
    },
}

impl std::fmt::Debug for ApiRateLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ApiRateLimiter::InProcess { .. } => "ApiRateLimiter::InProcess",
            ApiRateLimiter::Redis { .. } => "ApiRateLimiter::Redis",
        })
    }
}

impl ApiRateLimiter {
    /// In-process buckets of `per_minute` requests.
    pub fn in_process(per_minute: u64) -> Self {
        Self::in_process_bounded(per_minute, MAX_IN_PROCESS_BUCKETS)
    }

    /// In-process buckets, at most `max_buckets` of them.
    pub fn in_process_bounded(per_minute: u64, max_buckets: usize) -> Self {
        Self::InProcess {
            per_minute,
            buckets: Mutex::new(BoundedMap::new(max_buckets)),
        }
    }

    fn per_minute(&self) -> u64 {
        match self {
            ApiRateLimiter::InProcess { per_minute, .. }
            | ApiRateLimiter::Redis { per_minute, .. } => *per_minute,
        }
    }

    /// Takes one request from the key's bucket.
    pub async fn take(&self, key: Uuid) -> Decision {
        let capacity = self.per_minute().max(1);
        let per_second = capacity as f64 / 60.0;
        let tokens = match self {
            ApiRateLimiter::InProcess { buckets, .. } => {
                let mut buckets = buckets.lock().unwrap_or_else(|p| p.into_inner());
                let now = Instant::now();
                // A forgotten bucket is a full one, so expiring at "full again" loses nothing.
                let entry = buckets.live_or_insert(key, now, || Expiring {
                    value: (capacity as f64, now),
                    expires: now,
                });
                let (tokens, at) = &mut entry.value;
                *tokens = (*tokens + now.duration_since(*at).as_secs_f64() * per_second)
                    .min(capacity as f64);
                *at = now;
                let allowed = *tokens >= 1.0;
                if allowed {
                    *tokens -= 1.0;
                }
                let tokens = *tokens;
                entry.expires =
                    now + Duration::from_secs_f64((capacity as f64 - tokens) / per_second);
                Some((allowed, tokens))
            }
            ApiRateLimiter::Redis { conn, prefix, .. } => {
                let mut conn = conn.clone();
                let now_ms = chrono::Utc::now().timestamp_millis();
                let result: Result<(i64, i64), _> = redis::Script::new(TAKE)
                    .key(format!("{prefix}:api-key-bucket:{key}"))
                    .arg(capacity)
                    .arg(per_second / 1000.0)
                    .arg(now_ms)
                    .invoke_async(&mut conn)
                    .await;
                match result {
                    Ok((allowed, milli_tokens)) => {
                        Some((allowed == 1, milli_tokens as f64 / 1000.0))
                    }
                    Err(e) => {
                        // Redis down: let partners through rather than fail every call.
                        tracing::warn!(error = %e, "API rate limiter unavailable");
                        None
                    }
                }
            }
        };
        let (allowed, tokens) = tokens.unwrap_or((true, capacity as f64));
        let seconds_for = |missing: f64| {
            Duration::from_secs_f64(missing.max(0.0) / per_second)
                .as_secs_f64()
                .ceil() as u64
        };
        Decision {
            allowed,
            limit: capacity,
            remaining: tokens.floor() as u64,
            reset_seconds: seconds_for(capacity as f64 - tokens),
            retry_after_seconds: if allowed {
                0
            } else {
                seconds_for(1.0 - tokens).max(1)
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_key_gets_its_burst_then_waits_and_keys_do_not_share() {
        let limiter = ApiRateLimiter::in_process(3);
        let key = Uuid::new_v4();
        for remaining in [2, 1, 0] {
            let decision = limiter.take(key).await;
            assert!(decision.allowed);
            assert_eq!(decision.remaining, remaining);
        }
        let refused = limiter.take(key).await;
        assert!(!refused.allowed);
        assert!(refused.retry_after_seconds >= 1 && refused.retry_after_seconds <= 20);
        assert!(
            limiter.take(Uuid::new_v4()).await.allowed,
            "another key has its own bucket"
        );
    }

    #[tokio::test]
    async fn in_process_buckets_stay_within_their_bound_under_many_keys() {
        let limiter = ApiRateLimiter::in_process_bounded(600, 50);
        for _ in 0..5_000 {
            assert!(limiter.take(Uuid::new_v4()).await.allowed);
        }
        let ApiRateLimiter::InProcess { buckets, .. } = &limiter else {
            unreachable!("built in process")
        };
        let held = buckets.lock().unwrap().len();
        assert!(held <= 50, "{held} buckets held");
    }
}
