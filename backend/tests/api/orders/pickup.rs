//! Store pickup (BOPIS): an order collected at a store is allocated there, made ready when
//! everything is held, handed over (which takes the goods out of stock and completes it),
//! and listed as uncollected while it waits.

use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code, spawn_app};

const ORDER: &str = "id number status readyForPickupAt location { code } pickupLocation { code }
    lines { allocatedQuantity backorderedQuantity shippedQuantity }";

async fn owner(app: &TestApp) -> String {
    app.sign_up("owner@example.jp").await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A confirmed order of `quantity` SHIRT-M to collect at `store`.
async fn pickup_order(app: &TestApp, token: &str, store: &Value, quantity: i64) -> Value {
    let body = app
        .call(
            &format!(
                "mutation($input: CreateOrderInput!) {{ createOrder(input: $input) {{ {ORDER} }} }}"
            ),
            json!({ "input": { "pickupLocationId": store, "confirm": true,
                               "lines": [{ "sku": "SHIRT-M", "quantity": quantity }] } }),
            Some(token),
        )
        .await;
    assert!(body["errors"].is_null(), "createOrder failed: {body}");
    body["data"]["createOrder"].clone()
}

async fn ready(app: &TestApp, token: &str, id: &Value) -> Value {
    app.call(
        &format!("mutation($id: ID!) {{ markReadyForPickup(id: $id) {{ {ORDER} }} }}"),
        json!({ "id": id }),
        Some(token),
    )
    .await
}

async fn hand_over(app: &TestApp, token: &str, id: &Value, key: &str) -> Value {
    app.call(
        "mutation($input: HandOverOrderInput!) { handOverOrder(input: $input) {
            id number carrier note lines { quantity } order { status lines { shippedQuantity allocatedQuantity } } } }",
        json!({ "input": { "orderId": id, "note": "本人確認済み", "idempotencyKey": key } }),
        Some(token),
    )
    .await
}

#[tokio::test]
async fn a_pickup_order_is_made_ready_handed_over_and_completed() {
    let app = spawn_app().await;
    let token = owner(&app).await;
    let s = app.stocked(&token).await;

    let order = pickup_order(&app, &token, &s.location, 3).await;
    assert_eq!(order["status"], "CONFIRMED");
    assert_eq!(
        order["location"]["code"], "SHIBUYA",
        "allocated at the store"
    );
    assert_eq!(order["pickupLocation"]["code"], "SHIBUYA");
    assert!(order["readyForPickupAt"].is_null());

    let made = ready(&app, &token, &order["id"]).await;
    let made = &made["data"]["markReadyForPickup"];
    assert_eq!(made["status"], "READY_FOR_PICKUP", "{made}");
    assert!(made["readyForPickupAt"].is_string());
    let again = ready(&app, &token, &order["id"]).await;
    assert_eq!(
        again["data"]["markReadyForPickup"]["readyForPickupAt"], made["readyForPickupAt"],
        "marking twice changes nothing"
    );

    let handed = hand_over(&app, &token, &order["id"], "pickup-1").await;
    assert!(handed["errors"].is_null(), "{handed}");
    let shipment = &handed["data"]["handOverOrder"];
    assert_eq!(shipment["carrier"], "STORE_PICKUP");
    assert_eq!(shipment["note"], "本人確認済み");
    assert_eq!(shipment["lines"][0]["quantity"], 3);
    assert_eq!(shipment["order"]["status"], "COMPLETED");
    assert_eq!(
        shipment["order"]["lines"][0],
        json!({ "shippedQuantity": 3, "allocatedQuantity": 0 })
    );
    let repeat = hand_over(&app, &token, &order["id"], "pickup-1").await;
    assert_eq!(
        repeat["data"]["handOverOrder"]["number"], shipment["number"],
        "a repeat returns the first handover"
    );

    let level = app
        .call(
            "query($v: [ID!]) { stockLevels(variantIds: $v) { edges { node { onHand allocated } } } }",
            json!({ "v": [s.variant] }),
            Some(&token),
        )
        .await;
    assert_eq!(
        level["data"]["stockLevels"]["edges"][0]["node"],
        json!({ "onHand": 7, "allocated": 0 }),
        "the goods left the store's stock"
    );

    let twice = hand_over(&app, &token, &order["id"], "pickup-2").await;
    assert_eq!(error_code(&twice), "CONFLICT", "{twice}");
}

#[tokio::test]
async fn only_a_fully_allocated_pickup_order_is_made_ready_and_only_a_ready_one_handed_over() {
    let app = spawn_app().await;
    let token = owner(&app).await;
    let s = app.stocked(&token).await;

    let waiting = pickup_order(&app, &token, &s.location, 12).await;
    assert_eq!(waiting["status"], "BACKORDERED");
    let refused = ready(&app, &token, &waiting["id"]).await;
    assert_eq!(error_code(&refused), "CONFLICT", "{refused}");

    let delivered = app
        .call(
            "mutation($input: CreateOrderInput!) { createOrder(input: $input) { id } }",
            json!({ "input": { "locationId": s.location, "confirm": true,
                               "lines": [{ "sku": "SHIRT-M", "quantity": 1 }] } }),
            Some(&token),
        )
        .await;
    let delivered = &delivered["data"]["createOrder"]["id"];
    let refused = ready(&app, &token, delivered).await;
    assert_eq!(
        error_code(&refused),
        "CONFLICT",
        "not a pickup order: {refused}"
    );
    let refused = hand_over(&app, &token, delivered, "h-1").await;
    assert_eq!(error_code(&refused), "CONFLICT", "{refused}");

    let shipped_as_pickup = app
        .call(
            "mutation($id: ID!) { shipOrder(input: { orderId: $id, carrier: STORE_PICKUP,
                lines: [{ lineNumber: 1, quantity: 1 }] }) { id } }",
            json!({ "id": delivered }),
            Some(&token),
        )
        .await;
    assert_eq!(
        error_code(&shipped_as_pickup),
        "VALIDATION",
        "{shipped_as_pickup}"
    );
}

#[tokio::test]
async fn orders_ready_for_longer_than_the_store_waits_are_the_uncollected_list() {
    let app = spawn_app().await;
    let token = owner(&app).await;
    let s = app.stocked(&token).await;
    let order = pickup_order(&app, &token, &s.location, 1).await;
    ready(&app, &token, &order["id"]).await;

    let list = |before: String| {
        let app = &app;
        let token = &token;
        async move {
            let body = app
                .call(
                    "query($before: DateTime) { orders(status: [READY_FOR_PICKUP], readyBefore: $before) {
                        edges { node { number } } } }",
                    json!({ "before": before }),
                    Some(token),
                )
                .await;
            assert!(body["errors"].is_null(), "{body}");
            body["data"]["orders"]["edges"].as_array().unwrap().len()
        }
    };
    let in_an_hour = (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339();
    let a_week_ago = (chrono::Utc::now() - chrono::Duration::days(7)).to_rfc3339();
    assert_eq!(list(in_an_hour).await, 1, "ready before an hour from now");
    assert_eq!(list(a_week_ago).await, 0, "not waiting a week yet");
}
