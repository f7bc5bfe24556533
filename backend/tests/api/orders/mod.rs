//! Orders: sales orders, allocation and backorders, shipments, returns and splits, store pickup,
//! quotes, and partners' terms (掛率, credit).

mod credit;
mod documents;
mod outsourced;
mod pickup;
mod quotes;
mod returns;
mod split;
