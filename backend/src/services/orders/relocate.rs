//! Moving an order to another fulfilment location (出荷元変更): the order lets go of what it
//! holds where it is (those units go on to the orders waiting there) and allocates at the
//! new location what is available, backordering the rest there. What has shipped stays
//! shipped, from where it left.

use std::collections::BTreeSet;

use kura_shared::{LineUnits, OrderStatus, derive_status};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::{
    OrderRecord,
    allocation::{hold, key, lock_and_share},
    cancel::{held, release},
    read, write,
};
use crate::services::{
    ServiceError,
    access::Access,
    accounts::audit::AuditAction,
    idempotency::{self, Attempt, Stop},
    stock::inventory,
};
use crate::store::tenant::TenantTx;

/// Moves an open order to `location_id`. Moving it where it already is returns it as it is;
/// a draft, held, finished or store-pickup order is a conflict.
pub async fn relocate(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
    location_id: Uuid,
) -> Result<OrderRecord, ServiceError> {
    idempotency::retrying(
        db,
        access.tenant_id,
        &Relocate {
            access,
            id,
            location_id,
        },
    )
    .await
}

struct Relocate<'a> {
    access: &'a Access,
    id: Uuid,
    location_id: Uuid,
}

impl Attempt for Relocate<'_> {
    type Output = OrderRecord;

    async fn attempt(&self, tx: &TenantTx) -> Result<OrderRecord, Stop> {
        let before = read::load(tx, self.access, self.id).await?;
        if before.location_id == self.location_id {
            return Ok(before);
        }
        if before.pickup_location_id.is_some() {
            return Err(
                conflict("A store pickup is prepared at its store; it does not move").into(),
            );
        }
        if !matches!(
            before.status,
            OrderStatus::Confirmed | OrderStatus::Backordered | OrderStatus::PartiallyShipped
        ) {
            return Err(conflict(&format!(
                "Order {} cannot move while it is {}",
                before.number, before.status
            ))
            .into());
        }
        self.access.locations.check(before.location_id)?;
        self.access.locations.check(self.location_id)?;
        inventory::check_locations(tx, &BTreeSet::from([self.location_id])).await?;

        let released = held(&before);
        let needs: Vec<_> = before
            .lines
            .iter()
            .map(|l| {
                (
                    key(l.variant_id, self.location_id),
                    l.units.allocated + l.units.backordered,
                )
            })
            .collect();
        let takes = lock_and_share(tx, released.keys().copied(), &needs).await?;

        let mut after = before.clone();
        after.location_id = self.location_id;
        for (line, taken) in after.lines.iter_mut().zip(&takes) {
            let open = line.units.allocated + line.units.backordered;
            line.units = LineUnits {
                allocated: *taken,
                backordered: open - taken,
                ..line.units
            };
        }
        after.status = derive_status(&after.units());
        write::save(tx, &before, &mut after).await?;
        let note = format!("Order {} moved to another location", before.number);
        release(tx, self.access, &before, released, &note).await?;
        hold(tx, &needs, &takes).await?;
        let (now_held, waiting) = after.lines.iter().fold((0, 0), |(h, w), l| {
            (h + l.units.allocated, w + l.units.backordered)
        });
        write::announce(
            tx,
            self.access,
            &after,
            AuditAction::OrderRelocated,
            &format!(
                "moved to another location: {now_held} units allocated there, {waiting} backordered"
            ),
        )
        .await?;
        Ok(after)
    }
}

fn conflict(message: &str) -> ServiceError {
    ServiceError::Conflict {
        message: message.to_owned(),
        field: Some("id"),
    }
}
