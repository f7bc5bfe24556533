//! `/orders/pickups`: store pickup (店舗受取) at a store. What to prepare (pickup orders
//! allocated or still waiting for stock), with "mark ready" for those fully allocated, and
//! what waits for its customer, oldest first, with how many days it has waited; those past
//! the store's limit are marked uncollected. It follows `orderChanged`, so an order made
//! ready or handed over anywhere moves at once.

use kura_shared::OrderStatus;
use leptos::prelude::*;
use leptos_router::components::A;

use super::{OrderBadge, lines_summary, watch_orders};
use crate::api::ApiError;
use crate::api::catalog::locations;
use crate::api::orders::documents::{self, ORDER_CHANGED_SUBSCRIPTION, Order, OrderFilter};
use crate::api::wire::{FULL_PAGE, all_pages};
use crate::api::ws::ConnectionState;
use crate::components::{
    DataTable, ErrorNotice, FormError, IconKind, ListEmpty, LiveBadge, PageHeader, Panel, Problem,
    Skeleton, location_options,
};
use crate::i18n::{Msg, error_message, tr, use_i18n};

/// The waits a store may choose before a ready order counts as uncollected.
const LIMITS: [u32; 3] = [3, 7, 14];

const PREPARE_COLUMNS: &[Msg] = &[
    Msg::OrColumnNumber,
    Msg::OrColumnCustomer,
    Msg::ColumnStatus,
    Msg::OrColumnLines,
    Msg::OrPickupStore,
    Msg::ColumnActions,
];

const READY_COLUMNS: &[Msg] = &[
    Msg::OrColumnNumber,
    Msg::OrColumnCustomer,
    Msg::OrColumnLines,
    Msg::OrPickupStore,
    Msg::OrWaited,
];

/// Whole days between two instants in milliseconds (never negative).
fn whole_days(from_ms: f64, to_ms: f64) -> i64 {
    const DAY_MS: f64 = 86_400_000.0;
    // Truncation is the point: 1.9 days waited is one whole day.
    #[allow(clippy::cast_possible_truncation)]
    let days = ((to_ms - from_ms) / DAY_MS).floor() as i64;
    days.max(0)
}

/// Days an order has waited since it was made ready.
fn days_waiting(order: &Order) -> i64 {
    order.ready_for_pickup_at.as_deref().map_or(0, |at| {
        whole_days(
            js_sys::Date::new(&at.into()).get_time(),
            js_sys::Date::now(),
        )
    })
}

/// Every open pickup order collected at `location` (or anywhere).
async fn pickup_orders(location: String) -> Result<Vec<Order>, ApiError> {
    let filter = OrderFilter {
        status: Some(vec![
            OrderStatus::Confirmed,
            OrderStatus::Backordered,
            OrderStatus::ReadyForPickup,
        ]),
        customer_id: None,
        location_ids: Some(location).filter(|l| !l.is_empty()).map(|l| vec![l]),
        ready_before: None,
    };
    let orders =
        all_pages(|after| documents::orders(filter.clone(), after, Some(FULL_PAGE))).await?;
    Ok(orders
        .into_iter()
        .filter(|o| o.pickup_location.is_some())
        .collect())
}

