//! Outbound stock sync: after stock changes, each connected channel gets what it may sell
//! (available at its locations less its safety buffer), pushed by the worker to the fake
//! Shopify, Square and Smaregi servers; bursts coalesce, failures retry with backoff or
//! stop (DEAD) visibly, and people can retry or push everything again.

#![allow(clippy::unwrap_used)]

use std::time::Duration;

use figment::Figment;
use serde_json::{Value, json};

use crate::fakes::{
    Failure, FakeServer, RecordedRequest, shopify::FakeShopify, smaregi::FakeSmaregi,
    square::FakeSquare,
};
use crate::helpers::{TestApp, error_code, spawn_app_with};

const SHOPIFY_TOKEN: &str = "shpat_test_token";
const SQUARE_TOKEN: &str = "EAAA-square-token";
const SMAREGI_CONTRACT: &str = "skura01";
const SMAREGI_CLIENT: &str = "client-1";
const SMAREGI_SECRET: &str = "secret-1";

/// The fakes and an app whose provider endpoints point at them, retrying after ~40 ms.
struct World {
    app: TestApp,
    shopify: FakeShopify,
    square: FakeSquare,
    smaregi: FakeSmaregi,
}

async fn world() -> World {
    let shopify = FakeShopify::start(SHOPIFY_TOKEN);
    let square = FakeSquare::start(SQUARE_TOKEN);
    let smaregi = FakeSmaregi::start(SMAREGI_CONTRACT, SMAREGI_CLIENT, SMAREGI_SECRET);
    let app = spawn_app_with(
        Figment::new()
            .merge(("shopify_url_template", shopify.server.url.clone()))
            .merge(("square_url", square.server.url.clone()))
            .merge(("smaregi_id_url", smaregi.server.url.clone()))
            .merge(("smaregi_api_url", smaregi.server.url.clone()))
            .merge(("stock_sync_backoff_ms", 40)),
    )
    .await;
    World {
        app,
        shopify,
        square,
        smaregi,
    }
}

/// An owner with 10 units of SHIRT-M at SHIBUYA.
struct Shop {
    token: String,
    location: Value,
    variant: Value,
}

async fn shop(app: &TestApp, email: &str) -> Shop {
    let token = app.sign_up(email).await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let stocked = app.stocked(&token).await;
    Shop {
        token,
        location: stocked.location,
        variant: stocked.variant,
    }
}

async fn ok(app: &TestApp, token: &str, query: &str, variables: Value) -> Value {
    let body = app.call(query, variables, Some(token)).await;
    assert!(body["errors"].is_null(), "{query}: {body}");
    body["data"].clone()
}

/// A channel of `provider` selling from `location`, connected with `connection`, whose
/// location is `location_ref` at the provider.
async fn channel(
    app: &TestApp,
    shop: &Shop,
    provider: &str,
    buffer: i64,
    connection: Value,
    location_ref: &str,
) -> Value {
    let kind = if provider == "SHOPIFY" { "EC" } else { "POS" };
    let created = ok(
        app,
        &shop.token,
        "mutation($input: CreateChannelInput!) { createChannel(input: $input) { id } }",
        json!({ "input": { "name": format!("{provider} channel"), "kind": kind, "provider": provider,
                           "locationIds": [shop.location], "safetyBuffer": buffer,
                           "webhookSecret": "signing-secret" } }),
    )
    .await;
    let id = created["createChannel"]["id"].clone();
    ok(
        app,
        &shop.token,
        "mutation($c: ID!, $input: ChannelConnectionInput!) { updateChannelConnection(channelId: $c, input: $input) { id } }",
        json!({ "c": id, "input": connection }),
    )
    .await;
    map(
        app,
        shop,
        &id,
        "LOCATION",
        location_ref,
        None,
        &shop.location,
    )
    .await;
    id
}

