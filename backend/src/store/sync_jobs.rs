//! The outbound stock-sync queue: one row per channel × variant (see migration
//! `m20261127_000009_outbound_sync`).
//!
//! Writers (a stock change, a retry, a full resync) reach it through a [`TenantTx`]. The
//! worker claims due rows across tenants in its own transaction, which names itself to
//! row-level security (`app.stock_sync`) the way the outbox relay does; on PostgreSQL the
//! rows it takes are locked with `FOR UPDATE SKIP LOCKED` and marked RUNNING with a lease
//! before the transaction commits, so two replicas never push the same job at once and a
//! replica that dies mid-push only delays the job until its lease runs out.

use std::sync::LazyLock;

use chrono::{DateTime, Duration, Utc};
use kura_shared::SyncStatus;
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Statement, TransactionTrait,
    sea_query::{Expr, LockBehavior, LockType, OnConflict},
};
use tokio::sync::watch;
use uuid::Uuid;

use super::{entities::sync_job, scope, tenant::TenantTx};

/// Bumped when jobs were queued outside a stock change (a retry, a full resync), so the
/// worker looks at once. Stock changes wake it through the outbox signal they raise anyway.
static WAKE: LazyLock<watch::Sender<u64>> = LazyLock::new(|| watch::channel(0).0);

/// A receiver that changes whenever jobs may be waiting.
pub fn wake_signal() -> watch::Receiver<u64> {
    WAKE.subscribe()
}

/// Tells workers that jobs are waiting (call after the commit that queued them).
pub fn wake() {
    WAKE.send_modify(|n| *n = n.wrapping_add(1));
}

/// Statuses whose `next_attempt_at` is when the job should run next.
const WAITING: [SyncStatus; 2] = [SyncStatus::Pending, SyncStatus::Failed];

/// Queues a push of each variant to `channel_id`, coalescing with what is already queued.
///
/// A new row starts PENDING and due `now`. An existing one gets its generation bumped;
/// unless it is RUNNING (the worker pushes again after it finishes, as the generation
/// moved) or FAILED (its backoff stands, and the retry computes the newest quantity), it
/// becomes PENDING and due `now` with its attempts reset. Callers pass variants in a stable
/// order, so two transactions lock the rows in the same order.
pub async fn enqueue(
    tx: &TenantTx,
    channel_id: Uuid,
    variant_ids: &[Uuid],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    if variant_ids.is_empty() {
        return Ok(());
    }
    let busy = "sync_jobs.status IN ('RUNNING', 'FAILED')";
    let rows = variant_ids.iter().map(|variant_id| sync_job::ActiveModel {
        tenant_id: Set(tx.tenant_id()),
        channel_id: Set(channel_id),
        variant_id: Set(*variant_id),
        status: Set(SyncStatus::Pending),
        generation: Set(1),
        claimed_generation: Set(0),
        attempts: Set(0),
        next_attempt_at: Set(now),
        last_error: Set(None),
        last_pushed_quantity: Set(None),
        pushed_at: Set(None),
        updated_at: Set(now),
    });
    sync_job::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::columns([
                sync_job::Column::TenantId,
                sync_job::Column::ChannelId,
                sync_job::Column::VariantId,
            ])
            .value(
                sync_job::Column::Generation,
                Expr::cust("sync_jobs.generation + 1"),
            )
            .value(
                sync_job::Column::Status,
                Expr::cust(format!(
                    "CASE WHEN {busy} THEN sync_jobs.status ELSE 'PENDING' END"
                )),
            )
            .value(
                sync_job::Column::NextAttemptAt,
                Expr::cust(format!(
                    "CASE WHEN {busy} THEN sync_jobs.next_attempt_at ELSE excluded.next_attempt_at END"
                )),
            )
            .value(
                sync_job::Column::Attempts,
                Expr::cust(format!(
                    "CASE WHEN {busy} THEN sync_jobs.attempts ELSE 0 END"
                )),
            )
            .value(
                sync_job::Column::UpdatedAt,
                Expr::cust("excluded.updated_at"),
            )
            .to_owned(),
        )
        .exec_without_returning(tx.conn())
        .await?;
    Ok(())
}

/// Puts FAILED and DEAD jobs of these variants (all of the channel's when `None`) back in
/// the queue, due now with fresh attempts. Returns how many.
pub async fn requeue_failed(
    tx: &TenantTx,
    channel_id: Uuid,
    variant_ids: Option<&[Uuid]>,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let mut update = tx
        .update::<sync_job::Model>()
        .col_expr(sync_job::Column::Status, Expr::value(SyncStatus::Pending))
        .col_expr(sync_job::Column::Attempts, Expr::value(0))
        .col_expr(sync_job::Column::NextAttemptAt, Expr::value(now))
        .col_expr(sync_job::Column::UpdatedAt, Expr::value(now))
        .filter(sync_job::Column::ChannelId.eq(channel_id))
        .filter(sync_job::Column::Status.is_in([SyncStatus::Failed, SyncStatus::Dead]));
    if let Some(ids) = variant_ids {
        update = update.filter(sync_job::Column::VariantId.is_in(ids.iter().copied()));
    }
    Ok(update.exec(tx.conn()).await?.rows_affected)
}

/// A job a worker holds: push the variant's current sellable quantity, then report back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claimed {
    /// Whose job.
    pub tenant_id: Uuid,
    /// Where to push.
    pub channel_id: Uuid,
    /// What to push.
    pub variant_id: Uuid,
    /// The generation this push covers; a later one means push again.
    pub generation: i64,
    /// This try's number (1 for the first); also the claim's fencing token.
    pub attempts: i32,
}

/// Lock key of the PostgreSQL advisory lock claims take ("kura sync").
const CLAIM_LOCK: i64 = 0x6b75_7261_7379_6e63;

