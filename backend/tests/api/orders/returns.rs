//! Giving stock back: releasing what an order holds (引当解除) and taking shipped goods back
//! (返品), through the public API.

use serde_json::{Value, json};

use super::documents::{ORDER, balanced, created, get, order, owner, reason, row, ship, units};
use crate::helpers::{TestApp, error_code, spawn_app};

async fn release(app: &TestApp, token: &str, id: &Value, line: i32, units: i64) -> Value {
    app.call(
        &format!(
            "mutation($input: ReleaseAllocationInput!) {{ releaseAllocation(input: $input) {{ {ORDER} }} }}"
        ),
        json!({ "input": { "orderId": id, "lines": [{ "lineNumber": line, "quantity": units }] } }),
        Some(token),
    )
    .await
}

#[tokio::test]
async fn released_units_go_to_the_next_order_waiting_and_the_line_waits_again() {
    let app = spawn_app().await;
    let token = owner(&app, "owner@example.jp").await;
    let s = app.stocked(&token).await;
    let a = created(&order(&app, &token, &s.location, 8, true).await);
    let b = created(&order(&app, &token, &s.location, 4, true).await);
    assert_eq!(units(&b), (2, 2, 0, 0));

    let released = release(&app, &token, &a["id"], 1, 3).await;
    assert!(released["errors"].is_null(), "{released}");
    let released = &released["data"]["releaseAllocation"];
    assert_eq!(released["status"], "BACKORDERED");
    assert_eq!(units(released), (5, 3, 0, 0));
    // B waited and takes two; the third stays available rather than going back to A.
    assert_eq!(units(&get(&app, &token, &b["id"]).await), (4, 0, 0, 0));
    assert_eq!(row(&app, &token, &s.variant, &s.location).await, (10, 9, 1));

    for (line, quantity, expected) in [
        (1, 6, "order.release.more_than_allocated"),
        (9, 1, "release.unknown_line"),
        (1, 0, "order.quantity"),
    ] {
        let refused = release(&app, &token, &a["id"], line, quantity).await;
        assert_eq!(error_code(&refused), "VALIDATION", "{refused}");
        assert_eq!(reason(&refused), expected, "{refused}");
    }
    assert_eq!(units(&get(&app, &token, &a["id"]).await), (5, 3, 0, 0));

    let draft = created(&order(&app, &token, &s.location, 1, false).await);
    let refused = release(&app, &token, &draft["id"], 1, 1).await;
    assert_eq!(error_code(&refused), "CONFLICT", "{refused}");

    // Stock that arrives later goes to A, the oldest order waiting.
    let body = app.adjust(&token, &s.variant, &s.location, 1).await;
    assert!(body["errors"].is_null(), "{body}");
    assert_eq!(units(&get(&app, &token, &a["id"]).await), (7, 1, 0, 0));
    balanced(&app, &token).await;
}

const RETURN: &str =
    "id number reason lines { lineNumber quantity restockedQuantity variant { sku } }
    location { code } shipment { number } order { number }";

async fn take_back(app: &TestApp, token: &str, input: Value) -> Value {
    app.call(
        &format!(
            "mutation($input: ReturnShipmentInput!) {{ returnShipment(input: $input) {{ {RETURN} }} }}"
        ),
        json!({ "input": input }),
        Some(token),
    )
    .await
}

