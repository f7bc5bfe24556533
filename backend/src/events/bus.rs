//! The event bus: in-process (default) or Redis pub/sub (when `REDIS_URL` is set).

use std::{sync::Arc, time::Duration};

use futures_util::StreamExt;
use redis::{AsyncCommands, aio::ConnectionManager};
use tokio::sync::broadcast;
use url::Url;

use super::{Event, EventPayload};
use crate::config::redact;

/// Events buffered per local subscriber before a slow one starts missing them.
const HUB_CAPACITY: usize = 4096;
/// Access changes buffered per open socket; they are rare next to sales and stock.
const ACCESS_CAPACITY: usize = 1024;

/// Which transport the bus uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum)]
pub enum EventBusKind {
    /// Within this process only.
    InProcess,
    /// Across processes through Redis pub/sub.
    Redis,
}

/// Why the bus could not start or publish.
#[derive(Debug, thiserror::Error)]
pub enum BusError {
    /// Redis could not be reached.
    #[error("cannot connect to Redis at {target}: {reason}")]
    Connect { target: String, reason: String },
    /// A publish failed.
    #[error("event publish failed: {0}")]
    Publish(String),
}

enum Transport {
    InProcess,
    /// Publishes (and answers readiness pings) on one auto-reconnecting connection;
    /// receiving runs on its own connection in [`relay_from_redis`].
    Redis {
        publisher: ConnectionManager,
        /// `<prefix>:events`, the channel every replica publishes to and listens on.
        channel: String,
    },
}

/// This process's fan-out, counting what it hands on: a consumer that knows how many
/// events it has seen can tell whether it is behind what any local subscriber has seen
/// (the sales summary's dashboard cache waits on that before answering).
struct Hub {
    sender: broadcast::Sender<Arc<Event>>,
    /// Only the access changes, for the open sockets that must close on them: a socket
    /// listening here is not woken by every sale and stock change of every company.
    access: broadcast::Sender<Arc<Event>>,
    /// Events sent so far. Counted under the lock together with the send, so the count
    /// and the channel's order never disagree.
    sent: std::sync::Mutex<u64>,
}

impl Hub {
    fn new() -> Arc<Self> {
        Arc::new(Self {
            sender: broadcast::channel(HUB_CAPACITY).0,
            access: broadcast::channel(ACCESS_CAPACITY).0,
            sent: std::sync::Mutex::new(0),
        })
    }

    fn count(&self) -> std::sync::MutexGuard<'_, u64> {
        // A panic while holding the lock cannot leave the count half-written.
        self.sent.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn send(&self, event: Arc<Event>) {
        let mut sent = self.count();
        *sent += 1;
        // No subscribers is not an error: nobody is watching right now.
        if matches!(event.payload, EventPayload::AccessChanged { .. }) {
            let _ = self.access.send(event.clone());
        }
        let _ = self.sender.send(event);
    }
}

/// Publishes events and hands out subscriptions. Cheap to clone.
#[derive(Clone)]
pub struct EventBus {
    hub: Arc<Hub>,
    transport: Arc<Transport>,
}

impl std::fmt::Debug for EventBus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventBus")
            .field("kind", &self.kind())
            .finish()
    }
}

impl EventBus {
    /// A bus that reaches only subscribers in this process.
    pub fn in_process() -> Self {
        Self {
            hub: Hub::new(),
            transport: Arc::new(Transport::InProcess),
        }
    }

    /// A bus over Redis pub/sub. Fails when Redis cannot be reached within `timeout`, so a
    /// misconfigured replica stops at start instead of silently missing events.
    pub async fn redis(url: &Url, prefix: &str, timeout: Duration) -> Result<Self, BusError> {
        let channel = format!("{prefix}:events");
        let fail = |reason: String| BusError::Connect {
            target: redact(url),
            reason,
        };
        let client = redis::Client::open(url.as_str()).map_err(|e| fail(e.to_string()))?;
        let publisher = tokio::time::timeout(timeout, ConnectionManager::new(client.clone()))
            .await
            .map_err(|_| fail(format!("no answer within {}s", timeout.as_secs())))?
            .map_err(|e| fail(e.to_string()))?;
        let hub = Hub::new();
        // Subscribe before returning, so nothing published after start-up is missed.
        let pubsub = open_pubsub(&client, &channel).await.map_err(fail)?;
        tokio::spawn(relay_from_redis(
            client.clone(),
            channel.clone(),
            pubsub,
            hub.clone(),
        ));
        Ok(Self {
            hub,
            transport: Arc::new(Transport::Redis { publisher, channel }),
        })
    }

