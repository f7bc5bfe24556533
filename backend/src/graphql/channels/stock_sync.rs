//! Outbound stock sync: `stockSyncJobs` and `stockSyncSummary` to see what was pushed to a
//! channel and what failed, `retryStockSync` and `pushChannelStock` to push again.

use std::sync::Arc;

use async_graphql::{ComplexObject, Context, ID, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use kura_shared::SyncStatus;
use uuid::Uuid;

use crate::graphql::{
    catalog::products::ProductVariant,
    channels::setup::channel_id,
    request::guard::{Need, authorize},
    stock::inventory::load_variant,
    types::{
        errors::ApiError,
        ids::{self, Kind},
        paging::{self, Page},
    },
};
use crate::{
    services::{
        access::Access,
        channels::stock_sync::{self, SyncJobRecord},
    },
    state::AppState,
};

/// One variant's push to one channel.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct StockSyncJob {
    /// Where it stands.
    status: SyncStatus,
    /// Tries of the current push (reset when a new change is queued after a success).
    attempts: i32,
    /// Why the last try failed, when it did.
    last_error: Option<String>,
    /// When it is due (PENDING, FAILED); for RUNNING, when its claim runs out.
    next_attempt_at: Option<DateTime<Utc>>,
    /// The sellable quantity last pushed successfully.
    last_pushed_quantity: Option<i64>,
    /// When that push succeeded.
    pushed_at: Option<DateTime<Utc>>,
    /// Last change of the job.
    updated_at: DateTime<Utc>,
    #[graphql(skip)]
    variant_id: Uuid,
    #[graphql(skip)]
    access: Arc<Access>,
}

impl StockSyncJob {
    fn new(row: SyncJobRecord, access: Arc<Access>) -> Self {
        let status = row.status;
        Self {
            next_attempt_at: matches!(
                status,
                SyncStatus::Pending | SyncStatus::Running | SyncStatus::Failed
            )
            .then_some(row.next_attempt_at),
            status,
            attempts: row.attempts,
            last_error: row.last_error,
            last_pushed_quantity: row.last_pushed_quantity,
            pushed_at: row.pushed_at,
            updated_at: row.updated_at,
            variant_id: row.variant_id,
            access,
        }
    }
}

#[ComplexObject]
impl StockSyncJob {
    /// The variant being pushed.
    async fn variant(&self, ctx: &Context<'_>) -> Result<ProductVariant> {
        load_variant(ctx, &self.access, self.variant_id).await
    }

    /// The variant's id.
    async fn variant_id(&self) -> ID {
        ids::encode(Kind::ProductVariant, self.variant_id)
    }
}

/// How a channel's stock sync stands.
#[derive(SimpleObject, Clone)]
pub struct StockSyncSummary {
    /// Pushes waiting or under way.
    pending: u64,
    /// Pushes that failed and will be retried.
    failed: u64,
    /// Pushes given up on (retry them by hand).
    dead: u64,
    /// The latest successful push.
    last_pushed_at: Option<DateTime<Utc>>,
}

fn variant_ids(ids: &[ID]) -> Vec<Uuid> {
    // An id that is not a variant matches no job, like another company's variant.
    ids.iter()
        .map(|id| ids::decode(Kind::ProductVariant, id).unwrap_or(Uuid::nil()))
        .collect()
}

#[derive(Default)]
pub struct StockSyncQuery;

#[Object]
impl StockSyncQuery {
    /// A channel's stock pushes by variant, optionally of one status (e.g. `DEAD`).
    #[graphql(complexity = "paging::cost(first, child_complexity)")]
    async fn stock_sync_jobs(
        &self,
        ctx: &Context<'_>,
        channel_id: ID,
        status: Option<SyncStatus>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<StockSyncJob>> {
        let access = Arc::new(authorize(ctx, Need::SALES_READ).await?);
        let limit = paging::page_size(first)?;
        let after = paging::decode_id(after.as_deref())?;
        let state = ctx.data_unchecked::<AppState>();
        let (rows, more) = stock_sync::jobs_page(
            &state.db,
            &access,
            self::channel_id(&channel_id)?,
            status,
            after,
            limit,
        )
        .await
        .map_err(ApiError::from)?;
        Ok(paging::page(
            rows.into_iter().map(|row| {
                (
                    row.variant_id.to_string(),
                    StockSyncJob::new(row, access.clone()),
                )
            }),
            after.is_some(),
            more,
        ))
    }

    /// Counts of a channel's pending, failed and dead pushes, and its latest success.
    async fn stock_sync_summary(
        &self,
        ctx: &Context<'_>,
        channel_id: ID,
    ) -> Result<StockSyncSummary> {
        let access = authorize(ctx, Need::SALES_READ).await?;
        let state = ctx.data_unchecked::<AppState>();
        let summary = stock_sync::summary(&state.db, &access, self::channel_id(&channel_id)?)
            .await
            .map_err(ApiError::from)?;
        Ok(StockSyncSummary {
            pending: summary.pending,
            failed: summary.failed,
            dead: summary.dead,
            last_pushed_at: summary.last_pushed_at,
        })
    }
}

#[derive(Default)]
pub struct StockSyncMutation;

#[Object]
impl StockSyncMutation {
    /// Pushes failed and dead jobs again now: those of `variantIds`, or all of the
    /// channel's when omitted. Returns how many were queued (admins and up).
    async fn retry_stock_sync(
        &self,
        ctx: &Context<'_>,
        channel_id: ID,
        variant_ids: Option<Vec<ID>>,
    ) -> Result<u64> {
        let access = authorize(ctx, Need::CHANNELS_WRITE).await?;
        let state = ctx.data_unchecked::<AppState>();
        let wanted = variant_ids.as_deref().map(self::variant_ids);
        Ok(stock_sync::retry(
            &state.db,
            &access,
            self::channel_id(&channel_id)?,
            wanted.as_deref(),
        )
        .await
        .map_err(ApiError::from)?)
    }

    /// Pushes the sellable quantity of every mapped variant to the channel (a full
    /// resync). Returns how many variants were queued (admins and up).
    async fn push_channel_stock(&self, ctx: &Context<'_>, channel_id: ID) -> Result<u64> {
        let access = authorize(ctx, Need::CHANNELS_WRITE).await?;
        let state = ctx.data_unchecked::<AppState>();
        Ok(
            stock_sync::push_all(&state.db, &access, self::channel_id(&channel_id)?)
                .await
                .map_err(ApiError::from)?,
        )
    }
}