/// Takes up to `limit` due jobs (oldest due first) across every tenant and marks them
/// RUNNING until `lease` from now. A RUNNING job whose lease ran out (its worker died) is
/// due again.
pub async fn claim(
    db: &DatabaseConnection,
    limit: u64,
    lease: Duration,
) -> Result<Vec<Claimed>, DbErr> {
    let now = Utc::now();
    let txn = db.begin().await?;
    scope::lock_for_write(&txn).await?;
    let postgres = txn.get_database_backend() == DbBackend::Postgres;
    if postgres {
        // Claims from several replicas take turns (each is a few milliseconds), so two
        // never read the same due rows; SKIP LOCKED steps over rows a finishing worker or
        // an enqueueing sale holds at that moment instead of waiting for them.
        txn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1), set_config('app.stock_sync', 'on', true)",
            [CLAIM_LOCK.into()],
        ))
        .await?;
    }
    let mut query = sync_job::Entity::find()
        .filter(
            sync_job::Column::Status.is_in(WAITING.iter().copied().chain([SyncStatus::Running])),
        )
        .filter(sync_job::Column::NextAttemptAt.lte(now))
        .order_by_asc(sync_job::Column::NextAttemptAt)
        .limit(limit);
    if postgres {
        query = query.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let due = query.all(&txn).await?;
    let lease_until = now + lease;
    let mut claimed = Vec::with_capacity(due.len());
    for job in due {
        let attempts = job.attempts.saturating_add(1);
        sync_job::Entity::update_many()
            .col_expr(sync_job::Column::Status, Expr::value(SyncStatus::Running))
            .col_expr(
                sync_job::Column::ClaimedGeneration,
                Expr::value(job.generation),
            )
            .col_expr(sync_job::Column::Attempts, Expr::value(attempts))
            .col_expr(sync_job::Column::NextAttemptAt, Expr::value(lease_until))
            .col_expr(sync_job::Column::UpdatedAt, Expr::value(now))
            .filter(sync_job::Column::TenantId.eq(job.tenant_id))
            .filter(sync_job::Column::ChannelId.eq(job.channel_id))
            .filter(sync_job::Column::VariantId.eq(job.variant_id))
            .exec(&txn)
            .await?;
        claimed.push(Claimed {
            tenant_id: job.tenant_id,
            channel_id: job.channel_id,
            variant_id: job.variant_id,
            generation: job.generation,
            attempts,
        });
    }
    txn.commit().await?;
    Ok(claimed)
}

/// How a claimed push ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The channel now holds `quantity`.
    Pushed {
        /// What was pushed.
        quantity: i64,
    },
    /// It failed and will be tried again at `retry_at`.
    Retry {
        /// When.
        retry_at: DateTime<Utc>,
        /// Why it failed.
        error: String,
    },
    /// It failed for good (until someone retries it or the stock changes again).
    Dead {
        /// Why.
        error: String,
    },
    /// Nothing to push any more (the variant or location is no longer mapped): drop it.
    Dropped,
}

/// Records how `job` ended, inside `tx` (acting for the job's tenant). Does nothing if the
/// claim was lost meanwhile (its lease ran out and another worker took the job).
pub async fn finish(tx: &TenantTx, job: &Claimed, outcome: Outcome) -> Result<(), DbErr> {
    let now = Utc::now();
    let update = tx
        .update::<sync_job::Model>()
        .col_expr(sync_job::Column::UpdatedAt, Expr::value(now))
        .filter(sync_job::Column::ChannelId.eq(job.channel_id))
        .filter(sync_job::Column::VariantId.eq(job.variant_id))
        .filter(sync_job::Column::Status.eq(SyncStatus::Running))
        .filter(sync_job::Column::Attempts.eq(job.attempts));
    let update = match outcome {
        Outcome::Pushed { quantity } => {
            // A change that landed during the push moved the generation: go again.
            let moved = "generation > claimed_generation";
            update
                .col_expr(
                    sync_job::Column::Status,
                    Expr::cust(format!("CASE WHEN {moved} THEN 'PENDING' ELSE 'DONE' END")),
                )
                .col_expr(
                    sync_job::Column::Attempts,
                    Expr::cust(format!("CASE WHEN {moved} THEN 0 ELSE attempts END")),
                )
                .col_expr(sync_job::Column::NextAttemptAt, Expr::value(now))
                .col_expr(
                    sync_job::Column::LastError,
                    Expr::value(Option::<String>::None),
                )
                .col_expr(sync_job::Column::LastPushedQuantity, Expr::value(quantity))
                .col_expr(sync_job::Column::PushedAt, Expr::value(now))
        }
        Outcome::Retry { retry_at, error } => update
            .col_expr(sync_job::Column::Status, Expr::value(SyncStatus::Failed))
            .col_expr(sync_job::Column::NextAttemptAt, Expr::value(retry_at))
            .col_expr(sync_job::Column::LastError, Expr::value(error)),
        Outcome::Dead { error } => update
            .col_expr(sync_job::Column::Status, Expr::value(SyncStatus::Dead))
            .col_expr(sync_job::Column::NextAttemptAt, Expr::value(now))
            .col_expr(sync_job::Column::LastError, Expr::value(error)),
        Outcome::Dropped => {
            tx.delete::<sync_job::Model>()
                .filter(sync_job::Column::ChannelId.eq(job.channel_id))
                .filter(sync_job::Column::VariantId.eq(job.variant_id))
                .filter(sync_job::Column::Status.eq(SyncStatus::Running))
                .filter(sync_job::Column::Attempts.eq(job.attempts))
                .exec(tx.conn())
                .await?;
            return Ok(());
        }
    };
    update.exec(tx.conn()).await?;
    Ok(())
}
