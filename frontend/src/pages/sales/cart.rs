//! The register's cart: lines as the cashier edits them and the totals they come to,
//! computed with `kura_shared`'s line and tax rules so the screen shows exactly what the
//! server will record.

use kura_shared::{
    CurrencyCode, Money, MoneyError, RoundingMode, TaxBreakdown, TaxClass, line_amount,
};

/// One line of the cart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CartLine {
    /// The variant sold.
    pub variant_id: String,
    /// Product name.
    pub name: String,
    /// Option title, or empty.
    pub title: String,
    /// SKU.
    pub sku: String,
    /// Price of one unit, as the catalogue has it.
    pub unit_price: Money,
    /// 10% or 8%.
    pub tax_class: TaxClass,
    /// Units, at least one.
    pub quantity: i64,
    /// The line discount as typed (empty for none).
    pub discount: String,
}

impl CartLine {
    /// The typed discount, zero when empty; `None` when it is not an amount.
    pub fn discount_money(&self) -> Option<Money> {
        let text = self.discount.trim();
        if text.is_empty() {
            return Some(Money::zero(self.unit_price.currency));
        }
        Money::parse_decimal(text, self.unit_price.currency)
            .ok()
            .filter(|d| !d.is_negative())
    }

    /// `unit price × quantity − discount`; `None` when the discount is not an amount or
    /// exceeds the line (the server refuses both).
    pub fn amount(&self) -> Option<Money> {
        let discount = self.discount_money()?;
        let gross = self.unit_price.checked_mul(self.quantity).ok()?;
        if discount.amount_minor > gross.amount_minor {
            return None;
        }
        line_amount(self.unit_price, self.quantity, discount).ok()
    }
}

/// Adds one unit of `line`'s variant: onto its line when the cart has one, else as a new
/// line at the bottom.
pub fn add_unit(lines: &mut Vec<CartLine>, line: CartLine) {
    match lines.iter_mut().find(|l| l.variant_id == line.variant_id) {
        Some(existing) => existing.quantity = existing.quantity.saturating_add(1),
        None => lines.push(line),
    }
}

/// Per-rate totals of the cart, or `None` while a line is invalid.
pub fn totals(
    lines: &[CartLine],
    currency: CurrencyCode,
    prices_include_tax: bool,
    rounding: RoundingMode,
) -> Option<TaxBreakdown> {
    let amounts = lines
        .iter()
        .map(|l| l.amount().map(|a| (l.tax_class, a)))
        .collect::<Option<Vec<_>>>()?;
    TaxBreakdown::from_lines(currency, amounts, prices_include_tax, rounding).ok()
}

/// Change due on `tendered` cash against `total`; `None` while the cash is short.
pub fn change_due(tendered: Money, total: Money) -> Option<Money> {
    tendered
        .checked_sub(total)
        .ok()
        .filter(|change| !change.is_negative())
}

/// Tendered cash as typed; empty means "exactly the total".
pub fn tendered(text: &str, total: Money) -> Result<Money, MoneyError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(total);
    }
    Money::parse_decimal(text, total.currency)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn line(id: &str, price: i64, tax: TaxClass) -> CartLine {
        CartLine {
            variant_id: id.into(),
            name: "n".into(),
            title: String::new(),
            sku: id.into(),
            unit_price: Money::jpy(price),
            tax_class: tax,
            quantity: 1,
            discount: String::new(),
        }
    }

    #[test]
    fn scanning_the_same_variant_again_adds_a_unit() {
        let mut lines = Vec::new();
        add_unit(&mut lines, line("a", 2980, TaxClass::Standard));
        add_unit(&mut lines, line("a", 2980, TaxClass::Standard));
        add_unit(&mut lines, line("b", 540, TaxClass::Reduced));
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].quantity, 2);
    }

    #[test]
    fn totals_show_tax_per_rate_included_in_prices() {
        let mut tee = line("a", 2980, TaxClass::Standard);
        tee.quantity = 2;
        tee.discount = "500".into();
        let lines = vec![tee, line("b", 540, TaxClass::Reduced)];
        let b = totals(&lines, CurrencyCode::Jpy, true, RoundingMode::Floor).unwrap();
        assert_eq!(b.total(), Money::jpy(5_460 + 540));
        assert_eq!(b.for_rate(TaxClass::Standard).unwrap().tax, Money::jpy(496));
        assert_eq!(b.for_rate(TaxClass::Reduced).unwrap().tax, Money::jpy(40));
    }

    #[test]
    fn a_bad_discount_blocks_the_totals() {
        let mut tee = line("a", 1000, TaxClass::Standard);
        tee.discount = "1001".into();
        assert!(totals(&[tee.clone()], CurrencyCode::Jpy, true, RoundingMode::Floor).is_none());
        tee.discount = "abc".into();
        assert!(tee.amount().is_none());
    }

    #[test]
    fn change_is_what_the_cash_exceeds_the_total_by() {
        let total = Money::jpy(2_980);
        assert_eq!(
            change_due(tendered("5000", total).unwrap(), total),
            Some(Money::jpy(2_020))
        );
        assert_eq!(
            change_due(tendered("", total).unwrap(), total),
            Some(Money::jpy(0))
        );
        assert_eq!(change_due(Money::jpy(1_000), total), None);
    }
}
