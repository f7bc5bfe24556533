//! The company's own settings: name, time zone, whether its prices include tax, how tax is
//! rounded and how many loyalty points a sale earns.

use chrono::Utc;
use kura_shared::RoundingMode;
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};
use uuid::Uuid;

use crate::services::{
    ServiceError,
    accounts::audit::{self, Actor, AuditAction},
    catalog::locations::check_time_zone,
    text,
};
use crate::store::{
    entities::tenant,
    scope::{self, Scope},
};

/// A company's own settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyRecord {
    /// Its id.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// IANA time zone of its business days.
    pub time_zone: String,
    /// ISO 4217 currency of its books.
    pub currency_code: kura_shared::CurrencyCode,
    /// Whether prices are entered and shown tax-included (総額表示).
    pub prices_include_tax: bool,
    /// How consumption tax is rounded, once per rate per sale or invoice.
    pub tax_rounding: RoundingMode,
    /// Loyalty points earned per sale, in basis points of its total (100 = 1%).
    pub loyalty_earn_bp: i32,
}

impl From<tenant::Model> for CompanyRecord {
    fn from(t: tenant::Model) -> Self {
        Self {
            id: t.id,
            name: t.name,
            time_zone: t.time_zone,
            currency_code: t.currency_code,
            prices_include_tax: t.prices_include_tax,
            tax_rounding: t.tax_rounding,
            loyalty_earn_bp: t.loyalty_earn_bp,
        }
    }
}

/// Changes to the company; `None` keeps a field.
#[derive(Debug, Clone, Default)]
pub struct CompanyPatch {
    /// New name.
    pub name: Option<String>,
    /// New IANA time zone.
    pub time_zone: Option<String>,
    /// Whether prices are entered and shown tax-included (総額表示).
    pub prices_include_tax: Option<bool>,
    /// How consumption tax is rounded, once per rate per sale or invoice.
    pub tax_rounding: Option<RoundingMode>,
    /// Loyalty points earned per sale, in basis points of its total (100 = 1%).
    pub loyalty_earn_bp: Option<i32>,
}

/// The highest loyalty earn rate: 20% of a sale.
pub const MAX_LOYALTY_EARN_BP: i32 = 2_000;

/// Updates the caller's own company.
pub async fn update(
    db: &DatabaseConnection,
    tenant_id: Uuid,
    by: &Actor,
    patch: CompanyPatch,
) -> Result<CompanyRecord, ServiceError> {
    let txn = scope::begin(db, Scope::tenant(tenant_id)).await?;
    let current = tenant::Entity::find_by_id(tenant_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("Company"))?;
    let mut row: tenant::ActiveModel = current.into();
    if let Some(name) = patch.name {
        row.name = Set(text::required(&name, 200, "name", "company name")?);
    }
    if let Some(zone) = patch.time_zone {
        row.time_zone = Set(check_time_zone(&zone)?);
    }
    if let Some(flag) = patch.prices_include_tax {
        row.prices_include_tax = Set(flag);
    }
    if let Some(mode) = patch.tax_rounding {
        row.tax_rounding = Set(mode);
    }
    if let Some(rate) = patch.loyalty_earn_bp {
        if !(0..=MAX_LOYALTY_EARN_BP).contains(&rate) {
            return Err(kura_shared::ValidationError::new(
                "loyalty.rate",
                "Points earned are between 0% and 20% of a sale",
            )
            .with_field("loyaltyEarnBasisPoints")
            .into());
        }
        row.loyalty_earn_bp = Set(rate);
    }
    row.updated_at = Set(Utc::now());
    let saved = row.update(&txn).await?;
    audit::record(
        &txn,
        tenant_id,
        AuditAction::SettingsChanged,
        by,
        &format!(
            "company settings: {}, {}, prices {}, tax rounding {}, points {} bp",
            saved.name,
            saved.time_zone,
            if saved.prices_include_tax {
                "tax-included"
            } else {
                "tax-excluded"
            },
            saved.tax_rounding,
            saved.loyalty_earn_bp,
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(saved.into())
}
