//! Giving stock back on an order's page: releasing what it holds (引当解除) and taking back
//! goods that left on a shipment (返品), and the list of its returns.

use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;

use super::detail::send;
use crate::api::orders::documents::{self, LineQuantity, Order, OrderLine, Shipment};
use crate::api::orders::returns::{self, ReturnLineInput, ReturnShipmentInput, Returned};
use crate::api::wire::idempotency_key;
use crate::components::{
    DataTable, DateText, Dialog, DialogFormActions, FormError, LocationSelect, Panel, Problem,
    UnitsInput,
};
use crate::i18n::{Msg, tr, use_i18n};

const RETURN_COLUMNS: &[Msg] = &[
    Msg::OrColumnReturn,
    Msg::OrColumnReceivedAt,
    Msg::OrColumnShipment,
    Msg::OrReturnLocation,
    Msg::TrColumnQuantity,
    Msg::OrRestocked,
    Msg::OrReturnReason,
];

/// Units typed into a quantity box: empty is none; `None` unless a whole number from 0 to
/// `most`.
pub(super) fn typed_units(text: &str, most: i64) -> Option<i64> {
    match text.trim() {
        "" => Some(0),
        text => text.parse::<i64>().ok().filter(|n| (0..=most).contains(n)),
    }
}

/// `name title · SKU` of an order line.
pub(super) fn line_label(line: &OrderLine) -> String {
    if line.variant.title.is_empty() {
        format!("{} · {}", line.name, line.sku)
    } else {
        format!("{} {} · {}", line.name, line.variant.title, line.sku)
    }
}

/// Units of `line_number` that have come back on `shipment_id` so far.
pub(super) fn returned_units(order: &Order, shipment_id: &str, line_number: i64) -> i64 {
    order
        .returns
        .iter()
        .filter(|r| r.shipment.id == shipment_id)
        .flat_map(|r| r.lines.iter())
        .filter(|l| l.line_number == line_number)
        .map(|l| l.quantity)
        .fold(0, i64::saturating_add)
}

/// Whether anything that left on `shipment` has not come back yet.
pub(super) fn returnable(order: &Order, shipment: &Shipment) -> bool {
    shipment
        .lines
        .iter()
        .any(|l| l.quantity > returned_units(order, &shipment.id, l.line_number))
}

/// One line of a release being entered: `(line number, label, units held, to release)`.
type ReleaseRow = (i64, String, i64, RwSignal<String>);

/// Release allocated units: each line with stock held, all of it by default.
#[component]
pub(super) fn ReleaseDialog(
    order: RwSignal<Order>,
    #[prop(into)] on_close: Callback<()>,
    #[prop(into)] on_done: Callback<Order>,
) -> impl IntoView {
    let i18n = use_i18n();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<Problem>);
    let (number, held): (String, Vec<ReleaseRow>) = order.with_untracked(|o| {
        let held = o
            .lines
            .iter()
            .filter(|l| l.allocated_quantity > 0)
            .map(|l| {
                let all = l.allocated_quantity;
                (
                    l.line_number,
                    line_label(l),
                    all,
                    RwSignal::new(all.to_string()),
                )
            })
            .collect();
        (o.number.clone(), held)
    });
    let chosen = held.clone();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let mut lines = Vec::new();
        for (line_number, _, allocated, qty) in &chosen {
            match typed_units(&qty.get_untracked(), *allocated) {
                Some(0) => {}
                Some(quantity) => lines.push(LineQuantity {
                    line_number: *line_number,
                    quantity,
                }),
                None => {
                    error.set(Some(Problem::Msg(Msg::OrReleaseTooMany)));
                    return;
                }
            }
        }
        if lines.is_empty() {
            error.set(Some(Problem::Msg(Msg::OrReleaseNothing)));
            return;
        }
        let id = order.with_untracked(|o| o.id.clone());
        send(
            busy,
            error,
            on_done,
            documents::release_allocation(id, lines),
        );
    };
    let rows = held
        .into_iter()
        .map(|(n, label, allocated, qty)| {
            view! {
                <div class="return-line" data-testid="release-line" data-line=n>
                    <span>{label}</span>
                    <span class="small muted">{move || format!("{} {allocated}", i18n.t(Msg::OrAllocated))}</span>
                    <UnitsInput value=qty label=Msg::OrReleaseQuantity testid="release-qty" />
                </div>
            }
        })
        .collect_view();
    view! {
        <Dialog title=Msg::OrReleaseTitle testid="order-release-dialog" on_close=on_close>
            <form class="dialog-body op-form" novalidate on:submit=on_submit>
                <p class="confirm-subject mono">{number}</p>
                <p class="muted small">{tr(Msg::OrReleaseBody)}</p>
                <div class="return-lines">{rows}</div>
                <FormError error=error />
                <DialogFormActions on_cancel=on_close label=Msg::OrRelease busy_label=Msg::Saving testid="order-release-submit" busy=busy />
            </form>
        </Dialog>
    }
}

