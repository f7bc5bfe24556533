//! `POST /webhooks/{provider}/{channelId}`: sales and refunds pushed by Shopify, Square and
//! Smaregi.
//!
//! The channel is found by the id in the URL (the one narrow door the webhook has before
//! the tenant is known), the delivery is verified against the channel's secret, stored
//! once per provider event id (and, for Shopify, whose webhook id is not signed, once per
//! signed content), and then acted on in the same request. The provider gets a
//! 2xx as soon as the delivery is safely stored, whatever became of it afterwards (a
//! parked sale is Kura's to sort out, not the provider's to resend); a delivery that could
//! not be acted on is retried by the background loop.
//!
//! 401: missing or wrong signature (nothing stored). 404: unknown or archived channel, or
//! a provider that is not the channel's. 200: stored (or a repeat: no effect).

use actix_web::{HttpRequest, HttpResponse, http::StatusCode, web};
use futures_util::StreamExt;
use kura_shared::ChannelProvider;
use serde_json::json;

use crate::{
    graphql,
    integrations::{shopify, smaregi, square},
    services::channels::inbound::{self, Delivery},
    state::AppState,
};

/// Largest accepted delivery; provider events are a few kilobytes.
const MAX_WEBHOOK_BYTES: usize = 1024 * 1024;

fn answer(status: StatusCode, message: &str) -> HttpResponse {
    HttpResponse::build(status).json(json!({ "message": message }))
}

fn header<'a>(req: &'a HttpRequest, name: &str) -> Option<&'a str> {
    req.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// The URL Square signed: the one registered with the subscription, else Kura's own
/// public URL of this path, else the address this request came to.
fn square_notification_url(
    req: &HttpRequest,
    state: &AppState,
    registered: Option<&str>,
) -> String {
    if let Some(url) = registered {
        return url.to_owned();
    }
    match &state.public_url {
        Some(base) => format!("{}{}", base.as_str().trim_end_matches('/'), req.path()),
        None => {
            let info = req.connection_info();
            format!("{}://{}{}", info.scheme(), info.host(), req.path())
        }
    }
}

/// Why a delivery is turned away: the status and what the answer says.
type Refusal = (StatusCode, String);

fn refuse(status: StatusCode, message: impl Into<String>) -> Refusal {
    (status, message.into())
}

