//! スマレジ (Smaregi Platform API): webhook authentication and parsing, and the POS API
//! calls Kura needs (transactions, stock).
//!
//! Smaregi does not sign webhooks. Kura gives each channel a secret that the merchant
//! configures as an extra header (`X-Kura-Webhook-Secret`) on the webhook URL, checked
//! with [`verify_secret`]. Transaction webhooks carry ids only, so each one becomes
//! [`InboundEvent::FetchTransaction`], read with [`SmaregiClient::transaction`].
//!
//! Smaregi's JSON sends nearly every number as a string (`"quantity": "2"`); both forms
//! are accepted everywhere.

use std::time::{Duration, Instant};

use chrono::{DateTime, SecondsFormat, Utc};
use kura_shared::PaymentMethod;
use serde::Deserialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use tokio::sync::Mutex;

use super::{
    ExternalCustomer, ExternalLine, ExternalPayment, ExternalSale, ExternalSaleKind, HttpTimeouts,
    InboundEvent, IntegrationError, StockLevel, check_status, lenient, percent, read_json,
    timestamp, whole_number,
};

/// The header carrying Kura's per-channel webhook secret.
pub const SECRET_HEADER: &str = "X-Kura-Webhook-Secret";
/// The header naming the event (`pos:transactions`).
pub const EVENT_HEADER: &str = "Smaregi-Event";
/// The header with Smaregi's id of the delivery, for deduplication.
pub const EVENT_ID_HEADER: &str = "Smaregi-Event-Id";
/// The header with the merchant's contract id.
pub const CONTRACT_ID_HEADER: &str = "Smaregi-Contract-Id";

/// Production token endpoint host.
pub const DEFAULT_ID_BASE_URL: &str = "https://id.smaregi.jp";
/// Production API host.
pub const DEFAULT_API_BASE_URL: &str = "https://api.smaregi.jp";
/// Scopes Kura asks for: read sales, write stock.
pub const DEFAULT_SCOPES: &[&str] = &["pos.transactions:read", "pos.stock:write"];

