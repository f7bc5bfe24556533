//! Sales orders through the public API: numbering, allocation without overselling,
//! backorders filled oldest first, shipping, cancelling, and who may see what.

use base64::Engine;
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code, spawn_app};

pub(super) const ORDER: &str = "id number status total { amount } subtotal { amount } tax { amount }
    lines { lineNumber sku quantity allocatedQuantity backorderedQuantity shippedQuantity cancelledQuantity unitPrice { amount } }";

pub(super) async fn owner(app: &TestApp, email: &str) -> String {
    app.sign_up(email).await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// `createOrder` for `quantity` units of SHIRT-M from `location`; the whole body.
pub(super) async fn order(
    app: &TestApp,
    token: &str,
    location: &Value,
    quantity: i64,
    confirm: bool,
) -> Value {
    app.call(
        &format!(
            "mutation($input: CreateOrderInput!) {{ createOrder(input: $input) {{ {ORDER} }} }}"
        ),
        json!({ "input": { "locationId": location, "confirm": confirm,
                           "lines": [{ "sku": "SHIRT-M", "quantity": quantity }] } }),
        Some(token),
    )
    .await
}

pub(super) fn created(body: &Value) -> Value {
    assert!(body["errors"].is_null(), "createOrder failed: {body}");
    body["data"]["createOrder"].clone()
}

pub(super) async fn confirm(app: &TestApp, token: &str, id: &Value) -> Value {
    app.call(
        &format!("mutation($id: ID!) {{ confirmOrder(id: $id) {{ {ORDER} }} }}"),
        json!({ "id": id }),
        Some(token),
    )
    .await
}

async fn cancel(app: &TestApp, token: &str, id: &Value) -> Value {
    app.call(
        &format!("mutation($id: ID!) {{ cancelOrder(id: $id, reason: \"customer changed their mind\") {{ {ORDER} cancelReason }} }}"),
        json!({ "id": id }),
        Some(token),
    )
    .await
}

pub(super) async fn ship(app: &TestApp, token: &str, id: &Value, units: i64, key: &str) -> Value {
    app.call(
        "mutation($input: ShipOrderInput!) { shipOrder(input: $input) {
            id number carrier trackingNumber lines { lineNumber quantity variant { sku } }
            order { status lines { allocatedQuantity shippedQuantity } } } }",
        json!({ "input": { "orderId": id, "carrier": "YAMATO", "trackingNumber": "1234-5678-9012",
                           "idempotencyKey": key, "lines": [{ "lineNumber": 1, "quantity": units }] } }),
        Some(token),
    )
    .await
}

pub(super) async fn get(app: &TestApp, token: &str, id: &Value) -> Value {
    let body = app
        .call(
            &format!("query($id: ID!) {{ order(id: $id) {{ {ORDER} }} }}"),
            json!({ "id": id }),
            Some(token),
        )
        .await;
    assert!(body["errors"].is_null(), "order failed: {body}");
    body["data"]["order"].clone()
}

/// `(onHand, allocated, available)` of SHIRT-M at the location.
pub(super) async fn row(
    app: &TestApp,
    token: &str,
    variant: &Value,
    location: &Value,
) -> (i64, i64, i64) {
    let body = app
        .call(
            "query($v: [ID!], $l: [ID!]) { stockLevels(variantIds: $v, locationIds: $l) {
                edges { node { onHand allocated available } } } }",
            json!({ "v": [variant], "l": [location] }),
            Some(token),
        )
        .await;
    let n = &body["data"]["stockLevels"]["edges"][0]["node"];
    (
        n["onHand"].as_i64().unwrap(),
        n["allocated"].as_i64().unwrap(),
        n["available"].as_i64().unwrap(),
    )
}

/// The stable code of a refusal (`extensions.reason`), empty when there is none.
pub(super) fn reason(body: &Value) -> &str {
    body["errors"][0]["extensions"]["reason"]
        .as_str()
        .unwrap_or_default()
}

pub(super) fn units(order: &Value) -> (i64, i64, i64, i64) {
    let l = &order["lines"][0];
    (
        l["allocatedQuantity"].as_i64().unwrap(),
        l["backorderedQuantity"].as_i64().unwrap(),
        l["shippedQuantity"].as_i64().unwrap(),
        l["cancelledQuantity"].as_i64().unwrap(),
    )
}

