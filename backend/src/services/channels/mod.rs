//! Channels: where sales come from and where stock levels go. Owns the channels themselves
//! and what each may sell (`setup`), provider connections (`connection`), the
//! mapping of provider products to variants (`mappings`), inbound webhooks, sync
//! issues and reconciliation (`inbound`, which hands orders to `ingest`) and the outbound
//! stock sync queue (`stock_sync`). It may call `catalog::products`, `stock::inventory`,
//! `sales::documents` and `sales::customers` (an ingested order becomes a sale),
//! `orders::create`, `orders::cancel` and `orders::read` (or, when the channel fulfils from
//! Kura, an order to ship; a cancellation at the channel cancels it),
//! `accounts::audit`, the cross-cutting `access`, `idempotency` and `text`, and the
//! provider clients in `integrations`.

pub mod connection;
pub mod inbound;
pub mod ingest;
pub mod mappings;
pub mod setup;
pub mod stock_sync;
