//! A channel's outbound stock sync: how it stands, the pushes that failed, and the two ways
//! to push again (retry failed ones, push everything).

use kura_shared::{ChannelProvider, SyncStatus};
use serde::{Deserialize, Serialize};

use crate::api::catalog::products::VariantRef;
use crate::api::{ApiError, query};

const CHANNEL_SYNC_QUERY: &str = "query ChannelSync($channelId: ID!) { \
     channel(id: $channelId) { id name provider safetyBuffer } \
     stockSyncSummary(channelId: $channelId) { pending failed dead lastPushedAt } \
     failed: stockSyncJobs(channelId: $channelId, status: FAILED, first: 250) { nodes { ...Job } } \
     dead: stockSyncJobs(channelId: $channelId, status: DEAD, first: 250) { nodes { ...Job } } } \
     fragment Job on StockSyncJob { variantId status attempts lastError nextAttemptAt \
     lastPushedQuantity pushedAt updatedAt variant { sku title product { name } } }";
const RETRY_MUTATION: &str = "mutation RetryStockSync($channelId: ID!, $variantIds: [ID!]) { retryStockSync(channelId: $channelId, variantIds: $variantIds) }";
const PUSH_ALL_MUTATION: &str =
    "mutation PushChannelStock($channelId: ID!) { pushChannelStock(channelId: $channelId) }";

/// The channel the panel is about.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncChannel {
    /// Global id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Where its sales come from.
    pub provider: ChannelProvider,
    /// Units held back from what it may sell.
    pub safety_buffer: i64,
}

/// Counts of the channel's jobs and its latest successful push.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncSummary {
    /// Waiting or under way.
    pub pending: u64,
    /// Failed, retry scheduled.
    pub failed: u64,
    /// Given up.
    pub dead: u64,
    /// RFC 3339, if anything was ever pushed.
    #[serde(default)]
    pub last_pushed_at: Option<String>,
}

/// One variant's push that needs attention.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncJob {
    /// The variant's global id.
    pub variant_id: String,
    /// Where it stands.
    pub status: SyncStatus,
    /// Tries so far.
    pub attempts: i32,
    /// The provider's (or Kura's) reason.
    #[serde(default)]
    pub last_error: Option<String>,
    /// When the next try is due (FAILED).
    #[serde(default)]
    pub next_attempt_at: Option<String>,
    /// What was last pushed successfully.
    #[serde(default)]
    pub last_pushed_quantity: Option<i64>,
    /// When.
    #[serde(default)]
    pub pushed_at: Option<String>,
    /// Last change.
    pub updated_at: String,
    /// What.
    pub variant: VariantRef,
}

/// Everything the panel shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelSync {
    /// The channel.
    pub channel: SyncChannel,
    /// Its counts.
    pub summary: SyncSummary,
    /// Dead jobs first, then failed ones.
    pub attention: Vec<SyncJob>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ChannelVars<'a> {
    channel_id: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RetryVars<'a> {
    channel_id: &'a str,
    variant_ids: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct Nodes<T> {
    nodes: Vec<T>,
}

/// The channel's sync state and the pushes that need attention.
pub async fn channel_sync(channel_id: String) -> Result<ChannelSync, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        channel: SyncChannel,
        stock_sync_summary: SyncSummary,
        failed: Nodes<SyncJob>,
        dead: Nodes<SyncJob>,
    }
    let data = query::<_, Data>(
        CHANNEL_SYNC_QUERY,
        ChannelVars {
            channel_id: &channel_id,
        },
    )
    .await?;
    let mut attention = data.dead.nodes;
    attention.extend(data.failed.nodes);
    Ok(ChannelSync {
        channel: data.channel,
        summary: data.stock_sync_summary,
        attention,
    })
}

/// Pushes failed and dead jobs again now (only `variant_ids` when given); how many.
pub async fn retry_stock_sync(
    channel_id: String,
    variant_ids: Option<Vec<String>>,
) -> Result<u64, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        retry_stock_sync: u64,
    }
    query::<_, Data>(
        RETRY_MUTATION,
        RetryVars {
            channel_id: &channel_id,
            variant_ids,
        },
    )
    .await
    .map(|d| d.retry_stock_sync)
}

/// Pushes every mapped variant's sellable quantity (a full resync); how many were queued.
pub async fn push_channel_stock(channel_id: String) -> Result<u64, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        push_channel_stock: u64,
    }
    query::<_, Data>(
        PUSH_ALL_MUTATION,
        ChannelVars {
            channel_id: &channel_id,
        },
    )
    .await
    .map(|d| d.push_channel_stock)
}
