//! What an order event carries: the whole order, so live subscribers (`orderChanged`, the
//! fulfilment board) need no second read of the database.

use chrono::{DateTime, NaiveDate, Utc};
use kura_shared::{CurrencyCode, LineUnits, OrderStatus, RoundingMode, ShipTo, TaxRate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::store::tenant::records::{order, order_line};

/// A sales order with its lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRecord {
    /// The order (UUIDv7).
    pub id: Uuid,
    /// `SO-2026-000123`, gapless per company and year.
    pub number: String,
    /// Where it is in its life.
    pub status: OrderStatus,
    /// Who ordered.
    pub customer_id: Option<Uuid>,
    /// The channel it came through.
    pub channel_id: Option<Uuid>,
    /// Where it is fulfilled from (its stock is allocated there).
    pub location_id: Uuid,
    /// For store pickup: the store.
    pub pickup_location_id: Option<Uuid>,
    /// The channel's own order number.
    pub external_id: Option<String>,
    /// The delivery date the customer asked for.
    pub requested_date: Option<NaiveDate>,
    /// Where it goes.
    pub ship_to: Option<ShipTo>,
    /// ISO 4217 code of every amount.
    pub currency: CurrencyCode,
    /// Whether line amounts include tax.
    pub prices_include_tax: bool,
    /// How tax is rounded (once per rate).
    pub tax_rounding: RoundingMode,
    /// Total before tax.
    pub subtotal: i64,
    /// Consumption tax.
    pub tax: i64,
    /// What the customer pays.
    pub total: i64,
    /// Free text.
    pub note: String,
    /// Why it was cancelled.
    pub cancel_reason: Option<String>,
    /// When it was ordered (backorders are filled in this order).
    pub ordered_at: DateTime<Utc>,
    /// When it was confirmed.
    pub confirmed_at: Option<DateTime<Utc>>,
    /// When it was cancelled.
    pub cancelled_at: Option<DateTime<Utc>>,
    /// Store pickup: when it was made ready for the customer to collect.
    #[serde(default)]
    pub ready_at: Option<DateTime<Utc>>,
    /// The order this one was split from (分納).
    #[serde(default)]
    pub split_from_order_id: Option<Uuid>,
    /// The person who entered it.
    pub actor_user_id: Option<Uuid>,
    /// Or the API key.
    pub actor_api_key: Option<String>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Bumped by every change.
    pub version: i64,
    /// The lines, by line number.
    pub lines: Vec<OrderLineRecord>,
}

/// One line of an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLineRecord {
    /// Position, from 1.
    pub line_number: i32,
    /// What.
    pub variant_id: Uuid,
    /// The SKU when ordered.
    pub sku: String,
    /// The product name when ordered.
    pub name: String,
    /// Price of one unit.
    pub unit_price: i64,
    /// The tax rate.
    pub tax_class: TaxRate,
    /// `unit price × quantity`.
    pub amount: i64,
    /// How the units are split.
    pub units: LineUnits,
}

impl OrderRecord {
    /// Assembles a record from its stored rows.
    pub fn from_rows(head: order::Model, lines: Vec<order_line::Model>) -> Self {
        let ship_to = head
            .ship_to
            .as_deref()
            .and_then(|json| serde_json::from_str(json).ok());
        let mut lines: Vec<OrderLineRecord> =
            lines.into_iter().map(OrderLineRecord::from).collect();
        lines.sort_by_key(|l| l.line_number);
        Self {
            id: head.id,
            number: head.number,
            status: head.status,
            customer_id: head.customer_id,
            channel_id: head.channel_id,
            location_id: head.location_id,
            pickup_location_id: head.pickup_location_id,
            external_id: head.external_id,
            requested_date: head.requested_date,
            ship_to,
            currency: head.currency,
            prices_include_tax: head.prices_include_tax,
            tax_rounding: head.tax_rounding,
            subtotal: head.subtotal,
            tax: head.tax,
            total: head.total,
            note: head.note,
            cancel_reason: head.cancel_reason,
            ordered_at: head.ordered_at,
            confirmed_at: head.confirmed_at,
            cancelled_at: head.cancelled_at,
            ready_at: head.ready_at,
            split_from_order_id: head.split_from_order_id,
            actor_user_id: head.actor_user_id,
            actor_api_key: head.actor_api_key,
            updated_at: head.updated_at,
            version: head.version,
            lines,
        }
    }

    /// The lines' units, in line order.
    pub fn units(&self) -> Vec<LineUnits> {
        self.lines.iter().map(|l| l.units).collect()
    }
}

impl From<order_line::Model> for OrderLineRecord {
    fn from(l: order_line::Model) -> Self {
        OrderLineRecord {
            line_number: l.line_number,
            variant_id: l.variant_id,
            sku: l.sku,
            name: l.name,
            unit_price: l.unit_price,
            tax_class: l.tax_class,
            amount: l.amount,
            units: LineUnits {
                quantity: l.quantity,
                allocated: l.allocated,
                backordered: l.backordered,
                shipped: l.shipped,
                cancelled: l.cancelled,
            },
        }
    }
}
