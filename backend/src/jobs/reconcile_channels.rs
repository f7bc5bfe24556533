//! Every `KURA_CHANNEL_RECONCILE_SECS` (default 600), asks each connected Shopify, Square
//! and Smaregi channel for its last 48 hours of orders and records what no webhook
//! brought: webhooks can be lost, disabled by the provider, or sent while Kura was down.

use std::{sync::Arc, time::Duration};

use sea_orm::DatabaseConnection;
use tokio::sync::watch;

use crate::{integrations::connection::Integrations, services::channels::inbound};

/// Runs until `stop` turns true. The first round waits one period, so a process that only
/// lives briefly (a test, a one-off command) never calls out to providers.
pub async fn run(
    db: DatabaseConnection,
    integrations: Arc<Integrations>,
    every: Duration,
    mut stop: watch::Receiver<bool>,
) {
    while super::next_round(every, &mut stop).await {
        let channels = inbound::reconcile_all(&db, &integrations).await;
        tracing::debug!(channels, "channel reconciliation round done");
    }
}
