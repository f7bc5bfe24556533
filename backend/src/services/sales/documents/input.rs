//! What callers send to record a sale or a return, and the checks that need nothing but
//! the input (run before any transaction opens).

use chrono::{DateTime, Duration, Utc};
use kura_shared::{PaymentMethod, TaxRate};
use uuid::Uuid;

use super::draft::invalid;
use crate::services::{
    ServiceError, catalog::products::VariantLookup, idempotency::Key,
    sales::customers::CustomerRef, text,
};

/// Most lines on one sale.
pub const MAX_LINES: usize = 500;
/// Most units on one line.
pub const MAX_QUANTITY: i64 = 100_000;
/// Most payments on one sale.
pub const MAX_PAYMENTS: usize = 20;
/// The most change one cash payment may give, in whole units of the currency (¥100,000,
/// $100,000): above any real tender at a till, and far below anything that could overflow
/// when it is added to the other payments.
pub const MAX_CHANGE: i64 = 100_000;
/// How far in the future a till's clock may be.
const CLOCK_SKEW: Duration = Duration::minutes(15);

/// One line of a new sale.
#[derive(Debug, Clone)]
pub struct NewSaleLine {
    /// The variant, by id, SKU or barcode.
    pub item: VariantLookup,
    /// Units sold (above 0).
    pub quantity: i64,
    /// Price of one unit as a decimal string; the variant's price when absent.
    pub unit_price: Option<String>,
    /// Discount on the whole line as a decimal string.
    pub discount: Option<String>,
    /// The line's tax rate; the product's tax class when absent.
    pub tax_rate: Option<TaxRate>,
}

/// One payment of a new sale or refund.
#[derive(Debug, Clone)]
pub struct NewPayment {
    /// How.
    pub method: PaymentMethod,
    /// How much, as a decimal string (cash may exceed the total: the rest is change).
    pub amount: String,
    /// A card slip or QR transaction number.
    pub reference: Option<String>,
}

/// A sale to record.
#[derive(Debug, Clone, Default)]
pub struct NewSale {
    /// The channel it came through.
    pub channel_id: Option<Uuid>,
    /// Where the goods left; the channel's default location when absent.
    pub location_id: Option<Uuid>,
    /// The channel's own id for it (receipt or order number): the idempotency key, and
    /// the sale's number.
    pub external_id: Option<String>,
    /// A client's retry key when the sale has no number of its own (the web register):
    /// a repeat returns the first sale, which keeps Kura's `R-…` number.
    pub idempotency_key: Option<String>,
    /// When it happened; now when absent.
    pub occurred_at: Option<DateTime<Utc>>,
    /// Who bought.
    pub customer: Option<CustomerRef>,
    /// What was sold.
    pub lines: Vec<NewSaleLine>,
    /// How it was paid (when given, they must cover the total exactly, cash excepted).
    pub payments: Vec<NewPayment>,
    /// Whether the prices include tax; the company's rule when absent.
    pub prices_include_tax: Option<bool>,
    /// Free text.
    pub note: String,
}

/// A return against an earlier sale.
#[derive(Debug, Clone, Default)]
pub struct NewReturn {
    /// The sale being returned against.
    pub sale_id: Uuid,
    /// `(line number, units)` to take back; everything not yet returned when empty.
    pub lines: Vec<(i32, i64)>,
    /// Whether the goods go back into stock at the sale's location.
    pub restock: bool,
    /// The channel's own id for the refund: the idempotency key.
    pub external_id: Option<String>,
    /// A client's retry key when the refund has no number of its own.
    pub idempotency_key: Option<String>,
    /// When it happened; now when absent.
    pub occurred_at: Option<DateTime<Utc>>,
    /// How the money went back; one refund by the sale's first payment method when empty.
    pub refunds: Vec<NewPayment>,
    /// Free text.
    pub note: String,
}

/// What recognises a retried sale document: `(operation, key)` in the idempotency table.
/// A channel's own id is unique per channel; a client's key (used only when there is no
/// channel id) has its own namespace per `document` (`recordSale`, `recordReturn`), so a
/// key reused for a refund records the refund rather than replaying the sale.
pub(super) fn retry_key(
    document: &str,
    channel_id: Option<Uuid>,
    external_id: Option<&str>,
    idempotency_key: Option<&str>,
) -> Option<Key> {
    match (external_id, idempotency_key) {
        (Some(external), _) => Some(Key::new(
            match channel_id {
                Some(id) => format!("recordSale/{id}"),
                None => "recordSale/-".into(),
            },
            external,
        )),
        (None, Some(key)) => Some(Key::new(format!("{document}/key"), key)),
        (None, None) => None,
    }
}

/// When a document happened: as given (a till's clock may run a little fast), or now.
pub(super) fn check_occurred(at: Option<DateTime<Utc>>) -> Result<DateTime<Utc>, ServiceError> {
    let now = Utc::now();
    match at {
        Some(at) if at > now + CLOCK_SKEW => Err(invalid(
            "sale.future",
            "A sale cannot be in the future",
            "occurredAt",
        )),
        Some(at) => Ok(at),
        None => Ok(now),
    }
}

/// A sale's size: 1 to [`MAX_LINES`] lines of 1 to [`MAX_QUANTITY`] units, at most
/// [`MAX_PAYMENTS`] payments.
pub(super) fn check_shape(sale: &NewSale) -> Result<(), ServiceError> {
    if sale.lines.is_empty() || sale.lines.len() > MAX_LINES {
        return Err(invalid(
            "sale.lines",
            format!("A sale has 1 to {MAX_LINES} lines"),
            "lines",
        ));
    }
    if sale
        .lines
        .iter()
        .any(|l| !(1..=MAX_QUANTITY).contains(&l.quantity))
    {
        return Err(invalid(
            "quantity.range",
            format!("Each line sells 1 to {MAX_QUANTITY} units"),
            "lines",
        ));
    }
    if sale.payments.len() > MAX_PAYMENTS {
        return Err(invalid(
            "sale.payments",
            format!("At most {MAX_PAYMENTS} payments"),
            "payments",
        ));
    }
    Ok(())
}

/// A channel's own id: at most 200 characters; blank is none.
pub(super) fn external_id(raw: Option<&str>) -> Result<Option<String>, ServiceError> {
    Ok(raw
        .map(|id| text::optional(id, 200, "externalId"))
        .transpose()?
        .filter(|id| !id.is_empty()))
}

/// A return has at most [`MAX_PAYMENTS`] refunds.
pub(super) fn check_refunds(input: &NewReturn) -> Result<(), ServiceError> {
    if input.refunds.len() > MAX_PAYMENTS {
        return Err(invalid(
            "sale.payments",
            format!("At most {MAX_PAYMENTS} refunds"),
            "refunds",
        ));
    }
    Ok(())
}
