//! A fake Smaregi Platform API on one server: the token endpoint
//! `POST /app/{contract_id}/token` (client credentials, HTTP Basic) and the POS API under
//! `/{contract_id}/pos/…` (transactions by id and by page, per-product stock update),
//! which accepts only tokens it issued.

use std::sync::{Arc, Mutex};

use actix_web::HttpResponse;
use base64::Engine;
use serde_json::{Value, json};

use super::{FakeServer, RecordedRequest, WebhookRequest};

#[derive(Debug, Default)]
pub struct SmaregiState {
    /// Transactions (head JSON with `details`), served by id and by list pages.
    pub transactions: Vec<Value>,
    /// Tokens currently valid; clear it to simulate a revocation.
    pub issued_tokens: Vec<String>,
    /// Tokens issued in total, so a new token never repeats an old one.
    pub tokens_issued: usize,
    /// Lifetime given to new tokens.
    pub expires_in: u64,
}

pub struct FakeSmaregi {
    pub server: FakeServer,
    pub contract_id: String,
    pub state: Arc<Mutex<SmaregiState>>,
}

impl FakeSmaregi {
    pub fn start(contract_id: &str, client_id: &str, client_secret: &str) -> Self {
        let state = Arc::new(Mutex::new(SmaregiState {
            expires_in: 3600,
            ..SmaregiState::default()
        }));
        let basic = format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD
                .encode(format!("{client_id}:{client_secret}"))
        );
        let contract = contract_id.to_owned();
        let router_state = state.clone();
        let server =
            FakeServer::start(move |request| route(request, &contract, &basic, &router_state));
        Self {
            server,
            contract_id: contract_id.to_owned(),
            state,
        }
    }

    pub fn add_transaction(&self, transaction: Value) {
        self.state.lock().unwrap().transactions.push(transaction);
    }

    pub fn token_requests(&self) -> Vec<RecordedRequest> {
        self.server
            .requests_to(&format!("/app/{}/token", self.contract_id))
    }
}

fn problem(status: u16, title: &str, detail: &str) -> HttpResponse {
    let code = actix_web::http::StatusCode::from_u16(status).expect("status");
    HttpResponse::build(code)
        .content_type("application/problem+json")
        .json(json!({ "type": "about:blank", "title": title, "detail": detail, "status": status }))
}

fn route(
    request: &RecordedRequest,
    contract: &str,
    basic: &str,
    state: &Mutex<SmaregiState>,
) -> HttpResponse {
    let segments: Vec<&str> = request.path.trim_matches('/').split('/').collect();
    if let ("POST", ["app", c, "token"]) = (request.method.as_str(), segments.as_slice()) {
        if *c != contract || request.header("authorization") != Some(basic) {
            return HttpResponse::Unauthorized().json(json!({ "error": "invalid_client" }));
        }
        let form = request.form();
        if form.get("grant_type").map(String::as_str) != Some("client_credentials") {
            return HttpResponse::BadRequest().json(json!({ "error": "unsupported_grant_type" }));
        }
        let mut state = state.lock().unwrap();
        state.tokens_issued += 1;
        let token = format!("fake-token-{}", state.tokens_issued);
        state.issued_tokens.push(token.clone());
        return HttpResponse::Ok().json(json!({
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": state.expires_in,
            "scope": form.get("scope").cloned().unwrap_or_default(),
        }));
    }

    let authorized = request
        .header("authorization")
        .and_then(|h| h.strip_prefix("Bearer "))
        .is_some_and(|t| state.lock().unwrap().issued_tokens.iter().any(|i| i == t));
    if !authorized {
        return problem(401, "Unauthorized", "アクセストークンが無効です");
    }
    match (request.method.as_str(), segments.as_slice()) {
        ("GET", [c, "pos", "transactions"]) if *c == contract => {
            let query = request.query_pairs();
            if !query.contains_key("transaction_date_time-from") {
                return problem(400, "Bad Request", "期間を指定してください");
            }
            let limit: usize = query
                .get("limit")
                .and_then(|l| l.parse().ok())
                .unwrap_or(100);
            let page: usize = query.get("page").and_then(|p| p.parse().ok()).unwrap_or(1);
            let state = state.lock().unwrap();
            let items: Vec<&Value> = state
                .transactions
                .iter()
                .skip((page.max(1) - 1) * limit)
                .take(limit)
                .collect();
            HttpResponse::Ok().json(items)
        }
        ("GET", [c, "pos", "transactions", id]) if *c == contract => {
            let state = state.lock().unwrap();
            match state
                .transactions
                .iter()
                .find(|t| t["transactionHeadId"].as_str() == Some(id))
            {
                Some(t) => HttpResponse::Ok().json(t),
                None => problem(404, "NotFound", "指定されたIDのリソースが見つかりません"),
            }
        }
        ("PATCH", [c, "pos", "stock", product_id]) if *c == contract => {
            let body = request.json();
            HttpResponse::Ok().json(json!({
                "productId": product_id,
                "storeId": body["storeId"],
                "stockAmount": body["stockAmount"],
                "updDateTime": "2026-11-20T10:00:00+09:00",
                "stockHistory": { "id": "1", "memo": body["stockHistory"]["memo"] },
            }))
        }
        _ => problem(404, "NotFound", "no such endpoint"),
    }
}

/// A `pos:transactions` webhook as Smaregi sends it, with Kura's channel secret header
/// (Smaregi signs nothing; the merchant configures the secret header).
pub fn webhook(contract_id: &str, secret: &str, transaction_ids: &[&str]) -> WebhookRequest {
    let body = json!({
        "contractId": contract_id,
        "event": "pos:transactions",
        "action": "created",
        "transactionHeadIds": transaction_ids,
    });
    WebhookRequest {
        headers: vec![
            ("Smaregi-Event".into(), "pos:transactions".into()),
            ("Smaregi-Event-Id".into(), uuid::Uuid::new_v4().to_string()),
            ("Smaregi-Contract-Id".into(), contract_id.into()),
            ("X-Kura-Webhook-Secret".into(), secret.into()),
        ],
        body: serde_json::to_vec(&body).expect("json"),
    }
}

/// A sale transaction with one line, paid in cash.
pub fn transaction(id: &str, price_yen: i64) -> Value {
    json!({
        "transactionHeadId": id,
        "transactionDateTime": "2026-11-20T16:36:29+09:00",
        "transactionHeadDivision": "1",
        "cancelDivision": "0",
        "subtotal": price_yen.to_string(),
        "total": price_yen.to_string(),
        "depositCash": price_yen.to_string(),
        "depositCredit": "0",
        "change": "0",
        "storeId": "1",
        "customerId": null,
        "terminalTranDateTime": "2026-11-20T16:36:27+09:00",
        "details": [{
            "transactionDetailId": "1",
            "productId": "8000001",
            "productCode": "4901234567894",
            "productName": "オーガニックTシャツ 黒 M",
            "taxDivision": "0",
            "salesPrice": price_yen.to_string(),
            "quantity": "1",
            "unitDiscountSum": "0",
            "taxRate": "10"
        }]
    })
}
