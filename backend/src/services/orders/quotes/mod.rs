//! Quotes (見積): what a customer is offered before they order. Owns `quotes` and
//! `quote_lines`. A quote is priced exactly as an order is (`orders::draft::price`: the
//! line's price, else the customer's 掛率 price, else the variant's; tax once per rate),
//! numbered `Q-<year>-<n>` by the orders' gapless counters, printed as 御見積書 with the
//! orders' sheet parts, and becomes an order through `orders::create` in the transaction
//! that accepts it. Besides its parent area it may call `catalog::products` (variant
//! lookups), `stock::inventory` (location checks), `sales::customers` and `accounts::audit`.
//!
//! A quote is stored `DRAFT`, `SENT`, `ACCEPTED` or `CANCELLED`; `EXPIRED` follows from
//! its valid-until date in the company's calendar when it is read, so nothing has to run
//! at midnight. An open (draft, sent or expired) quote can be edited; an expired one
//! cannot be sent or converted until its date is pushed out.

pub mod convert;
pub mod create;
mod draft;
pub mod edit;
pub mod email;
pub mod printing;
pub mod read;
mod write;

use chrono::{DateTime, NaiveDate, Utc};
use kura_shared::{CurrencyCode, QuoteStatus, RoundingMode, ShipTo, TaxRate};
use uuid::Uuid;

use super::NewOrderLine;

/// A new quote, as the caller gave it.
#[derive(Debug, Clone, Default)]
pub struct NewQuote {
    /// Who it is for (usually a business partner).
    pub customer_id: Option<Uuid>,
    /// Where the order it becomes is fulfilled from.
    pub location_id: Option<Uuid>,
    /// What is offered, priced as an order's lines are.
    pub lines: Vec<NewOrderLine>,
    /// Valid until (inclusive); 30 days from today in the company's calendar when not given.
    pub expires_on: Option<NaiveDate>,
    /// The delivery date the customer asked for.
    pub requested_date: Option<NaiveDate>,
    /// Where it would go.
    pub ship_to: Option<ShipTo>,
    /// Whether the unit prices include tax (the company's setting when not given).
    pub prices_include_tax: Option<bool>,
    /// Free text, printed on the quote.
    pub note: Option<String>,
    /// A key that makes a repeat of this call return the first quote.
    pub idempotency_key: Option<String>,
}

/// Changes to an open quote; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct QuoteChanges {
    /// New lines, replacing all of them (repriced as on a new quote).
    pub lines: Option<Vec<NewOrderLine>>,
    /// A new fulfilment location.
    pub location_id: Option<Uuid>,
    /// A new valid-until date (today or later).
    pub expires_on: Option<NaiveDate>,
    /// A new requested date; `Some(None)` clears it.
    pub requested_date: Option<Option<NaiveDate>>,
    /// A new ship-to address; `Some(None)` clears it.
    pub ship_to: Option<Option<ShipTo>>,
    /// A new note.
    pub note: Option<String>,
}

/// A quote with its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteRecord {
    /// The quote (UUIDv7).
    pub id: Uuid,
    /// `Q-2026-000123`, gapless per company and year.
    pub number: String,
    /// As shown: `EXPIRED` once an open quote's date has passed.
    pub status: QuoteStatus,
    /// As stored (never `EXPIRED`).
    pub stored_status: QuoteStatus,
    /// Who it is for.
    pub customer_id: Option<Uuid>,
    /// Where the order would be fulfilled from.
    pub location_id: Uuid,
    /// The delivery date the customer asked for.
    pub requested_date: Option<NaiveDate>,
    /// Valid until, inclusive.
    pub expires_on: NaiveDate,
    /// Where it would go.
    pub ship_to: Option<ShipTo>,
    /// Every amount's currency.
    pub currency: CurrencyCode,
    /// Whether line amounts include tax.
    pub prices_include_tax: bool,
    /// How tax is rounded (once per rate).
    pub tax_rounding: RoundingMode,
    /// Before tax.
    pub subtotal: i64,
    /// Consumption tax.
    pub tax: i64,
    /// What the customer would pay.
    pub total: i64,
    /// Free text.
    pub note: String,
    /// Why it was cancelled.
    pub cancel_reason: Option<String>,
    /// The order it became.
    pub order_id: Option<Uuid>,
    /// When it was last marked sent.
    pub sent_at: Option<DateTime<Utc>>,
    /// When it was converted to an order.
    pub accepted_at: Option<DateTime<Utc>>,
    /// When it was cancelled.
    pub cancelled_at: Option<DateTime<Utc>>,
    /// When it was entered.
    pub created_at: DateTime<Utc>,
    /// The last change.
    pub updated_at: DateTime<Utc>,
    /// Bumped by every change.
    pub version: i64,
    /// The lines, by line number.
    pub lines: Vec<QuoteLineRecord>,
}

/// One line of a quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteLineRecord {
    /// Position, from 1.
    pub line_number: i32,
    /// What.
    pub variant_id: Uuid,
    /// The SKU when quoted.
    pub sku: String,
    /// The product name when quoted.
    pub name: String,
    /// Units.
    pub quantity: i64,
    /// Price of one unit, minor units.
    pub unit_price: i64,
    /// The line's rate.
    pub tax_class: TaxRate,
    /// `unit_price × quantity`.
    pub amount: i64,
}

/// Which quotes to list.
#[derive(Debug, Clone, Default)]
pub struct QuoteFilter {
    /// Only these statuses (as shown: `EXPIRED` finds open quotes past their date).
    pub statuses: Option<Vec<QuoteStatus>>,
    /// Only this customer's.
    pub customer_id: Option<Uuid>,
}
