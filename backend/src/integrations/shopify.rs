//! Shopify: webhook verification and parsing, and the Admin API calls Kura needs (set
//! inventory quantities over GraphQL, list orders over REST for reconciliation).
//!
//! Webhook bodies are the REST resource JSON (orders, refunds, inventory levels), signed
//! with the app's client secret in `X-Shopify-Hmac-Sha256`.

use base64::{Engine, engine::general_purpose::STANDARD as BASE64};
use chrono::{DateTime, SecondsFormat, Utc};
use hmac::{Hmac, Mac};
use kura_shared::{CurrencyCode, PaymentMethod, ShipTo};
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::Sha256;

use super::{
    ExternalCustomer, ExternalLine, ExternalPayment, ExternalSale, ExternalSaleKind, HttpTimeouts,
    InboundEvent, IntegrationError, ProviderAddress, StockLevel, ToShip, amount, check_status,
    currency, lenient, percent, read_json, timestamp,
};

/// The Admin API version Kura speaks. 2026-01 is the first version that accepts the
/// `@idempotent` directive on inventory mutations, and the last one before 2026-04 replaced
/// `ignoreCompareQuantity` with a per-quantity `changeFromQuantity` (both are handled, see
/// [`ShopifyClient::set_inventory_quantities`]).
pub const DEFAULT_API_VERSION: &str = "2026-01";

/// Whether `X-Shopify-Hmac-Sha256` is the base64 HMAC-SHA256 of the raw body under the
/// app's client secret. A missing, garbled or wrong header is simply `false`.
pub fn verify_webhook(secret: &[u8], raw_body: &[u8], header_hmac: &str) -> bool {
    let Ok(expected) = BASE64.decode(header_hmac.trim()) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        return false;
    };
    mac.update(raw_body);
    // verify_slice compares in constant time, so the signature cannot be guessed byte by
    // byte from response timings.
    mac.verify_slice(&expected).is_ok()
}

/// Topics Kura acts on; every other topic is stored and ignored.
const TOPICS: &[&str] = &[
    "orders/create",
    "orders/paid",
    "orders/cancelled",
    "refunds/create",
    "inventory_levels/update",
];

/// Fingerprint of a verified delivery's content: SHA-256 (hex) of the topic as Kura reads
/// it and the signed body.
///
/// Shopify signs only the body; `X-Shopify-Webhook-Id` and `X-Shopify-Topic` are not
/// covered, so a captured delivery could be replayed under fresh ids. The body carries the
/// resource's id and its `updated_at`, so a changed order (`orders/updated`) fingerprints
/// differently, while the same bytes under a new webhook id do not. The topic stays in the
/// fingerprint because Shopify sends the same order body as `orders/create` and
/// `orders/paid`; topics Kura ignores share one bucket, so invented topics cannot store a
/// body again and again.
pub fn content_hash(topic: &str, raw_body: &[u8]) -> String {
    let topic = topic.trim();
    let kind = if TOPICS.contains(&topic) { topic } else { "*" };
    let mut digest = <Sha256 as sha2::Digest>::new();
    sha2::Digest::update(&mut digest, kind.as_bytes());
    sha2::Digest::update(&mut digest, b"\n");
    sha2::Digest::update(&mut digest, raw_body);
    hex::encode(sha2::Digest::finalize(digest))
}

/// Reads a verified webhook body by its `X-Shopify-Topic`.
///
/// `orders/create` and `orders/paid` become a [`InboundEvent::Sale`] (external id: the
/// order id), `orders/cancelled` an [`InboundEvent::OrderCancelled`], `refunds/create` a refund sale (external id `refund:<refund id>`),
/// `inventory_levels/update` an [`InboundEvent::InventoryLevel`] keyed by the inventory item
/// id, and every other topic [`InboundEvent::Ignored`].
pub fn parse_webhook(topic: &str, raw_body: &[u8]) -> Result<InboundEvent, IntegrationError> {
    match topic.trim() {
        "orders/create" | "orders/paid" => {
            let order: Order = decode(raw_body)?;
            order.into_sale().map(InboundEvent::Sale)
        }
        "orders/cancelled" => {
            let order: Cancelled = decode(raw_body)?;
            Ok(InboundEvent::OrderCancelled {
                external_id: order.id,
                reason: order.cancel_reason.unwrap_or_default(),
            })
        }
        "refunds/create" => {
            let refund: Refund = decode(raw_body)?;
            refund.into_sale(None).map(InboundEvent::Sale)
        }
        "inventory_levels/update" => {
            let level: InventoryLevelPayload = decode(raw_body)?;
            Ok(InboundEvent::InventoryLevel {
                external_variant_id: level.inventory_item_id,
                location_ref: level.location_id,
                available: level.available.unwrap_or(0),
            })
        }
        other => Ok(InboundEvent::Ignored {
            topic: other.to_owned(),
        }),
    }
}

