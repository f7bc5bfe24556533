//! `/settings`: tabs for the team, API keys, sign-in sessions, company settings and the audit
//! log. Tabs a role cannot use are hidden, and their pages refuse such viewers with an
//! explanation.
//!
//! What the pages share lives here: the tab bar, the admin gate, the flash notice after an
//! action, and timestamps shown as dates or "5 minutes ago".

mod api_keys;
mod audit;
mod company;
mod sessions;
mod team;

use kura_shared::Role;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::{A, Outlet, Redirect};

pub use api_keys::ApiKeysPage;
pub use audit::AuditPage;
pub use company::CompanyPage;
pub use sessions::SessionsPage;
pub use team::TeamPage;

use crate::api::session::use_session;
use crate::components::{Icon, IconKind, PageHeader};
// The settings tabs share these building blocks with the rest of the dashboard.
use crate::components::{
    DataTable, DateText, Flash, FlashNotice, Panel, RelativeText, RowAction, resource_list,
};
use crate::i18n::{Msg, role_label, tr};

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
        href: "/settings/company",
        area: "company",
        label: Msg::TabCompany,
        icon: IconKind::Building,
        admin_only: true,
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

/// A role as a badge.
#[component]
fn RoleBadge(role: Role) -> impl IntoView {
    view! {
        <span class="badge role-badge" data-role=role.as_str()>
            {tr(role_label(role))}
        </span>
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
        let all = ["team", "api-keys", "sessions", "company", "audit"];
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
