//! GraphQL over HTTP, following the GraphQL-over-HTTP specification: `POST` with
//! `application/json`, `GET` for queries only, and both `application/json` and
//! `application/graphql-response+json` responses chosen by `Accept`.

use actix_web::{
    HttpRequest, HttpResponse,
    http::{
        StatusCode,
        header::{self, HeaderValue},
    },
    web,
};
use async_graphql::{
    Request, Variables,
    http::GraphiQLSource,
    parser::{parse_query, types::OperationType},
};
use futures_util::StreamExt;
use kura_shared::ErrorCode;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::{
    auth::{Principal, rate_limit::Decision},
    graphql::{ClientInfo, REFRESH_COOKIE, finalize_response, is_request_error},
    http::{ServerContext, client_address::client_address, graphql_ws},
};

const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";
const JSON: &str = "application/json";

/// The response media type the client asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MediaType {
    GraphqlResponseJson,
    Json,
}

impl MediaType {
    fn header(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            Self::GraphqlResponseJson => "application/graphql-response+json; charset=utf-8",
            Self::Json => "application/json; charset=utf-8",
        })
    }
}

/// Picks the response type from `Accept`; `None` when neither JSON type is acceptable.
///
/// Each type takes the quality of the most specific range naming it (RFC 9110 §12.5.1), so
/// `application/json;q=0, */*` excludes plain JSON. On a tie, and when `Accept` is missing
/// (the spec's rule since 2025), the answer is `application/graphql-response+json`.
fn negotiate(req: &HttpRequest) -> Option<MediaType> {
    let Some(accept) = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.trim().is_empty())
    else {
        return Some(MediaType::GraphqlResponseJson);
    };
    let ranges: Vec<(String, f32)> = accept
        .split(',')
        .map(|range| {
            let mut parts = range.split(';');
            let media = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            (media, q)
        })
        .collect();
    let quality = |exact: &str| {
        [exact, "application/*", "*/*"]
            .iter()
            .find_map(|name| ranges.iter().find(|(m, _)| m == name).map(|(_, q)| *q))
            .unwrap_or(0.0)
    };
    let graphql = quality(GRAPHQL_RESPONSE_JSON);
    let json = quality(JSON);
    if graphql <= 0.0 && json <= 0.0 {
        None
    } else if graphql >= json {
        Some(MediaType::GraphqlResponseJson)
    } else {
        Some(MediaType::Json)
    }
}

fn wants_html(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

/// A response for a request that never reached GraphQL execution.
fn reject(status: StatusCode, media: MediaType, message: &str) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((header::CONTENT_TYPE, media.header()))
        .json(json!({
            "errors": [{ "message": message, "extensions": { "code": ErrorCode::Validation.as_str() } }]
        }))
}

/// `POST /graphql`.
pub async fn post(
    req: HttpRequest,
    mut payload: web::Payload,
    ctx: web::Data<ServerContext>,
) -> HttpResponse {
    let Some(media) = negotiate(&req) else {
        return reject(
            StatusCode::NOT_ACCEPTABLE,
            MediaType::Json,
            "Accept must allow application/graphql-response+json or application/json",
        );
    };
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    if !essence.eq_ignore_ascii_case(JSON) {
        return reject(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            media,
            "Content-Type must be application/json",
        );
    }
    let limit = ctx.max_body_bytes;
    let too_large = || {
        reject(
            StatusCode::PAYLOAD_TOO_LARGE,
            media,
            &format!("Request body is larger than {limit} bytes"),
        )
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|len| len > limit) {
        return too_large();
    }
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let Ok(chunk) = chunk else {
            return reject(
                StatusCode::BAD_REQUEST,
                media,
                "Could not read the request body",
            );
        };
        if body.len() + chunk.len() > limit {
            return too_large();
        }
        body.extend_from_slice(&chunk);
    }
    let request = match parse_body(&body) {
        Ok(r) => r,
        Err(message) => return reject(StatusCode::BAD_REQUEST, media, &message),
    };
    execute(&req, &ctx, request, media).await
}

/// The JSON body of a GraphQL POST.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Body {
    query: String,
    #[serde(default)]
    operation_name: Option<String>,
    #[serde(default)]
    variables: Option<serde_json::Map<String, Value>>,
}

fn parse_body(body: &[u8]) -> Result<Request, String> {
    let value: Value =
        serde_json::from_slice(body).map_err(|e| format!("Request body is not valid JSON: {e}"))?;
    if !value.is_object() {
        return Err("Request body must be a JSON object with a \"query\" string".into());
    }
    let body: Body =
        serde_json::from_value(value).map_err(|e| format!("Invalid GraphQL request: {e}"))?;
    Ok(build_request(
        body.query,
        body.operation_name,
        body.variables,
    ))
}