fn decode<T: serde::de::DeserializeOwned>(raw: &[u8]) -> Result<T, IntegrationError> {
    serde_json::from_slice(raw).map_err(|e| IntegrationError::Malformed(e.to_string()))
}

/// Where and how to reach one shop's Admin API.
#[derive(Clone)]
pub struct ShopifyConfig {
    /// `https://{shop}.myshopify.com`; tests point it at a local fake.
    pub base_url: String,
    /// The Admin API access token of the installed app.
    pub access_token: String,
    /// Admin API version, e.g. [`DEFAULT_API_VERSION`].
    pub api_version: String,
    /// Connect and request timeouts.
    pub timeouts: HttpTimeouts,
}

impl std::fmt::Debug for ShopifyConfig {
    // The token would otherwise end up in every log line that prints a client.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ShopifyConfig")
            .field("base_url", &self.base_url)
            .field("access_token", &"<redacted>")
            .field("api_version", &self.api_version)
            .field("timeouts", &self.timeouts)
            .finish()
    }
}

impl ShopifyConfig {
    /// The real endpoint of `shop` (the `{shop}` of `{shop}.myshopify.com`) with the
    /// default API version and timeouts.
    pub fn for_shop(shop: &str, access_token: impl Into<String>) -> Self {
        Self {
            base_url: format!("https://{shop}.myshopify.com"),
            access_token: access_token.into(),
            api_version: DEFAULT_API_VERSION.to_owned(),
            timeouts: HttpTimeouts::default(),
        }
    }
}

/// A client for one shop's Admin API.
#[derive(Debug, Clone)]
pub struct ShopifyClient {
    config: ShopifyConfig,
    http: reqwest::Client,
}

/// Orders per REST page; Shopify's maximum.
const ORDERS_PAGE_SIZE: &str = "250";

/// Safety stop for pagination, so a provider bug that links pages in a loop cannot keep a
/// reconciliation job running forever (250 × 400 = 100 000 orders).
const MAX_PAGES: usize = 400;

const SET_QUANTITIES_BEFORE_2026_04: &str =
    "mutation KuraSetQuantities($input: InventorySetQuantitiesInput!) {
  inventorySetQuantities(input: $input) @idempotent(key: KEY) {
    inventoryAdjustmentGroup { id }
    userErrors { field message code }
  }
}";

impl ShopifyClient {
    /// A client with its own connection pool and the configured timeouts.
    pub fn new(config: ShopifyConfig) -> Result<Self, IntegrationError> {
        let http = config.timeouts.client()?;
        Ok(Self { config, http })
    }

    fn api_url(&self, resource: &str) -> String {
        format!(
            "{}/admin/api/{}/{resource}",
            self.config.base_url.trim_end_matches('/'),
            self.config.api_version
        )
    }

    /// Sets the `available` quantity of each inventory item at each location (the item and
    /// location may be GIDs or bare numeric ids), as a correction that ignores whatever
    /// Shopify currently holds: Kura is the source of truth for stock.
    ///
    /// `idempotency_key` goes in the `@idempotent` directive, so a retry after a timeout is
    /// applied once; use the same key for the same change. From API version 2026-04 the
    /// compare check is opted out of per quantity (`changeFromQuantity: null`) instead of
    /// with `ignoreCompareQuantity`. `userErrors` become [`IntegrationError::Rejected`], a
    /// 429 or a `THROTTLED` error [`IntegrationError::RateLimited`].
    pub async fn set_inventory_quantities(
        &self,
        items: &[StockLevel],
        idempotency_key: &str,
    ) -> Result<(), IntegrationError> {
        if items.is_empty() {
            return Ok(());
        }
        // Version strings are YYYY-MM (or "unstable", the newest), so they order as text.
        let per_quantity_compare = self.config.api_version.as_str() >= "2026-04";
        let quantities: Vec<Value> = items
            .iter()
            .map(|item| {
                let mut q = json!({
                    "inventoryItemId": gid("InventoryItem", &item.item_ref),
                    "locationId": gid("Location", &item.location_ref),
                    "quantity": item.quantity,
                });
                if per_quantity_compare {
                    q["changeFromQuantity"] = Value::Null;
                }
                q
            })
            .collect();
        let mut input = json!({
            "name": "available",
            "reason": "correction",
            "quantities": quantities,
        });
        if !per_quantity_compare {
            input["ignoreCompareQuantity"] = Value::Bool(true);
        }
        // The directive takes a literal; a JSON string is also a valid GraphQL string.
        let key = serde_json::to_string(idempotency_key)
            .map_err(|e| IntegrationError::Rejected(e.to_string()))?;
        let query = SET_QUANTITIES_BEFORE_2026_04.replace("KEY", &key);

        let response = self
            .http
            .post(self.api_url("graphql.json"))
            .header("X-Shopify-Access-Token", &self.config.access_token)
            .json(&json!({ "query": query, "variables": { "input": input } }))
            .send()
            .await?;
        let body: GraphQlResponse = read_json(check_status(response).await?).await?;
        body.into_result()
    }

