//! Backorders (引当待ち) filled when stock arrives: a receipt, a transfer in, a return, a
//! count or an adjustment that leaves more available at a location hands it to the orders
//! waiting there, oldest order first, in the same transaction that brought it.

use std::collections::BTreeSet;

use kura_shared::{OrderStatus, derive_status};
use sea_orm::{ColumnTrait, DbBackend, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::{
    OrderRecord,
    allocation::{available, distinct, hold, key, share},
    read, write,
};
use crate::events::StockLevelState;
use crate::services::{
    ServiceError, access::Access, accounts::audit::AuditAction, idempotency::Stop,
};
use crate::store::{
    stock::{self, RowKey},
    tenant::{
        TenantTx,
        records::{order, order_line},
    },
};

/// Gives the stock that became available on `rows` to the orders waiting for it there,
/// oldest first; the states of the rows whose `allocated` rose. One query when nobody
/// waits. The rows must already be locked by `tx` (they just changed in it), so the orders
/// are locked after them, as every order command does. `passing_over` is the order that
/// let the stock go, if one did: it never takes back what it just released.
pub async fn fill(
    tx: &TenantTx,
    access: &Access,
    rows: &[RowKey],
    passing_over: Option<Uuid>,
) -> Result<Vec<StockLevelState>, ServiceError> {
    let risen: BTreeSet<RowKey> = rows.iter().copied().collect();
    let waiting_lines = tx
        .select::<order_line::Model>()
        .filter(order_line::Column::VariantId.is_in(risen.iter().map(|k| k.variant_id)))
        .filter(order_line::Column::Backordered.gt(0))
        .filter(order_line::Column::OrderId.ne(passing_over.unwrap_or_default()))
        .all(tx.conn())
        .await?;
    if waiting_lines.is_empty() {
        return Ok(Vec::new());
    }
    let mut heads = tx
        .select::<order::Model>()
        .filter(order::Column::Id.is_in(waiting_lines.iter().map(|l| l.order_id)))
        .filter(order::Column::LocationId.is_in(risen.iter().map(|k| k.location_id)))
        .filter(
            order::Column::Status.is_in([OrderStatus::Backordered, OrderStatus::PartiallyShipped]),
        )
        .order_by_asc(order::Column::OrderedAt)
        .order_by_asc(order::Column::Id);
    if tx.backend() == DbBackend::Postgres {
        heads = heads.lock_exclusive();
    }
    let orders = read::with_lines(tx, heads.all(tx.conn()).await?).await?;
    let needs = waiting_needs(&orders, &risen);
    if needs.is_empty() {
        return Ok(Vec::new());
    }
    let wants: Vec<(RowKey, i64)> = needs.iter().map(|(_, _, at, n)| (*at, *n)).collect();
    let locked = stock::lock_rows(tx, &distinct(&wants)).await?;
    let takes = share(&wants, &available(&locked));
    let mut filled: Vec<OrderRecord> = orders.clone();
    for ((o, l, _, _), taken) in needs.iter().zip(&takes) {
        let line = &mut filled[*o].lines[*l];
        line.units = line.units.fill(*taken);
    }
    let held = hold(tx, &wants, &takes).await?;
    for (before, mut after) in orders.iter().zip(filled) {
        if before.lines == after.lines {
            continue;
        }
        after.status = derive_status(&after.units());
        write::save(tx, before, &mut after)
            .await
            .map_err(|stop| match stop {
                Stop::Failed(e) => e,
                Stop::Raced => ServiceError::internal("an order changed under its row lock"),
            })?;
        let units: i64 = before
            .lines
            .iter()
            .zip(&after.lines)
            .map(|(b, a)| a.units.allocated - b.units.allocated)
            .fold(0, i64::saturating_add);
        write::announce(
            tx,
            access,
            &after,
            AuditAction::OrderConfirmed,
            &format!("{units} backordered units allocated from arriving stock"),
        )
        .await?;
    }
    Ok(held)
}

/// What the lines of `orders` wait for on the rows in `risen`: `(order index, line index,
/// row, units)`, in the orders' order (oldest first).
fn waiting_needs(
    orders: &[OrderRecord],
    risen: &BTreeSet<RowKey>,
) -> Vec<(usize, usize, RowKey, i64)> {
    orders
        .iter()
        .enumerate()
        .flat_map(|(o, order)| {
            order.lines.iter().enumerate().filter_map(move |(l, line)| {
                let at = key(line.variant_id, order.location_id);
                (line.units.backordered > 0).then_some((o, l, at, line.units.backordered))
            })
        })
        .filter(|(_, _, at, _)| risen.contains(at))
        .collect()
}