fn build_request(
    query: String,
    operation_name: Option<String>,
    variables: Option<serde_json::Map<String, Value>>,
) -> Request {
    let mut request = Request::new(query);
    if let Some(name) = operation_name {
        request = request.operation_name(name);
    }
    if let Some(variables) = variables {
        request = request.variables(Variables::from_json(Value::Object(variables)));
    }
    request
}

async fn execute(
    req: &HttpRequest,
    ctx: &ServerContext,
    request: Request,
    media: MediaType,
) -> HttpResponse {
    let principal = principal(req, ctx).await;
    let budget = match &principal {
        Principal::ApiKey(key) => Some(ctx.api_rate_limiter.take(key.key_id).await),
        _ => None,
    };
    if let Some(refused) = budget.filter(|d| !d.allowed) {
        let mut response = HttpResponse::build(StatusCode::TOO_MANY_REQUESTS)
            .insert_header((header::CONTENT_TYPE, media.header()))
            .json(json!({ "errors": [{
                "message": format!("Too many requests for this API key; retry in {} s", refused.retry_after_seconds),
                "extensions": {
                    "code": ErrorCode::RateLimited.as_str(),
                    "retryAfterSeconds": refused.retry_after_seconds,
                },
            }] }));
        rate_limit_headers(&mut response, &refused);
        return response;
    }
    let request = request
        .data(principal)
        .data(client_info(req, ctx.trusted_proxies));
    let mut response = ctx.schema.execute(request).await;
    finalize_response(&mut response);
    let status = if media == MediaType::GraphqlResponseJson && is_request_error(&response) {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let mut body = serde_json::to_value(&response).unwrap_or_else(|_| json!({}));
    // A request error has no `data` entry at all (not `data: null`), per the spec.
    if is_request_error(&response)
        && let Some(map) = body.as_object_mut()
    {
        map.remove("data");
    }
    let mut builder = HttpResponse::build(status);
    builder.insert_header((header::CONTENT_TYPE, media.header()));
    // Headers resolvers asked for, such as the refresh cookie.
    for (name, value) in response.http_headers.iter() {
        builder.append_header((name.as_str(), value.as_bytes()));
    }
    let mut http = builder.json(body);
    if let Some(budget) = budget {
        rate_limit_headers(&mut http, &budget);
    }
    http
}

/// `RateLimit-*` (IETF draft) and, when refused, `Retry-After`, so partners can pace
/// themselves without parsing bodies.
fn rate_limit_headers(response: &mut HttpResponse, decision: &Decision) {
    let headers = response.headers_mut();
    let mut set = |name: &'static str, value: u64| {
        if let Ok(value) = HeaderValue::from_str(&value.to_string()) {
            headers.insert(header::HeaderName::from_static(name), value);
        }
    };
    set("ratelimit-limit", decision.limit);
    set("ratelimit-remaining", decision.remaining);
    set("ratelimit-reset", decision.reset_seconds);
    if !decision.allowed {
        set("retry-after", decision.retry_after_seconds);
    }
}

/// The caller, from `Authorization: Bearer …`.
async fn principal(req: &HttpRequest, ctx: &ServerContext) -> Principal {
    let authorization = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    Principal::resolve(authorization, &ctx.tokens, &ctx.db).await
}

fn client_info(req: &HttpRequest, trusted_proxies: usize) -> ClientInfo {
    let host = req.connection_info().host().to_owned();
    let hostname = host.rsplit_once(':').map_or(host.as_str(), |(h, _)| h);
    let local = matches!(hostname, "localhost" | "127.0.0.1" | "[::1]");
    ClientInfo {
        user_agent: req
            .headers()
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        refresh_cookie: req.cookie(REFRESH_COOKIE).map(|c| c.value().to_owned()),
        secure_cookies: req.connection_info().scheme() == "https" || !local,
        origin: Some(format!(
            "{}://{}",
            req.connection_info().scheme(),
            req.connection_info().host()
        )),
        address: client_address(req, trusted_proxies),
    }
}

/// Query-string parameters of a GraphQL GET.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GetParams {
    query: Option<String>,
    operation_name: Option<String>,
    variables: Option<String>,
}