/// Whether the presented webhook secret equals the channel's. An empty expected secret
/// never matches, so a channel whose secret was never set accepts nothing.
pub fn verify_secret(expected: &str, presented: Option<&str>) -> bool {
    let Some(presented) = presented else {
        return false;
    };
    if expected.is_empty() {
        return false;
    }
    // Comparing fixed-length digests keeps the time independent of where the strings
    // differ and of the secret's length.
    let a = Sha256::digest(expected.as_bytes());
    let b = Sha256::digest(presented.as_bytes());
    a.iter()
        .zip(b.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

/// Reads a webhook body by its `Smaregi-Event` header.
///
/// `pos:transactions` bodies look like
/// `{"contractId": "…", "event": "pos:transactions", "action": "created",
/// "transactionHeadIds": ["25", …]}` (ids as strings or numbers); every action but
/// `deleted` becomes one [`InboundEvent::FetchTransaction`] per id, because edits and
/// cancellations change what Kura should hold. Every other event is
/// [`InboundEvent::Ignored`].
pub fn parse_webhook(event: &str, raw_body: &[u8]) -> Result<Vec<InboundEvent>, IntegrationError> {
    let event = event.trim();
    if event != "pos:transactions" {
        return Ok(vec![InboundEvent::Ignored {
            topic: event.to_owned(),
        }]);
    }
    let body: TransactionsWebhook =
        serde_json::from_slice(raw_body).map_err(|e| IntegrationError::Malformed(e.to_string()))?;
    if body.action.as_deref() == Some("deleted") {
        return Ok(vec![InboundEvent::Ignored {
            topic: format!("{event} deleted"),
        }]);
    }
    let ids = body
        .transaction_head_ids
        .ok_or_else(|| IntegrationError::Malformed("no transactionHeadIds".into()))?;
    ids.iter()
        .map(|id| match id {
            Value::String(s) if !s.is_empty() => Ok(s.clone()),
            Value::Number(n) => Ok(n.to_string()),
            other => Err(IntegrationError::Malformed(format!(
                "transaction id {other} is not a string or number"
            ))),
        })
        .map(|id| id.map(|transaction_id| InboundEvent::FetchTransaction { transaction_id }))
        .collect()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TransactionsWebhook {
    action: Option<String>,
    #[serde(alias = "ids")]
    transaction_head_ids: Option<Vec<Value>>,
}

/// Credentials and endpoints of one Smaregi contract.
#[derive(Clone)]
pub struct SmaregiConfig {
    /// [`DEFAULT_ID_BASE_URL`] (or the sandbox `https://id.smaregi.dev`).
    pub id_base_url: String,
    /// [`DEFAULT_API_BASE_URL`] (or the sandbox `https://api.smaregi.dev`).
    pub api_base_url: String,
    /// The app's client id.
    pub client_id: String,
    /// The app's client secret.
    pub client_secret: String,
    /// The merchant's contract id (契約ID).
    pub contract_id: String,
    /// Scopes requested with the token.
    pub scopes: Vec<String>,
    /// Connect and request timeouts.
    pub timeouts: HttpTimeouts,
}

impl std::fmt::Debug for SmaregiConfig {
    // The secret would otherwise end up in every log line that prints a client.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmaregiConfig")
            .field("id_base_url", &self.id_base_url)
            .field("api_base_url", &self.api_base_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("contract_id", &self.contract_id)
            .field("scopes", &self.scopes)
            .field("timeouts", &self.timeouts)
            .finish()
    }
}

impl SmaregiConfig {
    /// Production endpoints, default scopes and timeouts.
    pub fn new(
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        contract_id: impl Into<String>,
    ) -> Self {
        Self {
            id_base_url: DEFAULT_ID_BASE_URL.to_owned(),
            api_base_url: DEFAULT_API_BASE_URL.to_owned(),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            contract_id: contract_id.into(),
            scopes: DEFAULT_SCOPES.iter().map(|s| (*s).to_owned()).collect(),
            timeouts: HttpTimeouts::default(),
        }
    }
}

/// A client for one contract. It fetches an app access token on first use and reuses it
/// until shortly before it expires; share one instance per contract.
#[derive(Debug)]
pub struct SmaregiClient {
    config: SmaregiConfig,
    http: reqwest::Client,
    token: Mutex<Option<CachedToken>>,
}

#[derive(Clone)]
struct CachedToken {
    access_token: String,
    refresh_at: Instant,
}

impl std::fmt::Debug for CachedToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CachedToken")
            .field("refresh_at", &self.refresh_at)
            .finish_non_exhaustive()
    }
}

/// A token is replaced this long before Smaregi says it expires, so a request never
/// leaves with a token that dies in flight.
const TOKEN_MARGIN: Duration = Duration::from_secs(60);
/// Transactions per list page (Smaregi's maximum).
const PAGE_SIZE: usize = 1000;
/// Longest period one list request may cover (Smaregi allows 31 days).
const MAX_WINDOW_DAYS: i64 = 31;
/// Safety stop for page loops.
const MAX_PAGES: usize = 1000;

impl SmaregiClient {
    /// A client with its own connection pool and an empty token cache.
    pub fn new(config: SmaregiConfig) -> Result<Self, IntegrationError> {
        let http = config.timeouts.client()?;
        Ok(Self {
            config,
            http,
            token: Mutex::new(None),
        })
    }

    /// The cached access token, fetched with client credentials when missing or about to
    /// expire. The lock is held during the fetch so concurrent callers wait for one
    /// token instead of each asking for their own.
    async fn access_token(&self) -> Result<String, IntegrationError> {
        let mut cached = self.token.lock().await;
        if let Some(token) = cached.as_ref().filter(|t| Instant::now() < t.refresh_at) {
            return Ok(token.access_token.clone());
        }
        let url = format!(
            "{}/app/{}/token",
            self.config.id_base_url.trim_end_matches('/'),
            self.config.contract_id
        );
        let scope = self.config.scopes.join(" ");
        let response = self
            .http
            .post(url)
            .basic_auth(&self.config.client_id, Some(&self.config.client_secret))
            .form(&[
                ("grant_type", "client_credentials"),
                ("scope", scope.as_str()),
            ])
            .send()
            .await?;
        let token: TokenResponse = read_json(check_status(response).await?).await?;
        let lifetime = Duration::from_secs(token.expires_in.unwrap_or(3600));
        let fresh = CachedToken {
            access_token: token.access_token,
            refresh_at: Instant::now() + lifetime.saturating_sub(TOKEN_MARGIN),
        };
        let access_token = fresh.access_token.clone();
        *cached = Some(fresh);
        Ok(access_token)
    }

    async fn forget_token(&self) {
        *self.token.lock().await = None;
    }

    fn pos_url(&self, path: &str) -> String {
        format!(
            "{}/{}/pos{path}",
            self.config.api_base_url.trim_end_matches('/'),
            self.config.contract_id
        )
    }

    /// Sends an API request with the bearer token; on a 401 (token revoked or rotated
    /// early) fetches a new token and tries once more.
    async fn send(
        &self,
        build: impl Fn(&reqwest::Client) -> reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, IntegrationError> {
        let token = self.access_token().await?;
        let response = build(&self.http).bearer_auth(token).send().await?;
        if response.status() != reqwest::StatusCode::UNAUTHORIZED {
            return check_status(response).await;
        }
        self.forget_token().await;
        let token = self.access_token().await?;
        check_status(build(&self.http).bearer_auth(token).send().await?).await
    }

    /// Reads one transaction with its details.
    ///
    /// A sale (取引区分 1) becomes a sale; one with negative amounts (a return entered at
    /// the register) a restocked refund; a cancelled one (取消区分 1) a restocked refund
    /// of itself under `cancel:<id>`. Other divisions (cash in/out, points…) are
    /// [`IntegrationError::Rejected`]: they move no goods.
    pub async fn transaction(&self, id: &str) -> Result<ExternalSale, IntegrationError> {
        let url = self.pos_url(&format!("/transactions/{id}"));
        let response = self
            .send(|http| http.get(&url).query(&[("with_details", "all")]))
            .await?;
        let transaction: Transaction = read_json(response).await?;
        transaction.into_sale()?.ok_or_else(|| {
            IntegrationError::Rejected(format!("transaction {id} is not a sale of goods"))
        })
    }

    /// Every sale transaction sent to Smaregi at or after `since`, for reconciliation.
    ///
    /// Lists in windows of 31 days (Smaregi's limit) up to now, 1000 a page; a listed
    /// transaction without details is read on its own. Non-sale divisions are skipped. A
    /// cancelled transaction yields both the sale and its `cancel:<id>` refund, since the
    /// sale itself may be what the webhooks missed.
    pub async fn transactions_since(
        &self,
        since: DateTime<Utc>,
    ) -> Result<Vec<ExternalSale>, IntegrationError> {
        let now = Utc::now();
        let mut sales = Vec::new();
        let mut from = since;
        while from <= now {
            let to = (from + chrono::Duration::days(MAX_WINDOW_DAYS)).min(now);
            self.list_window(from, to, &mut sales).await?;
            if to >= now {
                break;
            }
            from = to;
        }
        Ok(sales)
    }

    async fn list_window(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        sales: &mut Vec<ExternalSale>,
    ) -> Result<(), IntegrationError> {
        let url = self.pos_url("/transactions");
        let from = from.to_rfc3339_opts(SecondsFormat::Secs, false);
        let to = to.to_rfc3339_opts(SecondsFormat::Secs, false);
        let limit = PAGE_SIZE.to_string();
        for page in 1..=MAX_PAGES {
            let page_text = page.to_string();
            let response = self
                .send(|http| {
                    http.get(&url).query(&[
                        ("transaction_date_time-from", from.as_str()),
                        ("transaction_date_time-to", to.as_str()),
                        ("sort", "transactionDateTime"),
                        ("with_details", "all"),
                        ("limit", limit.as_str()),
                        ("page", page_text.as_str()),
                    ])
                })
                .await?;
            let transactions: Vec<Transaction> = read_json(response).await?;
            let count = transactions.len();
            for transaction in transactions {
                let transaction = if transaction.details.is_none() {
                    let id = transaction.transaction_head_id.clone();
                    let url = self.pos_url(&format!("/transactions/{id}"));
                    let response = self
                        .send(|http| http.get(&url).query(&[("with_details", "all")]))
                        .await?;
                    read_json(response).await?
                } else {
                    transaction
                };
                sales.extend(transaction.into_reconciled()?);
            }
            if count < PAGE_SIZE {
                return Ok(());
            }
        }
        Err(IntegrationError::Malformed(format!(
            "more than {MAX_PAGES} pages of transactions"
        )))
    }

    /// Sets the absolute stock of product `item_ref` at store `location_ref`, one
    /// `PATCH /{contract_id}/pos/stock/{product_id}` (在庫更新) per item.
    ///
    /// The per-product update is synchronous and sets the value as given. Smaregi's bulk
    /// endpoints are relative (`/stock/add/bulk`) and asynchronous with a callback URL, which
    /// would leave Kura not knowing when, or whether, the absolute level landed.
    pub async fn update_stock(&self, items: &[StockLevel]) -> Result<(), IntegrationError> {
        for item in items {
            let url = self.pos_url(&format!("/stock/{}", item.item_ref));
            let body = serde_json::json!({
                "storeId": item.location_ref,
                "stockAmount": item.quantity.to_string(),
                "stockHistory": { "memo": "Kura" },
            });
            self.send(|http| http.patch(&url).json(&body)).await?;
        }
        Ok(())
    }
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    expires_in: Option<u64>,
}

#[derive(Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Transaction {
    #[serde(deserialize_with = "lenient::string")]
    transaction_head_id: String,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    transaction_head_division: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    cancel_division: Option<String>,
    transaction_date_time: Option<String>,
    terminal_tran_date_time: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    store_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    customer_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    total: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    deposit_cash: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    deposit_credit: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    change: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    point_discount: Option<String>,
    /// Where Smaregi links a return to the sale it reverses; not in every response.
    #[serde(
        default,
        alias = "returnTransactionHeadId",
        deserialize_with = "lenient::opt_string"
    )]
    dispose_server_transaction_head_id: Option<String>,
    details: Option<Vec<Detail>>,
}

