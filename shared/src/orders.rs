//! Sales orders (受注): their states, how a line's units are split between allocated,
//! backordered, shipped and cancelled, and the numbers Kura gives its documents.
//!
//! A line's units always add up: `quantity = allocated + backordered + shipped + cancelled`
//! once the order is confirmed (a draft or held order holds nothing yet, so all four are
//! zero). Every change to a line goes through [`LineUnits`], which refuses any step that
//! would break that sum, and the order's status follows from its lines by [`derive_status`].

use crate::{error::ValidationError, wire_enum::wire_enum};

/// Most lines on one order.
pub const MAX_ORDER_LINES: usize = 500;

/// Most units on one order line, to catch a barcode scanned into the quantity field.
pub const MAX_LINE_QUANTITY: i64 = 1_000_000;

wire_enum! {
    /// Where a sales order is in its life.
    pub enum OrderStatus / UnknownOrderStatus {
        /// Being entered: holds no stock.
        Draft = "DRAFT",
        /// Over the customer's credit limit: waits for a manager's approval, holds no stock.
        OnHold = "ON_HOLD",
        /// Every open unit is allocated.
        Confirmed = "CONFIRMED",
        /// Some units wait for stock (引当待ち).
        Backordered = "BACKORDERED",
        /// Some units have left, the rest are still to ship.
        PartiallyShipped = "PARTIALLY_SHIPPED",
        /// Store pickup: prepared and waiting for the customer.
        ReadyForPickup = "READY_FOR_PICKUP",
        /// Everything not cancelled has shipped.
        Shipped = "SHIPPED",
        /// Handed over at the store (pickup).
        Completed = "COMPLETED",
        /// Cancelled before anything shipped.
        Cancelled = "CANCELLED",
    }
}

impl OrderStatus {
    /// Whether the order still holds or waits for stock (counts as an open order).
    pub const fn is_open(self) -> bool {
        matches!(
            self,
            OrderStatus::Confirmed
                | OrderStatus::Backordered
                | OrderStatus::PartiallyShipped
                | OrderStatus::ReadyForPickup
        )
    }

    /// Whether units of the order may ship now (those of its lines that are allocated).
    pub const fn can_ship(self) -> bool {
        matches!(
            self,
            OrderStatus::Confirmed | OrderStatus::Backordered | OrderStatus::PartiallyShipped
        )
    }

    /// Whether the order is finished: nothing about it changes any more.
    pub const fn is_final(self) -> bool {
        matches!(
            self,
            OrderStatus::Shipped | OrderStatus::Completed | OrderStatus::Cancelled
        )
    }
}

/// Where an order stands in fulfilment, as the order list filters and the fulfilment board
/// groups them: waiting to be confirmed, waiting for stock, to ship, shipped, or cancelled.
/// Every status belongs to exactly one stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FulfilmentStage {
    /// Entered but holding no stock yet (a draft, or held for credit approval).
    ToConfirm,
    /// Some units wait for stock (引当待ち).
    Backordered,
    /// Allocated stock waits to leave (or, for pickup, to be collected).
    ToShip,
    /// Everything that will ship has left or been handed over.
    Shipped,
    /// Nothing will ship.
    Cancelled,
}

impl FulfilmentStage {
    /// Every stage, in the order work flows through them.
    pub const ALL: [FulfilmentStage; 5] = [
        FulfilmentStage::ToConfirm,
        FulfilmentStage::Backordered,
        FulfilmentStage::ToShip,
        FulfilmentStage::Shipped,
        FulfilmentStage::Cancelled,
    ];

    /// The statuses in this stage, for asking the server for its orders.
    pub const fn statuses(self) -> &'static [OrderStatus] {
        match self {
            FulfilmentStage::ToConfirm => &[OrderStatus::Draft, OrderStatus::OnHold],
            FulfilmentStage::Backordered => &[OrderStatus::Backordered],
            FulfilmentStage::ToShip => &[
                OrderStatus::Confirmed,
                OrderStatus::PartiallyShipped,
                OrderStatus::ReadyForPickup,
            ],
            FulfilmentStage::Shipped => &[OrderStatus::Shipped, OrderStatus::Completed],
            FulfilmentStage::Cancelled => &[OrderStatus::Cancelled],
        }
    }
}

