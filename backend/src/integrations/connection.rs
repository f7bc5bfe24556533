//! A channel's credentials for its provider, and the factory that turns them into API
//! clients pointed at the configured endpoints.
//!
//! The credentials live in `channels.settings` under the key `"connection"`, where the
//! channel services read and write them; this module only knows their shape.

use std::{collections::HashMap, sync::Arc};

use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;

use super::{
    IntegrationError,
    shopify::{self, ShopifyClient, ShopifyConfig},
    smaregi::{SmaregiClient, SmaregiConfig},
    square::{self, SquareClient, SquareConfig},
};
use crate::config::ProviderEndpoints;

/// How Kura reaches a channel's provider. Every field is optional: which ones a provider
/// needs is checked when a client is built.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Connection {
    /// Shopify: the shop's subdomain (`{shop}` of `{shop}.myshopify.com`).
    pub shop: Option<String>,
    /// Shopify Admin API or Square access token.
    pub access_token: Option<String>,
    /// Square: the notification URL exactly as registered with the webhook subscription
    /// (part of what Square signs). Kura's own webhook URL when unset.
    pub notification_url: Option<String>,
    /// Smaregi: the merchant's contract id (契約ID).
    pub contract_id: Option<String>,
    /// Smaregi: the app's client id.
    pub client_id: Option<String>,
    /// Smaregi: the app's client secret.
    pub client_secret: Option<String>,
}

// Hand-written so tokens and secrets never reach a log line.
impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hidden = |v: &Option<String>| v.as_ref().map(|_| "<redacted>");
        f.debug_struct("Connection")
            .field("shop", &self.shop)
            .field("access_token", &hidden(&self.access_token))
            .field("notification_url", &self.notification_url)
            .field("contract_id", &self.contract_id)
            .field("client_id", &self.client_id)
            .field("client_secret", &hidden(&self.client_secret))
            .finish()
    }
}

/// `Some(trimmed)` for a non-blank value.
fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl Connection {
    /// Reads the connection out of a channel's `settings` JSON; an absent or unreadable
    /// one is an empty connection.
    pub fn from_settings(settings: &str) -> Self {
        serde_json::from_str::<serde_json::Value>(settings)
            .ok()
            .and_then(|v| v.get("connection").cloned())
            .and_then(|v| serde_json::from_value(v).ok())
            .unwrap_or_default()
    }

    /// `settings` with this connection stored under `"connection"`, keeping every other key.
    pub fn into_settings(&self, settings: &str) -> Result<String, serde_json::Error> {
        let mut value = serde_json::from_str::<serde_json::Value>(settings)
            .ok()
            .filter(serde_json::Value::is_object)
            .unwrap_or_else(|| serde_json::json!({}));
        value["connection"] = serde_json::to_value(self)?;
        serde_json::to_string(&value)
    }

    /// The Shopify shop subdomain, accepting a pasted `shop.myshopify.com` or URL.
    pub fn shop_name(&self) -> Option<String> {
        let raw = present(&self.shop)?;
        let raw = raw
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_end_matches('/');
        let name = raw.strip_suffix(".myshopify.com").unwrap_or(raw);
        (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
            .then(|| name.to_ascii_lowercase())
    }
}

fn not_connected(what: &str) -> IntegrationError {
    IntegrationError::Rejected(format!("{what} not connected"))
}

/// Builds provider clients for channels against the configured endpoints. One per process
/// (in `AppState`); Smaregi clients are cached per contract so their token is reused.
#[derive(Debug)]
pub struct Integrations {
    endpoints: ProviderEndpoints,
    smaregi: Mutex<HashMap<String, (SmaregiKey, Arc<SmaregiClient>)>>,
}

/// The credentials a cached Smaregi client was built with; a change builds a new one.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SmaregiKey {
    client_id: String,
    client_secret: String,
}

