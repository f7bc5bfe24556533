//! `/invoices`: every invoice and credit note issued, newest first, paged with "load more";
//! `/invoices?customer=<id>` one customer's (linked from the customer's page).

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::{COLUMNS, InvoiceRow};
use crate::api::invoices::{self, Invoice};
use crate::components::{DataTable, Icon, IconKind, ListEmpty, PageHeader, PagedList, Panel};
use crate::i18n::{Msg, tr};

/// The invoice list, built anew when the customer in the address changes.
#[component]
pub fn InvoicesPage() -> impl IntoView {
    let query = use_query_map();
    move || {
        let customer = query.with(|q| q.get("customer")).filter(|c| !c.is_empty());
        view! { <InvoiceList customer=customer /> }
    }
}

/// The invoices of `customer`, or of everyone.
#[component]
fn InvoiceList(customer: Option<String>) -> impl IntoView {
    let filtered = customer.is_some();
    let list = PagedList::new(move |after| invoices::invoices(customer.clone(), after));
    let body = list.view(
        8,
        "invoices-more",
        move || {
            view! {
                <ListEmpty icon=IconKind::Orders title=Msg::IvEmptyTitle body=Msg::IvEmptyBody>
                    <A href="/invoices/closing" attr:class="button button-primary">{tr(Msg::IvRunClosing)}</A>
                </ListEmpty>
            }
            .into_any()
        },
        |rows| {
            view! {
                <div class="num-5 num-6">
                    <DataTable columns=COLUMNS>
                        <For each=move || rows.clone() key=|i: &Invoice| (i.id.clone(), i.status) let:invoice>
                            <InvoiceRow invoice=invoice />
                        </For>
                    </DataTable>
                </div>
            }
            .into_any()
        },
    );
    view! {
        <PageHeader title=Msg::IvTitle subtitle=Msg::IvSubtitle />
        <div class="stack" data-testid="invoices-page">
            <div class="page-actions">
                <A href="/invoices/closing" attr:class="button button-primary" attr:data-testid="invoices-closing">
                    <Icon kind=IconKind::Check />
                    <span>{tr(Msg::IvRunClosing)}</span>
                </A>
            </div>
            <Panel title=Msg::IvListTitle subtitle=Msg::IvListSubtitle actions=move || filtered.then(|| view! {
                <span class="small muted" data-testid="invoices-filtered">{tr(Msg::IvForCustomer)}</span>
                " "
                <A href="/invoices" attr:class="small">{tr(Msg::IvAllCustomers)}</A>
            })>
                {body}
            </Panel>
        </div>
    }
}
