//! `channel_mappings`.

use kura_shared::MappingKind;
use sea_orm::entity::prelude::*;

/// Which Kura variant or location a provider's item or location id stands for.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "channel_mappings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub channel_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: MappingKind,
    #[sea_orm(primary_key, auto_increment = false)]
    pub external_id: String,
    pub kura_id: Uuid,
    pub external_ref: Option<String>,
    pub source: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
