//! The frame around every page: top bar, sidebar navigation and the content area.
//!
//! The user menu also holds the company switcher for people in several companies. Whenever
//! the session moves to another company (switched here, or in another tab), the routed page
//! is rebuilt for it, the dashboard opens and a short confirmation shows.

use std::time::Duration;

use kura_shared::{ErrorCode, Role};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::status_pill::StatusPill;
use super::{Icon, IconKind};
use crate::api::ApiError;
use crate::api::session::{Membership, use_session};
use crate::i18n::{Msg, error_message, role_label, tr, use_i18n};

/// How long the "switched company" confirmation stays up.
const SWITCHED_NOTICE_MS: u64 = 5_000;

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
                href: "/stock/movements",
                area: "movements",
                label: Msg::NavMovements,
                icon: IconKind::History,
            },
            NavItem {
                href: "/stock/low",
                area: "low-stock",
                label: Msg::NavLowStock,
                icon: IconKind::Alert,
            },
            NavItem {
                href: "/transfers",
                area: "transfers",
                label: Msg::NavTransfers,
                icon: IconKind::ArrowRight,
            },
            NavItem {
                href: "/counts",
                area: "counts",
                label: Msg::NavCounts,
                icon: IconKind::Check,
            },
            NavItem {
                href: "/replenishment",
                area: "replenishment",
                label: Msg::NavReplenishment,
                icon: IconKind::Retry,
            },
            NavItem {
                href: "/products",
                area: "products",
                label: Msg::NavProducts,
                icon: IconKind::Products,
            },
            NavItem {
                href: "/products/import",
                area: "import",
                label: Msg::NavImport,
                icon: IconKind::Copy,
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
            NavItem {
                href: "/sales/register",
                area: "register",
                label: Msg::NavRegister,
                icon: IconKind::Plus,
            },
            NavItem {
                href: "/orders",
                area: "orders",
                label: Msg::NavOrders,
                icon: IconKind::Orders,
            },
            NavItem {
                href: "/quotes",
                area: "quotes",
                label: Msg::NavQuotes,
                icon: IconKind::Edit,
            },
            NavItem {
                href: "/orders/board",
                area: "board",
                label: Msg::NavBoard,
                icon: IconKind::Board,
            },
            NavItem {
                href: "/orders/pickups",
                area: "pickups",
                label: Msg::NavPickups,
                icon: IconKind::Locations,
            },
            NavItem {
                href: "/orders/warehouse",
                area: "warehouse",
                label: Msg::NavWarehouse,
                icon: IconKind::Truck,
            },
            NavItem {
                href: "/invoices",
                area: "invoices",
                label: Msg::NavInvoices,
                icon: IconKind::Copy,
            },
            NavItem {
                href: "/customers",
                area: "customers",
                label: Msg::NavCustomers,
                icon: IconKind::Users,
            },
            NavItem {
                href: "/sales/import",
                area: "sales-import",
                label: Msg::NavSalesImport,
                icon: IconKind::Copy,
            },
            NavItem {
                href: "/channels",
                area: "channels",
                label: Msg::NavChannels,
                icon: IconKind::Channels,
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

/// Top bar, sidebar and the routed page (`children`, rebuilt when the company changes so no
/// page keeps showing the previous company's data).
#[component]
pub fn Shell(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    // Only matters on narrow screens, where the sidebar is a drawer.
    let nav_open = RwSignal::new(false);
    let identity = session.identity();
    let tenant =
        Memo::new(move |_| identity.with(|i| i.as_ref().map(|(_, tenant)| tenant.clone())));
    let switched_to = RwSignal::new(None::<String>);
    let hide_notice = StoredValue::new(None::<TimeoutHandle>);
    let navigate = use_navigate();
    Effect::new(move |before: Option<Option<(String, String)>>| {
        let after = identity.get();
        if let Some(before) = before
            && company_switched(before.as_ref(), after.as_ref())
        {
            nav_open.set(false);
            navigate("/", Default::default());
            let name = untrack(|| session.viewer()).map(|viewer| viewer.tenant.name);
            switched_to.set(name);
            if let Some(previous) = hide_notice.get_value() {
                previous.clear();
            }
            let handle = set_timeout_with_handle(
                move || switched_to.set(None),
                Duration::from_millis(SWITCHED_NOTICE_MS),
            )
            .ok();
            hide_notice.set_value(handle);
        }
        after
    });
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
                {move || {
                    tenant.track();
                    children()
                }}
            </main>
            <div class="toast-region" aria-live="polite">
                {move || {
                    switched_to
                        .get()
                        .map(|name| {
                            view! {
                                <div class="toast" role="status" data-testid="company-switched">
                                    <Icon kind=IconKind::Check />
                                    <div class="toast-text">
                                        <span>{tr(Msg::CompanySwitched)}</span>
                                        <strong>{name}</strong>
                                    </div>
                                    <button
                                        class="icon-button"
                                        type="button"
                                        aria-label=tr(Msg::Close)
                                        on:click=move |_| switched_to.set(None)
                                    >
                                        <Icon kind=IconKind::Close />
                                    </button>
                                </div>
                            }
                        })
                }}
            </div>
        </div>
    }
}

/// True when the session moved to another company of the same person (not on sign-in or
/// sign-out). Identities are `(user id, tenant id)`.
fn company_switched(before: Option<&(String, String)>, after: Option<&(String, String)>) -> bool {
    matches!((before, after), (Some((user_a, tenant_a)), Some((user_b, tenant_b)))
        if user_a == user_b && tenant_a != tenant_b)
}

/// One row of the company switcher.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CompanyOption {
    id: String,
    name: String,
    role: Role,
    current: bool,
}

