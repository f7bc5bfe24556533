//! The provider clients against local fakes of Shopify, Square and Smaregi: what they
//! send, how they read answers, and how failures are classified.

use std::time::Duration;

use chrono::{TimeZone, Utc};
use kura_backend::integrations::{
    ExternalPayment, ExternalSaleKind, HttpTimeouts, InboundEvent, IntegrationError, StockLevel,
    shopify::{self, ShopifyClient, ShopifyConfig},
    smaregi::{self, SmaregiClient, SmaregiConfig},
    square::{self, SquareClient, SquareConfig},
};
use kura_shared::PaymentMethod;
use serde_json::{Value, json};

use crate::fakes::{
    Failure,
    shopify::{self as fake_shopify, FakeShopify},
    smaregi::{self as fake_smaregi, FakeSmaregi},
    square::{self as fake_square, FakeSquare},
};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/integrations/fixtures");

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURES}/{name}")).unwrap()
}

fn quick_timeouts() -> HttpTimeouts {
    HttpTimeouts {
        connect: Duration::from_secs(2),
        request: Duration::from_secs(5),
    }
}

fn shopify_client(fake: &FakeShopify) -> ShopifyClient {
    ShopifyClient::new(ShopifyConfig {
        base_url: fake.server.url.clone(),
        access_token: fake.access_token.clone(),
        api_version: shopify::DEFAULT_API_VERSION.into(),
        timeouts: quick_timeouts(),
    })
    .unwrap()
}

fn square_client(fake: &FakeSquare, token: &str) -> SquareClient {
    SquareClient::new(SquareConfig {
        base_url: fake.server.url.clone(),
        access_token: token.into(),
        square_version: square::DEFAULT_SQUARE_VERSION.into(),
        timeouts: quick_timeouts(),
    })
    .unwrap()
}

fn smaregi_client(fake: &FakeSmaregi) -> SmaregiClient {
    let mut config = SmaregiConfig::new("client-id", "client-secret", fake.contract_id.clone());
    config.id_base_url = fake.server.url.clone();
    config.api_base_url = fake.server.url.clone();
    config.timeouts = quick_timeouts();
    SmaregiClient::new(config).unwrap()
}

fn levels() -> Vec<StockLevel> {
    vec![
        StockLevel::from(("30322695", "124656943", 7)),
        StockLevel::from((
            "gid://shopify/InventoryItem/30322696",
            "gid://shopify/Location/124656943",
            0,
        )),
    ]
}

