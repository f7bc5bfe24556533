//! Reading invoices: one with its lines, a page of them, and what a customer owes.

use std::collections::BTreeMap;

use chrono::Utc;
use kura_shared::{InvoiceKind, InvoiceStatus, TaxRate};
use sea_orm::{ColumnTrait, DatabaseConnection, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::{InvoiceLineRecord, InvoiceRecord, TaxLineRecord, calendar::local_date, payments};
use crate::services::sales::summary::time_zone;
use crate::services::{ServiceError, access::Access, trim_page};
use crate::store::tenant::{
    TenantTx,
    records::{invoice, invoice_line},
};

/// One invoice or credit note with its lines.
pub async fn get(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
) -> Result<InvoiceRecord, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let heads = tx
        .select::<invoice::Model>()
        .filter(invoice::Column::Id.eq(id))
        .all(tx.conn())
        .await?;
    let record = with_lines(&tx, heads)
        .await?
        .pop()
        .ok_or(ServiceError::NotFound("Invoice"))?;
    tx.commit().await?;
    Ok(record)
}

/// Up to `limit` invoices and credit notes, newest first, after `after`, of one customer
/// when given; and whether more follow.
pub async fn list(
    db: &DatabaseConnection,
    access: &Access,
    customer_id: Option<Uuid>,
    after: Option<Uuid>,
    limit: u64,
) -> Result<(Vec<InvoiceRecord>, bool), ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let mut query = tx
        .select::<invoice::Model>()
        .order_by_desc(invoice::Column::Id)
        .limit(limit + 1);
    if let Some(customer) = customer_id {
        query = query.filter(invoice::Column::CustomerId.eq(customer));
    }
    if let Some(after) = after {
        query = query.filter(invoice::Column::Id.lt(after));
    }
    let mut heads = query.all(tx.conn()).await?;
    let more = trim_page(&mut heads, limit);
    let records = with_lines(&tx, heads).await?;
    tx.commit().await?;
    Ok((records, more))
}

/// What each of `customers` owes: everything invoiced and not voided, less credit notes and
/// every payment received (with its fee); negative when it has paid ahead. Two queries.
pub async fn balances(
    tx: &TenantTx,
    customers: &[Uuid],
) -> Result<BTreeMap<Uuid, i64>, ServiceError> {
    if customers.is_empty() {
        return Ok(BTreeMap::new());
    }
    let rows: Vec<(Uuid, i64)> = tx
        .select::<invoice::Model>()
        .select_only()
        .column(invoice::Column::CustomerId)
        .column(invoice::Column::Total)
        .filter(invoice::Column::Status.eq(InvoiceStatus::Issued))
        .filter(invoice::Column::CustomerId.is_in(customers.iter().copied()))
        .into_tuple()
        .all(tx.conn())
        .await?;
    let mut owed = BTreeMap::new();
    for (customer, total) in rows {
        let sum: &mut i64 = owed.entry(customer).or_default();
        *sum = sum.saturating_add(total);
    }
    for (customer, paid) in payments::paid_by(tx, Some(customers), None).await? {
        let sum: &mut i64 = owed.entry(customer).or_default();
        *sum = sum.saturating_sub(paid);
    }
    Ok(owed)
}

/// What `customer` owes on invoices (see [`balances`]).
pub async fn balance(
    db: &DatabaseConnection,
    access: &Access,
    customer: Uuid,
) -> Result<i64, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let owed = balances(&tx, &[customer]).await?;
    tx.commit().await?;
    Ok(owed.get(&customer).copied().unwrap_or(0))
}

/// Invoices with their lines, one query for the lines of all of them.
async fn with_lines(
    tx: &TenantTx,
    heads: Vec<invoice::Model>,
) -> Result<Vec<InvoiceRecord>, ServiceError> {
    let mut lines: BTreeMap<Uuid, Vec<InvoiceLineRecord>> = BTreeMap::new();
    let ids: Vec<Uuid> = heads.iter().map(|h| h.id).collect();
    let paid = payments::paid_on(tx, &ids).await?;
    let today = if heads.is_empty() {
        None
    } else {
        let zone = tx.company().await?.time_zone;
        Some(local_date(Utc::now(), time_zone(&zone)))
    };
    if !heads.is_empty() {
        for line in tx
            .select::<invoice_line::Model>()
            .filter(invoice_line::Column::InvoiceId.is_in(heads.iter().map(|h| h.id)))
            .order_by_asc(invoice_line::Column::LineNumber)
            .all(tx.conn())
            .await?
        {
            lines
                .entry(line.invoice_id)
                .or_default()
                .push(line_record(line));
        }
    }
    Ok(heads
        .into_iter()
        .map(|head| {
            let lines = lines.remove(&head.id).unwrap_or_default();
            let paid = paid.get(&head.id).copied().unwrap_or(0);
            let overdue = head.status == InvoiceStatus::Issued
                && head.kind == InvoiceKind::Invoice
                && head.total > paid
                && today.is_some_and(|today| head.due_date < today);
            let mut record = record(head, lines, paid);
            record.overdue = overdue;
            record
        })
        .collect())
}

fn line_record(line: invoice_line::Model) -> InvoiceLineRecord {
    InvoiceLineRecord {
        line_number: line.line_number,
        source: line.source_kind,
        document_id: line.document_id,
        document_number: line.document_number,
        dated: line.dated,
        order_id: line.order_id,
        order_number: line.order_number,
        order_line_number: line.order_line_number,
        variant_id: line.variant_id,
        sku: line.sku,
        name: line.name,
        quantity: line.quantity,
        unit_price: line.unit_price,
        tax_class: line.tax_class,
        amount: line.amount,
    }
}

fn record(head: invoice::Model, lines: Vec<InvoiceLineRecord>, paid: i64) -> InvoiceRecord {
    // A rate is listed when a line has it (its figures may net to zero).
    let taxes = [
        (TaxRate::Standard, head.standard_taxable, head.standard_tax),
        (TaxRate::Reduced, head.reduced_taxable, head.reduced_tax),
    ]
    .into_iter()
    .filter(|(rate, taxable, tax)| {
        *taxable != 0 || *tax != 0 || lines.iter().any(|l| l.tax_class == *rate)
    })
    .map(|(rate, taxable, tax)| TaxLineRecord { rate, taxable, tax })
    .collect();
    InvoiceRecord {
        id: head.id,
        number: head.number,
        kind: head.kind,
        status: head.status,
        customer_id: head.customer_id,
        bill_to_name: head.bill_to_name,
        bill_to_address: head.bill_to_address,
        closing_date: head.closing_date,
        period_start: head.period_start,
        period_end: head.period_end,
        due_date: head.due_date,
        shipment_id: head.shipment_id,
        return_id: head.return_id,
        currency: head.currency,
        prices_include_tax: head.prices_include_tax,
        tax_rounding: head.tax_rounding,
        previous_balance: head.previous_balance,
        payments_received: head.payments_received,
        carried_forward: head.carried_forward,
        taxes,
        subtotal: head.subtotal,
        tax: head.tax,
        total: head.total,
        amount_due: head.amount_due,
        paid,
        overdue: false,
        issued_at: head.issued_at,
        voided_at: head.voided_at,
        void_reason: head.void_reason,
        lines,
    }
}
