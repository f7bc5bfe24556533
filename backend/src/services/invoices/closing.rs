//! The closing run (締め処理): for a closing date, every invoice and credit note due, as a
//! preview (dry run) or issued.
//!
//! Issuing is one transaction that first takes the company's closing lock (a counter row),
//! so two runs, on two processes, go one after the other; the second finds everything
//! already billed and issues nothing. The statements do not grow with the number of
//! invoices: numbers are taken as one range, invoices and lines go in batched inserts, and
//! one update per document kind marks the shipments and returns billed.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use kura_shared::{InvoiceKind, InvoiceLineSource, InvoiceStatus, ValidationError};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::{
    InvoiceRecord, billing,
    calendar::{end_of_day, local_date},
    draft::{self, Carry, Latest, Run},
    due, payments,
};
use crate::services::{
    ServiceError,
    access::Access,
    accounts::audit::{self, AuditAction},
    orders::numbers,
    sales::summary::time_zone,
};
use crate::store::{
    counters, raw,
    tenant::{
        TenantTx,
        records::{invoice, invoice_line},
    },
};

/// The counter whose row serialises a company's closing runs.
pub(super) const CLOSING_LOCK: &str = "closing-run";
/// Rows per multi-row insert, well under either store's limit on bound values.
const INVOICES_PER_INSERT: usize = 500;
const LINES_PER_INSERT: usize = 1_000;

/// What a closing run did, or would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosingRun {
    /// The closing date.
    pub closing_date: NaiveDate,
    /// True for a preview: nothing was issued.
    pub dry_run: bool,
    /// The invoices and credit notes issued (or that would be), in number order.
    pub invoices: Vec<InvoiceRecord>,
}

/// Runs the closing for `closing_date` (today or earlier, in the company's time zone):
/// previews it when `dry_run`, else issues it.
pub async fn run(
    db: &DatabaseConnection,
    access: &Access,
    closing_date: NaiveDate,
    dry_run: bool,
) -> Result<ClosingRun, ServiceError> {
    let tx = if dry_run {
        TenantTx::read(db, access.tenant_id).await?
    } else {
        let tx = TenantTx::write(db, access.tenant_id).await?;
        counters::next(&tx, CLOSING_LOCK).await?;
        tx
    };
    let company = tx.company().await?;
    let zone = time_zone(&company.time_zone);
    let now = Utc::now();
    if closing_date > local_date(now, zone) {
        return Err(ValidationError::new(
            "closing.date.future",
            format!("{closing_date} has not ended yet: close a day that is today or past"),
        )
        .with_field("closingDate")
        .into());
    }
    let run = Run {
        closing_date,
        zone,
        currency: company.currency_code,
        rounding: company.tax_rounding,
        prices_include_tax: company.prices_include_tax,
        now,
    };
    let billing = billing::load(&tx).await?;
    let due = due::before(&tx, end_of_day(closing_date, zone)).await?;
    let carry = carry(&tx, closing_date).await?;
    let mut invoices = draft::invoices(&run, &billing, due, &carry)
        .map_err(|e| ServiceError::internal(format!("closing {closing_date}: {e}")))?;
    for (kind, prefix) in [
        (InvoiceKind::Invoice, numbers::INVOICE),
        (InvoiceKind::CreditNote, numbers::CREDIT_NOTE),
    ] {
        let count = invoices.iter().filter(|i| i.kind == kind).count();
        let zone = &company.time_zone;
        let mut given = if dry_run {
            numbers::preview(&tx, prefix, zone, count).await?
        } else {
            numbers::take(&tx, prefix, zone, count).await?
        }
        .into_iter();
        for invoice in invoices.iter_mut().filter(|i| i.kind == kind) {
            invoice.number = given.next().unwrap_or_default();
        }
    }
    if !dry_run && !invoices.is_empty() {
        issue(&tx, access, &invoices).await?;
    }
    tx.commit().await?;
    invoices.sort_by(|a, b| (a.kind, &a.number).cmp(&(b.kind, &b.number)));
    Ok(ClosingRun {
        closing_date,
        dry_run,
        invoices,
    })
}

/// What every payer brings forward: its latest consolidated invoice still standing, and the
/// payments received up to `closing_date` less those its invoices already showed (two
/// queries).
async fn carry(
    tx: &TenantTx,
    closing_date: NaiveDate,
) -> Result<HashMap<Uuid, Carry>, ServiceError> {
    let mut carry: HashMap<Uuid, Carry> = HashMap::new();
    for (customer, paid) in payments::paid_by(tx, None, Some(closing_date)).await? {
        carry.entry(customer).or_default().payments = paid;
    }
    for row in tx
        .select::<invoice::Model>()
        .filter(invoice::Column::Kind.eq(InvoiceKind::Invoice))
        .filter(invoice::Column::Status.eq(InvoiceStatus::Issued))
        .filter(invoice::Column::ShipmentId.is_null())
        .order_by_asc(invoice::Column::ClosingDate)
        .order_by_asc(invoice::Column::Number)
        .all(tx.conn())
        .await?
    {
        let entry = carry.entry(row.customer_id).or_default();
        entry.payments = entry.payments.saturating_sub(row.payments_received);
        entry.latest = Some(Latest {
            closing_date: row.closing_date,
            amount_due: row.amount_due,
        });
    }
    Ok(carry)
}

