//! Transfers between locations (店舗間移動): a DRAFT is planned, shipped (the source's
//! `onHand` drops, the destination's `incoming` rises: in transit), then received, in one
//! go or in parts; closing a receipt records what never arrived on its line.
//!
//! Every status change is a conditional update (`… WHERE status = 'DRAFT'`) in the same
//! transaction as its postings, so a shipment retried or sent twice posts once, and two
//! receipts of the same transfer serialise on its row.

use std::collections::BTreeMap;

use chrono::Utc;
use kura_shared::{MovementReason, TransferStatus, ValidationError};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, DatabaseConnection, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use crate::services::{
    ServiceError,
    access::Access,
    idempotency::{self, Stop},
    stock::inventory::{self, MAX_ADJUSTMENT, Posting, Reference},
    text,
};
use crate::store::{
    stock::{Delta, Guard, RowKey},
    tenant::{
        TenantTx,
        records::{transfer, transfer_line},
    },
};

/// Most lines on one transfer.
pub const MAX_LINES: usize = 500;
/// The ledger's reference kind.
pub const REFERENCE: &str = "TRANSFER";

/// A transfer with its lines (in variant order).
#[derive(Debug, Clone)]
pub struct TransferRecord {
    /// The transfer.
    pub transfer: transfer::Model,
    /// Its lines.
    pub lines: Vec<TransferLineRecord>,
}

/// One line of a transfer: what was sent, what arrived and what went missing.
pub type TransferLineRecord = transfer_line::Model;

/// A line as asked for: a variant and a quantity.
#[derive(Debug, Clone, Copy)]
pub struct LineInput {
    /// The variant.
    pub variant_id: Uuid,
    /// Units.
    pub quantity: i64,
}

/// A new transfer.
#[derive(Debug, Clone)]
pub struct NewTransfer {
    /// Where the goods leave.
    pub from_location_id: Uuid,
    /// Where they go.
    pub to_location_id: Uuid,
    /// What and how many.
    pub lines: Vec<LineInput>,
    /// Free text.
    pub note: String,
}

/// Changes to a draft; omitted parts stay.
#[derive(Debug, Clone, Default)]
pub struct TransferPatch {
    /// Replaces every line.
    pub lines: Option<Vec<LineInput>>,
    /// Replaces the note.
    pub note: Option<String>,
}

/// A receipt at the destination.
#[derive(Debug, Clone, Default)]
pub struct Receipt {
    /// Units arrived now, per variant (0 allowed, e.g. when only closing).
    pub lines: Vec<LineInput>,
    /// Close the transfer: what is still outstanding is recorded missing.
    pub close: bool,
    /// Why units are missing; required when closing with a shortfall.
    pub discrepancy_reason: Option<String>,
}

/// Which transfers to list.
#[derive(Debug, Clone, Default)]
pub struct TransferFilter {
    /// Only this status.
    pub status: Option<TransferStatus>,
    /// Only transfers from or to one of these locations.
    pub location_ids: Option<Vec<Uuid>>,
}

/// The next number of a per-company series: `PREFIX-000001`, `PREFIX-000002`, …
pub fn next_number(prefix: &str, last: Option<&str>) -> String {
    let last = last
        .and_then(|n| n.strip_prefix(prefix))
        .and_then(|n| n.strip_prefix('-'))
        .and_then(|n| n.parse::<u64>().ok())
        .unwrap_or(0);
    format!("{prefix}-{:06}", last + 1)
}

