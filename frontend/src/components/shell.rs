//! The frame around every page: top bar, sidebar navigation and the content area.

use leptos::prelude::*;
use leptos_router::components::A;

use super::status_pill::StatusPill;
use super::{Icon, IconKind};
use crate::i18n::{Msg, tr, use_i18n};

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
fn LangSwitch() -> impl IntoView {
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
