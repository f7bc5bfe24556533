//! Orders: sales orders, allocation and backorders, shipments.

mod documents;
