//! Returns (返品) against a shipment: goods that left on it come back to a location (the one
//! they left, or another, e.g. a store taking back an online order). What is fit to sell
//! again goes back on the shelf with a `RETURN` movement, which hands it on to any order
//! waiting there; what is damaged is recorded on the return and stays out of stock. A
//! shipment line can never take back more than left on it, and a return, like a shipment, is
//! written once and never changes. Invoicing builds its credit notes from returns.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use kura_shared::MovementReason;
use sea_orm::{ColumnTrait, DatabaseConnection, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::{
    OrderRecord,
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
        records::{order_return, order_return_line, shipment, shipment_line},
    },
};

/// Goods coming back on a shipment.
#[derive(Debug, Clone)]
pub struct NewReturn {
    /// The shipment they left on.
    pub shipment_id: Uuid,
    /// What comes back, per shipment line.
    pub lines: Vec<ReturnedUnits>,
    /// Where they come back to; the shipment's location when not given.
    pub location_id: Option<Uuid>,
    /// Why (free text: 破損, サイズ違い, …).
    pub reason: Option<String>,
    /// A key that makes a repeat of this call return the first return.
    pub idempotency_key: Option<String>,
}

/// Units of one shipment line coming back.
#[derive(Debug, Clone, Copy)]
pub struct ReturnedUnits {
    /// The order line (as on the shipment).
    pub line_number: i32,
    /// Units coming back, at least 1.
    pub quantity: i64,
    /// Of those, the units not fit to sell again.
    pub damaged: i64,
}

/// A return with its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnRecord {
    /// The return.
    pub id: Uuid,
    /// `RT-2026-000012`, gapless per company and year.
    pub number: String,
    /// The order the goods were shipped for.
    pub order_id: Uuid,
    /// The shipment they left on.
    pub shipment_id: Uuid,
    /// Where they came back to.
    pub location_id: Uuid,
    /// Why.
    pub reason: String,
    /// When they came back.
    pub received_at: DateTime<Utc>,
    /// What came back.
    pub lines: Vec<ReturnLineRecord>,
}

/// Units of one order line that came back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReturnLineRecord {
    /// The order line.
    pub line_number: i32,
    /// The variant.
    pub variant_id: Uuid,
    /// Units that came back.
    pub quantity: i64,
    /// Of those, the units put back on the shelf.
    pub restocked: i64,
}

/// Takes goods back on a shipment. A repeat with the same idempotency key returns the
/// first return.
pub async fn take_back(
    db: &DatabaseConnection,
    access: &Access,
    input: NewReturn,
) -> Result<ReturnRecord, ServiceError> {
    let named: Vec<(i32, i64)> = input
        .lines
        .iter()
        .map(|l| (l.line_number, l.quantity))
        .collect();
    picks::check(&named, Picking::Return)?;
    if let Some(line) = input
        .lines
        .iter()
        .find(|l| l.damaged < 0 || l.damaged > l.quantity)
    {
        return Err(invalid(
            "return.damaged",
            format!(
                "Line {}: the damaged units are 0 to the {} coming back",
                line.line_number, line.quantity
            ),
        ));
    }
    let reason = text::optional(input.reason.as_deref().unwrap_or_default(), 500, "reason")?;
    let key = Key::parse("returnShipment", input.idempotency_key.as_deref())?;
    let command = TakeBack {
        access,
        input: &input,
        reason,
    };
    idempotency::once(db, access.tenant_id, key.as_ref(), &command).await
}

struct TakeBack<'a> {
    access: &'a Access,
    input: &'a NewReturn,
    reason: String,
}

