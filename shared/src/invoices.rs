//! Invoices (請求書) and credit notes: what kind of document, whether it stands, where its
//! lines come from, and the figures a consolidated invoice (合計請求書) shows.
//!
//! The figures follow the qualified-invoice rules (適格請求書): the period's lines are summed
//! per tax rate and the tax is rounded once per rate per invoice ([`TaxBreakdown`]). The
//! balance carried from the previous invoice is added after, untaxed, since it was taxed on
//! the invoice that first billed it.

use serde::Serialize;

use crate::{
    currency::CurrencyCode,
    money::{Money, MoneyError},
    tax::{RoundingMode, TaxBreakdown, TaxRate},
    wire_enum::wire_enum,
};

wire_enum! {
    /// What an issued document is.
    pub enum InvoiceKind / UnknownInvoiceKind {
        /// Bills shipments (請求書); returns in its period reduce it.
        Invoice = "INVOICE",
        /// Credits goods that came back or a price correction (返品・値引).
        CreditNote = "CREDIT_NOTE",
    }
}

wire_enum! {
    /// Whether an issued document stands.
    pub enum InvoiceStatus / UnknownInvoiceStatus {
        /// Issued and owed (or credited).
        Issued = "ISSUED",
        /// Voided: kept for the record, owes nothing.
        Void = "VOID",
    }
}

wire_enum! {
    /// Where an invoice line comes from.
    pub enum InvoiceLineSource / UnknownInvoiceLineSource {
        /// Goods that left on a shipment (出荷).
        Shipment = "SHIPMENT",
        /// Goods that came back (返品): a negative line.
        Return = "RETURN",
    }
}

wire_enum! {
    /// How a customer's payment arrived (入金方法).
    pub enum ReceiptMethod / UnknownReceiptMethod {
        /// A bank transfer (振込), often less the transfer fee the customer deducted.
        BankTransfer = "BANK_TRANSFER",
        /// Cash.
        Cash = "CASH",
        /// A card.
        Card = "CARD",
        /// Set off against what the company owes the customer (相殺).
        Offset = "OFFSET",
        /// A promissory note (手形).
        Bill = "BILL",
    }
}

/// Spreads `amount` over invoices oldest first, each up to what is still open on it;
/// returns `(invoice, applied)` for those that take something, in `open`'s order. What is
/// left over is the customer's credit.
pub fn apply_oldest_first<T: Copy>(amount: i64, open: &[(T, i64)]) -> Vec<(T, i64)> {
    let mut left = amount.max(0);
    let mut applied = Vec::new();
    for (invoice, owed) in open {
        if left == 0 {
            break;
        }
        let take = left.min((*owed).max(0));
        if take > 0 {
            applied.push((*invoice, take));
            left -= take;
        }
    }
    applied
}

/// The figures of one invoice: the balance brought forward and this period's lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvoiceFigures {
    /// What the previous invoice asked for (前回請求額).
    pub previous_balance: Money,
    /// What was received against it since (入金額).
    pub payments_received: Money,
    /// `previous_balance − payments_received` (繰越金額).
    pub carried_forward: Money,
    /// This period's lines per rate (今回売上額 and its tax).
    pub sales: TaxBreakdown,
    /// `carried_forward + sales.total()` (今回請求額).
    pub amount_due: Money,
}

impl InvoiceFigures {
    /// The figures for `lines` (`(rate, unit price × quantity)`, returns negative) after a
    /// previous invoice of `previous_balance` against which `payments_received` came in.
    /// Fails on overflow or a line in another currency.
    pub fn new(
        currency: CurrencyCode,
        previous_balance: i64,
        payments_received: i64,
        lines: impl IntoIterator<Item = (TaxRate, i64)>,
        prices_include_tax: bool,
        rounding: RoundingMode,
    ) -> Result<Self, MoneyError> {
        let money = |minor| Money::new(minor, currency);
        let sales = TaxBreakdown::from_lines(
            currency,
            lines
                .into_iter()
                .map(|(rate, amount)| (rate, money(amount))),
            prices_include_tax,
            rounding,
        )?;
        let carried_forward = money(previous_balance).checked_sub(money(payments_received))?;
        let amount_due = carried_forward.checked_add(sales.total())?;
        Ok(Self {
            previous_balance: money(previous_balance),
            payments_received: money(payments_received),
            carried_forward,
            sales,
            amount_due,
        })
    }