impl OrderStatus {
    /// The fulfilment stage an order in this status is at.
    pub const fn stage(self) -> FulfilmentStage {
        match self {
            OrderStatus::Draft | OrderStatus::OnHold => FulfilmentStage::ToConfirm,
            OrderStatus::Backordered => FulfilmentStage::Backordered,
            OrderStatus::Confirmed
            | OrderStatus::PartiallyShipped
            | OrderStatus::ReadyForPickup => FulfilmentStage::ToShip,
            OrderStatus::Shipped | OrderStatus::Completed => FulfilmentStage::Shipped,
            OrderStatus::Cancelled => FulfilmentStage::Cancelled,
        }
    }
}

wire_enum! {
    /// Who carries a shipment.
    pub enum Carrier / UnknownCarrier {
        /// ヤマト運輸.
        Yamato = "YAMATO",
        /// 佐川急便.
        Sagawa = "SAGAWA",
        /// 日本郵便.
        JapanPost = "JAPAN_POST",
        /// Anyone else (the tracking number says who).
        Other = "OTHER",
        /// Not carried: handed over to the customer at the store (店頭受取).
        StorePickup = "STORE_PICKUP",
    }
}

impl Carrier {
    /// The carrier's name as Japanese documents print it.
    pub const fn name_ja(self) -> &'static str {
        match self {
            Carrier::Yamato => "ヤマト運輸",
            Carrier::Sagawa => "佐川急便",
            Carrier::JapanPost => "日本郵便",
            Carrier::Other => "その他",
            Carrier::StorePickup => "店頭受取",
        }
    }
}

/// Where an order goes, as it was when ordered: a snapshot, so editing the customer's
/// addresses later never rewrites an order or its delivery note.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct ShipTo {
    /// Who receives it (a person or a company).
    pub name: String,
    /// `NNN-NNNN`.
    pub postal_code: String,
    /// One of the 47 prefectures.
    pub prefecture: String,
    /// City, ward, town.
    pub city: String,
    /// Street and number.
    pub line1: String,
    /// Building, floor, room.
    pub line2: String,
    /// Digits only.
    pub phone: String,
}

/// How one order line's units are split. The four parts add up to the ordered quantity
/// once the order is confirmed; every method keeps that sum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct LineUnits {
    /// Units ordered.
    pub quantity: i64,
    /// Units held at the fulfilment location.
    pub allocated: i64,
    /// Units waiting for stock.
    pub backordered: i64,
    /// Units that have left.
    pub shipped: i64,
    /// Units that will not ship.
    pub cancelled: i64,
}

/// A step a line cannot take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LineError {
    /// Shipping more than is allocated.
    #[error("only {allocated} units are allocated; ship at most that many")]
    ShipMoreThanAllocated {
        /// What is allocated.
        allocated: i64,
    },
    /// Releasing more than is allocated.
    #[error("only {allocated} units are allocated; release at most that many")]
    ReleaseMoreThanAllocated {
        /// What is allocated.
        allocated: i64,
    },
    /// Splitting off more than is still to ship.
    #[error("only {open} units are still to ship; split off at most that many")]
    SplitMoreThanOpen {
        /// What is allocated or waiting.
        open: i64,
    },
    /// A quantity of zero or less.
    #[error("the quantity must be at least 1")]
    NotPositive,
}

impl From<LineError> for ValidationError {
    fn from(err: LineError) -> Self {
        let code = match err {
            LineError::ShipMoreThanAllocated { .. } => "order.ship.more_than_allocated",
            LineError::ReleaseMoreThanAllocated { .. } => "order.release.more_than_allocated",
            LineError::SplitMoreThanOpen { .. } => "order.split.more_than_open",
            LineError::NotPositive => "order.quantity",
        };
        ValidationError::new(code, err.to_string())
    }
}

impl LineUnits {
    /// A new line of `quantity` units that holds nothing yet.
    pub const fn new(quantity: i64) -> Self {
        LineUnits {
            quantity,
            allocated: 0,
            backordered: 0,
            shipped: 0,
            cancelled: 0,
        }
    }

    /// Units still to ship: allocated or waiting.
    pub const fn open(&self) -> i64 {
        self.allocated + self.backordered
    }

    /// Whether the four parts add up to the quantity.
    pub const fn adds_up(&self) -> bool {
        self.allocated + self.backordered + self.shipped + self.cancelled == self.quantity
    }

