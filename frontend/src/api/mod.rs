//! Typed GraphQL client: queries and mutations over HTTP, subscriptions over
//! `graphql-transport-ws`.
//!
//! Pages never build requests by hand; they call [`query`] with a document and variables and
//! get back their own response type, or an [`ApiError`] whose [`ApiError::code`] is the
//! server's stable `extensions.code` parsed into [`ErrorCode`].
//!
//! The operations are grouped in one folder per business area, named as the server's
//! (`accounts`, `catalog`, `stock`, `channels`, `sales`, `orders`); beside them stand what every area
//! uses: the session and its token (`session`), shared shapes (`wire`), subscriptions (`ws`)
//! and the server's own facts (`server`).

pub mod accounts;
pub mod catalog;
pub mod channels;
pub mod invoices;
pub mod orders;
pub mod sales;
pub mod server;
pub mod session;
pub mod stock;
pub mod wire;
pub mod ws;

use gloo_net::http::Request;
use kura_shared::ErrorCode;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// Path of the GraphQL endpoint, for both HTTP and WebSocket transports.
pub const GRAPHQL_PATH: &str = "/graphql";

/// Media types from the GraphQL-over-HTTP spec, preferred first; the plain JSON fallback keeps
/// older servers and proxies answering.
const ACCEPT: &str = "application/graphql-response+json, application/json";

/// Why a GraphQL operation did not produce data.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// No HTTP response at all: offline, server down, DNS, or the request was blocked.
    Network(String),
    /// The server answered with an error status and no GraphQL body to explain it.
    Http(u16),
    /// The server answered, but not with the response shape we asked for.
    Decode(String),
    /// The server ran the operation and reported errors; never empty.
    GraphQl(Vec<GraphQlError>),
}

impl ApiError {
    /// The first stable error code the server attached, if any.
    ///
    /// Transport failures have no code; the UI treats them as "can't reach the server".
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiError::GraphQl(errors) => errors.iter().find_map(|e| e.code),
            ApiError::Network(_) | ApiError::Http(_) | ApiError::Decode(_) => None,
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::Network(detail) => write!(f, "network error: {detail}"),
            ApiError::Http(status) => write!(f, "HTTP status {status}"),
            ApiError::Decode(detail) => write!(f, "unexpected response: {detail}"),
            ApiError::GraphQl(errors) => {
                let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
                write!(f, "GraphQL error: {}", messages.join("; "))
            }
        }
    }
}

impl std::error::Error for ApiError {}

/// One entry of a GraphQL response's `errors` array.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "WireError")]
pub struct GraphQlError {
    /// Server-provided message; English, for logs and developers rather than end users.
    pub message: String,
    /// `extensions.code`, when it is one we know. Unknown codes become `None` so a newer
    /// server cannot break an older dashboard.
    pub code: Option<ErrorCode>,
    /// `extensions.field`: the input field at fault (`"email"`, `"companyName"`, …).
    pub field: Option<String>,
    /// `extensions.reason`: why that field was refused (`"password.too_short"`, …).
    pub reason: Option<String>,
}

impl GraphQlError {
    /// An error with a code and nothing else, for failures reported outside a response body.
    pub fn with_code(code: ErrorCode, message: impl Into<String>) -> Self {
        GraphQlError {
            message: message.into(),
            code: Some(code),
            field: None,
            reason: None,
        }
    }
}

#[derive(Deserialize)]
struct WireError {
    #[serde(default)]
    message: String,
    #[serde(default)]
    extensions: Option<WireExtensions>,
}

#[derive(Deserialize)]
struct WireExtensions {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    field: Option<String>,
    #[serde(default)]
    reason: Option<String>,
}

impl From<WireError> for GraphQlError {
    fn from(wire: WireError) -> Self {
        let (code, field, reason) = match wire.extensions {
            Some(ext) => (ext.code.and_then(|c| c.parse().ok()), ext.field, ext.reason),
            None => (None, None, None),
        };
        GraphQlError {
            message: wire.message,
            code,
            field,
            reason,
        }
    }
}

/// The `{ data, errors }` envelope shared by HTTP responses and subscription `next` payloads.
#[derive(Deserialize)]
struct Envelope<T> {
    data: Option<T>,
    #[serde(default)]
    errors: Vec<GraphQlError>,
}

impl<T> Envelope<T> {
    /// Errors win over partial data: pages are written for all-or-nothing results.
    fn into_result(self) -> Result<T, ApiError> {
        if !self.errors.is_empty() {
            return Err(ApiError::GraphQl(self.errors));
        }
        self.data
            .ok_or_else(|| ApiError::Decode("response has neither data nor errors".to_owned()))
    }
}

/// Parses a `{ data, errors }` JSON value into the caller's data type.
fn decode_envelope<T: DeserializeOwned>(value: Value) -> Result<T, ApiError> {
    serde_json::from_value::<Envelope<T>>(value)
        .map_err(|e| ApiError::Decode(e.to_string()))?
        .into_result()
}

/// The `{ query, variables }` request payload, shared by HTTP and WebSocket transports.
///
/// `()` variables serialise to `null`, which is then left out: servers differ on whether
/// `"variables": null` is acceptable, and all accept its absence.
fn operation_payload<V: Serialize>(document: &str, variables: V) -> Result<Value, ApiError> {
    let variables = serde_json::to_value(variables).map_err(|e| ApiError::Decode(e.to_string()))?;
    let mut payload = json!({ "query": document });
    if !variables.is_null() {
        payload["variables"] = variables;
    }
    Ok(payload)
}

