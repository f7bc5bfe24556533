//! Sales channels: where sales come from (a POS, an online shop, wholesale, a marketplace),
//! which locations sell and fulfil for each, and what each may sell (`available` at those
//! locations less the channel's safety buffer).

use std::collections::{BTreeMap, BTreeSet};

use chrono::Utc;
use kura_shared::{ChannelKind, ChannelProvider, OrdersToShip, ValidationError, sellable};
use sea_orm::{ActiveValue::Set, ColumnTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::services::{
    ServiceError,
    access::Access,
    idempotency::{self, Stop},
    stock::inventory,
    text,
};
use crate::store::tenant::{
    TenantTx,
    records::{channel, channel_location, product_variant, stock_level},
};

/// The largest safety buffer, to catch a barcode typed into the field.
pub const MAX_BUFFER: i64 = 1_000_000;

/// A channel with its locations, default first.
#[derive(Debug, Clone)]
pub struct ChannelRecord {
    /// The stored row.
    pub channel: channel::Model,
    /// The locations that sell or fulfil for it; the first is where its sales are booked
    /// unless a sale names another.
    pub location_ids: Vec<Uuid>,
}

impl ChannelRecord {
    /// The location its sales are booked at by default.
    pub fn default_location(&self) -> Option<Uuid> {
        self.location_ids.first().copied()
    }

    /// The path providers post to (`/webhooks/{provider}/{channelId}`), for providers that
    /// send webhooks.
    pub fn webhook_path(&self, public_id: &str) -> Option<String> {
        let provider = self.channel.provider;
        provider
            .receives_webhooks()
            .then(|| format!("/webhooks/{}/{public_id}", provider.slug()))
    }
}

/// Every field of a new channel.
#[derive(Debug, Clone)]
pub struct NewChannel {
    /// Display name.
    pub name: String,
    /// POS, EC, wholesale or marketplace.
    pub kind: ChannelKind,
    /// Where its sales come from.
    pub provider: ChannelProvider,
    /// Locations that sell or fulfil for it, the default first; at least one.
    pub location_ids: Vec<Uuid>,
    /// Units held back from what it may sell.
    pub safety_buffer: i64,
    /// The provider's signing secret.
    pub webhook_secret: Option<String>,
    /// Whether online orders still to ship become orders or sales.
    pub orders_to_ship: OrdersToShip,
}

/// Changes to a channel; `None` keeps a field.
#[derive(Debug, Clone, Default)]
pub struct ChannelPatch {
    /// New name.
    pub name: Option<String>,
    /// New locations (replacing all), default first.
    pub location_ids: Option<Vec<Uuid>>,
    /// New buffer.
    pub safety_buffer: Option<i64>,
    /// New signing secret (empty clears it).
    pub webhook_secret: Option<String>,
    /// What online orders still to ship become from now on.
    pub orders_to_ship: Option<OrdersToShip>,
    /// Archive (true) or restore (false).
    pub archived: Option<bool>,
}

fn check_buffer(buffer: i64) -> Result<i64, ServiceError> {
    if !(0..=MAX_BUFFER).contains(&buffer) {
        return Err(ValidationError::new(
            "quantity.range",
            format!("A safety buffer is between 0 and {MAX_BUFFER} units"),
        )
        .with_field("safetyBuffer")
        .into());
    }
    Ok(buffer)
}

fn check_secret(secret: Option<&str>) -> Result<Option<String>, ServiceError> {
    let secret = secret.map(str::trim).filter(|s| !s.is_empty());
    if secret.is_some_and(|s| s.chars().count() > 500) {
        return Err(ValidationError::new(
            "text.too_long",
            "A signing secret has at most 500 characters",
        )
        .with_field("webhookSecret")
        .into());
    }
    Ok(secret.map(str::to_owned))
}

async fn check_locations(
    tx: &TenantTx,
    access: &Access,
    ids: &[Uuid],
) -> Result<Vec<Uuid>, ServiceError> {
    let mut seen = BTreeSet::new();
    let ordered: Vec<Uuid> = ids.iter().copied().filter(|id| seen.insert(*id)).collect();
    if ordered.is_empty() {
        return Err(ValidationError::new(
            "channel.locations",
            "Choose at least one location that sells for this channel",
        )
        .with_field("locationIds")
        .into());
    }
    for id in &ordered {
        access.locations.check(*id)?;
    }
    inventory::check_locations(tx, &seen).await?;
    Ok(ordered)
}

async fn save_locations(tx: &TenantTx, channel_id: Uuid, ids: &[Uuid]) -> Result<(), ServiceError> {
    tx.delete::<channel_location::Model>()
        .filter(channel_location::Column::ChannelId.eq(channel_id))
        .exec(tx.conn())
        .await?;
    for (position, location_id) in ids.iter().enumerate() {
        tx.insert(channel_location::ActiveModel {
            tenant_id: Set(tx.tenant_id()),
            channel_id: Set(channel_id),
            location_id: Set(*location_id),
            position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
        })
        .await?;
    }
    Ok(())
}

/// Creates a channel. Shopify and Square channels need the provider's signing secret, and
/// Smaregi channels the secret its webhooks must present. A repeat with the same
/// `idempotency_key` returns the first channel.
pub async fn create(
    db: &sea_orm::DatabaseConnection,
    access: &Access,
    input: NewChannel,
    idempotency_key: Option<&str>,
) -> Result<ChannelRecord, ServiceError> {
    let key = idempotency::Key::parse("createChannel", idempotency_key)?;
    let name = text::required(&input.name, 200, "name", "channel name")?;
    let buffer = check_buffer(input.safety_buffer)?;
    let secret = check_secret(input.webhook_secret.as_deref())?;
    if input.provider.receives_webhooks() && secret.is_none() {
        return Err(ValidationError::new(
            "channel.secret_required",
            "Paste the provider's webhook signing secret so Kura can check each event",
        )
        .with_field("webhookSecret")
        .into());
    }
    let command = CreateChannel {
        access,
        input: &input,
        name,
        buffer,
        secret,
    };
    idempotency::once(db, access.tenant_id, key.as_ref(), &command).await
}

/// A checked channel to create.
struct CreateChannel<'a> {
    access: &'a Access,
    input: &'a NewChannel,
    name: String,
    buffer: i64,
    secret: Option<String>,
}

