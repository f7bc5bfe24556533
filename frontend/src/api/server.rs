//! The server's own facts (`serverInfo`) and live clock (`serverTime`).

use std::time::Duration;

use leptos::prelude::*;
use serde::Deserialize;

use super::{ApiError, query};

/// Query for the facts shown in the status pill, the dashboard card and `/status`.
const SERVER_INFO_QUERY: &str =
    "query ServerInfo { serverInfo { version storage eventBus startedAt uptimeSeconds } }";

/// Subscription emitting the server's clock every second.
pub const SERVER_TIME_SUBSCRIPTION: &str = "subscription ServerTime { serverTime }";

/// How often the status is re-checked, so the pill turns red soon after the server goes away.
const REFRESH_INTERVAL: Duration = Duration::from_secs(15);

/// Which database the server runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StorageKind {
    /// Embedded SQLite file (the zero-configuration default).
    Sqlite,
    /// PostgreSQL (production).
    Postgres,
    /// A kind added to the server after this dashboard was built.
    #[serde(other)]
    Unknown,
}

/// How the server fans out domain events to subscribers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EventBusKind {
    /// Within one server process only.
    InProcess,
    /// Redis pub/sub, shared by all replicas.
    Redis,
    /// A kind added to the server after this dashboard was built.
    #[serde(other)]
    Unknown,
}

/// The `serverInfo` object.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerInfo {
    /// Server build version.
    pub version: String,
    /// Database in use.
    pub storage: StorageKind,
    /// Event bus in use.
    pub event_bus: EventBusKind,
    /// When the process started, RFC 3339.
    pub started_at: String,
    /// Seconds since start, at the time of the query.
    pub uptime_seconds: i64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ServerInfoData {
    server_info: ServerInfo,
}

/// One `serverTime` event.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerTimeData {
    /// The server's clock, RFC 3339.
    pub server_time: String,
}

/// Fetches `serverInfo` once.
pub async fn fetch_server_info() -> Result<ServerInfo, ApiError> {
    query::<_, ServerInfoData>(SERVER_INFO_QUERY, ())
        .await
        .map(|data| data.server_info)
}

/// App-wide server status: one periodically refreshed query shared by every view that shows
/// it, so the pill, the dashboard and `/status` never disagree.
#[derive(Clone, Copy)]
pub struct ServerStatus {
    info: LocalResource<Result<ServerInfo, ApiError>>,
}

impl ServerStatus {
    /// Starts the query and its refresh timer and provides the status to [`use_server_status`].
    pub fn provide() -> ServerStatus {
        let info = LocalResource::new(fetch_server_info);
        set_interval(move || info.refetch(), REFRESH_INTERVAL);
        let status = ServerStatus { info };
        provide_context(status);
        status
    }

    /// The latest result; `None` until the first answer (reactive). A refresh keeps showing
    /// the previous result until the new one arrives.
    pub fn get(&self) -> Option<Result<ServerInfo, ApiError>> {
        self.info.get()
    }

    /// Asks again now, e.g. from a "retry" button.
    pub fn refresh(&self) {
        self.info.refetch();
    }
}

/// The [`ServerStatus`] provided by the app root.
pub fn use_server_status() -> ServerStatus {
    expect_context::<ServerStatus>()
}
