//! Inbound integrations: `POST /webhooks/{provider}/{channelId}` from Shopify, Square and
//! Smaregi, sync issues, and reconciliation. Signatures are computed in the fakes with
//! hmac + sha2 directly, never with the code under test.

use chrono::{Duration, Utc};
use figment::Figment;
use serde_json::{Value, json};

use crate::{
    fakes::{self, WebhookRequest, shopify::FakeShopify, smaregi::FakeSmaregi, square::FakeSquare},
    helpers::{TestApp, error_code, spawn_app, spawn_app_with},
};

const SECRET: &str = "shpss_test_app_secret";

struct Shop {
    owner: String,
    location: Value,
    variant: Value,
    channel: Value,
    /// Absolute webhook URL.
    url: String,
}

async fn create_channel(
    app: &TestApp,
    token: &str,
    provider: &str,
    locations: &[&Value],
    secret: &str,
) -> (Value, String) {
    let body = app
        .call(
            "mutation($input: CreateChannelInput!) { createChannel(input: $input) { id webhookUrl } }",
            json!({ "input": { "name": format!("{provider} channel"), "kind": "EC", "provider": provider,
                               "locationIds": locations, "webhookSecret": secret } }),
            Some(token),
        )
        .await;
    assert!(body["errors"].is_null(), "createChannel failed: {body}");
    let channel = &body["data"]["createChannel"];
    let path = channel["webhookUrl"].as_str().unwrap();
    (channel["id"].clone(), format!("{}{path}", app.address))
}

/// A company with TEE-BLK-M (barcode 4901234567894) stocked `units` at SHIBUYA and a
/// Shopify channel selling there.
async fn shop(app: &TestApp, units: i64) -> Shop {
    let owner = app.sign_up("owner@example.jp").await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let location = app.location(&owner, "SHIBUYA").await;
    let (_, variant) = app
        .product(&owner, "オーガニックTシャツ", "TEE-BLK-M", "490123456789")
        .await;
    if units != 0 {
        let body = app.adjust(&owner, &variant, &location, units).await;
        assert!(body["errors"].is_null(), "{body}");
    }
    let (channel, url) = create_channel(app, &owner, "SHOPIFY", &[&location], SECRET).await;
    Shop {
        owner,
        location,
        variant,
        channel,
        url,
    }
}

async fn on_hand(app: &TestApp, shop: &Shop) -> i64 {
    let body = app
        .call(
            "query($v: [ID!], $l: [ID!]) { stockLevels(variantIds: $v, locationIds: $l) { edges { node { onHand } } } }",
            json!({ "v": [shop.variant], "l": [shop.location] }),
            Some(&shop.owner),
        )
        .await;
    body["data"]["stockLevels"]["edges"][0]["node"]["onHand"]
        .as_i64()
        .unwrap_or_else(|| panic!("{body}"))
}

