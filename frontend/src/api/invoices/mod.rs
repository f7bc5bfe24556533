//! Invoicing (請求): the closing run that issues invoices (`run_closing`, with a preview),
//! the invoices and credit notes it issued (`invoices`, `invoice`) and an invoice's PDF.
//! Uses only `query` and `wire`.

use kura_shared::{InvoiceKind, InvoiceLineSource, InvoiceStatus, ReceiptMethod, TaxClass};
use serde::{Deserialize, Serialize};

use crate::api::wire::{Amount, Connection, IdVars, InputVars, Page, PrintedDocument};
use crate::api::{ApiError, query};

/// Invoices fetched per page of the list.
const PAGE_SIZE: u32 = 50;

// Declared once so that every document selects the same invoice.
macro_rules! invoice_fields {
    () => {
        "id number kind status billToName billToAddress closingDate periodStart periodEnd dueDate \
         pricesIncludeTax issuedAt voidedAt voidReason preview customer { id name code } \
         previousBalance { amount currencyCode } paymentsReceived { amount currencyCode } \
         carriedForward { amount currencyCode } subtotal { amount currencyCode } \
         tax { amount currencyCode } total { amount currencyCode } amountDue { amount currencyCode } \
         amountPaid { amount currencyCode } openAmount { amount currencyCode } overdue \
         taxLines { rate taxableAmount { amount currencyCode } tax { amount currencyCode } } \
         lines { lineNumber source documentNumber date orderNumber sku name quantity taxClass \
         unitPrice { amount currencyCode } amount { amount currencyCode } }"
    };
}

/// The customer an invoice bills.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct BilledCustomer {
    /// Global id.
    pub id: String,
    /// Name.
    pub name: String,
    /// 取引先コード.
    #[serde(default)]
    pub code: Option<String>,
}

/// The taxable amount and tax at one rate.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaxLine {
    /// 10% or 8%.
    pub rate: TaxClass,
    /// Without tax.
    pub taxable_amount: Amount,
    /// Rounded once for the invoice.
    pub tax: Amount,
}

/// A shipped or returned line an invoice bills.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InvoiceLine {
    /// 1, 2, …
    pub line_number: i64,
    /// Shipment or return.
    pub source: InvoiceLineSource,
    /// `SH-…` or `RT-…`.
    pub document_number: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `SO-…`.
    pub order_number: String,
    /// As ordered.
    pub sku: String,
    /// As ordered.
    pub name: String,
    /// Negative for goods that came back.
    pub quantity: i64,
    /// 10% or 8%.
    pub tax_class: TaxClass,
    /// As ordered.
    pub unit_price: Amount,
    /// `unitPrice × quantity`.
    pub amount: Amount,
}

/// An invoice or credit note, issued or (in a preview) to be issued.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Invoice {
    /// Global id (a preview's is never stored).
    pub id: String,
    /// `IN-2026-000031`.
    pub number: String,
    /// Invoice or credit note.
    pub kind: InvoiceKind,
    /// Issued or void.
    pub status: InvoiceStatus,
    /// As issued.
    pub bill_to_name: String,
    /// As issued, lines separated by newlines.
    pub bill_to_address: String,
    /// `YYYY-MM-DD`.
    pub closing_date: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub period_start: Option<String>,
    /// `YYYY-MM-DD`.
    pub period_end: String,
    /// `YYYY-MM-DD`.
    pub due_date: String,
    /// Whether its prices include tax.
    pub prices_include_tax: bool,
    /// RFC 3339.
    pub issued_at: String,
    /// RFC 3339.
    #[serde(default)]
    pub voided_at: Option<String>,
    /// Why it was voided.
    #[serde(default)]
    pub void_reason: Option<String>,
    /// True in a closing run's preview.
    pub preview: bool,
    /// Who is billed.
    pub customer: BilledCustomer,
    /// 前回請求額.
    pub previous_balance: Amount,
    /// 入金額.
    pub payments_received: Amount,
    /// 繰越金額.
    pub carried_forward: Amount,
    /// This period without tax.
    pub subtotal: Amount,
    /// This period's tax.
    pub tax: Amount,
    /// This period with tax.
    pub total: Amount,
    /// 今回請求額.
    pub amount_due: Amount,
    /// What payments have settled of `total`.
    pub amount_paid: Amount,
    /// What is still open of `total`.
    pub open_amount: Amount,
    /// Past due with something open.
    #[serde(default)]
    pub overdue: bool,
    /// Per rate.
    pub tax_lines: Vec<TaxLine>,
    /// What it bills.
    pub lines: Vec<InvoiceLine>,
}

impl Invoice {
    /// `2026-10-21 – 2026-11-20`, or the one day a per-shipment invoice bills.
    pub fn period(&self) -> String {
        match &self.period_start {
            Some(start) if *start != self.period_end => format!("{start} – {}", self.period_end),
            _ => self.period_end.clone(),
        }
    }
}

