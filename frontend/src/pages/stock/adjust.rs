//! The dialog behind a matrix cell: adjust its stock by hand with a reason, or set its
//! reorder point.

use std::collections::HashMap;

use kura_shared::{MovementReason, Quantity};
use leptos::html::Input;
use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;

use super::matrix::CellKey;
use crate::api::stock::levels::{self, AdjustStockInput, ReorderPointInput, StockLevel};
use crate::api::wire::idempotency_key;
use crate::components::{
    Dialog, FieldError, FormError, FormErrors, FormState, Problem, SubmitButton, TextField,
    focus_first_invalid,
};
use crate::i18n::{Msg, movement_reason_label, tr, use_i18n};

/// The cell a dialog is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdjustTarget {
    /// The variant.
    pub variant_id: String,
    /// The location.
    pub location_id: String,
    /// Product name.
    pub product: String,
    /// Variant title, may be empty.
    pub title: String,
    /// SKU.
    pub sku: String,
    /// Location name.
    pub location: String,
}

impl AdjustTarget {
    /// `Tee M / Navy (TS-M) @ 渋谷店`, for the dialog and the flash after it.
    pub fn describe(&self) -> String {
        let title = if self.title.is_empty() {
            String::new()
        } else {
            format!(" {}", self.title)
        };
        format!("{}{title} ({}) — {}", self.product, self.sku, self.location)
    }
}

/// A whole number as typed, or the problem with it. Empty is `None` when `optional`.
fn parse_count(text: &str, optional: bool) -> Result<Option<i64>, Problem> {
    let text = text.trim();
    if text.is_empty() {
        return if optional {
            Ok(None)
        } else {
            Err(Problem::Msg(Msg::ReasonRequired))
        };
    }
    text.parse::<Quantity>()
        .map(|q| Some(q.get()))
        .map_err(|_| Problem::Msg(Msg::ReasonWholeNumber))
}

/// The fields of the adjustment form, as the API names them.
const ADJUST_FIELDS: &[&str] = &["delta", "reason", "note"];
/// The fields of the reorder form.
const REORDER_FIELDS: &[&str] = &["reorderPoint", "reorderQuantity"];

