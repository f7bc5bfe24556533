//! `order_return_lines`.

use sea_orm::entity::prelude::*;

/// Units of one shipped order line that came back.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "order_return_lines")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub return_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub line_number: i32,
    pub shipment_id: Uuid,
    pub order_id: Uuid,
    pub variant_id: Uuid,
    pub quantity: i64,
    /// Of `quantity`, the units put back on the shelf; the rest are damaged.
    pub restocked: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
