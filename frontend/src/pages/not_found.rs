//! Any path no route matches, shown inside the shell so navigation stays at hand.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::{Icon, IconKind};
use crate::i18n::{Msg, tr};

/// "Page not found" with a way back.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <section class="empty-state" data-testid="not-found">
            <div class="empty-illustration">
                <Icon kind=IconKind::Lost />
            </div>
            <span class="badge">"404"</span>
            <h1>{tr(Msg::NotFoundTitle)}</h1>
            <p class="empty-body">{tr(Msg::NotFoundBody)}</p>
            <A href="/" attr:class="button button-primary">
                <span>{tr(Msg::BackToDashboard)}</span>
                <Icon kind=IconKind::ArrowRight />
            </A>
        </section>
    }
}
