//! Taking goods back against an earlier sale: a RETURN document with negative quantities
//! and amounts.

use chrono::{DateTime, Utc};
use kura_shared::MovementReason;
use sea_orm::{
    ColumnTrait, DatabaseConnection, QueryFilter,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use super::{
    NewReturn, Recorded,
    draft::{Header, draft_return, too_many},
    input::{check_occurred, check_refunds, external_id, retry_key},
    read::load_record,
    write::{header, move_stock, replayed, save, take_points},
};
use crate::services::{
    ServiceError,
    access::Access,
    idempotency::{self, Stop},
    sales::customers::{self, PointsReason},
    text,
};
use crate::{
    events::SaleRecord,
    store::tenant::{TenantTx, records::sale_line},
};

/// Takes goods back against an earlier sale: a RETURN document with negative quantities
/// and amounts, the units back into stock when `restock`, the money refunded, and the
/// points the sale earned taken back in proportion.
pub async fn record_return(
    db: &DatabaseConnection,
    access: &Access,
    input: NewReturn,
) -> Result<Recorded, ServiceError> {
    check_refunds(&input)?;
    let external = external_id(input.external_id.as_deref())?;
    let key = idempotency::parse_key(input.idempotency_key.as_deref())?;
    let occurred_at = check_occurred(input.occurred_at)?;
    let note = text::optional(&input.note, 500, "note")?;
    let command = RecordReturn {
        access,
        input: &input,
        external,
        key,
        occurred_at,
        note,
    };
    idempotency::retrying(db, access.tenant_id, &command).await
}

/// A checked return to record.
struct RecordReturn<'a> {
    access: &'a Access,
    input: &'a NewReturn,
    external: Option<String>,
    key: Option<String>,
    occurred_at: DateTime<Utc>,
    note: String,
}

impl idempotency::Attempt for RecordReturn<'_> {
    type Output = Recorded;

    /// Reads the sale before the claim: a refund's channel id is unique within the sale's
    /// channel.
    async fn attempt(&self, tx: &TenantTx) -> Result<Recorded, Stop> {
        let original = load_record(tx, self.input.sale_id).await?;
        self.access.locations.check(original.location_id)?;
        let retry = retry_key(
            "recordReturn",
            original.channel_id,
            self.external.as_deref(),
            self.key.as_deref(),
        );
        let against = ReturnAgainst {
            command: self,
            original,
        };
        idempotency::once_in(tx, retry.as_ref(), &against).await
    }
}

/// A return against the sale it was read with.
struct ReturnAgainst<'a> {
    command: &'a RecordReturn<'a>,
    original: SaleRecord,
}

impl idempotency::Command for ReturnAgainst<'_> {
    type Answer = Recorded;

    async fn replay(&self, tx: &TenantTx, earlier: Uuid) -> Result<Recorded, ServiceError> {
        replayed(tx, earlier).await
    }

    /// Drafts the return, takes its units off the sale's lines, and writes it.
    async fn run(&self, tx: &TenantTx) -> Result<(Recorded, Uuid), Stop> {
        let (command, original) = (self.command, &self.original);
        let header = self.header(tx);
        let id = header.id;
        let draft = draft_return(header, original, command.input)?;
        for (line_no, units) in &draft.taken {
            take_back(tx, original.id, *line_no, *units).await?;
        }
        let record = save(tx, draft.rows).await?;
        if let Some(customer) = original.customer_id {
            let back = draft.points_back;
            customers::move_points(tx, customer, Some(id), back, PointsReason::Reversed).await?;
            take_points(tx, customer, id, draft.earned_back).await?;
        }
        let access = command.access;
        let recorded = move_stock(tx, access, record, MovementReason::Return, -1, "Return").await?;
        Ok((recorded, id))
    }
}

impl ReturnAgainst<'_> {
    /// The new return's header: at the sale's channel and location.
    fn header(&self, tx: &TenantTx) -> Header {
        let (command, original) = (self.command, &self.original);
        let place = (original.channel_id, original.location_id);
        let (external, note) = (command.external.clone(), command.note.clone());
        let id = Uuid::now_v7();
        header(
            tx,
            command.access,
            id,
            place,
            external,
            command.occurred_at,
            note,
        )
    }
}

/// Counts `units` of the sale's line as returned. Atomic: two concurrent returns cannot
/// take back more than was sold.
async fn take_back(
    tx: &TenantTx,
    sale_id: Uuid,
    line_no: i32,
    units: i64,
) -> Result<(), ServiceError> {
    let taken = tx
        .update::<sale_line::Model>()
        .col_expr(
            sale_line::Column::ReturnedQuantity,
            Expr::col(sale_line::Column::ReturnedQuantity).add(units),
        )
        .filter(sale_line::Column::SaleId.eq(sale_id))
        .filter(sale_line::Column::LineNo.eq(line_no))
        .filter(
            Expr::col(sale_line::Column::ReturnedQuantity)
                .add(units)
                .lte(Expr::col(sale_line::Column::Quantity)),
        )
        .exec(tx.conn())
        .await?;
    if taken.rows_affected == 0 {
        return Err(too_many(line_no));
    }
    Ok(())
}
