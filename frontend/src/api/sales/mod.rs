//! Sales: what was sold, to whom, and how it adds up. Owns the register's pricing rules and
//! variant lookup (`register`), sales, returns and voids with the live sales feed
//! (`documents`), customers and their points (`customers`), the POS sales CSV import
//! (`import`) and the live sales summary (`summary`), for the sales pages and the dashboard.
//! It may read `stock::levels` (a sale reports what it oversold, the summary lists low
//! stock) and name locations and products with `catalog`'s references; besides that it uses
//! only `query` (and `variant_by_code`) and `wire`.

/// Sales and customers fetched per page.
const PAGE_SIZE: u32 = 50;

// Declared before the modules so that `documents` and `customers` both select the same fields.
macro_rules! sale_row_fields {
    () => {
        "{ id kind status number occurredAt total { amount currencyCode } location { id code name } channel { id name } customer { id name } }"
    };
}

pub mod customers;
pub mod documents;
pub mod import;
pub mod register;
pub mod summary;
