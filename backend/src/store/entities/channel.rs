//! `channels`.

use kura_shared::{ChannelKind, ChannelProvider, OrdersToShip};
use sea_orm::entity::prelude::*;

/// A place sales come from: a POS, an online shop, wholesale or a marketplace.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "channels")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub kind: ChannelKind,
    pub provider: ChannelProvider,
    pub safety_buffer: i64,
    /// Whether online orders still to ship become orders or sales.
    pub orders_to_ship: OrdersToShip,
    #[sea_orm(column_type = "Text", nullable)]
    pub webhook_secret: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub settings: String,
    pub archived_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
