//! Stock counts (棚卸): `stockCounts`, `stockCount`, `startStockCount`,
//! `recordStockCount`, `finalizeStockCount`, `cancelStockCount`; and
//! `replenishmentSuggestions`.

use std::sync::Arc;

use async_graphql::{ComplexObject, Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use kura_shared::StockCountStatus;
use uuid::Uuid;

use crate::graphql::{
    catalog::locations::{Location, location_id},
    catalog::products::ProductVariant,
    request::guard::{Need, authorize},
    stock::inventory::{StockLevel, load_location, load_variant},
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
        stock::counts::{
            self, CountFilter, CountLine, CountLineRecord, CountMode, Counted, NewCount,
            StockCountRecord,
        },
        stock::replenishment::{self, Action},
    },
    state::AppState,
};

/// A physical count of a location (or of some products there).
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct StockCount {
    /// Its global ID.
    pub id: ID,
    /// Per-company number, e.g. `SC-000001`.
    number: String,
    status: StockCountStatus,
    location_id: ID,
    /// The products a partial count covers; empty for the whole location.
    product_ids: Vec<ID>,
    /// True when only some products are counted.
    partial: bool,
    note: String,
    /// What has been counted, one line per variant.
    lines: Vec<StockCountLine>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    finalized_at: Option<DateTime<Utc>>,
    #[graphql(skip)]
    record: StockCountRecord,
    #[graphql(skip)]
    access: Arc<Access>,
}

/// One counted variant.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct StockCountLine {
    variant_id: ID,
    /// Units on the shelf.
    counted: i64,
    /// The books' `onHand` when this line was last recorded.
    expected: i64,
    /// `counted − expected`: what finalizing posts.
    difference: i64,
    counted_at: DateTime<Utc>,
    #[graphql(skip)]
    row: CountLineRecord,
    #[graphql(skip)]
    access: Arc<Access>,
}

/// A variant the count covers that nobody has counted yet.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct UncountedVariant {
    variant_id: ID,
    /// The books' `onHand` there now.
    on_hand: i64,
    #[graphql(skip)]
    id: Uuid,
    #[graphql(skip)]
    access: Arc<Access>,
}

impl StockCount {
    /// A count for the API.
    pub fn new(record: StockCountRecord, access: Arc<Access>) -> Self {
        let c = &record.count;
        let products = record.product_ids();
        Self {
            id: ids::encode(Kind::StockCount, c.id),
            number: c.number.clone(),
            status: record.count.status,
            location_id: ids::encode(Kind::Location, c.location_id),
            partial: !products.is_empty(),
            product_ids: products
                .into_iter()
                .map(|id| ids::encode(Kind::Product, id))
                .collect(),
            note: c.note.clone(),
            lines: record
                .lines
                .iter()
                .map(|row| StockCountLine {
                    variant_id: ids::encode(Kind::ProductVariant, row.variant_id),
                    counted: row.counted,
                    expected: row.expected,
                    difference: row.counted - row.expected,
                    counted_at: row.counted_at,
                    row: row.clone(),
                    access: access.clone(),
                })
                .collect(),
            created_at: c.created_at,
            updated_at: c.updated_at,
            finalized_at: c.finalized_at,
            record,
            access,
        }
    }
}

#[ComplexObject]
impl StockCount {
    /// Where.
    async fn location(&self, ctx: &Context<'_>) -> Result<Location> {
        load_location(ctx, &self.access, self.record.count.location_id).await
    }

    /// What the count covers but has no line for yet (a partial count: every variant of
    /// its products; a whole-location count: every row there with stock). Empty once the
    /// count is closed.
    async fn uncounted(&self, ctx: &Context<'_>) -> Result<Vec<UncountedVariant>> {
        if self.record.count.status != StockCountStatus::Open {
            return Ok(Vec::new());
        }
        let state = ctx.data_unchecked::<AppState>();
        Ok(counts::uncounted(&state.db, &self.access, &self.record)
            .await
            .map_err(ApiError::from)?
            .into_iter()
            .map(|u| UncountedVariant {
                variant_id: ids::encode(Kind::ProductVariant, u.variant_id),
                on_hand: u.on_hand,
                id: u.variant_id,
                access: self.access.clone(),
            })
            .collect())
    }
}

#[ComplexObject]
impl StockCountLine {
    /// The variant.
    async fn variant(&self, ctx: &Context<'_>) -> Result<ProductVariant> {
        load_variant(ctx, &self.access, self.row.variant_id).await
    }
}

