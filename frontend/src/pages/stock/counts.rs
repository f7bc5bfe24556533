//! `/counts`: stock counts (棚卸) and starting one; `/counts/:id`: the counting screen.
//!
//! The counting screen is made for a USB barcode scanner that types like a keyboard: the
//! scan field keeps the focus, and every Enter records the scanned code as one more unit
//! (`ADD 1`). A number typed in the quantity field first sets that line instead (`SET`).
//! Scans are sent one after another in the order they were made, so a fast scanner never
//! has two requests racing.

use std::collections::VecDeque;

use kura_shared::{Barcode, ErrorCode, StockCountStatus};
use leptos::html::Input;
use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::CountBadge;
use crate::api::ApiError;
use crate::api::catalog::locations;
use crate::api::catalog::products;
use crate::api::stock::counts::{
    self, CountLineInput, CountMode, RecordCountInput, StartCountInput, StockCount,
};
use crate::api::wire::idempotency_key;
use crate::components::{
    ConfirmDialog, DataTable, DateText, Dialog, ErrorNotice, Flash, FlashNotice, FormError,
    FormErrors, FormState, Icon, IconKind, ListEmpty, PageHeader, Panel, Pending, Problem,
    Skeleton, SubmitButton, TextField, VariantCell, focus_field, keep_focus, location_options,
    parse_non_negative, resource_list,
};
use crate::i18n::{Msg, error_message, tr, use_i18n};

const LIST_COLUMNS: &[Msg] = &[
    Msg::ScColumnNumber,
    Msg::ColumnLocation,
    Msg::ColumnStatus,
    Msg::ScColumnCounted,
    Msg::ColumnCreated,
];

const LINE_COLUMNS: &[Msg] = &[
    Msg::ColumnVariant,
    Msg::FieldBarcode,
    Msg::ScColumnExpected,
    Msg::ScColumnCounted,
    Msg::ScColumnDifference,
];

const UNCOUNTED_COLUMNS: &[Msg] = &[Msg::ColumnVariant, Msg::FieldBarcode, Msg::ColumnOnHand];

