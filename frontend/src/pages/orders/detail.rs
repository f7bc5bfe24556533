//! `/orders/:id`: one order. Its number, status, customer, location, requested date,
//! ship-to and totals with tax; the lines with ordered, allocated, backordered, shipped and
//! cancelled units; what can be done now (confirm a draft, approve one held past its
//! customer's credit limit with the figures shown, cancel with a reason until it has
//! shipped, release what it holds, ship all or part of it from elsewhere, pack and ship
//! what is allocated); its shipments, each with a return, its returns, and the orders split
//! off it (or the one it was split from). It follows `orderChanged`, so a
//! change made elsewhere shows at once.

use kura_shared::{OrderStatus, Role};
use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::packing::PackingPanel;
use super::returns::{ReleaseDialog, ReturnDialog, ReturnsPanel, returnable};
use super::split::{SplitDialog, SplitsPanel};
use super::{OrderBadge, address_text, carrier_label, total_units, watch_orders};
use crate::api::ApiError;
use crate::api::orders::documents::{self, ORDER_DETAIL_CHANGED_SUBSCRIPTION, Order, Shipment};
use crate::api::orders::returns::Returned;
use crate::api::orders::split::Split;
use crate::api::session::use_session;
use crate::api::wire::idempotency_key;
use crate::api::ws::ConnectionState;
use crate::components::{
    DataTable, DateText, Dialog, DialogFormActions, ErrorNotice, Flash, FlashNotice, FormError,
    Icon, IconKind, LiveBadge, LocationSelect, PageHeader, Panel, Problem, Skeleton,
    action_problem,
};
use crate::i18n::{Msg, format_date_time, tr, use_i18n};

const LINE_COLUMNS: &[Msg] = &[
    Msg::SlColumnLine,
    Msg::ColumnProduct,
    Msg::SlUnitPrice,
    Msg::OrOrdered,
    Msg::OrAllocated,
    Msg::OrBackordered,
    Msg::OrShipped,
    Msg::OrCancelled,
    Msg::SlAmount,
];

const SHIPMENT_COLUMNS: &[Msg] = &[
    Msg::OrColumnShipment,
    Msg::OrColumnShippedAt,
    Msg::OrCarrier,
    Msg::OrTracking,
    Msg::TrColumnQuantity,
    Msg::ColumnActions,
];

/// One order. A link to another order (a split and the order it came from) stays on this
/// route, so a new id in the address builds the screen anew.
#[component]
pub fn OrderPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    move || {
        let id = id.get();
        view! { <OrderScreen id=id /> }
    }
}

/// The order `id`: loading, failed, or loaded.
#[component]
fn OrderScreen(id: String) -> impl IntoView {
    let state = RwSignal::new(None::<Result<Order, ApiError>>);
    let load = move |id: String| {
        leptos::task::spawn_local(async move {
            let result = documents::order(id).await;
            state.try_set(Some(result));
        });
    };
    load(id.clone());
    // Only loading, failing and loaded rebuild the page: a change updates it in place, so
    // the packing panel keeps its counts and its focus.
    let stage = Memo::new(move |_| match state.get() {
        None => 0,
        Some(Err(_)) => 1,
        Some(Ok(_)) => 2,
    });
    let body = move || match stage.get() {
        0 => view! { <Skeleton lines=8 /> }.into_any(),
        1 => {
            let id = id.clone();
            let error = state
                .get_untracked()
                .and_then(Result::err)
                .unwrap_or(ApiError::Http(0));
            view! { <ErrorNotice error=error on_retry=move |()| load(id.clone()) /> }.into_any()
        }
        _ => match state.get_untracked().and_then(Result::ok) {
            Some(order) => {
                let id = id.clone();
                view! { <OrderView initial=order reload=move || load(id.clone()) /> }.into_any()
            }
            None => ().into_any(),
        },
    };
    view! {
        <PageHeader title=Msg::OrTitle subtitle=Msg::OrDetailSubtitle />
        <div class="stack" data-testid="order-page">
            <A href="/orders" attr:class="link-button op-back">{tr(Msg::OrBack)}</A>
            {body}
        </div>
    }
}

