//! Sales: sales, returns, voids and customers, the POS sales CSV import and the live
//! summary.

mod documents;
mod sales_import;
mod sales_summary;
