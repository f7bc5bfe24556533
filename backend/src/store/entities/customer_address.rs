//! `customer_addresses`.

use kura_shared::AddressKind;
use sea_orm::entity::prelude::*;

/// A customer's bill-to or ship-to address.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "customer_addresses")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub customer_id: Uuid,
    pub kind: AddressKind,
    pub label: String,
    pub recipient_name: String,
    /// `NNN-NNNN`.
    pub postal_code: String,
    /// One of the 47, by full name.
    pub prefecture: String,
    pub city: String,
    pub line1: String,
    pub line2: String,
    /// Digits only.
    pub phone: Option<String>,
    pub contact_name: String,
    /// The customer's default address of its kind (at most one per kind).
    pub is_default: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
