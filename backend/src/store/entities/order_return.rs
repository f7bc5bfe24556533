//! `order_returns`.

use sea_orm::entity::prelude::*;

/// Goods that came back on an order's shipment (返品). Written once, never changed.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "order_returns")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub number: String,
    pub order_id: Uuid,
    pub shipment_id: Uuid,
    pub location_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    pub received_at: DateTimeUtc,
    pub actor_user_id: Option<Uuid>,
    pub actor_api_key: Option<String>,
    pub created_at: DateTimeUtc,
    /// The invoice or credit note that credited this return; `None` until one does.
    pub invoice_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
