//! Stock in the API: levels, adjustments, movements and the live stock subscription
//! (`inventory`), transfers (`transfers`) and stock counts with replenishment suggestions
//! (`counts`). Resolvers call `services::stock` and `services::catalog` lookups; of the
//! other GraphQL areas they use the `catalog::products` and `catalog::locations` types,
//! besides the cross-cutting `request` pipeline (`guard`, `loaders`) and shared `types`
//! (`errors`, `ids`, `paging`).

pub mod counts;
pub mod inventory;
pub mod transfers;