/// A loaded order, kept current by `orderChanged`.
#[component]
fn OrderView(initial: Order, reload: impl Fn() + Clone + 'static) -> impl IntoView {
    let order = RwSignal::new(initial);
    let flash = RwSignal::new(None::<Flash>);
    let live = RwSignal::new(ConnectionState::Connecting);
    let (id, location_id) = order.with_untracked(|o| (o.id.clone(), o.location.id.clone()));
    {
        let id = id.clone();
        let reload = reload.clone();
        watch_orders(
            ORDER_DETAIL_CHANGED_SUBSCRIPTION,
            Some(vec![location_id]),
            live,
            reload,
            move |changed| {
                if changed.id == id {
                    order.try_set(changed);
                }
            },
        );
    }
    let status = Memo::new(move |_| order.with(|o| o.status));
    // Packing shows while something is allocated that may ship; a pickup order is handed
    // over at the store instead.
    let packable = Memo::new(move |_| {
        order.with(|o| {
            o.pickup_location.is_none()
                && o.status.can_ship()
                && o.lines.iter().any(|l| l.allocated_quantity > 0)
        })
    });
    let waiting = move || {
        order.with(|o| o.status.can_ship() && o.lines.iter().all(|l| l.allocated_quantity == 0))
    };
    let on_shipped = move |shipped: crate::api::orders::shipping::Shipped| {
        flash.set(Some(Flash::done(Msg::OrShippedFlash, shipped.number)));
        order.set(shipped.order);
    };
    view! {
        <FlashNotice flash=flash />
        <Summary order=order live=live>
            <Actions order=order flash=flash />
        </Summary>
        {move || (status.get() == OrderStatus::OnHold).then(|| view! { <CreditHoldNotice order=order /> })}
        {move || packable.get().then(|| view! { <PackingPanel order=order on_shipped=on_shipped /> })}
        {move || waiting().then(|| view! {
            <div class="notice notice-warning" data-testid="order-waiting">
                <Icon kind=IconKind::Clock />
                <p class="notice-text">{tr(Msg::OrWaitingForStock)}</p>
            </div>
        })}
        <LinesPanel order=order />
        <ShipmentsPanel order=order flash=flash />
        <ReturnsPanel order=order />
        <SplitsPanel order=order />
    }
}