impl Command for TakeBack<'_> {
    type Answer = ReturnRecord;

    async fn replay(&self, tx: &TenantTx, earlier: Uuid) -> Result<ReturnRecord, ServiceError> {
        let heads = tx
            .select::<order_return::Model>()
            .filter(order_return::Column::Id.eq(earlier))
            .all(tx.conn())
            .await?;
        with_lines(tx, heads)
            .await?
            .pop()
            .ok_or(ServiceError::NotFound("Return"))
    }

    async fn run(&self, tx: &TenantTx) -> Result<(ReturnRecord, Uuid), Stop> {
        let access = self.access;
        let sent = tx
            .select::<shipment::Model>()
            .filter(shipment::Column::Id.eq(self.input.shipment_id))
            .one(tx.conn())
            .await?
            .filter(|s| access.locations.allows(s.location_id))
            .ok_or(ServiceError::NotFound("Shipment"))?;
        let order = read::load(tx, access, sent.order_id).await?;
        let location_id = self.input.location_id.unwrap_or(sent.location_id);
        access.locations.check(location_id)?;
        inventory::check_locations(tx, &BTreeSet::from([location_id])).await?;
        let lines = self.lines_back(tx, &sent).await?;

        let restocked: BTreeMap<RowKey, i64> =
            lines
                .iter()
                .filter(|l| l.restocked > 0)
                .fold(BTreeMap::new(), |mut rows, l| {
                    *rows.entry(key(l.variant_id, location_id)).or_default() += l.restocked;
                    rows
                });
        // Rows before the order, as every order command locks them; saving the order
        // unchanged takes its version, so two returns on one shipment run one after the
        // other and neither can take back what the other already did.
        stock::lock_rows(tx, &restocked.keys().copied().collect::<Vec<_>>()).await?;
        let mut after = order.clone();
        write::save(tx, &order, &mut after).await?;

        let record = insert(tx, access, &sent, location_id, &self.reason, lines).await?;
        post(tx, access, &order, &record, restocked).await?;
        write::announce(
            tx,
            access,
            &after,
            AuditAction::OrderReturned,
            &describe(&record, &sent.number),
        )
        .await?;
        Ok((record.clone(), record.id))
    }
}

impl TakeBack<'_> {
    /// The return's lines: each names a line of the shipment and takes back at most what
    /// left on it less what earlier returns took back.
    async fn lines_back(
        &self,
        tx: &TenantTx,
        sent: &shipment::Model,
    ) -> Result<Vec<ReturnLineRecord>, ServiceError> {
        let shipped = tx
            .select::<shipment_line::Model>()
            .filter(shipment_line::Column::ShipmentId.eq(sent.id))
            .all(tx.conn())
            .await?;
        let mut back: BTreeMap<i32, i64> = BTreeMap::new();
        for line in tx
            .select::<order_return_line::Model>()
            .filter(order_return_line::Column::ShipmentId.eq(sent.id))
            .all(tx.conn())
            .await?
        {
            *back.entry(line.line_number).or_default() += line.quantity;
        }
        self.input
            .lines
            .iter()
            .map(|wanted| {
                let line = shipped
                    .iter()
                    .find(|s| s.line_number == wanted.line_number)
                    .ok_or_else(|| {
                        invalid(
                            "return.unknown_line",
                            format!(
                                "Shipment {} has no line {}",
                                sent.number, wanted.line_number
                            ),
                        )
                    })?;
                let open = line.quantity - back.get(&line.line_number).copied().unwrap_or(0);
                if wanted.quantity > open {
                    return Err(invalid(
                        "return.more_than_shipped",
                        format!(
                            "Line {}: {} units left on {} and {open} have not come back yet",
                            line.line_number, line.quantity, sent.number
                        ),
                    ));
                }
                Ok(ReturnLineRecord {
                    line_number: line.line_number,
                    variant_id: line.variant_id,
                    quantity: wanted.quantity,
                    restocked: wanted.quantity - wanted.damaged,
                })
            })
            .collect()
    }
}

/// What the audit says: units back, how many restocked.
fn describe(record: &ReturnRecord, shipment_number: &str) -> String {
    let (units, restocked) = record
        .lines
        .iter()
        .fold((0, 0), |(u, r), l| (u + l.quantity, r + l.restocked));
    let mut what = format!(
        "{units} units returned on {} from {shipment_number}, {restocked} restocked",
        record.number
    );
    if !record.reason.is_empty() {
        what.push_str(&format!(" ({})", record.reason));
    }
    what
}