async fn sales(app: &TestApp, shop: &Shop) -> Vec<Value> {
    let body = app
        .call(
            "query($c: [ID!]) { sales(first: 100, channelIds: $c) { edges { node { kind externalId total { amount } originalSale { externalId } } } } }",
            json!({ "c": [shop.channel] }),
            Some(&shop.owner),
        )
        .await;
    body["data"]["sales"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .map(|e| e["node"].clone())
        .collect()
}

async fn deliveries(app: &TestApp, shop: &Shop, channel: &Value) -> Vec<Value> {
    let body = app
        .call(
            "query($c: ID!) { inboundEvents(channelId: $c) { edges { node { providerEventId topic status note } } } }",
            json!({ "c": channel }),
            Some(&shop.owner),
        )
        .await;
    body["data"]["inboundEvents"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .map(|e| e["node"].clone())
        .collect()
}

async fn issues(app: &TestApp, shop: &Shop, channel: &Value) -> Vec<Value> {
    let body = app
        .call(
            "query($c: ID!) { syncIssues(channelId: $c, status: OPEN) { edges { node { id kind status detail externalId lines { externalId sku title quantity } } } } }",
            json!({ "c": channel }),
            Some(&shop.owner),
        )
        .await;
    body["data"]["syncIssues"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .map(|e| e["node"].clone())
        .collect()
}

/// A Shopify order of one TEE-BLK-M at 1980 yen, placed at `at`.
fn order(id: u64, at: chrono::DateTime<Utc>) -> Vec<u8> {
    let mut order = fakes::shopify::order(id, 1980);
    let at = at.to_rfc3339();
    order["created_at"] = json!(at);
    order["processed_at"] = json!(at);
    order["updated_at"] = json!(at);
    serde_json::to_vec(&order).unwrap()
}

/// A restocked refund of one unit of `order_id`'s TEE-BLK-M.
fn refund(refund_id: u64, order_id: u64) -> Vec<u8> {
    let mut refund: Value = serde_json::from_str(include_str!(
        "../../../src/integrations/fixtures/shopify_refund.json"
    ))
    .unwrap();
    refund["id"] = json!(refund_id);
    refund["order_id"] = json!(order_id);
    refund["transactions"][0]["order_id"] = json!(order_id);
    refund["transactions"][0]["amount"] = json!("1980");
    refund["created_at"] = json!(Utc::now().to_rfc3339());
    refund["processed_at"] = json!(Utc::now().to_rfc3339());
    serde_json::to_vec(&refund).unwrap()
}

async fn deliver(app: &TestApp, url: &str, request: &WebhookRequest) -> (u16, Value) {
    let response = request.send(&app.client, url).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn with_header(request: &WebhookRequest, name: &str, value: Option<&str>) -> WebhookRequest {
    let mut request = request.clone();
    request
        .headers
        .retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    if let Some(value) = value {
        request.headers.push((name.to_owned(), value.to_owned()));
    }
    request
}

#[tokio::test]
async fn only_correctly_signed_shopify_deliveries_are_accepted() {
    let app = spawn_app().await;
    let shop = shop(&app, 5).await;
    let body = order(820982911946154508, Utc::now());
    let good = fakes::shopify::signed_webhook(SECRET.as_bytes(), "orders/create", &body);

    let wrong_secret = fakes::shopify::signed_webhook(b"another secret", "orders/create", &body);
    let mut tampered = good.clone();
    let last = tampered.body.len() - 2;
    tampered.body[last] ^= 0x01;
    let missing = with_header(&good, "X-Shopify-Hmac-Sha256", None);
    let garbled = with_header(&good, "X-Shopify-Hmac-Sha256", Some("not base64 at all!"));
    let stale = with_header(
        &good,
        "X-Shopify-Hmac-Sha256",
        Some(&fakes::hmac_sha256_base64(
            SECRET.as_bytes(),
            &[&order(1, Utc::now())],
        )),
    );
    for (name, request) in [
        ("wrong secret", &wrong_secret),
        ("tampered body", &tampered),
        ("missing header", &missing),
        ("garbled header", &garbled),
        ("another body's signature", &stale),
    ] {
        let (status, _) = deliver(&app, &shop.url, request).await;
        assert_eq!(status, 401, "{name}");
    }
    assert!(
        deliveries(&app, &shop, &shop.channel).await.is_empty(),
        "nothing stored"
    );
    assert_eq!(on_hand(&app, &shop).await, 5);

    // Unknown channel, and a provider that is not the channel's.
    let unknown = shop.url.replace(
        shop.channel.as_str().unwrap(),
        "Q2hhbm5lbDowMTkzMDAwMC0wMDAwLTcwMDAtODAwMC0wMDAwMDAwMDAwMDA",
    );
    assert_eq!(deliver(&app, &unknown, &good).await.0, 404);
    let wrong_provider = shop.url.replace("/shopify/", "/square/");
    assert_eq!(deliver(&app, &wrong_provider, &good).await.0, 404);

    let (status, answer) = deliver(&app, &shop.url, &good).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["status"], "PROCESSED", "{answer}");
    assert_eq!(on_hand(&app, &shop).await, 4);
    let recorded = sales(&app, &shop).await;
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0]["externalId"], "820982911946154508");
    assert_eq!(recorded[0]["total"]["amount"], "1980");
    let stored = deliveries(&app, &shop, &shop.channel).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0]["topic"], "orders/create");
    assert_eq!(stored[0]["status"], "PROCESSED");
}

#[tokio::test]
async fn a_repeated_or_late_delivery_changes_nothing_more() {
    let app = spawn_app().await;
    let shop = shop(&app, 5).await;
    // A day-old order still counts: the sale happened when the till says.
    let at = Utc::now() - Duration::days(1);
    let body = order(4001, at);
    let delivery = fakes::shopify::signed_webhook(SECRET.as_bytes(), "orders/create", &body);
    assert_eq!(deliver(&app, &shop.url, &delivery).await.0, 200);
    let (status, answer) = deliver(&app, &shop.url, &delivery).await;
    assert_eq!(status, 200);
    assert_eq!(answer["status"], "DUPLICATE", "{answer}");
    // The same order again under a new webhook id (orders/paid after orders/create).
    let paid = fakes::shopify::signed_webhook(SECRET.as_bytes(), "orders/paid", &body);
    let (status, answer) = deliver(&app, &shop.url, &paid).await;
    assert_eq!(
        (status, answer["status"].as_str()),
        (200, Some("PROCESSED"))
    );

    assert_eq!(on_hand(&app, &shop).await, 4, "one unit left, once");
    let recorded = sales(&app, &shop).await;
    assert_eq!(recorded.len(), 1);
    let detail = app
        .call(
            "query($c: [ID!]) { sales(channelIds: $c) { edges { node { occurredAt } } } }",
            json!({ "c": [shop.channel] }),
            Some(&shop.owner),
        )
        .await;
    let occurred: chrono::DateTime<Utc> = detail["data"]["sales"]["edges"][0]["node"]["occurredAt"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (occurred - at).num_seconds().abs() <= 1,
        "{occurred} vs {at}"
    );
    assert_eq!(deliveries(&app, &shop, &shop.channel).await.len(), 2);
}