#[tokio::test]
async fn shopify_set_quantities_sends_the_token_and_the_idempotency_key() {
    let fake = FakeShopify::start("shpat_test_token");
    let client = shopify_client(&fake);

    client
        .set_inventory_quantities(&levels(), "kura-sync-0193a0c4")
        .await
        .unwrap();

    let requests = fake.server.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/admin/api/2026-01/graphql.json");
    assert_eq!(
        request.header("x-shopify-access-token"),
        Some("shpat_test_token")
    );
    let body = request.json();
    let query = body["query"].as_str().unwrap();
    assert!(query.contains("inventorySetQuantities(input: $input)"));
    assert!(
        query.contains(r#"@idempotent(key: "kura-sync-0193a0c4")"#),
        "{query}"
    );
    let input = &body["variables"]["input"];
    assert_eq!(input["name"], "available");
    assert_eq!(input["reason"], "correction");
    assert_eq!(input["ignoreCompareQuantity"], true);
    assert_eq!(
        input["quantities"],
        json!([
            { "inventoryItemId": "gid://shopify/InventoryItem/30322695", "locationId": "gid://shopify/Location/124656943", "quantity": 7 },
            { "inventoryItemId": "gid://shopify/InventoryItem/30322696", "locationId": "gid://shopify/Location/124656943", "quantity": 0 }
        ])
    );
}

#[tokio::test]
async fn shopify_from_2026_04_opts_out_of_the_compare_check_per_quantity() {
    let fake = FakeShopify::start("shpat_test_token");
    let client = ShopifyClient::new(ShopifyConfig {
        base_url: fake.server.url.clone(),
        access_token: fake.access_token.clone(),
        api_version: "2026-04".into(),
        timeouts: quick_timeouts(),
    })
    .unwrap();

    client
        .set_inventory_quantities(&levels(), "k1")
        .await
        .unwrap();

    let body = fake.server.requests()[0].json();
    let input = &body["variables"]["input"];
    assert!(input.get("ignoreCompareQuantity").is_none());
    assert_eq!(input["quantities"][0]["changeFromQuantity"], Value::Null);
    assert!(
        input["quantities"][0]
            .as_object()
            .unwrap()
            .contains_key("changeFromQuantity")
    );
}

#[tokio::test]
async fn shopify_a_500_is_transient_and_a_429_is_rate_limited() {
    let fake = FakeShopify::start("shpat_test_token");
    let client = shopify_client(&fake);

    fake.server.fail_next(1, Failure::Status(500));
    let error = client
        .set_inventory_quantities(&levels(), "k1")
        .await
        .unwrap_err();
    assert!(matches!(error, IntegrationError::Transient(_)), "{error:?}");

    fake.server.fail_next(
        1,
        Failure::RateLimited {
            retry_after_secs: 2,
        },
    );
    let error = client
        .set_inventory_quantities(&levels(), "k1")
        .await
        .unwrap_err();
    assert_eq!(
        error,
        IntegrationError::RateLimited {
            retry_after: Some(Duration::from_secs(2))
        }
    );

    fake.state.lock().unwrap().throttle_next_mutation = true;
    let error = client
        .set_inventory_quantities(&levels(), "k1")
        .await
        .unwrap_err();
    assert_eq!(error, IntegrationError::RateLimited { retry_after: None });

    // After the failures the same call goes through.
    client
        .set_inventory_quantities(&levels(), "k1")
        .await
        .unwrap();
    assert_eq!(fake.server.requests().len(), 4);
}

#[tokio::test]
async fn shopify_user_errors_are_rejected_and_a_wrong_token_is_unauthorized() {
    let fake = FakeShopify::start("shpat_test_token");
    fake.state.lock().unwrap().user_errors = vec![json!({
        "field": ["input", "quantities", "0", "locationId"],
        "message": "The specified location could not be found.",
        "code": "INVALID_LOCATION"
    })];
    let error = shopify_client(&fake)
        .set_inventory_quantities(&levels(), "k1")
        .await
        .unwrap_err();
    let IntegrationError::Rejected(message) = error else {
        panic!("expected Rejected, got {error:?}");
    };
    assert!(message.contains("INVALID_LOCATION"), "{message}");

    let wrong = ShopifyClient::new(ShopifyConfig {
        base_url: fake.server.url.clone(),
        access_token: "shpat_wrong".into(),
        api_version: shopify::DEFAULT_API_VERSION.into(),
        timeouts: quick_timeouts(),
    })
    .unwrap();
    assert_eq!(
        wrong
            .set_inventory_quantities(&levels(), "k1")
            .await
            .unwrap_err(),
        IntegrationError::Unauthorized
    );
}

#[tokio::test]
async fn shopify_orders_since_follows_the_next_links() {
    let fake = FakeShopify::start("shpat_test_token");
    fake.set_order_pages(vec![
        vec![
            fake_shopify::order(1001, 1980),
            fake_shopify::order(1002, 2980),
        ],
        vec![fake_shopify::order(1003, 980)],
        vec![fake_shopify::order(1004, 540)],
    ]);
    let since = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();

    let sales = shopify_client(&fake).orders_since(since).await.unwrap();

    let ids: Vec<&str> = sales.iter().map(|s| s.external_id.as_str()).collect();
    assert_eq!(ids, ["1001", "1002", "1003", "1004"]);
    assert_eq!(sales[1].lines[0].unit_price_minor, 2980);
    assert_eq!(
        sales[3].payments,
        vec![ExternalPayment {
            method: PaymentMethod::Cash,
            amount_minor: 540
        }]
    );
    let requests = fake.server.requests();
    assert_eq!(requests.len(), 3);
    let first = requests[0].query_pairs();
    assert_eq!(first["status"], "any");
    assert_eq!(first["updated_at_min"], "2026-11-01T00:00:00Z");
    assert_eq!(first["limit"], "250");
    assert_eq!(requests[1].query_pairs()["page_info"], "p1");
    assert_eq!(requests[2].query_pairs()["page_info"], "p2");
    assert!(
        requests
            .iter()
            .all(|r| r.header("x-shopify-access-token") == Some("shpat_test_token"))
    );
}

#[tokio::test]
async fn shopify_orders_since_includes_refunds_of_the_orders() {
    let fake = FakeShopify::start("shpat_test_token");
    let mut order: Value = serde_json::from_str(&fixture("shopify_order.json")).unwrap();
    let refund: Value = serde_json::from_str(&fixture("shopify_refund.json")).unwrap();
    order["refunds"] = json!([refund]);
    fake.set_order_pages(vec![vec![order]]);

    let sales = shopify_client(&fake)
        .orders_since(Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap())
        .await
        .unwrap();

    assert_eq!(sales.len(), 2);
    assert_eq!(sales[1].external_id, "refund:929361464");
    assert!(matches!(
        sales[1].kind,
        ExternalSaleKind::Refund { restock: true, .. }
    ));
}

#[tokio::test]
async fn shopify_webhooks_signed_by_the_fake_verify_and_parse() {
    let secret = b"shpss_0123456789abcdef";
    let body = fixture("shopify_order.json");
    let webhook = fake_shopify::signed_webhook(secret, "orders/create", body.as_bytes());
    let header = webhook.header("X-Shopify-Hmac-Sha256").unwrap();

    assert!(shopify::verify_webhook(secret, &webhook.body, header));
    assert!(!shopify::verify_webhook(
        b"other secret",
        &webhook.body,
        header
    ));
    let event =
        shopify::parse_webhook(webhook.header("X-Shopify-Topic").unwrap(), &webhook.body).unwrap();
    assert!(matches!(event, InboundEvent::Sale(sale) if sale.external_id == "820982911946154508"));
}

#[tokio::test]
async fn an_unreachable_provider_is_transient() {
    // A port that was just free: nothing listens, so the connection is refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = ShopifyClient::new(ShopifyConfig {
        base_url: format!("http://127.0.0.1:{port}"),
        access_token: "t".into(),
        api_version: shopify::DEFAULT_API_VERSION.into(),
        timeouts: quick_timeouts(),
    })
    .unwrap();
    let error = client
        .set_inventory_quantities(&levels(), "k")
        .await
        .unwrap_err();
    assert!(matches!(error, IntegrationError::Transient(_)), "{error:?}");
}

