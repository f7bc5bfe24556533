//! `/settings/audit`: who signed in, changed roles, invited people or used API keys, newest
//! first, a page at a time.

use leptos::prelude::*;

use super::{AdminOnly, DataTable, Panel};
use crate::api::accounts::audit::{AuditAction, AuditEvent, audit_log};
use crate::components::{IconKind, ListEmpty, PagedList};
use crate::i18n::{Msg, format_date_time, tr, use_i18n};

/// Events fetched per page.
const PAGE_SIZE: u32 = 50;

/// An action's name.
fn action_label(action: AuditAction) -> Msg {
    match action {
        AuditAction::SignIn => Msg::AuditSignIn,
        AuditAction::SignInFailed => Msg::AuditSignInFailed,
        AuditAction::RoleChanged => Msg::AuditRoleChanged,
        AuditAction::MemberRemoved => Msg::AuditMemberRemoved,
        AuditAction::InvitationSent => Msg::AuditInvitationSent,
        AuditAction::InvitationAccepted => Msg::AuditInvitationAccepted,
        AuditAction::InvitationRevoked => Msg::AuditInvitationRevoked,
        AuditAction::ApiKeyCreated => Msg::AuditApiKeyCreated,
        AuditAction::ApiKeyRevoked => Msg::AuditApiKeyRevoked,
        AuditAction::ApiKeyFirstUsed => Msg::AuditApiKeyFirstUsed,
        AuditAction::MemberLocationsChanged => Msg::AuditMemberLocationsChanged,
        AuditAction::SettingsChanged => Msg::AuditSettingsChanged,
        AuditAction::CustomerCreated => Msg::AuditCustomerCreated,
        AuditAction::CustomerUpdated => Msg::AuditCustomerUpdated,
        AuditAction::CustomerAddressAdded => Msg::AuditCustomerAddressAdded,
        AuditAction::CustomerAddressUpdated => Msg::AuditCustomerAddressUpdated,
        AuditAction::CustomerAddressRemoved => Msg::AuditCustomerAddressRemoved,
        AuditAction::Unknown => Msg::Unknown,
    }
}

/// How an action is coloured: `bad` for refusals and removals, `key` for API keys.
fn action_tone(action: AuditAction) -> &'static str {
    match action {
        AuditAction::SignInFailed
        | AuditAction::MemberRemoved
        | AuditAction::InvitationRevoked
        | AuditAction::ApiKeyRevoked
        | AuditAction::CustomerAddressRemoved => "bad",
        AuditAction::ApiKeyCreated | AuditAction::ApiKeyFirstUsed => "key",
        _ => "neutral",
    }
}

/// Headings of the log's table.
const AUDIT_COLUMNS: &[Msg] = &[
    Msg::ColumnTime,
    Msg::ColumnAction,
    Msg::ColumnActor,
    Msg::ColumnSubject,
    Msg::ColumnAddress,
];

/// The log, for admins and owners.
#[component]
pub fn AuditPage() -> impl IntoView {
    view! {
        <div class="settings-page" data-testid="audit-page">
            <AdminOnly>
                <AuditLog />
            </AdminOnly>
        </div>
    }
}

#[component]
fn AuditLog() -> impl IntoView {
    let list = PagedList::new(move |after| audit_log(PAGE_SIZE, after));
    let body = list.view(
        6,
        "audit-more",
        || view! { <ListEmpty icon=IconKind::History title=Msg::AuditEmptyTitle body=Msg::AuditEmptyBody /> }.into_any(),
        |events| {
            let rows = events
                .into_iter()
                .map(|event| view! { <AuditRow event=event /> })
                .collect_view();
            view! { <DataTable columns=AUDIT_COLUMNS>{rows}</DataTable> }.into_any()
        },
    );
    view! {
        <Panel title=Msg::AuditTitle subtitle=Msg::AuditSubtitle>
            {body}
        </Panel>
    }
}

#[component]
fn AuditRow(event: AuditEvent) -> impl IntoView {
    let i18n = use_i18n();
    let AuditEvent {
        occurred_at,
        action,
        actor,
        api_key_prefix,
        subject,
        address,
        ..
    } = event;
    let when = occurred_at.clone();
    let actor = match (actor, api_key_prefix) {
        (Some(actor), _) => view! {
            <span class="cell-primary">{actor.name}</span>
            <span class="cell-sub">{actor.email}</span>
        }
        .into_any(),
        (None, Some(prefix)) => view! {
            <span>{tr(Msg::ApiKeyActor)}</span>
            <code class="mono cell-sub">{prefix}"…"</code>
        }
        .into_any(),
        (None, None) => view! { <span class="cell-faint">"—"</span> }.into_any(),
    };
    view! {
        <tr data-testid="audit-row" data-action=format!("{action:?}")>
            <td class="cell-muted cell-nowrap">
                <time datetime=occurred_at>
                    {move || format_date_time(&when, i18n.lang()).unwrap_or_else(|| when.clone())}
                </time>
            </td>
            <td>
                <span class="badge audit-action" data-tone=action_tone(action)>
                    {tr(action_label(action))}
                </span>
            </td>
            <td>
                <div class="cell-stack">{actor}</div>
            </td>
            <td>{subject.unwrap_or_else(|| "—".to_owned())}</td>
            <td class="mono cell-muted">{address.unwrap_or_else(|| "—".to_owned())}</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_action_has_its_own_label() {
        let actions = [
            AuditAction::SignIn,
            AuditAction::SignInFailed,
            AuditAction::RoleChanged,
            AuditAction::MemberRemoved,
            AuditAction::InvitationSent,
            AuditAction::InvitationAccepted,
            AuditAction::InvitationRevoked,
            AuditAction::ApiKeyCreated,
            AuditAction::ApiKeyRevoked,
            AuditAction::ApiKeyFirstUsed,
        ];
        let mut labels: Vec<Msg> = actions.iter().map(|a| action_label(*a)).collect();
        labels.dedup();
        assert_eq!(labels.len(), actions.len());
        assert!(!labels.contains(&Msg::Unknown));
    }
}
