//! `/products/import`: a products CSV checked first (a dry run listing every bad row by line
//! and column), then imported all at once; and the CSV exports of products and the ledger.
//! The import's stages are the shared [`CsvUpload`]; this page adds the file's encoding and
//! the products report.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::api::catalog::spreadsheet::{self, CsvEncoding, ImportInput, ProductImport};
use crate::api::stock::movements;
use crate::components::{
    CsvFileField, CsvImport, CsvUpload, Icon, IconKind, ImportErrors, ImportFacts, ImportResult,
    ImportStage, PageHeader, Panel, download_text, today,
};
use crate::i18n::{Msg, error_message, tr, use_i18n};

const ERROR_COLUMNS: &[Msg] = &[
    Msg::ImpColumnLine,
    Msg::ImpColumnColumn,
    Msg::ImpColumnMessage,
];

/// The import and export page.
#[component]
pub fn ProductImportPage() -> impl IntoView {
    let encoding = RwSignal::new(CsvEncoding::Auto);
    let import = CsvImport::new(
        "import",
        |report: &ProductImport, _| !report.applied && report.error_count == 0 && report.rows > 0,
        move |content, dry_run| {
            Some(spreadsheet::import_products(ImportInput {
                content,
                encoding: encoding.get_untracked(),
                dry_run,
            }))
        },
    );
    // The report of the last answer, hidden while the file is checked again.
    let report = move || {
        let (report, _) = import
            .last
            .get()
            .filter(|_| import.stage.get() == ImportStage::Done)?;
        Some(view! { <ImportReport report=report /> })
    };
    let encodings = CsvEncoding::ALL
        .into_iter()
        .map(|e| {
            let label = match e {
                CsvEncoding::Auto => Msg::ImpEncodingAuto,
                CsvEncoding::Utf8 => Msg::ImpEncodingUtf8,
                CsvEncoding::ShiftJis => Msg::ImpEncodingSjis,
            };
            view! { <option value=e.as_str() selected=e == CsvEncoding::Auto>{tr(label)}</option> }
        })
        .collect_view();

    view! {
        <PageHeader title=Msg::ImpTitle subtitle=Msg::ImpSubtitle />
        <div class="stack" data-testid="import-page">
            <CsvUpload import=import title=Msg::ImpUploadTitle subtitle=Msg::ImpUploadSubtitle hint=Msg::ImpColumnsHint>
                <CsvFileField import=import on_read=move |()| import.run(true) />
                <div class="field">
                    <label class="field-label" for="field-import-encoding">{tr(Msg::ImpEncoding)}</label>
                    <select
                        class="select"
                        id="field-import-encoding"
                        data-testid="import-encoding"
                        on:change=move |ev| {
                            if let Some(e) = CsvEncoding::parse(&event_target_value(&ev)) {
                                encoding.set(e);
                                import.run(true);
                            }
                        }
                    >
                        {encodings}
                    </select>
                </div>
            </CsvUpload>
            {report}
            <Panel title=Msg::ImpExportTitle subtitle=Msg::ImpExportSubtitle>
                <ExportButtons />
            </Panel>
        </div>
    }
}

/// The answer: every bad row, or what would be (or was) written.
#[component]
fn ImportReport(report: ProductImport) -> impl IntoView {
    let i18n = use_i18n();
    if report.error_count > 0 {
        let count = report.error_count;
        let rows_total = report.rows;
        return view! {
            <ImportResult
                testid="import-errors"
                tone="notice notice-error"
                icon=IconKind::Alert
                title=move || format!("{} {count}", i18n.t(Msg::ImpErrorsTitle))
                body=move || format!("{} ({} {rows_total})", i18n.t(Msg::ImpErrorsBody), i18n.t(Msg::ImpRows))
            >
                <ImportErrors name="import" columns=ERROR_COLUMNS line_attr="data-line" errors=report.errors total=count />
            </ImportResult>
        }
        .into_any();
    }
    let (title, body, testid) = if report.applied {
        (Msg::ImpAppliedTitle, Msg::ImpAppliedBody, "import-applied")
    } else {
        (Msg::ImpReadyTitle, Msg::ImpReadyBody, "import-summary")
    };
    let facts: Vec<_> = vec![
        (Msg::ImpRows, report.rows, "rows"),
        (
            Msg::ImpProductsCreated,
            report.products_created,
            "products-created",
        ),
        (
            Msg::ImpVariantsCreated,
            report.variants_created,
            "variants-created",
        ),
        (
            Msg::ImpVariantsUpdated,
            report.variants_updated,
            "variants-updated",
        ),
    ]
    .into_iter()
    // A dry run only validates: what it creates or updates is known once applied.
    .take(if report.applied { 4 } else { 1 })
    .collect();
    view! {
        <ImportResult
            testid=testid
            tone=if report.applied { "notice notice-success" } else { "notice notice-warning" }
            icon=if report.applied { IconKind::Check } else { IconKind::Alert }
            title=tr(title)
            body=tr(body)
        >
            <ImportFacts name="import" facts=facts />
        </ImportResult>
    }
    .into_any()
}

/// Download buttons for the two CSV exports.
#[component]
fn ExportButtons() -> impl IntoView {
    let i18n = use_i18n();
    let busy = RwSignal::new(None::<&'static str>);
    let failed = RwSignal::new(None::<Msg>);
    let export = move |which: &'static str| {
        if busy.get_untracked().is_some() {
            return;
        }
        busy.set(Some(which));
        failed.set(None);
        leptos::task::spawn_local(async move {
            let result: Result<String, ApiError> = if which == "products" {
                spreadsheet::export_products().await
            } else {
                movements::export_stock_movements().await
            };
            busy.try_set(None);
            match result {
                Ok(csv) => {
                    let name = format!("kura-{which}-{}.csv", today());
                    if download_text(&name, &csv).is_err() {
                        failed.try_set(Some(Msg::ImpDownloadFailed));
                    }
                }
                Err(error) => {
                    failed.try_set(Some(error_message(&error)));
                }
            }
        });
    };
    let button = move |which: &'static str, label: Msg| {
        view! {
            <button
                class="button"
                type="button"
                data-testid=format!("export-{which}")
                disabled=move || busy.get().is_some()
                on:click=move |_| export(which)
            >
                {move || if busy.get() == Some(which) {
                    view! { <span class="spinner spinner-dark" aria-hidden="true"></span> }.into_any()
                } else {
                    view! { <Icon kind=IconKind::ArrowRight /> }.into_any()
                }}
                <span>{tr(label)}</span>
            </button>
        }
    };
    view! {
        <div class="row-actions export-actions">
            {button("products", Msg::ImpExportProducts)}
            {button("movements", Msg::ImpExportMovements)}
        </div>
        {move || failed.get().map(|msg| view! { <p class="field-error">{move || i18n.t(msg)}</p> })}
    }
}