/// The counts and the form to start one.
#[component]
pub fn StockCountsPage() -> impl IntoView {
    let counts = LocalResource::new(|| counts::stock_counts(None));
    let locations = LocalResource::new(|| locations::locations(false));
    let products = LocalResource::new(products::all_products);
    let navigate = use_navigate();

    let location = RwSignal::new(String::new());
    let chosen_products = RwSignal::new(Vec::<String>::new());
    let note = RwSignal::new(String::new());
    let form = FormState::default();

    let on_start = move |ev: SubmitEvent| {
        ev.prevent_default();
        let location_id = location.get_untracked();
        if !form.begin(
            || {
                let mut errors = FormErrors::default();
                if location_id.is_empty() {
                    errors.add("locationId", Problem::Msg(Msg::ReasonRequired));
                }
                errors
            },
            |_| {},
        ) {
            return;
        }
        let product_ids = chosen_products.get_untracked();
        let input = StartCountInput {
            location_id,
            product_ids: (!product_ids.is_empty()).then_some(product_ids),
            note: note.get_untracked().trim().to_owned(),
        };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = counts::start_stock_count(input).await;
            let explain =
                |e: &_| FormErrors::from_api(e, &["locationId"], Msg::ErrorUnauthenticated);
            if let Some(count) = form.settle(result, explain, |_| {}) {
                navigate(&format!("/counts/{}", count.id), Default::default());
            }
        });
    };

    let location_select = move || {
        let list = locations.get().and_then(Result::ok).unwrap_or_default();
        if location.get_untracked().is_empty()
            && let Some(first) = list.iter().find(|l| !l.archived)
        {
            location.set(first.id.clone());
        }
        location_options(&list, &location.get_untracked())
    };
    let product_options = move || {
        products
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|p| view! { <option value=p.id.clone()>{p.name}</option> })
            .collect_view()
    };

    let list = resource_list(
        counts,
        4,
        || {
            view! { <ListEmpty icon=IconKind::Check title=Msg::ScEmptyTitle body=Msg::ScEmptyBody /> }
                .into_any()
        },
        |counts| {
            let rows = counts
                .into_iter()
                .map(|c| {
                    let href = format!("/counts/{}", c.id);
                    let number = c.number.clone();
                    view! {
                        <tr data-testid="count-row" data-number=number>
                            <td>
                                <A href=href attr:class="cell-primary mono">{c.number}</A>
                                {(c.partial).then(|| view! { <span class="cell-sub">{tr(Msg::ScPartial)}</span> })}
                            </td>
                            <td>
                                <span>{c.location.name}</span>
                                <span class="cell-sub mono">{c.location.code}</span>
                            </td>
                            <td><CountBadge status=c.status /></td>
                            <td class="cell-number">{c.lines.len()}</td>
                            <td class="cell-nowrap"><DateText at=c.created_at /></td>
                        </tr>
                    }
                })
                .collect_view();
            view! { <div class="num-4"><DataTable columns=LIST_COLUMNS>{rows}</DataTable></div> }
                .into_any()
        },
    );

    view! {
        <PageHeader title=Msg::ScTitle subtitle=Msg::ScSubtitle />
        <div class="stack" data-testid="counts-page">
            <Panel title=Msg::ScStartTitle subtitle=Msg::ScStartSubtitle>
                <form class="op-form" novalidate on:submit=on_start data-testid="count-start-form">
                    <FormError error=form.form() />
                    <div class="form-row">
                        <div class="field" class:field-invalid=move || form.errors.with(|e| e.field("locationId").is_some())>
                            <label class="field-label" for="field-count-location">{tr(Msg::ColumnLocation)}</label>
                            <select
                                class="select"
                                id="field-count-location"
                                data-testid="count-location"
                                on:change=move |ev| location.set(event_target_value(&ev))
                            >
                                {location_select}
                            </select>
                        </div>
                        <div class="field">
                            <label class="field-label" for="field-count-products">{tr(Msg::ScProducts)}</label>
                            <select
                                class="select op-multi"
                                id="field-count-products"
                                multiple
                                data-testid="count-products"
                                on:change=move |ev| {
                                    use wasm_bindgen::JsCast;
                                    let Some(select) = ev
                                        .target()
                                        .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
                                    else {
                                        return;
                                    };
                                    let options = select.selected_options();
                                    let ids = (0..options.length())
                                        .filter_map(|i| options.item(i))
                                        .filter_map(|o| o.get_attribute("value"))
                                        .collect();
                                    chosen_products.set(ids);
                                }
                            >
                                {product_options}
                            </select>
                            <p class="field-hint">{tr(Msg::ScProductsHint)}</p>
                        </div>
                    </div>
                    <TextField
                        name="note"
                        label=Msg::FieldNote
                        autocomplete="off"
                        testid="count-note"
                        placeholder=Msg::ScNotePlaceholder
                        value=note
                        error=form.field("note")
                    />
                    <div class="form-actions op-actions-start">
                        <SubmitButton label=Msg::ScStart busy_label=Msg::Saving testid="count-start" busy=form.busy />
                    </div>
                </form>
            </Panel>
            <Panel title=Msg::ScListTitle subtitle=Msg::ScListSubtitle>
                {list}
            </Panel>
        </div>
    }
}

/// One scan or typed entry waiting to be recorded.
#[derive(Debug, Clone)]
struct ScanEntry {
    code: String,
    /// `None`: one more (ADD 1); `Some(n)`: exactly n (SET).
    set_to: Option<i64>,
    /// Fixed when scanned, so a retry after a lost response is applied once.
    key: String,
}

/// Attempts per scan when the network fails (the same key each time).
const SCAN_ATTEMPTS: u32 = 3;

/// What the last scan did, shown under the scan field.
#[derive(Debug, Clone, PartialEq)]
enum ScanFeedback {
    Recorded {
        code: String,
        name: String,
        counted: i64,
    },
    Unknown(String),
    Failed(String, Msg),
}

