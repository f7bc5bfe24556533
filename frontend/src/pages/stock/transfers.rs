//! `/transfers`: transfers between locations; `/transfers/new`: planning one by scanning or
//! typing SKUs and barcodes; `/transfers/:id`: a transfer with its actions (edit the draft,
//! ship, receive with per-line quantities, close with a discrepancy reason, cancel).

use kura_shared::TransferStatus;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::{TransferBadge, transfer_status_label};
use crate::api::ApiError;
use crate::api::catalog::locations;
use crate::api::catalog::products;
use crate::api::stock::transfers::{
    self, CreateTransferInput, ReceiveTransferInput, Transfer, TransferFilter, TransferLineInput,
    UpdateTransferInput,
};
use crate::api::wire::idempotency_key;
use crate::components::{
    ConfirmDialog, DataTable, DateText, ErrorNotice, Flash, FlashNotice, FormError, FormErrors,
    FormState, Icon, IconKind, ListEmpty, PageHeader, Panel, Pending, Problem, Skeleton,
    SubmitButton, TextField, VariantCell, location_options, parse_non_negative, parse_positive,
    resource_list,
};
use crate::i18n::{Msg, error_message, tr, use_i18n};

const LIST_COLUMNS: &[Msg] = &[
    Msg::TrColumnNumber,
    Msg::TrColumnRoute,
    Msg::ColumnStatus,
    Msg::TrColumnQuantity,
    Msg::TrColumnInTransit,
    Msg::ColumnCreated,
];

const ALL_STATUSES: [TransferStatus; 5] = [
    TransferStatus::Draft,
    TransferStatus::Shipped,
    TransferStatus::PartiallyReceived,
    TransferStatus::Received,
    TransferStatus::Cancelled,
];

/// The transfer list.
#[component]
pub fn TransfersPage() -> impl IntoView {
    let status = RwSignal::new(None::<TransferStatus>);
    let location = RwSignal::new(String::new());
    let locations = LocalResource::new(|| locations::locations(true));
    let transfers = LocalResource::new(move || {
        let filter = TransferFilter {
            status: status.get(),
            location_ids: Some(location.get())
                .filter(|l| !l.is_empty())
                .map(|l| vec![l]),
        };
        transfers::transfers(filter)
    });

    let list = resource_list(
        transfers,
        5,
        move || {
            let filtered = status.get_untracked().is_some() || !location.get_untracked().is_empty();
            if filtered {
                view! { <ListEmpty icon=IconKind::Stock title=Msg::TrNoMatchTitle body=Msg::TrNoMatchBody /> }
                    .into_any()
            } else {
                view! { <ListEmpty icon=IconKind::Stock title=Msg::TrEmptyTitle body=Msg::TrEmptyBody /> }
                    .into_any()
            }
        },
        |list| {
            let rows = list
                .into_iter()
                .map(|t| {
                    let href = format!("/transfers/{}", t.id);
                    let in_transit = t.in_transit();
                    let live = t.moving();
                    let number = t.number.clone();
                    view! {
                        <tr data-testid="transfer-row" data-number=number data-status=t.status.as_str()>
                            <td><A href=href attr:class="cell-primary mono">{t.number}</A></td>
                            <td>
                                <span class="op-route">
                                    <span>{t.from_location.name}</span>
                                    <Icon kind=IconKind::ArrowRight />
                                    <span>{t.to_location.name}</span>
                                </span>
                                <span class="cell-sub mono">{format!("{} → {}", t.from_location.code, t.to_location.code)}</span>
                            </td>
                            <td><TransferBadge status=t.status /></td>
                            <td class="cell-number">{t.total_quantity}</td>
                            <td class="cell-number" data-testid="transfer-in-transit">
                                {if live { view! { <strong>{in_transit}</strong> }.into_any() } else { view! { <span class="cell-faint">"—"</span> }.into_any() }}
                            </td>
                            <td class="cell-nowrap"><DateText at=t.created_at /></td>
                        </tr>
                    }
                })
                .collect_view();
            view! { <div class="num-4 num-5"><DataTable columns=LIST_COLUMNS>{rows}</DataTable></div> }.into_any()
        },
    );

    let filters = move || {
        let all = locations.get().and_then(Result::ok).unwrap_or_default();
        let status_options = ALL_STATUSES
            .into_iter()
            .map(|s| view! { <option value=s.as_str()>{tr(transfer_status_label(s))}</option> })
            .collect_view();
        view! {
            <div class="panel-actions">
                <label class="inline-field">
                    <span class="small muted">{tr(Msg::ColumnStatus)}</span>
                    <select
                        class="select select-compact"
                        data-testid="transfers-status"
                        on:change=move |ev| status.set(event_target_value(&ev).parse().ok())
                    >
                        <option value="">{tr(Msg::AllStatuses)}</option>
                        {status_options}
                    </select>
                </label>
                <label class="inline-field">
                    <span class="small muted">{tr(Msg::ColumnLocation)}</span>
                    <select
                        class="select select-compact"
                        data-testid="transfers-location"
                        on:change=move |ev| location.set(event_target_value(&ev))
                    >
                        <option value="">{tr(Msg::AllLocations)}</option>
                        {location_options(&all, "")}
                    </select>
                </label>
                <A href="/transfers/new" attr:class="button button-primary" attr:data-testid="transfer-new">
                    <span>{tr(Msg::TrNew)}</span>
                </A>
            </div>
        }
    };

    view! {
        <PageHeader title=Msg::TrTitle subtitle=Msg::TrSubtitle />
        <div class="stack" data-testid="transfers-page">
            <Panel title=Msg::TrListTitle subtitle=Msg::TrListSubtitle actions=filters>
                {list}
            </Panel>
        </div>
    }
}