#[tokio::test]
async fn a_refund_before_its_sale_ends_in_the_same_state() {
    let app = spawn_app().await;
    let shop = shop(&app, 5).await;
    let order_id = 5001;
    let early = fakes::shopify::signed_webhook(
        SECRET.as_bytes(),
        "refunds/create",
        &refund(929361464, order_id),
    );
    let (status, answer) = deliver(&app, &shop.url, &early).await;
    assert_eq!(status, 200, "parked, but safely stored");
    assert_eq!(answer["status"], "PARKED", "{answer}");
    let open = issues(&app, &shop, &shop.channel).await;
    assert_eq!(open.len(), 1);
    assert_eq!(open[0]["kind"], "ORIGINAL_MISSING");
    assert_eq!(on_hand(&app, &shop).await, 5);

    let sale = fakes::shopify::signed_webhook(
        SECRET.as_bytes(),
        "orders/create",
        &order(order_id, Utc::now() - Duration::hours(1)),
    );
    assert_eq!(deliver(&app, &shop.url, &sale).await.0, 200);
    // Sold one, got it back: as if they had come in order.
    assert_eq!(on_hand(&app, &shop).await, 5);
    let recorded = sales(&app, &shop).await;
    assert_eq!(recorded.len(), 2, "{recorded:?}");
    let ret = recorded.iter().find(|s| s["kind"] == "RETURN").unwrap();
    assert_eq!(ret["externalId"], "refund:929361464");
    assert_eq!(ret["originalSale"]["externalId"], order_id.to_string());
    assert!(issues(&app, &shop, &shop.channel).await.is_empty());
    // The refund again changes nothing.
    let again = fakes::shopify::signed_webhook(
        SECRET.as_bytes(),
        "refunds/create",
        &refund(929361464, order_id),
    );
    assert_eq!(deliver(&app, &shop.url, &again).await.0, 200);
    assert_eq!(on_hand(&app, &shop).await, 5);
    assert_eq!(sales(&app, &shop).await.len(), 2);
}

#[tokio::test]
async fn an_unmapped_item_waits_for_staff_then_is_recorded() {
    let app = spawn_app().await;
    let shop = shop(&app, 5).await;
    let mut unknown = fakes::shopify::order(6001, 1980);
    unknown["line_items"][0]["sku"] = json!("SUPPLIER-CODE-9");
    unknown["line_items"][0]["variant_id"] = json!(777001);
    let delivery = fakes::shopify::signed_webhook(
        SECRET.as_bytes(),
        "orders/create",
        &serde_json::to_vec(&unknown).unwrap(),
    );
    let (status, answer) = deliver(&app, &shop.url, &delivery).await;
    assert_eq!((status, answer["status"].as_str()), (200, Some("PARKED")));
    let open = issues(&app, &shop, &shop.channel).await;
    assert_eq!(open.len(), 1);
    assert_eq!(open[0]["kind"], "UNMAPPED_ITEM");
    assert_eq!(open[0]["lines"][0]["externalId"], "777001");
    assert_eq!(open[0]["lines"][0]["sku"], "SUPPLIER-CODE-9");
    assert!(sales(&app, &shop).await.is_empty());
    assert_eq!(on_hand(&app, &shop).await, 5);

    let resolved = app
        .call(
            "mutation($id: ID!, $v: ID!) { resolveSyncIssue(id: $id, mappings: [{ externalId: \"777001\", kind: VARIANT, kuraId: $v }]) { status sale { externalId } } }",
            json!({ "id": open[0]["id"], "v": shop.variant }),
            Some(&shop.owner),
        )
        .await;
    assert_eq!(
        resolved["data"]["resolveSyncIssue"]["status"], "RESOLVED",
        "{resolved}"
    );
    assert_eq!(
        resolved["data"]["resolveSyncIssue"]["sale"]["externalId"],
        "6001"
    );
    assert_eq!(on_hand(&app, &shop).await, 4);
    let stored = deliveries(&app, &shop, &shop.channel).await;
    assert_eq!(stored[0]["status"], "PROCESSED", "{stored:?}");

    // The mapping now holds for the next order of that item.
    unknown["id"] = json!(6002);
    let next = fakes::shopify::signed_webhook(
        SECRET.as_bytes(),
        "orders/create",
        &serde_json::to_vec(&unknown).unwrap(),
    );
    assert_eq!(
        deliver(&app, &shop.url, &next).await.1["status"],
        "PROCESSED"
    );
    assert_eq!(on_hand(&app, &shop).await, 3);

    // Dismissing: another unknown item, set aside, records nothing.
    unknown["id"] = json!(6003);
    unknown["line_items"][0]["variant_id"] = json!(777002);
    let other = fakes::shopify::signed_webhook(
        SECRET.as_bytes(),
        "orders/create",
        &serde_json::to_vec(&unknown).unwrap(),
    );
    deliver(&app, &shop.url, &other).await;
    let open = issues(&app, &shop, &shop.channel).await;
    let dismissed = app
        .call(
            "mutation($id: ID!) { dismissSyncIssue(id: $id) { status } }",
            json!({ "id": open[0]["id"] }),
            Some(&shop.owner),
        )
        .await;
    assert_eq!(dismissed["data"]["dismissSyncIssue"]["status"], "DISMISSED");
    let stored = deliveries(&app, &shop, &shop.channel).await;
    assert_eq!(
        stored[0]["status"], "PROCESSED",
        "nothing holds the delivery any more: {stored:?}"
    );
    let again = app
        .call(
            "mutation($id: ID!) { resolveSyncIssue(id: $id) { status } }",
            json!({ "id": open[0]["id"] }),
            Some(&shop.owner),
        )
        .await;
    assert_eq!(error_code(&again), "CONFLICT", "{again}");
    assert_eq!(on_hand(&app, &shop).await, 3);
}

