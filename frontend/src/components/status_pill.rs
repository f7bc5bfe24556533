//! The top-bar indicator of whether the Kura server answers.

use leptos::prelude::*;

use crate::api::server::use_server_status;
use crate::i18n::{Msg, tr, use_i18n};

/// Green/red dot with the server version; links to the status page.
///
/// `data-state` is `loading`, `online` or `offline`; browser tests wait on it.
#[component]
pub fn StatusPill() -> impl IntoView {
    let status = use_server_status();
    let i18n = use_i18n();
    let state = move || match status.get() {
        None => "loading",
        Some(Ok(_)) => "online",
        Some(Err(_)) => "offline",
    };
    let label = move || match status.get() {
        None => i18n.t(Msg::StatusChecking),
        Some(Ok(_)) => i18n.t(Msg::StatusOnline),
        Some(Err(_)) => i18n.t(Msg::StatusOffline),
    };
    let version = move || status.get().and_then(Result::ok).map(|info| info.version);
    view! {
        <a
            href="/status"
            class="status-pill"
            data-testid="server-status"
            data-state=state
            title=tr(Msg::StatusPillTitle)
            aria-live="polite"
        >
            <span class="status-dot" aria-hidden="true"></span>
            <span class="status-label">{label}</span>
            {move || version().map(|v| view! { <span class="status-version mono">{v}</span> })}
        </a>
    }
}
