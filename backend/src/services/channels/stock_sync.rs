//! Outbound stock sync: keeping each connected channel's stock equal to what it may sell.
//!
//! Jobs are queued by [`enqueue_for_changes`], which [`crate::services::stock::inventory::post`] calls in
//! the same transaction as the stock change. Queueing there, rather than in a consumer of
//! `StockLevelChanged` events, means a committed change always has its job (no window in
//! which a crash between commit and publish loses a push, no second delivery path to keep
//! deduplicated), and it costs one indexed lookup of the channels selling from the changed
//! locations, which returns nothing for companies without connected channels. The job
//! only records *that* a variant must be pushed; the quantity is computed when the worker
//! pushes, so a burst of changes collapses into one push of the latest figure.
//!
//! The stock-sync worker talks to the providers; this module decides what to push
//! ([`plan`]) and records how it went ([`finish`]).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use kura_shared::{ChannelProvider, MappingKind, SyncStatus, stock_sync::receives_stock};
use sea_orm::{
    ColumnTrait, DatabaseConnection, ModelTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::Query,
};
use uuid::Uuid;

use crate::services::{
    ServiceError,
    access::Access,
    channels::connection,
    channels::setup::{self, ChannelRecord},
};
use crate::{
    integrations::{StockLevel, connection::Connection},
    store::{
        stock::RowKey,
        sync_jobs::{self, Claimed, Outcome},
        tenant::{
            TenantTx,
            records::{channel, channel_location, channel_mapping, sync_job},
        },
    },
};

/// One variant's push to one channel: its status, tries, last error and last pushed quantity.
/// The stored row holds nothing secret, so it is the record.
pub type SyncJobRecord = sync_job::Model;

/// Queues a push for every channel that sells from a changed row's location and has the
/// row's variant mapped. Unmapped variants are skipped: the channel does not list them.
pub async fn enqueue_for_changes(tx: &TenantTx, rows: &[RowKey]) -> Result<(), ServiceError> {
    if rows.is_empty() {
        return Ok(());
    }
    let locations: BTreeSet<Uuid> = rows.iter().map(|r| r.location_id).collect();
    // One statement: the links of those locations to live channels that take stock.
    let pushing = Query::select()
        .column(channel::Column::Id)
        .from(<channel::Model as ModelTrait>::Entity::default())
        .and_where(channel::Column::TenantId.eq(tx.tenant_id()))
        .and_where(channel::Column::ArchivedAt.is_null())
        .and_where(
            channel::Column::Provider.is_in(
                ChannelProvider::ALL
                    .iter()
                    .copied()
                    .filter(|p| receives_stock(*p)),
            ),
        )
        .to_owned();
    let links = tx
        .select::<channel_location::Model>()
        .filter(channel_location::Column::LocationId.is_in(locations.iter().copied()))
        .filter(channel_location::Column::ChannelId.in_subquery(pushing))
        .all(tx.conn())
        .await?;
    let mut wanted: BTreeMap<Uuid, BTreeSet<Uuid>> = BTreeMap::new();
    for link in &links {
        let variants = rows
            .iter()
            .filter(|r| r.location_id == link.location_id)
            .map(|r| r.variant_id);
        wanted.entry(link.channel_id).or_default().extend(variants);
    }
    let now = Utc::now();
    // Channels and variants in order, so concurrent changes lock job rows in one order.
    for (channel_id, variants) in wanted {
        let ids: Vec<Uuid> = variants.into_iter().collect();
        let mapped: BTreeSet<Uuid> = variant_refs(tx, channel_id, Some(&ids))
            .await?
            .into_keys()
            .collect();
        let ids: Vec<Uuid> = ids.into_iter().filter(|id| mapped.contains(id)).collect();
        sync_jobs::enqueue(tx, channel_id, &ids, now).await?;
    }
    Ok(())
}

/// The provider's references of `channel_id`'s mapped variants (all of them when
/// `variant_ids` is `None`): `(external_id, external_ref)` by Kura variant.
async fn variant_refs(
    tx: &TenantTx,
    channel_id: Uuid,
    variant_ids: Option<&[Uuid]>,
) -> Result<BTreeMap<Uuid, (String, Option<String>)>, ServiceError> {
    let mut query = tx
        .select::<channel_mapping::Model>()
        .filter(channel_mapping::Column::ChannelId.eq(channel_id))
        .filter(channel_mapping::Column::Kind.eq(MappingKind::Variant));
    if let Some(ids) = variant_ids {
        query = query.filter(channel_mapping::Column::KuraId.is_in(ids.iter().copied()));
    }
    Ok(query
        // Collected into a map, later rows win: a Kura variant mapped twice keeps its
        // smallest external id, deterministically.
        .order_by_desc(channel_mapping::Column::ExternalId)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|m| (m.kura_id, (m.external_id, m.external_ref)))
        .collect())
}

