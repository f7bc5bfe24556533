//! Server status: what is running, on which storage and bus, and a live clock that proves
//! subscriptions work end to end.

use std::time::Duration;

use async_graphql::{Context, ID, Object, SimpleObject, Subscription};
use chrono::{DateTime, Utc};
use futures_util::{Stream, StreamExt};
use tokio_stream::wrappers::{BroadcastStream, IntervalStream};

use crate::{
    config::StorageKind,
    events::{EventBusKind, EventPayload},
    state::AppState,
};

/// Facts about the serving process.
#[derive(SimpleObject)]
pub struct ServerInfo {
    /// Kura version (semver).
    version: String,
    /// Unique id of this process; differs between replicas.
    instance_id: ID,
    /// The storage engine.
    storage: StorageKind,
    /// The event bus transport.
    event_bus: EventBusKind,
    /// When this process started.
    started_at: DateTime<Utc>,
    /// Seconds since start.
    uptime_seconds: i64,
}

/// A replica joining or leaving, seen by every replica's subscribers.
#[derive(SimpleObject)]
pub struct InstanceEvent {
    /// `STARTED` or `STOPPING`.
    kind: InstanceEventKind,
    /// The replica's instance id.
    instance_id: ID,
    /// Its version (for `STARTED`).
    version: Option<String>,
    /// When it happened.
    occurred_at: DateTime<Utc>,
}

/// What a replica did.
#[derive(async_graphql::Enum, Clone, Copy, PartialEq, Eq)]
pub enum InstanceEventKind {
    /// It started serving.
    Started,
    /// It began shutting down.
    Stopping,
}

#[derive(Default)]
pub struct SystemQuery;

#[Object]
impl SystemQuery {
    /// Version, storage, event bus and uptime of the process answering.
    async fn server_info(&self, ctx: &Context<'_>) -> ServerInfo {
        let state = ctx.data_unchecked::<AppState>();
        let instance = &state.instance;
        ServerInfo {
            version: instance.version.to_owned(),
            instance_id: ID(instance.id.to_string()),
            storage: state.storage,
            event_bus: state.bus.kind(),
            started_at: instance.started_at,
            uptime_seconds: (Utc::now() - instance.started_at).num_seconds(),
        }
    }
}

#[derive(Default)]
pub struct SystemSubscription;

#[Subscription]
impl SystemSubscription {
    /// The server's clock, once a second.
    async fn server_time(&self) -> impl Stream<Item = DateTime<Utc>> {
        IntervalStream::new(tokio::time::interval(Duration::from_secs(1))).map(|_| Utc::now())
    }

    /// Replicas starting and stopping, from every replica sharing the event bus.
    async fn instance_events(&self, ctx: &Context<'_>) -> impl Stream<Item = InstanceEvent> {
        let bus = &ctx.data_unchecked::<AppState>().bus;
        BroadcastStream::new(bus.subscribe()).filter_map(|item| async move {
            // A lagging subscriber skips what it missed rather than ending the stream.
            let event = item.ok()?;
            let (kind, instance_id, version) = match &event.payload {
                EventPayload::InstanceStarted {
                    instance_id,
                    version,
                } => (
                    InstanceEventKind::Started,
                    instance_id,
                    Some(version.clone()),
                ),
                EventPayload::InstanceStopping { instance_id } => {
                    (InstanceEventKind::Stopping, instance_id, None)
                }
                EventPayload::StockLevelChanged { .. }
                | EventPayload::SaleChanged { .. }
                | EventPayload::OrderChanged { .. }
                | EventPayload::AccessChanged { .. } => {
                    return None;
                }
            };
            Some(InstanceEvent {
                kind,
                instance_id: ID(instance_id.to_string()),
                version,
                occurred_at: event.occurred_at,
            })
        })
    }
}