#[derive(Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Detail {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    product_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    product_code: Option<String>,
    product_name: Option<String>,
    #[serde(deserialize_with = "lenient::string")]
    quantity: String,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    sales_price: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    price: Option<String>,
    /// Discount on the whole line (単品値引き計).
    #[serde(default, deserialize_with = "lenient::opt_string")]
    unit_discount_sum: Option<String>,
    /// Discount per unit (単品値引き), used when the line total is absent.
    #[serde(
        default,
        alias = "discountPrice",
        deserialize_with = "lenient::opt_string"
    )]
    unit_discount_price: Option<String>,
    /// This line's share of the subtotal discount (小計値引き按分).
    #[serde(default, deserialize_with = "lenient::opt_string")]
    discount_price_proportional: Option<String>,
    /// This line's share of the coupon discount.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    discount_coupon_proportional: Option<String>,
    /// 0: tax included (内税), 1: tax added (外税), 2: tax exempt (非課税).
    #[serde(default, deserialize_with = "lenient::opt_string")]
    tax_division: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    tax_rate: Option<String>,
}

/// A Smaregi integer field (`"-120"`, `120`), absent or null as zero.
fn int(field: &Option<String>, name: &str) -> Result<i64, IntegrationError> {
    match field.as_deref().map(str::trim) {
        None | Some("") => Ok(0),
        Some(text) => whole_number(text).ok_or_else(|| {
            IntegrationError::Malformed(format!("{name} {text:?} is not a whole number"))
        }),
    }
}