/// The switcher's rows, in the order the person joined the companies; `None` when there is
/// nothing to switch to.
fn company_options(memberships: &[Membership], current_tenant: &str) -> Option<Vec<CompanyOption>> {
    (memberships.len() > 1).then(|| {
        memberships
            .iter()
            .map(|m| CompanyOption {
                id: m.tenant.id.clone(),
                name: m.tenant.name.clone(),
                role: m.role,
                current: m.tenant.id == current_tenant,
            })
            .collect()
    })
}

/// What to say when a switch failed.
fn switch_error_message(error: &ApiError) -> Msg {
    match error.code() {
        Some(ErrorCode::NotFound) => Msg::ErrorNotAMember,
        _ => error_message(error),
    }
}

/// The person's companies, fetched when the user menu is first wanted.
#[derive(Debug, Clone, PartialEq)]
enum Companies {
    NotLoaded,
    Loading,
    Loaded(Vec<Membership>),
    Failed(ApiError),
}

fn nav_link(item: &'static NavItem) -> impl IntoView + use<> {
    view! {
        <A href=item.href exact=matches!(item.href, "/" | "/stock" | "/products" | "/sales" | "/orders" | "/quotes") attr:class="nav-link" attr:data-testid=format!("nav-{}", item.area)>
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
    let companies = RwSignal::new(Companies::NotLoaded);
    // Fetches the list, or refreshes it quietly when already shown; one request at a time.
    let load_companies = move || {
        let previous = companies.get_untracked();
        if previous == Companies::Loading {
            return;
        }
        if !matches!(previous, Companies::Loaded(_)) {
            companies.set(Companies::Loading);
        }
        leptos::task::spawn_local(async move {
            match session.memberships().await {
                Ok(list) => companies.set(Companies::Loaded(list)),
                Err(error) => {
                    if !matches!(companies.get_untracked(), Companies::Loaded(_)) {
                        companies.set(Companies::Failed(error));
                    }
                }
            }
        });
    };
    // Warm up on hover or focus, so the list is usually there by the time the menu opens.
    let prefetch = move || {
        if matches!(companies.get_untracked(), Companies::NotLoaded) {
            load_companies();
        }
    };
    let toggle = move || {
        let opening = !open.get_untracked();
        open.set(opening);
        if opening {
            load_companies();
        }
    };
    let switching = RwSignal::new(None::<String>);
    let switch_error = RwSignal::new(None::<Msg>);
    let choose = Callback::new(move |tenant_id: String| {
        if switching.get_untracked().is_some() {
            return;
        }
        switching.set(Some(tenant_id.clone()));
        switch_error.set(None);
        leptos::task::spawn_local(async move {
            let result = session.switch_tenant(tenant_id).await;
            switching.set(None);
            match result {
                // The shell notices the new company, opens the dashboard and confirms.
                Ok(()) => open.set(false),
                Err(error) => {
                    switch_error.set(Some(switch_error_message(&error)));
                    if error.code() == Some(ErrorCode::NotFound) {
                        load_companies();
                    }
                }
            }
        });
    });
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
                        aria-haspopup="dialog"
                        aria-expanded=move || open.get().to_string()
                        aria-controls="user-menu-panel"
                        title=tr(Msg::AccountMenu)
                        on:click=move |_| toggle()
                        on:pointerenter=move |_| prefetch()
                        on:focus=move |_| prefetch()
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
                        <div class="menu-panel" id="user-menu-panel" role="dialog" aria-label=tr(Msg::AccountMenu)>
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
                            <CompanySwitcher
                                current=viewer.tenant.id.clone()
                                companies=companies
                                switching=switching
                                error=switch_error
                                on_choose=choose
                                on_retry=Callback::new(move |()| load_companies())
                            />
                            <button
                                class="menu-item"
                                type="button"
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

/// The "switch company" part of the user menu: nothing for a person in one company, a
/// loading or error line until the list is known, then one row per company.
#[component]
fn CompanySwitcher(
    current: String,
    companies: RwSignal<Companies>,
    switching: RwSignal<Option<String>>,
    error: RwSignal<Option<Msg>>,
    on_choose: Callback<String>,
    on_retry: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        match companies.get() {
        Companies::NotLoaded => ().into_any(),
        Companies::Loading => view! {
            <p class="company-switcher-status muted small" role="status" data-testid="company-switcher-loading">
                <span class="spinner spinner-dark" aria-hidden="true"></span>
                <span>{tr(Msg::CompaniesLoading)}</span>
            </p>
        }
        .into_any(),
        Companies::Failed(_) => view! {
            <div class="company-switcher-status company-switcher-error small" role="alert" data-testid="company-switcher-error">
                <Icon kind=IconKind::Alert />
                <span>{tr(Msg::CompaniesLoadFailed)}</span>
                <button class="link-button" type="button" on:click=move |_| on_retry.run(())>
                    {tr(Msg::Retry)}
                </button>
            </div>
        }
        .into_any(),
        Companies::Loaded(list) => {
            let Some(options) = company_options(&list, &current) else {
                return ().into_any();
            };
            view! {
                <div class="company-switcher" role="group" aria-labelledby="company-switcher-heading" data-testid="company-switcher">
                    <p class="menu-heading" id="company-switcher-heading">{tr(Msg::SwitchCompany)}</p>
                    <ul class="company-list">
                        {options
                            .into_iter()
                            .map(|option| company_row(option, i18n, switching, on_choose))
                            .collect_view()}
                    </ul>
                    {move || {
                        error
                            .get()
                            .map(|msg| {
                                view! {
                                    <p class="company-switcher-status company-switcher-error small" role="alert">
                                        <Icon kind=IconKind::Alert />
                                        <span>{tr(Msg::CompanySwitchFailed)} " " {tr(msg)}</span>
                                    </p>
                                }
                            })
                    }}
                </div>
            }
            .into_any()
        }
    }
    }
}

fn company_row(
    option: CompanyOption,
    i18n: crate::i18n::I18n,
    switching: RwSignal<Option<String>>,
    on_choose: Callback<String>,
) -> impl IntoView + use<> {
    let CompanyOption {
        id,
        name,
        role,
        current,
    } = option;
    let initial = name.chars().next().map(String::from).unwrap_or_default();
    let role = role_label(role);
    let body = {
        let name = name.clone();
        move || {
            view! {
                <span class="company-mark" aria-hidden="true">{initial.clone()}</span>
                <span class="company-option-text">
                    <span class="company-option-name">{name.clone()}</span>
                    <span class="company-option-role">{move || i18n.t(role)}</span>
                </span>
            }
        }
    };
    if current {
        return view! {
            <li>
                <div
                    class="company-option"
                    aria-current="true"
                    title=tr(Msg::CurrentCompany)
                    data-testid="company-option"
                    data-tenant-name=name
                    data-current="true"
                >
                    {body()}
                    <span class="company-option-state">
                        <Icon kind=IconKind::Check />
                        <span class="visually-hidden">{tr(Msg::CurrentCompany)}</span>
                    </span>
                </div>
            </li>
        }
        .into_any();
    }
    let busy = {
        let id = id.clone();
        Memo::new(move |_| switching.with(|s| s.as_deref() == Some(id.as_str())))
    };
    view! {
        <li>
            <button
                class="company-option"
                type="button"
                aria-busy=move || busy.get().to_string()
                disabled=move || switching.with(Option::is_some)
                data-testid="company-option"
                data-tenant-name=name
                on:click=move |_| on_choose.run(id.clone())
            >
                {body()}
                <span class="company-option-state">
                    {move || {
                        busy.get()
                            .then(|| {
                                view! {
                                    <span class="spinner spinner-dark" aria-hidden="true"></span>
                                    <span class="visually-hidden">{tr(Msg::SwitchingCompany)}</span>
                                }
                            })
                    }}
                </span>
            </button>
        </li>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::GraphQlError;
    use crate::api::session::Company;

    fn membership(id: &str, name: &str, role: Role) -> Membership {
        Membership {
            tenant: Company {
                id: id.into(),
                name: name.into(),
            },
            role,
        }
    }

    fn identity(user: &str, tenant: &str) -> (String, String) {
        (user.into(), tenant.into())
    }

    #[test]
    fn one_company_offers_nothing_to_switch_to() {
        assert_eq!(company_options(&[], "t1"), None);
        assert_eq!(
            company_options(&[membership("t1", "山田商店", Role::Owner)], "t1"),
            None
        );
    }

    #[test]
    fn several_companies_keep_their_order_and_mark_the_current_one() {
        let list = [
            membership("t1", "山田商店", Role::Owner),
            membership("t2", "Acme", Role::Staff),
        ];
        let options = company_options(&list, "t2").expect("two companies");
        assert_eq!(
            options,
            vec![
                CompanyOption {
                    id: "t1".into(),
                    name: "山田商店".into(),
                    role: Role::Owner,
                    current: false,
                },
                CompanyOption {
                    id: "t2".into(),
                    name: "Acme".into(),
                    role: Role::Staff,
                    current: true,
                },
            ]
        );
    }

    #[test]
    fn only_a_new_company_for_the_same_person_counts_as_a_switch() {
        let a1 = identity("u1", "t1");
        let a2 = identity("u1", "t2");
        let b2 = identity("u2", "t2");
        assert!(company_switched(Some(&a1), Some(&a2)));
        assert!(!company_switched(Some(&a1), Some(&a1)), "token refresh");
        assert!(!company_switched(None, Some(&a1)), "sign-in");
        assert!(!company_switched(Some(&a1), None), "sign-out");
        assert!(!company_switched(Some(&a1), Some(&b2)), "someone else");
    }

    #[test]
    fn not_being_a_member_has_its_own_message() {
        let not_found = ApiError::GraphQl(vec![GraphQlError::with_code(
            ErrorCode::NotFound,
            "Company not found",
        )]);
        assert_eq!(switch_error_message(&not_found), Msg::ErrorNotAMember);
        assert_eq!(
            switch_error_message(&ApiError::Network("down".into())),
            Msg::NetworkErrorBody
        );
    }
}
