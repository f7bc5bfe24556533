//! Sales orders: the paged list (by status, customer or location), one order with its
//! shipments, entering an order as a draft or confirmed at once, confirming, approving one
//! held past a credit limit, cancelling, and the live `orderChanged` feed.

use kura_shared::{Carrier, LineUnits, OrderStatus, TaxClass};
use serde::{Deserialize, Serialize};

use super::PAGE_SIZE;
use crate::api::wire::{Amount, Connection, IdVars, InputVars, Page};
use crate::api::{ApiError, query};

/// A location as an order names it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct OrderLocation {
    /// Global id.
    pub id: String,
    /// Short code.
    pub code: String,
    /// Display name.
    pub name: String,
}

/// Who ordered.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct OrderCustomer {
    /// Global id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Their email, where a page asks for it (a quote's, to send it).
    #[serde(default)]
    pub email: Option<String>,
}

/// Where an order goes (`OrderAddress`, and `OrderAddressInput` when entering one).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderAddress {
    /// Who receives it.
    pub name: String,
    /// `NNN-NNNN`.
    pub postal_code: String,
    /// The prefecture.
    pub prefecture: String,
    /// City, ward, town.
    pub city: String,
    /// Street and number.
    pub line1: String,
    /// Building, floor, room.
    pub line2: String,
    /// Digits.
    pub phone: String,
}

/// The variant of an order line, as packing matches a scan against it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LineVariant {
    /// Global id.
    pub id: String,
    /// Its JAN/EAN/UPC, if it has one.
    #[serde(default)]
    pub barcode: Option<String>,
    /// `M / Navy`, or empty.
    pub title: String,
}

/// One line of an order and where its units stand.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderLine {
    /// Position, from 1.
    pub line_number: i64,
    /// SKU when ordered.
    pub sku: String,
    /// Product name when ordered.
    pub name: String,
    /// Units ordered.
    pub quantity: i64,
    /// Units held at the fulfilment location.
    pub allocated_quantity: i64,
    /// Units waiting for stock.
    pub backordered_quantity: i64,
    /// Units that have left.
    pub shipped_quantity: i64,
    /// Units that will not ship.
    pub cancelled_quantity: i64,
    /// 10% or 8%.
    pub tax_class: TaxClass,
    /// Price of one unit.
    pub unit_price: Amount,
    /// `unit price × quantity`.
    pub amount: Amount,
    /// The variant.
    pub variant: LineVariant,
}

impl OrderLine {
    /// The line's units, for `kura_shared`'s rules about them.
    pub fn units(&self) -> LineUnits {
        LineUnits {
            quantity: self.quantity,
            allocated: self.allocated_quantity,
            backordered: self.backordered_quantity,
            shipped: self.shipped_quantity,
            cancelled: self.cancelled_quantity,
        }
    }
}

/// Units of one order line on a shipment.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShipmentLine {
    /// The order line.
    pub line_number: i64,
    /// Units that left.
    pub quantity: i64,
}

/// Goods that left for an order.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Shipment {
    /// Global id.
    pub id: String,
    /// `SH-2026-000045`.
    pub number: String,
    /// Who carries it.
    pub carrier: Carrier,
    /// 伝票番号, or empty.
    pub tracking_number: String,
    /// Free text.
    pub note: String,
    /// RFC 3339.
    pub shipped_at: String,
    /// What left.
    pub lines: Vec<ShipmentLine>,
}

/// Units of one order line that came back.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReturnLine {
    /// The order line.
    pub line_number: i64,
    /// Units that came back.
    pub quantity: i64,
    /// Of those, the units put back on the shelf.
    pub restocked_quantity: i64,
}

/// The shipment a return names.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ReturnedShipment {
    /// Global id.
    pub id: String,
    /// `SH-2026-000045`.
    pub number: String,
}

/// Goods that came back on a shipment (返品).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderReturn {
    /// Global id.
    pub id: String,
    /// `RT-2026-000012`.
    pub number: String,
    /// Why, or empty.
    pub reason: String,
    /// RFC 3339.
    pub received_at: String,
    /// Where the goods came back to.
    pub location: OrderLocation,
    /// The shipment they left on.
    pub shipment: ReturnedShipment,
    /// What came back.
    pub lines: Vec<ReturnLine>,
}

