//! Orders: sales orders, allocation and backorders, shipments, quotes.

mod documents;
mod quotes;
