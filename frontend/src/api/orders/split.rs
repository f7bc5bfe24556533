//! Splitting an order (分納): units still to ship move to a new order fulfilled from another
//! location; a repeat with the same key returns the first new order.

use serde::{Deserialize, Serialize};

use super::documents::{LineQuantity, Order};
use crate::api::wire::InputVars;
use crate::api::{ApiError, query};

/// `SplitOrderInput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SplitOrderInput {
    /// The order the units leave.
    pub order_id: String,
    /// Where the new order ships from.
    pub location_id: String,
    /// What moves.
    pub lines: Vec<LineQuantity>,
    /// Made once per dialog, so a second click splits nothing more.
    pub idempotency_key: String,
}

/// The new order's number, and the order it was split from as it stands now.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Split {
    /// `SO-2026-000124`.
    pub number: String,
    /// The original order, with its shipments, returns and splits.
    pub split_from: Order,
}

/// Splits units off an order to ship from another location.
pub async fn split_order(input: SplitOrderInput) -> Result<Split, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        split_order: Split,
    }
    query::<_, Data>(
        concat!(
            "mutation SplitOrder($input: SplitOrderInput!) { splitOrder(input: $input) { number splitFrom ",
            order_detail_fields!(),
            " } }"
        ),
        InputVars { input },
    )
    .await
    .map(|d| d.split_order)
}
