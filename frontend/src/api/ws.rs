//! Subscriptions over the `graphql-transport-ws` protocol.
//!
//! Each subscription owns one WebSocket: it sends `connection_init`, waits for
//! `connection_ack`, sends `subscribe`, then turns `next`/`error`/`complete` into
//! [`SubscriptionEvent`]s, answering `ping` with `pong` along the way. When the socket drops,
//! it reconnects with jittered exponential backoff until the subscription is cancelled.
//!
//! Use [`subscribe`] for a callback API, or [`use_subscription`] inside a component to get
//! signals that are cleaned up with the component.
//!
//! Every connection sends the session's current access token in `connection_init`, so a
//! reconnect always uses the newest one; [`use_subscription`] also reconnects when the
//! signed-in identity changes. The server closes a socket with 4403 when its token expires
//! or the person's rights change (a new role, other locations, signed out elsewhere). A
//! socket refused with 4403 refreshes the session if its token is stale and tries again;
//! a second 4403 before the socket serves again is final (the session is really gone).

use std::sync::{Arc, Mutex};

use futures_util::future::{AbortHandle, Abortable, Either, poll_fn, select};
use futures_util::{SinkExt, StreamExt};
use gloo_net::websocket::futures::WebSocket;
use gloo_net::websocket::{Message, State, WebSocketError};
use gloo_timers::future::TimeoutFuture;
use kura_shared::ErrorCode;
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::session::{self, Session};
use super::{ApiError, GRAPHQL_PATH, GraphQlError, decode_envelope, operation_payload};

/// WebSocket subprotocol name of the protocol spoken here.
const SUBPROTOCOL: &str = "graphql-transport-ws";
/// A server that accepts the socket but never acks is as good as down.
const ACK_TIMEOUT_MS: u32 = 10_000;
const BACKOFF_BASE_MS: u32 = 500;
const BACKOFF_MAX_MS: u32 = 30_000;
/// One operation per socket, so a fixed id is unique within its connection.
const OPERATION_ID: &str = "1";

/// Where a subscription's connection is, for showing to people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectionState {
    /// Opening the socket and waiting for `connection_ack`.
    Connecting,
    /// Subscribed; events flow.
    Connected,
    /// The socket dropped; the next attempt starts after `delay_ms`.
    Reconnecting {
        /// Consecutive failed attempts so far, starting at 1.
        attempt: u32,
        /// Wait before the next attempt.
        delay_ms: u32,
    },
    /// The server completed or rejected the operation; no more events will come.
    Closed,
}

/// What a subscription reports to its callback.
#[derive(Debug, Clone, PartialEq)]
pub enum SubscriptionEvent<T> {
    /// The connection changed state.
    State(ConnectionState),
    /// One `next` result.
    Data(T),
    /// A `next` result carried errors, or the server ended the operation with an error.
    Error(ApiError),
}

/// Keeps a subscription alive; dropping it closes the socket and stops reconnecting.
#[must_use = "the subscription ends as soon as its handle is dropped"]
#[derive(Debug)]
pub struct SubscriptionHandle {
    abort: AbortHandle,
}

impl Drop for SubscriptionHandle {
    fn drop(&mut self) {
        self.abort.abort();
    }
}

/// Starts a subscription and calls `on_event` for every state change and result.
///
/// `document` is a GraphQL `subscription` operation; `variables` is sent as-is (`()` for none).
/// Unlike [`use_subscription`], it does not reconnect when someone signs in or out, and it
/// reports every result rather than only the latest (the stock matrix must not miss one).
pub fn subscribe<V, T, F>(document: &str, variables: V, on_event: F) -> SubscriptionHandle
where
    V: Serialize,
    T: DeserializeOwned + 'static,
    F: FnMut(SubscriptionEvent<T>) + 'static,
{
    start(operation_payload(document, variables), on_event)
}

fn start<T, F>(payload: Result<Value, ApiError>, on_event: F) -> SubscriptionHandle
where
    T: DeserializeOwned + 'static,
    F: FnMut(SubscriptionEvent<T>) + 'static,
{
    let (abort, registration) = AbortHandle::new_pair();
    wasm_bindgen_futures::spawn_local(async move {
        // Aborting drops the task and with it the WebSocket, which closes the connection.
        let _ = Abortable::new(run(payload, on_event), registration).await;
    });
    SubscriptionHandle { abort }
}