/// A sales order.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Order {
    /// Global id.
    pub id: String,
    /// `SO-2026-000123`.
    pub number: String,
    /// Where it is in its life.
    pub status: OrderStatus,
    /// The channel's own order number.
    #[serde(default)]
    pub external_id: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub requested_date: Option<String>,
    /// Where it goes.
    #[serde(default)]
    pub ship_to: Option<OrderAddress>,
    /// Whether line amounts include tax.
    pub prices_include_tax: bool,
    /// Before tax.
    pub subtotal: Amount,
    /// Consumption tax.
    pub tax: Amount,
    /// What the customer pays.
    pub total: Amount,
    /// Free text.
    pub note: String,
    /// Why it was cancelled.
    #[serde(default)]
    pub cancel_reason: Option<String>,
    /// RFC 3339.
    pub ordered_at: String,
    /// RFC 3339.
    #[serde(default)]
    pub confirmed_at: Option<String>,
    /// RFC 3339.
    #[serde(default)]
    pub cancelled_at: Option<String>,
    /// RFC 3339: the last change (for a shipped order, when it shipped).
    pub updated_at: String,
    /// Where it is fulfilled from.
    pub location: OrderLocation,
    /// Store pickup: where the customer collects it.
    #[serde(default)]
    pub pickup_location: Option<OrderLocation>,
    /// Store pickup: RFC 3339, when it was made ready.
    #[serde(default)]
    pub ready_for_pickup_at: Option<String>,
    /// Who ordered.
    #[serde(default)]
    pub customer: Option<OrderCustomer>,
    /// The lines.
    pub lines: Vec<OrderLine>,
    /// What has left, oldest first (only on the order's own page).
    #[serde(default)]
    pub shipments: Vec<Shipment>,
    /// What has come back, oldest first (only on the order's own page).
    #[serde(default)]
    pub returns: Vec<OrderReturn>,
    /// Why an `ON_HOLD` order waits for a manager (only on the order's own page).
    #[serde(default)]
    pub credit_hold: Option<CreditHold>,
    /// The quote it was converted from.
    #[serde(default)]
    pub quote: Option<DocumentRef>,
    /// The order it was split from (only on the order's own page).
    #[serde(default)]
    pub split_from: Option<DocumentRef>,
    /// The orders split off it, oldest first (only on the order's own page).
    #[serde(default)]
    pub split_orders: Vec<SplitOrder>,
}

/// An order split off another (分納), as the original's page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SplitOrder {
    /// Global id.
    pub id: String,
    /// `SO-2026-000124`.
    pub number: String,
    /// Where it is in its life.
    pub status: OrderStatus,
    /// Where it ships from.
    pub location: OrderLocation,
    /// What the customer pays for it.
    pub total: Amount,
}

/// The credit figures a held order waits on (与信).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreditHold {
    /// The customer's 与信限度額.
    pub credit_limit: Amount,
    /// What the customer owes on issued invoices (売掛金).
    pub receivables: Amount,
    /// What the customer's other open orders owe.
    pub open_orders: Amount,
    /// This order's total.
    pub order_total: Amount,
    /// All three together.
    pub exposure: Amount,
    /// How far past the limit.
    pub exceeded_by: Amount,
}

/// Another document an order links to by number: the quote it was converted from, or the
/// order it was split from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DocumentRef {
    /// Global id.
    pub id: String,
    /// `Q-2026-000123`, `SO-2026-000123`.
    pub number: String,
}

/// Which orders a list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderFilter {
    /// Only these statuses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Vec<OrderStatus>>,
    /// Only this customer's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    /// Only those fulfilled from these locations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location_ids: Option<Vec<String>>,
    /// Only those made ready for pickup before this moment (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ready_before: Option<String>,
}

const ORDERS_QUERY: &str = concat!(
    "query Orders($first: Int, $after: String, $status: [OrderStatus!], $customerId: ID, $locationIds: [ID!], $readyBefore: DateTime) { orders(first: $first, after: $after, status: $status, customerId: $customerId, locationIds: $locationIds, readyBefore: $readyBefore) { nodes { ",
    order_fields!(),
    " } pageInfo { hasNextPage endCursor } } }"
);

