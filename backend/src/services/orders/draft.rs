//! A new order worked out without I/O: its lines priced from the variants found for them,
//! the tax per rate (rounded once per rate, as on a qualified invoice), and the rows to
//! insert. Quotes are priced by the same [`price`] and checked by the same
//! [`check_lines`], so a quote and the order it becomes can never disagree.

use chrono::{DateTime, NaiveDate, Utc};
use kura_shared::{
    CurrencyCode, LineUnits, Money, OrderStatus, PriceRate, RoundingMode, ShipTo, TaxBreakdown,
    TaxRate, ValidationError, line_amount, pricing::rated_price,
};
use uuid::Uuid;

use super::NewOrderLine;
use crate::services::{ServiceError, catalog::products};
use crate::store::tenant::records::{order, order_line, product, product_variant};

/// Most lines on one order (the dashboard checks the same).
pub const MAX_LINES: usize = kura_shared::MAX_ORDER_LINES;
/// Most units on one line (the dashboard checks the same).
pub const MAX_QUANTITY: i64 = kura_shared::MAX_LINE_QUANTITY;

/// The company's pricing rules an order follows.
#[derive(Debug, Clone, Copy)]
pub struct Pricing {
    /// Every amount's currency.
    pub currency: CurrencyCode,
    /// How tax is rounded (once per rate).
    pub rounding: RoundingMode,
}

/// Everything about a new order but its lines.
#[derive(Debug, Clone)]
pub struct Header {
    pub tenant_id: Uuid,
    pub id: Uuid,
    pub number: String,
    pub customer_id: Option<Uuid>,
    pub channel_id: Option<Uuid>,
    pub location_id: Uuid,
    pub pickup_location_id: Option<Uuid>,
    pub external_id: Option<String>,
    pub requested_date: Option<NaiveDate>,
    pub ship_to: Option<ShipTo>,
    pub prices_include_tax: bool,
    pub note: String,
    pub ordered_at: DateTime<Utc>,
    pub actor_user_id: Option<Uuid>,
    pub actor_api_key: Option<String>,
}

/// The rows of a new order.
#[derive(Debug, Clone)]
pub struct OrderRows {
    pub head: order::Model,
    pub lines: Vec<order_line::Model>,
}

fn invalid(code: &'static str, message: impl Into<String>, field: &'static str) -> ServiceError {
    ValidationError::new(code, message).with_field(field).into()
}

/// Which document lines belong to, for the codes and words of their errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    /// A sales order (`order.…`).
    Order,
    /// A quote (`quote.…`).
    Quote,
}

impl Document {
    /// `(no lines, too many lines, quantity)` codes, and the document's name.
    const fn codes(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            Document::Order => (
                "order.no_lines",
                "order.too_many_lines",
                "order.quantity",
                "order",
            ),
            Document::Quote => (
                "quote.no_lines",
                "quote.too_many_lines",
                "quote.quantity",
                "quote",
            ),
        }
    }
}

/// Checks the lines' shape before anything is looked up.
pub fn check_lines(document: Document, lines: &[NewOrderLine]) -> Result<(), ServiceError> {
    let (no_lines, too_many, quantity, noun) = document.codes();
    if lines.is_empty() {
        return Err(invalid(
            no_lines,
            match document {
                Document::Order => "An order needs at least one line",
                Document::Quote => "A quote needs at least one line",
            },
            "lines",
        ));
    }
    if lines.len() > MAX_LINES {
        return Err(invalid(
            too_many,
            format!("At most {MAX_LINES} lines on one {noun}"),
            "lines",
        ));
    }
    if let Some(line) = lines
        .iter()
        .find(|l| l.quantity < 1 || l.quantity > MAX_QUANTITY)
    {
        return Err(invalid(
            quantity,
            format!(
                "Each line has 1 to {MAX_QUANTITY} units (not {})",
                line.quantity
            ),
            "lines",
        ));
    }
    Ok(())
}

/// One line priced: what it is, at what price, for how much before tax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PricedLine {
    /// Position, from 1.
    pub line_number: i32,
    pub variant_id: Uuid,
    /// The SKU and product name as they are now (documents keep them).
    pub sku: String,
    pub name: String,
    pub quantity: i64,
    /// Minor units.
    pub unit_price: i64,
    pub tax_class: TaxRate,
    /// `unit_price × quantity`, minor units.
    pub amount: i64,
}

/// Lines priced with their totals, tax rounded once per rate over the whole document.
#[derive(Debug, Clone)]
pub struct Priced {
    pub lines: Vec<PricedLine>,
    pub totals: TaxBreakdown,
}