impl Transaction {
    /// The transaction as [`Transaction::into_sale`] reads it, preceded, when it was
    /// cancelled, by the sale it was before the cancellation.
    fn into_reconciled(self) -> Result<Vec<ExternalSale>, IntegrationError> {
        let mut sales = Vec::new();
        if self.cancel_division.as_deref() == Some("1") {
            let mut original = self.clone();
            original.cancel_division = None;
            sales.extend(original.into_sale()?);
        }
        sales.extend(self.into_sale()?);
        Ok(sales)
    }

    /// `None` for divisions that move no goods.
    fn into_sale(self) -> Result<Option<ExternalSale>, IntegrationError> {
        if self.transaction_head_division.as_deref().unwrap_or("1") != "1" {
            return Ok(None);
        }
        let occurred_at = self
            .terminal_tran_date_time
            .as_deref()
            .or(self.transaction_date_time.as_deref())
            .ok_or_else(|| {
                IntegrationError::Malformed(format!(
                    "transaction {} has no date",
                    self.transaction_head_id
                ))
            })
            .and_then(timestamp)?;
        let details = self.details.as_deref().unwrap_or_default();
        let total = int(&self.total, "total")?;
        let returning = total < 0
            || (!details.is_empty()
                && details
                    .iter()
                    .all(|d| whole_number(&d.quantity).is_some_and(|q| q < 0)));
        let cancelled = self.cancel_division.as_deref() == Some("1");

        let lines = details
            .iter()
            .map(Detail::to_line)
            .filter_map(Result::transpose)
            .collect::<Result<Vec<_>, _>>()?;
        let payments = self.payments(total)?;
        let divisions: Vec<&str> = details
            .iter()
            .filter_map(|d| d.tax_division.as_deref())
            .collect();
        let prices_include_tax = if divisions.is_empty() {
            None
        } else if divisions.iter().all(|d| *d == "0") {
            Some(true)
        } else if divisions.iter().all(|d| *d == "1") {
            Some(false)
        } else {
            None
        };
        let (external_id, kind) = if cancelled {
            // A cancelled (取消) sale takes its goods back, so Kura books a full refund
            // of it, under an id of its own so the original sale stays recorded.
            (
                format!("cancel:{}", self.transaction_head_id),
                ExternalSaleKind::Refund {
                    original_external_id: self.transaction_head_id.clone(),
                    restock: true,
                },
            )
        } else if returning {
            (
                self.transaction_head_id.clone(),
                ExternalSaleKind::Refund {
                    original_external_id: self
                        .dispose_server_transaction_head_id
                        .clone()
                        .unwrap_or_default(),
                    restock: true,
                },
            )
        } else {
            (self.transaction_head_id.clone(), ExternalSaleKind::Sale)
        };
        Ok(Some(ExternalSale {
            external_id,
            kind,
            occurred_at,
            location_ref: self.store_id,
            // Smaregi runs in yen only and sends no currency.
            currency: "JPY".to_owned(),
            prices_include_tax,
            customer: self.customer_id.map(|id| ExternalCustomer {
                external_id: Some(id),
                email: None,
                phone: None,
                name: None,
            }),
            lines,
            payments,
            // A till: the customer took the goods.
            to_ship: None,
        }))
    }

