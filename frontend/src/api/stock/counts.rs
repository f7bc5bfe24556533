//! Stock counts (棚卸): opening one at a location, recording counted quantities (scanned or
//! typed), finalizing it into ledger differences, or cancelling it.

use kura_shared::StockCountStatus;
use serde::{Deserialize, Serialize};

use crate::api::catalog::locations::LocationRef;
use crate::api::catalog::products::ProductRef;
use crate::api::wire::{FULL_PAGE, IdVars, InputVars, Nodes};
use crate::api::{ApiError, query};

macro_rules! count_fields {
    () => {
        "{ id number status locationId partial note createdAt updatedAt finalizedAt location { code name } lines { variantId counted expected difference countedAt variant { sku barcode title product { name } } } uncounted { variantId onHand variant { sku barcode title product { name } } } }"
    };
}

const COUNTS_QUERY: &str = concat!(
    "query StockCounts($first: Int, $status: StockCountStatus, $locationId: ID) { stockCounts(first: $first, status: $status, locationId: $locationId) { nodes ",
    count_fields!(),
    " } }"
);
const COUNT_QUERY: &str = concat!(
    "query StockCount($id: ID!) { stockCount(id: $id) ",
    count_fields!(),
    " }"
);
const START_COUNT_MUTATION: &str = concat!(
    "mutation StartStockCount($input: StartStockCountInput!) { startStockCount(input: $input) ",
    count_fields!(),
    " }"
);
const RECORD_COUNT_MUTATION: &str = concat!(
    "mutation RecordStockCount($input: RecordStockCountInput!) { recordStockCount(input: $input) ",
    count_fields!(),
    " }"
);
const FINALIZE_COUNT_MUTATION: &str = concat!(
    "mutation FinalizeStockCount($id: ID!, $zeroUncounted: Boolean!) { finalizeStockCount(id: $id, zeroUncounted: $zeroUncounted) ",
    count_fields!(),
    " }"
);
const CANCEL_COUNT_MUTATION: &str = concat!(
    "mutation CancelStockCount($id: ID!) { cancelStockCount(id: $id) ",
    count_fields!(),
    " }"
);

/// A variant as a count names it (with its barcode, for scanning).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CountVariant {
    /// SKU.
    pub sku: String,
    /// Barcode.
    #[serde(default)]
    pub barcode: Option<String>,
    /// `M / Navy`, or empty.
    pub title: String,
    /// Its product.
    pub product: ProductRef,
}

/// One counted variant.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CountLine {
    /// The variant.
    pub variant_id: String,
    /// On the shelf.
    pub counted: i64,
    /// The books when last recorded.
    pub expected: i64,
    /// `counted − expected`.
    pub difference: i64,
    /// RFC 3339.
    pub counted_at: String,
    /// Names.
    pub variant: CountVariant,
}

/// A variant covered but not counted yet.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UncountedVariant {
    /// The variant.
    pub variant_id: String,
    /// The books now.
    pub on_hand: i64,
    /// Names.
    pub variant: CountVariant,
}

/// A physical count of a location.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StockCount {
    /// Global id.
    pub id: String,
    /// `SC-000001`.
    pub number: String,
    /// Where it stands.
    pub status: StockCountStatus,
    /// Where.
    pub location_id: String,
    /// Only some products.
    pub partial: bool,
    /// Free text.
    pub note: String,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub updated_at: String,
    /// RFC 3339.
    #[serde(default)]
    pub finalized_at: Option<String>,
    /// Where, named.
    pub location: LocationRef,
    /// Counted so far.
    pub lines: Vec<CountLine>,
    /// Not counted yet.
    pub uncounted: Vec<UncountedVariant>,
}

/// `StartStockCountInput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StartCountInput {
    /// Where.
    pub location_id: String,
    /// Only these products; `None` for everything there.
    pub product_ids: Option<Vec<String>>,
    /// Free text.
    pub note: String,
}

/// How a counted quantity applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CountMode {
    /// Replace the line.
    Set,
    /// Add to it.
    Add,
}

/// `StockCountLineInput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CountLineInput {
    /// By id…
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant_id: Option<String>,
    /// …or by scanned barcode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub barcode: Option<String>,
    /// Units.
    pub counted: i64,
    /// SET or ADD.
    pub mode: CountMode,
}

/// `RecordStockCountInput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordCountInput {
    /// The count.
    pub count_id: String,
    /// What was counted.
    pub lines: Vec<CountLineInput>,
    /// Scanners retry.
    pub idempotency_key: String,
}

/// Counts, newest first.
pub async fn stock_counts(status: Option<StockCountStatus>) -> Result<Vec<StockCount>, ApiError> {
    #[derive(Serialize)]
    struct Vars {
        first: u32,
        status: Option<StockCountStatus>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        stock_counts: Nodes<StockCount>,
    }
    let vars = Vars {
        first: FULL_PAGE,
        status,
    };
    query::<_, Data>(COUNTS_QUERY, vars)
        .await
        .map(|d| d.stock_counts.nodes)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CountData {
    #[serde(
        alias = "stockCount",
        alias = "startStockCount",
        alias = "recordStockCount",
        alias = "finalizeStockCount",
        alias = "cancelStockCount"
    )]
    count: StockCount,
}

/// One count.
pub async fn stock_count(id: String) -> Result<StockCount, ApiError> {
    query::<_, CountData>(COUNT_QUERY, IdVars { id: &id })
        .await
        .map(|d| d.count)
}

/// Opens a count.
pub async fn start_stock_count(input: StartCountInput) -> Result<StockCount, ApiError> {
    query::<_, CountData>(START_COUNT_MUTATION, InputVars { input })
        .await
        .map(|d| d.count)
}

/// Records counted quantities.
pub async fn record_stock_count(input: RecordCountInput) -> Result<StockCount, ApiError> {
    query::<_, CountData>(RECORD_COUNT_MUTATION, InputVars { input })
        .await
        .map(|d| d.count)
}

/// Posts the differences and closes the count.
pub async fn finalize_stock_count(
    id: String,
    zero_uncounted: bool,
) -> Result<StockCount, ApiError> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Vars<'a> {
        id: &'a str,
        zero_uncounted: bool,
    }
    let vars = Vars {
        id: &id,
        zero_uncounted,
    };
    query::<_, CountData>(FINALIZE_COUNT_MUTATION, vars)
        .await
        .map(|d| d.count)
}

/// Abandons an OPEN count.
pub async fn cancel_stock_count(id: String) -> Result<StockCount, ApiError> {
    query::<_, CountData>(CANCEL_COUNT_MUTATION, IdVars { id: &id })
        .await
        .map(|d| d.count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_lines_name_the_variant_one_way() {
        let line = serde_json::to_value(CountLineInput {
            variant_id: None,
            barcode: Some("4901234567894".to_owned()),
            counted: 1,
            mode: CountMode::Add,
        })
        .expect("serialises");
        assert_eq!(
            line,
            serde_json::json!({ "barcode": "4901234567894", "counted": 1, "mode": "ADD" })
        );
    }
}
