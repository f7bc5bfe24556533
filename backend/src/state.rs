//! What every request handler and resolver can reach.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::{
    auth::{
        TokenKeys,
        passwords::Hashing,
        throttle::{LoginThrottle, SignUpThrottle},
    },
    config::StorageKind,
    events::EventBus,
    http::metrics::Metrics,
    mail::Mailer,
    services::sales::summary::SummaryCache,
};

/// This process's identity.
#[derive(Debug, Clone)]
pub struct Instance {
    /// Random per start, so replicas can be told apart.
    pub id: Uuid,
    /// Crate version.
    pub version: &'static str,
    /// Start time.
    pub started_at: DateTime<Utc>,
}

impl Instance {
    /// Identity for a process starting now.
    pub fn new() -> Self {
        Self {
            id: Uuid::new_v4(),
            version: env!("CARGO_PKG_VERSION"),
            started_at: Utc::now(),
        }
    }
}

impl Default for Instance {
    fn default() -> Self {
        Self::new()
    }
}

/// Shared application state. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The database pool.
    pub db: DatabaseConnection,
    /// Storage kind of `db`.
    pub storage: StorageKind,
    /// Live events.
    pub bus: EventBus,
    /// The dashboard's sales figures, kept current by sale events.
    pub sales_summary: SummaryCache,
    /// This process.
    pub instance: Arc<Instance>,
    /// Prometheus registry and instruments.
    pub metrics: Metrics,
    /// Access-token signing and verification keys.
    pub tokens: Arc<TokenKeys>,
    /// Sign-in attempt counters.
    pub login_throttle: Arc<LoginThrottle>,
    /// Sign-up counters per client address.
    pub sign_up_throttle: Arc<SignUpThrottle>,
    /// The bounded pool every password hash and check runs in.
    pub hashing: Arc<Hashing>,
    /// Outgoing email.
    pub mailer: Mailer,
    /// Where people reach the dashboard (`KURA_PUBLIC_URL`), for links in email.
    pub public_url: Option<url::Url>,
    /// Bearer token `/metrics` requires, if any.
    pub metrics_token: Option<crate::secrets::Secret>,
    /// Whether responses carry their database statement counts (`KURA_STATEMENT_COUNTS`).
    pub statement_counts: bool,
    /// Prints documents (delivery notes, pick lists) as PDFs.
    pub printer: Arc<crate::print::Printer>,
    /// Builds API clients for channels' providers (Shopify, Square, Smaregi).
    pub integrations: Arc<crate::integrations::connection::Integrations>,
}
