//! Business partners' terms on orders: lines entered without a price cost the partner's
//! 掛率 of retail, and an order past the partner's credit limit waits for a manager.

use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code, spawn_app};

const ORDER: &str = "id number status total { amount }
    lines { unitPrice { amount } allocatedQuantity backorderedQuantity }
    creditHold { creditLimit { amount } openOrders { amount } orderTotal { amount }
                 exposure { amount } exceededBy { amount } }";

async fn owner(app: &TestApp) -> String {
    app.sign_up("owner@example.jp").await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A business partner buying at 62.5 % of retail with a ¥50,000 credit limit.
async fn partner(app: &TestApp, token: &str) -> Value {
    let body = app
        .call(
            "mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }",
            json!({ "input": { "kind": "BUSINESS", "name": "株式会社山田商店", "nameKana": "ヤマダショウテン",
                               "code": "YAMADA", "creditLimit": "50000", "priceRate": 6250 } }),
            Some(token),
        )
        .await;
    assert!(body["errors"].is_null(), "createCustomer failed: {body}");
    body["data"]["createCustomer"]["id"].clone()
}

/// Orders `quantity` SHIRT-M (retail ¥1,980) for `customer`, confirming at once.
async fn order(
    app: &TestApp,
    token: &str,
    customer: &Value,
    location: &Value,
    quantity: i64,
) -> Value {
    let body = app
        .call(
            &format!(
                "mutation($input: CreateOrderInput!) {{ createOrder(input: $input) {{ {ORDER} }} }}"
            ),
            json!({ "input": { "customerId": customer, "locationId": location, "confirm": true,
                               "lines": [{ "sku": "SHIRT-M", "quantity": quantity }] } }),
            Some(token),
        )
        .await;
    assert!(body["errors"].is_null(), "createOrder failed: {body}");
    body["data"]["createOrder"].clone()
}

async fn approve(app: &TestApp, token: &str, id: &Value) -> Value {
    app.call(
        &format!("mutation($id: ID!) {{ approveOrder(id: $id) {{ {ORDER} }} }}"),
        json!({ "id": id }),
        Some(token),
    )
    .await
}

fn amount(value: &Value) -> &str {
    value["amount"].as_str().unwrap()
}

#[tokio::test]
async fn a_partners_lines_cost_their_rate_of_retail_unless_priced() {
    let app = spawn_app().await;
    let token = owner(&app).await;
    let s = app.stocked(&token).await;
    let customer = partner(&app, &token).await;

    let body = app
        .call(
            &format!(
                "mutation($input: CreateOrderInput!) {{ createOrder(input: $input) {{ {ORDER} }} }}"
            ),
            json!({ "input": { "customerId": customer, "locationId": s.location,
                               "lines": [{ "sku": "SHIRT-M", "quantity": 2 },
                                         { "sku": "SHIRT-M", "quantity": 1, "unitPrice": "1500" }] } }),
            Some(&token),
        )
        .await;
    let order = &body["data"]["createOrder"];
    assert!(body["errors"].is_null(), "{body}");
    // ¥1,980 × 62.5 % = ¥1,237.5, charged ¥1,237 (rounded down); a given price stands.
    assert_eq!(amount(&order["lines"][0]["unitPrice"]), "1237");
    assert_eq!(amount(&order["lines"][1]["unitPrice"]), "1500");
    assert_eq!(amount(&order["total"]), "3974");
}

#[tokio::test]
async fn an_order_past_the_credit_limit_waits_for_a_manager_holding_nothing() {
    let app = spawn_app().await;
    let token = owner(&app).await;
    let s = app.stocked(&token).await;
    let customer = partner(&app, &token).await;

    // 30 × ¥1,237 = ¥37,110: within the ¥50,000 limit.
    let first = order(&app, &token, &customer, &s.location, 30).await;
    assert_eq!(first["status"], "BACKORDERED", "{first}");
    assert!(first["creditHold"].is_null());

    // 11 more (¥13,607) would owe ¥50,717.
    let held = order(&app, &token, &customer, &s.location, 11).await;
    assert_eq!(held["status"], "ON_HOLD", "{held}");
    assert_eq!(held["lines"][0]["allocatedQuantity"], 0);
    assert_eq!(held["lines"][0]["backorderedQuantity"], 0);
    let hold = &held["creditHold"];
    assert_eq!(amount(&hold["creditLimit"]), "50000");
    assert_eq!(amount(&hold["openOrders"]), "37110");
    assert_eq!(amount(&hold["orderTotal"]), "13607");
    assert_eq!(amount(&hold["exposure"]), "50717");
    assert_eq!(amount(&hold["exceededBy"]), "717");

    // Confirming again does not slip past the hold.
    let again = app
        .call(
            "mutation($id: ID!) { confirmOrder(id: $id) { status } }",
            json!({ "id": held["id"] }),
            Some(&token),
        )
        .await;
    assert_eq!(error_code(&again), "CONFLICT", "{again}");

    // Staff may enter orders but not approve them.
    let staff = app.join(&token, "staff@example.jp", "STAFF").await;
    let refused = approve(&app, &staff, &held["id"]).await;
    assert_eq!(error_code(&refused), "FORBIDDEN", "{refused}");

    let manager = app.join(&token, "manager@example.jp", "MANAGER").await;
    let approved = approve(&app, &manager, &held["id"]).await;
    assert!(approved["errors"].is_null(), "{approved}");
    let approved = &approved["data"]["approveOrder"];
    assert_eq!(approved["status"], "BACKORDERED", "{approved}");
    assert_eq!(approved["lines"][0]["backorderedQuantity"], 11);
    assert!(approved["creditHold"].is_null());

    let twice = approve(&app, &manager, &held["id"]).await;
    assert_eq!(twice["data"]["approveOrder"]["status"], "BACKORDERED");

    let log = app
        .call(
            "{ auditLog(first: 20) { edges { node { action subject } } } }",
            json!({}),
            Some(&token),
        )
        .await;
    let entries: Vec<&str> = log["data"]["auditLog"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            let action = e["node"]["action"].as_str().unwrap();
            action == "ORDER_HELD" || action == "ORDER_APPROVED"
        })
        .map(|e| e["node"]["subject"].as_str().unwrap())
        .collect();
    assert_eq!(entries.len(), 2, "one hold, one approval: {log}");
    assert!(
        entries.iter().all(|s| s.contains("¥50,000")),
        "the figures are in the log: {entries:?}"
    );
}

