//! The transactional outbox: an event is written in the same transaction as the change it
//! describes, and published to the bus only after that transaction commits, by the relay
//! in [`crate::events::relay`]. A crash between commit and publish loses nothing: the row
//! waits in the table until a relay (after restart, or on another replica) publishes it.

use std::sync::LazyLock;

use chrono::Utc;
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, Statement, TransactionTrait,
    sea_query::Expr,
};
use tokio::sync::watch;

use super::{entities::outbox_event, tenant::TenantTx};

/// Bumped after every commit that wrote outbox rows, so relays publish at once instead of
/// at their next poll. Process-wide: a relay woken for another database just finds nothing.
static WAKE: LazyLock<watch::Sender<u64>> = LazyLock::new(|| watch::channel(0).0);

/// A receiver that changes whenever outbox rows may be waiting.
pub fn wake_signal() -> watch::Receiver<u64> {
    WAKE.subscribe()
}

/// Tells relays that rows are waiting.
pub fn wake() {
    WAKE.send_modify(|n| *n = n.wrapping_add(1));
}

/// Writes an event (already serialised) for the tenant of `tx`; it is published after
/// `tx` commits. The row is written at commit, with every other event of the transaction
/// in one statement ([`TenantTx::commit`] calls [`write_all`]).
pub async fn append(tx: &TenantTx, payload: String) -> Result<(), DbErr> {
    tx.hold_event(payload);
    Ok(())
}

/// Writes the events a transaction held, in the order they came, in one statement.
pub(in crate::store) async fn write_all(
    txn: &DatabaseTransaction,
    tenant_id: uuid::Uuid,
    payloads: Vec<String>,
) -> Result<(), DbErr> {
    if payloads.is_empty() {
        return Ok(());
    }
    let now = Utc::now();
    outbox_event::Entity::insert_many(payloads.into_iter().map(|payload| {
        outbox_event::ActiveModel {
            seq: NotSet,
            tenant_id: Set(tenant_id),
            payload: Set(payload),
            created_at: Set(now),
            published_at: Set(None),
        }
    }))
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

/// As [`append`], in a transaction that is not a [`TenantTx`] (account and team changes);
/// its scope must include `tenant_id`. The caller calls [`wake`] after committing.
pub async fn append_in(
    txn: &DatabaseTransaction,
    tenant_id: uuid::Uuid,
    payload: String,
) -> Result<(), DbErr> {
    outbox_event::Entity::insert(outbox_event::ActiveModel {
        seq: NotSet,
        tenant_id: Set(tenant_id),
        payload: Set(payload),
        created_at: Set(Utc::now()),
        published_at: Set(None),
    })
    .exec(txn)
    .await?;
    Ok(())
}

/// A relay's claim on the outbox: at most one relay across all replicas holds it at a time,
/// so events leave in sequence order.
pub struct Claim {
    txn: DatabaseTransaction,
}

/// Lock key for the relay's PostgreSQL advisory lock ("kura outbox").
const RELAY_LOCK: i64 = 0x6b75_7261_6f75_7462;

/// Takes the claim, or `None` while another relay holds it.
pub async fn claim(db: &DatabaseConnection) -> Result<Option<Claim>, DbErr> {
    let txn = db.begin().await?;
    super::scope::lock_for_write(&txn).await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        let row = txn
            .query_one_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_try_advisory_xact_lock($1) AS held, \
                 set_config('app.outbox_relay', 'on', true)",
                [RELAY_LOCK.into()],
            ))
            .await?;
        let held = row.map(|r| r.try_get::<bool>("", "held")).transpose()?;
        if held != Some(true) {
            txn.rollback().await?;
            return Ok(None);
        }
    }
    Ok(Some(Claim { txn }))
}

/// One waiting event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    /// Its place in the outbox.
    pub seq: i64,
    /// The serialised event.
    pub payload: String,
}

impl Claim {
    /// The oldest `limit` unpublished events, in order.
    pub async fn pending(&self, limit: u64) -> Result<Vec<Pending>, DbErr> {
        Ok(outbox_event::Entity::find()
            .filter(outbox_event::Column::PublishedAt.is_null())
            .order_by_asc(outbox_event::Column::Seq)
            .limit(limit)
            .all(&self.txn)
            .await?
            .into_iter()
            .map(|row| Pending {
                seq: row.seq,
                payload: row.payload,
            })
            .collect())
    }

    /// Marks events published and releases the claim.
    pub async fn finish(self, published: &[i64]) -> Result<(), DbErr> {
        if !published.is_empty() {
            outbox_event::Entity::update_many()
                .col_expr(outbox_event::Column::PublishedAt, Expr::value(Utc::now()))
                .filter(outbox_event::Column::Seq.is_in(published.iter().copied()))
                .exec(&self.txn)
                .await?;
        }
        self.txn.commit().await
    }

    /// Deletes events published more than `keep` ago (the table would grow forever).
    pub async fn prune(&self, keep: chrono::Duration) -> Result<u64, DbErr> {
        let result = outbox_event::Entity::delete_many()
            .filter(outbox_event::Column::PublishedAt.lt(Utc::now() - keep))
            .exec(&self.txn)
            .await?;
        Ok(result.rows_affected)
    }
}
