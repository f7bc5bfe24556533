//! The writes every sale document shares: its rows, its stock movements with the event
//! that announces it, and points taken back.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use kura_shared::{MovementReason, SaleStatus};
use uuid::Uuid;

use super::{Recorded, draft::Header, draft::Rows, read::load_record};
use crate::services::{
    ServiceError,
    access::Access,
    idempotency::{self, Stop},
    sales::customers::{self, PointsReason},
    stock::inventory::{self, Posting, Reference},
};
use crate::{
    events::{self, EventPayload, SaleChange, SaleRecord},
    store::{
        stock::{Delta, Guard, RowKey},
        tenant::{
            TenantTx,
            records::{sale, sale_line, sale_payment},
        },
    },
};

/// The header of a new document `id` recorded now by `access`'s actor.
pub(super) fn header(
    tx: &TenantTx,
    access: &Access,
    id: Uuid,
    (channel_id, location_id): (Option<Uuid>, Uuid),
    external_id: Option<String>,
    occurred_at: DateTime<Utc>,
    note: String,
) -> Header {
    Header {
        tenant_id: tx.tenant_id(),
        id,
        channel_id,
        location_id,
        external_id,
        occurred_at,
        note,
        actor_user_id: access.actor.user_id,
        actor_api_key: access.actor.api_key_prefix.clone(),
        created_at: Utc::now(),
    }
}

/// An earlier call's document, answered again as a replay.
pub(super) async fn replayed(tx: &TenantTx, earlier: Uuid) -> Result<Recorded, ServiceError> {
    Ok(Recorded {
        sale: load_record(tx, earlier).await?,
        oversold: Vec::new(),
        replayed: true,
    })
}

/// Inserts a drafted document: its head (which comes back as stored), then its lines and
/// its payments in one statement each. [`Stop::Raced`] when a concurrent call with the same
/// channel id inserted it first: the next attempt replays that one.
pub(super) async fn save(tx: &TenantTx, rows: Rows) -> Result<SaleRecord, Stop> {
    let head = tx
        .insert(reset(sale::ActiveModel::from(rows.head)))
        .await
        .map_err(idempotency::raced)?;
    if !rows.lines.is_empty() {
        tx.insert_many(
            rows.lines
                .iter()
                .map(|line| reset(sale_line::ActiveModel::from(line.clone())))
                .collect(),
        )
        .await?;
    }
    if !rows.payments.is_empty() {
        tx.insert_many(
            rows.payments
                .iter()
                .map(|payment| reset(sale_payment::ActiveModel::from(payment.clone())))
                .collect(),
        )
        .await?;
    }
    Ok(SaleRecord::from_rows(head, rows.lines, rows.payments))
}

/// A model turned into an active model is all `Unchanged`; an insert needs every value `Set`.
fn reset<A: sea_orm::ActiveModelTrait>(mut row: A) -> A {
    use sea_orm::Iterable;
    for column in <A::Entity as sea_orm::EntityTrait>::Column::iter() {
        if let Some(value) = row.get(column).into_value() {
            row.set(column, value);
        }
    }
    row
}

/// Posts the document's stock movements (`sign × quantity` per restocked line), announces
/// it, and reports the rows it left below zero.
pub(super) async fn move_stock(
    tx: &TenantTx,
    access: &Access,
    record: SaleRecord,
    reason: MovementReason,
    sign: i64,
    what: &str,
) -> Result<Recorded, ServiceError> {
    let postings = stock_postings(&record, reason, sign, &sale_note(&record, what));
    let posted = inventory::post(
        tx,
        access,
        postings,
        Some(Reference {
            kind: "SALE",
            id: record.id,
        }),
    )
    .await?;
    let change = if record.status == SaleStatus::Voided {
        SaleChange::Voided
    } else {
        SaleChange::Recorded
    };
    events::enqueue(
        tx,
        EventPayload::SaleChanged {
            tenant_id: tx.tenant_id(),
            sale: Box::new(record.clone()),
            change,
        },
    )
    .await?;
    Ok(Recorded {
        sale: record,
        oversold: posted
            .into_iter()
            .map(|p| p.level)
            .filter(|level| level.on_hand < 0)
            .collect(),
        replayed: false,
    })
}

fn sale_note(record: &SaleRecord, what: &str) -> String {
    match &record.external_id {
        Some(external) => format!("{what} {external}"),
        None => format!("{what} {}", short_number(record.id)),
    }
}

/// The receipt number Kura shows for a sale without a channel number: `R-` and the last
/// eight hex digits of its id (the random part of the UUIDv7).
pub fn short_number(id: Uuid) -> String {
    let hex = id.simple().to_string().to_uppercase();
    format!("R-{}", &hex[hex.len() - 8..])
}

/// One posting per variant on the document's restocked lines: `sign × quantity`.
fn stock_postings(
    record: &SaleRecord,
    reason: MovementReason,
    sign: i64,
    note: &str,
) -> Vec<Posting> {
    let mut per_variant: BTreeMap<Uuid, i64> = BTreeMap::new();
    for line in record.lines.iter().filter(|l| l.restock) {
        *per_variant.entry(line.variant_id).or_default() += line.quantity;
    }
    per_variant
        .into_iter()
        .filter(|(_, units)| *units != 0)
        .map(|(variant_id, units)| Posting {
            key: RowKey {
                variant_id,
                location_id: record.location_id,
            },
            delta: Delta {
                on_hand: sign * units,
                ..Delta::default()
            },
            guard: Guard::None,
            reason,
            note: note.to_owned(),
        })
        .collect()
}

/// Takes back up to `points` the customer earned; what they already spent stays spent.
pub(super) async fn take_points(
    tx: &TenantTx,
    customer: Uuid,
    sale_id: Uuid,
    points: i64,
) -> Result<(), ServiceError> {
    if points <= 0 {
        return Ok(());
    }
    let balance = customers::get_in(tx, customer).await?.points_balance;
    customers::move_points(
        tx,
        customer,
        Some(sale_id),
        -std::cmp::min(points, std::cmp::max(balance, 0)),
        PointsReason::Reversed,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipt_numbers_use_the_random_tail() {
        let id: Uuid = "0190a4c2-7b3e-7abc-8def-0123456789ab"
            .parse()
            .unwrap_or_default();
        assert_eq!(short_number(id), "R-456789AB");
    }
}