/// Adjust and reorder-point forms for one cell. `on_done` gets the row after the change
/// and what to say about it.
#[component]
pub fn AdjustDialog(
    target: AdjustTarget,
    levels: RwSignal<HashMap<CellKey, StockLevel>>,
    #[prop(into)] on_close: Callback<()>,
    #[prop(into)] on_done: Callback<(StockLevel, Msg)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = (target.variant_id.clone(), target.location_id.clone());
    // The cell as it is now, live: another browser's change shows here too.
    let level = Memo::new(move |_| levels.with(|map| map.get(&key).cloned()));
    let initial = level.get_untracked();

    let delta = RwSignal::new(String::new());
    let reason = RwSignal::new(MovementReason::Correction);
    let note = RwSignal::new(String::new());
    let adjust_form = FormState::default();
    let delta_ref = NodeRef::<Input>::new();
    // The idempotency key of the last submission and what it carried. Sending the same
    // adjustment again (a double click, a retry after a lost response) reuses the key, so the
    // server applies it once and answers both with its result; a different adjustment from
    // the same dialog gets a fresh key.
    let sent = StoredValue::new(None::<((i64, MovementReason, String), String)>);

    let point = RwSignal::new(
        initial
            .as_ref()
            .and_then(|l| l.reorder_point)
            .map(|p| p.to_string())
            .unwrap_or_default(),
    );
    let quantity = RwSignal::new(
        initial
            .as_ref()
            .and_then(|l| l.reorder_quantity)
            .map(|q| q.to_string())
            .unwrap_or_default(),
    );
    let reorder_form = FormState::default();

    let (variant_id, location_id) = (target.variant_id.clone(), target.location_id.clone());
    let on_adjust = move |ev: SubmitEvent| {
        ev.prevent_default();
        let parsed = parse_count(&delta.get_untracked(), false);
        if !adjust_form.begin(
            || {
                let mut errors = FormErrors::default();
                if let Err(problem) = &parsed {
                    errors.add("delta", problem.clone());
                }
                errors
            },
            |local| focus_first_invalid(local, &[("delta", delta_ref)]),
        ) {
            return;
        }
        let payload = (
            parsed.ok().flatten().unwrap_or_default(),
            reason.get_untracked(),
            note.get_untracked().trim().to_owned(),
        );
        let key = sent.with_value(|last| {
            last.as_ref()
                .filter(|(before, _)| *before == payload)
                .map(|(_, key)| key.clone())
        });
        let key = key.unwrap_or_else(idempotency_key);
        sent.set_value(Some((payload.clone(), key.clone())));
        let (delta, reason, note) = payload;
        let input = AdjustStockInput {
            variant_id: variant_id.clone(),
            location_id: location_id.clone(),
            delta,
            reason,
            note,
            idempotency_key: key,
        };
        leptos::task::spawn_local(async move {
            let result = levels::adjust_stock(input).await;
            let explain = |e: &_| FormErrors::from_api(e, ADJUST_FIELDS, Msg::ErrorUnauthenticated);
            if let Some(level) = adjust_form.settle(result, explain, |_| {}) {
                on_done.run((level, Msg::StockAdjustedFlash));
            }
        });
    };

    let (variant_id, location_id) = (target.variant_id.clone(), target.location_id.clone());
    let on_reorder = move |ev: SubmitEvent| {
        ev.prevent_default();
        let parsed_point = parse_count(&point.get_untracked(), true);
        let parsed_quantity = parse_count(&quantity.get_untracked(), true);
        if !reorder_form.begin(
            || {
                let mut errors = FormErrors::default();
                if let Err(problem) = &parsed_point {
                    errors.add("reorderPoint", problem.clone());
                }
                if let Err(problem) = &parsed_quantity {
                    errors.add("reorderQuantity", problem.clone());
                }
                errors
            },
            |_| {},
        ) {
            return;
        }
        let input = ReorderPointInput {
            variant_id: variant_id.clone(),
            location_id: location_id.clone(),
            reorder_point: parsed_point.ok().flatten(),
            reorder_quantity: parsed_quantity.ok().flatten(),
        };
        leptos::task::spawn_local(async move {
            let result = levels::set_reorder_point(input).await;
            let explain =
                |e: &_| FormErrors::from_api(e, REORDER_FIELDS, Msg::ErrorUnauthenticated);
            if let Some(level) = reorder_form.settle(result, explain, |_| {}) {
                on_done.run((level, Msg::ReorderPointSavedFlash));
            }
        });
    };

    let facts = move || {
        let l = level.get();
        let value = |f: fn(&StockLevel) -> i64| l.as_ref().map_or(0, f);
        let facts = [
            (Msg::ColumnOnHand, value(|l| l.on_hand), "on-hand"),
            (Msg::ColumnAllocated, value(|l| l.allocated), "allocated"),
            (Msg::ColumnAvailable, value(|l| l.available), "available"),
            (Msg::ColumnIncoming, value(|l| l.incoming), "incoming"),
        ];
        facts
            .into_iter()
            .map(|(label, n, id)| {
                view! {
                    <div class="stock-fact" class:stock-fact-negative=n < 0>
                        <span class="stock-fact-label">{tr(label)}</span>
                        <strong class="stock-fact-value" data-testid=format!("adjust-{id}")>{n}</strong>
                    </div>
                }
            })
            .collect_view()
    };
    let reasons = MovementReason::MANUAL
        .iter()
        .map(|r| {
            view! {
                <option value=r.as_str() selected=*r == MovementReason::Correction>
                    {tr(movement_reason_label(*r))}
                </option>
            }
        })
        .collect_view();
    let subject = target.describe();
    view! {
        <Dialog title=Msg::AdjustStockTitle testid="adjust-dialog" on_close=on_close class="dialog-wide">
            <div class="dialog-body">
                <p class="confirm-subject" data-testid="adjust-subject">{subject}</p>
                <div class="stock-facts">{facts}</div>
            </div>
            <form class="dialog-body dialog-form" novalidate on:submit=on_adjust data-testid="adjust-form">
                <h3 class="form-section-title">{tr(Msg::AdjustStockSection)}</h3>
                <FormError error=adjust_form.form() />
                <div class="form-row">
                    // Text, not `type=number`: a number input can drop a typed leading minus.
                    <TextField
                        name="delta"
                        label=Msg::FieldDelta
                        autocomplete="off"
                        testid="adjust-delta"
                        hint=Msg::FieldDeltaHint
                        value=delta
                        node_ref=delta_ref
                        error=adjust_form.field("delta")
                    />
                    <div class="field" class:field-invalid=move || adjust_form.errors.with(|e| e.field("reason").is_some())>
                        <label class="field-label" for="field-reason">{tr(Msg::FieldReason)}</label>
                        <select
                            class="select"
                            id="field-reason"
                            data-testid="adjust-reason"
                            on:change=move |ev| {
                                if let Ok(r) = event_target_value(&ev).parse::<MovementReason>() {
                                    reason.set(r);
                                }
                            }
                        >
                            {reasons}
                        </select>
                        <FieldError name="reason" error=adjust_form.field("reason") />
                    </div>
                </div>
                <TextField
                    name="note"
                    label=Msg::FieldNote
                    autocomplete="off"
                    testid="adjust-note"
                    placeholder=Msg::PlaceholderNote
                    value=note
                    error=adjust_form.field("note")
                />
                <div class="form-actions">
                    <SubmitButton label=Msg::AdjustStock busy_label=Msg::Saving testid="adjust-submit" busy=adjust_form.busy />
                </div>
            </form>
            <form class="dialog-body dialog-form dialog-section" novalidate on:submit=on_reorder data-testid="reorder-form">
                <h3 class="form-section-title">{tr(Msg::ReorderPointSection)}</h3>
                <p class="muted small">{move || i18n.t(Msg::ReorderPointHint)}</p>
                <FormError error=reorder_form.form() />
                <div class="form-row">
                    <TextField
                        name="reorderPoint"
                        label=Msg::FieldReorderPoint
                        kind="number"
                        autocomplete="off"
                        testid="reorder-point"
                        value=point
                        error=reorder_form.field("reorderPoint")
                    />
                    <TextField
                        name="reorderQuantity"
                        label=Msg::FieldReorderQuantity
                        kind="number"
                        autocomplete="off"
                        testid="reorder-quantity"
                        value=quantity
                        error=reorder_form.field("reorderQuantity")
                    />
                </div>
                <div class="form-actions">
                    <SubmitButton label=Msg::SaveReorderPoint busy_label=Msg::Saving testid="reorder-submit" busy=reorder_form.busy />
                </div>
            </form>
            <footer class="dialog-actions">
                <button class="button" type="button" data-testid="adjust-close" on:click=move |_| on_close.run(())>
                    {tr(Msg::Close)}
                </button>
            </footer>
        </Dialog>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_whole_numbers_and_optional_ones_may_be_blank() {
        assert_eq!(parse_count(" -3 ", false), Ok(Some(-3)));
        assert_eq!(parse_count("", true), Ok(None));
        assert_eq!(
            parse_count("", false),
            Err(Problem::Msg(Msg::ReasonRequired))
        );
        assert_eq!(
            parse_count("1.5", false),
            Err(Problem::Msg(Msg::ReasonWholeNumber))
        );
    }
}
