//! Sales, returns and voids: the channels a sale can come from, the paged sales list with its
//! live `saleRecorded` feed, one sale, and recording a sale, a return or a void.

use kura_shared::{ChannelKind, ChannelProvider, PaymentMethod, SaleKind, SaleStatus, TaxClass};
use serde::{Deserialize, Serialize};

use super::PAGE_SIZE;
use crate::api::stock::levels::StockLevel;
use crate::api::wire::{Amount, Connection, Page};
use crate::api::{ApiError, query};

/// A sales channel.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Channel {
    /// Global id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// How it sells.
    pub kind: ChannelKind,
    /// Where its sales come from.
    pub provider: ChannelProvider,
}

/// Every active channel.
pub async fn channels() -> Result<Vec<Channel>, ApiError> {
    #[derive(Deserialize)]
    struct Data {
        channels: Connection<Channel>,
    }
    query::<_, Data>(
        "query Channels { channels(first: 250) { nodes { id name kind provider } pageInfo { hasNextPage endCursor } } }",
        (),
    )
    .await
    .map(|d| d.channels.nodes)
}

macro_rules! sale_fields {
    () => {
        "{ id kind status number externalId occurredAt pricesIncludeTax note voidedAt voidReason pointsEarned pointsRedeemed \
         subtotal { amount currencyCode } tax { amount currencyCode } total { amount currencyCode } discountTotal { amount currencyCode } \
         taxLines { taxClass ratePercent subtotal { amount currencyCode } tax { amount currencyCode } } \
         lines { lineNumber sku name quantity returnedQuantity restocked taxClass unitPrice { amount currencyCode } discount { amount currencyCode } amount { amount currencyCode } variant { title } } \
         payments { method reference amount { amount currencyCode } } \
         location { id code name } channel { id name } customer { id name pointsBalance } originalSale { id number } }"
    };
}

/// A location as a sale names it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SaleLocation {
    /// Global id.
    pub id: String,
    /// Short code.
    pub code: String,
    /// Display name.
    pub name: String,
}

/// A channel or customer as a sale names it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Named {
    /// Global id.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// The customer of a sale, with the points they hold after it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SaleCustomer {
    /// Global id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Loyalty points now.
    #[serde(default)]
    pub points_balance: i64,
}

/// A sale as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SaleRow {
    /// Global id.
    pub id: String,
    /// Sale or return.
    pub kind: SaleKind,
    /// Completed or voided.
    pub status: SaleStatus,
    /// Receipt number.
    pub number: String,
    /// When it happened.
    pub occurred_at: String,
    /// What the customer paid (negative for returns).
    pub total: Amount,
    /// Where.
    pub location: SaleLocation,
    /// Through which channel, if any.
    #[serde(default)]
    pub channel: Option<Named>,
    /// To whom, if known.
    #[serde(default)]
    pub customer: Option<Named>,
}

/// One per-rate line of a sale's tax.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SaleTaxLine {
    /// 10% or 8%.
    pub tax_class: TaxClass,
    /// The rate in percent.
    pub rate_percent: i64,
    /// Tax-excluded sum at this rate.
    pub subtotal: Amount,
    /// Tax at this rate.
    pub tax: Amount,
}

/// The variant side of a sale line.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LineVariant {
    /// `M / Navy`, or empty.
    pub title: String,
}

/// One line of a sale.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SaleLine {
    /// 1-based position, what returns refer to.
    pub line_number: i64,
    /// SKU at the time of sale.
    pub sku: String,
    /// Product name at the time of sale.
    pub name: String,
    /// Units (negative on returns).
    pub quantity: i64,
    /// Units already taken back by returns.
    pub returned_quantity: i64,
    /// Stock went back (returns) or was taken.
    pub restocked: bool,
    /// 10% or 8%.
    pub tax_class: TaxClass,
    /// Price of one unit.
    pub unit_price: Amount,
    /// Discount on the line.
    pub discount: Amount,
    /// `unit price × quantity − discount`.
    pub amount: Amount,
    /// The variant's option title.
    pub variant: LineVariant,
}

/// One payment of a sale.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SalePayment {
    /// How.
    pub method: PaymentMethod,
    /// Free-text reference (approval code …).
    pub reference: String,
    /// How much stayed in the till.
    pub amount: Amount,
}

