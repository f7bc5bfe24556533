//! `/settings`: tabs for the team, API keys, sign-in sessions and the audit log. Tabs a role
//! cannot use are hidden, and their pages refuse such viewers with an explanation.
//!
//! What the pages share lives here: the tab bar, the admin gate, the flash notice after an
//! action, and timestamps shown as dates or "5 minutes ago".

mod api_keys;
mod audit;
mod sessions;
mod team;

use kura_shared::Role;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::{A, Outlet, Redirect};

pub use api_keys::ApiKeysPage;
pub use audit::AuditPage;
pub use sessions::SessionsPage;
pub use team::TeamPage;

use crate::api::ApiError;
use crate::api::session::use_session;
use crate::components::{ErrorNotice, Icon, IconKind, PageHeader, Skeleton};
use crate::i18n::{
    Lang, Msg, format_date, format_date_time, format_relative, role_label, tr, use_i18n,
};

/// Where `/settings` itself leads.
const DEFAULT_TAB: &str = "/settings/team";

/// One tab of the settings area.
struct Tab {
    href: &'static str,
    /// Suffix of the `data-testid="settings-tab-…"` hook.
    area: &'static str,
    label: Msg,
    icon: IconKind,
    /// Needs an admin or owner.
    admin_only: bool,
}

static TABS: &[Tab] = &[
    Tab {
        href: "/settings/team",
        area: "team",
        label: Msg::TabTeam,
        icon: IconKind::Users,
        admin_only: false,
    },
    Tab {
        href: "/settings/api-keys",
        area: "api-keys",
        label: Msg::TabApiKeys,
        icon: IconKind::Key,
        admin_only: true,
    },
    Tab {
        href: "/settings/sessions",
        area: "sessions",
        label: Msg::TabSessions,
        icon: IconKind::Device,
        admin_only: false,
    },
    Tab {
        href: "/settings/audit",
        area: "audit",
        label: Msg::TabAudit,
        icon: IconKind::History,
        admin_only: true,
    },
];

/// True when `role` manages the company: members, invitations, API keys, the audit log.
pub fn can_manage(role: Role) -> bool {
    role.at_least(Role::Admin)
}

/// The tabs `role` may use, in display order.
fn visible_tabs(role: Role) -> impl Iterator<Item = &'static Tab> {
    TABS.iter()
        .filter(move |tab| !tab.admin_only || can_manage(role))
}

/// Header, tab bar and the routed tab.
#[component]
pub fn SettingsLayout() -> impl IntoView {
    let session = use_session();
    let tabs = move || {
        let role = session.viewer().map_or(Role::Viewer, |v| v.role);
        visible_tabs(role)
            .map(|tab| {
                view! {
                    <A href=tab.href attr:class="tab" attr:data-testid=format!("settings-tab-{}", tab.area)>
                        <Icon kind=tab.icon />
                        <span>{tr(tab.label)}</span>
                    </A>
                }
            })
            .collect_view()
    };
    view! {
        <PageHeader title=Msg::SettingsTitle subtitle=Msg::SettingsSubtitle />
        <nav class="tabs" aria-label=tr(Msg::SettingsTabsLabel) data-testid="settings-tabs">
            {tabs}
        </nav>
        <Outlet />
    }
}

/// `/settings` alone: the team tab.
#[component]
pub fn SettingsIndex() -> impl IntoView {
    view! {
        <Redirect
            path=DEFAULT_TAB
            options=NavigateOptions { replace: true, ..NavigateOptions::default() }
        />
    }
}

/// Renders `children` for admins and owners; everyone else is told why there is nothing.
#[component]
fn AdminOnly(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    move || {
        if session.viewer().is_some_and(|v| can_manage(v.role)) {
            children().into_any()
        } else {
            view! {
                <div class="notice notice-warning" role="alert" data-testid="settings-forbidden">
                    <Icon kind=IconKind::Shield />
                    <div class="notice-text">
                        <strong>{tr(Msg::AdminOnlyTitle)}</strong>
                        <p>{tr(Msg::AdminOnlyBody)}</p>
                    </div>
                </div>
            }
            .into_any()
        }
    }
}

/// The outcome of the last action on a settings page, shown above its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    /// Success or failure.
    pub ok: bool,
    /// What happened.
    pub msg: Msg,
    /// What it happened to (an email, a key name), shown after the message.
    pub subject: Option<String>,
}

impl Flash {
    /// Something worked.
    pub fn done(msg: Msg, subject: impl Into<String>) -> Flash {
        Flash {
            ok: true,
            msg,
            subject: Some(subject.into()),
        }
    }

    /// Something failed.
    pub fn failed(msg: Msg) -> Flash {
        Flash {
            ok: false,
            msg,
            subject: None,
        }
    }
}

