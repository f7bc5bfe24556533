//! The stock ledger: levels per variant and location, append-only movements, manual
//! adjustments, reorder points and the reconciliation check.
//!
//! Every change goes through [`post`]: rows change by atomic conditional updates in
//! [`RowKey`] order (so concurrent multi-line operations cannot deadlock), each change of
//! `on_hand` appends a movement, and each changed row writes a `StockLevelChanged` event to
//! the outbox, all in the caller's transaction, as does the stock-sync job of every channel
//! that sells the changed rows (see [`crate::services::channels::stock_sync`]).

use std::collections::BTreeSet;

use chrono::{DateTime, SubsecRound, Utc};
use kura_shared::{MovementReason, ValidationError};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use crate::services::{
    ServiceError,
    access::Access,
    idempotency::{self, Stop},
    text,
};
use crate::{
    events::{self, EventPayload, MovementRecord, StockLevelState},
    store::{
        stock::{self, Delta, Guard},
        tenant::{
            TenantTx,
            records::{location, product_variant, stock_level, stock_movement},
        },
    },
};

/// One stock row, a variant at a location, as callers name it (for a reorder point, say).
pub type RowKey = stock::RowKey;

/// Largest single adjustment, to catch a barcode scanned into the quantity field.
pub const MAX_ADJUSTMENT: i64 = 1_000_000;

/// One row change within a command.
#[derive(Debug, Clone)]
pub struct Posting {
    /// The row.
    pub key: RowKey,
    /// How its figures change.
    pub delta: Delta,
    /// What must still hold afterwards.
    pub guard: Guard,
    /// Why `on_hand` changed (required when it does).
    pub reason: MovementReason,
    /// Free text for the ledger.
    pub note: String,
}

/// The document a posting belongs to, for the ledger's reference.
#[derive(Debug, Clone, Copy)]
pub struct Reference {
    /// `TRANSFER`, `STOCK_COUNT`, `SALE`, …
    pub kind: &'static str,
    /// The document's id.
    pub id: Uuid,
}

/// What a posting did to its row.
#[derive(Debug, Clone)]
pub struct Posted {
    /// The row afterwards.
    pub level: StockLevelState,
    /// The ledger entry, when `on_hand` moved.
    pub movement: Option<MovementRecord>,
}

fn insufficient(key: RowKey, guard: Guard) -> ServiceError {
    ServiceError::InsufficientStock {
        message: match guard {
            Guard::Available => "Not enough available stock at this location".into(),
            _ => "Not enough stock on hand at this location".into(),
        },
        variant_id: key.variant_id,
        location_id: key.location_id,
    }
}

