//! Channels: the provider clients against fakes, inbound webhooks and reconciliation, and
//! the outbound stock sync.

mod integration_clients;
mod stock_sync;
mod webhooks;
