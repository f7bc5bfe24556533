//! The invoices a closing run would issue, worked out from what is due, without the
//! database: which payers close on the date, which of their lines each invoice takes, and
//! the figures. Numbers are left empty; the run gives them out.
//!
//! - A payer closing on the date (締日) gets one consolidated invoice of every unbilled line
//!   of its customers up to the date's end, returns as negative lines, with the previous
//!   invoice's amount brought forward; or one per pricing (tax included or not), chained,
//!   in the rare case its orders mix both. A payer that already has an invoice for this
//!   closing date or a later one gets none: what arrived since waits for its next closing.
//!   A payer with nothing new but a balance still gets one, showing what it owes.
//! - A payer billed per shipment (都度請求) gets an invoice per unbilled shipment and a
//!   credit note per unbilled return.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use kura_shared::{
    BillingTerms, CurrencyCode, InvoiceFigures, InvoiceKind, InvoiceLineSource, InvoiceStatus,
    MoneyError, RoundingMode, TaxRate,
};
use uuid::Uuid;

use super::{
    InvoiceLineRecord, InvoiceRecord, TaxLineRecord,
    billing::{Billing, Payer},
    calendar::{closes_on, due_date, local_date, period_start},
    due::DueLine,
};

/// A due line and where it comes from.
type Due = (InvoiceLineSource, DueLine);

/// What every invoice of a run shares.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    /// The closing date.
    pub closing_date: NaiveDate,
    /// The company's time zone.
    pub zone: Tz,
    /// The company's currency.
    pub currency: CurrencyCode,
    /// The company's rounding of tax.
    pub rounding: RoundingMode,
    /// Whether the company's prices include tax (for an invoice with no lines).
    pub prices_include_tax: bool,
    /// When the run issues.
    pub now: DateTime<Utc>,
}

/// A payer's latest consolidated invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Latest {
    /// The closing date it was issued for.
    pub closing_date: NaiveDate,
    /// What it asked for (今回請求額), brought forward to the next.
    pub amount_due: i64,
}

/// What a payer's next consolidated invoice brings forward: its latest invoice, and the
/// payments received up to the closing date that no invoice has shown yet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Carry {
    /// The latest consolidated invoice, if any.
    pub latest: Option<Latest>,
    /// Payments (with their fees) not yet shown on an invoice.
    pub payments: i64,
}

/// The invoices and credit notes for `due`, payers in `billing`'s order.
pub fn invoices(
    run: &Run,
    billing: &Billing,
    due: Vec<Due>,
    carry: &HashMap<Uuid, Carry>,
) -> Result<Vec<InvoiceRecord>, MoneyError> {
    let mut by_payer: HashMap<Uuid, Vec<Due>> = HashMap::new();
    for (source, line) in due {
        if let Some(payer) = billing.payer_of(line.customer_id) {
            by_payer.entry(payer.id).or_default().push((source, line));
        }
    }
    let mut issued = Vec::new();
    for payer in billing.in_order() {
        let lines = by_payer.remove(&payer.id).unwrap_or_default();
        if payer.terms.closing_day() == BillingTerms::PER_SHIPMENT {
            issued.extend(per_document(run, payer, lines)?);
        } else if closes_on(payer.terms, run.closing_date) {
            let carry = carry.get(&payer.id).copied().unwrap_or_default();
            if carry
                .latest
                .is_some_and(|p| p.closing_date >= run.closing_date)
            {
                continue;
            }
            issued.extend(consolidated(run, payer, lines, carry)?);
        }
    }
    Ok(issued)
}

/// One invoice per pricing for a payer closing on the run's date, each bringing forward
/// what the one before asked for; the first shows the payments received since.
fn consolidated(
    run: &Run,
    payer: &Payer,
    lines: Vec<Due>,
    carry: Carry,
) -> Result<Vec<InvoiceRecord>, MoneyError> {
    let mut balance = carry.latest.map_or(0, |l| l.amount_due);
    let mut payments = carry.payments;
    let mut by_pricing: BTreeMap<bool, Vec<Due>> = BTreeMap::new();
    for (source, line) in lines {
        by_pricing
            .entry(line.prices_include_tax)
            .or_default()
            .push((source, line));
    }
    if by_pricing.is_empty() && balance != payments {
        by_pricing.insert(run.prices_include_tax, Vec::new());
    }
    let mut invoices = Vec::new();
    for (included, lines) in by_pricing {
        let head = Head {
            kind: InvoiceKind::Invoice,
            period_start: Some(period_start(payer.terms, run.closing_date)),
            period_end: run.closing_date,
            due_date: due_date(payer.terms, run.closing_date),
            shipment_id: None,
            return_id: None,
            prices_include_tax: included,
        };
        let invoice = build(run, payer, head, (balance, payments), lines)?;
        balance = invoice.amount_due;
        payments = 0;
        invoices.push(invoice);
    }
    Ok(invoices)
}

