//! `inbound_events`.

use kura_shared::InboundEventStatus;
use sea_orm::entity::prelude::*;

/// One webhook delivery from a channel's provider, stored before it is acted on.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inbound_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub channel_id: Uuid,
    pub provider_event_id: String,
    pub topic: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub status: InboundEventStatus,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    pub attempts: i32,
    pub received_at: DateTimeUtc,
    pub processed_at: Option<DateTimeUtc>,
    /// Fingerprint of the signed content, for providers whose event id is not signed.
    pub content_hash: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
