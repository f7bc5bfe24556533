//! Adapters for the commerce systems Kura exchanges sales and stock with: Shopify, Square
//! and スマレジ (Smaregi).
//!
//! Pure adapters: each provider module verifies and parses the provider's webhooks and
//! wraps its HTTP API, translating both into the normalized types below. Nothing here
//! touches the database or GraphQL; the channel services decide what an
//! [`InboundEvent`] means for a tenant. Every HTTP failure becomes an
//! [`IntegrationError`], whose variant tells the caller whether retrying can help.

pub mod connection;
pub mod shopify;
pub mod smaregi;
pub mod square;

use std::time::Duration;

use chrono::{DateTime, Utc};
use kura_shared::{
    CurrencyCode, Money, PREFECTURES, PaymentMethod, PostalCode, Prefecture, ShipTo,
};
use serde::{Deserialize, Serialize};

/// A sale or refund as a provider reported it, in Kura's vocabulary but not yet matched
/// to Kura's variants, locations or customers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExternalSale {
    /// The provider's order or transaction id: the dedupe key within one channel.
    pub external_id: String,
    /// Whether goods left or came back.
    pub kind: ExternalSaleKind,
    /// When the sale happened at the till or checkout (not when we heard of it).
    pub occurred_at: DateTime<Utc>,
    /// The provider's location or store id, when the provider says where.
    pub location_ref: Option<String>,
    /// ISO 4217 code exactly as the provider sent it, e.g. `"JPY"`.
    pub currency: String,
    /// Whether unit prices already contain tax (内税), when the provider says.
    pub prices_include_tax: Option<bool>,
    /// The buyer, when the provider knows one.
    pub customer: Option<ExternalCustomer>,
    /// What was sold or returned.
    pub lines: Vec<ExternalLine>,
    /// How it was paid (or, for a refund, paid back).
    pub payments: Vec<ExternalPayment>,
    /// Set when the provider says the goods must still be shipped by the shop (an online
    /// order not yet fulfilled), so a channel that fulfils from Kura makes it an order.
    #[serde(default)]
    pub to_ship: Option<ToShip>,
}

/// An online order the shop must still ship.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ToShip {
    /// Where it goes, when the provider says.
    pub address: Option<ShipTo>,
}

/// A delivery address in a provider's fields, before it is put in Kura's form.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProviderAddress<'a> {
    /// Who receives it.
    pub name: &'a str,
    /// Postal code as typed (`1500001`, `150-0001`).
    pub postal_code: &'a str,
    /// An ISO 3166-2 code (`JP-13`) or a prefecture's name.
    pub region: &'a str,
    /// City, ward, town.
    pub city: &'a str,
    /// Street and number.
    pub line1: &'a str,
    /// Building, floor, room.
    pub line2: &'a str,
    /// Phone as typed.
    pub phone: &'a str,
}

impl ProviderAddress<'_> {
    /// Kura's ship-to: the prefecture by name (Shopify and Square send `JP-13` or an
    /// English or Japanese name), the postal code as `NNN-NNNN` and the phone as digits
    /// (`+81` becomes the domestic `0`). What Kura cannot read is kept as sent rather than
    /// dropped: a person reads the label.
    pub fn normalise(self) -> ShipTo {
        let region = self.region.trim();
        let by_code = region
            .strip_prefix("JP-")
            .and_then(|code| code.parse::<usize>().ok())
            .and_then(|code| PREFECTURES.get(code.wrapping_sub(1)));
        let prefecture = match by_code {
            Some(name) => (*name).to_owned(),
            None => Prefecture::parse(region)
                .map_or_else(|_| region.to_owned(), |p| p.name().to_owned()),
        };
        let postal_code = PostalCode::parse(self.postal_code).map_or_else(
            |_| self.postal_code.trim().to_owned(),
            |p| p.as_str().to_owned(),
        );
        let phone = self.phone.trim();
        let phone = match phone.strip_prefix("+81") {
            Some(rest) => format!("0{}", rest.trim_start_matches([' ', '-', '0'])),
            None => phone.to_owned(),
        };
        ShipTo {
            name: self.name.trim().to_owned(),
            postal_code,
            prefecture,
            city: self.city.trim().to_owned(),
            line1: self.line1.trim().to_owned(),
            line2: self.line2.trim().to_owned(),
            phone: phone.chars().filter(char::is_ascii_digit).collect(),
        }
    }
}

