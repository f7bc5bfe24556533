//! A channel's sync with its provider: open sync issues, resolving or dismissing them, and
//! the recent webhook deliveries.

use serde::Deserialize;

use crate::api::wire::IdVars;
use crate::api::{ApiError, query};

const CHANNEL_SYNC_QUERY: &str = "query ChannelSync($id: ID!) { syncIssues(channelId: $id, status: OPEN) { edges { node { id kind detail externalId locationRef lines { externalId sku barcode title quantity } } } } inboundEvents(channelId: $id, first: 20) { edges { node { id topic status note receivedAt } } } }";
const RESOLVE_MUTATION: &str = "mutation ResolveSyncIssue($id: ID!, $mappings: [SyncIssueMappingInput!]!) { resolveSyncIssue(id: $id, mappings: $mappings) { status detail } }";
const DISMISS_MUTATION: &str =
    "mutation DismissSyncIssue($id: ID!) { dismissSyncIssue(id: $id) { status } }";

/// One line of a parked sale.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IssueLine {
    /// The provider's item id.
    pub external_id: Option<String>,
    /// SKU as the provider sent it.
    pub sku: Option<String>,
    /// Barcode as the provider sent it.
    pub barcode: Option<String>,
    /// Receipt text.
    pub title: String,
    /// Units.
    pub quantity: i64,
}

/// An open sync issue.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncIssue {
    /// Global id.
    pub id: String,
    /// `UNMAPPED_ITEM`, `UNMAPPED_LOCATION`, `ORIGINAL_MISSING`, `FAILED`.
    pub kind: String,
    /// What is missing, in words.
    pub detail: String,
    /// The provider's sale id.
    pub external_id: String,
    /// The provider's location id.
    pub location_ref: Option<String>,
    /// The sale's lines.
    pub lines: Vec<IssueLine>,
}

/// One webhook delivery.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Delivery {
    /// Global id.
    pub id: String,
    /// The provider's topic.
    pub topic: String,
    /// `PROCESSED`, `PARKED`…
    pub status: String,
    /// What Kura did.
    pub note: String,
    /// RFC 3339.
    pub received_at: String,
}

#[derive(Deserialize)]
struct Edge<T> {
    node: T,
}

#[derive(Deserialize)]
struct Edges<T> {
    edges: Vec<Edge<T>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ChannelSyncData {
    sync_issues: Edges<SyncIssue>,
    inbound_events: Edges<Delivery>,
}

/// What the channel page shows of its inbound sync.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelSync {
    /// Its open issues, oldest first.
    pub issues: Vec<SyncIssue>,
    /// Its recent deliveries, newest first.
    pub deliveries: Vec<Delivery>,
}

/// The channel's open issues and recent deliveries.
pub async fn channel_sync(id: String) -> Result<ChannelSync, ApiError> {
    let data: ChannelSyncData = query(CHANNEL_SYNC_QUERY, IdVars { id: &id }).await?;
    Ok(ChannelSync {
        issues: data.sync_issues.edges.into_iter().map(|e| e.node).collect(),
        deliveries: data
            .inbound_events
            .edges
            .into_iter()
            .map(|e| e.node)
            .collect(),
    })
}

#[derive(Deserialize)]
struct Resolved {
    status: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ResolveData {
    resolve_sync_issue: Resolved,
}

/// Maps the provider item `external_id` to `variant_id` and records the issue's sale;
/// the issue's status afterwards.
pub async fn resolve_with_variant(
    issue_id: String,
    external_id: String,
    variant_id: String,
) -> Result<String, ApiError> {
    let data: ResolveData = query(
        RESOLVE_MUTATION,
        serde_json::json!({ "id": issue_id, "mappings": [
            { "externalId": external_id, "kind": "VARIANT", "kuraId": variant_id }
        ] }),
    )
    .await?;
    Ok(data.resolve_sync_issue.status)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DismissData {
    #[serde(rename = "dismissSyncIssue")]
    _dismissed: Resolved,
}

/// Sets an issue aside.
pub async fn dismiss(issue_id: String) -> Result<(), ApiError> {
    query::<_, DismissData>(DISMISS_MUTATION, IdVars { id: &issue_id })
        .await
        .map(drop)
}