/// Number, status, the facts and the totals, with the actions (`children`) below them.
#[component]
fn Summary(
    order: RwSignal<Order>,
    live: RwSignal<ConnectionState>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let facts = move || {
        let o = order.get();
        let fact = |label: Msg, value: AnyView, testid: &'static str| {
            view! {
                <div><dt class="small muted">{tr(label)}</dt><dd data-testid=testid>{value}</dd></div>
            }
        };
        let customer = o.customer.clone().map_or_else(
            || view! { <span class="cell-faint">{tr(Msg::OrNoCustomer)}</span> }.into_any(),
            |c| view! { <A href=format!("/customers/{}", c.id)>{c.name}</A> }.into_any(),
        );
        let location = view! { <span>{o.location.name.clone()}</span> " " <span class="mono small muted">{o.location.code.clone()}</span> }.into_any();
        let requested = o
            .requested_date
            .clone()
            .unwrap_or_else(|| "—".to_owned())
            .into_any();
        let when = |at: String| {
            let shown = at.clone();
            view! { <span>{move || format_date_time(&shown, i18n.lang()).unwrap_or_else(|| at.clone())}</span> }.into_any()
        };
        let ship_to = o.ship_to.clone().map(|to| {
            let who = [to.name.clone(), to.phone.clone()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ");
            view! { <span class="order-address-text">{address_text(&to)}</span><span class="cell-sub">{who}</span> }.into_any()
        });
        let units = total_units(&o.lines);
        view! {
            <div class="op-summary-main">
                    <h2 class="mono" data-testid="order-number">{o.number.clone()}</h2>
                    <OrderBadge status=o.status />
                    <LiveBadge state=live testid="order-live" />
                    <div class="order-summary-total">
                        <strong data-testid="order-summary-total">{o.total.display()}</strong>
                        <span class="small muted">
                            {move || format!("{} {} · {} {}", i18n.t(Msg::SlTax), o.tax.display(), i18n.t(Msg::SlSubtotal), o.subtotal.display())}
                        </span>
                    </div>
                </div>
                <dl class="op-summary-facts">
                    {fact(Msg::OrColumnCustomer, customer, "order-customer-name")}
                    {fact(Msg::ColumnLocation, location, "order-location")}
                    {o.pickup_location.clone().map(|p| fact(Msg::OrPickupStore, view! { <span>{p.name}</span> " " <span class="mono small muted">{p.code}</span> }.into_any(), "order-pickup-store"))}
                    {o.ready_for_pickup_at.clone().map(|at| fact(Msg::OrReadyAt, when(at), "order-ready-at"))}
                    {fact(Msg::OrRequestedDate, requested, "order-requested")}
                    {fact(Msg::OrColumnOrdered, when(o.ordered_at.clone()), "order-ordered-at")}
                    {o.confirmed_at.clone().map(|at| fact(Msg::OrConfirmedAt, when(at), "order-confirmed-at"))}
                    {o.cancelled_at.clone().map(|at| fact(Msg::OrCancelledAt, when(at), "order-cancelled-at"))}
                    {fact(Msg::TrColumnQuantity, Msg::OrUnits.text(i18n.lang()).replace("{n}", &units.to_string()).into_any(), "order-units")}
                    {ship_to.map(|v| fact(Msg::OrShipToTitle, v, "order-ship-to"))}
                    {o.cancel_reason.clone().map(|r| fact(Msg::OrCancelReason, r.into_any(), "order-cancelled-because"))}
                    {o.split_from.clone().map(|s| fact(Msg::OrSplitFrom, view! { <A href=format!("/orders/{}", s.id) attr:class="mono" attr:data-testid="order-split-from-link">{s.number}</A> }.into_any(), "order-split-from"))}
                    {o.quote.clone().map(|q| fact(Msg::OrFromQuote, view! { <A href=format!("/quotes/{}", q.id) attr:class="mono" attr:data-testid="order-quote-link">{q.number}</A> }.into_any(), "order-quote"))}
                </dl>
            {(!o.note.is_empty()).then(|| view! { <p class="muted small" data-testid="order-note-text">{o.note.clone()}</p> })}
        }
    };
    view! {
        <div class="op-summary order-summary" data-testid="order-summary">
            {facts}
            {children()}
        </div>
    }
}

/// Confirm (a draft), approve (one held past its credit limit; managers), cancel (until it
/// has shipped), and the dialogs that move, release, split off or hand over what it holds.
#[component]
fn Actions(order: RwSignal<Order>, flash: RwSignal<Option<Flash>>) -> impl IntoView {
    let session = use_session();
    let busy = RwSignal::new(false);
    let opened = RwSignal::new(None::<Opened>);
    let problem = RwSignal::new(None::<Problem>);
    let status = Memo::new(move |_| order.with(|o| o.status));
    let may_approve = move || {
        session
            .viewer()
            .is_some_and(|v| v.role.at_least(Role::Manager))
    };
    let pickup = Memo::new(move |_| order.with(|o| o.pickup_location.is_some()));
    // One step on the order: it comes back changed, or the refusal is shown.
    let act = move |step: Step| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        problem.set(None);
        let id = order.with_untracked(|o| o.id.clone());
        leptos::task::spawn_local(async move {
            let result = match step {
                Step::Confirm => documents::confirm_order(id).await,
                Step::Approve => documents::approve_order(id).await,
                Step::Ready => documents::mark_ready_for_pickup(id).await,
            };
            busy.try_set(false);
            match result {
                Ok(done) => {
                    flash.try_set(Some(Flash::done(step.done(), done.number.clone())));
                    order.try_set(done);
                }
                Err(e) => {
                    problem.try_set(Some(action_problem(&e)));
                }
            }
        });
    };
    view! {
        <div class="panel-actions op-detail-actions">
            <DialogButtons order=order opened=opened />
            {move || (status.get() == OrderStatus::Draft).then(|| view! {
                <StepButton label=Msg::OrConfirmOrder testid="order-confirm-draft" busy=busy on_click=move |()| act(Step::Confirm) />
            })}
            {move || (status.get() == OrderStatus::OnHold && may_approve()).then(|| view! {
                <StepButton label=Msg::OrApprove testid="order-approve" busy=busy on_click=move |()| act(Step::Approve) />
            })}
            {move || (pickup.get() && status.get() == OrderStatus::Confirmed).then(|| view! {
                <StepButton label=Msg::OrMarkReady testid="order-mark-ready" busy=busy on_click=move |()| act(Step::Ready) />
            })}
        </div>
        {move || (status.get() == OrderStatus::OnHold && !may_approve()).then(|| view! {
            <p class="muted small" data-testid="order-approve-managers">{tr(Msg::OrApproveManagers)}</p>
        })}
        <FormError error=problem />
        <ActionDialog opened=opened order=order flash=flash />
    }
}

