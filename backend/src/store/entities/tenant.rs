//! `tenants`: one row per company.

use kura_shared::{CurrencyCode, RoundingMode};
use sea_orm::entity::prelude::*;

/// A company using Kura.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tenants")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub time_zone: String,
    pub currency_code: CurrencyCode,
    pub prices_include_tax: bool,
    pub tax_rounding: RoundingMode,
    pub loyalty_earn_bp: i32,
    /// Postal address as printed on documents (lines separated by newlines).
    #[sea_orm(column_type = "Text")]
    pub address: String,
    /// Phone as printed on documents.
    pub phone: String,
    /// Qualified-invoice registration number, `T` + 13 digits.
    pub registration_number: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
