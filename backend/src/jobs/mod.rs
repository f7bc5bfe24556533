//! Background work that runs beside the HTTP server in every replica. Each job is safe to
//! run in several replicas at once: inbound work is idempotent per provider id, stock
//! pushes are claimed through the database so no two replicas push the same job, and
//! retention deletes are idempotent.

pub mod reconcile_channels;
pub mod retention;
pub mod retry_inbound;
pub mod stock_sync;

use std::time::Duration;

use tokio::sync::watch;

/// Waits one period of a periodic job: true when it is time for the next round, false once
/// `stop` has turned true (the server is shutting down).
async fn next_round(every: Duration, stop: &mut watch::Receiver<bool>) -> bool {
    tokio::select! {
        _ = tokio::time::sleep(every) => {}
        _ = stop.changed() => return false,
    }
    !*stop.borrow()
}
