//! Domain events and the bus that carries them to live subscribers.
//!
//! Every process fans events out locally through one broadcast hub. With Redis configured,
//! publishing goes through Redis pub/sub instead and every replica (this one included)
//! feeds what it receives into its own hub, so a subscriber on any replica sees events
//! published by any replica.

mod bus;
pub mod relay;
mod sales;
mod stock;

pub use bus::{BusError, EventBus, EventBusKind};
pub use sales::{CorruptSale, PaymentRecord, SaleLineRecord, SaleRecord};
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
            | EventPayload::SaleChanged { tenant_id, .. } => Some(*tenant_id),
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
