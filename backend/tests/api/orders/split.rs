//! Splitting an order (分納): units still to ship move to a new order fulfilled from another
//! location, through the public API.

use serde_json::{Value, json};

use super::documents::{ORDER, balanced, created, get, order, owner, reason, row, units};
use crate::helpers::{TestApp, error_code, spawn_app};

async fn split(app: &TestApp, token: &str, input: Value) -> Value {
    app.call(
        &format!(
            "mutation($input: SplitOrderInput!) {{ splitOrder(input: $input) {{ {ORDER}
                location {{ code }} splitFrom {{ number }} }} }}"
        ),
        json!({ "input": input }),
        Some(token),
    )
    .await
}

#[tokio::test]
async fn split_off_units_ship_from_another_location_and_the_original_shrinks() {
    let app = spawn_app().await;
    let token = owner(&app, "owner@example.jp").await;
    let s = app.stocked(&token).await;
    let warehouse = app.location(&token, "WH-01").await;
    let body = app.adjust(&token, &s.variant, &warehouse, 4).await;
    assert!(body["errors"].is_null(), "{body}");
    // A: 12 at SHIBUYA, which has 10. B waits behind it for 3.
    let a = created(&order(&app, &token, &s.location, 12, true).await);
    assert_eq!(units(&a), (10, 2, 0, 0));
    let b = created(&order(&app, &token, &s.location, 3, true).await);
    assert_eq!(units(&b), (0, 3, 0, 0));

    let input = json!({ "orderId": a["id"], "locationId": warehouse, "idempotencyKey": "split-1",
                        "lines": [{ "lineNumber": 1, "quantity": 5 }] });
    let body = split(&app, &token, input.clone()).await;
    assert!(body["errors"].is_null(), "{body}");
    let new = body["data"]["splitOrder"].clone();
    let year = chrono::Utc::now().format("%Y").to_string();
    assert_eq!(new["number"], format!("SO-{year}-000003"));
    assert_eq!(new["splitFrom"]["number"], a["number"]);
    assert_eq!(new["location"]["code"], "WH-01");
    // The warehouse has 4 of the 5.
    assert_eq!(new["status"], "BACKORDERED");
    assert_eq!(new["lines"][0]["quantity"], 5);
    assert_eq!(units(&new), (4, 1, 0, 0));
    assert_eq!(new["lines"][0]["unitPrice"]["amount"], "1980");
    assert_eq!(new["total"]["amount"], "9900", "5 × ¥1,980");

    // A waited for 2 (they stop waiting) and gave back 3 of what it held, which B takes.
    let after = get(&app, &token, &a["id"]).await;
    assert_eq!(after["status"], "CONFIRMED");
    assert_eq!(after["lines"][0]["quantity"], 7);
    assert_eq!(units(&after), (7, 0, 0, 0));
    assert_eq!(after["total"]["amount"], "13860", "7 × ¥1,980");
    assert_eq!(units(&get(&app, &token, &b["id"]).await), (3, 0, 0, 0));
    assert_eq!(
        row(&app, &token, &s.variant, &s.location).await,
        (10, 10, 0)
    );
    assert_eq!(row(&app, &token, &s.variant, &warehouse).await, (4, 4, 0));
    let links = app
        .call(
            "query($id: ID!) { order(id: $id) { splitFrom { number } splitOrders { number location { code } } } }",
            json!({ "id": a["id"] }),
            Some(&token),
        )
        .await;
    assert_eq!(links["data"]["order"]["splitFrom"], Value::Null, "{links}");
    assert_eq!(
        links["data"]["order"]["splitOrders"][0]["number"],
        new["number"]
    );

    let repeat = split(&app, &token, input).await;
    assert_eq!(repeat["data"]["splitOrder"]["id"], new["id"], "{repeat}");
    assert_eq!(row(&app, &token, &s.variant, &warehouse).await, (4, 4, 0));

    for (location, line, quantity, expected) in [
        (&s.location, 1, 1, "order.split.same_location"),
        (&warehouse, 1, 8, "order.split.more_than_open"),
        (&warehouse, 1, 7, "order.split.everything"),
        (&warehouse, 9, 1, "split.unknown_line"),
        (&warehouse, 1, 0, "order.quantity"),
    ] {
        let refused = split(
            &app,
            &token,
            json!({ "orderId": a["id"], "locationId": location,
                    "lines": [{ "lineNumber": line, "quantity": quantity }] }),
        )
        .await;
        assert_eq!(error_code(&refused), "VALIDATION", "{refused}");
        assert_eq!(reason(&refused), expected, "{refused}");
    }
    let draft = created(&order(&app, &token, &s.location, 2, false).await);
    let refused = split(
        &app,
        &token,
        json!({ "orderId": draft["id"], "locationId": warehouse,
                "lines": [{ "lineNumber": 1, "quantity": 1 }] }),
    )
    .await;
    assert_eq!(error_code(&refused), "CONFLICT", "{refused}");
    assert_eq!(units(&get(&app, &token, &a["id"]).await), (7, 0, 0, 0));

    // Stock arriving at the warehouse fills the split-off order.
    let body = app.adjust(&token, &s.variant, &warehouse, 1).await;
    assert!(body["errors"].is_null(), "{body}");
    let filled = get(&app, &token, &new["id"]).await;
    assert_eq!(
        (filled["status"].clone(), units(&filled)),
        (json!("CONFIRMED"), (5, 0, 0, 0))
    );
    balanced(&app, &token).await;
}