#[tokio::test]
async fn a_smaregi_event_fetches_its_transaction_with_an_app_token() {
    let fake = FakeSmaregi::start("skura01", "client-1", "client-secret-1");
    fake.add_transaction(fakes::smaregi::transaction("25", 1980));
    let app = spawn_app_with(
        Figment::new()
            .merge(("smaregi_id_url", fake.server.url.as_str()))
            .merge(("smaregi_api_url", fake.server.url.as_str())),
    )
    .await;
    let shop = shop(&app, 5).await;
    let (channel, url) = create_channel(
        &app,
        &shop.owner,
        "SMAREGI",
        &[&shop.location],
        "kura-hook-secret",
    )
    .await;
    let connected = app
        .call(
            "mutation($c: ID!) { updateChannelConnection(channelId: $c, input: { contractId: \"skura01\", clientId: \"client-1\", clientSecret: \"client-secret-1\" }) { connection { contractId clientId hasClientSecret hasAccessToken } } }",
            json!({ "c": channel }),
            Some(&shop.owner),
        )
        .await;
    assert_eq!(
        connected["data"]["updateChannelConnection"]["connection"],
        json!({ "contractId": "skura01", "clientId": "client-1", "hasClientSecret": true, "hasAccessToken": false }),
        "{connected}"
    );

    let wrong = fakes::smaregi::webhook("skura01", "guessed", &["25"]);
    assert_eq!(deliver(&app, &url, &wrong).await.0, 401);
    let missing = with_header(&wrong, "X-Kura-Webhook-Secret", None);
    assert_eq!(deliver(&app, &url, &missing).await.0, 401);
    assert!(fake.token_requests().is_empty());

    let event = fakes::smaregi::webhook("skura01", "kura-hook-secret", &["25"]);
    let (status, answer) = deliver(&app, &url, &event).await;
    assert_eq!(
        (status, answer["status"].as_str()),
        (200, Some("PROCESSED")),
        "{answer}"
    );
    assert_eq!(
        fake.token_requests().len(),
        1,
        "one client-credentials token"
    );
    let fetched = fake.server.requests_to("/skura01/pos/transactions/25");
    assert_eq!(fetched.len(), 1);
    assert!(
        fetched[0]
            .header("authorization")
            .unwrap()
            .starts_with("Bearer ")
    );
    assert_eq!(on_hand(&app, &shop).await, 4, "matched by its barcode");
    // Redelivered by Smaregi: same event id, no effect.
    assert_eq!(deliver(&app, &url, &event).await.1["status"], "DUPLICATE");
    // A second event reuses the cached token.
    fake.add_transaction(fakes::smaregi::transaction("26", 1980));
    let next = fakes::smaregi::webhook("skura01", "kura-hook-secret", &["26"]);
    assert_eq!(deliver(&app, &url, &next).await.0, 200);
    assert_eq!(fake.token_requests().len(), 1);
    assert_eq!(on_hand(&app, &shop).await, 3);
}