/// Merges lines of the same variant and checks every quantity (`1..=MAX_ADJUSTMENT` when
/// `positive`, else `0..=`).
fn merge_lines(
    lines: &[LineInput],
    positive: bool,
    need_one: bool,
) -> Result<BTreeMap<Uuid, i64>, ServiceError> {
    if need_one && lines.is_empty() {
        return Err(ValidationError::new("lines.empty", "Add at least one line")
            .with_field("lines")
            .into());
    }
    if lines.len() > MAX_LINES {
        return Err(
            ValidationError::new("lines.too_many", format!("At most {MAX_LINES} lines"))
                .with_field("lines")
                .into(),
        );
    }
    let least = i64::from(positive);
    let mut merged: BTreeMap<Uuid, i64> = BTreeMap::new();
    for line in lines {
        if !(least..=MAX_ADJUSTMENT).contains(&line.quantity) {
            return Err(ValidationError::new(
                "quantity.range",
                format!("Each quantity is between {least} and {MAX_ADJUSTMENT}"),
            )
            .with_field("quantity")
            .into());
        }
        let total = merged.entry(line.variant_id).or_insert(0);
        *total = total.saturating_add(line.quantity);
        if *total > MAX_ADJUSTMENT {
            return Err(ValidationError::new(
                "quantity.range",
                format!("At most {MAX_ADJUSTMENT} units of one variant"),
            )
            .with_field("quantity")
            .into());
        }
    }
    Ok(merged)
}

/// Fails unless both locations exist and are not archived.
async fn check_locations(tx: &TenantTx, ids: [Uuid; 2]) -> Result<(), ServiceError> {
    inventory::check_locations(tx, &ids.into_iter().collect()).await
}

async fn check_variants(tx: &TenantTx, lines: &BTreeMap<Uuid, i64>) -> Result<(), ServiceError> {
    inventory::check_variants(tx, &lines.keys().copied().collect()).await
}

async fn insert_lines(
    tx: &TenantTx,
    transfer_id: Uuid,
    lines: &BTreeMap<Uuid, i64>,
) -> Result<(), ServiceError> {
    for (variant_id, quantity) in lines {
        tx.insert(transfer_line::ActiveModel {
            tenant_id: Set(tx.tenant_id()),
            transfer_id: Set(transfer_id),
            variant_id: Set(*variant_id),
            quantity: Set(*quantity),
            received_quantity: Set(0),
            missing_quantity: Set(0),
            discrepancy_reason: Set(None),
        })
        .await?;
    }
    Ok(())
}

async fn load(tx: &TenantTx, id: Uuid) -> Result<Option<TransferRecord>, ServiceError> {
    let Some(transfer) = tx
        .select::<transfer::Model>()
        .filter(transfer::Column::Id.eq(id))
        .one(tx.conn())
        .await?
    else {
        return Ok(None);
    };
    let lines = tx
        .select::<transfer_line::Model>()
        .filter(transfer_line::Column::TransferId.eq(id))
        .order_by_asc(transfer_line::Column::VariantId)
        .all(tx.conn())
        .await?;
    Ok(Some(TransferRecord { transfer, lines }))
}

/// The transfer if the caller may see it: one of its ends is within their reach.
fn visible(access: &Access, record: &transfer::Model) -> bool {
    access.locations.allows(record.from_location_id)
        || access.locations.allows(record.to_location_id)
}

async fn load_visible(
    tx: &TenantTx,
    access: &Access,
    id: Uuid,
) -> Result<TransferRecord, ServiceError> {
    load(tx, id)
        .await?
        .filter(|r| visible(access, &r.transfer))
        .ok_or(ServiceError::NotFound("Transfer"))
}

