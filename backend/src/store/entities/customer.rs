//! `customers`.

use kura_shared::CustomerKind;
use sea_orm::entity::prelude::*;

/// A customer known from any channel.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "customers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: CustomerKind,
    pub name: String,
    /// Full-width katakana reading (フリガナ).
    pub name_kana: Option<String>,
    /// Customer code (取引先コード), upper-case, unique per company.
    pub code: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    pub points_balance: i64,
    /// 与信限度額 in minor units of the company's currency.
    pub credit_limit: Option<i64>,
    /// 掛率 in hundredths of a percent of retail.
    pub price_rate: Option<i32>,
    /// Billing terms: all three or none.
    pub closing_day: Option<i32>,
    pub payment_month_offset: Option<i32>,
    pub payment_day: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The customer that pays this one's invoices (a head office), if not itself.
    pub bill_to_customer_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
