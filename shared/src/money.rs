//! Exact money: integer minor units plus a currency, never floats.

use std::fmt;
use std::ops::Neg;

use serde::{Deserialize, Serialize};

use crate::currency::CurrencyCode;
use crate::error::validation_codes;

/// An exact amount of money in the currency's minor unit (yen for JPY, cents for USD).
///
/// Fields are public because every `i64` is a meaningful amount; the currency travels with
/// the amount so yen can never be added to dollars by accident. There is deliberately no
/// `Add`/`Ord`: both can fail or be meaningless across currencies, so use the `checked_*`
/// methods and compare `amount_minor` after checking the currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    /// Amount in minor units; negative for refunds, credits and discounts.
    pub amount_minor: i64,
    /// Currency the amount is denominated in.
    pub currency: CurrencyCode,
}

/// Why a money operation or parse failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// The two operands are in different currencies.
    #[error("cannot combine amounts in {left} and {right}")]
    CurrencyMismatch {
        /// Currency of the left operand.
        left: CurrencyCode,
        /// Currency of the right operand.
        right: CurrencyCode,
    },
    /// The result does not fit in 64-bit minor units.
    #[error("amount is too large")]
    Overflow,
    /// The decimal string was empty.
    #[error("amount must not be empty")]
    Empty,
    /// The decimal string is not a plain decimal number (exponents, separators, letters…).
    #[error("amount {0:?} is not a decimal number like 1980 or 12.50")]
    InvalidFormat(String),
    /// More fraction digits than the currency has minor digits (e.g. `1980.5` yen).
    #[error("{currency} amounts allow at most {max} decimal places")]
    TooManyFractionDigits {
        /// Currency the amount was parsed for.
        currency: CurrencyCode,
        /// Minor digits that currency allows.
        max: u32,
    },
    /// Allocation ratios were empty or summed to zero, so there is nothing to split by.
    #[error("allocation needs at least one non-zero ratio")]
    InvalidRatios,
}

validation_codes!(MoneyError {
    MoneyError::CurrencyMismatch { .. } => "money.currency_mismatch",
    MoneyError::Overflow => "money.overflow",
    MoneyError::Empty => "money.empty",
    MoneyError::InvalidFormat(_) => "money.invalid_format",
    MoneyError::TooManyFractionDigits { .. } => "money.too_many_fraction_digits",
    MoneyError::InvalidRatios => "money.invalid_ratios",
});

impl Money {
    /// An amount in minor units of `currency`.
    pub const fn new(amount_minor: i64, currency: CurrencyCode) -> Self {
        Self {
            amount_minor,
            currency,
        }
    }

    /// Zero in `currency`; the identity for sums.
    pub const fn zero(currency: CurrencyCode) -> Self {
        Self::new(0, currency)
    }

    /// Shorthand for yen, the currency almost every Kura tenant uses.
    pub const fn jpy(yen: i64) -> Self {
        Self::new(yen, CurrencyCode::Jpy)
    }

    /// True for exactly zero.
    pub const fn is_zero(&self) -> bool {
        self.amount_minor == 0
    }

    /// True below zero (refunds, credits).
    pub const fn is_negative(&self) -> bool {
        self.amount_minor < 0
    }

    /// True above zero.
    pub const fn is_positive(&self) -> bool {
        self.amount_minor > 0
    }