/// The delivery's body, at most [`MAX_WEBHOOK_BYTES`]; a refusal when it is larger or
/// cannot be read.
async fn read_body(req: &HttpRequest, payload: &mut web::Payload) -> Result<web::Bytes, Refusal> {
    let declared = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|len| len > MAX_WEBHOOK_BYTES) {
        return Err(refuse(StatusCode::PAYLOAD_TOO_LARGE, "Delivery too large"));
    }
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let Ok(chunk) = chunk else {
            return Err(refuse(StatusCode::BAD_REQUEST, "Could not read the body"));
        };
        if body.len() + chunk.len() > MAX_WEBHOOK_BYTES {
            return Err(refuse(StatusCode::PAYLOAD_TOO_LARGE, "Delivery too large"));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// The delivery, once its signature (or Smaregi's shared secret) checks out against the
/// channel's secret and it names its event; a refusal otherwise (401 for a bad or missing
/// signature, 400 for a missing event id or an unreadable Square event).
fn verified(
    req: &HttpRequest,
    state: &AppState,
    provider: ChannelProvider,
    channel: &inbound::WebhookChannel,
    body: &[u8],
) -> Result<Delivery, Refusal> {
    let secret = &channel.secret;
    let unauthorized = || refuse(StatusCode::UNAUTHORIZED, "Signature does not match");
    if secret.is_empty() {
        return Err(unauthorized());
    }
    match provider {
        ChannelProvider::Shopify => {
            let Some(hmac) = header(req, "X-Shopify-Hmac-Sha256") else {
                return Err(unauthorized());
            };
            if !shopify::verify_webhook(secret.as_bytes(), body, hmac) {
                return Err(unauthorized());
            }
            let Some(id) = header(req, "X-Shopify-Webhook-Id") else {
                return Err(refuse(
                    StatusCode::BAD_REQUEST,
                    "X-Shopify-Webhook-Id is missing",
                ));
            };
            let topic = header(req, "X-Shopify-Topic").unwrap_or_default();
            Ok(Delivery {
                provider_event_id: id.to_owned(),
                topic: topic.to_owned(),
                content_hash: Some(shopify::content_hash(topic, body)),
                body: body.to_vec(),
            })
        }
        ChannelProvider::Square => {
            let Some(signature) = header(req, "x-square-hmacsha256-signature") else {
                return Err(unauthorized());
            };
            let url = square_notification_url(req, state, channel.notification_url.as_deref());
            if !square::verify_webhook(secret.as_bytes(), &url, body, signature) {
                return Err(unauthorized());
            }
            let (event_id, _) = match square::parse_webhook(body) {
                Ok(parsed) => parsed,
                Err(e) => {
                    return Err(refuse(
                        StatusCode::BAD_REQUEST,
                        format!("Unreadable event: {e}"),
                    ));
                }
            };
            let topic = serde_json::from_slice::<serde_json::Value>(body)
                .ok()
                .and_then(|v| v["type"].as_str().map(str::to_owned))
                .unwrap_or_default();
            Ok(Delivery {
                provider_event_id: event_id,
                topic,
                // The event id is inside the signed body: it is the dedupe key.
                content_hash: None,
                body: body.to_vec(),
            })
        }
        ChannelProvider::Smaregi => {
            if !smaregi::verify_secret(secret, header(req, smaregi::SECRET_HEADER)) {
                return Err(unauthorized());
            }
            let Some(id) = header(req, smaregi::EVENT_ID_HEADER) else {
                return Err(refuse(
                    StatusCode::BAD_REQUEST,
                    "Smaregi-Event-Id is missing",
                ));
            };
            Ok(Delivery {
                provider_event_id: id.to_owned(),
                topic: header(req, smaregi::EVENT_HEADER)
                    .unwrap_or_default()
                    .to_owned(),
                // The same notice may rightly come twice (the transaction changed again).
                content_hash: None,
                body: body.to_vec(),
            })
        }
        _ => Err(refuse(StatusCode::NOT_FOUND, "No such channel")),
    }
}

/// Receives one delivery.
pub async fn receive(
    req: HttpRequest,
    path: web::Path<(String, String)>,
    mut payload: web::Payload,
    state: web::Data<AppState>,
) -> HttpResponse {
    let (slug, channel_gid) = path.into_inner();
    let not_found = || answer(StatusCode::NOT_FOUND, "No such channel");
    let Some(provider) = ChannelProvider::ALL
        .iter()
        .copied()
        .find(|p| p.receives_webhooks() && p.slug() == slug)
    else {
        return not_found();
    };
    let Some(channel_id) = graphql::channel_uuid(&channel_gid) else {
        return not_found();
    };
    let body = match read_body(&req, &mut payload).await {
        Ok(body) => body,
        Err((status, message)) => return answer(status, &message),
    };

    let failed = |e: &dyn std::fmt::Display| {
        tracing::error!(error = %e, "webhook could not be stored");
        answer(StatusCode::SERVICE_UNAVAILABLE, "Try again later")
    };
    // One read answers everything the checks need; storing the delivery loads the channel
    // with its locations, for processing, in the same transaction.
    let channel = match inbound::webhook_channel(&state.db, channel_id, provider).await {
        Ok(Some(channel)) => channel,
        Ok(None) => return not_found(),
        Err(e) => return failed(&e),
    };
    let tenant_id = channel.tenant_id;
    let delivery = match verified(&req, &state, provider, &channel, &body) {
        Ok(delivery) => delivery,
        Err((status, message)) => return answer(status, &message),
    };
    if delivery.provider_event_id.chars().count() > 200 {
        return answer(StatusCode::BAD_REQUEST, "Event id too long");
    }

    let stored = match inbound::store_delivery(&state.db, tenant_id, channel_id, &delivery).await {
        Ok(Some(stored)) => stored,
        Ok(None) => {
            return HttpResponse::Ok().json(json!({ "status": "DUPLICATE" }));
        }
        Err(e) => return failed(&e),
    };
    // Stored: from here on the provider hears 200 whatever happens; a failure is retried
    // by the background loop.
    let event_id = stored.id();
    let status =
        match inbound::process_stored(&state.db, &state.integrations, tenant_id, stored).await {
            Ok(status) => status.as_str(),
            Err(e) => {
                tracing::warn!(%event_id, error = %e, "webhook stored; processing will be retried");
                "RECEIVED"
            }
        };
    HttpResponse::Ok().json(json!({ "status": status }))
}
