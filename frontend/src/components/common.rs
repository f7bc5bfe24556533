//! Page header, cards, empty states, error notices and loading placeholders.

use leptos::prelude::*;

use super::{Icon, IconKind};
use crate::api::ApiError;
use crate::i18n::{Msg, error_message, tr, use_i18n};

/// Title and one-line purpose at the top of every page.
#[component]
pub fn PageHeader(title: Msg, subtitle: Msg) -> impl IntoView {
    view! {
        <header class="page-header">
            <h1>{tr(title)}</h1>
            <p class="page-subtitle">{tr(subtitle)}</p>
        </header>
    }
}

/// A titled panel.
#[component]
pub fn Card(
    title: Msg,
    icon: IconKind,
    /// Extra classes, e.g. for a grid span.
    #[prop(optional)]
    class: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <section class=format!("card {class}")>
            <header class="card-header">
                <span class="card-icon">
                    <Icon kind=icon />
                </span>
                <h2>{tr(title)}</h2>
            </header>
            <div class="card-body">{children()}</div>
        </section>
    }
}

/// A failed request, explained in the current language, with a way to try again.
#[component]
pub fn ErrorNotice(error: ApiError, #[prop(into)] on_retry: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let title = match error {
        ApiError::Network(_) => Msg::NetworkErrorTitle,
        _ => Msg::RequestFailedTitle,
    };
    let body = error_message(&error);
    view! {
        <div class="notice notice-error" role="alert">
            <span class="notice-icon">
                <Icon kind=IconKind::Offline />
            </span>
            <div class="notice-text">
                <strong>{move || i18n.t(title)}</strong>
                <p>{move || i18n.t(body)}</p>
            </div>
            <button class="button" type="button" on:click=move |_| on_retry.run(())>
                <Icon kind=IconKind::Retry />
                <span>{tr(Msg::Retry)}</span>
            </button>
        </div>
    }
}

/// Grey placeholder lines while data loads, sized like the content they stand in for.
#[component]
pub fn Skeleton(lines: usize) -> impl IntoView {
    view! {
        <div class="skeleton" aria-busy="true">
            <span class="visually-hidden">{tr(Msg::Loading)}</span>
            {(0..lines).map(|_| view! { <span class="skeleton-line"></span> }).collect_view()}
        </div>
    }
}

/// A list with nothing in it (yet): what would be here, and optionally how to add some.
#[component]
pub fn ListEmpty(
    icon: IconKind,
    title: Msg,
    body: Msg,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="list-empty" data-testid="list-empty">
            <span class="list-empty-icon">
                <Icon kind=icon />
            </span>
            <strong>{tr(title)}</strong>
            <p class="muted">{tr(body)}</p>
            {children.map(|children| children())}
        </div>
    }
}
