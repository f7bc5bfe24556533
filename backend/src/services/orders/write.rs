//! The writes every order command shares: a new order's rows, a changed order's head and
//! lines, and the audit entry and `orderChanged` event that go with every change.

use chrono::Utc;
use sea_orm::{ColumnTrait, QueryFilter, sea_query::Expr};

use super::{OrderRecord, draft::OrderRows};
use crate::events::{self, EventPayload};
use crate::services::{
    ServiceError,
    access::Access,
    accounts::audit::{self, AuditAction},
    idempotency::{self, Stop},
};
use crate::store::tenant::{
    TenantTx,
    records::{order, order_line},
};

/// Inserts a new order: its head, then all its lines in one statement. [`Stop::Raced`]
/// when a concurrent call with the same channel order number inserted it first.
pub async fn insert(tx: &TenantTx, rows: OrderRows) -> Result<OrderRecord, Stop> {
    let head = tx
        .insert(order::ActiveModel::from(rows.head))
        .await
        .map_err(idempotency::raced)?;
    tx.insert_many(
        rows.lines
            .iter()
            .cloned()
            .map(order_line::ActiveModel::from)
            .collect(),
    )
    .await?;
    Ok(OrderRecord::from_rows(head, rows.lines))
}

/// Writes what changed from `before` to `after`: the head with its totals (only if nobody
/// changed the order since `before` was read, else [`Stop::Raced`]) and each line whose
/// units moved (a split changes a line's quantity and amount too).
pub async fn save(
    tx: &TenantTx,
    before: &OrderRecord,
    after: &mut OrderRecord,
) -> Result<(), Stop> {
    let now = Utc::now();
    let updated = tx
        .update::<order::Model>()
        .col_expr(order::Column::Status, Expr::value(after.status))
        .col_expr(order::Column::LocationId, Expr::value(after.location_id))
        .col_expr(order::Column::ConfirmedAt, Expr::value(after.confirmed_at))
        .col_expr(order::Column::CancelledAt, Expr::value(after.cancelled_at))
        .col_expr(order::Column::ReadyAt, Expr::value(after.ready_at))
        .col_expr(
            order::Column::CancelReason,
            Expr::value(after.cancel_reason.clone()),
        )
        .col_expr(order::Column::Subtotal, Expr::value(after.subtotal))
        .col_expr(order::Column::Tax, Expr::value(after.tax))
        .col_expr(order::Column::Total, Expr::value(after.total))
        .col_expr(order::Column::UpdatedAt, Expr::value(now))
        .col_expr(order::Column::Version, Expr::value(before.version + 1))
        .filter(order::Column::Id.eq(before.id))
        .filter(order::Column::Version.eq(before.version))
        .exec(tx.conn())
        .await?;
    if updated.rows_affected == 0 {
        return Err(Stop::Raced);
    }
    after.version = before.version + 1;
    after.updated_at = now;
    for (old, new) in before.lines.iter().zip(&after.lines) {
        if old.units == new.units {
            continue;
        }
        let units = new.units;
        tx.update::<order_line::Model>()
            .col_expr(order_line::Column::Quantity, Expr::value(units.quantity))
            .col_expr(order_line::Column::Amount, Expr::value(new.amount))
            .col_expr(order_line::Column::Allocated, Expr::value(units.allocated))
            .col_expr(
                order_line::Column::Backordered,
                Expr::value(units.backordered),
            )
            .col_expr(order_line::Column::Shipped, Expr::value(units.shipped))
            .col_expr(order_line::Column::Cancelled, Expr::value(units.cancelled))
            .filter(order_line::Column::OrderId.eq(before.id))
            .filter(order_line::Column::LineNumber.eq(new.line_number))
            .exec(tx.conn())
            .await?;
    }
    Ok(())
}

/// Audits a change to `record` and queues `orderChanged` for when the transaction commits.
pub async fn announce(
    tx: &TenantTx,
    access: &Access,
    record: &OrderRecord,
    action: AuditAction,
    what: &str,
) -> Result<(), ServiceError> {
    audit::record(
        tx.conn(),
        tx.tenant_id(),
        action,
        &access.actor,
        &format!("order {}: {what}", record.number),
    )
    .await?;
    events::enqueue(
        tx,
        EventPayload::OrderChanged {
            tenant_id: tx.tenant_id(),
            order: Box::new(record.clone()),
        },
    )
    .await?;
    Ok(())
}
