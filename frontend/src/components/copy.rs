//! Copying a value to the clipboard, and the one-time secret callout built on it.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use super::{Icon, IconKind};
use crate::i18n::{Msg, tr};

/// How long "Copied" shows before the button reads "Copy" again.
const FEEDBACK_MS: u32 = 2_000;

/// `navigator.clipboard.writeText(text)`, through reflection (web-sys gates the Clipboard
/// API behind extra features). False when the browser refuses, e.g. on plain HTTP.
async fn write_clipboard(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let clipboard = js_sys::Reflect::get(&window.navigator(), &JsValue::from_str("clipboard"));
    let Ok(clipboard) = clipboard else {
        return false;
    };
    let write = js_sys::Reflect::get(&clipboard, &JsValue::from_str("writeText"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(write) = write else {
        return false;
    };
    let Ok(promise) = write.call1(&clipboard, &JsValue::from_str(text)) else {
        return false;
    };
    let Ok(promise) = promise.dyn_into::<js_sys::Promise>() else {
        return false;
    };
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CopyState {
    Idle,
    Copied,
    Failed,
}

/// A button copying `text`, confirming briefly with "Copied" (or asking to copy by hand).
#[component]
pub fn CopyButton(text: String, #[prop(optional)] testid: Option<&'static str>) -> impl IntoView {
    let state = RwSignal::new(CopyState::Idle);
    let on_click = move |_| {
        let text = text.clone();
        leptos::task::spawn_local(async move {
            let copied = write_clipboard(&text).await;
            state.try_set(if copied {
                CopyState::Copied
            } else {
                CopyState::Failed
            });
            gloo_timers::future::TimeoutFuture::new(FEEDBACK_MS).await;
            state.try_set(CopyState::Idle);
        });
    };
    let label = move || match state.get() {
        CopyState::Idle => Msg::Copy,
        CopyState::Copied => Msg::Copied,
        CopyState::Failed => Msg::CopyFailed,
    };
    let i18n = crate::i18n::use_i18n();
    view! {
        <button
            class="button copy-button"
            type="button"
            data-testid=testid
            data-state=move || format!("{:?}", state.get()).to_lowercase()
            on:click=on_click
        >
            <Icon kind=IconKind::Copy />
            <span aria-live="polite">{move || i18n.t(label())}</span>
        </button>
    }
}

/// A value to be copied now, because it will not be shown again (an API key's secret) or
/// must be passed on by hand (an invitation link).
#[component]
pub fn SecretCallout(
    title: Msg,
    body: Msg,
    value: String,
    /// `data-testid` of the value itself.
    testid: &'static str,
) -> impl IntoView {
    view! {
        <div class="secret-callout" role="status">
            <div class="secret-heading">
                <Icon kind=IconKind::Alert />
                <strong>{tr(title)}</strong>
            </div>
            <p>{tr(body)}</p>
            <div class="secret-value">
                <code class="mono" data-testid=testid>{value.clone()}</code>
                <CopyButton text=value testid="copy-secret" />
            </div>
        </div>
    }
}
