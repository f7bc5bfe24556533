//! The stock vocabulary: kinds of location, why stock moved, and the life of transfers and
//! stock counts (棚卸) with their allowed transitions.

use serde::{Deserialize, Serialize};

use crate::{
    error::validation_codes,
    text_value::{CodeShape, short_code, validated_text},
    wire_enum::wire_enum,
};

/// A location's short code (e.g. `SHIBUYA`, `WH-01`), unique per company: 1–32 letters,
/// digits, `-` or `_`, stored upper-case so `wh-01` and `WH-01` are one code.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LocationCode(String);

/// Why a location code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LocationCodeError {
    /// Nothing but spaces.
    #[error("a location code cannot be empty")]
    Empty,
    /// Over 32 characters.
    #[error("a location code has at most 32 characters")]
    TooLong,
    /// Something other than letters, digits, `-` and `_`.
    #[error("a location code may contain only letters, digits, '-' and '_'")]
    InvalidCharacter,
}

validation_codes!(LocationCodeError {
    LocationCodeError::Empty => "location_code.empty",
    LocationCodeError::TooLong => "location_code.too_long",
    LocationCodeError::InvalidCharacter => "location_code.invalid_character",
});

impl LocationCode {
    /// Validates and normalises (trimmed, upper-case).
    pub fn parse(input: &str) -> Result<Self, LocationCodeError> {
        short_code(input).map(Self).map_err(|shape| match shape {
            CodeShape::Empty => LocationCodeError::Empty,
            CodeShape::TooLong => LocationCodeError::TooLong,
            CodeShape::InvalidCharacter => LocationCodeError::InvalidCharacter,
        })
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

validated_text!(LocationCode, LocationCodeError);

wire_enum! {
    /// What kind of place holds stock.
    pub enum LocationKind / UnknownLocationKind {
        /// A shop customers walk into.
        Store = "STORE",
        /// The company's own warehouse.
        Warehouse = "WAREHOUSE",
        /// An outsourced (3PL, 外部委託倉庫) warehouse: the stock is still the company's.
        ExternalWarehouse = "EXTERNAL_WAREHOUSE",
        /// Stock that exists only as a number, e.g. EC allocation.
        Virtual = "VIRTUAL",
    }
}

wire_enum! {
    /// Why `onHand` changed. Every movement in the ledger carries one.
    pub enum MovementReason / UnknownMovementReason {
        /// Goods sold.
        Sale = "SALE",
        /// Goods returned by a customer and put back on the shelf.
        Return = "RETURN",
        /// Goods that left on a shipment of a sales order.
        Shipment = "SHIPMENT",
        /// Goods received from a supplier.
        Receipt = "RECEIPT",
        /// Left this location on a transfer.
        TransferOut = "TRANSFER_OUT",
        /// Arrived at this location on a transfer.
        TransferIn = "TRANSFER_IN",
        /// The difference a finalized stock count found.
        Count = "COUNT",
        /// Broken or spoiled goods written off.
        Damage = "DAMAGE",
        /// Goods missing (theft, loss).
        Loss = "LOSS",
        /// Goods found that the books did not know about.
        Found = "FOUND",
        /// A correction of an earlier mistake.
        Correction = "CORRECTION",
        /// Opening balance when a company starts using Kura.
        Initial = "INITIAL",
        /// Anything else; the note says what.
        Other = "OTHER",
    }
}

impl MovementReason {
    /// Reasons a person may give for a manual adjustment; the others are posted only by
    /// the documents that cause them (sales, transfers, counts, receipts).
    pub const MANUAL: &'static [MovementReason] = &[
        MovementReason::Damage,
        MovementReason::Loss,
        MovementReason::Found,
        MovementReason::Correction,
        MovementReason::Initial,
        MovementReason::Other,
    ];

    /// True when a person may choose this reason for a manual adjustment.
    pub fn is_manual(self) -> bool {
        Self::MANUAL.contains(&self)
    }
}

wire_enum! {
    /// Where a transfer between locations stands.
    pub enum TransferStatus / UnknownTransferStatus {
        /// Created, not yet shipped; lines may change; may be cancelled.
        Draft = "DRAFT",
        /// Left the source; in transit, shown as `incoming` at the destination.
        Shipped = "SHIPPED",
        /// Some lines received; more may follow.
        PartiallyReceived = "PARTIALLY_RECEIVED",
        /// Closed: everything received or the differences recorded.
        Received = "RECEIVED",
        /// Cancelled before shipping.
        Cancelled = "CANCELLED",
    }
}

impl TransferStatus {
    /// True when a transfer may move from `self` to `next`.
    pub fn can_become(self, next: TransferStatus) -> bool {
        use TransferStatus::*;
        matches!(
            (self, next),
            (Draft, Shipped)
                | (Draft, Cancelled)
                | (Shipped, PartiallyReceived)
                | (Shipped, Received)
                | (PartiallyReceived, PartiallyReceived)
                | (PartiallyReceived, Received)
        )
    }
}

wire_enum! {
    /// Where a stock count (棚卸) stands.
    pub enum StockCountStatus / UnknownStockCountStatus {
        /// Counting: quantities may be recorded.
        Open = "OPEN",
        /// Differences posted as adjustments; closed.
        Finalized = "FINALIZED",
        /// Abandoned; nothing posted.
        Cancelled = "CANCELLED",
    }
}

wire_enum! {
    /// Whether a product may be sold.
    pub enum ProductStatus / UnknownProductStatus {
        /// Sold on every channel.
        Active = "ACTIVE",
        /// Being prepared; not sold yet.
        Draft = "DRAFT",
        /// No longer sold; kept for history.
        Archived = "ARCHIVED",
    }
}

/// `available = onHand − allocated`: what may still be promised or sold.
pub const fn available(on_hand: i64, allocated: i64) -> i64 {
    on_hand.saturating_sub(allocated)
}

/// True when a stock row has fallen to its reorder point (a row without one never is).
pub fn is_low(available: i64, incoming: i64, reorder_point: Option<i64>) -> bool {
    reorder_point.is_some_and(|point| available.saturating_add(incoming) <= point)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_round_trip_case_insensitively() {
        for kind in LocationKind::ALL {
            assert_eq!(kind.as_str().parse::<LocationKind>().unwrap(), *kind);
            assert_eq!(
                kind.as_str()
                    .to_lowercase()
                    .parse::<LocationKind>()
                    .unwrap(),
                *kind
            );
        }
        for reason in MovementReason::ALL {
            assert_eq!(reason.as_str().parse::<MovementReason>().unwrap(), *reason);
        }
        assert!("SHOP".parse::<LocationKind>().is_err());
        assert_eq!(
            serde_json::to_string(&LocationKind::ExternalWarehouse).unwrap(),
            "\"EXTERNAL_WAREHOUSE\""
        );
    }

    #[test]
    fn location_codes_are_normalised_and_checked() {
        assert_eq!(LocationCode::parse(" wh-01 ").unwrap().as_str(), "WH-01");
        assert_eq!(LocationCode::parse(""), Err(LocationCodeError::Empty));
        assert_eq!(
            LocationCode::parse("渋谷"),
            Err(LocationCodeError::InvalidCharacter)
        );
        assert_eq!(
            LocationCode::parse(&"A".repeat(33)),
            Err(LocationCodeError::TooLong)
        );
    }

    #[test]
    fn only_manual_reasons_can_be_chosen_by_people() {
        assert!(MovementReason::Damage.is_manual());
        assert!(!MovementReason::Sale.is_manual());
        assert!(!MovementReason::TransferIn.is_manual());
        assert!(!MovementReason::Count.is_manual());
    }

    #[test]
    fn transfers_move_forward_only() {
        use TransferStatus::*;
        assert!(Draft.can_become(Shipped));
        assert!(Draft.can_become(Cancelled));
        assert!(!Shipped.can_become(Cancelled));
        assert!(!Received.can_become(Shipped));
        assert!(PartiallyReceived.can_become(Received));
        assert!(!Cancelled.can_become(Draft));
    }

    #[test]
    fn low_stock_counts_what_is_already_on_its_way() {
        assert!(is_low(2, 0, Some(3)));
        assert!(!is_low(2, 5, Some(3)));
        assert!(!is_low(0, 0, None));
        assert_eq!(available(5, 7), -2);
    }
}
