//! Store pickup (BOPIS, 店舗受取): an order with a pickup store is allocated there; once
//! everything is allocated the store prepares it and marks it ready (`READY_FOR_PICKUP`,
//! the moment a customer is told to come — `orderChanged` carries it to partners), and
//! hands it over when the customer comes, which takes the goods out of stock like a
//! shipment and completes the order. Orders ready for longer than the store wants are the
//! "uncollected" list (`orders(status: READY_FOR_PICKUP, readyBefore: …)`).

use chrono::{SubsecRound, Utc};
use kura_shared::{Carrier, OrderStatus};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::{
    OrderRecord, ShipmentRecord, read,
    shipping::{self, Leaving},
    write,
};
use crate::services::{
    ServiceError,
    access::Access,
    accounts::audit::AuditAction,
    idempotency::{self, Attempt, Command, Key, Stop},
    text,
};
use crate::store::tenant::TenantTx;

fn conflict(message: String) -> ServiceError {
    ServiceError::Conflict {
        message,
        field: Some("id"),
    }
}

/// The pickup store of a pickup order, or a conflict for an order that is delivered.
fn pickup_store(order: &OrderRecord) -> Result<Uuid, ServiceError> {
    order.pickup_location_id.ok_or_else(|| {
        conflict(format!(
            "Order {} is delivered, not collected at a store",
            order.number
        ))
    })
}

/// Marks a pickup order ready for its customer. Everything must be allocated; marking a
/// ready order again returns it as it is.
pub async fn mark_ready(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
) -> Result<OrderRecord, ServiceError> {
    idempotency::retrying(db, access.tenant_id, &MarkReady { access, id }).await
}

struct MarkReady<'a> {
    access: &'a Access,
    id: Uuid,
}

impl Attempt for MarkReady<'_> {
    type Output = OrderRecord;

    async fn attempt(&self, tx: &TenantTx) -> Result<OrderRecord, Stop> {
        let before = read::load(tx, self.access, self.id).await?;
        let store = pickup_store(&before)?;
        match before.status {
            OrderStatus::Confirmed => {}
            OrderStatus::ReadyForPickup => return Ok(before),
            OrderStatus::Backordered => {
                return Err(conflict(format!(
                    "Order {} still waits for stock; it is ready once everything is allocated",
                    before.number
                ))
                .into());
            }
            status => {
                return Err(conflict(format!(
                    "Order {} cannot be made ready while it is {status}",
                    before.number
                ))
                .into());
            }
        }
        self.access.locations.check(store)?;
        let mut after = before.clone();
        after.status = OrderStatus::ReadyForPickup;
        // Microseconds, as the database keeps it: the answer matches every later read.
        after.ready_at = Some(Utc::now().trunc_subsecs(6));
        write::save(tx, &before, &mut after).await?;
        write::announce(
            tx,
            self.access,
            &after,
            AuditAction::OrderReadyForPickup,
            "ready for pickup",
        )
        .await?;
        Ok(after)
    }
}

/// Hands a ready pickup order over to its customer at the store: everything allocated
/// leaves stock on a shipment carried by `STORE_PICKUP`, and the order is `COMPLETED`. A
/// repeat with the same idempotency key returns the first handover.
pub async fn hand_over(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
    note: Option<&str>,
    idempotency_key: Option<&str>,
) -> Result<ShipmentRecord, ServiceError> {
    let note = text::optional(note.unwrap_or_default(), 500, "note")?;
    let key = Key::parse("handOverOrder", idempotency_key)?;
    idempotency::once(
        db,
        access.tenant_id,
        key.as_ref(),
        &HandOver { access, id, note },
    )
    .await
}

struct HandOver<'a> {
    access: &'a Access,
    id: Uuid,
    note: String,
}

impl Command for HandOver<'_> {
    type Answer = ShipmentRecord;

    async fn replay(&self, tx: &TenantTx, earlier: Uuid) -> Result<ShipmentRecord, ServiceError> {
        shipping::shipment_in(tx, earlier).await
    }

    async fn run(&self, tx: &TenantTx) -> Result<(ShipmentRecord, Uuid), Stop> {
        let before = read::load(tx, self.access, self.id).await?;
        pickup_store(&before)?;
        if before.status != OrderStatus::ReadyForPickup {
            return Err(conflict(format!(
                "Order {} is {}; only an order ready for pickup is handed over",
                before.number, before.status
            ))
            .into());
        }
        let lines: Vec<(i32, i64)> = before
            .lines
            .iter()
            .filter(|l| l.units.allocated > 0)
            .map(|l| (l.line_number, l.units.allocated))
            .collect();
        let how = Leaving {
            lines: &lines,
            carrier: Carrier::StorePickup,
            tracking: "",
            note: &self.note,
            handover: true,
        };
        let (_, record) = shipping::leave(tx, self.access, &before, &how).await?;
        Ok((record.clone(), record.id))
    }
}
