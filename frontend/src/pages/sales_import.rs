//! `/sales/import`: POS sales from a register's CSV export. Choosing a channel and a file runs
//! a dry run at once, which shows the column mapping (detected, or saved for the channel by
//! its last import) as one select per field; changing a select checks again. Import then
//! records every receipt without errors; receipts imported before are left alone.

use leptos::prelude::*;
use leptos::web_sys;

use crate::api::sales_import::{self, MappingField, SalesImportResult, SalesMapping};
use crate::components::{
    DataTable, ErrorNotice, Icon, IconKind, PageHeader, Panel, ReadFile, chosen_file, read_file,
};
use crate::i18n::{Msg, error_message, provider_label, tr, use_i18n};

const ERROR_COLUMNS: &[Msg] = &[
    Msg::SImpColumnRow,
    Msg::ImpColumnColumn,
    Msg::ImpColumnMessage,
];

/// Where the import stands.
#[derive(Debug, Clone, PartialEq)]
enum Stage {
    /// Nothing chosen yet.
    Idle,
    /// The browser is reading the file.
    Reading,
    /// The request is on its way.
    Sending { dry_run: bool },
    /// The server answered (the answer is the form's `last`).
    Done,
    /// It failed.
    Failed(Msg),
}

/// The label and whether the import needs it, per field.
fn field_label(field: MappingField) -> (Msg, bool) {
    match field {
        MappingField::ReceiptNumber => (Msg::SImpFieldReceipt, true),
        MappingField::OccurredAt => (Msg::SImpFieldOccurredAt, true),
        MappingField::LocationCode => (Msg::SImpFieldLocation, false),
        MappingField::Sku => (Msg::SImpFieldSku, false),
        MappingField::Barcode => (Msg::SImpFieldBarcode, false),
        MappingField::Quantity => (Msg::SImpFieldQuantity, true),
        MappingField::UnitPrice => (Msg::SImpFieldUnitPrice, false),
        MappingField::Discount => (Msg::SImpFieldDiscount, false),
        MappingField::TaxRate => (Msg::SImpFieldTaxRate, false),
        MappingField::PaymentMethod => (Msg::SImpFieldPayment, false),
    }
}

/// Everything a request needs, as signals.
#[derive(Clone, Copy)]
struct Form {
    stage: RwSignal<Stage>,
    channel: RwSignal<String>,
    file: RwSignal<Option<ReadFile>>,
    /// `None` until the server has answered once: it then knows the saved or detected one.
    mapping: RwSignal<Option<SalesMapping>>,
    /// The last answer and whether it was a dry run, kept on screen while checking again.
    last: RwSignal<Option<(SalesImportResult, bool)>>,
}

impl Form {
    fn busy(&self) -> bool {
        matches!(self.stage.get(), Stage::Reading | Stage::Sending { .. })
    }

    /// Sends the file: a dry run, or the import.
    fn run(self, dry_run: bool) {
        let Some(file) = self.file.get_untracked() else {
            return;
        };
        let channel = self.channel.get_untracked();
        if channel.is_empty()
            || matches!(
                self.stage.get_untracked(),
                Stage::Reading | Stage::Sending { .. }
            )
        {
            return;
        }
        self.stage.set(Stage::Sending { dry_run });
        let mapping = self.mapping.get_untracked();
        leptos::task::spawn_local(async move {
            let next =
                match sales_import::import_sales(channel, file.base64, mapping, dry_run).await {
                    Ok(result) => {
                        self.mapping.try_set(Some(result.mapping.clone()));
                        self.last.try_set(Some((result, dry_run)));
                        Stage::Done
                    }
                    Err(error) => Stage::Failed(error_message(&error)),
                };
            self.stage.try_set(next);
        });
    }
}

