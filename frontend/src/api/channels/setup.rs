//! Setting channels up: listing, creating, editing and archiving them, and how Kura reaches
//! their provider (the connection).

use kura_shared::{ChannelKind, ChannelProvider, OrdersToShip};
use serde::{Deserialize, Serialize};

use crate::api::wire::{Connection, IdVars, InputVars};
use crate::api::{ApiError, query};

macro_rules! channel_fields {
    () => {
        "{ id name kind provider webhookUrl hasWebhookSecret safetyBuffer ordersToShip archivedAt locations { id code name } connection { shop notificationUrl contractId clientId hasAccessToken hasClientSecret } }"
    };
}

const CHANNELS_QUERY: &str = concat!(
    "query ChannelList($archived: Boolean) { channels(first: 250, includeArchived: $archived) { nodes ",
    channel_fields!(),
    " pageInfo { hasNextPage endCursor } } }"
);
const CHANNEL_QUERY: &str = concat!(
    "query ChannelSettings($id: ID!) { channel(id: $id) ",
    channel_fields!(),
    " }"
);
const CREATE_MUTATION: &str = concat!(
    "mutation CreateChannel($input: CreateChannelInput!) { createChannel(input: $input) ",
    channel_fields!(),
    " }"
);
const UPDATE_MUTATION: &str = concat!(
    "mutation UpdateChannel($id: ID!, $input: UpdateChannelInput!) { updateChannel(id: $id, input: $input) ",
    channel_fields!(),
    " }"
);
const CONNECTION_MUTATION: &str = concat!(
    "mutation UpdateChannelConnection($channelId: ID!, $input: ChannelConnectionInput!) { updateChannelConnection(channelId: $channelId, input: $input) ",
    channel_fields!(),
    " }"
);

/// A location as a channel lists it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ChannelLocation {
    /// Global id.
    pub id: String,
    /// Short code.
    pub code: String,
    /// Display name.
    pub name: String,
}

/// How Kura reaches the provider; secrets only as "one is stored".
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionInfo {
    /// Shopify shop subdomain.
    pub shop: Option<String>,
    /// Square notification URL as registered.
    pub notification_url: Option<String>,
    /// Smaregi contract id.
    pub contract_id: Option<String>,
    /// Smaregi app client id.
    pub client_id: Option<String>,
    /// A Shopify or Square access token is stored.
    pub has_access_token: bool,
    /// A Smaregi client secret is stored.
    pub has_client_secret: bool,
}

/// A channel with everything its settings show.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChannelSettings {
    /// Global id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// How it sells.
    pub kind: ChannelKind,
    /// Where its sales come from.
    pub provider: ChannelProvider,
    /// What to paste into the provider's webhook settings.
    pub webhook_url: Option<String>,
    /// A signing secret is stored.
    pub has_webhook_secret: bool,
    /// Units held back per variant.
    pub safety_buffer: i64,
    /// What online orders still to ship become.
    pub orders_to_ship: OrdersToShip,
    /// When it was archived; `None` while it sells.
    pub archived_at: Option<String>,
    /// Its locations, default first.
    pub locations: Vec<ChannelLocation>,
    /// How Kura reaches the provider.
    pub connection: ConnectionInfo,
}

/// The company's channels in the order they were added, archived ones too when asked.
pub async fn list(include_archived: bool) -> Result<Vec<ChannelSettings>, ApiError> {
    #[derive(Deserialize)]
    struct Data {
        channels: Connection<ChannelSettings>,
    }
    query::<_, Data>(
        CHANNELS_QUERY,
        serde_json::json!({ "archived": include_archived }),
    )
    .await
    .map(|d| d.channels.nodes)
}

/// One channel.
pub async fn get(id: String) -> Result<ChannelSettings, ApiError> {
    #[derive(Deserialize)]
    struct Data {
        channel: ChannelSettings,
    }
    query::<_, Data>(CHANNEL_QUERY, IdVars { id: &id })
        .await
        .map(|d| d.channel)
}

/// A new channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewChannel {
    /// Display name.
    pub name: String,
    /// How it sells.
    pub kind: ChannelKind,
    /// Where its sales come from.
    pub provider: ChannelProvider,
    /// Default first.
    pub location_ids: Vec<String>,
    /// Units held back per variant.
    pub safety_buffer: i64,
    /// What online orders still to ship become.
    pub orders_to_ship: OrdersToShip,
    /// The provider's signing secret, if it signs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_secret: Option<String>,
    /// A retry with the same key returns the first channel.
    pub idempotency_key: String,
}

/// Creates a channel.
pub async fn create(input: NewChannel) -> Result<ChannelSettings, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        create_channel: ChannelSettings,
    }
    query::<_, Data>(CREATE_MUTATION, InputVars { input })
        .await
        .map(|d| d.create_channel)
}

/// Changes to a channel; `None` keeps a field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChannelChanges {
    /// Display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Replaces the locations, default first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location_ids: Option<Vec<String>>,
    /// Units held back per variant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub safety_buffer: Option<i64>,
    /// A new signing secret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_secret: Option<String>,
    /// What online orders still to ship become.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub orders_to_ship: Option<OrdersToShip>,
    /// Archive or restore.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archived: Option<bool>,
}

/// Changes a channel.
pub async fn update(id: String, input: ChannelChanges) -> Result<ChannelSettings, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        update_channel: ChannelSettings,
    }
    query::<_, Data>(
        UPDATE_MUTATION,
        serde_json::json!({ "id": id, "input": input }),
    )
    .await
    .map(|d| d.update_channel)
}

/// Changes to the provider connection: `None` keeps a field, an empty text clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionChanges {
    /// Shopify shop.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shop: Option<String>,
    /// Shopify or Square access token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    /// Square notification URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notification_url: Option<String>,
    /// Smaregi contract id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contract_id: Option<String>,
    /// Smaregi app client id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// Smaregi app client secret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
}

/// Changes how Kura reaches the channel's provider.
pub async fn update_connection(
    channel_id: String,
    input: ConnectionChanges,
) -> Result<ChannelSettings, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        update_channel_connection: ChannelSettings,
    }
    query::<_, Data>(
        CONNECTION_MUTATION,
        serde_json::json!({ "channelId": channel_id, "input": input }),
    )
    .await
    .map(|d| d.update_channel_connection)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_fields_are_left_out_so_the_server_keeps_them() {
        let changes = ConnectionChanges {
            shop: Some("my-shop".to_owned()),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(changes).unwrap(),
            serde_json::json!({ "shop": "my-shop" })
        );
        let archive = ChannelChanges {
            archived: Some(true),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(archive).unwrap(),
            serde_json::json!({ "archived": true })
        );
    }
}
