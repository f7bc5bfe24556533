//! Cancelling an order: what it still holds goes back to stock (and on to any order waiting
//! for it), what it waits for stops waiting. What has shipped stays shipped; bringing
//! goods back is a return.

use std::collections::BTreeMap;

use chrono::Utc;
use kura_shared::{MovementReason, OrderStatus, derive_status};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::{OrderRecord, allocation::key, read, write};
use crate::services::{
    ServiceError,
    access::Access,
    accounts::audit::AuditAction,
    idempotency::{self, Attempt, Stop},
    stock::inventory::{self, Posting, Reference},
    text,
};
use crate::store::{
    stock::{self, Delta, Guard, RowKey},
    tenant::TenantTx,
};

/// Cancels what is still open on an order and releases what it held. Cancelling a
/// cancelled order returns it; a shipped or completed one is a conflict.
pub async fn cancel(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
    reason: Option<&str>,
) -> Result<OrderRecord, ServiceError> {
    let reason = text::optional(reason.unwrap_or_default(), 500, "reason")?;
    let command = Cancel {
        access,
        id,
        reason: (!reason.is_empty()).then_some(reason),
    };
    idempotency::retrying(db, access.tenant_id, &command).await
}

struct Cancel<'a> {
    access: &'a Access,
    id: Uuid,
    reason: Option<String>,
}

impl Attempt for Cancel<'_> {
    type Output = OrderRecord;

    async fn attempt(&self, tx: &TenantTx) -> Result<OrderRecord, Stop> {
        let before = read::load(tx, self.access, self.id).await?;
        if before.status == OrderStatus::Cancelled {
            return Ok(before);
        }
        if before.status.is_final() {
            return Err(ServiceError::Conflict {
                message: format!(
                    "Order {} has shipped; take goods back with a return",
                    before.number
                ),
                field: Some("id"),
            }
            .into());
        }
        self.access.locations.check(before.location_id)?;
        let released = held(&before);
        // Rows before the order, as every order command locks them.
        stock::lock_rows(tx, &released.keys().copied().collect::<Vec<_>>()).await?;
        let mut after = before.clone();
        for line in &mut after.lines {
            line.units = line.units.cancel_open();
        }
        after.status = match before.status {
            OrderStatus::Draft | OrderStatus::OnHold => OrderStatus::Cancelled,
            _ => derive_status(&after.units()),
        };
        after.cancelled_at = Some(Utc::now());
        after.cancel_reason = self.reason.clone();
        write::save(tx, &before, &mut after).await?;
        let note = format!("Order {} cancelled", after.number);
        release(tx, self.access, &after, released, &note).await?;
        let what = match &self.reason {
            Some(reason) => format!("cancelled: {reason}"),
            None => "cancelled".to_owned(),
        };
        write::announce(tx, self.access, &after, AuditAction::OrderCancelled, &what).await?;
        Ok(after)
    }
}

/// What an order holds, per stock row.
pub(super) fn held(order: &OrderRecord) -> BTreeMap<RowKey, i64> {
    let mut rows = BTreeMap::new();
    for line in order.lines.iter().filter(|l| l.units.allocated > 0) {
        *rows
            .entry(key(line.variant_id, order.location_id))
            .or_default() += line.units.allocated;
    }
    rows
}

/// Gives `released` units back to the rows' available stock (through the ledger, which
/// hands them on to any order waiting there), noting why.
pub(super) async fn release(
    tx: &TenantTx,
    access: &Access,
    order: &OrderRecord,
    released: BTreeMap<RowKey, i64>,
    note: &str,
) -> Result<(), ServiceError> {
    let postings = released
        .into_iter()
        .map(|(key, units)| Posting {
            key,
            delta: Delta {
                allocated: -units,
                ..Delta::default()
            },
            guard: Guard::None,
            reason: MovementReason::Other,
            note: note.to_owned(),
        })
        .collect();
    inventory::post(
        tx,
        access,
        postings,
        Some(Reference {
            kind: "ORDER",
            id: order.id,
        }),
    )
    .await?;
    Ok(())
}
