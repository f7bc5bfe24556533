//! Reading quotes: one with its lines, a page of them, or the one an order came from,
//! within the caller's locations. Each read knows the company's today, so an open quote
//! past its date reads as `EXPIRED`.

use std::collections::BTreeMap;

use chrono::{NaiveDate, Utc};
use kura_shared::QuoteStatus;
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::{QuoteFilter, QuoteRecord, draft};
use crate::services::{ServiceError, access::Access, sales::summary::time_zone};
use crate::store::tenant::{
    TenantTx,
    records::{quote, quote_line},
};

/// Today in the company's calendar (its time zone).
pub async fn today(tx: &TenantTx) -> Result<NaiveDate, ServiceError> {
    let company = tx.company().await?;
    Ok(Utc::now()
        .with_timezone(&time_zone(&company.time_zone))
        .date_naive())
}

/// One quote, if it is the company's and within the caller's locations.
pub async fn get(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
) -> Result<QuoteRecord, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let record = load(&tx, access, id).await?;
    tx.commit().await?;
    Ok(record)
}

/// A quote with its lines, or not found when it is another company's or outside the
/// caller's locations.
pub async fn load(tx: &TenantTx, access: &Access, id: Uuid) -> Result<QuoteRecord, ServiceError> {
    let head = tx
        .select::<quote::Model>()
        .filter(quote::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .filter(|head| access.locations.allows(head.location_id))
        .ok_or(ServiceError::NotFound("Quote"))?;
    let today = today(tx).await?;
    Ok(with_lines(tx, vec![head], today).await?.remove(0))
}

/// The quote an order was converted from, if any (and if the caller may see it).
pub async fn for_order(
    db: &DatabaseConnection,
    access: &Access,
    order_id: Uuid,
) -> Result<Option<QuoteRecord>, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let head = tx
        .select::<quote::Model>()
        .filter(quote::Column::OrderId.eq(order_id))
        .one(tx.conn())
        .await?
        .filter(|head| access.locations.allows(head.location_id));
    let record = match head {
        Some(head) => {
            let today = today(&tx).await?;
            with_lines(&tx, vec![head], today).await?.pop()
        }
        None => None,
    };
    tx.commit().await?;
    Ok(record)
}

/// Up to `limit` quotes, newest first, after the quote `after`; and whether more follow.
pub async fn list(
    db: &DatabaseConnection,
    access: &Access,
    filter: &QuoteFilter,
    after: Option<Uuid>,
    limit: u64,
) -> Result<(Vec<QuoteRecord>, bool), ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let today = today(&tx).await?;
    let mut query = tx
        .select::<quote::Model>()
        .order_by_desc(quote::Column::Id)
        .limit(limit + 1);
    if let Some(ids) = access.locations.narrow(None) {
        query = query.filter(quote::Column::LocationId.is_in(ids));
    }
    if let Some(statuses) = &filter.statuses {
        query = query.filter(shown_as(statuses, today));
    }
    if let Some(customer) = filter.customer_id {
        query = query.filter(quote::Column::CustomerId.eq(customer));
    }
    if let Some(after) = after {
        query = query.filter(quote::Column::Id.lt(after));
    }
    let mut heads = query.all(tx.conn()).await?;
    let more = crate::services::trim_page(&mut heads, limit);
    let records = with_lines(&tx, heads, today).await?;
    tx.commit().await?;
    Ok((records, more))
}

/// Quotes shown in one of `statuses` on `today`: an open one is `EXPIRED` once its date has
/// passed, and `DRAFT` or `SENT` only until then.
fn shown_as(statuses: &[QuoteStatus], today: NaiveDate) -> Condition {
    statuses.iter().fold(Condition::any(), |any, status| {
        let stored = quote::Column::Status.is_in(status.stored().iter().copied());
        any.add(match status {
            QuoteStatus::Expired => Condition::all()
                .add(stored)
                .add(quote::Column::ExpiresOn.lt(today)),
            QuoteStatus::Draft | QuoteStatus::Sent => Condition::all()
                .add(stored)
                .add(quote::Column::ExpiresOn.gte(today)),
            QuoteStatus::Accepted | QuoteStatus::Cancelled => Condition::all().add(stored),
        })
    })
}

/// Quotes with their lines, one query for the lines of all of them.
async fn with_lines(
    tx: &TenantTx,
    heads: Vec<quote::Model>,
    today: NaiveDate,
) -> Result<Vec<QuoteRecord>, ServiceError> {
    let mut lines: BTreeMap<Uuid, Vec<quote_line::Model>> = BTreeMap::new();
    if !heads.is_empty() {
        for line in tx
            .select::<quote_line::Model>()
            .filter(quote_line::Column::QuoteId.is_in(heads.iter().map(|h| h.id)))
            .all(tx.conn())
            .await?
        {
            lines.entry(line.quote_id).or_default().push(line);
        }
    }
    Ok(heads
        .into_iter()
        .map(|head| {
            let own = lines.remove(&head.id).unwrap_or_default();
            draft::record(head, own, today)
        })
        .collect())
}
