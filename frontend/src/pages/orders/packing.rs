//! Packing and shipping an order (梱包・出荷). Every scan in the packing field counts one
//! unit against the line of that item; an item not on the order, or one more than the line
//! has allocated (`kura_shared::LineUnits::ship` refuses it), is refused on screen and
//! counts nothing. The counts can be typed too; with the carrier and tracking number they
//! become one `shipOrder`, sent with a key made once per packing.

use kura_shared::{Carrier, LineUnits};
use leptos::html::{Button, Input};
use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;

use super::carrier_label;
use crate::api::ApiError;
use crate::api::orders::documents::{Order, OrderLine};
use crate::api::orders::shipping::{self, ShipOrderInput, ShipOrderLineInput, Shipped};
use crate::api::wire::idempotency_key;
use crate::components::{
    FieldError, FormError, FormErrors, FormState, Icon, IconKind, Problem, TextField, focus_field,
    keep_focus, parse_non_negative,
};
use crate::i18n::{Msg, tr, use_i18n};

/// One order line as packing sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackLine {
    /// The order line.
    pub line_number: i64,
    /// Its SKU.
    pub sku: String,
    /// Its variant's barcode.
    pub barcode: Option<String>,
    /// Product name and option title.
    pub name: String,
    /// Where its units stand.
    pub units: LineUnits,
}

impl From<&OrderLine> for PackLine {
    fn from(line: &OrderLine) -> Self {
        let name = if line.variant.title.is_empty() {
            line.name.clone()
        } else {
            format!("{} {}", line.name, line.variant.title)
        };
        PackLine {
            line_number: line.line_number,
            sku: line.sku.clone(),
            barcode: line.variant.barcode.clone(),
            name,
            units: line.units(),
        }
    }
}

/// Why a scan counted nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No line of the order is that item.
    NotOnOrder,
    /// Every line of that item already has all it allocated packed.
    TooMany {
        /// Units of the item allocated on the order.
        allocated: i64,
    },
}

/// The line (by position) one more scanned unit of `code` goes on: the first line of that
/// item, by SKU or barcode, that may ship one more than `packed` holds for it.
pub fn scan(lines: &[PackLine], packed: &[i64], code: &str) -> Result<usize, Refusal> {
    let code = code.trim();
    let of_item: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].sku == code || lines[i].barcode.as_deref() == Some(code))
        .collect();
    if of_item.is_empty() {
        return Err(Refusal::NotOnOrder);
    }
    of_item
        .iter()
        .copied()
        .find(|&i| {
            let after = packed.get(i).copied().unwrap_or(0).saturating_add(1);
            lines[i].units.ship(after).is_ok()
        })
        .ok_or(Refusal::TooMany {
            allocated: of_item
                .iter()
                .fold(0i64, |sum, &i| sum.saturating_add(lines[i].units.allocated)),
        })
}

/// The shipment's lines from what is packed (lines with nothing packed stay behind), or
/// why it cannot ship.
pub fn shipment_lines(
    lines: &[PackLine],
    packed: &[i64],
) -> Result<Vec<ShipOrderLineInput>, Problem> {
    let mut out = Vec::new();
    for (line, &units) in lines.iter().zip(packed) {
        if units == 0 {
            continue;
        }
        if line.units.ship(units).is_err() {
            return Err(Problem::Msg(Msg::OrPackOverLine));
        }
        out.push(ShipOrderLineInput {
            line_number: line.line_number,
            quantity: units,
        });
    }
    if out.is_empty() {
        return Err(Problem::Msg(Msg::OrPackNothing));
    }
    Ok(out)
}

/// What the last scan did.
#[derive(Debug, Clone, PartialEq)]
enum Feedback {
    Counted {
        code: String,
        name: String,
        packed: i64,
        allocated: i64,
    },
    Refused {
        code: String,
        name: Option<String>,
        refusal: Refusal,
    },
}

