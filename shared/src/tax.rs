//! Japanese consumption tax (消費税): rates, rounding, and per-invoice breakdowns for
//! qualified invoices (適格請求書).
//!
//! All arithmetic is integer (`i128` intermediates on `i64` minor units), never floats, so
//! a yen computed here is the yen the tax office computes.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::currency::CurrencyCode;
use crate::error::validation_codes;
use crate::money::{Money, MoneyError};

/// A Japanese consumption tax rate.
///
/// An enum, not a percentage field: the law defines exactly these two rates, and invoices
/// must group by them, so an arbitrary `9%` should be unrepresentable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::Enum),
    graphql(name = "TaxClass")
)]
#[cfg_attr(
    feature = "sea-orm",
    derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum)
)]
#[cfg_attr(
    feature = "sea-orm",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::None)",
        rename_all = "SCREAMING_SNAKE_CASE"
    )
)]
pub enum TaxRate {
    /// 標準税率, 10%.
    Standard,
    /// 軽減税率, 8%: food and drink (not dining in, not alcohol) and subscribed newspapers.
    Reduced,
}

/// The name the API and product records use for a product's rate (`STANDARD`/`REDUCED`).
pub type TaxClass = TaxRate;

impl TaxRate {
    /// Both rates, in the order invoices list them (10% before 8%).
    pub const ALL: &'static [TaxRate] = &[TaxRate::Standard, TaxRate::Reduced];

    /// The rate in whole percent: 10 or 8.
    pub const fn percent(self) -> u32 {
        match self {
            TaxRate::Standard => 10,
            TaxRate::Reduced => 8,
        }
    }

    /// The wire name, `"STANDARD"` or `"REDUCED"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            TaxRate::Standard => "STANDARD",
            TaxRate::Reduced => "REDUCED",
        }
    }
}

impl fmt::Display for TaxRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a string is not a tax rate or rounding mode.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TaxError {
    /// Not `STANDARD` or `REDUCED`.
    #[error("tax class must be STANDARD or REDUCED, got {0:?}")]
    UnknownTaxClass(String),
    /// Not `FLOOR`, `HALF_UP` or `CEIL`.
    #[error("rounding mode must be FLOOR, HALF_UP or CEIL, got {0:?}")]
    UnknownRoundingMode(String),
}

validation_codes!(TaxError {
    TaxError::UnknownTaxClass(_) => "tax.unknown_class",
    TaxError::UnknownRoundingMode(_) => "tax.unknown_rounding_mode",
});

impl FromStr for TaxRate {
    type Err = TaxError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TaxRate::ALL
            .iter()
            .copied()
            .find(|r| r.as_str() == s.trim())
            .ok_or_else(|| TaxError::UnknownTaxClass(s.to_owned()))
    }
}

/// How a fractional yen of tax is rounded; a per-tenant setting.
///
/// Rounding applies to the magnitude and the sign is put back afterwards, so the tax on a
/// return is exactly the negative of the tax on the sale it reverses. `Floor` therefore
/// means 切り捨て (drop the fraction), which is what most Japanese retailers use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::Enum),
    graphql(name = "TaxRounding")
)]
#[cfg_attr(
    feature = "sea-orm",
    derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum)
)]
#[cfg_attr(
    feature = "sea-orm",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::None)",
        rename_all = "SCREAMING_SNAKE_CASE"
    )
)]
pub enum RoundingMode {
    /// 切り捨て: drop the fraction (toward zero). The common Japanese default.
    #[default]
    Floor,
    /// 四捨五入: half a unit or more rounds away from zero.
    HalfUp,
    /// 切り上げ: any fraction rounds away from zero.
    Ceil,
}

impl RoundingMode {
    /// The wire name: `"FLOOR"`, `"HALF_UP"` or `"CEIL"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            RoundingMode::Floor => "FLOOR",
            RoundingMode::HalfUp => "HALF_UP",
            RoundingMode::Ceil => "CEIL",
        }
    }

    /// `num / den` rounded by this mode; `den` must be positive.
    fn div(self, num: i128, den: i128) -> i128 {
        let magnitude = num.unsigned_abs();
        let den = den.unsigned_abs().max(1);
        let (q, r) = (magnitude / den, magnitude % den);
        let q = match self {
            RoundingMode::Floor => q,
            RoundingMode::HalfUp if r * 2 >= den => q + 1,
            RoundingMode::Ceil if r > 0 => q + 1,
            RoundingMode::HalfUp | RoundingMode::Ceil => q,
        };
        // q ≤ |num| / den + 1 and our callers pass |num| < 2^63 · 100, so it fits in i128.
        let q = i128::try_from(q).unwrap_or(i128::MAX);
        if num < 0 { -q } else { q }
    }
}

