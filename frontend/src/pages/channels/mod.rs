//! Channels: where sales come from and where stock levels go. Owns the channel list with its
//! dialog (`/channels`: `list`) and one channel's page (`/channels/:id`: `detail`) with its
//! provider connection (`connection`), item and location mappings (`mappings`), incoming sync
//! issues and deliveries (`sync`) and the outbound stock sync, also a settings page of its own
//! (`/settings/channels/:id/sync`: `stock_sync`). Its pages call `api::channels`, read
//! `api::catalog` for locations and variant lookups, and use the shared `components`.

mod connection;
mod detail;
mod list;
mod mappings;
mod stock_sync;
mod sync;

pub use detail::ChannelPage;
pub use list::ChannelsPage;
pub use stock_sync::StockSyncPage;
