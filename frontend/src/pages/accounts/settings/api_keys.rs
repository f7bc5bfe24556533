//! `/settings/api-keys`: keys for partners (POS, EC carts, warehouses, accounting). A new
//! key's secret is shown once, with a copy button; revoking asks first.

use kura_shared::ApiScope;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;

use super::{
    AdminOnly, DataTable, DateText, Flash, FlashNotice, Panel, RelativeText, RowAction,
    resource_list,
};
use crate::api::accounts::api_keys::{self, ApiKey, CreateApiKeyInput, revoke_api_key};
use crate::components::{
    ConfirmDialog, Dialog, DialogFormActions, FieldError, FormError, FormErrors, FormState, Icon,
    IconKind, ListEmpty, Pending, Problem, SecretCallout, TextField, focus_first_invalid,
};
use crate::i18n::{Msg, error_message, tr};

/// The server's limit on key names.
const MAX_NAME_CHARS: usize = 100;

/// Scopes grouped by area (`stock`, `catalog`, …), in the documented order.
fn scope_groups(scopes: &[ApiScope]) -> Vec<(&'static str, Vec<ApiScope>)> {
    let mut groups: Vec<(&'static str, Vec<ApiScope>)> = Vec::new();
    for scope in scopes {
        let area = scope_area(*scope);
        match groups.iter_mut().find(|(a, _)| *a == area) {
            Some((_, list)) => list.push(*scope),
            None => groups.push((area, vec![*scope])),
        }
    }
    groups
}

/// `stock` of `stock:read`.
fn scope_area(scope: ApiScope) -> &'static str {
    let name = scope.as_str();
    name.split_once(':').map_or(name, |(area, _)| area)
}

/// The name of an area of scopes.
fn area_label(area: &str) -> Msg {
    match area {
        "stock" => Msg::ScopeAreaStock,
        "catalog" => Msg::ScopeAreaCatalog,
        "sales" => Msg::ScopeAreaSales,
        "orders" => Msg::ScopeAreaOrders,
        "customers" => Msg::ScopeAreaCustomers,
        "invoices" => Msg::ScopeAreaInvoices,
        _ => Msg::Unknown,
    }
}

/// "Read" or "Write" for one scope.
fn access_label(scope: ApiScope) -> Msg {
    if scope.as_str().ends_with(":write") {
        Msg::ScopeWrite
    } else {
        Msg::ScopeRead
    }
}

/// What the create form knows before asking the server.
fn check_key(name: &str, scopes: &[ApiScope]) -> FormErrors {
    let mut errors = FormErrors::default();
    let length = name.trim().chars().count();
    if length == 0 {
        errors.add("name", Problem::Msg(Msg::ReasonRequired));
    } else if length > MAX_NAME_CHARS {
        errors.add("name", Problem::Msg(Msg::ReasonTextLength));
    }
    if scopes.is_empty() {
        errors.add("scopes", Problem::Msg(Msg::ReasonScopeNone));
    }
    errors
}

/// The key table, the create dialog and the one-time secret.
#[component]
pub fn ApiKeysPage() -> impl IntoView {
    view! {
        <div class="settings-page" data-testid="api-keys-page">
            <AdminOnly>
                <ApiKeys />
            </AdminOnly>
        </div>
    }
}

