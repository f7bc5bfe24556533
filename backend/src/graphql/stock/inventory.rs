//! Stock: `stockLevels`, `stockLevel`, `stockMovements`, `lowStock`,
//! `stockReconciliation`, `adjustStock`, `setReorderPoint`, and the live
//! `stockLevelChanged` subscription.
//!
//! Reconnecting without missing a change: subscribe first, then read `stockLevels`; apply
//! a change only when its `stockLevel.version` is newer than the row you hold. Every change
//! of a row bumps its version by one, so a gap in versions also tells a client it missed
//! something and should re-read that row.

use std::sync::Arc;

use async_graphql::{
    ComplexObject, Context, ID, InputObject, Object, Result, SimpleObject, Subscription,
};
use chrono::{DateTime, Utc};
use futures_util::{Stream, StreamExt};
use kura_shared::MovementReason;
use tokio_stream::wrappers::BroadcastStream;
use uuid::Uuid;

use crate::graphql::{
    catalog::locations::{Location, location_id},
    catalog::products::{CatalogContext, ProductVariant},
    request::{
        guard::{Need, authorize},
        loaders::Loaders,
    },
    types::{
        errors::ApiError,
        ids::{self, Kind},
        paging::{self, Page},
    },
};
use crate::{
    events::{EventPayload, MovementRecord, StockLevelState},
    services::{
        ServiceError,
        access::Access,
        lookup::{LocationId, VariantId},
        stock::inventory::{self, Adjustment, RowFilter, RowKey},
    },
    state::AppState,
};

/// Stock of one variant at one location.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct StockLevel {
    /// Its global ID.
    pub id: ID,
    /// The variant's id (cheaper than selecting `variant { id }`).
    variant_id: ID,
    /// The location's id.
    location_id: ID,
    /// Physically there.
    on_hand: i64,
    /// Promised to open orders.
    allocated: i64,
    /// `onHand − allocated`: what may still be sold or promised.
    available: i64,
    /// On its way in (transfers in transit, purchase orders).
    incoming: i64,
    /// Bumped by every change of this row; apply a live change only if it is newer.
    version: i64,
    /// Reorder when `available + incoming` falls to this.
    reorder_point: Option<i64>,
    reorder_quantity: Option<i64>,
    /// At or below its reorder point.
    low: bool,
    /// Below zero (a POS sold what the books did not have): needs a look.
    negative: bool,
    updated_at: DateTime<Utc>,
    #[graphql(skip)]
    state: StockLevelState,
    #[graphql(skip)]
    access: Arc<Access>,
}

impl StockLevel {
    /// A row for the API.
    pub fn new(state: StockLevelState, access: Arc<Access>) -> Self {
        let available = kura_shared::inventory::available(state.on_hand, state.allocated);
        Self {
            id: ids::encode(Kind::StockLevel, state.id),
            variant_id: ids::encode(Kind::ProductVariant, state.variant_id),
            location_id: ids::encode(Kind::Location, state.location_id),
            on_hand: state.on_hand,
            allocated: state.allocated,
            available,
            incoming: state.incoming,
            version: state.version,
            reorder_point: state.reorder_point,
            reorder_quantity: state.reorder_quantity,
            low: kura_shared::inventory::is_low(available, state.incoming, state.reorder_point),
            negative: state.on_hand < 0,
            updated_at: state.updated_at,
            state,
            access,
        }
    }
}

pub(crate) async fn load_variant(
    ctx: &Context<'_>,
    access: &Arc<Access>,
    id: Uuid,
) -> Result<ProductVariant> {
    let loaders = ctx.data_unchecked::<Loaders>();
    let row = loaders
        .rows
        .load_one((access.tenant_id, VariantId(id)))
        .await
        .map_err(|e| ApiError::from(ServiceError::internal(e)))?
        .ok_or_else(|| ApiError::from(ServiceError::NotFound("Product variant")))?;
    let context = CatalogContext::load(ctx, (**access).clone()).await?;
    Ok(ProductVariant::new(row, context))
}

pub(crate) async fn load_location(
    ctx: &Context<'_>,
    access: &Arc<Access>,
    id: Uuid,
) -> Result<Location> {
    let loaders = ctx.data_unchecked::<Loaders>();
    Ok(loaders
        .rows
        .load_one((access.tenant_id, LocationId(id)))
        .await
        .map_err(|e| ApiError::from(ServiceError::internal(e)))?
        .ok_or_else(|| ApiError::from(ServiceError::NotFound("Location")))?
        .into())
}