/// Moves the transfer from one of `from` to `to` if it is still there; `CONFLICT` (or
/// `NOT_FOUND`) otherwise. On PostgreSQL this also locks its row until commit.
async fn transition(
    tx: &TenantTx,
    access: &Access,
    id: Uuid,
    from: &[TransferStatus],
    to: TransferStatus,
    verb: &str,
) -> Result<TransferRecord, ServiceError> {
    let now = Utc::now();
    let mut update = tx
        .update::<transfer::Model>()
        .col_expr(transfer::Column::Status, Expr::value(to))
        .col_expr(transfer::Column::UpdatedAt, Expr::value(now))
        .filter(transfer::Column::Id.eq(id))
        .filter(transfer::Column::Status.is_in(from.iter().copied()));
    match to {
        TransferStatus::Shipped => {
            update = update.col_expr(transfer::Column::ShippedAt, Expr::value(now));
        }
        TransferStatus::Received => {
            update = update.col_expr(transfer::Column::ReceivedAt, Expr::value(now));
        }
        TransferStatus::Cancelled => {
            update = update.col_expr(transfer::Column::CancelledAt, Expr::value(now));
        }
        TransferStatus::Draft | TransferStatus::PartiallyReceived => {}
    }
    let changed = update.exec(tx.conn()).await?.rows_affected;
    let record = load_visible(tx, access, id).await?;
    if changed == 0 {
        return Err(ServiceError::Conflict {
            message: format!(
                "Transfer {} is {} and cannot be {verb}",
                record.transfer.number, record.transfer.status
            ),
            field: None,
        });
    }
    Ok(record)
}

/// Creates a DRAFT transfer numbered `TR-000001`, `TR-000002`, … per company. A repeat with
/// the same idempotency key returns the first transfer and creates nothing.
pub async fn create(
    db: &DatabaseConnection,
    access: &Access,
    input: NewTransfer,
    idempotency_key: Option<&str>,
) -> Result<TransferRecord, ServiceError> {
    let key = idempotency::Key::parse("createTransfer", idempotency_key)?;
    if input.from_location_id == input.to_location_id {
        return Err(ValidationError::new(
            "transfer.same_location",
            "A transfer goes to another location",
        )
        .with_field("toLocationId")
        .into());
    }
    let lines = merge_lines(&input.lines, true, true)?;
    let note = text::optional(&input.note, 1000, "note")?;
    access.locations.check(input.from_location_id)?;
    let command = CreateTransfer {
        access,
        input: &input,
        lines,
        note,
    };
    idempotency::once(db, access.tenant_id, key.as_ref(), &command).await
}

/// A checked DRAFT transfer to create.
struct CreateTransfer<'a> {
    access: &'a Access,
    input: &'a NewTransfer,
    lines: BTreeMap<Uuid, i64>,
    note: String,
}

impl idempotency::Command for CreateTransfer<'_> {
    type Answer = TransferRecord;

    async fn replay(&self, tx: &TenantTx, earlier: Uuid) -> Result<TransferRecord, ServiceError> {
        load(tx, earlier)
            .await?
            .ok_or_else(|| ServiceError::Internal("idempotent transfer missing".into()))
    }

    async fn run(&self, tx: &TenantTx) -> Result<(TransferRecord, Uuid), Stop> {
        let input = self.input;
        check_locations(tx, [input.from_location_id, input.to_location_id]).await?;
        check_variants(tx, &self.lines).await?;
        let id = insert_draft(tx, self.access, input, self.note.clone()).await?;
        insert_lines(tx, id, &self.lines).await?;
        let record = load(tx, id)
            .await?
            .ok_or_else(|| ServiceError::Internal("transfer vanished".into()))?;
        Ok((record, id))
    }
}

/// Inserts the transfer's head with the next number; [`Stop::Raced`] when a
/// concurrent create took that number.
async fn insert_draft(
    tx: &TenantTx,
    access: &Access,
    input: &NewTransfer,
    note: String,
) -> Result<Uuid, Stop> {
    let last = tx
        .select::<transfer::Model>()
        .order_by_desc(transfer::Column::Number)
        .one(tx.conn())
        .await?;
    let now = Utc::now();
    let id = Uuid::now_v7();
    tx.insert(transfer::ActiveModel {
        tenant_id: Set(tx.tenant_id()),
        id: Set(id),
        number: Set(next_number("TR", last.as_ref().map(|t| t.number.as_str()))),
        from_location_id: Set(input.from_location_id),
        to_location_id: Set(input.to_location_id),
        status: Set(TransferStatus::Draft),
        note: Set(note),
        created_by: Set(access.actor.user_id),
        created_at: Set(now),
        updated_at: Set(now),
        shipped_at: Set(None),
        received_at: Set(None),
        cancelled_at: Set(None),
    })
    .await
    .map_err(idempotency::raced)?;
    Ok(id)
}