    fn same_currency(&self, other: &Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch {
                left: self.currency,
                right: other.currency,
            })
        }
    }

    /// `self + other`, failing on currency mismatch or overflow.
    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(&other)?;
        self.amount_minor
            .checked_add(other.amount_minor)
            .map(|a| Money::new(a, self.currency))
            .ok_or(MoneyError::Overflow)
    }

    /// `self - other`, failing on currency mismatch or overflow.
    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(&other)?;
        self.amount_minor
            .checked_sub(other.amount_minor)
            .map(|a| Money::new(a, self.currency))
            .ok_or(MoneyError::Overflow)
    }

    /// `self × qty` (unit price times a line quantity), failing on overflow.
    pub fn checked_mul(self, qty: i64) -> Result<Money, MoneyError> {
        self.amount_minor
            .checked_mul(qty)
            .map(|a| Money::new(a, self.currency))
            .ok_or(MoneyError::Overflow)
    }

    /// `-self`, failing only for `i64::MIN`, which has no positive counterpart.
    pub fn checked_neg(self) -> Result<Money, MoneyError> {
        self.amount_minor
            .checked_neg()
            .map(|a| Money::new(a, self.currency))
            .ok_or(MoneyError::Overflow)
    }

    /// Sums `items` starting from zero in `currency`; the currency is explicit so an empty
    /// list still has a well-defined total.
    pub fn try_sum(
        currency: CurrencyCode,
        items: impl IntoIterator<Item = Money>,
    ) -> Result<Money, MoneyError> {
        items
            .into_iter()
            .try_fold(Money::zero(currency), Money::checked_add)
    }

    /// Parses a plain decimal string (`"1980"`, `"12.50"`, `"-0.05"`) as an amount of
    /// `currency`.
    ///
    /// Strict on purpose: this is the machine format of CSV imports and API inputs, so
    /// thousands separators, exponents and extra fraction digits are errors rather than
    /// guesses. Fewer fraction digits than allowed are fine (`"12.5"` USD is 1250 cents).
    pub fn parse_decimal(s: &str, currency: CurrencyCode) -> Result<Money, MoneyError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(MoneyError::Empty);
        }
        let invalid = || MoneyError::InvalidFormat(s.to_owned());
        let (negative, body) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s.strip_prefix('+').unwrap_or(s)),
        };
        let (int_part, frac_part) = match body.split_once('.') {
            Some((i, f)) => (i, f),
            None => (body, ""),
        };
        let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if int_part.is_empty() || !all_digits(int_part) || !all_digits(frac_part) {
            return Err(invalid());
        }
        if body.contains('.') && frac_part.is_empty() {
            return Err(invalid());
        }
        let max = currency.minor_units();
        let frac_len = u32::try_from(frac_part.len()).unwrap_or(u32::MAX);
        if frac_len > max {
            return Err(MoneyError::TooManyFractionDigits { currency, max });
        }

        // i128 with an early bail keeps the accumulator bounded however long the input is,
        // and leaves room for i64::MIN, whose magnitude exceeds i64::MAX.
        let limit = i128::from(i64::MAX) + 1;
        let padding = std::iter::repeat_n(b'0', (max - frac_len) as usize);
        let mut magnitude: i128 = 0;
        for b in int_part.bytes().chain(frac_part.bytes()).chain(padding) {
            magnitude = magnitude * 10 + i128::from(b - b'0');
            if magnitude > limit {
                return Err(MoneyError::Overflow);
            }
        }
        let signed = if negative { -magnitude } else { magnitude };
        i64::try_from(signed)
            .map(|a| Money::new(a, currency))
            .map_err(|_| MoneyError::Overflow)
    }

    /// The machine decimal form that [`Money::parse_decimal`] reads back: `"1980"` (JPY),
    /// `"12.50"` (USD), `"-0.05"`. Always exactly the currency's minor digits.
    pub fn to_decimal_string(&self) -> String {
        let (int_part, frac_part) = self.split_magnitude();
        let sign = if self.is_negative() { "-" } else { "" };
        if frac_part.is_empty() {
            format!("{sign}{int_part}")
        } else {
            format!("{sign}{int_part}.{frac_part}")
        }
    }

    /// Integer and fraction digits of the absolute amount, fraction zero-padded.
    fn split_magnitude(&self) -> (String, String) {
        let minor = self.currency.minor_units() as usize;
        let digits = self.amount_minor.unsigned_abs().to_string();
        if minor == 0 {
            return (digits, String::new());
        }
        let padded = format!("{digits:0>width$}", width = minor + 1);
        let (i, f) = padded.split_at(padded.len() - minor);
        (i.to_owned(), f.to_owned())
    }

    /// Splits this amount by `ratios` so the parts add up exactly to the whole.
    ///
    /// Used for spreading an order discount or shipping fee over lines: each part gets the
    /// floor of its exact share, and the minor units left over go one each to the parts with
    /// the largest remainders (earlier parts win ties), so no yen is lost or invented.
    pub fn allocate(&self, ratios: &[u64]) -> Result<Vec<Money>, MoneyError> {
        // Each ratio is below 2^64 and a slice holds fewer than 2^64 of them: no overflow.
        let total = ratios
            .iter()
            .fold(0u128, |sum, r| sum.saturating_add(u128::from(*r)));
        if total == 0 {
            return Err(MoneyError::InvalidRatios);
        }
        // |amount| < 2^63 and ratio < 2^64, so the product fits in i128; the total fits too
        // unless there are more than 2^63 ratios, which no slice can hold.
        let total = i128::try_from(total).map_err(|_| MoneyError::Overflow)?;
        let amount = i128::from(self.amount_minor);
        let mut parts: Vec<(i128, i128)> = ratios
            .iter()
            .map(|r| {
                let exact = amount * i128::from(*r);
                (exact.div_euclid(total), exact.rem_euclid(total))
            })
            .collect();
        let floored = parts
            .iter()
            .fold(0i128, |sum, (q, _)| sum.saturating_add(*q));
        let leftover = usize::try_from(amount - floored).map_err(|_| MoneyError::Overflow)?;
        let mut order: Vec<usize> = (0..parts.len()).collect();
        order.sort_by(|a, b| parts[*b].1.cmp(&parts[*a].1).then(a.cmp(b)));
        for idx in order.into_iter().take(leftover) {
            parts[idx].0 += 1;
        }
        parts
            .into_iter()
            .map(|(q, _)| {
                i64::try_from(q)
                    .map(|a| Money::new(a, self.currency))
                    .map_err(|_| MoneyError::Overflow)
            })
            .collect()
    }
}

