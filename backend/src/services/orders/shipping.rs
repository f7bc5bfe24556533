//! Shipping (出荷): goods leave the order's location. On hand and allocated both fall by what
//! left (a `SHIPMENT` movement in the ledger), the lines count it shipped, and the shipment
//! is written once and never changes: a correction is a return.

use std::collections::BTreeMap;

use chrono::Utc;
use kura_shared::{Carrier, MovementReason, OrderStatus, ValidationError, derive_status};
use sea_orm::{ColumnTrait, DatabaseConnection, QueryFilter};
use uuid::Uuid;

use super::{
    NewShipment, OrderRecord, ShipmentRecord,
    allocation::key,
    numbers,
    picks::{self, Picking, invalid},
    read, write,
};
use crate::services::{
    ServiceError,
    access::Access,
    accounts::audit::AuditAction,
    idempotency::{self, Command, Key, Stop},
    stock::inventory::{self, Posting, Reference},
    text,
};
use crate::store::{
    stock::{self, Delta, Guard, RowKey},
    tenant::{
        TenantTx,
        records::{shipment, shipment_line},
    },
};

/// Ships units of an order's allocated lines. A repeat with the same idempotency key
/// returns the first shipment.
pub async fn ship(
    db: &DatabaseConnection,
    access: &Access,
    input: NewShipment,
) -> Result<ShipmentRecord, ServiceError> {
    picks::check(&input.lines, Picking::Shipment)?;
    if input.carrier == Carrier::StorePickup {
        return Err(ValidationError::new(
            "shipment.carrier",
            "A store pickup is handed over with handOverOrder, not shipped",
        )
        .with_field("carrier")
        .into());
    }
    let tracking = text::optional(
        input.tracking_number.as_deref().unwrap_or_default(),
        64,
        "trackingNumber",
    )?;
    let note = text::optional(input.note.as_deref().unwrap_or_default(), 500, "note")?;
    let key = Key::parse("shipOrder", input.idempotency_key.as_deref())?;
    let command = Ship {
        access,
        input: &input,
        tracking,
        note,
    };
    idempotency::once(db, access.tenant_id, key.as_ref(), &command).await
}

struct Ship<'a> {
    access: &'a Access,
    input: &'a NewShipment,
    tracking: String,
    note: String,
}

impl Command for Ship<'_> {
    type Answer = ShipmentRecord;

    async fn replay(&self, tx: &TenantTx, earlier: Uuid) -> Result<ShipmentRecord, ServiceError> {
        shipment_in(tx, earlier).await
    }

    async fn run(&self, tx: &TenantTx) -> Result<(ShipmentRecord, Uuid), Stop> {
        let before = read::load(tx, self.access, self.input.order_id).await?;
        if !before.status.can_ship() {
            return Err(ServiceError::Conflict {
                message: format!(
                    "Order {} cannot ship while it is {}",
                    before.number, before.status
                ),
                field: Some("orderId"),
            }
            .into());
        }
        let how = Leaving {
            lines: &self.input.lines,
            carrier: self.input.carrier,
            tracking: &self.tracking,
            note: &self.note,
            handover: false,
        };
        let (_, record) = leave(tx, self.access, &before, &how).await?;
        Ok((record.clone(), record.id))
    }
}

/// One shipment with its lines, for a repeat of the call that wrote it.
pub(super) async fn shipment_in(tx: &TenantTx, id: Uuid) -> Result<ShipmentRecord, ServiceError> {
    let heads = tx
        .select::<shipment::Model>()
        .filter(shipment::Column::Id.eq(id))
        .all(tx.conn())
        .await?;
    read::shipments_with_lines(tx, heads)
        .await?
        .pop()
        .ok_or(ServiceError::NotFound("Shipment"))
}

/// How goods leave: which lines and units, with whom, and whether it is a store handover
/// (which completes the order) rather than a shipment.
pub(super) struct Leaving<'a> {
    /// `(line number, units)`.
    pub lines: &'a [(i32, i64)],
    pub carrier: Carrier,
    pub tracking: &'a str,
    pub note: &'a str,
    pub handover: bool,
}

