//! Background work that runs beside the HTTP server in every replica, coordinating through
//! the database so replicas share it without doing anything twice.

pub mod stock_sync;
