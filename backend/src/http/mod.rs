//! HTTP transport: routes, middleware and the handlers that are not GraphQL resolvers.

pub mod client_address;
pub mod graphql_http;
pub mod graphql_ws;
pub mod health;
pub mod metrics;
pub mod spa;
pub mod webhooks;

use actix_web::{
    HttpMessage, HttpRequest, HttpResponse,
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse},
    guard,
    http::header::{HeaderName, HeaderValue},
    middleware::Next,
    web,
};
use kura_shared::ErrorCode;
use serde_json::json;
use tracing_actix_web::RequestId;

use crate::graphql::KuraSchema;

pub use metrics::Metrics;

/// What the GraphQL transports need per request.
#[derive(Clone)]
pub struct ServerContext {
    /// The executable schema, with application state attached.
    pub schema: KuraSchema,
    /// Largest accepted request body.
    pub max_body_bytes: usize,
    /// Verifies the access tokens requests carry.
    pub tokens: std::sync::Arc<crate::auth::TokenKeys>,
    /// For looking up API keys.
    pub db: sea_orm::DatabaseConnection,
    /// Per-API-key request budget.
    pub api_rate_limiter: std::sync::Arc<crate::auth::rate_limit::ApiRateLimiter>,
    /// Proxy hops whose forwarded headers are believed (`KURA_TRUSTED_PROXIES`).
    pub trusted_proxies: usize,
    /// WebSocket protocol settings.
    pub ws: graphql_ws::WsSettings,
    /// Instruments.
    pub metrics: Metrics,
}

/// Registers every route.
pub fn routes(cfg: &mut web::ServiceConfig, spa: &spa::Spa) {
    cfg.route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(health::readyz))
        .route("/metrics", web::get().to(metrics::serve))
        .route(
            "/webhooks/{provider}/{channel_id}",
            web::post().to(webhooks::receive),
        )
        .service(
            web::resource("/graphql")
                .route(web::post().to(graphql_http::post))
                .route(web::get().to(graphql_http::get)),
        );
    // Mounted at "/", so it must come after every other route.
    if spa.dir().is_dir() {
        cfg.service(
            actix_files::Files::new("/", spa.dir())
                .index_file("index.html")
                .guard(guard::Any(guard::Get()).or(guard::Head()))
                .default_handler(web::to(spa::fallback)),
        );
    }
    cfg.default_service(web::to(spa::fallback));
}

/// A JSON 404 for paths with no route.
pub fn not_found(req: &HttpRequest) -> HttpResponse {
    HttpResponse::NotFound().json(json!({
        "errors": [{
            "message": format!("No route for {} {}", req.method(), req.path()),
            "extensions": { "code": ErrorCode::NotFound.as_str() },
        }]
    }))
}

/// Echoes the request id tracing assigned as `X-Request-Id`, so a user's report can be
/// matched to the server's log lines.
pub async fn request_id_header(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = req.extensions().get::<RequestId>().map(|id| id.to_string());
    let mut response = next.call(req).await?;
    if let Some(value) = id.and_then(|id: String| HeaderValue::from_str(&id).ok()) {
        response
            .headers_mut()
            .insert(HeaderName::from_static("x-request-id"), value);
    }
    Ok(response)
}
