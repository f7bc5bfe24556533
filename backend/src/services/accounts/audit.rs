//! The security audit log: sign-ins (and failed ones), role changes, removals,
//! invitations and API keys. Written in the same transaction as the change it records.

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

pub use kura_shared::AuditAction;

use crate::services::{ServiceError, accounts::sign_in::UserRecord};
use crate::store::{
    entities::user,
    scope::{self, Scope},
    tenant::{Scoped, records::audit_event},
};

/// Who did it, and from where.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Actor {
    /// The person, if a person.
    pub user_id: Option<Uuid>,
    /// The API key's prefix, if a key.
    pub api_key_prefix: Option<String>,
    /// The client's address.
    pub address: Option<String>,
}

/// Appends an event. `txn` must be scoped to `tenant_id` (row-level security checks it).
pub async fn record(
    txn: &DatabaseTransaction,
    tenant_id: Uuid,
    action: AuditAction,
    actor: &Actor,
    subject: &str,
) -> Result<(), ServiceError> {
    Scoped::new(txn, tenant_id)
        .insert(audit_event::ActiveModel {
            tenant_id: Set(tenant_id),
            id: Set(Uuid::new_v4()),
            occurred_at: Set(Utc::now()),
            action: Set(action),
            actor_user_id: Set(actor.user_id),
            api_key_prefix: Set(actor.api_key_prefix.clone()),
            subject: Set(subject.chars().take(400).collect()),
            address: Set(actor.address.as_ref().map(|a| a.chars().take(64).collect())),
        })
        .await?;
    Ok(())
}

/// One audit entry with the person who acted, if any.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The stored event.
    pub event: audit_event::Model,
    /// The acting person.
    pub actor: Option<UserRecord>,
}

/// Where a page of the log starts: strictly older than this event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    /// The previous page's last event time.
    pub occurred_at: DateTime<Utc>,
    /// And its id, to break ties.
    pub id: Uuid,
}

/// Up to `first` entries, newest first, after `after`; and whether more follow.
pub async fn page(
    db: &DatabaseConnection,
    tenant_id: Uuid,
    first: u64,
    after: Option<Cursor>,
) -> Result<(Vec<Entry>, bool), ServiceError> {
    let txn = scope::begin_read(db, Scope::tenant(tenant_id)).await?;
    let mut query = Scoped::new(&txn, tenant_id)
        .select::<audit_event::Model>()
        .order_by_desc(audit_event::Column::OccurredAt)
        .order_by_desc(audit_event::Column::Id)
        .limit(first + 1);
    if let Some(cursor) = after {
        query = query.filter(
            Condition::any()
                .add(audit_event::Column::OccurredAt.lt(cursor.occurred_at))
                .add(
                    Condition::all()
                        .add(audit_event::Column::OccurredAt.eq(cursor.occurred_at))
                        .add(audit_event::Column::Id.lt(cursor.id)),
                ),
        );
    }
    let mut events = query.all(&txn).await?;
    let has_next = events.len() as u64 > first;
    events.truncate(usize::try_from(first).unwrap_or(usize::MAX));
    let actor_ids: Vec<Uuid> = events.iter().filter_map(|e| e.actor_user_id).collect();
    let actors = user::Entity::find()
        .filter(user::Column::Id.is_in(actor_ids))
        .all(&txn)
        .await?;
    txn.commit().await?;
    let entries = events
        .into_iter()
        .map(|event| Entry {
            actor: event
                .actor_user_id
                .and_then(|id| actors.iter().find(|u| u.id == id).cloned())
                .map(UserRecord::from),
            event,
        })
        .collect();
    Ok((entries, has_next))
}
