//! What the register needs before it records a sale: the company's pricing rules, and the
//! variant a scanned or typed code sells.

use kura_shared::{CurrencyCode, RoundingMode, TaxClass};
use serde::Deserialize;

use crate::api::wire::Amount;
use crate::api::{ApiError, query};

/// How the company prices and rounds: what the register needs to show the same totals the
/// server will compute.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pricing {
    /// Company name, printed on receipts.
    pub name: String,
    /// ISO 4217 currency of the books.
    pub currency_code: String,
    /// Prices are tax-included (総額表示).
    pub prices_include_tax: bool,
    /// How fractional tax is rounded.
    pub tax_rounding: RoundingMode,
}

impl Pricing {
    /// The books' currency (yen when the code is one this build lacks).
    pub fn currency(&self) -> CurrencyCode {
        self.currency_code.parse().unwrap_or(CurrencyCode::Jpy)
    }
}

/// The company's pricing rules.
pub async fn pricing() -> Result<Pricing, ApiError> {
    #[derive(Deserialize)]
    struct Me {
        tenant: Pricing,
    }
    #[derive(Deserialize)]
    struct Data {
        me: Me,
    }
    query::<_, Data>(
        "query Pricing { me { tenant { name currencyCode pricesIncludeTax taxRounding } } }",
        (),
    )
    .await
    .map(|d| d.me.tenant)
}

/// A variant as the register needs it: what to print and what it costs.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SellableVariant {
    /// Global id.
    pub id: String,
    /// SKU.
    pub sku: String,
    /// `M / Navy`, or empty.
    pub title: String,
    /// Selling price.
    pub price: Amount,
    /// Its product's name and tax class.
    pub product: SellableProduct,
}

/// The product side of a [`SellableVariant`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SellableProduct {
    /// Display name.
    pub name: String,
    /// 10% or 8%.
    pub tax_class: TaxClass,
}

const SELLABLE_QUERY: &str = "query Sellable($sku: String, $barcode: String) { productVariant(sku: $sku, barcode: $barcode) { id sku title price { amount currencyCode } product { name taxClass } } }";

/// The variant whose barcode or (failing that) SKU is `code`; `None` when neither matches.
pub async fn find_sellable(code: String) -> Result<Option<SellableVariant>, ApiError> {
    crate::api::variant_by_code(SELLABLE_QUERY, code).await
}