impl idempotency::Command for CreateChannel<'_> {
    type Answer = ChannelRecord;

    async fn replay(&self, tx: &TenantTx, earlier: Uuid) -> Result<ChannelRecord, ServiceError> {
        load(tx, earlier).await
    }

    async fn run(&self, tx: &TenantTx) -> Result<(ChannelRecord, Uuid), Stop> {
        let location_ids = check_locations(tx, self.access, &self.input.location_ids).await?;
        let now = Utc::now();
        let id = Uuid::now_v7();
        tx.insert(channel::ActiveModel {
            tenant_id: Set(tx.tenant_id()),
            id: Set(id),
            name: Set(self.name.clone()),
            kind: Set(self.input.kind),
            provider: Set(self.input.provider),
            safety_buffer: Set(self.buffer),
            orders_to_ship: Set(self.input.orders_to_ship),
            webhook_secret: Set(self.secret.clone()),
            settings: Set("{}".into()),
            archived_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .await?;
        save_locations(tx, id, &location_ids).await?;
        Ok((load(tx, id).await?, id))
    }
}

/// Changes a channel.
pub async fn update(
    db: &sea_orm::DatabaseConnection,
    access: &Access,
    id: Uuid,
    patch: ChannelPatch,
) -> Result<ChannelRecord, ServiceError> {
    let tx = TenantTx::write(db, access.tenant_id).await?;
    let current = load(&tx, id).await?;
    let mut row: channel::ActiveModel = current.channel.clone().into();
    if let Some(name) = &patch.name {
        row.name = Set(text::required(name, 200, "name", "channel name")?);
    }
    if let Some(buffer) = patch.safety_buffer {
        row.safety_buffer = Set(check_buffer(buffer)?);
    }
    if let Some(secret) = &patch.webhook_secret {
        let secret = check_secret(Some(secret))?;
        if current.channel.provider.receives_webhooks() && secret.is_none() {
            return Err(ValidationError::new(
                "channel.secret_required",
                "This provider's webhooks need a signing secret",
            )
            .with_field("webhookSecret")
            .into());
        }
        row.webhook_secret = Set(secret);
    }
    if let Some(orders) = patch.orders_to_ship {
        row.orders_to_ship = Set(orders);
    }
    if let Some(archived) = patch.archived {
        row.archived_at = Set(archived.then(Utc::now));
    }
    row.updated_at = Set(Utc::now());
    tx.update::<channel::Model>()
        .set(row)
        .filter(channel::Column::Id.eq(id))
        .exec(tx.conn())
        .await?;
    if let Some(ids) = &patch.location_ids {
        let ids = check_locations(&tx, access, ids).await?;
        save_locations(&tx, id, &ids).await?;
    }
    let record = load(&tx, id).await?;
    tx.commit().await?;
    Ok(record)
}

/// One channel with its locations, inside `tx`.
pub async fn load(tx: &TenantTx, id: Uuid) -> Result<ChannelRecord, ServiceError> {
    let channel = tx
        .select::<channel::Model>()
        .filter(channel::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .ok_or(ServiceError::NotFound("Channel"))?;
    let mut links = with_locations(tx, vec![channel]).await?;
    links
        .pop()
        .ok_or_else(|| ServiceError::internal("channel vanished"))
}

/// The channels with these ids, with their locations (two queries for any number).
pub async fn load_many(tx: &TenantTx, ids: &[Uuid]) -> Result<Vec<ChannelRecord>, ServiceError> {
    let channels = tx
        .select::<channel::Model>()
        .filter(channel::Column::Id.is_in(ids.iter().copied()))
        .all(tx.conn())
        .await?;
    with_locations(tx, channels).await
}

async fn with_locations(
    tx: &TenantTx,
    channels: Vec<channel::Model>,
) -> Result<Vec<ChannelRecord>, ServiceError> {
    let links = tx
        .select::<channel_location::Model>()
        .filter(channel_location::Column::ChannelId.is_in(channels.iter().map(|c| c.id)))
        .order_by_asc(channel_location::Column::Position)
        .all(tx.conn())
        .await?;
    let mut by_channel: BTreeMap<Uuid, Vec<Uuid>> = BTreeMap::new();
    for link in links {
        by_channel
            .entry(link.channel_id)
            .or_default()
            .push(link.location_id);
    }
    Ok(channels
        .into_iter()
        .map(|channel| ChannelRecord {
            location_ids: by_channel.remove(&channel.id).unwrap_or_default(),
            channel,
        })
        .collect())
}

/// One channel.
pub async fn get(
    db: &sea_orm::DatabaseConnection,
    access: &Access,
    id: Uuid,
) -> Result<ChannelRecord, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let record = load(&tx, id).await?;
    tx.commit().await?;
    Ok(record)
}

/// Channels in creation order, after `after`; archived ones only when asked.
pub async fn list(
    db: &sea_orm::DatabaseConnection,
    access: &Access,
    include_archived: bool,
    after: Option<Uuid>,
    limit: u64,
) -> Result<(Vec<ChannelRecord>, bool), ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let mut query = tx
        .select::<channel::Model>()
        .order_by_asc(channel::Column::Id)
        .limit(limit + 1);
    if !include_archived {
        query = query.filter(channel::Column::ArchivedAt.is_null());
    }
    if let Some(after) = after {
        query = query.filter(channel::Column::Id.gt(after));
    }
    let mut rows = query.all(tx.conn()).await?;
    let more = crate::services::trim_page(&mut rows, limit);
    let records = with_locations(&tx, rows).await?;
    tx.commit().await?;
    Ok((records, more))
}