    /// Every order (with its refunds) updated at or after `updated_at_min`, following the
    /// `Link: <…>; rel="next"` pages, for the reconciliation job. Refunds come back as
    /// separate refund sales, exactly as `refunds/create` would have delivered them.
    pub async fn orders_since(
        &self,
        updated_at_min: DateTime<Utc>,
    ) -> Result<Vec<ExternalSale>, IntegrationError> {
        let since = updated_at_min.to_rfc3339_opts(SecondsFormat::Secs, true);
        let mut request = self.http.get(self.api_url("orders.json")).query(&[
            ("status", "any"),
            ("updated_at_min", since.as_str()),
            ("limit", ORDERS_PAGE_SIZE),
        ]);
        let mut sales = Vec::new();
        for _ in 0..MAX_PAGES {
            let response = request
                .header("X-Shopify-Access-Token", &self.config.access_token)
                .send()
                .await?;
            let response = check_status(response).await?;
            let next = next_link(response.headers());
            let page: OrdersPage = read_json(response).await?;
            for mut order in page.orders {
                let order_currency = order.currency.clone();
                let refunds = std::mem::take(&mut order.refunds);
                sales.push(order.into_sale()?);
                for refund in refunds {
                    sales.push(refund.into_sale(Some(&order_currency))?);
                }
            }
            let Some(next) = next else {
                return Ok(sales);
            };
            // The page link carries the token's shop; refuse to send the token anywhere else.
            if !next.starts_with(self.config.base_url.trim_end_matches('/')) {
                return Err(IntegrationError::Malformed(format!(
                    "pagination link {next:?} leaves the shop"
                )));
            }
            request = self.http.get(next);
        }
        Err(IntegrationError::Malformed(format!(
            "more than {MAX_PAGES} pages of orders"
        )))
    }
}

/// `gid://shopify/{kind}/{id}` for a bare numeric id; GIDs pass through.
fn gid(kind: &str, id: &str) -> String {
    if id.starts_with("gid://") {
        id.to_owned()
    } else {
        format!("gid://shopify/{kind}/{id}")
    }
}

/// The `rel="next"` target of a `Link` header.
fn next_link(headers: &reqwest::header::HeaderMap) -> Option<String> {
    headers
        .get_all(reqwest::header::LINK)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .find_map(|part| {
            let (target, params) = part.split_once(';')?;
            let is_next = params.split(';').any(|p| {
                let p = p.trim().replace(' ', "");
                p == "rel=\"next\"" || p == "rel=next"
            });
            let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
            is_next.then(|| target.to_owned())
        })
}

#[derive(Deserialize)]
struct GraphQlResponse {
    data: Option<Value>,
    #[serde(default)]
    errors: Vec<GraphQlError>,
}

#[derive(Deserialize)]
struct GraphQlError {
    message: String,
    #[serde(default)]
    extensions: Option<Value>,
}

impl GraphQlResponse {
    fn into_result(self) -> Result<(), IntegrationError> {
        if !self.errors.is_empty() {
            let throttled = self.errors.iter().any(|e| {
                e.extensions
                    .as_ref()
                    .and_then(|x| x.get("code"))
                    .and_then(Value::as_str)
                    == Some("THROTTLED")
            });
            if throttled {
                // Shopify's leaky bucket refills in about a second per 50 points; it sends
                // no Retry-After with a THROTTLED GraphQL error.
                return Err(IntegrationError::RateLimited { retry_after: None });
            }
            let messages: Vec<&str> = self.errors.iter().map(|e| e.message.as_str()).collect();
            return Err(IntegrationError::Rejected(messages.join("; ")));
        }
        let user_errors = self
            .data
            .as_ref()
            .and_then(|d| d.get("inventorySetQuantities"))
            .and_then(|p| p.get("userErrors"))
            .and_then(Value::as_array)
            .ok_or_else(|| {
                IntegrationError::Malformed("no inventorySetQuantities.userErrors".into())
            })?;
        if user_errors.is_empty() {
            return Ok(());
        }
        let messages: Vec<String> = user_errors
            .iter()
            .map(|e| {
                let message = e.get("message").and_then(Value::as_str).unwrap_or("error");
                match e.get("code").and_then(Value::as_str) {
                    Some(code) => format!("{code}: {message}"),
                    None => message.to_owned(),
                }
            })
            .collect();
        Err(IntegrationError::Rejected(messages.join("; ")))
    }
}