/// Whether an [`ExternalSale`] sells goods or takes them back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ExternalSaleKind {
    /// Goods sold.
    Sale,
    /// Goods returned or money given back against an earlier sale.
    Refund {
        /// The `external_id` of the sale being refunded; empty when the provider does not
        /// link the two (a Smaregi return entered without its original receipt).
        original_external_id: String,
        /// Whether the returned units go back on the shelf.
        restock: bool,
    },
}

/// The buyer of an external sale. Every field is optional: POS sales are often anonymous.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalCustomer {
    /// The provider's customer id.
    pub external_id: Option<String>,
    /// Email address as the provider holds it (not validated here).
    pub email: Option<String>,
    /// Phone number as the provider holds it.
    pub phone: Option<String>,
    /// Display name.
    pub name: Option<String>,
}

/// One line of an external sale or refund.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalLine {
    /// The provider's id for the variant sold (Shopify variant, Square catalog item
    /// variation, Smaregi product), the first key used to match a Kura variant.
    pub external_variant_id: Option<String>,
    /// SKU or product code, the fallback match key.
    pub sku: Option<String>,
    /// Barcode (JAN/EAN), when the provider sends one.
    pub barcode: Option<String>,
    /// The line's title as shown on the receipt.
    pub title: String,
    /// Units sold, or for a refund the units returned; always positive.
    pub quantity: i64,
    /// Price of one unit in minor units of [`ExternalSale::currency`].
    pub unit_price_minor: i64,
    /// Discount on the whole line (not per unit), in minor units.
    pub discount_minor: i64,
    /// Tax rate in whole percent (10, 8), when the provider says.
    pub tax_rate_percent: Option<u32>,
}

/// One payment (or refund payment) of an external sale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalPayment {
    /// How it was paid.
    pub method: PaymentMethod,
    /// Amount in minor units; positive for refunds too (the kind says which way).
    pub amount_minor: i64,
}

/// An absolute stock level to push to a provider: "this many units of this item at this
/// location". Each client documents which provider ids go in the two references.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockLevel {
    /// The provider's id of what is stocked (Shopify inventory item, Square catalog object,
    /// Smaregi product).
    pub item_ref: String,
    /// The provider's location or store id.
    pub location_ref: String,
    /// The new absolute quantity.
    pub quantity: i64,
}

impl<I: Into<String>, L: Into<String>> From<(I, L, i64)> for StockLevel {
    fn from((item_ref, location_ref, quantity): (I, L, i64)) -> Self {
        Self {
            item_ref: item_ref.into(),
            location_ref: location_ref.into(),
            quantity,
        }
    }
}

/// What a webhook delivery asks Kura to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "SCREAMING_SNAKE_CASE")]
// One short-lived event per delivery; boxing the sale would only make every match on it
// noisier.
#[allow(clippy::large_enum_variant)]
pub enum InboundEvent {
    /// A created or paid order, or a refund: record it.
    Sale(ExternalSale),
    /// The provider's stock for one variant at one location changed.
    InventoryLevel {
        /// The provider's id of what is stocked (for Shopify the inventory item id).
        external_variant_id: String,
        /// The provider's location or store id.
        location_ref: String,
        /// Units available there now.
        available: i64,
    },
    /// The buyer or the shop cancelled an online order: an order Kura is still to ship
    /// is cancelled and releases its stock.
    OrderCancelled {
        /// The provider's order id (the [`ExternalSale::external_id`] it arrived with).
        external_id: String,
        /// The provider's reason (`customer`, `inventory`, `fraud`…), for the order's note.
        reason: String,
    },
    /// The webhook carried only an id: fetch the order or transaction through the API.
    FetchTransaction {
        /// The order (Square) or transaction (Smaregi) id to fetch.
        transaction_id: String,
    },
    /// A delivery Kura does not act on; it is still acknowledged with a 2xx so the
    /// provider does not retry or disable the subscription.
    Ignored {
        /// The provider's topic or event name, for the logs.
        topic: String,
    },
}

