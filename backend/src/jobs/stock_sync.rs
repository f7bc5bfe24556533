//! The stock-sync worker: pushes each queued channel × variant's sellable quantity to the
//! channel's provider (Shopify, Square, Smaregi), then marks the job done, schedules a
//! retry with exponential backoff and jitter, or gives up (DEAD) on a refusal or after too
//! many tries.
//!
//! It claims due jobs across tenants (see [`crate::store::sync_jobs::claim`]), groups them
//! by channel so each provider gets one request per batch, and never holds a database
//! transaction while talking to a provider. Woken by every commit that wrote stock events
//! (the outbox signal) and by retries and resyncs; polls as a safety net for other
//! replicas' commits and for retries falling due.

use std::{collections::BTreeMap, sync::Arc, time::Duration};

use futures_util::StreamExt;
use kura_shared::ChannelProvider;
use sea_orm::DatabaseConnection;
use sha2::{Digest, Sha256};
use tokio::sync::watch;
use uuid::Uuid;

use crate::{
    config::RetryPolicy,
    integrations::{IntegrationError, StockLevel, connection::Integrations},
    services::{ServiceError, channels::stock_sync},
    store::{
        outbox,
        sync_jobs::{self, Claimed, Outcome},
    },
};

/// Jobs claimed at once (across channels).
const BATCH: u64 = 100;
/// Channels pushed to at the same time.
const CONCURRENT_CHANNELS: usize = 4;
/// How often to look for due jobs nobody woke us for.
const POLL: Duration = Duration::from_secs(1);
/// After a stock change wakes the worker it waits this long, so a burst of changes (a
/// scanned delivery, a bulk import) becomes one push per variant instead of many.
const SETTLE: Duration = Duration::from_millis(200);
/// How long a claim stays valid; longer than any provider call can take.
const LEASE: chrono::Duration = chrono::Duration::minutes(5);

/// How a failed try of `job` ends: retried later when the error may pass and tries remain,
/// otherwise DEAD.
fn after_failure(policy: &RetryPolicy, job: &Claimed, error: &IntegrationError) -> Outcome {
    let tries_left = u32::try_from(job.attempts).unwrap_or(u32::MAX) < policy.max_attempts;
    if error.is_retryable() && tries_left {
        let retry_after = match error {
            IntegrationError::RateLimited { retry_after } => *retry_after,
            _ => None,
        };
        let delay = policy.delay(job.attempts, retry_after);
        Outcome::Retry {
            retry_at: chrono::Utc::now()
                + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::zero()),
            error: error.to_string(),
        }
    } else {
        Outcome::Dead {
            error: error.to_string(),
        }
    }
}

/// Runs the worker until `stop` turns true.
pub async fn run(
    db: DatabaseConnection,
    integrations: Arc<Integrations>,
    policy: RetryPolicy,
    mut stop: watch::Receiver<bool>,
) {
    let mut stock_changed = outbox::wake_signal();
    let mut queued = sync_jobs::wake_signal();
    loop {
        if let Err(e) = drain(&db, &integrations, policy).await {
            tracing::warn!(error = %e, "stock sync could not claim jobs; will retry");
        }
        tokio::select! {
            _ = stock_changed.changed() => tokio::time::sleep(SETTLE).await,
            _ = queued.changed() => {}
            _ = tokio::time::sleep(POLL) => {}
            changed = stop.changed() => {
                if changed.is_err() || *stop.borrow() {
                    return;
                }
            }
        }
    }
}

/// Pushes every job that is due now.
pub async fn drain(
    db: &DatabaseConnection,
    integrations: &Integrations,
    policy: RetryPolicy,
) -> Result<(), sea_orm::DbErr> {
    loop {
        let claimed = sync_jobs::claim(db, BATCH, LEASE).await?;
        let full = claimed.len() as u64 == BATCH;
        let mut by_channel: BTreeMap<(Uuid, Uuid), Vec<Claimed>> = BTreeMap::new();
        for job in claimed {
            by_channel
                .entry((job.tenant_id, job.channel_id))
                .or_default()
                .push(job);
        }
        futures_util::stream::iter(by_channel)
            .for_each_concurrent(
                CONCURRENT_CHANNELS,
                |((tenant, channel), jobs)| async move {
                    push_channel(db, integrations, policy, tenant, channel, jobs).await;
                },
            )
            .await;
        if !full {
            return Ok(());
        }
    }
}

