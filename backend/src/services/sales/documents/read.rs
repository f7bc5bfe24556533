//! Reading sale documents back: one, a page, or the details of many.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::events::SaleRecord;
use crate::services::{ServiceError, access::Access};
use crate::store::tenant::{
    TenantTx,
    records::{sale, sale_line, sale_payment},
};

/// One document with its lines and payments (the caller checks who may see it).
pub(super) async fn load_record(tx: &TenantTx, id: Uuid) -> Result<SaleRecord, ServiceError> {
    let head = tx
        .select::<sale::Model>()
        .filter(sale::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .ok_or(ServiceError::NotFound("Sale"))?;
    let lines = tx
        .select::<sale_line::Model>()
        .filter(sale_line::Column::SaleId.eq(id))
        .order_by_asc(sale_line::Column::LineNo)
        .all(tx.conn())
        .await?;
    let payments = tx
        .select::<sale_payment::Model>()
        .filter(sale_payment::Column::SaleId.eq(id))
        .order_by_asc(sale_payment::Column::LineNo)
        .all(tx.conn())
        .await?;
    Ok(SaleRecord::from_rows(head, lines, payments))
}

/// One sale or return.
pub async fn get(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
) -> Result<SaleRecord, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let record = load_record(&tx, id).await?;
    tx.commit().await?;
    if !access.locations.allows(record.location_id) {
        return Err(ServiceError::NotFound("Sale"));
    }
    Ok(record)
}

/// Which sales to list.
#[derive(Debug, Clone, Default)]
pub struct SaleFilter {
    /// Only at these locations.
    pub location_ids: Option<Vec<Uuid>>,
    /// Only through these channels.
    pub channel_ids: Option<Vec<Uuid>>,
    /// Only this customer's.
    pub customer_id: Option<Uuid>,
    /// Happened at or after.
    pub from: Option<DateTime<Utc>>,
    /// Happened before.
    pub to: Option<DateTime<Utc>>,
}

/// A page of sales and returns, newest recorded first, before `after`.
pub async fn list(
    db: &DatabaseConnection,
    access: &Access,
    filter: &SaleFilter,
    after: Option<Uuid>,
    limit: u64,
) -> Result<(Vec<SaleRecord>, bool), ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let mut query = tx
        .select::<sale::Model>()
        .order_by_desc(sale::Column::Id)
        .limit(limit + 1);
    let locations = access.locations.narrow(filter.location_ids.as_deref());
    if let Some(ids) = locations {
        query = query.filter(sale::Column::LocationId.is_in(ids));
    }
    if let Some(ids) = &filter.channel_ids {
        query = query.filter(sale::Column::ChannelId.is_in(ids.iter().copied()));
    }
    if let Some(customer) = filter.customer_id {
        query = query.filter(sale::Column::CustomerId.eq(customer));
    }
    if let Some(from) = filter.from {
        query = query.filter(sale::Column::OccurredAt.gte(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(sale::Column::OccurredAt.lt(to));
    }
    if let Some(after) = after {
        query = query.filter(sale::Column::Id.lt(after));
    }
    let mut heads = query.all(tx.conn()).await?;
    let more = crate::services::trim_page(&mut heads, limit);
    let records = with_details(&tx, heads).await?;
    tx.commit().await?;
    Ok((records, more))
}

/// Sale documents with their lines and payments, two queries for the whole page.
async fn with_details(
    tx: &TenantTx,
    heads: Vec<sale::Model>,
) -> Result<Vec<SaleRecord>, ServiceError> {
    let ids: Vec<Uuid> = heads.iter().map(|h| h.id).collect();
    let mut lines: BTreeMap<Uuid, Vec<sale_line::Model>> = BTreeMap::new();
    for line in tx
        .select::<sale_line::Model>()
        .filter(sale_line::Column::SaleId.is_in(ids.iter().copied()))
        .order_by_asc(sale_line::Column::LineNo)
        .all(tx.conn())
        .await?
    {
        lines.entry(line.sale_id).or_default().push(line);
    }
    let mut payments: BTreeMap<Uuid, Vec<sale_payment::Model>> = BTreeMap::new();
    for payment in tx
        .select::<sale_payment::Model>()
        .filter(sale_payment::Column::SaleId.is_in(ids.iter().copied()))
        .order_by_asc(sale_payment::Column::LineNo)
        .all(tx.conn())
        .await?
    {
        payments.entry(payment.sale_id).or_default().push(payment);
    }
    Ok(heads
        .into_iter()
        .map(|head| {
            let id = head.id;
            SaleRecord::from_rows(
                head,
                lines.remove(&id).unwrap_or_default(),
                payments.remove(&id).unwrap_or_default(),
            )
        })
        .collect())
}
