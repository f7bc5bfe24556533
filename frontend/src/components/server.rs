//! The server facts shared by the dashboard card and the status page.

use leptos::prelude::*;

use super::{ErrorNotice, Skeleton};
use crate::api::server::{EventBusKind, ServerInfo, StorageKind, use_server_status};
use crate::i18n::{Msg, format_date_time, format_duration, tr, use_i18n};

fn storage_label(kind: StorageKind) -> Msg {
    match kind {
        StorageKind::Sqlite => Msg::StorageSqlite,
        StorageKind::Postgres => Msg::StoragePostgres,
        StorageKind::Unknown => Msg::Unknown,
    }
}

fn event_bus_label(kind: EventBusKind) -> Msg {
    match kind {
        EventBusKind::InProcess => Msg::EventBusInProcess,
        EventBusKind::Redis => Msg::EventBusRedis,
        EventBusKind::Unknown => Msg::Unknown,
    }
}

/// The shared `serverInfo` as a fact list, with loading and error states.
///
/// `detailed` adds the start time, for the status page.
#[component]
pub fn ServerInfoView(#[prop(optional)] detailed: bool) -> impl IntoView {
    let status = use_server_status();
    move || match status.get() {
        None => view! { <Skeleton lines=4 /> }.into_any(),
        Some(Err(error)) => {
            view! { <ErrorNotice error=error on_retry=move |()| status.refresh() /> }.into_any()
        }
        Some(Ok(info)) => view! { <ServerFacts info=info detailed=detailed /> }.into_any(),
    }
}

#[component]
fn ServerFacts(info: ServerInfo, detailed: bool) -> impl IntoView {
    let i18n = use_i18n();
    let ServerInfo {
        version,
        storage,
        event_bus,
        started_at,
        uptime_seconds,
    } = info;
    let started = detailed.then(|| {
        view! {
            <div class="fact">
                <dt>{tr(Msg::FieldStartedAt)}</dt>
                <dd>
                    {move || {
                        format_date_time(&started_at, i18n.lang())
                            .unwrap_or_else(|| started_at.clone())
                    }}
                </dd>
            </div>
        }
    });
    view! {
        <dl class="facts">
            <div class="fact">
                <dt>{tr(Msg::FieldVersion)}</dt>
                <dd class="mono">{version}</dd>
            </div>
            <div class="fact">
                <dt>{tr(Msg::FieldStorage)}</dt>
                <dd>{tr(storage_label(storage))}</dd>
            </div>
            <div class="fact">
                <dt>{tr(Msg::FieldEventBus)}</dt>
                <dd>{tr(event_bus_label(event_bus))}</dd>
            </div>
            <div class="fact">
                <dt>{tr(Msg::FieldUptime)}</dt>
                <dd>{move || format_duration(uptime_seconds, i18n.lang())}</dd>
            </div>
            {started}
        </dl>
    }
}
