//! The frame around every page: top bar, sidebar navigation and the content area.

use leptos::prelude::*;
use leptos_router::components::A;

use super::status_pill::StatusPill;
use super::{Icon, IconKind};
use crate::api::session::use_session;
use crate::i18n::{Msg, role_label, tr, use_i18n};

/// One sidebar entry.
struct NavItem {
    href: &'static str,
    /// Suffix of the `data-testid="nav-…"` hook the browser tests click.
    area: &'static str,
    label: Msg,
    icon: IconKind,
}

/// Sidebar sections in display order.
static NAV: &[(Msg, &[NavItem])] = &[
    (
        Msg::NavSectionOverview,
        &[NavItem {
            href: "/",
            area: "dashboard",
            label: Msg::NavDashboard,
            icon: IconKind::Dashboard,
        }],
    ),
    (
        Msg::NavSectionOperations,
        &[
            NavItem {
                href: "/stock",
                area: "stock",
                label: Msg::NavStock,
                icon: IconKind::Stock,
            },
            NavItem {
                href: "/products",
                area: "products",
                label: Msg::NavProducts,
                icon: IconKind::Products,
            },
            NavItem {
                href: "/locations",
                area: "locations",
                label: Msg::NavLocations,
                icon: IconKind::Locations,
            },
            NavItem {
                href: "/sales",
                area: "sales",
                label: Msg::NavSales,
                icon: IconKind::Sales,
            },
        ],
    ),
    (
        Msg::NavSectionSystem,
        &[
            NavItem {
                href: "/settings",
                area: "settings",
                label: Msg::NavSettings,
                icon: IconKind::Settings,
            },
            NavItem {
                href: "/status",
                area: "status",
                label: Msg::NavStatus,
                icon: IconKind::Status,
            },
        ],
    ),
];

/// Top bar, sidebar and the routed page (`children`).
#[component]
pub fn Shell(children: Children) -> impl IntoView {
    // Only matters on narrow screens, where the sidebar is a drawer.
    let nav_open = RwSignal::new(false);
    view! {
        <div class="shell" class:nav-open=move || nav_open.get() data-testid="app-shell">
            <header class="topbar">
                <button
                    class="icon-button menu-toggle"
                    type="button"
                    aria-label=tr(Msg::OpenNavigation)
                    aria-controls="sidebar"
                    aria-expanded=move || nav_open.get().to_string()
                    on:click=move |_| nav_open.update(|open| *open = !*open)
                >
                    <Icon kind=IconKind::Menu />
                </button>
                <a href="/" class="brand">
                    <span class="brand-mark">
                        <Icon kind=IconKind::Logo />
                    </span>
                    // The product name is the same in every language.
                    <span class="brand-name">"Kura " <span class="brand-kanji">"蔵"</span></span>
                </a>
                <div class="topbar-spacer"></div>
                <StatusPill />
                <LangSwitch />
                <UserMenu />
            </header>
            <aside class="sidebar" id="sidebar">
                <nav aria-label=tr(Msg::MainNavigation) on:click=move |_| nav_open.set(false)>
                    {NAV
                        .iter()
                        .map(|(section, items)| {
                            view! {
                                <div class="nav-section">
                                    <h2 class="nav-heading">{tr(*section)}</h2>
                                    {items.iter().map(nav_link).collect_view()}
                                </div>
                            }
                        })
                        .collect_view()}
                </nav>
            </aside>
            <div class="scrim" on:click=move |_| nav_open.set(false)></div>
            <main class="content" id="content">
                {children()}
            </main>
        </div>
    }
}

fn nav_link(item: &'static NavItem) -> impl IntoView + use<> {
    view! {
        <A href=item.href exact=item.href == "/" attr:class="nav-link" attr:data-testid=format!("nav-{}", item.area)>
            <Icon kind=item.icon />
            <span>{tr(item.label)}</span>
        </A>
    }
}

/// Offers the other language, labelled in that language so a reader of it can find it.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button
            class="button button-ghost lang-switch"
            type="button"
            data-testid="lang-switch"
            aria-label=tr(Msg::SwitchLanguage)
            title=tr(Msg::SwitchLanguage)
            on:click=move |_| i18n.toggle()
        >
            <Icon kind=IconKind::Language />
            <span>{tr(Msg::OtherLanguageLabel)}</span>
        </button>
    }
}

/// Who is signed in, where and as what, with the sign-out action.
///
/// The button (`user-menu`) shows name and company; the panel adds email and role.
#[component]
fn UserMenu() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let close = move || open.set(false);
    let sign_out = move |_| {
        open.set(false);
        leptos::task::spawn_local(session.log_out());
    };
    move || {
        session.viewer().map(|viewer| {
            let initial = viewer
                .user
                .name
                .chars()
                .next()
                .map(String::from)
                .unwrap_or_default();
            let role = role_label(viewer.role);
            view! {
                <div
                    class="user-menu-wrap"
                    on:keydown=move |ev| {
                        if ev.key() == "Escape" {
                            close();
                        }
                    }
                >
                    <button
                        class="user-menu"
                        type="button"
                        data-testid="user-menu"
                        aria-haspopup="menu"
                        aria-expanded=move || open.get().to_string()
                        aria-controls="user-menu-panel"
                        title=tr(Msg::AccountMenu)
                        on:click=move |_| open.update(|o| *o = !*o)
                    >
                        <span class="avatar" aria-hidden="true">{initial.clone()}</span>
                        <span class="user-menu-text">
                            <span class="user-menu-name">{viewer.user.name.clone()}</span>
                            <span class="user-menu-company">{viewer.tenant.name.clone()}</span>
                        </span>
                        <Icon kind=IconKind::ChevronDown />
                    </button>
                    <Show when=move || open.get()>
                        <div class="menu-backdrop" on:click=move |_| close()></div>
                        <div class="menu-panel" id="user-menu-panel" role="menu" aria-label=tr(Msg::AccountMenu)>
                            <div class="menu-identity">
                                <span class="avatar avatar-lg" aria-hidden="true">{initial.clone()}</span>
                                <div class="menu-identity-text">
                                    <strong>{viewer.user.name.clone()}</strong>
                                    <span class="muted small">{viewer.user.email.clone()}</span>
                                </div>
                            </div>
                            <dl class="menu-facts">
                                <div class="menu-fact">
                                    <dt>
                                        <Icon kind=IconKind::Building />
                                        <span class="visually-hidden">{tr(Msg::FieldCompany)}</span>
                                    </dt>
                                    <dd>{viewer.tenant.name.clone()}</dd>
                                </div>
                                <div class="menu-fact">
                                    <dt>{tr(Msg::FieldRole)}</dt>
                                    <dd>
                                        <span class="badge badge-accent" data-role=viewer.role.as_str()>
                                            {move || i18n.t(role)}
                                        </span>
                                    </dd>
                                </div>
                            </dl>
                            <button
                                class="menu-item"
                                type="button"
                                role="menuitem"
                                data-testid="logout"
                                on:click=sign_out
                            >
                                <Icon kind=IconKind::LogOut />
                                <span>{tr(Msg::LogOut)}</span>
                            </button>
                        </div>
                    </Show>
                </div>
            }
        })
    }
}
