//! Stock rows change only here, and only by atomic conditional updates
//! (`SET on_hand = on_hand + $d … WHERE <guard>`), never read-modify-write, in the same
//! transaction as the ledger entry that explains the change.
//!
//! Callers that touch several rows in one transaction must do so in [`RowKey`] order (the
//! derived `Ord`), so two concurrent multi-line operations always lock rows in the same
//! order and cannot deadlock.

use chrono::Utc;
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, QuerySelect, Statement,
    sea_query::{Expr, ExprTrait, OnConflict},
};
use uuid::Uuid;

use super::{
    entities::{stock_level, stock_movement},
    tenant::TenantTx,
};

/// One stock row: a variant at a location. Ordered by variant, then location.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RowKey {
    /// The variant.
    pub variant_id: Uuid,
    /// The location.
    pub location_id: Uuid,
}

/// How much each figure of a row changes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delta {
    /// Change of physical stock.
    pub on_hand: i64,
    /// Change of stock promised to orders.
    pub allocated: i64,
    /// Change of stock on its way in.
    pub incoming: i64,
}

/// What must still hold after the change, or the change does not happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guard {
    /// Nothing: facts that already happened (a POS sale, a count) are always recorded.
    None,
    /// `on_hand` stays ≥ 0.
    OnHand,
    /// `on_hand − allocated` stays ≥ 0: nothing promised is given away.
    Available,
}