pub(super) async fn balanced(app: &TestApp, token: &str) {
    let check = app
        .call(
            "{ stockReconciliation { balanced mismatches { onHand } } }",
            json!({}),
            Some(token),
        )
        .await;
    assert_eq!(
        check["data"]["stockReconciliation"]["balanced"], true,
        "{check}"
    );
}

#[tokio::test]
async fn a_confirmed_order_allocates_what_is_there_and_backorders_the_rest() {
    let app = spawn_app().await;
    let token = owner(&app, "owner@example.jp").await;
    let s = app.stocked(&token).await;

    let draft = created(&order(&app, &token, &s.location, 12, false).await);
    assert_eq!(draft["status"], "DRAFT");
    let year = chrono::Utc::now().format("%Y").to_string();
    assert_eq!(draft["number"], format!("SO-{year}-000001"));
    assert_eq!(draft["total"]["amount"], "23760", "12 × ¥1,980");
    assert_eq!(units(&draft), (0, 0, 0, 0), "a draft holds nothing");
    assert_eq!(
        row(&app, &token, &s.variant, &s.location).await,
        (10, 0, 10)
    );

    let confirmed = confirm(&app, &token, &draft["id"]).await;
    let confirmed = &confirmed["data"]["confirmOrder"];
    assert_eq!(confirmed["status"], "BACKORDERED", "{confirmed}");
    assert_eq!(units(confirmed), (10, 2, 0, 0));
    assert_eq!(
        row(&app, &token, &s.variant, &s.location).await,
        (10, 10, 0)
    );

    let again = confirm(&app, &token, &draft["id"]).await;
    assert_eq!(
        units(&again["data"]["confirmOrder"]),
        (10, 2, 0, 0),
        "confirming twice changes nothing"
    );
    assert_eq!(
        row(&app, &token, &s.variant, &s.location).await,
        (10, 10, 0)
    );

    let next = created(&order(&app, &token, &s.location, 1, false).await);
    assert_eq!(
        next["number"],
        format!("SO-{year}-000002"),
        "numbers have no gaps"
    );
    balanced(&app, &token).await;
}

#[tokio::test]
async fn concurrent_orders_for_the_last_units_allocate_exactly_what_exists() {
    let app = spawn_app().await;
    let token = owner(&app, "owner@example.jp").await;
    let s = app.stocked(&token).await;
    let calls = (0..25).map(|_| order(&app, &token, &s.location, 1, true));
    let orders: Vec<Value> = futures_util::future::join_all(calls)
        .await
        .iter()
        .map(created)
        .collect();
    let allocated = orders
        .iter()
        .map(|o| units(o).0)
        .fold(0, i64::saturating_add);
    let waiting = orders
        .iter()
        .map(|o| units(o).1)
        .fold(0, i64::saturating_add);
    assert_eq!(
        (allocated, waiting),
        (10, 15),
        "never oversold, nothing lost"
    );
    assert_eq!(
        row(&app, &token, &s.variant, &s.location).await,
        (10, 10, 0)
    );
    let mut numbers: Vec<String> = orders
        .iter()
        .map(|o| o["number"].as_str().unwrap().to_owned())
        .collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 25, "every order has its own number");
    assert!(
        numbers.last().unwrap().ends_with("-000025"),
        "and none is skipped"
    );
    balanced(&app, &token).await;
}