/// A sale or return with everything a receipt shows.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Sale {
    /// Global id.
    pub id: String,
    /// Sale or return.
    pub kind: SaleKind,
    /// Completed or voided.
    pub status: SaleStatus,
    /// Receipt number.
    pub number: String,
    /// The client's or channel's id, if any.
    #[serde(default)]
    pub external_id: Option<String>,
    /// When it happened.
    pub occurred_at: String,
    /// Whether line prices included tax.
    pub prices_include_tax: bool,
    /// Free text.
    pub note: String,
    /// When it was voided.
    #[serde(default)]
    pub voided_at: Option<String>,
    /// Why it was voided.
    #[serde(default)]
    pub void_reason: Option<String>,
    /// Points the customer earned.
    pub points_earned: i64,
    /// Points the customer paid with.
    pub points_redeemed: i64,
    /// Tax-excluded total.
    pub subtotal: Amount,
    /// Consumption tax.
    pub tax: Amount,
    /// Tax-included total.
    pub total: Amount,
    /// Sum of line discounts.
    pub discount_total: Amount,
    /// Tax per rate.
    pub tax_lines: Vec<SaleTaxLine>,
    /// The lines.
    pub lines: Vec<SaleLine>,
    /// The payments.
    pub payments: Vec<SalePayment>,
    /// Where.
    pub location: SaleLocation,
    /// Through which channel.
    #[serde(default)]
    pub channel: Option<Named>,
    /// To whom.
    #[serde(default)]
    pub customer: Option<SaleCustomer>,
    /// For a return: the sale it takes back.
    #[serde(default)]
    pub original_sale: Option<SaleRef>,
}

/// Another sale, by number.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SaleRef {
    /// Global id.
    pub id: String,
    /// Receipt number.
    pub number: String,
}

/// Which sales the list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SaleFilter {
    /// Only these locations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location_ids: Option<Vec<String>>,
    /// Only these channels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_ids: Option<Vec<String>>,
    /// Only this customer's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    /// From this instant (RFC 3339), inclusive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Up to this instant, exclusive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

const SALES_QUERY: &str = concat!(
    "query Sales($first: Int, $after: String, $locationIds: [ID!], $channelIds: [ID!], $customerId: ID, $from: DateTime, $to: DateTime) { sales(first: $first, after: $after, locationIds: $locationIds, channelIds: $channelIds, customerId: $customerId, from: $from, to: $to) { nodes ",
    sale_row_fields!(),
    " pageInfo { hasNextPage endCursor } } }"
);

/// The newest sales matching `filter`, after `after`.
pub async fn sales(filter: SaleFilter, after: Option<String>) -> Result<Page<SaleRow>, ApiError> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Vars {
        first: u32,
        after: Option<String>,
        #[serde(flatten)]
        filter: SaleFilter,
    }
    #[derive(Deserialize)]
    struct Data {
        sales: Connection<SaleRow>,
    }
    let vars = Vars {
        first: PAGE_SIZE,
        after,
        filter,
    };
    query::<_, Data>(SALES_QUERY, vars)
        .await
        .map(|d| d.sales.into_page())
}

/// One sale with its lines.
pub async fn sale(id: String) -> Result<Sale, ApiError> {
    #[derive(Deserialize)]
    struct Data {
        sale: Sale,
    }
    query::<_, Data>(
        concat!(
            "query Sale($id: ID!) { sale(id: $id) ",
            sale_fields!(),
            " }"
        ),
        serde_json::json!({ "id": id }),
    )
    .await
    .map(|d| d.sale)
}

/// The live feed of new sales (and returns) at any location.
pub const SALE_RECORDED_SUBSCRIPTION: &str = concat!(
    "subscription SaleRecorded { saleRecorded ",
    sale_row_fields!(),
    " }"
);

/// What [`SALE_RECORDED_SUBSCRIPTION`] delivers.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SaleRecordedData {
    /// The new document.
    pub sale_recorded: SaleRow,
}

/// `SaleLineInput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SaleLineInput {
    /// The variant.
    pub variant_id: String,
    /// Units.
    pub quantity: i64,
    /// Discount on the line, decimal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discount: Option<String>,
}