#[tokio::test]
async fn a_draft_is_not_approved_and_a_held_order_can_be_cancelled() {
    let app = spawn_app().await;
    let token = owner(&app).await;
    let s = app.stocked(&token).await;
    let customer = partner(&app, &token).await;

    let held = order(&app, &token, &customer, &s.location, 50).await;
    assert_eq!(held["status"], "ON_HOLD");

    let draft = app
        .call(
            "mutation($input: CreateOrderInput!) { createOrder(input: $input) { id } }",
            json!({ "input": { "customerId": customer, "locationId": s.location,
                               "lines": [{ "sku": "SHIRT-M", "quantity": 1 }] } }),
            Some(&token),
        )
        .await;
    let refused = approve(&app, &token, &draft["data"]["createOrder"]["id"]).await;
    assert_eq!(error_code(&refused), "CONFLICT", "{refused}");

    let cancelled = app
        .call(
            "mutation($id: ID!) { cancelOrder(id: $id) { status } }",
            json!({ "id": held["id"] }),
            Some(&token),
        )
        .await;
    assert_eq!(cancelled["data"]["cancelOrder"]["status"], "CANCELLED");
    let after = approve(&app, &token, &held["id"]).await;
    assert_eq!(error_code(&after), "CONFLICT", "{after}");
}