/// The newest orders matching `filter` after `after`, `first` at a time (a page of the list
/// when `None`).
pub async fn orders(
    filter: OrderFilter,
    after: Option<String>,
    first: Option<u32>,
) -> Result<Page<Order>, ApiError> {
    #[derive(Serialize)]
    struct Vars {
        first: u32,
        after: Option<String>,
        #[serde(flatten)]
        filter: OrderFilter,
    }
    #[derive(Deserialize)]
    struct Data {
        orders: Connection<Order>,
    }
    let vars = Vars {
        first: first.unwrap_or(PAGE_SIZE),
        after,
        filter,
    };
    query::<_, Data>(ORDERS_QUERY, vars)
        .await
        .map(|d| d.orders.into_page())
}

/// One order with its shipments.
pub async fn order(id: String) -> Result<Order, ApiError> {
    #[derive(Deserialize)]
    struct Data {
        order: Order,
    }
    query::<_, Data>(
        concat!(
            "query Order($id: ID!) { order(id: $id) ",
            order_detail_fields!(),
            " }"
        ),
        IdVars { id: &id },
    )
    .await
    .map(|d| d.order)
}

/// One line of a new order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderLineInput {
    /// The variant, found when it was scanned or typed.
    pub variant_id: String,
    /// Units.
    pub quantity: i64,
    /// Price of one unit, decimal; the variant's price when left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_price: Option<String>,
}

/// `CreateOrderInput`, as the order entry sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateOrderInput {
    /// Who orders.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    /// Where it is fulfilled from.
    pub location_id: String,
    /// What is ordered.
    pub lines: Vec<OrderLineInput>,
    /// Where it goes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ship_to: Option<OrderAddress>,
    /// `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requested_date: Option<String>,
    /// Free text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Made once per form, so a second click returns the first order.
    pub idempotency_key: String,
    /// Confirm (allocate) at once.
    pub confirm: bool,
}

/// Enters an order (and confirms it when `input.confirm`).
pub async fn create_order(input: CreateOrderInput) -> Result<Order, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        create_order: Order,
    }
    query::<_, Data>(
        concat!(
            "mutation CreateOrder($input: CreateOrderInput!) { createOrder(input: $input) ",
            order_detail_fields!(),
            " }"
        ),
        InputVars { input },
    )
    .await
    .map(|d| d.create_order)
}

/// Confirms a draft: what its location has is allocated, the rest backordered.
pub async fn confirm_order(id: String) -> Result<Order, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        confirm_order: Order,
    }
    query::<_, Data>(
        concat!(
            "mutation ConfirmOrder($id: ID!) { confirmOrder(id: $id) ",
            order_detail_fields!(),
            " }"
        ),
        IdVars { id: &id },
    )
    .await
    .map(|d| d.confirm_order)
}

/// Approves an order held past its customer's credit limit (managers), which then
/// allocates like a confirmation.
pub async fn approve_order(id: String) -> Result<Order, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        approve_order: Order,
    }
    query::<_, Data>(
        concat!(
            "mutation ApproveOrder($id: ID!) { approveOrder(id: $id) ",
            order_detail_fields!(),
            " }"
        ),
        IdVars { id: &id },
    )
    .await
    .map(|d| d.approve_order)
}

/// Marks a store-pickup order ready for its customer.
pub async fn mark_ready_for_pickup(id: String) -> Result<Order, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        mark_ready_for_pickup: Order,
    }
    query::<_, Data>(
        concat!(
            "mutation MarkReady($id: ID!) { markReadyForPickup(id: $id) ",
            order_detail_fields!(),
            " }"
        ),
        IdVars { id: &id },
    )
    .await
    .map(|d| d.mark_ready_for_pickup)
}

/// Hands a ready pickup order over at the store; the order as it is after (completed).
pub async fn hand_over_order(id: String, note: String, key: String) -> Result<Order, ApiError> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Input {
        order_id: String,
        note: String,
        idempotency_key: String,
    }
    #[derive(Deserialize)]
    struct Handed {
        order: Order,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        hand_over_order: Handed,
    }
    let input = Input {
        order_id: id,
        note,
        idempotency_key: key,
    };
    query::<_, Data>(
        concat!(
            "mutation HandOver($input: HandOverOrderInput!) { handOverOrder(input: $input) { order ",
            order_detail_fields!(),
            " } }"
        ),
        InputVars { input },
    )
    .await
    .map(|d| d.hand_over_order.order)
}