#[derive(Deserialize)]
struct OrdersPage {
    #[serde(default)]
    orders: Vec<Order>,
}

#[derive(Deserialize)]
struct InventoryLevelPayload {
    #[serde(deserialize_with = "lenient::string")]
    inventory_item_id: String,
    #[serde(deserialize_with = "lenient::string")]
    location_id: String,
    available: Option<i64>,
}

#[derive(Deserialize)]
struct Order {
    #[serde(deserialize_with = "lenient::string")]
    id: String,
    created_at: Option<String>,
    processed_at: Option<String>,
    currency: String,
    taxes_included: Option<bool>,
    customer: Option<Customer>,
    #[serde(default)]
    line_items: Vec<LineItem>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    location_id: Option<String>,
    #[serde(default)]
    transactions: Vec<Transaction>,
    #[serde(default)]
    payment_gateway_names: Vec<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    total_price: Option<String>,
    #[serde(default)]
    refunds: Vec<Refund>,
    /// `web`, `pos`, `shopify_draft_order`, an app's id…
    #[serde(default)]
    source_name: Option<String>,
    /// `null` (nothing shipped), `partial` or `fulfilled`.
    #[serde(default)]
    fulfillment_status: Option<String>,
    #[serde(default)]
    cancelled_at: Option<String>,
    #[serde(default)]
    shipping_address: Option<Address>,
}

/// The part of a cancelled order Kura reads.
#[derive(Deserialize)]
struct Cancelled {
    #[serde(deserialize_with = "lenient::string")]
    id: String,
    #[serde(default)]
    cancel_reason: Option<String>,
}

/// A Shopify order address.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Address {
    name: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    address1: Option<String>,
    address2: Option<String>,
    city: Option<String>,
    province: Option<String>,
    province_code: Option<String>,
    zip: Option<String>,
    phone: Option<String>,
    company: Option<String>,
}

impl Address {
    fn to_ship_to(&self) -> ShipTo {
        let text = |v: &Option<String>| v.as_deref().unwrap_or_default().trim().to_owned();
        // Japanese order: family name first, and a company before the person.
        let person = match text(&self.name) {
            name if !name.is_empty() => name,
            _ => format!("{} {}", text(&self.last_name), text(&self.first_name))
                .trim()
                .to_owned(),
        };
        let name = match text(&self.company) {
            company if !company.is_empty() => format!("{company} {person}").trim().to_owned(),
            _ => person,
        };
        let code = self.province_code.as_deref().map(|c| {
            if c.contains('-') {
                c.to_owned()
            } else {
                format!("JP-{c}")
            }
        });
        let region = code.or_else(|| self.province.clone()).unwrap_or_default();
        ProviderAddress {
            name: &name,
            postal_code: &text(&self.zip),
            region: &region,
            city: &text(&self.city),
            line1: &text(&self.address1),
            line2: &text(&self.address2),
            phone: &text(&self.phone),
        }
        .normalise()
    }
}

#[derive(Deserialize)]
struct Customer {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    id: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
}

#[derive(Clone, Deserialize)]
struct LineItem {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    variant_id: Option<String>,
    sku: Option<String>,
    #[serde(default)]
    title: String,
    #[serde(default)]
    quantity: i64,
    #[serde(deserialize_with = "lenient::string")]
    price: String,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    total_discount: Option<String>,
    #[serde(default)]
    discount_allocations: Vec<DiscountAllocation>,
    #[serde(default)]
    tax_lines: Vec<TaxLine>,
    /// False for gift cards, digital goods and services.
    #[serde(default = "yes")]
    requires_shipping: bool,
}

fn yes() -> bool {
    true
}

#[derive(Clone, Deserialize)]
struct DiscountAllocation {
    #[serde(deserialize_with = "lenient::string")]
    amount: String,
}

#[derive(Clone, Deserialize)]
struct TaxLine {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    rate: Option<String>,
}

#[derive(Clone, Deserialize)]
struct Transaction {
    kind: Option<String>,
    status: Option<String>,
    #[serde(deserialize_with = "lenient::string")]
    amount: String,
    gateway: Option<String>,
    currency: Option<String>,
}

