//! Stock counts (棚卸): open a count at a location (all of it, or some products), record
//! what is on the shelf line by line (a scanner may add one unit per scan), then finalize:
//! each line posts `counted − expected` as a `COUNT` movement, where `expected` is the
//! books' `onHand` at the moment the line was recorded. Sales rung up after a line was
//! counted therefore stay in the books instead of being overwritten by the count.

use std::collections::{BTreeMap, BTreeSet};

use chrono::Utc;
use kura_shared::{MovementReason, StockCountStatus, ValidationError};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, QueryFilter, QueryOrder, QuerySelect,
    sea_query::Expr,
};
use uuid::Uuid;

use crate::services::{
    ServiceError,
    access::Access,
    idempotency::{self, Stop},
    stock::inventory::{self, MAX_ADJUSTMENT, Posting, Reference},
    stock::transfers::{MAX_LINES, next_number},
    text,
};
use crate::store::{
    stock::{Delta, Guard, RowKey},
    tenant::{
        TenantTx,
        records::{location, product, product_variant, stock_count, stock_count_line, stock_level},
    },
};

/// The ledger's reference kind.
pub const REFERENCE: &str = "STOCK_COUNT";

/// A count with its lines (in variant order).
#[derive(Debug, Clone)]
pub struct StockCountRecord {
    /// The count.
    pub count: stock_count::Model,
    /// Its lines.
    pub lines: Vec<CountLineRecord>,
}

/// One counted variant: what was on the shelf against what the books said.
pub type CountLineRecord = stock_count_line::Model;

impl StockCountRecord {
    /// The products a partial count covers; empty = the whole location.
    pub fn product_ids(&self) -> Vec<Uuid> {
        product_ids(&self.count)
    }
}

fn product_ids(count: &stock_count::Model) -> Vec<Uuid> {
    crate::services::catalog::products::parse_json_list(&count.product_ids)
        .iter()
        .filter_map(|id| id.parse().ok())
        .collect()
}

/// A new count.
#[derive(Debug, Clone, Default)]
pub struct NewCount {
    /// Where.
    pub location_id: Uuid,
    /// Only these products; `None` or empty = everything at the location.
    pub product_ids: Option<Vec<Uuid>>,
    /// Free text.
    pub note: String,
}

/// How a counted quantity applies to its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountMode {
    /// Replace what the line says.
    Set,
    /// Add to it (a scanner sends 1 per scan; a negative number takes a mis-scan back).
    Add,
}

/// Which variant a counted line is for.
#[derive(Debug, Clone)]
pub enum Counted {
    /// By id.
    Variant(Uuid),
    /// By scanned barcode.
    Barcode(String),
}

/// One counted line.
#[derive(Debug, Clone)]
pub struct CountLine {
    /// The variant.
    pub what: Counted,
    /// Units.
    pub counted: i64,
    /// Set or add.
    pub mode: CountMode,
}

/// Which counts to list.
#[derive(Debug, Clone, Default)]
pub struct CountFilter {
    /// Only this status.
    pub status: Option<StockCountStatus>,
    /// Only this location.
    pub location_id: Option<Uuid>,
}

/// A variant the count covers that has no line yet, with the books' `onHand` now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Uncounted {
    /// The variant.
    pub variant_id: Uuid,
    /// `onHand` at the location now.
    pub on_hand: i64,
}

async fn load(tx: &TenantTx, id: Uuid) -> Result<Option<StockCountRecord>, ServiceError> {
    let Some(count) = tx
        .select::<stock_count::Model>()
        .filter(stock_count::Column::Id.eq(id))
        .one(tx.conn())
        .await?
    else {
        return Ok(None);
    };
    let lines = tx
        .select::<stock_count_line::Model>()
        .filter(stock_count_line::Column::CountId.eq(id))
        .order_by_asc(stock_count_line::Column::VariantId)
        .all(tx.conn())
        .await?;
    Ok(Some(StockCountRecord { count, lines }))
}

async fn load_visible(
    tx: &TenantTx,
    access: &Access,
    id: Uuid,
) -> Result<StockCountRecord, ServiceError> {
    load(tx, id)
        .await?
        .filter(|r| access.locations.allows(r.count.location_id))
        .ok_or(ServiceError::NotFound("Stock count"))
}

