//! The company's own settings: name, time zone and whether its prices include tax.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};
use uuid::Uuid;

use super::{
    ServiceError,
    audit::{self, Actor, AuditAction},
    locations::check_time_zone,
    text,
};
use crate::store::{
    entities::tenant,
    scope::{self, Scope},
};

/// Changes to the company; `None` keeps a field.
#[derive(Debug, Clone, Default)]
pub struct CompanyPatch {
    /// New name.
    pub name: Option<String>,
    /// New IANA time zone.
    pub time_zone: Option<String>,
    /// Whether prices are entered and shown tax-included (総額表示).
    pub prices_include_tax: Option<bool>,
}

/// Updates the caller's own company.
pub async fn update(
    db: &DatabaseConnection,
    tenant_id: Uuid,
    by: &Actor,
    patch: CompanyPatch,
) -> Result<tenant::Model, ServiceError> {
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
    row.updated_at = Set(Utc::now());
    let saved = row.update(&txn).await?;
    audit::record(
        &txn,
        tenant_id,
        AuditAction::SettingsChanged,
        by,
        &format!(
            "company settings: {}, {}, prices {}",
            saved.name,
            saved.time_zone,
            if saved.prices_include_tax {
                "tax-included"
            } else {
                "tax-excluded"
            }
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}