/// Applies postings in row order inside `tx`, appending movements and outbox events.
pub async fn post(
    tx: &TenantTx,
    access: &Access,
    mut postings: Vec<Posting>,
    reference: Option<Reference>,
) -> Result<Vec<Posted>, ServiceError> {
    postings.sort_by_key(|p| p.key);
    // What a channel may sell is `available` (on hand less allocated): stock on its way in
    // changes nothing a channel shows, so it queues no push.
    let sellable_changed: Vec<RowKey> = postings
        .iter()
        .filter(|p| p.delta.on_hand != 0 || p.delta.allocated != 0)
        .map(|p| p.key)
        .collect();
    // Rows with more available than before: orders may be waiting for them.
    let risen: Vec<RowKey> = postings
        .iter()
        .filter(|p| p.delta.on_hand - p.delta.allocated > 0)
        .map(|p| p.key)
        .collect();
    let changes: Vec<_> = postings.iter().map(|p| (p.key, p.delta, p.guard)).collect();
    let rows = stock::apply_all(tx, &changes)
        .await?
        .map_err(|(key, guard)| insufficient(key, guard))?;
    // To the microsecond, as the database keeps it, so the event and the row agree.
    let now = Utc::now().trunc_subsecs(6);
    let mut movements = Vec::new();
    let mut done = Vec::with_capacity(postings.len());
    for (posting, row) in postings.into_iter().zip(rows) {
        let movement = (posting.delta.on_hand != 0).then(|| {
            Entry {
                tenant_id: tx.tenant_id(),
                access,
                reference,
                at: now,
            }
            .of(posting, &row)
        });
        let level = StockLevelState::from(row);
        let record = movement.clone().map(MovementRecord::from);
        events::enqueue(
            tx,
            EventPayload::StockLevelChanged {
                tenant_id: tx.tenant_id(),
                level: level.clone(),
                movement: record.clone().map(Box::new),
            },
        )
        .await?;
        movements.extend(movement);
        done.push(Posted {
            level,
            movement: record,
        });
    }
    stock::record_movements(tx, movements).await?;
    if !risen.is_empty() {
        // The caller answers with the rows as they are after the waiting orders took
        // their share, not as they were a moment before.
        // Stock an order let go of goes to the others waiting, not straight back to it.
        let releasing = reference.filter(|r| r.kind == "ORDER").map(|r| r.id);
        for level in
            crate::services::orders::backorders::fill(tx, access, &risen, releasing).await?
        {
            let same = |p: &&mut Posted| {
                p.level.variant_id == level.variant_id && p.level.location_id == level.location_id
            };
            if let Some(posted) = done.iter_mut().find(same) {
                posted.level = level;
            }
        }
    }
    // After every stock row and order, so job rows are always locked after them.
    crate::services::channels::stock_sync::enqueue_for_changes(tx, &sellable_changed).await?;
    Ok(done)
}

/// What every ledger entry of one posting run shares.
struct Entry<'a> {
    tenant_id: Uuid,
    access: &'a Access,
    reference: Option<Reference>,
    at: DateTime<Utc>,
}

impl Entry<'_> {
    /// The ledger entry of `posting`, which left its row as `row`.
    fn of(&self, posting: Posting, row: &stock_level::Model) -> stock_movement::Model {
        stock_movement::Model {
            tenant_id: self.tenant_id,
            id: Uuid::now_v7(),
            variant_id: posting.key.variant_id,
            location_id: posting.key.location_id,
            delta: posting.delta.on_hand,
            on_hand_after: row.on_hand,
            version: row.version,
            reason: posting.reason,
            note: posting.note,
            reference_type: self.reference.map(|r| r.kind.to_owned()),
            reference_id: self.reference.map(|r| r.id),
            actor_user_id: self.access.actor.user_id,
            actor_api_key: self.access.actor.api_key_prefix.clone(),
            created_at: self.at,
        }
    }
}

/// Fails unless every variant and location exists in the company (and the locations are
/// not archived and within the caller's reach).
pub async fn check_rows(
    tx: &TenantTx,
    access: &Access,
    variants: &BTreeSet<Uuid>,
    locations: &BTreeSet<Uuid>,
) -> Result<(), ServiceError> {
    for id in locations {
        access.locations.check(*id)?;
    }
    check_variants(tx, variants).await?;
    check_locations(tx, locations).await
}

/// Fails unless every variant exists in the company.
pub async fn check_variants(tx: &TenantTx, ids: &BTreeSet<Uuid>) -> Result<(), ServiceError> {
    let found = tx
        .select::<product_variant::Model>()
        .filter(product_variant::Column::Id.is_in(ids.iter().copied()))
        .all(tx.conn())
        .await?;
    if found.len() != ids.len() {
        return Err(ServiceError::NotFound("Product variant"));
    }
    Ok(())
}

/// Fails unless every location exists in the company and none is archived.
pub async fn check_locations(tx: &TenantTx, ids: &BTreeSet<Uuid>) -> Result<(), ServiceError> {
    let places = tx
        .select::<location::Model>()
        .filter(location::Column::Id.is_in(ids.iter().copied()))
        .all(tx.conn())
        .await?;
    if places.len() != ids.len() {
        return Err(ServiceError::NotFound("Location"));
    }
    if let Some(archived) = places.iter().find(|l| l.archived_at.is_some()) {
        return Err(ServiceError::Conflict {
            message: format!("The location {} is archived", archived.code),
            field: Some("locationId"),
        });
    }
    Ok(())
}

