//! Replenishment suggestions: for every row at or below its reorder point, how many units
//! to bring in and from where.
//!
//! The rule, per row (variant × location) with `available + incoming ≤ reorderPoint`:
//!
//! * `short    = reorderPoint − (available + incoming) + 1` — enough to lift the row just
//!   above its reorder point;
//! * `base     = max(reorderQuantity, short)` (a missing reorder quantity counts as 0);
//! * `demand   = ⌈units sold there in the last 28 days × 14 / 28⌉` — two weeks of sales at
//!   the recent pace (`SALE` movements), so a fast seller is topped up for the time the
//!   goods take to arrive and sell;
//! * `quantity = base + demand`.
//!
//! Source: another non-archived location (within the caller's reach) holding the variant
//! whose `available` exceeds its own reorder point (0 when it has none) by at least
//! `quantity` — the one with the most to spare — is suggested as a TRANSFER; otherwise BUY
//! from a supplier.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, Utc};
use kura_shared::MovementReason;
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use crate::services::{ServiceError, access::Access};
use crate::{
    events::StockLevelState,
    store::tenant::{
        TenantTx,
        records::{location, stock_level, stock_movement},
    },
};

/// The window of recent sales the pace is taken from.
pub const SALES_WINDOW_DAYS: i64 = 28;
/// How many days of sales at that pace are added.
pub const COVER_DAYS: i64 = 14;
/// Most rows considered in one call.
const MAX_ROWS: u64 = 1000;

/// Bring the goods from another location, or buy them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Transfer from `source`.
    Transfer,
    /// Order from a supplier.
    Buy,
}

/// One suggestion.
#[derive(Debug, Clone)]
pub struct Suggestion {
    /// The low row.
    pub level: StockLevelState,
    /// Units to bring in.
    pub quantity: i64,
    /// Units sold there in the last [`SALES_WINDOW_DAYS`] days.
    pub recent_sales: i64,
    /// What to do.
    pub action: Action,
    /// For a transfer: where from, and what it has available.
    pub source: Option<StockLevelState>,
}

/// `max(reorderQuantity, reorderPoint − (available + incoming) + 1) + ⌈sold × 14 / 28⌉`.
pub fn quantity(level: &StockLevelState, recent_sales: i64) -> i64 {
    let available = kura_shared::inventory::available(level.on_hand, level.allocated);
    let short = level
        .reorder_point
        .unwrap_or(0)
        .saturating_sub(available.saturating_add(level.incoming))
        .saturating_add(1);
    let base = std::cmp::max(std::cmp::max(level.reorder_quantity.unwrap_or(0), short), 1);
    let sold = std::cmp::max(recent_sales, 0);
    let demand = (sold * COVER_DAYS + SALES_WINDOW_DAYS - 1) / SALES_WINDOW_DAYS;
    base.saturating_add(demand)
}

/// Suggestions for the low rows of these locations (all within reach when `None`).
pub async fn suggestions(
    db: &DatabaseConnection,
    access: &Access,
    location_ids: Option<&[Uuid]>,
) -> Result<Vec<Suggestion>, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let places: BTreeMap<Uuid, location::Model> = tx
        .select::<location::Model>()
        .filter(location::Column::ArchivedAt.is_null())
        .all(tx.conn())
        .await?
        .into_iter()
        .filter(|l| access.locations.allows(l.id))
        .map(|l| (l.id, l))
        .collect();
    let targets: BTreeSet<Uuid> = places
        .keys()
        .copied()
        .filter(|id| location_ids.is_none_or(|wanted| wanted.contains(id)))
        .collect();
    if targets.is_empty() {
        tx.commit().await?;
        return Ok(Vec::new());
    }
    let low = tx
        .select::<stock_level::Model>()
        .filter(stock_level::Column::ReorderPoint.is_not_null())
        .filter(stock_level::Column::LocationId.is_in(targets.iter().copied()))
        .filter(
            Condition::all().add(
                Expr::col(stock_level::Column::OnHand)
                    .sub(Expr::col(stock_level::Column::Allocated))
                    .add(Expr::col(stock_level::Column::Incoming))
                    .lte(Expr::col(stock_level::Column::ReorderPoint)),
            ),
        )
        .order_by_asc(stock_level::Column::Id)
        .limit(MAX_ROWS)
        .all(tx.conn())
        .await?;
    if low.is_empty() {
        tx.commit().await?;
        return Ok(Vec::new());
    }
    let variants: BTreeSet<Uuid> = low.iter().map(|row| row.variant_id).collect();
    let since = Utc::now() - Duration::days(SALES_WINDOW_DAYS);
    let mut sold: BTreeMap<(Uuid, Uuid), i64> = BTreeMap::new();
    for movement in tx
        .select::<stock_movement::Model>()
        .filter(stock_movement::Column::Reason.eq(MovementReason::Sale))
        .filter(stock_movement::Column::VariantId.is_in(variants.iter().copied()))
        .filter(stock_movement::Column::CreatedAt.gte(since))
        .all(tx.conn())
        .await?
    {
        *sold
            .entry((movement.variant_id, movement.location_id))
            .or_insert(0) -= movement.delta;
    }
    let mut holders: BTreeMap<Uuid, Vec<stock_level::Model>> = BTreeMap::new();
    for row in tx
        .select::<stock_level::Model>()
        .filter(stock_level::Column::VariantId.is_in(variants.iter().copied()))
        .filter(stock_level::Column::LocationId.is_in(places.keys().copied()))
        .all(tx.conn())
        .await?
    {
        holders.entry(row.variant_id).or_default().push(row);
    }
    tx.commit().await?;
    let mut out = Vec::with_capacity(low.len());
    for row in low {
        let recent_sales = std::cmp::max(
            sold.get(&(row.variant_id, row.location_id))
                .copied()
                .unwrap_or(0),
            0,
        );
        let level = StockLevelState::from(row);
        let quantity = quantity(&level, recent_sales);
        let spare = |other: &stock_level::Model| {
            kura_shared::inventory::available(other.on_hand, other.allocated)
                - other.reorder_point.unwrap_or(0)
        };
        let source = holders
            .get(&level.variant_id)
            .into_iter()
            .flatten()
            .filter(|other| other.location_id != level.location_id && spare(other) >= quantity)
            .max_by_key(|other| (spare(other), std::cmp::Reverse(other.location_id)))
            .cloned()
            .map(StockLevelState::from);
        out.push(Suggestion {
            action: if source.is_some() {
                Action::Transfer
            } else {
                Action::Buy
            },
            source,
            quantity,
            recent_sales,
            level,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(on_hand: i64, incoming: i64, point: i64, quantity: Option<i64>) -> StockLevelState {
        StockLevelState {
            id: Uuid::nil(),
            variant_id: Uuid::nil(),
            location_id: Uuid::nil(),
            on_hand,
            allocated: 0,
            incoming,
            version: 0,
            reorder_point: Some(point),
            reorder_quantity: quantity,
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn the_quantity_lifts_the_row_above_its_point_and_covers_two_weeks_of_sales() {
        assert_eq!(quantity(&row(2, 0, 5, Some(10)), 0), 10);
        assert_eq!(quantity(&row(2, 0, 20, Some(10)), 0), 19);
        assert_eq!(quantity(&row(2, 3, 5, None), 0), 1);
        assert_eq!(quantity(&row(-4, 0, 5, None), 0), 10);
        assert_eq!(quantity(&row(2, 0, 5, Some(10)), 28), 24);
        assert_eq!(quantity(&row(2, 0, 5, Some(10)), 3), 12);
    }
}