/// Records one entry: a barcode directly, anything else as a SKU looked up first.
async fn record(count_id: String, entry: ScanEntry) -> Result<StockCount, ApiError> {
    let (variant_id, barcode) = if Barcode::parse(&entry.code).is_ok() {
        (None, Some(entry.code.clone()))
    } else {
        match products::find_variant(entry.code.clone()).await? {
            Some(found) => (Some(found.id), None),
            None => {
                return Err(ApiError::GraphQl(vec![
                    crate::api::GraphQlError::with_code(ErrorCode::NotFound, "no such SKU"),
                ]));
            }
        }
    };
    let line = match entry.set_to {
        Some(n) => CountLineInput {
            variant_id,
            barcode,
            counted: n,
            mode: CountMode::Set,
        },
        None => CountLineInput {
            variant_id,
            barcode,
            counted: 1,
            mode: CountMode::Add,
        },
    };
    counts::record_stock_count(RecordCountInput {
        count_id,
        lines: vec![line],
        idempotency_key: entry.key,
    })
    .await
}

/// The counting screen.
#[component]
pub fn StockCountPage() -> impl IntoView {
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id")).unwrap_or_default();
    let state = RwSignal::new(None::<Result<StockCount, ApiError>>);
    let load = {
        let id = id.clone();
        move || {
            let id = id.clone();
            leptos::task::spawn_local(async move {
                let result = counts::stock_count(id).await;
                state.try_set(Some(result));
            });
        }
    };
    load();

    // Only loading, failing and loaded rebuild the screen: a recorded scan updates it in
    // place, so the scan field keeps its focus and its queue.
    let stage = Memo::new(move |_| match state.get() {
        None => 0,
        Some(Err(_)) => 1,
        Some(Ok(_)) => 2,
    });
    let view_state = move || match stage.get() {
        0 => view! { <Skeleton lines=6 /> }.into_any(),
        1 => {
            let load = load.clone();
            let error = state
                .get_untracked()
                .and_then(Result::err)
                .unwrap_or(ApiError::Http(0));
            view! { <ErrorNotice error=error on_retry=move |()| load() /> }.into_any()
        }
        _ => view! { <CountScreen state=state /> }.into_any(),
    };
    view! {
        <PageHeader title=Msg::ScTitle subtitle=Msg::ScCountSubtitle />
        <div class="stack" data-testid="count-page">
            <A href="/counts" attr:class="link-button op-back">{tr(Msg::ScBack)}</A>
            {view_state}
        </div>
    }
}