/// A page of invoices, newest first, of one customer when given.
pub async fn invoices(
    customer_id: Option<String>,
    after: Option<String>,
) -> Result<Page<Invoice>, ApiError> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Vars {
        first: u32,
        after: Option<String>,
        customer_id: Option<String>,
    }
    #[derive(Deserialize)]
    struct Data {
        invoices: Connection<Invoice>,
    }
    query::<_, Data>(
        concat!(
            "query Invoices($first: Int, $after: String, $customerId: ID) { invoices(first: $first, after: $after, customerId: $customerId) { nodes { ",
            invoice_fields!(),
            " } pageInfo { hasNextPage endCursor } } }"
        ),
        Vars {
            first: PAGE_SIZE,
            after,
            customer_id,
        },
    )
    .await
    .map(|d| d.invoices.into_page())
}

/// One invoice.
pub async fn invoice(id: String) -> Result<Invoice, ApiError> {
    #[derive(Deserialize)]
    struct Data {
        invoice: Invoice,
    }
    query::<_, Data>(
        concat!(
            "query Invoice($id: ID!) { invoice(id: $id) { ",
            invoice_fields!(),
            " } }"
        ),
        IdVars { id: &id },
    )
    .await
    .map(|d| d.invoice)
}

/// The invoice as a PDF (請求書).
pub async fn invoice_pdf(id: String) -> Result<PrintedDocument, ApiError> {
    #[derive(Deserialize)]
    struct Pdf {
        pdf: PrintedDocument,
    }
    #[derive(Deserialize)]
    struct Data {
        invoice: Pdf,
    }
    query::<_, Data>(
        "query InvoicePdf($id: ID!) { invoice(id: $id) { pdf { fileName contentType base64 } } }",
        IdVars { id: &id },
    )
    .await
    .map(|d| d.invoice.pdf)
}

/// Voids an invoice for `reason`; what it billed is billed again by the next closing.
pub async fn void_invoice(id: String, reason: String) -> Result<Invoice, ApiError> {
    #[derive(Serialize)]
    struct Vars {
        id: String,
        reason: String,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        void_invoice: Invoice,
    }
    query::<_, Data>(
        concat!(
            "mutation VoidInvoice($id: ID!, $reason: String!) { voidInvoice(id: $id, reason: $reason) { ",
            invoice_fields!(),
            " } }"
        ),
        Vars { id, reason },
    )
    .await
    .map(|d| d.void_invoice)
}

/// Part of a payment applied to one invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AllocationInput {
    /// The invoice.
    pub invoice_id: String,
    /// A decimal.
    pub amount: String,
}

/// `RecordPaymentInput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordPaymentInput {
    /// Who paid.
    pub customer_id: String,
    /// What arrived, a decimal.
    pub amount: String,
    /// `YYYY-MM-DD`.
    pub received_on: String,
    /// How it arrived.
    pub method: ReceiptMethod,
    /// The transfer fee the customer deducted, a decimal.
    pub bank_fee: String,
    /// Where it goes.
    pub allocations: Vec<AllocationInput>,
    /// Free text.
    pub note: String,
    /// Made once per dialog, so a second click records nothing more.
    pub idempotency_key: String,
}

/// Records a payment; answers its number.
pub async fn record_payment(input: RecordPaymentInput) -> Result<String, ApiError> {
    #[derive(Deserialize)]
    struct Recorded {
        number: String,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        record_payment: Recorded,
    }
    query::<_, Data>(
        "mutation RecordPayment($input: RecordPaymentInput!) { recordPayment(input: $input) { number } }",
        InputVars { input },
    )
    .await
    .map(|d| d.record_payment.number)
}

/// `RunClosingInput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunClosingInput {
    /// `YYYY-MM-DD`.
    pub closing_date: String,
    /// Preview only.
    pub dry_run: bool,
}

/// Runs (or previews) the closing for a date; the invoices in number order.
pub async fn run_closing(input: RunClosingInput) -> Result<Vec<Invoice>, ApiError> {
    #[derive(Deserialize)]
    struct Run {
        invoices: Vec<Invoice>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        run_closing: Run,
    }
    query::<_, Data>(
        concat!(
            "mutation RunClosing($input: RunClosingInput!) { runClosing(input: $input) { invoices { ",
            invoice_fields!(),
            " } } }"
        ),
        InputVars { input },
    )
    .await
    .map(|d| d.run_closing.invoices)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_closing_asks_for_its_date_and_whether_to_preview() {
        let input = RunClosingInput {
            closing_date: "2026-11-20".into(),
            dry_run: true,
        };
        assert_eq!(
            serde_json::to_value(input).unwrap(),
            json!({ "closingDate": "2026-11-20", "dryRun": true })
        );
    }
}
