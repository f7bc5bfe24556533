//! What a stock event carries: the row after the change and the ledger entry behind it.
//! Services return the same types, so a snapshot (`stockLevels`) and a live change
//! (`stockLevelChanged`) describe a row identically, down to its `version`.

use chrono::{DateTime, Utc};
use kura_shared::MovementReason;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::store::tenant::records::{stock_level, stock_movement};

/// A stock row (variant × location) as of one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockLevelState {
    /// The row.
    pub id: Uuid,
    /// The variant.
    pub variant_id: Uuid,
    /// The location.
    pub location_id: Uuid,
    /// Physically there.
    pub on_hand: i64,
    /// Promised to open orders.
    pub allocated: i64,
    /// On its way in (transfers in transit, purchase orders).
    pub incoming: i64,
    /// Bumped by every change of the row: apply a change only if its version is newer.
    pub version: i64,
    /// Reorder when `available + incoming` falls to this.
    pub reorder_point: Option<i64>,
    /// How much to reorder.
    pub reorder_quantity: Option<i64>,
    /// When the row last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<stock_level::Model> for StockLevelState {
    fn from(row: stock_level::Model) -> Self {
        Self {
            id: row.id,
            variant_id: row.variant_id,
            location_id: row.location_id,
            on_hand: row.on_hand,
            allocated: row.allocated,
            incoming: row.incoming,
            version: row.version,
            reorder_point: row.reorder_point,
            reorder_quantity: row.reorder_quantity,
            updated_at: row.updated_at,
        }
    }
}

/// One ledger entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovementRecord {
    /// The entry (UUIDv7: ordered by time).
    pub id: Uuid,
    /// The variant.
    pub variant_id: Uuid,
    /// The location.
    pub location_id: Uuid,
    /// Change of `on_hand`.
    pub delta: i64,
    /// `on_hand` right after it.
    pub on_hand_after: i64,
    /// The row's version right after it.
    pub version: i64,
    /// Why.
    pub reason: MovementReason,
    /// Free text.
    pub note: String,
    /// The kind of document that caused it (`TRANSFER`, `STOCK_COUNT`, `SALE`, …).
    pub reference_type: Option<String>,
    /// That document.
    pub reference_id: Option<Uuid>,
    /// The person, if a person.
    pub actor_user_id: Option<Uuid>,
    /// The API key's prefix, if a key.
    pub actor_api_key: Option<String>,
    /// When.
    pub created_at: DateTime<Utc>,
}

impl From<stock_movement::Model> for MovementRecord {
    fn from(row: stock_movement::Model) -> Self {
        Self {
            reason: row.reason,
            id: row.id,
            variant_id: row.variant_id,
            location_id: row.location_id,
            delta: row.delta,
            on_hand_after: row.on_hand_after,
            version: row.version,
            note: row.note,
            reference_type: row.reference_type,
            reference_id: row.reference_id,
            actor_user_id: row.actor_user_id,
            actor_api_key: row.actor_api_key,
            created_at: row.created_at,
        }
    }
}
