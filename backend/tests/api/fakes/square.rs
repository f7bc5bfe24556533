//! A fake Square API: `GET /v2/orders/{id}`, `POST /v2/orders/search` with cursor
//! pagination and `POST /v2/inventory/changes/batch-create`, behind a bearer token and
//! the `Square-Version` header.

use std::{
    collections::BTreeMap,
    sync::{Arc, Mutex},
};

use actix_web::HttpResponse;
use serde_json::{Value, json};

use super::{FakeServer, RecordedRequest, WebhookRequest, hmac_sha256_base64};

#[derive(Debug)]
pub struct SquareState {
    /// Orders by id.
    pub orders: BTreeMap<String, Value>,
    /// Orders per search page, so tests can force several pages.
    pub search_page_size: usize,
}

pub struct FakeSquare {
    pub server: FakeServer,
    pub state: Arc<Mutex<SquareState>>,
}

impl FakeSquare {
    pub fn start(access_token: &str) -> Self {
        let state = Arc::new(Mutex::new(SquareState {
            orders: BTreeMap::new(),
            search_page_size: 2,
        }));
        let expected = format!("Bearer {access_token}");
        let router_state = state.clone();
        let server = FakeServer::start(move |request| route(request, &expected, &router_state));
        Self { server, state }
    }

    /// Adds an order object (the value of `order` in a RetrieveOrder response).
    pub fn add_order(&self, order: Value) {
        let id = order["id"].as_str().expect("order id").to_owned();
        self.state.lock().unwrap().orders.insert(id, order);
    }
}

fn square_error(status: u16, category: &str, code: &str, detail: &str) -> HttpResponse {
    let status = actix_web::http::StatusCode::from_u16(status).expect("status");
    HttpResponse::build(status).json(json!({
        "errors": [{ "category": category, "code": code, "detail": detail }]
    }))
}

fn route(
    request: &RecordedRequest,
    expected_auth: &str,
    state: &Mutex<SquareState>,
) -> HttpResponse {
    if request.header("authorization") != Some(expected_auth) {
        return square_error(
            401,
            "AUTHENTICATION_ERROR",
            "UNAUTHORIZED",
            "This request could not be authorized.",
        );
    }
    if request.header("square-version").is_none() {
        return square_error(
            400,
            "INVALID_REQUEST_ERROR",
            "INVALID_VALUE",
            "missing Square-Version",
        );
    }
    let segments: Vec<&str> = request.path.trim_matches('/').split('/').collect();
    match (request.method.as_str(), segments.as_slice()) {
        ("POST", ["v2", "orders", "search"]) => search(request, state),
        ("GET", ["v2", "orders", id]) => match state.lock().unwrap().orders.get(*id) {
            Some(order) => HttpResponse::Ok().json(json!({ "order": order })),
            None => square_error(
                404,
                "INVALID_REQUEST_ERROR",
                "NOT_FOUND",
                &format!("Order {id} not found."),
            ),
        },
        ("POST", ["v2", "inventory", "changes", "batch-create"]) => {
            let body = request.json();
            let counts: Vec<Value> = body["changes"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|c| {
                    let count = &c["physical_count"];
                    json!({
                        "catalog_object_id": count["catalog_object_id"],
                        "catalog_object_type": "ITEM_VARIATION",
                        "state": count["state"],
                        "location_id": count["location_id"],
                        "quantity": count["quantity"],
                        "calculated_at": count["occurred_at"],
                    })
                })
                .collect();
            HttpResponse::Ok().json(json!({ "counts": counts, "changes": body["changes"] }))
        }
        _ => square_error(
            404,
            "INVALID_REQUEST_ERROR",
            "NOT_FOUND",
            "no such endpoint",
        ),
    }
}

fn search(request: &RecordedRequest, state: &Mutex<SquareState>) -> HttpResponse {
    let body = request.json();
    let state = state.lock().unwrap();
    let locations: Vec<&str> = body["location_ids"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let start_at = body
        .pointer("/query/filter/date_time_filter/updated_at/start_at")
        .and_then(Value::as_str)
        .unwrap_or("");
    let matching: Vec<&Value> = state
        .orders
        .values()
        .filter(|o| locations.contains(&o["location_id"].as_str().unwrap_or("")))
        .filter(|o| o["updated_at"].as_str().unwrap_or("") >= start_at)
        .collect();
    let offset: usize = body["cursor"]
        .as_str()
        .and_then(|c| c.strip_prefix("cursor-"))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let page: Vec<&Value> = matching
        .iter()
        .skip(offset)
        .take(state.search_page_size)
        .copied()
        .collect();
    let next = offset + page.len();
    let mut response = json!({ "orders": page });
    if next < matching.len() {
        response["cursor"] = json!(format!("cursor-{next}"));
    }
    HttpResponse::Ok().json(response)
}

/// A webhook as Square sends it: signed over the notification URL and the body.
pub fn signed_webhook(signature_key: &[u8], notification_url: &str, body: &[u8]) -> WebhookRequest {
    WebhookRequest {
        headers: vec![
            (
                "x-square-hmacsha256-signature".into(),
                hmac_sha256_base64(signature_key, &[notification_url.as_bytes(), body]),
            ),
            ("square-environment".into(), "Sandbox".into()),
        ],
        body: body.to_vec(),
    }
}

/// A completed order at `location_id` with one yen line paid by card.
pub fn order(id: &str, location_id: &str, updated_at: &str, price_yen: i64) -> Value {
    json!({
        "id": id,
        "location_id": location_id,
        "state": "COMPLETED",
        "created_at": updated_at,
        "updated_at": updated_at,
        "closed_at": updated_at,
        "line_items": [{
            "uid": "li-1",
            "catalog_object_id": "W62UWFY35CWMYGVWK6TWJDNI",
            "name": "オーガニックTシャツ",
            "quantity": "1",
            "base_price_money": { "amount": price_yen, "currency": "JPY" },
            "total_discount_money": { "amount": 0, "currency": "JPY" },
            "total_money": { "amount": price_yen, "currency": "JPY" }
        }],
        "tenders": [{ "id": "t-1", "type": "CARD", "amount_money": { "amount": price_yen, "currency": "JPY" } }],
        "total_money": { "amount": price_yen, "currency": "JPY" }
    })
}
