//! Invoicing (請求): the closing run (締め処理) that bills what shipped and credits what came
//! back, per closing day (締日) or per shipment (都度請求), and the invoices and credit notes
//! it issues. Owns `invoices`, `invoice_lines` and the `invoice_id` that marks a shipment or
//! return as billed. It reads `orders` (shipments, returns, their order lines), `sales`
//! customers (billing terms, bill-to, addresses) and the company's document numbers, and
//! writes the audit log.
//!
//! Nothing issued is edited: the figures and lines of an invoice are copied when it is
//! issued, and a correction is a credit note and a new invoice.

mod billing;
pub mod calendar;
pub mod closing;
mod draft;
mod due;
pub mod payments;
pub mod printing;
pub mod read;
pub mod void;

use chrono::{DateTime, NaiveDate, Utc};
use kura_shared::{
    CurrencyCode, InvoiceKind, InvoiceLineSource, InvoiceStatus, RoundingMode, TaxClass, TaxRate,
};
use uuid::Uuid;

/// An issued (or, in a preview, to-be-issued) invoice or credit note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceRecord {
    /// The invoice.
    pub id: Uuid,
    /// `IN-2026-000031` or `CN-2026-000002`, gapless per company and year.
    pub number: String,
    /// Invoice or credit note.
    pub kind: InvoiceKind,
    /// Issued or voided.
    pub status: InvoiceStatus,
    /// The customer billed (the bill-to customer, who may pay for others).
    pub customer_id: Uuid,
    /// The bill-to name as issued.
    pub bill_to_name: String,
    /// The bill-to address as issued (lines separated by newlines; may be empty).
    pub bill_to_address: String,
    /// The closing date of the run that issued it.
    pub closing_date: NaiveDate,
    /// The first day of the period billed.
    pub period_start: Option<NaiveDate>,
    /// The last day of the period billed.
    pub period_end: NaiveDate,
    /// When payment is due.
    pub due_date: NaiveDate,
    /// The shipment a per-shipment invoice bills.
    pub shipment_id: Option<Uuid>,
    /// The return a credit note credits.
    pub return_id: Option<Uuid>,
    /// The currency of every amount.
    pub currency: CurrencyCode,
    /// Whether the lines' prices include tax.
    pub prices_include_tax: bool,
    /// How the tax per rate was rounded.
    pub tax_rounding: RoundingMode,
    /// 前回請求額.
    pub previous_balance: i64,
    /// 入金額.
    pub payments_received: i64,
    /// 繰越金額.
    pub carried_forward: i64,
    /// Per rate, 10% before 8%, the rates with lines only.
    pub taxes: Vec<TaxLineRecord>,
    /// This period's sales without tax.
    pub subtotal: i64,
    /// This period's consumption tax.
    pub tax: i64,
    /// This period's sales with tax (今回売上額 and tax).
    pub total: i64,
    /// 今回請求額: carried forward plus this period's total.
    pub amount_due: i64,
    /// What payments have been applied to this invoice's own total (消込).
    pub paid: i64,
    /// Issued, past its due date in the company's time zone, and not fully paid.
    pub overdue: bool,
    /// When it was issued.
    pub issued_at: DateTime<Utc>,
    /// When it was voided.
    pub voided_at: Option<DateTime<Utc>>,
    /// Why it was voided.
    pub void_reason: Option<String>,
    /// What it bills, in order (empty when listed without lines).
    pub lines: Vec<InvoiceLineRecord>,
}

/// The taxable amount and tax at one rate on one invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaxLineRecord {
    /// The rate.
    pub rate: TaxRate,
    /// The amount at this rate without tax.
    pub taxable: i64,
    /// The tax at this rate, rounded once for the invoice.
    pub tax: i64,
}

/// A shipped or returned order line an invoice bills.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceLineRecord {
    /// 1, 2, … on the invoice.
    pub line_number: i32,
    /// A shipment or a return.
    pub source: InvoiceLineSource,
    /// The shipment or return.
    pub document_id: Uuid,
    /// Its number (`SH-…`, `RT-…`).
    pub document_number: String,
    /// The day it shipped or came back, in the company's time zone.
    pub dated: NaiveDate,
    /// The order.
    pub order_id: Uuid,
    /// The order's number.
    pub order_number: String,
    /// The order line.
    pub order_line_number: i32,
    /// The variant.
    pub variant_id: Uuid,
    /// Its SKU as ordered.
    pub sku: String,
    /// Its name as ordered.
    pub name: String,
    /// Units; negative for goods that came back.
    pub quantity: i64,
    /// Price of one unit as ordered.
    pub unit_price: i64,
    /// The line's tax rate.
    pub tax_class: TaxClass,
    /// `unit_price × quantity`.
    pub amount: i64,
}