/// Changes a DRAFT's lines or note.
pub async fn update(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
    patch: TransferPatch,
) -> Result<TransferRecord, ServiceError> {
    let lines = patch
        .lines
        .as_ref()
        .map(|lines| merge_lines(lines, true, true))
        .transpose()?;
    let note = patch
        .note
        .as_deref()
        .map(|n| text::optional(n, 1000, "note"))
        .transpose()?;
    let tx = TenantTx::write(db, access.tenant_id).await?;
    let record = transition(
        &tx,
        access,
        id,
        &[TransferStatus::Draft],
        TransferStatus::Draft,
        "changed",
    )
    .await?;
    access.locations.check(record.transfer.from_location_id)?;
    if let Some(note) = note {
        tx.update::<transfer::Model>()
            .col_expr(transfer::Column::Note, Expr::value(note))
            .filter(transfer::Column::Id.eq(id))
            .exec(tx.conn())
            .await?;
    }
    if let Some(lines) = lines {
        check_variants(&tx, &lines).await?;
        tx.delete::<transfer_line::Model>()
            .filter(transfer_line::Column::TransferId.eq(id))
            .exec(tx.conn())
            .await?;
        insert_lines(&tx, id, &lines).await?;
    }
    let record = load(&tx, id)
        .await?
        .ok_or(ServiceError::NotFound("Transfer"))?;
    tx.commit().await?;
    Ok(record)
}

