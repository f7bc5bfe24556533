//! Voiding an invoice (無効): it stays on record as void, owes nothing, and what it billed is
//! billed again by the next closing (a correction is a credit note or a new invoice, never
//! an edit). A consolidated invoice can be voided only while it is the customer's latest,
//! since the next one brought its amount forward. Audited, and serialised with closing runs.

use chrono::Utc;
use kura_shared::{InvoiceKind, InvoiceStatus};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::{InvoiceRecord, closing::CLOSING_LOCK, payments, read};
use crate::services::{
    ServiceError,
    access::Access,
    accounts::audit::{self, AuditAction},
    text,
};
use crate::store::{
    counters,
    tenant::{
        TenantTx,
        records::{invoice, order_return, shipment},
    },
};

/// Voids invoice `id` for `reason` and returns it as it now stands.
pub async fn void(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
    reason: &str,
) -> Result<InvoiceRecord, ServiceError> {
    let reason = text::required(reason, 500, "reason", "reason")?;
    let tx = TenantTx::write(db, access.tenant_id).await?;
    counters::next(&tx, CLOSING_LOCK).await?;
    let head = tx
        .select::<invoice::Model>()
        .filter(invoice::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .ok_or(ServiceError::NotFound("Invoice"))?;
    voidable(&tx, &head).await?;
    tx.update::<invoice::Model>()
        .set(invoice::ActiveModel {
            status: Set(InvoiceStatus::Void),
            voided_at: Set(Some(Utc::now())),
            void_reason: Set(Some(reason.clone())),
            ..Default::default()
        })
        .filter(invoice::Column::Id.eq(id))
        .exec(tx.conn())
        .await?;
    release(&tx, id).await?;
    audit::record(
        tx.conn(),
        tx.tenant_id(),
        AuditAction::InvoiceVoided,
        &access.actor,
        &format!("{} voided: {reason}", head.number),
    )
    .await?;
    tx.commit().await?;
    read::get(db, access, id).await
}

/// Refuses what cannot be voided: a void invoice, one with payments applied, and a
/// consolidated invoice a later one brought forward.
async fn voidable(tx: &TenantTx, head: &invoice::Model) -> Result<(), ServiceError> {
    let id = head.id;
    if head.status == InvoiceStatus::Void {
        return Err(conflict(format!("{} is already void", head.number)));
    }
    if payments::paid_on(tx, &[id])
        .await?
        .get(&id)
        .is_some_and(|p| *p > 0)
    {
        return Err(conflict(format!(
            "Payments are applied to {}: it cannot be voided",
            head.number
        )));
    }
    if head.kind == InvoiceKind::Invoice && head.shipment_id.is_none() {
        let later = tx
            .select::<invoice::Model>()
            .select_only()
            .column(invoice::Column::Number)
            .filter(invoice::Column::CustomerId.eq(head.customer_id))
            .filter(invoice::Column::Kind.eq(InvoiceKind::Invoice))
            .filter(invoice::Column::Status.eq(InvoiceStatus::Issued))
            .filter(invoice::Column::ShipmentId.is_null())
            .filter(invoice::Column::Id.ne(id))
            .filter(invoice::Column::ClosingDate.gte(head.closing_date))
            .order_by_asc(invoice::Column::ClosingDate)
            .into_tuple::<String>()
            .one(tx.conn())
            .await?;
        if let Some(later) = later {
            return Err(conflict(format!(
                "{later} brought {}'s amount forward: void {later} first",
                head.number
            )));
        }
    }
    Ok(())
}

/// Makes what invoice `id` billed billable again (one statement per document kind).
async fn release(tx: &TenantTx, id: Uuid) -> Result<(), ServiceError> {
    tx.update::<shipment::Model>()
        .set(shipment::ActiveModel {
            invoice_id: Set(None),
            ..Default::default()
        })
        .filter(shipment::Column::InvoiceId.eq(id))
        .exec(tx.conn())
        .await?;
    tx.update::<order_return::Model>()
        .set(order_return::ActiveModel {
            invoice_id: Set(None),
            ..Default::default()
        })
        .filter(order_return::Column::InvoiceId.eq(id))
        .exec(tx.conn())
        .await?;
    Ok(())
}

fn conflict(message: String) -> ServiceError {
    ServiceError::Conflict {
        message,
        field: None,
    }
}