/// Pushes one channel's claimed jobs and records how each ended.
async fn push_channel(
    db: &DatabaseConnection,
    integrations: &Integrations,
    policy: RetryPolicy,
    tenant: Uuid,
    channel: Uuid,
    jobs: Vec<Claimed>,
) {
    let outcomes = match stock_sync::plan(db, tenant, channel, jobs.clone()).await {
        Ok(plan) => {
            let mut outcomes = plan.settled;
            if !plan.push.is_empty() {
                let levels: Vec<StockLevel> = plan.push.iter().map(|(_, l)| l.clone()).collect();
                let key = idempotency_key(channel, &plan.push);
                let result = send(
                    integrations,
                    plan.channel.channel.provider,
                    &plan.connection,
                    &levels,
                    &key,
                )
                .await;
                if let Err(e) = &result {
                    tracing::info!(%tenant, %channel, error = %e, jobs = levels.len(), "stock push failed");
                }
                outcomes.extend(plan.push.into_iter().map(|(job, level)| {
                    let outcome = match &result {
                        Ok(()) => Outcome::Pushed {
                            quantity: level.quantity,
                        },
                        Err(e) => after_failure(&policy, &job, e),
                    };
                    (job, outcome)
                }));
            }
            outcomes
        }
        // The channel is gone (its jobs went with it) or was never this tenant's.
        Err(ServiceError::NotFound(_)) => jobs.into_iter().map(|j| (j, Outcome::Dropped)).collect(),
        Err(e) => {
            tracing::warn!(%tenant, %channel, error = %e, "stock sync could not plan a push");
            let error = IntegrationError::Transient(format!("Kura could not read the stock: {e}"));
            jobs.into_iter()
                .map(|j| {
                    let outcome = after_failure(&policy, &j, &error);
                    (j, outcome)
                })
                .collect()
        }
    };
    if let Err(e) = stock_sync::finish(db, tenant, outcomes).await {
        // The claims run out after their lease and the jobs are pushed again then.
        tracing::warn!(%tenant, %channel, error = %e, "stock sync could not record pushes");
    }
}

/// One request (or one per item, for Smaregi) to the channel's provider.
async fn send(
    integrations: &Integrations,
    provider: ChannelProvider,
    connection: &crate::integrations::connection::Connection,
    levels: &[StockLevel],
    key: &str,
) -> Result<(), IntegrationError> {
    match provider {
        ChannelProvider::Shopify => {
            integrations
                .shopify(connection)?
                .set_inventory_quantities(levels, key)
                .await
        }
        ChannelProvider::Square => {
            integrations
                .square(connection)?
                .batch_change_inventory(levels, key)
                .await
        }
        ChannelProvider::Smaregi => {
            integrations
                .smaregi(connection)
                .await?
                .update_stock(levels)
                .await
        }
        other => Err(IntegrationError::Rejected(format!(
            "Kura does not push stock to {other} channels"
        ))),
    }
}

/// The same push (same variants, changes and quantities) always gets the same key, so a
/// retry after a lost response is applied once; a new change or quantity gets a new one.
fn idempotency_key(channel: Uuid, push: &[(Claimed, StockLevel)]) -> String {
    match push {
        [(job, level)] => format!(
            "kura-{channel}-{}-g{}-q{}",
            job.variant_id, job.generation, level.quantity
        ),
        _ => {
            let mut hash = Sha256::new();
            for (job, level) in push {
                hash.update(format!(
                    "{}:{}:{};",
                    job.variant_id, job.generation, level.quantity
                ));
            }
            let digest = hex::encode(hash.finalize());
            format!("kura-{channel}-{}", &digest[..32])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(attempts: i32) -> Claimed {
        Claimed {
            tenant_id: Uuid::nil(),
            channel_id: Uuid::nil(),
            variant_id: Uuid::nil(),
            generation: 1,
            attempts,
        }
    }

    #[test]
    fn refusals_and_exhausted_jobs_die_while_passing_failures_retry() {
        let policy = RetryPolicy::default();
        let transient = IntegrationError::Transient("503".into());
        assert!(matches!(
            after_failure(&policy, &job(1), &transient),
            Outcome::Retry { .. }
        ));
        assert!(matches!(
            after_failure(&policy, &job(8), &transient),
            Outcome::Dead { .. }
        ));
        let refused = IntegrationError::Rejected("unknown item".into());
        assert!(matches!(
            after_failure(&policy, &job(1), &refused),
            Outcome::Dead { .. }
        ));
    }

    #[test]
    fn a_push_keeps_its_key_until_the_stock_changes() {
        let channel = Uuid::now_v7();
        let level = StockLevel::from(("1", "2", 5));
        let one = [(job(1), level.clone())];
        let mut retried = one.clone();
        retried[0].0.attempts = 2;
        assert_eq!(
            idempotency_key(channel, &one),
            idempotency_key(channel, &retried)
        );
        let mut changed = one.clone();
        changed[0].0.generation = 2;
        assert_ne!(
            idempotency_key(channel, &one),
            idempotency_key(channel, &changed)
        );
    }
}
