//! Locations: stores, warehouses and virtual stock points, created, edited, archived and
//! deleted, and how other areas' lists name one.

use kura_shared::LocationKind;
use serde::{Deserialize, Serialize};

use crate::api::wire::{Connection, FULL_PAGE, IdInputVars, IdVars, InputVars, all_pages};
use crate::api::{ApiError, query};

macro_rules! location_fields {
    () => {
        "{ id code name kind address timeZone sellableOnline pickupEnabled archived }"
    };
}

const LOCATIONS_QUERY: &str = concat!(
    "query Locations($first: Int, $after: String, $includeArchived: Boolean!) { locations(first: $first, after: $after, includeArchived: $includeArchived) { nodes ",
    location_fields!(),
    " pageInfo { hasNextPage endCursor } } }"
);
const CREATE_LOCATION_MUTATION: &str = concat!(
    "mutation CreateLocation($input: CreateLocationInput!) { createLocation(input: $input) ",
    location_fields!(),
    " }"
);
const UPDATE_LOCATION_MUTATION: &str = concat!(
    "mutation UpdateLocation($id: ID!, $input: UpdateLocationInput!) { updateLocation(id: $id, input: $input) ",
    location_fields!(),
    " }"
);
const ARCHIVE_LOCATION_MUTATION: &str = concat!(
    "mutation ArchiveLocation($id: ID!) { archiveLocation(id: $id) ",
    location_fields!(),
    " }"
);
const RESTORE_LOCATION_MUTATION: &str = concat!(
    "mutation RestoreLocation($id: ID!) { restoreLocation(id: $id) ",
    location_fields!(),
    " }"
);
const DELETE_LOCATION_MUTATION: &str =
    "mutation DeleteLocation($id: ID!) { deleteLocation(id: $id) }";

/// A store, warehouse (own or 3PL) or virtual EC location.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    /// Global id.
    pub id: String,
    /// Short unique code, e.g. `SHIBUYA`.
    pub code: String,
    /// Display name.
    pub name: String,
    /// What kind of place.
    pub kind: LocationKind,
    /// Postal address, free text.
    pub address: String,
    /// IANA time zone of its business day.
    pub time_zone: String,
    /// Its stock counts towards what EC channels may sell.
    pub sellable_online: bool,
    /// Customers can pick up online orders here.
    pub pickup_enabled: bool,
    /// Archived: kept for history, out of pickers.
    pub archived: bool,
}

/// Everything a location form sends; creating and editing take the same fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LocationInput {
    /// Short unique code, already checked with `LocationCode`.
    pub code: String,
    /// Display name.
    pub name: String,
    /// What kind of place.
    pub kind: LocationKind,
    /// Postal address.
    pub address: String,
    /// IANA time zone.
    pub time_zone: String,
    /// Counts towards EC stock.
    pub sellable_online: bool,
    /// Pickup point.
    pub pickup_enabled: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LocationsVars {
    first: u32,
    after: Option<String>,
    include_archived: bool,
}

#[derive(Deserialize)]
struct LocationsData {
    locations: Connection<Location>,
}

/// Every location of the company, by code; archived ones too when `include_archived`.
pub async fn locations(include_archived: bool) -> Result<Vec<Location>, ApiError> {
    all_pages(|after| async move {
        let vars = LocationsVars {
            first: FULL_PAGE,
            after,
            include_archived,
        };
        query::<_, LocationsData>(LOCATIONS_QUERY, vars)
            .await
            .map(|d| d.locations.into_page())
    })
    .await
}

/// Creates a location.
pub async fn create_location(input: LocationInput) -> Result<Location, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        create_location: Location,
    }
    query::<_, Data>(CREATE_LOCATION_MUTATION, InputVars { input })
        .await
        .map(|d| d.create_location)
}

/// Changes a location.
pub async fn update_location(id: String, input: LocationInput) -> Result<Location, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        update_location: Location,
    }
    query::<_, Data>(UPDATE_LOCATION_MUTATION, IdInputVars { id: &id, input })
        .await
        .map(|d| d.update_location)
}

/// Archives (`archive`) or restores a location.
pub async fn set_location_archived(id: String, archive: bool) -> Result<(), ApiError> {
    #[derive(Deserialize)]
    struct Data {}
    let document = if archive {
        ARCHIVE_LOCATION_MUTATION
    } else {
        RESTORE_LOCATION_MUTATION
    };
    query::<_, Data>(document, IdVars { id: &id })
        .await
        .map(drop)
}

/// Deletes a location that never held stock; `CONFLICT` when it did.
pub async fn delete_location(id: String) -> Result<(), ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        #[serde(rename = "deleteLocation")]
        _deleted: String,
    }
    query::<_, Data>(DELETE_LOCATION_MUTATION, IdVars { id: &id })
        .await
        .map(drop)
}

/// A location as lists name it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LocationRef {
    /// Code.
    pub code: String,
    /// Display name.
    pub name: String,
}