/// The latest state of a subscription as Leptos signals.
#[derive(Debug)]
pub struct LiveSubscription<T: Send + Sync + 'static> {
    /// The most recent `next` result, `None` until the first arrives.
    pub data: ReadSignal<Option<T>>,
    /// Connection state, for a status indicator.
    pub state: ReadSignal<ConnectionState>,
    /// The last error; cleared by the next successful result.
    pub error: ReadSignal<Option<ApiError>>,
}

impl<T: Send + Sync + 'static> Clone for LiveSubscription<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for LiveSubscription<T> {}

/// Subscribes for the lifetime of the current component, reconnecting as the new identity
/// whenever someone signs in or out.
pub fn use_subscription<V, T>(document: &str, variables: V) -> LiveSubscription<T>
where
    V: Serialize,
    T: DeserializeOwned + Send + Sync + 'static,
{
    let (data, set_data) = signal(None::<T>);
    let (state, set_state) = signal(ConnectionState::Connecting);
    let (error, set_error) = signal(None::<ApiError>);
    let payload = operation_payload(document, variables);
    let identity = use_context::<Session>().map(|session| session.identity());
    let handle = Arc::new(Mutex::new(None::<SubscriptionHandle>));
    let current = Arc::clone(&handle);
    Effect::new(move |_| {
        if let Some(identity) = identity {
            identity.track();
        }
        let subscription = start(payload.clone(), move |event| match event {
            SubscriptionEvent::State(new_state) => set_state.set(new_state),
            SubscriptionEvent::Data(value) => {
                set_data.set(Some(value));
                set_error.set(None);
            }
            SubscriptionEvent::Error(e) => set_error.set(Some(e)),
        });
        // Replacing the previous handle closes its socket.
        if let Ok(mut slot) = current.lock() {
            *slot = Some(subscription);
        }
    });
    on_cleanup(move || {
        if let Ok(mut slot) = handle.lock() {
            slot.take();
        }
    });
    LiveSubscription { data, state, error }
}

/// The subscription endpoint: `ws://` or `wss://` matching the page, so TLS termination at
/// the proxy just works.
pub fn endpoint_url() -> Option<String> {
    let location = web_sys::window()?.location();
    let scheme = match location.protocol().ok()?.as_str() {
        "https:" => "wss",
        _ => "ws",
    };
    Some(format!(
        "{scheme}://{}{GRAPHQL_PATH}",
        location.host().ok()?
    ))
}

/// How one connection ended.
enum Outcome {
    /// The server completed the operation or ended it with an error event.
    Finished,
    /// The server closed with a code that retrying as-is cannot fix (bad request,
    /// unauthorized, forbidden); `subscribed` as for `Dropped`.
    Rejected { error: ApiError, subscribed: bool },
    /// The connection dropped; `subscribed` tells whether it ever got as far as subscribing,
    /// which resets the backoff.
    Dropped { subscribed: bool },
}

async fn run<T, F>(payload: Result<Value, ApiError>, mut on_event: F)
where
    T: DeserializeOwned,
    F: FnMut(SubscriptionEvent<T>),
{
    let (payload, url) = match (payload, endpoint_url()) {
        (Ok(payload), Some(url)) => (payload, url),
        (Err(e), _) => return finish(&mut on_event, Some(e)),
        (_, None) => {
            let e = ApiError::Network("no browser location to connect from".to_owned());
            return finish(&mut on_event, Some(e));
        }
    };
    on_event(SubscriptionEvent::State(ConnectionState::Connecting));
    // Consecutive failed attempts; while retrying, the state stays `Reconnecting` so the UI
    // doesn't flicker back to "connecting" on every attempt.
    let mut failures: u32 = 0;
    // One session refresh per refusal streak; a second 4403 in a row is final.
    let mut refreshed_for_refusal = false;
    loop {
        let token = session::bearer();
        match connect_once(&url, &payload, token.as_deref(), &mut on_event).await {
            Outcome::Finished => return finish(&mut on_event, None),
            Outcome::Rejected { error, subscribed }
                if retries_after_refresh(
                    &error,
                    token.is_some(),
                    subscribed,
                    refreshed_for_refusal,
                ) =>
            {
                refreshed_for_refusal = true;
                if !session::recover(token.as_deref()).await {
                    return finish(&mut on_event, Some(error));
                }
            }
            Outcome::Rejected { error, .. } => return finish(&mut on_event, Some(error)),
            Outcome::Dropped { subscribed } => {
                if subscribed {
                    refreshed_for_refusal = false;
                }
                failures = if subscribed { 1 } else { failures + 1 };
                let delay_ms = backoff_delay_ms(failures);
                on_event(SubscriptionEvent::State(ConnectionState::Reconnecting {
                    attempt: failures,
                    delay_ms,
                }));
                TimeoutFuture::new(delay_ms).await;
            }
        }
    }
}