    /// Confirms the line with `taken` units allocated (at most its quantity) and the
    /// rest backordered.
    pub fn confirm(self, taken: i64) -> Self {
        let taken = taken.clamp(0, self.quantity);
        LineUnits {
            allocated: taken,
            backordered: self.quantity - taken,
            shipped: 0,
            cancelled: 0,
            ..self
        }
    }

    /// Moves up to `taken` backordered units to allocated (stock arrived).
    pub fn fill(self, taken: i64) -> Self {
        let taken = taken.clamp(0, self.backordered);
        LineUnits {
            allocated: self.allocated + taken,
            backordered: self.backordered - taken,
            ..self
        }
    }

    /// Ships `units` of what is allocated.
    pub fn ship(self, units: i64) -> Result<Self, LineError> {
        if units <= 0 {
            return Err(LineError::NotPositive);
        }
        if units > self.allocated {
            return Err(LineError::ShipMoreThanAllocated {
                allocated: self.allocated,
            });
        }
        Ok(LineUnits {
            allocated: self.allocated - units,
            shipped: self.shipped + units,
            ..self
        })
    }

    /// Lets go of `units` of what is allocated: they go back to stock and the line waits
    /// for them again (backordered).
    pub fn release(self, units: i64) -> Result<Self, LineError> {
        if units <= 0 {
            return Err(LineError::NotPositive);
        }
        if units > self.allocated {
            return Err(LineError::ReleaseMoreThanAllocated {
                allocated: self.allocated,
            });
        }
        Ok(LineUnits {
            allocated: self.allocated - units,
            backordered: self.backordered + units,
            ..self
        })
    }

    /// Takes `units` still to ship off the line (they move to another order): what waits
    /// goes first, then what is allocated. Returns the smaller line and how many allocated
    /// units it let go of (they go back to stock).
    pub fn split_off(self, units: i64) -> Result<(Self, i64), LineError> {
        if units <= 0 {
            return Err(LineError::NotPositive);
        }
        if units > self.open() {
            return Err(LineError::SplitMoreThanOpen { open: self.open() });
        }
        let waiting = units.min(self.backordered);
        let released = units - waiting;
        Ok((
            LineUnits {
                quantity: self.quantity - units,
                allocated: self.allocated - released,
                backordered: self.backordered - waiting,
                ..self
            },
            released,
        ))
    }

    /// Cancels everything still open; the allocated part goes back to stock.
    pub fn cancel_open(self) -> Self {
        LineUnits {
            allocated: 0,
            backordered: 0,
            cancelled: self.cancelled + self.open(),
            ..self
        }
    }
}

/// The status a confirmed order's lines put it in: cancelled when nothing will ship,
/// shipped when everything that will ship has, partly shipped when some has, backordered
/// when something waits for stock, else confirmed.
pub fn derive_status(lines: &[LineUnits]) -> OrderStatus {
    let all = |f: fn(&LineUnits) -> bool| lines.iter().all(f);
    let any = |f: fn(&LineUnits) -> bool| lines.iter().any(f);
    if all(|l| l.cancelled == l.quantity) {
        OrderStatus::Cancelled
    } else if all(|l| l.open() == 0) {
        OrderStatus::Shipped
    } else if any(|l| l.shipped > 0) {
        OrderStatus::PartiallyShipped
    } else if any(|l| l.backordered > 0) {
        OrderStatus::Backordered
    } else {
        OrderStatus::Confirmed
    }
}

