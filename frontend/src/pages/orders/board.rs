//! `/orders/board`: the fulfilment board. Four columns (to confirm, waiting for stock, to
//! ship, shipped today), narrowed to a location or not; every card links to its order, and
//! `orderChanged` moves cards between columns as orders change anywhere, without a reload.

use kura_shared::FulfilmentStage;
use leptos::prelude::*;
use leptos_router::components::A;

use super::{OrderBadge, stage_label, total_units, watch_orders};
use crate::api::ApiError;
use crate::api::catalog::locations;
use crate::api::orders::documents::{self, ORDER_CHANGED_SUBSCRIPTION, Order, OrderFilter};
use crate::api::wire::{FULL_PAGE, all_pages};
use crate::api::ws::ConnectionState;
use crate::components::{
    ErrorNotice, Icon, IconKind, LiveBadge, PageHeader, Skeleton, location_options,
};
use crate::i18n::{Msg, tr, use_i18n};

/// A column of the board.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    ToConfirm,
    Backordered,
    ToShip,
    ShippedToday,
}

impl Column {
    const ALL: [Column; 4] = [
        Column::ToConfirm,
        Column::Backordered,
        Column::ToShip,
        Column::ShippedToday,
    ];

    /// The `data-column` hook.
    const fn hook(self) -> &'static str {
        match self {
            Column::ToConfirm => "to-confirm",
            Column::Backordered => "backordered",
            Column::ToShip => "to-ship",
            Column::ShippedToday => "shipped-today",
        }
    }

    fn label(self) -> Msg {
        match self {
            Column::ToConfirm => stage_label(FulfilmentStage::ToConfirm),
            Column::Backordered => stage_label(FulfilmentStage::Backordered),
            Column::ToShip => stage_label(FulfilmentStage::ToShip),
            Column::ShippedToday => Msg::OrStageShippedToday,
        }
    }
}

/// The column of an order at `stage` last changed on `changed_on` (a local day), or none:
/// cancelled orders, and shipped ones once their day is over, leave the board.
fn column(stage: FulfilmentStage, changed_on: &str, today: &str) -> Option<Column> {
    match stage {
        FulfilmentStage::ToConfirm => Some(Column::ToConfirm),
        FulfilmentStage::Backordered => Some(Column::Backordered),
        FulfilmentStage::ToShip => Some(Column::ToShip),
        // A shipped order never changes again, so its last change is when it shipped.
        FulfilmentStage::Shipped if changed_on == today => Some(Column::ShippedToday),
        FulfilmentStage::Shipped | FulfilmentStage::Cancelled => None,
    }
}

/// The browser's local day of a timestamp, `YYYY-MM-DD`.
fn local_day(at: &js_sys::Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        at.get_full_year(),
        at.get_month() + 1,
        at.get_date()
    )
}

/// Where an order goes on the board now.
fn column_now(order: &Order) -> Option<Column> {
    let changed = js_sys::Date::new(&order.updated_at.as_str().into());
    column(
        order.status.stage(),
        &local_day(&changed),
        &local_day(&js_sys::Date::new_0()),
    )
}

/// Every open order, and the latest shipped ones, fulfilled from `location` (or anywhere).
async fn board_orders(location: String) -> Result<Vec<Order>, ApiError> {
    let location_ids = Some(location).filter(|l| !l.is_empty()).map(|l| vec![l]);
    let open = [
        FulfilmentStage::ToConfirm,
        FulfilmentStage::Backordered,
        FulfilmentStage::ToShip,
    ]
    .iter()
    .flat_map(|stage| stage.statuses().iter().copied())
    .collect::<Vec<_>>();
    let filter = |statuses: &[kura_shared::OrderStatus]| OrderFilter {
        status: Some(statuses.to_vec()),
        customer_id: None,
        location_ids: location_ids.clone(),
        ready_before: None,
    };
    let mut orders =
        all_pages(|after| documents::orders(filter(&open), after, Some(FULL_PAGE))).await?;
    let shipped = documents::orders(
        filter(FulfilmentStage::Shipped.statuses()),
        None,
        Some(FULL_PAGE),
    )
    .await?;
    orders.extend(shipped.items);
    Ok(orders)
}