/// Moves an OPEN count to `to` (OPEN again just locks it); `CONFLICT` when it is no
/// longer open, `NOT_FOUND` when there is no such count for the caller.
async fn transition(
    tx: &TenantTx,
    access: &Access,
    id: Uuid,
    to: StockCountStatus,
    verb: &str,
) -> Result<StockCountRecord, ServiceError> {
    let now = Utc::now();
    let mut update = tx
        .update::<stock_count::Model>()
        .col_expr(stock_count::Column::Status, Expr::value(to))
        .col_expr(stock_count::Column::UpdatedAt, Expr::value(now))
        .filter(stock_count::Column::Id.eq(id))
        .filter(stock_count::Column::Status.eq(StockCountStatus::Open));
    if to == StockCountStatus::Finalized {
        update = update.col_expr(stock_count::Column::FinalizedAt, Expr::value(now));
    }
    let changed = update.exec(tx.conn()).await?.rows_affected;
    let record = load_visible(tx, access, id).await?;
    access.locations.check(record.count.location_id)?;
    if changed == 0 {
        return Err(ServiceError::Conflict {
            message: format!(
                "Stock count {} is {} and cannot be {verb}",
                record.count.number, record.count.status
            ),
            field: None,
        });
    }
    Ok(record)
}

/// Opens a count at a location, numbered `SC-000001`, … per company. A second open count
/// covering the same products at the same location is a `CONFLICT`: both would post.
pub async fn start(
    db: &DatabaseConnection,
    access: &Access,
    input: NewCount,
) -> Result<StockCountRecord, ServiceError> {
    let note = text::optional(&input.note, 1000, "note")?;
    let products: BTreeSet<Uuid> = input.product_ids.unwrap_or_default().into_iter().collect();
    if products.len() > MAX_LINES {
        return Err(ValidationError::new(
            "products.too_many",
            format!("At most {MAX_LINES} products per count"),
        )
        .with_field("productIds")
        .into());
    }
    access.locations.check(input.location_id)?;
    let command = StartCount {
        access,
        location_id: input.location_id,
        products,
        note,
    };
    idempotency::retrying(db, access.tenant_id, &command).await
}

/// A checked count to open.
struct StartCount<'a> {
    access: &'a Access,
    location_id: Uuid,
    products: BTreeSet<Uuid>,
    note: String,
}

impl idempotency::Attempt for StartCount<'_> {
    type Output = StockCountRecord;

    async fn attempt(&self, tx: &TenantTx) -> Result<StockCountRecord, Stop> {
        check_can_open(tx, self.location_id, &self.products).await?;
        let id = insert_count(tx, self).await?;
        Ok(load(tx, id)
            .await?
            .ok_or_else(|| ServiceError::Internal("count vanished".into()))?)
    }
}

/// Fails unless the location is there and not archived, the products exist, and no open
/// count at the location covers any of them.
async fn check_can_open(
    tx: &TenantTx,
    location_id: Uuid,
    products: &BTreeSet<Uuid>,
) -> Result<(), ServiceError> {
    let place = tx
        .select::<location::Model>()
        .filter(location::Column::Id.eq(location_id))
        .one(tx.conn())
        .await?
        .ok_or(ServiceError::NotFound("Location"))?;
    if place.archived_at.is_some() {
        return Err(ServiceError::Conflict {
            message: format!("The location {} is archived", place.code),
            field: Some("locationId"),
        });
    }
    if !products.is_empty() {
        let found = tx
            .select::<product::Model>()
            .filter(product::Column::Id.is_in(products.iter().copied()))
            .all(tx.conn())
            .await?;
        if found.len() != products.len() {
            return Err(ServiceError::NotFound("Product"));
        }
    }
    let open = tx
        .select::<stock_count::Model>()
        .filter(stock_count::Column::LocationId.eq(location_id))
        .filter(stock_count::Column::Status.eq(StockCountStatus::Open.as_str()))
        .all(tx.conn())
        .await?;
    if let Some(other) = open.iter().find(|other| {
        let theirs = product_ids(other);
        products.is_empty() || theirs.is_empty() || theirs.iter().any(|p| products.contains(p))
    }) {
        return Err(ServiceError::Conflict {
            message: format!(
                "Stock count {} is still open for these products at this location",
                other.number
            ),
            field: Some("locationId"),
        });
    }
    Ok(())
}

