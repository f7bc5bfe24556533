//! Splitting an order (分納・出荷元分割): units still to ship on some lines move to a new
//! order fulfilled from another location — what one warehouse cannot supply ships from
//! another, or from the store nearest the customer.
//!
//! The new order is the same customer's, at the same unit prices, ship-to and requested
//! date, numbered like any order, and keeps the original's order date so its backorders
//! are filled in the original's turn; it remembers the order it came from. The original
//! keeps the rest: its lines shrink, both orders' totals are worked out again (tax once
//! per rate on each), the moved units it was waiting for simply stop waiting, and the ones
//! it held go back to stock where it is (to the other orders waiting there). The new order
//! allocates at its location what is available and backorders the rest there.

use std::collections::{BTreeMap, BTreeSet};

use chrono::Utc;
use kura_shared::{LineUnits, OrderStatus, ValidationError, derive_status};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::{
    OrderLineRecord, OrderRecord,
    allocation::{hold, key, lock_and_share},
    cancel::release,
    draft::{self, OrderRows, Pricing},
    numbers,
    picks::{self, Picking, invalid},
    read, write,
};
use crate::services::{
    ServiceError,
    access::Access,
    accounts::audit::AuditAction,
    idempotency::{self, Command, Key, Stop},
    stock::inventory,
};
use crate::store::{
    stock::RowKey,
    tenant::{
        TenantTx,
        records::{order, order_line},
    },
};

/// Units of an order to move to a new order fulfilled from another location.
#[derive(Debug, Clone)]
pub struct NewSplit {
    /// The order they leave.
    pub order_id: Uuid,
    /// Where the new order is fulfilled from; not where the order is.
    pub location_id: Uuid,
    /// `(line number, units)`: each at most what its line still has to ship.
    pub lines: Vec<(i32, i64)>,
    /// A key that makes a repeat of this call return the first new order.
    pub idempotency_key: Option<String>,
}

/// Splits units off an open order into a new order at another location and returns the
/// new order. A draft, held, finished or store-pickup order is a conflict.
pub async fn split(
    db: &DatabaseConnection,
    access: &Access,
    input: NewSplit,
) -> Result<OrderRecord, ServiceError> {
    picks::check(&input.lines, Picking::Split)?;
    let key = Key::parse("splitOrder", input.idempotency_key.as_deref())?;
    idempotency::once(
        db,
        access.tenant_id,
        key.as_ref(),
        &Split {
            access,
            input: &input,
        },
    )
    .await
}

struct Split<'a> {
    access: &'a Access,
    input: &'a NewSplit,
}

impl Command for Split<'_> {
    type Answer = OrderRecord;

    async fn replay(&self, tx: &TenantTx, earlier: Uuid) -> Result<OrderRecord, ServiceError> {
        read::load(tx, self.access, earlier).await
    }

    async fn run(&self, tx: &TenantTx) -> Result<(OrderRecord, Uuid), Stop> {
        let place = self.input.location_id;
        let before = read::load(tx, self.access, self.input.order_id).await?;
        splittable(&before, place)?;
        self.access.locations.check(before.location_id)?;
        self.access.locations.check(place)?;
        inventory::check_locations(tx, &BTreeSet::from([place])).await?;
        let Cut {
            mut after,
            moved,
            released,
        } = cut(&before, &self.input.lines)?;

        let needs: Vec<(RowKey, i64)> = moved
            .iter()
            .map(|l| (key(l.variant_id, place), l.units.quantity))
            .collect();
        let takes = lock_and_share(tx, released.keys().copied(), &needs).await?;

        let company = tx.company().await?;
        let number = numbers::next(tx, numbers::ORDER, &company.time_zone).await?;
        let new = split_off(
            &before,
            NewHead {
                tenant_id: tx.tenant_id(),
                number,
                location_id: place,
                actor: self.access,
            },
            moved,
            &takes,
        )?;
        write::save(tx, &before, &mut after).await?;
        let new = write::insert(tx, new).await?;
        let units = self
            .input
            .lines
            .iter()
            .map(|(_, u)| *u)
            .fold(0, i64::saturating_add);
        if !released.is_empty() {
            let note = format!(
                "Order {}: {units} units split off to order {}",
                before.number, new.number
            );
            release(tx, self.access, &after, released, &note).await?;
        }
        hold(tx, &needs, &takes).await?;
        write::announce(
            tx,
            self.access,
            &after,
            AuditAction::OrderSplit,
            &format!(
                "{units} units split off to order {} at another location",
                new.number
            ),
        )
        .await?;
        let (held, waiting) = new.lines.iter().fold((0, 0), |(h, w), l| {
            (h + l.units.allocated, w + l.units.backordered)
        });
        write::announce(
            tx,
            self.access,
            &new,
            AuditAction::OrderSplit,
            &format!(
                "split from order {}: {held} units allocated, {waiting} backordered",
                before.number
            ),
        )
        .await?;
        let id = new.id;
        Ok((new, id))
    }
}