/// The provider's id of the channel's default location, if it is mapped.
async fn location_ref(
    tx: &TenantTx,
    channel: &ChannelRecord,
) -> Result<Option<String>, ServiceError> {
    let Some(location) = channel.default_location() else {
        return Ok(None);
    };
    Ok(tx
        .select::<channel_mapping::Model>()
        .filter(channel_mapping::Column::ChannelId.eq(channel.channel.id))
        .filter(channel_mapping::Column::Kind.eq(MappingKind::Location))
        .filter(channel_mapping::Column::KuraId.eq(location))
        .order_by_asc(channel_mapping::Column::ExternalId)
        .one(tx.conn())
        .await?
        .map(|m| m.external_id))
}

/// One page of a channel's sync jobs, by variant, optionally of one status.
pub async fn jobs_page(
    db: &DatabaseConnection,
    access: &Access,
    channel_id: Uuid,
    status: Option<SyncStatus>,
    after: Option<Uuid>,
    limit: u64,
) -> Result<(Vec<SyncJobRecord>, bool), ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    setup::load(&tx, channel_id).await?;
    let mut query = tx
        .select::<sync_job::Model>()
        .filter(sync_job::Column::ChannelId.eq(channel_id))
        .order_by_asc(sync_job::Column::VariantId)
        .limit(limit + 1);
    if let Some(status) = status {
        query = query.filter(sync_job::Column::Status.eq(status));
    }
    if let Some(after) = after {
        query = query.filter(sync_job::Column::VariantId.gt(after));
    }
    let mut rows = query.all(tx.conn()).await?;
    let more = crate::services::trim_page(&mut rows, limit);
    tx.commit().await?;
    Ok((rows, more))
}

/// How a channel's sync stands, for its settings page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Jobs waiting or being pushed.
    pub pending: u64,
    /// Jobs whose last push failed and will be retried.
    pub failed: u64,
    /// Jobs given up on.
    pub dead: u64,
    /// The latest successful push.
    pub last_pushed_at: Option<DateTime<Utc>>,
}

/// Counts a channel's jobs by status and finds its latest successful push.
pub async fn summary(
    db: &DatabaseConnection,
    access: &Access,
    channel_id: Uuid,
) -> Result<Summary, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    setup::load(&tx, channel_id).await?;
    let counts: Vec<(SyncStatus, i64)> = tx
        .select::<sync_job::Model>()
        .select_only()
        .column(sync_job::Column::Status)
        .column_as(sync_job::Column::VariantId.count(), "n")
        .filter(sync_job::Column::ChannelId.eq(channel_id))
        .group_by(sync_job::Column::Status)
        .into_tuple()
        .all(tx.conn())
        .await?;
    let last_pushed_at: Option<Option<DateTime<Utc>>> = tx
        .select::<sync_job::Model>()
        .select_only()
        .column_as(sync_job::Column::PushedAt.max(), "last")
        .filter(sync_job::Column::ChannelId.eq(channel_id))
        .into_tuple()
        .one(tx.conn())
        .await?;
    tx.commit().await?;
    let mut summary = Summary {
        last_pushed_at: last_pushed_at.flatten(),
        ..Summary::default()
    };
    for (status, n) in counts {
        let n = u64::try_from(n).unwrap_or(0);
        match status {
            SyncStatus::Pending | SyncStatus::Running => summary.pending += n,
            SyncStatus::Failed => summary.failed += n,
            SyncStatus::Dead => summary.dead += n,
            SyncStatus::Done => {}
        }
    }
    Ok(summary)
}

/// Puts the channel's FAILED and DEAD jobs of `variant_ids` (all of them when `None`) back
/// in the queue, due now. Returns how many were re-queued.
pub async fn retry(
    db: &DatabaseConnection,
    access: &Access,
    channel_id: Uuid,
    variant_ids: Option<&[Uuid]>,
) -> Result<u64, ServiceError> {
    let tx = TenantTx::write(db, access.tenant_id).await?;
    setup::load(&tx, channel_id).await?;
    let n = sync_jobs::requeue_failed(&tx, channel_id, variant_ids, Utc::now()).await?;
    tx.commit().await?;
    sync_jobs::wake();
    Ok(n)
}

