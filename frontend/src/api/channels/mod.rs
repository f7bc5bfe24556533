//! Channels: where sales come from and where stock levels go. Owns the channels themselves and
//! their provider connection (`setup`), the mapping of provider items and locations
//! (`mappings`), sync issues and webhook deliveries (`sync`) and the outbound stock sync
//! (`stock_sync`), for the channel pages. Its types name variants with `catalog`'s
//! references; besides that it uses only `query` and `wire`.

pub mod mappings;
pub mod setup;
pub mod stock_sync;
pub mod sync;
