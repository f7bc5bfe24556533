//! Every `KURA_INBOUND_RETRY_SECS` (default 30), acts on webhook deliveries that were
//! stored but not processed: the process stopped between storing and processing, or the
//! provider could not be reached to fetch the transaction.

use std::{sync::Arc, time::Duration};

use sea_orm::DatabaseConnection;
use tokio::sync::watch;

use crate::{integrations::connection::Integrations, services::channels::inbound};

/// Runs until `stop` turns true.
pub async fn run(
    db: DatabaseConnection,
    integrations: Arc<Integrations>,
    every: Duration,
    mut stop: watch::Receiver<bool>,
) {
    while super::next_round(every, &mut stop).await {
        // A delivery younger than one period is left to the request still processing it.
        let grace = chrono::Duration::from_std(every).unwrap_or(chrono::Duration::seconds(30));
        if let Err(e) = inbound::retry_pending(&db, &integrations, grace).await {
            tracing::warn!(error = %e, "retrying stored webhook deliveries failed");
        }
    }
}