#[tokio::test]
async fn a_delivery_the_provider_could_not_answer_for_is_retried_in_the_background() {
    let fake = FakeSmaregi::start("skura02", "client-2", "client-secret-2");
    fake.add_transaction(fakes::smaregi::transaction("31", 1980));
    let app = spawn_app_with(
        Figment::new()
            .merge(("smaregi_id_url", fake.server.url.as_str()))
            .merge(("smaregi_api_url", fake.server.url.as_str()))
            .merge(("inbound_retry_secs", 1)),
    )
    .await;
    let shop = shop(&app, 5).await;
    let (channel, url) =
        create_channel(&app, &shop.owner, "SMAREGI", &[&shop.location], "hook-2").await;
    app.call(
        "mutation($c: ID!) { updateChannelConnection(channelId: $c, input: { contractId: \"skura02\", clientId: \"client-2\", clientSecret: \"client-secret-2\" }) { id } }",
        json!({ "c": channel }),
        Some(&shop.owner),
    )
    .await;
    fake.server.fail_next(1, fakes::Failure::Status(503));
    let event = fakes::smaregi::webhook("skura02", "hook-2", &["31"]);
    let (status, answer) = deliver(&app, &url, &event).await;
    assert_eq!(status, 200, "stored, so Smaregi need not resend");
    assert_eq!(answer["status"], "RECEIVED", "{answer}");
    assert_eq!(on_hand(&app, &shop).await, 5);
    // The sale and the delivery's status are written one after the other: wait for both.
    let mut waited = 0;
    while on_hand(&app, &shop).await != 4
        || deliveries(&app, &shop, &channel).await[0]["status"] != "PROCESSED"
    {
        waited += 1;
        assert!(waited < 100, "the retry loop never recorded the sale");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(on_hand(&app, &shop).await, 4, "recorded once");
}

#[tokio::test]
async fn reconciliation_records_an_order_whose_webhook_never_came() {
    let fake = FakeShopify::start("shpat_token");
    fake.set_order_pages(vec![vec![
        serde_json::from_slice(&order(7001, Utc::now() - Duration::hours(3))).unwrap(),
    ]]);
    let app =
        spawn_app_with(Figment::new().merge(("shopify_url_template", fake.server.url.as_str())))
            .await;
    let shop = shop(&app, 5).await;
    let body = app
        .call(
            "mutation($c: ID!) { reconcileChannel(channelId: $c) { seen } }",
            json!({ "c": shop.channel }),
            Some(&shop.owner),
        )
        .await;
    assert_eq!(error_code(&body), "CONFLICT", "not connected yet: {body}");
    app.call(
        "mutation($c: ID!) { updateChannelConnection(channelId: $c, input: { shop: \"kura-test\", accessToken: \"shpat_token\" }) { id } }",
        json!({ "c": shop.channel }),
        Some(&shop.owner),
    )
    .await;
    let reconcile = || {
        app.call(
            "mutation($c: ID!) { reconcileChannel(channelId: $c) { seen recorded parked } }",
            json!({ "c": shop.channel }),
            Some(&shop.owner),
        )
    };
    let body = reconcile().await;
    assert_eq!(
        body["data"]["reconcileChannel"],
        json!({ "seen": 1, "recorded": 1, "parked": 0 }),
        "{body}"
    );
    assert_eq!(on_hand(&app, &shop).await, 4);
    let requests = fake.server.requests_to("/admin/api/2026-01/orders.json");
    let since: chrono::DateTime<Utc> = requests[0].query_pairs()["updated_at_min"].parse().unwrap();
    assert!(
        (Utc::now() - since - Duration::hours(48))
            .num_minutes()
            .abs()
            < 5
    );
    // The webhook arriving late, and a second reconciliation, change nothing.
    let late = fakes::shopify::signed_webhook(
        SECRET.as_bytes(),
        "orders/create",
        &order(7001, Utc::now() - Duration::hours(3)),
    );
    assert_eq!(deliver(&app, &shop.url, &late).await.0, 200);
    let body = reconcile().await;
    assert_eq!(body["data"]["reconcileChannel"]["recorded"], 0, "{body}");
    assert_eq!(on_hand(&app, &shop).await, 4);
    assert_eq!(sales(&app, &shop).await.len(), 1);
}

#[tokio::test]
async fn the_last_unit_sold_on_three_channels_at_once_is_booked_three_times() {
    let square = FakeSquare::start("sq_token");
    let app =
        spawn_app_with(Figment::new().merge(("square_url", square.server.url.as_str()))).await;
    let shop = shop(&app, 1).await;
    let (square_channel, square_url) = create_channel(
        &app,
        &shop.owner,
        "SQUARE",
        &[&shop.location],
        "sq-signature-key",
    )
    .await;
    app.call(
        "mutation($c: ID!) { updateChannelConnection(channelId: $c, input: { accessToken: \"sq_token\" }) { id } }",
        json!({ "c": square_channel }),
        Some(&shop.owner),
    )
    .await;
    let mapped = app
        .call(
            "mutation($c: ID!, $v: ID!) { mapChannelItem(input: { channelId: $c, kind: VARIANT, externalId: \"W62UWFY35CWMYGVWK6TWJDNI\", kuraId: $v }) { externalId kuraId } }",
            json!({ "c": square_channel, "v": shop.variant }),
            Some(&shop.owner),
        )
        .await;
    assert_eq!(
        mapped["data"]["mapChannelItem"]["kuraId"], shop.variant,
        "{mapped}"
    );
    let now = Utc::now().to_rfc3339();
    square.add_order(fakes::square::order(
        "SQ-ORDER-1",
        "L88917AVBK2S5",
        &now,
        1980,
    ));
    let mut event: Value = serde_json::from_str(include_str!(
        "../../../src/integrations/fixtures/square_order_updated.json"
    ))
    .unwrap();
    event["data"]["id"] = json!("SQ-ORDER-1");
    event["data"]["object"]["order_updated"]["order_id"] = json!("SQ-ORDER-1");
    let square_body = serde_json::to_vec(&event).unwrap();
    let square_hook = fakes::square::signed_webhook(b"sq-signature-key", &square_url, &square_body);
    // Square signs the URL too: the right key over another URL is refused.
    let elsewhere = fakes::square::signed_webhook(
        b"sq-signature-key",
        "https://example.com/hook",
        &square_body,
    );
    assert_eq!(deliver(&app, &square_url, &elsewhere).await.0, 401);

    let shopify_hook = fakes::shopify::signed_webhook(
        SECRET.as_bytes(),
        "orders/create",
        &order(8001, Utc::now()),
    );
    let register = app.call(
        "mutation($l: ID!, $v: ID!) { recordSale(input: { locationId: $l, lines: [{ variantId: $v, quantity: 1 }] }) { id } }",
        json!({ "l": shop.location, "v": shop.variant }),
        Some(&shop.owner),
    );
    let (a, b, c) = tokio::join!(
        deliver(&app, &shop.url, &shopify_hook),
        deliver(&app, &square_url, &square_hook),
        register
    );
    assert_eq!(
        (a.0, a.1["status"].as_str()),
        (200, Some("PROCESSED")),
        "{a:?}"
    );
    assert_eq!(
        (b.0, b.1["status"].as_str()),
        (200, Some("PROCESSED")),
        "{b:?}"
    );
    assert!(c["errors"].is_null(), "{c}");
    assert_eq!(
        on_hand(&app, &shop).await,
        1 - 3,
        "every sale is booked; the books show the oversell"
    );
    let ledger = app
        .call(
            "{ stockReconciliation { balanced mismatches { variantId } } }",
            json!({}),
            Some(&shop.owner),
        )
        .await;
    assert_eq!(
        ledger["data"]["stockReconciliation"]["balanced"], true,
        "{ledger}"
    );
}

#[tokio::test]
async fn a_sale_from_an_unmapped_square_location_waits_until_the_location_is_mapped() {
    let square = FakeSquare::start("sq_token_2");
    let app =
        spawn_app_with(Figment::new().merge(("square_url", square.server.url.as_str()))).await;
    let shop = shop(&app, 5).await;
    let umeda = app.location(&shop.owner, "UMEDA").await;
    app.adjust(&shop.owner, &shop.variant, &umeda, 5).await;
    let (channel, url) = create_channel(
        &app,
        &shop.owner,
        "SQUARE",
        &[&shop.location, &umeda],
        "sq-key-2",
    )
    .await;
    app.call(
        "mutation($c: ID!, $v: ID!) { updateChannelConnection(channelId: $c, input: { accessToken: \"sq_token_2\" }) { id }
           mapChannelItem(input: { channelId: $c, kind: VARIANT, externalId: \"W62UWFY35CWMYGVWK6TWJDNI\", kuraId: $v }) { kuraId } }",
        json!({ "c": channel, "v": shop.variant }),
        Some(&shop.owner),
    )
    .await;
    square.add_order(fakes::square::order(
        "SQ-UMEDA-1",
        "L-UMEDA",
        &Utc::now().to_rfc3339(),
        1980,
    ));
    let mut event: Value = serde_json::from_str(include_str!(
        "../../../src/integrations/fixtures/square_order_updated.json"
    ))
    .unwrap();
    event["data"]["object"]["order_updated"]["order_id"] = json!("SQ-UMEDA-1");
    let body = serde_json::to_vec(&event).unwrap();
    let hook = fakes::square::signed_webhook(b"sq-key-2", &url, &body);
    let (status, answer) = deliver(&app, &url, &hook).await;
    assert_eq!(
        (status, answer["status"].as_str()),
        (200, Some("PARKED")),
        "{answer}"
    );
    let open = app
        .call(
            "query($c: ID!) { syncIssues(channelId: $c) { edges { node { id kind locationRef } } } }",
            json!({ "c": channel }),
            Some(&shop.owner),
        )
        .await;
    let issue = &open["data"]["syncIssues"]["edges"][0]["node"];
    assert_eq!(issue["kind"], "UNMAPPED_LOCATION", "{open}");
    assert_eq!(issue["locationRef"], "L-UMEDA");
    let resolved = app
        .call(
            "mutation($id: ID!, $l: ID!) { resolveSyncIssue(id: $id, mappings: [{ externalId: \"L-UMEDA\", kind: LOCATION, kuraId: $l }]) { status sale { location { code } } } }",
            json!({ "id": issue["id"], "l": umeda }),
            Some(&shop.owner),
        )
        .await;
    assert_eq!(
        resolved["data"]["resolveSyncIssue"]["status"], "RESOLVED",
        "{resolved}"
    );
    assert_eq!(
        resolved["data"]["resolveSyncIssue"]["sale"]["location"]["code"],
        "UMEDA"
    );
    assert_eq!(on_hand(&app, &shop).await, 5, "SHIBUYA untouched");
}

#[tokio::test]
async fn a_signed_shopify_body_replayed_under_a_new_webhook_id_is_stored_and_recorded_once() {
    let app = spawn_app().await;
    let shop = shop(&app, 5).await;
    let placed = Utc::now();
    let body = order(6001, placed);
    let first = fakes::shopify::signed_webhook(SECRET.as_bytes(), "orders/create", &body);
    assert_eq!(deliver(&app, &shop.url, &first).await.0, 200);

    // Whoever captured it sends it again: same signed body, fresh unsigned webhook id.
    let replay = with_header(
        &first,
        "X-Shopify-Webhook-Id",
        Some(&uuid::Uuid::new_v4().to_string()),
    );
    let (status, answer) = deliver(&app, &shop.url, &replay).await;
    assert_eq!(status, 200);
    assert_eq!(answer["status"], "DUPLICATE", "{answer}");
    assert_eq!(deliveries(&app, &shop, &shop.channel).await.len(), 1);
    assert_eq!(sales(&app, &shop).await.len(), 1);
    assert_eq!(on_hand(&app, &shop).await, 4);

    // The same order changed is news, and is stored (and, being recorded, changes nothing).
    let changed = order(6001, placed + Duration::minutes(5));
    let update = fakes::shopify::signed_webhook(SECRET.as_bytes(), "orders/create", &changed);
    let (status, answer) = deliver(&app, &shop.url, &update).await;
    assert_eq!(
        (status, answer["status"].as_str()),
        (200, Some("PROCESSED"))
    );
    assert_eq!(deliveries(&app, &shop, &shop.channel).await.len(), 2);
    assert_eq!(sales(&app, &shop).await.len(), 1);

    // An invented topic does not make the body new either.
    let ignored = fakes::shopify::signed_webhook(SECRET.as_bytes(), "orders/updated", &body);
    assert_eq!(deliver(&app, &shop.url, &ignored).await.0, 200);
    let invented = fakes::shopify::signed_webhook(SECRET.as_bytes(), "x/made-up", &body);
    let (_, answer) = deliver(&app, &shop.url, &invented).await;
    assert_eq!(answer["status"], "DUPLICATE", "{answer}");
    assert_eq!(deliveries(&app, &shop, &shop.channel).await.len(), 3);
}

/// A Shopify online-store order of `quantity` TEE-BLK-M at 1980 yen less a ¥1 line
/// discount, to be shipped to 山田 花子 in Tokyo.
fn web_order(id: u64, quantity: i64) -> Vec<u8> {
    let mut order = fakes::shopify::order(id, 1980);
    order["source_name"] = json!("web");
    order["fulfillment_status"] = Value::Null;
    order["line_items"][0]["quantity"] = json!(quantity);
    order["line_items"][0]["total_discount"] = json!("1.00");
    order["total_price"] = json!(format!("{}", 1980 * quantity - 1));
    order["customer"] = json!({ "id": 777, "email": "hanako@example.jp",
                                "first_name": "花子", "last_name": "山田" });
    order["shipping_address"] = json!({
        "first_name": "花子", "last_name": "山田", "address1": "神宮前1-2-3",
        "address2": "メゾン201", "city": "渋谷区", "province": "Tokyo", "province_code": "JP-13",
        "zip": "1500001", "country_code": "JP", "phone": "+81 90-1234-5678"
    });
    serde_json::to_vec(&order).unwrap()
}

async fn orders(app: &TestApp, shop: &Shop) -> Vec<Value> {
    let body = app
        .call(
            "{ orders(first: 20) { nodes { number status externalId cancelReason channel { id }
               customer { email } total { amount }
               shipTo { name postalCode prefecture city line1 line2 phone }
               lines { quantity allocatedQuantity unitPrice { amount } } } } }",
            json!({}),
            Some(&shop.owner),
        )
        .await;
    body["data"]["orders"]["nodes"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .clone()
}

async fn allocated(app: &TestApp, shop: &Shop) -> (i64, i64) {
    let body = app
        .call(
            "query($v: [ID!], $l: [ID!]) { stockLevels(variantIds: $v, locationIds: $l) { edges { node { allocated available } } } }",
            json!({ "v": [shop.variant], "l": [shop.location] }),
            Some(&shop.owner),
        )
        .await;
    let node = &body["data"]["stockLevels"]["edges"][0]["node"];
    (
        node["allocated"]
            .as_i64()
            .unwrap_or_else(|| panic!("{body}")),
        node["available"].as_i64().unwrap(),
    )
}

#[tokio::test]
async fn an_online_order_to_ship_becomes_an_allocated_order_when_the_channel_fulfils_from_kura() {
    let app = spawn_app().await;
    let shop = shop(&app, 5).await;
    let set = app
        .call(
            "mutation($id: ID!) { updateChannel(id: $id, input: { ordersToShip: ORDER }) { ordersToShip } }",
            json!({ "id": shop.channel }),
            Some(&shop.owner),
        )
        .await;
    assert_eq!(
        set["data"]["updateChannel"]["ordersToShip"], "ORDER",
        "{set}"
    );

    let body = web_order(5001, 2);
    let created = fakes::shopify::signed_webhook(SECRET.as_bytes(), "orders/create", &body);
    let (status, answer) = deliver(&app, &shop.url, &created).await;
    assert_eq!(
        (status, answer["status"].as_str()),
        (200, Some("PROCESSED")),
        "{answer}"
    );
    // orders/paid repeats the order: it stays one order.
    let paid = fakes::shopify::signed_webhook(SECRET.as_bytes(), "orders/paid", &body);
    assert_eq!(deliver(&app, &shop.url, &paid).await.0, 200);

    let made = orders(&app, &shop).await;
    assert_eq!(made.len(), 1, "{made:?}");
    let order = &made[0];
    assert_eq!(order["status"], "CONFIRMED");
    assert_eq!(order["externalId"], "5001");
    assert_eq!(order["channel"]["id"], shop.channel);
    assert_eq!(order["customer"]["email"], "hanako@example.jp");
    assert_eq!(
        order["total"]["amount"], "3959",
        "2 × ¥1,980 less the ¥1 discount"
    );
    // The discount does not divide by two: one unit at ¥1,979 and one at ¥1,980.
    let prices: Vec<&str> = order["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["unitPrice"]["amount"].as_str().unwrap())
        .collect();
    assert_eq!(prices, ["1979", "1980"]);
    assert_eq!(
        order["shipTo"],
        json!({ "name": "山田 花子", "postalCode": "150-0001", "prefecture": "東京都",
                "city": "渋谷区", "line1": "神宮前1-2-3", "line2": "メゾン201", "phone": "09012345678" })
    );
    assert_eq!(
        allocated(&app, &shop).await,
        (2, 3),
        "held for the parcel, not yet gone"
    );
    assert_eq!(
        on_hand(&app, &shop).await,
        5,
        "nothing leaves before it ships"
    );
    assert!(
        sales(&app, &shop).await.is_empty(),
        "an order to ship is not a sale yet"
    );

    // A till sale on the same channel stays a sale.
    let mut pos = fakes::shopify::order(5002, 1980);
    pos["source_name"] = json!("pos");
    pos["fulfillment_status"] = json!("fulfilled");
    let pos = serde_json::to_vec(&pos).unwrap();
    let till = fakes::shopify::signed_webhook(SECRET.as_bytes(), "orders/create", &pos);
    let (_, answer) = deliver(&app, &shop.url, &till).await;
    assert_eq!(answer["status"], "PROCESSED", "{answer}");
    assert_eq!(sales(&app, &shop).await.len(), 1);
    assert_eq!(orders(&app, &shop).await.len(), 1);

    // The buyer cancels in Shopify: the order is cancelled and its units are free again.
    let cancelled =
        serde_json::to_vec(&json!({ "id": 5001, "cancel_reason": "customer" })).unwrap();
    let cancel = fakes::shopify::signed_webhook(SECRET.as_bytes(), "orders/cancelled", &cancelled);
    let (_, answer) = deliver(&app, &shop.url, &cancel).await;
    assert_eq!(answer["status"], "PROCESSED", "{answer}");
    let after = orders(&app, &shop).await;
    let order = after.iter().find(|o| o["externalId"] == "5001").unwrap();
    assert_eq!(order["status"], "CANCELLED");
    assert_eq!(order["cancelReason"], "Cancelled at the channel (customer)");
    assert_eq!(
        allocated(&app, &shop).await,
        (0, 4),
        "the till sale took one"
    );
}

#[tokio::test]
async fn a_channel_left_on_sales_records_an_online_order_as_a_sale() {
    let app = spawn_app().await;
    let shop = shop(&app, 5).await;
    let body = web_order(6001, 1);
    let created = fakes::shopify::signed_webhook(SECRET.as_bytes(), "orders/create", &body);
    let (_, answer) = deliver(&app, &shop.url, &created).await;
    assert_eq!(answer["status"], "PROCESSED", "{answer}");
    assert_eq!(sales(&app, &shop).await.len(), 1);
    assert!(orders(&app, &shop).await.is_empty());
    assert_eq!(on_hand(&app, &shop).await, 4);

    // Switching to orders later does not make the same order twice.
    app.call(
        "mutation($id: ID!) { updateChannel(id: $id, input: { ordersToShip: ORDER }) { id } }",
        json!({ "id": shop.channel }),
        Some(&shop.owner),
    )
    .await;
    let paid = fakes::shopify::signed_webhook(SECRET.as_bytes(), "orders/paid", &body);
    deliver(&app, &shop.url, &paid).await;
    assert!(orders(&app, &shop).await.is_empty());
    assert_eq!(sales(&app, &shop).await.len(), 1);
    // A cancellation of an order recorded as a sale moves nothing.
    let cancelled =
        serde_json::to_vec(&json!({ "id": 6001, "cancel_reason": "customer" })).unwrap();
    let cancel = fakes::shopify::signed_webhook(SECRET.as_bytes(), "orders/cancelled", &cancelled);
    let (_, answer) = deliver(&app, &shop.url, &cancel).await;
    assert_eq!(answer["status"], "IGNORED", "{answer}");
    assert_eq!(on_hand(&app, &shop).await, 4);
}