#[derive(Clone, Deserialize)]
struct Refund {
    #[serde(deserialize_with = "lenient::string")]
    id: String,
    #[serde(deserialize_with = "lenient::string")]
    order_id: String,
    created_at: Option<String>,
    processed_at: Option<String>,
    #[serde(default)]
    refund_line_items: Vec<RefundLineItem>,
    #[serde(default)]
    transactions: Vec<Transaction>,
}

#[derive(Clone, Deserialize)]
struct RefundLineItem {
    quantity: i64,
    restock_type: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    location_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    subtotal: Option<String>,
    subtotal_set: Option<Value>,
    line_item: LineItem,
}

impl Order {
    fn into_sale(self) -> Result<ExternalSale, IntegrationError> {
        let code = currency(&self.currency)?;
        let occurred_at = self
            .processed_at
            .as_deref()
            .or(self.created_at.as_deref())
            .ok_or_else(|| IntegrationError::Malformed(format!("order {} has no date", self.id)))
            .and_then(timestamp)?;
        let lines = self
            .line_items
            .iter()
            .filter(|l| l.quantity > 0)
            .map(|l| l.to_line(code, l.quantity, None))
            .collect::<Result<Vec<_>, _>>()?;
        let payments = self.payments(code)?;
        let to_ship = self.to_ship();
        Ok(ExternalSale {
            external_id: self.id,
            kind: ExternalSaleKind::Sale,
            occurred_at,
            location_ref: self.location_id,
            currency: self.currency,
            prices_include_tax: self.taxes_included,
            customer: self.customer.map(Customer::into_external),
            lines,
            payments,
            to_ship,
        })
    }

    /// An online order (not Shopify POS) with goods to ship that nothing has shipped yet
    /// and that was not cancelled. A partly fulfilled one was shipped from Shopify's own
    /// tools, so it stays a sale.
    fn to_ship(&self) -> Option<ToShip> {
        let online = self.source_name.as_deref() != Some("pos");
        let unshipped = self.fulfillment_status.is_none();
        let goods = self
            .line_items
            .iter()
            .any(|l| l.quantity > 0 && l.requires_shipping);
        (online && unshipped && goods && self.cancelled_at.is_none()).then(|| ToShip {
            address: self.shipping_address.as_ref().map(Address::to_ship_to),
        })
    }

    /// Successful sale/capture transactions when the payload has them (REST with
    /// transactions, Shopify POS); otherwise the order total under its gateway, because
    /// order webhooks carry only `payment_gateway_names`, not per-gateway amounts.
    fn payments(&self, code: CurrencyCode) -> Result<Vec<ExternalPayment>, IntegrationError> {
        let captured: Vec<&Transaction> = self
            .transactions
            .iter()
            .filter(|t| matches!(t.kind.as_deref(), Some("sale" | "capture")))
            .filter(|t| t.status.as_deref().is_none_or(|s| s == "success"))
            .collect();
        if !captured.is_empty() {
            return captured.into_iter().map(|t| t.to_payment(code)).collect();
        }
        let Some(total) = &self.total_price else {
            return Ok(Vec::new());
        };
        let amount_minor = amount(total, code)?;
        if amount_minor == 0 {
            return Ok(Vec::new());
        }
        let methods: Vec<PaymentMethod> = self
            .payment_gateway_names
            .iter()
            .map(|g| gateway_method(g))
            .collect();
        // Split tenders with no per-gateway amounts cannot be apportioned honestly.
        let method = match methods.split_first() {
            Some((first, rest)) if rest.iter().all(|m| m == first) => *first,
            _ => PaymentMethod::Other,
        };
        Ok(vec![ExternalPayment {
            method,
            amount_minor,
        }])
    }
}

impl Customer {
    fn into_external(self) -> ExternalCustomer {
        let name = [self.last_name, self.first_name]
            .into_iter()
            .flatten()
            .filter(|n| !n.trim().is_empty())
            .collect::<Vec<_>>();
        ExternalCustomer {
            external_id: self.id,
            email: self.email.filter(|e| !e.is_empty()),
            phone: self.phone.filter(|p| !p.is_empty()),
            // Family name first, as Japanese receipts and Shopify JP's admin show it.
            name: (!name.is_empty()).then(|| name.join(" ")),
        }
    }
}