/// Ships a DRAFT: each line leaves the source (`TRANSFER_OUT`, never below available) and
/// shows as `incoming` at the destination. All or nothing; a second ship is a `CONFLICT`.
pub async fn ship(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
) -> Result<TransferRecord, ServiceError> {
    let tx = TenantTx::write(db, access.tenant_id).await?;
    let record = transition(
        &tx,
        access,
        id,
        &[TransferStatus::Draft],
        TransferStatus::Shipped,
        "shipped",
    )
    .await?;
    let (from, to) = (
        record.transfer.from_location_id,
        record.transfer.to_location_id,
    );
    access.locations.check(from)?;
    check_locations(&tx, [from, to]).await?;
    let note = format!("Transfer {}", record.transfer.number);
    let mut postings = Vec::with_capacity(record.lines.len() * 2);
    for line in &record.lines {
        postings.push(Posting {
            key: RowKey {
                variant_id: line.variant_id,
                location_id: from,
            },
            delta: Delta {
                on_hand: -line.quantity,
                ..Delta::default()
            },
            guard: Guard::Available,
            reason: MovementReason::TransferOut,
            note: note.clone(),
        });
        postings.push(Posting {
            key: RowKey {
                variant_id: line.variant_id,
                location_id: to,
            },
            delta: Delta {
                incoming: line.quantity,
                ..Delta::default()
            },
            guard: Guard::None,
            reason: MovementReason::TransferIn,
            note: note.clone(),
        });
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
        .ok_or(ServiceError::NotFound("Transfer"))?;
    tx.commit().await?;
    Ok(record)
}

/// Receives (part of) a shipped transfer at its destination: `onHand` rises
/// (`TRANSFER_IN`) and `incoming` falls by what arrived. With `close`, or once everything
/// arrived, the transfer is RECEIVED; a shortfall is then recorded on its lines as missing
/// with the reason given, and leaves `incoming` too.
pub async fn receive(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
    receipt: Receipt,
) -> Result<TransferRecord, ServiceError> {
    let arrived = merge_lines(&receipt.lines, false, false)?;
    let reason = receipt
        .discrepancy_reason
        .as_deref()
        .map(|r| text::optional(r, 500, "discrepancyReason"))
        .transpose()?
        .filter(|r| !r.is_empty());
    let tx = TenantTx::write(db, access.tenant_id).await?;
    // Lock the transfer first (PostgreSQL), then read its lines: a concurrent receipt
    // waits here and then sees what this one received.
    let locked = transition(
        &tx,
        access,
        id,
        &[TransferStatus::Shipped, TransferStatus::PartiallyReceived],
        TransferStatus::PartiallyReceived,
        "received",
    )
    .await?;
    let to = locked.transfer.to_location_id;
    access.locations.check(to)?;
    let record = load(&tx, id)
        .await?
        .ok_or(ServiceError::NotFound("Transfer"))?;
    let plan = plan_receipt(&record.lines, &arrived, receipt.close, reason.is_some())?;
    let note = format!("Transfer {}", record.transfer.number);
    let mut postings = Vec::with_capacity(plan.lines.len());
    for line in &plan.lines {
        record_receipt(&tx, id, line, reason.as_deref()).await?;
        postings.push(Posting {
            key: RowKey {
                variant_id: line.variant_id,
                location_id: to,
            },
            delta: Delta {
                on_hand: line.arrived,
                incoming: -(line.arrived + line.missing),
                ..Delta::default()
            },
            guard: Guard::None,
            reason: MovementReason::TransferIn,
            note: note.clone(),
        });
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
    if plan.close {
        transition(
            &tx,
            access,
            id,
            &[TransferStatus::PartiallyReceived],
            TransferStatus::Received,
            "closed",
        )
        .await?;
    }
    let record = load(&tx, id)
        .await?
        .ok_or(ServiceError::NotFound("Transfer"))?;
    tx.commit().await?;
    Ok(record)
}

/// Cancels a DRAFT; anything later is a `CONFLICT` (stock has moved).
pub async fn cancel(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
) -> Result<TransferRecord, ServiceError> {
    let tx = TenantTx::write(db, access.tenant_id).await?;
    let record = transition(
        &tx,
        access,
        id,
        &[TransferStatus::Draft],
        TransferStatus::Cancelled,
        "cancelled",
    )
    .await?;
    access.locations.check(record.transfer.from_location_id)?;
    tx.commit().await?;
    Ok(record)
}

/// One transfer the caller may see.
pub async fn get(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
) -> Result<TransferRecord, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let record = load_visible(&tx, access, id).await?;
    tx.commit().await?;
    Ok(record)
}

/// A page of transfers, newest first, before the transfer `after`.
pub async fn list(
    db: &DatabaseConnection,
    access: &Access,
    filter: &TransferFilter,
    after: Option<Uuid>,
    limit: u64,
) -> Result<(Vec<TransferRecord>, bool), ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let mut query = tx
        .select::<transfer::Model>()
        .order_by_desc(transfer::Column::Id)
        .limit(limit + 1);
    if let Some(status) = filter.status {
        query = query.filter(transfer::Column::Status.eq(status));
    }
    let mut places: Option<Vec<Uuid>> = filter.location_ids.clone();
    if let Some(reach) = access.locations.limit() {
        places = Some(match places {
            None => reach.iter().copied().collect(),
            Some(ids) => ids.into_iter().filter(|id| reach.contains(id)).collect(),
        });
    }
    if let Some(ids) = places {
        query = query.filter(
            Condition::any()
                .add(transfer::Column::FromLocationId.is_in(ids.iter().copied()))
                .add(transfer::Column::ToLocationId.is_in(ids.iter().copied())),
        );
    }
    if let Some(after) = after {
        query = query.filter(transfer::Column::Id.lt(after));
    }
    let mut rows = query.all(tx.conn()).await?;
    let more = crate::services::trim_page(&mut rows, limit);
    let mut lines: BTreeMap<Uuid, Vec<transfer_line::Model>> = BTreeMap::new();
    if !rows.is_empty() {
        for line in tx
            .select::<transfer_line::Model>()
            .filter(transfer_line::Column::TransferId.is_in(rows.iter().map(|r| r.id)))
            .order_by_asc(transfer_line::Column::VariantId)
            .all(tx.conn())
            .await?
        {
            lines.entry(line.transfer_id).or_default().push(line);
        }
    }
    tx.commit().await?;
    Ok((
        rows.into_iter()
            .map(|transfer| TransferRecord {
                lines: lines.remove(&transfer.id).unwrap_or_default(),
                transfer,
            })
            .collect(),
        more,
    ))
}