/// A line of a transfer being planned or edited.
#[derive(Debug, Clone)]
struct DraftLine {
    variant_id: String,
    product: String,
    title: String,
    sku: String,
    quantity: RwSignal<String>,
}

/// Adds `quantity` of a variant to `lines`, onto its line when it has one.
fn add_line(lines: RwSignal<Vec<DraftLine>>, line: DraftLine, quantity: i64) {
    lines.update(|lines| {
        if let Some(existing) = lines.iter().find(|l| l.variant_id == line.variant_id) {
            let before = parse_positive(&existing.quantity.get_untracked()).unwrap_or(0);
            existing.quantity.set((before + quantity).to_string());
        } else {
            line.quantity.set(quantity.to_string());
            lines.push(line);
        }
    });
}

/// The lines as the API takes them, or the first problem.
fn line_inputs(lines: &[DraftLine]) -> Result<Vec<TransferLineInput>, Problem> {
    if lines.is_empty() {
        return Err(Problem::Msg(Msg::TrNoLines));
    }
    lines
        .iter()
        .map(|l| {
            parse_positive(&l.quantity.get_untracked()).map(|quantity| TransferLineInput {
                variant_id: l.variant_id.clone(),
                quantity,
            })
        })
        .collect()
}

/// The scan-or-type field that adds lines, and the lines with editable quantities.
#[component]
fn LineEditor(lines: RwSignal<Vec<DraftLine>>) -> impl IntoView {
    let i18n = use_i18n();
    let code = RwSignal::new(String::new());
    let quantity = RwSignal::new("1".to_owned());
    let problem = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);
    let code_ref = NodeRef::<Input>::new();

    let on_add = move |ev: SubmitEvent| {
        ev.prevent_default();
        let typed = code.get_untracked().trim().to_owned();
        if typed.is_empty() || busy.get_untracked() {
            return;
        }
        let qty = match parse_positive(&quantity.get_untracked()) {
            Ok(q) => q,
            Err(p) => {
                problem.set(Some(p));
                return;
            }
        };
        busy.set(true);
        problem.set(None);
        leptos::task::spawn_local(async move {
            let found = products::find_variant(typed.clone()).await;
            busy.try_set(false);
            match found {
                Ok(Some(v)) => {
                    add_line(
                        lines,
                        DraftLine {
                            variant_id: v.id,
                            product: v.product.name,
                            title: v.title,
                            sku: v.sku,
                            quantity: RwSignal::new(String::new()),
                        },
                        qty,
                    );
                    code.try_set(String::new());
                    quantity.try_set("1".to_owned());
                }
                Ok(None) => {
                    problem.try_set(Some(Problem::Server(format!(
                        "{typed}: {}",
                        i18n.t(Msg::ScUnknownCode)
                    ))));
                }
                Err(e) => {
                    problem.try_set(Some(Problem::Msg(error_message(&e))));
                }
            }
            if let Some(input) = code_ref.get_untracked() {
                let _ = input.focus();
            }
        });
    };

    let rows = move || {
        let list = lines.get();
        if list.is_empty() {
            return view! { <p class="muted small op-empty-lines" data-testid="transfer-no-lines">{tr(Msg::TrNoLines)}</p> }
                .into_any();
        }
        let rows = list
            .into_iter()
            .map(|l| {
                let id = l.variant_id.clone();
                let q = l.quantity;
                let sku = l.sku.clone();
                view! {
                    <tr data-testid="transfer-draft-line" data-sku=sku>
                        <VariantCell product=l.product title=l.title sku=l.sku />
                        <td class="cell-number">
                            <input
                                class="input input-compact op-qty"
                                aria-label=tr(Msg::TrColumnQuantity)
                                type="text"
                                inputmode="numeric"
                                data-testid="transfer-line-qty"
                                prop:value=move || q.get()
                                on:input=move |ev| q.set(event_target_value(&ev))
                            />
                        </td>
                        <td class="cell-actions">
                            <button
                                class="button button-small button-danger-ghost"
                                type="button"
                                data-testid="transfer-line-remove"
                                on:click=move |_| lines.update(|ls| ls.retain(|x| x.variant_id != id))
                            >
                                {tr(Msg::TrRemoveLine)}
                            </button>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! { <div class="num-2"><DataTable columns=&[Msg::ColumnVariant, Msg::TrColumnQuantity] actions=true>{rows}</DataTable></div> }
            .into_any()
    };

    view! {
        <form class="scan-form" novalidate on:submit=on_add data-testid="transfer-add-form">
            <div class="field scan-field">
                <label class="field-label" for="field-transfer-code">{tr(Msg::TrCodeLabel)}</label>
                <input
                    class="input scan-input"
                    id="field-transfer-code"
                    type="text"
                    autocomplete="off"
                    placeholder=move || i18n.t(Msg::ScScanPlaceholder)
                    data-testid="transfer-code"
                    node_ref=code_ref
                    prop:value=move || code.get()
                    on:input=move |ev| code.set(event_target_value(&ev))
                />
            </div>
            <div class="field scan-qty">
                <label class="field-label" for="field-transfer-qty">{tr(Msg::TrColumnQuantity)}</label>
                <input
                    class="input"
                    id="field-transfer-qty"
                    type="text"
                    inputmode="numeric"
                    autocomplete="off"
                    data-testid="transfer-qty"
                    prop:value=move || quantity.get()
                    on:input=move |ev| quantity.set(event_target_value(&ev))
                />
            </div>
            <button class="button scan-submit" type="submit" data-testid="transfer-add" disabled=move || busy.get()>
                {move || busy.get().then(|| view! { <span class="spinner spinner-dark" aria-hidden="true"></span> })}
                <span>{tr(Msg::TrAddLine)}</span>
            </button>
        </form>
        {move || problem.get().map(|p| view! { <p class="field-error" data-testid="transfer-code-error">{p.text(i18n.lang())}</p> })}
        {rows}
    }
}

/// Planning a transfer.
#[component]
pub fn NewTransferPage() -> impl IntoView {
    let locations = LocalResource::new(|| locations::locations(false));
    let navigate = use_navigate();
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let lines = RwSignal::new(Vec::<DraftLine>::new());
    let form = FormState::default();
    let key = StoredValue::new(idempotency_key());

    let on_create = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (from_id, to_id) = (from.get_untracked(), to.get_untracked());
        let parsed = lines.with_untracked(|l| line_inputs(l));
        if !form.begin(
            || {
                let mut errors = FormErrors::default();
                if from_id.is_empty() {
                    errors.add("fromLocationId", Problem::Msg(Msg::ReasonRequired));
                }
                if to_id.is_empty() {
                    errors.add("toLocationId", Problem::Msg(Msg::ReasonRequired));
                } else if to_id == from_id {
                    errors.add("toLocationId", Problem::Msg(Msg::TrSameLocation));
                }
                if let Err(p) = &parsed {
                    errors.set_form(Some(p.clone()));
                }
                errors
            },
            |_| {},
        ) {
            return;
        }
        let input = CreateTransferInput {
            from_location_id: from_id,
            to_location_id: to_id,
            lines: parsed.unwrap_or_default(),
            note: note.get_untracked().trim().to_owned(),
            idempotency_key: key.get_value(),
        };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = transfers::create_transfer(input).await;
            let explain = |e: &_| {
                FormErrors::from_api(
                    e,
                    &["fromLocationId", "toLocationId"],
                    Msg::ErrorUnauthenticated,
                )
            };
            if let Some(t) = form.settle(result, explain, |_| {}) {
                navigate(&format!("/transfers/{}", t.id), Default::default());
            } else {
                key.set_value(idempotency_key());
            }
        });
    };

    let picker = move |signal: RwSignal<String>,
                       field: &'static str,
                       label: Msg,
                       testid: &'static str| {
        let list = locations.get().and_then(Result::ok).unwrap_or_default();
        let error = form.field(field);
        let id = format!("field-{testid}");
        view! {
            <div class="field" class:field-invalid=move || error.with(Option::is_some)>
                <label class="field-label" for=id.clone()>{tr(label)}</label>
                <select
                    class="select"
                    id=id
                    data-testid=testid
                    on:change=move |ev| signal.set(event_target_value(&ev))
                >
                    <option value="" selected=signal.get_untracked().is_empty()>{tr(Msg::TrChooseLocation)}</option>
                    {location_options(&list, &signal.get_untracked())}
                </select>
                {move || error.get().map(|p| view! { <p class="field-error" data-testid=format!("field-error-{field}")>{p.text(crate::i18n::use_i18n().lang())}</p> })}
            </div>
        }
    };

    view! {
        <PageHeader title=Msg::TrNewTitle subtitle=Msg::TrNewSubtitle />
        <div class="stack" data-testid="transfer-new-page">
            <A href="/transfers" attr:class="link-button op-back">{tr(Msg::TrBack)}</A>
            <Panel title=Msg::TrRouteTitle subtitle=Msg::TrRouteSubtitle>
                <div class="form-row op-form">
                    {move || picker(from, "fromLocationId", Msg::TrFrom, "transfer-from")}
                    {move || picker(to, "toLocationId", Msg::TrTo, "transfer-to")}
                </div>
            </Panel>
            <Panel title=Msg::TrLinesTitle subtitle=Msg::TrLinesSubtitle>
                <LineEditor lines=lines />
            </Panel>
            <form class="panel op-form op-form-padded" novalidate on:submit=on_create data-testid="transfer-create-form">
                <TextField
                    name="note"
                    label=Msg::FieldNote
                    autocomplete="off"
                    testid="transfer-note"
                    placeholder=Msg::TrNotePlaceholder
                    value=note
                    error=form.field("note")
                />
                <FormError error=form.form() />
                <div class="form-actions op-actions-start">
                    <SubmitButton label=Msg::TrCreate busy_label=Msg::Saving testid="transfer-create" busy=form.busy />
                </div>
            </form>
        </div>
    }
}

