//! Replenishment: what to transfer or buy for every row at or below its reorder point.

use serde::Deserialize;

use super::levels::StockLevel;
use crate::api::catalog::locations::LocationRef;
use crate::api::catalog::products::VariantRef;
use crate::api::{ApiError, query};

macro_rules! suggestion_level {
    () => {
        "{ id variantId locationId onHand allocated available incoming version reorderPoint reorderQuantity low negative location { code name } }"
    };
}

const SUGGESTIONS_QUERY: &str = concat!(
    "query Replenishment { replenishmentSuggestions { quantity recentSales action stockLevel { id variantId locationId onHand allocated available incoming version reorderPoint reorderQuantity low negative location { code name } variant { sku title product { name } } } source ",
    suggestion_level!(),
    " } }"
);

/// Transfer from elsewhere, or buy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ReplenishmentAction {
    /// From `source`.
    Transfer,
    /// From a supplier.
    Buy,
}

/// A stock row with its location's names.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct NamedLevel {
    /// The row.
    #[serde(flatten)]
    pub level: StockLevel,
    /// Where.
    pub location: LocationRef,
}

/// The low row, with the variant's names too.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LowLevel {
    /// The row.
    #[serde(flatten)]
    pub level: StockLevel,
    /// Where.
    pub location: LocationRef,
    /// What.
    pub variant: VariantRef,
}

/// What to do about one low row.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Suggestion {
    /// The low row.
    pub stock_level: LowLevel,
    /// Units to bring in.
    pub quantity: i64,
    /// Sold there in 28 days.
    pub recent_sales: i64,
    /// Transfer or buy.
    pub action: ReplenishmentAction,
    /// For TRANSFER: where from.
    #[serde(default)]
    pub source: Option<NamedLevel>,
}

/// Every suggestion.
pub async fn replenishment_suggestions() -> Result<Vec<Suggestion>, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        replenishment_suggestions: Vec<Suggestion>,
    }
    query::<_, Data>(SUGGESTIONS_QUERY, ())
        .await
        .map(|d| d.replenishment_suggestions)
}
