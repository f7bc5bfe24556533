//! The dashboard's cache: one snapshot per company and period, in Redis when the app has
//! it (shared by every replica) or in this process otherwise, kept right by sale events.
//!
//! Correctness does not rest on expiry. Every company has a generation that
//! [`SummaryFollower`] bumps for each `SaleChanged` event it receives; a snapshot is stored
//! with the generation read *before* its database read began and is only served while the
//! generation is unchanged. So a recompute racing an event can at worst store an entry
//! that is already stale (and never served), never one that hides the sale; a double
//! delivery bumps twice and counts nothing twice. A lagging follower (it missed events)
//! bumps the epoch every entry also carries. The short TTL is only a safety net for events
//! a replica never received (a Redis outage).
//!
//! "Never lags a delivered event": the bus counts the events it hands to local
//! subscribers, and a read first waits until the follower has handled every event
//! delivered before the read began. A client that saw `saleRecorded` and then asks for the
//! summary therefore always gets figures that include the sale. If the follower cannot
//! catch up in time the read goes to the database and skips the cache.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use chrono::{DateTime, Utc};
use redis::{AsyncCommands, aio::ConnectionManager};
use sea_orm::DatabaseConnection;
use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, watch};
use uuid::Uuid;

use super::{Period, Snapshot, cache_key, compute, time_zone, window};
use crate::{
    events::{Event, EventBus, EventPayload},
    services::ServiceError,
    store::tenant::TenantTx,
};

/// How long an entry may be served without any event touching it.
const SAFETY_TTL: Duration = Duration::from_secs(120);
/// How long the generation counters outlive the entries they guard.
const GENERATION_TTL: Duration = Duration::from_secs(2 * 24 * 3600);
/// How long a read waits for the follower before going to the database.
const CATCH_UP: Duration = Duration::from_secs(2);
/// Entries kept in process before the oldest are dropped.
const LOCAL_CAPACITY: usize = 4096;

/// What an entry was computed under: valid while both are unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    epoch: u64,
    generation: u64,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    stamp: Stamp,
    snapshot: Snapshot,
}

#[derive(Default)]
struct Local {
    epoch: u64,
    generations: HashMap<Uuid, u64>,
    entries: HashMap<String, (Instant, Stamp, Arc<Snapshot>)>,
}

enum Store {
    InProcess(Mutex<Local>),
    Redis {
        conn: ConnectionManager,
        prefix: String,
    },
}

struct Inner {
    store: Store,
    bus: EventBus,
    /// Bus deliveries the follower has handled.
    handled: watch::Sender<u64>,
    /// Set while the cache cannot be trusted (an invalidation failed): reads skip it.
    distrust_until: Mutex<Option<Instant>>,
}

/// The aggregates cache. Cheap to clone.
#[derive(Clone)]
pub struct SummaryCache {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for SummaryCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SummaryCache")
            .field(
                "store",
                &match self.inner.store {
                    Store::InProcess(_) => "in-process",
                    Store::Redis { .. } => "redis",
                },
            )
            .finish()
    }
}

