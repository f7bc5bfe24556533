//! The company's own settings: name, time zone, whether its prices include tax, how tax is
//! rounded, how many loyalty points a sale earns, and what its documents print under its
//! name (address, phone, qualified-invoice registration number).

use chrono::Utc;
use kura_shared::{RegistrationNumber, RoundingMode};
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
    /// Postal address as printed (lines separated by newlines).
    pub address: String,
    /// Phone as printed.
    pub phone: String,
    /// 適格請求書発行事業者登録番号, `T` + 13 digits.
    pub registration_number: Option<String>,
}

/// What documents print under the company's name: its address lines, `TEL …` and
/// `登録番号 T…`, leaving out what is empty.
pub fn letterhead(address: &str, phone: &str, registration_number: Option<&str>) -> Vec<String> {
    let mut lines: Vec<String> = address
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    if !phone.trim().is_empty() {
        lines.push(format!("TEL {}", phone.trim()));
    }
    if let Some(number) = registration_number {
        lines.push(format!("登録番号 {number}"));
    }
    lines
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
            address: t.address,
            phone: t.phone,
            registration_number: t.registration_number,
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
    /// New address (empty clears it).
    pub address: Option<String>,
    /// New phone (empty clears it).
    pub phone: Option<String>,
    /// New registration number (empty clears it).
    pub registration_number: Option<String>,
}

/// A phone as printed: digits, hyphens, spaces, `+` and brackets, at most 32 characters.
fn check_phone(phone: &str) -> Result<String, ServiceError> {
    let phone = text::optional(phone, 32, "phone")?;
    if !phone
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | ' ' | '(' | ')'))
    {
        return Err(kura_shared::ValidationError::new(
            "phone.format",
            "A phone number has digits, hyphens and spaces only",
        )
        .with_field("phone")
        .into());
    }
    Ok(phone)
}

/// A registration number in its stored form (`T` + 13 digits, check digit verified), or
/// none for an empty one.
fn check_registration_number(number: &str) -> Result<Option<String>, ServiceError> {
    if number.trim().is_empty() {
        return Ok(None);
    }
    RegistrationNumber::parse(number)
        .map(|n| Some(n.as_str().to_owned()))
        .map_err(|e| {
            kura_shared::ValidationError::from(e)
                .with_field("registrationNumber")
                .into()
        })
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
    if let Some(address) = patch.address {
        row.address = Set(text::optional(&address, 300, "address")?);
    }
    if let Some(phone) = patch.phone {
        row.phone = Set(check_phone(&phone)?);
    }
    if let Some(number) = patch.registration_number {
        row.registration_number = Set(check_registration_number(&number)?);
    }
    row.updated_at = Set(Utc::now());
    let saved = row.update(&txn).await?;
    audit::record(
        &txn,
        tenant_id,
        AuditAction::SettingsChanged,
        by,
        &format!(
            "company settings: {}, {}, prices {}, tax rounding {}, points {} bp, registration {}",
            saved.name,
            saved.time_zone,
            if saved.prices_include_tax {
                "tax-included"
            } else {
                "tax-excluded"
            },
            saved.tax_rounding,
            saved.loyalty_earn_bp,
            saved.registration_number.as_deref().unwrap_or("none"),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(saved.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_letterhead_prints_what_is_there() {
        assert_eq!(
            letterhead(
                "〒150-0001\n東京都渋谷区神宮前1-2-3\n",
                "03-1234-5678",
                Some("T1234567890123")
            ),
            [
                "〒150-0001",
                "東京都渋谷区神宮前1-2-3",
                "TEL 03-1234-5678",
                "登録番号 T1234567890123"
            ]
        );
        assert!(letterhead(" ", "", None).is_empty());
    }
}
