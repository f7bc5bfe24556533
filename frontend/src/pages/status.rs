//! `/status`: server facts and the live WebSocket connection, for operators and support.

use leptos::prelude::*;

use crate::api::GRAPHQL_PATH;
use crate::api::server::{SERVER_TIME_SUBSCRIPTION, ServerTimeData};
use crate::api::ws::{ConnectionState, endpoint_url, use_subscription};
use crate::components::{Card, IconKind, PageHeader, ServerInfoView};
use crate::i18n::{Msg, error_message, format_clock, reconnect_notice, tr, use_i18n};

/// Server facts plus the live server clock and the state of its subscription.
#[component]
pub fn StatusPage() -> impl IntoView {
    view! {
        <PageHeader title=Msg::StatusTitle subtitle=Msg::StatusSubtitle />
        <div class="grid grid-2">
            <Card title=Msg::ApiCardTitle icon=IconKind::Server>
                <ServerInfoView detailed=true />
                <dl class="facts facts-secondary">
                    <div class="fact">
                        <dt>{tr(Msg::FieldEndpoint)}</dt>
                        <dd class="mono">{GRAPHQL_PATH}</dd>
                    </div>
                </dl>
            </Card>
            <LiveClockCard />
        </div>
    }
}

#[component]
fn LiveClockCard() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_subscription::<_, ServerTimeData>(SERVER_TIME_SUBSCRIPTION, ());
    let ws_state = move || match live.state.get() {
        ConnectionState::Connecting => "connecting",
        ConnectionState::Connected => "connected",
        ConnectionState::Reconnecting { .. } => "reconnecting",
        ConnectionState::Closed => "closed",
    };
    let ws_label = move || match live.state.get() {
        ConnectionState::Connecting => i18n.t(Msg::WsConnecting).to_owned(),
        ConnectionState::Connected => i18n.t(Msg::WsConnected).to_owned(),
        ConnectionState::Reconnecting { attempt, delay_ms } => {
            reconnect_notice(attempt, delay_ms, i18n.lang())
        }
        ConnectionState::Closed => i18n.t(Msg::WsClosed).to_owned(),
    };
    let clock = move || {
        live.data.get().map(|ServerTimeData { server_time }| {
            let shown = format_clock(&server_time, i18n.lang()).unwrap_or_else(|| server_time.clone());
            // The machine-readable instant stays in `datetime` for tests and tooltips.
            view! {
                <time class="clock-time" datetime=server_time.clone() title=server_time data-testid="server-time">
                    {shown}
                </time>
            }
        })
    };
    view! {
        <Card title=Msg::LiveCardTitle icon=IconKind::Clock>
            <div class="clock">
                <span class="clock-label">{tr(Msg::ServerClock)}</span>
                {move || {
                    clock()
                        .map(IntoAny::into_any)
                        .unwrap_or_else(|| {
                            view! { <span class="clock-waiting">{tr(Msg::WaitingForFirstTick)}</span> }
                                .into_any()
                        })
                }}
            </div>
            <dl class="facts">
                <div class="fact">
                    <dt>{tr(Msg::FieldConnection)}</dt>
                    <dd>
                        <span class="ws-state" data-testid="ws-state" data-state=ws_state>
                            <span class="status-dot" aria-hidden="true"></span>
                            {ws_label}
                        </span>
                    </dd>
                </div>
                <div class="fact">
                    <dt>{tr(Msg::FieldEndpoint)}</dt>
                    <dd class="mono">{endpoint_url().unwrap_or_default()}</dd>
                </div>
            </dl>
            {move || {
                live.error.get().map(|error| {
                    view! { <p class="notice notice-warning">{move || i18n.t(error_message(&error))}</p> }
                })
            }}
            <p class="muted small">{tr(Msg::LiveCardHint)}</p>
        </Card>
    }
}