/// The background task that keeps [`SummaryCache`] right; run it with [`Self::run`].
pub struct SummaryFollower {
    cache: SummaryCache,
    events: broadcast::Receiver<Arc<Event>>,
    seen: u64,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl SummaryCache {
    /// A cache in Redis when `bus` runs over Redis (keys under `prefix`), in process
    /// otherwise, and its follower, already subscribed so no event after this is missed.
    pub fn new(bus: &EventBus, prefix: &str) -> (Self, SummaryFollower) {
        let store = match bus.redis_connection() {
            Some(conn) => Store::Redis {
                conn,
                prefix: format!("{prefix}:sales-summary"),
            },
            None => Store::InProcess(Mutex::new(Local::default())),
        };
        let (seen, events) = bus.subscribe_counted();
        let cache = Self {
            inner: Arc::new(Inner {
                store,
                bus: bus.clone(),
                handled: watch::channel(seen).0,
                distrust_until: Mutex::new(None),
            }),
        };
        let follower = SummaryFollower {
            cache: cache.clone(),
            events,
            seen,
        };
        (cache, follower)
    }

    /// Waits until the follower has handled every event this process delivered before
    /// the call; false when it could not within [`CATCH_UP`] (or the cache is distrusted).
    pub async fn caught_up(&self) -> bool {
        if lock(&self.inner.distrust_until).is_some_and(|until| Instant::now() < until) {
            return false;
        }
        let target = self.inner.bus.delivered();
        let mut handled = self.inner.handled.subscribe();
        matches!(
            tokio::time::timeout(CATCH_UP, handled.wait_for(|n| *n >= target)).await,
            Ok(Ok(_))
        )
    }

    /// The company's snapshot of `period` around `now`: the cached one while current,
    /// else computed from the database (and cached when that is safe).
    pub async fn snapshot(
        &self,
        db: &DatabaseConnection,
        tenant_id: Uuid,
        period: Period,
        now: DateTime<Utc>,
    ) -> Result<Arc<Snapshot>, ServiceError> {
        let trusted = self.caught_up().await;
        if !trusted {
            return Ok(Arc::new(compute(db, tenant_id, period, now).await?));
        }
        let tx = TenantTx::read(db, tenant_id).await?;
        let zone = tx.company().await?.time_zone;
        tx.commit().await?;
        let (_, _, first_day) = window(time_zone(&zone), period, now);
        let key = cache_key(tenant_id, &zone, period, first_day);
        // The stamp is read before the database is: an event after this makes the entry
        // stale, whether or not the computation below saw its sale.
        let (stamp, cached) = match self.lookup(tenant_id, &key).await {
            Ok(found) => found,
            Err(e) => {
                tracing::warn!(error = %e, "sales summary cache unreadable; using the database");
                return Ok(Arc::new(compute(db, tenant_id, period, now).await?));
            }
        };
        if let Some(snapshot) = cached {
            return Ok(snapshot);
        }
        let snapshot = Arc::new(compute(db, tenant_id, period, now).await?);
        if let Err(e) = self.put(&key, stamp, &snapshot).await {
            tracing::warn!(error = %e, "could not cache the sales summary");
        }
        Ok(snapshot)
    }

    async fn lookup(
        &self,
        tenant_id: Uuid,
        key: &str,
    ) -> Result<(Stamp, Option<Arc<Snapshot>>), redis::RedisError> {
        match &self.inner.store {
            Store::InProcess(local) => {
                let local = lock(local);
                let stamp = Stamp {
                    epoch: local.epoch,
                    generation: local.generations.get(&tenant_id).copied().unwrap_or(0),
                };
                let hit = local
                    .entries
                    .get(key)
                    .filter(|(expires, at, _)| *at == stamp && Instant::now() < *expires)
                    .map(|(_, _, snapshot)| snapshot.clone());
                Ok((stamp, hit))
            }
            Store::Redis { conn, prefix } => {
                let mut conn = conn.clone();
                let (epoch, generation, entry): (Option<u64>, Option<u64>, Option<String>) =
                    redis::cmd("MGET")
                        .arg(format!("{prefix}:epoch"))
                        .arg(format!("{prefix}:gen:{tenant_id}"))
                        .arg(format!("{prefix}:entry:{key}"))
                        .query_async(&mut conn)
                        .await?;
                let stamp = Stamp {
                    epoch: epoch.unwrap_or(0),
                    generation: generation.unwrap_or(0),
                };
                let hit = entry
                    .and_then(|text| serde_json::from_str::<Stored>(&text).ok())
                    .filter(|stored| stored.stamp == stamp)
                    .map(|stored| Arc::new(stored.snapshot));
                Ok((stamp, hit))
            }
        }
    }

    async fn put(
        &self,
        key: &str,
        stamp: Stamp,
        snapshot: &Arc<Snapshot>,
    ) -> Result<(), redis::RedisError> {
        match &self.inner.store {
            Store::InProcess(local) => {
                let mut local = lock(local);
                let now = Instant::now();
                if local.entries.len() >= LOCAL_CAPACITY {
                    local.entries.retain(|_, (expires, _, _)| *expires > now);
                    if local.entries.len() >= LOCAL_CAPACITY {
                        local.entries.clear();
                    }
                }
                local
                    .entries
                    .insert(key.to_owned(), (now + SAFETY_TTL, stamp, snapshot.clone()));
                Ok(())
            }
            Store::Redis { conn, prefix } => {
                let body = serde_json::to_string(&Stored {
                    stamp,
                    snapshot: (**snapshot).clone(),
                })
                .map_err(|e| {
                    redis::RedisError::from((
                        redis::ErrorKind::Client,
                        "unserialisable summary",
                        e.to_string(),
                    ))
                })?;
                let mut conn = conn.clone();
                conn.set_ex::<_, _, ()>(format!("{prefix}:entry:{key}"), body, SAFETY_TTL.as_secs())
                    .await
            }
        }
    }

    /// Makes every entry of `tenant_id` stale.
    async fn invalidate(&self, tenant_id: Uuid) -> Result<(), redis::RedisError> {
        match &self.inner.store {
            Store::InProcess(local) => {
                let mut local = lock(local);
                *local.generations.entry(tenant_id).or_insert(0) += 1;
                let prefix = tenant_id.to_string();
                local.entries.retain(|key, _| !key.starts_with(&prefix));
                Ok(())
            }
            Store::Redis { conn, prefix } => bump(conn, &format!("{prefix}:gen:{tenant_id}")).await,
        }
    }

    /// Makes every entry stale (the follower missed events and cannot tell whose).
    async fn invalidate_all(&self) -> Result<(), redis::RedisError> {
        match &self.inner.store {
            Store::InProcess(local) => {
                let mut local = lock(local);
                local.epoch += 1;
                local.entries.clear();
                Ok(())
            }
            Store::Redis { conn, prefix } => bump(conn, &format!("{prefix}:epoch")).await,
        }
    }

    /// Stops serving from the cache until every entry written so far has expired.
    fn distrust(&self) {
        *lock(&self.inner.distrust_until) = Some(Instant::now() + SAFETY_TTL);
    }
}

async fn bump(conn: &ConnectionManager, key: &str) -> Result<(), redis::RedisError> {
    let mut conn = conn.clone();
    redis::pipe()
        .atomic()
        .incr(key, 1)
        .ignore()
        .expire(
            key,
            i64::try_from(GENERATION_TTL.as_secs()).unwrap_or(i64::MAX),
        )
        .ignore()
        .query_async::<()>(&mut conn)
        .await
}

impl SummaryFollower {
    /// Invalidates the affected company's figures for every sale event until `stop`.
    pub async fn run(mut self, mut stop: watch::Receiver<bool>) {
        loop {
            tokio::select! {
                received = self.events.recv() => match received {
                    Ok(event) => {
                        self.seen += 1;
                        if let EventPayload::SaleChanged { tenant_id, .. } = &event.payload {
                            self.apply(self.cache.invalidate(*tenant_id).await);
                        }
                    }
                    Err(broadcast::error::RecvError::Lagged(missed)) => {
                        self.seen += missed;
                        tracing::warn!(missed, "sales summary follower fell behind; dropping every cached summary");
                        self.apply(self.cache.invalidate_all().await);
                    }
                    Err(broadcast::error::RecvError::Closed) => return,
                },
                _ = stop.changed() => {
                    if *stop.borrow() {
                        return;
                    }
                }
            }
            self.cache.inner.handled.send_replace(self.seen);
        }
    }

