//! The writes every quote command shares: a new quote's rows, a changed quote's head (and
//! lines, when they were replaced), and the audit entry that goes with every change.

use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::{ColumnTrait, QueryFilter, sea_query::Expr};

use super::{QuoteRecord, draft::QuoteRows};
use crate::services::{
    ServiceError,
    access::Access,
    accounts::audit::{self, AuditAction},
    idempotency::{self, Stop},
};
use crate::store::tenant::{
    TenantTx,
    records::{quote, quote_line},
};

/// Now, to the microsecond PostgreSQL keeps: what a command returns equals what a later
/// read finds (a quote sent and not changed since has `sent_at == updated_at`).
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// Inserts a new quote: its head, then all its lines in one statement. [`Stop::Raced`]
/// when a concurrent quote took its number first.
pub async fn insert(tx: &TenantTx, rows: &QuoteRows) -> Result<(), Stop> {
    tx.insert(quote::ActiveModel::from(rows.head.clone()))
        .await
        .map_err(idempotency::raced)?;
    insert_lines(tx, rows.lines.clone()).await
}

async fn insert_lines(tx: &TenantTx, lines: Vec<quote_line::Model>) -> Result<(), Stop> {
    tx.insert_many(
        lines
            .into_iter()
            .map(quote_line::ActiveModel::from)
            .collect(),
    )
    .await?;
    Ok(())
}

/// Writes what changed from `before` to `after`: the head (only if nobody changed the quote
/// since `before` was read, else [`Stop::Raced`]), and the lines when they were replaced.
/// `now` is its new `updated_at` (a quote just sent has `sent_at == updated_at`).
pub async fn save(
    tx: &TenantTx,
    before: &QuoteRecord,
    after: &mut QuoteRecord,
    now: DateTime<Utc>,
) -> Result<(), Stop> {
    let ship_to = after
        .ship_to
        .as_ref()
        .and_then(|to| serde_json::to_string(to).ok());
    let updated = tx
        .update::<quote::Model>()
        .col_expr(quote::Column::Status, Expr::value(after.stored_status))
        .col_expr(quote::Column::LocationId, Expr::value(after.location_id))
        .col_expr(
            quote::Column::RequestedDate,
            Expr::value(after.requested_date),
        )
        .col_expr(quote::Column::ExpiresOn, Expr::value(after.expires_on))
        .col_expr(quote::Column::ShipTo, Expr::value(ship_to))
        .col_expr(quote::Column::Subtotal, Expr::value(after.subtotal))
        .col_expr(quote::Column::Tax, Expr::value(after.tax))
        .col_expr(quote::Column::Total, Expr::value(after.total))
        .col_expr(quote::Column::Note, Expr::value(after.note.clone()))
        .col_expr(
            quote::Column::CancelReason,
            Expr::value(after.cancel_reason.clone()),
        )
        .col_expr(quote::Column::OrderId, Expr::value(after.order_id))
        .col_expr(quote::Column::SentAt, Expr::value(after.sent_at))
        .col_expr(quote::Column::AcceptedAt, Expr::value(after.accepted_at))
        .col_expr(quote::Column::CancelledAt, Expr::value(after.cancelled_at))
        .col_expr(quote::Column::UpdatedAt, Expr::value(now))
        .col_expr(quote::Column::Version, Expr::value(before.version + 1))
        .filter(quote::Column::Id.eq(before.id))
        .filter(quote::Column::Version.eq(before.version))
        .exec(tx.conn())
        .await
        .map_err(idempotency::raced)?;
    if updated.rows_affected == 0 {
        return Err(Stop::Raced);
    }
    after.version = before.version + 1;
    after.updated_at = now;
    if after.lines != before.lines {
        tx.delete::<quote_line::Model>()
            .filter(quote_line::Column::QuoteId.eq(before.id))
            .exec(tx.conn())
            .await?;
        let rows = after
            .lines
            .iter()
            .map(|l| quote_line::Model {
                tenant_id: tx.tenant_id(),
                quote_id: after.id,
                line_number: l.line_number,
                variant_id: l.variant_id,
                sku: l.sku.clone(),
                name: l.name.clone(),
                quantity: l.quantity,
                unit_price: l.unit_price,
                tax_class: l.tax_class,
                amount: l.amount,
            })
            .collect();
        insert_lines(tx, rows).await?;
    }
    Ok(())
}

/// Audits a change to `record`.
pub async fn announce(
    tx: &TenantTx,
    access: &Access,
    record: &QuoteRecord,
    action: AuditAction,
    what: &str,
) -> Result<(), ServiceError> {
    audit::record(
        tx.conn(),
        tx.tenant_id(),
        action,
        &access.actor,
        &format!("quote {}: {what}", record.number),
    )
    .await?;
    Ok(())
}