#[tokio::test]
async fn a_provider_slower_than_the_request_timeout_is_transient() {
    let fake = FakeShopify::start("shpat_test_token");
    fake.server
        .fail_next(1, Failure::Delay(Duration::from_secs(3)));
    let client = ShopifyClient::new(ShopifyConfig {
        base_url: fake.server.url.clone(),
        access_token: fake.access_token.clone(),
        api_version: shopify::DEFAULT_API_VERSION.into(),
        timeouts: HttpTimeouts {
            connect: Duration::from_secs(1),
            request: Duration::from_millis(300),
        },
    })
    .unwrap();
    let error = client
        .set_inventory_quantities(&levels(), "k")
        .await
        .unwrap_err();
    assert!(matches!(error, IntegrationError::Transient(_)), "{error:?}");
}

#[tokio::test]
async fn square_retrieve_order_maps_money_and_tenders() {
    let fake = FakeSquare::start("EAAAl_test");
    let envelope: Value = serde_json::from_str(&fixture("square_order.json")).unwrap();
    fake.add_order(envelope["order"].clone());

    let sales = square_client(&fake, "EAAAl_test")
        .retrieve_order("CAISENgvlJ6jLWAzERDzjyHVybY")
        .await
        .unwrap();

    assert_eq!(sales.len(), 1);
    let sale = &sales[0];
    assert_eq!(sale.currency, "JPY");
    assert_eq!(sale.lines[0].unit_price_minor, 1980);
    assert_eq!(sale.lines[0].discount_minor, 200);
    assert_eq!(sale.lines[0].quantity, 2);
    assert_eq!(
        sale.payments,
        vec![
            ExternalPayment {
                method: PaymentMethod::Cash,
                amount_minor: 3000
            },
            ExternalPayment {
                method: PaymentMethod::Qr,
                amount_minor: 1300
            }
        ]
    );
    let request = &fake.server.requests()[0];
    assert_eq!(request.method, "GET");
    assert_eq!(request.path, "/v2/orders/CAISENgvlJ6jLWAzERDzjyHVybY");
    assert_eq!(request.header("authorization"), Some("Bearer EAAAl_test"));
    assert_eq!(
        request.header("square-version"),
        Some(square::DEFAULT_SQUARE_VERSION)
    );
}