#[component]
fn ApiKeys() -> impl IntoView {
    let keys = LocalResource::new(api_keys::api_keys);
    let flash = RwSignal::new(None::<Flash>);
    let creating = RwSignal::new(false);
    // Id, name and secret of the key just created, until dismissed.
    let secret = RwSignal::new(None::<(String, String, String)>);
    let revoking = Pending::<ApiKey>::new();
    let on_revoke = move |key: ApiKey| {
        let (id, name) = (key.id.clone(), key.name.clone());
        revoking.run(
            key,
            |k| revoke_api_key(k.id),
            error_message,
            move || {
                keys.refetch();
                // A revoked key's secret is worthless: stop offering it.
                if secret.with_untracked(|s| s.as_ref().is_some_and(|(shown, _, _)| *shown == id)) {
                    secret.set(None);
                }
                flash.set(Some(Flash::done(Msg::ApiKeyRevokedFlash, name)));
            },
        );
    };
    let list = resource_list(
        keys,
        4,
        move || {
            view! {
                <ListEmpty icon=IconKind::Key title=Msg::ApiKeysEmptyTitle body=Msg::ApiKeysEmptyBody>
                    <button class="button" type="button" on:click=move |_| creating.set(true)>
                        <Icon kind=IconKind::Plus />
                        <span>{tr(Msg::CreateApiKey)}</span>
                    </button>
                </ListEmpty>
            }
            .into_any()
        },
        move |list| view! { <KeyTable keys=list on_revoke=move |k| revoking.ask(k) /> }.into_any(),
    );
    view! {
        <FlashNotice flash=flash />
        {move || {
            secret
                .get()
                .map(|(_, name, value)| {
                    view! {
                        <div class="secret-panel" data-testid="api-key-created">
                            <p>
                                {tr(Msg::ApiKeyCreatedFor)}
                                " "
                                <strong>{name}</strong>
                            </p>
                            <SecretCallout
                                title=Msg::ApiKeySecretTitle
                                body=Msg::ApiKeySecretBody
                                value=value
                                testid="api-key-secret"
                            />
                            <button class="button" type="button" data-testid="api-key-secret-done" on:click=move |_| secret.set(None)>
                                {tr(Msg::ApiKeySecretDone)}
                            </button>
                        </div>
                    }
                })
        }}
        <Panel
            title=Msg::ApiKeysTitle
            subtitle=Msg::ApiKeysSubtitle
            actions=move || {
                view! {
                    <button
                        class="button button-primary"
                        type="button"
                        data-testid="create-api-key"
                        on:click=move |_| creating.set(true)
                    >
                        <Icon kind=IconKind::Plus />
                        <span>{tr(Msg::CreateApiKey)}</span>
                    </button>
                }
            }
        >
            {list}
        </Panel>
        {move || {
            creating
                .get()
                .then(|| {
                    view! {
                        <CreateKeyDialog
                            on_close=move |()| creating.set(false)
                            on_created=move |created: (String, String, String)| {
                                creating.set(false);
                                secret.set(Some(created));
                                keys.refetch();
                            }
                        />
                    }
                })
        }}
        <ConfirmDialog
            pending=revoking
            title=Msg::RevokeApiKeyTitle
            body=Msg::RevokeApiKeyBody
            confirm_label=Msg::RevokeApiKey
            describe=|k: &ApiKey, _| format!("{} ({}…)", k.name, k.prefix)
            on_confirm=on_revoke
        />
    }
}

/// Headings of the key table, before the actions column.
const KEY_COLUMNS: &[Msg] = &[
    Msg::ColumnName,
    Msg::ColumnKey,
    Msg::ColumnScopes,
    Msg::ColumnCreated,
    Msg::ColumnLastUsed,
    Msg::ColumnStatus,
];