/// The buttons that open a dialog: cancel (until it has shipped); move, split off and
/// release what it holds (open orders that are not pickups); hand over (a ready pickup).
#[component]
fn DialogButtons(order: RwSignal<Order>, opened: RwSignal<Option<Opened>>) -> impl IntoView {
    let status = Memo::new(move |_| order.with(|o| o.status));
    let pickup = Memo::new(move |_| order.with(|o| o.pickup_location.is_some()));
    let movable = move || {
        !pickup.get()
            && matches!(
                status.get(),
                OrderStatus::Confirmed | OrderStatus::Backordered | OrderStatus::PartiallyShipped
            )
    };
    let releasable =
        move || movable() && order.with(|o| o.lines.iter().any(|l| l.allocated_quantity > 0));
    let open = move |dialog: Opened| move |_| opened.set(Some(dialog));
    view! {
        {move || (!status.get().is_final()).then(|| view! {
            <button class="button button-danger-ghost" type="button" data-testid="order-cancel" on:click=open(Opened::Cancel)>
                {tr(Msg::OrCancel)}
            </button>
        })}
        {move || movable().then(|| view! {
            <button class="button" type="button" data-testid="order-relocate" on:click=open(Opened::Relocate)>
                <Icon kind=IconKind::Locations />
                <span>{tr(Msg::OrRelocate)}</span>
            </button>
            <button class="button" type="button" data-testid="order-split" on:click=open(Opened::Split)>
                <Icon kind=IconKind::Truck />
                <span>{tr(Msg::OrSplit)}</span>
            </button>
        })}
        {move || releasable().then(|| view! {
            <button class="button" type="button" data-testid="order-release" on:click=open(Opened::Release)>
                <Icon kind=IconKind::Restore />
                <span>{tr(Msg::OrRelease)}</span>
            </button>
        })}
        {move || (status.get() == OrderStatus::ReadyForPickup).then(|| view! {
            <button class="button button-primary" type="button" data-testid="order-hand-over" on:click=open(Opened::HandOver)>
                <Icon kind=IconKind::Check />
                <span>{tr(Msg::OrHandOver)}</span>
            </button>
        })}
    }
}

/// A dialog one of the order's actions opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opened {
    Cancel,
    Relocate,
    Release,
    Split,
    HandOver,
}

/// The dialog that is open, if any; when it is done the order shows as it now stands,
/// with a flash saying what happened.
#[component]
fn ActionDialog(
    opened: RwSignal<Option<Opened>>,
    order: RwSignal<Order>,
    flash: RwSignal<Option<Flash>>,
) -> impl IntoView {
    let close = move |()| opened.set(None);
    let finish = move |msg: Msg| {
        move |done: Order| {
            opened.set(None);
            flash.set(Some(Flash::done(msg, done.number.clone())));
            order.set(done);
        }
    };
    let split = move |done: Split| {
        opened.set(None);
        flash.set(Some(Flash::done(Msg::OrSplitFlash, done.number)));
        order.set(done.split_from);
    };
    move || {
        match opened.get() {
        None => ().into_any(),
        Some(Opened::Cancel) => view! { <CancelDialog order=order on_close=close on_done=finish(Msg::OrCancelledFlash) /> }.into_any(),
        Some(Opened::Relocate) => view! { <RelocateDialog order=order on_close=close on_done=finish(Msg::OrRelocatedFlash) /> }.into_any(),
        Some(Opened::Release) => view! { <ReleaseDialog order=order on_close=close on_done=finish(Msg::OrReleasedFlash) /> }.into_any(),
        Some(Opened::Split) => view! { <SplitDialog order=order on_close=close on_done=split /> }.into_any(),
        Some(Opened::HandOver) => view! { <HandOverDialog order=order on_close=close on_done=finish(Msg::OrHandedOverFlash) /> }.into_any(),
    }
    }
}

