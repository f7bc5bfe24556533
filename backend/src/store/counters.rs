//! Gapless document numbers. Each series (`SO-2026`) keeps its last number in one row that
//! the issuing transaction updates and so locks until it commits: a second document waits
//! for the first, and a rolled-back document gives its number back.

use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};

use super::tenant::TenantTx;

/// The next number of `series` for `tx`'s tenant (1 for a new series), in one statement.
pub async fn next(tx: &TenantTx, series: &str) -> Result<i64, DbErr> {
    let backend = tx.backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "INSERT INTO document_counters (tenant_id, series, last) VALUES ($1, $2, 1) \
             ON CONFLICT (tenant_id, series) DO UPDATE SET last = document_counters.last + 1 \
             RETURNING last"
        }
        _ => {
            "INSERT INTO document_counters (tenant_id, series, last) VALUES (?, ?, 1) \
             ON CONFLICT (tenant_id, series) DO UPDATE SET last = document_counters.last + 1 \
             RETURNING last"
        }
    };
    let row = tx
        .conn()
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [tx.tenant_id().into(), series.into()],
        ))
        .await?
        .ok_or_else(|| DbErr::Custom(format!("no number handed out for {series}")))?;
    row.try_get("", "last")
}