/// Creates the row at zero if it does not exist yet (a no-op when it does).
pub async fn ensure(tx: &TenantTx, key: RowKey) -> Result<(), DbErr> {
    let now = Utc::now();
    let row = stock_level::ActiveModel {
        tenant_id: Set(tx.tenant_id()),
        variant_id: Set(key.variant_id),
        location_id: Set(key.location_id),
        id: Set(Uuid::now_v7()),
        on_hand: Set(0),
        allocated: Set(0),
        incoming: Set(0),
        version: Set(0),
        reorder_point: Set(None),
        reorder_quantity: Set(None),
        updated_at: Set(now),
    };
    stock_level::Entity::insert(row)
        .on_conflict_do_nothing_on([
            stock_level::Column::TenantId,
            stock_level::Column::VariantId,
            stock_level::Column::LocationId,
        ])
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// Applies `delta` to the row if `guard` still holds afterwards, bumping its version.
/// Returns the row as changed, or `None` when the guard refused (nothing changed).
pub async fn apply(
    tx: &TenantTx,
    key: RowKey,
    delta: Delta,
    guard: Guard,
) -> Result<Option<stock_level::Model>, DbErr> {
    ensure(tx, key).await?;
    update(tx, key, delta, guard).await
}

/// [`apply`] for several changes, given in [`RowKey`] order: the rows as changed, in that
/// order, or the first change whose guard refused (nothing is undone: the caller's
/// transaction rolls back). On PostgreSQL, two or more distinct rows take three statements
/// whatever their number — lock them all in key order (creating missing ones), check every
/// guard against what is locked, update them all at once — instead of two per row. SQLite
/// runs in-process, where a statement costs no round trip, so it goes row by row, as does a
/// change list that names a row twice (each change must see the one before it).
pub async fn apply_all(
    tx: &TenantTx,
    changes: &[(RowKey, Delta, Guard)],
) -> Result<Result<Vec<stock_level::Model>, (RowKey, Guard)>, DbErr> {
    let distinct = changes.windows(2).all(|pair| pair[0].0 < pair[1].0);
    if tx.backend() != DbBackend::Postgres || changes.len() < 2 || !distinct {
        let mut rows = Vec::with_capacity(changes.len());
        for (key, delta, guard) in changes {
            match apply(tx, *key, *delta, *guard).await? {
                Some(row) => rows.push(row),
                None => return Ok(Err((*key, *guard))),
            }
        }
        return Ok(Ok(rows));
    }
    let keys: Vec<RowKey> = changes.iter().map(|(key, _, _)| *key).collect();
    let locked = lock_rows(tx, &keys).await?;
    for ((key, delta, guard), row) in changes.iter().zip(&locked) {
        if !holds(row, *delta, *guard) {
            return Ok(Err((*key, *guard)));
        }
    }
    let deltas: Vec<(RowKey, Delta)> = changes
        .iter()
        .map(|(key, delta, _)| (*key, *delta))
        .collect();
    Ok(Ok(apply_many(tx, &deltas).await?))
}

/// Whether `guard` still holds on `row` once `delta` is applied.
fn holds(row: &stock_level::Model, delta: Delta, guard: Guard) -> bool {
    let on_hand = row.on_hand + delta.on_hand;
    match guard {
        Guard::None => true,
        Guard::OnHand => on_hand >= 0,
        Guard::Available => on_hand - (row.allocated + delta.allocated) >= 0,
    }
}

/// [`apply`] on a row known to exist.
async fn update(
    tx: &TenantTx,
    key: RowKey,
    delta: Delta,
    guard: Guard,
) -> Result<Option<stock_level::Model>, DbErr> {
    let on_hand = Expr::col(stock_level::Column::OnHand);
    let allocated = Expr::col(stock_level::Column::Allocated);
    let mut update = tx
        .update::<stock_level::Model>()
        .col_expr(
            stock_level::Column::OnHand,
            on_hand.clone().add(delta.on_hand),
        )
        .col_expr(
            stock_level::Column::Allocated,
            allocated.clone().add(delta.allocated),
        )
        .col_expr(
            stock_level::Column::Incoming,
            Expr::col(stock_level::Column::Incoming).add(delta.incoming),
        )
        .col_expr(
            stock_level::Column::Version,
            Expr::col(stock_level::Column::Version).add(1),
        )
        .col_expr(stock_level::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(stock_level::Column::VariantId.eq(key.variant_id))
        .filter(stock_level::Column::LocationId.eq(key.location_id));
    match guard {
        Guard::None => {}
        Guard::OnHand => {
            update = update.filter(
                Expr::col(stock_level::Column::OnHand)
                    .add(delta.on_hand)
                    .gte(0),
            );
        }
        Guard::Available => {
            update = update.filter(
                Expr::col(stock_level::Column::OnHand)
                    .add(delta.on_hand)
                    .sub(Expr::col(stock_level::Column::Allocated).add(delta.allocated))
                    .gte(0),
            );
        }
    }
    Ok(update
        .exec_with_returning(tx.conn())
        .await?
        .into_iter()
        .next())
}

/// The rows for `keys`, created at zero where missing and locked for the rest of the
/// transaction (PostgreSQL `FOR UPDATE`, in key order; SQLite's write transaction already
/// holds the database), in [`RowKey`] order. Two statements whatever the number of rows.
pub async fn lock_rows(tx: &TenantTx, keys: &[RowKey]) -> Result<Vec<stock_level::Model>, DbErr> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let now = Utc::now();
    let rows = keys.iter().map(|key| stock_level::ActiveModel {
        tenant_id: Set(tx.tenant_id()),
        variant_id: Set(key.variant_id),
        location_id: Set(key.location_id),
        id: Set(Uuid::now_v7()),
        on_hand: Set(0),
        allocated: Set(0),
        incoming: Set(0),
        version: Set(0),
        reorder_point: Set(None),
        reorder_quantity: Set(None),
        updated_at: Set(now),
    });
    stock_level::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::columns([
                stock_level::Column::TenantId,
                stock_level::Column::VariantId,
                stock_level::Column::LocationId,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(tx.conn())
        .await?;
    let mut select = tx
        .select::<stock_level::Model>()
        .filter(stock_level::Column::VariantId.is_in(keys.iter().map(|k| k.variant_id)))
        .filter(stock_level::Column::LocationId.is_in(keys.iter().map(|k| k.location_id)))
        .order_by_asc(stock_level::Column::VariantId)
        .order_by_asc(stock_level::Column::LocationId);
    if tx.backend() == DbBackend::Postgres {
        select = select.lock_exclusive();
    }
    let wanted: std::collections::BTreeSet<RowKey> = keys.iter().copied().collect();
    Ok(select
        .all(tx.conn())
        .await?
        .into_iter()
        .filter(|row| wanted.contains(&key_of(row)))
        .collect())
}

/// The key of a stock row.
pub fn key_of(row: &stock_level::Model) -> RowKey {
    RowKey {
        variant_id: row.variant_id,
        location_id: row.location_id,
    }
}

/// Applies each delta to its (existing, locked) row in one statement, bumping versions;
/// returns the rows as changed. For callers that worked out safe deltas under
/// [`lock_rows`], so no guard is needed.
pub async fn apply_many(
    tx: &TenantTx,
    changes: &[(RowKey, Delta)],
) -> Result<Vec<stock_level::Model>, DbErr> {
    if changes.is_empty() {
        return Ok(Vec::new());
    }
    let backend = tx.backend();
    if backend != DbBackend::Postgres {
        // SQLite runs in-process: a statement per row costs no round trip, so the one-statement
        // form below is PostgreSQL's only.
        let mut changed = Vec::with_capacity(changes.len());
        for (key, delta) in changes {
            changed.extend(update(tx, *key, *delta, Guard::None).await?);
        }
        return Ok(changed);
    }
    let mut values: Vec<sea_orm::Value> = vec![tx.tenant_id().into(), Utc::now().into()];
    let mut rows = Vec::with_capacity(changes.len());
    for (key, delta) in changes {
        let at = values.len();
        let p = |i: usize| placeholder(backend, at + i);
        let uuid = |i: usize| match backend {
            DbBackend::Postgres => format!("CAST({} AS uuid)", p(i)),
            _ => p(i),
        };
        rows.push(format!(
            "SELECT {} AS v_variant, {} AS v_location, {} AS d_on_hand, {} AS d_allocated, {} AS d_incoming",
            uuid(1),
            uuid(2),
            p(3),
            p(4),
            p(5)
        ));
        values.extend([
            key.variant_id.into(),
            key.location_id.into(),
            delta.on_hand.into(),
            delta.allocated.into(),
            delta.incoming.into(),
        ]);
    }
    let sql = format!(
        "UPDATE stock_levels SET on_hand = on_hand + v.d_on_hand, \
         allocated = allocated + v.d_allocated, incoming = incoming + v.d_incoming, \
         version = version + 1, updated_at = {now} \
         FROM ({rows}) AS v \
         WHERE tenant_id = {tenant} AND variant_id = v.v_variant AND location_id = v.v_location \
         RETURNING tenant_id, variant_id, location_id, id, on_hand, allocated, incoming, \
         version, reorder_point, reorder_quantity, updated_at",
        tenant = placeholder(backend, 1),
        now = placeholder(backend, 2),
        rows = rows.join(" UNION ALL "),
    );
    let mut changed =
        stock_level::Model::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
            .all(tx.conn())
            .await?;
    changed.sort_by_key(key_of);
    Ok(changed)
}

/// The `n`th (from 1) bind parameter in `backend`'s syntax.
fn placeholder(backend: DbBackend, n: usize) -> String {
    match backend {
        DbBackend::Postgres => format!("${n}"),
        _ => "?".to_owned(),
    }
}

/// Sets a row's reorder point and quantity (creating the row at zero if needed).
pub async fn set_reorder(
    tx: &TenantTx,
    key: RowKey,
    point: Option<i64>,
    quantity: Option<i64>,
) -> Result<stock_level::Model, DbErr> {
    ensure(tx, key).await?;
    tx.update::<stock_level::Model>()
        .col_expr(stock_level::Column::ReorderPoint, Expr::value(point))
        .col_expr(stock_level::Column::ReorderQuantity, Expr::value(quantity))
        .col_expr(
            stock_level::Column::Version,
            Expr::col(stock_level::Column::Version).add(1),
        )
        .col_expr(stock_level::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(stock_level::Column::VariantId.eq(key.variant_id))
        .filter(stock_level::Column::LocationId.eq(key.location_id))
        .exec_with_returning(tx.conn())
        .await?
        .into_iter()
        .next()
        .ok_or(DbErr::RecordNotUpdated)
}

/// A row whose `on_hand` differs from the sum of its movements, or whose `allocated`
/// differs from what open orders hold on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// The row.
    pub key: RowKey,
    /// What the row says is on hand.
    pub on_hand: i64,
    /// What the ledger adds up to.
    pub ledger: i64,
    /// What the row says is allocated.
    pub allocated: i64,
    /// What the open order lines at its location hold of its variant.
    pub held: i64,
}

/// Every row of the tenant that does not add up (none, when the books are right): `on_hand`
/// against the sum of its movements, `allocated` against the order lines holding it; and
/// how many rows were checked.
pub async fn reconcile(tx: &TenantTx) -> Result<(u64, Vec<Mismatch>), DbErr> {
    let backend = tx.backend();
    let tenant = |n: usize| placeholder(backend, n);
    let sql = format!(
        "SELECT l.variant_id, l.location_id, l.on_hand, l.allocated, \
           CAST(COALESCE(m.total, 0) AS BIGINT) AS ledger, CAST(COALESCE(h.held, 0) AS BIGINT) AS held \
         FROM stock_levels l LEFT JOIN ( \
           SELECT variant_id, location_id, SUM(delta) AS total FROM stock_movements \
           WHERE tenant_id = {first} GROUP BY variant_id, location_id \
         ) m ON m.variant_id = l.variant_id AND m.location_id = l.location_id \
         LEFT JOIN ( \
           SELECT ol.variant_id, o.location_id, SUM(ol.allocated) AS held \
           FROM order_lines ol JOIN orders o ON o.tenant_id = ol.tenant_id AND o.id = ol.order_id \
           WHERE ol.tenant_id = {second} GROUP BY ol.variant_id, o.location_id \
         ) h ON h.variant_id = l.variant_id AND h.location_id = l.location_id \
         WHERE l.tenant_id = {third}",
        first = tenant(1),
        second = tenant(2),
        third = tenant(3),
    );
    let id = tx.tenant_id();
    let rows = tx
        .conn()
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [id.into(), id.into(), id.into()],
        ))
        .await?;
    let checked = rows.len() as u64;
    let mut mismatches = Vec::new();
    for row in rows {
        let mismatch = Mismatch {
            key: RowKey {
                variant_id: row.try_get("", "variant_id")?,
                location_id: row.try_get("", "location_id")?,
            },
            on_hand: row.try_get("", "on_hand")?,
            ledger: row.try_get("", "ledger")?,
            allocated: row.try_get("", "allocated")?,
            held: row.try_get("", "held")?,
        };
        if mismatch.on_hand != mismatch.ledger || mismatch.allocated != mismatch.held {
            mismatches.push(mismatch);
        }
    }
    Ok((checked, mismatches))
}

/// Appends ledger entries, all in one statement.
pub async fn record_movements(
    tx: &TenantTx,
    movements: Vec<stock_movement::Model>,
) -> Result<(), DbErr> {
    if movements.is_empty() {
        return Ok(());
    }
    tx.insert_many(
        movements
            .into_iter()
            .map(stock_movement::ActiveModel::from)
            .collect(),
    )
    .await?;
    Ok(())
}

/// True when a location has (or had) stock: it may then only be archived, not deleted.
pub async fn location_has_history(tx: &TenantTx, location_id: Uuid) -> Result<bool, DbErr> {
    let any = tx
        .select::<stock_level::Model>()
        .filter(stock_level::Column::LocationId.eq(location_id))
        .one(tx.conn())
        .await?;
    Ok(any.is_some())
}