#[tokio::test]
async fn arriving_stock_goes_to_the_oldest_backorders_first() {
    let app = spawn_app().await;
    let token = owner(&app, "owner@example.jp").await;
    let s = app.stocked(&token).await;
    let first = created(&order(&app, &token, &s.location, 10, true).await);
    let older = created(&order(&app, &token, &s.location, 3, true).await);
    let newer = created(&order(&app, &token, &s.location, 3, true).await);
    assert_eq!((units(&older), units(&newer)), ((0, 3, 0, 0), (0, 3, 0, 0)));

    let arrived = app.adjust(&token, &s.variant, &s.location, 4).await;
    assert!(arrived["errors"].is_null(), "{arrived}");
    assert_eq!(
        arrived["data"]["adjustStock"]["available"], 0,
        "the answer is the row after the waiting orders took the 4: {arrived}"
    );
    let older = get(&app, &token, &older["id"]).await;
    let newer = get(&app, &token, &newer["id"]).await;
    assert_eq!(
        (older["status"].as_str(), units(&older)),
        (Some("CONFIRMED"), (3, 0, 0, 0))
    );
    assert_eq!(
        (newer["status"].as_str(), units(&newer)),
        (Some("BACKORDERED"), (1, 2, 0, 0))
    );
    assert_eq!(
        row(&app, &token, &s.variant, &s.location).await,
        (14, 14, 0)
    );

    // Cancelling the first order releases its 10 units to the one still waiting.
    let cancelled = cancel(&app, &token, &first["id"]).await;
    let cancelled = &cancelled["data"]["cancelOrder"];
    assert_eq!(cancelled["status"], "CANCELLED", "{cancelled}");
    assert_eq!(units(cancelled), (0, 0, 0, 10));
    assert_eq!(cancelled["cancelReason"], "customer changed their mind");
    let newer = get(&app, &token, &newer["id"]).await;
    assert_eq!(
        (newer["status"].as_str(), units(&newer)),
        (Some("CONFIRMED"), (3, 0, 0, 0))
    );
    assert_eq!(row(&app, &token, &s.variant, &s.location).await, (14, 6, 8));
    balanced(&app, &token).await;
}