/// An invoice per shipment and a credit note per return, each on its own.
fn per_document(
    run: &Run,
    payer: &Payer,
    lines: Vec<Due>,
) -> Result<Vec<InvoiceRecord>, MoneyError> {
    let mut documents: Vec<(InvoiceLineSource, Uuid, Vec<Due>)> = Vec::new();
    for (source, line) in lines {
        match documents
            .iter_mut()
            .find(|(_, id, _)| *id == line.document_id)
        {
            Some((_, _, those)) => those.push((source, line)),
            None => documents.push((source, line.document_id, vec![(source, line)])),
        }
    }
    documents
        .into_iter()
        .map(|(source, id, lines)| {
            let first = &lines[0].1;
            let dated = local_date(first.at, run.zone);
            let (kind, shipment_id, return_id) = match source {
                InvoiceLineSource::Shipment => (InvoiceKind::Invoice, Some(id), None),
                InvoiceLineSource::Return => (InvoiceKind::CreditNote, None, Some(id)),
            };
            let head = Head {
                kind,
                period_start: Some(dated),
                period_end: dated,
                due_date: due_date(payer.terms, dated),
                shipment_id,
                return_id,
                prices_include_tax: first.prices_include_tax,
            };
            build(run, payer, head, (0, 0), lines)
        })
        .collect()
}

/// What tells one invoice of a payer from another.
struct Head {
    kind: InvoiceKind,
    period_start: Option<NaiveDate>,
    period_end: NaiveDate,
    due_date: NaiveDate,
    shipment_id: Option<Uuid>,
    return_id: Option<Uuid>,
    prices_include_tax: bool,
}

fn build(
    run: &Run,
    payer: &Payer,
    head: Head,
    (previous_balance, payments_received): (i64, i64),
    due: Vec<Due>,
) -> Result<InvoiceRecord, MoneyError> {
    let lines = due
        .into_iter()
        .zip(1..)
        .map(|((source, line), number)| line_record(run, source, line, number))
        .collect::<Result<Vec<_>, MoneyError>>()?;
    let figures = InvoiceFigures::new(
        run.currency,
        previous_balance,
        payments_received,
        lines.iter().map(|l| (l.tax_class, l.amount)),
        head.prices_include_tax,
        run.rounding,
    )?;
    let taxes = TaxRate::ALL
        .iter()
        .filter(|rate| figures.sales.for_rate(**rate).is_some())
        .map(|&rate| {
            let (taxable, tax) = figures.at_rate(rate);
            TaxLineRecord { rate, taxable, tax }
        })
        .collect();
    Ok(InvoiceRecord {
        id: Uuid::now_v7(),
        number: String::new(),
        kind: head.kind,
        status: InvoiceStatus::Issued,
        customer_id: payer.id,
        bill_to_name: payer.name.clone(),
        bill_to_address: payer.address.clone(),
        closing_date: run.closing_date,
        period_start: head.period_start,
        period_end: head.period_end,
        due_date: head.due_date,
        shipment_id: head.shipment_id,
        return_id: head.return_id,
        currency: run.currency,
        prices_include_tax: head.prices_include_tax,
        tax_rounding: run.rounding,
        previous_balance: figures.previous_balance.amount_minor,
        payments_received: figures.payments_received.amount_minor,
        carried_forward: figures.carried_forward.amount_minor,
        taxes,
        subtotal: figures.sales.subtotal().amount_minor,
        tax: figures.sales.tax().amount_minor,
        total: figures.sales.total().amount_minor,
        amount_due: figures.amount_due.amount_minor,
        paid: 0,
        overdue: false,
        issued_at: run.now,
        voided_at: None,
        void_reason: None,
        lines,
    })
}

