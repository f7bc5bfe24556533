//! Stock counts (棚卸) through the public API.

use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code, jan, spawn_app};

const COUNT_FIELDS: &str = "id number status partial finalizedAt location { code }
    lines { variantId counted expected difference variant { sku } }
    uncounted { variantId onHand variant { sku } }";

async fn owner(app: &TestApp, email: &str) -> String {
    app.sign_up(email).await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn start(app: &TestApp, token: &str, location: &Value, products: Option<Value>) -> Value {
    app.call(
        &format!(
            "mutation($input: StartStockCountInput!) {{ r: startStockCount(input: $input) {{ {COUNT_FIELDS} }} }}"
        ),
        json!({ "input": { "locationId": location, "productIds": products, "note": "月末棚卸" } }),
        Some(token),
    )
    .await
}

async fn record(app: &TestApp, token: &str, count: &Value, lines: Value) -> Value {
    app.call(
        &format!(
            "mutation($input: RecordStockCountInput!) {{ r: recordStockCount(input: $input) {{ {COUNT_FIELDS} }} }}"
        ),
        json!({ "input": { "countId": count, "lines": lines } }),
        Some(token),
    )
    .await
}

async fn finalize(app: &TestApp, token: &str, count: &Value, zero_uncounted: bool) -> Value {
    app.call(
        &format!(
            "mutation($id: ID!, $z: Boolean) {{ r: finalizeStockCount(id: $id, zeroUncounted: $z) {{ {COUNT_FIELDS} }} }}"
        ),
        json!({ "id": count, "z": zero_uncounted }),
        Some(token),
    )
    .await
}

async fn on_hand(app: &TestApp, token: &str, variant: &Value, location: &Value) -> i64 {
    let body = app
        .call(
            "query($v: [ID!], $l: [ID!]) { stockLevels(variantIds: $v, locationIds: $l) { edges { node { onHand } } } }",
            json!({ "v": [variant], "l": [location] }),
            Some(token),
        )
        .await;
    body["data"]["stockLevels"]["edges"][0]["node"]["onHand"]
        .as_i64()
        .unwrap_or(0)
}

fn line<'a>(count: &'a Value, sku: &str) -> &'a Value {
    count["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["variant"]["sku"] == sku)
        .unwrap_or_else(|| panic!("no line for {sku}: {count}"))
}