/// One line of a return being entered: `(line number, label, units still out, back, damaged)`.
type ReturnRow = (i64, String, i64, RwSignal<String>, RwSignal<String>);

/// A row per line of `shipment` with units that have not come back yet, boxes empty.
fn open_rows(order: &Order, shipment: &Shipment) -> Vec<ReturnRow> {
    shipment
        .lines
        .iter()
        .filter_map(|s| {
            let out = s.quantity - returned_units(order, &shipment.id, s.line_number);
            let line = order
                .lines
                .iter()
                .find(|l| l.line_number == s.line_number)?;
            (out > 0).then(|| {
                (
                    s.line_number,
                    line_label(line),
                    out,
                    RwSignal::new(String::new()),
                    RwSignal::new(String::new()),
                )
            })
        })
        .collect()
}

/// One line of the return dialog: what it is, what may come back, and the two boxes.
#[component]
fn ReturnLineRow(row: ReturnRow) -> impl IntoView {
    let i18n = use_i18n();
    let (n, label, out, back, damaged) = row;
    view! {
        <div class="return-line return-line-split" data-testid="order-return-line" data-line=n>
            <span>{label}</span>
            <span class="small muted">{move || format!("{} {out}", i18n.t(Msg::SlReturnable))}</span>
            <UnitsInput value=back label=Msg::OrReturnQuantity testid="order-return-qty" />
            <UnitsInput value=damaged label=Msg::OrReturnDamaged testid="order-return-damaged" />
        </div>
    }
}

/// The return typed into `rows`, or what is wrong with it.
fn return_lines(rows: &[ReturnRow]) -> Result<Vec<ReturnLineInput>, Msg> {
    let mut lines = Vec::new();
    for (line_number, _, out, back, damaged) in rows {
        let quantity = typed_units(&back.get_untracked(), *out).ok_or(Msg::OrReturnTooMany)?;
        let damaged =
            typed_units(&damaged.get_untracked(), quantity).ok_or(Msg::OrReturnTooManyDamaged)?;
        if quantity > 0 {
            lines.push(ReturnLineInput {
                line_number: *line_number,
                quantity,
                damaged_quantity: damaged,
            });
        }
    }
    if lines.is_empty() {
        return Err(Msg::OrReturnNothing);
    }
    Ok(lines)
}