/// The current [`Flash`], dismissible.
#[component]
fn FlashNotice(flash: RwSignal<Option<Flash>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        flash.get().map(|Flash { ok, msg, subject }| {
            view! {
                <div
                    class=if ok { "notice notice-success flash" } else { "notice notice-error flash" }
                    role=if ok { "status" } else { "alert" }
                    data-testid="settings-flash"
                >
                    <Icon kind=if ok { IconKind::Check } else { IconKind::Alert } />
                    <p class="notice-text">
                        {move || i18n.t(msg)}
                        {subject.clone().map(|s| view! { " " <strong>{s}</strong> })}
                    </p>
                    <button
                        class="icon-button"
                        type="button"
                        aria-label=tr(Msg::Close)
                        on:click=move |_| flash.set(None)
                    >
                        <Icon kind=IconKind::Close />
                    </button>
                </div>
            }
        })
    }
}

/// A role as a badge.
#[component]
fn RoleBadge(role: Role) -> impl IntoView {
    view! {
        <span class="badge role-badge" data-role=role.as_str()>
            {tr(role_label(role))}
        </span>
    }
}

/// A timestamp's date, with the full date and time on hover.
#[component]
fn DateText(#[prop(into)] at: String) -> impl IntoView {
    time_text(at, format_date)
}

/// A timestamp as "5 minutes ago", with the full date and time on hover.
#[component]
fn RelativeText(#[prop(into)] at: String) -> impl IntoView {
    time_text(at, format_relative)
}

/// `at` as `format` shows it, with the full date and time on hover.
fn time_text(at: String, format: fn(&str, Lang) -> Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let (shown, full) = (at.clone(), at.clone());
    view! {
        <time
            datetime=at
            title=move || format_date_time(&full, i18n.lang()).unwrap_or_else(|| full.clone())
        >
            {move || format(&shown, i18n.lang()).unwrap_or_else(|| shown.clone())}
        </time>
    }
}

/// A titled panel of a settings page; `actions` (buttons) go in its header.
#[component]
fn Panel(
    title: Msg,
    subtitle: Msg,
    #[prop(optional, into)] actions: ViewFn,
    children: Children,
) -> impl IntoView {
    view! {
        <section class="panel">
            <header class="panel-header">
                <div>
                    <h2>{tr(title)}</h2>
                    <p class="muted small">{tr(subtitle)}</p>
                </div>
                {actions.run()}
            </header>
            {children()}
        </section>
    }
}

/// A table with a heading per column and the rows as `children`; `actions` adds a last
/// column, titled for screen readers only, for the rows' buttons.
#[component]
fn DataTable(
    columns: &'static [Msg],
    #[prop(optional)] actions: bool,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead>
                    <tr>
                        {columns.iter().map(|column| view! { <th>{tr(*column)}</th> }).collect_view()}
                        {actions.then(|| view! { <th class="cell-actions"><span class="visually-hidden">{tr(Msg::ColumnActions)}</span></th> })}
                    </tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

/// A row's small red button, e.g. "Revoke".
#[component]
fn RowAction(
    label: Msg,
    testid: &'static str,
    #[prop(into)] on_click: Callback<()>,
    #[prop(optional)] icon: Option<IconKind>,
) -> impl IntoView {
    view! {
        <button
            class="button button-small button-danger-ghost"
            type="button"
            data-testid=testid
            on:click=move |_| on_click.run(())
        >
            {icon.map(|kind| view! { <Icon kind=kind /> <span>{tr(label)}</span> }.into_any()).unwrap_or_else(|| tr(label).into_any())}
        </button>
    }
}

/// A fetched list as it stands: `lines` placeholder lines while it loads, the error with a
/// retry, `empty` when there is nothing in it, else `show`.
fn resource_list<T: Clone + 'static>(
    resource: LocalResource<Result<Vec<T>, ApiError>>,
    lines: usize,
    empty: impl Fn() -> AnyView + Send + Sync + 'static,
    show: impl Fn(Vec<T>) -> AnyView + Send + Sync + 'static,
) -> impl Fn() -> AnyView + Send + Sync + 'static {
    move || match resource.get() {
        None => view! { <Skeleton lines=lines /> }.into_any(),
        Some(Err(error)) => {
            view! { <ErrorNotice error=error on_retry=move |()| resource.refetch() /> }.into_any()
        }
        Some(Ok(list)) if list.is_empty() => empty(),
        Some(Ok(list)) => show(list),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn areas(role: Role) -> Vec<&'static str> {
        visible_tabs(role).map(|t| t.area).collect()
    }

    #[test]
    fn management_tabs_are_for_admins_and_owners_only() {
        let all = ["team", "api-keys", "sessions", "audit"];
        assert_eq!(areas(Role::Owner), all);
        assert_eq!(areas(Role::Admin), all);
        for role in [Role::Manager, Role::Staff, Role::Viewer] {
            assert_eq!(areas(role), ["team", "sessions"], "{role:?}");
        }
    }

    #[test]
    fn the_default_tab_is_one_everybody_has() {
        assert!(visible_tabs(Role::Viewer).any(|t| t.href == DEFAULT_TAB));
    }
}
