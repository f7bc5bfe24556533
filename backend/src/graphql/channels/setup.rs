//! Sales channels: `channels`, `channel`, `createChannel`, `updateChannel`, and what each
//! channel may sell (`Channel.sellable`).

use std::sync::Arc;

use async_graphql::{ComplexObject, Context, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use kura_shared::{ChannelKind, ChannelProvider, OrdersToShip};
use uuid::Uuid;

use crate::graphql::{
    catalog::locations::{Location, location_id},
    catalog::products::ProductVariant,
    request::{
        guard::{Need, authorize},
        loaders::Loaders,
    },
    stock::inventory::load_variant,
    types::{
        errors::ApiError,
        ids::{self, Kind},
        paging::{self, Page},
    },
};
use crate::{
    services::{
        ServiceError,
        access::Access,
        channels::setup::{self, ChannelPatch, ChannelRecord, NewChannel, Sellable},
        lookup::{ChannelId, LocationId},
    },
    state::AppState,
};

/// Where sales come from: a POS, an online shop, wholesale or a marketplace.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct Channel {
    /// Its global ID.
    pub id: ID,
    name: String,
    kind: ChannelKind,
    provider: ChannelProvider,
    /// Paste this into the provider's webhook settings (Shopify, Square, Smaregi).
    webhook_url: Option<String>,
    /// Whether a signing secret is stored (the secret itself is never shown again).
    has_webhook_secret: bool,
    /// Units held back from what the channel may sell, per variant.
    safety_buffer: i64,
    /// What an online order the provider says must still be shipped becomes: a sale at
    /// once (`SALE`), or an order Kura allocates, packs and ships (`ORDER`).
    orders_to_ship: OrdersToShip,
    created_at: DateTime<Utc>,
    archived_at: Option<DateTime<Utc>>,
    #[graphql(skip)]
    record: Arc<ChannelRecord>,
    #[graphql(skip)]
    access: Arc<Access>,
}

impl Channel {
    /// A channel for the API; its webhook URL is absolute when `KURA_PUBLIC_URL` is set.
    pub fn new(record: ChannelRecord, access: Arc<Access>, state: &AppState) -> Self {
        let id = ids::encode(Kind::Channel, record.channel.id);
        let webhook_url = record
            .webhook_path(&id)
            .map(|path| match &state.public_url {
                Some(base) => format!("{}{path}", base.as_str().trim_end_matches('/')),
                None => path,
            });
        let c = &record.channel;
        Self {
            id,
            name: c.name.clone(),
            kind: record.channel.kind,
            provider: record.channel.provider,
            webhook_url,
            has_webhook_secret: c.webhook_secret.is_some(),
            safety_buffer: c.safety_buffer,
            orders_to_ship: c.orders_to_ship,
            created_at: c.created_at,
            archived_at: c.archived_at,
            record: Arc::new(record),
            access,
        }
    }
}

/// What a channel may sell of one variant.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct ChannelSellable {
    /// `available` summed over the channel's locations.
    available: i64,
    /// What the channel may sell: that sum less the safety buffer, never below zero.
    quantity: i64,
    #[graphql(skip)]
    variant_id: Uuid,
    #[graphql(skip)]
    access: Arc<Access>,
}

#[ComplexObject]
impl ChannelSellable {
    /// The variant.
    async fn variant(&self, ctx: &Context<'_>) -> Result<ProductVariant> {
        load_variant(ctx, &self.access, self.variant_id).await
    }

    /// The variant's id.
    async fn variant_id(&self) -> ID {
        ids::encode(Kind::ProductVariant, self.variant_id)
    }
}

#[ComplexObject]
impl Channel {
    /// How Kura reaches the provider (secrets are never shown, only whether one is stored).
    async fn connection(&self) -> crate::graphql::channels::connection::ChannelConnectionInfo {
        crate::graphql::channels::connection::connection_info(&self.record)
    }

    /// The locations that sell or fulfil for it; the first is where its sales are booked
    /// unless a sale names another.
    async fn locations(&self, ctx: &Context<'_>) -> Result<Vec<Location>> {
        let tenant = self.access.tenant_id;
        let keys = self
            .record
            .location_ids
            .iter()
            .map(|id| (tenant, LocationId(*id)));
        let mut rows = ctx
            .data_unchecked::<Loaders>()
            .rows
            .load_many(keys)
            .await
            .map_err(|e| ApiError::from(ServiceError::internal(e)))?;
        // In the channel's order: the default location first.
        Ok(self
            .record
            .location_ids
            .iter()
            .filter_map(|id| rows.remove(&(tenant, LocationId(*id))))
            .map(Location::from)
            .collect())
    }

    /// What the channel may sell, per variant (only `variantIds` when given).
    #[graphql(complexity = "paging::cost(first, child_complexity)")]
    async fn sellable(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        variant_ids: Option<Vec<ID>>,
    ) -> Result<Page<ChannelSellable>> {
        let limit = paging::page_size(first)?;
        let after = paging::decode_id(after.as_deref())?;
        let state = ctx.data_unchecked::<AppState>();
        let wanted: Option<Vec<Uuid>> = variant_ids.map(|ids| {
            ids.iter()
                .map(|id| ids::decode(Kind::ProductVariant, id).unwrap_or(Uuid::nil()))
                .collect()
        });
        let (rows, more) = setup::sellable_page(
            &state.db,
            &self.access,
            self.record.channel.id,
            wanted.as_deref(),
            after,
            limit,
        )
        .await
        .map_err(ApiError::from)?;
        Ok(paging::page(
            rows.into_iter().map(
                |Sellable {
                     variant_id,
                     available,
                     quantity,
                 }| {
                    (
                        variant_id.to_string(),
                        ChannelSellable {
                            available,
                            quantity,
                            variant_id,
                            access: self.access.clone(),
                        },
                    )
                },
            ),
            after.is_some(),
            more,
        ))
    }
}