    /// The taxable amount (tax excluded) and tax at `rate`; zero when no line has it.
    pub fn at_rate(&self, rate: TaxRate) -> (i64, i64) {
        self.sales
            .for_rate(rate)
            .map_or((0, 0), |r| (r.subtotal.amount_minor, r.tax.amount_minor))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    const MODES: [RoundingMode; 3] = [
        RoundingMode::Floor,
        RoundingMode::HalfUp,
        RoundingMode::Ceil,
    ];

    #[test]
    fn a_mixed_period_rounds_the_tax_once_per_rate() {
        // Three lines at 10% of ¥333 would be ¥33 each line by line (¥99); once on ¥999 it is
        // ¥99 too, but ¥1,001 at 8% is ¥80.08 → ¥80 once, where three lines of ¥333.67 could
        // not be.
        let figures = InvoiceFigures::new(
            CurrencyCode::Jpy,
            50_000,
            30_000,
            [
                (TaxRate::Standard, 333),
                (TaxRate::Standard, 333),
                (TaxRate::Standard, 333),
                (TaxRate::Reduced, 1_001),
                (TaxRate::Reduced, -100),
            ],
            false,
            RoundingMode::Floor,
        )
        .unwrap();
        assert_eq!(figures.at_rate(TaxRate::Standard), (999, 99));
        assert_eq!(figures.at_rate(TaxRate::Reduced), (901, 72));
        assert_eq!(figures.carried_forward.amount_minor, 20_000);
        assert_eq!(figures.sales.total().amount_minor, 999 + 99 + 901 + 72);
        assert_eq!(figures.amount_due.amount_minor, 20_000 + 2_071);
    }

    #[test]
    fn a_payment_settles_the_oldest_invoices_first_and_keeps_the_rest_as_credit() {
        let open = [(1, 10_000), (2, 5_000), (3, 0), (4, 8_000)];
        assert_eq!(
            apply_oldest_first(12_000, &open),
            vec![(1, 10_000), (2, 2_000)]
        );
        assert_eq!(
            apply_oldest_first(30_000, &open),
            vec![(1, 10_000), (2, 5_000), (4, 8_000)]
        );
        assert!(apply_oldest_first(0, &open).is_empty());
        assert!(apply_oldest_first(-5, &open).is_empty());
    }

    #[test]
    fn a_period_with_only_returns_owes_less() {
        let figures = InvoiceFigures::new(
            CurrencyCode::Jpy,
            11_000,
            0,
            [(TaxRate::Standard, -1_000)],
            false,
            RoundingMode::Floor,
        )
        .unwrap();
        assert_eq!(figures.at_rate(TaxRate::Standard), (-1_000, -100));
        assert_eq!(figures.amount_due.amount_minor, 9_900);
        assert_eq!(figures.at_rate(TaxRate::Reduced), (0, 0));
    }

    proptest! {
        /// For any lines and any rounding, the lines, the per-rate figures and the totals
        /// agree to the yen, and the tax per rate is the rounded tax of that rate's sum.
        #[test]
        fn lines_rates_and_totals_agree_exactly(
            lines in proptest::collection::vec((any::<bool>(), -2_000_000i64..20_000_000), 0..60),
            previous in 0i64..100_000_000,
            paid in 0i64..100_000_000,
            included in any::<bool>(),
            mode in 0usize..3,
        ) {
            let rounding = MODES[mode];
            let lines: Vec<(TaxRate, i64)> = lines
                .into_iter()
                .map(|(reduced, amount)| {
                    (if reduced { TaxRate::Reduced } else { TaxRate::Standard }, amount)
                })
                .collect();
            let figures = InvoiceFigures::new(
                CurrencyCode::Jpy, previous, paid, lines.clone(), included, rounding,
            ).unwrap();
            let mut subtotal = 0;
            let mut tax = 0;
            for rate in TaxRate::ALL {
                // At most 60 lines under 2·10^7 each: far from overflowing.
                let sum: i64 = lines.iter().filter(|(r, _)| r == rate).fold(0, |s, (_, a)| s + a);
                let (taxable, rate_tax) = figures.at_rate(*rate);
                // Computed here independently of `tax.rs`: percent of the sum, rounded.
                let percent = i128::from(rate.percent());
                let (num, den) = if included {
                    (i128::from(sum) * percent, 100 + percent)
                } else {
                    (i128::from(sum) * percent, 100)
                };
                let (q, r) = (num.abs() / den, num.abs() % den);
                let magnitude = match rounding {
                    RoundingMode::Floor => q,
                    RoundingMode::HalfUp => if r * 2 >= den { q + 1 } else { q },
                    RoundingMode::Ceil => if r > 0 { q + 1 } else { q },
                };
                let expected_tax = i64::try_from(num.signum() * magnitude).unwrap();
                prop_assert_eq!(rate_tax, expected_tax);
                if included {
                    prop_assert_eq!(taxable + rate_tax, sum);
                } else {
                    prop_assert_eq!(taxable, sum);
                }
                subtotal += taxable;
                tax += rate_tax;
            }
            prop_assert_eq!(figures.sales.subtotal().amount_minor, subtotal);
            prop_assert_eq!(figures.sales.tax().amount_minor, tax);
            prop_assert_eq!(figures.sales.total().amount_minor, subtotal + tax);
            prop_assert_eq!(figures.carried_forward.amount_minor, previous - paid);
            prop_assert_eq!(figures.amount_due.amount_minor, previous - paid + subtotal + tax);
        }
    }
}
