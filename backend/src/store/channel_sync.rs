//! The narrow doors the channel sync needs before a tenant is known, each backed by its
//! own read-only row-level-security policy (migration `m20261127_000008_channel_sync`):
//! a webhook finds the one channel its URL names, and the sync jobs list channels and
//! stored-but-unprocessed deliveries across companies. Everything they then do happens
//! in a transaction scoped to the channel's tenant.

use chrono::{DateTime, Utc};
use kura_shared::{ChannelProvider, InboundEventStatus};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, Statement, TransactionTrait,
};
use uuid::Uuid;

use super::entities::{channel, inbound_event};

async fn name_door(txn: &DatabaseTransaction, setting: &str, value: &str) -> Result<(), DbErr> {
    if txn.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    txn.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT set_config($1, $2, true)",
        [setting.into(), value.into()],
    ))
    .await?;
    Ok(())
}

/// Channel `id` with its company, for a webhook addressed to it (the URL carries the
/// channel id; the signature is checked against the channel's secret afterwards).
pub async fn webhook_channel(
    db: &DatabaseConnection,
    id: Uuid,
) -> Result<Option<channel::Model>, DbErr> {
    let txn = db.begin().await?;
    super::statements::transaction_begun();
    name_door(&txn, "app.webhook_channel", &id.to_string()).await?;
    let row = channel::Entity::find()
        .filter(channel::Column::Id.eq(id))
        .one(&txn)
        .await?;
    txn.commit().await?;
    Ok(row)
}

/// `(tenant, channel)` of every live channel of these providers, in every company.
pub async fn channels_to_sync(
    db: &DatabaseConnection,
    providers: &[ChannelProvider],
) -> Result<Vec<(Uuid, Uuid)>, DbErr> {
    let txn = db.begin().await?;
    super::statements::transaction_begun();
    name_door(&txn, "app.channel_sync", "on").await?;
    let rows = channel::Entity::find()
        .filter(channel::Column::ArchivedAt.is_null())
        .filter(channel::Column::Provider.is_in(providers.iter().copied()))
        .order_by_asc(channel::Column::Id)
        .all(&txn)
        .await?;
    txn.commit().await?;
    Ok(rows.into_iter().map(|c| (c.tenant_id, c.id)).collect())
}

/// `(tenant, delivery)` of up to `limit` deliveries still in `status` that arrived before
/// `before`, oldest first, in every company.
pub async fn pending_deliveries(
    db: &DatabaseConnection,
    status: InboundEventStatus,
    before: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<(Uuid, Uuid)>, DbErr> {
    let txn = db.begin().await?;
    super::statements::transaction_begun();
    name_door(&txn, "app.channel_sync", "on").await?;
    let rows = inbound_event::Entity::find()
        .filter(inbound_event::Column::Status.eq(status))
        .filter(inbound_event::Column::ReceivedAt.lt(before))
        .order_by_asc(inbound_event::Column::ReceivedAt)
        .limit(limit)
        .all(&txn)
        .await?;
    txn.commit().await?;
    Ok(rows.into_iter().map(|e| (e.tenant_id, e.id)).collect())
}