/// Fails unless `order` is open, not a store pickup, and fulfilled somewhere other than
/// `place`.
fn splittable(order: &OrderRecord, place: Uuid) -> Result<(), ServiceError> {
    if order.pickup_location_id.is_some() {
        return Err(conflict(
            "A store pickup is prepared at its store; it does not split",
        ));
    }
    if !matches!(
        order.status,
        OrderStatus::Confirmed | OrderStatus::Backordered | OrderStatus::PartiallyShipped
    ) {
        return Err(conflict(&format!(
            "Order {} cannot split while it is {}",
            order.number, order.status
        )));
    }
    if order.location_id == place {
        return Err(ValidationError::new(
            "order.split.same_location",
            "The order is already fulfilled from there; choose another location",
        )
        .with_field("locationId")
        .into());
    }
    Ok(())
}

/// What a split takes off the order: the order as it is left, the new order's lines (with
/// new line numbers, in the original's line order) and the units it held that go back to
/// stock, per row.
#[derive(Debug)]
struct Cut {
    after: OrderRecord,
    moved: Vec<OrderLineRecord>,
    released: BTreeMap<RowKey, i64>,
}

/// Takes `lines` off `before`. Moving every unit of an order that has shipped nothing is
/// not a split but a move (`relocateOrder`), so it is refused.
fn cut(before: &OrderRecord, lines: &[(i32, i64)]) -> Result<Cut, ServiceError> {
    let mut after = before.clone();
    let mut moved = Vec::with_capacity(lines.len());
    let mut released = BTreeMap::new();
    let mut picked = lines.to_vec();
    picked.sort_unstable();
    for (number, units) in picked {
        let line = after
            .lines
            .iter_mut()
            .find(|l| l.line_number == number)
            .ok_or_else(|| {
                invalid(
                    "split.unknown_line",
                    format!("The order has no line {number}"),
                )
            })?;
        let (left, let_go) = line
            .units
            .split_off(units)
            .map_err(|e| ServiceError::from(ValidationError::from(e).with_field("lines")))?;
        line.units = left;
        // Both parts are smaller than the line was, so neither amount can overflow.
        line.amount = line.unit_price * left.quantity;
        if let_go > 0 {
            *released
                .entry(key(line.variant_id, before.location_id))
                .or_default() += let_go;
        }
        moved.push(OrderLineRecord {
            line_number: i32::try_from(moved.len() + 1).unwrap_or(i32::MAX),
            amount: line.unit_price * units,
            units: LineUnits::new(units),
            ..line.clone()
        });
    }
    if after.lines.iter().all(|l| l.units.quantity == 0) {
        return Err(invalid(
            "order.split.everything",
            "That is every unit of the order: move the whole order to the other location instead",
        ));
    }
    let totals = totals(before, &after.lines)?;
    (after.subtotal, after.tax, after.total) = totals;
    after.status = derive_status(&after.units());
    Ok(Cut {
        after,
        moved,
        released,
    })
}