#[ComplexObject]
impl UncountedVariant {
    /// The variant.
    async fn variant(&self, ctx: &Context<'_>) -> Result<ProductVariant> {
        load_variant(ctx, &self.access, self.id).await
    }
}

/// A new count.
#[derive(InputObject)]
pub struct StartStockCountInput {
    location_id: ID,
    /// Count only these products (a partial count); omit for the whole location.
    product_ids: Option<Vec<ID>>,
    #[graphql(default)]
    note: String,
}

/// How a counted quantity applies.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum StockCountMode {
    /// Replace the line's count.
    Set,
    /// Add to it (a scanner sends 1 per scan).
    Add,
}

/// One counted variant: by `variantId` or scanned `barcode` (give one).
#[derive(InputObject)]
pub struct StockCountLineInput {
    variant_id: Option<ID>,
    barcode: Option<String>,
    counted: i64,
    #[graphql(default_with = "StockCountMode::Set")]
    mode: StockCountMode,
}

/// Counted quantities for an OPEN count.
#[derive(InputObject)]
pub struct RecordStockCountInput {
    count_id: ID,
    lines: Vec<StockCountLineInput>,
    /// A repeat with the same key changes nothing (scanners retry).
    idempotency_key: Option<String>,
}

fn count_id(id: &ID) -> Result<Uuid, ApiError> {
    ids::decode(Kind::StockCount, id).ok_or_else(|| ServiceError::NotFound("Stock count").into())
}

fn count_line(line: StockCountLineInput) -> Result<CountLine, ApiError> {
    let what = match (line.variant_id, line.barcode) {
        (Some(id), None) => Counted::Variant(
            ids::decode(Kind::ProductVariant, &id)
                .ok_or_else(|| ApiError::from(ServiceError::NotFound("Product variant")))?,
        ),
        (None, Some(code)) => Counted::Barcode(code),
        _ => {
            return Err(ApiError::validation(
                "variantId",
                "lookup.one",
                "Give exactly one of variantId or barcode",
            ));
        }
    };
    Ok(CountLine {
        what,
        counted: line.counted,
        mode: match line.mode {
            StockCountMode::Set => CountMode::Set,
            StockCountMode::Add => CountMode::Add,
        },
    })
}

/// Bring goods in from another location, or buy them.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum ReplenishmentAction {
    /// Transfer from `source`.
    Transfer,
    /// Order from a supplier.
    Buy,
}

/// What to do about one low row.
#[derive(SimpleObject)]
pub struct ReplenishmentSuggestion {
    /// The row at or below its reorder point.
    stock_level: StockLevel,
    /// Units to bring in: `max(reorderQuantity, reorderPoint − (available + incoming) + 1)`
    /// plus 14 days of sales at the pace of the last 28.
    quantity: i64,
    /// Units sold there in the last 28 days.
    recent_sales: i64,
    action: ReplenishmentAction,
    /// For TRANSFER: the row to take the goods from (its available exceeds its own reorder
    /// point by at least `quantity`).
    source: Option<StockLevel>,
}

#[derive(Default)]
pub struct StockCountsQuery;

#[Object]
impl StockCountsQuery {
    /// Stock counts, newest first (optionally one status or one location).
    #[graphql(complexity = "paging::cost(first, child_complexity)")]
    async fn stock_counts(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        status: Option<StockCountStatus>,
        location_id: Option<ID>,
    ) -> Result<Page<StockCount>> {
        let access = Arc::new(authorize(ctx, Need::STOCK_READ).await?);
        let limit = paging::page_size(first)?;
        let after = paging::decode_id(after.as_deref())?;
        let state = ctx.data_unchecked::<AppState>();
        let filter = CountFilter {
            status,
            location_id: location_id
                .map(|id| ids::decode(Kind::Location, &id).unwrap_or(Uuid::nil())),
        };
        let (rows, more) = counts::list(&state.db, &access, &filter, after, limit)
            .await
            .map_err(ApiError::from)?;
        Ok(paging::page(
            rows.into_iter().map(|row| {
                (
                    row.count.id.to_string(),
                    StockCount::new(row, access.clone()),
                )
            }),
            after.is_some(),
            more,
        ))
    }

    /// One stock count, with its lines and what is still uncounted.
    async fn stock_count(&self, ctx: &Context<'_>, id: ID) -> Result<StockCount> {
        let access = Arc::new(authorize(ctx, Need::STOCK_READ).await?);
        let state = ctx.data_unchecked::<AppState>();
        let record = counts::get(&state.db, &access, count_id(&id)?)
            .await
            .map_err(ApiError::from)?;
        Ok(StockCount::new(record, access))
    }

