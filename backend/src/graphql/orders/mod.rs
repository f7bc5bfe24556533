//! Orders: sales orders (`orders`, `order`, `createOrder`, `confirmOrder`, `approveOrder`,
//! `cancelOrder`, `relocateOrder`, `releaseAllocation`, the live `orderChanged`), their
//! shipments (`shipOrder`) and returns (`returnShipment`), store pickup
//! (`markReadyForPickup`, `handOverOrder`), outsourced warehouses (`shippingInstructions`,
//! `importShipmentResults`) and quotes (`quotes`, `quote`, `createQuote`,
//! `updateQuote`, `sendQuote`, `cancelQuote`, `convertQuote`). Thin over
//! `services::orders`; may use the catalog, stock, channels and sales types it links to.

pub mod documents;
pub mod outsourced;
pub mod pickup;
pub mod printing;
pub mod quotes;
pub mod returns;
pub mod shipping;
