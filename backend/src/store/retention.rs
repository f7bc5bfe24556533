//! The retention job's narrow door: it reaches old rows of every company at once, through
//! the `app.retention` row-level-security policies of migration
//! `m20261204_000901_data_retention` (on SQLite there is no such wall).
//!
//! Every pass works in batches, each in its own short transaction (so no lock is held for
//! long, on SQLite the write lock included), and is idempotent: replicas running it at the
//! same moment only find less to do.

use chrono::{DateTime, Utc};
use kura_shared::InboundEventStatus;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, EntityTrait, QueryFilter, QuerySelect, Statement, TransactionTrait,
    sea_query::{Expr, ExprTrait, Query},
};
use uuid::Uuid;

use super::{
    entities::{idempotency_key, inbound_event, refresh_token, session},
    scope,
};

/// Rows changed per transaction.
const BATCH: u64 = 500;

async fn begin(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    let txn = db.begin().await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT set_config('app.retention', 'on', true)",
        ))
        .await?;
    }
    scope::lock_for_write(&txn).await?;
    Ok(txn)
}

/// Runs the batch `$body` (an expression over the transaction `$txn` that yields how many
/// rows it changed), each in its own transaction, until one finds fewer than [`BATCH`];
/// yields the total. A macro rather than a function taking an async closure, whose future
/// the compiler cannot yet prove `Send` for the spawned job.
macro_rules! in_batches {
    ($db:expr, |$txn:ident| $body:expr) => {{
        let mut total: u64 = 0;
        loop {
            let $txn = begin($db).await?;
            let done: u64 = $body;
            $txn.commit().await?;
            total += done;
            if done < BATCH {
                break Ok::<u64, DbErr>(total);
            }
        }
    }};
}

/// Empties the stored bodies of deliveries that were settled (processed or ignored) before
/// `settled_before`. The rows stay: their provider ids and fingerprints keep recognising
/// redeliveries, and their status and note stay visible.
pub async fn blank_settled_deliveries(
    db: &DatabaseConnection,
    settled_before: DateTime<Utc>,
    settled: &[InboundEventStatus],
) -> Result<u64, DbErr> {
    in_batches!(db, |txn| {
        let ids: Vec<Uuid> = inbound_event::Entity::find()
            .select_only()
            .column(inbound_event::Column::Id)
            .filter(inbound_event::Column::Status.is_in(settled.iter().copied()))
            .filter(inbound_event::Column::ProcessedAt.lt(settled_before))
            .filter(inbound_event::Column::Body.ne(""))
            .limit(BATCH)
            .into_tuple()
            .all(&txn)
            .await?;
        let n = ids.len() as u64;
        if n > 0 {
            inbound_event::Entity::update_many()
                .col_expr(inbound_event::Column::Body, Expr::value(""))
                .filter(inbound_event::Column::Id.is_in(ids))
                .exec(&txn)
                .await?;
        }
        n
    })
}

/// Deletes sessions that expired or were revoked before `ended_before`, and with them
/// (by cascade) their refresh tokens.
pub async fn delete_ended_sessions(
    db: &DatabaseConnection,
    ended_before: DateTime<Utc>,
) -> Result<u64, DbErr> {
    in_batches!(db, |txn| {
        let ids: Vec<Uuid> = session::Entity::find()
            .select_only()
            .column(session::Column::Id)
            .filter(
                Condition::any()
                    .add(session::Column::ExpiresAt.lt(ended_before))
                    .add(session::Column::RevokedAt.lt(ended_before)),
            )
            .limit(BATCH)
            .into_tuple()
            .all(&txn)
            .await?;
        let n = ids.len() as u64;
        if n > 0 {
            session::Entity::delete_many()
                .filter(session::Column::Id.is_in(ids))
                .exec(&txn)
                .await?;
        }
        n
    })
}

/// Deletes refresh tokens rotated before `used_before` (a live session keeps the ones
/// rotated since, so reusing a recently stolen token still ends the session).
pub async fn delete_used_refresh_tokens(
    db: &DatabaseConnection,
    used_before: DateTime<Utc>,
) -> Result<u64, DbErr> {
    in_batches!(db, |txn| {
        let hashes: Vec<String> = refresh_token::Entity::find()
            .select_only()
            .column(refresh_token::Column::TokenHash)
            .filter(refresh_token::Column::UsedAt.lt(used_before))
            .limit(BATCH)
            .into_tuple()
            .all(&txn)
            .await?;
        let n = hashes.len() as u64;
        if n > 0 {
            refresh_token::Entity::delete_many()
                .filter(refresh_token::Column::TokenHash.is_in(hashes))
                .exec(&txn)
                .await?;
        }
        n
    })
}

/// Deletes idempotency keys created before `created_before`, except those whose operation
/// starts with `kept_prefix` and is not `expiring` (with `recordSale/` and
/// `recordSale/key`: a channel sale's external id is its lasting identity, a client's
/// retry key is not).
pub async fn delete_idempotency_keys(
    db: &DatabaseConnection,
    created_before: DateTime<Utc>,
    kept_prefix: &str,
    expiring: &str,
) -> Result<u64, DbErr> {
    let expired = Condition::all()
        .add(idempotency_key::Column::CreatedAt.lt(created_before))
        .add(
            Condition::any()
                .add(idempotency_key::Column::Operation.not_like(format!("{kept_prefix}%")))
                .add(idempotency_key::Column::Operation.eq(expiring)),
        );
    in_batches!(db, |txn| {
        let keys = Query::select()
            .columns([
                idempotency_key::Column::TenantId,
                idempotency_key::Column::Operation,
                idempotency_key::Column::Key,
            ])
            .from(idempotency_key::Entity)
            .cond_where(expired.clone())
            .limit(BATCH)
            .to_owned();
        idempotency_key::Entity::delete_many()
            .filter(
                Expr::tuple([
                    Expr::col(idempotency_key::Column::TenantId),
                    Expr::col(idempotency_key::Column::Operation),
                    Expr::col(idempotency_key::Column::Key),
                ])
                .in_subquery(keys),
            )
            .exec(&txn)
            .await?
            .rows_affected
    })
}