/// Writes the return and its lines (two statements).
async fn insert(
    tx: &TenantTx,
    access: &Access,
    sent: &shipment::Model,
    location_id: Uuid,
    reason: &str,
    lines: Vec<ReturnLineRecord>,
) -> Result<ReturnRecord, ServiceError> {
    let company = tx.company().await?;
    let number = numbers::next(tx, numbers::RETURN, &company.time_zone).await?;
    let now = Utc::now();
    let id = Uuid::now_v7();
    tx.insert(order_return::ActiveModel::from(order_return::Model {
        tenant_id: tx.tenant_id(),
        id,
        number: number.clone(),
        order_id: sent.order_id,
        shipment_id: sent.id,
        location_id,
        reason: reason.to_owned(),
        received_at: now,
        actor_user_id: access.actor.user_id,
        actor_api_key: access.actor.api_key_prefix.clone(),
        created_at: now,
        invoice_id: None,
    }))
    .await?;
    tx.insert_many(
        lines
            .iter()
            .map(|line| {
                order_return_line::ActiveModel::from(order_return_line::Model {
                    tenant_id: tx.tenant_id(),
                    return_id: id,
                    line_number: line.line_number,
                    shipment_id: sent.id,
                    order_id: sent.order_id,
                    variant_id: line.variant_id,
                    quantity: line.quantity,
                    restocked: line.restocked,
                })
            })
            .collect(),
    )
    .await?;
    Ok(ReturnRecord {
        id,
        number,
        order_id: sent.order_id,
        shipment_id: sent.id,
        location_id,
        reason: reason.to_owned(),
        received_at: now,
        lines,
    })
}

/// On hand rises by what was restocked, with a `RETURN` movement per row.
async fn post(
    tx: &TenantTx,
    access: &Access,
    order: &OrderRecord,
    record: &ReturnRecord,
    restocked: BTreeMap<RowKey, i64>,
) -> Result<(), ServiceError> {
    let postings = restocked
        .into_iter()
        .map(|(key, units)| Posting {
            key,
            delta: Delta {
                on_hand: units,
                ..Delta::default()
            },
            guard: Guard::None,
            reason: MovementReason::Return,
            note: format!("Return {} for order {}", record.number, order.number),
        })
        .collect();
    inventory::post(
        tx,
        access,
        postings,
        Some(Reference {
            kind: "RETURN",
            id: record.id,
        }),
    )
    .await?;
    Ok(())
}

/// The returns on an order, oldest first (two queries), at the caller's locations.
pub async fn of_order(
    db: &DatabaseConnection,
    access: &Access,
    order_id: Uuid,
) -> Result<Vec<ReturnRecord>, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let heads = tx
        .select::<order_return::Model>()
        .filter(order_return::Column::OrderId.eq(order_id))
        .order_by_asc(order_return::Column::Id)
        .all(tx.conn())
        .await?
        .into_iter()
        .filter(|r| access.locations.allows(r.location_id))
        .collect();
    let records = with_lines(&tx, heads).await?;
    tx.commit().await?;
    Ok(records)
}

/// Returns with their lines, one query for the lines of all of them.
async fn with_lines(
    tx: &TenantTx,
    heads: Vec<order_return::Model>,
) -> Result<Vec<ReturnRecord>, ServiceError> {
    let mut lines: BTreeMap<Uuid, Vec<ReturnLineRecord>> = BTreeMap::new();
    if !heads.is_empty() {
        for line in tx
            .select::<order_return_line::Model>()
            .filter(order_return_line::Column::ReturnId.is_in(heads.iter().map(|h| h.id)))
            .order_by_asc(order_return_line::Column::LineNumber)
            .all(tx.conn())
            .await?
        {
            lines
                .entry(line.return_id)
                .or_default()
                .push(ReturnLineRecord {
                    line_number: line.line_number,
                    variant_id: line.variant_id,
                    quantity: line.quantity,
                    restocked: line.restocked,
                });
        }
    }
    Ok(heads
        .into_iter()
        .map(|head| ReturnRecord {
            lines: lines.remove(&head.id).unwrap_or_default(),
            id: head.id,
            number: head.number,
            order_id: head.order_id,
            shipment_id: head.shipment_id,
            location_id: head.location_id,
            reason: head.reason,
            received_at: head.received_at,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_audit_counts_what_came_back_and_what_went_back_on_the_shelf() {
        let record = ReturnRecord {
            id: Uuid::nil(),
            number: "RT-2026-000001".into(),
            order_id: Uuid::nil(),
            shipment_id: Uuid::nil(),
            location_id: Uuid::nil(),
            reason: "破損".into(),
            received_at: Utc::now(),
            lines: vec![
                ReturnLineRecord {
                    line_number: 1,
                    variant_id: Uuid::nil(),
                    quantity: 3,
                    restocked: 2,
                },
                ReturnLineRecord {
                    line_number: 2,
                    variant_id: Uuid::nil(),
                    quantity: 1,
                    restocked: 1,
                },
            ],
        };
        assert_eq!(
            describe(&record, "SH-2026-000004"),
            "4 units returned on RT-2026-000001 from SH-2026-000004, 3 restocked (破損)"
        );
    }
}