/// Inserts an OPEN count with the next number; [`Stop::Raced`] when a
/// concurrent start took that number.
async fn insert_count(tx: &TenantTx, count: &StartCount<'_>) -> Result<Uuid, Stop> {
    let last = tx
        .select::<stock_count::Model>()
        .order_by_desc(stock_count::Column::Number)
        .one(tx.conn())
        .await?;
    let now = Utc::now();
    let id = Uuid::now_v7();
    let list: Vec<String> = count.products.iter().map(Uuid::to_string).collect();
    tx.insert(stock_count::ActiveModel {
        tenant_id: Set(tx.tenant_id()),
        id: Set(id),
        number: Set(next_number("SC", last.as_ref().map(|c| c.number.as_str()))),
        location_id: Set(count.location_id),
        status: Set(StockCountStatus::Open),
        product_ids: Set(serde_json::to_string(&list).map_err(ServiceError::internal)?),
        note: Set(count.note.clone()),
        created_by: Set(count.access.actor.user_id),
        created_at: Set(now),
        updated_at: Set(now),
        finalized_at: Set(None),
    })
    .await
    .map_err(idempotency::raced)?;
    Ok(id)
}

async fn on_hand(tx: &TenantTx, key: RowKey) -> Result<i64, ServiceError> {
    Ok(tx
        .select::<stock_level::Model>()
        .filter(stock_level::Column::VariantId.eq(key.variant_id))
        .filter(stock_level::Column::LocationId.eq(key.location_id))
        .one(tx.conn())
        .await?
        .map_or(0, |row| row.on_hand))
}

/// Records counted quantities on an OPEN count. Each line's `expected` becomes the books'
/// `onHand` now. A repeat with the same idempotency key changes nothing.
pub async fn record(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
    lines: Vec<CountLine>,
    idempotency_key: Option<&str>,
) -> Result<StockCountRecord, ServiceError> {
    let key = idempotency::Key::parse("recordStockCount", idempotency_key)?;
    if lines.is_empty() || lines.len() > MAX_LINES {
        return Err(ValidationError::new(
            "lines.count",
            format!("Record 1 to {MAX_LINES} lines at a time"),
        )
        .with_field("lines")
        .into());
    }
    for line in &lines {
        let range = match line.mode {
            CountMode::Set => 0..=MAX_ADJUSTMENT,
            CountMode::Add => -MAX_ADJUSTMENT..=MAX_ADJUSTMENT,
        };
        if !range.contains(&line.counted) {
            return Err(ValidationError::new(
                "quantity.range",
                format!("A counted quantity is between 0 and {MAX_ADJUSTMENT}"),
            )
            .with_field("counted")
            .into());
        }
    }
    let command = RecordCount { access, id, lines };
    idempotency::once(db, access.tenant_id, key.as_ref(), &command).await
}

/// Checked counted lines to record on a count.
struct RecordCount<'a> {
    access: &'a Access,
    id: Uuid,
    lines: Vec<CountLine>,
}

impl idempotency::Command for RecordCount<'_> {
    type Answer = StockCountRecord;

    /// The count as it is now, whichever count the key was first used for.
    async fn replay(&self, tx: &TenantTx, _: Uuid) -> Result<StockCountRecord, ServiceError> {
        load_visible(tx, self.access, self.id).await
    }

    async fn run(&self, tx: &TenantTx) -> Result<(StockCountRecord, Uuid), Stop> {
        let record =
            transition(tx, self.access, self.id, StockCountStatus::Open, "counted").await?;
        record_lines(tx, &record, &self.lines).await?;
        let record = load(tx, self.id)
            .await?
            .ok_or(ServiceError::NotFound("Stock count"))?;
        Ok((record, self.id))
    }
}

/// Writes counted lines on an OPEN count, each with the books' `onHand` now as expected.
async fn record_lines(
    tx: &TenantTx,
    record: &StockCountRecord,
    lines: &[CountLine],
) -> Result<(), ServiceError> {
    let id = record.count.id;
    let location_id = record.count.location_id;
    let scope: BTreeSet<Uuid> = record.product_ids().into_iter().collect();
    let mut current: BTreeMap<Uuid, i64> = record
        .lines
        .iter()
        .map(|l| (l.variant_id, l.counted))
        .collect();
    for line in lines {
        let query = tx.select::<product_variant::Model>();
        let (query, field) = match &line.what {
            Counted::Variant(variant) => (
                query.filter(product_variant::Column::Id.eq(*variant)),
                "variantId",
            ),
            Counted::Barcode(code) => (
                query.filter(product_variant::Column::Barcode.eq(code.trim())),
                "barcode",
            ),
        };
        let variant = query
            .one(tx.conn())
            .await?
            .ok_or(ServiceError::NotFound("Product variant"))?;
        let before = current.get(&variant.id).copied();
        let counted = counted_quantity(&scope, &variant, field, before, line)?;
        let expected = on_hand(
            tx,
            RowKey {
                variant_id: variant.id,
                location_id,
            },
        )
        .await?;
        write_line(tx, id, variant.id, counted, expected, before.is_some()).await?;
        current.insert(variant.id, counted);
    }
    Ok(())
}

