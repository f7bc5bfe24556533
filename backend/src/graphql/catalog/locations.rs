//! Locations: `locations`, `location`, `createLocation`, `updateLocation`,
//! `archiveLocation`, `restoreLocation`, `deleteLocation`.

use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use kura_shared::{LocationCode, LocationKind};

use crate::graphql::{
    request::guard::{Need, authorize},
    types::{
        errors::ApiError,
        ids::{self, Kind},
        paging::{self, Page},
    },
};
use crate::{
    services::{
        ServiceError,
        catalog::locations::{self, LocationInput, LocationPatch, LocationRecord},
    },
    state::AppState,
};

/// A store, warehouse (own or 3PL) or virtual EC location.
#[derive(SimpleObject, Clone)]
pub struct Location {
    /// Its global ID.
    pub id: ID,
    /// Short unique code, e.g. `SHIBUYA`.
    code: String,
    name: String,
    kind: LocationKind,
    address: String,
    /// IANA time zone of its business day.
    time_zone: String,
    /// Whether its stock counts towards what EC channels may sell.
    sellable_online: bool,
    /// Whether customers can pick up online orders here.
    pickup_enabled: bool,
    /// Archived locations keep their history but leave pickers.
    archived: bool,
    archived_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<LocationRecord> for Location {
    fn from(row: LocationRecord) -> Self {
        Self {
            id: ids::encode(Kind::Location, row.id),
            kind: row.kind,
            code: row.code,
            name: row.name,
            address: row.address,
            time_zone: row.time_zone,
            sellable_online: row.sellable_online,
            pickup_enabled: row.pickup_enabled,
            archived: row.archived_at.is_some(),
            archived_at: row.archived_at,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

/// A new location.
#[derive(InputObject)]
pub struct CreateLocationInput {
    /// 1–32 letters, digits, `-` or `_`; unique in the company (stored upper-case).
    code: String,
    name: String,
    kind: LocationKind,
    #[graphql(default)]
    address: String,
    /// IANA time zone; defaults to `Asia/Tokyo`.
    #[graphql(default_with = "String::from(\"Asia/Tokyo\")")]
    time_zone: String,
    #[graphql(default)]
    sellable_online: bool,
    #[graphql(default)]
    pickup_enabled: bool,
    /// A repeat with the same key returns the first location and creates nothing.
    idempotency_key: Option<String>,
}

/// Changes to a location; omitted fields stay.
#[derive(InputObject, Default)]
pub struct UpdateLocationInput {
    code: Option<String>,
    name: Option<String>,
    kind: Option<LocationKind>,
    address: Option<String>,
    time_zone: Option<String>,
    sellable_online: Option<bool>,
    pickup_enabled: Option<bool>,
}

/// A location id from the API, or `NOT_FOUND`.
pub fn location_id(id: &ID) -> Result<uuid::Uuid, ApiError> {
    ids::decode(Kind::Location, id).ok_or_else(|| ServiceError::NotFound("Location").into())
}

fn code(text: &str) -> Result<LocationCode, ApiError> {
    LocationCode::parse(text).map_err(|e| {
        ServiceError::Validation(kura_shared::ValidationError::from(e).with_field("code")).into()
    })
}

#[derive(Default)]
pub struct LocationsQuery;

#[Object]
impl LocationsQuery {
    /// The company's locations by code (archived ones only when asked). Staff limited to
    /// some locations see only those.
    #[graphql(complexity = "paging::cost(first, child_complexity)")]
    async fn locations(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        include_archived: Option<bool>,
    ) -> Result<Page<Location>> {
        let include_archived = include_archived.unwrap_or(false);
        let access = authorize(ctx, Need::STOCK_READ).await?;
        let limit = paging::page_size(first)?;
        let after = paging::decode(after.as_deref())?;
        let state = ctx.data_unchecked::<AppState>();
        let had_cursor = after.is_some();
        let (rows, more) = locations::list(&state.db, &access, include_archived, after, limit)
            .await
            .map_err(ApiError::from)?;
        Ok(paging::page(
            rows.into_iter()
                .map(|row| (row.code.clone(), Location::from(row))),
            had_cursor,
            more,
        ))
    }

    /// One location.
    async fn location(&self, ctx: &Context<'_>, id: ID) -> Result<Location> {
        let access = authorize(ctx, Need::STOCK_READ).await?;
        let state = ctx.data_unchecked::<AppState>();
        Ok(locations::get(&state.db, &access, location_id(&id)?)
            .await
            .map_err(ApiError::from)?
            .into())
    }
}

async fn set_archived(ctx: &Context<'_>, id: &ID, archived: bool) -> Result<Location> {
    let access = authorize(ctx, Need::LOCATIONS_WRITE).await?;
    let state = ctx.data_unchecked::<AppState>();
    Ok(
        locations::set_archived(&state.db, &access, location_id(id)?, archived)
            .await
            .map_err(ApiError::from)?
            .into(),
    )
}

#[derive(Default)]
pub struct LocationsMutation;

#[Object]
impl LocationsMutation {
    /// Creates a location.
    async fn create_location(
        &self,
        ctx: &Context<'_>,
        input: CreateLocationInput,
    ) -> Result<Location> {
        let access = authorize(ctx, Need::LOCATIONS_WRITE).await?;
        let state = ctx.data_unchecked::<AppState>();
        let key = input.idempotency_key.clone();
        let input = LocationInput {
            code: code(&input.code)?,
            name: input.name,
            kind: input.kind,
            address: input.address,
            time_zone: input.time_zone,
            sellable_online: input.sellable_online,
            pickup_enabled: input.pickup_enabled,
        };
        Ok(locations::create(&state.db, &access, input, key.as_deref())
            .await
            .map_err(ApiError::from)?
            .into())
    }

    /// Changes a location.
    async fn update_location(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateLocationInput,
    ) -> Result<Location> {
        let access = authorize(ctx, Need::LOCATIONS_WRITE).await?;
        let state = ctx.data_unchecked::<AppState>();
        let patch = LocationPatch {
            code: input.code.as_deref().map(code).transpose()?,
            name: input.name,
            kind: input.kind,
            address: input.address,
            time_zone: input.time_zone,
            sellable_online: input.sellable_online,
            pickup_enabled: input.pickup_enabled,
        };
        Ok(
            locations::update(&state.db, &access, location_id(&id)?, patch)
                .await
                .map_err(ApiError::from)?
                .into(),
        )
    }

    /// Archives a location: it keeps its history and stock but leaves pickers.
    async fn archive_location(&self, ctx: &Context<'_>, id: ID) -> Result<Location> {
        set_archived(ctx, &id, true).await
    }

    /// Brings an archived location back.
    async fn restore_location(&self, ctx: &Context<'_>, id: ID) -> Result<Location> {
        set_archived(ctx, &id, false).await
    }

    /// Deletes a location that never held stock (`CONFLICT` otherwise: archive it).
    async fn delete_location(&self, ctx: &Context<'_>, id: ID) -> Result<ID> {
        let access = authorize(ctx, Need::LOCATIONS_WRITE).await?;
        let state = ctx.data_unchecked::<AppState>();
        locations::delete(&state.db, &access, location_id(&id)?)
            .await
            .map_err(ApiError::from)?;
        Ok(id)
    }
}