#[tokio::test]
async fn shipping_takes_the_goods_out_of_stock_and_is_final() {
    let app = spawn_app().await;
    let token = owner(&app, "owner@example.jp").await;
    let s = app.stocked(&token).await;
    let placed = created(&order(&app, &token, &s.location, 5, true).await);

    let first = ship(&app, &token, &placed["id"], 2, "ship-1").await;
    assert!(first["errors"].is_null(), "{first}");
    let shipment = &first["data"]["shipOrder"];
    assert_eq!(shipment["carrier"], "YAMATO");
    assert_eq!(shipment["trackingNumber"], "1234-5678-9012");
    assert_eq!(shipment["lines"][0]["variant"]["sku"], "SHIRT-M");
    assert_eq!(shipment["order"]["status"], "PARTIALLY_SHIPPED");
    assert_eq!(row(&app, &token, &s.variant, &s.location).await, (8, 3, 5));

    let repeat = ship(&app, &token, &placed["id"], 2, "ship-1").await;
    assert_eq!(
        repeat["data"]["shipOrder"]["number"], shipment["number"],
        "a retry ships nothing more"
    );
    assert_eq!(row(&app, &token, &s.variant, &s.location).await, (8, 3, 5));

    let printed = app
        .call(
            "query($id: ID!) { order(id: $id) { pickList { fileName contentType base64 }
                shipments { number deliveryNote { fileName contentType base64 } } } }",
            json!({ "id": placed["id"] }),
            Some(&token),
        )
        .await;
    assert!(printed["errors"].is_null(), "{printed}");
    let note = &printed["data"]["order"]["shipments"][0]["deliveryNote"];
    assert_eq!(
        note["fileName"],
        format!("{}.pdf", shipment["number"].as_str().unwrap())
    );
    assert_eq!(note["contentType"], "application/pdf");
    for (name, document) in [
        ("delivery-note", note),
        ("pick-list", &printed["data"]["order"]["pickList"]),
    ] {
        let pdf = base64::engine::general_purpose::STANDARD
            .decode(document["base64"].as_str().unwrap())
            .unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "{name} is a PDF");
        // KURA_PRINT_DIR keeps the files, to look at them.
        if let Ok(dir) = std::env::var("KURA_PRINT_DIR") {
            std::fs::write(format!("{dir}/{name}.pdf"), &pdf).unwrap();
        }
    }

    let too_many = ship(&app, &token, &placed["id"], 4, "ship-2").await;
    assert_eq!(error_code(&too_many), "VALIDATION", "{too_many}");
    assert_eq!(too_many["errors"][0]["extensions"]["code"], "VALIDATION");

    let rest = ship(&app, &token, &placed["id"], 3, "ship-3").await;
    assert_eq!(
        rest["data"]["shipOrder"]["order"]["status"], "SHIPPED",
        "{rest}"
    );
    assert_eq!(row(&app, &token, &s.variant, &s.location).await, (5, 0, 5));

    let late = cancel(&app, &token, &placed["id"]).await;
    assert_eq!(
        error_code(&late),
        "CONFLICT",
        "shipped goods come back by a return"
    );

    let ledger = app
        .call(
            "{ stockMovements(first: 5) { edges { node { delta reason } } } }",
            json!({}),
            Some(&token),
        )
        .await;
    let reasons: Vec<(i64, &str)> = ledger["data"]["stockMovements"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["node"]["delta"].as_i64().unwrap(),
                e["node"]["reason"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(reasons[..2], [(-3, "SHIPMENT"), (-2, "SHIPMENT")]);
    balanced(&app, &token).await;
}

#[tokio::test]
async fn refused_steps_say_why_and_change_nothing() {
    let app = spawn_app().await;
    let token = owner(&app, "owner@example.jp").await;
    let s = app.stocked(&token).await;

    let empty = app
        .call(
            "mutation($input: CreateOrderInput!) { createOrder(input: $input) { id } }",
            json!({ "input": { "locationId": s.location, "lines": [] } }),
            Some(&token),
        )
        .await;
    assert_eq!(error_code(&empty), "VALIDATION", "{empty}");
    let unknown = app
        .call(
            "mutation($input: CreateOrderInput!) { createOrder(input: $input) { id } }",
            json!({ "input": { "locationId": s.location, "lines": [{ "sku": "NOPE", "quantity": 1 }] } }),
            Some(&token),
        )
        .await;
    assert_eq!(error_code(&unknown), "VALIDATION", "{unknown}");

    let draft = created(&order(&app, &token, &s.location, 2, false).await);
    let early = ship(&app, &token, &draft["id"], 1, "early").await;
    assert_eq!(
        error_code(&early),
        "CONFLICT",
        "a draft cannot ship: {early}"
    );
    let cancelled = cancel(&app, &token, &draft["id"]).await;
    assert_eq!(
        cancelled["data"]["cancelOrder"]["status"], "CANCELLED",
        "{cancelled}"
    );
    let twice = cancel(&app, &token, &draft["id"]).await;
    assert_eq!(
        twice["data"]["cancelOrder"]["status"], "CANCELLED",
        "cancelling twice is harmless"
    );
    let revived = confirm(&app, &token, &draft["id"]).await;
    assert_eq!(error_code(&revived), "CONFLICT", "{revived}");
    assert_eq!(
        row(&app, &token, &s.variant, &s.location).await,
        (10, 0, 10)
    );

    // A retried create with the same key returns the first order and takes no new number.
    let input = json!({ "input": { "locationId": s.location, "idempotencyKey": "phone-order-7",
                                   "lines": [{ "sku": "SHIRT-M", "quantity": 1 }] } });
    let query = "mutation($input: CreateOrderInput!) { createOrder(input: $input) { id number } }";
    let one = app.call(query, input.clone(), Some(&token)).await;
    let two = app.call(query, input, Some(&token)).await;
    assert_eq!(one["data"]["createOrder"], two["data"]["createOrder"]);
    let after = created(&order(&app, &token, &s.location, 1, false).await);
    let year = chrono::Utc::now().format("%Y").to_string();
    assert_eq!(after["number"], format!("SO-{year}-000003"));
}

#[tokio::test]
async fn another_company_cannot_see_or_touch_an_order_and_a_viewer_cannot_enter_one() {
    let app = spawn_app().await;
    let token = owner(&app, "owner@example.jp").await;
    let s = app.stocked(&token).await;
    let placed = created(&order(&app, &token, &s.location, 2, true).await);

    let stranger = owner(&app, "stranger@example.jp").await;
    let seen = app
        .call(
            "query($id: ID!) { order(id: $id) { id } }",
            json!({ "id": placed["id"] }),
            Some(&stranger),
        )
        .await;
    assert_eq!(error_code(&seen), "NOT_FOUND", "{seen}");
    let listed = app
        .call(
            "{ orders { edges { node { id } } } }",
            json!({}),
            Some(&stranger),
        )
        .await;
    assert_eq!(listed["data"]["orders"]["edges"], json!([]));
    for attempt in [
        confirm(&app, &stranger, &placed["id"]).await,
        cancel(&app, &stranger, &placed["id"]).await,
        ship(&app, &stranger, &placed["id"], 1, "x").await,
    ] {
        assert_eq!(error_code(&attempt), "NOT_FOUND", "{attempt}");
    }
    let node = app
        .call(
            "query($id: ID!) { node(id: $id) { id } }",
            json!({ "id": placed["id"] }),
            Some(&stranger),
        )
        .await;
    assert_eq!(node["data"]["node"], Value::Null);
    assert_eq!(row(&app, &token, &s.variant, &s.location).await, (10, 2, 8));

    let viewer = app.join(&token, "viewer@example.jp", "VIEWER").await;
    let refused = order(&app, &viewer, &s.location, 1, false).await;
    assert_eq!(error_code(&refused), "FORBIDDEN", "{refused}");
    let listed = app
        .call(
            "{ orders { edges { node { number } } } }",
            json!({}),
            Some(&viewer),
        )
        .await;
    assert_eq!(
        listed["data"]["orders"]["edges"].as_array().unwrap().len(),
        1
    );
}

#[tokio::test]
async fn an_order_moved_to_another_location_lets_go_there_and_allocates_here() {
    let app = spawn_app().await;
    let token = owner(&app, "owner@example.jp").await;
    let s = app.stocked(&token).await;
    let warehouse = app.location(&token, "WH-01").await;
    let body = app.adjust(&token, &s.variant, &warehouse, 3).await;
    assert!(body["errors"].is_null(), "{body}");

    let a = created(&order(&app, &token, &s.location, 12, true).await);
    assert_eq!(units(&a), (10, 2, 0, 0));
    let b = created(&order(&app, &token, &s.location, 2, true).await);
    assert_eq!(units(&b), (0, 2, 0, 0), "nothing left for B");

    let relocate = "mutation($id: ID!, $l: ID!) { relocateOrder(id: $id, locationId: $l) {
        id status location { code } lines { allocatedQuantity backorderedQuantity } } }";
    let moved = app
        .call(
            relocate,
            json!({ "id": a["id"], "l": warehouse }),
            Some(&token),
        )
        .await;
    let moved = &moved["data"]["relocateOrder"];
    assert_eq!(moved["location"]["code"], "WH-01", "{moved}");
    assert_eq!(moved["status"], "BACKORDERED");
    assert_eq!(
        moved["lines"][0]["allocatedQuantity"], 3,
        "all the warehouse has"
    );
    assert_eq!(
        moved["lines"][0]["backorderedQuantity"], 9,
        "the rest waits there"
    );
    // What A let go of at the store went to B, waiting there.
    assert_eq!(units(&get(&app, &token, &b["id"]).await), (2, 0, 0, 0));
    assert_eq!(row(&app, &token, &s.variant, &s.location).await, (10, 2, 8));
    assert_eq!(row(&app, &token, &s.variant, &warehouse).await, (3, 3, 0));
    balanced(&app, &token).await;

    // Moving it where it is changes nothing; a draft cannot move.
    let again = app
        .call(
            relocate,
            json!({ "id": a["id"], "l": warehouse }),
            Some(&token),
        )
        .await;
    assert_eq!(
        again["data"]["relocateOrder"]["lines"][0]["allocatedQuantity"],
        3
    );
    let draft = created(&order(&app, &token, &s.location, 1, false).await);
    let refused = app
        .call(
            relocate,
            json!({ "id": draft["id"], "l": warehouse }),
            Some(&token),
        )
        .await;
    assert_eq!(error_code(&refused), "CONFLICT", "{refused}");
    // Another company's location does not exist here.
    let other = owner(&app, "other@example.jp").await;
    let theirs = app.location(&other, "OSAKA").await;
    let refused = app
        .call(
            relocate,
            json!({ "id": a["id"], "l": theirs }),
            Some(&token),
        )
        .await;
    assert_eq!(error_code(&refused), "NOT_FOUND", "{refused}");
    balanced(&app, &token).await;
}