/// One transfer and what can be done with it now.
#[component]
pub fn TransferPage() -> impl IntoView {
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id")).unwrap_or_default();
    let state = RwSignal::new(None::<Result<Transfer, ApiError>>);
    let load = move |id: String| {
        leptos::task::spawn_local(async move {
            let result = transfers::transfer(id).await;
            state.try_set(Some(result));
        });
    };
    load(id.clone());
    let flash = RwSignal::new(None::<Flash>);
    let view_state = move || match state.get() {
        None => view! { <Skeleton lines=6 /> }.into_any(),
        Some(Err(error)) => {
            let id = id.clone();
            view! { <ErrorNotice error=error on_retry=move |()| load(id.clone()) /> }.into_any()
        }
        Some(Ok(t)) => view! { <TransferDetail transfer=t state=state flash=flash /> }.into_any(),
    };
    view! {
        <PageHeader title=Msg::TrTitle subtitle=Msg::TrDetailSubtitle />
        <div class="stack" data-testid="transfer-page">
            <A href="/transfers" attr:class="link-button op-back">{tr(Msg::TrBack)}</A>
            {view_state}
        </div>
    }
}

#[component]
fn TransferDetail(
    transfer: Transfer,
    state: RwSignal<Option<Result<Transfer, ApiError>>>,
    flash: RwSignal<Option<Flash>>,
) -> impl IntoView {
    let t = transfer;
    let status = t.status;
    let id = t.id.clone();

    let summary = {
        let facts = [
            (Msg::TrFrom, format!("{} ({})", t.from_location.name, t.from_location.code), "from"),
            (Msg::TrTo, format!("{} ({})", t.to_location.name, t.to_location.code), "to"),
            (Msg::TrColumnQuantity, t.total_quantity.to_string(), "total"),
            (Msg::TrColumnInTransit, t.in_transit().to_string(), "in-transit"),
        ]
        .into_iter()
        .map(|(label, value, id)| {
            view! {
                <div class="stock-fact">
                    <span class="stock-fact-label">{tr(label)}</span>
                    <strong class="stock-fact-value" data-testid=format!("transfer-{id}")>{value}</strong>
                </div>
            }
        })
        .collect_view();
        let dates = [
            (Msg::ColumnCreated, Some(t.created_at.clone())),
            (Msg::TrShippedAt, t.shipped_at.clone()),
            (Msg::TrReceivedAt, t.received_at.clone()),
            (Msg::TrCancelledAt, t.cancelled_at.clone()),
        ]
        .into_iter()
        .filter_map(|(label, at)| at.map(|at| (label, at)))
        .map(|(label, at)| view! { <span class="chip">{tr(label)} " " <DateText at=at /></span> })
        .collect_view();
        view! {
            <div class="op-summary">
                <div class="op-summary-main">
                    <h2 class="mono" data-testid="transfer-number">{t.number.clone()}</h2>
                    <TransferBadge status=status />
                    <div class="chips">{dates}</div>
                </div>
                <div class="op-summary-facts">{facts}</div>
                {(!t.note.is_empty()).then(|| view! { <p class="muted small">{t.note.clone()}</p> })}
            </div>
        }
    };

    let body = match status {
        TransferStatus::Draft => {
            view! { <DraftActions transfer=t.clone() state=state flash=flash /> }.into_any()
        }
        TransferStatus::Shipped | TransferStatus::PartiallyReceived => {
            view! { <ReceiveForm transfer=t.clone() state=state flash=flash /> }.into_any()
        }
        TransferStatus::Received | TransferStatus::Cancelled => {
            view! { <LinesTable transfer=t.clone() /> }.into_any()
        }
    };

    // Ship and cancel confirmations.
    let ship = Pending::<String>::new();
    let cancel = Pending::<String>::new();
    let on_ship = move |id: String| {
        ship.run(
            id,
            move |id| async move {
                let done = transfers::ship_transfer(id).await?;
                flash.try_set(Some(Flash::done(Msg::TrShippedFlash, done.number.clone())));
                state.try_set(Some(Ok(done)));
                Ok(())
            },
            error_message,
            || {},
        );
    };
    let on_cancel = move |id: String| {
        cancel.run(
            id,
            move |id| async move {
                let done = transfers::cancel_transfer(id).await?;
                flash.try_set(Some(Flash::done(
                    Msg::TrCancelledFlash,
                    done.number.clone(),
                )));
                state.try_set(Some(Ok(done)));
                Ok(())
            },
            error_message,
            || {},
        );
    };
    let draft_buttons = (status == TransferStatus::Draft).then(|| {
        let (a, b) = (id.clone(), id.clone());
        view! {
            <div class="row-actions op-detail-actions">
                <button class="button button-danger-ghost" type="button" data-testid="transfer-cancel" on:click=move |_| cancel.ask(a.clone())>
                    {tr(Msg::TrCancel)}
                </button>
                <button class="button button-primary" type="button" data-testid="transfer-ship" on:click=move |_| ship.ask(b.clone())>
                    <Icon kind=IconKind::ArrowRight />
                    <span>{tr(Msg::TrShip)}</span>
                </button>
            </div>
        }
    });
    let describe = |_: &String, _| String::new();

    view! {
        <FlashNotice flash=flash />
        {summary}
        {draft_buttons}
        {body}
        <ConfirmDialog pending=ship title=Msg::TrShipTitle body=Msg::TrShipBody confirm_label=Msg::TrShip describe=describe on_confirm=on_ship />
        <ConfirmDialog pending=cancel title=Msg::TrCancelTitle body=Msg::TrCancelBody confirm_label=Msg::TrCancel describe=describe on_confirm=on_cancel />
    }
}