impl fmt::Display for RoundingMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RoundingMode {
    type Err = TaxError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [
            RoundingMode::Floor,
            RoundingMode::HalfUp,
            RoundingMode::Ceil,
        ]
        .into_iter()
        .find(|m| m.as_str() == s.trim())
        .ok_or_else(|| TaxError::UnknownRoundingMode(s.to_owned()))
    }
}

/// `amount × numerator / denominator`, rounded; the result never exceeds `|amount|` in
/// magnitude (numerator ≤ denominator), so it always fits back into `i64`.
fn scaled(amount: Money, numerator: u32, denominator: u32, mode: RoundingMode) -> Money {
    let num = i128::from(amount.amount_minor) * i128::from(numerator);
    let q = mode.div(num, i128::from(denominator));
    let clamped = i64::try_from(q).unwrap_or(if q < 0 { i64::MIN } else { i64::MAX });
    Money::new(clamped, amount.currency)
}

/// Tax to add to a tax-excluded amount (税抜価格 × 税率).
///
/// `tax_on_excluded(¥2,980, Standard, Floor)` is `¥298`.
pub fn tax_on_excluded(amount: Money, rate: TaxRate, mode: RoundingMode) -> Money {
    scaled(amount, rate.percent(), 100, mode)
}

/// Tax contained in a tax-included price (税込価格 × 税率 / (100 + 税率)).
///
/// `tax_in_included(¥1,100, Standard, Floor)` is `¥100`.
pub fn tax_in_included(amount: Money, rate: TaxRate, mode: RoundingMode) -> Money {
    let p = rate.percent();
    scaled(amount, p, 100 + p, mode)
}

/// Subtotal, tax and total for one rate on one invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RateTotals {
    /// The rate these lines are taxed at.
    pub rate: TaxRate,
    /// Sum of the lines at this rate, tax excluded (税抜合計).
    pub subtotal: Money,
    /// Consumption tax at this rate, rounded once (消費税額).
    pub tax: Money,
    /// `subtotal + tax` (税込合計).
    pub total: Money,
}

/// Per-rate totals of a qualified invoice (適格請求書).
///
/// The invoice system requires tax to be computed once per rate per invoice from the summed
/// amounts, not per line and then added up; this type is the only place that rule lives.
/// It is built from lines and never deserialised, so its totals are always consistent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaxBreakdown {
    currency: CurrencyCode,
    prices_include_tax: bool,
    rounding: RoundingMode,
    rates: Vec<RateTotals>,
    subtotal: Money,
    tax: Money,
    total: Money,
}

impl TaxBreakdown {
    /// Sums line amounts per rate and rounds the tax once per rate.
    ///
    /// `lines` are `(rate, line amount)` with the line amount already `unit price × qty`
    /// (discount lines are negative). `prices_include_tax` says whether those amounts are
    /// tax-included (store prices, 総額表示) or tax-excluded (typical B2B). The currency is
    /// explicit so an invoice with no lines still has a zero total in the right currency.
    /// Fails on a line in another currency or on overflow.
    pub fn from_lines(
        currency: CurrencyCode,
        lines: impl IntoIterator<Item = (TaxRate, Money)>,
        prices_include_tax: bool,
        rounding: RoundingMode,
    ) -> Result<TaxBreakdown, MoneyError> {
        let mut sums: Vec<(TaxRate, Money)> = Vec::with_capacity(TaxRate::ALL.len());
        for (rate, amount) in lines {
            match sums.iter_mut().find(|(r, _)| *r == rate) {
                Some((_, sum)) => *sum = sum.checked_add(amount)?,
                None => sums.push((rate, Money::zero(currency).checked_add(amount)?)),
            }
        }
        sums.sort_by_key(|(rate, _)| *rate);

        let rates = sums
            .into_iter()
            .map(|(rate, sum)| {
                if prices_include_tax {
                    let tax = tax_in_included(sum, rate, rounding);
                    Ok(RateTotals {
                        rate,
                        subtotal: sum.checked_sub(tax)?,
                        tax,
                        total: sum,
                    })
                } else {
                    let tax = tax_on_excluded(sum, rate, rounding);
                    Ok(RateTotals {
                        rate,
                        subtotal: sum,
                        tax,
                        total: sum.checked_add(tax)?,
                    })
                }
            })
            .collect::<Result<Vec<_>, MoneyError>>()?;

        Ok(TaxBreakdown {
            currency,
            prices_include_tax,
            rounding,
            subtotal: Money::try_sum(currency, rates.iter().map(|r| r.subtotal))?,
            tax: Money::try_sum(currency, rates.iter().map(|r| r.tax))?,
            total: Money::try_sum(currency, rates.iter().map(|r| r.total))?,
            rates,
        })
    }

    /// One entry per rate that has lines, 10% before 8%.
    pub fn rates(&self) -> &[RateTotals] {
        &self.rates
    }

