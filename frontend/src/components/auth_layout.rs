//! The frame of the signed-out pages (a centred card), and the splash shown while a session
//! is being restored.

use leptos::prelude::*;

use super::shell::LangSwitch;
use super::{Icon, IconKind};
use crate::i18n::{Msg, tr};

/// Brand, language switch and a centred card holding `children` (the form).
#[component]
pub fn AuthLayout(title: Msg, subtitle: Msg, children: Children) -> impl IntoView {
    view! {
        <div class="auth-page" data-testid="auth-page">
            <header class="auth-topbar">
                <span class="brand">
                    <span class="brand-mark">
                        <Icon kind=IconKind::Logo />
                    </span>
                    // The product name is the same in every language.
                    <span class="brand-name">"Kura " <span class="brand-kanji">"蔵"</span></span>
                </span>
                <div class="topbar-spacer"></div>
                <LangSwitch />
            </header>
            <main class="auth-main" id="content">
                <section class="auth-card" aria-labelledby="auth-title">
                    <div class="auth-mark" aria-hidden="true">"蔵"</div>
                    <h1 id="auth-title">{tr(title)}</h1>
                    <p class="auth-subtitle">{tr(subtitle)}</p>
                    {children()}
                </section>
                <p class="auth-tagline">{tr(Msg::AuthTagline)}</p>
            </main>
        </div>
    }
}

/// The brand mark pulsing while the session is restored, like the boot screen before it.
#[component]
pub fn SessionSplash() -> impl IntoView {
    view! {
        <div class="boot" role="status" data-testid="session-splash">
            <div class="boot-mark">"蔵"</div>
            <p>{tr(Msg::Loading)}</p>
        </div>
    }
}