/// A due line as the invoice keeps it: returns negative.
fn line_record(
    run: &Run,
    source: InvoiceLineSource,
    line: DueLine,
    line_number: i32,
) -> Result<InvoiceLineRecord, MoneyError> {
    let quantity = match source {
        InvoiceLineSource::Shipment => line.quantity,
        InvoiceLineSource::Return => -line.quantity,
    };
    let amount = line
        .unit_price
        .checked_mul(quantity)
        .ok_or(MoneyError::Overflow)?;
    Ok(InvoiceLineRecord {
        line_number,
        source,
        document_id: line.document_id,
        document_number: line.document_number,
        dated: local_date(line.at, run.zone),
        order_id: line.order_id,
        order_number: line.order_number,
        order_line_number: line.line_number,
        variant_id: line.variant_id,
        sku: line.sku,
        name: line.name,
        quantity,
        unit_price: line.unit_price,
        tax_class: line.tax_class,
        amount,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn run(closing: &str) -> Run {
        Run {
            closing_date: day(closing),
            zone: chrono_tz::Asia::Tokyo,
            currency: CurrencyCode::Jpy,
            rounding: RoundingMode::Floor,
            prices_include_tax: false,
            now: Utc::now(),
        }
    }

    fn payer(id: u128, closing: i64) -> Payer {
        Payer {
            id: Uuid::from_u128(id),
            name: format!("取引先{id}"),
            code: Some(format!("C-{id:03}")),
            address: String::new(),
            terms: BillingTerms::new(closing, 1, 31).unwrap(),
        }
    }

    /// What payer `id` brings forward: a latest invoice and payments since.
    fn carried(id: u128, closing: &str, amount_due: i64, payments: i64) -> HashMap<Uuid, Carry> {
        HashMap::from([(
            Uuid::from_u128(id),
            Carry {
                latest: Some(Latest {
                    closing_date: day(closing),
                    amount_due,
                }),
                payments,
            },
        )])
    }

    fn billing(payers: &[Payer], branches: &[(u128, u128)]) -> Billing {
        let mut billing = Billing::default();
        for p in payers {
            billing.payers.insert(p.id, p.clone());
            billing.billed_to.insert(p.id, p.id);
        }
        for (branch, head_office) in branches {
            billing
                .billed_to
                .insert(Uuid::from_u128(*branch), Uuid::from_u128(*head_office));
        }
        billing
    }

    fn line(
        customer: u128,
        document: u128,
        at: &str,
        price: i64,
        units: i64,
        reduced: bool,
    ) -> DueLine {
        DueLine {
            document_id: Uuid::from_u128(document),
            document_number: format!("SH-2026-{document:06}"),
            at: at.parse().unwrap(),
            order_id: Uuid::from_u128(900 + document),
            order_number: format!("SO-2026-{document:06}"),
            customer_id: Uuid::from_u128(customer),
            prices_include_tax: false,
            line_number: 1,
            variant_id: Uuid::nil(),
            sku: "SKU".into(),
            name: "品".into(),
            quantity: units,
            unit_price: price,
            tax_class: if reduced {
                TaxRate::Reduced
            } else {
                TaxRate::Standard
            },
        }
    }

    #[test]
    fn a_head_office_gets_one_invoice_for_its_branches_deliveries_less_returns() {
        let billing = billing(&[payer(1, 20)], &[(2, 1), (3, 1)]);
        let due = vec![
            (
                InvoiceLineSource::Shipment,
                line(2, 10, "2026-11-01T01:00:00Z", 1_000, 3, false),
            ),
            (
                InvoiceLineSource::Shipment,
                line(3, 11, "2026-11-02T01:00:00Z", 500, 2, true),
            ),
            (
                InvoiceLineSource::Return,
                line(2, 12, "2026-11-03T01:00:00Z", 1_000, 1, false),
            ),
        ];
        let latest = carried(1, "2026-10-20", 7_000, 0);
        let issued = invoices(&run("2026-11-20"), &billing, due, &latest).unwrap();
        assert_eq!(issued.len(), 1);
        let invoice = &issued[0];
        assert_eq!(invoice.customer_id, Uuid::from_u128(1));
        assert_eq!(invoice.lines.len(), 3);
        assert_eq!(invoice.lines[2].quantity, -1);
        assert_eq!(invoice.period_start, Some(day("2026-10-21")));
        assert_eq!(invoice.due_date, day("2026-12-31"));
        // 10%: 3,000 − 1,000 = 2,000, tax 200; 8%: 1,000, tax 80.
        assert_eq!(
            invoice.taxes,
            vec![
                TaxLineRecord {
                    rate: TaxRate::Standard,
                    taxable: 2_000,
                    tax: 200
                },
                TaxLineRecord {
                    rate: TaxRate::Reduced,
                    taxable: 1_000,
                    tax: 80
                },
            ]
        );
        assert_eq!(invoice.total, 3_280);
        assert_eq!(invoice.previous_balance, 7_000);
        assert_eq!(invoice.amount_due, 10_280);
    }

    #[test]
    fn payers_closing_another_day_or_already_closed_get_nothing() {
        let billing = billing(&[payer(1, 20), payer(2, 31), payer(3, 20)], &[]);
        let due = vec![
            (
                InvoiceLineSource::Shipment,
                line(1, 10, "2026-11-01T01:00:00Z", 1_000, 1, false),
            ),
            (
                InvoiceLineSource::Shipment,
                line(2, 11, "2026-11-01T01:00:00Z", 1_000, 1, false),
            ),
            (
                InvoiceLineSource::Shipment,
                line(3, 12, "2026-11-01T01:00:00Z", 1_000, 1, false),
            ),
        ];
        let latest = carried(3, "2026-11-20", 1, 0);
        let issued = invoices(&run("2026-11-20"), &billing, due, &latest).unwrap();
        assert_eq!(issued.len(), 1);
        assert_eq!(issued[0].customer_id, Uuid::from_u128(1));
    }

    #[test]
    fn a_balance_with_nothing_new_is_still_invoiced_and_nothing_at_all_is_not() {
        let billing = billing(&[payer(1, 31), payer(2, 31)], &[]);
        let latest = carried(1, "2026-01-31", 5_500, 0);
        let issued = invoices(&run("2026-02-28"), &billing, vec![], &latest).unwrap();
        assert_eq!(issued.len(), 1);
        assert_eq!(issued[0].amount_due, 5_500);
        assert_eq!(issued[0].total, 0);
        assert!(issued[0].taxes.is_empty());
        assert_eq!(issued[0].due_date, day("2026-03-31"));
    }

    #[test]
    fn payments_since_the_last_invoice_are_taken_off_and_a_settled_account_gets_none() {
        let billing = billing(&[payer(1, 31), payer(2, 31)], &[]);
        let mut carry = carried(1, "2026-01-31", 5_500, 5_000);
        carry.extend(carried(2, "2026-01-31", 5_500, 5_500));
        let issued = invoices(&run("2026-02-28"), &billing, vec![], &carry).unwrap();
        assert_eq!(issued.len(), 1);
        assert_eq!(issued[0].customer_id, Uuid::from_u128(1));
        assert_eq!(
            (
                issued[0].previous_balance,
                issued[0].payments_received,
                issued[0].carried_forward
            ),
            (5_500, 5_000, 500)
        );
        assert_eq!(issued[0].amount_due, 500);
    }

    #[test]
    fn per_shipment_customers_get_an_invoice_per_shipment_and_a_credit_note_per_return() {
        let billing = billing(&[payer(1, 0)], &[]);
        let due = vec![
            (
                InvoiceLineSource::Shipment,
                line(1, 10, "2026-11-05T16:00:00Z", 1_000, 2, false),
            ),
            (
                InvoiceLineSource::Shipment,
                line(1, 11, "2026-11-06T01:00:00Z", 300, 1, true),
            ),
            (
                InvoiceLineSource::Return,
                line(1, 12, "2026-11-07T01:00:00Z", 1_000, 1, false),
            ),
        ];
        let issued = invoices(&run("2026-11-20"), &billing, due, &HashMap::new()).unwrap();
        let kinds: Vec<_> = issued.iter().map(|i| (i.kind, i.total)).collect();
        assert_eq!(
            kinds,
            vec![
                (InvoiceKind::Invoice, 2_200),
                (InvoiceKind::Invoice, 324),
                (InvoiceKind::CreditNote, -1_100),
            ]
        );
        // 16:00 UTC on the 5th is the 6th in Tokyo: billed on, and due from, the 6th.
        assert_eq!(issued[0].period_end, day("2026-11-06"));
        assert_eq!(issued[0].due_date, day("2026-12-31"));
        assert_eq!(issued[0].shipment_id, Some(Uuid::from_u128(10)));
        assert_eq!(issued[2].return_id, Some(Uuid::from_u128(12)));
    }
}
