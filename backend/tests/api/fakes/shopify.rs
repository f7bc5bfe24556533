//! A fake Shopify Admin API: `POST /admin/api/{version}/graphql.json` (the
//! `inventorySetQuantities` mutation) and `GET /admin/api/{version}/orders.json` with
//! `Link` header pagination, both behind `X-Shopify-Access-Token`.

use std::sync::{Arc, Mutex};

use actix_web::HttpResponse;
use serde_json::{Value, json};

use super::{FakeServer, RecordedRequest, WebhookRequest, hmac_sha256_base64};

/// What the fake answers with; change it between requests through [`FakeShopify::state`].
#[derive(Debug, Default)]
pub struct ShopifyState {
    /// Order JSON objects, served as consecutive pages of `orders.json`.
    pub order_pages: Vec<Vec<Value>>,
    /// `userErrors` the next mutations return (empty: success).
    pub user_errors: Vec<Value>,
    /// Answer the next mutation with a GraphQL `THROTTLED` error (HTTP 200).
    pub throttle_next_mutation: bool,
}

pub struct FakeShopify {
    pub server: FakeServer,
    pub access_token: String,
    pub state: Arc<Mutex<ShopifyState>>,
}

impl FakeShopify {
    pub fn start(access_token: &str) -> Self {
        let state = Arc::new(Mutex::new(ShopifyState::default()));
        let token = access_token.to_owned();
        let router_state = state.clone();
        let server = FakeServer::start(move |request| route(request, &token, &router_state));
        Self {
            server,
            access_token: access_token.to_owned(),
            state,
        }
    }

    /// Serves `pages` of orders from `orders.json`.
    pub fn set_order_pages(&self, pages: Vec<Vec<Value>>) {
        self.state.lock().unwrap().order_pages = pages;
    }
}

fn route(request: &RecordedRequest, token: &str, state: &Mutex<ShopifyState>) -> HttpResponse {
    if request.header("x-shopify-access-token") != Some(token) {
        return HttpResponse::Unauthorized().json(json!({
            "errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"
        }));
    }
    let segments: Vec<&str> = request.path.trim_matches('/').split('/').collect();
    match (request.method.as_str(), segments.as_slice()) {
        ("POST", ["admin", "api", _version, "graphql.json"]) => graphql(request, state),
        ("GET", ["admin", "api", version, "orders.json"]) => orders(request, version, state),
        _ => HttpResponse::NotFound().json(json!({ "errors": "Not Found" })),
    }
}

fn graphql(request: &RecordedRequest, state: &Mutex<ShopifyState>) -> HttpResponse {
    let body = request.json();
    let query = body["query"].as_str().unwrap_or_default();
    if !query.contains("inventorySetQuantities") {
        return HttpResponse::Ok().json(json!({
            "errors": [{ "message": "the fake only knows inventorySetQuantities" }]
        }));
    }
    let mut state = state.lock().unwrap();
    if std::mem::take(&mut state.throttle_next_mutation) {
        return HttpResponse::Ok().json(json!({
            "errors": [{
                "message": "Throttled",
                "extensions": { "code": "THROTTLED", "documentation": "https://shopify.dev/api/usage/rate-limits" }
            }],
            "extensions": { "cost": { "requestedQueryCost": 10, "throttleStatus": { "maximumAvailable": 2000.0, "currentlyAvailable": 0, "restoreRate": 100.0 } } }
        }));
    }
    let user_errors = std::mem::take(&mut state.user_errors);
    let group = if user_errors.is_empty() {
        json!({ "id": "gid://shopify/InventoryAdjustmentGroup/1" })
    } else {
        Value::Null
    };
    HttpResponse::Ok().json(json!({
        "data": {
            "inventorySetQuantities": {
                "inventoryAdjustmentGroup": group,
                "userErrors": user_errors
            }
        }
    }))
}

fn orders(request: &RecordedRequest, version: &str, state: &Mutex<ShopifyState>) -> HttpResponse {
    let state = state.lock().unwrap();
    let query = request.query_pairs();
    // Shopify's cursor pages accept only page_info and limit; the first page carries
    // the filters.
    let page = match query.get("page_info") {
        Some(info) => match info.strip_prefix('p').and_then(|n| n.parse::<usize>().ok()) {
            Some(n) => n,
            None => {
                return HttpResponse::BadRequest()
                    .json(json!({ "errors": { "page_info": "Invalid value." } }));
            }
        },
        None => 0,
    };
    let orders = state.order_pages.get(page).cloned().unwrap_or_default();
    let mut response = HttpResponse::Ok();
    if page + 1 < state.order_pages.len() {
        let base = format!("{}/admin/api/{version}/orders.json", request.origin());
        let mut links = vec![format!(
            "<{base}?limit=250&page_info=p{}>; rel=\"next\"",
            page + 1
        )];
        if page > 0 {
            links.insert(
                0,
                format!(
                    "<{base}?limit=250&page_info=p{}>; rel=\"previous\"",
                    page - 1
                ),
            );
        }
        response.insert_header(("Link", links.join(", ")));
    }
    response.json(json!({ "orders": orders }))
}

/// A webhook as Shopify sends it, signed with the app's client secret.
pub fn signed_webhook(secret: &[u8], topic: &str, body: &[u8]) -> WebhookRequest {
    WebhookRequest {
        headers: vec![
            ("X-Shopify-Topic".into(), topic.into()),
            (
                "X-Shopify-Hmac-Sha256".into(),
                hmac_sha256_base64(secret, &[body]),
            ),
            (
                "X-Shopify-Shop-Domain".into(),
                "kura-test.myshopify.com".into(),
            ),
            ("X-Shopify-Api-Version".into(), "2026-01".into()),
            (
                "X-Shopify-Webhook-Id".into(),
                uuid::Uuid::new_v4().to_string(),
            ),
            (
                "X-Shopify-Event-Id".into(),
                uuid::Uuid::new_v4().to_string(),
            ),
        ],
        body: body.to_vec(),
    }
}

/// A minimal valid order (one yen line, paid in cash), for pagination tests.
pub fn order(id: u64, price_yen: i64) -> Value {
    json!({
        "id": id,
        "created_at": "2026-11-20T10:15:47+09:00",
        "processed_at": "2026-11-20T10:15:47+09:00",
        "updated_at": "2026-11-20T10:15:49+09:00",
        "currency": "JPY",
        "taxes_included": true,
        "total_price": format!("{price_yen}"),
        "payment_gateway_names": ["cash"],
        "line_items": [{
            "id": id * 10,
            "variant_id": 49148385,
            "sku": "TEE-BLK-M",
            "title": "オーガニックTシャツ",
            "quantity": 1,
            "price": format!("{price_yen}.00"),
            "total_discount": "0.00",
            "tax_lines": [{ "rate": 0.1, "price": "0", "title": "消費税" }]
        }],
        "refunds": []
    })
}
