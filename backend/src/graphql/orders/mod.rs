//! Orders: sales orders (`orders`, `order`, `createOrder`, `confirmOrder`, `cancelOrder`,
//! the live `orderChanged`) and their shipments (`shipOrder`). Thin over
//! `services::orders`; may use the catalog, stock, channels and sales types it links to.

pub mod documents;
pub mod printing;
pub mod shipping;
