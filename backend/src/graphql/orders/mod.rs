//! Orders: sales orders (`orders`, `order`, `createOrder`, `confirmOrder`, `approveOrder`,
//! `cancelOrder`, `relocateOrder`, `releaseAllocation`, the live `orderChanged`), their
//! shipments (`shipOrder`), returns (`returnShipment`) and splits (`splitOrder`), store pickup
//! (`markReadyForPickup`, `handOverOrder`), outsourced warehouses (`shippingInstructions`,
//! `importShipmentResults`) and quotes (`quotes`, `quote`, `createQuote`,
//! `updateQuote`, `sendQuote`, `cancelQuote`, `convertQuote`). Thin over
//! `services::orders`; may use the catalog, stock, channels and sales types it links to.

use async_graphql::MergedObject;

pub mod documents;
pub mod outsourced;
pub mod pickup;
pub mod printing;
pub mod quotes;
pub mod returns;
pub mod shipping;
pub mod split;

/// Every orders query, merged like the mutations.
#[derive(MergedObject, Default)]
pub struct OrdersQueries(
    documents::OrdersQuery,
    quotes::QuotesQuery,
    outsourced::OutsourcedQuery,
);

/// Every orders mutation. Merged here, and the whole merged into the root, so the root's
/// nesting (which the compiler walks recursively) grows by area rather than by module.
#[derive(MergedObject, Default)]
pub struct OrdersMutations(
    documents::OrdersMutation,
    shipping::ShippingMutation,
    returns::ReturnsMutation,
    split::SplitMutation,
    pickup::PickupMutation,
    outsourced::OutsourcedMutation,
    quotes::QuotesMutation,
);
