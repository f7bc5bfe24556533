//! The sales dashboard's data: `salesSummary`, `oversoldStock`, and the sale events that
//! tell the dashboard to refresh.

use serde::{Deserialize, Serialize};

use crate::api::catalog::locations::LocationRef;
use crate::api::catalog::products::ProductRef;
use crate::api::stock::levels::LowStockRow;
use crate::api::{ApiError, query};

/// Which stretch of time the dashboard shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SummaryPeriod {
    /// Since local midnight, by hour.
    Today,
    /// Since the first of the month, by day.
    Month,
}

/// `Money` as the API sends it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MoneyValue {
    /// A decimal string such as `"1980"`.
    pub amount: String,
    /// ISO 4217.
    pub currency_code: String,
}

impl MoneyValue {
    /// The amount as shared `Money`, for formatting and arithmetic.
    pub fn money(&self) -> Option<kura_shared::Money> {
        let currency = self.currency_code.parse().ok()?;
        kura_shared::Money::parse_decimal(&self.amount, currency).ok()
    }

    /// Minor units, for chart scales (0 when unreadable).
    pub fn minor(&self) -> i64 {
        self.money().map_or(0, |m| m.amount_minor)
    }
}

impl std::fmt::Display for MoneyValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.money() {
            Some(money) => write!(f, "{money}"),
            None => write!(f, "{} {}", self.amount, self.currency_code),
        }
    }
}

/// Sums over a set of sales.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SalesFigures {
    /// Paid, tax included.
    pub total: MoneyValue,
    /// Sales counted.
    pub sales_count: i64,
    /// Returns counted.
    pub returns_count: i64,
    /// Total per sale.
    pub average_basket: Option<MoneyValue>,
    /// `subtotal − cost` where cost is known.
    pub gross_margin: MoneyValue,
    /// Margin rate, `"42.5"`.
    pub margin_percent: Option<String>,
    /// Units net of returns.
    pub units: i64,
}

/// A channel's name.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ChannelRef {
    /// Display name.
    pub name: String,
    /// POS, EC, …
    pub kind: String,
}

/// One channel's share.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChannelSales {
    /// None for sales without a channel.
    pub channel: Option<ChannelRef>,
    /// Its figures.
    pub figures: SalesFigures,
}

/// One location's share.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocationSales {
    /// Where.
    pub location: LocationRef,
    /// Its figures.
    pub figures: SalesFigures,
}

/// A product's name and SKU.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ProductVariantRef {
    /// SKU.
    pub sku: String,
    /// `M / Navy`, or empty.
    pub title: String,
    /// Its product.
    pub product: ProductRef,
}

/// A best seller.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductSales {
    /// What.
    pub variant: ProductVariantRef,
    /// Units net of returns.
    pub units: i64,
    /// Line amounts.
    pub revenue: MoneyValue,
}

/// One bar of the series.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SalesBucket {
    /// RFC 3339 start.
    pub start: String,
    /// Paid in it.
    pub total: MoneyValue,
    /// Documents in it.
    pub count: i64,
}

/// The dashboard's figures.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SalesSummary {
    /// The company's time zone.
    pub time_zone: String,
    /// Everything visible.
    pub totals: SalesFigures,
    /// Per channel.
    pub by_channel: Vec<ChannelSales>,
    /// Per location.
    pub by_location: Vec<LocationSales>,
    /// Best sellers.
    pub top_products: Vec<ProductSales>,
    /// Hourly or daily.
    pub series: Vec<SalesBucket>,
}

const FIGURES: &str = "total { amount currencyCode } salesCount returnsCount \
    averageBasket { amount currencyCode } grossMargin { amount currencyCode } marginPercent units";

/// `saleRecorded`: a sale or return committed somewhere in the company.
pub const SALE_RECORDED_SUBSCRIPTION: &str = "subscription SaleRecorded { saleRecorded { id } }";
/// `saleVoided`: a sale stopped counting.
pub const SALE_VOIDED_SUBSCRIPTION: &str = "subscription SaleVoided { saleVoided { id } }";

/// What the sale subscriptions deliver (only used as a signal to refresh).
#[derive(Debug, Clone, Deserialize)]
pub struct SaleSignal {}

#[derive(Serialize)]
struct SummaryVars {
    period: SummaryPeriod,
}

/// The dashboard's figures for `period`.
pub async fn summary(period: SummaryPeriod) -> Result<SalesSummary, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        sales_summary: SalesSummary,
    }
    let document = format!(
        "query SalesSummary($period: SummaryPeriod) {{ salesSummary(period: $period) {{ timeZone \
         totals {{ {FIGURES} }} \
         byChannel {{ channel {{ name kind }} figures {{ {FIGURES} }} }} \
         byLocation {{ location {{ code name }} figures {{ {FIGURES} }} }} \
         topProducts {{ variant {{ sku title product {{ name }} }} units revenue {{ amount currencyCode }} }} \
         series {{ start total {{ amount currencyCode }} count }} }} }}"
    );
    query::<_, Data>(&document, SummaryVars { period })
        .await
        .map(|d| d.sales_summary)
}

/// Stock rows below zero, most negative first.
pub async fn oversold() -> Result<Vec<LowStockRow>, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        oversold_stock: Vec<LowStockRow>,
    }
    query::<_, Data>(
        "query OversoldStock { oversoldStock(first: 20) { id variantId locationId onHand allocated available incoming version reorderPoint reorderQuantity low negative \
         variant { sku title product { name } } location { code name } } }",
        (),
    )
    .await
    .map(|d| d.oversold_stock)
}
