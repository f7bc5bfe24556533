//! Shipping part of an order from another location (分納) on the order's page: the dialog
//! that splits units off to a new order, and the list of the orders split off it.

use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;
use leptos_router::components::A;

use super::OrderBadge;
use super::detail::send;
use super::returns::{line_label, typed_units};
use crate::api::orders::documents::{LineQuantity, Order};
use crate::api::orders::split::{self, Split, SplitOrderInput};
use crate::api::wire::idempotency_key;
use crate::components::{
    DataTable, Dialog, DialogFormActions, FormError, LocationSelect, Panel, Problem, UnitsInput,
};
use crate::i18n::{Msg, tr, use_i18n};

const SPLIT_COLUMNS: &[Msg] = &[
    Msg::OrColumnNumber,
    Msg::ColumnStatus,
    Msg::ColumnLocation,
    Msg::ColumnTotal,
];

/// One line that can move: `(line number, label, units still to ship, to move)`.
type SplitRow = (i64, String, i64, RwSignal<String>);

/// The lines with units still to ship, boxes empty.
fn open_rows(order: &Order) -> Vec<SplitRow> {
    order
        .lines
        .iter()
        .filter_map(|l| {
            let open = l.allocated_quantity + l.backordered_quantity;
            (open > 0).then(|| {
                (
                    l.line_number,
                    line_label(l),
                    open,
                    RwSignal::new(String::new()),
                )
            })
        })
        .collect()
}

/// The units typed into `rows`, or what is wrong with them.
fn split_lines(rows: &[SplitRow]) -> Result<Vec<LineQuantity>, Msg> {
    let mut lines = Vec::new();
    for (line_number, _, open, units) in rows {
        match typed_units(&units.get_untracked(), *open).ok_or(Msg::OrSplitTooMany)? {
            0 => {}
            quantity => lines.push(LineQuantity {
                line_number: *line_number,
                quantity,
            }),
        }
    }
    if lines.is_empty() {
        return Err(Msg::OrSplitNothing);
    }
    Ok(lines)
}

/// Move units still to ship to a new order at another location.
#[component]
pub(super) fn SplitDialog(
    order: RwSignal<Order>,
    #[prop(into)] on_close: Callback<()>,
    #[prop(into)] on_done: Callback<Split>,
) -> impl IntoView {
    let i18n = use_i18n();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<Problem>);
    let place = RwSignal::new(String::new());
    // One key per dialog: a second click splits nothing more off.
    let key = StoredValue::new(idempotency_key());
    let (number, current, rows) =
        order.with_untracked(|o| (o.number.clone(), o.location.id.clone(), open_rows(o)));
    let typed = rows.clone();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let to = place.get_untracked();
        if to.is_empty() {
            error.set(Some(Problem::Msg(Msg::OrChooseLocation)));
            return;
        }
        let lines = match split_lines(&typed) {
            Ok(lines) => lines,
            Err(msg) => {
                error.set(Some(Problem::Msg(msg)));
                return;
            }
        };
        let input = SplitOrderInput {
            order_id: order.with_untracked(|o| o.id.clone()),
            location_id: to,
            lines,
            idempotency_key: key.get_value(),
        };
        send(busy, error, on_done, split::split_order(input));
    };
    let lines = rows
        .into_iter()
        .map(|(n, label, open, units)| {
            view! {
                <div class="return-line" data-testid="split-line" data-line=n>
                    <span>{label}</span>
                    <span class="small muted">{move || format!("{} {open}", i18n.t(Msg::OrStillToShip))}</span>
                    <UnitsInput value=units label=Msg::OrSplitQuantity testid="split-qty" />
                </div>
            }
        })
        .collect_view();
    view! {
        <Dialog title=Msg::OrSplitTitle testid="order-split-dialog" on_close=on_close>
            <form class="dialog-body op-form" novalidate on:submit=on_submit>
                <p class="confirm-subject mono">{number}</p>
                <p class="muted small">{tr(Msg::OrSplitBody)}</p>
                <LocationSelect chosen=place label=Msg::OrSplitLocation first=Msg::TrChooseLocation id="field-split-location" testid="order-split-location" except=current />
                <div class="return-lines">{lines}</div>
                <FormError error=error />
                <DialogFormActions on_cancel=on_close label=Msg::OrSplit busy_label=Msg::Saving testid="order-split-submit" busy=busy />
            </form>
        </Dialog>
    }
}

/// The orders split off this one, oldest first; nothing when there are none.
#[component]
pub(super) fn SplitsPanel(order: RwSignal<Order>) -> impl IntoView {
    let body = move || {
        let list = order.with(|o| o.split_orders.clone());
        (!list.is_empty()).then(|| {
            let rows = list
                .into_iter()
                .map(|s| {
                    let number = s.number.clone();
                    view! {
                        <tr data-testid="order-split-row" data-number=s.number>
                            <td class="cell-primary"><A href=format!("/orders/{}", s.id) attr:class="mono">{number}</A></td>
                            <td><OrderBadge status=s.status /></td>
                            <td>{s.location.name.clone()}</td>
                            <td class="cell-number">{s.total.display()}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <Panel title=Msg::OrSplitsTitle subtitle=Msg::OrSplitsSubtitle>
                    <div class="num-4"><DataTable columns=SPLIT_COLUMNS>{rows}</DataTable></div>
                </Panel>
            }
        })
    };
    view! { <div data-testid="order-splits">{body}</div> }
}
