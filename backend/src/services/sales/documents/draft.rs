//! A sale or return worked out from its input and what the write read for it (the
//! company's pricing rules, the variants, the original sale): lines → tax breakdown →
//! payments → points → the rows to insert. Nothing here touches the database, so every rule
//! is unit-tested; the writes in `sale` and `returns` only read, insert and post.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use kura_shared::{
    CurrencyCode, Money, MoneyError, PaymentMethod, RoundingMode, SaleKind, SaleStatus,
    TaxBreakdown, ValidationError, checked_sum, line_amount, points_earned,
};
use uuid::Uuid;

use super::{MAX_CHANGE, NewPayment, NewReturn, NewSaleLine};
use crate::events::SaleRecord;
use crate::services::{ServiceError, catalog::products, text};
use crate::store::tenant::records::{product, product_variant, sale, sale_line, sale_payment};

pub(super) fn invalid(
    code: &'static str,
    message: impl Into<String>,
    field: &'static str,
) -> ServiceError {
    ValidationError::new(code, message).with_field(field).into()
}

/// A money error on `field` as the validation error the caller sees (`money.overflow`…).
pub(super) fn overflow(field: &'static str) -> impl Fn(MoneyError) -> ServiceError {
    move |e| ValidationError::from(e).with_field(field).into()
}

/// The company's pricing rules.
#[derive(Debug, Clone, Copy)]
pub(super) struct Pricing {
    pub currency: CurrencyCode,
    pub prices_include_tax: bool,
    pub rounding: RoundingMode,
    pub loyalty_bp: u32,
}

