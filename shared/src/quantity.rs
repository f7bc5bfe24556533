//! Stock and line quantities in whole units.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::validation_codes;

/// A signed count of units.
///
/// Signed because a POS sale is recorded even when the books say zero (the sale already
/// happened in the store), so on-hand stock can legitimately go negative and be flagged.
/// Movements are signed too: a sale is `-1`, a receipt `+10`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Quantity(pub i64);

/// A quantity that is strictly greater than zero, e.g. an order or transfer line.
///
/// The field is private so a zero or negative line can never be constructed; direction
/// (in or out) is carried by the document type, not by the sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct PositiveQuantity(i64);

/// Why a quantity could not be built or computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuantityError {
    /// A line quantity was zero or negative.
    #[error("quantity must be greater than zero, got {0}")]
    NotPositive(i64),
    /// The input is not a whole number.
    #[error("quantity {0:?} is not a whole number")]
    InvalidFormat(String),
    /// The result does not fit in 64 bits.
    #[error("quantity is too large")]
    Overflow,
}

validation_codes!(QuantityError {
    QuantityError::NotPositive(_) => "quantity.not_positive",
    QuantityError::InvalidFormat(_) => "quantity.invalid_format",
    QuantityError::Overflow => "quantity.overflow",
});

impl Quantity {
    /// No units.
    pub const ZERO: Quantity = Quantity(0);

    /// Wraps a raw count; every `i64` is a valid stock level.
    pub const fn new(units: i64) -> Self {
        Self(units)
    }

    /// The raw count.
    pub const fn get(self) -> i64 {
        self.0
    }

    /// Validates a line quantity; shorthand for [`PositiveQuantity::new`].
    pub fn positive(units: i64) -> Result<PositiveQuantity, QuantityError> {
        PositiveQuantity::new(units)
    }

    /// True below zero: stock was sold that the books did not have.
    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// True for exactly zero.
    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// `self + other`, failing on overflow.
    pub fn checked_add(self, other: Quantity) -> Result<Quantity, QuantityError> {
        self.0
            .checked_add(other.0)
            .map(Quantity)
            .ok_or(QuantityError::Overflow)
    }

    /// `self - other`, failing on overflow; going below zero is allowed.
    pub fn checked_sub(self, other: Quantity) -> Result<Quantity, QuantityError> {
        self.0
            .checked_sub(other.0)
            .map(Quantity)
            .ok_or(QuantityError::Overflow)
    }

    /// `-self`, e.g. to turn a sold line into an outgoing movement; fails only for `i64::MIN`.
    pub fn checked_neg(self) -> Result<Quantity, QuantityError> {
        self.0
            .checked_neg()
            .map(Quantity)
            .ok_or(QuantityError::Overflow)
    }
}

impl PositiveQuantity {
    /// Accepts only `units > 0`.
    pub fn new(units: i64) -> Result<Self, QuantityError> {
        if units > 0 {
            Ok(Self(units))
        } else {
            Err(QuantityError::NotPositive(units))
        }
    }

    /// The raw count, always at least 1.
    pub const fn get(self) -> i64 {
        self.0
    }
}

impl From<PositiveQuantity> for Quantity {
    fn from(value: PositiveQuantity) -> Self {
        Quantity(value.0)
    }
}

impl From<PositiveQuantity> for i64 {
    fn from(value: PositiveQuantity) -> Self {
        value.0
    }
}

impl TryFrom<i64> for PositiveQuantity {
    type Error = QuantityError;

    fn try_from(value: i64) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl TryFrom<Quantity> for PositiveQuantity {
    type Error = QuantityError;

    fn try_from(value: Quantity) -> Result<Self, Self::Error> {
        Self::new(value.0)
    }
}

fn parse_units(s: &str) -> Result<i64, QuantityError> {
    let s = s.trim();
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(QuantityError::InvalidFormat(s.to_owned()));
    }
    // All digits with an optional sign: the only remaining failure is magnitude.
    s.parse().map_err(|_| QuantityError::Overflow)
}

impl FromStr for Quantity {
    type Err = QuantityError;

    /// Reads a whole number such as `"-3"` (CSV imports, stock counts).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_units(s).map(Quantity)
    }
}

impl FromStr for PositiveQuantity {
    type Err = QuantityError;

    /// Reads a whole number and requires it to be above zero.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_units(s).and_then(Self::new)
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl fmt::Display for PositiveQuantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn stock_may_go_negative_after_a_pos_sale() {
        let on_hand = Quantity::new(0).checked_sub(Quantity::new(1)).unwrap();
        assert_eq!(on_hand, Quantity(-1));
        assert!(on_hand.is_negative());
        assert_eq!(on_hand.checked_add(Quantity(3)).unwrap(), Quantity(2));
    }

    #[test]
    fn quantity_overflow_is_an_error() {
        let err = Quantity(i64::MAX).checked_add(Quantity(1)).unwrap_err();
        assert_eq!(err.code(), "quantity.overflow");
        assert!(Quantity(i64::MIN).checked_sub(Quantity(1)).is_err());
        assert!(Quantity(i64::MIN).checked_neg().is_err());
        assert_eq!(
            "99999999999999999999"
                .parse::<Quantity>()
                .unwrap_err()
                .code(),
            "quantity.overflow"
        );
    }

    #[test]
    fn a_line_quantity_must_be_above_zero() {
        assert_eq!(Quantity::positive(3).unwrap().get(), 3);
        for bad in [0, -1, i64::MIN] {
            let err = Quantity::positive(bad).unwrap_err();
            assert_eq!(err.code(), "quantity.not_positive");
        }
        assert_eq!(
            Quantity::positive(0).unwrap_err().to_string(),
            "quantity must be greater than zero, got 0"
        );
    }

    #[test]
    fn quantities_parse_from_whole_numbers_only() {
        assert_eq!(" -3 ".parse::<Quantity>().unwrap(), Quantity(-3));
        assert_eq!("+4".parse::<PositiveQuantity>().unwrap().get(), 4);
        for bad in ["", "1.5", "1e3", "three", "--1", "-"] {
            assert_eq!(
                bad.parse::<Quantity>().unwrap_err().code(),
                "quantity.invalid_format",
                "{bad:?}"
            );
        }
        assert_eq!(
            "0".parse::<PositiveQuantity>().unwrap_err().code(),
            "quantity.not_positive"
        );
    }

    #[test]
    fn serde_validates_positive_quantities() {
        assert_eq!(serde_json::to_string(&Quantity(-2)).unwrap(), "-2");
        let q: PositiveQuantity = serde_json::from_str("5").unwrap();
        assert_eq!(q.get(), 5);
        assert_eq!(serde_json::to_string(&q).unwrap(), "5");
        assert!(serde_json::from_str::<PositiveQuantity>("0").is_err());
        assert!(serde_json::from_str::<PositiveQuantity>("-5").is_err());
    }

    proptest! {
        #[test]
        fn checked_quantity_ops_never_panic(a in any::<i64>(), b in any::<i64>()) {
            let _ = Quantity(a).checked_add(Quantity(b));
            let _ = Quantity(a).checked_sub(Quantity(b));
            let _ = Quantity(a).checked_neg();
            let _ = Quantity::positive(a);
        }

        #[test]
        fn positive_quantity_accepts_exactly_the_positive_numbers(a in any::<i64>()) {
            prop_assert_eq!(Quantity::positive(a).is_ok(), a > 0);
        }
    }
}
