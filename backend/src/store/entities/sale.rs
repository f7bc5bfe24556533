//! `sales`.

use kura_shared::{CurrencyCode, RoundingMode, SaleKind, SaleStatus};
use sea_orm::entity::prelude::*;

/// A sale or a return, from any channel.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sales")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: SaleKind,
    pub status: SaleStatus,
    pub channel_id: Option<Uuid>,
    pub location_id: Uuid,
    pub customer_id: Option<Uuid>,
    pub external_id: Option<String>,
    pub original_sale_id: Option<Uuid>,
    pub occurred_at: DateTimeUtc,
    pub currency: CurrencyCode,
    pub prices_include_tax: bool,
    pub tax_rounding: RoundingMode,
    pub subtotal: i64,
    pub tax: i64,
    pub total: i64,
    pub discount_total: i64,
    pub cost_total: Option<i64>,
    pub points_earned: i64,
    pub points_redeemed: i64,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    pub actor_user_id: Option<Uuid>,
    pub actor_api_key: Option<String>,
    pub created_at: DateTimeUtc,
    pub voided_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub void_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
