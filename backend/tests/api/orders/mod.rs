//! Orders: sales orders, allocation and backorders, shipments, store pickup, and partners' terms
//! (掛率, credit).

mod credit;
mod documents;
mod pickup;