    fn apply(&self, outcome: Result<(), redis::RedisError>) {
        if let Err(e) = outcome {
            tracing::warn!(error = %e, "could not invalidate cached sales summaries; bypassing the cache");
            self.cache.distrust();
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn snapshot() -> Arc<Snapshot> {
        Arc::new(Snapshot {
            period: Period::Today,
            time_zone: "Asia/Tokyo".into(),
            currency: kura_shared::CurrencyCode::Jpy,
            buckets: vec![],
            end: Utc::now(),
            documents: vec![],
            lines: vec![],
        })
    }

    #[tokio::test]
    async fn an_entry_computed_before_an_event_is_never_served_after_it() {
        let bus = EventBus::in_process();
        let (cache, _follower) = SummaryCache::new(&bus, "test");
        let tenant = Uuid::new_v4();
        let key = format!("{tenant}:day");
        let (stamp, hit) = cache.lookup(tenant, &key).await.unwrap();
        assert!(hit.is_none());
        // A sale event lands while the snapshot is being computed…
        cache.invalidate(tenant).await.unwrap();
        cache.put(&key, stamp, &snapshot()).await.unwrap();
        // …so the snapshot, stored under the old stamp, is not served.
        let (fresh, hit) = cache.lookup(tenant, &key).await.unwrap();
        assert!(hit.is_none());
        cache.put(&key, fresh, &snapshot()).await.unwrap();
        assert!(cache.lookup(tenant, &key).await.unwrap().1.is_some());
        // Another company's event leaves it alone; missing events drops everything.
        cache.invalidate(Uuid::new_v4()).await.unwrap();
        assert!(cache.lookup(tenant, &key).await.unwrap().1.is_some());
        cache.invalidate_all().await.unwrap();
        assert!(cache.lookup(tenant, &key).await.unwrap().1.is_none());
    }

    #[tokio::test]
    async fn reads_wait_for_the_follower_to_handle_delivered_events() {
        let bus = EventBus::in_process();
        let (cache, follower) = SummaryCache::new(&bus, "test");
        assert!(cache.caught_up().await, "nothing delivered yet");
        bus.publish(Event::now(EventPayload::InstanceStopping {
            instance_id: Uuid::new_v4(),
        }))
        .await
        .unwrap();
        let (stop, stopped) = watch::channel(false);
        let waiting = tokio::spawn({
            let cache = cache.clone();
            async move { cache.caught_up().await }
        });
        tokio::spawn(follower.run(stopped));
        assert!(waiting.await.unwrap());
        let _ = stop.send(true);
    }
}
