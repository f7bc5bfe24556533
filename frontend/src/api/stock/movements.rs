//! The stock ledger: movements a page at a time, new ones live as they are posted, and the
//! whole ledger as CSV.

use kura_shared::MovementReason;
use serde::Deserialize;

use super::PagedLocationVars;
use crate::api::catalog::locations::LocationRef;
use crate::api::catalog::products::VariantRef;
use crate::api::wire::{Connection, Page};
use crate::api::{ApiError, query};

macro_rules! movement_fields {
    () => {
        "{ id locationId delta onHandAfter reason note referenceType referenceId actorApiKeyPrefix createdAt variant { sku title product { name } } location { code name } }"
    };
}

const MOVEMENTS_QUERY: &str = concat!(
    "query StockMovements($first: Int, $after: String, $locationIds: [ID!]) { stockMovements(first: $first, after: $after, locationIds: $locationIds) { nodes ",
    movement_fields!(),
    " pageInfo { hasNextPage endCursor } } }"
);
/// New ledger entries as they are posted, through the stock-row subscription.
pub const MOVEMENT_POSTED_SUBSCRIPTION: &str = concat!(
    "subscription MovementPosted { stockLevelChanged { movement ",
    movement_fields!(),
    " } }"
);
const EXPORT_MOVEMENTS_QUERY: &str = "query ExportStockMovements { exportStockMovements }";

/// One ledger entry.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Movement {
    /// Global id.
    pub id: String,
    /// Where, by id (for filtering live entries).
    pub location_id: String,
    /// Units in (positive) or out (negative).
    pub delta: i64,
    /// `onHand` right after.
    pub on_hand_after: i64,
    /// Why.
    pub reason: MovementReason,
    /// Free text.
    pub note: String,
    /// The kind of document that caused it (`TRANSFER`, `SALE`, …).
    #[serde(default)]
    pub reference_type: Option<String>,
    /// That document's id.
    #[serde(default)]
    pub reference_id: Option<String>,
    /// The API key that made it, by prefix.
    #[serde(default)]
    pub actor_api_key_prefix: Option<String>,
    /// When, RFC 3339.
    pub created_at: String,
    /// What moved.
    pub variant: VariantRef,
    /// Where.
    pub location: LocationRef,
}

/// What [`MOVEMENT_POSTED_SUBSCRIPTION`] delivers.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MovementPostedData {
    /// The change of a stock row.
    pub stock_level_changed: MovementPosted,
}

/// The movement behind a row change; `None` when `onHand` did not move (a reorder point).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MovementPosted {
    /// The new ledger entry.
    #[serde(default)]
    pub movement: Option<Movement>,
}

/// Up to `first` movements after `after`, newest first, at `location_ids` (all when `None`).
pub async fn movements(
    first: u32,
    after: Option<String>,
    location_ids: Option<Vec<String>>,
) -> Result<Page<Movement>, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        stock_movements: Connection<Movement>,
    }
    let vars = PagedLocationVars {
        first,
        after,
        location_ids,
    };
    query::<_, Data>(MOVEMENTS_QUERY, vars)
        .await
        .map(|d| d.stock_movements.into_page())
}

/// The stock ledger as CSV.
pub async fn export_stock_movements() -> Result<String, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        export_stock_movements: String,
    }
    query::<_, Data>(EXPORT_MOVEMENTS_QUERY, ())
        .await
        .map(|d| d.export_stock_movements)
}