/// The quantity a counted line ends at (`before` is what the count had for the variant):
/// the variant must be among the count's products (`scope`, empty for a whole location) and
/// the result within 0 to [`MAX_ADJUSTMENT`].
fn counted_quantity(
    scope: &BTreeSet<Uuid>,
    variant: &product_variant::Model,
    field: &'static str,
    before: Option<i64>,
    line: &CountLine,
) -> Result<i64, ServiceError> {
    if !scope.is_empty() && !scope.contains(&variant.product_id) {
        return Err(ValidationError::new(
            "count.out_of_scope",
            format!("{} is not among the products of this count", variant.sku),
        )
        .with_field(field)
        .into());
    }
    let counted = match line.mode {
        CountMode::Set => line.counted,
        CountMode::Add => before.unwrap_or(0).saturating_add(line.counted),
    };
    if !(0..=MAX_ADJUSTMENT).contains(&counted) {
        return Err(ValidationError::new(
            "quantity.range",
            format!("A counted quantity is between 0 and {MAX_ADJUSTMENT}"),
        )
        .with_field("counted")
        .into());
    }
    Ok(counted)
}

/// Stores a variant's counted and expected units on the count: a new line, or the
/// existing one (`exists`) updated.
async fn write_line(
    tx: &TenantTx,
    count_id: Uuid,
    variant_id: Uuid,
    counted: i64,
    expected: i64,
    exists: bool,
) -> Result<(), ServiceError> {
    let now = Utc::now();
    if exists {
        tx.update::<stock_count_line::Model>()
            .col_expr(stock_count_line::Column::Counted, Expr::value(counted))
            .col_expr(stock_count_line::Column::Expected, Expr::value(expected))
            .col_expr(stock_count_line::Column::CountedAt, Expr::value(now))
            .filter(stock_count_line::Column::CountId.eq(count_id))
            .filter(stock_count_line::Column::VariantId.eq(variant_id))
            .exec(tx.conn())
            .await?;
    } else {
        tx.insert(stock_count_line::ActiveModel {
            tenant_id: Set(tx.tenant_id()),
            count_id: Set(count_id),
            variant_id: Set(variant_id),
            counted: Set(counted),
            expected: Set(expected),
            counted_at: Set(now),
        })
        .await?;
    }
    Ok(())
}

/// What the count covers but has no line for: for a partial count every (non-archived)
/// variant of its products; for a whole-location count every row there with stock.
async fn uncounted_in(tx: &TenantTx, record: &StockCountRecord) -> Result<Vec<Uuid>, ServiceError> {
    let counted: BTreeSet<Uuid> = record.lines.iter().map(|l| l.variant_id).collect();
    let scope = record.product_ids();
    let candidates: Vec<Uuid> = if scope.is_empty() {
        tx.select::<stock_level::Model>()
            .filter(stock_level::Column::LocationId.eq(record.count.location_id))
            .filter(stock_level::Column::OnHand.ne(0))
            .order_by_asc(stock_level::Column::VariantId)
            .all(tx.conn())
            .await?
            .into_iter()
            .map(|row| row.variant_id)
            .collect()
    } else {
        tx.select::<product_variant::Model>()
            .filter(product_variant::Column::ProductId.is_in(scope))
            .filter(product_variant::Column::ArchivedAt.is_null())
            .order_by_asc(product_variant::Column::Id)
            .all(tx.conn())
            .await?
            .into_iter()
            .map(|row| row.id)
            .collect()
    };
    Ok(candidates
        .into_iter()
        .filter(|v| !counted.contains(v))
        .collect())
}

/// The variants a count still lacks, with their `onHand` now.
pub async fn uncounted(
    db: &DatabaseConnection,
    access: &Access,
    record: &StockCountRecord,
) -> Result<Vec<Uncounted>, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let variants = uncounted_in(&tx, record).await?;
    let levels: BTreeMap<Uuid, i64> = if variants.is_empty() {
        BTreeMap::new()
    } else {
        tx.select::<stock_level::Model>()
            .filter(stock_level::Column::LocationId.eq(record.count.location_id))
            .filter(stock_level::Column::VariantId.is_in(variants.iter().copied()))
            .all(tx.conn())
            .await?
            .into_iter()
            .map(|row| (row.variant_id, row.on_hand))
            .collect()
    };
    tx.commit().await?;
    Ok(variants
        .into_iter()
        .map(|variant_id| Uncounted {
            variant_id,
            on_hand: levels.get(&variant_id).copied().unwrap_or(0),
        })
        .collect())
}

