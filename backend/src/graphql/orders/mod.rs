//! Orders: sales orders (`orders`, `order`, `createOrder`, `confirmOrder`, `approveOrder`,
//! `cancelOrder`, the live `orderChanged`), their shipments (`shipOrder`) and store pickup
//! (`markReadyForPickup`, `handOverOrder`). Thin over `services::orders`; may use the
//! catalog, stock, channels and sales types it links to.

pub mod documents;
pub mod pickup;
pub mod printing;
pub mod shipping;