/// A manual change of on-hand stock.
#[derive(Debug, Clone)]
pub struct Adjustment {
    /// The variant.
    pub variant_id: Uuid,
    /// The location.
    pub location_id: Uuid,
    /// Units added (positive) or removed (negative); never zero.
    pub delta: i64,
    /// Why; one of [`MovementReason::MANUAL`].
    pub reason: MovementReason,
    /// Free text.
    pub note: String,
}

/// Adjusts stock. Removing more than is on hand is `INSUFFICIENT_STOCK`; a repeat with the
/// same `idempotency_key` returns the row as the first call left it and changes nothing.
pub async fn adjust(
    db: &DatabaseConnection,
    access: &Access,
    adjustment: Adjustment,
    idempotency_key: Option<&str>,
) -> Result<Posted, ServiceError> {
    let key = idempotency::Key::parse("adjustStock", idempotency_key)?;
    if adjustment.delta == 0 || adjustment.delta.unsigned_abs() > MAX_ADJUSTMENT.unsigned_abs() {
        return Err(ValidationError::new(
            "quantity.adjustment",
            format!("Adjust by a non-zero quantity of at most {MAX_ADJUSTMENT} units"),
        )
        .with_field("delta")
        .into());
    }
    if !adjustment.reason.is_manual() {
        return Err(ValidationError::new(
            "reason.not_manual",
            "This reason is posted by its documents (sales, transfers, counts), not by hand",
        )
        .with_field("reason")
        .into());
    }
    let note = text::optional(&adjustment.note, 500, "note")?;
    let command = Adjust {
        access,
        adjustment: &adjustment,
        note,
    };
    idempotency::once(db, access.tenant_id, key.as_ref(), &command).await
}

/// A checked adjustment to post.
struct Adjust<'a> {
    access: &'a Access,
    adjustment: &'a Adjustment,
    note: String,
}

impl idempotency::Command for Adjust<'_> {
    type Answer = Posted;

    async fn replay(&self, tx: &TenantTx, earlier: Uuid) -> Result<Posted, ServiceError> {
        replay(tx, earlier, self.adjustment).await
    }

    async fn run(&self, tx: &TenantTx) -> Result<(Posted, Uuid), Stop> {
        let posted = post_adjustment(tx, self.access, self.adjustment, self.note.clone()).await?;
        let movement = posted
            .movement
            .as_ref()
            .map(|m| m.id)
            .ok_or_else(|| ServiceError::Internal("adjustment moved nothing".into()))?;
        Ok((posted, movement))
    }
}

/// Posts one checked adjustment.
async fn post_adjustment(
    tx: &TenantTx,
    access: &Access,
    adjustment: &Adjustment,
    note: String,
) -> Result<Posted, ServiceError> {
    check_rows(
        tx,
        access,
        &BTreeSet::from([adjustment.variant_id]),
        &BTreeSet::from([adjustment.location_id]),
    )
    .await?;
    let row = RowKey {
        variant_id: adjustment.variant_id,
        location_id: adjustment.location_id,
    };
    let guard = if adjustment.delta < 0 {
        Guard::OnHand
    } else {
        Guard::None
    };
    let mut posted = post(
        tx,
        access,
        vec![Posting {
            key: row,
            delta: Delta {
                on_hand: adjustment.delta,
                ..Delta::default()
            },
            guard,
            reason: adjustment.reason,
            note,
        }],
        None,
    )
    .await?;
    posted
        .pop()
        .ok_or_else(|| ServiceError::Internal("posting returned nothing".into()))
}

