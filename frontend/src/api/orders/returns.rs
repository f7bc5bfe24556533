//! Returns (返品): goods that left on a shipment come back, some to the shelf and some
//! damaged; a repeat with the same key returns the first return.

use serde::{Deserialize, Serialize};

use super::documents::Order;
use crate::api::wire::InputVars;
use crate::api::{ApiError, query};

/// Units of one shipment line coming back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReturnLineInput {
    /// The order line, as on the shipment.
    pub line_number: i64,
    /// Units coming back.
    pub quantity: i64,
    /// Of those, the units not fit to sell again.
    pub damaged_quantity: i64,
}

/// `ReturnShipmentInput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReturnShipmentInput {
    /// The shipment the goods left on.
    pub shipment_id: String,
    /// What comes back.
    pub lines: Vec<ReturnLineInput>,
    /// Where they come back to; the shipment's location when not given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location_id: Option<String>,
    /// Why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Made once per dialog, so a second click takes nothing more back.
    pub idempotency_key: String,
}

/// A return just recorded, and its order as it stands after it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Returned {
    /// `RT-2026-000012`.
    pub number: String,
    /// The order, with every shipment and return.
    pub order: Order,
}

/// Takes goods back on a shipment.
pub async fn return_shipment(input: ReturnShipmentInput) -> Result<Returned, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        return_shipment: Returned,
    }
    query::<_, Data>(
        concat!(
            "mutation ReturnShipment($input: ReturnShipmentInput!) { returnShipment(input: $input) { number order ",
            order_detail_fields!(),
            " } }"
        ),
        InputVars { input },
    )
    .await
    .map(|d| d.return_shipment)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_return_names_its_shipment_lines_and_leaves_out_what_is_not_given() {
        let input = ReturnShipmentInput {
            shipment_id: "s1".into(),
            lines: vec![ReturnLineInput {
                line_number: 1,
                quantity: 2,
                damaged_quantity: 1,
            }],
            location_id: None,
            reason: Some("破損".into()),
            idempotency_key: "k".into(),
        };
        assert_eq!(
            serde_json::to_value(input).expect("serialises"),
            json!({
                "shipmentId": "s1", "lines": [{ "lineNumber": 1, "quantity": 2, "damagedQuantity": 1 }],
                "reason": "破損", "idempotencyKey": "k"
            })
        );
    }
}
