//! Allocation (在庫引当): confirming an order, or approving one held past its customer's
//! credit limit, holds what its location has available for each line, in line order, and
//! backorders the rest. Never oversells: the stock rows are locked first, the split is
//! worked out from what they hold, and the rows change by exactly that, all in the
//! transaction that changes the order.

use std::collections::{BTreeMap, BTreeSet};

use chrono::Utc;
use kura_shared::{OrderStatus, derive_status};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::{OrderRecord, credit, read, write};
use crate::events::{self, EventPayload, StockLevelState};
use crate::services::{
    ServiceError,
    access::Access,
    accounts::audit::AuditAction,
    channels::stock_sync,
    idempotency::{self, Attempt, Stop},
};
use crate::store::{
    stock::{self, Delta, RowKey},
    tenant::{TenantTx, records::stock_level},
};

/// Confirms an order: allocates what its location has, backorders the rest. Confirming a
/// confirmed (or later) order returns it as it is; a held or cancelled one is a conflict.
pub async fn confirm(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
) -> Result<OrderRecord, ServiceError> {
    idempotency::retrying(db, access.tenant_id, &Confirm { access, id }).await
}

struct Confirm<'a> {
    access: &'a Access,
    id: Uuid,
}

impl Attempt for Confirm<'_> {
    type Output = OrderRecord;

    async fn attempt(&self, tx: &TenantTx) -> Result<OrderRecord, Stop> {
        let order = read::load(tx, self.access, self.id).await?;
        confirm_in(tx, self.access, order).await
    }
}

/// [`confirm`] inside `tx`, for an order already loaded. An order past its customer's
/// credit limit is held (`ON_HOLD`, nothing allocated) instead, for [`approve`].
pub(super) async fn confirm_in(
    tx: &TenantTx,
    access: &Access,
    before: OrderRecord,
) -> Result<OrderRecord, Stop> {
    match before.status {
        OrderStatus::Draft => {}
        OrderStatus::OnHold => {
            return Err(conflict("This order waits for a manager's approval").into());
        }
        OrderStatus::Cancelled => return Err(conflict("This order is cancelled").into()),
        _ => return Ok(before),
    }
    access.locations.check(before.location_id)?;
    if let Some(figures) = credit::check(tx, &before).await?
        && figures.over_limit()
    {
        let mut after = before.clone();
        after.status = OrderStatus::OnHold;
        write::save(tx, &before, &mut after).await?;
        let what = format!("held for approval: {}", figures.describe());
        write::announce(tx, access, &after, AuditAction::OrderHeld, &what).await?;
        return Ok(after);
    }
    allocate(tx, access, before, AuditAction::OrderConfirmed, "confirmed").await
}

/// Approves an order held past its customer's credit limit (managers), which then
/// allocates like [`confirm`]. Approving an approved order returns it as it is; a draft
/// (not held) or cancelled one is a conflict.
pub async fn approve(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
) -> Result<OrderRecord, ServiceError> {
    idempotency::retrying(db, access.tenant_id, &Approve { access, id }).await
}

struct Approve<'a> {
    access: &'a Access,
    id: Uuid,
}

impl Attempt for Approve<'_> {
    type Output = OrderRecord;

    async fn attempt(&self, tx: &TenantTx) -> Result<OrderRecord, Stop> {
        let before = read::load(tx, self.access, self.id).await?;
        match before.status {
            OrderStatus::OnHold => {}
            OrderStatus::Draft => {
                return Err(conflict("This order is not held; confirm it").into());
            }
            OrderStatus::Cancelled => return Err(conflict("This order is cancelled").into()),
            _ => return Ok(before),
        }
        self.access.locations.check(before.location_id)?;
        let figures = credit::check(tx, &before).await?;
        let what = match figures {
            Some(figures) => format!("approved past the credit limit: {}", figures.describe()),
            None => "approved (the customer no longer has a credit limit)".to_owned(),
        };
        allocate(tx, self.access, before, AuditAction::OrderApproved, &what).await
    }
}

/// Allocates what the order's location has for each line and backorders the rest; audits
/// the change as `action`.
async fn allocate(
    tx: &TenantTx,
    access: &Access,
    before: OrderRecord,
    action: AuditAction,
    what: &str,
) -> Result<OrderRecord, Stop> {
    let needs: Vec<(RowKey, i64)> = before
        .lines
        .iter()
        .map(|l| (key(l.variant_id, before.location_id), l.units.quantity))
        .collect();
    let rows = stock::lock_rows(tx, &distinct(&needs)).await?;
    let takes = share(&needs, &available(&rows));
    let mut after = before.clone();
    for (line, taken) in after.lines.iter_mut().zip(&takes) {
        line.units = line.units.confirm(*taken);
    }
    after.status = derive_status(&after.units());
    after.confirmed_at = Some(Utc::now());
    write::save(tx, &before, &mut after).await?;
    hold(tx, &needs, &takes).await?;
    let (held, waiting) = after.lines.iter().fold((0, 0), |(h, w), l| {
        (h + l.units.allocated, w + l.units.backordered)
    });
    write::announce(
        tx,
        access,
        &after,
        action,
        &format!("{what}, {held} units allocated, {waiting} backordered"),
    )
    .await?;
    Ok(after)
}