impl LineItem {
    /// The line for `quantity` units; `discount_override` replaces the order line's
    /// discount (refund lines derive theirs from the refunded subtotal).
    fn to_line(
        &self,
        code: CurrencyCode,
        quantity: i64,
        discount_override: Option<i64>,
    ) -> Result<ExternalLine, IntegrationError> {
        let unit_price_minor = amount(&self.price, code)?;
        let discount_minor = match discount_override {
            Some(d) => d,
            None => match &self.total_discount {
                Some(d) => amount(d, code)?,
                None => self.discount_allocations.iter().try_fold(0i64, |sum, d| {
                    Ok::<_, IntegrationError>(sum.saturating_add(amount(&d.amount, code)?))
                })?,
            },
        };
        Ok(ExternalLine {
            external_variant_id: self.variant_id.clone(),
            sku: self.sku.clone().filter(|s| !s.is_empty()),
            barcode: None,
            title: self.title.clone(),
            quantity,
            unit_price_minor,
            discount_minor,
            tax_rate_percent: self
                .tax_lines
                .iter()
                .find_map(|t| t.rate.as_deref())
                .and_then(|r| percent(r, 2)),
        })
    }
}

impl Transaction {
    fn to_payment(&self, code: CurrencyCode) -> Result<ExternalPayment, IntegrationError> {
        Ok(ExternalPayment {
            method: self
                .gateway
                .as_deref()
                .map_or(PaymentMethod::Other, gateway_method),
            amount_minor: amount(&self.amount, code)?.saturating_abs(),
        })
    }
}

impl Refund {
    /// The refund as a refund sale; `order_currency` covers REST orders, whose embedded
    /// refunds may carry no currency of their own.
    fn into_sale(self, order_currency: Option<&str>) -> Result<ExternalSale, IntegrationError> {
        let currency_text = self
            .transactions
            .iter()
            .find_map(|t| t.currency.clone())
            .or_else(|| {
                self.refund_line_items.iter().find_map(|l| {
                    l.subtotal_set
                        .as_ref()?
                        .pointer("/shop_money/currency_code")?
                        .as_str()
                        .map(str::to_owned)
                })
            })
            .or_else(|| order_currency.map(str::to_owned))
            .ok_or_else(|| {
                IntegrationError::Malformed(format!("refund {} has no currency", self.id))
            })?;
        let code = currency(&currency_text)?;
        let occurred_at = self
            .processed_at
            .as_deref()
            .or(self.created_at.as_deref())
            .ok_or_else(|| IntegrationError::Malformed(format!("refund {} has no date", self.id)))
            .and_then(timestamp)?;
        let restock = self.refund_line_items.iter().any(|l| {
            matches!(
                l.restock_type.as_deref(),
                Some("return" | "cancel" | "legacy_restock")
            )
        });
        let location_ref = self
            .refund_line_items
            .iter()
            .find_map(|l| l.location_id.clone());
        let lines = self
            .refund_line_items
            .iter()
            .filter(|l| l.quantity > 0)
            .map(|l| {
                // The refunded subtotal is after discounts; the gap to full price is the
                // discount the customer had on these units.
                let discount = match &l.subtotal {
                    Some(subtotal) => {
                        let full = amount(&l.line_item.price, code)?.saturating_mul(l.quantity);
                        Some((full - amount(subtotal, code)?).max(0))
                    }
                    None => Some(0),
                };
                l.line_item.to_line(code, l.quantity, discount)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let payments = self
            .transactions
            .iter()
            .filter(|t| t.kind.as_deref().is_none_or(|k| k == "refund"))
            .filter(|t| t.status.as_deref().is_none_or(|s| s == "success"))
            .map(|t| t.to_payment(code))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ExternalSale {
            external_id: format!("refund:{}", self.id),
            kind: ExternalSaleKind::Refund {
                original_external_id: self.order_id,
                restock,
            },
            occurred_at,
            location_ref,
            currency: currency_text,
            prices_include_tax: None,
            customer: None,
            lines,
            payments,
            to_ship: None,
        })
    }
}

/// Kura's payment method for a Shopify gateway name (`payment_gateway_names`,
/// `transactions[].gateway`). Gateways are free text for manual methods, so this matches
/// loosely and falls back to [`PaymentMethod::Other`].
fn gateway_method(gateway: &str) -> PaymentMethod {
    let g = gateway.to_ascii_lowercase();
    if g.contains("cash") || g.contains("現金") {
        PaymentMethod::Cash
    } else if g.contains("paypay")
        || g.contains("qr")
        || g.contains("line pay")
        || g.contains("rakuten pay")
        || g.contains("d払い")
    {
        PaymentMethod::Qr
    } else if g == "shopify_payments"
        || g.contains("card")
        || g.contains("stripe")
        || g == "bogus"
        || g.contains("クレジット")
    {
        PaymentMethod::Card
    } else {
        PaymentMethod::Other
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"shpss_test_secret";
    const ORDER: &str = include_str!("fixtures/shopify_order.json");
    const REFUND: &str = include_str!("fixtures/shopify_refund.json");
    const INVENTORY: &str = include_str!("fixtures/shopify_inventory_level.json");

    fn sign(secret: &[u8], body: &[u8]) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret).unwrap();
        mac.update(body);
        BASE64.encode(mac.finalize().into_bytes())
    }