/// `PaymentInput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaymentInput {
    /// How.
    pub method: PaymentMethod,
    /// How much, decimal (cash may exceed the total).
    pub amount: String,
    /// Approval code and the like.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// `RecordSaleInput`, as the register sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordSaleInput {
    /// Where.
    pub location_id: String,
    /// Through which channel.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<String>,
    /// The client's retry key, so a retry after a lost answer is not a second sale (the
    /// sale keeps Kura's `R-…` number).
    pub idempotency_key: String,
    /// The lines.
    pub lines: Vec<SaleLineInput>,
    /// The payments.
    pub payments: Vec<PaymentInput>,
    /// The customer, if attached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
}

/// What recording a sale or return did.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RecordSalePayload {
    /// The document.
    pub sale: Sale,
    /// Stock rows that went below zero.
    pub oversold: Vec<StockLevel>,
    /// A repeat of an earlier call: nothing changed.
    pub replayed: bool,
}

const OVERSOLD_FIELDS: &str = "oversold { id variantId locationId onHand allocated available incoming version reorderPoint reorderQuantity low negative } replayed";

/// Records a sale from the register.
pub async fn record_sale(input: RecordSaleInput) -> Result<RecordSalePayload, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        record_sale_with_details: RecordSalePayload,
    }
    let document = format!(
        "mutation RecordSale($input: RecordSaleInput!) {{ recordSaleWithDetails(input: $input) {{ sale {} {OVERSOLD_FIELDS} }} }}",
        sale_fields!()
    );
    query::<_, Data>(&document, serde_json::json!({ "input": input }))
        .await
        .map(|d| d.record_sale_with_details)
}

/// `ReturnLineInput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReturnLineInput {
    /// Which line of the sale.
    pub line_number: i64,
    /// Units taken back.
    pub quantity: i64,
}

/// `RecordReturnInput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordReturnInput {
    /// The sale.
    pub sale_id: String,
    /// Lines and units.
    pub lines: Vec<ReturnLineInput>,
    /// Put the goods back on the shelf.
    pub restock: bool,
    /// The client's retry key for the return.
    pub idempotency_key: String,
}

/// Takes goods back against a sale.
pub async fn record_return(input: RecordReturnInput) -> Result<RecordSalePayload, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        record_return: RecordSalePayload,
    }
    let document = format!(
        "mutation RecordReturn($input: RecordReturnInput!) {{ recordReturn(input: $input) {{ sale {} {OVERSOLD_FIELDS} }} }}",
        sale_fields!()
    );
    query::<_, Data>(&document, serde_json::json!({ "input": input }))
        .await
        .map(|d| d.record_return)
}

/// Voids a sale, putting its stock back.
pub async fn void_sale(id: String, reason: String) -> Result<Sale, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        void_sale: Sale,
    }
    query::<_, Data>(
        concat!(
            "mutation VoidSale($id: ID!, $reason: String!) { voidSale(id: $id, reason: $reason) ",
            sale_fields!(),
            " }"
        ),
        serde_json::json!({ "id": id, "reason": reason }),
    )
    .await
    .map(|d| d.void_sale)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn sale_filters_leave_out_what_is_not_set() {
        let vars = serde_json::to_value(SaleFilter {
            location_ids: Some(vec!["l1".into()]),
            ..SaleFilter::default()
        })
        .expect("serialises");
        assert_eq!(vars, json!({ "locationIds": ["l1"] }));
    }

    #[test]
    fn a_register_sale_sends_its_retry_key_and_cash_tendered() {
        let input = RecordSaleInput {
            location_id: "l1".into(),
            channel_id: None,
            idempotency_key: "u-1".into(),
            lines: vec![SaleLineInput {
                variant_id: "v1".into(),
                quantity: 2,
                discount: None,
            }],
            payments: vec![PaymentInput {
                method: PaymentMethod::Cash,
                amount: "10000".into(),
                reference: None,
            }],
            customer_id: None,
        };
        assert_eq!(
            serde_json::to_value(input).expect("serialises"),
            json!({
                "locationId": "l1", "idempotencyKey": "u-1",
                "lines": [{ "variantId": "v1", "quantity": 2 }],
                "payments": [{ "method": "CASH", "amount": "10000" }]
            })
        );
    }
}