/// Prices `lines` (whose variants, in line order, are `variants`): a line's own price when
/// given, else the customer's 掛率 price when the customer has a rate (rounded down,
/// [`rated_price`]), else the variant's price; the line's tax class, else the product's.
/// Then the totals with tax once per rate.
pub fn price(
    pricing: Pricing,
    prices_include_tax: bool,
    rate: Option<PriceRate>,
    lines: &[NewOrderLine],
    variants: Vec<(product_variant::Model, product::Model)>,
) -> Result<Priced, ServiceError> {
    let currency = pricing.currency;
    let mut priced = Vec::with_capacity(lines.len());
    for (n, (line, (variant, product))) in lines.iter().zip(variants).enumerate() {
        let unit_price = match (&line.unit_price, rate) {
            (Some(price), _) => products::money(price, currency, "lines")?,
            (None, Some(rate)) => rated_price(variant.price, rate.hundredths()),
            (None, None) => variant.price,
        };
        let amount = line_amount(
            Money::new(unit_price, currency),
            line.quantity,
            Money::zero(currency),
        )
        .map_err(|e| ServiceError::from(ValidationError::from(e).with_field("lines")))?;
        priced.push(PricedLine {
            line_number: i32::try_from(n + 1).unwrap_or(i32::MAX),
            variant_id: variant.id,
            sku: variant.sku,
            name: product.name,
            quantity: line.quantity,
            unit_price,
            tax_class: line.tax_class.unwrap_or(product.tax_class),
            amount: amount.amount_minor,
        });
    }
    let totals = totals(
        pricing,
        prices_include_tax,
        priced.iter().map(|l| (l.tax_class, l.amount)),
    )?;
    Ok(Priced {
        lines: priced,
        totals,
    })
}

/// The totals of `(rate, amount)` lines with tax rounded once per rate over the whole
/// document, as a qualified invoice rounds it.
pub fn totals(
    pricing: Pricing,
    prices_include_tax: bool,
    lines: impl IntoIterator<Item = (TaxRate, i64)>,
) -> Result<TaxBreakdown, ServiceError> {
    let currency = pricing.currency;
    TaxBreakdown::from_lines(
        currency,
        lines
            .into_iter()
            .map(|(rate, amount)| (rate, Money::new(amount, currency))),
        prices_include_tax,
        pricing.rounding,
    )
    .map_err(|e| ServiceError::from(ValidationError::from(e).with_field("lines")))
}

