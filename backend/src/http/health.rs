//! Liveness and readiness probes.

use std::{fmt::Display, future::Future, time::Duration};

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
    let database = within_deadline("database", async {
        state.db.execute_unprepared("SELECT 1").await.map(|_| ())
    });
    let bus = within_deadline("event bus", state.bus.ping());
    let (database, bus) = futures_util::join!(database, bus);
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

/// A probe that hangs is as unready as one that fails, and must not hang the prober.
async fn within_deadline<E: Display>(
    what: &str,
    check: impl Future<Output = Result<(), E>>,
) -> Result<(), ()> {
    match tokio::time::timeout(Duration::from_secs(3), check).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness: {what} check failed");
            Err(())
        }
        Err(_) => {
            tracing::warn!("readiness: {what} check timed out");
            Err(())
        }
    }
}