/// The loaded count: scan field, counted lines, uncounted variants, finalize and cancel.
#[component]
fn CountScreen(state: RwSignal<Option<Result<StockCount, ApiError>>>) -> impl IntoView {
    let i18n = use_i18n();
    let count = Memo::new(move |_| state.get().and_then(Result::ok));
    let current = move || count.get_untracked();
    let count_id = current().map(|c| c.id).unwrap_or_default();

    let code = RwSignal::new(String::new());
    let qty = RwSignal::new(String::new());
    let qty_error = RwSignal::new(None::<Problem>);
    let scan_ref = NodeRef::<Input>::new();
    let qty_ref = NodeRef::<Input>::new();
    let feedback = RwSignal::new(None::<ScanFeedback>);
    let queue = StoredValue::new(VecDeque::<ScanEntry>::new());
    let draining = StoredValue::new(false);
    let waiting = RwSignal::new(0usize);
    let flash = RwSignal::new(None::<Flash>);
    let dialog_open = RwSignal::new(false);

    let focus_scan = move || focus_field(scan_ref);
    let on_blur = keep_focus(scan_ref);

    let enqueue = {
        let count_id = count_id.clone();
        move |entry: ScanEntry| {
            queue.update_value(|q| q.push_back(entry));
            waiting.update(|n| *n += 1);
            if draining.get_value() {
                return;
            }
            draining.set_value(true);
            let count_id = count_id.clone();
            leptos::task::spawn_local(async move {
                while let Some(entry) = queue.try_update_value(VecDeque::pop_front).flatten() {
                    let mut attempt = 1;
                    let result = loop {
                        let result = record(count_id.clone(), entry.clone()).await;
                        match result {
                            Err(ApiError::Network(_)) if attempt < SCAN_ATTEMPTS => {
                                attempt += 1;
                                gloo_timers::future::TimeoutFuture::new(500 * attempt).await;
                            }
                            other => break other,
                        }
                    };
                    waiting.try_update(|n| *n = n.saturating_sub(1));
                    match result {
                        Ok(updated) => {
                            let line = updated.lines.iter().find(|l| {
                                l.variant.barcode.as_deref() == Some(entry.code.as_str())
                                    || l.variant.sku == entry.code
                            });
                            let fb = line.map_or_else(
                                || ScanFeedback::Unknown(entry.code.clone()),
                                |l| ScanFeedback::Recorded {
                                    code: entry.code.clone(),
                                    name: describe(&l.variant.product.name, &l.variant.title),
                                    counted: l.counted,
                                },
                            );
                            feedback.try_set(Some(fb));
                            state.try_set(Some(Ok(updated)));
                        }
                        Err(error) if error.code() == Some(ErrorCode::NotFound) => {
                            feedback.try_set(Some(ScanFeedback::Unknown(entry.code)));
                        }
                        Err(error) => {
                            feedback.try_set(Some(ScanFeedback::Failed(
                                entry.code,
                                error_message(&error),
                            )));
                        }
                    }
                }
                draining.set_value(false);
            });
        }
    };

    let on_scan = move |ev: SubmitEvent| {
        ev.prevent_default();
        let scanned = code.get_untracked().trim().to_owned();
        let typed = qty.get_untracked();
        if scanned.is_empty() {
            // Enter in the quantity field: now scan or type the code.
            focus_scan();
            return;
        }
        let set_to = if typed.trim().is_empty() {
            None
        } else {
            match parse_non_negative(&typed) {
                Ok(n) => Some(n),
                Err(problem) => {
                    qty_error.set(Some(problem));
                    if let Some(input) = qty_ref.get_untracked() {
                        let _ = input.focus();
                    }
                    return;
                }
            }
        };
        qty_error.set(None);
        code.set(String::new());
        qty.set(String::new());
        enqueue(ScanEntry {
            code: scanned,
            set_to,
            key: idempotency_key(),
        });
        focus_scan();
    };

    let feedback_view = move || {
        let busy = waiting.get() > 0;
        let fb = feedback.get();
        let (state_attr, text) = match &fb {
            None if busy => ("busy", i18n.t(Msg::ScRecording).to_owned()),
            None => ("idle", i18n.t(Msg::ScScanReady).to_owned()),
            Some(ScanFeedback::Recorded {
                code,
                name,
                counted,
            }) => (
                "ok",
                format!(
                    "{code} — {name}: {} {counted}",
                    i18n.t(Msg::ScColumnCounted)
                ),
            ),
            Some(ScanFeedback::Unknown(code)) => {
                ("error", format!("{code}: {}", i18n.t(Msg::ScUnknownCode)))
            }
            Some(ScanFeedback::Failed(code, msg)) => ("error", format!("{code}: {}", i18n.t(*msg))),
        };
        view! {
            <div class="scan-feedback" data-state=state_attr data-testid="count-scan-feedback" role="status">
                {match state_attr {
                    "ok" => view! { <Icon kind=IconKind::Check /> }.into_any(),
                    "error" => view! { <Icon kind=IconKind::Alert /> }.into_any(),
                    _ => ().into_any(),
                }}
                <span>{text}</span>
                {busy.then(|| view! { <span class="spinner spinner-dark" aria-hidden="true"></span> })}
            </div>
        }
    };

    let header = move || {
        count.get().map(|c| {
            let partial = c.partial;
            let total_diff = c
                .lines
                .iter()
                .fold(0i64, |sum, l| sum.saturating_add(l.difference));
            let counted = c
                .lines
                .iter()
                .fold(0i64, |sum, l| sum.saturating_add(l.counted));
            view! {
                <div class="op-summary">
                    <div class="op-summary-main">
                        <h2 class="mono" data-testid="count-number">{c.number.clone()}</h2>
                        <CountBadge status=c.status />
                        {partial.then(|| view! { <span class="chip">{tr(Msg::ScPartial)}</span> })}
                    </div>
                    <div class="op-summary-facts">
                        <div class="stock-fact">
                            <span class="stock-fact-label">{tr(Msg::ColumnLocation)}</span>
                            <strong class="stock-fact-value">{format!("{} ({})", c.location.name, c.location.code)}</strong>
                        </div>
                        <div class="stock-fact">
                            <span class="stock-fact-label">{tr(Msg::ScLinesCounted)}</span>
                            <strong class="stock-fact-value" data-testid="count-lines-total">{c.lines.len()}</strong>
                        </div>
                        <div class="stock-fact">
                            <span class="stock-fact-label">{tr(Msg::ScUnitsCounted)}</span>
                            <strong class="stock-fact-value">{counted}</strong>
                        </div>
                        <div class="stock-fact">
                            <span class="stock-fact-label">{tr(Msg::ScUncountedTitle)}</span>
                            <strong class="stock-fact-value" data-testid="count-uncounted-total">{c.uncounted.len()}</strong>
                        </div>
                        <div class="stock-fact" class:stock-fact-negative={total_diff < 0}>
                            <span class="stock-fact-label">{tr(Msg::ScColumnDifference)}</span>
                            <strong class="stock-fact-value">{signed(total_diff)}</strong>
                        </div>
                    </div>
                    {(!c.note.is_empty()).then(|| view! { <p class="muted small">{c.note.clone()}</p> })}
                </div>
            }
        })
    };

    let is_open = move || {
        count.with(|c| {
            c.as_ref()
                .is_some_and(|c| c.status == StockCountStatus::Open)
        })
    };

    let scan_panel = move || {
        is_open().then(|| {
            view! {
                <section class="panel scan-panel">
                    <form class="scan-form" novalidate on:submit=on_scan.clone() data-testid="count-scan-form">
                        <div class="field scan-field">
                            <label class="field-label" for="field-scan">{tr(Msg::ScScanLabel)}</label>
                            <input
                                class="input scan-input"
                                id="field-scan"
                                type="text"
                                inputmode="text"
                                autocomplete="off"
                                autofocus
                                placeholder=move || i18n.t(Msg::ScScanPlaceholder)
                                data-testid="count-scan"
                                node_ref=scan_ref
                                prop:value=move || code.get()
                                on:input=move |ev| code.set(event_target_value(&ev))
                                on:blur=on_blur
                            />
                        </div>
                        <div class="field scan-qty" class:field-invalid=move || qty_error.with(Option::is_some)>
                            <label class="field-label" for="field-scan-qty">{tr(Msg::ScQtyLabel)}</label>
                            <input
                                class="input"
                                id="field-scan-qty"
                                type="text"
                                inputmode="numeric"
                                autocomplete="off"
                                placeholder="1"
                                data-testid="count-qty"
                                node_ref=qty_ref
                                prop:value=move || qty.get()
                                on:input=move |ev| qty.set(event_target_value(&ev))
                            />
                            {move || qty_error.get().map(|p| view! { <p class="field-error" data-testid="field-error-counted">{p.text(i18n.lang())}</p> })}
                        </div>
                        <button class="button button-primary scan-submit" type="submit" data-testid="count-scan-submit">
                            {tr(Msg::ScRecord)}
                        </button>
                    </form>
                    <p class="muted small scan-hint">{tr(Msg::ScScanHint)}</p>
                    {feedback_view}
                </section>
            }
        })
    };

    let lines = move || {
        let Some(c) = count.get() else {
            return ().into_any();
        };
        if c.lines.is_empty() {
            return view! { <ListEmpty icon=IconKind::Stock title=Msg::ScNoLinesTitle body=Msg::ScNoLinesBody /> }
                .into_any();
        }
        let rows = c
            .lines
            .into_iter()
            .rev()
            .map(|l| {
                let diff = l.difference;
                let sku = l.variant.sku.clone();
                view! {
                    <tr data-testid="count-line" data-sku=sku class:count-off={diff != 0}>
                        <VariantCell product=l.variant.product.name title=l.variant.title sku=l.variant.sku />
                        <td class="mono cell-muted">{l.variant.barcode.unwrap_or_default()}</td>
                        <td class="cell-number" data-testid="count-expected">{l.expected}</td>
                        <td class="cell-number" data-testid="count-counted"><strong>{l.counted}</strong></td>
                        <td class="cell-number" data-testid="count-difference">
                            <span class="diff" class:diff-minus={diff < 0} class:diff-plus={diff > 0}>{signed(diff)}</span>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! { <div class="num-3 num-4 num-5" data-testid="count-lines"><DataTable columns=LINE_COLUMNS>{rows}</DataTable></div> }
            .into_any()
    };

    let uncounted = move || {
        let c = count.get()?;
        if c.uncounted.is_empty() {
            return None;
        }
        let rows = c
            .uncounted
            .into_iter()
            .map(|u| {
                let sku = u.variant.sku.clone();
                view! {
                    <tr data-testid="uncounted-row" data-sku=sku>
                        <VariantCell product=u.variant.product.name title=u.variant.title sku=u.variant.sku />
                        <td class="mono cell-muted">{u.variant.barcode.unwrap_or_default()}</td>
                        <td class="cell-number">{u.on_hand}</td>
                    </tr>
                }
            })
            .collect_view();
        Some(view! {
            <Panel title=Msg::ScUncountedTitle subtitle=Msg::ScUncountedSubtitle>
                <div class="num-3" data-testid="count-uncounted">
                    <DataTable columns=UNCOUNTED_COLUMNS>{rows}</DataTable>
                </div>
            </Panel>
        })
    };

    // Finalize: a dialog with the zero-uncounted choice.
    let zero_uncounted = RwSignal::new(false);
    let finalize_form = FormState::default();
    let open_finalize = move |_| {
        zero_uncounted.set(false);
        finalize_form.errors.set(FormErrors::default());
        dialog_open.set(true);
    };
    let close_finalize = move |()| {
        if !finalize_form.busy.get_untracked() {
            dialog_open.set(false);
            focus_scan();
        }
    };
    let finalize = {
        let count_id = count_id.clone();
        move |_| {
            if !finalize_form.begin(FormErrors::default, |_| {}) {
                return;
            }
            let id = count_id.clone();
            let zero = zero_uncounted.get_untracked();
            leptos::task::spawn_local(async move {
                let result = counts::finalize_stock_count(id, zero).await;
                let explain = |e: &_| FormErrors::from_api(e, &[], Msg::ErrorUnauthenticated);
                if let Some(done) = finalize_form.settle(result, explain, |_| {}) {
                    let number = done.number.clone();
                    state.try_set(Some(Ok(done)));
                    dialog_open.try_set(false);
                    flash.try_set(Some(Flash::done(Msg::ScFinalizedFlash, number)));
                }
            });
        }
    };
    let finalize_dialog = move || {
        dialog_open.get().then(|| {
            let c = count.get_untracked();
            let lines = c.as_ref().map_or(0, |c| c.lines.len());
            let off = c
                .as_ref()
                .map_or(0, |c| c.lines.iter().filter(|l| l.difference != 0).count());
            let uncounted = c.as_ref().map_or(0, |c| c.uncounted.len());
            let finalize = finalize.clone();
            view! {
                <Dialog title=Msg::ScFinalizeTitle testid="finalize-dialog" on_close=close_finalize>
                    <div class="dialog-body">
                        <p class="confirm-subject">{c.map(|c| c.number).unwrap_or_default()}</p>
                        <p class="muted">{tr(Msg::ScFinalizeBody)}</p>
                        <dl class="facts">
                            <div class="fact"><dt>{tr(Msg::ScLinesCounted)}</dt><dd>{lines}</dd></div>
                            <div class="fact"><dt>{tr(Msg::ScLinesOff)}</dt><dd data-testid="finalize-off">{off}</dd></div>
                            <div class="fact"><dt>{tr(Msg::ScUncountedTitle)}</dt><dd>{uncounted}</dd></div>
                        </dl>
                        <label class="check check-block">
                            <input
                                type="checkbox"
                                data-testid="finalize-zero-uncounted"
                                prop:checked=move || zero_uncounted.get()
                                on:change=move |ev| zero_uncounted.set(event_target_checked(&ev))
                            />
                            <span>{tr(Msg::ScZeroUncounted)}</span>
                        </label>
                        <p class="field-hint">{tr(Msg::ScZeroUncountedHint)}</p>
                        <FormError error=finalize_form.form() />
                    </div>
                    <footer class="dialog-actions">
                        <button class="button" type="button" data-testid="finalize-cancel" on:click=move |_| close_finalize(())>
                            {tr(Msg::Cancel)}
                        </button>
                        <button
                            class="button button-primary"
                            type="button"
                            data-testid="finalize-confirm"
                            disabled=move || finalize_form.busy.get()
                            on:click=finalize
                        >
                            {move || finalize_form.busy.get().then(|| view! { <span class="spinner" aria-hidden="true"></span> })}
                            <span>{tr(Msg::ScFinalize)}</span>
                        </button>
                    </footer>
                </Dialog>
            }
        })
    };

    // Cancel: the shared confirmation.
    let pending = Pending::<String>::new();
    let cancel_confirm = move |id: String| {
        pending.run(
            id,
            move |id| async move {
                let done = counts::cancel_stock_count(id).await?;
                state.try_set(Some(Ok(done)));
                Ok(())
            },
            error_message,
            move || flash.set(Some(Flash::done(Msg::ScCancelledFlash, ""))),
        );
    };
    // The panel renders its actions once; the buttons follow the count's status inside.
    let actions = {
        let count_id = count_id.clone();
        move || {
            let count_id = count_id.clone();
            move || {
                let count_id = count_id.clone();
                is_open().then(|| {
                view! {
                    <div class="row-actions">
                        <button
                            class="button button-danger-ghost"
                            type="button"
                            data-testid="count-cancel"
                            on:click=move |_| pending.ask(count_id.clone())
                        >
                            {tr(Msg::ScCancel)}
                        </button>
                        <button class="button button-primary" type="button" data-testid="count-finalize" on:click=open_finalize>
                            <Icon kind=IconKind::Check />
                            <span>{tr(Msg::ScFinalize)}</span>
                        </button>
                    </div>
                }
            })
            }
        }
    };
    view! {
        <FlashNotice flash=flash />
        {header}
        {scan_panel}
        <Panel title=Msg::ScLinesTitle subtitle=Msg::ScLinesSubtitle actions=actions>
            {lines}
        </Panel>
        {uncounted}
        {finalize_dialog}
        <ConfirmDialog
            pending=pending
            title=Msg::ScCancelTitle
            body=Msg::ScCancelBody
            confirm_label=Msg::ScCancel
            describe=|_: &String, _| String::new()
            on_confirm=cancel_confirm
        />
    }
}

/// `+2`, `-1`, `0`.
fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}

/// `Tee M / Navy`.
fn describe(product: &str, title: &str) -> String {
    if title.is_empty() {
        product.to_owned()
    } else {
        format!("{product} {title}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_carry_their_sign() {
        assert_eq!(signed(2), "+2");
        assert_eq!(signed(-1), "-1");
        assert_eq!(signed(0), "0");
    }
}
