//! `shipments`.

use kura_shared::Carrier;
use sea_orm::entity::prelude::*;

/// Goods that left a location for an order (出荷). Written once, never changed.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "shipments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub number: String,
    pub order_id: Uuid,
    pub location_id: Uuid,
    pub carrier: Carrier,
    pub tracking_number: String,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    pub shipped_at: DateTimeUtc,
    pub actor_user_id: Option<Uuid>,
    pub actor_api_key: Option<String>,
    pub created_at: DateTimeUtc,
    /// The invoice that billed this shipment; `None` until one does.
    pub invoice_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
