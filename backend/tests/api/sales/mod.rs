//! Sales: sales, returns, voids and customers, the POS sales CSV import and the live
//! summary.

mod customers;
mod documents;
mod import;
mod summary;