impl Integrations {
    /// A factory for these endpoints.
    pub fn new(endpoints: ProviderEndpoints) -> Self {
        Self {
            endpoints,
            smaregi: Mutex::new(HashMap::new()),
        }
    }

    /// The configured endpoints.
    pub fn endpoints(&self) -> &ProviderEndpoints {
        &self.endpoints
    }

    /// A Shopify Admin API client for the connection's shop.
    pub fn shopify(&self, connection: &Connection) -> Result<ShopifyClient, IntegrationError> {
        let shop = connection
            .shop_name()
            .ok_or_else(|| not_connected("Shopify shop"))?;
        let token = present(&connection.access_token)
            .ok_or_else(|| not_connected("Shopify access token"))?;
        ShopifyClient::new(ShopifyConfig {
            base_url: self.endpoints.shopify_url_template.replace("{shop}", &shop),
            access_token: token.to_owned(),
            api_version: shopify::DEFAULT_API_VERSION.to_owned(),
            timeouts: Default::default(),
        })
    }

    /// A Square API client with the connection's access token.
    pub fn square(&self, connection: &Connection) -> Result<SquareClient, IntegrationError> {
        let token = present(&connection.access_token)
            .ok_or_else(|| not_connected("Square access token"))?;
        let mut config = SquareConfig::new(token);
        config.base_url = self.endpoints.square_url.clone();
        config.square_version = square::DEFAULT_SQUARE_VERSION.to_owned();
        SquareClient::new(config)
    }

    /// The Smaregi client of the connection's contract, shared by every caller so the
    /// client-credentials token is fetched once and reused until it expires.
    pub async fn smaregi(
        &self,
        connection: &Connection,
    ) -> Result<Arc<SmaregiClient>, IntegrationError> {
        let contract =
            present(&connection.contract_id).ok_or_else(|| not_connected("Smaregi contract id"))?;
        let key = SmaregiKey {
            client_id: present(&connection.client_id)
                .ok_or_else(|| not_connected("Smaregi client id"))?
                .to_owned(),
            client_secret: present(&connection.client_secret)
                .ok_or_else(|| not_connected("Smaregi client secret"))?
                .to_owned(),
        };
        let mut cache = self.smaregi.lock().await;
        if let Some((cached_key, client)) = cache.get(contract)
            && *cached_key == key
        {
            return Ok(client.clone());
        }
        let mut config = SmaregiConfig::new(&key.client_id, &key.client_secret, contract);
        config.id_base_url = self.endpoints.smaregi_id_url.clone();
        config.api_base_url = self.endpoints.smaregi_api_url.clone();
        let client = Arc::new(SmaregiClient::new(config)?);
        cache.insert(contract.to_owned(), (key, client.clone()));
        Ok(client)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn other_settings_keys_survive_a_write() {
        let connection = Connection {
            shop: Some("kura-demo".into()),
            ..Connection::default()
        };
        let out = connection
            .into_settings(r#"{"csvMapping":{"sku":"A"}}"#)
            .unwrap();
        let value: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(value["csvMapping"]["sku"], "A");
        assert_eq!(Connection::from_settings(&out), connection);
    }

    #[test]
    fn secrets_never_reach_debug_output() {
        let connection = Connection {
            access_token: Some("shpat_secret".into()),
            client_secret: Some("very-secret".into()),
            ..Connection::default()
        };
        let shown = format!("{connection:?}");
        assert!(!shown.contains("shpat_secret") && !shown.contains("very-secret"));
    }

    #[test]
    fn a_pasted_shop_domain_becomes_its_subdomain() {
        let shop = |s: &str| {
            Connection {
                shop: Some(s.into()),
                ..Connection::default()
            }
            .shop_name()
        };
        assert_eq!(
            shop("https://Kura-Demo.myshopify.com/").as_deref(),
            Some("kura-demo")
        );
        assert_eq!(shop("kura-demo").as_deref(), Some("kura-demo"));
        assert_eq!(shop("evil.example/x"), None);
    }
}
