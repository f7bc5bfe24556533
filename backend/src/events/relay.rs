//! The outbox relay: publishes committed outbox events to the bus, oldest first, and marks
//! them published. Woken right after each commit that wrote events, and polling as a
//! safety net (a commit on another replica, a relay that lost the claim race, a restart
//! after a crash). Delivery is at least once: a crash after publishing but before marking
//! repeats the event, and subscribers drop it by the stock row's `version`.

use std::time::Duration;

use sea_orm::DatabaseConnection;
use tokio::sync::watch;

use super::{Event, EventBus};
use crate::store::outbox;

/// Events published per claim.
const BATCH: u64 = 500;
/// How often to look for events nobody woke us for.
const POLL: Duration = Duration::from_millis(500);
/// How long published events are kept (for inspection) before pruning.
const KEEP: chrono::Duration = chrono::Duration::hours(1);

/// Runs the relay until `stop` turns true.
pub async fn run(db: DatabaseConnection, bus: EventBus, mut stop: watch::Receiver<bool>) {
    let mut wake = outbox::wake_signal();
    let mut prune = tokio::time::interval(Duration::from_secs(60));
    loop {
        if let Err(e) = drain(&db, &bus).await {
            tracing::warn!(error = %e, "outbox relay could not publish; will retry");
        }
        tokio::select! {
            _ = wake.changed() => {}
            _ = tokio::time::sleep(POLL) => {}
            _ = prune.tick() => {
                if let Ok(Some(claim)) = outbox::claim(&db).await {
                    match claim.prune(KEEP).await {
                        Ok(n) if n > 0 => tracing::debug!(pruned = n, "pruned published outbox events"),
                        Ok(_) => {}
                        Err(e) => tracing::warn!(error = %e, "outbox prune failed"),
                    }
                    let _ = claim.finish(&[]).await;
                }
            }
            _ = stop.changed() => {
                if *stop.borrow() {
                    // One last pass so nothing committed before the signal waits for a restart.
                    let _ = drain(&db, &bus).await;
                    return;
                }
            }
        }
    }
}

/// Publishes everything waiting. While another relay holds the claim it retries briefly,
/// so an event committed just as that relay finished is not left for the next poll.
pub async fn drain(db: &DatabaseConnection, bus: &EventBus) -> Result<(), String> {
    let mut contended = 0;
    loop {
        let Some(claim) = outbox::claim(db).await.map_err(|e| e.to_string())? else {
            contended += 1;
            if contended > 20 {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        let pending = claim.pending(BATCH).await.map_err(|e| e.to_string())?;
        let mut published = Vec::with_capacity(pending.len());
        let mut failure = None;
        for entry in &pending {
            match serde_json::from_str::<Event>(&entry.payload) {
                Ok(event) => {
                    if let Err(e) = bus.publish(event).await {
                        failure = Some(e.to_string());
                        break;
                    }
                }
                // Unreadable (written by a newer version?): skip rather than block the queue.
                Err(e) => tracing::error!(seq = entry.seq, error = %e, "unreadable outbox event"),
            }
            published.push(entry.seq);
        }
        claim.finish(&published).await.map_err(|e| e.to_string())?;
        if let Some(e) = failure {
            return Err(e);
        }
        if (pending.len() as u64) < BATCH {
            return Ok(());
        }
    }
}
