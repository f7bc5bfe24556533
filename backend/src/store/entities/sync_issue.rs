//! `sync_issues`.

use kura_shared::{SyncIssueKind, SyncIssueStatus};
use sea_orm::entity::prelude::*;

/// An external sale Kura could not record on its own, waiting for a person.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sync_issues")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub channel_id: Uuid,
    pub inbound_event_id: Option<Uuid>,
    pub subject: String,
    pub kind: SyncIssueKind,
    pub status: SyncIssueStatus,
    #[sea_orm(column_type = "Text")]
    pub detail: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub sale: Option<String>,
    pub sale_id: Option<Uuid>,
    pub resolved_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub resolved_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
