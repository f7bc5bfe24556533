//! Background work that runs beside the HTTP server in every replica. Each job is safe to
//! run in several replicas at once: inbound work is idempotent per provider id, stock
//! pushes are claimed through the database so no two replicas push the same job, and
//! retention deletes are idempotent.

pub mod reconcile_channels;
pub mod retention;
pub mod retry_inbound;
pub mod stock_sync;
