//! What is still to bill: every shipped line and every returned line, up to a moment, of
//! shipments and returns no invoice has billed yet, for customers that are invoiced at all
//! (they or their bill-to have billing terms). Two queries, whatever their number.

use chrono::{DateTime, Utc};
use kura_shared::{InvoiceLineSource, TaxClass};
use sea_orm::{FromQueryResult, Value};
use uuid::Uuid;

use crate::services::ServiceError;
use crate::store::{raw, tenant::TenantTx};

/// One shipped or returned order line not yet billed.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct DueLine {
    /// The shipment or return.
    pub document_id: Uuid,
    /// Its number.
    pub document_number: String,
    /// When it shipped or came back.
    pub at: DateTime<Utc>,
    /// The order.
    pub order_id: Uuid,
    /// The order's number.
    pub order_number: String,
    /// The order's customer.
    pub customer_id: Uuid,
    /// Whether the order's prices include tax.
    pub prices_include_tax: bool,
    /// The order line.
    pub line_number: i32,
    /// The variant.
    pub variant_id: Uuid,
    /// As ordered.
    pub sku: String,
    /// As ordered.
    pub name: String,
    /// Units that left or came back (positive either way).
    pub quantity: i64,
    /// As ordered.
    pub unit_price: i64,
    /// As ordered.
    pub tax_class: TaxClass,
}

/// Shipment lines, then return lines, each oldest first.
pub async fn before(
    tx: &TenantTx,
    cutoff: DateTime<Utc>,
) -> Result<Vec<(InvoiceLineSource, DueLine)>, ServiceError> {
    let mut due = Vec::new();
    for source in [InvoiceLineSource::Shipment, InvoiceLineSource::Return] {
        let values: Vec<Value> = vec![tx.tenant_id().into(), cutoff.into()];
        let sql = query(source);
        let lines = DueLine::find_by_statement(raw::statement(tx.backend(), &sql, values))
            .all(tx.conn())
            .await?;
        due.extend(lines.into_iter().map(|line| (source, line)));
    }
    Ok(due)
}

/// The unbilled lines of shipments or returns (`d`, lines `dl`) before `$2`, with the order
/// line each bills and its order, whose customer must be invoiced (terms of its own or a
/// bill-to).
fn query(source: InvoiceLineSource) -> String {
    let (documents, lines, parent, at) = match source {
        InvoiceLineSource::Shipment => ("shipments", "shipment_lines", "shipment_id", "shipped_at"),
        InvoiceLineSource::Return => (
            "order_returns",
            "order_return_lines",
            "return_id",
            "received_at",
        ),
    };
    format!(
        "SELECT d.id AS document_id, d.number AS document_number, d.{at} AS at, \
           o.id AS order_id, o.number AS order_number, o.customer_id AS customer_id, \
           o.prices_include_tax AS prices_include_tax, dl.line_number AS line_number, \
           ol.variant_id AS variant_id, ol.sku AS sku, ol.name AS name, \
           dl.quantity AS quantity, ol.unit_price AS unit_price, ol.tax_class AS tax_class \
         FROM {documents} d \
         JOIN {lines} dl ON dl.tenant_id = d.tenant_id AND dl.{parent} = d.id \
         JOIN orders o ON o.tenant_id = d.tenant_id AND o.id = d.order_id \
         JOIN customers c ON c.tenant_id = o.tenant_id AND c.id = o.customer_id \
         JOIN order_lines ol ON ol.tenant_id = dl.tenant_id AND ol.order_id = dl.order_id \
           AND ol.line_number = dl.line_number \
         WHERE d.tenant_id = $1 AND d.invoice_id IS NULL AND d.{at} < $2 \
           AND (c.closing_day IS NOT NULL OR c.bill_to_customer_id IS NOT NULL) \
         ORDER BY d.{at}, d.number, dl.line_number"
    )
}
