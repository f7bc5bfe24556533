//! `stock_movements`.

use kura_shared::MovementReason;
use sea_orm::entity::prelude::*;

/// One append-only change of on-hand stock.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "stock_movements")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub variant_id: Uuid,
    pub location_id: Uuid,
    pub delta: i64,
    pub on_hand_after: i64,
    pub version: i64,
    pub reason: MovementReason,
    pub note: String,
    pub reference_type: Option<String>,
    pub reference_id: Option<Uuid>,
    pub actor_user_id: Option<Uuid>,
    pub actor_api_key: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
