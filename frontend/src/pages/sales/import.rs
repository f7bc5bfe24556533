//! `/sales/import`: POS sales from a register's CSV export. Choosing a channel and a file runs
//! a dry run at once, which shows the column mapping (detected, or saved for the channel by
//! its last import) as one select per field; changing a select checks again. Import then
//! records every receipt without errors; receipts imported before are left alone. The
//! import's stages are the shared [`CsvUpload`]; this page adds the channel, the mapping and
//! the sales report.

use leptos::prelude::*;

use crate::api::sales::import::{self, MappingField, SalesImportResult, SalesMapping};
use crate::components::{
    CsvFileField, CsvImport, CsvUpload, ErrorNotice, IconKind, ImportErrors, ImportFacts,
    ImportResult, PageHeader, Panel,
};
use crate::i18n::{Msg, provider_label, tr, use_i18n};

const ERROR_COLUMNS: &[Msg] = &[
    Msg::SImpColumnRow,
    Msg::ImpColumnColumn,
    Msg::ImpColumnMessage,
];

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
    import: CsvImport<SalesImportResult>,
    channel: RwSignal<String>,
    /// `None` until the server has answered once: it then knows the saved or detected one.
    mapping: RwSignal<Option<SalesMapping>>,
}

impl Form {
    /// Nothing chosen yet; files go to the chosen channel with the mapping as it stands.
    fn new() -> Self {
        let channel = RwSignal::new(String::new());
        let mapping = RwSignal::new(None::<SalesMapping>);
        let import = CsvImport::new(
            "sales-import",
            |result: &SalesImportResult, dry_run| dry_run && result.imported > 0,
            move |content, dry_run| {
                let channel = channel.get_untracked();
                let chosen = mapping.get_untracked();
                (!channel.is_empty()).then_some(async move {
                    let result = import::import_sales(channel, content, chosen, dry_run).await;
                    if let Ok(answer) = &result {
                        mapping.try_set(Some(answer.mapping.clone()));
                    }
                    result
                })
            },
        );
        Form {
            import,
            channel,
            mapping,
        }
    }

    fn busy(&self) -> bool {
        self.import.busy()
    }
}

/// The page.
#[component]
pub fn SalesImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let channels = LocalResource::new(import::channels);
    let form = Form::new();
    // The first channel (CSV ones come first) is preselected.
    Effect::new(move |_| {
        if let Some(Ok(list)) = channels.get()
            && form.channel.get_untracked().is_empty()
            && let Some(first) = list.first()
        {
            form.channel.set(first.id.clone());
        }
    });

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
                    form.import.last.set(None);
                    form.import.run(true);
                }
            >
                {options}
            </select>
        }
        .into_any()
    };

    let result = move || {
        form.import.last.get().map(|(result, dry_run)| {
            view! {
                <MappingPanel form=form headers=result.headers.clone() />
                <Outcome result=result dry_run=dry_run />
            }
        })
    };

    view! {
        <PageHeader title=Msg::SImpTitle subtitle=Msg::SImpSubtitle />
        <div class="stack" data-testid="sales-import-page">
            <CsvUpload import=form.import title=Msg::SImpUploadTitle subtitle=Msg::SImpUploadSubtitle hint=Msg::SImpColumnsHint>
                <div class="field">
                    <label class="field-label" for="field-sales-import-channel">{tr(Msg::SImpChannel)}</label>
                    {channel_select}
                </div>
                // A new file brings its own headers: the mapping is detected again.
                <CsvFileField
                    import=form.import
                    on_read=move |()| {
                        form.mapping.set(None);
                        form.import.run(true);
                    }
                />
            </CsvUpload>
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
                            form.import.run(true);
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
    let facts = vec![
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
    ];
    let total = result.error_count;
    view! {
        <ImportResult
            testid=testid
            tone=tone
            icon=if dry_run { IconKind::Alert } else { IconKind::Check }
            title=tr(title)
            body=tr(body)
        >
            <ImportFacts name="sales-import" facts=facts />
            {(total > 0).then(|| view! {
                <ImportErrors
                    name="sales-import"
                    columns=ERROR_COLUMNS
                    line_attr="data-row"
                    errors=result.errors
                    total=total
                    testid="sales-import-errors"
                />
            })}
        </ImportResult>
    }
}
