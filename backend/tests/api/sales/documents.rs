//! Sales, returns, voids, channels and customers through the public API.

use serde_json::{Value, json};

use crate::helpers::{Stocked, TestApp, error_code, jan, spawn_app};

async fn owner(app: &TestApp, email: &str) -> String {
    app.sign_up(email).await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// SHIBUYA with 10 × SHIRT-M (¥1,980 tax-included, cost ¥800) and a POS channel there.
async fn shop(app: &TestApp, token: &str) -> (Stocked, Value) {
    let stock = app.stocked(token).await;
    let channel = app
        .channel(token, "Shibuya register", &[&stock.location])
        .await;
    (stock, channel)
}

fn sale_of(body: &Value) -> &Value {
    assert!(body["errors"].is_null(), "{body}");
    &body["data"]["r"]["sale"]
}

#[tokio::test]
async fn a_sale_takes_stock_at_its_location_with_tax_per_rate() {
    let app = spawn_app().await;
    let token = owner(&app, "sale@example.jp").await;
    let (stock, channel) = shop(&app, &token).await;
    let (_, rice) = app
        .product(&token, "Rice ball", "ONIGIRI", "490000000002")
        .await;
    // Rice is food: 8%. A product's tax class is set at creation; the line can say so too.
    app.adjust(&token, &rice, &stock.location, 5).await;

    let body = app
        .sell(
            &token,
            json!({ "channelId": channel, "externalId": "R-0001",
                    "lines": [
                        { "sku": "SHIRT-M", "quantity": 2, "discount": "200" },
                        { "barcode": jan("490000000002"), "quantity": 3, "unitPrice": "162", "taxClass": "REDUCED" }
                    ],
                    "payments": [{ "method": "CASH", "amount": "5000" }] }),
        )
        .await;
    let sale = sale_of(&body);
    // 2 × 1980 − 200 = 3760 at 10% (tax inside: floor(3760 × 10/110) = 341);
    // 3 × 162 = 486 at 8% (floor(486 × 8/108) = 36). Total 4246, change 754.
    assert_eq!(sale["total"]["amount"], "4246", "{body}");
    assert_eq!(sale["tax"]["amount"], "377");
    assert_eq!(sale["subtotal"]["amount"], "3869");
    assert_eq!(sale["taxLines"][0]["tax"]["amount"], "341");
    assert_eq!(sale["taxLines"][1]["tax"]["amount"], "36");
    assert_eq!(
        sale["payments"][0]["amount"]["amount"], "4246",
        "cash kept, change given"
    );
    assert_eq!(sale["number"], "R-0001");
    assert_eq!(body["data"]["r"]["replayed"], false);
    assert_eq!(
        app.on_hand(&token, &stock.variant, &stock.location).await,
        8
    );
    assert_eq!(app.on_hand(&token, &rice, &stock.location).await, 2);

    let ledger = app
        .call(
            "query($v: [ID!]) { stockMovements(variantIds: $v) { edges { node { delta reason referenceType } } } }",
            json!({ "v": [stock.variant] }),
            Some(&token),
        )
        .await;
    let last = &ledger["data"]["stockMovements"]["edges"][0]["node"];
    assert_eq!(last["delta"], -2, "{ledger}");
    assert_eq!(last["reason"], "SALE");
}

#[tokio::test]
async fn a_pos_sale_is_recorded_even_without_stock_and_flags_it() {
    let app = spawn_app().await;
    let token = owner(&app, "oversold@example.jp").await;
    let (stock, channel) = shop(&app, &token).await;
    let body = app
        .sell(
            &token,
            json!({ "channelId": channel, "lines": [{ "variantId": stock.variant, "quantity": 12 }] }),
        )
        .await;
    sale_of(&body);
    let oversold = &body["data"]["r"]["oversold"];
    assert_eq!(oversold[0]["onHand"], -2, "{body}");
    assert_eq!(oversold[0]["location"]["code"], "SHIBUYA");
    assert_eq!(
        app.on_hand(&token, &stock.variant, &stock.location).await,
        -2
    );
}

#[tokio::test]
async fn the_same_external_id_on_a_channel_records_once() {
    let app = spawn_app().await;
    let token = owner(&app, "idem@example.jp").await;
    let (stock, channel) = shop(&app, &token).await;
    let input = json!({ "channelId": channel, "externalId": "POS-42",
                        "lines": [{ "sku": "SHIRT-M", "quantity": 1 }] });
    // Ten concurrent deliveries of one sale (a POS retrying over a flaky line).
    let calls = (0..10).map(|_| app.sell(&token, input.clone()));
    let bodies = futures_util::future::join_all(calls).await;
    let ids: std::collections::BTreeSet<String> = bodies
        .iter()
        .map(|b| sale_of(b)["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 1, "one sale: {bodies:?}");
    assert_eq!(
        bodies
            .iter()
            .filter(|b| b["data"]["r"]["replayed"] == false)
            .count(),
        1
    );
    assert_eq!(
        app.on_hand(&token, &stock.variant, &stock.location).await,
        9
    );

    // The same number on another channel is another sale.
    let web = app.channel(&token, "Web", &[&stock.location]).await;
    let other = app
        .sell(
            &token,
            json!({ "channelId": web, "externalId": "POS-42", "lines": [{ "sku": "SHIRT-M", "quantity": 1 }] }),
        )
        .await;
    assert_ne!(
        sale_of(&other)["id"].as_str().unwrap(),
        ids.first().unwrap()
    );
    assert_eq!(
        app.on_hand(&token, &stock.variant, &stock.location).await,
        8
    );
}

#[tokio::test]
async fn bad_sales_are_refused_with_a_field_and_change_nothing() {
    let app = spawn_app().await;
    let token = owner(&app, "bad@example.jp").await;
    let (stock, channel) = shop(&app, &token).await;
    let umeda = app.location(&token, "UMEDA").await;
    let cases = [
        (json!({ "channelId": channel, "lines": [] }), "lines"),
        (
            json!({ "channelId": channel, "lines": [{ "sku": "NOPE", "quantity": 1 }] }),
            "lines",
        ),
        (
            json!({ "channelId": channel, "lines": [{ "sku": "SHIRT-M", "quantity": 0 }] }),
            "lines",
        ),
        (
            json!({ "channelId": channel, "lines": [{ "sku": "SHIRT-M", "quantity": 1, "discount": "5000" }] }),
            "lines",
        ),
        (
            json!({ "channelId": channel, "lines": [{ "sku": "SHIRT-M", "quantity": 1 }],
                    "payments": [{ "method": "CARD", "amount": "100" }] }),
            "payments",
        ),
        (
            json!({ "channelId": channel, "lines": [{ "sku": "SHIRT-M", "quantity": 1 }],
                    "payments": [{ "method": "CARD", "amount": "9999" }] }),
            "payments",
        ),
        (
            json!({ "channelId": channel, "lines": [{ "sku": "SHIRT-M", "quantity": 1 }],
                    "payments": [{ "method": "POINTS", "amount": "1980" }] }),
            "payments",
        ),
        (
            json!({ "channelId": channel, "locationId": umeda, "lines": [{ "sku": "SHIRT-M", "quantity": 1 }] }),
            "locationId",
        ),
        (
            json!({ "lines": [{ "sku": "SHIRT-M", "quantity": 1 }] }),
            "locationId",
        ),
        (
            json!({ "channelId": channel, "occurredAt": "2999-01-01T00:00:00Z",
                    "lines": [{ "sku": "SHIRT-M", "quantity": 1 }] }),
            "occurredAt",
        ),
        (
            json!({ "channelId": channel, "lines": [{ "sku": "SHIRT-M", "barcode": "4900000000011", "quantity": 1 }] }),
            "lines",
        ),
    ];
    for (input, field) in cases {
        let body = app.sell(&token, input.clone()).await;
        assert_eq!(error_code(&body), "VALIDATION", "{input}: {body}");
        assert_eq!(
            body["errors"][0]["extensions"]["field"], field,
            "{input}: {body}"
        );
    }
    // Garbage types never reach the service, and never 500.
    let body = app
        .sell(
            &token,
            json!({ "channelId": channel, "lines": [{ "sku": "SHIRT-M", "quantity": 1, "unitPrice": 1.5 }] }),
        )
        .await;
    assert!(!body["errors"].is_null(), "{body}");
    assert_eq!(
        app.on_hand(&token, &stock.variant, &stock.location).await,
        10
    );
    let sales = app
        .call(
            "{ sales { edges { node { id } } } }",
            json!({}),
            Some(&token),
        )
        .await;
    assert_eq!(sales["data"]["sales"]["edges"], json!([]), "{sales}");
}

#[tokio::test]
async fn returns_restock_or_not_and_voids_reverse_everything() {
    let app = spawn_app().await;
    let token = owner(&app, "returns@example.jp").await;
    let (stock, channel) = shop(&app, &token).await;
    let sale = app
        .sell(
            &token,
            json!({ "channelId": channel, "lines": [{ "sku": "SHIRT-M", "quantity": 3 }],
                    "customer": { "email": "hanako@example.jp", "name": "Hanako" },
                    "payments": [{ "method": "CARD", "amount": "5940" }] }),
        )
        .await;
    let sale_id = sale_of(&sale)["id"].clone();
    assert_eq!(sale_of(&sale)["pointsEarned"], 59, "1% of ¥5,940");
    assert_eq!(
        app.on_hand(&token, &stock.variant, &stock.location).await,
        7
    );

    let ret = |restock: bool, units: i64| {
        let app = &app;
        let token = token.clone();
        let sale_id = sale_id.clone();
        async move {
            app.call(
                "mutation($input: RecordReturnInput!) { recordReturn(input: $input) { sale { id kind total { amount } lines { quantity } payments { method amount { amount } } pointsEarned } } }",
                json!({ "input": { "saleId": sale_id, "restock": restock, "lines": [{ "lineNumber": 1, "quantity": units }] } }),
                Some(&token),
            )
            .await
        }
    };
    let first = ret(true, 1).await;
    let doc = &first["data"]["recordReturn"]["sale"];
    assert_eq!(doc["kind"], "RETURN", "{first}");
    assert_eq!(doc["total"]["amount"], "-1980");
    assert_eq!(
        doc["payments"][0]["method"], "CARD",
        "refunded the way it was paid"
    );
    assert_eq!(doc["payments"][0]["amount"]["amount"], "-1980");
    assert_eq!(
        app.on_hand(&token, &stock.variant, &stock.location).await,
        8
    );
    let damaged = ret(false, 1).await;
    assert!(damaged["errors"].is_null(), "{damaged}");
    assert_eq!(
        app.on_hand(&token, &stock.variant, &stock.location).await,
        8,
        "damaged goods do not go back on the shelf"
    );
    let too_many = ret(true, 2).await;
    assert_eq!(error_code(&too_many), "VALIDATION", "{too_many}");

    // A sale with returns cannot be voided until the returns are.
    let void = |id: Value| {
        let app = &app;
        let token = token.clone();
        async move {
            app.call(
                "mutation($id: ID!) { voidSale(id: $id, reason: \"wrong till\") { id status voidReason } }",
                json!({ "id": id }),
                Some(&token),
            )
            .await
        }
    };
    assert_eq!(error_code(&void(sale_id.clone()).await), "CONFLICT");
    for r in [&first, &damaged] {
        let body = void(r["data"]["recordReturn"]["sale"]["id"].clone()).await;
        assert_eq!(body["data"]["voidSale"]["status"], "VOIDED", "{body}");
    }
    assert_eq!(
        app.on_hand(&token, &stock.variant, &stock.location).await,
        7
    );
    let body = void(sale_id.clone()).await;
    assert_eq!(body["data"]["voidSale"]["status"], "VOIDED", "{body}");
    assert_eq!(
        app.on_hand(&token, &stock.variant, &stock.location).await,
        10
    );
    let again = void(sale_id.clone()).await;
    assert_eq!(
        again["data"]["voidSale"]["status"], "VOIDED",
        "voiding twice is harmless"
    );
    assert_eq!(
        app.on_hand(&token, &stock.variant, &stock.location).await,
        10
    );

    let customer = app
        .call(
            "{ customers(query: \"hanako\") { edges { node { name pointsBalance sales { edges { node { kind status } } } } } } }",
            json!({}),
            Some(&token),
        )
        .await;
    let hanako = &customer["data"]["customers"]["edges"][0]["node"];
    assert_eq!(
        hanako["pointsBalance"], 0,
        "points follow the voids: {customer}"
    );
    assert_eq!(hanako["sales"]["edges"].as_array().unwrap().len(), 3);

    let reconciled = app
        .call(
            "{ stockReconciliation { balanced } }",
            json!({}),
            Some(&token),
        )
        .await;
    assert_eq!(
        reconciled["data"]["stockReconciliation"]["balanced"], true,
        "{reconciled}"
    );
}

#[tokio::test]
async fn customers_are_matched_across_channels_and_spend_points() {
    let app = spawn_app().await;
    let token = owner(&app, "loyal@example.jp").await;
    let (stock, pos) = shop(&app, &token).await;
    let web = app.channel(&token, "Online", &[&stock.location]).await;
    let first = app
        .sell(
            &token,
            json!({ "channelId": pos, "lines": [{ "sku": "SHIRT-M", "quantity": 5 }],
                    "customer": { "externalId": "POS-C-1", "phone": "090-1234-5678", "name": "Taro" } }),
        )
        .await;
    let taro = sale_of(&first)["customer"]["id"].clone();
    assert_eq!(sale_of(&first)["customer"]["pointsBalance"], 99, "{first}");
    // Online, the same person is known by phone.
    let second = app
        .sell(
            &token,
            json!({ "channelId": web, "lines": [{ "sku": "SHIRT-M", "quantity": 1 }],
                    "customer": { "phone": "09012345678" },
                    "payments": [{ "method": "POINTS", "amount": "99" }, { "method": "CARD", "amount": "1881" }] }),
        )
        .await;
    assert_eq!(sale_of(&second)["customer"]["id"], taro, "{second}");
    assert_eq!(sale_of(&second)["pointsRedeemed"], 99);
    // Points are earned on what was paid in money: 1% of ¥1,881.
    assert_eq!(sale_of(&second)["customer"]["pointsBalance"], 18);
    // The POS's own customer id keeps finding them.
    let third = app
        .sell(
            &token,
            json!({ "channelId": pos, "lines": [{ "sku": "SHIRT-M", "quantity": 1 }],
                    "customer": { "externalId": "POS-C-1" },
                    "payments": [{ "method": "POINTS", "amount": "500" }, { "method": "CASH", "amount": "1480" }] }),
        )
        .await;
    assert_eq!(
        error_code(&third),
        "VALIDATION",
        "not enough points: {third}"
    );
    let history = app
        .call(
            "query($id: ID!) { customer(id: $id) { sales { edges { node { channel { name } } } } } }",
            json!({ "id": taro }),
            Some(&token),
        )
        .await;
    let channels: Vec<&str> = history["data"]["customer"]["sales"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["channel"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(channels, ["Online", "Shibuya register"], "{history}");
}

#[tokio::test]
async fn concurrent_sales_of_the_last_unit_end_exactly_and_reconcile() {
    let app = spawn_app().await;
    let token = owner(&app, "race@example.jp").await;
    let location = app.location(&token, "SHIBUYA").await;
    let (_, variant) = app
        .product(&token, "Last one", "LAST-1", "490000000003")
        .await;
    app.adjust(&token, &variant, &location, 1).await;
    let mut channels = Vec::new();
    for name in ["Register", "Web", "Marketplace"] {
        channels.push(app.channel(&token, name, &[&location]).await);
    }
    let sales = (0..12).map(|n| {
        app.sell(
            &token,
            json!({ "channelId": channels[n % 3], "externalId": format!("race-{n}"),
                    "lines": [{ "variantId": variant, "quantity": 1 }] }),
        )
    });
    for body in futures_util::future::join_all(sales).await {
        sale_of(&body);
    }
    assert_eq!(app.on_hand(&token, &variant, &location).await, 1 - 12);
    let reconciled = app
        .call(
            "{ stockReconciliation { balanced rowsChecked } }",
            json!({}),
            Some(&token),
        )
        .await;
    assert_eq!(
        reconciled["data"]["stockReconciliation"]["balanced"], true,
        "{reconciled}"
    );
}

#[tokio::test]
async fn channels_show_their_webhook_url_and_what_they_may_sell() {
    let app = spawn_app().await;
    let token = owner(&app, "channels@example.jp").await;
    let stock = app.stocked(&token).await;
    let umeda = app.location(&token, "UMEDA").await;
    app.adjust(&token, &stock.variant, &umeda, 4).await;
    let create = |input: Value| {
        let app = &app;
        let token = token.clone();
        async move {
            app.call(
                "mutation($input: CreateChannelInput!) { createChannel(input: $input) { id name kind provider webhookUrl hasWebhookSecret safetyBuffer locations { code }
                    sellable { edges { node { variant { sku } available quantity } } } } }",
                json!({ "input": input }),
                Some(&token),
            )
            .await
        }
    };
    let shopify = create(json!({ "name": "Shopify", "kind": "EC", "provider": "SHOPIFY",
        "locationIds": [umeda, stock.location], "safetyBuffer": 3, "webhookSecret": "shpss_secret" }))
    .await;
    let channel = &shopify["data"]["createChannel"];
    let id = channel["id"].as_str().unwrap();
    assert_eq!(
        channel["webhookUrl"],
        format!("/webhooks/shopify/{id}"),
        "{shopify}"
    );
    assert_eq!(channel["hasWebhookSecret"], true);
    assert_eq!(
        channel["locations"],
        json!([{ "code": "UMEDA" }, { "code": "SHIBUYA" }])
    );
    let row = &channel["sellable"]["edges"][0]["node"];
    assert_eq!(row["available"], 14, "{shopify}");
    assert_eq!(row["quantity"], 11, "14 available less a buffer of 3");
    assert!(
        !shopify.to_string().contains("shpss_secret"),
        "the secret is never shown"
    );

    let no_secret = create(
        json!({ "name": "Square", "kind": "POS", "provider": "SQUARE",
        "locationIds": [umeda] }),
    )
    .await;
    assert_eq!(error_code(&no_secret), "VALIDATION", "{no_secret}");
    assert_eq!(
        no_secret["errors"][0]["extensions"]["field"],
        "webhookSecret"
    );
    let no_location = create(
        json!({ "name": "Wholesale", "kind": "WHOLESALE", "provider": "MANUAL",
        "locationIds": [] }),
    )
    .await;
    assert_eq!(
        no_location["errors"][0]["extensions"]["field"], "locationIds",
        "{no_location}"
    );
    let manual = create(
        json!({ "name": "Register", "kind": "POS", "provider": "MANUAL",
        "locationIds": [umeda] }),
    )
    .await;
    assert!(
        manual["data"]["createChannel"]["webhookUrl"].is_null(),
        "{manual}"
    );

    // Staff may sell but not connect channels.
    let staff = app.join(&token, "staff@example.jp", "STAFF").await;
    let body = app
        .call(
            "mutation($l: ID!) { createChannel(input: { name: \"x\", kind: POS, provider: MANUAL, locationIds: [$l] }) { id } }",
            json!({ "l": umeda }),
            Some(&staff),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
}

#[tokio::test]
async fn a_sale_reaches_live_subscribers_with_its_stock_change() {
    let app = spawn_app().await;
    let token = owner(&app, "live@example.jp").await;
    let (stock, channel) = shop(&app, &token).await;
    let mut ws = app.websocket().await;
    ws.init_with(&token).await;
    ws.send(json!({ "id": "s", "type": "subscribe", "payload": {
        "query": "subscription { saleRecorded { number total { amount } location { code } lines { sku quantity } } }" } }))
        .await;
    ws.send(json!({ "id": "k", "type": "subscribe", "payload": {
        "query": "subscription { stockLevelChanged { stockLevel { onHand } movement { reason } } }" } }))
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    app.sell(
        &token,
        json!({ "channelId": channel, "externalId": "LIVE-1", "lines": [{ "sku": "SHIRT-M", "quantity": 2 }] }),
    )
    .await;
    let mut seen_sale = false;
    let mut seen_stock = false;
    while !(seen_sale && seen_stock) {
        let message = ws.expect_json().await;
        match message["id"].as_str() {
            Some("s") => {
                let sale = &message["payload"]["data"]["saleRecorded"];
                assert_eq!(sale["number"], "LIVE-1", "{message}");
                assert_eq!(sale["total"]["amount"], "3960");
                assert_eq!(sale["location"]["code"], "SHIBUYA");
                seen_sale = true;
            }
            Some("k") => {
                let change = &message["payload"]["data"]["stockLevelChanged"];
                assert_eq!(change["stockLevel"]["onHand"], 8, "{message}");
                assert_eq!(change["movement"]["reason"], "SALE");
                seen_stock = true;
            }
            _ => panic!("unexpected {message}"),
        }
    }
    let _ = stock;
}

#[tokio::test]
async fn staff_limited_to_a_location_sell_only_there() {
    let app = spawn_app().await;
    let token = owner(&app, "limits@example.jp").await;
    let (stock, channel) = shop(&app, &token).await;
    let umeda = app.location(&token, "UMEDA").await;
    let umeda_pos = app.channel(&token, "Umeda register", &[&umeda]).await;
    let staff = app.join(&token, "clerk@example.jp", "STAFF").await;
    let body = app
        .call(
            "mutation($u: ID!, $l: ID!) { setMemberLocations(userId: $u, locationIds: [$l]) { role } }",
            json!({ "u": member_id(&app, &token, "clerk@example.jp").await, "l": umeda }),
            Some(&token),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
    let there = app
        .sell(
            &staff,
            json!({ "channelId": umeda_pos, "lines": [{ "sku": "SHIRT-M", "quantity": 1 }] }),
        )
        .await;
    assert!(there["errors"].is_null(), "{there}");
    let elsewhere = app
        .sell(
            &staff,
            json!({ "channelId": channel, "lines": [{ "sku": "SHIRT-M", "quantity": 1 }] }),
        )
        .await;
    assert_eq!(error_code(&elsewhere), "FORBIDDEN", "{elsewhere}");
    let listed = app
        .call(
            "{ sales { edges { node { location { code } } } } }",
            json!({}),
            Some(&staff),
        )
        .await;
    assert_eq!(
        listed["data"]["sales"]["edges"],
        json!([{ "node": { "location": { "code": "UMEDA" } } }]),
        "{listed}"
    );
    assert_eq!(
        app.on_hand(&token, &stock.variant, &stock.location).await,
        10
    );
}

async fn member_id(app: &TestApp, token: &str, email: &str) -> Value {
    let members = app
        .call("{ members { user { id email } } }", json!({}), Some(token))
        .await;
    members["data"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["user"]["email"] == email)
        .unwrap()["user"]["id"]
        .clone()
}

#[tokio::test]
async fn a_register_retry_key_records_once_and_keeps_kuras_number() {
    let app = spawn_app().await;
    let token = owner(&app, "register@example.jp").await;
    let (stock, _) = shop(&app, &token).await;
    let input = json!({ "locationId": stock.location, "idempotencyKey": "tab-7f3c-0001",
                        "lines": [{ "sku": "SHIRT-M", "quantity": 1 }],
                        "payments": [{ "method": "CASH", "amount": "2000" }] });
    let first = app.sell(&token, input.clone()).await;
    let again = app.sell(&token, input).await;
    let number = sale_of(&first)["number"].as_str().unwrap().to_owned();
    assert!(number.starts_with("R-") && number.len() == 10, "{first}");
    assert!(sale_of(&first)["externalId"].is_null(), "{first}");
    assert_eq!(sale_of(&again)["id"], sale_of(&first)["id"]);
    assert_eq!(again["data"]["r"]["replayed"], true, "{again}");
    assert_eq!(
        app.on_hand(&token, &stock.variant, &stock.location).await,
        9
    );
    // The same text as another sale's channel number is a different key.
    let other = app
        .sell(
            &token,
            json!({ "locationId": stock.location, "externalId": "tab-7f3c-0001",
                    "lines": [{ "sku": "SHIRT-M", "quantity": 1 }] }),
        )
        .await;
    assert_ne!(sale_of(&other)["id"], sale_of(&first)["id"]);
    // A refund under the register's same key is a refund, not a replay of the sale.
    let refund = app
        .call(
            "mutation($input: RecordReturnInput!) { recordReturn(input: $input) { replayed sale { id kind } } }",
            json!({ "input": { "saleId": sale_of(&first)["id"], "idempotencyKey": "tab-7f3c-0001",
                               "lines": [{ "lineNumber": 1, "quantity": 1 }] } }),
            Some(&token),
        )
        .await;
    assert_eq!(
        refund["data"]["recordReturn"]["sale"]["kind"], "RETURN",
        "{refund}"
    );
    assert_eq!(
        refund["data"]["recordReturn"]["replayed"], false,
        "{refund}"
    );
}

/// The points balance of the one customer called `name`.
async fn points_of(app: &TestApp, token: &str, name: &str) -> i64 {
    let body = app
        .call(
            "query($q: String) { customers(query: $q) { edges { node { pointsBalance } } } }",
            json!({ "q": name }),
            Some(token),
        )
        .await;
    let edges = body["data"]["customers"]["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 1, "{body}");
    edges[0]["node"]["pointsBalance"].as_i64().unwrap()
}

#[tokio::test]
async fn payments_that_overflow_when_added_cannot_mint_loyalty_points() {
    let app = spawn_app().await;
    let token = owner(&app, "mint@example.jp").await;
    let (stock, channel) = shop(&app, &token).await;
    let first = app
        .sell(
            &token,
            json!({ "channelId": channel, "lines": [{ "sku": "SHIRT-M", "quantity": 5 }],
                    "customer": { "externalId": "C-1", "name": "Taro" } }),
        )
        .await;
    assert_eq!(sale_of(&first)["customer"]["pointsBalance"], 99, "{first}");

    // Two POINTS payments near i64::MAX wrap to a small number when added in a release
    // build; the cash then "covers" the total and the wrapped points become a credit.
    let exploit = app
        .sell(
            &token,
            json!({ "channelId": channel, "lines": [{ "sku": "SHIRT-M", "quantity": 2 }],
                    "customer": { "externalId": "C-1" },
                    "payments": [
                        { "method": "POINTS", "amount": "9223372036854775000" },
                        { "method": "POINTS", "amount": "9223372036854775000" },
                        { "method": "CASH", "amount": "5576" }
                    ] }),
        )
        .await;
    assert_eq!(error_code(&exploit), "VALIDATION", "{exploit}");
    assert_eq!(exploit["errors"][0]["extensions"]["field"], "payments");
    assert_eq!(points_of(&app, &token, "Taro").await, 99);
    assert_eq!(
        app.on_hand(&token, &stock.variant, &stock.location).await,
        5,
        "nothing of the refused sale was written"
    );
}

#[tokio::test]
async fn no_payment_may_exceed_the_total_except_cash_within_the_change_bound() {
    let app = spawn_app().await;
    let token = owner(&app, "caps@example.jp").await;
    let (_, channel) = shop(&app, &token).await;
    let earn = app
        .sell(
            &token,
            json!({ "channelId": channel, "lines": [{ "sku": "SHIRT-M", "quantity": 5 }],
                    "customer": { "externalId": "C-2", "name": "Hanako" } }),
        )
        .await;
    assert_eq!(sale_of(&earn)["customer"]["pointsBalance"], 99, "{earn}");
    let sell = |payments: Value| {
        app.sell(
            &token,
            json!({ "channelId": channel, "lines": [{ "sku": "SHIRT-M", "quantity": 1 }],
                    "customer": { "externalId": "C-2" }, "payments": payments }),
        )
    };
    let refused = [
        // Points above the total, change taken from cash: the points would be "spent"
        // beyond what the sale costs.
        (
            json!([{ "method": "POINTS", "amount": "1981" }, { "method": "CASH", "amount": "1000" }]),
            "payments.over",
        ),
        (
            json!([{ "method": "CARD", "amount": "1981" }]),
            "payments.over",
        ),
        // ¥100,000 of change is the most one cash payment may give.
        (
            json!([{ "method": "CASH", "amount": "101981" }]),
            "payments.change",
        ),
        (
            json!([{ "method": "CASH", "amount": "9223372036854775807" }]),
            "payments.change",
        ),
        (
            json!([{ "method": "CASH", "amount": "-100" }, { "method": "CARD", "amount": "2080" }]),
            "money.negative",
        ),
    ];
    for (payments, reason) in refused {
        let body = sell(payments.clone()).await;
        assert_eq!(error_code(&body), "VALIDATION", "{payments}: {body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], "payments");
        assert_eq!(
            body["errors"][0]["extensions"]["reason"], reason,
            "{payments}: {body}"
        );
    }
    assert_eq!(points_of(&app, &token, "Hanako").await, 99);

    let at_the_bound = sell(json!([{ "method": "CASH", "amount": "101980" }])).await;
    assert_eq!(
        sale_of(&at_the_bound)["payments"][0]["amount"]["amount"],
        "1980",
        "the change is given back"
    );
    let split = sell(json!([
        { "method": "POINTS", "amount": "99" },
        { "method": "CASH", "amount": "10000" }
    ]))
    .await;
    assert_eq!(sale_of(&split)["pointsRedeemed"], 99, "{split}");
    assert_eq!(sale_of(&split)["payments"][1]["amount"]["amount"], "1881");
}