/// Who records a document, for which channel and location, and when: what the write
/// settled before drafting.
#[derive(Debug, Clone)]
pub(super) struct Header {
    pub tenant_id: Uuid,
    pub id: Uuid,
    pub channel_id: Option<Uuid>,
    pub location_id: Uuid,
    pub external_id: Option<String>,
    pub occurred_at: DateTime<Utc>,
    pub note: String,
    pub actor_user_id: Option<Uuid>,
    pub actor_api_key: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A payment as stored: cash without its change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Settled {
    pub method: PaymentMethod,
    pub amount: i64,
    pub reference: String,
}

/// The rows one document inserts.
#[derive(Debug, Clone)]
pub(super) struct Rows {
    pub head: sale::Model,
    pub lines: Vec<sale_line::Model>,
    pub payments: Vec<sale_payment::Model>,
}

/// A priced and paid sale, waiting for its customer (whom the write resolves only once
/// the payments are known to be right).
#[derive(Debug)]
pub(super) struct SaleDraft {
    header: Header,
    rules: Pricing,
    prices_include_tax: bool,
    lines: Vec<sale_line::Model>,
    breakdown: TaxBreakdown,
    payments: Vec<Settled>,
}

/// A sale ready to write: its rows and the points it moves for its customer.
#[derive(Debug)]
pub(super) struct SaleRows {
    pub rows: Rows,
    pub points_redeemed: i64,
    pub points_earned: i64,
}

impl SaleDraft {
    /// Prices each line (the variant's price and the product's tax class unless the input
    /// says otherwise), breaks the tax down per rate, and settles the payments against the
    /// total. `variants` are the lines' variants with their products, in line order.
    pub fn new(
        header: Header,
        rules: Pricing,
        prices_include_tax: Option<bool>,
        lines: &[NewSaleLine],
        variants: Vec<(product_variant::Model, product::Model)>,
        payments: &[NewPayment],
    ) -> Result<Self, ServiceError> {
        let prices_include_tax = prices_include_tax.unwrap_or(rules.prices_include_tax);
        let lines = lines
            .iter()
            .zip(variants)
            .enumerate()
            .map(|(n, (line, (variant, product)))| {
                sale_line(&header, n, line, variant, product, rules.currency)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let breakdown = breakdown(&lines, rules.currency, prices_include_tax, rules.rounding)?;
        let payments = settle_payments(payments, rules.currency, breakdown.total().amount_minor)?;
        Ok(Self {
            header,
            rules,
            prices_include_tax,
            lines,
            breakdown,
            payments,
        })
    }

    /// The rows, once the customer is known: a customer earns points on what they did not
    /// pay with points, and paying with points needs one.
    pub fn finish(self, customer_id: Option<Uuid>) -> Result<SaleRows, ServiceError> {
        let currency = self.rules.currency;
        let points_redeemed = paid_with(&self.payments, PaymentMethod::Points)?;
        if points_redeemed > 0 && customer_id.is_none() {
            return Err(invalid(
                "points.no_customer",
                "Paying with points needs the customer",
                "payments",
            ));
        }
        let points_earned = match customer_id {
            Some(_) => points_earned(
                self.breakdown
                    .total()
                    .checked_sub(Money::new(points_redeemed, currency))
                    .map_err(overflow("payments"))?,
                self.rules.loyalty_bp,
            ),
            None => 0,
        };
        let totals = Totals {
            kind: SaleKind::Sale,
            original_sale_id: None,
            customer_id,
            currency,
            prices_include_tax: self.prices_include_tax,
            tax_rounding: self.rules.rounding,
            breakdown: &self.breakdown,
            points_earned,
            points_redeemed,
        };
        Ok(SaleRows {
            rows: rows(self.header, totals, self.lines, self.payments)?,
            points_redeemed,
            points_earned,
        })
    }
}

/// One priced line of a new sale.
fn sale_line(
    header: &Header,
    n: usize,
    line: &NewSaleLine,
    variant: product_variant::Model,
    product: product::Model,
    currency: CurrencyCode,
) -> Result<sale_line::Model, ServiceError> {
    let unit_price = match &line.unit_price {
        Some(price) => products::money(price, currency, "lines")?,
        None => variant.price,
    };
    let discount = match &line.discount {
        Some(d) => products::money(d, currency, "lines")?,
        None => 0,
    };
    let gross = Money::new(unit_price, currency)
        .checked_mul(line.quantity)
        .map_err(overflow("lines"))?;
    if discount > gross.amount_minor {
        return Err(invalid(
            "sale.discount",
            "A discount cannot exceed the line",
            "lines",
        ));
    }
    let amount = line_amount(
        Money::new(unit_price, currency),
        line.quantity,
        Money::new(discount, currency),
    )
    .map_err(overflow("lines"))?;
    let tax_rate = line.tax_rate.unwrap_or(product.tax_class);
    Ok(sale_line::Model {
        tenant_id: header.tenant_id,
        sale_id: header.id,
        line_no: numbered(n),
        variant_id: variant.id,
        sku: variant.sku,
        name: product.name,
        quantity: line.quantity,
        unit_price,
        discount,
        amount: amount.amount_minor,
        tax_rate,
        unit_cost: variant.cost,
        restock: true,
        returned_quantity: 0,
    })
}

/// A return ready to write: its rows, the units it takes back from each of the sale's
/// lines, and the points it gives back (`points_back`, those paid with) and takes back
/// (`earned_back`, those the sale earned).
#[derive(Debug)]
pub(super) struct ReturnRows {
    pub rows: Rows,
    pub taken: Vec<(i32, i64)>,
    pub points_back: i64,
    pub earned_back: i64,
}

/// Works out a return against `original`: negative lines priced as they were sold (the
/// discount shared out per unit), the refunds (by default all of it by the sale's first
/// payment method), and the points the sale earned taken back in proportion.
pub(super) fn draft_return(
    header: Header,
    original: &SaleRecord,
    input: &NewReturn,
) -> Result<ReturnRows, ServiceError> {
    if original.kind != SaleKind::Sale || original.status != SaleStatus::Completed {
        return Err(ServiceError::Conflict {
            message: "Only a completed sale can be returned against".into(),
            field: Some("saleId"),
        });
    }
    let currency = original.currency;
    let taken = wanted(original, &input.lines)?;
    let lines = return_lines(&header, original, &taken, input.restock, currency)?;
    let rounding = original.tax_rounding;
    let breakdown = breakdown(&lines, currency, original.prices_include_tax, rounding)?;
    let refund_total = -breakdown.total().amount_minor;
    let refunds = refunds(original, &input.refunds, currency, refund_total)?;
    let points_back = paid_with(&refunds, PaymentMethod::Points)?;
    let earned_back = if original.total > 0 {
        share(original.points_earned, refund_total, original.total)
    } else {
        0
    };
    let totals = Totals {
        kind: SaleKind::Return,
        original_sale_id: Some(original.id),
        customer_id: original.customer_id,
        currency: original.currency,
        prices_include_tax: original.prices_include_tax,
        tax_rounding: original.tax_rounding,
        breakdown: &breakdown,
        points_earned: -earned_back,
        points_redeemed: -points_back,
    };
    let refunds = refunds
        .into_iter()
        .map(|r| Settled {
            amount: -r.amount,
            ..r
        })
        .collect();
    Ok(ReturnRows {
        rows: rows(header, totals, lines, refunds)?,
        taken,
        points_back,
        earned_back,
    })
}

/// How `refund_total` goes back: as given, or all of it by the sale's first payment method.
fn refunds(
    original: &SaleRecord,
    given: &[NewPayment],
    currency: CurrencyCode,
    refund_total: i64,
) -> Result<Vec<Settled>, ServiceError> {
    if !given.is_empty() {
        return settle_payments(given, currency, refund_total);
    }
    let method = original
        .payments
        .first()
        .map_or(PaymentMethod::Cash, |p| p.method);
    Ok(vec![Settled {
        method,
        amount: refund_total,
        reference: String::new(),
    }])
}

/// `(line number, units)` to take back: as asked, or everything not yet returned.
fn wanted(original: &SaleRecord, asked: &[(i32, i64)]) -> Result<Vec<(i32, i64)>, ServiceError> {
    let wanted: Vec<(i32, i64)> = if asked.is_empty() {
        original
            .lines
            .iter()
            .map(|l| (l.line_no, l.quantity - l.returned_quantity))
            .filter(|(_, q)| *q > 0)
            .collect()
    } else {
        asked.to_vec()
    };
    if wanted.is_empty() {
        return Err(ServiceError::Conflict {
            message: "Everything on this sale has already been returned".into(),
            field: Some("lines"),
        });
    }
    Ok(wanted)
}

/// The error for taking back more of `line_no` than is left.
pub(super) fn too_many(line_no: i32) -> ServiceError {
    invalid(
        "return.too_many",
        format!("Line {line_no} has fewer units left to return"),
        "lines",
    )
}

/// The return's lines. Each takes back no more than the sale's line has left (the write
/// checks again atomically, against concurrent returns).
fn return_lines(
    header: &Header,
    original: &SaleRecord,
    taken: &[(i32, i64)],
    restock: bool,
    currency: CurrencyCode,
) -> Result<Vec<sale_line::Model>, ServiceError> {
    let mut returned: BTreeMap<i32, i64> = BTreeMap::new();
    let mut lines = Vec::with_capacity(taken.len());
    for (n, (line_no, units)) in taken.iter().copied().enumerate() {
        let line = original
            .lines
            .iter()
            .find(|l| l.line_no == line_no)
            .ok_or_else(|| {
                invalid(
                    "return.line",
                    format!("The sale has no line {line_no}"),
                    "lines",
                )
            })?;
        if units < 1 {
            return Err(invalid(
                "quantity.range",
                "Return at least one unit",
                "lines",
            ));
        }
        let so_far = returned.entry(line_no).or_insert(line.returned_quantity);
        *so_far = so_far
            .checked_add(units)
            .filter(|after| *after <= line.quantity)
            .ok_or_else(|| too_many(line_no))?;
        // The line's discount is shared out per unit, so returning everything refunds
        // exactly what was paid.
        let discount = share(line.discount, units, line.quantity);
        let amount = line_amount(
            Money::new(line.unit_price, currency),
            units,
            Money::new(discount, currency),
        )
        .map_err(overflow("lines"))?
        .amount_minor;
        lines.push(sale_line::Model {
            tenant_id: header.tenant_id,
            sale_id: header.id,
            line_no: numbered(n),
            variant_id: line.variant_id,
            sku: line.sku.clone(),
            name: line.name.clone(),
            quantity: -units,
            unit_price: line.unit_price,
            discount: -discount,
            amount: -amount,
            tax_rate: line.tax_rate,
            unit_cost: line.unit_cost,
            restock,
            returned_quantity: 0,
        });
    }
    Ok(lines)
}

/// What a document's head says beyond its header.
struct Totals<'a> {
    kind: SaleKind,
    original_sale_id: Option<Uuid>,
    customer_id: Option<Uuid>,
    currency: CurrencyCode,
    prices_include_tax: bool,
    tax_rounding: RoundingMode,
    breakdown: &'a TaxBreakdown,
    points_earned: i64,
    points_redeemed: i64,
}

/// The rows of a COMPLETED document.
fn rows(
    header: Header,
    totals: Totals<'_>,
    lines: Vec<sale_line::Model>,
    payments: Vec<Settled>,
) -> Result<Rows, ServiceError> {
    let payments = payments
        .into_iter()
        .enumerate()
        .map(|(n, p)| sale_payment::Model {
            tenant_id: header.tenant_id,
            sale_id: header.id,
            line_no: numbered(n),
            method: p.method,
            amount: p.amount,
            reference: p.reference,
        })
        .collect();
    let head = sale::Model {
        tenant_id: header.tenant_id,
        id: header.id,
        kind: totals.kind,
        status: SaleStatus::Completed,
        channel_id: header.channel_id,
        location_id: header.location_id,
        customer_id: totals.customer_id,
        external_id: header.external_id,
        original_sale_id: totals.original_sale_id,
        occurred_at: header.occurred_at,
        currency: totals.currency,
        prices_include_tax: totals.prices_include_tax,
        tax_rounding: totals.tax_rounding,
        subtotal: totals.breakdown.subtotal().amount_minor,
        tax: totals.breakdown.tax().amount_minor,
        total: totals.breakdown.total().amount_minor,
        discount_total: checked_sum(lines.iter().map(|l| l.discount)).map_err(overflow("lines"))?,
        cost_total: cost_total(&lines)?,
        points_earned: totals.points_earned,
        points_redeemed: totals.points_redeemed,
        note: header.note,
        actor_user_id: header.actor_user_id,
        actor_api_key: header.actor_api_key,
        created_at: header.created_at,
        voided_at: None,
        void_reason: None,
    };
    Ok(Rows {
        head,
        lines,
        payments,
    })
}

/// Lines and payments are numbered from 1.
fn numbered(index: usize) -> i32 {
    i32::try_from(index + 1).unwrap_or(i32::MAX)
}

/// [`MAX_CHANGE`] in the currency's minor units.
fn max_change(currency: CurrencyCode) -> i64 {
    10i64
        .saturating_pow(currency.minor_units())
        .saturating_mul(MAX_CHANGE)
}

/// Payments checked against the total: they must add up to it exactly, except that cash
/// may exceed it by at most [`MAX_CHANGE`] (the excess is change, and only what stays in
/// the till is stored).
///
/// No amount is negative (each is parsed as a non-negative amount) and none but cash may
/// exceed the total on its own, so no method's share can go below zero or beyond the
/// total, and points redeemed can never exceed what the sale costs.
fn settle_payments(
    payments: &[NewPayment],
    currency: CurrencyCode,
    total: i64,
) -> Result<Vec<Settled>, ServiceError> {
    let mut parsed = payments
        .iter()
        .map(|p| {
            let reference = text::optional(p.reference.as_deref().unwrap_or(""), 200, "payments")?;
            Ok(Settled {
                method: p.method,
                amount: products::money(&p.amount, currency, "payments")?,
                reference,
            })
        })
        .collect::<Result<Vec<_>, ServiceError>>()?;
    if parsed.is_empty() {
        return Ok(parsed);
    }
    let change_limit = max_change(currency);
    for payment in &parsed {
        if payment.method == PaymentMethod::Cash {
            if payment.amount > total.saturating_add(change_limit) {
                return Err(invalid(
                    "payments.change",
                    format!(
                        "Cash can exceed the total by at most {} of change",
                        Money::new(change_limit, currency)
                    ),
                    "payments",
                ));
            }
        } else if payment.amount > total {
            return Err(only_cash_gives_change());
        }
    }
    let paid = checked_sum(parsed.iter().map(|p| p.amount)).map_err(overflow("payments"))?;
    let change = paid
        .checked_sub(total)
        .ok_or_else(|| overflow("payments")(MoneyError::Overflow))?;
    if change < 0 {
        return Err(invalid(
            "payments.short",
            format!(
                "The payments fall short of the total by {}",
                Money::new(change.saturating_neg(), currency)
            ),
            "payments",
        ));
    }
    if change > 0 {
        let cash = parsed
            .iter_mut()
            .rev()
            .find(|p| p.method == PaymentMethod::Cash && p.amount >= change)
            .ok_or_else(only_cash_gives_change)?;
        cash.amount -= change;
    }
    Ok(parsed)
}

fn only_cash_gives_change() -> ServiceError {
    invalid(
        "payments.over",
        "Only cash can exceed the total (the rest is change)",
        "payments",
    )
}

/// What was paid with `method`, failing rather than wrapping.
fn paid_with(payments: &[Settled], method: PaymentMethod) -> Result<i64, ServiceError> {
    checked_sum(
        payments
            .iter()
            .filter(|p| p.method == method)
            .map(|p| p.amount),
    )
    .map_err(overflow("payments"))
}

fn breakdown(
    lines: &[sale_line::Model],
    currency: CurrencyCode,
    prices_include_tax: bool,
    rounding: RoundingMode,
) -> Result<TaxBreakdown, ServiceError> {
    let amounts = lines
        .iter()
        .map(|l| (l.tax_rate, Money::new(l.amount, currency)));
    TaxBreakdown::from_lines(currency, amounts, prices_include_tax, rounding)
        .map_err(overflow("lines"))
}

/// The cost of the goods on `lines`, when every line's unit cost is known.
fn cost_total(lines: &[sale_line::Model]) -> Result<Option<i64>, ServiceError> {
    let Some(costs) = lines
        .iter()
        .map(|l| l.unit_cost.map(|c| c.checked_mul(l.quantity)))
        .collect::<Option<Vec<_>>>()
    else {
        return Ok(None);
    };
    let costs = costs
        .into_iter()
        .collect::<Option<Vec<i64>>>()
        .ok_or_else(|| overflow("lines")(MoneyError::Overflow))?;
    checked_sum(costs).map(Some).map_err(overflow("lines"))
}

/// `amount × part / whole`, rounded down (whole > 0).
pub(super) fn share(amount: i64, part: i64, whole: i64) -> i64 {
    if whole == 0 {
        return 0;
    }
    let value = i128::from(amount) * i128::from(part) / i128::from(whole);
    i64::try_from(value).unwrap_or(0)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::services::catalog::products::VariantLookup;
    use kura_shared::TaxRate;

    const SHIRT: Uuid = Uuid::from_u128(1);
    const SNACK: Uuid = Uuid::from_u128(2);
    const CUSTOMER: Uuid = Uuid::from_u128(3);

    fn rules() -> Pricing {
        Pricing {
            currency: CurrencyCode::Jpy,
            prices_include_tax: false,
            rounding: RoundingMode::Floor,
            loyalty_bp: 100,
        }
    }

    fn header(id: u128) -> Header {
        Header {
            tenant_id: Uuid::from_u128(9),
            id: Uuid::from_u128(id),
            channel_id: None,
            location_id: Uuid::from_u128(8),
            external_id: None,
            occurred_at: DateTime::UNIX_EPOCH,
            note: String::new(),
            actor_user_id: None,
            actor_api_key: None,
            created_at: DateTime::UNIX_EPOCH,
        }
    }

    use crate::services::catalog::products::fixtures::variant;

    fn line(id: Uuid, quantity: i64) -> NewSaleLine {
        NewSaleLine {
            item: VariantLookup::Id(id),
            quantity,
            unit_price: None,
            discount: None,
            tax_rate: None,
        }
    }

    fn pay(method: PaymentMethod, amount: &str) -> NewPayment {
        NewPayment {
            method,
            amount: amount.into(),
            reference: None,
        }
    }

    /// Two shirts at ¥1,000 less ¥100 (10%) and a snack priced ¥500 at the till (8%).
    fn draft(payments: &[NewPayment]) -> Result<SaleDraft, ServiceError> {
        let lines = [
            NewSaleLine {
                discount: Some("100".into()),
                ..line(SHIRT, 2)
            },
            NewSaleLine {
                unit_price: Some("500".into()),
                ..line(SNACK, 1)
            },
        ];
        let variants = vec![
            variant(SHIRT, 1_000, TaxRate::Standard),
            variant(SNACK, 800, TaxRate::Reduced),
        ];
        SaleDraft::new(header(1), rules(), None, &lines, variants, payments)
    }

    /// A sale's rows as the record a return reads back.
    fn record(rows: Rows) -> SaleRecord {
        SaleRecord::from_rows(rows.head, rows.lines, rows.payments)
    }

    #[test]
    fn a_sale_is_priced_per_line_taxed_per_rate_and_paid_with_change_kept_out() {
        let sale = draft(&[
            pay(PaymentMethod::Card, "1000"),
            pay(PaymentMethod::Cash, "2000"),
        ])
        .unwrap()
        .finish(Some(CUSTOMER))
        .unwrap();
        let amounts: Vec<(i32, i64, &str)> = sale
            .rows
            .lines
            .iter()
            .map(|l| (l.line_no, l.amount, l.tax_rate.as_str()))
            .collect();
        assert_eq!(amounts, [(1, 1_900, "STANDARD"), (2, 500, "REDUCED")]);
        let head = &sale.rows.head;
        assert_eq!(
            (head.subtotal, head.tax, head.total),
            (2_400, 190 + 40, 2_630)
        );
        assert_eq!(head.discount_total, 100);
        assert_eq!(head.cost_total, Some(500 * 2 + 400));
        assert_eq!(head.customer_id, Some(CUSTOMER));
        let paid: Vec<(i32, &str, i64)> = sale
            .rows
            .payments
            .iter()
            .map(|p| (p.line_no, p.method.as_str(), p.amount))
            .collect();
        assert_eq!(paid, [(1, "CARD", 1_000), (2, "CASH", 1_630)]);
        assert_eq!((sale.points_earned, sale.points_redeemed), (26, 0));
        assert_eq!(head.points_earned, 26);
    }

    #[test]
    fn points_pay_only_for_a_known_customer_who_earns_on_the_rest() {
        let payments = [
            pay(PaymentMethod::Points, "630"),
            pay(PaymentMethod::Cash, "2000"),
        ];
        let sale = draft(&payments).unwrap().finish(Some(CUSTOMER)).unwrap();
        assert_eq!((sale.points_redeemed, sale.points_earned), (630, 20));
        let anonymous = draft(&payments).unwrap().finish(None).map(|_| ());
        assert!(matches!(
            anonymous,
            Err(ServiceError::Validation(e)) if e.code == "points.no_customer"
        ));
        let without = draft(&[]).unwrap().finish(None).unwrap();
        assert_eq!((without.points_earned, without.rows.payments.len()), (0, 0));
    }

    #[test]
    fn an_unknown_code_is_the_callers_mistake_and_an_unknown_id_is_not_found() {
        let (shirt, product) = variant(SHIRT, 1_000, TaxRate::Standard);
        let products = BTreeMap::from([(SHIRT, product)]);
        let by = |item: VariantLookup| {
            let lines = [NewSaleLine {
                item,
                ..line(SHIRT, 1)
            }];
            let lookups: Vec<&VariantLookup> = lines.iter().map(|l| &l.item).collect();
            products::match_variants(
                &lookups,
                std::slice::from_ref(&shirt),
                &products,
                "sale.unknown_item",
            )
        };
        assert_eq!(
            by(VariantLookup::Sku(format!(" {} ", shirt.sku))).unwrap()[0].0,
            shirt
        );
        assert!(matches!(
            by(VariantLookup::Barcode("4900000000019".into())),
            Err(ServiceError::Validation(e)) if e.code == "sale.unknown_item"
        ));
        assert!(matches!(
            by(VariantLookup::Id(SNACK)),
            Err(ServiceError::NotFound("Product variant"))
        ));
    }

    #[test]
    fn a_discount_larger_than_its_line_is_refused() {
        let lines = [NewSaleLine {
            discount: Some("1001".into()),
            ..line(SHIRT, 1)
        }];
        let variants = vec![variant(SHIRT, 1_000, TaxRate::Standard)];
        let drafted = SaleDraft::new(header(1), rules(), None, &lines, variants, &[]);
        assert!(matches!(
            drafted,
            Err(ServiceError::Validation(e)) if e.code == "sale.discount"
        ));
    }

    #[test]
    fn a_return_refunds_its_share_of_the_discount_and_takes_back_earned_points() {
        let sale = draft(&[pay(PaymentMethod::Card, "2630")])
            .unwrap()
            .finish(Some(CUSTOMER))
            .unwrap();
        let original = record(sale.rows);
        let input = NewReturn {
            lines: vec![(1, 1)],
            restock: true,
            ..NewReturn::default()
        };
        let back = draft_return(header(2), &original, &input).unwrap();
        assert_eq!(back.taken, [(1, 1)]);
        let line = &back.rows.lines[0];
        assert_eq!((line.quantity, line.discount, line.amount), (-1, -50, -950));
        let head = &back.rows.head;
        assert_eq!(head.kind, SaleKind::Return);
        assert_eq!(head.original_sale_id, Some(original.id));
        assert_eq!((head.subtotal, head.tax, head.total), (-950, -95, -1_045));
        let refunds: Vec<(&str, i64)> = back
            .rows
            .payments
            .iter()
            .map(|p| (p.method.as_str(), p.amount))
            .collect();
        assert_eq!(refunds, [("CARD", -1_045)], "by the sale's first method");
        // 26 points earned on ¥2,630: ¥1,045 back takes 10 of them (rounded down).
        assert_eq!((back.earned_back, head.points_earned), (10, -10));
    }

    #[test]
    fn a_return_takes_back_no_more_than_each_line_has_left() {
        let sale = draft(&[]).unwrap().finish(None).unwrap();
        let original = record(sale.rows);
        let asking = |lines: Vec<(i32, i64)>| {
            let input = NewReturn {
                lines,
                ..NewReturn::default()
            };
            draft_return(header(2), &original, &input).map(|r| r.taken)
        };
        let code = |result: Result<Vec<(i32, i64)>, ServiceError>| match result {
            Err(ServiceError::Validation(e)) => e.code,
            other => panic!("not a validation error: {other:?}"),
        };
        assert_eq!(code(asking(vec![(1, 1), (1, 2)])), "return.too_many");
        assert_eq!(code(asking(vec![(3, 1)])), "return.line");
        assert_eq!(code(asking(vec![(1, 0)])), "quantity.range");
        assert_eq!(
            asking(Vec::new()).unwrap(),
            [(1, 2), (2, 1)],
            "all that is left"
        );
    }

    #[test]
    fn only_a_completed_sale_is_returned_against() {
        let sale = draft(&[]).unwrap().finish(None).unwrap();
        let mut original = record(sale.rows);
        original.status = SaleStatus::Voided;
        assert!(matches!(
            draft_return(header(2), &original, &NewReturn::default()),
            Err(ServiceError::Conflict { .. })
        ));
    }

    #[test]
    fn discounts_are_shared_per_unit_rounding_down() {
        assert_eq!(share(100, 1, 3), 33);
        assert_eq!(share(100, 3, 3), 100);
        assert_eq!(share(5, 1, 0), 0);
    }

    #[test]
    fn cash_over_the_total_is_change() {
        let paid = settle_payments(
            &[
                pay(PaymentMethod::Card, "1000"),
                pay(PaymentMethod::Cash, "5000"),
            ],
            CurrencyCode::Jpy,
            3_200,
        );
        let paid = paid.ok().unwrap_or_default();
        assert_eq!(paid[1].amount, 2_200);
        let card_over = [pay(PaymentMethod::Card, "5000")];
        assert!(settle_payments(&card_over, CurrencyCode::Jpy, 3_200).is_err());
        let short = [pay(PaymentMethod::Cash, "100")];
        assert!(settle_payments(&short, CurrencyCode::Jpy, 3_200).is_err());
    }
}
