//! Releasing an allocation (引当解除): staff let go of units an order holds so that other
//! orders, or the channels, can have them. The released units go back to the location's
//! available stock, on to the other orders waiting there (oldest first) but never straight
//! back to this one, and the line waits for them again like any backorder. A pickup that is
//! ready at the counter is handed over or cancelled, not released.

use std::collections::BTreeMap;

use kura_shared::{OrderStatus, ValidationError, derive_status};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::{
    OrderRecord,
    allocation::key,
    cancel::release,
    picks::{self, Picking, invalid},
    read, write,
};
use crate::services::{
    ServiceError,
    access::Access,
    accounts::audit::AuditAction,
    idempotency::{self, Attempt, Stop},
};
use crate::store::{stock, tenant::TenantTx};

/// Releases `(line number, units)` of what an open order holds; each at most what its line
/// has allocated.
pub async fn release_allocation(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
    lines: Vec<(i32, i64)>,
) -> Result<OrderRecord, ServiceError> {
    picks::check(&lines, Picking::Release)?;
    idempotency::retrying(db, access.tenant_id, &Release { access, id, lines }).await
}

struct Release<'a> {
    access: &'a Access,
    id: Uuid,
    lines: Vec<(i32, i64)>,
}

impl Attempt for Release<'_> {
    type Output = OrderRecord;

    async fn attempt(&self, tx: &TenantTx) -> Result<OrderRecord, Stop> {
        let before = read::load(tx, self.access, self.id).await?;
        if !matches!(
            before.status,
            OrderStatus::Confirmed | OrderStatus::Backordered | OrderStatus::PartiallyShipped
        ) {
            return Err(ServiceError::Conflict {
                message: format!(
                    "Order {} holds nothing to release while it is {}",
                    before.number, before.status
                ),
                field: Some("id"),
            }
            .into());
        }
        self.access.locations.check(before.location_id)?;
        let mut after = before.clone();
        let mut released = BTreeMap::new();
        for (number, units) in &self.lines {
            let line = after
                .lines
                .iter_mut()
                .find(|l| l.line_number == *number)
                .ok_or_else(|| {
                    invalid(
                        "release.unknown_line",
                        format!("The order has no line {number}"),
                    )
                })?;
            line.units = line
                .units
                .release(*units)
                .map_err(|e| ServiceError::from(ValidationError::from(e).with_field("lines")))?;
            *released
                .entry(key(line.variant_id, before.location_id))
                .or_default() += units;
        }
        after.status = derive_status(&after.units());
        stock::lock_rows(tx, &released.keys().copied().collect::<Vec<_>>()).await?;
        write::save(tx, &before, &mut after).await?;
        let units = self
            .lines
            .iter()
            .map(|(_, u)| *u)
            .fold(0, i64::saturating_add);
        let note = format!("Order {}: {units} allocated units released", before.number);
        release(tx, self.access, &after, released, &note).await?;
        write::announce(
            tx,
            self.access,
            &after,
            AuditAction::OrderAllocationReleased,
            &format!("released {units} allocated units; they wait for stock again"),
        )
        .await?;
        Ok(after)
    }
}
