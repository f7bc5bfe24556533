//! A channel's provider connection and its item/location mappings:
//! `updateChannelConnection`, `Channel.connection`, `channelMappings`, `mapChannelItem`,
//! `unmapChannelItem`.

use std::sync::Arc;

use async_graphql::{ComplexObject, Context, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use kura_shared::MappingKind;
use uuid::Uuid;

use crate::graphql::{
    catalog::locations::Location,
    catalog::products::ProductVariant,
    channels::setup::{Channel, channel_id},
    request::guard::{Need, authorize},
    stock::inventory::{load_location, load_variant},
    types::{
        errors::ApiError,
        ids::{self, Kind},
        paging::{self, Page},
    },
};
use crate::{
    integrations::connection::Connection,
    services::{
        ServiceError,
        access::Access,
        channels::connection::{self, ConnectionPatch},
        channels::mappings::{self, MappingRecord, NewMapping},
    },
    state::AppState,
};

/// How Kura reaches the channel's provider. Tokens and secrets are never shown, only
/// whether one is stored.
#[derive(SimpleObject, Clone)]
pub struct ChannelConnectionInfo {
    /// Shopify shop subdomain.
    shop: Option<String>,
    /// Square notification URL as registered with the subscription (part of what Square
    /// signs); Kura's webhook URL is assumed when empty.
    notification_url: Option<String>,
    /// Smaregi contract id (契約ID).
    contract_id: Option<String>,
    /// Smaregi app client id.
    client_id: Option<String>,
    /// Whether a Shopify or Square access token is stored.
    has_access_token: bool,
    /// Whether a Smaregi client secret is stored.
    has_client_secret: bool,
}

impl From<&Connection> for ChannelConnectionInfo {
    fn from(c: &Connection) -> Self {
        Self {
            shop: c.shop.clone(),
            notification_url: c.notification_url.clone(),
            contract_id: c.contract_id.clone(),
            client_id: c.client_id.clone(),
            has_access_token: c.access_token.is_some(),
            has_client_secret: c.client_secret.is_some(),
        }
    }
}

/// Changes to a channel's connection; omitted fields stay, an empty string clears.
#[derive(InputObject)]
pub struct ChannelConnectionInput {
    /// Shopify shop (`my-shop` or `my-shop.myshopify.com`).
    shop: Option<String>,
    /// Shopify Admin API or Square access token (write-only).
    access_token: Option<String>,
    /// Square notification URL exactly as registered.
    notification_url: Option<String>,
    /// Smaregi contract id.
    contract_id: Option<String>,
    /// Smaregi app client id.
    client_id: Option<String>,
    /// Smaregi app client secret (write-only).
    client_secret: Option<String>,
}

/// A provider item or location id and the Kura variant or location it stands for.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct ChannelMapping {
    kind: MappingKind,
    /// The provider's id (Shopify variant or location, Square item variation or
    /// location, Smaregi product or store).
    external_id: String,
    /// A second provider id (Shopify's inventory item of a variant).
    external_ref: Option<String>,
    /// Whether a person made it (`MANUAL`) or Kura matched it by SKU or barcode (`AUTO`).
    source: String,
    created_at: DateTime<Utc>,
    #[graphql(skip)]
    channel: Uuid,
    #[graphql(skip)]
    kura: Uuid,
    #[graphql(skip)]
    access: Arc<Access>,
}

#[ComplexObject]
impl ChannelMapping {
    /// The channel.
    async fn channel_id(&self) -> ID {
        ids::encode(Kind::Channel, self.channel)
    }

    /// The Kura variant's or location's global ID.
    async fn kura_id(&self) -> ID {
        match self.kind {
            MappingKind::Variant => ids::encode(Kind::ProductVariant, self.kura),
            MappingKind::Location => ids::encode(Kind::Location, self.kura),
        }
    }

    /// The variant, for a variant mapping.
    async fn variant(&self, ctx: &Context<'_>) -> Result<Option<ProductVariant>> {
        match self.kind {
            MappingKind::Variant => Ok(Some(load_variant(ctx, &self.access, self.kura).await?)),
            MappingKind::Location => Ok(None),
        }
    }

    /// The location, for a location mapping.
    async fn location(&self, ctx: &Context<'_>) -> Result<Option<Location>> {
        match self.kind {
            MappingKind::Location => Ok(Some(load_location(ctx, &self.access, self.kura).await?)),
            MappingKind::Variant => Ok(None),
        }
    }
}

/// A mapping to create or replace.
#[derive(InputObject)]
pub struct MapChannelItemInput {
    channel_id: ID,
    kind: MappingKind,
    /// The provider's id.
    external_id: String,
    /// Shopify: the variant's inventory item id, which stock updates need.
    external_ref: Option<String>,
    /// The Kura variant's (or, for a location, one of the channel's locations') ID.
    kura_id: ID,
}

/// A mapping to remove.
#[derive(InputObject)]
pub struct UnmapChannelItemInput {
    channel_id: ID,
    kind: MappingKind,
    external_id: String,
}