/// The packing panel of an order that may ship; `on_shipped` gets the shipment made.
#[component]
pub fn PackingPanel(
    #[prop(into)] order: Signal<Order>,
    #[prop(into)] on_shipped: Callback<Shipped>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (order_id, line_count) = order.with_untracked(|o| (o.id.clone(), o.lines.len()));
    let lines =
        Memo::new(move |_| order.with(|o| o.lines.iter().map(PackLine::from).collect::<Vec<_>>()));
    let typed: Vec<RwSignal<String>> = (0..line_count)
        .map(|_| RwSignal::new("0".to_owned()))
        .collect();
    let typed = StoredValue::new(typed);
    let packed = move || -> Vec<i64> {
        typed.with_value(|t| {
            t.iter()
                .map(|s| parse_non_negative(&s.get_untracked()).unwrap_or(0))
                .collect()
        })
    };
    let code = RwSignal::new(String::new());
    let feedback = RwSignal::new(None::<Feedback>);
    let carrier = RwSignal::new(Carrier::Yamato);
    let tracking = RwSignal::new(String::new());
    let form = FormState::default();
    let key = StoredValue::new(idempotency_key());
    let scan_ref = NodeRef::<Input>::new();
    let ship_ref = NodeRef::<Button>::new();
    let on_blur = keep_focus(scan_ref);

    let on_scan = move |ev: SubmitEvent| {
        ev.prevent_default();
        let scanned = code.get_untracked().trim().to_owned();
        code.set(String::new());
        if scanned.is_empty() {
            return;
        }
        let all = lines.get_untracked();
        let now = packed();
        let outcome = match scan(&all, &now, &scanned) {
            Ok(i) => {
                let count = now[i] + 1;
                typed.with_value(|t| t[i].set(count.to_string()));
                Feedback::Counted {
                    code: scanned,
                    name: all[i].name.clone(),
                    packed: count,
                    allocated: all[i].units.allocated,
                }
            }
            Err(refusal) => {
                let name = all
                    .iter()
                    .find(|l| l.sku == scanned || l.barcode.as_deref() == Some(scanned.as_str()))
                    .map(|l| l.name.clone());
                Feedback::Refused {
                    code: scanned,
                    name,
                    refusal,
                }
            }
        };
        feedback.set(Some(outcome));
    };

    let on_ship = {
        let order_id = order_id.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let planned = shipment_lines(&lines.get_untracked(), &packed());
            let checked = planned.clone();
            let began = form.begin(
                move || {
                    let mut errors = FormErrors::default();
                    if let Err(p) = checked {
                        errors.add("lines", p);
                    }
                    errors
                },
                |_| {},
            );
            if !began {
                return;
            }
            let input = ShipOrderInput {
                order_id: order_id.clone(),
                lines: planned.unwrap_or_default(),
                carrier: carrier.get_untracked(),
                tracking_number: Some(tracking.get_untracked().trim().to_owned())
                    .filter(|t| !t.is_empty()),
                idempotency_key: key.get_value(),
            };
            leptos::task::spawn_local(async move {
                let result = shipping::ship_order(input).await;
                if matches!(result, Err(ApiError::GraphQl(_))) {
                    key.try_set_value(idempotency_key());
                }
                let explain = |e: &ApiError| {
                    FormErrors::from_api(e, &["lines", "trackingNumber"], Msg::ErrorUnauthenticated)
                };
                if let Some(shipped) = form.settle(result, explain, |_| {}) {
                    key.try_set_value(idempotency_key());
                    typed.with_value(|t| t.iter().for_each(|s| s.set("0".to_owned())));
                    tracking.try_set(String::new());
                    feedback.try_set(None);
                    on_shipped.run(shipped);
                }
            });
        }
    };

    let fill = move |all: bool| {
        let current = lines.get_untracked();
        typed.with_value(|t| {
            for (signal, line) in t.iter().zip(&current) {
                signal.set(if all { line.units.allocated } else { 0 }.to_string());
            }
        });
        focus_field(scan_ref);
    };

    let feedback_view = move || {
        let (state, text) = match feedback.get() {
            None => ("idle", i18n.t(Msg::OrPackReady).to_owned()),
            Some(Feedback::Counted {
                code,
                name,
                packed,
                allocated,
            }) => (
                "ok",
                format!(
                    "{code} — {name}: {} {packed} / {allocated}",
                    i18n.t(Msg::OrPackCounted)
                ),
            ),
            Some(Feedback::Refused {
                code,
                refusal: Refusal::NotOnOrder,
                ..
            }) => (
                "error",
                format!("{code}: {}", i18n.t(Msg::OrPackNotOnOrder)),
            ),
            Some(Feedback::Refused {
                code,
                name,
                refusal: Refusal::TooMany { allocated },
            }) => {
                let who = name.map_or(code.clone(), |n| format!("{code} — {n}"));
                (
                    "error",
                    format!("{who}: {} {allocated}", i18n.t(Msg::OrPackTooMany)),
                )
            }
        };
        view! {
            <div class="scan-feedback" data-state=state data-testid="pack-feedback" role="status">
                {match state {
                    "ok" => view! { <Icon kind=IconKind::Check /> }.into_any(),
                    "error" => view! { <Icon kind=IconKind::Alert /> }.into_any(),
                    _ => ().into_any(),
                }}
                <span>{text}</span>
            </div>
        }
    };

    view! {
        <section class="panel scan-panel pack-panel" data-testid="pack-panel">
            <header class="panel-header">
                <div>
                    <h2>{tr(Msg::OrPackTitle)}</h2>
                    <p class="muted small">{tr(Msg::OrPackSubtitle)}</p>
                </div>
                <div class="panel-actions">
                    <button class="button button-small" type="button" data-testid="pack-all" on:click=move |_| fill(true)>{tr(Msg::OrPackAll)}</button>
                    <button class="button button-small button-ghost" type="button" data-testid="pack-clear" on:click=move |_| fill(false)>{tr(Msg::OrPackClear)}</button>
                </div>
            </header>
            <form class="scan-form pack-scan" novalidate on:submit=on_scan data-testid="pack-scan-form">
                <div class="field scan-field">
                    <label class="field-label" for="field-pack-code">{tr(Msg::OrPackScanLabel)}</label>
                    <input
                        class="input scan-input"
                        id="field-pack-code"
                        type="text"
                        autocomplete="off"
                        placeholder=move || i18n.t(Msg::ScScanPlaceholder)
                        data-testid="pack-scan"
                        node_ref=scan_ref
                        prop:value=move || code.get()
                        on:input=move |ev| code.set(event_target_value(&ev))
                        on:blur=on_blur
                    />
                </div>
                <button class="button scan-submit" type="submit" data-testid="pack-add">{tr(Msg::TrAddLine)}</button>
            </form>
            <div class="order-panel-body pack-feedback">{feedback_view}</div>
            <PackTable lines=lines typed=typed />
            <form class="order-panel-body op-form pack-ship" novalidate on:submit=on_ship data-testid="pack-ship-form">
                <FieldError name="lines" error=form.field("lines") />
                <div class="form-row">
                    <div class="field">
                        <label class="field-label" for="field-pack-carrier">{tr(Msg::OrCarrier)}</label>
                        <select
                            class="select"
                            id="field-pack-carrier"
                            data-testid="pack-carrier"
                            on:change=move |ev| {
                                if let Ok(c) = event_target_value(&ev).parse::<Carrier>() {
                                    carrier.set(c);
                                }
                            }
                        >
                            // A store handover is not a carrier the packer picks.
                            {Carrier::ALL.iter().filter(|c| **c != Carrier::StorePickup).map(|c| view! {
                                <option value=c.as_str() selected=*c == carrier.get_untracked()>{tr(carrier_label(*c))}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div on:keydown=move |ev: web_sys::KeyboardEvent| {
                        // A scanned tracking label ends in Enter: go to Ship rather than ship
                        // at once, so a label scanned before the goods never ships half a box.
                        if ev.key() == "Enter" {
                            ev.prevent_default();
                            if let Some(button) = ship_ref.get_untracked() {
                                let _ = button.focus();
                            }
                        }
                    }>
                        <TextField
                            name="trackingNumber"
                            label=Msg::OrTracking
                            autocomplete="off"
                            testid="pack-tracking"
                            placeholder=Msg::OrTrackingPlaceholder
                            value=tracking
                            error=form.field("trackingNumber")
                        />
                    </div>
                </div>
                <FormError error=form.form() />
                <div class="form-actions op-actions-start">
                    <ShipButton busy=form.busy node_ref=ship_ref />
                </div>
            </form>
        </section>
    }
}

/// "Ship", with a spinner while it runs.
#[component]
fn ShipButton(busy: RwSignal<bool>, node_ref: NodeRef<Button>) -> impl IntoView {
    view! {
        <button
            class="button button-primary pack-ship-button"
            type="submit"
            data-testid="pack-ship"
            node_ref=node_ref
            disabled=move || busy.get()
            aria-busy=move || busy.get().to_string()
        >
            {move || if busy.get() {
                view! { <span class="spinner" aria-hidden="true"></span> }.into_any()
            } else {
                view! { <Icon kind=IconKind::Truck /> }.into_any()
            }}
            <span>{tr(Msg::OrShip)}</span>
        </button>
    }
}

/// The lines with what each has allocated and how many are packed now.
#[component]
fn PackTable(
    lines: Memo<Vec<PackLine>>,
    typed: StoredValue<Vec<RwSignal<String>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let rows = typed
        .get_value()
        .into_iter()
        .enumerate()
        .map(|(i, count)| {
            let line = move || lines.with(|l| l.get(i).cloned());
            let first = lines.with_untracked(|l| l.get(i).cloned());
            let (sku, name) = first.map(|l| (l.sku, l.name)).unwrap_or_default();
            let hook = sku.clone();
            let allocated = move || line().map_or(0, |l| l.units.allocated);
            let problem = move || {
                let units = line()?.units;
                match parse_non_negative(&count.get()) {
                    Err(p) => Some(p),
                    Ok(n) if n > 0 && units.ship(n).is_err() => Some(Problem::Msg(Msg::OrPackOverLine)),
                    Ok(_) => None,
                }
            };
            let done = move || {
                let n = parse_non_negative(&count.get()).unwrap_or(0);
                n > 0 && n == allocated()
            };
            view! {
                <tr data-testid="pack-line" data-sku=hook class:pack-done=done>
                    <td>
                        <span class="cell-primary">{name}</span>
                        <span class="cell-sub mono">{sku}</span>
                        {move || problem().map(|p| view! { <p class="field-error" data-testid="pack-line-error">{p.text(i18n.lang())}</p> })}
                    </td>
                    <td class="cell-number" data-testid="pack-allocated">{allocated}</td>
                    <td class="cell-number">
                        <input
                            class="input input-compact op-qty"
                            class:input-invalid=move || problem().is_some()
                            type="text"
                            inputmode="numeric"
                            autocomplete="off"
                            aria-label=tr(Msg::OrPackNow)
                            data-testid="pack-qty"
                            disabled=move || allocated() == 0
                            prop:value=move || count.get()
                            on:input=move |ev| count.set(event_target_value(&ev))
                        />
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap num-2 num-3">
            <table class="table pack-table">
                <thead>
                    <tr>
                        <th>{tr(Msg::ColumnProduct)}</th>
                        <th class="cell-number">{tr(Msg::OrAllocated)}</th>
                        <th class="cell-number">{tr(Msg::OrPackNow)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(n: i64, sku: &str, barcode: Option<&str>, quantity: i64, allocated: i64) -> PackLine {
        PackLine {
            line_number: n,
            sku: sku.into(),
            barcode: barcode.map(Into::into),
            name: sku.into(),
            units: LineUnits::new(quantity).confirm(allocated),
        }
    }

    #[test]
    fn a_scan_counts_against_the_line_of_its_item_by_barcode_or_sku() {
        let lines = [
            line(1, "TS-M", Some("4901234567894"), 2, 2),
            line(2, "TEA", None, 1, 1),
        ];
        assert_eq!(scan(&lines, &[0, 0], "4901234567894"), Ok(0));
        assert_eq!(scan(&lines, &[1, 0], " TEA "), Ok(1));
    }

    #[test]
    fn a_wrong_item_or_one_more_than_allocated_is_refused() {
        let lines = [line(1, "TS-M", Some("4901234567894"), 3, 2)];
        assert_eq!(
            scan(&lines, &[0], "4912345678904"),
            Err(Refusal::NotOnOrder)
        );
        assert_eq!(
            scan(&lines, &[2], "TS-M"),
            Err(Refusal::TooMany { allocated: 2 })
        );
        let waiting = [line(1, "TS-M", None, 3, 0)];
        assert_eq!(
            scan(&waiting, &[0], "TS-M"),
            Err(Refusal::TooMany { allocated: 0 })
        );
    }

    #[test]
    fn a_second_line_of_the_same_item_takes_what_the_first_cannot() {
        let lines = [line(1, "TS-M", None, 1, 1), line(2, "TS-M", None, 2, 2)];
        assert_eq!(scan(&lines, &[1, 0], "TS-M"), Ok(1));
        assert_eq!(
            scan(&lines, &[1, 2], "TS-M"),
            Err(Refusal::TooMany { allocated: 3 })
        );
    }

    #[test]
    fn only_packed_lines_ship_and_never_more_than_allocated() {
        let lines = [line(1, "A", None, 2, 2), line(2, "B", None, 1, 1)];
        let sent = shipment_lines(&lines, &[2, 0]).expect("ships");
        assert_eq!(
            sent,
            vec![ShipOrderLineInput {
                line_number: 1,
                quantity: 2
            }]
        );
        assert_eq!(
            shipment_lines(&lines, &[0, 0]),
            Err(Problem::Msg(Msg::OrPackNothing))
        );
        assert_eq!(
            shipment_lines(&lines, &[3, 0]),
            Err(Problem::Msg(Msg::OrPackOverLine))
        );
    }
}