/// Adds amounts in minor units (payments, discounts, line amounts, stock values), failing
/// with [`MoneyError::Overflow`] instead of wrapping.
///
/// A release build wraps `i64` sums silently, and a wrapped payment sum once turned into
/// loyalty points; `Iterator::sum` is therefore a disallowed method (see `clippy.toml`)
/// and every sum of amounts goes through here or [`Money::try_sum`].
pub fn checked_sum(amounts: impl IntoIterator<Item = i64>) -> Result<i64, MoneyError> {
    amounts
        .into_iter()
        .try_fold(0i64, |sum, amount| sum.checked_add(amount))
        .ok_or(MoneyError::Overflow)
}

impl Neg for Money {
    type Output = Money;

    /// Saturates at `i64::MAX` for `i64::MIN` rather than panicking; use
    /// [`Money::checked_neg`] where that edge matters.
    fn neg(self) -> Money {
        Money::new(self.amount_minor.saturating_neg(), self.currency)
    }
}

/// Inserts `,` every three digits from the right; display only, never parsed back.
fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

impl fmt::Display for Money {
    /// For people: `¥1,980`, `$12.50`, `-¥500`. Use [`Money::to_decimal_string`] for machines.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (int_part, frac_part) = self.split_magnitude();
        let sign = if self.is_negative() { "-" } else { "" };
        write!(
            f,
            "{sign}{}{}",
            self.currency.symbol(),
            group_thousands(&int_part)
        )?;
        if !frac_part.is_empty() {
            write!(f, ".{frac_part}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::ValidationError;
    use proptest::prelude::*;

    const JPY: CurrencyCode = CurrencyCode::Jpy;
    const USD: CurrencyCode = CurrencyCode::Usd;

    #[test]
    fn decimal_strings_parse_into_exact_minor_units() {
        assert_eq!(Money::parse_decimal("1980", JPY).unwrap(), Money::jpy(1980));
        assert_eq!(
            Money::parse_decimal("12.50", USD).unwrap(),
            Money::new(1250, USD)
        );
        assert_eq!(
            Money::parse_decimal("12.5", USD).unwrap(),
            Money::new(1250, USD)
        );
        assert_eq!(
            Money::parse_decimal("-0.05", USD).unwrap(),
            Money::new(-5, USD)
        );
        assert_eq!(Money::parse_decimal(" +007 ", JPY).unwrap(), Money::jpy(7));
        assert_eq!(
            Money::parse_decimal("-9223372036854775808", JPY).unwrap(),
            Money::jpy(i64::MIN)
        );
    }

    #[test]
    fn an_empty_amount_is_rejected() {
        assert_eq!(
            Money::parse_decimal("  ", JPY).unwrap_err().code(),
            "money.empty"
        );
    }

    #[test]
    fn floats_exponents_separators_and_garbage_are_invalid_format() {
        for bad in [
            "1e3", "1.2E2", "1,980", "¥1980", "12.", ".5", "-", "+-1", "1 000", "abc", "0x10",
            "NaN", "1.2.3",
        ] {
            let err = Money::parse_decimal(bad, USD).unwrap_err();
            assert_eq!(err.code(), "money.invalid_format", "{bad:?}");
        }
    }

    #[test]
    fn more_fraction_digits_than_the_currency_allows_are_rejected() {
        let err = Money::parse_decimal("1980.0", JPY).unwrap_err();
        assert_eq!(
            err,
            MoneyError::TooManyFractionDigits {
                currency: JPY,
                max: 0
            }
        );
        assert_eq!(err.code(), "money.too_many_fraction_digits");
        assert!(Money::parse_decimal("12.505", USD).is_err());
    }

    #[test]
    fn amounts_beyond_64_bits_overflow() {
        for bad in [
            "9223372036854775808",
            "92233720368547758.08",
            "1".repeat(100).as_str(),
        ] {
            let currency = if bad.contains('.') { USD } else { JPY };
            let err = Money::parse_decimal(bad, currency).unwrap_err();
            assert_eq!(err.code(), "money.overflow", "{bad:?}");
        }
    }

    #[test]
    fn decimal_strings_always_carry_the_currencys_minor_digits() {
        assert_eq!(Money::jpy(1980).to_decimal_string(), "1980");
        assert_eq!(Money::new(1250, USD).to_decimal_string(), "12.50");
        assert_eq!(Money::new(-5, USD).to_decimal_string(), "-0.05");
        assert_eq!(Money::new(0, USD).to_decimal_string(), "0.00");
    }

    #[test]
    fn display_is_for_people_with_symbol_and_thousands_separators() {
        assert_eq!(Money::jpy(1980).to_string(), "¥1,980");
        assert_eq!(Money::jpy(1_234_567).to_string(), "¥1,234,567");
        assert_eq!(Money::jpy(-500).to_string(), "-¥500");
        assert_eq!(Money::jpy(0).to_string(), "¥0");
        assert_eq!(Money::new(1250, USD).to_string(), "$12.50");
        assert_eq!(Money::new(123_456_789, USD).to_string(), "$1,234,567.89");
        assert_eq!(Money::new(-5, CurrencyCode::Eur).to_string(), "-€0.05");
        assert_eq!(
            Money::jpy(i64::MIN).to_string(),
            "-¥9,223,372,036,854,775,808"
        );
    }

    #[test]
    fn mixing_currencies_is_an_error_not_a_sum() {
        let err = Money::jpy(1).checked_add(Money::new(1, USD)).unwrap_err();
        assert_eq!(err.code(), "money.currency_mismatch");
        assert!(Money::jpy(1).checked_sub(Money::new(1, USD)).is_err());
        assert!(Money::try_sum(JPY, [Money::jpy(1), Money::new(1, USD)]).is_err());
    }

    #[test]
    fn arithmetic_overflow_is_an_error() {
        assert_eq!(
            Money::jpy(i64::MAX).checked_add(Money::jpy(1)),
            Err(MoneyError::Overflow)
        );
        assert_eq!(
            Money::jpy(i64::MIN).checked_sub(Money::jpy(1)),
            Err(MoneyError::Overflow)
        );
        assert_eq!(
            Money::jpy(i64::MAX).checked_mul(2),
            Err(MoneyError::Overflow)
        );
        assert_eq!(
            Money::jpy(i64::MIN).checked_neg(),
            Err(MoneyError::Overflow)
        );
    }

    #[test]
    fn unit_price_times_quantity_and_sums_work() {
        assert_eq!(Money::jpy(1980).checked_mul(3).unwrap(), Money::jpy(5940));
        assert_eq!(Money::jpy(1980).checked_mul(-1).unwrap(), Money::jpy(-1980));
        assert_eq!(
            Money::try_sum(JPY, [Money::jpy(1000), Money::jpy(1980)]).unwrap(),
            Money::jpy(2980)
        );
        assert_eq!(Money::try_sum(JPY, []).unwrap(), Money::zero(JPY));
    }

    #[test]
    fn checked_sum_adds_amounts_and_refuses_to_wrap() {
        assert_eq!(checked_sum([1980, -200, 5000]), Ok(6780));
        assert_eq!(checked_sum([]), Ok(0));
        assert_eq!(checked_sum([i64::MAX, 0]), Ok(i64::MAX));
        assert_eq!(checked_sum([i64::MIN, -1]), Err(MoneyError::Overflow));
        // The payments of the loyalty-points exploit: two near-i64::MAX amounts wrap to a
        // small number in a release build.
        let err =
            checked_sum([9_200_000_000_000_000_000, 9_200_000_000_000_000_000, 3_980]).unwrap_err();
        assert_eq!(err.code(), "money.overflow");
        // A later negative amount does not rescue an overflow that already happened.
        assert_eq!(checked_sum([i64::MAX, 1, -1]), Err(MoneyError::Overflow));
    }

    #[test]
    fn negation_and_sign_predicates() {
        assert_eq!(-Money::jpy(500), Money::jpy(-500));
        assert!((-Money::jpy(500)).is_negative());
        assert!(Money::zero(JPY).is_zero());
        assert!(Money::jpy(1).is_positive());
        assert_eq!(-Money::jpy(i64::MIN), Money::jpy(i64::MAX));
    }

    #[test]
    fn allocation_never_loses_a_yen() {
        let parts = Money::jpy(100).allocate(&[1, 1, 1]).unwrap();
        assert_eq!(parts, [Money::jpy(34), Money::jpy(33), Money::jpy(33)]);
        let parts = Money::jpy(1000).allocate(&[1980, 1000, 0]).unwrap();
        assert_eq!(parts, [Money::jpy(664), Money::jpy(336), Money::jpy(0)]);
        let parts = Money::jpy(-100).allocate(&[1, 1, 1]).unwrap();
        assert_eq!(checked_sum(parts.iter().map(|m| m.amount_minor)), Ok(-100));
    }

    #[test]
    fn allocation_without_a_non_zero_ratio_is_rejected() {
        assert_eq!(
            Money::jpy(100).allocate(&[]).unwrap_err().code(),
            "money.invalid_ratios"
        );
        assert_eq!(
            Money::jpy(100).allocate(&[0, 0]),
            Err(MoneyError::InvalidRatios)
        );
    }

    #[test]
    fn money_errors_become_validation_errors_with_english_messages() {
        let v = ValidationError::from(Money::parse_decimal("1980.5", JPY).unwrap_err());
        assert_eq!(v.code, "money.too_many_fraction_digits");
        assert_eq!(v.message, "JPY amounts allow at most 0 decimal places");
    }

    #[test]
    fn serde_shape_is_amount_minor_and_currency_code() {
        let json = serde_json::to_value(Money::jpy(1980)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"amount_minor": 1980, "currency": "JPY"})
        );
        assert!(serde_json::from_str::<Money>(r#"{"amount_minor":1,"currency":"XXX"}"#).is_err());
    }

    fn any_currency() -> impl Strategy<Value = CurrencyCode> {
        proptest::sample::select(CurrencyCode::ALL)
    }

    fn any_money() -> impl Strategy<Value = Money> {
        (any::<i64>(), any_currency()).prop_map(|(a, c)| Money::new(a, c))
    }

    proptest! {
        #[test]
        fn decimal_string_round_trips(m in any_money()) {
            prop_assert_eq!(Money::parse_decimal(&m.to_decimal_string(), m.currency), Ok(m));
        }

        #[test]
        fn add_then_sub_returns_the_original(
            a in -(1i64 << 62)..(1i64 << 62),
            b in -(1i64 << 62)..(1i64 << 62),
        ) {
            let (a, b) = (Money::jpy(a), Money::jpy(b));
            let sum = a.checked_add(b).unwrap();
            prop_assert_eq!(sum.checked_sub(b), Ok(a));
        }

        #[test]
        fn addition_commutes(a in any::<i64>(), b in any::<i64>()) {
            prop_assert_eq!(
                Money::jpy(a).checked_add(Money::jpy(b)),
                Money::jpy(b).checked_add(Money::jpy(a))
            );
        }

        #[test]
        fn checked_ops_never_panic(a in any_money(), b in any_money(), q in any::<i64>()) {
            let _ = a.checked_add(b);
            let _ = a.checked_sub(b);
            let _ = a.checked_mul(q);
            let _ = a.checked_neg();
            let _ = -a;
            let _ = a.to_string();
        }

        #[test]
        fn parse_decimal_never_panics(s in "\\PC{0,40}", c in any_currency()) {
            let _ = Money::parse_decimal(&s, c);
        }

        #[test]
        fn checked_sum_is_the_exact_sum_or_an_overflow(
            amounts in proptest::collection::vec(any::<i64>(), 0..8),
        ) {
            let exact = amounts.iter().fold(0i128, |s, a| s + i128::from(*a));
            let prefixes_fit = amounts
                .iter()
                .scan(0i128, |s, a| { *s += i128::from(*a); Some(*s) })
                .all(|s| i64::try_from(s).is_ok());
            match checked_sum(amounts.iter().copied()) {
                Ok(sum) => prop_assert_eq!(i128::from(sum), exact),
                Err(e) => {
                    prop_assert_eq!(e, MoneyError::Overflow);
                    prop_assert!(!prefixes_fit);
                }
            }
        }

        #[test]
        fn allocation_parts_sum_to_the_whole(
            a in any::<i64>(),
            ratios in proptest::collection::vec(0u64..1_000_000, 1..8),
        ) {
            let m = Money::jpy(a);
            match m.allocate(&ratios) {
                Ok(parts) => {
                    let sum = parts.iter().fold(0i128, |s, p| s + i128::from(p.amount_minor));
                    prop_assert_eq!(sum, i128::from(a));
                    prop_assert_eq!(parts.len(), ratios.len());
                }
                Err(e) => prop_assert!(ratios.iter().all(|r| *r == 0), "{e}"),
            }
        }
    }
}
