//! Every `KURA_INBOUND_RETRY_SECS` (default 30), acts on webhook deliveries that were
//! stored but not processed: the process stopped between storing and processing, or the
//! provider could not be reached to fetch the transaction.

use std::{sync::Arc, time::Duration};

use sea_orm::DatabaseConnection;
use tokio::sync::watch;

use crate::{integrations::connection::Integrations, services::inbound};

/// Deliveries younger than this are left to the request still processing them.
const GRACE: chrono::Duration = chrono::Duration::seconds(30);

/// Runs until `stop` turns true.
pub async fn run(
    db: DatabaseConnection,
    integrations: Arc<Integrations>,
    every: Duration,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = stop.changed() => return,
        }
        if *stop.borrow() {
            return;
        }
        if let Err(e) = inbound::retry_pending(&db, &integrations, GRACE).await {
            tracing::warn!(error = %e, "retrying stored webhook deliveries failed");
        }
    }
}
