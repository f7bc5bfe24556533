//! `invoice_lines`.

use kura_shared::{InvoiceLineSource, TaxClass};
use sea_orm::entity::prelude::*;

/// A shipped or returned line an invoice bills, copied when it was issued.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invoice_lines")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub invoice_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub line_number: i32,
    pub source_kind: InvoiceLineSource,
    pub document_id: Uuid,
    pub document_number: String,
    pub dated: Date,
    pub order_id: Uuid,
    pub order_number: String,
    pub order_line_number: i32,
    pub variant_id: Uuid,
    pub sku: String,
    pub name: String,
    pub quantity: i64,
    pub unit_price: i64,
    pub tax_class: TaxClass,
    pub amount: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