/// The pickup page.
#[component]
pub fn PickupsPage() -> impl IntoView {
    let i18n = use_i18n();
    let locations = LocalResource::new(|| locations::locations(false));
    let location = RwSignal::new(String::new());
    let limit = RwSignal::new(LIMITS[1]);
    let live = RwSignal::new(ConnectionState::Connecting);
    let orders = RwSignal::new(None::<Result<Vec<Order>, ApiError>>);
    let ticket = StoredValue::new(0u32);
    let load = move || {
        let mine = ticket.get_value().wrapping_add(1);
        ticket.set_value(mine);
        let place = location.get_untracked();
        leptos::task::spawn_local(async move {
            let result = pickup_orders(place).await;
            if ticket.try_get_value() == Some(mine) {
                orders.try_set(Some(result));
            }
        });
    };
    load();
    watch_orders(ORDER_CHANGED_SUBSCRIPTION, None, live, load, move |order| {
        let here = location
            .try_with_untracked(|l| l.is_empty() || *l == order.location.id)
            .unwrap_or(false);
        let open = matches!(
            order.status,
            OrderStatus::Confirmed | OrderStatus::Backordered | OrderStatus::ReadyForPickup
        );
        orders.try_update(|state| {
            if let Some(Ok(list)) = state {
                list.retain(|o| o.id != order.id);
                if here && open && order.pickup_location.is_some() {
                    list.insert(0, order);
                }
            }
        });
    });

    let toolbar = move || {
        let all = locations.get().and_then(Result::ok).unwrap_or_default();
        view! {
            <div class="board-toolbar">
                <label class="inline-field">
                    <span class="small muted">{tr(Msg::OrPickupStore)}</span>
                    <select
                        class="select select-compact"
                        data-testid="pickups-location"
                        on:change=move |ev| {
                            location.set(event_target_value(&ev));
                            orders.set(None);
                            load();
                        }
                    >
                        <option value="">{tr(Msg::AllLocations)}</option>
                        {location_options(&all, &location.get_untracked())}
                    </select>
                </label>
                <label class="inline-field">
                    <span class="small muted">{tr(Msg::OrUncollectedAfter)}</span>
                    <select
                        class="select select-compact"
                        data-testid="pickups-limit"
                        on:change=move |ev| {
                            if let Ok(days) = event_target_value(&ev).parse() {
                                limit.set(days);
                            }
                        }
                    >
                        {LIMITS.iter().map(|days| view! {
                            <option value=days.to_string() selected=*days == limit.get_untracked()>
                                {move || Msg::OrDays.text(i18n.lang()).replace("{n}", &days.to_string())}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
                <LiveBadge state=live testid="pickups-live" />
            </div>
        }
    };
    let body = move || match orders.get() {
        None => view! { <Skeleton lines=6 /> }.into_any(),
        Some(Err(error)) => {
            view! { <ErrorNotice error=error on_retry=move |()| load() /> }.into_any()
        }
        Some(Ok(list)) => {
            let (mut ready, prepare): (Vec<Order>, Vec<Order>) = list
                .into_iter()
                .partition(|o| o.status == OrderStatus::ReadyForPickup);
            ready.sort_by(|a, b| a.ready_for_pickup_at.cmp(&b.ready_for_pickup_at));
            view! {
                <ToPrepare orders=prepare on_ready=move |done: Order| {
                    orders.update(|state| {
                        if let Some(Ok(list)) = state {
                            list.retain(|o| o.id != done.id);
                            list.insert(0, done);
                        }
                    });
                } />
                <Waiting orders=ready limit=limit />
            }
            .into_any()
        }
    };
    view! {
        <PageHeader title=Msg::OrPickupsTitle subtitle=Msg::OrPickupsSubtitle />
        <div class="stack" data-testid="pickups-page">
            <A href="/orders" attr:class="link-button op-back">{tr(Msg::OrBack)}</A>
            {toolbar}
            {body}
        </div>
    }
}

/// The text cells both lists show for an order.
struct Cells {
    href: String,
    /// The number again, for the row's `data-number` (the link's text takes the other).
    hook: String,
    number: String,
    customer: String,
    store: String,
}

impl Cells {
    fn of(order: &Order) -> Self {
        Self {
            href: format!("/orders/{}", order.id),
            hook: order.number.clone(),
            number: order.number.clone(),
            customer: order
                .customer
                .as_ref()
                .map_or_else(String::new, |c| c.name.clone()),
            store: order
                .pickup_location
                .as_ref()
                .map_or_else(String::new, |p| p.code.clone()),
        }
    }
}

/// Pickup orders to prepare: "mark ready" once everything is allocated.
#[component]
fn ToPrepare(orders: Vec<Order>, #[prop(into)] on_ready: Callback<Order>) -> impl IntoView {
    let i18n = use_i18n();
    let busy = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<Problem>);
    let mark = move |id: String| {
        if busy.get_untracked().is_some() {
            return;
        }
        busy.set(Some(id.clone()));
        problem.set(None);
        leptos::task::spawn_local(async move {
            let result = documents::mark_ready_for_pickup(id).await;
            busy.try_set(None);
            match result {
                Ok(done) => on_ready.run(done),
                Err(e) => {
                    problem.try_set(Some(Problem::Msg(error_message(&e))));
                }
            }
        });
    };
    if orders.is_empty() {
        return view! {
            <Panel title=Msg::OrToPrepareTitle subtitle=Msg::OrToPrepareSubtitle>
                <ListEmpty icon=IconKind::Orders title=Msg::OrNothingToPrepare body=Msg::OrNothingToPrepareBody />
            </Panel>
        }
        .into_any();
    }
    let rows = orders
        .into_iter()
        .map(|o| {
            let id = o.id.clone();
            let can = o.status == OrderStatus::Confirmed;
            let mine = id.clone();
            let cells = Cells::of(&o);
            view! {
                <tr data-testid="pickup-prepare-row" data-number=cells.hook>
                    <td class="cell-primary mono"><A href=cells.href>{cells.number}</A></td>
                    <td>{cells.customer}</td>
                    <td><OrderBadge status=o.status /></td>
                    <td class="cell-sub">{move || lines_summary(&o.lines, i18n.lang())}</td>
                    <td class="mono small">{cells.store}</td>
                    <td>
                        {can.then(|| view! {
                            <button
                                class="button button-small"
                                type="button"
                                data-testid="pickup-mark-ready"
                                disabled=move || busy.get().is_some()
                                aria-busy=move || (busy.get().as_deref() == Some(mine.as_str())).to_string()
                                on:click=move |_| mark(id.clone())
                            >
                                {tr(Msg::OrMarkReady)}
                            </button>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Panel title=Msg::OrToPrepareTitle subtitle=Msg::OrToPrepareSubtitle>
            <FormError error=problem />
            <DataTable columns=PREPARE_COLUMNS>{rows}</DataTable>
        </Panel>
    }
    .into_any()
}

/// Ready orders waiting for their customers, oldest first; past `limit` days, uncollected.
#[component]
fn Waiting(orders: Vec<Order>, limit: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    if orders.is_empty() {
        return view! {
            <Panel title=Msg::OrWaitingTitle subtitle=Msg::OrWaitingSubtitle>
                <ListEmpty icon=IconKind::Clock title=Msg::OrNobodyWaiting body=Msg::OrNobodyWaitingBody />
            </Panel>
        }
        .into_any();
    }
    let rows = orders
        .into_iter()
        .map(|o| {
            let days = days_waiting(&o);
            let late = move || days >= i64::from(limit.get());
            let cells = Cells::of(&o);
            view! {
                <tr data-testid="pickup-ready-row" data-number=cells.hook data-uncollected=move || late().to_string()>
                    <td class="cell-primary mono"><A href=cells.href>{cells.number}</A></td>
                    <td>{cells.customer}</td>
                    <td class="cell-sub">{move || lines_summary(&o.lines, i18n.lang())}</td>
                    <td class="mono small">{cells.store}</td>
                    <td class="cell-number" class:cell-warn=late>
                        {move || Msg::OrDays.text(i18n.lang()).replace("{n}", &days.to_string())}
                        {move || late().then(|| view! { " " <span class="badge badge-warn">{tr(Msg::OrUncollected)}</span> })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Panel title=Msg::OrWaitingTitle subtitle=Msg::OrWaitingSubtitle>
            <div class="num-5">
                <DataTable columns=READY_COLUMNS>{rows}</DataTable>
            </div>
        </Panel>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wait_counts_whole_days_only() {
        let day = 86_400_000.0;
        assert_eq!(whole_days(0.0, day * 1.9), 1);
        assert_eq!(whole_days(0.0, day * 7.0), 7);
        assert_eq!(whole_days(day, 0.0), 0, "a clock behind never counts back");
    }
}