#[ComplexObject]
impl StockLevel {
    /// The variant.
    async fn variant(&self, ctx: &Context<'_>) -> Result<ProductVariant> {
        load_variant(ctx, &self.access, self.state.variant_id).await
    }

    /// The location.
    async fn location(&self, ctx: &Context<'_>) -> Result<Location> {
        load_location(ctx, &self.access, self.state.location_id).await
    }
}

/// One append-only ledger entry: a change of `onHand` and why.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct StockMovement {
    /// Its global ID.
    pub id: ID,
    variant_id: ID,
    location_id: ID,
    /// Units in (positive) or out (negative).
    delta: i64,
    /// `onHand` right after this movement.
    on_hand_after: i64,
    /// The row's version right after this movement.
    version: i64,
    reason: MovementReason,
    note: String,
    /// The kind of document that caused it: `TRANSFER`, `STOCK_COUNT`, `SALE`, …
    reference_type: Option<String>,
    /// That document's id.
    reference_id: Option<ID>,
    /// The API key that made it, by prefix, if a key.
    actor_api_key_prefix: Option<String>,
    created_at: DateTime<Utc>,
    #[graphql(skip)]
    record: MovementRecord,
    #[graphql(skip)]
    access: Arc<Access>,
}

impl StockMovement {
    /// A movement for the API.
    pub fn new(record: MovementRecord, access: Arc<Access>) -> Self {
        let reference_kind = match record.reference_type.as_deref() {
            Some("TRANSFER") => Some(Kind::Transfer),
            Some("STOCK_COUNT") => Some(Kind::StockCount),
            _ => None,
        };
        Self {
            id: ids::encode(Kind::StockMovement, record.id),
            variant_id: ids::encode(Kind::ProductVariant, record.variant_id),
            location_id: ids::encode(Kind::Location, record.location_id),
            delta: record.delta,
            on_hand_after: record.on_hand_after,
            version: record.version,
            reason: record.reason,
            note: record.note.clone(),
            reference_type: record.reference_type.clone(),
            reference_id: record.reference_id.map(|id| match reference_kind {
                Some(kind) => ids::encode(kind, id),
                None => ID(id.to_string()),
            }),
            actor_api_key_prefix: record.actor_api_key.clone(),
            created_at: record.created_at,
            record,
            access,
        }
    }
}

#[ComplexObject]
impl StockMovement {
    /// The variant.
    async fn variant(&self, ctx: &Context<'_>) -> Result<ProductVariant> {
        load_variant(ctx, &self.access, self.record.variant_id).await
    }

    /// The location.
    async fn location(&self, ctx: &Context<'_>) -> Result<Location> {
        load_location(ctx, &self.access, self.record.location_id).await
    }
}

/// A live change of a stock row.
#[derive(SimpleObject)]
pub struct StockLevelChange {
    /// The row after the change.
    stock_level: StockLevel,
    /// The movement that changed `onHand`, if one did (reorder-point or allocation changes
    /// have none).
    movement: Option<StockMovement>,
}

/// A manual stock adjustment.
#[derive(InputObject)]
pub struct AdjustStockInput {
    variant_id: ID,
    location_id: ID,
    /// Units added (positive) or removed (negative).
    delta: i64,
    /// `DAMAGE`, `LOSS`, `FOUND`, `CORRECTION`, `INITIAL` or `OTHER`.
    reason: MovementReason,
    #[graphql(default)]
    note: String,
    /// A repeat with the same key changes nothing and returns the row as the first left it.
    idempotency_key: Option<String>,
}

/// A reorder point for one row.
#[derive(InputObject)]
pub struct SetReorderPointInput {
    variant_id: ID,
    location_id: ID,
    /// `null` clears it.
    reorder_point: Option<i64>,
    reorder_quantity: Option<i64>,
}

/// The reconciliation check's answer.
#[derive(SimpleObject)]
pub struct StockReconciliation {
    /// Rows checked.
    rows_checked: u64,
    /// True when every row's `onHand` equals the sum of its movements and its `allocated`
    /// equals what open orders hold on it.
    balanced: bool,
    /// The rows that do not add up (none when balanced).
    mismatches: Vec<StockMismatch>,
}

/// A row whose `onHand` differs from its ledger, or whose `allocated` differs from what
/// open orders hold on it.
#[derive(SimpleObject)]
pub struct StockMismatch {
    variant_id: ID,
    location_id: ID,
    on_hand: i64,
    ledger_sum: i64,
    /// What the row says is allocated.
    allocated: i64,
    /// What the open order lines at its location hold of its variant.
    held_by_orders: i64,
}