/// The page.
#[component]
pub fn SalesImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let channels = LocalResource::new(sales_import::channels);
    let form = Form {
        stage: RwSignal::new(Stage::Idle),
        channel: RwSignal::new(String::new()),
        file: RwSignal::new(None),
        mapping: RwSignal::new(None),
        last: RwSignal::new(None),
    };
    // The first channel (CSV ones come first) is preselected.
    Effect::new(move |_| {
        if let Some(Ok(list)) = channels.get()
            && form.channel.get_untracked().is_empty()
            && let Some(first) = list.first()
        {
            form.channel.set(first.id.clone());
        }
    });

    let on_file = move |ev: web_sys::Event| {
        let Some(file) = chosen_file(&ev) else {
            form.file.set(None);
            form.stage.set(Stage::Idle);
            return;
        };
        form.file.set(None);
        form.mapping.set(None);
        form.last.set(None);
        form.stage.set(Stage::Reading);
        leptos::task::spawn_local(async move {
            match read_file(file).await {
                Ok(read) => {
                    form.file.try_set(Some(read));
                    form.stage.try_set(Stage::Idle);
                    form.run(true);
                }
                Err(()) => {
                    form.stage.try_set(Stage::Failed(Msg::ImpReadFailed));
                }
            }
        });
    };

    let can_import = move || {
        form.stage.get() == Stage::Done
            && form
                .last
                .with(|last| matches!(last, Some((result, true)) if result.imported > 0))
    };

    let channel_select = move || {
        let list = match channels.get() {
            Some(Err(error)) => {
                return view! { <ErrorNotice error=error on_retry=move |()| channels.refetch() /> }
                    .into_any();
            }
            Some(Ok(list)) if list.is_empty() => {
                return view! { <p class="field-error" data-testid="sales-import-no-channels">{tr(Msg::SImpNoChannels)}</p> }
                    .into_any();
            }
            Some(Ok(list)) => list,
            None => Vec::new(),
        };
        let current = form.channel.get();
        let options = list
            .into_iter()
            .map(|c| {
                let selected = c.id == current;
                let label = move || format!("{} · {}", c.name, i18n.t(provider_label(c.provider)));
                view! { <option value=c.id.clone() selected=selected>{label}</option> }
            })
            .collect_view();
        view! {
            <select
                class="select"
                id="field-sales-import-channel"
                data-testid="sales-import-channel"
                disabled=move || form.busy()
                on:change=move |ev| {
                    form.channel.set(event_target_value(&ev));
                    form.mapping.set(None);
                    form.last.set(None);
                    form.run(true);
                }
            >
                {options}
            </select>
        }
        .into_any()
    };

    let progress = move || {
        let label = match form.stage.get() {
            Stage::Reading => Msg::ImpReading,
            Stage::Sending { dry_run: true } => Msg::ImpChecking,
            Stage::Sending { dry_run: false } => Msg::ImpImporting,
            _ => return None,
        };
        Some(view! {
            <div class="import-progress" role="status" data-testid="sales-import-progress">
                <span class="spinner spinner-dark" aria-hidden="true"></span>
                <span>{tr(label)}</span>
                <div class="progress-bar"><span></span></div>
            </div>
        })
    };

    let failure = move || match form.stage.get() {
        Stage::Failed(msg) => Some(view! {
            <div class="notice notice-error" role="alert" data-testid="sales-import-failed">
                <Icon kind=IconKind::Alert />
                <p class="notice-text">{move || i18n.t(msg)}</p>
            </div>
        }),
        _ => None,
    };
    let result = move || {
        form.last.get().map(|(result, dry_run)| {
            view! {
                <MappingPanel form=form headers=result.headers.clone() />
                <Outcome result=result dry_run=dry_run />
            }
        })
    };

    view! {
        <PageHeader title=Msg::SImpTitle subtitle=Msg::SImpSubtitle />
        <div class="stack" data-testid="sales-import-page">
            <Panel title=Msg::SImpUploadTitle subtitle=Msg::SImpUploadSubtitle>
                <div class="import-form">
                    <div class="form-row">
                        <div class="field">
                            <label class="field-label" for="field-sales-import-channel">{tr(Msg::SImpChannel)}</label>
                            {channel_select}
                        </div>
                        <div class="field">
                            <label class="field-label" for="field-sales-import-file">{tr(Msg::ImpFile)}</label>
                            <input
                                class="input import-file"
                                id="field-sales-import-file"
                                type="file"
                                accept=".csv,text/csv"
                                data-testid="sales-import-file"
                                disabled=move || form.busy()
                                on:change=on_file
                            />
                            {move || form.file.get().map(|f| view! { <span class="muted small" data-testid="sales-import-file-name">{f.label()}</span> })}
                        </div>
                    </div>
                    <p class="field-hint">{tr(Msg::SImpColumnsHint)}</p>
                    <div class="form-actions import-actions">
                        <button
                            class="button"
                            type="button"
                            data-testid="sales-import-check"
                            disabled=move || form.busy() || form.file.with(Option::is_none)
                            on:click=move |_| form.run(true)
                        >
                            {tr(Msg::ImpCheck)}
                        </button>
                        <button
                            class="button button-primary"
                            type="button"
                            data-testid="sales-import-apply"
                            disabled=move || form.busy() || !can_import()
                            on:click=move |_| form.run(false)
                        >
                            {tr(Msg::ImpApply)}
                        </button>
                    </div>
                    {progress}
                </div>
            </Panel>
            {failure}
            {result}
        </div>
    }
}

