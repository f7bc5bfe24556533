//! Orders: sales orders, allocation and backorders, shipments, store pickup, quotes, and
//! partners' terms (掛率, credit).

mod credit;
mod documents;
mod outsourced;
mod pickup;
mod quotes;
