//! GraphQL subscriptions over WebSocket, speaking `graphql-transport-ws`
//! (graphql-ws `PROTOCOL.md`) including its close codes.
//!
//! async-graphql's own actix transport closes with generic codes and has no init timeout,
//! so the protocol state machine lives here and only execution is delegated to the schema.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::Duration,
};

use actix_web::{
    HttpRequest, HttpResponse,
    http::header::{HeaderValue, SEC_WEBSOCKET_PROTOCOL},
    web,
};
use actix_ws::{AggregatedMessage, CloseCode, CloseReason, Session};
use async_graphql::{Request, Variables};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::{sync::watch, task::AbortHandle};

use crate::{
    graphql::{KuraSchema, finalize_response, is_request_error},
    http::metrics::Metrics,
};

/// The only subprotocol served.
pub const PROTOCOL: &str = "graphql-transport-ws";
const MAX_MESSAGE_BYTES: usize = 256 * 1024;

/// Settings a connection needs besides the schema.
#[derive(Clone)]
pub struct WsSettings {
    /// Close with 4408 when `connection_init` has not arrived by then.
    pub init_timeout: Duration,
    /// Flips to true when the server shuts down; open sockets then close with 1001.
    pub shutdown: watch::Receiver<bool>,
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
    schema: KuraSchema,
    settings: WsSettings,
    metrics: Metrics,
) -> actix_web::Result<HttpResponse> {
    let (mut response, session, stream) = actix_ws::handle(req, body)?;
    response
        .headers_mut()
        .insert(SEC_WEBSOCKET_PROTOCOL, HeaderValue::from_static(PROTOCOL));
    let messages = stream
        .max_frame_size(MAX_MESSAGE_BYTES)
        .aggregate_continuations()
        .max_continuation_size(MAX_MESSAGE_BYTES);
    actix_web::rt::spawn(async move {
        let _open = metrics.websocket_opened();
        Connection {
            session,
            schema,
            settings,
            acknowledged: false,
            init_received: false,
            active: Arc::default(),
        }
        .run(messages)
        .await;
    });
    Ok(response)
}

// Payloads we do not use yet are still checked to be objects, as the protocol requires.
#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum ClientMessage {
    ConnectionInit {
        #[serde(default, rename = "payload")]
        _payload: Option<serde_json::Map<String, Value>>,
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
        let reason = loop {
            let outcome = tokio::select! {
                message = messages.next() => match message {
                    Some(Ok(message)) => self.handle(message).await,
                    // The client went away or broke the framing: nothing left to say.
                    Some(Err(_)) | None => break None,
                },
                () = &mut init_deadline, if !self.init_received => {
                    close(4408, "Connection initialisation timeout")
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
            let _ = self.session.close(Some(reason)).await;
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
            ClientMessage::ConnectionInit { .. } => {
                if self.init_received {
                    return close(4429, "Too many initialisation requests");
                }
                self.init_received = true;
                self.acknowledged = true;
                self.send(&ServerMessage::ConnectionAck).await
            }
            ClientMessage::Ping { .. } => self.send(&ServerMessage::Pong).await,
            ClientMessage::Pong { .. } => Outcome::Continue,
            ClientMessage::Subscribe { id, payload } => {
                if !self.acknowledged {
                    return close(4401, "Unauthorized");
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
        let mut request = Request::new(payload.query);
        if let Some(name) = payload.operation_name {
            request = request.operation_name(name);
        }
        if let Some(variables) = payload.variables {
            request = request.variables(Variables::from_json(Value::Object(variables)));
        }
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

    async fn send(&mut self, message: &ServerMessage<'_>) -> Outcome {
        match self.session.text(message.text()).await {
            Ok(()) => Outcome::Continue,
            Err(_) => Outcome::Close(CloseReason {
                code: CloseCode::Normal,
                description: None,
            }),
        }
    }

    fn abort_all(&self) {
        for (_, handle) in lock(&self.active).drain() {
            handle.abort();
        }
    }
}

async fn run_operation(
    id: String,
    mut stream: impl futures_util::Stream<Item = async_graphql::Response> + Unpin,
    mut session: Session,
    registry: Active,
) {
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
