//! GraphQL subscriptions over WebSocket, speaking `graphql-transport-ws`
//! (graphql-ws `PROTOCOL.md`) including its close codes.
//!
//! async-graphql's own actix transport closes with generic codes and has no init timeout,
//! so the protocol state machine lives here and only execution is delegated to the schema.
//!
//! A socket never outlives its caller's rights: the credentials from `connection_init` are
//! checked again for every `subscribe`, when the access token expires, and at once when
//! the event bus announces an access change for the caller (a revoked key, an ended
//! session, a removed member, a new role or location limit). Then the socket closes with
//! 4403 and the client reconnects with what it holds now. Anonymous sockets run only
//! public operations (signing in, the server's clock); tenant fields refuse them with
//! `UNAUTHENTICATED`, as over HTTP.

use std::{
    collections::HashMap,
    net::IpAddr,
    sync::{Arc, Mutex},
    time::Duration,
};

use actix_web::{
    HttpRequest, HttpResponse,
    http::header::{HeaderValue, SEC_WEBSOCKET_PROTOCOL},
    web,
};
use actix_ws::{AggregatedMessage, CloseCode, CloseReason, ProtocolError, Session};
use async_graphql::{Request, ServerError, Variables};
use chrono::Utc;
use futures_util::StreamExt;
use kura_shared::ErrorCode;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tokio::{
    sync::{broadcast, watch},
    task::AbortHandle,
    time::Instant,
};

use crate::{
    auth::{Principal, TokenKeys, rate_limit::ApiRateLimiter, throttle::limit_key},
    events::{Event, EventBus, EventPayload},
    graphql::{ClientInfo, CodedError, KuraSchema, finalize_response, is_request_error},
    http::{ServerContext, client_address::client_address},
};

/// The only subprotocol served.
pub const PROTOCOL: &str = "graphql-transport-ws";
const MAX_MESSAGE_BYTES: usize = 256 * 1024;
/// Operations one socket may run at once; a dashboard needs a handful.
const MAX_ACTIVE_OPERATIONS: usize = 100;
/// A transport-level ping this often keeps proxies from dropping idle sockets…
const HEARTBEAT_INTERVAL: Duration = Duration::from_secs(30);
/// How often a signed-in socket's credentials are checked again even without an
/// announcement: pub/sub delivers at most once, and an access change published while a
/// replica was reconnecting to Redis would otherwise never reach its sockets.
const RECHECK_INTERVAL: Duration = Duration::from_secs(60);
/// …and a client silent for this long is gone (half-open TCP), so its tasks are freed.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(90);
/// A client that does not read for this long is not keeping up; it is disconnected.
const SEND_TIMEOUT: Duration = Duration::from_secs(10);

/// Settings a connection needs besides the schema.
#[derive(Clone)]
pub struct WsSettings {
    /// Close with 4408 when `connection_init` has not arrived by then.
    pub init_timeout: Duration,
    /// Flips to true when the server shuts down; open sockets then close with 1001.
    pub shutdown: watch::Receiver<bool>,
    /// Where access changes are announced.
    pub bus: EventBus,
    /// Open sockets per client address.
    pub per_address: Arc<AddressSlots>,
}

/// Counts open sockets per client address (in this process), so one address cannot tie
/// up the server with idle sockets.
#[derive(Debug)]
pub struct AddressSlots {
    limit: usize,
    /// Open sockets by [`limit_key`] (an IPv6 client counts by its /64).
    open: Mutex<HashMap<String, usize>>,
}

impl AddressSlots {
    /// Allows `limit` open sockets per address.
    pub fn new(limit: usize) -> Self {
        Self {
            limit,
            open: Mutex::default(),
        }
    }