/// Goods leave for `before` as `how` says: the lines count them shipped, the shipment is
/// written, on hand and allocated fall, and the change is audited. The order and the
/// shipment as they are now.
pub(super) async fn leave(
    tx: &TenantTx,
    access: &Access,
    before: &OrderRecord,
    how: &Leaving<'_>,
) -> Result<(OrderRecord, ShipmentRecord), Stop> {
    access.locations.check(before.location_id)?;
    let mut after = shipped(before, how.lines)?;
    if how.handover && after.status == OrderStatus::Shipped {
        after.status = OrderStatus::Completed;
    }
    let leaving = leaving(before, how.lines);
    stock::lock_rows(tx, &leaving.keys().copied().collect::<Vec<_>>()).await?;
    write::save(tx, before, &mut after).await?;
    let record = insert(tx, access, before, how).await?;
    post(tx, access, before, &record, leaving).await?;
    let units = how
        .lines
        .iter()
        .map(|(_, u)| *u)
        .fold(0, i64::saturating_add);
    let (action, what) = if how.handover {
        (
            AuditAction::OrderHandedOver,
            format!("{units} units handed over at the store ({})", record.number),
        )
    } else {
        let by = match record.tracking_number.as_str() {
            "" => record.carrier.to_string(),
            number => format!("{} {number}", record.carrier),
        };
        (
            AuditAction::OrderShipped,
            format!("shipped {units} units on {} by {by}", record.number),
        )
    };
    write::announce(tx, access, &after, action, &what).await?;
    Ok((after, record))
}

/// The order after shipping `lines`: each takes from what its line has allocated.
fn shipped(before: &OrderRecord, lines: &[(i32, i64)]) -> Result<OrderRecord, ServiceError> {
    let mut after = before.clone();
    for (number, units) in lines {
        let line = after
            .lines
            .iter_mut()
            .find(|l| l.line_number == *number)
            .ok_or_else(|| {
                invalid(
                    "shipment.unknown_line",
                    format!("The order has no line {number}"),
                )
            })?;
        line.units = line
            .units
            .ship(*units)
            .map_err(|e| ServiceError::from(ValidationError::from(e).with_field("lines")))?;
    }
    after.status = derive_status(&after.units());
    Ok(after)
}

/// The units leaving each stock row.
fn leaving(order: &OrderRecord, lines: &[(i32, i64)]) -> BTreeMap<RowKey, i64> {
    let mut rows = BTreeMap::new();
    for (number, units) in lines {
        if let Some(line) = order.lines.iter().find(|l| l.line_number == *number) {
            *rows
                .entry(key(line.variant_id, order.location_id))
                .or_default() += units;
        }
    }
    rows
}

/// Writes the shipment and its lines (two statements).
async fn insert(
    tx: &TenantTx,
    access: &Access,
    order: &OrderRecord,
    how: &Leaving<'_>,
) -> Result<ShipmentRecord, ServiceError> {
    let company = tx.company().await?;
    let number = numbers::next(tx, numbers::SHIPMENT, &company.time_zone).await?;
    let now = Utc::now();
    let id = Uuid::now_v7();
    tx.insert(shipment::ActiveModel::from(shipment::Model {
        tenant_id: tx.tenant_id(),
        id,
        number: number.clone(),
        order_id: order.id,
        location_id: order.location_id,
        carrier: how.carrier,
        tracking_number: how.tracking.to_owned(),
        note: how.note.to_owned(),
        shipped_at: now,
        actor_user_id: access.actor.user_id,
        actor_api_key: access.actor.api_key_prefix.clone(),
        created_at: now,
        invoice_id: None,
    }))
    .await?;
    let lines: Vec<(i32, Uuid, i64)> = how
        .lines
        .iter()
        .filter_map(|(number, units)| {
            let line = order.lines.iter().find(|l| l.line_number == *number)?;
            Some((*number, line.variant_id, *units))
        })
        .collect();
    tx.insert_many(
        lines
            .iter()
            .map(|(number, variant_id, units)| {
                shipment_line::ActiveModel::from(shipment_line::Model {
                    tenant_id: tx.tenant_id(),
                    shipment_id: id,
                    line_number: *number,
                    order_id: order.id,
                    variant_id: *variant_id,
                    quantity: *units,
                })
            })
            .collect(),
    )
    .await?;
    Ok(ShipmentRecord {
        id,
        number,
        order_id: order.id,
        location_id: order.location_id,
        carrier: how.carrier,
        tracking_number: how.tracking.to_owned(),
        note: how.note.to_owned(),
        shipped_at: now,
        lines,
    })
}

/// On hand and allocated both fall by what left, with a `SHIPMENT` movement per row.
async fn post(
    tx: &TenantTx,
    access: &Access,
    order: &OrderRecord,
    shipment: &ShipmentRecord,
    leaving: BTreeMap<RowKey, i64>,
) -> Result<(), ServiceError> {
    let postings = leaving
        .into_iter()
        .map(|(key, units)| Posting {
            key,
            delta: Delta {
                on_hand: -units,
                allocated: -units,
                ..Delta::default()
            },
            guard: Guard::None,
            reason: MovementReason::Shipment,
            note: format!("Shipment {} for order {}", shipment.number, order.number),
        })
        .collect();
    inventory::post(
        tx,
        access,
        postings,
        Some(Reference {
            kind: "SHIPMENT",
            id: shipment.id,
        }),
    )
    .await?;
    Ok(())
}
