//! What a sale event carries: the whole document, so a live subscriber (`saleRecorded`)
//! and the dashboard's cached figures need no second read of the database.

use chrono::{DateTime, Utc};
use kura_shared::{CurrencyCode, PaymentMethod, RoundingMode, SaleKind, SaleStatus, TaxRate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::store::tenant::records::{sale, sale_line, sale_payment};

/// A sale or return document with its lines and payments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleRecord {
    /// The document (UUIDv7).
    pub id: Uuid,
    /// Sale or return.
    pub kind: SaleKind,
    /// Completed or voided.
    pub status: SaleStatus,
    /// The channel it came through, if any.
    pub channel_id: Option<Uuid>,
    /// Where the goods left (or came back).
    pub location_id: Uuid,
    /// Who bought, if known.
    pub customer_id: Option<Uuid>,
    /// The channel's own id (receipt or order number).
    pub external_id: Option<String>,
    /// The sale a return reverses.
    pub original_sale_id: Option<Uuid>,
    /// When it happened at the till or in the shop.
    pub occurred_at: DateTime<Utc>,
    /// ISO 4217 code of every amount.
    pub currency: CurrencyCode,
    /// Whether line amounts include tax.
    pub prices_include_tax: bool,
    /// How tax was rounded (once per rate).
    pub tax_rounding: RoundingMode,
    /// Total before tax.
    pub subtotal: i64,
    /// Consumption tax.
    pub tax: i64,
    /// What the customer paid (negative on a return).
    pub total: i64,
    /// Discounts given on the lines.
    pub discount_total: i64,
    /// Cost of the goods, when every line's cost is known.
    pub cost_total: Option<i64>,
    /// Loyalty points earned.
    pub points_earned: i64,
    /// Loyalty points spent as payment.
    pub points_redeemed: i64,
    /// Free text.
    pub note: String,
    /// The person who recorded it.
    pub actor_user_id: Option<Uuid>,
    /// Or the API key.
    pub actor_api_key: Option<String>,
    /// When Kura recorded it.
    pub created_at: DateTime<Utc>,
    /// When it was voided.
    pub voided_at: Option<DateTime<Utc>>,
    /// Why.
    pub void_reason: Option<String>,
    /// The lines, in order.
    pub lines: Vec<SaleLineRecord>,
    /// The payments, in order.
    pub payments: Vec<PaymentRecord>,
}

/// One line of a sale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleLineRecord {
    /// Position, from 1.
    pub line_no: i32,
    /// The variant sold.
    pub variant_id: Uuid,
    /// Its SKU at the time.
    pub sku: String,
    /// Its product's name at the time.
    pub name: String,
    /// Units (negative on a return).
    pub quantity: i64,
    /// Price of one unit.
    pub unit_price: i64,
    /// Discount on the whole line.
    pub discount: i64,
    /// `unit_price × quantity − discount`.
    pub amount: i64,
    /// The tax rate of the line.
    pub tax_rate: TaxRate,
    /// Cost of one unit, when known.
    pub unit_cost: Option<i64>,
    /// On a return: whether the units went back into stock.
    pub restock: bool,
    /// On a sale: units returned so far.
    pub returned_quantity: i64,
}

/// One payment of a sale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentRecord {
    /// How.
    pub method: PaymentMethod,
    /// How much.
    pub amount: i64,
    /// A card slip or QR transaction number.
    pub reference: String,
}

impl SaleRecord {
    /// Assembles a record from its stored rows.
    pub fn from_rows(
        head: sale::Model,
        lines: Vec<sale_line::Model>,
        payments: Vec<sale_payment::Model>,
    ) -> Self {
        let lines = lines
            .into_iter()
            .map(|l| SaleLineRecord {
                tax_rate: l.tax_rate,
                line_no: l.line_no,
                variant_id: l.variant_id,
                sku: l.sku,
                name: l.name,
                quantity: l.quantity,
                unit_price: l.unit_price,
                discount: l.discount,
                amount: l.amount,
                unit_cost: l.unit_cost,
                restock: l.restock,
                returned_quantity: l.returned_quantity,
            })
            .collect();
        let payments = payments
            .into_iter()
            .map(|p| PaymentRecord {
                method: p.method,
                amount: p.amount,
                reference: p.reference,
            })
            .collect();
        Self {
            kind: head.kind,
            status: head.status,
            id: head.id,
            channel_id: head.channel_id,
            location_id: head.location_id,
            customer_id: head.customer_id,
            external_id: head.external_id,
            original_sale_id: head.original_sale_id,
            occurred_at: head.occurred_at,
            currency: head.currency,
            prices_include_tax: head.prices_include_tax,
            tax_rounding: head.tax_rounding,
            subtotal: head.subtotal,
            tax: head.tax,
            total: head.total,
            discount_total: head.discount_total,
            cost_total: head.cost_total,
            points_earned: head.points_earned,
            points_redeemed: head.points_redeemed,
            note: head.note,
            actor_user_id: head.actor_user_id,
            actor_api_key: head.actor_api_key,
            created_at: head.created_at,
            voided_at: head.voided_at,
            void_reason: head.void_reason,
            lines,
            payments,
        }
    }

    /// Gross margin: total before tax less cost, when the cost is known.
    pub fn margin(&self) -> Option<i64> {
        self.cost_total.map(|cost| self.subtotal - cost)
    }

    /// True while the sale counts in the figures.
    pub fn counts(&self) -> bool {
        self.status == SaleStatus::Completed
    }
}