    #[test]
    fn a_correctly_signed_webhook_is_accepted() {
        let header = sign(SECRET, ORDER.as_bytes());
        assert!(verify_webhook(SECRET, ORDER.as_bytes(), &header));
    }

    #[test]
    fn a_webhook_signed_with_another_secret_is_rejected() {
        let header = sign(b"another secret", ORDER.as_bytes());
        assert!(!verify_webhook(SECRET, ORDER.as_bytes(), &header));
    }

    #[test]
    fn a_webhook_body_changed_by_one_byte_is_rejected() {
        let header = sign(SECRET, ORDER.as_bytes());
        let mut tampered = ORDER.as_bytes().to_vec();
        let at = tampered.iter().position(|b| *b == b'5').unwrap();
        tampered[at] = b'6';
        assert!(!verify_webhook(SECRET, &tampered, &header));
    }

    #[test]
    fn a_missing_or_garbled_signature_is_rejected() {
        assert!(!verify_webhook(SECRET, ORDER.as_bytes(), ""));
        assert!(!verify_webhook(SECRET, ORDER.as_bytes(), "not base64 !!"));
        assert!(!verify_webhook(SECRET, ORDER.as_bytes(), "c2hvcnQ="));
    }

    #[test]
    fn an_order_webhook_becomes_a_sale_in_yen() {
        let InboundEvent::Sale(sale) = parse_webhook("orders/create", ORDER.as_bytes()).unwrap()
        else {
            panic!("expected a sale");
        };
        assert_eq!(sale.external_id, "820982911946154508");
        assert_eq!(sale.kind, ExternalSaleKind::Sale);
        assert_eq!(sale.currency, "JPY");
        assert_eq!(sale.prices_include_tax, Some(true));
        assert_eq!(sale.location_ref.as_deref(), Some("655441491"));
        assert_eq!(sale.occurred_at.to_rfc3339(), "2026-11-20T01:15:47+00:00");
        let customer = sale.customer.unwrap();
        assert_eq!(customer.external_id.as_deref(), Some("115310627314723954"));
        assert_eq!(customer.name.as_deref(), Some("山田 花子"));
        assert_eq!(sale.lines.len(), 2);
        let tee = &sale.lines[0];
        assert_eq!(tee.external_variant_id.as_deref(), Some("49148385"));
        assert_eq!(tee.sku.as_deref(), Some("TEE-BLK-M"));
        assert_eq!(tee.quantity, 2);
        assert_eq!(tee.unit_price_minor, 1980);
        assert_eq!(tee.discount_minor, 200);
        assert_eq!(tee.tax_rate_percent, Some(10));
        assert_eq!(sale.lines[1].tax_rate_percent, Some(8));
        assert_eq!(
            sale.payments,
            vec![
                ExternalPayment {
                    method: PaymentMethod::Cash,
                    amount_minor: 3000
                },
                ExternalPayment {
                    method: PaymentMethod::Card,
                    amount_minor: 1300
                }
            ]
        );
    }

    #[test]
    fn an_unshipped_online_order_is_to_ship_and_a_pos_or_fulfilled_one_is_not() {
        let to_ship = |order: &Value| {
            let InboundEvent::Sale(sale) =
                parse_webhook("orders/create", order.to_string().as_bytes()).unwrap()
            else {
                panic!("expected a sale");
            };
            sale.to_ship
        };
        let mut order: Value = serde_json::from_str(ORDER).unwrap();
        assert_eq!(to_ship(&order), None, "the fixture is a Shopify POS sale");
        order["source_name"] = json!("web");
        order["fulfillment_status"] = Value::Null;
        order["shipping_address"] = json!({
            "first_name": "花子", "last_name": "山田", "company": "山田商店",
            "address1": "神宮前1-2-3", "city": "渋谷区", "province": "Tokyo",
            "province_code": "13", "zip": "150-0001", "phone": "090-1234-5678"
        });
        let to = to_ship(&order).and_then(|t| t.address).unwrap();
        assert_eq!(to.name, "山田商店 山田 花子");
        assert_eq!(to.prefecture, "東京都");
        assert_eq!(to.phone, "09012345678");
        order["fulfillment_status"] = json!("partial");
        assert_eq!(to_ship(&order), None, "shipped from Shopify's own tools");
        order["fulfillment_status"] = Value::Null;
        order["cancelled_at"] = json!("2026-11-20T11:00:00+09:00");
        assert_eq!(to_ship(&order), None);
        order["cancelled_at"] = Value::Null;
        for line in order["line_items"].as_array_mut().unwrap() {
            line["requires_shipping"] = json!(false);
        }
        assert_eq!(to_ship(&order), None, "a gift card ships nothing");
    }