/// Cancels what is still open on an order, releasing the stock it held.
pub async fn cancel_order(id: String, reason: String) -> Result<Order, ApiError> {
    #[derive(Serialize)]
    struct Vars {
        id: String,
        reason: String,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        cancel_order: Order,
    }
    query::<_, Data>(
        concat!(
            "mutation CancelOrder($id: ID!, $reason: String) { cancelOrder(id: $id, reason: $reason) ",
            order_detail_fields!(),
            " }"
        ),
        Vars { id, reason },
    )
    .await
    .map(|d| d.cancel_order)
}

/// Moves an open order to another fulfilment location (出荷元変更).
pub async fn relocate_order(id: String, location_id: String) -> Result<Order, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        relocate_order: Order,
    }
    query::<_, Data>(
        concat!(
            "mutation RelocateOrder($id: ID!, $l: ID!) { relocateOrder(id: $id, locationId: $l) ",
            order_detail_fields!(),
            " }"
        ),
        serde_json::json!({ "id": id, "l": location_id }),
    )
    .await
    .map(|d| d.relocate_order)
}

/// Units of one order line (`OrderLineQuantityInput`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LineQuantity {
    /// The order line.
    pub line_number: i64,
    /// Units, at least 1.
    pub quantity: i64,
}

/// Releases allocated units of an order (引当解除): they go to the other orders waiting,
/// and the lines wait again.
pub async fn release_allocation(
    order_id: String,
    lines: Vec<LineQuantity>,
) -> Result<Order, ApiError> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Input {
        order_id: String,
        lines: Vec<LineQuantity>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        release_allocation: Order,
    }
    query::<_, Data>(
        concat!(
            "mutation ReleaseAllocation($input: ReleaseAllocationInput!) { releaseAllocation(input: $input) ",
            order_detail_fields!(),
            " }"
        ),
        InputVars {
            input: Input { order_id, lines },
        },
    )
    .await
    .map(|d| d.release_allocation)
}

/// Every order as it is created or changes, fulfilled from any of `$locationIds` (all the
/// person may see when null).
pub const ORDER_CHANGED_SUBSCRIPTION: &str = concat!(
    "subscription OrderChanged($locationIds: [ID!]) { orderChanged(locationIds: $locationIds) { ",
    order_fields!(),
    " } }"
);

/// The same with each order's shipments, for the order's own page.
pub const ORDER_DETAIL_CHANGED_SUBSCRIPTION: &str = concat!(
    "subscription OrderDetailChanged($locationIds: [ID!]) { orderChanged(locationIds: $locationIds) ",
    order_detail_fields!(),
    " }"
);

/// Variables of the `orderChanged` subscriptions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderChangedVars {
    /// Only orders fulfilled from (or picked up at) these locations.
    pub location_ids: Option<Vec<String>>,
}

/// What the `orderChanged` subscriptions deliver.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderChangedData {
    /// The order as it is now.
    pub order_changed: Order,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn an_order_from_the_entry_form_sends_its_key_and_leaves_out_what_is_empty() {
        let input = CreateOrderInput {
            customer_id: None,
            location_id: "l1".into(),
            lines: vec![OrderLineInput {
                variant_id: "v1".into(),
                quantity: 2,
                unit_price: Some("1800".into()),
            }],
            ship_to: None,
            requested_date: Some("2026-12-24".into()),
            note: None,
            idempotency_key: "k-1".into(),
            confirm: true,
        };
        assert_eq!(
            serde_json::to_value(input).expect("serialises"),
            json!({
                "locationId": "l1",
                "lines": [{ "variantId": "v1", "quantity": 2, "unitPrice": "1800" }],
                "requestedDate": "2026-12-24", "idempotencyKey": "k-1", "confirm": true
            })
        );
    }

    #[test]
    fn a_lines_units_come_from_its_four_quantities() {
        let line: OrderLine = serde_json::from_value(json!({
            "lineNumber": 1, "sku": "TS-M", "name": "Tee", "quantity": 5,
            "allocatedQuantity": 3, "backorderedQuantity": 1, "shippedQuantity": 1,
            "cancelledQuantity": 0, "taxClass": "STANDARD",
            "unitPrice": { "amount": "2980", "currencyCode": "JPY" },
            "amount": { "amount": "14900", "currencyCode": "JPY" },
            "variant": { "id": "v1", "barcode": null, "title": "" }
        }))
        .expect("decodes");
        assert!(line.units().adds_up());
        assert_eq!(line.units().open(), 4);
    }
}