/// Finalizes an OPEN count in one transaction: each line posts `counted − expected`
/// (`COUNT`, never refused: the shelf is a fact). With `zero_uncounted`, what the count
/// covers but nobody counted is recorded as counted 0 and its `onHand` taken to zero.
pub async fn finalize(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
    zero_uncounted: bool,
) -> Result<StockCountRecord, ServiceError> {
    let tx = TenantTx::write(db, access.tenant_id).await?;
    let record = transition(&tx, access, id, StockCountStatus::Finalized, "finalized").await?;
    let location_id = record.count.location_id;
    let note = format!("Stock count {}", record.count.number);
    let mut postings = Vec::new();
    for line in &record.lines {
        let delta = line.counted - line.expected;
        if delta != 0 {
            postings.push(Posting {
                key: RowKey {
                    variant_id: line.variant_id,
                    location_id,
                },
                delta: Delta {
                    on_hand: delta,
                    ..Delta::default()
                },
                guard: Guard::None,
                reason: MovementReason::Count,
                note: note.clone(),
            });
        }
    }
    if zero_uncounted {
        for variant_id in uncounted_in(&tx, &record).await? {
            let key = RowKey {
                variant_id,
                location_id,
            };
            let expected = on_hand(&tx, key).await?;
            tx.insert(stock_count_line::ActiveModel {
                tenant_id: Set(tx.tenant_id()),
                count_id: Set(id),
                variant_id: Set(variant_id),
                counted: Set(0),
                expected: Set(expected),
                counted_at: Set(Utc::now()),
            })
            .await?;
            if expected != 0 {
                postings.push(Posting {
                    key,
                    delta: Delta {
                        on_hand: -expected,
                        ..Delta::default()
                    },
                    guard: Guard::None,
                    reason: MovementReason::Count,
                    note: note.clone(),
                });
            }
        }
    }
    inventory::post(
        &tx,
        access,
        postings,
        Some(Reference {
            kind: REFERENCE,
            id,
        }),
    )
    .await?;
    let record = load(&tx, id)
        .await?
        .ok_or(ServiceError::NotFound("Stock count"))?;
    tx.commit().await?;
    Ok(record)
}

/// Abandons an OPEN count; nothing is posted.
pub async fn cancel(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
) -> Result<StockCountRecord, ServiceError> {
    let tx = TenantTx::write(db, access.tenant_id).await?;
    transition(&tx, access, id, StockCountStatus::Cancelled, "cancelled").await?;
    let record = load(&tx, id)
        .await?
        .ok_or(ServiceError::NotFound("Stock count"))?;
    tx.commit().await?;
    Ok(record)
}

/// One count the caller may see.
pub async fn get(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
) -> Result<StockCountRecord, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let record = load_visible(&tx, access, id).await?;
    tx.commit().await?;
    Ok(record)
}

/// A page of counts, newest first, before the count `after`.
pub async fn list(
    db: &DatabaseConnection,
    access: &Access,
    filter: &CountFilter,
    after: Option<Uuid>,
    limit: u64,
) -> Result<(Vec<StockCountRecord>, bool), ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let mut query = tx
        .select::<stock_count::Model>()
        .order_by_desc(stock_count::Column::Id)
        .limit(limit + 1);
    if let Some(status) = filter.status {
        query = query.filter(stock_count::Column::Status.eq(status));
    }
    if let Some(location) = filter.location_id {
        query = query.filter(stock_count::Column::LocationId.eq(location));
    }
    if let Some(reach) = access.locations.limit() {
        query = query.filter(stock_count::Column::LocationId.is_in(reach.iter().copied()));
    }
    if let Some(after) = after {
        query = query.filter(stock_count::Column::Id.lt(after));
    }
    let mut rows = query.all(tx.conn()).await?;
    let more = crate::services::trim_page(&mut rows, limit);
    let mut lines: BTreeMap<Uuid, Vec<stock_count_line::Model>> = BTreeMap::new();
    if !rows.is_empty() {
        for line in tx
            .select::<stock_count_line::Model>()
            .filter(stock_count_line::Column::CountId.is_in(rows.iter().map(|r| r.id)))
            .order_by_asc(stock_count_line::Column::VariantId)
            .all(tx.conn())
            .await?
        {
            lines.entry(line.count_id).or_default().push(line);
        }
    }
    tx.commit().await?;
    Ok((
        rows.into_iter()
            .map(|count| StockCountRecord {
                lines: lines.remove(&count.id).unwrap_or_default(),
                count,
            })
            .collect(),
        more,
    ))
}