    /// For every row at or below its reorder point (optionally only some locations): how
    /// many to bring in, and whether another location can spare them (TRANSFER) or they
    /// must be bought (BUY).
    async fn replenishment_suggestions(
        &self,
        ctx: &Context<'_>,
        location_ids: Option<Vec<ID>>,
    ) -> Result<Vec<ReplenishmentSuggestion>> {
        let access = Arc::new(authorize(ctx, Need::STOCK_READ).await?);
        let state = ctx.data_unchecked::<AppState>();
        let wanted: Option<Vec<Uuid>> = location_ids.map(|ids| {
            ids.iter()
                .filter_map(|id| ids::decode(Kind::Location, id))
                .collect()
        });
        Ok(
            replenishment::suggestions(&state.db, &access, wanted.as_deref())
                .await
                .map_err(ApiError::from)?
                .into_iter()
                .map(|s| ReplenishmentSuggestion {
                    stock_level: StockLevel::new(s.level, access.clone()),
                    quantity: s.quantity,
                    recent_sales: s.recent_sales,
                    action: match s.action {
                        Action::Transfer => ReplenishmentAction::Transfer,
                        Action::Buy => ReplenishmentAction::Buy,
                    },
                    source: s.source.map(|level| StockLevel::new(level, access.clone())),
                })
                .collect(),
        )
    }
}

#[derive(Default)]
pub struct StockCountsMutation;

#[Object]
impl StockCountsMutation {
    /// Opens a count at a location (numbered `SC-000001`, …), for everything there or only
    /// `productIds`.
    async fn start_stock_count(
        &self,
        ctx: &Context<'_>,
        input: StartStockCountInput,
    ) -> Result<StockCount> {
        let access = Arc::new(authorize(ctx, Need::STOCK_WRITE).await?);
        let state = ctx.data_unchecked::<AppState>();
        let product_ids = input
            .product_ids
            .map(|ids| {
                ids.iter()
                    .map(|id| {
                        ids::decode(Kind::Product, id)
                            .ok_or_else(|| ApiError::from(ServiceError::NotFound("Product")))
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
            .transpose()?;
        let record = counts::start(
            &state.db,
            &access,
            NewCount {
                location_id: location_id(&input.location_id)?,
                product_ids,
                note: input.note,
            },
        )
        .await
        .map_err(ApiError::from)?;
        Ok(StockCount::new(record, access))
    }

    /// Records counted quantities (SET replaces a line, ADD adds to it). Each line's
    /// `expected` is the books' `onHand` at that moment.
    async fn record_stock_count(
        &self,
        ctx: &Context<'_>,
        input: RecordStockCountInput,
    ) -> Result<StockCount> {
        let access = Arc::new(authorize(ctx, Need::STOCK_WRITE).await?);
        let state = ctx.data_unchecked::<AppState>();
        let id = count_id(&input.count_id)?;
        let lines = input
            .lines
            .into_iter()
            .map(count_line)
            .collect::<Result<Vec<_>, _>>()?;
        let record = counts::record(
            &state.db,
            &access,
            id,
            lines,
            input.idempotency_key.as_deref(),
        )
        .await
        .map_err(ApiError::from)?;
        Ok(StockCount::new(record, access))
    }

    /// Posts each line's `counted − expected` as a `COUNT` movement, all in one
    /// transaction, and closes the count. With `zeroUncounted`, what the count covers but
    /// nobody counted is set to zero.
    async fn finalize_stock_count(
        &self,
        ctx: &Context<'_>,
        id: ID,
        #[graphql(default)] zero_uncounted: bool,
    ) -> Result<StockCount> {
        let access = Arc::new(authorize(ctx, Need::STOCK_WRITE).await?);
        let state = ctx.data_unchecked::<AppState>();
        let record = counts::finalize(&state.db, &access, count_id(&id)?, zero_uncounted)
            .await
            .map_err(ApiError::from)?;
        Ok(StockCount::new(record, access))
    }

    /// Abandons an OPEN count; nothing is posted.
    async fn cancel_stock_count(&self, ctx: &Context<'_>, id: ID) -> Result<StockCount> {
        let access = Arc::new(authorize(ctx, Need::STOCK_WRITE).await?);
        let state = ctx.data_unchecked::<AppState>();
        let record = counts::cancel(&state.db, &access, count_id(&id)?)
            .await
            .map_err(ApiError::from)?;
        Ok(StockCount::new(record, access))
    }
}