/// The answer to a repeated adjustment: the first movement and its row now. A key reused
/// for a different adjustment is a `CONFLICT`, not a silent success.
async fn replay(tx: &TenantTx, id: Uuid, adjustment: &Adjustment) -> Result<Posted, ServiceError> {
    let movement = tx
        .select::<stock_movement::Model>()
        .filter(stock_movement::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .ok_or_else(|| ServiceError::internal("idempotent movement missing"))?;
    if movement.variant_id != adjustment.variant_id
        || movement.location_id != adjustment.location_id
        || movement.delta != adjustment.delta
    {
        return Err(ServiceError::Conflict {
            message: "This idempotency key was used for a different adjustment".into(),
            field: Some("idempotencyKey"),
        });
    }
    let level = tx
        .select::<stock_level::Model>()
        .filter(stock_level::Column::VariantId.eq(movement.variant_id))
        .filter(stock_level::Column::LocationId.eq(movement.location_id))
        .one(tx.conn())
        .await?
        .ok_or_else(|| ServiceError::internal("stock row missing"))?;
    Ok(Posted {
        level: level.into(),
        movement: Some(movement.into()),
    })
}

/// Which rows to list.
#[derive(Debug, Clone, Default)]
pub struct RowFilter {
    /// Only these locations.
    pub location_ids: Option<Vec<Uuid>>,
    /// Only these variants.
    pub variant_ids: Option<Vec<Uuid>>,
}

impl RowFilter {
    /// The locations to show: the filter within the caller's reach. `None` = all.
    fn locations(&self, access: &Access) -> Option<Vec<Uuid>> {
        access.locations.narrow(self.location_ids.as_deref())
    }
}

/// A page of stock rows in creation order, after the row `after`.
pub async fn levels(
    db: &DatabaseConnection,
    access: &Access,
    filter: &RowFilter,
    after: Option<Uuid>,
    limit: u64,
) -> Result<(Vec<StockLevelState>, bool), ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let mut query = tx
        .select::<stock_level::Model>()
        .order_by_asc(stock_level::Column::Id)
        .limit(limit + 1);
    if let Some(ids) = filter.locations(access) {
        query = query.filter(stock_level::Column::LocationId.is_in(ids));
    }
    if let Some(ids) = &filter.variant_ids {
        query = query.filter(stock_level::Column::VariantId.is_in(ids.iter().copied()));
    }
    if let Some(after) = after {
        query = query.filter(stock_level::Column::Id.gt(after));
    }
    let mut rows = query.all(tx.conn()).await?;
    tx.commit().await?;
    let more = crate::services::trim_page(&mut rows, limit);
    Ok((rows.into_iter().map(Into::into).collect(), more))
}

/// One stock row by id.
pub async fn level(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
) -> Result<StockLevelState, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let row = tx
        .select::<stock_level::Model>()
        .filter(stock_level::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .filter(|row| access.locations.allows(row.location_id))
        .ok_or(ServiceError::NotFound("Stock level"))?;
    tx.commit().await?;
    Ok(row.into())
}

/// A page of movements, newest first, before the movement `after`.
pub async fn movements(
    db: &DatabaseConnection,
    access: &Access,
    filter: &RowFilter,
    after: Option<Uuid>,
    limit: u64,
) -> Result<(Vec<MovementRecord>, bool), ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let mut query = tx
        .select::<stock_movement::Model>()
        .order_by_desc(stock_movement::Column::Id)
        .limit(limit + 1);
    if let Some(ids) = filter.locations(access) {
        query = query.filter(stock_movement::Column::LocationId.is_in(ids));
    }
    if let Some(ids) = &filter.variant_ids {
        query = query.filter(stock_movement::Column::VariantId.is_in(ids.iter().copied()));
    }
    if let Some(after) = after {
        query = query.filter(stock_movement::Column::Id.lt(after));
    }
    let mut rows = query.all(tx.conn()).await?;
    tx.commit().await?;
    let more = crate::services::trim_page(&mut rows, limit);
    Ok((rows.into_iter().map(MovementRecord::from).collect(), more))
}

/// One movement by id.
pub async fn movement(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
) -> Result<MovementRecord, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let row = tx
        .select::<stock_movement::Model>()
        .filter(stock_movement::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .filter(|row| access.locations.allows(row.location_id))
        .ok_or(ServiceError::NotFound("Stock movement"))?;
    tx.commit().await?;
    Ok(row.into())
}

