//! Catalog: what the company sells and where. Owns the locations (`locations`), products and
//! their variants with the lookup of a variant by barcode or SKU (`products`) and the products
//! CSV import and export (`spreadsheet`), for the catalog pages; every other area's types may
//! name a variant, product or location through `VariantRef`, `ProductRef` and `LocationRef`.
//! It uses only `query` (and `variant_by_code`) and `wire`, and no other area.

pub mod locations;
pub mod products;
pub mod spreadsheet;
