//! Stock rows: every variant's stock at every location, adjusting it by hand, reorder points,
//! the rows that are low, and the live `stockLevelChanged` feed.

use kura_shared::MovementReason;
use serde::{Deserialize, Serialize};

use super::PagedLocationVars;
use crate::api::catalog::locations::LocationRef;
use crate::api::catalog::products::VariantRef;
use crate::api::wire::{Connection, FULL_PAGE, InputVars, all_pages};
use crate::api::{ApiError, query};

macro_rules! level_fields {
    () => {
        "id variantId locationId onHand allocated available incoming version reorderPoint reorderQuantity low negative"
    };
}

const STOCK_LEVELS_QUERY: &str = concat!(
    "query StockLevels($first: Int, $after: String, $locationIds: [ID!]) { stockLevels(first: $first, after: $after, locationIds: $locationIds) { nodes { ",
    level_fields!(),
    " } pageInfo { hasNextPage endCursor } } }"
);
const ADJUST_STOCK_MUTATION: &str = concat!(
    "mutation AdjustStock($input: AdjustStockInput!) { adjustStock(input: $input) { ",
    level_fields!(),
    " } }"
);
const SET_REORDER_POINT_MUTATION: &str = concat!(
    "mutation SetReorderPoint($input: SetReorderPointInput!) { setReorderPoint(input: $input) { ",
    level_fields!(),
    " } }"
);
/// Every change of a stock row at the given locations, live.
pub const STOCK_LEVEL_CHANGED_SUBSCRIPTION: &str = concat!(
    "subscription StockLevelChanged($locationIds: [ID!]) { stockLevelChanged(locationIds: $locationIds) { stockLevel { ",
    level_fields!(),
    " } } }"
);

/// Stock of one variant at one location.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StockLevel {
    /// Global id of the row.
    pub id: String,
    /// The variant.
    pub variant_id: String,
    /// The location.
    pub location_id: String,
    /// Physically there.
    pub on_hand: i64,
    /// Promised to open orders.
    pub allocated: i64,
    /// `onHand − allocated`.
    pub available: i64,
    /// On its way in.
    pub incoming: i64,
    /// Bumped by every change of the row: the newer of two snapshots has the larger one.
    pub version: i64,
    /// Reorder when `available + incoming` falls to this.
    #[serde(default)]
    pub reorder_point: Option<i64>,
    /// How many to reorder.
    #[serde(default)]
    pub reorder_quantity: Option<i64>,
    /// At or below its reorder point.
    pub low: bool,
    /// Below zero.
    pub negative: bool,
}

/// What `stockLevelChanged` delivers.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StockLevelChangedData {
    /// The change.
    pub stock_level_changed: StockLevelChange,
}

/// One live change: the row after it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StockLevelChange {
    /// The row after the change.
    pub stock_level: StockLevel,
}

/// Variables of [`STOCK_LEVEL_CHANGED_SUBSCRIPTION`].
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LocationFilter {
    /// Only these locations; `None` for all.
    pub location_ids: Option<Vec<String>>,
}

/// Every stock row at `location_ids` (all locations when `None`).
pub async fn stock_levels(location_ids: Option<Vec<String>>) -> Result<Vec<StockLevel>, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        stock_levels: Connection<StockLevel>,
    }
    all_pages(|after| {
        let vars = PagedLocationVars {
            first: FULL_PAGE,
            after,
            location_ids: location_ids.clone(),
        };
        async move {
            query::<_, Data>(STOCK_LEVELS_QUERY, vars)
                .await
                .map(|d| d.stock_levels.into_page())
        }
    })
    .await
}

/// `AdjustStockInput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdjustStockInput {
    /// The variant.
    pub variant_id: String,
    /// The location.
    pub location_id: String,
    /// Units added (positive) or removed (negative), never 0.
    pub delta: i64,
    /// One of `MovementReason::MANUAL`.
    pub reason: MovementReason,
    /// Free text.
    pub note: String,
    /// One per dialog, so a repeated submission applies once.
    pub idempotency_key: String,
}

/// Adds or removes stock by hand; returns the row after it.
pub async fn adjust_stock(input: AdjustStockInput) -> Result<StockLevel, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        adjust_stock: StockLevel,
    }
    query::<_, Data>(ADJUST_STOCK_MUTATION, InputVars { input })
        .await
        .map(|d| d.adjust_stock)
}

/// `SetReorderPointInput`; `None` clears.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReorderPointInput {
    /// The variant.
    pub variant_id: String,
    /// The location.
    pub location_id: String,
    /// Reorder at this `available + incoming`.
    pub reorder_point: Option<i64>,
    /// How many to reorder.
    pub reorder_quantity: Option<i64>,
}

/// Sets or clears a row's reorder point; returns the row after it.
pub async fn set_reorder_point(input: ReorderPointInput) -> Result<StockLevel, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        set_reorder_point: StockLevel,
    }
    query::<_, Data>(SET_REORDER_POINT_MUTATION, InputVars { input })
        .await
        .map(|d| d.set_reorder_point)
}

const LOW_STOCK_QUERY: &str = concat!(
    "query LowStock { lowStock { ",
    level_fields!(),
    " variant { sku title product { name } } location { code name } } }"
);

/// A row at or below its reorder point, with what it is and where.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LowStockRow {
    /// The row.
    #[serde(flatten)]
    pub level: StockLevel,
    /// What.
    pub variant: VariantRef,
    /// Where.
    pub location: LocationRef,
}

/// Rows at or below their reorder point.
pub async fn low_stock() -> Result<Vec<LowStockRow>, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        low_stock: Vec<LowStockRow>,
    }
    query::<_, Data>(LOW_STOCK_QUERY, ())
        .await
        .map(|d| d.low_stock)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn low_stock_rows_carry_the_level_and_its_names() {
        let row: LowStockRow = serde_json::from_value(json!({
            "id": "s1", "variantId": "v1", "locationId": "l1", "onHand": 1, "allocated": 0,
            "available": 1, "incoming": 0, "version": 3, "reorderPoint": 2,
            "reorderQuantity": null, "low": true, "negative": false,
            "variant": { "sku": "TS-M", "title": "M", "product": { "name": "Tee" } },
            "location": { "code": "SHIBUYA", "name": "渋谷店" }
        }))
        .expect("decodes");
        assert_eq!(row.level.reorder_point, Some(2));
        assert_eq!(row.variant.product.name, "Tee");
    }
}