/// The outcome of a reconciliation.
#[derive(Debug, Clone)]
pub struct Reconciliation {
    /// Rows checked.
    pub rows_checked: u64,
    /// Rows whose `on_hand` is not the sum of their movements (empty when all is well).
    pub mismatches: Vec<stock::Mismatch>,
}

/// Proves (or disproves) that every row's `on_hand` equals the sum of its movements and its
/// `allocated` what the open orders hold on it.
pub async fn reconcile(
    db: &DatabaseConnection,
    tenant_id: Uuid,
) -> Result<Reconciliation, ServiceError> {
    let tx = TenantTx::read(db, tenant_id).await?;
    let (rows_checked, mismatches) = stock::reconcile(&tx).await?;
    tx.commit().await?;
    Ok(Reconciliation {
        rows_checked,
        mismatches,
    })
}

/// Sets (or clears, with `None`) a row's reorder point and reorder quantity.
pub async fn set_reorder_point(
    db: &DatabaseConnection,
    access: &Access,
    key: RowKey,
    point: Option<i64>,
    quantity: Option<i64>,
) -> Result<StockLevelState, ServiceError> {
    for (value, field) in [(point, "reorderPoint"), (quantity, "reorderQuantity")] {
        if value.is_some_and(|v| !(0..=MAX_ADJUSTMENT).contains(&v)) {
            return Err(ValidationError::new(
                "quantity.range",
                format!("Between 0 and {MAX_ADJUSTMENT}"),
            )
            .with_field(field)
            .into());
        }
    }
    let tx = TenantTx::write(db, access.tenant_id).await?;
    check_rows(
        &tx,
        access,
        &BTreeSet::from([key.variant_id]),
        &BTreeSet::from([key.location_id]),
    )
    .await?;
    let row: StockLevelState = stock::set_reorder(&tx, key, point, quantity).await?.into();
    events::enqueue(
        &tx,
        EventPayload::StockLevelChanged {
            tenant_id: tx.tenant_id(),
            level: row.clone(),
            movement: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// Rows whose books say less than nothing on hand: a sale was recorded without stock (a
/// POS sale is a fact), so someone should count them. Most negative first.
pub async fn oversold(
    db: &DatabaseConnection,
    access: &Access,
    filter: &RowFilter,
    limit: u64,
) -> Result<Vec<StockLevelState>, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let mut query = tx
        .select::<stock_level::Model>()
        .filter(stock_level::Column::OnHand.lt(0))
        .order_by_asc(stock_level::Column::OnHand)
        .order_by_asc(stock_level::Column::Id)
        .limit(limit);
    if let Some(ids) = filter.locations(access) {
        query = query.filter(stock_level::Column::LocationId.is_in(ids));
    }
    let rows = query.all(tx.conn()).await?;
    tx.commit().await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// Rows at or below their reorder point (`available + incoming ≤ reorderPoint`).
pub async fn low_stock(
    db: &DatabaseConnection,
    access: &Access,
    filter: &RowFilter,
    limit: u64,
) -> Result<Vec<StockLevelState>, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let mut query = tx
        .select::<stock_level::Model>()
        .filter(stock_level::Column::ReorderPoint.is_not_null())
        .filter(
            Condition::all().add(
                Expr::col(stock_level::Column::OnHand)
                    .sub(Expr::col(stock_level::Column::Allocated))
                    .add(Expr::col(stock_level::Column::Incoming))
                    .lte(Expr::col(stock_level::Column::ReorderPoint)),
            ),
        )
        .order_by_asc(stock_level::Column::Id)
        .limit(limit);
    if let Some(ids) = filter.locations(access) {
        query = query.filter(stock_level::Column::LocationId.is_in(ids));
    }
    if let Some(ids) = &filter.variant_ids {
        query = query.filter(stock_level::Column::VariantId.is_in(ids.iter().copied()));
    }
    let rows = query.all(tx.conn()).await?;
    tx.commit().await?;
    Ok(rows.into_iter().map(Into::into).collect())
}
