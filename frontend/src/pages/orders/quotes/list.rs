//! `/quotes`: every quote the person may see, newest first, narrowed to one status, paged
//! with "load more".

use kura_shared::QuoteStatus;
use leptos::prelude::*;
use leptos_router::components::A;

use super::{QuoteBadge, status_label};
use crate::api::orders::quotes::{self, Quote};
use crate::components::{
    DataTable, DateText, Icon, IconKind, ListEmpty, PageHeader, PagedList, Panel,
};
use crate::i18n::{Msg, tr, use_i18n};

const COLUMNS: &[Msg] = &[
    Msg::QtColumnNumber,
    Msg::OrColumnCustomer,
    Msg::ColumnStatus,
    Msg::QtExpiresOn,
    Msg::ColumnTotal,
    Msg::QtColumnCreated,
];

/// The quote list.
#[component]
pub fn QuotesPage() -> impl IntoView {
    let status = RwSignal::new(None::<QuoteStatus>);
    let list = PagedList::new(move |after| quotes::quotes(status.get_untracked(), after));
    let filters = move || {
        view! { <StatusFilter status=status on_change=move |()| list.reload() /> }
    };
    let body = list.view(
        8,
        "quotes-more",
        move || {
            if status.get_untracked().is_some() {
                view! { <ListEmpty icon=IconKind::Orders title=Msg::QtNoMatchTitle body=Msg::QtNoMatchBody /> }.into_any()
            } else {
                view! {
                    <ListEmpty icon=IconKind::Orders title=Msg::QtEmptyTitle body=Msg::QtEmptyBody>
                        <A href="/quotes/new" attr:class="button button-primary">{tr(Msg::QtNew)}</A>
                    </ListEmpty>
                }
                .into_any()
            }
        },
        |rows| {
            view! {
                <div class="num-5">
                    <DataTable columns=COLUMNS>
                        <For each=move || rows.clone() key=|q: &Quote| (q.id.clone(), q.updated_at.clone()) let:quote>
                            <QuoteRow quote=quote />
                        </For>
                    </DataTable>
                </div>
            }
            .into_any()
        },
    );
    view! {
        <PageHeader title=Msg::QtTitle subtitle=Msg::QtSubtitle />
        <div class="stack" data-testid="quotes-page">
            <div class="page-actions">
                <A href="/quotes/new" attr:class="button button-primary" attr:data-testid="quotes-new">
                    <Icon kind=IconKind::Plus />
                    <span>{tr(Msg::QtNew)}</span>
                </A>
            </div>
            <Panel title=Msg::QtListTitle subtitle=Msg::QtListSubtitle actions=filters>
                {body}
            </Panel>
        </div>
    }
}

/// "All" and one button per status; `on_change` runs after a new choice.
#[component]
fn StatusFilter(
    status: RwSignal<Option<QuoteStatus>>,
    #[prop(into)] on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let choices = std::iter::once(None).chain(QuoteStatus::ALL.iter().copied().map(Some));
    let buttons = choices
        .map(|choice| {
            let label = choice.map_or(Msg::OrStageAll, status_label);
            let hook = choice.map_or("all", QuoteStatus::as_str);
            view! {
                <button
                    type="button"
                    class="segment"
                    class:active=move || status.get() == choice
                    aria-pressed=move || (status.get() == choice).to_string()
                    data-testid=format!("quotes-status-{}", hook.to_lowercase())
                    on:click=move |_| {
                        status.set(choice);
                        on_change.run(());
                    }
                >
                    {tr(label)}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="segmented segmented-wrap" role="group" aria-label=move || i18n.t(Msg::ColumnStatus)>
            {buttons}
        </div>
    }
}

/// One row of the quote list.
#[component]
fn QuoteRow(quote: Quote) -> impl IntoView {
    let href = format!("/quotes/{}", quote.id);
    let customer = quote.customer.clone().map_or_else(
        || view! { <span class="cell-faint">{tr(Msg::OrNoCustomer)}</span> }.into_any(),
        |c| view! { <span class="cell-primary">{c.name}</span> }.into_any(),
    );
    let (number, hook) = (quote.number.clone(), quote.number.clone());
    view! {
        <tr data-testid="quote-row" data-number=hook data-status=quote.status.as_str()>
            <td><A href=href attr:class="cell-primary mono" attr:data-testid="quote-link">{number}</A></td>
            <td>{customer}</td>
            <td><QuoteBadge status=quote.status /></td>
            <td class="cell-nowrap mono">{quote.expires_on.clone()}</td>
            <td class="cell-number cell-money" data-testid="quote-total">{quote.total.display()}</td>
            <td class="cell-nowrap"><DateText at=quote.created_at.clone() /></td>
        </tr>
    }
}