#[component]
fn KeyTable(keys: Vec<ApiKey>, #[prop(into)] on_revoke: Callback<ApiKey>) -> impl IntoView {
    let rows = keys
        .into_iter()
        .map(|key| {
            let active = key.revoked_at.is_none();
            let target = key.clone();
            let chips = key
                .scopes
                .iter()
                .map(|s| view! { <span class="chip mono">{s.clone()}</span> })
                .collect_view();
            let last_used = match key.last_used_at.clone() {
                Some(at) => view! { <RelativeText at=at /> }.into_any(),
                None => view! { <span class="cell-faint">{tr(Msg::NeverUsed)}</span> }.into_any(),
            };
            view! {
                <tr data-testid="api-key-row" data-state=if active { "active" } else { "revoked" } class:row-inactive=!active>
                    <td class="cell-primary">{key.name.clone()}</td>
                    <td>
                        <code class="mono key-prefix">{key.prefix.clone()} "…"</code>
                    </td>
                    <td>
                        <div class="chips">{chips}</div>
                    </td>
                    <td class="cell-muted">
                        <DateText at=key.created_at.clone() />
                    </td>
                    <td class="cell-muted">{last_used}</td>
                    <td>
                        {if active {
                            view! { <span class="badge badge-ok">{tr(Msg::KeyActive)}</span> }.into_any()
                        } else {
                            view! { <span class="badge">{tr(Msg::KeyRevoked)}</span> }.into_any()
                        }}
                    </td>
                    <td class="cell-actions">
                        {active
                            .then(|| {
                                view! {
                                    <RowAction
                                        label=Msg::RevokeApiKey
                                        testid="api-key-revoke"
                                        on_click=move |()| on_revoke.run(target.clone())
                                    />
                                }
                            })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <DataTable columns=KEY_COLUMNS actions=true>
            {rows}
        </DataTable>
    }
}

#[component]
fn CreateKeyDialog(
    #[prop(into)] on_close: Callback<()>,
    /// Called with the new key's id, name and secret.
    #[prop(into)]
    on_created: Callback<(String, String, String)>,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<ApiScope>::new());
    let form = FormState::default();
    let errors = form.errors;
    let name_ref = NodeRef::<Input>::new();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (name_value, scopes) = (name.get_untracked(), chosen.get_untracked());
        if !form.begin(
            || check_key(&name_value, &scopes),
            |local| focus_first_invalid(local, &[("name", name_ref)]),
        ) {
            return;
        }
        let input = CreateApiKeyInput {
            name: name_value.trim().to_owned(),
            // In the documented order, whatever order they were ticked in.
            scopes: ApiScope::ALL
                .iter()
                .filter(|s| scopes.contains(s))
                .map(|s| s.as_str().to_owned())
                .collect(),
        };
        leptos::task::spawn_local(async move {
            let result = api_keys::create_api_key(input).await;
            let explain = |error: &_| {
                FormErrors::from_api(error, &["name", "scopes"], Msg::ErrorUnauthenticated)
            };
            if let Some(created) = form.settle(result, explain, |_| {}) {
                let key = created.api_key;
                on_created.run((key.id, key.name, created.secret));
            }
        });
    };
    let toggle = move |scope: ApiScope, on: bool| {
        chosen.update(|list| {
            list.retain(|s| *s != scope);
            if on {
                list.push(scope);
            }
        });
        errors.update(|e| e.replace("scopes", None));
    };
    let groups = scope_groups(ApiScope::ALL)
        .into_iter()
        .map(|(area, scopes)| {
            let boxes = scopes
                .into_iter()
                .map(|scope| {
                    view! {
                        <label class="check">
                            <input
                                type="checkbox"
                                value=scope.as_str()
                                data-testid=format!("api-key-scope-{}", scope.as_str())
                                prop:checked=move || chosen.with(|c| c.contains(&scope))
                                on:change=move |ev| toggle(scope, event_target_checked(&ev))
                            />
                            <span>{tr(access_label(scope))}</span>
                            <code class="mono scope-name">{scope.as_str()}</code>
                        </label>
                    }
                })
                .collect_view();
            view! {
                <div class="scope-group">
                    <span class="scope-area">{tr(area_label(area))}</span>
                    <div class="scope-boxes">{boxes}</div>
                </div>
            }
        })
        .collect_view();
    view! {
        <Dialog title=Msg::CreateApiKey testid="create-api-key-dialog" on_close=on_close class="dialog-wide">
            <form class="dialog-body dialog-form" novalidate on:submit=on_submit>
                <FormError error=form.form() />
                <TextField
                    name="name"
                    label=Msg::ApiKeyName
                    autocomplete="off"
                    testid="api-key-name"
                    placeholder=Msg::PlaceholderApiKeyName
                    hint=Msg::ApiKeyNameHint
                    value=name
                    node_ref=name_ref
                    error=form.field("name")
                />
                <fieldset class="field scope-fieldset" class:field-invalid=move || errors.with(|e| e.field("scopes").is_some())>
                    <legend class="field-label">{tr(Msg::ApiKeyScopes)}</legend>
                    <p class="field-hint">{tr(Msg::ApiKeyScopesHint)}</p>
                    <div class="scope-groups">{groups}</div>
                    <FieldError name="scopes" error=form.field("scopes") />
                </fieldset>
                <DialogFormActions
                    on_cancel=on_close
                    label=Msg::CreateApiKey
                    busy_label=Msg::CreatingApiKey
                    testid="api-key-submit"
                    busy=form.busy
                />
            </form>
        </Dialog>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_group_by_area_with_read_before_write() {
        let groups = scope_groups(ApiScope::ALL);
        let areas: Vec<&str> = groups.iter().map(|(a, _)| *a).collect();
        assert_eq!(
            areas,
            [
                "stock",
                "catalog",
                "sales",
                "orders",
                "customers",
                "invoices"
            ]
        );
        for (area, scopes) in &groups {
            assert_eq!(scopes.len(), 2, "{area}");
            assert_eq!(access_label(scopes[0]), Msg::ScopeRead);
            assert_eq!(access_label(scopes[1]), Msg::ScopeWrite);
            assert_ne!(area_label(area), Msg::Unknown, "{area}");
        }
    }

    #[test]
    fn a_key_needs_a_name_and_a_scope() {
        let errors = check_key("  ", &[]);
        assert_eq!(
            errors.field("name"),
            Some(Problem::Msg(Msg::ReasonRequired))
        );
        assert_eq!(
            errors.field("scopes"),
            Some(Problem::Msg(Msg::ReasonScopeNone))
        );
        assert!(check_key("Smaregi POS", &[ApiScope::StockRead]).is_empty());
        assert_eq!(
            check_key(&"x".repeat(101), &[ApiScope::StockRead]).field("name"),
            Some(Problem::Msg(Msg::ReasonTextLength))
        );
    }
}
