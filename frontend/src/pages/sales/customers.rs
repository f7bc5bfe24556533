//! `/customers`: customers found by name, reading, code, email or phone, and adding one;
//! `/customers/:id`: a customer's points, business terms, addresses and purchases from
//! every channel, and changing them.

use kura_shared::{CustomerKind, PriceRate};
use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::customer_addresses::AddressesPanel;
use super::customer_form::{CustomerDialog, terms_text};
use super::{SALE_COLUMNS, SaleTableRow};
use crate::api::sales::customers::{self, Customer};
use crate::components::{
    DataTable, DateText, ErrorNotice, Icon, IconKind, ListEmpty, PageHeader, PagedList, Panel,
    Skeleton,
};
use crate::i18n::{Msg, tr, use_i18n};

const COLUMNS: &[Msg] = &[
    Msg::ColumnName,
    Msg::CuCode,
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
        7,
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
                            <td>
                                <A href=format!("/customers/{}", c.id) attr:class="cell-primary" attr:data-testid="customer-link">{c.name}</A>
                                {c.name_kana.map(|kana| view! { <span class="cell-sub" data-testid="customer-row-kana">{kana}</span> })}
                            </td>
                            <td>{c.code.map_or_else(
                                || view! { <span class="cell-faint">"—"</span> }.into_any(),
                                |code| view! { <code class="mono chip" data-testid="customer-row-code">{code}</code> }.into_any(),
                            )}</td>
                            <td class="cell-muted">{c.email.unwrap_or_else(|| "—".to_owned())}</td>
                            <td class="cell-muted mono">{c.phone.unwrap_or_else(|| "—".to_owned())}</td>
                            <td><span class="badge">{tr(kind_label(c.kind))}</span></td>
                            <td class="cell-number">{c.points_balance}</td>
                            <td class="cell-nowrap"><DateText at=c.created_at /></td>
                        </tr>
                    }
                })
                .collect_view();
            view! { <div class="num-6"><DataTable columns=COLUMNS>{rows}</DataTable></div> }.into_any()
        },
    );
    view! {
        <PageHeader title=Msg::CuTitle subtitle=Msg::CuSubtitle />
        <div class="stack" data-testid="customers-page">
            <Panel title=Msg::CuListTitle subtitle=Msg::CuListSubtitle actions=actions>
                {body}
            </Panel>
        </div>
        {move || creating.get().then(|| view! { <NewCustomerDialog on_close=move |()| creating.set(false) /> })}
    }
}

/// Adds a customer, then opens them.
#[component]
fn NewCustomerDialog(#[prop(into)] on_close: Callback<()>) -> impl IntoView {
    let navigate = use_navigate();
    view! {
        <CustomerDialog
            customer=None
            on_close=on_close
            on_saved=move |c: Customer| {
                on_close.run(());
                navigate(&format!("/customers/{}", c.id), Default::default());
            }
        />
    }
}

/// A business customer's reading, code, credit limit, price rate and billing terms.
fn business_facts(c: &Customer) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let id = c.id.clone();
    let dash = || "—".to_owned();
    let rate = c
        .price_rate
        .and_then(|r| PriceRate::new(r).ok())
        .map_or_else(dash, |r| format!("{}%", r.percent_text()));
    let limit = c.credit_limit.as_ref().map_or_else(dash, |a| a.display());
    let terms = c.billing_terms;
    let terms = move || terms.map_or_else(dash, |t| terms_text(t, i18n.lang()));
    let fact = |label: Msg, value: String, testid: &'static str| {
        view! { <div><dt class="small muted">{tr(label)}</dt><dd data-testid=testid>{value}</dd></div> }
    };
    view! {
        {fact(Msg::CuKana, c.name_kana.clone().unwrap_or_else(dash), "customer-kana-fact")}
        {fact(Msg::CuCode, c.code.clone().unwrap_or_else(dash), "customer-code-fact")}
        {fact(Msg::CuCreditLimit, limit, "customer-credit-limit-fact")}
        {fact(Msg::CuPriceRate, rate, "customer-price-rate-fact")}
        <div><dt class="small muted">{tr(Msg::CuBillingTerms)}</dt><dd data-testid="customer-terms-fact">{terms}</dd></div>
        {c.bill_to.clone().map(|b| view! {
            <div><dt class="small muted">{tr(Msg::CuBillTo)}</dt>
                <dd data-testid="customer-bill-to-fact"><A href=format!("/customers/{}", b.id)>{b.name}</A></dd></div>
        })}
        {c.balance.clone().map(|owed| view! {
            <div><dt class="small muted">{tr(Msg::CuBalance)}</dt>
                <dd data-testid="customer-balance-fact">
                    <span class="mono">{owed.display()}</span>
                    " "
                    <A href=format!("/invoices?customer={}", id) attr:class="link-button">{tr(Msg::CuInvoices)}</A>
                </dd></div>
        })}
    }
}

/// One customer: contact, points, business terms, addresses, purchases from every channel.
#[component]
pub fn CustomerPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let loaded = LocalResource::new(move || customers::customer(id()));
    let editing = RwSignal::new(None::<Customer>);
    let body = move || match loaded.get() {
        None => view! { <Skeleton lines=8 /> }.into_any(),
        Some(Err(error)) => {
            view! { <ErrorNotice error=error on_retry=move |()| loaded.refetch() /> }.into_any()
        }
        Some(Ok(detail)) => {
            let c = detail.customer;
            let business = (c.kind == CustomerKind::Business).then(|| business_facts(&c));
            let for_edit = c.clone();
            let addresses = view! {
                <AddressesPanel customer_id=c.id.clone() addresses=detail.addresses on_changed=move |()| loaded.refetch() />
            };
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
                        <button class="button" type="button" data-testid="customer-edit" on:click=move |_| editing.set(Some(for_edit.clone()))>
                            {tr(Msg::Edit)}
                        </button>
                    </div>
                    <dl class="op-summary-facts">
                        <div><dt class="small muted">{tr(Msg::FieldEmail)}</dt><dd>{c.email.clone().unwrap_or_else(|| "—".to_owned())}</dd></div>
                        <div><dt class="small muted">{tr(Msg::CuPhone)}</dt><dd class="mono">{c.phone.clone().unwrap_or_else(|| "—".to_owned())}</dd></div>
                        <div><dt class="small muted">{tr(Msg::ColumnCreated)}</dt><dd><DateText at=since /></dd></div>
                        {(!c.note.is_empty()).then(|| view! { <div><dt class="small muted">{tr(Msg::FieldNote)}</dt><dd>{c.note.clone()}</dd></div> })}
                        {business}
                    </dl>
                </div>
                {addresses}
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
        {move || editing.get().map(|current| view! {
            <CustomerDialog
                customer=Some(current)
                on_close=move |()| editing.set(None)
                on_saved=move |_: Customer| {
                    editing.set(None);
                    loaded.refetch();
                }
            />
        })}
    }
}
