//! Shipping (出荷): units of an order's allocated lines leave, with the carrier and its
//! tracking number; a repeat with the same key returns the first shipment.

use kura_shared::Carrier;
use serde::{Deserialize, Serialize};

use super::documents::Order;
use crate::api::wire::InputVars;
use crate::api::{ApiError, query};

/// Units of one order line leaving now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ShipOrderLineInput {
    /// The order line.
    pub line_number: i64,
    /// Units, at most what the line has allocated.
    pub quantity: i64,
}

/// `ShipOrderInput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ShipOrderInput {
    /// The order.
    pub order_id: String,
    /// What leaves.
    pub lines: Vec<ShipOrderLineInput>,
    /// Who carries it.
    pub carrier: Carrier,
    /// 伝票番号.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracking_number: Option<String>,
    /// Made once per packing, so a second click ships nothing more.
    pub idempotency_key: String,
}

/// A shipment just made, and its order as it stands after it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Shipped {
    /// `SH-2026-000045`.
    pub number: String,
    /// The order, with every shipment.
    pub order: Order,
}

/// Ships units of an order.
pub async fn ship_order(input: ShipOrderInput) -> Result<Shipped, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        ship_order: Shipped,
    }
    query::<_, Data>(
        concat!(
            "mutation ShipOrder($input: ShipOrderInput!) { shipOrder(input: $input) { number order ",
            order_detail_fields!(),
            " } }"
        ),
        InputVars { input },
    )
    .await
    .map(|d| d.ship_order)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_shipment_names_its_carrier_and_lines_by_number() {
        let input = ShipOrderInput {
            order_id: "o1".into(),
            lines: vec![ShipOrderLineInput {
                line_number: 1,
                quantity: 2,
            }],
            carrier: Carrier::Yamato,
            tracking_number: Some("1234-5678-9012".into()),
            idempotency_key: "k".into(),
        };
        assert_eq!(
            serde_json::to_value(input).expect("serialises"),
            json!({
                "orderId": "o1", "lines": [{ "lineNumber": 1, "quantity": 2 }],
                "carrier": "YAMATO", "trackingNumber": "1234-5678-9012", "idempotencyKey": "k"
            })
        );
    }
}
