//! The mapping table: which of the provider's items and locations are which Kura variants and
//! locations.

use serde::{Deserialize, Serialize};

use crate::api::catalog::products::VariantRef;
use crate::api::wire::{Connection, InputVars, all_pages};
use crate::api::{ApiError, query};

const MAPPINGS_QUERY: &str = "query ChannelMappings($channelId: ID!, $after: String) { channelMappings(channelId: $channelId, first: 250, after: $after) { nodes { kind externalId externalRef source createdAt channelId kuraId variant { sku title product { name } } location { code name } } pageInfo { hasNextPage endCursor } } }";
const MAP_MUTATION: &str = "mutation MapChannelItem($input: MapChannelItemInput!) { mapChannelItem(input: $input) { externalId } }";
const UNMAP_MUTATION: &str =
    "mutation UnmapChannelItem($input: UnmapChannelItemInput!) { unmapChannelItem(input: $input) }";

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
    fn mapping_kinds_use_the_schema_names() {
        assert_eq!(
            serde_json::to_value(MappingKind::Location).unwrap(),
            serde_json::json!("LOCATION")
        );
    }
}
