//! Voiding a sale or return: it stops counting, its stock movements are reversed and its
//! points given or taken back.

use chrono::Utc;
use kura_shared::{MovementReason, SaleKind, SaleStatus};
use sea_orm::{
    ColumnTrait, DatabaseConnection, QueryFilter, QueryOrder,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use super::{
    read::load_record,
    write::{move_stock, take_points},
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
    store::tenant::{
        TenantTx,
        records::{sale, sale_line},
    },
};

/// Voids a sale or return: it stops counting, its stock movements are reversed and its
/// points given or taken back. A sale with returns against it cannot be voided (void the
/// returns first). Voiding a voided document returns it unchanged.
pub async fn void(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
    reason: &str,
) -> Result<SaleRecord, ServiceError> {
    let reason = text::required(reason, 500, "reason", "reason")?;
    let command = Void { access, id, reason };
    idempotency::retrying(db, access.tenant_id, &command).await
}

/// A document to void, and why.
struct Void<'a> {
    access: &'a Access,
    id: Uuid,
    reason: String,
}

impl idempotency::Attempt for Void<'_> {
    type Output = SaleRecord;

    async fn attempt(&self, tx: &TenantTx) -> Result<SaleRecord, Stop> {
        let record = load_record(tx, self.id).await?;
        self.access.locations.check(record.location_id)?;
        if record.status == SaleStatus::Voided {
            return Ok(record);
        }
        if record.lines.iter().any(|l| l.returned_quantity > 0) {
            return Err(ServiceError::Conflict {
                message: "Goods on this sale were returned: void the returns first".into(),
                field: None,
            }
            .into());
        }
        mark_voided(tx, self.id, &self.reason).await?;
        reverse(tx, &record).await?;
        let record = load_record(tx, self.id).await?;
        let reason = match record.kind {
            SaleKind::Sale => MovementReason::Sale,
            SaleKind::Return => MovementReason::Return,
        };
        Ok(move_stock(tx, self.access, record, reason, 1, "Void of")
            .await?
            .sale)
    }
}

/// Marks a COMPLETED document voided; [`Stop::Raced`] when a concurrent void got there
/// first (the next attempt finds it voided).
async fn mark_voided(tx: &TenantTx, id: Uuid, reason: &str) -> Result<(), Stop> {
    let changed = tx
        .update::<sale::Model>()
        .col_expr(
            sale::Column::Status,
            Expr::value(SaleStatus::Voided.as_str()),
        )
        .col_expr(sale::Column::VoidedAt, Expr::value(Utc::now()))
        .col_expr(sale::Column::VoidReason, Expr::value(reason.to_owned()))
        .filter(sale::Column::Id.eq(id))
        .filter(sale::Column::Status.eq(SaleStatus::Completed.as_str()))
        .exec(tx.conn())
        .await?;
    if changed.rows_affected == 0 {
        return Err(Stop::Raced);
    }
    Ok(())
}

/// Gives a voided return's units back to its sale's lines, and the document's points back
/// to (or from) its customer.
async fn reverse(tx: &TenantTx, record: &SaleRecord) -> Result<(), ServiceError> {
    if let Some(original) = record.original_sale_id {
        for line in &record.lines {
            // A return's lines are numbered afresh; give the units back to the sale's
            // lines of the same variant.
            give_back_returned(tx, original, line.variant_id, -line.quantity).await?;
        }
    }
    let Some(customer) = record.customer_id else {
        return Ok(());
    };
    let reversed = PointsReason::Reversed;
    customers::move_points(
        tx,
        customer,
        Some(record.id),
        record.points_redeemed,
        reversed,
    )
    .await?;
    if record.points_earned > 0 {
        take_points(tx, customer, record.id, record.points_earned).await
    } else {
        customers::move_points(
            tx,
            customer,
            Some(record.id),
            -record.points_earned,
            reversed,
        )
        .await
    }
}

async fn give_back_returned(
    tx: &TenantTx,
    sale_id: Uuid,
    variant_id: Uuid,
    mut units: i64,
) -> Result<(), ServiceError> {
    let lines = tx
        .select::<sale_line::Model>()
        .filter(sale_line::Column::SaleId.eq(sale_id))
        .filter(sale_line::Column::VariantId.eq(variant_id))
        .filter(sale_line::Column::ReturnedQuantity.gt(0))
        .order_by_asc(sale_line::Column::LineNo)
        .all(tx.conn())
        .await?;
    for line in lines {
        if units <= 0 {
            break;
        }
        let back = std::cmp::min(units, line.returned_quantity);
        tx.update::<sale_line::Model>()
            .col_expr(
                sale_line::Column::ReturnedQuantity,
                Expr::col(sale_line::Column::ReturnedQuantity).sub(back),
            )
            .filter(sale_line::Column::SaleId.eq(sale_id))
            .filter(sale_line::Column::LineNo.eq(line.line_no))
            .exec(tx.conn())
            .await?;
        units -= back;
    }
    Ok(())
}
