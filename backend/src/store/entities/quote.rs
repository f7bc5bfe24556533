//! `quotes`.

use kura_shared::{CurrencyCode, QuoteStatus, RoundingMode};
use sea_orm::entity::prelude::*;

/// A quote (見積) as stored: `status` is never `EXPIRED` (that follows from `expires_on`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "quotes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub number: String,
    pub status: QuoteStatus,
    pub customer_id: Option<Uuid>,
    pub location_id: Uuid,
    pub requested_date: Option<Date>,
    pub expires_on: Date,
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
    pub order_id: Option<Uuid>,
    pub sent_at: Option<DateTimeUtc>,
    pub accepted_at: Option<DateTimeUtc>,
    pub cancelled_at: Option<DateTimeUtc>,
    pub actor_user_id: Option<Uuid>,
    pub actor_api_key: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
