//! The audit log: who signed in, changed roles, invited people or used API keys, a page at a
//! time.

use serde::{Deserialize, Serialize};

use crate::api::wire::{Page, PageInfo};
use crate::api::{ApiError, query};

const AUDIT_LOG_QUERY: &str = "query AuditLog($first: Int, $after: String) { auditLog(first: $first, after: $after) { edges { cursor node { id occurredAt action actor { name email } apiKeyPrefix subject address } } pageInfo { hasNextPage endCursor } } }";

/// What an audit event records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AuditAction {
    /// Someone signed in.
    SignIn,
    /// A sign-in was refused.
    SignInFailed,
    /// A member's role changed.
    RoleChanged,
    /// A member was removed.
    MemberRemoved,
    /// An invitation was sent.
    InvitationSent,
    /// An invitation was accepted.
    InvitationAccepted,
    /// An invitation was withdrawn.
    InvitationRevoked,
    /// An API key was created.
    ApiKeyCreated,
    /// An API key was revoked.
    ApiKeyRevoked,
    /// An API key was used for the first time.
    ApiKeyFirstUsed,
    /// A member's locations were limited or freed.
    MemberLocationsChanged,
    /// The company's settings changed.
    SettingsChanged,
    /// A customer was added.
    CustomerCreated,
    /// A customer changed.
    CustomerUpdated,
    /// A customer's address was added.
    CustomerAddressAdded,
    /// A customer's address changed.
    CustomerAddressUpdated,
    /// A customer's address was removed.
    CustomerAddressRemoved,
    /// An action added to the server after this dashboard was built.
    #[serde(other)]
    Unknown,
}

/// Who did something.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Actor {
    /// Display name.
    pub name: String,
    /// Email.
    pub email: String,
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEvent {
    /// Opaque id.
    pub id: String,
    /// When, RFC 3339.
    pub occurred_at: String,
    /// What.
    pub action: AuditAction,
    /// The person, when a person did it.
    #[serde(default)]
    pub actor: Option<Actor>,
    /// The API key's prefix, when a key did it.
    #[serde(default)]
    pub api_key_prefix: Option<String>,
    /// What it concerned, in words (an email, a key prefix…).
    #[serde(default)]
    pub subject: Option<String>,
    /// Client IP address.
    #[serde(default)]
    pub address: Option<String>,
}

#[derive(Deserialize)]
struct AuditEdge {
    node: AuditEvent,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AuditConnection {
    edges: Vec<AuditEdge>,
    page_info: PageInfo,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AuditLogData {
    audit_log: AuditConnection,
}

#[derive(Serialize)]
struct PageVars {
    first: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    after: Option<String>,
}

/// Up to `first` events, newest first, after the cursor `after` (from the newest when `None`).
pub async fn audit_log(first: u32, after: Option<String>) -> Result<Page<AuditEvent>, ApiError> {
    let data = query::<_, AuditLogData>(AUDIT_LOG_QUERY, PageVars { first, after }).await?;
    let AuditConnection { edges, page_info } = data.audit_log;
    Ok(Page {
        items: edges.into_iter().map(|e| e.node).collect(),
        next: page_info.next(),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn unknown_audit_actions_do_not_break_the_log() {
        let event: AuditEvent = serde_json::from_value(json!({
            "id": "e1",
            "occurredAt": "2026-01-01T00:00:00Z",
            "action": "SOMETHING_NEW",
            "actor": null,
            "apiKeyPrefix": null,
            "subject": "kura_abc123",
            "address": null
        }))
        .expect("decodes");
        assert_eq!(event.action, AuditAction::Unknown);
        let known: AuditAction =
            serde_json::from_value(json!("API_KEY_FIRST_USED")).expect("decodes");
        assert_eq!(known, AuditAction::ApiKeyFirstUsed);
    }
}