fn conflict(message: &str) -> ServiceError {
    ServiceError::Conflict {
        message: message.to_owned(),
        field: Some("id"),
    }
}

/// A variant's stock row at a location.
pub(super) fn key(variant_id: Uuid, location_id: Uuid) -> RowKey {
    RowKey {
        variant_id,
        location_id,
    }
}

/// The rows the needs touch, once each, in lock order.
pub(super) fn distinct(needs: &[(RowKey, i64)]) -> Vec<RowKey> {
    needs
        .iter()
        .map(|(key, _)| *key)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// What each row can still promise: on hand less allocated, never below zero.
pub(super) fn available(rows: &[stock_level::Model]) -> BTreeMap<RowKey, i64> {
    rows.iter()
        .map(|row| (stock::key_of(row), (row.on_hand - row.allocated).max(0)))
        .collect()
}

/// How much of each need is met, first come first served: each takes what its row still
/// has after the needs before it.
pub(super) fn share(needs: &[(RowKey, i64)], available: &BTreeMap<RowKey, i64>) -> Vec<i64> {
    let mut left = available.clone();
    needs
        .iter()
        .map(|(key, need)| {
            let there = left.entry(*key).or_default();
            let taken = (*need).min(*there).max(0);
            *there -= taken;
            taken
        })
        .collect()
}

/// Locks every row a move touches — the ones an order lets go of and the ones it needs —
/// once, in key order, as every order command locks, and shares out what the needed rows
/// have available, first come first served (what each need takes).
pub(super) async fn lock_and_share(
    tx: &TenantTx,
    letting_go: impl IntoIterator<Item = RowKey>,
    needs: &[(RowKey, i64)],
) -> Result<Vec<i64>, sea_orm::DbErr> {
    let mut rows: Vec<RowKey> = letting_go.into_iter().collect();
    rows.extend(distinct(needs));
    rows.sort_unstable();
    rows.dedup();
    let locked = stock::lock_rows(tx, &rows).await?;
    Ok(share(needs, &available(&locked)))
}

/// Raises `allocated` on each row by what the needs took (one statement), and announces
/// the rows that changed; their states as they are now.
pub(super) async fn hold(
    tx: &TenantTx,
    needs: &[(RowKey, i64)],
    takes: &[i64],
) -> Result<Vec<StockLevelState>, ServiceError> {
    let mut per_row: BTreeMap<RowKey, i64> = BTreeMap::new();
    for ((key, _), taken) in needs.iter().zip(takes) {
        *per_row.entry(*key).or_default() += taken;
    }
    let changes: Vec<(RowKey, Delta)> = per_row
        .into_iter()
        .filter(|(_, taken)| *taken > 0)
        .map(|(key, taken)| {
            (
                key,
                Delta {
                    allocated: taken,
                    ..Delta::default()
                },
            )
        })
        .collect();
    let changed = stock::apply_many(tx, &changes).await?;
    let keys: Vec<RowKey> = changed.iter().map(stock::key_of).collect();
    let mut states = Vec::with_capacity(changed.len());
    for row in changed {
        let level = StockLevelState::from(row);
        events::enqueue(
            tx,
            EventPayload::StockLevelChanged {
                tenant_id: tx.tenant_id(),
                level: level.clone(),
                movement: None,
            },
        )
        .await?;
        states.push(level);
    }
    stock_sync::enqueue_for_changes(tx, &keys).await?;
    Ok(states)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needs_are_met_first_come_first_served_and_never_beyond_what_is_there() {
        let (a, b) = (
            key(Uuid::from_u128(1), Uuid::from_u128(9)),
            key(Uuid::from_u128(2), Uuid::from_u128(9)),
        );
        let available = BTreeMap::from([(a, 5), (b, 0)]);
        let needs = [(a, 3), (b, 2), (a, 3), (a, 1)];
        assert_eq!(share(&needs, &available), [3, 0, 2, 0]);
    }

    #[test]
    fn a_row_that_is_not_there_has_nothing() {
        let a = key(Uuid::from_u128(1), Uuid::from_u128(9));
        assert_eq!(share(&[(a, 4)], &BTreeMap::new()), [0]);
    }
}