fn variant_id(id: &ID) -> Result<Uuid, ApiError> {
    ids::decode(Kind::ProductVariant, id)
        .ok_or_else(|| ServiceError::NotFound("Product variant").into())
}

fn row_filter(location_ids: Option<Vec<ID>>, variant_ids: Option<Vec<ID>>) -> RowFilter {
    // Ids that are not of the right kind match nothing, like another tenant's ids.
    RowFilter {
        location_ids: location_ids.map(|ids| {
            ids.iter()
                .map(|id| ids::decode(Kind::Location, id).unwrap_or(Uuid::nil()))
                .collect()
        }),
        variant_ids: variant_ids.map(|ids| {
            ids.iter()
                .map(|id| ids::decode(Kind::ProductVariant, id).unwrap_or(Uuid::nil()))
                .collect()
        }),
    }
}

#[derive(Default)]
pub struct StockQuery;

#[Object]
impl StockQuery {
    /// Stock rows (variant × location), oldest row first. Rows appear once stock first
    /// moves there; a variant with no row at a location has nothing there.
    #[graphql(complexity = "paging::cost(first, child_complexity)")]
    async fn stock_levels(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        location_ids: Option<Vec<ID>>,
        variant_ids: Option<Vec<ID>>,
    ) -> Result<Page<StockLevel>> {
        let access = Arc::new(authorize(ctx, Need::STOCK_READ).await?);
        let limit = paging::page_size(first)?;
        let after = paging::decode_id(after.as_deref())?;
        let state = ctx.data_unchecked::<AppState>();
        let filter = row_filter(location_ids, variant_ids);
        let (rows, more) = inventory::levels(&state.db, &access, &filter, after, limit)
            .await
            .map_err(ApiError::from)?;
        Ok(paging::page(
            rows.into_iter()
                .map(|row| (row.id.to_string(), StockLevel::new(row, access.clone()))),
            after.is_some(),
            more,
        ))
    }

    /// One stock row.
    async fn stock_level(&self, ctx: &Context<'_>, id: ID) -> Result<StockLevel> {
        let access = Arc::new(authorize(ctx, Need::STOCK_READ).await?);
        let state = ctx.data_unchecked::<AppState>();
        let id = ids::decode(Kind::StockLevel, &id)
            .ok_or_else(|| ApiError::from(ServiceError::NotFound("Stock level")))?;
        let row = inventory::level(&state.db, &access, id)
            .await
            .map_err(ApiError::from)?;
        Ok(StockLevel::new(row, access))
    }

    /// The ledger, newest first.
    #[graphql(complexity = "paging::cost(first, child_complexity)")]
    async fn stock_movements(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        location_ids: Option<Vec<ID>>,
        variant_ids: Option<Vec<ID>>,
    ) -> Result<Page<StockMovement>> {
        let access = Arc::new(authorize(ctx, Need::STOCK_READ).await?);
        let limit = paging::page_size(first)?;
        let after = paging::decode_id(after.as_deref())?;
        let state = ctx.data_unchecked::<AppState>();
        let filter = row_filter(location_ids, variant_ids);
        let (rows, more) = inventory::movements(&state.db, &access, &filter, after, limit)
            .await
            .map_err(ApiError::from)?;
        Ok(paging::page(
            rows.into_iter()
                .map(|row| (row.id.to_string(), StockMovement::new(row, access.clone()))),
            after.is_some(),
            more,
        ))
    }

    /// Rows at or below their reorder point (`available + incoming ≤ reorderPoint`).
    #[graphql(complexity = "paging::cost(Some(first), child_complexity)")]
    async fn low_stock(
        &self,
        ctx: &Context<'_>,
        location_ids: Option<Vec<ID>>,
        #[graphql(default = 250)] first: i32,
    ) -> Result<Vec<StockLevel>> {
        let access = Arc::new(authorize(ctx, Need::STOCK_READ).await?);
        let limit = paging::page_size(Some(first))?;
        let state = ctx.data_unchecked::<AppState>();
        let filter = row_filter(location_ids, None);
        Ok(inventory::low_stock(&state.db, &access, &filter, limit)
            .await
            .map_err(ApiError::from)?
            .into_iter()
            .map(|row| StockLevel::new(row, access.clone()))
            .collect())
    }