    /// The transport in use.
    pub fn kind(&self) -> EventBusKind {
        match *self.transport {
            Transport::InProcess => EventBusKind::InProcess,
            Transport::Redis { .. } => EventBusKind::Redis,
        }
    }

    /// The bus's Redis connection (auto-reconnecting, cheap to clone), for other state that
    /// must be shared between replicas, such as sign-in throttles. `None` in-process.
    pub fn redis_connection(&self) -> Option<ConnectionManager> {
        match &*self.transport {
            Transport::InProcess => None,
            Transport::Redis { publisher, .. } => Some(publisher.clone()),
        }
    }

    /// Sends an event to every subscriber (on every replica, with Redis).
    pub async fn publish(&self, event: Event) -> Result<(), BusError> {
        match &*self.transport {
            Transport::InProcess => {
                self.hub.send(Arc::new(event));
                Ok(())
            }
            Transport::Redis { publisher, channel } => {
                let body =
                    serde_json::to_string(&event).map_err(|e| BusError::Publish(e.to_string()))?;
                let mut conn = publisher.clone();
                conn.publish::<_, _, ()>(channel, body)
                    .await
                    .map_err(|e| BusError::Publish(e.to_string()))
            }
        }
    }

    /// A live feed of events from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Event>> {
        self.hub.sender.subscribe()
    }

    /// A live feed of access changes only (revoked keys, ended sessions, removed members,
    /// changed roles or locations), from now on.
    pub fn subscribe_access_changes(&self) -> broadcast::Receiver<Arc<Event>> {
        self.hub.access.subscribe()
    }

    /// A live feed of events from now on, with the number of events this process had
    /// delivered before it: the n-th event received is delivery number `start + n`.
    pub fn subscribe_counted(&self) -> (u64, broadcast::Receiver<Arc<Event>>) {
        let sent = self.hub.count();
        (*sent, self.hub.sender.subscribe())
    }

    /// How many events this process has delivered to its local subscribers so far.
    pub fn delivered(&self) -> u64 {
        *self.hub.count()
    }

    /// Checks the transport answers (for `/readyz`).
    pub async fn ping(&self) -> Result<(), BusError> {
        match &*self.transport {
            Transport::InProcess => Ok(()),
            Transport::Redis { publisher, .. } => {
                let mut conn = publisher.clone();
                redis::cmd("PING")
                    .query_async::<String>(&mut conn)
                    .await
                    .map(|_| ())
                    .map_err(|e| BusError::Publish(e.to_string()))
            }
        }
    }
}

async fn open_pubsub(client: &redis::Client, channel: &str) -> Result<redis::aio::PubSub, String> {
    let mut pubsub = client.get_async_pubsub().await.map_err(|e| e.to_string())?;
    pubsub.subscribe(channel).await.map_err(|e| e.to_string())?;
    Ok(pubsub)
}

/// Feeds Redis messages into the local hub, reconnecting with backoff when Redis drops.
async fn relay_from_redis(
    client: redis::Client,
    channel: String,
    mut pubsub: redis::aio::PubSub,
    hub: Arc<Hub>,
) {
    loop {
        {
            let mut messages = pubsub.on_message();
            while let Some(message) = messages.next().await {
                let payload: String = match message.get_payload() {
                    Ok(p) => p,
                    Err(e) => {
                        tracing::warn!(error = %e, "unreadable message on the event channel");
                        continue;
                    }
                };
                match serde_json::from_str::<Event>(&payload) {
                    Ok(event) => hub.send(Arc::new(event)),
                    Err(e) => tracing::warn!(error = %e, "malformed event on the event channel"),
                }
            }
        }
        tracing::warn!("lost the Redis event subscription; reconnecting");
        let mut delay = Duration::from_millis(100);
        pubsub = loop {
            tokio::time::sleep(delay).await;
            match open_pubsub(&client, &channel).await {
                Ok(p) => break p,
                Err(e) => {
                    tracing::warn!(error = %e, "Redis event subscription still down");
                    delay = (delay * 2).min(Duration::from_secs(5));
                }
            }
        };
        tracing::info!("Redis event subscription restored");
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::events::EventPayload;

    #[tokio::test]
    async fn in_process_subscribers_receive_published_events() {
        let bus = EventBus::in_process();
        let mut rx = bus.subscribe();
        let event = Event::now(EventPayload::InstanceStopping {
            instance_id: uuid::Uuid::new_v4(),
        });
        bus.publish(event.clone()).await.unwrap();
        assert_eq!(*rx.recv().await.unwrap(), event);
    }
}
