//! Liveness and readiness probes.

use actix_web::{HttpResponse, web};
use sea_orm::ConnectionTrait;
use serde_json::json;

use crate::state::AppState;

/// `GET /healthz`: the process is up and serving HTTP.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({ "status": "ok" }))
}

/// `GET /readyz`: the database and the event bus (Redis, when configured) answer.
/// A load balancer sends traffic only while this is 200.
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let database = state.db.execute_unprepared("SELECT 1").await.map_err(|e| {
        tracing::warn!(error = %e, "readiness: database check failed");
    });
    let bus = state.bus.ping().await.map_err(|e| {
        tracing::warn!(error = %e, "readiness: event bus check failed");
    });
    let verdict = |ok: bool| if ok { "ok" } else { "unavailable" };
    let body = json!({
        "status": verdict(database.is_ok() && bus.is_ok()),
        "checks": { "database": verdict(database.is_ok()), "eventBus": verdict(bus.is_ok()) },
    });
    if database.is_ok() && bus.is_ok() {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable().json(body)
    }
}
