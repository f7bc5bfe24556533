//! Gapless document numbers. Each series (`SO-2026`) keeps its last number in one row that
//! the issuing transaction updates and so locks until it commits: a second document waits
//! for the first, and a rolled-back document gives its number back.

use sea_orm::{ConnectionTrait, DbErr};

use super::{raw, tenant::TenantTx};

/// The next number of `series` for `tx`'s tenant (1 for a new series), in one statement.
pub async fn next(tx: &TenantTx, series: &str) -> Result<i64, DbErr> {
    take(tx, series, 1).await
}

/// Takes the next `count` numbers of `series` at once (at least one) and returns the last:
/// the numbers are `last - count + 1 ..= last`. One statement, like [`next`].
pub async fn take(tx: &TenantTx, series: &str, count: i64) -> Result<i64, DbErr> {
    let count = count.max(1);
    let sql = "INSERT INTO document_counters (tenant_id, series, last) VALUES ($1, $2, $3) \
         ON CONFLICT (tenant_id, series) DO UPDATE SET last = document_counters.last + $3 \
         RETURNING last";
    let row = tx
        .conn()
        .query_one_raw(raw::statement(
            tx.backend(),
            sql,
            vec![tx.tenant_id().into(), series.into(), count.into()],
        ))
        .await?
        .ok_or_else(|| DbErr::Custom(format!("no number handed out for {series}")))?;
    row.try_get("", "last")
}

/// The last number `series` handed out (0 for a new series), without taking one: what a
/// preview shows before anything is issued.
pub async fn last(tx: &TenantTx, series: &str) -> Result<i64, DbErr> {
    let row = tx
        .conn()
        .query_one_raw(raw::statement(
            tx.backend(),
            "SELECT last FROM document_counters WHERE tenant_id = $1 AND series = $2",
            vec![tx.tenant_id().into(), series.into()],
        ))
        .await?;
    row.map_or(Ok(0), |row| row.try_get("", "last"))
}