/// Runs a GraphQL query or mutation against [`GRAPHQL_PATH`] and decodes its `data` into `T`.
///
/// `variables` is any serialisable value; pass `()` for none. When signed in, the request
/// carries the session's access token; if the server answers `UNAUTHENTICATED` (the token
/// expired while the tab slept, say) the session is refreshed once and the request retried.
/// If the session cannot be refreshed, the dashboard signs out and the error is returned.
pub async fn query<V: Serialize, T: DeserializeOwned>(
    document: &str,
    variables: V,
) -> Result<T, ApiError> {
    let payload = operation_payload(document, variables)?;
    let token = session::bearer();
    let result = post(&payload, token.as_deref()).await;
    match result {
        Err(error) if token.is_some() && error.code() == Some(ErrorCode::Unauthenticated) => {
            if session::recover(token.as_deref()).await {
                post(&payload, session::bearer().as_deref()).await
            } else {
                Err(error)
            }
        }
        other => other,
    }
}

/// The variant whose barcode (when `code` reads as one) or else SKU is `code`, in the
/// shape `document` selects; `None` when neither matches. `document` declares
/// `$sku: String, $barcode: String` and asks for `productVariant(sku:, barcode:)`.
pub(crate) async fn variant_by_code<T: DeserializeOwned>(
    document: &str,
    code: String,
) -> Result<Option<T>, ApiError> {
    #[derive(Serialize)]
    struct Vars {
        sku: Option<String>,
        barcode: Option<String>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data<T> {
        product_variant: Option<T>,
    }
    let code = code.trim().to_owned();
    if kura_shared::Barcode::parse(&code).is_ok() {
        let vars = Vars {
            sku: None,
            barcode: Some(code.clone()),
        };
        let found = query::<_, Data<T>>(document, vars).await?;
        if found.product_variant.is_some() {
            return Ok(found.product_variant);
        }
    }
    let vars = Vars {
        sku: Some(code),
        barcode: None,
    };
    query::<_, Data<T>>(document, vars)
        .await
        .map(|d| d.product_variant)
}

/// One HTTP round trip, with an explicit access token (or none) and no retry.
async fn post<T: DeserializeOwned>(payload: &Value, token: Option<&str>) -> Result<T, ApiError> {
    let mut request = Request::post(GRAPHQL_PATH).header("Accept", ACCEPT);
    if let Some(token) = token {
        request = request.header("Authorization", &format!("Bearer {token}"));
    }
    let request = request
        .json(payload)
        .map_err(|e| ApiError::Decode(e.to_string()))?;
    let response = request
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    let status = response.status();
    // graphql-response+json servers report request errors with a 4xx status *and* a GraphQL
    // body, so try the body first and fall back to the bare status.
    match response.json::<Value>().await {
        Ok(body) if body.get("data").is_some() || body.get("errors").is_some() => {
            decode_envelope(body)
        }
        _ if !response.ok() => Err(ApiError::Http(status)),
        Ok(_) => Err(ApiError::Decode(
            "response has neither data nor errors".to_owned(),
        )),
        Err(e) => Err(ApiError::Decode(e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Ping {
        ok: bool,
    }

    #[test]
    fn data_decodes_into_the_callers_type() {
        let body = json!({ "data": { "ok": true } });
        assert_eq!(decode_envelope::<Ping>(body), Ok(Ping { ok: true }));
    }

    #[test]
    fn error_codes_are_parsed_and_unknown_ones_dropped() {
        let body = json!({
            "data": null,
            "errors": [
                { "message": "slow down", "extensions": { "code": "RATE_LIMITED" } },
                { "message": "from the future", "extensions": { "code": "SOMETHING_NEW" } }
            ]
        });
        let error = decode_envelope::<Ping>(body).expect_err("errors win over data");
        assert_eq!(error.code(), Some(ErrorCode::RateLimited));
        let ApiError::GraphQl(errors) = error else {
            panic!("expected GraphQL errors")
        };
        assert_eq!(errors[1].code, None);
    }

    #[test]
    fn field_errors_keep_their_field_and_reason() {
        let body = json!({
            "data": null,
            "errors": [{
                "message": "use at least 10 characters",
                "extensions": { "code": "VALIDATION", "field": "password", "reason": "password.too_short" }
            }]
        });
        let ApiError::GraphQl(errors) = decode_envelope::<Ping>(body).expect_err("an error") else {
            panic!("expected GraphQL errors")
        };
        assert_eq!(errors[0].code, Some(ErrorCode::Validation));
        assert_eq!(errors[0].field.as_deref(), Some("password"));
        assert_eq!(errors[0].reason.as_deref(), Some("password.too_short"));
    }

    #[test]
    fn empty_variables_are_left_out_of_the_payload() {
        assert_eq!(
            operation_payload("{ a }", ()),
            Ok(json!({ "query": "{ a }" }))
        );
        assert_eq!(
            operation_payload("{ a }", json!({ "id": 1 })),
            Ok(json!({ "query": "{ a }", "variables": { "id": 1 } }))
        );
    }
}