/// Whether a refusal is worth a session refresh and another try: a 4403 for a token we
/// sent, when it starts a streak or ends a socket that was serving (its token expired or
/// the person's rights changed meanwhile, which a fresh token and a reconnect fix).
fn retries_after_refresh(
    error: &ApiError,
    sent_token: bool,
    subscribed: bool,
    refreshed_already: bool,
) -> bool {
    sent_token && error.code() == Some(ErrorCode::Forbidden) && (subscribed || !refreshed_already)
}

fn finish<T>(on_event: &mut impl FnMut(SubscriptionEvent<T>), error: Option<ApiError>) {
    if let Some(e) = error {
        on_event(SubscriptionEvent::Error(e));
    }
    on_event(SubscriptionEvent::State(ConnectionState::Closed));
}

/// Exponential backoff with jitter, so many tabs reconnecting after a deploy don't arrive
/// at the same instant.
fn backoff_delay_ms(failures: u32) -> u32 {
    let exponent = failures.saturating_sub(1).min(16);
    let ceiling = BACKOFF_BASE_MS
        .saturating_mul(1 << exponent)
        .min(BACKOFF_MAX_MS);
    let jitter = js_sys::Math::random() * f64::from(ceiling / 2);
    ceiling / 2 + jitter as u32
}

/// Messages a `graphql-transport-ws` server sends. Ids are not checked: one operation per socket.
#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum ServerMessage {
    ConnectionAck {},
    Ping {},
    Pong {},
    Next { payload: Value },
    Error { payload: Vec<GraphQlError> },
    Complete {},
}

/// What the read loop should do after a socket event.
enum Read {
    Message(ServerMessage),
    /// Binary frames, unknown message types and error events that a close will follow.
    Ignore,
    Closed(Outcome),
}

async fn next_message(socket: &mut WebSocket, subscribed: bool) -> Read {
    match socket.next().await {
        Some(Ok(Message::Text(text))) => serde_json::from_str(&text)
            .map(Read::Message)
            .unwrap_or(Read::Ignore),
        Some(Ok(Message::Bytes(_))) | Some(Err(WebSocketError::ConnectionError)) => Read::Ignore,
        Some(Err(WebSocketError::ConnectionClose(close))) => {
            let error = match close.code {
                4400 => ApiError::Decode(close.reason),
                4401 => refused(ErrorCode::Unauthenticated, close.reason),
                4403 => refused(ErrorCode::Forbidden, close.reason),
                _ => return Read::Closed(Outcome::Dropped { subscribed }),
            };
            Read::Closed(Outcome::Rejected { error, subscribed })
        }
        Some(Err(_)) | None => Read::Closed(Outcome::Dropped { subscribed }),
    }
}

/// Sends one protocol message; `false` means the connection is gone.
async fn send(socket: &mut WebSocket, message: Value) -> bool {
    // Readiness only waits out CONNECTING. A socket that then failed to open must not be
    // written to: the browser would drop the frame and log a warning on every retry.
    if poll_fn(|cx| socket.poll_ready_unpin(cx)).await.is_err()
        || !matches!(socket.state(), State::Open)
    {
        return false;
    }
    socket
        .start_send_unpin(Message::Text(message.to_string()))
        .is_ok()
}

/// The `connection_init` message, carrying the access token when signed in.
fn connection_init(token: Option<&str>) -> Value {
    match token {
        Some(token) => json!({
            "type": "connection_init",
            "payload": { "authorization": format!("Bearer {token}") },
        }),
        None => json!({ "type": "connection_init" }),
    }
}

