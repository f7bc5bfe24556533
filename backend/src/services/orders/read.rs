//! Reading orders: one with its lines, or a page of them, within the caller's locations.

use std::collections::BTreeMap;

use sea_orm::{ColumnTrait, DatabaseConnection, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::{OrderFilter, OrderRecord, ShipmentRecord};
use crate::services::{ServiceError, access::Access};
use crate::store::tenant::{
    TenantTx,
    records::{order, order_line, shipment, shipment_line},
};

/// One order, if it is the company's and within the caller's locations.
pub async fn get(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
) -> Result<OrderRecord, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let record = load(&tx, access, id).await?;
    tx.commit().await?;
    Ok(record)
}

/// An order with its lines (two queries), or not found when it is another company's or
/// outside the caller's locations.
pub async fn load(tx: &TenantTx, access: &Access, id: Uuid) -> Result<OrderRecord, ServiceError> {
    let head = tx
        .select::<order::Model>()
        .filter(order::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .filter(|head| within_reach(access, head))
        .ok_or(ServiceError::NotFound("Order"))?;
    let lines = tx
        .select::<order_line::Model>()
        .filter(order_line::Column::OrderId.eq(id))
        .all(tx.conn())
        .await?;
    Ok(OrderRecord::from_rows(head, lines))
}

/// The order a channel made of its own order `external_id`, if it made one.
pub async fn by_external(
    tx: &TenantTx,
    channel_id: Uuid,
    external_id: &str,
) -> Result<Option<Uuid>, ServiceError> {
    Ok(tx
        .select::<order::Model>()
        .select_only()
        .column(order::Column::Id)
        .filter(order::Column::ChannelId.eq(channel_id))
        .filter(order::Column::ExternalId.eq(external_id))
        .into_tuple::<Uuid>()
        .one(tx.conn())
        .await?)
}

/// Staff limited to some locations reach the orders fulfilled from, or picked up at, them.
fn within_reach(access: &Access, head: &order::Model) -> bool {
    access.locations.allows(head.location_id)
        || head
            .pickup_location_id
            .is_some_and(|pickup| access.locations.allows(pickup))
}

/// Up to `limit` orders, newest first, after the order `after`; and whether more follow.
pub async fn list(
    db: &DatabaseConnection,
    access: &Access,
    filter: &OrderFilter,
    after: Option<Uuid>,
    limit: u64,
) -> Result<(Vec<OrderRecord>, bool), ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let mut query = tx
        .select::<order::Model>()
        .order_by_desc(order::Column::Id)
        .limit(limit + 1);
    if let Some(ids) = access.locations.narrow(filter.location_ids.as_deref()) {
        query = query.filter(order::Column::LocationId.is_in(ids));
    }
    if let Some(statuses) = &filter.statuses {
        query = query.filter(order::Column::Status.is_in(statuses.iter().copied()));
    }
    if let Some(customer) = filter.customer_id {
        query = query.filter(order::Column::CustomerId.eq(customer));
    }
    if let Some(before) = filter.ready_before {
        query = query.filter(order::Column::ReadyAt.lt(before));
    }
    if let Some(after) = after {
        query = query.filter(order::Column::Id.lt(after));
    }
    let mut heads = query.all(tx.conn()).await?;
    let more = crate::services::trim_page(&mut heads, limit);
    let records = with_lines(&tx, heads).await?;
    tx.commit().await?;
    Ok((records, more))
}

/// The orders split off order `id` (分納), oldest first, within the caller's locations.
pub async fn splits(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
) -> Result<Vec<OrderRecord>, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let heads: Vec<order::Model> = tx
        .select::<order::Model>()
        .filter(order::Column::SplitFromOrderId.eq(id))
        .order_by_asc(order::Column::Id)
        .all(tx.conn())
        .await?
        .into_iter()
        .filter(|head| within_reach(access, head))
        .collect();
    let records = with_lines(&tx, heads).await?;
    tx.commit().await?;
    Ok(records)
}

/// Orders with their lines, one query for the lines of all of them.
pub async fn with_lines(
    tx: &TenantTx,
    heads: Vec<order::Model>,
) -> Result<Vec<OrderRecord>, ServiceError> {
    let mut lines: BTreeMap<Uuid, Vec<order_line::Model>> = BTreeMap::new();
    if !heads.is_empty() {
        for line in tx
            .select::<order_line::Model>()
            .filter(order_line::Column::OrderId.is_in(heads.iter().map(|h| h.id)))
            .all(tx.conn())
            .await?
        {
            lines.entry(line.order_id).or_default().push(line);
        }
    }
    Ok(heads
        .into_iter()
        .map(|head| {
            let own = lines.remove(&head.id).unwrap_or_default();
            OrderRecord::from_rows(head, own)
        })
        .collect())
}

/// The shipments of an order, oldest first (two queries).
pub async fn shipments(
    db: &DatabaseConnection,
    access: &Access,
    order_id: Uuid,
) -> Result<Vec<ShipmentRecord>, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let heads = tx
        .select::<shipment::Model>()
        .filter(shipment::Column::OrderId.eq(order_id))
        .order_by_asc(shipment::Column::Id)
        .all(tx.conn())
        .await?
        .into_iter()
        .filter(|s| access.locations.allows(s.location_id))
        .collect::<Vec<_>>();
    let records = shipments_with_lines(&tx, heads).await?;
    tx.commit().await?;
    Ok(records)
}

/// One shipment with its lines, if it left one of the caller's locations.
pub async fn shipment(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
) -> Result<ShipmentRecord, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let heads = tx
        .select::<shipment::Model>()
        .filter(shipment::Column::Id.eq(id))
        .all(tx.conn())
        .await?
        .into_iter()
        .filter(|s| access.locations.allows(s.location_id))
        .collect();
    let record = shipments_with_lines(&tx, heads).await?.pop();
    tx.commit().await?;
    record.ok_or(ServiceError::NotFound("Shipment"))
}

/// Shipments with their lines, one query for the lines of all of them.
pub async fn shipments_with_lines(
    tx: &TenantTx,
    heads: Vec<shipment::Model>,
) -> Result<Vec<ShipmentRecord>, ServiceError> {
    let mut lines: BTreeMap<Uuid, Vec<(i32, Uuid, i64)>> = BTreeMap::new();
    if !heads.is_empty() {
        for line in tx
            .select::<shipment_line::Model>()
            .filter(shipment_line::Column::ShipmentId.is_in(heads.iter().map(|h| h.id)))
            .order_by_asc(shipment_line::Column::LineNumber)
            .all(tx.conn())
            .await?
        {
            lines.entry(line.shipment_id).or_default().push((
                line.line_number,
                line.variant_id,
                line.quantity,
            ));
        }
    }
    Ok(heads
        .into_iter()
        .map(|head| ShipmentRecord {
            lines: lines.remove(&head.id).unwrap_or_default(),
            id: head.id,
            number: head.number,
            order_id: head.order_id,
            location_id: head.location_id,
            carrier: head.carrier,
            tracking_number: head.tracking_number,
            note: head.note,
            shipped_at: head.shipped_at,
        })
        .collect())
}
