//! Stock: the ledger with its locations and products, transfers, stock counts and
//! replenishment.

mod counts;
mod inventory;
mod transfers;