/// A step that takes one click: confirm a draft, approve a held order, or make a pickup
/// order ready.
#[derive(Debug, Clone, Copy)]
enum Step {
    Confirm,
    Approve,
    Ready,
}

impl Step {
    /// What the flash says once it is done.
    const fn done(self) -> Msg {
        match self {
            Step::Confirm => Msg::OrConfirmedFlash,
            Step::Approve => Msg::OrApprovedFlash,
            Step::Ready => Msg::OrReadyFlash,
        }
    }
}

/// The primary button of a [`Step`], busy while it runs.
#[component]
fn StepButton(
    label: Msg,
    testid: &'static str,
    busy: RwSignal<bool>,
    #[prop(into)] on_click: Callback<()>,
) -> impl IntoView {
    view! {
        <button
            class="button button-primary"
            type="button"
            data-testid=testid
            disabled=move || busy.get()
            aria-busy=move || busy.get().to_string()
            on:click=move |_| on_click.run(())
        >
            {move || if busy.get() { view! { <span class="spinner" aria-hidden="true"></span> }.into_any() } else { view! { <Icon kind=IconKind::Check /> }.into_any() }}
            <span>{tr(label)}</span>
        </button>
    }
}

/// Why a held order waits: the customer's credit limit, what their other open orders owe,
/// this order, and how far past the limit that goes.
#[component]
fn CreditHoldNotice(order: RwSignal<Order>) -> impl IntoView {
    let figures = move || {
        order.with(|o| o.credit_hold.clone()).map(|hold| {
            let fact = |label: Msg, amount: String, testid: &'static str| {
                view! {
                    <div><dt class="small muted">{tr(label)}</dt><dd class="cell-money" data-testid=testid>{amount}</dd></div>
                }
            };
            view! {
                <dl class="credit-hold-figures">
                    {fact(Msg::OrCreditLimit, hold.credit_limit.display(), "hold-limit")}
                    {fact(Msg::OrReceivables, hold.receivables.display(), "hold-receivables")}
                    {fact(Msg::OrOpenOrders, hold.open_orders.display(), "hold-open")}
                    {fact(Msg::OrThisOrder, hold.order_total.display(), "hold-order")}
                    {fact(Msg::OrExceededBy, hold.exceeded_by.display(), "hold-exceeded")}
                </dl>
            }
        })
    };
    view! {
        <div class="notice notice-warning credit-hold" data-testid="order-credit-hold" role="status">
            <Icon kind=IconKind::Alert />
            <div class="notice-text">
                <p><strong>{tr(Msg::OrHeldTitle)}</strong></p>
                <p class="small">{tr(Msg::OrHeldBody)}</p>
                {figures}
            </div>
        </div>
    }
}

/// "Hand over to the customer", with who collected it.
#[component]
fn HandOverDialog(
    order: RwSignal<Order>,
    #[prop(into)] on_close: Callback<()>,
    #[prop(into)] on_done: Callback<Order>,
) -> impl IntoView {
    let note = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<Problem>);
    // One key per dialog: a second click returns the first handover.
    let key = StoredValue::new(idempotency_key());
    let (number, units) = order.with_untracked(|o| {
        let units = o
            .lines
            .iter()
            .map(|l| l.allocated_quantity)
            .fold(0i64, i64::saturating_add);
        (o.number.clone(), units)
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let id = order.with_untracked(|o| o.id.clone());
        let text = note.get_untracked().trim().to_owned();
        send(
            busy,
            error,
            on_done,
            documents::hand_over_order(id, text, key.get_value()),
        );
    };
    let i18n = use_i18n();
    view! {
        <Dialog title=Msg::OrHandOverTitle testid="order-hand-over-dialog" on_close=on_close>
            <form class="dialog-body op-form" novalidate on:submit=on_submit>
                <p class="confirm-subject mono">{number}</p>
                <p class="muted small">{move || Msg::OrHandOverBody.text(i18n.lang()).replace("{n}", &units.to_string())}</p>
                <label class="field">
                    <span class="field-label">{tr(Msg::OrHandOverNote)}</span>
                    <input
                        class="input"
                        data-testid="order-hand-over-note"
                        placeholder=tr(Msg::OrHandOverNotePlaceholder)
                        prop:value=move || note.get()
                        on:input=move |ev| note.set(event_target_value(&ev))
                    />
                </label>
                <FormError error=error />
                <DialogFormActions on_cancel=on_close label=Msg::OrHandOver busy_label=Msg::Saving testid="order-hand-over-submit" busy=busy />
            </form>
        </Dialog>
    }
}

