//! `invoices`.

use kura_shared::{CurrencyCode, InvoiceKind, InvoiceStatus, RoundingMode};
use sea_orm::entity::prelude::*;

/// An invoice or credit note issued by a closing run. Never changed once written, but for
/// voiding.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invoices")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub number: String,
    pub kind: InvoiceKind,
    pub status: InvoiceStatus,
    pub customer_id: Uuid,
    pub bill_to_name: String,
    #[sea_orm(column_type = "Text")]
    pub bill_to_address: String,
    pub closing_date: Date,
    pub period_start: Option<Date>,
    pub period_end: Date,
    pub due_date: Date,
    pub shipment_id: Option<Uuid>,
    pub return_id: Option<Uuid>,
    pub currency: CurrencyCode,
    pub prices_include_tax: bool,
    pub tax_rounding: RoundingMode,
    pub previous_balance: i64,
    pub payments_received: i64,
    pub carried_forward: i64,
    pub standard_taxable: i64,
    pub standard_tax: i64,
    pub reduced_taxable: i64,
    pub reduced_tax: i64,
    pub subtotal: i64,
    pub tax: i64,
    pub total: i64,
    pub amount_due: i64,
    pub issued_at: DateTimeUtc,
    pub voided_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub void_reason: Option<String>,
    pub actor_user_id: Option<Uuid>,
    pub actor_api_key: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
