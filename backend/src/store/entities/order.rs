//! `orders`.

use kura_shared::{CurrencyCode, OrderStatus, RoundingMode};
use sea_orm::entity::prelude::*;

/// A sales order (受注).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "orders")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub number: String,
    pub status: OrderStatus,
    pub customer_id: Option<Uuid>,
    pub channel_id: Option<Uuid>,
    pub location_id: Uuid,
    pub pickup_location_id: Option<Uuid>,
    pub external_id: Option<String>,
    pub requested_date: Option<Date>,
    #[sea_orm(column_type = "Text", nullable)]
    pub ship_to: Option<String>,
    pub currency: CurrencyCode,
    pub prices_include_tax: bool,
    pub tax_rounding: RoundingMode,
    pub subtotal: i64,
    pub tax: i64,
    pub total: i64,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub cancel_reason: Option<String>,
    pub ordered_at: DateTimeUtc,
    pub confirmed_at: Option<DateTimeUtc>,
    pub cancelled_at: Option<DateTimeUtc>,
    /// Store pickup: when it was made ready for the customer to collect.
    pub ready_at: Option<DateTimeUtc>,
    /// The order this one was split from (分納): it took some of that order's units.
    pub split_from_order_id: Option<Uuid>,
    pub actor_user_id: Option<Uuid>,
    pub actor_api_key: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