/// One select per field listing the file's headers; a change checks the file again.
#[component]
fn MappingPanel(form: Form, headers: Vec<String>) -> impl IntoView {
    let current = form.mapping.get_untracked().unwrap_or_default();
    let fields = MappingField::ALL
        .into_iter()
        .map(|field| {
            let (label, required) = field_label(field);
            let chosen = current.get(field);
            let id = format!("field-map-{}", field.key());
            let options = headers
                .iter()
                .map(|h| {
                    let selected = chosen.as_deref() == Some(h.as_str());
                    view! { <option value=h.clone() selected=selected>{h.clone()}</option> }
                })
                .collect_view();
            view! {
                <div class="field">
                    <label class="field-label" for=id.clone()>
                        {tr(label)}
                        {required.then(|| view! { <span class="muted small">{" · "}{tr(Msg::SImpRequired)}</span> })}
                    </label>
                    <select
                        class="select"
                        id=id
                        data-testid=format!("sales-import-map-{}", field.key())
                        disabled=move || form.busy()
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            let header = (!value.is_empty()).then_some(value);
                            form.mapping.update(|m| m.get_or_insert_with(SalesMapping::default).set(field, header));
                            form.run(true);
                        }
                    >
                        <option value="" selected=chosen.is_none()>{tr(Msg::SImpNotMapped)}</option>
                        {options}
                    </select>
                </div>
            }
        })
        .collect_view();
    view! {
        <Panel title=Msg::SImpMappingTitle subtitle=Msg::SImpMappingSubtitle>
            <div class="mapping-grid" data-testid="sales-import-mapping">{fields}</div>
        </Panel>
    }
}

/// The counts, and every bad row.
#[component]
fn Outcome(result: SalesImportResult, dry_run: bool) -> impl IntoView {
    let i18n = use_i18n();
    let (title, body, tone, testid) = match (dry_run, result.error_count > 0) {
        (true, false) => (
            Msg::SImpReadyTitle,
            Msg::SImpReadyBody,
            "notice notice-warning",
            "sales-import-summary",
        ),
        (true, true) => (
            Msg::SImpErrorsTitle,
            Msg::SImpErrorsBody,
            "notice notice-error",
            "sales-import-summary",
        ),
        (false, _) => (
            Msg::SImpDoneTitle,
            Msg::SImpDoneBody,
            "notice notice-success",
            "sales-import-applied",
        ),
    };
    let facts = [
        (Msg::SImpReceipts, result.receipts, "receipts"),
        (
            if dry_run {
                Msg::SImpToImport
            } else {
                Msg::SImpImported
            },
            result.imported,
            "imported",
        ),
        (Msg::SImpAlready, result.already_imported, "already"),
        (Msg::SImpSkipped, result.skipped, "skipped"),
    ]
    .into_iter()
    .map(|(label, n, id)| {
        view! {
            <div class="stock-fact">
                <span class="stock-fact-label">{tr(label)}</span>
                <strong class="stock-fact-value" data-testid=format!("sales-import-{id}")>{n}</strong>
            </div>
        }
    })
    .collect_view();
    let more = result.error_count - result.errors.len() as i64;
    let rows = result
        .errors
        .into_iter()
        .map(|e| {
            view! {
                <tr data-testid="sales-import-error-row" data-row=e.row.to_string()>
                    <td class="cell-number mono">{e.row}</td>
                    <td class="mono">{e.column.unwrap_or_else(|| "—".to_owned())}</td>
                    <td>
                        <span>{e.message}</span>
                        <span class="cell-sub mono">{e.code}</span>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let has_errors = result.error_count > 0;
    view! {
        <section class="panel import-result" data-testid=testid>
            <div class=tone>
                <Icon kind=if !dry_run { IconKind::Check } else { IconKind::Alert } />
                <div class="notice-text">
                    <strong>{tr(title)}</strong>
                    <p>{tr(body)}</p>
                </div>
            </div>
            <div class="stock-facts import-facts">{facts}</div>
            {has_errors.then(|| view! {
                <div class="num-1" data-testid="sales-import-errors"><DataTable columns=ERROR_COLUMNS>{rows}</DataTable></div>
            })}
            {(more > 0).then(|| view! { <p class="muted small">{move || format!("+{more} {}", i18n.t(Msg::ImpMoreErrors))}</p> })}
        </section>
    }
}
