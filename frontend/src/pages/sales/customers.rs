//! `/customers`: customers found by name, email or phone, and adding one;
//! `/customers/:id`: a customer's points and their purchases from every channel.

use kura_shared::CustomerKind;
use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::{SALE_COLUMNS, SaleTableRow};
use crate::api::ApiError;
use crate::api::sales::customers::{self, CreateCustomerInput};
use crate::components::{
    DataTable, DateText, Dialog, DialogFormActions, ErrorNotice, FormError, FormErrors, FormState,
    Icon, IconKind, ListEmpty, PageHeader, PagedList, Panel, Problem, Skeleton, TextField,
};
use crate::i18n::{Msg, tr, use_i18n};

const COLUMNS: &[Msg] = &[
    Msg::ColumnName,
    Msg::FieldEmail,
    Msg::CuPhone,
    Msg::ColumnKind,
    Msg::CuPoints,
    Msg::ColumnCreated,
];

fn kind_label(kind: CustomerKind) -> Msg {
    match kind {
        CustomerKind::Consumer => Msg::CuConsumer,
        CustomerKind::Business => Msg::CuBusiness,
    }
}

/// The customer list.
#[component]
pub fn CustomersPage() -> impl IntoView {
    let i18n = use_i18n();
    let search = RwSignal::new(String::new());
    let creating = RwSignal::new(false);
    let list = PagedList::new(move |after| customers::customers(search.get_untracked(), after));
    let on_search = move |ev: SubmitEvent| {
        ev.prevent_default();
        list.reload();
    };
    let actions = move || {
        view! {
            <div class="panel-actions">
                <form class="search-box" novalidate on:submit=on_search>
                    <Icon kind=IconKind::Search />
                    <input
                        class="input input-compact"
                        type="search"
                        placeholder=move || i18n.t(Msg::CuSearchPlaceholder)
                        aria-label=tr(Msg::CuSearch)
                        data-testid="customers-search"
                        prop:value=move || search.get()
                        on:input=move |ev| search.set(event_target_value(&ev))
                    />
                </form>
                <button class="button button-primary" type="button" data-testid="customer-new" on:click=move |_| creating.set(true)>
                    {tr(Msg::CuCreate)}
                </button>
            </div>
        }
    };
    let body = list.view(
        6,
        "customers-more",
        move || {
            if search.get_untracked().trim().is_empty() {
                view! { <ListEmpty icon=IconKind::Users title=Msg::CuEmptyTitle body=Msg::CuEmptyBody /> }.into_any()
            } else {
                view! { <ListEmpty icon=IconKind::Search title=Msg::CuNoMatchTitle body=Msg::CuNoMatchBody /> }.into_any()
            }
        },
        |list| {
            let rows = list
                .into_iter()
                .map(|c| {
                    let name = c.name.clone();
                    view! {
                        <tr data-testid="customer-row" data-name=name>
                            <td><A href=format!("/customers/{}", c.id) attr:class="cell-primary" attr:data-testid="customer-link">{c.name}</A></td>
                            <td class="cell-muted">{c.email.unwrap_or_else(|| "—".to_owned())}</td>
                            <td class="cell-muted mono">{c.phone.unwrap_or_else(|| "—".to_owned())}</td>
                            <td><span class="badge">{tr(kind_label(c.kind))}</span></td>
                            <td class="cell-number">{c.points_balance}</td>
                            <td class="cell-nowrap"><DateText at=c.created_at /></td>
                        </tr>
                    }
                })
                .collect_view();
            view! { <div class="num-5"><DataTable columns=COLUMNS>{rows}</DataTable></div> }.into_any()
        },
    );
    view! {
        <PageHeader title=Msg::CuTitle subtitle=Msg::CuSubtitle />
        <div class="stack" data-testid="customers-page">
            <Panel title=Msg::CuListTitle subtitle=Msg::CuListSubtitle actions=actions>
                {body}
            </Panel>
        </div>
        {move || creating.get().then(|| view! { <CreateCustomerDialog on_close=move |()| creating.set(false) /> })}
    }
}

