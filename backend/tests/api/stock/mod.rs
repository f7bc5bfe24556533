//! Stock: the ledger with its locations and products, transfers, stock counts and
//! replenishment.

mod inventory;
mod stock_counts;
mod transfers;
