//! Every `KURA_RETENTION_INTERVAL_SECS` (default 3600), removes what Kura no longer needs:
//!
//! - the bodies of webhook deliveries settled (processed or ignored) more than
//!   `KURA_INBOUND_RETENTION_DAYS` (default 30) ago: they hold customers' names, addresses
//!   and orders. The delivery rows stay, so redeliveries are still recognised and the
//!   channel's delivery log still shows what came and what became of it;
//! - sessions that expired or were revoked, with their refresh tokens, and refresh tokens
//!   rotated more than [`SESSION_TTL`] ago;
//! - client retry keys ([`IDEMPOTENCY_KEY_TTL`]): a client retries within minutes, not
//!   weeks. A channel sale's external id (`recordSale/<channel>`) is kept: it is how that
//!   sale is recognised when the channel sends or lists it again.
//!
//! Each step works in short batches and is idempotent, so several replicas may run it.

use std::time::Duration;

use chrono::Utc;
use kura_shared::InboundEventStatus;
use sea_orm::{DatabaseConnection, DbErr};
use tokio::sync::watch;

use crate::{services::accounts::sign_in::SESSION_TTL, store::retention};

/// How long a client's idempotency key is honoured.
pub const IDEMPOTENCY_KEY_TTL: chrono::Duration = chrono::Duration::days(7);

/// What one pass removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Removed {
    /// Delivery bodies emptied.
    pub delivery_bodies: u64,
    /// Sessions deleted (their refresh tokens with them).
    pub sessions: u64,
    /// Rotated refresh tokens deleted.
    pub refresh_tokens: u64,
    /// Idempotency keys deleted.
    pub idempotency_keys: u64,
}

/// One pass over every company; `inbound_retention` is how long settled delivery bodies
/// are kept.
pub async fn run_once(
    db: &DatabaseConnection,
    inbound_retention: chrono::Duration,
) -> Result<Removed, DbErr> {
    let now = Utc::now();
    let settled = [InboundEventStatus::Processed, InboundEventStatus::Ignored];
    Ok(Removed {
        delivery_bodies: retention::blank_settled_deliveries(db, now - inbound_retention, &settled)
            .await?,
        sessions: retention::delete_ended_sessions(db, now).await?,
        refresh_tokens: retention::delete_used_refresh_tokens(db, now - SESSION_TTL).await?,
        idempotency_keys: retention::delete_idempotency_keys(
            db,
            now - IDEMPOTENCY_KEY_TTL,
            "recordSale/",
            "recordSale/key",
        )
        .await?,
    })
}

/// Runs a pass every `every` until `stop` turns true (the first one period after start).
pub async fn run(
    db: DatabaseConnection,
    every: Duration,
    inbound_retention: chrono::Duration,
    mut stop: watch::Receiver<bool>,
) {
    while super::next_round(every, &mut stop).await {
        match run_once(&db, inbound_retention).await {
            Ok(removed) if removed != Removed::default() => {
                tracing::info!(?removed, "retention pass removed old data");
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "retention pass failed; will try again"),
        }
    }
}