/// Why a provider call failed, by what the caller should do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IntegrationError {
    /// The provider refused our credentials (401/403): the channel needs reconnecting.
    #[error("the provider rejected the channel's credentials")]
    Unauthorized,
    /// Too many requests (429 or a GraphQL `THROTTLED`): wait, then retry.
    #[error("rate limited by the provider")]
    RateLimited {
        /// How long the provider asked us to wait, when it said.
        retry_after: Option<Duration>,
    },
    /// 5xx, a timeout or a connection failure: retry later.
    #[error("temporary provider failure: {0}")]
    Transient(String),
    /// The provider refused the request itself (4xx, user errors): retrying the same
    /// request cannot succeed.
    #[error("the provider rejected the request: {0}")]
    Rejected(String),
    /// The provider answered with something we cannot read (or a webhook body is not
    /// the documented shape).
    #[error("unexpected response from the provider: {0}")]
    Malformed(String),
}

impl IntegrationError {
    /// Whether the same request may succeed later (rate limits and transient failures).
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            IntegrationError::RateLimited { .. } | IntegrationError::Transient(_)
        )
    }
}

impl From<reqwest::Error> for IntegrationError {
    fn from(error: reqwest::Error) -> Self {
        // A body we could not decode is the provider's fault and will not fix itself;
        // everything else reqwest reports (connect, timeout, reset) is the network's.
        if error.is_decode() {
            IntegrationError::Malformed(error.to_string())
        } else {
            IntegrationError::Transient(error.to_string())
        }
    }
}

/// Timeouts shared by every provider client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpTimeouts {
    /// How long to wait for a TCP + TLS connection.
    pub connect: Duration,
    /// How long a whole request may take, body included.
    pub request: Duration,
}

impl Default for HttpTimeouts {
    /// Short enough that a webhook handler or sync job never hangs on a provider outage.
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(5),
            request: Duration::from_secs(20),
        }
    }
}

