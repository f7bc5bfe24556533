//! Stores, warehouses (own and 3PL) and virtual EC locations. A location that has ever
//! held stock keeps its history: it can be archived, never deleted.

use chrono::Utc;
use kura_shared::{LocationCode, LocationKind, ValidationError};
use sea_orm::{ActiveValue::Set, ColumnTrait, Condition, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::services::{
    ServiceError,
    access::Access,
    idempotency::{self, Stop},
    text,
};
use crate::store::{
    member_locations, stock,
    tenant::{TenantTx, records::location},
};

/// A location as callers see it: code, name, kind, address and time zone. The stored row
/// holds nothing secret, so it is the record.
pub type LocationRecord = location::Model;

/// What a location is; every field of a new one.
#[derive(Debug, Clone)]
pub struct LocationInput {
    /// Short unique code.
    pub code: LocationCode,
    /// Display name.
    pub name: String,
    /// Store, warehouse, 3PL or virtual.
    pub kind: LocationKind,
    /// Postal address.
    pub address: String,
    /// IANA time zone, e.g. `Asia/Tokyo`.
    pub time_zone: String,
    /// Whether its stock counts towards what EC channels may sell.
    pub sellable_online: bool,
    /// Whether customers can pick up online orders there.
    pub pickup_enabled: bool,
}

/// Changes to a location; `None` keeps a field.
#[derive(Debug, Clone, Default)]
pub struct LocationPatch {
    /// New code.
    pub code: Option<LocationCode>,
    /// New name.
    pub name: Option<String>,
    /// New kind.
    pub kind: Option<LocationKind>,
    /// New address.
    pub address: Option<String>,
    /// New time zone.
    pub time_zone: Option<String>,
    /// New online-sellable flag.
    pub sellable_online: Option<bool>,
    /// New pickup flag.
    pub pickup_enabled: Option<bool>,
}

/// Checks a location name (1–200 characters).
pub fn check_name(name: &str) -> Result<String, ServiceError> {
    text::required(name, 200, "name", "location name")
}

/// Checks an IANA time zone name.
pub fn check_time_zone(zone: &str) -> Result<String, ServiceError> {
    let zone = zone.trim();
    zone.parse::<chrono_tz::Tz>().map_err(|_| {
        ServiceError::Validation(
            ValidationError::new(
                "time_zone.unknown",
                "Not an IANA time zone, e.g. Asia/Tokyo",
            )
            .with_field("timeZone"),
        )
    })?;
    Ok(zone.to_owned())
}

fn code_taken(code: &LocationCode) -> ServiceError {
    ServiceError::Conflict {
        message: format!("Another location already uses the code {code}"),
        field: Some("code"),
    }
}

async fn code_in_use(
    tx: &TenantTx,
    code: &LocationCode,
    except: Option<Uuid>,
) -> Result<bool, ServiceError> {
    let mut query = tx
        .select::<location::Model>()
        .filter(location::Column::Code.eq(code.as_str()));
    if let Some(id) = except {
        query = query.filter(location::Column::Id.ne(id));
    }
    Ok(query.one(tx.conn()).await?.is_some())
}

/// Creates a location; a repeat with the same `idempotency_key` returns the first one.
pub async fn create(
    db: &sea_orm::DatabaseConnection,
    access: &Access,
    input: LocationInput,
    idempotency_key: Option<&str>,
) -> Result<LocationRecord, ServiceError> {
    let key = idempotency::Key::parse("createLocation", idempotency_key)?;
    let name = check_name(&input.name)?;
    let time_zone = check_time_zone(&input.time_zone)?;
    let address = text::optional(&input.address, 1000, "address")?;
    let command = CreateLocation {
        input: &input,
        name,
        time_zone,
        address,
    };
    idempotency::once(db, access.tenant_id, key.as_ref(), &command).await
}

/// A checked location to create.
struct CreateLocation<'a> {
    input: &'a LocationInput,
    name: String,
    time_zone: String,
    address: String,
}

impl idempotency::Command for CreateLocation<'_> {
    type Answer = location::Model;

    async fn replay(&self, tx: &TenantTx, earlier: Uuid) -> Result<location::Model, ServiceError> {
        find(tx, earlier).await
    }

    async fn run(&self, tx: &TenantTx) -> Result<(location::Model, Uuid), Stop> {
        let input = self.input;
        if code_in_use(tx, &input.code, None).await? {
            return Err(code_taken(&input.code).into());
        }
        let now = Utc::now();
        let row = tx
            .insert(location::ActiveModel {
                tenant_id: Set(tx.tenant_id()),
                id: Set(Uuid::now_v7()),
                code: Set(input.code.as_str().to_owned()),
                name: Set(self.name.clone()),
                kind: Set(input.kind),
                address: Set(self.address.clone()),
                time_zone: Set(self.time_zone.clone()),
                sellable_online: Set(input.sellable_online),
                pickup_enabled: Set(input.pickup_enabled),
                archived_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
            })
            .await
            // A concurrent call took the code first: the next attempt answers with its
            // location when it was this same request (same key), or finds the code taken.
            .map_err(idempotency::raced)?;
        let id = row.id;
        Ok((row, id))
    }
}

