//! Local stand-ins for the providers Kura integrates with: small actix servers on
//! 127.0.0.1:0 that speak each provider's documented request and response formats,
//! record every request, and can be told to fail the next requests.
//!
//! Webhook signatures here are computed with hmac + sha2 + base64 directly, never with
//! the code under test, so a test that verifies them checks Kura against an independent
//! implementation of the provider's scheme.

pub mod shopify;
pub mod smaregi;
pub mod square;

use std::{
    collections::{BTreeMap, VecDeque},
    net::TcpListener,
    sync::{Arc, Mutex},
    time::Duration,
};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, dev::ServerHandle, web};
use serde_json::{Value, json};

/// One request a fake received.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    pub method: String,
    /// Path without the query string.
    pub path: String,
    /// Raw query string (still percent-encoded), empty when there is none.
    pub query: String,
    /// Header names lower-cased; a repeated header keeps its last value.
    pub headers: BTreeMap<String, String>,
    pub body: Vec<u8>,
}

impl RecordedRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("request body is JSON")
    }

    /// Decoded query parameters.
    pub fn query_pairs(&self) -> BTreeMap<String, String> {
        url::form_urlencoded::parse(self.query.as_bytes())
            .into_owned()
            .collect()
    }

    /// Decoded `application/x-www-form-urlencoded` body.
    pub fn form(&self) -> BTreeMap<String, String> {
        url::form_urlencoded::parse(&self.body)
            .into_owned()
            .collect()
    }

    /// `scheme://host` the client used, for building absolute links back to the fake.
    pub fn origin(&self) -> String {
        format!("http://{}", self.header("host").unwrap_or("127.0.0.1"))
    }
}

/// A forced failure for upcoming requests.
#[derive(Debug, Clone, Copy)]
pub enum Failure {
    /// Answer with this status (500, 503, 429…) and a provider-style error body.
    Status(u16),
    /// Answer 429 with `Retry-After: <seconds>`.
    RateLimited { retry_after_secs: u32 },
    /// Sleep this long before answering normally (for timeout tests).
    Delay(Duration),
}

type Router = dyn Fn(&RecordedRequest) -> HttpResponse + Send + Sync;

struct Inner {
    requests: Mutex<Vec<RecordedRequest>>,
    failures: Mutex<VecDeque<Failure>>,
    router: Box<Router>,
}

/// A running fake provider. Dropping it stops the server.
pub struct FakeServer {
    /// `http://127.0.0.1:<port>`, to put in a client's config as its base URL.
    pub url: String,
    inner: Arc<Inner>,
    handle: ServerHandle,
}

impl FakeServer {
    /// Starts a server that records every request and answers it with `router`, unless
    /// a failure was queued.
    pub fn start(
        router: impl Fn(&RecordedRequest) -> HttpResponse + Send + Sync + 'static,
    ) -> Self {
        let inner = Arc::new(Inner {
            requests: Mutex::new(Vec::new()),
            failures: Mutex::new(VecDeque::new()),
            router: Box::new(router),
        });
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind fake provider");
        let port = listener.local_addr().expect("fake address").port();
        let data = web::Data::from(inner.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .app_data(web::PayloadConfig::new(16 * 1024 * 1024))
                .default_service(web::to(handle))
        })
        .workers(1)
        .disable_signals()
        .listen(listener)
        .expect("listen fake provider")
        .run();
        let handle = server.handle();
        tokio::spawn(server);
        Self {
            url: format!("http://127.0.0.1:{port}"),
            inner,
            handle,
        }
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.inner.requests.lock().unwrap().clone()
    }

    /// Requests received so far on `path`.
    pub fn requests_to(&self, path: &str) -> Vec<RecordedRequest> {
        self.requests()
            .into_iter()
            .filter(|r| r.path == path)
            .collect()
    }

    /// Makes the next `n` requests fail with `failure`.
    pub fn fail_next(&self, n: usize, failure: Failure) {
        let mut failures = self.inner.failures.lock().unwrap();
        failures.extend(std::iter::repeat_n(failure, n));
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        // stop() sends the command right away; the returned future only awaits completion.
        drop(self.handle.stop(false));
    }
}

async fn handle(request: HttpRequest, body: web::Bytes, inner: web::Data<Inner>) -> HttpResponse {
    let recorded = RecordedRequest {
        method: request.method().as_str().to_owned(),
        path: request.path().to_owned(),
        query: request.query_string().to_owned(),
        headers: request
            .headers()
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_ascii_lowercase(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body: body.to_vec(),
    };
    inner.requests.lock().unwrap().push(recorded.clone());
    let failure = inner.failures.lock().unwrap().pop_front();
    match failure {
        Some(Failure::Status(status)) => error_response(status, "forced failure"),
        Some(Failure::RateLimited { retry_after_secs }) => {
            HttpResponse::TooManyRequests()
                .insert_header(("Retry-After", format!("{retry_after_secs}.0")))
                .json(json!({ "errors": "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service." }))
        }
        Some(Failure::Delay(delay)) => {
            tokio::time::sleep(delay).await;
            (inner.router)(&recorded)
        }
        None => (inner.router)(&recorded),
    }
}

/// A JSON error body with `status`, shaped loosely enough to serve every provider.
pub fn error_response(status: u16, message: &str) -> HttpResponse {
    let status = actix_web::http::StatusCode::from_u16(status).expect("valid status");
    HttpResponse::build(status).json(json!({
        "errors": [{ "category": "API_ERROR", "code": "INTERNAL", "detail": message }],
        "title": message,
        "status": status.as_u16(),
    }))
}

/// base64(HMAC-SHA256(key, parts…)), computed independently of the code under test.
pub fn hmac_sha256_base64(key: &[u8], parts: &[&[u8]]) -> String {
    use base64::Engine;
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key).expect("any key length");
    for part in parts {
        mac.update(part);
    }
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// A webhook request as a provider would send it: headers and the raw body.
#[derive(Debug, Clone)]
pub struct WebhookRequest {
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl WebhookRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Sends it to `url` (Kura's webhook endpoint) with `client`.
    pub async fn send(&self, client: &reqwest::Client, url: &str) -> reqwest::Response {
        let mut request = client
            .post(url)
            .header("Content-Type", "application/json")
            .body(self.body.clone());
        for (name, value) in &self.headers {
            request = request.header(name, value);
        }
        request.send().await.expect("send webhook")
    }
}