/// The lines as they stand: shipped, received, missing, still in transit.
#[component]
fn LinesTable(transfer: Transfer) -> impl IntoView {
    let moving = transfer.moving();
    let rows = transfer
        .lines
        .into_iter()
        .map(|l| {
            let sku = l.variant.sku.clone();
            view! {
                <tr data-testid="transfer-line" data-sku=sku>
                    <VariantCell product=l.variant.product.name title=l.variant.title sku=l.variant.sku />
                    <td class="cell-number">{l.quantity}</td>
                    <td class="cell-number" data-testid="line-received">{l.received_quantity}</td>
                    <td class="cell-number" class:stock-negative={l.missing_quantity > 0} data-testid="line-missing">{l.missing_quantity}</td>
                    <td class="cell-number" data-testid="line-outstanding">{if moving { l.outstanding_quantity } else { 0 }}</td>
                    <td class="cell-note">{l.discrepancy_reason.unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Panel title=Msg::TrLinesTitle subtitle=Msg::TrLinesStateSubtitle>
            <div class="num-2 num-3 num-4 num-5">
            <DataTable columns=&[
                Msg::ColumnVariant,
                Msg::TrColumnQuantity,
                Msg::TrColumnReceived,
                Msg::TrColumnMissing,
                Msg::TrColumnInTransit,
                Msg::TrColumnDiscrepancy,
            ]>{rows}</DataTable>
            </div>
        </Panel>
    }
}

/// A draft's lines, editable, saved with `updateTransfer`.
#[component]
fn DraftActions(
    transfer: Transfer,
    state: RwSignal<Option<Result<Transfer, ApiError>>>,
    flash: RwSignal<Option<Flash>>,
) -> impl IntoView {
    let lines = RwSignal::new(
        transfer
            .lines
            .iter()
            .map(|l| DraftLine {
                variant_id: l.variant_id.clone(),
                product: l.variant.product.name.clone(),
                title: l.variant.title.clone(),
                sku: l.variant.sku.clone(),
                quantity: RwSignal::new(l.quantity.to_string()),
            })
            .collect::<Vec<_>>(),
    );
    let note = RwSignal::new(transfer.note.clone());
    let form = FormState::default();
    let id = transfer.id.clone();
    let number = transfer.number.clone();
    let on_save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let parsed = lines.with_untracked(|l| line_inputs(l));
        if !form.begin(
            || {
                let mut errors = FormErrors::default();
                if let Err(p) = &parsed {
                    errors.set_form(Some(p.clone()));
                }
                errors
            },
            |_| {},
        ) {
            return;
        }
        let input = UpdateTransferInput {
            lines: parsed.unwrap_or_default(),
            note: note.get_untracked().trim().to_owned(),
        };
        let (id, number) = (id.clone(), number.clone());
        leptos::task::spawn_local(async move {
            let result = transfers::update_transfer(id, input).await;
            let explain = |e: &_| FormErrors::from_api(e, &[], Msg::ErrorUnauthenticated);
            if let Some(t) = form.settle(result, explain, |_| {}) {
                flash.try_set(Some(Flash::done(Msg::TrSavedFlash, number)));
                state.try_set(Some(Ok(t)));
            }
        });
    };
    view! {
        <Panel title=Msg::TrLinesTitle subtitle=Msg::TrDraftSubtitle>
            <LineEditor lines=lines />
            <form class="op-form" novalidate on:submit=on_save data-testid="transfer-save-form">
                <TextField
                    name="note"
                    label=Msg::FieldNote
                    autocomplete="off"
                    testid="transfer-note"
                    placeholder=Msg::TrNotePlaceholder
                    value=note
                    error=form.field("note")
                />
                <FormError error=form.form() />
                <div class="form-actions op-actions-start">
                    <SubmitButton label=Msg::SaveChanges busy_label=Msg::Saving testid="transfer-save" busy=form.busy />
                </div>
            </form>
        </Panel>
    }
}

/// Receiving: what arrived per line (the outstanding quantity by default), optionally
/// closing with a reason for what is short.
#[component]
fn ReceiveForm(
    transfer: Transfer,
    state: RwSignal<Option<Result<Transfer, ApiError>>>,
    flash: RwSignal<Option<Flash>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let inputs: Vec<(String, i64, RwSignal<String>)> = transfer
        .lines
        .iter()
        .map(|l| {
            (
                l.variant_id.clone(),
                l.outstanding_quantity,
                RwSignal::new(l.outstanding_quantity.to_string()),
            )
        })
        .collect();
    let inputs = StoredValue::new(inputs);
    let close = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let form = FormState::default();
    let id = transfer.id.clone();
    let number = transfer.number.clone();

    // Units that would be left outstanding by this receipt.
    let shortfall = move || {
        inputs.with_value(|inputs| {
            inputs
                .iter()
                .map(|(_, outstanding, typed)| {
                    let now = parse_non_negative(&typed.get()).unwrap_or(0);
                    (outstanding - now).max(0)
                })
                .fold(0i64, i64::saturating_add)
        })
    };

    let on_receive = move |ev: SubmitEvent| {
        ev.prevent_default();
        let parsed: Result<Vec<TransferLineInput>, Problem> = inputs.with_value(|inputs| {
            inputs
                .iter()
                .map(|(variant_id, outstanding, typed)| {
                    let n = parse_non_negative(&typed.get_untracked())?;
                    if n > *outstanding {
                        return Err(Problem::Msg(Msg::TrTooMany));
                    }
                    Ok(TransferLineInput {
                        variant_id: variant_id.clone(),
                        quantity: n,
                    })
                })
                .filter(|line| line.as_ref().map_or(true, |l| l.quantity > 0))
                .collect()
        });
        let closing = close.get_untracked();
        let short = shortfall();
        let why = reason.get_untracked().trim().to_owned();
        if !form.begin(
            || {
                let mut errors = FormErrors::default();
                match &parsed {
                    Err(p) => errors.set_form(Some(p.clone())),
                    Ok(lines) if lines.is_empty() && !closing => {
                        errors.set_form(Some(Problem::Msg(Msg::TrNothingReceived)));
                    }
                    Ok(_) => {}
                }
                if closing && short > 0 && why.is_empty() {
                    errors.add("discrepancyReason", Problem::Msg(Msg::ReasonRequired));
                }
                errors
            },
            |_| {},
        ) {
            return;
        }
        let input = ReceiveTransferInput {
            lines: parsed.unwrap_or_default(),
            close: closing,
            discrepancy_reason: (!why.is_empty()).then_some(why),
        };
        let (id, number) = (id.clone(), number.clone());
        leptos::task::spawn_local(async move {
            let result = transfers::receive_transfer(id, input).await;
            let explain =
                |e: &_| FormErrors::from_api(e, &["discrepancyReason"], Msg::ErrorUnauthenticated);
            if let Some(t) = form.settle(result, explain, |_| {}) {
                flash.try_set(Some(Flash::done(Msg::TrReceivedFlash, number)));
                state.try_set(Some(Ok(t)));
            }
        });
    };

    let rows = transfer
        .lines
        .iter()
        .cloned()
        .zip(inputs.get_value())
        .map(|(l, (_, outstanding, typed))| {
            let sku = l.variant.sku.clone();
            view! {
                <tr data-testid="transfer-line" data-sku=sku>
                    <VariantCell product=l.variant.product.name title=l.variant.title sku=l.variant.sku />
                    <td class="cell-number">{l.quantity}</td>
                    <td class="cell-number" data-testid="line-received">{l.received_quantity}</td>
                    <td class="cell-number" data-testid="line-outstanding"><strong>{outstanding}</strong></td>
                    <td class="cell-number">
                        <input
                            class="input input-compact op-qty"
                            aria-label=tr(Msg::TrColumnQuantity)
                            type="text"
                            inputmode="numeric"
                            data-testid="receive-qty"
                            disabled=outstanding == 0
                            prop:value=move || typed.get()
                            on:input=move |ev| typed.set(event_target_value(&ev))
                        />
                    </td>
                </tr>
            }
        })
        .collect_view();

    view! {
        <form class="panel op-form" novalidate on:submit=on_receive data-testid="receive-form">
            <header class="panel-header">
                <div>
                    <h2>{tr(Msg::TrReceiveTitle)}</h2>
                    <p class="muted small">{tr(Msg::TrReceiveSubtitle)}</p>
                </div>
            </header>
            <div class="num-2 num-3 num-4 num-5">
            <DataTable columns=&[
                Msg::ColumnVariant,
                Msg::TrColumnQuantity,
                Msg::TrColumnReceived,
                Msg::TrColumnInTransit,
                Msg::TrColumnArrivedNow,
            ]>{rows}</DataTable>
            </div>
            <div class="op-receive-close">
                <label class="check check-block">
                    <input
                        type="checkbox"
                        data-testid="receive-close"
                        prop:checked=move || close.get()
                        on:change=move |ev| close.set(event_target_checked(&ev))
                    />
                    <span>{tr(Msg::TrClose)}</span>
                </label>
                <p class="field-hint">{tr(Msg::TrCloseHint)}</p>
                {move || (close.get() && shortfall() > 0).then(|| view! {
                    <div class="notice notice-warning" data-testid="receive-shortfall">
                        <Icon kind=IconKind::Alert />
                        <p class="notice-text">{move || format!("{} {}", i18n.t(Msg::TrShortfall), shortfall())}</p>
                    </div>
                    <TextField
                        name="discrepancyReason"
                        label=Msg::TrDiscrepancyReason
                        autocomplete="off"
                        testid="receive-reason"
                        placeholder=Msg::TrDiscrepancyPlaceholder
                        value=reason
                        error=form.field("discrepancyReason")
                    />
                })}
            </div>
            <FormError error=form.form() />
            <div class="form-actions op-actions-start">
                <SubmitButton label=Msg::TrReceive busy_label=Msg::Saving testid="receive-submit" busy=form.busy />
            </div>
        </form>
    }
}