/// The Kura UUID inside the global ID of a mapping's target.
pub fn kura_target_id(kind: MappingKind, id: &ID) -> Result<Uuid, ApiError> {
    match kind {
        MappingKind::Variant => ids::decode(Kind::ProductVariant, id)
            .ok_or_else(|| ServiceError::NotFound("Product variant").into()),
        MappingKind::Location => {
            ids::decode(Kind::Location, id).ok_or_else(|| ServiceError::NotFound("Location").into())
        }
    }
}

fn mapping(row: MappingRecord, access: &Arc<Access>) -> ChannelMapping {
    ChannelMapping {
        kind: row.kind,
        external_id: row.external_id,
        external_ref: row.external_ref,
        source: row.source,
        created_at: row.created_at,
        channel: row.channel_id,
        kura: row.kura_id,
        access: access.clone(),
    }
}

/// `Channel.connection`, resolved from the channel's stored settings.
pub fn connection_info(
    channel: &crate::services::channels::setup::ChannelRecord,
) -> ChannelConnectionInfo {
    ChannelConnectionInfo::from(&connection::of(channel))
}

#[derive(Default)]
pub struct ChannelConnectionQuery;

#[Object]
impl ChannelConnectionQuery {
    /// A channel's item and location mappings, by kind then provider id.
    #[graphql(complexity = "paging::cost(first, child_complexity)")]
    async fn channel_mappings(
        &self,
        ctx: &Context<'_>,
        channel_id: ID,
        kind: Option<MappingKind>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<ChannelMapping>> {
        let access = Arc::new(authorize(ctx, Need::SALES_READ).await?);
        let limit = paging::page_size(first)?;
        let after_key = paging::decode(after.as_deref())?
            .map(|key| {
                key.split_once(':')
                    .and_then(|(k, e)| Some((k.parse::<MappingKind>().ok()?, e.to_owned())))
                    .ok_or_else(|| {
                        ApiError::validation(
                            "after",
                            "cursor.invalid",
                            "Not a cursor from this list",
                        )
                    })
            })
            .transpose()?;
        let state = ctx.data_unchecked::<AppState>();
        let (rows, more) = mappings::list(
            &state.db,
            &access,
            self::channel_id(&channel_id)?,
            kind,
            after_key.clone(),
            limit,
        )
        .await
        .map_err(ApiError::from)?;
        Ok(paging::page(
            rows.into_iter().map(|row| {
                (
                    format!("{}:{}", row.kind, row.external_id),
                    mapping(row, &access),
                )
            }),
            after_key.is_some(),
            more,
        ))
    }
}

#[derive(Default)]
pub struct ChannelConnectionMutation;

#[Object]
impl ChannelConnectionMutation {
    /// Stores how Kura reaches the channel's provider (admins and up). Tokens and secrets
    /// are write-only; an empty string clears a field.
    async fn update_channel_connection(
        &self,
        ctx: &Context<'_>,
        channel_id: ID,
        input: ChannelConnectionInput,
    ) -> Result<Channel> {
        let access = Arc::new(authorize(ctx, Need::CHANNELS_WRITE).await?);
        let state = ctx.data_unchecked::<AppState>();
        let record = connection::set(
            &state.db,
            &access,
            self::channel_id(&channel_id)?,
            ConnectionPatch {
                shop: input.shop,
                access_token: input.access_token,
                notification_url: input.notification_url,
                contract_id: input.contract_id,
                client_id: input.client_id,
                client_secret: input.client_secret,
            },
        )
        .await
        .map_err(ApiError::from)?;
        Ok(Channel::new(record, access, state))
    }

    /// Says which Kura variant or location a provider id stands for (admins and up),
    /// replacing an earlier mapping of the same provider id.
    async fn map_channel_item(
        &self,
        ctx: &Context<'_>,
        input: MapChannelItemInput,
    ) -> Result<ChannelMapping> {
        let access = Arc::new(authorize(ctx, Need::CHANNELS_WRITE).await?);
        let state = ctx.data_unchecked::<AppState>();
        let row = mappings::map(
            &state.db,
            &access,
            NewMapping {
                channel_id: self::channel_id(&input.channel_id)?,
                kind: input.kind,
                external_id: input.external_id,
                external_ref: input.external_ref,
                kura_id: kura_target_id(input.kind, &input.kura_id)?,
            },
        )
        .await
        .map_err(ApiError::from)?;
        Ok(mapping(row, &access))
    }

    /// Removes a mapping (admins and up); false when there was none.
    async fn unmap_channel_item(
        &self,
        ctx: &Context<'_>,
        input: UnmapChannelItemInput,
    ) -> Result<bool> {
        let access = Arc::new(authorize(ctx, Need::CHANNELS_WRITE).await?);
        let state = ctx.data_unchecked::<AppState>();
        Ok(mappings::unmap(
            &state.db,
            &access,
            self::channel_id(&input.channel_id)?,
            input.kind,
            &input.external_id,
        )
        .await
        .map_err(ApiError::from)?)
    }
}
