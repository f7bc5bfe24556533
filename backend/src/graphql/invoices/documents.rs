//! Invoices and credit notes as the API shows them: `invoices`, `invoice`.

use std::sync::Arc;

use async_graphql::{ComplexObject, Context, ID, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use kura_shared::{InvoiceKind, InvoiceLineSource, InvoiceStatus, TaxClass};
use uuid::Uuid;

use crate::graphql::{
    orders::documents::{Order, load_customer, load_order},
    orders::printing::{self, PrintedDocument},
    request::guard::{Need, authorize},
    sales::customers::{Customer, customer_id as decode_customer},
    types::{
        date::Date,
        errors::ApiError,
        ids::{self, Kind},
        money::Money,
        paging::{self, Page},
    },
};
use crate::{
    services::{
        ServiceError,
        access::Access,
        invoices::{self, InvoiceLineRecord, InvoiceRecord},
    },
    state::AppState,
};

/// An invoice (請求書) or credit note issued by a closing run. Never changes once issued,
/// but for voiding: a correction is a credit note and a new invoice.
///
/// A consolidated invoice (合計請求書) shows what the previous invoice asked for
/// (`previousBalance`, 前回請求額), what came in since (`paymentsReceived`, 入金額), the rest
/// carried forward (`carriedForward`, 繰越金額), this period's sales per tax rate with the tax
/// rounded once per rate (`taxLines`, `subtotal`, `tax`, `total`: 今回売上額 and its tax), and
/// what is now due (`amountDue`, 今回請求額 = carried forward + total). A credit note's
/// amounts are negative.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct Invoice {
    /// Its global ID.
    pub id: ID,
    /// `IN-2026-000031` (invoices) or `CN-2026-000002` (credit notes): gapless per company
    /// and year.
    number: String,
    kind: InvoiceKind,
    status: InvoiceStatus,
    /// The bill-to name as issued.
    bill_to_name: String,
    /// The bill-to address as issued, lines separated by newlines.
    bill_to_address: String,
    /// The closing date of the run that issued it.
    closing_date: Date,
    /// The first day of the period it bills.
    period_start: Option<Date>,
    /// The last day of the period it bills (締日, or the shipment's day).
    period_end: Date,
    /// When payment is due (支払期日).
    due_date: Date,
    /// Whether its prices include tax.
    prices_include_tax: bool,
    previous_balance: Money,
    payments_received: Money,
    carried_forward: Money,
    /// Per tax rate, 10% before 8%: the taxable amount and its tax.
    tax_lines: Vec<TaxLine>,
    /// This period's sales without tax.
    subtotal: Money,
    /// This period's consumption tax, the sum of the per-rate taxes.
    tax: Money,
    /// This period's sales with tax.
    total: Money,
    /// 今回請求額.
    amount_due: Money,
    /// What payments have settled of this invoice's own `total` (消込).
    amount_paid: Money,
    /// What is still open of its `total`: zero once settled, and for a credit note.
    open_amount: Money,
    /// Past its due date (in the company's time zone) with something still open (期限超過).
    overdue: bool,
    issued_at: DateTime<Utc>,
    voided_at: Option<DateTime<Utc>>,
    void_reason: Option<String>,
    /// What it bills: shipped lines, and returned lines as negative quantities.
    lines: Vec<InvoiceLine>,
    /// False once issued; true in a closing run's preview (`dryRun`), where nothing is
    /// stored and the number is the one it would take.
    preview: bool,
    #[graphql(skip)]
    customer_id: Uuid,
    #[graphql(skip)]
    access: Arc<Access>,
}

/// The taxable amount and tax at one rate on one invoice (適格請求書の税率ごとの合計).
#[derive(SimpleObject, Clone)]
pub struct TaxLine {
    rate: TaxClass,
    /// The amount at this rate without tax.
    taxable_amount: Money,
    /// The tax at this rate, rounded once for the whole invoice.
    tax: Money,
}

/// A shipped or returned order line an invoice bills, as it was when issued.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct InvoiceLine {
    line_number: i32,
    /// A shipment (出荷) or a return (返品).
    source: InvoiceLineSource,
    /// The shipment's or return's number (`SH-…`, `RT-…`).
    document_number: String,
    /// The day it shipped or came back.
    date: Date,
    /// The order's number.
    order_number: String,
    /// The order line.
    order_line_number: i32,
    sku: String,
    name: String,
    /// Units; negative for goods that came back.
    quantity: i64,
    unit_price: Money,
    tax_class: TaxClass,
    /// `unitPrice × quantity`.
    amount: Money,
    #[graphql(skip)]
    order_id: Uuid,
}

