//! Orders: sales orders (受注) from the dashboard, partners and EC channels, the stock they
//! hold (allocation, 在庫引当) and wait for (backorders, 引当待ち), the credit check that
//! holds them (与信), the shipments and store handovers that fulfil them (出荷, 店舗受取),
//! the returns that bring goods back ([`returns`], 返品), the splits that ship part of an
//! order from elsewhere ([`split`], 分納), the quotes (見積, [`quotes`]) that
//! become them, and the CSV round trip with outsourced warehouses ([`outsourced`]). Owns
//! `orders`, `order_lines`, `shipments`, `shipment_lines`, `order_returns`,
//! `order_return_lines`, `quotes`, `quote_lines` and the company's document numbers. It may
//! call `catalog::products` (variant lookups, prices), `stock::inventory` (location checks),
//! `sales::customers` (credit limits, 掛率), `accounts::audit` and `channels::stock_sync`
//! (what channels may sell falls as stock is allocated), besides the cross-cutting `access`,
//! `idempotency`, `text` and `events`. `stock::inventory` calls [`backorders::fill`] when
//! stock arrives, in the same transaction.
//!
//! Every change to an order happens in one transaction that also changes the stock rows it
//! holds, writes the audit entry and queues `orderChanged` and `stockLevelChanged`.

pub mod allocation;
pub mod backorders;
pub mod cancel;
pub mod create;
pub mod credit;
mod draft;
pub mod numbers;
pub mod outsourced;
mod picks;
pub mod pickup;
pub mod printing;
pub mod quotes;
pub mod read;
pub mod release;
pub mod relocate;
pub mod returns;
pub mod shipping;
pub mod split;
mod write;

use chrono::NaiveDate;
use kura_shared::{Carrier, OrderStatus, ShipTo, TaxRate};
use uuid::Uuid;

pub use crate::events::{OrderLineRecord, OrderRecord};
use crate::services::catalog::products::VariantLookup;

/// A new sales order, as the caller gave it.
#[derive(Debug, Clone, Default)]
pub struct NewOrder {
    /// Who orders (a business partner or a consumer).
    pub customer_id: Option<Uuid>,
    /// The channel it came through (none: entered in the dashboard or by a partner).
    pub channel_id: Option<Uuid>,
    /// Where it is fulfilled from; for store pickup, the pickup store when not given.
    pub location_id: Option<Uuid>,
    /// Store pickup (BOPIS): the store the customer collects from.
    pub pickup_location_id: Option<Uuid>,
    /// What is ordered.
    pub lines: Vec<NewOrderLine>,
    /// Where it goes.
    pub ship_to: Option<ShipTo>,
    /// The delivery date the customer asked for.
    pub requested_date: Option<NaiveDate>,
    /// The channel's own order number: a repeat with it returns the first order.
    pub external_id: Option<String>,
    /// A key that makes a repeat of this call return the first order.
    pub idempotency_key: Option<String>,
    /// Whether the unit prices include tax (the company's setting when not given).
    pub prices_include_tax: Option<bool>,
    /// Free text.
    pub note: Option<String>,
}

/// One line of a new order.
#[derive(Debug, Clone)]
pub struct NewOrderLine {
    /// The variant, by id, SKU or barcode.
    pub item: VariantLookup,
    /// Units, at least 1.
    pub quantity: i64,
    /// Price of one unit as a decimal; the variant's price when not given.
    pub unit_price: Option<String>,
    /// The tax rate; the product's when not given.
    pub tax_class: Option<TaxRate>,
}

/// Goods leaving for an order.
#[derive(Debug, Clone)]
pub struct NewShipment {
    /// The order.
    pub order_id: Uuid,
    /// `(line number, units)` to ship; each at most what the line has allocated.
    pub lines: Vec<(i32, i64)>,
    /// Who carries it.
    pub carrier: Carrier,
    /// The carrier's tracking number (伝票番号).
    pub tracking_number: Option<String>,
    /// Free text.
    pub note: Option<String>,
    /// A key that makes a repeat of this call return the first shipment.
    pub idempotency_key: Option<String>,
}

/// A shipment with its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShipmentRecord {
    /// The shipment.
    pub id: Uuid,
    /// `SH-2026-000123`, gapless per company and year.
    pub number: String,
    /// The order it fulfils.
    pub order_id: Uuid,
    /// Where the goods left.
    pub location_id: Uuid,
    /// Who carries it.
    pub carrier: Carrier,
    /// The carrier's tracking number.
    pub tracking_number: String,
    /// Free text.
    pub note: String,
    /// When the goods left.
    pub shipped_at: chrono::DateTime<chrono::Utc>,
    /// `(order line number, variant, units)`.
    pub lines: Vec<(i32, Uuid, i64)>,
}

/// Which orders to list.
#[derive(Debug, Clone, Default)]
pub struct OrderFilter {
    /// Only these statuses.
    pub statuses: Option<Vec<OrderStatus>>,
    /// Only this customer's.
    pub customer_id: Option<Uuid>,
    /// Only those fulfilled from (or picked up at) these locations.
    pub location_ids: Option<Vec<Uuid>>,
    /// Only those made ready for pickup before this moment (the uncollected list).
    pub ready_before: Option<chrono::DateTime<chrono::Utc>>,
}
