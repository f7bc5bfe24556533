//! Catalog: the products CSV import and export (products and locations themselves are
//! driven from the stock tests, which need them).

mod spreadsheets;