impl HttpTimeouts {
    /// A reqwest client with these timeouts.
    pub(crate) fn client(&self) -> Result<reqwest::Client, IntegrationError> {
        reqwest::Client::builder()
            .connect_timeout(self.connect)
            .timeout(self.request)
            .user_agent(concat!("kura/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| IntegrationError::Transient(format!("building the HTTP client: {e}")))
    }
}

/// Longest provider error body quoted in an error message.
const MAX_ERROR_BODY: usize = 500;

/// Turns a non-2xx response into the matching [`IntegrationError`]; passes 2xx through.
pub(crate) async fn check_status(
    response: reqwest::Response,
) -> Result<reqwest::Response, IntegrationError> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let retry_after = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(parse_retry_after);
    let body = response.text().await.unwrap_or_default();
    let detail = format!("HTTP {}: {}", status.as_u16(), truncate(&body));
    Err(match status.as_u16() {
        401 | 403 => IntegrationError::Unauthorized,
        429 => IntegrationError::RateLimited { retry_after },
        408 | 500..=599 => IntegrationError::Transient(detail),
        _ => IntegrationError::Rejected(detail),
    })
}

/// Reads a JSON body, reporting an unreadable one as [`IntegrationError::Malformed`].
pub(crate) async fn read_json<T: serde::de::DeserializeOwned>(
    response: reqwest::Response,
) -> Result<T, IntegrationError> {
    let bytes = response.bytes().await?;
    serde_json::from_slice(&bytes).map_err(|e| IntegrationError::Malformed(e.to_string()))
}

/// `Retry-After` in seconds; Shopify sends fractions (`"2.0"`). HTTP dates are rare from
/// these APIs and are ignored (the caller falls back to its own backoff).
fn parse_retry_after(value: &str) -> Option<Duration> {
    let seconds: f64 = value.trim().parse().ok()?;
    Duration::try_from_secs_f64(seconds).ok()
}

fn truncate(body: &str) -> String {
    match body.char_indices().nth(MAX_ERROR_BODY) {
        Some((cut, _)) => format!("{}…", &body[..cut]),
        None => body.to_owned(),
    }
}

/// Parses the provider's currency code into one Kura supports.
pub(crate) fn currency(code: &str) -> Result<CurrencyCode, IntegrationError> {
    code.parse()
        .map_err(|e| IntegrationError::Malformed(format!("currency {code:?}: {e}")))
}

/// Parses a decimal amount (`"1980"`, `"1980.00"`, `"12.50"`) exactly into minor units.
///
/// Providers pad yen with `.00`; trailing zeros past the currency's minor digits carry no
/// value and are dropped, but a non-zero digit there (`"1980.50"` yen) is an error rather
/// than a rounding.
pub(crate) fn amount(decimal: &str, currency: CurrencyCode) -> Result<i64, IntegrationError> {
    let decimal = decimal.trim();
    let minor = currency.minor_units() as usize;
    let exact = match decimal.split_once('.') {
        Some((int, frac))
            if frac.len() > minor
                && frac.bytes().all(|b| b.is_ascii_digit())
                && frac.as_bytes()[minor..].iter().all(|b| *b == b'0') =>
        {
            if minor == 0 {
                int.to_owned()
            } else {
                format!("{int}.{}", &frac[..minor])
            }
        }
        _ => decimal.to_owned(),
    };
    Money::parse_decimal(&exact, currency)
        .map(|m| m.amount_minor)
        .map_err(|e| IntegrationError::Malformed(format!("amount {decimal:?}: {e}")))
}

/// A decimal string times `10^shift`, when that is a whole number: `("0.1", 2)` is 10,
/// `("10.0", 0)` is 10, `("0.085", 2)` is `None`. Used for tax rates, which Kura keeps in
/// whole percent.
pub(crate) fn shifted_integer(decimal: &str, shift: usize) -> Option<i64> {
    let decimal = decimal.trim();
    let (int, frac) = decimal.split_once('.').unwrap_or((decimal, ""));
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (kept, rest) = frac.split_at(frac.len().min(shift));
    if !rest.bytes().all(|b| b == b'0') {
        return None;
    }
    let digits = format!("{int}{kept}{}", "0".repeat(shift - kept.len()));
    digits.parse().ok()
}

/// A signed whole number from a decimal string (`"12"`, `"-3"`, `"12.000"`); `None` for a
/// real fraction (`"1.5"`), which a count of units cannot be.
pub(crate) fn whole_number(decimal: &str) -> Option<i64> {
    let decimal = decimal.trim();
    match decimal.strip_prefix('-') {
        Some(magnitude) => shifted_integer(magnitude, 0).map(|n| -n),
        None => shifted_integer(decimal.strip_prefix('+').unwrap_or(decimal), 0),
    }
}

/// A whole-percent tax rate from a decimal string in `shift` form (see [`shifted_integer`]).
pub(crate) fn percent(decimal: &str, shift: usize) -> Option<u32> {
    shifted_integer(decimal, shift).and_then(|p| u32::try_from(p).ok())
}

/// Parses an RFC 3339 timestamp (any offset) into UTC.
pub(crate) fn timestamp(value: &str) -> Result<DateTime<Utc>, IntegrationError> {
    DateTime::parse_from_rfc3339(value.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| IntegrationError::Malformed(format!("timestamp {value:?}: {e}")))
}

/// Serde helpers for providers that send numbers and ids sometimes as JSON strings and
/// sometimes as JSON numbers (Smaregi sends nearly everything as strings; Shopify ids are
/// numbers that overflow JavaScript, so some proxies turn them into strings).
pub(crate) mod lenient {
    use serde::{Deserialize, Deserializer};
    use serde_json::Value;

