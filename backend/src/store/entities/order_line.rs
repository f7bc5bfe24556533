//! `order_lines`.

use kura_shared::TaxRate;
use sea_orm::entity::prelude::*;

/// One line of a sales order, with its units split four ways.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "order_lines")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub order_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub line_number: i32,
    pub variant_id: Uuid,
    pub sku: String,
    pub name: String,
    pub quantity: i64,
    pub unit_price: i64,
    pub tax_class: TaxRate,
    pub amount: i64,
    pub allocated: i64,
    pub backordered: i64,
    pub shipped: i64,
    pub cancelled: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
