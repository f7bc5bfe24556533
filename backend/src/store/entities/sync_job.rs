//! `sync_jobs`: a variant's sellable quantity waiting to be pushed to one channel.

use kura_shared::SyncStatus;
use sea_orm::entity::prelude::*;

/// One channel × variant push job (see migration `m20261127_000009_outbound_sync`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sync_jobs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub channel_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub variant_id: Uuid,
    pub status: SyncStatus,
    pub generation: i64,
    pub claimed_generation: i64,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    pub last_error: Option<String>,
    pub last_pushed_quantity: Option<i64>,
    pub pushed_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