    fn text(value: Value) -> Option<String> {
        match value {
            Value::String(s) => Some(s),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// A string or number as its text; `null` or absent as `None`.
    pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        Ok(Option::<Value>::deserialize(d)?.and_then(text))
    }

    /// A string or number as its text; `null` is an error.
    pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        opt_string(d)?.ok_or_else(|| serde::de::Error::custom("expected a string or number"))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn provider_addresses_come_out_in_kuras_form() {
        let to = ProviderAddress {
            name: " 山田 花子 ",
            postal_code: "1500001",
            region: "JP-13",
            city: "渋谷区",
            line1: "神宮前1-2-3",
            line2: "",
            phone: "+81 90-1234-5678",
        }
        .normalise();
        assert_eq!(to.name, "山田 花子");
        assert_eq!(to.postal_code, "150-0001");
        assert_eq!(to.prefecture, "東京都");
        assert_eq!(to.phone, "09012345678");
        let named = ProviderAddress {
            region: "大阪",
            postal_code: "unknown",
            phone: "06-1234-5678",
            ..ProviderAddress::default()
        }
        .normalise();
        assert_eq!(named.prefecture, "大阪府");
        assert_eq!(
            named.postal_code, "unknown",
            "kept as sent for a person to read"
        );
        assert_eq!(named.phone, "0612345678");
        let foreign = ProviderAddress {
            region: "JP-99",
            ..ProviderAddress::default()
        };
        assert_eq!(foreign.normalise().prefecture, "JP-99");
    }

    #[test]
    fn amounts_are_exact_and_padding_zeros_are_dropped() {
        assert_eq!(amount("1980", CurrencyCode::Jpy).unwrap(), 1980);
        assert_eq!(amount("1980.00", CurrencyCode::Jpy).unwrap(), 1980);
        assert_eq!(amount("12.50", CurrencyCode::Usd).unwrap(), 1250);
        assert_eq!(amount("12.500", CurrencyCode::Usd).unwrap(), 1250);
        assert!(matches!(
            amount("1980.50", CurrencyCode::Jpy),
            Err(IntegrationError::Malformed(_))
        ));
        assert!(amount("12.505", CurrencyCode::Usd).is_err());
        assert!(amount("1e3", CurrencyCode::Jpy).is_err());
    }

    #[test]
    fn tax_rates_become_whole_percent_or_nothing() {
        assert_eq!(percent("0.1", 2), Some(10));
        assert_eq!(percent("0.08", 2), Some(8));
        assert_eq!(percent("10.0", 0), Some(10));
        assert_eq!(percent("8", 0), Some(8));
        assert_eq!(percent("0.085", 2), None);
        assert_eq!(percent("-0.1", 2), None);
    }

    #[test]
    fn counts_are_whole_numbers_with_a_sign() {
        assert_eq!(whole_number("12"), Some(12));
        assert_eq!(whole_number("-3"), Some(-3));
        assert_eq!(whole_number("12.000"), Some(12));
        assert_eq!(whole_number("1.5"), None);
        assert_eq!(whole_number(""), None);
    }

    #[test]
    fn retry_after_accepts_fractional_seconds() {
        assert_eq!(parse_retry_after("2.0"), Some(Duration::from_secs(2)));
        assert_eq!(parse_retry_after("30"), Some(Duration::from_secs(30)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }

    #[test]
    fn only_rate_limits_and_transient_failures_are_retryable() {
        assert!(IntegrationError::Transient("x".into()).is_retryable());
        assert!(IntegrationError::RateLimited { retry_after: None }.is_retryable());
        assert!(!IntegrationError::Rejected("x".into()).is_retryable());
        assert!(!IntegrationError::Unauthorized.is_retryable());
        assert!(!IntegrationError::Malformed("x".into()).is_retryable());
    }
}