/// The order's rows: each line priced by [`price`] (at the customer's 掛率 `rate` where a
/// line has no price of its own), the totals with tax once per rate. `variants` are the
/// lines' variants in line order.
pub fn rows(
    header: Header,
    pricing: Pricing,
    rate: Option<PriceRate>,
    lines: &[NewOrderLine],
    variants: Vec<(product_variant::Model, product::Model)>,
) -> Result<OrderRows, ServiceError> {
    let currency = pricing.currency;
    let Priced { lines, totals } =
        price(pricing, header.prices_include_tax, rate, lines, variants)?;
    let rows = lines
        .into_iter()
        .map(|line| {
            let units = LineUnits::new(line.quantity);
            order_line::Model {
                tenant_id: header.tenant_id,
                order_id: header.id,
                line_number: line.line_number,
                variant_id: line.variant_id,
                sku: line.sku,
                name: line.name,
                quantity: units.quantity,
                unit_price: line.unit_price,
                tax_class: line.tax_class,
                amount: line.amount,
                allocated: units.allocated,
                backordered: units.backordered,
                shipped: units.shipped,
                cancelled: units.cancelled,
            }
        })
        .collect();
    let now = Utc::now();
    let head = order::Model {
        tenant_id: header.tenant_id,
        id: header.id,
        number: header.number,
        status: OrderStatus::Draft,
        customer_id: header.customer_id,
        channel_id: header.channel_id,
        location_id: header.location_id,
        pickup_location_id: header.pickup_location_id,
        external_id: header.external_id,
        requested_date: header.requested_date,
        ship_to: header
            .ship_to
            .as_ref()
            .and_then(|to| serde_json::to_string(to).ok()),
        currency,
        prices_include_tax: header.prices_include_tax,
        tax_rounding: pricing.rounding,
        subtotal: totals.subtotal().amount_minor,
        tax: totals.tax().amount_minor,
        total: totals.total().amount_minor,
        note: header.note,
        cancel_reason: None,
        ordered_at: header.ordered_at,
        confirmed_at: None,
        cancelled_at: None,
        ready_at: None,
        split_from_order_id: None,
        actor_user_id: header.actor_user_id,
        actor_api_key: header.actor_api_key,
        created_at: now,
        updated_at: now,
        version: 0,
    };
    Ok(OrderRows { head, lines: rows })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use kura_shared::TaxRate;

    use super::*;
    use crate::services::catalog::products::{VariantLookup, fixtures};

    fn variant(price: i64, tax: TaxRate) -> (product_variant::Model, product::Model) {
        let (mut variant, product) = fixtures::variant(Uuid::now_v7(), price, tax);
        variant.sku = "TEA-1".into();
        (variant, product)
    }

    fn header(prices_include_tax: bool) -> Header {
        Header {
            tenant_id: Uuid::nil(),
            id: Uuid::now_v7(),
            number: "SO-2026-000001".into(),
            customer_id: None,
            channel_id: None,
            location_id: Uuid::now_v7(),
            pickup_location_id: None,
            external_id: None,
            requested_date: None,
            ship_to: None,
            prices_include_tax,
            note: String::new(),
            ordered_at: Utc::now(),
            actor_user_id: None,
            actor_api_key: None,
        }
    }

    fn line(quantity: i64, unit_price: Option<&str>) -> NewOrderLine {
        NewOrderLine {
            item: VariantLookup::Sku("TEA-1".into()),
            quantity,
            unit_price: unit_price.map(Into::into),
            tax_class: None,
        }
    }

    const YEN: Pricing = Pricing {
        currency: CurrencyCode::Jpy,
        rounding: RoundingMode::Floor,
    };

    #[test]
    fn tax_is_rounded_once_per_rate_over_the_whole_order() {
        // Three lines of ¥333 at 8% tax-excluded: 999 × 8% = 79.92 → 79 once, not 26 × 3 = 78.
        let lines = [
            line(1, Some("333")),
            line(1, Some("333")),
            line(1, Some("333")),
        ];
        let variants = (0..3).map(|_| variant(500, TaxRate::Reduced)).collect();
        let rows = rows(header(false), YEN, None, &lines, variants).unwrap();
        assert_eq!(
            (rows.head.subtotal, rows.head.tax, rows.head.total),
            (999, 79, 1078)
        );
        assert_eq!(rows.head.status, OrderStatus::Draft);
        assert_eq!(
            rows.lines.iter().map(|l| l.line_number).collect::<Vec<_>>(),
            [1, 2, 3]
        );
    }

    #[test]
    fn a_line_without_a_price_takes_the_variants_and_holds_nothing_yet() {
        let rows = rows(
            header(true),
            YEN,
            None,
            &[line(4, None)],
            vec![variant(1_100, TaxRate::Standard)],
        )
        .unwrap();
        let line = &rows.lines[0];
        assert_eq!(
            (line.unit_price, line.amount, line.quantity),
            (1_100, 4_400, 4)
        );
        assert_eq!((line.allocated, line.backordered), (0, 0));
        assert_eq!((rows.head.tax, rows.head.total), (400, 4_400));
    }

    #[test]
    fn empty_oversized_and_negative_orders_are_refused_with_their_codes() {
        let code = |lines: &[NewOrderLine]| match check_lines(Document::Order, lines) {
            Err(ServiceError::Validation(e)) => e.code,
            other => panic!("{other:?}"),
        };
        assert_eq!(code(&[]), "order.no_lines");
        assert_eq!(code(&[line(0, None)]), "order.quantity");
        assert_eq!(code(&[line(MAX_QUANTITY + 1, None)]), "order.quantity");
        let many: Vec<_> = (0..=MAX_LINES).map(|_| line(1, None)).collect();
        assert_eq!(code(&many), "order.too_many_lines");
        assert!(check_lines(Document::Order, &[line(1, None)]).is_ok());
        let quote = check_lines(Document::Quote, &[]);
        assert!(matches!(quote, Err(ServiceError::Validation(e)) if e.code == "quote.no_lines"));
    }

    #[test]
    fn a_line_without_a_price_takes_the_customers_rate_rounded_down_and_its_own_price_wins() {
        // ¥1,980 at 62.5 % is ¥1,237.5, charged ¥1,237 (切り捨て).
        let rate = PriceRate::new(6_250).ok();
        let rows = rows(
            header(false),
            YEN,
            rate,
            &[line(2, None), line(1, Some("1500"))],
            vec![
                variant(1_980, TaxRate::Standard),
                variant(1_980, TaxRate::Standard),
            ],
        )
        .unwrap();
        let prices: Vec<_> = rows
            .lines
            .iter()
            .map(|l| (l.unit_price, l.amount))
            .collect();
        assert_eq!(prices, [(1_237, 2_474), (1_500, 1_500)]);
        assert_eq!((rows.head.subtotal, rows.head.tax), (3_974, 397));
    }

    #[test]
    fn a_negative_price_is_refused() {
        let refused = rows(
            header(true),
            YEN,
            None,
            &[line(1, Some("-5"))],
            vec![variant(1, TaxRate::Standard)],
        );
        assert!(matches!(refused, Err(ServiceError::Validation(e)) if e.code == "money.negative"));
    }
}