/// Take goods back on `shipment`: units per line, how many are damaged, where they go and
/// why.
#[component]
pub(super) fn ReturnDialog(
    order: RwSignal<Order>,
    shipment: Shipment,
    #[prop(into)] on_close: Callback<()>,
    #[prop(into)] on_done: Callback<Returned>,
) -> impl IntoView {
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<Problem>);
    let place = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    // One key per dialog: a second click takes nothing more back.
    let key = StoredValue::new(idempotency_key());
    let rows = order.with_untracked(|o| open_rows(o, &shipment));
    let typed = rows.clone();
    let shipment_id = shipment.id.clone();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let lines = match return_lines(&typed) {
            Ok(lines) => lines,
            Err(msg) => {
                error.set(Some(Problem::Msg(msg)));
                return;
            }
        };
        let why = reason.get_untracked().trim().to_owned();
        let to = place.get_untracked();
        let input = ReturnShipmentInput {
            shipment_id: shipment_id.clone(),
            lines,
            location_id: (!to.is_empty()).then_some(to),
            reason: (!why.is_empty()).then_some(why),
            idempotency_key: key.get_value(),
        };
        send(busy, error, on_done, returns::return_shipment(input));
    };
    let lines = rows
        .into_iter()
        .map(|row| view! { <ReturnLineRow row=row /> })
        .collect_view();
    view! {
        <Dialog title=Msg::OrReturnTitle testid="order-return-dialog" on_close=on_close>
            <form class="dialog-body op-form" novalidate on:submit=on_submit>
                <p class="confirm-subject mono">{shipment.number.clone()}</p>
                <p class="muted small">{tr(Msg::OrReturnBody)}</p>
                <div class="return-line return-line-split small muted" aria-hidden="true">
                    <span></span><span></span>
                    <span>{tr(Msg::OrReturnQuantity)}</span>
                    <span>{tr(Msg::OrReturnDamaged)}</span>
                </div>
                <div class="return-lines">{lines}</div>
                <LocationSelect chosen=place label=Msg::OrReturnLocation first=Msg::OrReturnSameLocation id="field-return-location" testid="order-return-location" />
                <label class="field">
                    <span class="field-label">{tr(Msg::OrReturnReason)}</span>
                    <input
                        class="input"
                        data-testid="order-return-reason"
                        placeholder=tr(Msg::OrReturnReasonPlaceholder)
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))
                    />
                </label>
                <FormError error=error />
                <DialogFormActions on_cancel=on_close label=Msg::OrReturn busy_label=Msg::Saving testid="order-return-submit" busy=busy />
            </form>
        </Dialog>
    }
}

/// What has come back, oldest first; nothing when nothing has.
#[component]
pub(super) fn ReturnsPanel(order: RwSignal<Order>) -> impl IntoView {
    let i18n = use_i18n();
    let body = move || {
        let list = order.with(|o| o.returns.clone());
        (!list.is_empty()).then(|| {
            let rows = list
                .into_iter()
                .map(|r| {
                    let (units, restocked) = r.lines.iter().fold((0i64, 0i64), |(u, s), l| {
                        (u + l.quantity, s + l.restocked_quantity)
                    });
                    let reason = if r.reason.is_empty() { "—".to_owned() } else { r.reason.clone() };
                    view! {
                        <tr data-testid="order-return-row" data-number=r.number.clone()>
                            <td class="cell-primary mono">{r.number.clone()}</td>
                            <td class="cell-nowrap"><DateText at=r.received_at.clone() /></td>
                            <td class="mono">{r.shipment.number.clone()}</td>
                            <td>{r.location.name.clone()}</td>
                            <td class="cell-number" data-testid="order-return-units">{move || Msg::OrUnits.text(i18n.lang()).replace("{n}", &units.to_string())}</td>
                            <td class="cell-number" data-testid="order-return-restocked">{restocked}</td>
                            <td>{reason}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <Panel title=Msg::OrReturnsTitle subtitle=Msg::OrReturnsSubtitle>
                    <div class="num-5 num-6"><DataTable columns=RETURN_COLUMNS>{rows}</DataTable></div>
                </Panel>
            }
        })
    };
    view! { <div data-testid="order-returns">{body}</div> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quantity_box_takes_whole_units_up_to_what_is_there() {
        assert_eq!(typed_units("", 3), Some(0));
        assert_eq!(typed_units(" 2 ", 3), Some(2));
        assert_eq!(typed_units("4", 3), None);
        assert_eq!(typed_units("-1", 3), None);
        assert_eq!(typed_units("1.5", 3), None);
    }
}