/// Writes the invoices and their lines, marks what they bill, and audits the run.
async fn issue(
    tx: &TenantTx,
    access: &Access,
    invoices: &[InvoiceRecord],
) -> Result<(), ServiceError> {
    for chunk in invoices.chunks(INVOICES_PER_INSERT) {
        tx.insert_many(chunk.iter().map(|i| head_row(tx, access, i)).collect())
            .await?;
    }
    let lines: Vec<invoice_line::ActiveModel> = invoices
        .iter()
        .flat_map(|invoice| {
            invoice
                .lines
                .iter()
                .map(|line| line_row(tx, invoice.id, line))
        })
        .collect();
    let mut lines = lines.into_iter().peekable();
    while lines.peek().is_some() {
        tx.insert_many(lines.by_ref().take(LINES_PER_INSERT).collect())
            .await?;
    }
    for source in [InvoiceLineSource::Shipment, InvoiceLineSource::Return] {
        mark_billed(tx, source).await?;
    }
    let first = invoices.first().map(|i| i.closing_date);
    audit::record(
        tx.conn(),
        tx.tenant_id(),
        AuditAction::InvoicesIssued,
        &access.actor,
        &describe(first, invoices),
    )
    .await?;
    Ok(())
}

/// Points every unbilled shipment (or return) that an invoice line now bills at that
/// invoice: one statement, however many were billed.
async fn mark_billed(tx: &TenantTx, source: InvoiceLineSource) -> Result<(), ServiceError> {
    let table = match source {
        InvoiceLineSource::Shipment => "shipments",
        InvoiceLineSource::Return => "order_returns",
    };
    let sql = format!(
        "UPDATE {table} SET invoice_id = (SELECT l.invoice_id FROM invoice_lines l \
           WHERE l.tenant_id = {table}.tenant_id AND l.document_id = {table}.id LIMIT 1) \
         WHERE tenant_id = $1 AND invoice_id IS NULL AND EXISTS (SELECT 1 FROM invoice_lines l \
           WHERE l.tenant_id = {table}.tenant_id AND l.document_id = {table}.id)"
    );
    tx.conn()
        .execute_raw(raw::statement(
            tx.backend(),
            &sql,
            vec![tx.tenant_id().into()],
        ))
        .await?;
    Ok(())
}

/// `closing 2026-11-20: 12 invoices (IN-2026-000031 … IN-2026-000042), 1 credit note`.
fn describe(closing_date: Option<NaiveDate>, invoices: &[InvoiceRecord]) -> String {
    let mut parts = Vec::new();
    for (kind, one, many) in [
        (InvoiceKind::Invoice, "invoice", "invoices"),
        (InvoiceKind::CreditNote, "credit note", "credit notes"),
    ] {
        let numbers: Vec<&str> = invoices
            .iter()
            .filter(|i| i.kind == kind)
            .map(|i| i.number.as_str())
            .collect();
        match numbers.as_slice() {
            [] => {}
            [only] => parts.push(format!("1 {one} ({only})")),
            [first, .., last] => {
                parts.push(format!("{} {many} ({first} … {last})", numbers.len()));
            }
        }
    }
    let date = closing_date.map(|d| d.to_string()).unwrap_or_default();
    format!("closing {date}: {}", parts.join(", "))
}

fn head_row(tx: &TenantTx, access: &Access, i: &InvoiceRecord) -> invoice::ActiveModel {
    let at = |rate| {
        i.taxes
            .iter()
            .find(|t| t.rate == rate)
            .map_or((0, 0), |t| (t.taxable, t.tax))
    };
    let (standard_taxable, standard_tax) = at(kura_shared::TaxRate::Standard);
    let (reduced_taxable, reduced_tax) = at(kura_shared::TaxRate::Reduced);
    invoice::ActiveModel::from(invoice::Model {
        tenant_id: tx.tenant_id(),
        id: i.id,
        number: i.number.clone(),
        kind: i.kind,
        status: i.status,
        customer_id: i.customer_id,
        bill_to_name: i.bill_to_name.clone(),
        bill_to_address: i.bill_to_address.clone(),
        closing_date: i.closing_date,
        period_start: i.period_start,
        period_end: i.period_end,
        due_date: i.due_date,
        shipment_id: i.shipment_id,
        return_id: i.return_id,
        currency: i.currency,
        prices_include_tax: i.prices_include_tax,
        tax_rounding: i.tax_rounding,
        previous_balance: i.previous_balance,
        payments_received: i.payments_received,
        carried_forward: i.carried_forward,
        standard_taxable,
        standard_tax,
        reduced_taxable,
        reduced_tax,
        subtotal: i.subtotal,
        tax: i.tax,
        total: i.total,
        amount_due: i.amount_due,
        issued_at: i.issued_at,
        voided_at: None,
        void_reason: None,
        actor_user_id: access.actor.user_id,
        actor_api_key: access.actor.api_key_prefix.clone(),
        created_at: i.issued_at,
    })
}

fn line_row(
    tx: &TenantTx,
    invoice_id: Uuid,
    l: &super::InvoiceLineRecord,
) -> invoice_line::ActiveModel {
    invoice_line::ActiveModel::from(invoice_line::Model {
        tenant_id: tx.tenant_id(),
        invoice_id,
        line_number: l.line_number,
        source_kind: l.source,
        document_id: l.document_id,
        document_number: l.document_number.clone(),
        dated: l.dated,
        order_id: l.order_id,
        order_number: l.order_number.clone(),
        order_line_number: l.order_line_number,
        variant_id: l.variant_id,
        sku: l.sku.clone(),
        name: l.name.clone(),
        quantity: l.quantity,
        unit_price: l.unit_price,
        tax_class: l.tax_class,
        amount: l.amount,
    })
}
