//! Domain events and the bus that carries them to live subscribers.
//!
//! Every process fans events out locally through one broadcast hub. With Redis configured,
//! publishing goes through Redis pub/sub instead and every replica (this one included)
//! feeds what it receives into its own hub, so a subscriber on any replica sees events
//! published by any replica.

mod bus;
mod orders;
pub mod relay;
mod sales;
mod stock;

pub use bus::{BusError, EventBus, EventBusKind};
pub use orders::{OrderLineRecord, OrderRecord};
pub use sales::{PaymentRecord, SaleLineRecord, SaleRecord};
pub use stock::{MovementRecord, StockLevelState};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One event, as it travels between processes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Unique per event, so a consumer can drop a duplicate.
    pub id: Uuid,
    /// When the change happened.
    pub occurred_at: DateTime<Utc>,
    /// What happened.
    pub payload: EventPayload,
}

impl Event {
    /// Wraps a payload with a fresh id and the current time.
    pub fn now(payload: EventPayload) -> Self {
        Self {
            id: Uuid::new_v4(),
            occurred_at: Utc::now(),
            payload,
        }
    }
}

/// What an event says. Tenant-owned payloads carry their tenant, so subscribers can filter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EventPayload {
    /// A `kura` process started serving.
    InstanceStarted {
        /// The process's instance id.
        instance_id: Uuid,
        /// Its version.
        version: String,
    },
    /// A `kura` process began a graceful shutdown.
    InstanceStopping {
        /// The process's instance id.
        instance_id: Uuid,
    },
    /// A stock row changed (with the ledger entry, when `on_hand` moved).
    StockLevelChanged {
        /// Whose stock.
        tenant_id: Uuid,
        /// The row after the change.
        level: StockLevelState,
        /// The movement that changed `on_hand`, if one did (boxed: most events are this
        /// variant, but it keeps the enum small for the rest).
        movement: Option<Box<MovementRecord>>,
    },
    /// A sale or return was recorded, or one was voided.
    SaleChanged {
        /// Whose sale.
        tenant_id: Uuid,
        /// The document after the change.
        sale: Box<SaleRecord>,
        /// What happened to it.
        change: SaleChange,
    },
    /// A sales order was created or changed (confirmed, allocated, shipped, cancelled).
    OrderChanged {
        /// Whose order.
        tenant_id: Uuid,
        /// The order after the change.
        order: Box<OrderRecord>,
    },
    /// Someone lost or changed their rights in a company: an API key revoked, a session
    /// ended, a member removed, or a member's role or locations changed. Open WebSockets
    /// acting for that holder close at once, so nothing keeps running on the old rights.
    AccessChanged {
        /// The company the rights were in.
        tenant_id: Uuid,
        /// Whose rights changed.
        holder: AccessHolder,
    },
}

/// Whose access an [`EventPayload::AccessChanged`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AccessHolder {
    /// Every session of this person in the company (removed, new role or locations, or
    /// signed out everywhere).
    User {
        /// The person.
        user_id: Uuid,
    },
    /// One session (signed out, ended from another device, replaced by a company switch,
    /// or ended because its refresh token was reused).
    Session {
        /// The session.
        session_id: Uuid,
    },
    /// One partner API key (revoked).
    ApiKey {
        /// The key.
        key_id: Uuid,
    },
}

/// What happened to a sale document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SaleChange {
    /// Newly recorded (a sale or a return).
    Recorded,
    /// Voided: it no longer counts.
    Voided,
}

impl EventPayload {
    /// The company an event belongs to; `None` for system events everyone may see.
    pub fn tenant_id(&self) -> Option<Uuid> {
        match self {
            EventPayload::InstanceStarted { .. } | EventPayload::InstanceStopping { .. } => None,
            EventPayload::StockLevelChanged { tenant_id, .. }
            | EventPayload::SaleChanged { tenant_id, .. }
            | EventPayload::OrderChanged { tenant_id, .. }
            | EventPayload::AccessChanged { tenant_id, .. } => Some(*tenant_id),
        }
    }
}

/// Writes an event into the outbox of `tx`'s transaction; it reaches the bus once the
/// transaction commits (see [`relay`]).
pub async fn enqueue(
    tx: &crate::store::tenant::TenantTx,
    payload: EventPayload,
) -> Result<(), sea_orm::DbErr> {
    let body = serde_json::to_string(&Event::now(payload))
        .map_err(|e| sea_orm::DbErr::Custom(format!("event not serialisable: {e}")))?;
    crate::store::outbox::append(tx, body).await
}

/// Writes an [`EventPayload::AccessChanged`] into the outbox of `txn`, which acts for
/// `scope`. Account and team changes run in person-scoped transactions, so the scope is
/// widened to the company for the write and restored after it. The event reaches the bus
/// once `txn` commits and [`crate::store::outbox::wake`] is called.
pub async fn enqueue_access_change(
    txn: &sea_orm::DatabaseTransaction,
    scope: crate::store::scope::Scope,
    tenant_id: Uuid,
    holder: AccessHolder,
) -> Result<(), sea_orm::DbErr> {
    let body = serde_json::to_string(&Event::now(EventPayload::AccessChanged {
        tenant_id,
        holder,
    }))
    .map_err(|e| sea_orm::DbErr::Custom(format!("event not serialisable: {e}")))?;
    let widened = crate::store::scope::Scope {
        tenant: Some(tenant_id),
        ..scope
    };
    crate::store::scope::set(txn, widened).await?;
    crate::store::outbox::append_in(txn, tenant_id, body).await?;
    crate::store::scope::set(txn, scope).await
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn an_access_change_survives_the_trip_through_redis() {
        let event = Event::now(EventPayload::AccessChanged {
            tenant_id: Uuid::new_v4(),
            holder: AccessHolder::ApiKey {
                key_id: Uuid::new_v4(),
            },
        });
        let text = serde_json::to_string(&event).unwrap();
        assert!(text.contains(r#""type":"ACCESS_CHANGED""#), "{text}");
        assert_eq!(serde_json::from_str::<Event>(&text).unwrap(), event);
    }
}