/// What a receipt does to a transfer's lines, worked out before anything is written.
#[derive(Debug, PartialEq, Eq)]
struct ReceiptPlan {
    /// Whether the transfer closes: asked for, or nothing is left outstanding.
    close: bool,
    /// The lines that change.
    lines: Vec<LineReceipt>,
}

/// One line's change.
#[derive(Debug, PartialEq, Eq)]
struct LineReceipt {
    variant_id: Uuid,
    /// Units that arrived now.
    arrived: i64,
    /// Units written off as missing (only when the transfer closes short).
    missing: i64,
}

/// Checks `arrived` (units per variant) against the lines' outstanding units and plans
/// the receipt: every received variant must be on the transfer and within what is still
/// outstanding; a receipt that neither receives nor closes is refused, and closing short
/// needs a reason (`has_reason`).
fn plan_receipt(
    lines: &[transfer_line::Model],
    arrived: &BTreeMap<Uuid, i64>,
    close_asked: bool,
    has_reason: bool,
) -> Result<ReceiptPlan, ServiceError> {
    let outstanding =
        |l: &transfer_line::Model| l.quantity - l.received_quantity - l.missing_quantity;
    for (variant_id, quantity) in arrived {
        let Some(line) = lines.iter().find(|l| l.variant_id == *variant_id) else {
            return Err(ValidationError::new(
                "transfer.line_unknown",
                "A received variant is not on this transfer",
            )
            .with_field("variantId")
            .into());
        };
        let left = outstanding(line);
        if *quantity > left {
            return Err(ValidationError::new(
                "transfer.over_receipt",
                format!("Only {left} units of a line are still outstanding"),
            )
            .with_field("quantity")
            .into());
        }
    }
    let now_in = |l: &transfer_line::Model| arrived.get(&l.variant_id).copied().unwrap_or(0);
    let complete = lines.iter().all(|l| now_in(l) == outstanding(l));
    let close = close_asked || complete;
    if !close && arrived.values().all(|q| *q == 0) {
        return Err(ValidationError::new(
            "transfer.nothing_received",
            "Receive at least one unit, or close the transfer",
        )
        .with_field("lines")
        .into());
    }
    if close && !complete && !has_reason {
        return Err(ValidationError::new(
            "transfer.discrepancy_reason",
            "Say why units are missing before closing with a shortfall",
        )
        .with_field("discrepancyReason")
        .into());
    }
    let lines = lines
        .iter()
        .map(|l| LineReceipt {
            variant_id: l.variant_id,
            arrived: now_in(l),
            missing: if close { outstanding(l) - now_in(l) } else { 0 },
        })
        .filter(|l| l.arrived != 0 || l.missing != 0)
        .collect();
    Ok(ReceiptPlan { close, lines })
}

