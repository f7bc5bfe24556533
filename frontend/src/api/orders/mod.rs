//! Orders: sales orders (受注) and what leaves for them. Owns the orders with their lines,
//! the paged list, one order, entering, confirming, releasing and cancelling one and the
//! live `orderChanged` feed (`documents`), shipping an order's allocated units
//! (`shipping`), taking shipped goods back (`returns`) and shipping part of an order from
//! another location (`split`), for the order pages and the
//! fulfilment board, the quotes that become orders (`quotes`), and the CSV round trip with
//! outsourced warehouses (`outsourced`). Its types name their own locations and customers;
//! besides that it uses only `query` and `wire`.

/// Orders fetched per page of the list.
const PAGE_SIZE: u32 = 50;

// Declared before the modules so that every document selects the same order.
macro_rules! order_fields {
    () => {
        "id number status externalId requestedDate pricesIncludeTax note cancelReason orderedAt confirmedAt cancelledAt updatedAt \
         subtotal { amount currencyCode } tax { amount currencyCode } total { amount currencyCode } \
         shipTo { name postalCode prefecture city line1 line2 phone } \
         location { id code name } pickupLocation { id code name } readyForPickupAt customer { id name } \
         lines { lineNumber sku name quantity allocatedQuantity backorderedQuantity shippedQuantity cancelledQuantity taxClass \
         unitPrice { amount currencyCode } amount { amount currencyCode } variant { id barcode title } }"
    };
}

// An order with its shipments (and, when held, its credit figures), as its own page shows it.
macro_rules! order_detail_fields {
    () => {
        concat!(
            "{ ",
            order_fields!(),
            " quote { id number } shipments { id number carrier trackingNumber note shippedAt lines { lineNumber quantity } } \
             returns { id number reason receivedAt location { id code name } shipment { id number } \
             lines { lineNumber quantity restockedQuantity } } \
             splitFrom { id number } splitOrders { id number status location { id code name } total { amount currencyCode } } \
             creditHold { creditLimit { amount currencyCode } receivables { amount currencyCode } openOrders { amount currencyCode } \
             orderTotal { amount currencyCode } exposure { amount currencyCode } exceededBy { amount currencyCode } } }"
        )
    };
}

pub mod documents;
pub mod outsourced;
pub mod quotes;
pub mod returns;
pub mod shipping;
pub mod split;
