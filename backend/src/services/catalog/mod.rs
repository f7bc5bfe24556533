//! Catalog: what a company sells and where. Owns products and their variants (`products`),
//! the products CSV import and export (`spreadsheet`) and the company's locations
//! (`locations`). It calls no other area: every other area may read it, and it uses only
//! the cross-cutting `access`, `idempotency` and `text`.

pub mod locations;
pub mod products;
pub mod spreadsheet;
