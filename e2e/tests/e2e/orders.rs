//! Sales orders on two replicas at once: the last units are allocated exactly once, however
//! many processes the orders arrive through, and arriving stock goes to the oldest
//! backorders first.

use futures_util::{StreamExt, stream};
use serde_json::{Value, json};

use crate::{
    replicas::{SECRET, kura_migrate},
    stock::{location, owner, variant},
    support::{Kura, TestDatabase, services},
};

/// Units of the one line of an order: `(allocated, backordered)`.
fn units(order: &Value) -> (i64, i64) {
    let line = &order["lines"][0];
    (
        line["allocatedQuantity"].as_i64().unwrap(),
        line["backorderedQuantity"].as_i64().unwrap(),
    )
}

/// Every order, oldest first: by number, which is taken under a lock just before the order's
/// time is, so the two agree.
async fn all_orders(kura: &Kura, token: &str) -> Vec<Value> {
    let body = kura
        .call(
            "{ orders(first: 100) { edges { node { number status
                lines { allocatedQuantity backorderedQuantity } } } } }",
            json!({}),
            Some(token),
        )
        .await;
    let mut orders: Vec<Value> = body["data"]["orders"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .map(|e| e["node"].clone())
        .collect();
    orders.sort_by(|a, b| a["number"].as_str().cmp(&b["number"].as_str()));
    orders
}

#[tokio::test]
async fn fifty_orders_for_ten_units_through_two_replicas_allocate_exactly_ten() {
    let db = TestDatabase::create().await;
    let (_, redis) = services();
    kura_migrate(&db.url, &["up"]).await;
    let env = [
        ("DATABASE_URL", db.url.as_str()),
        ("REDIS_URL", redis.as_str()),
        ("KURA_JWT_SECRET", SECRET),
        ("KURA_DB_MAX_CONNECTIONS", "20"),
    ];
    let replicas = [Kura::start(&env).await, Kura::start(&env).await];
    let token = owner(&replicas[0]).await;
    let place = location(&replicas[0], &token, "WH-01").await;
    let item = variant(&replicas[0], &token, "TEE-M").await;
    let adjust = "mutation($v: ID!, $l: ID!, $d: Int!, $r: MovementReason!) { adjustStock(input: {
        variantId: $v, locationId: $l, delta: $d, reason: $r }) { onHand allocated } }";
    let opening = replicas[0]
        .call(
            adjust,
            json!({ "v": item, "l": place, "d": 10, "r": "CORRECTION" }),
            Some(&token),
        )
        .await;
    assert!(opening["errors"].is_null(), "{opening}");

    // 50 orders of one unit, alternating replicas, all in flight together.
    let created: Vec<Value> = stream::iter(0..50)
        .map(|i| {
            let (replicas, token, place, item) = (&replicas, &token, &place, &item);
            async move {
                let body = replicas[i % 2]
                    .call(
                        "mutation($input: CreateOrderInput!) { createOrder(input: $input) {
                            number status lines { allocatedQuantity backorderedQuantity } } }",
                        json!({ "input": { "locationId": place, "confirm": true,
                                           "idempotencyKey": format!("order-{i}"),
                                           "lines": [{ "variantId": item, "quantity": 1 }] } }),
                        Some(token),
                    )
                    .await;
                assert!(body["errors"].is_null(), "order {i}: {body}");
                body["data"]["createOrder"].clone()
            }
        })
        .buffer_unordered(50)
        .collect()
        .await;
    let (held, waiting) = created
        .iter()
        .map(units)
        .fold((0, 0), |(h, w), (a, b)| (h + a, w + b));
    assert_eq!(
        (held, waiting),
        (10, 40),
        "exactly what exists is allocated"
    );
    let mut numbers: Vec<String> = created
        .iter()
        .map(|o| o["number"].as_str().unwrap().to_owned())
        .collect();
    numbers.sort();
    // `SO-<year>-`: the year is the company's, so it is read rather than computed here.
    let prefix = numbers[0][..8].to_owned();
    let expected: Vec<String> = (1..=50).map(|n| format!("{prefix}{n:06}")).collect();
    assert_eq!(numbers, expected, "50 numbers without a gap or a repeat");

    // 5 arrive (found in the back room: receipts come with purchasing, and any arrival
    // fills backorders the same way) and go to the five oldest orders still waiting.
    let before = all_orders(&replicas[1], &token).await;
    let oldest_waiting: Vec<String> = before
        .iter()
        .filter(|o| units(o).1 > 0)
        .take(5)
        .map(|o| o["number"].as_str().unwrap().to_owned())
        .collect();
    let arrival = replicas[1]
        .call(
            adjust,
            json!({ "v": item, "l": place, "d": 5, "r": "FOUND" }),
            Some(&token),
        )
        .await;
    assert!(arrival["errors"].is_null(), "{arrival}");
    assert_eq!(arrival["data"]["adjustStock"]["allocated"], 15, "{arrival}");
    let after = all_orders(&replicas[0], &token).await;
    let filled: Vec<String> = after
        .iter()
        .zip(&before)
        .filter(|(now, then)| units(now).0 > units(then).0)
        .map(|(now, _)| now["number"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        filled, oldest_waiting,
        "the oldest backorders are filled first"
    );
    let waiting = after
        .iter()
        .map(|o| units(o).1)
        .fold(0, i64::saturating_add);
    assert_eq!(waiting, 35);

    let check = replicas[0]
        .call(
            "{ stockReconciliation { balanced } }",
            json!({}),
            Some(&token),
        )
        .await;
    assert_eq!(
        check["data"]["stockReconciliation"]["balanced"], true,
        "{check}"
    );
}