async fn find(tx: &TenantTx, id: Uuid) -> Result<location::Model, ServiceError> {
    tx.select::<location::Model>()
        .filter(location::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .ok_or(ServiceError::NotFound("Location"))
}

/// One location the caller may see.
pub async fn get(
    db: &sea_orm::DatabaseConnection,
    access: &Access,
    id: Uuid,
) -> Result<LocationRecord, ServiceError> {
    if !access.locations.allows(id) {
        return Err(ServiceError::NotFound("Location"));
    }
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let row = find(&tx, id).await?;
    tx.commit().await?;
    Ok(row)
}

/// Locations by id (missing or out-of-reach ones are left out).
pub async fn many(
    db: &sea_orm::DatabaseConnection,
    access: &Access,
    ids: &[Uuid],
) -> Result<Vec<LocationRecord>, ServiceError> {
    let ids: Vec<Uuid> = ids
        .iter()
        .copied()
        .filter(|id| access.locations.allows(*id))
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let rows = tx
        .select::<location::Model>()
        .filter(location::Column::Id.is_in(ids))
        .all(tx.conn())
        .await?;
    tx.commit().await?;
    Ok(rows)
}

/// Changes a location.
pub async fn update(
    db: &sea_orm::DatabaseConnection,
    access: &Access,
    id: Uuid,
    patch: LocationPatch,
) -> Result<LocationRecord, ServiceError> {
    access.locations.check(id)?;
    let tx = TenantTx::write(db, access.tenant_id).await?;
    let current = find(&tx, id).await?;
    let mut row: location::ActiveModel = current.into();
    if let Some(code) = patch.code {
        if code_in_use(&tx, &code, Some(id)).await? {
            return Err(code_taken(&code));
        }
        row.code = Set(code.as_str().to_owned());
    }
    if let Some(name) = patch.name {
        row.name = Set(check_name(&name)?);
    }
    if let Some(kind) = patch.kind {
        row.kind = Set(kind);
    }
    if let Some(address) = patch.address {
        row.address = Set(text::optional(&address, 1000, "address")?);
    }
    if let Some(zone) = patch.time_zone {
        row.time_zone = Set(check_time_zone(&zone)?);
    }
    if let Some(flag) = patch.sellable_online {
        row.sellable_online = Set(flag);
    }
    if let Some(flag) = patch.pickup_enabled {
        row.pickup_enabled = Set(flag);
    }
    row.updated_at = Set(Utc::now());
    let saved = save(&tx, id, row).await?;
    tx.commit().await?;
    Ok(saved)
}

async fn save(
    tx: &TenantTx,
    id: Uuid,
    row: location::ActiveModel,
) -> Result<location::Model, ServiceError> {
    tx.update::<location::Model>()
        .set(row)
        .filter(location::Column::Id.eq(id))
        .exec_with_returning(tx.conn())
        .await?
        .into_iter()
        .next()
        .ok_or(ServiceError::NotFound("Location"))
}

/// Archives (or restores) a location: archived ones leave pickers but keep their history.
pub async fn set_archived(
    db: &sea_orm::DatabaseConnection,
    access: &Access,
    id: Uuid,
    archived: bool,
) -> Result<LocationRecord, ServiceError> {
    access.locations.check(id)?;
    let tx = TenantTx::write(db, access.tenant_id).await?;
    let mut row: location::ActiveModel = find(&tx, id).await?.into();
    let now = Utc::now();
    row.archived_at = Set(archived.then_some(now));
    row.updated_at = Set(now);
    let saved = save(&tx, id, row).await?;
    tx.commit().await?;
    Ok(saved)
}

/// Deletes a location that never held stock; one with stock history must be archived.
pub async fn delete(
    db: &sea_orm::DatabaseConnection,
    access: &Access,
    id: Uuid,
) -> Result<LocationRecord, ServiceError> {
    access.locations.check(id)?;
    let tx = TenantTx::write(db, access.tenant_id).await?;
    let row = find(&tx, id).await?;
    if stock::location_has_history(&tx, id).await? {
        return Err(ServiceError::Conflict {
            message: "This location has stock history; archive it instead".into(),
            field: None,
        });
    }
    if member_locations::limits_include(tx.conn(), access.tenant_id, id).await? {
        return Err(ServiceError::Conflict {
            message: "Team members or invitations are limited to this location; change their \
                      locations first, or archive it instead"
                .into(),
            field: None,
        });
    }
    tx.delete::<location::Model>()
        .filter(location::Column::Id.eq(id))
        .exec(tx.conn())
        .await
        .map_err(|e| match e.sql_err() {
            Some(sea_orm::SqlErr::ForeignKeyConstraintViolation(_)) => ServiceError::Conflict {
                message: "Transfers or counts refer to this location; archive it instead".into(),
                field: None,
            },
            _ => e.into(),
        })?;
    tx.commit().await?;
    Ok(row)
}

/// A page of locations ordered by code, after the code `after`.
pub async fn list(
    db: &sea_orm::DatabaseConnection,
    access: &Access,
    include_archived: bool,
    after: Option<String>,
    limit: u64,
) -> Result<(Vec<LocationRecord>, bool), ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let mut query = tx
        .select::<location::Model>()
        .order_by_asc(location::Column::Code)
        .limit(limit + 1);
    if !include_archived {
        query = query.filter(location::Column::ArchivedAt.is_null());
    }
    if let Some(code) = after {
        query = query.filter(location::Column::Code.gt(code));
    }
    if let Some(ids) = access.locations.limit() {
        query = query.filter(Condition::all().add(location::Column::Id.is_in(ids.iter().copied())));
    }
    let mut rows = query.all(tx.conn()).await?;
    tx.commit().await?;
    let more = crate::services::trim_page(&mut rows, limit);
    Ok((rows, more))
}
