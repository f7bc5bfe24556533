//! The writes every order command shares: a new order's rows, a changed order's head and
//! lines, and the audit entry and `orderChanged` event that go with every change.

use chrono::Utc;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, QueryFilter, Statement, sea_query::Expr,
};
use uuid::Uuid;

use super::{OrderLineRecord, OrderRecord, draft::OrderRows};
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
/// units moved, all in one statement (a split changes a line's quantity and amount too).
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
    let changed: Vec<&OrderLineRecord> = before
        .lines
        .iter()
        .zip(&after.lines)
        .filter(|(old, new)| old.units != new.units)
        .map(|(_, new)| new)
        .collect();
    save_lines(tx, before.id, &changed).await?;
    Ok(())
}

/// Writes the units (and quantity and amount) of `lines` of order `order_id`: on
/// PostgreSQL in one statement, on SQLite (in-process, no round trips) one per line.
async fn save_lines(
    tx: &TenantTx,
    order_id: Uuid,
    lines: &[&OrderLineRecord],
) -> Result<(), DbErr> {
    if tx.backend() != DbBackend::Postgres || lines.len() < 2 {
        for line in lines {
            let units = line.units;
            tx.update::<order_line::Model>()
                .col_expr(order_line::Column::Quantity, Expr::value(units.quantity))
                .col_expr(order_line::Column::Amount, Expr::value(line.amount))
                .col_expr(order_line::Column::Allocated, Expr::value(units.allocated))
                .col_expr(
                    order_line::Column::Backordered,
                    Expr::value(units.backordered),
                )
                .col_expr(order_line::Column::Shipped, Expr::value(units.shipped))
                .col_expr(order_line::Column::Cancelled, Expr::value(units.cancelled))
                .filter(order_line::Column::OrderId.eq(order_id))
                .filter(order_line::Column::LineNumber.eq(line.line_number))
                .exec(tx.conn())
                .await?;
        }
        return Ok(());
    }
    let mut values: Vec<sea_orm::Value> = vec![tx.tenant_id().into(), order_id.into()];
    let mut rows = Vec::with_capacity(lines.len());
    for line in lines {
        let at = values.len();
        rows.push(format!(
            "SELECT CAST(${} AS integer) AS line_number, CAST(${} AS bigint) AS quantity, \
             CAST(${} AS bigint) AS amount, CAST(${} AS bigint) AS allocated, \
             CAST(${} AS bigint) AS backordered, CAST(${} AS bigint) AS shipped, \
             CAST(${} AS bigint) AS cancelled",
            at + 1,
            at + 2,
            at + 3,
            at + 4,
            at + 5,
            at + 6,
            at + 7
        ));
        let units = line.units;
        values.extend([
            line.line_number.into(),
            units.quantity.into(),
            line.amount.into(),
            units.allocated.into(),
            units.backordered.into(),
            units.shipped.into(),
            units.cancelled.into(),
        ]);
    }
    let sql = format!(
        "UPDATE order_lines SET quantity = v.quantity, amount = v.amount, \
         allocated = v.allocated, backordered = v.backordered, shipped = v.shipped, \
         cancelled = v.cancelled FROM ({}) AS v \
         WHERE order_lines.tenant_id = $1 AND order_lines.order_id = $2 \
         AND order_lines.line_number = v.line_number",
        rows.join(" UNION ALL ")
    );
    tx.conn()
        .execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            sql,
            values,
        ))
        .await?;
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