async fn map(
    app: &TestApp,
    shop: &Shop,
    channel: &Value,
    kind: &str,
    external_id: &str,
    external_ref: Option<&str>,
    kura_id: &Value,
) {
    ok(
        app,
        &shop.token,
        "mutation($input: MapChannelItemInput!) { mapChannelItem(input: $input) { externalId } }",
        json!({ "input": { "channelId": channel, "kind": kind, "externalId": external_id,
                           "externalRef": external_ref, "kuraId": kura_id } }),
    )
    .await;
}

/// A Shopify channel (shop `kura-test`, location 77) with SHIRT-M mapped to variant 1001 /
/// inventory item 5001.
async fn shopify_channel(app: &TestApp, shop: &Shop, buffer: i64) -> Value {
    let id = channel(
        app,
        shop,
        "SHOPIFY",
        buffer,
        json!({ "shop": "kura-test", "accessToken": SHOPIFY_TOKEN }),
        "77",
    )
    .await;
    map(
        app,
        shop,
        &id,
        "VARIANT",
        "1001",
        Some("5001"),
        &shop.variant,
    )
    .await;
    id
}

/// Waits (up to 15 s) until `server` has received at least `n` requests on `path`.
async fn requests_to(server: &FakeServer, path: &str, n: usize) -> Vec<RecordedRequest> {
    for _ in 0..300 {
        let got = server.requests_to(path);
        if got.len() >= n {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "expected {n} requests to {path}, got {:?}",
        server.requests_to(path)
    );
}

const JOBS: &str = "query($c: ID!, $s: SyncStatus) { stockSyncJobs(channelId: $c, status: $s) { nodes { variantId status attempts lastError nextAttemptAt lastPushedQuantity pushedAt } } }";

async fn jobs(app: &TestApp, shop: &Shop, channel: &Value, status: Option<&str>) -> Vec<Value> {
    ok(app, &shop.token, JOBS, json!({ "c": channel, "s": status })).await["stockSyncJobs"]["nodes"]
        .as_array()
        .unwrap()
        .clone()
}

/// Waits (up to 15 s) until the channel's only job satisfies `done`.
async fn job_where(
    app: &TestApp,
    shop: &Shop,
    channel: &Value,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let mut last = Vec::new();
    for _ in 0..300 {
        last = jobs(app, shop, channel, None).await;
        if let [job] = last.as_slice()
            && done(job)
        {
            return job.clone();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the job never got there: {last:?}");
}

/// The quantities of an `inventorySetQuantities` request.
fn quantities(request: &RecordedRequest) -> Vec<Value> {
    request.json()["variables"]["input"]["quantities"]
        .as_array()
        .unwrap()
        .clone()
}

/// The key in the mutation's `@idempotent(key: "…")` directive.
fn idempotency_key(request: &RecordedRequest) -> String {
    let query = request.json()["query"].as_str().unwrap().to_owned();
    let start = query.find("@idempotent(key: \"").unwrap() + "@idempotent(key: \"".len();
    query[start..].split('"').next().unwrap().to_owned()
}

async fn record_sale(app: &TestApp, shop: &Shop, channel: &Value, quantity: i64) {
    ok(
        app,
        &shop.token,
        "mutation($input: RecordSaleInput!) { recordSale(input: $input) { id } }",
        json!({ "input": { "channelId": channel, "lines": [{ "variantId": shop.variant, "quantity": quantity }] } }),
    )
    .await;
}

async fn wait_for_graphql(world: &World, n: usize) -> Vec<RecordedRequest> {
    for _ in 0..300 {
        let got: Vec<_> = world
            .shopify
            .server
            .requests()
            .into_iter()
            .filter(|r| r.path.ends_with("/graphql.json"))
            .collect();
        if got.len() >= n {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("Shopify never received {n} mutations");
}

#[tokio::test]
async fn a_sale_at_a_channel_location_pushes_the_new_sellable_quantity_to_shopify() {
    let world = world().await;
    let app = &world.app;
    let shop = shop(app, "sync-sale@example.jp").await;
    let channel = shopify_channel(app, &shop, 2).await;
    assert!(
        world.shopify.server.requests().is_empty(),
        "nothing is pushed before stock changes"
    );

    record_sale(app, &shop, &channel, 3).await;

    let pushes = wait_for_graphql(&world, 1).await;
    let push = &pushes[0];
    assert_eq!(push.header("x-shopify-access-token"), Some(SHOPIFY_TOKEN));
    // 10 on hand − 3 sold − 2 held back.
    assert_eq!(
        quantities(push),
        [
            json!({ "inventoryItemId": "gid://shopify/InventoryItem/5001",
                 "locationId": "gid://shopify/Location/77", "quantity": 5 })
        ]
    );
    let key = idempotency_key(push);
    assert!(key.starts_with("kura-"), "{key}");
    let job = job_where(app, &shop, &channel, |j| j["status"] == "DONE").await;
    assert_eq!(job["lastPushedQuantity"], 5);
    assert_eq!(job["variantId"], shop.variant);
    assert!(
        job["pushedAt"].is_string() && job["lastError"].is_null(),
        "{job}"
    );
    let summary = ok(
        app,
        &shop.token,
        "query($c: ID!) { stockSyncSummary(channelId: $c) { pending failed dead lastPushedAt } }",
        json!({ "c": channel }),
    )
    .await;
    assert_eq!(summary["stockSyncSummary"]["dead"], 0);
    assert!(summary["stockSyncSummary"]["lastPushedAt"].is_string());
}

#[tokio::test]
async fn ten_quick_changes_of_one_variant_coalesce_and_the_last_value_wins() {
    let world = world().await;
    let app = &world.app;
    let shop = shop(app, "sync-burst@example.jp").await;
    let channel = shopify_channel(app, &shop, 0).await;

    for _ in 0..10 {
        let body = app
            .adjust(&shop.token, &shop.variant, &shop.location, 1)
            .await;
        assert!(body["errors"].is_null(), "{body}");
    }

    let job = job_where(app, &shop, &channel, |j| {
        j["status"] == "DONE" && j["lastPushedQuantity"] == 20
    })
    .await;
    assert_eq!(job["lastPushedQuantity"], 20);
    // Let any push still under way land before counting.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let pushes = wait_for_graphql(&world, 1).await;
    assert!(
        pushes.len() <= 4,
        "10 changes became {} pushes",
        pushes.len()
    );
    let last = quantities(pushes.last().unwrap());
    assert_eq!(last[0]["quantity"], 20, "the last value wins");
}

#[tokio::test]
async fn a_provider_failing_twice_is_retried_with_backoff_and_then_succeeds() {
    let world = world().await;
    let app = &world.app;
    let shop = shop(app, "sync-retry@example.jp").await;
    let channel = shopify_channel(app, &shop, 0).await;
    world.shopify.server.fail_next(2, Failure::Status(500));

    app.adjust(&shop.token, &shop.variant, &shop.location, -4)
        .await;

    let job = job_where(app, &shop, &channel, |j| j["status"] == "DONE").await;
    assert_eq!(job["attempts"], 3, "{job}");
    assert_eq!(job["lastPushedQuantity"], 6);
    let pushes = wait_for_graphql(&world, 3).await;
    assert_eq!(pushes.len(), 3);
    let keys: Vec<String> = pushes.iter().map(idempotency_key).collect();
    assert!(
        keys.iter().all(|k| *k == keys[0]),
        "a retry reuses the key, so Shopify applies it once: {keys:?}"
    );
}

#[tokio::test]
async fn a_rate_limited_push_waits_and_is_retried() {
    let world = world().await;
    let app = &world.app;
    let shop = shop(app, "sync-429@example.jp").await;
    let channel = shopify_channel(app, &shop, 0).await;
    world.shopify.server.fail_next(
        1,
        Failure::RateLimited {
            retry_after_secs: 1,
        },
    );

    app.adjust(&shop.token, &shop.variant, &shop.location, 1)
        .await;

    let failed = job_where(app, &shop, &channel, |j| j["status"] == "FAILED").await;
    assert!(failed["nextAttemptAt"].is_string(), "{failed}");
    assert!(
        failed["lastError"]
            .as_str()
            .unwrap()
            .contains("rate limited"),
        "{failed}"
    );
    let done = job_where(app, &shop, &channel, |j| j["status"] == "DONE").await;
    assert_eq!(done["lastPushedQuantity"], 11);
}

#[tokio::test]
async fn a_refused_push_is_dead_and_visible_until_retried() {
    let world = world().await;
    let app = &world.app;
    let shop = shop(app, "sync-dead@example.jp").await;
    let channel = shopify_channel(app, &shop, 0).await;
    world.shopify.server.fail_next(1, Failure::Status(422));

    app.adjust(&shop.token, &shop.variant, &shop.location, -1)
        .await;

    let dead = job_where(app, &shop, &channel, |j| j["status"] == "DEAD").await;
    assert_eq!(dead["attempts"], 1, "a refusal is not retried: {dead}");
    assert!(dead["lastError"].is_string(), "{dead}");
    assert_eq!(jobs(app, &shop, &channel, Some("DEAD")).await.len(), 1);
    assert!(jobs(app, &shop, &channel, Some("DONE")).await.is_empty());
    let summary = ok(
        app,
        &shop.token,
        "query($c: ID!) { stockSyncSummary(channelId: $c) { dead lastPushedAt } }",
        json!({ "c": channel }),
    )
    .await;
    assert_eq!(summary["stockSyncSummary"]["dead"], 1);
    assert!(summary["stockSyncSummary"]["lastPushedAt"].is_null());
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        wait_for_graphql(&world, 1).await.len(),
        1,
        "DEAD stays dead"
    );

    let retried = ok(
        app,
        &shop.token,
        "mutation($c: ID!, $v: [ID!]) { retryStockSync(channelId: $c, variantIds: $v) }",
        json!({ "c": channel, "v": [shop.variant] }),
    )
    .await;
    assert_eq!(retried["retryStockSync"], 1);
    let done = job_where(app, &shop, &channel, |j| j["status"] == "DONE").await;
    assert_eq!(done["lastPushedQuantity"], 9);
    assert!(done["lastError"].is_null());
}

#[tokio::test]
async fn square_and_smaregi_receive_their_documented_request_shapes() {
    let world = world().await;
    let app = &world.app;
    let shop = shop(app, "sync-pos@example.jp").await;
    let square = channel(
        app,
        &shop,
        "SQUARE",
        1,
        json!({ "accessToken": SQUARE_TOKEN, "notificationUrl": "https://kura.example.jp/hook" }),
        "SQLOC1",
    )
    .await;
    map(
        app,
        &shop,
        &square,
        "VARIANT",
        "SQVAR1",
        None,
        &shop.variant,
    )
    .await;
    let smaregi = channel(
        app,
        &shop,
        "SMAREGI",
        0,
        json!({ "contractId": SMAREGI_CONTRACT, "clientId": SMAREGI_CLIENT, "clientSecret": SMAREGI_SECRET }),
        "1",
    )
    .await;
    map(
        app,
        &shop,
        &smaregi,
        "VARIANT",
        "8000123",
        None,
        &shop.variant,
    )
    .await;

    app.adjust(&shop.token, &shop.variant, &shop.location, 2)
        .await;

    let square_push = &requests_to(
        &world.square.server,
        "/v2/inventory/changes/batch-create",
        1,
    )
    .await[0];
    assert_eq!(
        square_push.header("authorization"),
        Some(format!("Bearer {SQUARE_TOKEN}").as_str())
    );
    let body = square_push.json();
    assert!(
        body["idempotency_key"]
            .as_str()
            .unwrap()
            .starts_with("kura-")
    );
    let change = &body["changes"][0];
    assert_eq!(change["type"], "PHYSICAL_COUNT");
    assert_eq!(change["physical_count"]["catalog_object_id"], "SQVAR1");
    assert_eq!(change["physical_count"]["location_id"], "SQLOC1");
    assert_eq!(change["physical_count"]["state"], "IN_STOCK");
    // 12 on hand − 1 held back, as Square's string quantity.
    assert_eq!(change["physical_count"]["quantity"], "11");

    let path = format!("/{SMAREGI_CONTRACT}/pos/stock/8000123");
    let smaregi_push = &requests_to(&world.smaregi.server, &path, 1).await[0];
    assert_eq!(smaregi_push.method, "PATCH");
    let body = smaregi_push.json();
    assert_eq!(body["storeId"], "1");
    assert_eq!(body["stockAmount"], "12");
    assert!(
        smaregi_push
            .header("authorization")
            .is_some_and(|h| h.starts_with("Bearer fake-token-")),
        "{smaregi_push:?}"
    );
    job_where(app, &shop, &square, |j| j["status"] == "DONE").await;
    job_where(app, &shop, &smaregi, |j| j["status"] == "DONE").await;
}

#[tokio::test]
async fn push_channel_stock_resyncs_every_mapped_variant_and_skips_unmapped_ones() {
    let world = world().await;
    let app = &world.app;
    let shop = shop(app, "sync-all@example.jp").await;
    let channel = shopify_channel(app, &shop, 0).await;
    let (_, unmapped) = app
        .product(&shop.token, "Wool socks", "SOCKS-L", "490000000002")
        .await;

    app.adjust(&shop.token, &unmapped, &shop.location, 5).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(
        jobs(app, &shop, &channel, None).await.is_empty(),
        "an unmapped variant is not queued"
    );
    assert!(world.shopify.server.requests().is_empty());

    let queued = ok(
        app,
        &shop.token,
        "mutation($c: ID!) { pushChannelStock(channelId: $c) }",
        json!({ "c": channel }),
    )
    .await;
    assert_eq!(queued["pushChannelStock"], 1);
    let job = job_where(app, &shop, &channel, |j| j["status"] == "DONE").await;
    assert_eq!(job["lastPushedQuantity"], 10);
    let pushes = wait_for_graphql(&world, 1).await;
    assert_eq!(quantities(&pushes[0]).len(), 1);
}

#[tokio::test]
async fn another_companys_sync_jobs_are_out_of_reach() {
    let world = world().await;
    let app = &world.app;
    let a = shop(app, "sync-a@example.jp").await;
    let channel = shopify_channel(app, &a, 0).await;
    app.adjust(&a.token, &a.variant, &a.location, 1).await;
    job_where(app, &a, &channel, |j| j["status"] == "DONE").await;

    let b = shop(app, "sync-b@example.jp").await;
    for query in [
        "query($c: ID!) { stockSyncJobs(channelId: $c) { nodes { status } } }",
        "query($c: ID!) { stockSyncSummary(channelId: $c) { pending } }",
        "mutation($c: ID!) { retryStockSync(channelId: $c) }",
        "mutation($c: ID!) { pushChannelStock(channelId: $c) }",
    ] {
        let body = app
            .call(query, json!({ "c": channel }), Some(&b.token))
            .await;
        assert_eq!(error_code(&body), "NOT_FOUND", "{query}: {body}");
    }
    // B's own stock changes reach no channel of A's.
    let before = world.shopify.server.requests().len();
    app.adjust(&b.token, &b.variant, &b.location, 3).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(world.shopify.server.requests().len(), before);
}

#[tokio::test]
async fn staff_cannot_retry_or_resync_a_channel() {
    let world = world().await;
    let app = &world.app;
    let shop = shop(app, "sync-staff@example.jp").await;
    let channel = shopify_channel(app, &shop, 0).await;
    let staff = app
        .join(&shop.token, "sync-staff-member@example.jp", "STAFF")
        .await;
    let body = app
        .call(
            "mutation($c: ID!) { pushChannelStock(channelId: $c) }",
            json!({ "c": channel }),
            Some(&staff),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    let seen = app
        .call(
            "query($c: ID!) { stockSyncJobs(channelId: $c) { nodes { status } } }",
            json!({ "c": channel }),
            Some(&staff),
        )
        .await;
    assert!(seen["errors"].is_null(), "staff may look: {seen}");
}