#[tokio::test]
async fn square_errors_are_classified() {
    let fake = FakeSquare::start("EAAAl_test");
    let client = square_client(&fake, "EAAAl_test");
    assert!(matches!(
        client.retrieve_order("missing").await.unwrap_err(),
        IntegrationError::Rejected(_)
    ));
    fake.server.fail_next(1, Failure::Status(503));
    assert!(matches!(
        client.retrieve_order("missing").await.unwrap_err(),
        IntegrationError::Transient(_)
    ));
    fake.server.fail_next(
        1,
        Failure::RateLimited {
            retry_after_secs: 1,
        },
    );
    assert!(matches!(
        client.retrieve_order("missing").await.unwrap_err(),
        IntegrationError::RateLimited { .. }
    ));
    assert_eq!(
        square_client(&fake, "wrong")
            .retrieve_order("x")
            .await
            .unwrap_err(),
        IntegrationError::Unauthorized
    );
}

#[tokio::test]
async fn square_search_orders_follows_the_cursor() {
    let fake = FakeSquare::start("EAAAl_test");
    for (n, price) in [1980, 2980, 980, 540, 120].into_iter().enumerate() {
        fake.add_order(fake_square::order(
            &format!("order-{n}"),
            "L1",
            "2026-11-20T03:04:05Z",
            price,
        ));
    }
    fake.add_order(fake_square::order(
        "elsewhere",
        "L9",
        "2026-11-20T03:04:05Z",
        1,
    ));
    fake.add_order(fake_square::order(
        "too-old",
        "L1",
        "2026-10-01T00:00:00Z",
        1,
    ));

    let sales = square_client(&fake, "EAAAl_test")
        .search_orders_since(
            &["L1".to_owned()],
            Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
        )
        .await
        .unwrap();

    let ids: Vec<&str> = sales.iter().map(|s| s.external_id.as_str()).collect();
    assert_eq!(ids, ["order-0", "order-1", "order-2", "order-3", "order-4"]);
    let requests = fake.server.requests_to("/v2/orders/search");
    assert_eq!(requests.len(), 3);
    let first = requests[0].json();
    assert_eq!(first["location_ids"], json!(["L1"]));
    assert_eq!(
        first["query"]["filter"]["date_time_filter"]["updated_at"]["start_at"],
        "2026-11-01T00:00:00Z"
    );
    assert_eq!(
        first["query"]["filter"]["state_filter"]["states"],
        json!(["COMPLETED"])
    );
    assert!(first.get("cursor").is_none());
    assert_eq!(requests[1].json()["cursor"], "cursor-2");
    assert_eq!(requests[2].json()["cursor"], "cursor-4");
}