/// Sends a dialog's change, once at a time: what comes back goes to `on_done`, a refusal
/// under the form.
pub(super) fn send<T: 'static>(
    busy: RwSignal<bool>,
    error: RwSignal<Option<Problem>>,
    on_done: Callback<T>,
    request: impl std::future::Future<Output = Result<T, ApiError>> + 'static,
) {
    if busy.get_untracked() {
        return;
    }
    busy.set(true);
    error.set(None);
    leptos::task::spawn_local(async move {
        let result = request.await;
        busy.try_set(false);
        match result {
            Ok(done) => on_done.run(done),
            Err(e) => {
                error.try_set(Some(action_problem(&e)));
            }
        }
    });
}

/// "Cancel this order?", with the reason.
#[component]
fn CancelDialog(
    order: RwSignal<Order>,
    #[prop(into)] on_close: Callback<()>,
    #[prop(into)] on_done: Callback<Order>,
) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<Problem>);
    let number = order.with_untracked(|o| o.number.clone());
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let text = reason.get_untracked().trim().to_owned();
        if text.is_empty() {
            error.set(Some(Problem::Msg(Msg::ReasonRequired)));
            return;
        }
        let id = order.with_untracked(|o| o.id.clone());
        send(busy, error, on_done, documents::cancel_order(id, text));
    };
    view! {
        <Dialog title=Msg::OrCancelTitle testid="order-cancel-dialog" on_close=on_close>
            <form class="dialog-body op-form" novalidate on:submit=on_submit>
                <p class="confirm-subject mono">{number}</p>
                <p class="muted small">{tr(Msg::OrCancelBody)}</p>
                <label class="field">
                    <span class="field-label">{tr(Msg::OrCancelReason)}</span>
                    <textarea
                        class="input textarea"
                        rows="3"
                        data-testid="order-cancel-reason"
                        placeholder=tr(Msg::OrCancelReasonPlaceholder)
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))
                    ></textarea>
                </label>
                <FormError error=error />
                <DialogFormActions on_cancel=on_close label=Msg::OrCancel busy_label=Msg::Saving testid="order-cancel-submit" busy=busy />
            </form>
        </Dialog>
    }
}

/// Choose the location the order ships from now; what it holds moves with it as far as
/// the new location has stock.
#[component]
fn RelocateDialog(
    order: RwSignal<Order>,
    #[prop(into)] on_close: Callback<()>,
    #[prop(into)] on_done: Callback<Order>,
) -> impl IntoView {
    let (number, current) = order.with_untracked(|o| (o.number.clone(), o.location.id.clone()));
    let chosen = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<Problem>);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let place = chosen.get_untracked();
        if place.is_empty() {
            error.set(Some(Problem::Msg(Msg::OrChooseLocation)));
            return;
        }
        let id = order.with_untracked(|o| o.id.clone());
        send(busy, error, on_done, documents::relocate_order(id, place));
    };
    view! {
        <Dialog title=Msg::OrRelocate testid="order-relocate-dialog" on_close=on_close>
            <form class="dialog-body op-form" novalidate on:submit=on_submit>
                <p class="confirm-subject mono">{number}</p>
                <p class="muted small">{tr(Msg::OrRelocateBody)}</p>
                <LocationSelect chosen=chosen label=Msg::ColumnLocation first=Msg::TrChooseLocation id="field-relocate-location" testid="order-relocate-location" except=current />
                <FormError error=error />
                <DialogFormActions on_cancel=on_close label=Msg::OrRelocate busy_label=Msg::Saving testid="order-relocate-submit" busy=busy />
            </form>
        </Dialog>
    }
}

