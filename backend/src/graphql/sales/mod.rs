//! Sales in the API: sales, returns, voids and the live sale subscriptions (`documents`),
//! the POS sales CSV import (`import`), customers (`customers`) with their addresses
//! (`customer_addresses`) and the live sales summary (`summary`). Resolvers call `services::sales` (and `services::stock` and
//! `services::channels` lookups); of the other GraphQL areas they use the
//! `catalog::products`, `catalog::locations`, `stock::inventory` and `channels::setup` types,
//! besides the cross-cutting `request` pipeline (`guard`, `loaders`) and shared `types`
//! (`errors`, `ids`, `money`, `paging`).

pub mod customer_addresses;
pub mod customers;
pub mod documents;
pub mod import;
pub mod summary;
