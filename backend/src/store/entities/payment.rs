//! `payments`.

use kura_shared::{CurrencyCode, ReceiptMethod};
use sea_orm::entity::prelude::*;

/// Money received from a customer (入金). Written once.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub number: String,
    pub customer_id: Uuid,
    pub received_on: Date,
    pub method: ReceiptMethod,
    pub currency: CurrencyCode,
    pub amount: i64,
    pub bank_fee: i64,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    pub actor_user_id: Option<Uuid>,
    pub actor_api_key: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