#[tokio::test]
async fn returned_goods_go_back_on_the_shelf_to_the_orders_waiting_and_never_more_than_left() {
    let app = spawn_app().await;
    let token = owner(&app, "owner@example.jp").await;
    let s = app.stocked(&token).await;
    let warehouse = app.location(&token, "WH-01").await;
    let a = created(&order(&app, &token, &s.location, 5, true).await);
    let shipped = ship(&app, &token, &a["id"], 5, "ship-a").await;
    let shipment = shipped["data"]["shipOrder"].clone();
    assert!(shipment["id"].is_string(), "{shipped}");
    let b = created(&order(&app, &token, &s.location, 7, true).await);
    assert_eq!(units(&b), (5, 2, 0, 0));

    let first = json!({ "shipmentId": shipment["id"], "reason": "サイズ違い", "idempotencyKey": "rt-1",
                        "lines": [{ "lineNumber": 1, "quantity": 3, "damagedQuantity": 1 }] });
    let body = take_back(&app, &token, first.clone()).await;
    assert!(body["errors"].is_null(), "{body}");
    let back = &body["data"]["returnShipment"];
    let year = chrono::Utc::now().format("%Y").to_string();
    assert_eq!(back["number"], format!("RT-{year}-000001"));
    assert_eq!(back["reason"], "サイズ違い");
    assert_eq!(back["lines"][0]["quantity"], 3);
    assert_eq!(back["lines"][0]["restockedQuantity"], 2, "one was damaged");
    assert_eq!(back["lines"][0]["variant"]["sku"], "SHIRT-M");
    assert_eq!(back["shipment"]["number"], shipment["number"]);
    assert_eq!(back["order"]["number"], a["number"]);
    // The two restocked units went on to B, which waited for them.
    assert_eq!(units(&get(&app, &token, &b["id"]).await), (7, 0, 0, 0));
    assert_eq!(row(&app, &token, &s.variant, &s.location).await, (7, 7, 0));

    let repeat = take_back(&app, &token, first).await;
    assert_eq!(
        repeat["data"]["returnShipment"]["id"], back["id"],
        "{repeat}"
    );
    assert_eq!(row(&app, &token, &s.variant, &s.location).await, (7, 7, 0));

    // Five left, three came back: two more at most.
    let too_many = take_back(
        &app,
        &token,
        json!({ "shipmentId": shipment["id"], "lines": [{ "lineNumber": 1, "quantity": 3 }] }),
    )
    .await;
    assert_eq!(reason(&too_many), "return.more_than_shipped", "{too_many}");
    for (line, quantity, damaged, expected) in [
        (2, 1, 0, "return.unknown_line"),
        (1, 1, 2, "return.damaged"),
        (1, 0, 0, "order.quantity"),
    ] {
        let refused = take_back(
            &app,
            &token,
            json!({ "shipmentId": shipment["id"],
                    "lines": [{ "lineNumber": line, "quantity": quantity, "damagedQuantity": damaged }] }),
        )
        .await;
        assert_eq!(reason(&refused), expected, "{refused}");
    }

    // The rest comes back to the warehouse instead.
    let body = take_back(
        &app,
        &token,
        json!({ "shipmentId": shipment["id"], "locationId": warehouse,
                "lines": [{ "lineNumber": 1, "quantity": 2 }] }),
    )
    .await;
    assert!(body["errors"].is_null(), "{body}");
    assert_eq!(body["data"]["returnShipment"]["location"]["code"], "WH-01");
    assert_eq!(row(&app, &token, &s.variant, &warehouse).await, (2, 0, 2));

    let listed = app
        .call(
            "query($id: ID!) { order(id: $id) { status returns { number lines { quantity restockedQuantity } } } }",
            json!({ "id": a["id"] }),
            Some(&token),
        )
        .await;
    let order = &listed["data"]["order"];
    assert_eq!(
        order["status"], "SHIPPED",
        "a return does not reopen the order"
    );
    assert_eq!(
        order["returns"].as_array().map(Vec::len),
        Some(2),
        "{listed}"
    );

    let ledger = app
        .call(
            "{ stockMovements(first: 2) { edges { node { delta reason } } } }",
            json!({}),
            Some(&token),
        )
        .await;
    assert_eq!(
        ledger["data"]["stockMovements"]["edges"][0]["node"],
        json!({ "delta": 2, "reason": "RETURN" }),
        "{ledger}"
    );

    // Another company cannot take goods back on this shipment.
    let other = owner(&app, "other@example.jp").await;
    let theirs = take_back(
        &app,
        &other,
        json!({ "shipmentId": shipment["id"], "lines": [{ "lineNumber": 1, "quantity": 1 }] }),
    )
    .await;
    assert_eq!(error_code(&theirs), "NOT_FOUND", "{theirs}");
    balanced(&app, &token).await;
}
