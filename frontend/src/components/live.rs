//! The badge a live page shows beside its list: whether its subscription is connected, still
//! connecting, reconnecting or closed.

use leptos::prelude::*;

use crate::api::ws::ConnectionState;
use crate::i18n::{Msg, use_i18n};

/// The state of a page's live feed; `data-state` (`connected`, `connecting`, `reconnecting`,
/// `closed`) is what browser tests wait on before they change something elsewhere.
#[component]
pub fn LiveBadge(
    #[prop(into)] state: Signal<ConnectionState>,
    /// `data-testid` of the badge.
    testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let (attr, label) = match state.get() {
            ConnectionState::Connected => ("connected", Msg::LiveUpdating),
            ConnectionState::Connecting => ("connecting", Msg::WsConnecting),
            ConnectionState::Reconnecting { .. } => ("reconnecting", Msg::LiveReconnecting),
            ConnectionState::Closed => ("closed", Msg::WsClosed),
        };
        view! {
            <span class="ws-state live-badge" data-testid=testid data-state=attr>
                <span class="status-dot" aria-hidden="true"></span>
                {move || i18n.t(label)}
            </span>
        }
    }
}