impl Invoice {
    /// An invoice for the API; `preview` for one a dry run would issue.
    pub fn new(record: InvoiceRecord, access: Arc<Access>, preview: bool) -> Self {
        let currency = record.currency;
        let money = |minor| Money::from_minor(minor, currency);
        let open = if record.status == InvoiceStatus::Issued {
            (record.total - record.paid).max(0)
        } else {
            0
        };
        Invoice {
            id: ids::encode(Kind::Invoice, record.id),
            number: record.number,
            kind: record.kind,
            status: record.status,
            bill_to_name: record.bill_to_name,
            bill_to_address: record.bill_to_address,
            closing_date: Date(record.closing_date),
            period_start: record.period_start.map(Date),
            period_end: Date(record.period_end),
            due_date: Date(record.due_date),
            prices_include_tax: record.prices_include_tax,
            previous_balance: money(record.previous_balance),
            payments_received: money(record.payments_received),
            carried_forward: money(record.carried_forward),
            tax_lines: record
                .taxes
                .iter()
                .map(|t| TaxLine {
                    rate: t.rate,
                    taxable_amount: money(t.taxable),
                    tax: money(t.tax),
                })
                .collect(),
            subtotal: money(record.subtotal),
            tax: money(record.tax),
            total: money(record.total),
            amount_due: money(record.amount_due),
            amount_paid: money(record.paid),
            open_amount: money(open),
            overdue: record.overdue,
            issued_at: record.issued_at,
            voided_at: record.voided_at,
            void_reason: record.void_reason,
            lines: record
                .lines
                .into_iter()
                .map(|line| InvoiceLine::new(line, currency))
                .collect(),
            preview,
            customer_id: record.customer_id,
            access,
        }
    }
}

impl InvoiceLine {
    fn new(line: InvoiceLineRecord, currency: kura_shared::CurrencyCode) -> Self {
        let money = |minor| Money::from_minor(minor, currency);
        InvoiceLine {
            line_number: line.line_number,
            source: line.source,
            document_number: line.document_number,
            date: Date(line.dated),
            order_number: line.order_number,
            order_line_number: line.order_line_number,
            sku: line.sku,
            name: line.name,
            quantity: line.quantity,
            unit_price: money(line.unit_price),
            tax_class: line.tax_class,
            amount: money(line.amount),
            order_id: line.order_id,
        }
    }
}

#[ComplexObject]
impl Invoice {
    /// The invoice as an A4 PDF in Japanese (請求書), with the seller's registration number,
    /// reduced-rate items marked (※) and the tax per rate. Null in a preview.
    async fn pdf(&self, ctx: &Context<'_>) -> Result<Option<PrintedDocument>> {
        if self.preview {
            return Ok(None);
        }
        let state = ctx.data_unchecked::<AppState>();
        let id = ids::decode(Kind::Invoice, &self.id).unwrap_or_default();
        let sheet = invoices::printing::invoice(&state.db, &self.access, id)
            .await
            .map_err(ApiError::from)?;
        Ok(Some(printing::pdf(&state.printer, &sheet)?))
    }

    /// The customer billed (who may pay for others' deliveries). Needs `customers:read`
    /// for API keys.
    async fn customer(&self, ctx: &Context<'_>) -> Result<Customer> {
        load_customer(ctx, &self.access, Some(self.customer_id))
            .await?
            .ok_or_else(|| ApiError::from(ServiceError::NotFound("Customer")).into())
    }
}

#[ComplexObject]
impl InvoiceLine {
    /// The order the line was shipped or returned on. Needs `orders:read` for API keys.
    async fn order(&self, ctx: &Context<'_>) -> Result<Order> {
        let access = Arc::new(authorize(ctx, Need::ORDERS_READ).await?);
        load_order(ctx, &access, self.order_id).await
    }
}

#[derive(Default)]
pub struct InvoicesQuery;

#[Object]
impl InvoicesQuery {
    /// Invoices and credit notes, newest first, of one customer (as billed) when given.
    #[graphql(complexity = "paging::cost(first, child_complexity)")]
    async fn invoices(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        customer_id: Option<ID>,
    ) -> Result<Page<Invoice>> {
        let access = Arc::new(authorize(ctx, Need::INVOICES_READ).await?);
        let limit = paging::page_size(first)?;
        let after = paging::decode_id(after.as_deref())?;
        let customer = customer_id.as_ref().map(decode_customer).transpose()?;
        let state = ctx.data_unchecked::<AppState>();
        let (rows, more) = invoices::read::list(&state.db, &access, customer, after, limit)
            .await
            .map_err(ApiError::from)?;
        Ok(paging::page(
            rows.into_iter()
                .map(|row| (row.id.to_string(), Invoice::new(row, access.clone(), false))),
            after.is_some(),
            more,
        ))
    }

    /// One invoice or credit note.
    async fn invoice(&self, ctx: &Context<'_>, id: ID) -> Result<Invoice> {
        let access = Arc::new(authorize(ctx, Need::INVOICES_READ).await?);
        let state = ctx.data_unchecked::<AppState>();
        let record = invoices::read::get(&state.db, &access, invoice_id(&id)?)
            .await
            .map_err(ApiError::from)?;
        Ok(Invoice::new(record, access, false))
    }
}

#[derive(Default)]
pub struct VoidMutation;

#[Object]
impl VoidMutation {
    /// Voids an invoice or credit note (audited): it stays on record as `VOID` and owes
    /// nothing, and what it billed is billed again by the next closing. A consolidated
    /// invoice can be voided only while it is the customer's latest (`CONFLICT` otherwise).
    async fn void_invoice(&self, ctx: &Context<'_>, id: ID, reason: String) -> Result<Invoice> {
        let access = Arc::new(authorize(ctx, Need::INVOICES_WRITE).await?);
        let state = ctx.data_unchecked::<AppState>();
        let record = invoices::void::void(&state.db, &access, invoice_id(&id)?, &reason)
            .await
            .map_err(ApiError::from)?;
        Ok(Invoice::new(record, access, false))
    }
}

/// The UUID inside an invoice's global ID.
pub fn invoice_id(id: &ID) -> Result<Uuid, ApiError> {
    ids::decode(Kind::Invoice, id).ok_or_else(|| ServiceError::NotFound("Invoice").into())
}
