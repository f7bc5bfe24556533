//! Prometheus metrics: HTTP requests and latencies by route, WebSocket connections and the
//! database pool, served as text at `/metrics`.

use std::time::Instant;

use actix_web::{
    Error, HttpRequest, HttpResponse,
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse},
    http::header,
    middleware::Next,
    web,
};
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, Opts, Registry, TextEncoder,
};

use crate::{
    state::AppState,
    store::{
        self,
        statements::{self, Tally},
    },
};

/// The registry and every instrument Kura reports. Cheap to clone.
#[derive(Clone)]
pub struct Metrics {
    registry: Registry,
    http_requests: IntCounterVec,
    http_duration: HistogramVec,
    db_statements: HistogramVec,
    websocket_connections: IntGauge,
    db_connections: IntGauge,
    db_idle_connections: IntGauge,
}

impl Metrics {
    /// Creates and registers the instruments.
    pub fn new() -> Result<Self, prometheus::Error> {
        let registry = Registry::new_custom(Some("kura".into()), None)?;
        let http_requests = IntCounterVec::new(
            Opts::new(
                "http_requests_total",
                "HTTP requests by method, route and status",
            ),
            &["method", "route", "status"],
        )?;
        let http_duration = HistogramVec::new(
            HistogramOpts::new(
                "http_request_duration_seconds",
                "HTTP request latency by method and route",
            )
            .buckets(vec![
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
            ]),
            &["method", "route"],
        )?;
        let db_statements = HistogramVec::new(
            HistogramOpts::new(
                "http_request_db_statements",
                "Database statements one HTTP request ran, by method and route",
            )
            .buckets(vec![
                1.0, 2.0, 5.0, 10.0, 15.0, 20.0, 30.0, 50.0, 100.0, 200.0, 500.0,
            ]),
            &["method", "route"],
        )?;
        let websocket_connections = IntGauge::new(
            "websocket_connections",
            "Open GraphQL WebSocket connections",
        )?;
        let db_connections = IntGauge::new(
            "db_pool_connections",
            "Database connections open in the pool",
        )?;
        let db_idle_connections = IntGauge::new(
            "db_pool_idle_connections",
            "Idle database connections in the pool",
        )?;
        registry.register(Box::new(http_requests.clone()))?;
        registry.register(Box::new(http_duration.clone()))?;
        registry.register(Box::new(db_statements.clone()))?;
        registry.register(Box::new(websocket_connections.clone()))?;
        registry.register(Box::new(db_connections.clone()))?;
        registry.register(Box::new(db_idle_connections.clone()))?;
        Ok(Self {
            registry,
            http_requests,
            http_duration,
            db_statements,
            websocket_connections,
            db_connections,
            db_idle_connections,
        })
    }

    /// Counts an open WebSocket until the returned guard drops.
    pub fn websocket_opened(&self) -> WebSocketGuard {
        self.websocket_connections.inc();
        WebSocketGuard(self.websocket_connections.clone())
    }

    fn observe(&self, method: &str, route: &str, status: u16, started: Instant, tally: Tally) {
        self.http_requests
            .with_label_values(&[method, route, &status.to_string()])
            .inc();
        self.http_duration
            .with_label_values(&[method, route])
            .observe(started.elapsed().as_secs_f64());
        if tally.statements > 0 {
            self.db_statements
                .with_label_values(&[method, route])
                .observe(f64::from(tally.statements));
        }
    }
}

/// Decrements the WebSocket gauge when the connection ends, however it ends.
pub struct WebSocketGuard(IntGauge);

impl Drop for WebSocketGuard {
    fn drop(&mut self) {
        self.0.dec();
    }
}

/// Middleware recording every request, with the database statements it ran. Routes are
/// labelled by their pattern (not the raw path) so client-side routes and ids cannot
/// explode the label set. With `KURA_STATEMENT_COUNTS` on, the response also says how many
/// statements and transactions it took.
pub async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let started = Instant::now();
    let method = req.method().as_str().to_owned();
    // Static files and client-side routes share one label.
    let route = req
        .match_pattern()
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "static".into());
    let state = req.app_data::<web::Data<AppState>>();
    let metrics = state.map(|s| s.metrics.clone());
    let expose = state.is_some_and(|s| s.statement_counts);
    let (response, tally) = statements::counted(next.call(req)).await;
    let mut response = response?;
    if let Some(metrics) = metrics {
        metrics.observe(&method, &route, response.status().as_u16(), started, tally);
    }
    if expose {
        let headers = response.headers_mut();
        headers.insert(
            header::HeaderName::from_static("kura-db-statements"),
            header::HeaderValue::from(tally.statements),
        );
        headers.insert(
            header::HeaderName::from_static("kura-db-transactions"),
            header::HeaderValue::from(tally.transactions),
        );
    }
    Ok(response)
}

/// `GET /metrics`; with `KURA_METRICS_TOKEN` set, only for `Authorization: Bearer <token>`,
/// so a public ingress does not expose operational detail.
pub async fn serve(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    if let Some(token) = &state.metrics_token {
        let presented = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::as_bytes);
        // Constant-time, so the token cannot be guessed byte by byte from timings.
        let matches = presented.is_some_and(|p| {
            p.len() == token.expose().len()
                && p.iter()
                    .zip(token.expose())
                    .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                    == 0
        });
        if !matches {
            return HttpResponse::Unauthorized()
                .insert_header((header::WWW_AUTHENTICATE, "Bearer"))
                .finish();
        }
    }
    let (open, idle) = store::pool_stats(&state.db);
    state.metrics.db_connections.set(i64::from(open));
    state
        .metrics
        .db_idle_connections
        .set(i64::try_from(idle).unwrap_or(i64::MAX));
    let mut buffer = Vec::new();
    if let Err(e) = TextEncoder::new().encode(&state.metrics.registry.gather(), &mut buffer) {
        tracing::error!(error = %e, "metrics encoding failed");
        return HttpResponse::InternalServerError().finish();
    }
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(buffer)
}
