//! The lines of an order being entered, as typed, and what they come to: each line's
//! quantity and price are checked with `kura_shared`'s rules (a whole number of units up to
//! the order line limit, a non-negative amount in the company's currency), and the totals
//! are worked out per tax rate exactly as the server will.

use kura_shared::{
    CurrencyCode, MAX_LINE_QUANTITY, MAX_ORDER_LINES, Money, RoundingMode, TaxBreakdown, TaxClass,
    line_amount,
};

use crate::api::orders::documents::OrderLineInput;
use crate::components::{Problem, parse_positive};
use crate::i18n::{Msg, reason_message};

/// What was ordered: a variant as the scan found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The variant.
    pub variant_id: String,
    /// Product name.
    pub name: String,
    /// Option title, or empty.
    pub title: String,
    /// SKU.
    pub sku: String,
    /// The catalogue's price of one unit.
    pub list_price: Money,
    /// 10% or 8%.
    pub tax_class: TaxClass,
}

/// One line of the order being entered, with its quantity and price as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryLine {
    /// What is ordered.
    pub item: Item,
    /// Units, as typed.
    pub quantity: String,
    /// Price of one unit as typed; empty for the list price.
    pub price: String,
}

impl EntryLine {
    /// The units ordered, or why the typed text is not a quantity.
    pub fn quantity(&self) -> Result<i64, Problem> {
        let units = parse_positive(&self.quantity)?;
        if units > MAX_LINE_QUANTITY {
            return Err(Problem::Msg(Msg::OrQuantityTooLarge));
        }
        Ok(units)
    }

    /// The price of one unit (the list price when left empty), or why the typed text is not
    /// one.
    pub fn unit_price(&self) -> Result<Money, Problem> {
        let text = self.price.trim();
        if text.is_empty() {
            return Ok(self.item.list_price);
        }
        let price = Money::parse_decimal(text, self.item.list_price.currency).map_err(|e| {
            reason_message(e.code()).map_or(Problem::Server(e.to_string()), Problem::Msg)
        })?;
        if price.is_negative() {
            return Err(Problem::Msg(Msg::ReasonMoneyNegative));
        }
        Ok(price)
    }

    /// `unit price × quantity`, while both are valid.
    pub fn amount(&self) -> Option<Money> {
        let price = self.unit_price().ok()?;
        line_amount(price, self.quantity().ok()?, Money::zero(price.currency)).ok()
    }

    /// The line as `createOrder` takes it; a price is sent only when one was typed.
    fn input(&self) -> Option<OrderLineInput> {
        let quantity = self.quantity().ok()?;
        let typed = !self.price.trim().is_empty();
        let price = self.unit_price().ok()?;
        Some(OrderLineInput {
            variant_id: self.item.variant_id.clone(),
            quantity,
            unit_price: typed.then(|| price.to_decimal_string()),
        })
    }
}

/// The quantity after one more unit of a line was scanned: one more than the typed
/// quantity, or 1 when what is typed is not a number.
pub fn one_more(typed: &str) -> String {
    let units = typed
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .unwrap_or(0);
    units.saturating_add(1).to_string()
}

/// Per-rate totals of the lines, or `None` while a line is invalid.
pub fn totals(
    lines: &[EntryLine],
    currency: CurrencyCode,
    prices_include_tax: bool,
    rounding: RoundingMode,
) -> Option<TaxBreakdown> {
    let amounts = lines
        .iter()
        .map(|l| l.amount().map(|a| (l.item.tax_class, a)))
        .collect::<Option<Vec<_>>>()?;
    TaxBreakdown::from_lines(currency, amounts, prices_include_tax, rounding).ok()
}

/// The lines as `createOrder` takes them, or what is wrong with them as a whole.
pub fn inputs(lines: &[EntryLine]) -> Result<Vec<OrderLineInput>, Problem> {
    if lines.is_empty() {
        return Err(Problem::Msg(Msg::OrNoLines));
    }
    if lines.len() > MAX_ORDER_LINES {
        return Err(Problem::Msg(Msg::OrTooManyLines));
    }
    lines
        .iter()
        .map(EntryLine::input)
        .collect::<Option<Vec<_>>>()
        .ok_or(Problem::Msg(Msg::OrFixLines))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn line(price: i64, tax: TaxClass, quantity: &str, typed_price: &str) -> EntryLine {
        EntryLine {
            item: Item {
                variant_id: format!("v{price}"),
                name: "n".into(),
                title: String::new(),
                sku: "S".into(),
                list_price: Money::jpy(price),
                tax_class: tax,
            },
            quantity: quantity.into(),
            price: typed_price.into(),
        }
    }

    #[test]
    fn scanning_a_line_again_adds_one() {
        assert_eq!(one_more("2"), "3");
        assert_eq!(one_more(" 1 "), "2");
        assert_eq!(one_more(""), "1");
        assert_eq!(one_more("x"), "1");
    }

    #[test]
    fn a_typed_price_replaces_the_list_price_and_is_sent() {
        let special = line(2980, TaxClass::Standard, "3", "1800");
        assert_eq!(special.amount(), Some(Money::jpy(5400)));
        let list = line(2980, TaxClass::Standard, "2", "");
        assert_eq!(list.amount(), Some(Money::jpy(5960)));
        let sent = inputs(&[special, list]).unwrap();
        assert_eq!(sent[0].unit_price.as_deref(), Some("1800"));
        assert_eq!(sent[1].unit_price, None);
        assert_eq!(sent[1].quantity, 2);
    }

    #[test]
    fn bad_quantities_and_prices_are_refused_with_their_reason() {
        assert_eq!(
            line(100, TaxClass::Standard, "0", "").quantity(),
            Err(Problem::Msg(Msg::OpReasonPositive))
        );
        assert_eq!(
            line(100, TaxClass::Standard, "4901234567894", "").quantity(),
            Err(Problem::Msg(Msg::OrQuantityTooLarge))
        );
        assert_eq!(
            line(100, TaxClass::Standard, "1", "-5").unit_price(),
            Err(Problem::Msg(Msg::ReasonMoneyNegative))
        );
        assert!(
            line(100, TaxClass::Standard, "1", "abc")
                .unit_price()
                .is_err()
        );
        let bad = [line(100, TaxClass::Standard, "", "")];
        assert_eq!(inputs(&bad), Err(Problem::Msg(Msg::OrFixLines)));
        assert_eq!(inputs(&[]), Err(Problem::Msg(Msg::OrNoLines)));
        assert!(totals(&bad, CurrencyCode::Jpy, true, RoundingMode::Floor).is_none());
    }

    #[test]
    fn totals_show_tax_per_rate() {
        let lines = [
            line(2980, TaxClass::Standard, "2", ""),
            line(162, TaxClass::Reduced, "1", ""),
        ];
        let included = totals(&lines, CurrencyCode::Jpy, true, RoundingMode::Floor).unwrap();
        assert_eq!(included.total(), Money::jpy(6122));
        assert_eq!(
            included.for_rate(TaxClass::Standard).unwrap().tax,
            Money::jpy(541)
        );
        let excluded = totals(&lines, CurrencyCode::Jpy, false, RoundingMode::Floor).unwrap();
        assert_eq!(excluded.subtotal(), Money::jpy(6122));
        assert_eq!(excluded.total(), Money::jpy(6122 + 596 + 12));
    }
}