    #[test]
    fn a_cancelled_order_names_the_order_and_why() {
        let body = json!({ "id": 820982911946154508_u64, "cancel_reason": "inventory" });
        assert_eq!(
            parse_webhook("orders/cancelled", body.to_string().as_bytes()).unwrap(),
            InboundEvent::OrderCancelled {
                external_id: "820982911946154508".into(),
                reason: "inventory".into()
            }
        );
    }

    #[test]
    fn an_order_without_transactions_is_paid_by_its_gateway() {
        let mut order: Value = serde_json::from_str(ORDER).unwrap();
        order.as_object_mut().unwrap().remove("transactions");
        order["payment_gateway_names"] = json!(["shopify_payments"]);
        let body = serde_json::to_vec(&order).unwrap();
        let InboundEvent::Sale(sale) = parse_webhook("orders/paid", &body).unwrap() else {
            panic!("expected a sale");
        };
        assert_eq!(
            sale.payments,
            vec![ExternalPayment {
                method: PaymentMethod::Card,
                amount_minor: 4300
            }]
        );
    }

    #[test]
    fn yen_with_a_fraction_is_malformed() {
        let body = ORDER.replace("\"1980.00\"", "\"1980.50\"");
        assert!(matches!(
            parse_webhook("orders/create", body.as_bytes()),
            Err(IntegrationError::Malformed(_))
        ));
    }

    #[test]
    fn a_refund_webhook_becomes_a_restocked_refund_of_the_order() {
        let InboundEvent::Sale(refund) =
            parse_webhook("refunds/create", REFUND.as_bytes()).unwrap()
        else {
            panic!("expected a refund");
        };
        assert_eq!(refund.external_id, "refund:929361464");
        assert_eq!(
            refund.kind,
            ExternalSaleKind::Refund {
                original_external_id: "820982911946154508".into(),
                restock: true
            }
        );
        assert_eq!(refund.currency, "JPY");
        assert_eq!(refund.location_ref.as_deref(), Some("655441491"));
        assert_eq!(refund.lines.len(), 1);
        assert_eq!(refund.lines[0].quantity, 1);
        assert_eq!(refund.lines[0].unit_price_minor, 1980);
        assert_eq!(refund.lines[0].discount_minor, 100);
        assert_eq!(
            refund.payments,
            vec![ExternalPayment {
                method: PaymentMethod::Card,
                amount_minor: 1880
            }]
        );
    }

    #[test]
    fn a_refund_without_restock_is_not_restocked() {
        let body = REFUND.replace("\"return\"", "\"no_restock\"");
        let InboundEvent::Sale(refund) = parse_webhook("refunds/create", body.as_bytes()).unwrap()
        else {
            panic!("expected a refund");
        };
        assert!(matches!(
            refund.kind,
            ExternalSaleKind::Refund { restock: false, .. }
        ));
    }

    #[test]
    fn an_inventory_level_update_names_the_inventory_item_and_location() {
        assert_eq!(
            parse_webhook("inventory_levels/update", INVENTORY.as_bytes()).unwrap(),
            InboundEvent::InventoryLevel {
                external_variant_id: "271878346596884015".into(),
                location_ref: "24826418".into(),
                available: 7
            }
        );
    }

    #[test]
    fn other_topics_are_ignored_and_garbage_is_malformed() {
        assert_eq!(
            parse_webhook("products/update", b"{}").unwrap(),
            InboundEvent::Ignored {
                topic: "products/update".into()
            }
        );
        assert!(matches!(
            parse_webhook("orders/create", b"not json"),
            Err(IntegrationError::Malformed(_))
        ));
    }

    #[test]
    fn the_next_page_link_is_found_among_others() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::LINK,
            "<https://s.myshopify.com/admin/api/2026-01/orders.json?page_info=abc&limit=250>; rel=\"previous\", <https://s.myshopify.com/admin/api/2026-01/orders.json?page_info=def&limit=250>; rel=\"next\""
                .parse()
                .unwrap(),
        );
        assert_eq!(
            next_link(&headers).as_deref(),
            Some("https://s.myshopify.com/admin/api/2026-01/orders.json?page_info=def&limit=250")
        );
        assert_eq!(next_link(&reqwest::header::HeaderMap::new()), None);
    }

    #[test]
    fn bare_ids_become_gids() {
        assert_eq!(gid("Location", "42"), "gid://shopify/Location/42");
        assert_eq!(
            gid("Location", "gid://shopify/Location/42"),
            "gid://shopify/Location/42"
        );
    }
}
