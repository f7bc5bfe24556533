//! Changing an open quote: its lines (repriced), dates, location, ship-to and note;
//! marking it sent; cancelling it. Editing a sent quote keeps it sent and says so in the
//! audit log. A converted or cancelled quote is a CONFLICT.

use kura_shared::QuoteStatus;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::{QuoteChanges, QuoteRecord, create, draft, read, write};
use crate::services::{
    ServiceError,
    access::Access,
    accounts::audit::AuditAction,
    idempotency::{self, Attempt, Stop},
    orders::draft::{self as order_draft, Document},
    text,
};
use crate::store::tenant::TenantTx;

/// Applies `changes` to an open quote. Changing nothing returns it as it is.
pub async fn update(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
    mut changes: QuoteChanges,
) -> Result<QuoteRecord, ServiceError> {
    if let Some(lines) = &changes.lines {
        order_draft::check_lines(Document::Quote, lines)?;
    }
    if let Some(note) = &changes.note {
        changes.note = Some(text::optional(note, create::MAX_NOTE, "note")?);
    }
    idempotency::retrying(
        db,
        access.tenant_id,
        &Update {
            access,
            id,
            changes,
        },
    )
    .await
}

struct Update<'a> {
    access: &'a Access,
    id: Uuid,
    changes: QuoteChanges,
}

impl Attempt for Update<'_> {
    type Output = QuoteRecord;

    async fn attempt(&self, tx: &TenantTx) -> Result<QuoteRecord, Stop> {
        let before = read::load(tx, self.access, self.id).await?;
        draft::check_open(&before, "edited")?;
        let changes = &self.changes;
        let today = read::today(tx).await?;
        let mut after = before.clone();
        let mut changed = Vec::new();
        if let Some(location) = changes.location_id
            && location != before.location_id
        {
            create::check_location(tx, self.access, location).await?;
            after.location_id = location;
            changed.push("location");
        }
        if let Some(date) = changes.expires_on
            && date != before.expires_on
        {
            after.expires_on = draft::expires_on(Some(date), today)?;
            changed.push("valid until");
        }
        if let Some(date) = changes.requested_date
            && date != before.requested_date
        {
            after.requested_date = date;
            changed.push("requested date");
        }
        if let Some(to) = &changes.ship_to
            && *to != before.ship_to
        {
            after.ship_to = to.clone();
            changed.push("ship-to");
        }
        if let Some(note) = &changes.note
            && *note != before.note
        {
            after.note = note.clone();
            changed.push("note");
        }
        if let Some(lines) = &changes.lines {
            let (_, priced) =
                create::price(tx, before.customer_id, before.prices_include_tax, lines).await?;
            after.lines = draft::line_rows(tx.tenant_id(), before.id, &priced)
                .into_iter()
                .map(draft::line_record)
                .collect();
            after.subtotal = priced.totals.subtotal().amount_minor;
            after.tax = priced.totals.tax().amount_minor;
            after.total = priced.totals.total().amount_minor;
            if after.lines != before.lines {
                changed.push("lines");
            }
        }
        if changed.is_empty() {
            return Ok(before);
        }
        after.status = after.stored_status.shown(today > after.expires_on);
        write::save(tx, &before, &mut after, write::now()).await?;
        let what = match before.stored_status {
            QuoteStatus::Sent => format!("edited after it was sent ({})", changed.join(", ")),
            _ => format!("edited ({})", changed.join(", ")),
        };
        write::announce(tx, self.access, &after, AuditAction::QuoteUpdated, &what).await?;
        Ok(after)
    }
}

/// Marks a quote sent to the customer (its PDF is `Quote.pdf`). Sending it again after an
/// edit records the new sending; a repeat with nothing changed since returns it as it is.
/// An expired quote needs a new date first (CONFLICT).
pub async fn send(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
) -> Result<QuoteRecord, ServiceError> {
    let command = MarkSent {
        access,
        id,
        emailed_to: None,
    };
    idempotency::retrying(db, access.tenant_id, &command).await
}

/// [`send`] after Kura emailed the quote to `to`: always recorded, with the address.
pub(super) async fn emailed(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
    to: &str,
) -> Result<QuoteRecord, ServiceError> {
    let command = MarkSent {
        access,
        id,
        emailed_to: Some(to),
    };
    idempotency::retrying(db, access.tenant_id, &command).await
}

struct MarkSent<'a> {
    access: &'a Access,
    id: Uuid,
    emailed_to: Option<&'a str>,
}

impl Attempt for MarkSent<'_> {
    type Output = QuoteRecord;

    async fn attempt(&self, tx: &TenantTx) -> Result<QuoteRecord, Stop> {
        let before = read::load(tx, self.access, self.id).await?;
        draft::check_current(&before, "sent")?;
        if self.emailed_to.is_none()
            && before.status == QuoteStatus::Sent
            && before.sent_at == Some(before.updated_at)
        {
            return Ok(before);
        }
        let now = write::now();
        let mut after = before.clone();
        after.stored_status = QuoteStatus::Sent;
        after.status = QuoteStatus::Sent;
        after.sent_at = Some(now);
        write::save(tx, &before, &mut after, now).await?;
        let again = match before.stored_status {
            QuoteStatus::Sent => "sent again",
            _ => "sent",
        };
        let what = match self.emailed_to {
            Some(to) => format!("{again} by email to {to}"),
            None => again.to_owned(),
        };
        write::announce(tx, self.access, &after, AuditAction::QuoteSent, &what).await?;
        Ok(after)
    }
}

/// Cancels an open quote. Cancelling a cancelled quote returns it; a converted one is a
/// CONFLICT (cancel its order instead).
pub async fn cancel(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
    reason: Option<&str>,
) -> Result<QuoteRecord, ServiceError> {
    let reason = text::optional(reason.unwrap_or_default(), 500, "reason")?;
    let command = Cancel {
        access,
        id,
        reason: (!reason.is_empty()).then_some(reason),
    };
    idempotency::retrying(db, access.tenant_id, &command).await
}

struct Cancel<'a> {
    access: &'a Access,
    id: Uuid,
    reason: Option<String>,
}

impl Attempt for Cancel<'_> {
    type Output = QuoteRecord;

    async fn attempt(&self, tx: &TenantTx) -> Result<QuoteRecord, Stop> {
        let before = read::load(tx, self.access, self.id).await?;
        if before.status == QuoteStatus::Cancelled {
            return Ok(before);
        }
        draft::check_open(&before, "cancelled")?;
        let now = write::now();
        let mut after = before.clone();
        after.stored_status = QuoteStatus::Cancelled;
        after.status = QuoteStatus::Cancelled;
        after.cancelled_at = Some(now);
        after.cancel_reason = self.reason.clone();
        write::save(tx, &before, &mut after, now).await?;
        let what = match &self.reason {
            Some(reason) => format!("cancelled: {reason}"),
            None => "cancelled".to_owned(),
        };
        write::announce(tx, self.access, &after, AuditAction::QuoteCancelled, &what).await?;
        Ok(after)
    }
}
