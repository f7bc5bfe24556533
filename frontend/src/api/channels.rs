//! Setting channels up: creating and editing them, how Kura reaches their provider, and the
//! table that ties the provider's items and locations to Kura's. Each function is one
//! GraphQL document.

use kura_shared::{ChannelKind, ChannelProvider};
use serde::{Deserialize, Serialize};

use super::stock::VariantRef;
use super::wire::{Connection, InputVars, all_pages};
use super::{ApiError, query};

macro_rules! channel_fields {
    () => {
        "{ id name kind provider webhookUrl hasWebhookSecret safetyBuffer archivedAt locations { id code name } connection { shop notificationUrl contractId clientId hasAccessToken hasClientSecret } }"
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
const MAPPINGS_QUERY: &str = "query ChannelMappings($channelId: ID!, $after: String) { channelMappings(channelId: $channelId, first: 250, after: $after) { nodes { kind externalId externalRef source createdAt channelId kuraId variant { sku title product { name } } location { code name } } pageInfo { hasNextPage endCursor } } }";
const MAP_MUTATION: &str = "mutation MapChannelItem($input: MapChannelItemInput!) { mapChannelItem(input: $input) { externalId } }";
const UNMAP_MUTATION: &str =
    "mutation UnmapChannelItem($input: UnmapChannelItemInput!) { unmapChannelItem(input: $input) }";

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
    query::<_, Data>(CHANNEL_QUERY, super::wire::IdVars { id: &id })
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

/// What a mapping ties a provider id to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MappingKind {
    /// A product variant.
    Variant,
    /// A location.
    Location,
}

/// The location side of a location mapping.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MappedLocation {
    /// Code.
    pub code: String,
    /// Display name.
    pub name: String,
}

/// One row of the mapping table.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Mapping {
    /// Variant or location.
    pub kind: MappingKind,
    /// The provider's id.
    pub external_id: String,
    /// Shopify's inventory item id of a variant.
    pub external_ref: Option<String>,
    /// `AUTO` (matched by SKU or barcode) or `MANUAL`.
    pub source: String,
    /// RFC 3339.
    pub created_at: String,
    /// The channel's global id.
    pub channel_id: String,
    /// The Kura variant's or location's global id.
    pub kura_id: String,
    /// The variant, for a variant mapping.
    pub variant: Option<VariantRef>,
    /// The location, for a location mapping.
    pub location: Option<MappedLocation>,
}

/// Every mapping of a channel, variants first.
pub async fn mappings(channel_id: String) -> Result<Vec<Mapping>, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        channel_mappings: Connection<Mapping>,
    }
    all_pages(|after| {
        let vars = serde_json::json!({ "channelId": channel_id, "after": after });
        async move {
            query::<_, Data>(MAPPINGS_QUERY, vars)
                .await
                .map(|d| d.channel_mappings.into_page())
        }
    })
    .await
}

/// A mapping to add or replace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewMapping {
    /// The channel.
    pub channel_id: String,
    /// Variant or location.
    pub kind: MappingKind,
    /// The provider's id.
    pub external_id: String,
    /// Shopify's inventory item id of a variant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_ref: Option<String>,
    /// The Kura variant or location.
    pub kura_id: String,
}

/// Ties a provider id to a Kura variant or location.
pub async fn map_item(input: NewMapping) -> Result<(), ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Mapped {
        #[serde(rename = "externalId")]
        _external_id: String,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        #[serde(rename = "mapChannelItem")]
        _mapped: Mapped,
    }
    query::<_, Data>(MAP_MUTATION, InputVars { input })
        .await
        .map(drop)
}

/// Removes a mapping; the provider's item is parked again until mapped anew.
pub async fn unmap_item(
    channel_id: String,
    kind: MappingKind,
    external_id: String,
) -> Result<(), ApiError> {
    #[derive(Deserialize)]
    struct Data {
        #[serde(rename = "unmapChannelItem")]
        _removed: bool,
    }
    query::<_, Data>(
        UNMAP_MUTATION,
        serde_json::json!({ "input": { "channelId": channel_id, "kind": kind, "externalId": external_id } }),
    )
    .await
    .map(drop)
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

    #[test]
    fn mapping_kinds_use_the_schema_names() {
        assert_eq!(
            serde_json::to_value(MappingKind::Location).unwrap(),
            serde_json::json!("LOCATION")
        );
    }
}