/// Queues a push of every mapped variant to the channel (a full resync, e.g. after
/// connecting it or fixing its mappings). Returns how many variants were queued.
pub async fn push_all(
    db: &DatabaseConnection,
    access: &Access,
    channel_id: Uuid,
) -> Result<u64, ServiceError> {
    let tx = TenantTx::write(db, access.tenant_id).await?;
    let channel = setup::load(&tx, channel_id).await?;
    if !receives_stock(channel.channel.provider) {
        return Err(kura_shared::ValidationError::new(
            "channel.no_stock_sync",
            "Kura pushes stock only to Shopify, Square and Smaregi channels",
        )
        .with_field("channelId")
        .into());
    }
    let ids: Vec<Uuid> = variant_refs(&tx, channel_id, None)
        .await?
        .into_keys()
        .collect();
    sync_jobs::enqueue(&tx, channel_id, &ids, Utc::now()).await?;
    tx.commit().await?;
    sync_jobs::wake();
    Ok(ids.len() as u64)
}

/// What to push for a batch of one channel's claimed jobs.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The channel's provider connection.
    pub connection: Connection,
    /// The channel.
    pub channel: ChannelRecord,
    /// Jobs to push, with the level each should set.
    pub push: Vec<(Claimed, StockLevel)>,
    /// Jobs that end without a push, and how.
    pub settled: Vec<(Claimed, Outcome)>,
}

/// Works out what to push for `jobs` (all of one tenant's channel): each variant's
/// sellable quantity now, at the provider's ids from the channel's mappings. A variant
/// that is no longer mapped is dropped; a channel whose default location is not mapped, or
/// a Shopify variant mapped without its inventory item id, cannot be pushed at all.
pub async fn plan(
    db: &DatabaseConnection,
    tenant_id: Uuid,
    channel_id: Uuid,
    jobs: Vec<Claimed>,
) -> Result<Plan, ServiceError> {
    let tx = TenantTx::read(db, tenant_id).await?;
    let channel = setup::load(&tx, channel_id).await?;
    let connection = connection::connection_in(&tx, channel_id).await?;
    let variant_ids: Vec<Uuid> = jobs.iter().map(|j| j.variant_id).collect();
    let refs = variant_refs(&tx, channel_id, Some(&variant_ids)).await?;
    let location = location_ref(&tx, &channel).await?;
    let sellable: BTreeMap<Uuid, i64> = setup::sellable_in(&tx, &channel, &variant_ids)
        .await?
        .into_iter()
        .map(|s| (s.variant_id, s.quantity))
        .collect();
    tx.commit().await?;

    let shopify = channel.channel.provider == kura_shared::ChannelProvider::Shopify;
    let mut push = Vec::new();
    let mut settled = Vec::new();
    for job in jobs {
        let dead = |error: &str| Outcome::Dead {
            error: error.to_owned(),
        };
        if channel.channel.archived_at.is_some() || !receives_stock(channel.channel.provider) {
            settled.push((job, Outcome::Dropped));
            continue;
        }
        let Some((external_id, external_ref)) = refs.get(&job.variant_id) else {
            settled.push((job, Outcome::Dropped));
            continue;
        };
        let Some(location_ref) = &location else {
            settled.push((
                job,
                dead("The channel's default location is not mapped to a provider location"),
            ));
            continue;
        };
        // Shopify stocks inventory items, not variants: the mapping keeps the item id.
        let item_ref = if shopify {
            match external_ref {
                Some(item) => item.clone(),
                None => {
                    settled.push((
                        job,
                        dead("The variant's mapping has no Shopify inventory item id"),
                    ));
                    continue;
                }
            }
        } else {
            external_id.clone()
        };
        let quantity = sellable.get(&job.variant_id).copied().unwrap_or(0);
        push.push((
            job,
            StockLevel {
                item_ref,
                location_ref: location_ref.clone(),
                quantity,
            },
        ));
    }
    Ok(Plan {
        connection,
        channel,
        push,
        settled,
    })
}

/// Records how each of one tenant's jobs ended.
pub async fn finish(
    db: &DatabaseConnection,
    tenant_id: Uuid,
    outcomes: Vec<(Claimed, Outcome)>,
) -> Result<(), ServiceError> {
    if outcomes.is_empty() {
        return Ok(());
    }
    let tx = TenantTx::write(db, tenant_id).await?;
    for (job, outcome) in outcomes {
        sync_jobs::finish(&tx, &job, outcome).await?;
    }
    tx.commit().await?;
    Ok(())
}