#[tokio::test]
async fn square_batch_change_inventory_sends_physical_counts() {
    let fake = FakeSquare::start("EAAAl_test");
    square_client(&fake, "EAAAl_test")
        .batch_change_inventory(
            &[StockLevel::from(("W62UWFY35CWMYGVWK6TWJDNI", "L1", 12))],
            "kura-0193",
        )
        .await
        .unwrap();

    let request = &fake
        .server
        .requests_to("/v2/inventory/changes/batch-create")[0];
    let body = request.json();
    assert_eq!(body["idempotency_key"], "kura-0193");
    let change = &body["changes"][0];
    assert_eq!(change["type"], "PHYSICAL_COUNT");
    assert_eq!(
        change["physical_count"]["catalog_object_id"],
        "W62UWFY35CWMYGVWK6TWJDNI"
    );
    assert_eq!(change["physical_count"]["location_id"], "L1");
    assert_eq!(change["physical_count"]["quantity"], "12");
    assert_eq!(change["physical_count"]["state"], "IN_STOCK");
    assert!(
        change["physical_count"]["occurred_at"]
            .as_str()
            .unwrap()
            .ends_with('Z')
    );
}

#[tokio::test]
async fn square_webhooks_signed_by_the_fake_verify_only_for_their_url() {
    let key = b"qfjakbt2uWB8DKAMECF-EA";
    let url = "https://kura.example.jp/webhooks/square/channel-1";
    let body = fixture("square_order_updated.json");
    let webhook = fake_square::signed_webhook(key, url, body.as_bytes());
    let header = webhook.header("x-square-hmacsha256-signature").unwrap();

    assert!(square::verify_webhook(key, url, &webhook.body, header));
    assert!(!square::verify_webhook(
        key,
        "https://kura.example.jp/webhooks/square/channel-2",
        &webhook.body,
        header
    ));
    let (_, events) = square::parse_webhook(&webhook.body).unwrap();
    assert_eq!(
        events,
        vec![InboundEvent::FetchTransaction {
            transaction_id: "CAISENgvlJ6jLWAzERDzjyHVybY".into()
        }]
    );
}

#[tokio::test]
async fn smaregi_fetches_one_token_and_reuses_it_for_two_calls() {
    let fake = FakeSmaregi::start("sb_skp380c6", "client-id", "client-secret");
    fake.add_transaction(fake_smaregi::transaction("25", 1980));
    fake.add_transaction(fake_smaregi::transaction("26", 540));
    let client = smaregi_client(&fake);

    let first = client.transaction("25").await.unwrap();
    let second = client.transaction("26").await.unwrap();

    assert_eq!(first.external_id, "25");
    assert_eq!(first.lines[0].unit_price_minor, 1980);
    assert_eq!(second.external_id, "26");
    assert_eq!(
        second.payments,
        vec![ExternalPayment {
            method: PaymentMethod::Cash,
            amount_minor: 540
        }]
    );
    let tokens = fake.token_requests();
    assert_eq!(tokens.len(), 1);
    let form = tokens[0].form();
    assert_eq!(form["grant_type"], "client_credentials");
    assert!(form["scope"].contains("pos.transactions:read"));
    let api: Vec<_> = fake
        .server
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/sb_skp380c6/pos/transactions/"))
        .collect();
    assert_eq!(api.len(), 2);
    assert!(
        api.iter()
            .all(|r| r.header("authorization") == Some("Bearer fake-token-1"))
    );
    assert_eq!(api[0].query_pairs()["with_details"], "all");
}

#[tokio::test]
async fn smaregi_fetches_a_new_token_when_the_old_one_is_about_to_expire() {
    let fake = FakeSmaregi::start("sb_skp380c6", "client-id", "client-secret");
    // Shorter than the client's safety margin, so each call needs a fresh token.
    fake.state.lock().unwrap().expires_in = 30;
    fake.add_transaction(fake_smaregi::transaction("25", 1980));
    let client = smaregi_client(&fake);

    client.transaction("25").await.unwrap();
    client.transaction("25").await.unwrap();

    assert_eq!(fake.token_requests().len(), 2);
}

#[tokio::test]
async fn smaregi_wrong_client_credentials_are_unauthorized() {
    let fake = FakeSmaregi::start("sb_skp380c6", "client-id", "client-secret");
    let mut config = SmaregiConfig::new("client-id", "wrong", "sb_skp380c6");
    config.id_base_url = fake.server.url.clone();
    config.api_base_url = fake.server.url.clone();
    let client = SmaregiClient::new(config).unwrap();
    assert_eq!(
        client.transaction("25").await.unwrap_err(),
        IntegrationError::Unauthorized
    );
}