/// What a channel may sell of one variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sellable {
    /// The variant.
    pub variant_id: Uuid,
    /// `available` summed over the channel's locations.
    pub available: i64,
    /// What the channel may sell: that sum less the safety buffer, at least zero.
    pub quantity: i64,
}

/// What `channel` may sell of each variant, inside `tx`.
pub async fn sellable_in(
    tx: &TenantTx,
    channel: &ChannelRecord,
    variant_ids: &[Uuid],
) -> Result<Vec<Sellable>, ServiceError> {
    let rows = tx
        .select::<stock_level::Model>()
        .filter(stock_level::Column::VariantId.is_in(variant_ids.iter().copied()))
        .filter(stock_level::Column::LocationId.is_in(channel.location_ids.iter().copied()))
        .all(tx.conn())
        .await?;
    let mut per_variant: BTreeMap<Uuid, Vec<i64>> =
        variant_ids.iter().map(|id| (*id, Vec::new())).collect();
    for row in rows {
        per_variant
            .entry(row.variant_id)
            .or_default()
            .push(kura_shared::inventory::available(
                row.on_hand,
                row.allocated,
            ));
    }
    Ok(variant_ids
        .iter()
        .map(|id| {
            let available = per_variant.get(id).cloned().unwrap_or_default();
            Sellable {
                variant_id: *id,
                available: available
                    .iter()
                    .fold(0i64, |sum, a| sum.saturating_add((*a).max(0))),
                quantity: sellable(available, channel.channel.safety_buffer),
            }
        })
        .collect())
}

/// A page of what a channel may sell, by variant in creation order (only the given
/// variants when `variant_ids` is set).
pub async fn sellable_page(
    db: &sea_orm::DatabaseConnection,
    access: &Access,
    channel_id: Uuid,
    variant_ids: Option<&[Uuid]>,
    after: Option<Uuid>,
    limit: u64,
) -> Result<(Vec<Sellable>, bool), ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let channel = load(&tx, channel_id).await?;
    let mut query = tx
        .select::<product_variant::Model>()
        .filter(product_variant::Column::ArchivedAt.is_null())
        .order_by_asc(product_variant::Column::Id)
        .limit(limit + 1);
    if let Some(ids) = variant_ids {
        query = query.filter(product_variant::Column::Id.is_in(ids.iter().copied()));
    }
    if let Some(after) = after {
        query = query.filter(product_variant::Column::Id.gt(after));
    }
    let mut variants: Vec<Uuid> = query
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|v| v.id)
        .collect();
    let more = crate::services::trim_page(&mut variants, limit);
    let rows = sellable_in(&tx, &channel, &variants).await?;
    tx.commit().await?;
    Ok((rows, more))
}