/// `(subtotal, tax, total)` of `lines` priced as `order` is.
fn totals(order: &OrderRecord, lines: &[OrderLineRecord]) -> Result<(i64, i64, i64), ServiceError> {
    let pricing = Pricing {
        currency: order.currency,
        rounding: order.tax_rounding,
    };
    let totals = draft::totals(
        pricing,
        order.prices_include_tax,
        lines.iter().map(|l| (l.tax_class, l.amount)),
    )?;
    Ok((
        totals.subtotal().amount_minor,
        totals.tax().amount_minor,
        totals.total().amount_minor,
    ))
}

/// Who and what makes the new order's head differ from the original's.
struct NewHead<'a> {
    tenant_id: Uuid,
    number: String,
    location_id: Uuid,
    actor: &'a Access,
}

/// The new order's rows: the original's customer, channel, prices and address, confirmed
/// with `takes` of each line allocated and the rest backordered.
fn split_off(
    from: &OrderRecord,
    head: NewHead<'_>,
    moved: Vec<OrderLineRecord>,
    takes: &[i64],
) -> Result<OrderRows, ServiceError> {
    let id = Uuid::now_v7();
    let lines: Vec<OrderLineRecord> = moved
        .into_iter()
        .zip(takes)
        .map(|(line, taken)| OrderLineRecord {
            units: line.units.confirm(*taken),
            ..line
        })
        .collect();
    let (subtotal, tax, total) = totals(from, &lines)?;
    let units: Vec<LineUnits> = lines.iter().map(|l| l.units).collect();
    let now = Utc::now();
    let rows = lines
        .into_iter()
        .map(|l| order_line::Model {
            tenant_id: head.tenant_id,
            order_id: id,
            line_number: l.line_number,
            variant_id: l.variant_id,
            sku: l.sku,
            name: l.name,
            quantity: l.units.quantity,
            unit_price: l.unit_price,
            tax_class: l.tax_class,
            amount: l.amount,
            allocated: l.units.allocated,
            backordered: l.units.backordered,
            shipped: l.units.shipped,
            cancelled: l.units.cancelled,
        })
        .collect();
    let head = order::Model {
        tenant_id: head.tenant_id,
        id,
        number: head.number,
        status: derive_status(&units),
        customer_id: from.customer_id,
        channel_id: from.channel_id,
        location_id: head.location_id,
        pickup_location_id: None,
        external_id: None,
        requested_date: from.requested_date,
        ship_to: from
            .ship_to
            .as_ref()
            .and_then(|to| serde_json::to_string(to).ok()),
        currency: from.currency,
        prices_include_tax: from.prices_include_tax,
        tax_rounding: from.tax_rounding,
        subtotal,
        tax,
        total,
        note: from.note.clone(),
        cancel_reason: None,
        ordered_at: from.ordered_at,
        confirmed_at: Some(now),
        cancelled_at: None,
        ready_at: None,
        split_from_order_id: Some(from.id),
        actor_user_id: head.actor.actor.user_id,
        actor_api_key: head.actor.actor.api_key_prefix.clone(),
        created_at: now,
        updated_at: now,
        version: 0,
    };
    Ok(OrderRows { head, lines: rows })
}