/// A new channel.
#[derive(InputObject)]
pub struct CreateChannelInput {
    name: String,
    kind: ChannelKind,
    provider: ChannelProvider,
    /// The locations that sell or fulfil for it, default first (at least one).
    location_ids: Vec<ID>,
    /// Units held back per variant from what it may sell.
    #[graphql(default)]
    safety_buffer: i64,
    /// The provider's signing secret: Shopify's app secret, Square's signature key, or the
    /// secret Smaregi's webhook requests present. Required for those three.
    webhook_secret: Option<String>,
    /// What online orders still to ship become (sales unless told otherwise).
    #[graphql(default_with = "OrdersToShip::Sale")]
    orders_to_ship: OrdersToShip,
    /// A repeat with the same key returns the first channel.
    idempotency_key: Option<String>,
}

/// Changes to a channel; omitted fields stay.
#[derive(InputObject)]
pub struct UpdateChannelInput {
    name: Option<String>,
    /// Replaces the locations (default first).
    location_ids: Option<Vec<ID>>,
    safety_buffer: Option<i64>,
    /// A new signing secret.
    webhook_secret: Option<String>,
    /// What online orders still to ship become from now on.
    orders_to_ship: Option<OrdersToShip>,
    /// Archive (stop accepting its sales) or restore.
    archived: Option<bool>,
}

/// A channel another object names (a sale, a summary row), batched with the other
/// channels the same response asks for.
pub async fn load_channel(ctx: &Context<'_>, access: &Arc<Access>, id: Uuid) -> Result<Channel> {
    let record = ctx
        .data_unchecked::<Loaders>()
        .rows
        .load_one((access.tenant_id, ChannelId(id)))
        .await
        .map_err(|e| ApiError::from(ServiceError::internal(e)))?
        .ok_or_else(|| ApiError::from(ServiceError::NotFound("Channel")))?;
    Ok(Channel::new(
        record,
        access.clone(),
        ctx.data_unchecked::<AppState>(),
    ))
}

/// The UUID inside a channel's global ID.
pub fn channel_id(id: &ID) -> Result<Uuid, ApiError> {
    ids::decode(Kind::Channel, id).ok_or_else(|| ServiceError::NotFound("Channel").into())
}

fn location_ids(ids: &[ID]) -> Result<Vec<Uuid>, ApiError> {
    ids.iter().map(location_id).collect()
}

#[derive(Default)]
pub struct ChannelsQuery;

#[Object]
impl ChannelsQuery {
    /// Sales channels in the order they were added.
    #[graphql(complexity = "paging::cost(first, child_complexity)")]
    async fn channels(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        include_archived: Option<bool>,
    ) -> Result<Page<Channel>> {
        let access = Arc::new(authorize(ctx, Need::SALES_READ).await?);
        let limit = paging::page_size(first)?;
        let after = paging::decode_id(after.as_deref())?;
        let state = ctx.data_unchecked::<AppState>();
        let (rows, more) = setup::list(
            &state.db,
            &access,
            include_archived.unwrap_or(false),
            after,
            limit,
        )
        .await
        .map_err(ApiError::from)?;
        Ok(paging::page(
            rows.into_iter().map(|row| {
                (
                    row.channel.id.to_string(),
                    Channel::new(row, access.clone(), state),
                )
            }),
            after.is_some(),
            more,
        ))
    }

    /// One channel.
    async fn channel(&self, ctx: &Context<'_>, id: ID) -> Result<Channel> {
        let access = Arc::new(authorize(ctx, Need::SALES_READ).await?);
        let state = ctx.data_unchecked::<AppState>();
        let record = setup::get(&state.db, &access, channel_id(&id)?)
            .await
            .map_err(ApiError::from)?;
        Ok(Channel::new(record, access, state))
    }
}

#[derive(Default)]
pub struct ChannelsMutation;

#[Object]
impl ChannelsMutation {
    /// Connects a sales channel (admins and up).
    async fn create_channel(
        &self,
        ctx: &Context<'_>,
        input: CreateChannelInput,
    ) -> Result<Channel> {
        let access = Arc::new(authorize(ctx, Need::CHANNELS_WRITE).await?);
        let state = ctx.data_unchecked::<AppState>();
        let record = setup::create(
            &state.db,
            &access,
            NewChannel {
                name: input.name,
                kind: input.kind,
                provider: input.provider,
                location_ids: location_ids(&input.location_ids)?,
                safety_buffer: input.safety_buffer,
                webhook_secret: input.webhook_secret,
                orders_to_ship: input.orders_to_ship,
            },
            input.idempotency_key.as_deref(),
        )
        .await
        .map_err(ApiError::from)?;
        Ok(Channel::new(record, access, state))
    }

    /// Changes a channel (admins and up).
    async fn update_channel(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateChannelInput,
    ) -> Result<Channel> {
        let access = Arc::new(authorize(ctx, Need::CHANNELS_WRITE).await?);
        let state = ctx.data_unchecked::<AppState>();
        let record = setup::update(
            &state.db,
            &access,
            channel_id(&id)?,
            ChannelPatch {
                name: input.name,
                location_ids: input
                    .location_ids
                    .as_deref()
                    .map(location_ids)
                    .transpose()?,
                safety_buffer: input.safety_buffer,
                webhook_secret: input.webhook_secret,
                orders_to_ship: input.orders_to_ship,
                archived: input.archived,
            },
        )
        .await
        .map_err(ApiError::from)?;
        Ok(Channel::new(record, access, state))
    }
}
