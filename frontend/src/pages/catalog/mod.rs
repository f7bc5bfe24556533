//! Catalog: what the company sells and where. Owns the products with their variants
//! (`/products`: `products`), the products CSV import with the CSV exports
//! (`/products/import`: `import`) and the locations (`/locations`: `locations`). Its pages
//! call `api::catalog` (the ledger export, `api::stock::movements`, is offered beside the
//! products export) and use the shared `components`.

mod import;
mod locations;
mod products;

pub use import::ProductImportPage;
pub use locations::LocationsPage;
pub use products::ProductsPage;