    /// A slot for one more socket from `address`, or `None` when it already has `limit`.
    fn take(self: &Arc<Self>, address: IpAddr) -> Option<AddressSlot> {
        let address = limit_key(&address.to_string());
        let mut open = self.lock();
        let count = open.entry(address.clone()).or_insert(0);
        if *count >= self.limit {
            return None;
        }
        *count += 1;
        Some(AddressSlot {
            slots: self.clone(),
            address,
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, usize>> {
        // The counts are plain integers: a panic elsewhere cannot leave them half-written.
        self.open.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// One open socket's place in [`AddressSlots`], given back when the socket ends.
struct AddressSlot {
    slots: Arc<AddressSlots>,
    /// The address's [`limit_key`].
    address: String,
}

impl Drop for AddressSlot {
    fn drop(&mut self) {
        let mut open = self.slots.lock();
        if let Some(count) = open.get_mut(&self.address) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                open.remove(&self.address);
            }
        }
    }
}

/// True when the client offered our subprotocol.
pub fn offers_protocol(req: &HttpRequest) -> bool {
    req.headers()
        .get_all(SEC_WEBSOCKET_PROTOCOL)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|p| p.trim() == PROTOCOL)
}

/// Upgrades the request and serves the connection in the background.
pub fn upgrade(
    req: &HttpRequest,
    body: web::Payload,
    ctx: &ServerContext,
) -> actix_web::Result<HttpResponse> {
    // The same address HTTP requests are throttled and audited under (trusted proxies).
    let address = client_address(req, ctx.trusted_proxies).and_then(|a| a.parse::<IpAddr>().ok());
    let slot = match address {
        Some(address) => match ctx.ws.per_address.take(address) {
            Some(slot) => Some(slot),
            None => {
                return Ok(HttpResponse::TooManyRequests().json(json!({
                    "errors": [{
                        "message": "Too many open connections from this address",
                        "extensions": { "code": ErrorCode::RateLimited.as_str() },
                    }]
                })));
            }
        },
        None => None,
    };
    let (mut response, session, stream) = actix_ws::handle(req, body)?;
    response
        .headers_mut()
        .insert(SEC_WEBSOCKET_PROTOCOL, HeaderValue::from_static(PROTOCOL));
    let messages = stream
        .max_frame_size(MAX_MESSAGE_BYTES)
        .aggregate_continuations()
        .max_continuation_size(MAX_MESSAGE_BYTES);
    let metrics = ctx.metrics.clone();
    let connection = Connection {
        session,
        schema: ctx.schema.clone(),
        settings: ctx.ws.clone(),
        tokens: ctx.tokens.clone(),
        db: ctx.db.clone(),
        rate_limiter: ctx.api_rate_limiter.clone(),
        address,
        authorization: None,
        principal: Principal::Anonymous,
        expires: None,
        acknowledged: false,
        init_received: false,
        active: Arc::default(),
    };
    actix_web::rt::spawn(async move {
        let _open = metrics.websocket_opened();
        let _slot = slot;
        connection.run(messages).await;
    });
    Ok(response)
}

// Payloads we do not use yet are still checked to be objects, as the protocol requires.
#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum ClientMessage {
    ConnectionInit {
        #[serde(default)]
        payload: Option<serde_json::Map<String, Value>>,
    },
    Ping {
        #[serde(default, rename = "payload")]
        _payload: Option<serde_json::Map<String, Value>>,
    },
    Pong {
        #[serde(default, rename = "payload")]
        _payload: Option<serde_json::Map<String, Value>>,
    },
    Subscribe {
        id: String,
        payload: SubscribePayload,
    },
    Complete {
        id: String,
    },
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SubscribePayload {
    query: String,
    #[serde(default)]
    operation_name: Option<String>,
    #[serde(default)]
    variables: Option<serde_json::Map<String, Value>>,
    #[serde(default, rename = "extensions")]
    _extensions: Option<serde_json::Map<String, Value>>,
}

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum ServerMessage<'a> {
    ConnectionAck,
    Pong,
    Next {
        id: &'a str,
        payload: &'a async_graphql::Response,
    },
    Error {
        id: &'a str,
        payload: &'a [async_graphql::ServerError],
    },
    Complete {
        id: &'a str,
    },
}

impl ServerMessage<'_> {
    fn text(&self) -> String {
        // Serialising these plain structs cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Operations in flight, by client-chosen id. Shared with the operation tasks so an
/// operation leaves the map before its `complete` is sent and the id can be reused at once.
type Active = Arc<Mutex<HashMap<String, AbortHandle>>>;

struct Connection {
    session: Session,
    schema: KuraSchema,
    settings: WsSettings,
    tokens: Arc<TokenKeys>,
    db: sea_orm::DatabaseConnection,
    rate_limiter: Arc<ApiRateLimiter>,
    /// The client's address, for the sign-in throttle and the audit log.
    address: Option<IpAddr>,
    /// `connection_init`'s `authorization`, resolved again before every operation.
    authorization: Option<String>,
    /// Who `authorization` resolved to at `connection_init`; the socket closes once that
    /// no longer holds.
    principal: Principal,
    /// When the access token expires (people only; API keys do not expire).
    expires: Option<Instant>,
    acknowledged: bool,
    init_received: bool,
    active: Active,
}

enum Outcome {
    Continue,
    Close(CloseReason),
}

fn close(code: u16, description: &str) -> Outcome {
    Outcome::Close(CloseReason {
        code: CloseCode::Other(code),
        description: Some(description.to_owned()),
    })
}

impl Connection {
    async fn run(mut self, mut messages: actix_ws::AggregatedMessageStream) {
        let init_deadline = tokio::time::sleep(self.settings.init_timeout);
        tokio::pin!(init_deadline);
        let mut shutdown = self.settings.shutdown.clone();
        let mut heartbeat = tokio::time::interval(HEARTBEAT_INTERVAL);
        heartbeat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut last_heard = tokio::time::Instant::now();
        let mut recheck =
            tokio::time::interval_at(Instant::now() + RECHECK_INTERVAL, RECHECK_INTERVAL);
        recheck.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        // Subscribed before `connection_init` is read, so no change after it is missed.
        let mut access_changes = self.settings.bus.subscribe_access_changes();
        let reason = loop {
            let expires = self.expires;
            let outcome = tokio::select! {
                message = messages.next() => {
                    last_heard = tokio::time::Instant::now();
                    match message {
                        Some(Ok(message)) => self.handle(message).await,
                        Some(Err(ProtocolError::Overflow)) => Outcome::Close(CloseReason {
                            code: CloseCode::Size,
                            description: Some("Message too big".into()),
                        }),
                        Some(Err(_)) => close(4400, "Invalid message received"),
                        // The client went away: nothing left to say.
                        None => break None,
                    }
                }
                () = &mut init_deadline, if !self.init_received => {
                    close(4408, "Connection initialisation timeout")
                }
                () = until(expires) => close(4403, "Access token expired"),
                received = access_changes.recv() => self.on_bus(received),
                _ = recheck.tick(), if self.acknowledged && self.principal != Principal::Anonymous => {
                    if self.resolve().await == self.principal {
                        Outcome::Continue
                    } else {
                        close(4403, "Access changed")
                    }
                }
                _ = heartbeat.tick() => {
                    if last_heard.elapsed() > CLIENT_TIMEOUT {
                        break None;
                    }
                    match tokio::time::timeout(SEND_TIMEOUT, self.session.ping(b"")).await {
                        Ok(Ok(())) => Outcome::Continue,
                        _ => break None,
                    }
                }
                _ = shutdown.changed() => Outcome::Close(CloseReason {
                    code: CloseCode::Away,
                    description: Some("Server is shutting down".into()),
                }),
            };
            if let Outcome::Close(reason) = outcome {
                break Some(reason);
            }
        };
        self.abort_all();
        if let Some(reason) = reason {
            let _ = tokio::time::timeout(SEND_TIMEOUT, self.session.close(Some(reason))).await;
        }
    }

    async fn handle(&mut self, message: AggregatedMessage) -> Outcome {
        match message {
            AggregatedMessage::Text(text) => match serde_json::from_str::<ClientMessage>(&text) {
                Ok(message) => self.on_message(message).await,
                Err(_) => close(4400, "Invalid message received"),
            },
            AggregatedMessage::Binary(_) => close(4400, "Binary messages are not supported"),
            AggregatedMessage::Ping(bytes) => {
                let _ = self.session.pong(&bytes).await;
                Outcome::Continue
            }
            AggregatedMessage::Pong(_) => Outcome::Continue,
            AggregatedMessage::Close(_) => Outcome::Close(CloseReason {
                code: CloseCode::Normal,
                description: None,
            }),
        }
    }

    async fn on_message(&mut self, message: ClientMessage) -> Outcome {
        match message {
            ClientMessage::ConnectionInit { payload } => {
                if self.init_received {
                    return close(4429, "Too many initialisation requests");
                }
                self.init_received = true;
                self.authorization = payload
                    .as_ref()
                    .and_then(|p| p.get("authorization"))
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                self.principal = self.resolve().await;
                self.expires = match &self.principal {
                    Principal::User(user) => Some(
                        Instant::now()
                            + (user.expires_at - Utc::now()).to_std().unwrap_or_default(),
                    ),
                    _ => None,
                };
                if self.principal == Principal::Invalid || self.expired() {
                    return close(4403, "Forbidden");
                }
                self.acknowledged = true;
                self.send(&ServerMessage::ConnectionAck).await
            }
            ClientMessage::Ping { .. } => self.send(&ServerMessage::Pong).await,
            ClientMessage::Pong { .. } => Outcome::Continue,
            ClientMessage::Subscribe { id, payload } => {
                if !self.acknowledged {
                    return close(4401, "Unauthorized");
                }
                // An API key's operations draw on the same budget as its HTTP requests
                // (checked first, so a refused operation costs no credential lookup).
                if let Principal::ApiKey(key) = &self.principal {
                    let decision = self.rate_limiter.take(key.key_id).await;
                    if !decision.allowed {
                        self.refuse(
                            &id,
                            decision.retry_after_seconds,
                            "Too many requests for this API key",
                        );
                        return Outcome::Continue;
                    }
                }
                // The key may have been revoked, the session ended or the role changed
                // since the socket opened (a missed announcement must not matter).
                if self.resolve().await != self.principal || self.expired() {
                    return close(4403, "Forbidden");
                }
                self.subscribe(id, payload)
            }
            ClientMessage::Complete { id } => {
                if let Some(handle) = lock(&self.active).remove(&id) {
                    handle.abort();
                }
                Outcome::Continue
            }
        }
    }

    fn subscribe(&mut self, id: String, payload: SubscribePayload) -> Outcome {
        let mut active = lock(&self.active);
        if active.contains_key(&id) {
            let reason = format!("Subscriber for {id} already exists");
            return close(4409, truncate(&reason, 123));
        }
        if active.len() >= MAX_ACTIVE_OPERATIONS {
            drop(active);
            self.refuse(
                &id,
                1,
                &format!("Too many operations on one connection (at most {MAX_ACTIVE_OPERATIONS}); complete some first"),
            );
            return Outcome::Continue;
        }
        let mut request = Request::new(payload.query);
        if let Some(name) = payload.operation_name {
            request = request.operation_name(name);
        }
        if let Some(variables) = payload.variables {
            request = request.variables(Variables::from_json(Value::Object(variables)));
        }
        let request = request.data(self.principal.clone()).data(ClientInfo {
            address: self.address.map(|a| a.to_string()),
            ..ClientInfo::default()
        });
        let stream = self.schema.execute_stream(request);
        let session = self.session.clone();
        let registry = self.active.clone();
        let task_id = id.clone();
        let task = actix_web::rt::spawn(async move {
            run_operation(task_id, stream, session, registry).await;
        });
        active.insert(id, task.abort_handle());
        Outcome::Continue
    }

    async fn resolve(&self) -> Principal {
        Principal::resolve(self.authorization.as_deref(), &self.tokens, &self.db).await
    }

    fn expired(&self) -> bool {
        self.expires.is_some_and(|at| at <= Instant::now())
    }

    /// Closes the socket when the bus announces an access change for its caller. Every
    /// announced change takes rights away or changes them (a role, location limits), so
    /// the client must reconnect either way: with its current rights, or not at all.
    fn on_bus(&self, received: Result<Arc<Event>, broadcast::error::RecvError>) -> Outcome {
        match received {
            Ok(event) => match &event.payload {
                EventPayload::AccessChanged { tenant_id, holder }
                    if self.principal.affected_by(*tenant_id, holder) =>
                {
                    close(4403, "Access changed")
                }
                _ => Outcome::Continue,
            },
            Err(broadcast::error::RecvError::Lagged(_)) => match self.principal {
                Principal::Anonymous => Outcome::Continue,
                // A missed event may have been this caller's access change: start over.
                _ => Outcome::Close(CloseReason {
                    code: CloseCode::Again,
                    description: Some("Fell behind; reconnect".into()),
                }),
            },
            // The bus lives as long as the server: it only goes away at shutdown.
            Err(broadcast::error::RecvError::Closed) => Outcome::Close(CloseReason {
                code: CloseCode::Away,
                description: Some("Server is shutting down".into()),
            }),
        }
    }

    /// Answers one operation with a `RATE_LIMITED` error, leaving the connection open.
    fn refuse(&self, id: &str, retry_after_seconds: u64, message: &str) {
        let error = ServerError::new(message, None)
            .extend_with_code(ErrorCode::RateLimited)
            .with_retry_after(retry_after_seconds);
        let text = ServerMessage::Error {
            id,
            payload: &[error],
        }
        .text();
        let mut session = self.session.clone();
        actix_web::rt::spawn(async move {
            let _ = session.text(text).await;
        });
    }

    async fn send(&mut self, message: &ServerMessage<'_>) -> Outcome {
        match tokio::time::timeout(SEND_TIMEOUT, self.session.text(message.text())).await {
            Ok(Ok(())) => Outcome::Continue,
            Ok(Err(_)) => Outcome::Close(CloseReason {
                code: CloseCode::Normal,
                description: None,
            }),
            Err(_) => close(4499, "Client is not reading"),
        }
    }

    fn abort_all(&self) {
        for (_, handle) in lock(&self.active).drain() {
            handle.abort();
        }
    }
}

/// Frees an operation's id however its task ends. If the task panicked (a resolver bug),
/// the client is told with an `error` instead of waiting forever for a `complete`.
struct OperationGuard {
    id: String,
    registry: Active,
    session: Session,
}

impl Drop for OperationGuard {
    fn drop(&mut self) {
        let current = tokio::task::try_id();
        let mut active = lock(&self.registry);
        // Only this task's own entry: the id may already belong to a newer operation.
        if active.get(&self.id).map(AbortHandle::id) == current {
            active.remove(&self.id);
        }
        drop(active);
        if std::thread::panicking() {
            let error =
                ServerError::new("Internal error", None).extend_with_code(ErrorCode::Internal);
            let text = ServerMessage::Error {
                id: &self.id,
                payload: &[error],
            }
            .text();
            let mut session = self.session.clone();
            actix_web::rt::spawn(async move {
                let _ = session.text(text).await;
            });
        }
    }
}

async fn run_operation(
    id: String,
    mut stream: impl futures_util::Stream<Item = async_graphql::Response> + Unpin,
    mut session: Session,
    registry: Active,
) {
    let _guard = OperationGuard {
        id: id.clone(),
        registry: registry.clone(),
        session: session.clone(),
    };
    let mut first = true;
    while let Some(mut response) = stream.next().await {
        finalize_response(&mut response);
        if first && is_request_error(&response) {
            lock(&registry).remove(&id);
            let message = ServerMessage::Error {
                id: &id,
                payload: &response.errors,
            };
            let _ = session.text(message.text()).await;
            return;
        }
        first = false;
        let next = ServerMessage::Next {
            id: &id,
            payload: &response,
        };
        if session.text(next.text()).await.is_err() {
            return;
        }
    }
    lock(&registry).remove(&id);
    let _ = session
        .text(ServerMessage::Complete { id: &id }.text())
        .await;
}

/// Resolves at `deadline`, or never without one.
async fn until(deadline: Option<Instant>) {
    match deadline {
        Some(deadline) => tokio::time::sleep_until(deadline).await,
        None => std::future::pending().await,
    }
}

fn lock(active: &Active) -> std::sync::MutexGuard<'_, HashMap<String, AbortHandle>> {
    // A poisoned map only means an operation task panicked; the map itself is still sound.
    active
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn truncate(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}