    /// Totals for `rate`, or `None` if no line used it.
    pub fn for_rate(&self, rate: TaxRate) -> Option<&RateTotals> {
        self.rates.iter().find(|r| r.rate == rate)
    }

    /// Invoice total excluding tax, across all rates.
    pub fn subtotal(&self) -> Money {
        self.subtotal
    }

    /// Invoice consumption tax, the sum of the per-rate rounded taxes.
    pub fn tax(&self) -> Money {
        self.tax
    }

    /// Invoice total including tax, what the customer pays.
    pub fn total(&self) -> Money {
        self.total
    }

    /// Currency of every amount in the breakdown.
    pub fn currency(&self) -> CurrencyCode {
        self.currency
    }

    /// Whether the input lines were tax-included.
    pub fn prices_include_tax(&self) -> bool {
        self.prices_include_tax
    }

    /// Rounding applied to each per-rate tax.
    pub fn rounding(&self) -> RoundingMode {
        self.rounding
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    use RoundingMode::{Ceil, Floor, HalfUp};
    use TaxRate::{Reduced, Standard};

    const JPY: CurrencyCode = CurrencyCode::Jpy;

    fn yen(n: i64) -> Money {
        Money::jpy(n)
    }

    #[test]
    fn the_two_japanese_rates_are_ten_and_eight_percent() {
        assert_eq!(Standard.percent(), 10);
        assert_eq!(Reduced.percent(), 8);
    }

    #[test]
    fn tax_on_an_excluded_amount_rounds_by_mode() {
        assert_eq!(tax_on_excluded(yen(2980), Standard, Floor), yen(298));
        assert_eq!(tax_on_excluded(yen(1005), Standard, Floor), yen(100));
        assert_eq!(tax_on_excluded(yen(1005), Standard, HalfUp), yen(101));
        assert_eq!(tax_on_excluded(yen(1004), Standard, HalfUp), yen(100));
        assert_eq!(tax_on_excluded(yen(1001), Standard, Ceil), yen(101));
        assert_eq!(tax_on_excluded(yen(1000), Standard, Ceil), yen(100));
        assert_eq!(tax_on_excluded(yen(199), Reduced, Floor), yen(15));
    }

    #[test]
    fn tax_inside_an_included_price_rounds_by_mode() {
        assert_eq!(tax_in_included(yen(1100), Standard, Floor), yen(100));
        assert_eq!(tax_in_included(yen(1080), Reduced, Floor), yen(80));
        // 1,000 × 10 / 110 = 90.90…
        assert_eq!(tax_in_included(yen(1000), Standard, Floor), yen(90));
        assert_eq!(tax_in_included(yen(1000), Standard, HalfUp), yen(91));
        assert_eq!(tax_in_included(yen(1000), Standard, Ceil), yen(91));
        // 1,650 × 10 / 110 = 150 exactly: no mode changes it.
        assert_eq!(tax_in_included(yen(1650), Standard, Ceil), yen(150));
    }

    #[test]
    fn tax_on_a_return_mirrors_the_sale() {
        assert_eq!(tax_on_excluded(yen(-1985), Standard, Floor), yen(-198));
        assert_eq!(tax_on_excluded(yen(-1985), Standard, HalfUp), yen(-199));
        assert_eq!(tax_in_included(yen(-1000), Standard, Ceil), yen(-91));
    }

    #[test]
    fn tax_works_in_cents_too() {
        let usd = Money::new(1999, CurrencyCode::Usd);
        assert_eq!(
            tax_on_excluded(usd, Standard, HalfUp),
            Money::new(200, CurrencyCode::Usd)
        );
    }

    #[test]
    fn an_excluded_invoice_sums_lines_then_taxes_once() {
        let b = TaxBreakdown::from_lines(
            JPY,
            [(Standard, yen(1000)), (Standard, yen(1980))],
            false,
            Floor,
        )
        .unwrap();
        let ten = b.for_rate(Standard).unwrap();
        assert_eq!(
            (ten.subtotal, ten.tax, ten.total),
            (yen(2980), yen(298), yen(3278))
        );
        assert_eq!(
            (b.subtotal(), b.tax(), b.total()),
            (yen(2980), yen(298), yen(3278))
        );
        assert!(b.for_rate(Reduced).is_none());
    }

    #[test]
    fn an_included_invoice_extracts_the_tax_from_the_total() {
        let b = TaxBreakdown::from_lines(JPY, [(Standard, yen(1100))], true, Floor).unwrap();
        let ten = b.for_rate(Standard).unwrap();
        assert_eq!(
            (ten.subtotal, ten.tax, ten.total),
            (yen(1000), yen(100), yen(1100))
        );
    }

    #[test]
    fn rounding_once_per_rate_differs_from_rounding_per_line() {
        // Per line: 99 × 8% = 7.92 → 7, three times = 21. Per rate: 297 × 8% = 23.76 → 23.
        let b = TaxBreakdown::from_lines(JPY, [(Reduced, yen(99)); 3], false, Floor).unwrap();
        assert_eq!(b.tax(), yen(23));
    }

    #[test]
    fn a_mixed_rate_receipt_lists_ten_percent_then_eight_percent() {
        let b = TaxBreakdown::from_lines(
            JPY,
            [
                (Reduced, yen(1080)),
                (Standard, yen(1100)),
                (Reduced, yen(216)),
                (Standard, yen(550)),
            ],
            true,
            Floor,
        )
        .unwrap();
        let rates: Vec<_> = b
            .rates()
            .iter()
            .map(|r| (r.rate, r.subtotal, r.tax, r.total))
            .collect();
        assert_eq!(
            rates,
            [
                (Standard, yen(1500), yen(150), yen(1650)),
                (Reduced, yen(1200), yen(96), yen(1296)),
            ]
        );
        assert_eq!(
            (b.subtotal(), b.tax(), b.total()),
            (yen(2700), yen(246), yen(2946))
        );
    }

    #[test]
    fn a_discount_line_reduces_the_taxable_sum_before_rounding() {
        let b = TaxBreakdown::from_lines(
            JPY,
            [(Standard, yen(1980)), (Standard, yen(-200))],
            false,
            Floor,
        )
        .unwrap();
        assert_eq!(b.tax(), yen(178));
    }

    #[test]
    fn an_invoice_without_lines_is_zero_in_its_currency() {
        let b = TaxBreakdown::from_lines(JPY, [], true, Floor).unwrap();
        assert!(b.rates().is_empty());
        assert_eq!(b.total(), Money::zero(JPY));
        assert_eq!(b.currency(), JPY);
    }

    #[test]
    fn a_line_in_another_currency_or_an_overflow_is_an_error() {
        let usd = Money::new(100, CurrencyCode::Usd);
        let err = TaxBreakdown::from_lines(JPY, [(Standard, usd)], false, Floor).unwrap_err();
        assert_eq!(err.code(), "money.currency_mismatch");
        let err =
            TaxBreakdown::from_lines(JPY, [(Standard, yen(i64::MAX))], false, Floor).unwrap_err();
        assert_eq!(err.code(), "money.overflow");
    }

    #[test]
    fn names_parse_and_serialise_as_screaming_strings() {
        assert_eq!("REDUCED".parse::<TaxClass>().unwrap(), Reduced);
        assert_eq!(serde_json::to_string(&Standard).unwrap(), "\"STANDARD\"");
        assert_eq!(
            serde_json::from_str::<TaxRate>("\"REDUCED\"").unwrap(),
            Reduced
        );
        assert_eq!(serde_json::to_string(&HalfUp).unwrap(), "\"HALF_UP\"");
        assert_eq!("HALF_UP".parse::<RoundingMode>().unwrap(), HalfUp);
        assert_eq!(RoundingMode::default(), Floor);
        assert_eq!(
            "8%".parse::<TaxRate>().unwrap_err().code(),
            "tax.unknown_class"
        );
        assert_eq!(
            "ROUND".parse::<RoundingMode>().unwrap_err().code(),
            "tax.unknown_rounding_mode"
        );
    }

    fn any_rate() -> impl Strategy<Value = TaxRate> {
        proptest::sample::select(TaxRate::ALL)
    }

    fn any_mode() -> impl Strategy<Value = RoundingMode> {
        proptest::sample::select(&[Floor, HalfUp, Ceil][..])
    }

    proptest! {
        #[test]
        fn tax_helpers_never_panic_and_never_exceed_the_amount(
            a in any::<i64>(), rate in any_rate(), mode in any_mode(),
        ) {
            let ex = tax_on_excluded(yen(a), rate, mode);
            let inc = tax_in_included(yen(a), rate, mode);
            prop_assert!(ex.amount_minor.unsigned_abs() <= a.unsigned_abs());
            prop_assert!(inc.amount_minor.unsigned_abs() <= a.unsigned_abs());
        }

        #[test]
        fn breakdown_parts_add_up(
            lines in proptest::collection::vec((any_rate(), -10_000_000i64..10_000_000), 0..20),
            include in any::<bool>(),
            mode in any_mode(),
        ) {
            let b = TaxBreakdown::from_lines(JPY, lines.iter().map(|(r, a)| (*r, yen(*a))), include, mode).unwrap();
            prop_assert_eq!(b.subtotal().checked_add(b.tax()).unwrap(), b.total());
            let line_sum = crate::money::checked_sum(lines.iter().map(|(_, a)| *a)).unwrap();
            let expected = if include { b.total() } else { b.subtotal() };
            prop_assert_eq!(expected, yen(line_sum));
        }
    }
}