#[tokio::test]
async fn a_sale_during_the_count_is_not_lost_when_it_is_finalized() {
    let app = spawn_app().await;
    let token = owner(&app, "owner@example.jp").await;
    let s = app.stocked(&token).await;
    let (_, socks) = app
        .product(&token, "Wool socks", "SOCKS", "490000000002")
        .await;
    app.adjust(&token, &socks, &s.location, 5).await;

    let started = start(&app, &token, &s.location, None).await;
    let count = &started["data"]["r"];
    assert_eq!(count["status"], "OPEN", "{started}");
    assert_eq!(count["number"], "SC-000001");
    assert_eq!(count["partial"], false);
    assert_eq!(
        count["uncounted"].as_array().unwrap().len(),
        2,
        "both rows with stock are still to count: {started}"
    );
    let id = count["id"].clone();

    let counted = record(
        &app,
        &token,
        &id,
        json!([{ "variantId": s.variant, "counted": 10 }]),
    )
    .await;
    assert_eq!(
        line(&counted["data"]["r"], "SHIRT-M")["expected"],
        10,
        "{counted}"
    );
    // Three socks scanned, one at a time.
    for _ in 0..3 {
        let scan = record(
            &app,
            &token,
            &id,
            json!([{ "barcode": jan("490000000002"), "counted": 1, "mode": "ADD" }]),
        )
        .await;
        assert!(scan["errors"].is_null(), "{scan}");
    }
    // A sale of two shirts is rung up after the shirts were counted.
    let sale = app.adjust(&token, &s.variant, &s.location, -2).await;
    assert_eq!(sale["data"]["adjustStock"]["onHand"], 8, "{sale}");

    let shown = app
        .call(
            &format!("query($id: ID!) {{ stockCount(id: $id) {{ {COUNT_FIELDS} }} }}"),
            json!({ "id": id }),
            Some(&token),
        )
        .await;
    let socks_line = line(&shown["data"]["stockCount"], "SOCKS");
    assert_eq!(socks_line["counted"], 3, "{shown}");
    assert_eq!(socks_line["expected"], 5);
    assert_eq!(socks_line["difference"], -2);
    assert_eq!(shown["data"]["stockCount"]["uncounted"], json!([]));

    let done = finalize(&app, &token, &id, false).await;
    assert_eq!(done["data"]["r"]["status"], "FINALIZED", "{done}");
    assert!(done["data"]["r"]["finalizedAt"].is_string());
    assert_eq!(
        on_hand(&app, &token, &s.variant, &s.location).await,
        8,
        "the count matched the books when taken; the later sale stays"
    );
    assert_eq!(on_hand(&app, &token, &socks, &s.location).await, 3);

    let ledger = app
        .call(
            "{ stockMovements { edges { node { delta reason referenceType referenceId variant { sku } } } } }",
            json!({}),
            Some(&token),
        )
        .await;
    let counts: Vec<&Value> = ledger["data"]["stockMovements"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"])
        .filter(|m| m["reason"] == "COUNT")
        .collect();
    assert_eq!(counts.len(), 1, "only the socks differed: {ledger}");
    assert_eq!(counts[0]["delta"], -2);
    assert_eq!(counts[0]["referenceType"], "STOCK_COUNT");
    assert_eq!(counts[0]["referenceId"], id);
    let check = app
        .call(
            "{ stockReconciliation { balanced } }",
            json!({}),
            Some(&token),
        )
        .await;
    assert_eq!(check["data"]["stockReconciliation"]["balanced"], true);

    let again = finalize(&app, &token, &id, false).await;
    assert_eq!(error_code(&again), "CONFLICT", "{again}");
    assert_eq!(on_hand(&app, &token, &s.variant, &s.location).await, 8);
}

#[tokio::test]
async fn a_partial_count_covers_only_its_products_and_can_zero_the_uncounted() {
    let app = spawn_app().await;
    let token = owner(&app, "owner@example.jp").await;
    let s = app.stocked(&token).await;
    let (socks_product, socks) = app
        .product(&token, "Wool socks", "SOCKS", "490000000002")
        .await;
    let (_, scarf) = app
        .product(&token, "Silk scarf", "SCARF", "490000000003")
        .await;
    app.adjust(&token, &socks, &s.location, 4).await;
    app.adjust(&token, &scarf, &s.location, 5).await;

    let started = start(
        &app,
        &token,
        &s.location,
        Some(json!([s.product, socks_product])),
    )
    .await;
    let count = &started["data"]["r"];
    assert_eq!(count["partial"], true, "{started}");
    let id = count["id"].clone();
    let mut uncounted: Vec<&str> = count["uncounted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["variant"]["sku"].as_str().unwrap())
        .collect();
    uncounted.sort_unstable();
    assert_eq!(uncounted, vec!["SHIRT-M", "SOCKS"]);

    let overlapping = start(&app, &token, &s.location, None).await;
    assert_eq!(error_code(&overlapping), "CONFLICT", "{overlapping}");

    let outside = record(
        &app,
        &token,
        &id,
        json!([{ "variantId": scarf, "counted": 1 }]),
    )
    .await;
    assert_eq!(error_code(&outside), "VALIDATION", "{outside}");
    let recorded = record(
        &app,
        &token,
        &id,
        json!([{ "variantId": s.variant, "counted": 9 }]),
    )
    .await;
    let left = &recorded["data"]["r"]["uncounted"];
    assert_eq!(left[0]["variant"]["sku"], "SOCKS", "{recorded}");
    assert_eq!(left[0]["onHand"], 4);

    let done = finalize(&app, &token, &id, true).await;
    assert_eq!(done["data"]["r"]["status"], "FINALIZED", "{done}");
    assert_eq!(line(&done["data"]["r"], "SOCKS")["counted"], 0);
    assert_eq!(on_hand(&app, &token, &s.variant, &s.location).await, 9);
    assert_eq!(on_hand(&app, &token, &socks, &s.location).await, 0);
    assert_eq!(
        on_hand(&app, &token, &scarf, &s.location).await,
        5,
        "outside the count, untouched"
    );
}

#[tokio::test]
async fn a_cancelled_count_posts_nothing_and_takes_no_more_lines() {
    let app = spawn_app().await;
    let token = owner(&app, "owner@example.jp").await;
    let s = app.stocked(&token).await;
    let started = start(&app, &token, &s.location, None).await;
    let id = started["data"]["r"]["id"].clone();
    record(
        &app,
        &token,
        &id,
        json!([{ "variantId": s.variant, "counted": 2 }]),
    )
    .await;
    let cancelled = app
        .call(
            "mutation($id: ID!) { cancelStockCount(id: $id) { status } }",
            json!({ "id": id }),
            Some(&token),
        )
        .await;
    assert_eq!(
        cancelled["data"]["cancelStockCount"]["status"], "CANCELLED",
        "{cancelled}"
    );
    let late = record(
        &app,
        &token,
        &id,
        json!([{ "variantId": s.variant, "counted": 3 }]),
    )
    .await;
    assert_eq!(error_code(&late), "CONFLICT", "{late}");
    let finalized = finalize(&app, &token, &id, false).await;
    assert_eq!(error_code(&finalized), "CONFLICT", "{finalized}");
    assert_eq!(on_hand(&app, &token, &s.variant, &s.location).await, 10);

    let next = start(&app, &token, &s.location, None).await;
    assert_eq!(next["data"]["r"]["number"], "SC-000002", "{next}");
    let listed = app
        .call(
            "query($l: ID) { open: stockCounts(status: OPEN, locationId: $l) { edges { node { number } } }
               all: stockCounts { edges { node { number status } } } }",
            json!({ "l": s.location }),
            Some(&token),
        )
        .await;
    assert_eq!(
        listed["data"]["open"]["edges"],
        json!([{ "node": { "number": "SC-000002" } }]),
        "{listed}"
    );
    assert_eq!(listed["data"]["all"]["edges"].as_array().unwrap().len(), 2);

    let bad = record(
        &app,
        &token,
        &next["data"]["r"]["id"],
        json!([{ "variantId": s.variant, "barcode": jan("490000000001"), "counted": 1 }]),
    )
    .await;
    assert_eq!(error_code(&bad), "VALIDATION", "{bad}");
    let negative = record(
        &app,
        &token,
        &next["data"]["r"]["id"],
        json!([{ "variantId": s.variant, "counted": -1 }]),
    )
    .await;
    assert_eq!(error_code(&negative), "VALIDATION", "{negative}");
}

#[tokio::test]
async fn staff_count_and_viewers_only_look() {
    let app = spawn_app().await;
    let token = owner(&app, "owner@example.jp").await;
    let s = app.stocked(&token).await;
    let staff = app.join(&token, "staff@example.jp", "STAFF").await;
    let viewer = app.join(&token, "viewer@example.jp", "VIEWER").await;
    let refused = start(&app, &viewer, &s.location, None).await;
    assert_eq!(error_code(&refused), "FORBIDDEN", "{refused}");
    let started = start(&app, &staff, &s.location, None).await;
    let id = started["data"]["r"]["id"].clone();
    let counted = record(
        &app,
        &staff,
        &id,
        json!([{ "variantId": s.variant, "counted": 11 }]),
    )
    .await;
    assert_eq!(
        line(&counted["data"]["r"], "SHIRT-M")["difference"],
        1,
        "{counted}"
    );
    let by_viewer = finalize(&app, &viewer, &id, false).await;
    assert_eq!(error_code(&by_viewer), "FORBIDDEN", "{by_viewer}");
    let seen = app
        .call(
            "query($id: ID!) { stockCount(id: $id) { status } node(id: $id) { ... on StockCount { number } } }",
            json!({ "id": id }),
            Some(&viewer),
        )
        .await;
    assert_eq!(seen["data"]["stockCount"]["status"], "OPEN", "{seen}");
    assert_eq!(seen["data"]["node"]["number"], "SC-000001");
    let done = finalize(&app, &staff, &id, false).await;
    assert_eq!(done["data"]["r"]["status"], "FINALIZED", "{done}");
    assert_eq!(on_hand(&app, &token, &s.variant, &s.location).await, 11);
}
