//! Channels in the API: channels and what each may sell (`setup`), provider connections and
//! product mappings (`connection`), inbound events, sync issues and reconciliation
//! (`sync`) and the outbound stock sync (`stock_sync`). Resolvers call
//! `services::channels` (and `services::stock::inventory`, `services::sales::documents` for
//! what a channel sells and sold); of the other GraphQL areas they use the
//! `catalog::products`, `catalog::locations`, `stock::inventory` and `sales::documents`
//! types, besides the cross-cutting `request` pipeline (`guard`, `loaders`) and shared
//! `types` (`errors`, `ids`, `paging`).

pub mod connection;
pub mod setup;
pub mod stock_sync;
pub mod sync;