#[tokio::test]
async fn smaregi_transactions_since_pages_through_the_list() {
    let fake = FakeSmaregi::start("sb_skp380c6", "client-id", "client-secret");
    for n in 0..3 {
        fake.add_transaction(fake_smaregi::transaction(
            &format!("{}", 40 + n),
            100 * (n + 1),
        ));
    }
    let since = Utc::now() - chrono::Duration::days(2);

    let sales = smaregi_client(&fake)
        .transactions_since(since)
        .await
        .unwrap();

    let ids: Vec<&str> = sales.iter().map(|s| s.external_id.as_str()).collect();
    assert_eq!(ids, ["40", "41", "42"]);
    let list = fake.server.requests_to("/sb_skp380c6/pos/transactions");
    assert_eq!(list.len(), 1);
    let query = list[0].query_pairs();
    assert_eq!(query["page"], "1");
    assert_eq!(query["limit"], "1000");
    assert!(query.contains_key("transaction_date_time-from"));
    assert!(query.contains_key("transaction_date_time-to"));
}

#[tokio::test]
async fn smaregi_update_stock_patches_each_product_with_the_absolute_amount() {
    let fake = FakeSmaregi::start("sb_skp380c6", "client-id", "client-secret");
    smaregi_client(&fake)
        .update_stock(&[
            StockLevel::from(("8000001", "1", 12)),
            StockLevel::from(("8000002", "2", -1)),
        ])
        .await
        .unwrap();

    let patches: Vec<_> = fake
        .server
        .requests()
        .into_iter()
        .filter(|r| r.method == "PATCH")
        .collect();
    assert_eq!(patches.len(), 2);
    assert_eq!(patches[0].path, "/sb_skp380c6/pos/stock/8000001");
    assert_eq!(patches[0].json()["storeId"], "1");
    assert_eq!(patches[0].json()["stockAmount"], "12");
    assert_eq!(patches[1].path, "/sb_skp380c6/pos/stock/8000002");
    assert_eq!(patches[1].json()["stockAmount"], "-1");
}

#[tokio::test]
async fn smaregi_a_500_is_transient() {
    let fake = FakeSmaregi::start("sb_skp380c6", "client-id", "client-secret");
    fake.add_transaction(fake_smaregi::transaction("25", 1980));
    let client = smaregi_client(&fake);
    client.transaction("25").await.unwrap();
    fake.server.fail_next(1, Failure::Status(500));
    assert!(matches!(
        client.transaction("25").await.unwrap_err(),
        IntegrationError::Transient(_)
    ));
}

#[tokio::test]
async fn smaregi_webhooks_from_the_fake_authenticate_and_parse() {
    let webhook = fake_smaregi::webhook("sb_skp380c6", "chan-secret", &["25", "26"]);
    assert!(smaregi::verify_secret(
        "chan-secret",
        webhook.header(smaregi::SECRET_HEADER)
    ));
    assert!(!smaregi::verify_secret(
        "other",
        webhook.header(smaregi::SECRET_HEADER)
    ));
    let events = smaregi::parse_webhook(
        webhook.header(smaregi::EVENT_HEADER).unwrap(),
        &webhook.body,
    )
    .unwrap();
    assert_eq!(events.len(), 2);
}

#[tokio::test]
async fn smaregi_a_revoked_token_is_replaced_once_and_the_call_retried() {
    let fake = FakeSmaregi::start("sb_skp380c6", "client-id", "client-secret");
    fake.add_transaction(fake_smaregi::transaction("25", 1980));
    let client = smaregi_client(&fake);
    client.transaction("25").await.unwrap();

    // Smaregi forgets the token (rotated secret, revoked app) before it expires.
    fake.state.lock().unwrap().issued_tokens.clear();
    let sale = client.transaction("25").await.unwrap();

    assert_eq!(sale.external_id, "25");
    assert_eq!(fake.token_requests().len(), 2);
    let last = fake.server.requests().pop().unwrap();
    assert_eq!(last.header("authorization"), Some("Bearer fake-token-2"));
}