    /// Cash is what was handed over less change, card the credit deposit, points the
    /// point discount; whatever of the total is left was paid some other way (e-money,
    /// QR, gift certificates), which the transaction head does not break down.
    fn payments(&self, total: i64) -> Result<Vec<ExternalPayment>, IntegrationError> {
        let total = total.saturating_abs();
        let cash = (int(&self.deposit_cash, "depositCash")?.saturating_abs()
            - int(&self.change, "change")?.saturating_abs())
        .max(0)
        .min(total);
        let card = int(&self.deposit_credit, "depositCredit")?
            .saturating_abs()
            .min(total - cash);
        let other = total - cash - card;
        let points = int(&self.point_discount, "pointDiscount")?.saturating_abs();
        Ok([
            (PaymentMethod::Cash, cash),
            (PaymentMethod::Card, card),
            (PaymentMethod::Other, other),
            (PaymentMethod::Points, points),
        ]
        .into_iter()
        .filter(|(_, amount)| *amount > 0)
        .map(|(method, amount_minor)| ExternalPayment {
            method,
            amount_minor,
        })
        .collect())
    }
}

impl Detail {
    /// `None` for a zero-quantity line (a memo line).
    fn to_line(&self) -> Result<Option<ExternalLine>, IntegrationError> {
        let quantity = whole_number(&self.quantity).ok_or_else(|| {
            IntegrationError::Malformed(format!("quantity {:?} is not whole", self.quantity))
        })?;
        if quantity == 0 {
            return Ok(None);
        }
        let units = quantity.saturating_abs();
        let unit_price = match &self.sales_price {
            Some(_) => int(&self.sales_price, "salesPrice")?,
            None => int(&self.price, "price")?,
        }
        .saturating_abs();
        let item_discount = match &self.unit_discount_sum {
            Some(_) => int(&self.unit_discount_sum, "unitDiscountSum")?.saturating_abs(),
            None => int(&self.unit_discount_price, "unitDiscountPrice")?
                .saturating_abs()
                .saturating_mul(units),
        };
        let shared_discount = int(
            &self.discount_price_proportional,
            "discountPriceProportional",
        )?
        .saturating_abs()
        .saturating_add(
            int(
                &self.discount_coupon_proportional,
                "discountCouponProportional",
            )?
            .saturating_abs(),
        );
        let code = self.product_code.clone().filter(|c| !c.is_empty());
        // Smaregi product codes are usually the JAN printed on the item.
        let barcode = code
            .as_deref()
            .filter(|c| matches!(c.len(), 8 | 13) && c.bytes().all(|b| b.is_ascii_digit()))
            .map(str::to_owned);
        Ok(Some(ExternalLine {
            external_variant_id: self.product_id.clone(),
            sku: code,
            barcode,
            title: self.product_name.clone().unwrap_or_default(),
            quantity: units,
            unit_price_minor: unit_price,
            discount_minor: item_discount.saturating_add(shared_discount),
            tax_rate_percent: self.tax_rate.as_deref().and_then(|r| percent(r, 0)),
        }))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const WEBHOOK: &str = include_str!("fixtures/smaregi_transactions_webhook.json");
    const TRANSACTION: &str = include_str!("fixtures/smaregi_transaction.json");
    const RETURN: &str = include_str!("fixtures/smaregi_return_transaction.json");

    #[test]
    fn the_channel_secret_is_accepted() {
        assert!(verify_secret("s3cret-0123", Some("s3cret-0123")));
    }

    #[test]
    fn a_wrong_missing_or_empty_secret_is_rejected() {
        assert!(!verify_secret("s3cret-0123", Some("s3cret-0124")));
        assert!(!verify_secret("s3cret-0123", Some("s3cret-012")));
        assert!(!verify_secret("s3cret-0123", None));
        assert!(!verify_secret("s3cret-0123", Some("")));
        assert!(!verify_secret("", Some("")));
    }

    #[test]
    fn a_transactions_webhook_asks_for_each_transaction() {
        assert_eq!(
            parse_webhook("pos:transactions", WEBHOOK.as_bytes()).unwrap(),
            vec![
                InboundEvent::FetchTransaction {
                    transaction_id: "25".into()
                },
                InboundEvent::FetchTransaction {
                    transaction_id: "26".into()
                }
            ]
        );
    }

    #[test]
    fn numeric_ids_and_other_events_are_accepted() {
        let body = br#"{"contractId":"sb_x","event":"pos:transactions","action":"created","transactionHeadIds":[27]}"#;
        assert_eq!(
            parse_webhook("pos:transactions", body).unwrap(),
            vec![InboundEvent::FetchTransaction {
                transaction_id: "27".into()
            }]
        );
        assert_eq!(
            parse_webhook("pos:products", b"{}").unwrap(),
            vec![InboundEvent::Ignored {
                topic: "pos:products".into()
            }]
        );
        assert!(matches!(
            parse_webhook("pos:transactions", b"[]"),
            Err(IntegrationError::Malformed(_))
        ));
    }

    #[test]
    fn a_transaction_maps_details_discounts_and_payments() {
        let transaction: Transaction = serde_json::from_str(TRANSACTION).unwrap();
        let sale = transaction.into_sale().unwrap().unwrap();
        assert_eq!(sale.external_id, "28");
        assert_eq!(sale.kind, ExternalSaleKind::Sale);
        assert_eq!(sale.currency, "JPY");
        assert_eq!(sale.location_ref.as_deref(), Some("1"));
        assert_eq!(sale.prices_include_tax, Some(true));
        assert_eq!(sale.occurred_at.to_rfc3339(), "2026-11-20T07:36:27+00:00");
        assert_eq!(sale.customer.unwrap().external_id.as_deref(), Some("301"));
        assert_eq!(
            sale.lines[0],
            ExternalLine {
                external_variant_id: Some("8000001".into()),
                sku: Some("4901234567894".into()),
                barcode: Some("4901234567894".into()),
                title: "オーガニックTシャツ 黒 M".into(),
                quantity: 2,
                unit_price_minor: 1980,
                discount_minor: 200,
                tax_rate_percent: Some(10),
            }
        );
        assert_eq!(sale.lines[1].sku.as_deref(), Some("TEA-50"));
        assert_eq!(sale.lines[1].barcode, None);
        assert_eq!(
            sale.payments,
            vec![
                ExternalPayment {
                    method: PaymentMethod::Cash,
                    amount_minor: 3000
                },
                ExternalPayment {
                    method: PaymentMethod::Other,
                    amount_minor: 1200
                },
                ExternalPayment {
                    method: PaymentMethod::Points,
                    amount_minor: 100
                }
            ]
        );
    }

    #[test]
    fn a_negative_transaction_is_a_restocked_refund() {
        let transaction: Transaction = serde_json::from_str(RETURN).unwrap();
        let refund = transaction.into_sale().unwrap().unwrap();
        assert_eq!(refund.external_id, "31");
        assert_eq!(
            refund.kind,
            ExternalSaleKind::Refund {
                original_external_id: "28".into(),
                restock: true
            }
        );
        assert_eq!(refund.lines[0].quantity, 1);
        assert_eq!(refund.lines[0].unit_price_minor, 1980);
        assert_eq!(
            refund.payments,
            vec![ExternalPayment {
                method: PaymentMethod::Cash,
                amount_minor: 1880
            }]
        );
    }

    #[test]
    fn a_cancelled_transaction_refunds_itself() {
        let body = TRANSACTION.replace("\"cancelDivision\": \"0\"", "\"cancelDivision\": \"1\"");
        let transaction: Transaction = serde_json::from_str(&body).unwrap();
        let refund = transaction.into_sale().unwrap().unwrap();
        assert_eq!(refund.external_id, "cancel:28");
        assert_eq!(
            refund.kind,
            ExternalSaleKind::Refund {
                original_external_id: "28".into(),
                restock: true
            }
        );
    }

    #[test]
    fn reconciling_a_cancelled_transaction_yields_the_sale_and_its_cancellation() {
        let body = TRANSACTION.replace("\"cancelDivision\": \"0\"", "\"cancelDivision\": \"1\"");
        let transaction: Transaction = serde_json::from_str(&body).unwrap();
        let ids: Vec<String> = transaction
            .into_reconciled()
            .unwrap()
            .into_iter()
            .map(|s| s.external_id)
            .collect();
        assert_eq!(ids, ["28", "cancel:28"]);
    }

    #[test]
    fn a_cash_deposit_is_not_a_sale() {
        let body = TRANSACTION.replace(
            "\"transactionHeadDivision\": \"1\"",
            "\"transactionHeadDivision\": \"2\"",
        );
        let transaction: Transaction = serde_json::from_str(&body).unwrap();
        assert_eq!(transaction.into_sale().unwrap(), None);
    }
}
