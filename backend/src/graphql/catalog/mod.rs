//! The catalog in the API: products and variants (`products`), locations (`locations`) and
//! the CSV files (`spreadsheet`: `importProducts`, `exportProducts`, and the stock ledger's
//! `exportStockMovements`). Resolvers call `services::catalog` and, for a variant's stock and
//! the ledger export, `services::stock::inventory` and `services::stock::ledger_export`; of
//! the other GraphQL areas they use `stock::inventory` (a variant's stock levels), besides
//! the cross-cutting `request` pipeline (`guard`, `loaders`) and shared `types` (`errors`,
//! `ids`, `money`, `paging`).

pub mod locations;
pub mod products;
pub mod spreadsheet;