/// The fulfilment board.
#[component]
pub fn FulfilmentBoardPage() -> impl IntoView {
    let locations = LocalResource::new(|| locations::locations(false));
    let location = RwSignal::new(String::new());
    let live = RwSignal::new(ConnectionState::Connecting);
    let cards = RwSignal::new(None::<Result<Vec<Order>, ApiError>>);
    let ticket = StoredValue::new(0u32);
    let load = move || {
        let mine = ticket.get_value().wrapping_add(1);
        ticket.set_value(mine);
        let place = location.get_untracked();
        leptos::task::spawn_local(async move {
            let result = board_orders(place).await;
            if ticket.try_get_value() == Some(mine) {
                cards.try_set(Some(result));
            }
        });
    };
    load();
    watch_orders(ORDER_CHANGED_SUBSCRIPTION, None, live, load, move |order| {
        let here = location
            .try_with_untracked(|l| l.is_empty() || *l == order.location.id)
            .unwrap_or(false);
        cards.try_update(|state| {
            if let Some(Ok(list)) = state {
                list.retain(|o| o.id != order.id);
                if here {
                    list.insert(0, order);
                }
            }
        });
    });

    let filter = move || {
        let all = locations.get().and_then(Result::ok).unwrap_or_default();
        view! {
            <div class="board-toolbar">
                <label class="inline-field">
                    <span class="small muted">{tr(Msg::ColumnLocation)}</span>
                    <select
                        class="select select-compact"
                        data-testid="board-location"
                        on:change=move |ev| {
                            location.set(event_target_value(&ev));
                            cards.set(None);
                            load();
                        }
                    >
                        <option value="">{tr(Msg::AllLocations)}</option>
                        {location_options(&all, &location.get_untracked())}
                    </select>
                </label>
                <LiveBadge state=live testid="board-live" />
                <A href="/orders/new" attr:class="button button-primary board-new" attr:data-testid="board-new-order">
                    <Icon kind=IconKind::Plus />
                    <span>{tr(Msg::OrNew)}</span>
                </A>
            </div>
        }
    };
    let body = move || match cards.get() {
        None => view! { <Skeleton lines=6 /> }.into_any(),
        Some(Err(error)) => {
            view! { <ErrorNotice error=error on_retry=move |()| load() /> }.into_any()
        }
        Some(Ok(list)) => view! { <Board orders=list /> }.into_any(),
    };
    view! {
        <PageHeader title=Msg::OrBoardTitle subtitle=Msg::OrBoardSubtitle />
        <div class="stack" data-testid="board-page">
            <A href="/orders" attr:class="link-button op-back">{tr(Msg::OrBack)}</A>
            {filter}
            {body}
        </div>
    }
}

/// The four columns of `orders`.
#[component]
fn Board(orders: Vec<Order>) -> impl IntoView {
    let placed: Vec<(Column, Order)> = orders
        .into_iter()
        .filter_map(|o| column_now(&o).map(|c| (c, o)))
        .collect();
    let columns = Column::ALL
        .into_iter()
        .map(|col| {
            let cards: Vec<Order> = placed
                .iter()
                .filter(|(c, _)| *c == col)
                .map(|(_, o)| o.clone())
                .collect();
            let count = cards.len();
            let body = if cards.is_empty() {
                view! { <p class="board-empty muted small">{tr(Msg::OrBoardEmpty)}</p> }.into_any()
            } else {
                cards
                    .into_iter()
                    .map(|o| view! { <BoardCard order=o /> })
                    .collect_view()
                    .into_any()
            };
            view! {
                <section class="board-column" data-testid="board-column" data-column=col.hook()>
                    <header class="board-column-head">
                        <h2>{tr(col.label())}</h2>
                        <span class="badge" data-testid="board-count">{count}</span>
                    </header>
                    <div class="board-cards">{body}</div>
                </section>
            }
        })
        .collect_view();
    view! { <div class="board" data-testid="board">{columns}</div> }
}

/// One order on the board.
#[component]
fn BoardCard(order: Order) -> impl IntoView {
    let i18n = use_i18n();
    let units = total_units(&order.lines);
    let customer = order.customer.as_ref().map(|c| c.name.clone());
    let (number, hook) = (order.number.clone(), order.number.clone());
    view! {
        <A href=format!("/orders/{}", order.id) attr:class="board-card" attr:data-testid="board-card" attr:data-number=hook>
            <div class="board-card-head">
                <span class="mono cell-primary">{number}</span>
                <OrderBadge status=order.status />
            </div>
            <span class="board-card-customer">
                {match customer {
                    Some(name) => name.into_any(),
                    None => view! { <span class="cell-faint">{tr(Msg::OrNoCustomer)}</span> }.into_any(),
                }}
            </span>
            <div class="board-card-facts small muted">
                <span class="mono">{order.location.code.clone()}</span>
                <span>{move || Msg::OrUnits.text(i18n.lang()).replace("{n}", &units.to_string())}</span>
                <span>{order.total.display()}</span>
            </div>
            {order.requested_date.clone().map(|d| view! {
                <div class="board-card-date small">
                    <Icon kind=IconKind::Clock />
                    <span>{tr(Msg::OrRequestedDate)} " " {d}</span>
                </div>
            })}
        </A>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_orders_stay_on_the_board_only_on_the_day_they_shipped() {
        let today = "2026-12-07";
        assert_eq!(
            column(FulfilmentStage::Shipped, today, today),
            Some(Column::ShippedToday)
        );
        assert_eq!(column(FulfilmentStage::Shipped, "2026-12-06", today), None);
        assert_eq!(column(FulfilmentStage::Cancelled, today, today), None);
    }

    #[test]
    fn open_orders_sit_in_the_column_of_their_stage_whenever_they_changed() {
        let today = "2026-12-07";
        let old = "2026-11-01";
        assert_eq!(
            column(FulfilmentStage::ToConfirm, old, today),
            Some(Column::ToConfirm)
        );
        assert_eq!(
            column(FulfilmentStage::Backordered, old, today),
            Some(Column::Backordered)
        );
        assert_eq!(
            column(FulfilmentStage::ToShip, today, today),
            Some(Column::ToShip)
        );
    }
}
