//! Stock: the ledger with its locations and products, transfers, stock counts and
//! replenishment.

mod inventory;
mod counts;
mod transfers;
