//! The viewer's sign-in sessions: every browser or device, ending one, or all of them.

use serde::Deserialize;

use crate::api::wire::IdVars;
use crate::api::{ApiError, query};

const MY_SESSIONS_QUERY: &str =
    "query MySessions { mySessions { id userAgent createdAt lastUsedAt current } }";
const REVOKE_SESSION_MUTATION: &str = "mutation RevokeSession($id: ID!) { revokeSession(id: $id) }";
const LOG_OUT_EVERYWHERE_MUTATION: &str = "mutation LogOutEverywhere { logOutEverywhere }";

/// One signed-in browser or device of the viewer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceSession {
    /// Opaque id.
    pub id: String,
    /// The browser's user agent, if it sent one.
    #[serde(default)]
    pub user_agent: Option<String>,
    /// Sign-in time, RFC 3339.
    pub created_at: String,
    /// Last activity, RFC 3339.
    pub last_used_at: String,
    /// True for this browser.
    pub current: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MySessionsData {
    my_sessions: Vec<DeviceSession>,
}

#[derive(Deserialize)]
struct RevokeSessionData {
    #[serde(rename = "revokeSession")]
    _revoked: bool,
}

#[derive(Deserialize)]
struct LogOutEverywhereData {
    #[serde(rename = "logOutEverywhere")]
    _ended: i64,
}

/// The viewer's sessions, most recently used first.
pub async fn my_sessions() -> Result<Vec<DeviceSession>, ApiError> {
    query::<_, MySessionsData>(MY_SESSIONS_QUERY, ())
        .await
        .map(|d| d.my_sessions)
}

/// Ends one of the viewer's other sessions.
pub async fn revoke_session(id: String) -> Result<(), ApiError> {
    query::<_, RevokeSessionData>(REVOKE_SESSION_MUTATION, IdVars { id: &id })
        .await
        .map(drop)
}

/// Ends every session of the viewer, this one included.
pub async fn log_out_everywhere() -> Result<(), ApiError> {
    query::<_, LogOutEverywhereData>(LOG_OUT_EVERYWHERE_MUTATION, ())
        .await
        .map(drop)
}