/// The lines and where their units stand.
#[component]
fn LinesPanel(order: RwSignal<Order>) -> impl IntoView {
    let rows = move || {
        order
            .get()
            .lines
            .into_iter()
            .map(|l| {
                let dash = |n: i64| if n == 0 { "—".to_owned() } else { n.to_string() };
                view! {
                    <tr data-testid="order-detail-line" data-sku=l.sku.clone()>
                        <td class="cell-muted">{l.line_number}</td>
                        <td>
                            <span class="cell-primary">{l.name.clone()}</span>
                            {(!l.variant.title.is_empty()).then(|| view! { <span class="cell-sub">{l.variant.title.clone()}</span> })}
                            <span class="cell-sub mono">{l.sku.clone()}</span>
                        </td>
                        <td class="cell-number cell-money">{l.unit_price.display()}</td>
                        <td class="cell-number"><strong>{l.quantity}</strong></td>
                        <td class="cell-number" data-testid="line-allocated">{dash(l.allocated_quantity)}</td>
                        <td class="cell-number" class:cell-warn={l.backordered_quantity > 0} data-testid="line-backordered">{dash(l.backordered_quantity)}</td>
                        <td class="cell-number" data-testid="line-shipped">{dash(l.shipped_quantity)}</td>
                        <td class="cell-number" data-testid="line-cancelled">{dash(l.cancelled_quantity)}</td>
                        <td class="cell-number cell-money">{l.amount.display()}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <Panel title=Msg::OrLinesTitle subtitle=Msg::OrLinesStateSubtitle>
            <div class="num-3 num-4 num-5 num-6 num-7 num-8 num-9">
                <DataTable columns=LINE_COLUMNS>{rows}</DataTable>
            </div>
        </Panel>
    }
}

/// What has left, oldest first, each with a return for what has not come back yet.
#[component]
fn ShipmentsPanel(order: RwSignal<Order>, flash: RwSignal<Option<Flash>>) -> impl IntoView {
    let i18n = use_i18n();
    let returning = RwSignal::new(None::<Shipment>);
    let body = move || {
        let (shipments, current) = order.with(|o| (o.shipments.clone(), o.clone()));
        if shipments.is_empty() {
            return view! { <p class="muted small order-panel-body" data-testid="order-no-shipments">{tr(Msg::OrShipmentsEmpty)}</p> }.into_any();
        }
        let rows = shipments
            .into_iter()
            .map(|s| {
                let units = s.lines.iter().map(|l| l.quantity).fold(0i64, i64::saturating_add);
                let tracking = if s.tracking_number.is_empty() { "—".to_owned() } else { s.tracking_number.clone() };
                let open = returnable(&current, &s);
                let chosen = s.clone();
                view! {
                    <tr data-testid="shipment-row" data-number=s.number.clone()>
                        <td class="cell-primary mono">{s.number.clone()}</td>
                        <td class="cell-nowrap"><DateText at=s.shipped_at.clone() /></td>
                        <td>{tr(carrier_label(s.carrier))}</td>
                        <td class="mono" data-testid="shipment-tracking">{tracking}</td>
                        <td class="cell-number">{move || Msg::OrUnits.text(i18n.lang()).replace("{n}", &units.to_string())}</td>
                        <td>
                            {open.then(|| view! {
                                <button class="button button-ghost button-small" type="button" data-testid="shipment-return" on:click=move |_| returning.set(Some(chosen.clone()))>
                                    <Icon kind=IconKind::Retry />
                                    <span>{tr(Msg::OrReturn)}</span>
                                </button>
                            })}
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! { <div class="num-5"><DataTable columns=SHIPMENT_COLUMNS>{rows}</DataTable></div> }
            .into_any()
    };
    view! {
        <Panel title=Msg::OrShipmentsTitle subtitle=Msg::OrShipmentsSubtitle>
            {body}
        </Panel>
        {move || returning.get().map(|shipment| view! {
            <ReturnDialog order=order shipment=shipment on_close=move |()| returning.set(None) on_done=move |done: Returned| {
                returning.set(None);
                flash.set(Some(Flash::done(Msg::OrReturnedFlash, done.number.clone())));
                order.set(done.order);
            } />
        })}
    }
}
