//! Sales: sales, returns, voids and customers, the POS sales CSV import and the live
//! summary.

mod documents;
mod import;
mod summary;