/// A gapless document number: `prefix-year-NNNNNN` (`SO-2026-000123`).
pub fn document_number(prefix: &str, year: i32, sequence: i64) -> String {
    format!("{prefix}-{year}-{sequence:06}")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn confirming_splits_a_line_into_allocated_and_backordered() {
        let line = LineUnits::new(5).confirm(3);
        assert_eq!((line.allocated, line.backordered), (3, 2));
        assert!(line.adds_up());
        assert_eq!(LineUnits::new(5).confirm(9).allocated, 5);
        assert_eq!(LineUnits::new(5).confirm(-1).backordered, 5);
    }

    #[test]
    fn shipping_takes_only_what_is_allocated() {
        let line = LineUnits::new(5).confirm(3);
        assert_eq!(
            line.ship(4),
            Err(LineError::ShipMoreThanAllocated { allocated: 3 })
        );
        assert_eq!(line.ship(0), Err(LineError::NotPositive));
        let shipped = line.ship(3).unwrap();
        assert_eq!((shipped.allocated, shipped.shipped), (0, 3));
        assert!(shipped.adds_up());
    }

    #[test]
    fn releasing_puts_allocated_units_back_to_waiting() {
        let line = LineUnits::new(5).confirm(3);
        assert_eq!(
            line.release(4),
            Err(LineError::ReleaseMoreThanAllocated { allocated: 3 })
        );
        assert_eq!(line.release(-1), Err(LineError::NotPositive));
        let released = line.release(2).unwrap();
        assert_eq!((released.allocated, released.backordered), (1, 4));
        assert!(released.adds_up());
    }

    #[test]
    fn splitting_off_takes_waiting_units_first_then_allocated_ones() {
        // 10 ordered, 2 shipped, 5 allocated, 3 waiting.
        let line = LineUnits::new(10).confirm(7).ship(2).unwrap();
        assert_eq!(
            line.split_off(9),
            Err(LineError::SplitMoreThanOpen { open: 8 })
        );
        assert_eq!(line.split_off(0), Err(LineError::NotPositive));
        let (left, released) = line.split_off(2).unwrap();
        assert_eq!((left.quantity, left.allocated, left.backordered), (8, 5, 1));
        assert_eq!(released, 0);
        let (left, released) = line.split_off(5).unwrap();
        assert_eq!((left.quantity, left.allocated, left.backordered), (5, 3, 0));
        assert_eq!(released, 2);
        assert!(left.adds_up());
        let (left, _) = line.split_off(8).unwrap();
        assert_eq!((left.quantity, left.shipped, left.open()), (2, 2, 0));
    }

    #[test]
    fn the_status_follows_the_lines() {
        let confirmed = LineUnits::new(2).confirm(2);
        let waiting = LineUnits::new(2).confirm(1);
        assert_eq!(derive_status(&[confirmed]), OrderStatus::Confirmed);
        assert_eq!(
            derive_status(&[confirmed, waiting]),
            OrderStatus::Backordered
        );
        let part = confirmed.ship(1).unwrap();
        assert_eq!(
            derive_status(&[part, waiting]),
            OrderStatus::PartiallyShipped
        );
        let done = confirmed.ship(2).unwrap();
        assert_eq!(derive_status(&[done]), OrderStatus::Shipped);
        assert_eq!(
            derive_status(&[done, waiting.cancel_open()]),
            OrderStatus::Shipped
        );
        assert_eq!(
            derive_status(&[waiting.cancel_open()]),
            OrderStatus::Cancelled
        );
    }

    #[test]
    fn only_confirmed_orders_with_units_still_to_go_may_ship() {
        let shipping: Vec<_> = OrderStatus::ALL
            .iter()
            .filter(|s| s.can_ship())
            .copied()
            .collect();
        assert_eq!(
            shipping,
            [
                OrderStatus::Confirmed,
                OrderStatus::Backordered,
                OrderStatus::PartiallyShipped
            ]
        );
    }

    #[test]
    fn every_status_is_in_exactly_the_stage_that_lists_it() {
        for &status in OrderStatus::ALL {
            let listed: Vec<_> = FulfilmentStage::ALL
                .into_iter()
                .filter(|stage| stage.statuses().contains(&status))
                .collect();
            assert_eq!(listed, [status.stage()], "{status}");
        }
        assert_eq!(
            OrderStatus::PartiallyShipped.stage(),
            FulfilmentStage::ToShip
        );
        assert_eq!(OrderStatus::Draft.stage(), FulfilmentStage::ToConfirm);
    }

    #[test]
    fn numbers_are_padded_to_six_digits() {
        assert_eq!(document_number("SO", 2026, 123), "SO-2026-000123");
    }

    proptest! {
        /// Whatever happens to a line, its parts add up to what was ordered.
        #[test]
        fn a_lines_units_always_add_up(
            quantity in 1i64..1000,
            taken in -5i64..1200,
            filled in 0i64..1200,
            shipped in 0i64..1200,
            cancel in any::<bool>(),
        ) {
            let mut line = LineUnits::new(quantity).confirm(taken).fill(filled);
            if let Ok(after) = line.ship(shipped) {
                line = after;
            }
            if cancel {
                line = line.cancel_open();
            }
            prop_assert!(line.adds_up());
            prop_assert!(line.allocated >= 0 && line.backordered >= 0);
        }
    }
}
