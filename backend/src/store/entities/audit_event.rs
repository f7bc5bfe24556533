//! `audit_events`: the security audit log.

use kura_shared::AuditAction;
use sea_orm::entity::prelude::*;

/// One security-relevant event in a company.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub occurred_at: DateTimeUtc,
    pub action: AuditAction,
    pub actor_user_id: Option<Uuid>,
    pub api_key_prefix: Option<String>,
    pub subject: String,
    pub address: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