/// `GET /graphql`: WebSocket upgrade, GraphiQL for browsers, or a query.
pub async fn get(
    req: HttpRequest,
    payload: web::Payload,
    ctx: web::Data<ServerContext>,
) -> actix_web::Result<HttpResponse> {
    let websocket = req
        .headers()
        .get(header::UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"));
    if websocket {
        if !graphql_ws::offers_protocol(&req) {
            return Ok(reject(
                StatusCode::BAD_REQUEST,
                MediaType::Json,
                "WebSocket subprotocol must be graphql-transport-ws",
            ));
        }
        return graphql_ws::upgrade(&req, payload, &ctx);
    }
    let params = web::Query::<GetParams>::from_query(req.query_string()).ok();
    let query = params.as_ref().and_then(|p| p.query.clone());
    if query.is_none() && wants_html(&req) {
        return Ok(graphiql());
    }
    let Some(media) = negotiate(&req) else {
        return Ok(reject(
            StatusCode::NOT_ACCEPTABLE,
            MediaType::Json,
            "Accept must allow application/graphql-response+json or application/json",
        ));
    };
    let (Some(web::Query(params)), Some(query)) = (params, query) else {
        return Ok(reject(
            StatusCode::BAD_REQUEST,
            media,
            "Missing the \"query\" parameter",
        ));
    };
    // An empty operationName means "not given", per the spec.
    let operation_name = params.operation_name.filter(|name| !name.is_empty());
    let variables = match params
        .variables
        .as_deref()
        .map(serde_json::from_str::<Value>)
    {
        None | Some(Ok(Value::Null)) => None,
        Some(Ok(Value::Object(map))) => Some(map),
        Some(_) => {
            return Ok(reject(
                StatusCode::BAD_REQUEST,
                media,
                "\"variables\" must be a JSON-encoded object",
            ));
        }
    };
    if selects_mutation(&query, operation_name.as_deref()) {
        let mut response = reject(
            StatusCode::METHOD_NOT_ALLOWED,
            media,
            "Mutations are only accepted over POST",
        );
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, POST"));
        return Ok(response);
    }
    let request = build_request(query, operation_name, variables);
    Ok(execute(&req, &ctx, request, media).await)
}

/// True when the operation that would run is a mutation. Unparsable documents return
/// false and are reported by execution as the syntax errors they are.
fn selects_mutation(query: &str, operation_name: Option<&str>) -> bool {
    let Ok(document) = parse_query(query) else {
        return false;
    };
    let mut operations = document.operations.iter();
    let selected = match operation_name {
        Some(name) => operations.find(|(n, _)| n.is_some_and(|n| n.as_str() == name)),
        // Several operations and no name: execution reports that, whatever their types.
        None if document.operations.iter().count() > 1 => None,
        None => operations.next(),
    };
    selected.is_some_and(|(_, op)| op.node.ty == OperationType::Mutation)
}

fn graphiql() -> HttpResponse {
    let page = GraphiQLSource::build()
        .endpoint("/graphql")
        .subscription_endpoint("/graphql")
        .title("Kura GraphQL")
        .finish();
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        // GraphiQL loads its scripts and styles from a CDN and runs inline code.
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval' https://unpkg.com; \
             style-src 'self' 'unsafe-inline' https://unpkg.com; img-src 'self' data: https:; \
             connect-src 'self' ws: wss:; frame-ancestors 'none'",
        ))
        .body(page)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn accept(value: &str) -> Option<MediaType> {
        negotiate(
            &TestRequest::default()
                .insert_header((header::ACCEPT, value))
                .to_http_request(),
        )
    }

    #[test]
    fn accept_negotiation_follows_the_spec() {
        assert_eq!(
            accept(GRAPHQL_RESPONSE_JSON),
            Some(MediaType::GraphqlResponseJson)
        );
        assert_eq!(accept("application/json"), Some(MediaType::Json));
        assert_eq!(
            accept("application/graphql-response+json, application/json;q=0.9"),
            Some(MediaType::GraphqlResponseJson)
        );
        assert_eq!(
            accept("application/graphql-response+json;q=0.5, application/json"),
            Some(MediaType::Json)
        );
        assert_eq!(accept("*/*"), Some(MediaType::GraphqlResponseJson));
        assert_eq!(accept("application/json, */*;q=0.1"), Some(MediaType::Json));
        assert_eq!(accept("text/plain"), None);
        assert_eq!(accept("application/json;q=0"), None);
        assert_eq!(
            accept("application/graphql-response+json;q=0, */*"),
            Some(MediaType::Json),
            "an explicit q=0 beats a wildcard"
        );
        assert_eq!(
            negotiate(&TestRequest::default().to_http_request()),
            Some(MediaType::GraphqlResponseJson)
        );
    }

    #[test]
    fn only_a_selected_mutation_counts_as_one() {
        assert!(selects_mutation("mutation { x }", None));
        assert!(!selects_mutation("query { x }", None));
        assert!(selects_mutation(
            "query A { x } mutation B { y }",
            Some("B")
        ));
        assert!(!selects_mutation(
            "query A { x } mutation B { y }",
            Some("A")
        ));
        assert!(!selects_mutation("not graphql", None));
        assert!(!selects_mutation("mutation B { y } query A { x }", None));
    }
}