    /// Proves that every row's `onHand` equals the sum of its movements.
    async fn stock_reconciliation(&self, ctx: &Context<'_>) -> Result<StockReconciliation> {
        let access = authorize(ctx, Need::STOCK_READ).await?;
        let state = ctx.data_unchecked::<AppState>();
        let result = inventory::reconcile(&state.db, access.tenant_id)
            .await
            .map_err(ApiError::from)?;
        Ok(StockReconciliation {
            rows_checked: result.rows_checked,
            balanced: result.mismatches.is_empty(),
            mismatches: result
                .mismatches
                .into_iter()
                .map(|m| StockMismatch {
                    variant_id: ids::encode(Kind::ProductVariant, m.key.variant_id),
                    location_id: ids::encode(Kind::Location, m.key.location_id),
                    on_hand: m.on_hand,
                    ledger_sum: m.ledger,
                    allocated: m.allocated,
                    held_by_orders: m.held,
                })
                .collect(),
        })
    }
}

#[derive(Default)]
pub struct StockMutation;

#[Object]
impl StockMutation {
    /// Adds or removes stock by hand, with a reason. Removing more than is on hand is
    /// `INSUFFICIENT_STOCK`.
    async fn adjust_stock(&self, ctx: &Context<'_>, input: AdjustStockInput) -> Result<StockLevel> {
        let access = Arc::new(authorize(ctx, Need::STOCK_WRITE).await?);
        let state = ctx.data_unchecked::<AppState>();
        let posted = inventory::adjust(
            &state.db,
            &access,
            Adjustment {
                variant_id: variant_id(&input.variant_id)?,
                location_id: location_id(&input.location_id)?,
                delta: input.delta,
                reason: input.reason,
                note: input.note,
            },
            input.idempotency_key.as_deref(),
        )
        .await
        .map_err(ApiError::from)?;
        Ok(StockLevel::new(posted.level, access))
    }

    /// Sets or clears a row's reorder point and quantity.
    async fn set_reorder_point(
        &self,
        ctx: &Context<'_>,
        input: SetReorderPointInput,
    ) -> Result<StockLevel> {
        let access = Arc::new(authorize(ctx, Need::STOCK_PLAN).await?);
        let state = ctx.data_unchecked::<AppState>();
        let row = inventory::set_reorder_point(
            &state.db,
            &access,
            RowKey {
                variant_id: variant_id(&input.variant_id)?,
                location_id: location_id(&input.location_id)?,
            },
            input.reorder_point,
            input.reorder_quantity,
        )
        .await
        .map_err(ApiError::from)?;
        Ok(StockLevel::new(row, access))
    }
}

#[derive(Default)]
pub struct StockSubscription;

#[Subscription]
impl StockSubscription {
    /// Every change of a stock row, from any replica, as it commits (optionally only some
    /// locations or variants), at least once and in order per row. To resume after a
    /// reconnect without missing a change: subscribe first, then read `stockLevels`, and
    /// apply a change only when its `stockLevel.version` is greater than the row's version
    /// you hold; a jump of more than one means a change of that row was missed, so re-read it.
    async fn stock_level_changed(
        &self,
        ctx: &Context<'_>,
        location_ids: Option<Vec<ID>>,
        variant_ids: Option<Vec<ID>>,
    ) -> Result<impl Stream<Item = StockLevelChange>> {
        let access = Arc::new(authorize(ctx, Need::STOCK_READ).await?);
        let filter = row_filter(location_ids, variant_ids);
        let bus = &ctx.data_unchecked::<AppState>().bus;
        Ok(
            BroadcastStream::new(bus.subscribe()).filter_map(move |item| {
                let access = access.clone();
                let filter = filter.clone();
                async move {
                    // A lagging subscriber skips what it missed (versions show the gap).
                    let event = item.ok()?;
                    let EventPayload::StockLevelChanged {
                        tenant_id,
                        level,
                        movement,
                    } = &event.payload
                    else {
                        return None;
                    };
                    let visible = *tenant_id == access.tenant_id
                        && access.locations.allows(level.location_id)
                        && filter
                            .location_ids
                            .as_ref()
                            .is_none_or(|ids| ids.contains(&level.location_id))
                        && filter
                            .variant_ids
                            .as_ref()
                            .is_none_or(|ids| ids.contains(&level.variant_id));
                    visible.then(|| StockLevelChange {
                        stock_level: StockLevel::new(level.clone(), access.clone()),
                        movement: movement
                            .as_deref()
                            .map(|m| StockMovement::new(m.clone(), access.clone())),
                    })
                }
            }),
        )
    }
}