fn conflict(message: &str) -> ServiceError {
    ServiceError::Conflict {
        message: message.to_owned(),
        field: Some("id"),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use kura_shared::{CurrencyCode, RoundingMode, TaxRate};

    use super::*;

    fn line(number: i32, unit_price: i64, tax: TaxRate, units: LineUnits) -> OrderLineRecord {
        OrderLineRecord {
            line_number: number,
            variant_id: Uuid::now_v7(),
            sku: format!("SKU-{number}"),
            name: "茶".into(),
            unit_price,
            tax_class: tax,
            amount: unit_price * units.quantity,
            units,
        }
    }

    fn order(lines: Vec<OrderLineRecord>) -> OrderRecord {
        let units: Vec<LineUnits> = lines.iter().map(|l| l.units).collect();
        let now = Utc::now();
        OrderRecord {
            id: Uuid::now_v7(),
            number: "SO-2026-000001".into(),
            status: derive_status(&units),
            customer_id: None,
            channel_id: None,
            location_id: Uuid::now_v7(),
            pickup_location_id: None,
            external_id: None,
            requested_date: None,
            ship_to: None,
            currency: CurrencyCode::Jpy,
            prices_include_tax: false,
            tax_rounding: RoundingMode::Floor,
            subtotal: 0,
            tax: 0,
            total: 0,
            note: String::new(),
            cancel_reason: None,
            ordered_at: now,
            confirmed_at: Some(now),
            cancelled_at: None,
            ready_at: None,
            split_from_order_id: None,
            actor_user_id: None,
            actor_api_key: None,
            updated_at: now,
            version: 3,
            lines,
        }
    }

    fn code(result: Result<Cut, ServiceError>) -> &'static str {
        match result {
            Err(ServiceError::Validation(e)) => e.code,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_split_shrinks_the_lines_and_works_out_both_totals_again() {
        // Line 1: 10 × ¥333 at 8%, 6 held and 4 waiting. Line 2: 2 × ¥1,000 at 10%, held.
        let before = order(vec![
            line(1, 333, TaxRate::Reduced, LineUnits::new(10).confirm(6)),
            line(2, 1000, TaxRate::Standard, LineUnits::new(2).confirm(2)),
        ]);
        let cut = cut(&before, &[(1, 5)]).unwrap();
        let left = &cut.after.lines[0];
        assert_eq!(
            (
                left.units.quantity,
                left.units.allocated,
                left.units.backordered
            ),
            (5, 5, 0),
            "the four waiting units go first, then one held"
        );
        assert_eq!(left.amount, 1665);
        assert_eq!(cut.released.values().copied().collect::<Vec<_>>(), vec![1]);
        // 1,665 at 8% → 133.2 → 133; 2,000 at 10% → 200.
        assert_eq!(
            (cut.after.subtotal, cut.after.tax, cut.after.total),
            (3665, 333, 3998)
        );
        assert_eq!(cut.after.status, OrderStatus::Confirmed);
        assert_eq!(cut.moved.len(), 1);
        assert_eq!((cut.moved[0].line_number, cut.moved[0].amount), (1, 1665));

        let new = split_off(
            &before,
            NewHead {
                tenant_id: Uuid::nil(),
                number: "SO-2026-000002".into(),
                location_id: Uuid::now_v7(),
                actor: &crate::services::channels::ingest::system_access(Uuid::nil()),
            },
            cut.moved,
            &[3],
        )
        .unwrap();
        assert_eq!(new.head.status, OrderStatus::Backordered);
        assert_eq!((new.head.subtotal, new.head.tax), (1665, 133));
        assert_eq!(new.head.split_from_order_id, Some(before.id));
        assert_eq!(new.head.ordered_at, before.ordered_at);
        assert_eq!((new.lines[0].allocated, new.lines[0].backordered), (3, 2));
    }

    #[test]
    fn a_split_names_known_lines_within_what_is_still_to_ship_and_leaves_something() {
        let before = order(vec![
            line(1, 100, TaxRate::Standard, LineUnits::new(3).confirm(3)),
            line(2, 100, TaxRate::Standard, LineUnits::new(1).confirm(0)),
        ]);
        assert_eq!(code(cut(&before, &[(9, 1)])), "split.unknown_line");
        assert_eq!(code(cut(&before, &[(1, 4)])), "order.split.more_than_open");
        assert_eq!(
            code(cut(&before, &[(1, 3), (2, 1)])),
            "order.split.everything"
        );
        // A line moved whole stays on the order with nothing left to ship.
        let cut = cut(&before, &[(2, 1)]).unwrap();
        assert_eq!(cut.after.lines[1].units.quantity, 0);
        assert!(cut.released.is_empty());
        assert_eq!(cut.after.status, OrderStatus::Confirmed);
    }
}