async fn connect_once<T, F>(
    url: &str,
    payload: &Value,
    token: Option<&str>,
    on_event: &mut F,
) -> Outcome
where
    T: DeserializeOwned,
    F: FnMut(SubscriptionEvent<T>),
{
    const DROPPED: Outcome = Outcome::Dropped { subscribed: false };
    let Ok(mut socket) = WebSocket::open_with_protocol(url, SUBPROTOCOL) else {
        return DROPPED;
    };
    if !send(&mut socket, connection_init(token)).await {
        return DROPPED;
    }
    let acked = match select(
        Box::pin(wait_for_ack(&mut socket)),
        TimeoutFuture::new(ACK_TIMEOUT_MS),
    )
    .await
    {
        Either::Left((acked, _)) => acked,
        Either::Right(_) => Err(DROPPED),
    };
    if let Err(outcome) = acked {
        return outcome;
    }
    let subscribe = json!({ "id": OPERATION_ID, "type": "subscribe", "payload": payload });
    if !send(&mut socket, subscribe).await {
        return DROPPED;
    }
    on_event(SubscriptionEvent::State(ConnectionState::Connected));
    loop {
        match next_message(&mut socket, true).await {
            Read::Message(ServerMessage::Next { payload }) => on_event(
                decode_envelope(payload)
                    .map_or_else(SubscriptionEvent::Error, SubscriptionEvent::Data),
            ),
            Read::Message(ServerMessage::Error { payload }) => {
                on_event(SubscriptionEvent::Error(ApiError::GraphQl(payload)));
                return Outcome::Finished;
            }
            Read::Message(ServerMessage::Complete {}) => return Outcome::Finished,
            Read::Message(ServerMessage::Ping {}) => {
                if !send(&mut socket, json!({ "type": "pong" })).await {
                    return Outcome::Dropped { subscribed: true };
                }
            }
            Read::Message(ServerMessage::ConnectionAck {} | ServerMessage::Pong {})
            | Read::Ignore => {}
            Read::Closed(outcome) => return outcome,
        }
    }
}

/// Reads until `connection_ack`, answering pings meanwhile.
async fn wait_for_ack(socket: &mut WebSocket) -> Result<(), Outcome> {
    loop {
        match next_message(socket, false).await {
            Read::Message(ServerMessage::ConnectionAck {}) => return Ok(()),
            Read::Message(ServerMessage::Ping {}) => {
                if !send(socket, json!({ "type": "pong" })).await {
                    return Err(Outcome::Dropped { subscribed: false });
                }
            }
            Read::Message(_) | Read::Ignore => {}
            Read::Closed(outcome) => return Err(outcome),
        }
    }
}

/// A 4401/4403 close as the same error shape a query would have returned.
fn refused(code: ErrorCode, reason: String) -> ApiError {
    ApiError::GraphQl(vec![GraphQlError::with_code(code, reason)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_messages_parse_with_or_without_payloads() {
        let parse = |text: &str| serde_json::from_str::<ServerMessage>(text);
        assert!(matches!(
            parse(r#"{"type":"connection_ack","payload":{"v":1}}"#),
            Ok(ServerMessage::ConnectionAck {})
        ));
        assert!(matches!(
            parse(r#"{"type":"ping"}"#),
            Ok(ServerMessage::Ping {})
        ));
        assert!(matches!(
            parse(r#"{"id":"1","type":"next","payload":{"data":{"serverTime":"x"}}}"#),
            Ok(ServerMessage::Next { .. })
        ));
        assert!(matches!(
            parse(r#"{"id":"1","type":"error","payload":[{"message":"bad"}]}"#),
            Ok(ServerMessage::Error { payload }) if payload.len() == 1
        ));
        assert!(matches!(
            parse(r#"{"id":"1","type":"complete"}"#),
            Ok(ServerMessage::Complete {})
        ));
        assert!(parse(r#"{"type":"unheard_of"}"#).is_err());
    }

    #[test]
    fn a_socket_closed_for_an_expired_token_or_changed_rights_reconnects_every_time() {
        let forbidden = refused(ErrorCode::Forbidden, "Access token expired".into());
        // The first refusal of a streak refreshes and retries…
        assert!(retries_after_refresh(&forbidden, true, false, false));
        // …a second one before the socket served again is final…
        assert!(!retries_after_refresh(&forbidden, true, false, true));
        // …but a socket that was serving starts a new streak, however many came before.
        assert!(retries_after_refresh(&forbidden, true, true, true));
        // Nothing to refresh when signed out, and other refusals are not about the token.
        assert!(!retries_after_refresh(&forbidden, false, true, false));
        let unauthenticated = refused(ErrorCode::Unauthenticated, "Unauthorized".into());
        assert!(!retries_after_refresh(&unauthenticated, true, true, false));
    }

    #[test]
    fn connection_init_carries_the_token_only_when_signed_in() {
        assert_eq!(
            connection_init(Some("t0k")),
            json!({ "type": "connection_init", "payload": { "authorization": "Bearer t0k" } })
        );
        assert_eq!(connection_init(None), json!({ "type": "connection_init" }));
    }
}
