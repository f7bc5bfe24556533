//! `/orders`: every order the person may see, newest first, narrowed to a fulfilment stage
//! and a location, paged with "load more"; an order entered or changed anywhere takes its
//! place in the list as it happens (and leaves it when it no longer matches).

use kura_shared::FulfilmentStage;
use leptos::prelude::*;
use leptos_router::components::A;

use super::{OrderBadge, lines_summary, stage_label, watch_orders};
use crate::api::catalog::locations;
use crate::api::orders::documents::{self, ORDER_CHANGED_SUBSCRIPTION, Order, OrderFilter};
use crate::api::wire::Page;
use crate::api::ws::ConnectionState;
use crate::components::{
    DataTable, DateText, Icon, IconKind, ListEmpty, LiveBadge, PageHeader, PagedList, Panel,
    location_options,
};
use crate::i18n::{Msg, tr, use_i18n};

const COLUMNS: &[Msg] = &[
    Msg::OrColumnNumber,
    Msg::OrColumnCustomer,
    Msg::ColumnStatus,
    Msg::ColumnLocation,
    Msg::OrColumnLines,
    Msg::ColumnTotal,
    Msg::OrColumnOrdered,
];

/// The order list.
#[component]
pub fn OrdersPage() -> impl IntoView {
    let locations = LocalResource::new(|| locations::locations(true));
    let stage = RwSignal::new(None::<FulfilmentStage>);
    let location = RwSignal::new(String::new());
    let live = RwSignal::new(ConnectionState::Connecting);

    let filter = move || OrderFilter {
        status: stage.get_untracked().map(|s| s.statuses().to_vec()),
        customer_id: None,
        location_ids: Some(location.get_untracked())
            .filter(|l| !l.is_empty())
            .map(|l| vec![l]),
        ready_before: None,
    };
    // Each row says whether it changed live, to highlight it.
    let list = PagedList::new(move |after| {
        let page = documents::orders(filter(), after, None);
        async move {
            page.await.map(|page| Page {
                items: page.items.into_iter().map(|o| (o, false)).collect(),
                next: page.next,
            })
        }
    });
    let wanted = move |order: &Order| {
        stage
            .try_get_untracked()
            .flatten()
            .is_none_or(|s| order.status.stage() == s)
            && location
                .try_with_untracked(|l| l.is_empty() || *l == order.location.id)
                .unwrap_or(false)
    };
    watch_orders(
        ORDER_CHANGED_SUBSCRIPTION,
        None,
        live,
        move || list.reload(),
        move |order| {
            let id = order.id.clone();
            if wanted(&order) {
                list.upsert((order, true), |(o, _)| o.id == id);
            } else {
                list.remove(|(o, _)| o.id == id);
            }
        },
    );

    let filters = move || {
        let all = locations.get().and_then(Result::ok).unwrap_or_default();
        view! {
            <div class="panel-actions order-filters">
                <LiveBadge state=live testid="orders-live" />
                <StageFilter stage=stage on_change=move |()| list.reload() />
                <label class="inline-field">
                    <span class="small muted">{tr(Msg::ColumnLocation)}</span>
                    <select
                        class="select select-compact"
                        data-testid="orders-location"
                        on:change=move |ev| {
                            location.set(event_target_value(&ev));
                            list.reload();
                        }
                    >
                        <option value="">{tr(Msg::AllLocations)}</option>
                        {location_options(&all, &location.get_untracked())}
                    </select>
                </label>
            </div>
        }
    };
    let body = list.view(
        8,
        "orders-more",
        move || {
            let filtered = stage.get_untracked().is_some() || !location.get_untracked().is_empty();
            if filtered {
                view! { <ListEmpty icon=IconKind::Orders title=Msg::OrNoMatchTitle body=Msg::OrNoMatchBody /> }.into_any()
            } else {
                view! {
                    <ListEmpty icon=IconKind::Orders title=Msg::OrEmptyTitle body=Msg::OrEmptyBody>
                        <A href="/orders/new" attr:class="button button-primary">{tr(Msg::OrNew)}</A>
                    </ListEmpty>
                }
                .into_any()
            }
        },
        |rows| {
            view! {
                <div class="num-6">
                    <DataTable columns=COLUMNS>
                        <For each=move || rows.clone() key=|(o, fresh)| (o.id.clone(), o.updated_at.clone(), *fresh) let:row>
                            <OrderRow order=row.0 fresh=row.1 />
                        </For>
                    </DataTable>
                </div>
            }
            .into_any()
        },
    );
    view! {
        <PageHeader title=Msg::OrTitle subtitle=Msg::OrSubtitle />
        <div class="stack" data-testid="orders-page">
            <div class="page-actions">
                <A href="/orders/new" attr:class="button button-primary" attr:data-testid="orders-new">
                    <Icon kind=IconKind::Plus />
                    <span>{tr(Msg::OrNew)}</span>
                </A>
                <A href="/orders/board" attr:class="button" attr:data-testid="orders-board">
                    <Icon kind=IconKind::Board />
                    <span>{tr(Msg::NavBoard)}</span>
                </A>
            </div>
            <Panel title=Msg::OrListTitle subtitle=Msg::OrListSubtitle actions=filters>
                {body}
            </Panel>
        </div>
    }
}

/// "All" and one button per stage; `on_change` runs after a new choice.
#[component]
fn StageFilter(
    stage: RwSignal<Option<FulfilmentStage>>,
    #[prop(into)] on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let choices = std::iter::once(None).chain(FulfilmentStage::ALL.into_iter().map(Some));
    let buttons = choices
        .map(|choice| {
            let label = choice.map_or(Msg::OrStageAll, stage_label);
            let hook = choice.map_or("all", |s| match s {
                FulfilmentStage::ToConfirm => "to-confirm",
                FulfilmentStage::Backordered => "backordered",
                FulfilmentStage::ToShip => "to-ship",
                FulfilmentStage::Shipped => "shipped",
                FulfilmentStage::Cancelled => "cancelled",
            });
            view! {
                <button
                    type="button"
                    class="segment"
                    class:active=move || stage.get() == choice
                    aria-pressed=move || (stage.get() == choice).to_string()
                    data-testid=format!("orders-stage-{hook}")
                    on:click=move |_| {
                        stage.set(choice);
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

/// One row of the order list.
#[component]
fn OrderRow(order: Order, fresh: bool) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/orders/{}", order.id);
    let summary = {
        let lines = order.lines.clone();
        move || lines_summary(&lines, i18n.lang())
    };
    let customer = order.customer.clone().map_or_else(
        || view! { <span class="cell-faint">{tr(Msg::OrNoCustomer)}</span> }.into_any(),
        |c| view! { <span class="cell-primary">{c.name}</span> }.into_any(),
    );
    let (number, hook) = (order.number.clone(), order.number.clone());
    view! {
        <tr data-testid="order-row" data-number=hook data-status=order.status.as_str() class:row-fresh=fresh>
            <td><A href=href attr:class="cell-primary mono" attr:data-testid="order-link">{number}</A></td>
            <td>{customer}</td>
            <td><OrderBadge status=order.status /></td>
            <td><span>{order.location.name.clone()}</span><span class="cell-sub mono">{order.location.code.clone()}</span></td>
            <td class="cell-note order-lines-summary">{summary}</td>
            <td class="cell-number cell-money" data-testid="order-total">{order.total.display()}</td>
            <td class="cell-nowrap"><DateText at=order.ordered_at.clone() /></td>
        </tr>
    }
}