/// Adds a customer, then opens them.
#[component]
fn CreateCustomerDialog(#[prop(into)] on_close: Callback<()>) -> impl IntoView {
    let navigate = use_navigate();
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let kind = RwSignal::new(CustomerKind::Consumer);
    let form = FormState::default();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let typed = name.get_untracked().trim().to_owned();
        if !form.begin(
            || {
                let mut errors = FormErrors::default();
                if typed.is_empty() {
                    errors.add("name", Problem::Msg(Msg::ReasonRequired));
                }
                errors
            },
            |_| {},
        ) {
            return;
        }
        let optional = |s: RwSignal<String>| {
            Some(s.get_untracked().trim().to_owned()).filter(|t| !t.is_empty())
        };
        let input = CreateCustomerInput {
            kind: kind.get_untracked(),
            name: typed,
            email: optional(email),
            phone: optional(phone),
            note: note.get_untracked().trim().to_owned(),
        };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = customers::create_customer(input).await;
            let explain = |e: &ApiError| {
                FormErrors::from_api(e, &["name", "email", "phone"], Msg::ErrorUnauthenticated)
            };
            if let Some(c) = form.settle(result, explain, |_| {}) {
                on_close.run(());
                navigate(&format!("/customers/{}", c.id), Default::default());
            }
        });
    };
    view! {
        <Dialog title=Msg::CuCreate testid="customer-dialog" on_close=on_close>
            <form class="dialog-body op-form" novalidate on:submit=on_submit>
                <TextField name="name" label=Msg::ColumnName autocomplete="off" testid="customer-name" value=name error=form.field("name") />
                <div class="field">
                    <label class="field-label" for="field-customer-kind">{tr(Msg::ColumnKind)}</label>
                    <select class="select" id="field-customer-kind" data-testid="customer-kind" on:change=move |ev| kind.set(event_target_value(&ev).parse().unwrap_or(CustomerKind::Consumer))>
                        <option value="CONSUMER">{tr(Msg::CuConsumer)}</option>
                        <option value="BUSINESS">{tr(Msg::CuBusiness)}</option>
                    </select>
                </div>
                <TextField name="email" label=Msg::FieldEmail kind="email" autocomplete="off" testid="customer-email" value=email error=form.field("email") />
                <TextField name="phone" label=Msg::CuPhone kind="tel" autocomplete="off" testid="customer-phone" value=phone error=form.field("phone") />
                <TextField name="note" label=Msg::FieldNote autocomplete="off" testid="customer-note" value=note error=form.field("note") />
                <FormError error=form.form() />
                <DialogFormActions on_cancel=on_close label=Msg::CuCreate busy_label=Msg::Saving testid="customer-submit" busy=form.busy />
            </form>
        </Dialog>
    }
}

/// One customer: contact, points, purchases from every channel.
#[component]
pub fn CustomerPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let loaded = LocalResource::new(move || customers::customer(id()));
    let body = move || match loaded.get() {
        None => view! { <Skeleton lines=8 /> }.into_any(),
        Some(Err(error)) => {
            view! { <ErrorNotice error=error on_retry=move |()| loaded.refetch() /> }.into_any()
        }
        Some(Ok(detail)) => {
            let c = detail.customer;
            let history = if detail.sales.items.is_empty() {
                view! { <ListEmpty icon=IconKind::Sales title=Msg::CuNoSalesTitle body=Msg::CuNoSalesBody /> }.into_any()
            } else {
                let rows = detail
                    .sales
                    .items
                    .into_iter()
                    .map(|s| view! { <SaleTableRow sale=s /> })
                    .collect_view();
                view! { <div class="num-8"><DataTable columns=SALE_COLUMNS>{rows}</DataTable></div> }.into_any()
            };
            let since = c.created_at.clone();
            view! {
                <div class="op-summary customer-summary" data-testid="customer-summary">
                    <div class="op-summary-main">
                        <h2 data-testid="customer-name-heading">{c.name.clone()}</h2>
                        <span class="badge">{tr(kind_label(c.kind))}</span>
                        <span class="points-pill" data-testid="customer-points">
                            <strong>{c.points_balance}</strong>
                            " "
                            {move || i18n.t(Msg::CuPointsUnit)}
                        </span>
                    </div>
                    <dl class="op-summary-facts">
                        <div><dt class="small muted">{tr(Msg::FieldEmail)}</dt><dd>{c.email.clone().unwrap_or_else(|| "—".to_owned())}</dd></div>
                        <div><dt class="small muted">{tr(Msg::CuPhone)}</dt><dd class="mono">{c.phone.clone().unwrap_or_else(|| "—".to_owned())}</dd></div>
                        <div><dt class="small muted">{tr(Msg::ColumnCreated)}</dt><dd><DateText at=since /></dd></div>
                        {(!c.note.is_empty()).then(|| view! { <div><dt class="small muted">{tr(Msg::FieldNote)}</dt><dd>{c.note.clone()}</dd></div> })}
                    </dl>
                </div>
                <Panel title=Msg::CuHistoryTitle subtitle=Msg::CuHistorySubtitle>
                    {history}
                </Panel>
            }
            .into_any()
        }
    };
    view! {
        <PageHeader title=Msg::CuDetailTitle subtitle=Msg::CuSubtitle />
        <div class="stack" data-testid="customer-page">
            <A href="/customers" attr:class="link-button op-back">{tr(Msg::CuBack)}</A>
            {body}
        </div>
    }
}