/// Adds a line's received and missing units (with the reason, when units go missing).
async fn record_receipt(
    tx: &TenantTx,
    transfer_id: Uuid,
    line: &LineReceipt,
    reason: Option<&str>,
) -> Result<(), ServiceError> {
    let mut update = tx
        .update::<transfer_line::Model>()
        .col_expr(
            transfer_line::Column::ReceivedQuantity,
            Expr::col(transfer_line::Column::ReceivedQuantity).add(line.arrived),
        )
        .col_expr(
            transfer_line::Column::MissingQuantity,
            Expr::col(transfer_line::Column::MissingQuantity).add(line.missing),
        )
        .filter(transfer_line::Column::TransferId.eq(transfer_id))
        .filter(transfer_line::Column::VariantId.eq(line.variant_id));
    if line.missing > 0 {
        update = update.col_expr(
            transfer_line::Column::DiscrepancyReason,
            Expr::value(reason.map(str::to_owned)),
        );
    }
    update.exec(tx.conn()).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_last_one() {
        assert_eq!(next_number("TR", None), "TR-000001");
        assert_eq!(next_number("TR", Some("TR-000041")), "TR-000042");
        assert_eq!(next_number("SC", Some("garbage")), "SC-000001");
    }

    fn line(variant: u128, quantity: i64, received: i64, missing: i64) -> transfer_line::Model {
        transfer_line::Model {
            tenant_id: Uuid::nil(),
            transfer_id: Uuid::nil(),
            variant_id: Uuid::from_u128(variant),
            quantity,
            received_quantity: received,
            missing_quantity: missing,
            discrepancy_reason: None,
        }
    }

    fn arrived(pairs: &[(u128, i64)]) -> BTreeMap<Uuid, i64> {
        pairs
            .iter()
            .map(|(v, q)| (Uuid::from_u128(*v), *q))
            .collect()
    }

    fn code(err: ServiceError) -> String {
        match err {
            ServiceError::Validation(v) => v.code.to_owned(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn receiving_everything_outstanding_closes_the_transfer_without_being_asked() {
        let lines = [line(1, 5, 2, 0), line(2, 3, 0, 0)];
        let plan = plan_receipt(&lines, &arrived(&[(1, 3), (2, 3)]), false, false).unwrap();
        assert!(plan.close);
        assert_eq!(
            plan.lines,
            [
                LineReceipt {
                    variant_id: Uuid::from_u128(1),
                    arrived: 3,
                    missing: 0
                },
                LineReceipt {
                    variant_id: Uuid::from_u128(2),
                    arrived: 3,
                    missing: 0
                },
            ]
        );
    }

    #[test]
    fn a_partial_receipt_stays_open_and_touches_only_the_lines_that_arrived() {
        let lines = [line(1, 5, 0, 0), line(2, 3, 0, 0)];
        let plan = plan_receipt(&lines, &arrived(&[(1, 2)]), false, false).unwrap();
        assert!(!plan.close);
        assert_eq!(
            plan.lines,
            [LineReceipt {
                variant_id: Uuid::from_u128(1),
                arrived: 2,
                missing: 0
            }]
        );
    }

    #[test]
    fn closing_short_writes_off_what_is_left_and_needs_a_reason() {
        let lines = [line(1, 5, 1, 0), line(2, 3, 0, 0)];
        let wanted = arrived(&[(1, 2)]);
        assert_eq!(
            code(plan_receipt(&lines, &wanted, true, false).unwrap_err()),
            "transfer.discrepancy_reason"
        );
        let plan = plan_receipt(&lines, &wanted, true, true).unwrap();
        assert!(plan.close);
        assert_eq!(
            plan.lines,
            [
                LineReceipt {
                    variant_id: Uuid::from_u128(1),
                    arrived: 2,
                    missing: 2
                },
                LineReceipt {
                    variant_id: Uuid::from_u128(2),
                    arrived: 0,
                    missing: 3
                },
            ]
        );
    }

    #[test]
    fn unknown_variants_too_many_units_and_empty_receipts_are_refused() {
        let lines = [line(1, 5, 4, 0)];
        assert_eq!(
            code(plan_receipt(&lines, &arrived(&[(9, 1)]), false, false).unwrap_err()),
            "transfer.line_unknown"
        );
        assert_eq!(
            code(plan_receipt(&lines, &arrived(&[(1, 2)]), false, false).unwrap_err()),
            "transfer.over_receipt"
        );
        assert_eq!(
            code(plan_receipt(&lines, &arrived(&[(1, 0)]), false, false).unwrap_err()),
            "transfer.nothing_received"
        );
    }
}
