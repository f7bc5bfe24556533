//! `/products/import`: a products CSV checked first (a dry run listing every bad row by line
//! and column), then imported all at once; and the CSV exports of products and the ledger.

use leptos::prelude::*;
use leptos::web_sys;
use wasm_bindgen::JsCast;

use crate::api::ApiError;
use crate::api::ops::{self, CsvEncoding, ImportInput, ProductImport};
use crate::components::{
    DataTable, Icon, IconKind, PageHeader, Panel, ReadFile, chosen_file, read_file,
};
use crate::i18n::{Msg, error_message, tr, use_i18n};

const ERROR_COLUMNS: &[Msg] = &[
    Msg::ImpColumnLine,
    Msg::ImpColumnColumn,
    Msg::ImpColumnMessage,
];

/// Where the import stands.
#[derive(Debug, Clone, PartialEq)]
enum Stage {
    /// Nothing chosen yet, or a new file chosen.
    Idle,
    /// The browser is reading the file.
    Reading,
    /// The request is on its way (`dry_run` or the real import).
    Sending { dry_run: bool },
    /// The server's answer.
    Done(ProductImport),
    /// It failed.
    Failed(Msg),
}

/// The import and export page.
#[component]
pub fn ProductImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let stage = RwSignal::new(Stage::Idle);
    let chosen = RwSignal::new(None::<ReadFile>);
    let encoding = RwSignal::new(CsvEncoding::Auto);

    let on_file = move |ev: web_sys::Event| {
        let Some(file) = chosen_file(&ev) else {
            chosen.set(None);
            stage.set(Stage::Idle);
            return;
        };
        chosen.set(None);
        stage.set(Stage::Reading);
        leptos::task::spawn_local(async move {
            match read_file(file).await {
                Ok(read) => {
                    chosen.try_set(Some(read));
                    stage.try_set(Stage::Idle);
                    run(stage, chosen, encoding, true);
                }
                Err(()) => {
                    stage.try_set(Stage::Failed(Msg::ImpReadFailed));
                }
            }
        });
    };

    let busy = move || matches!(stage.get(), Stage::Reading | Stage::Sending { .. });
    let can_import = move || matches!(stage.get(), Stage::Done(ref r) if !r.applied && r.error_count == 0 && r.rows > 0);

    let progress = move || {
        let label = match stage.get() {
            Stage::Reading => Msg::ImpReading,
            Stage::Sending { dry_run: true } => Msg::ImpChecking,
            Stage::Sending { dry_run: false } => Msg::ImpImporting,
            _ => return None,
        };
        Some(view! {
            <div class="import-progress" role="status" data-testid="import-progress">
                <span class="spinner spinner-dark" aria-hidden="true"></span>
                <span>{tr(label)}</span>
                <div class="progress-bar"><span></span></div>
            </div>
        })
    };

    let result = move || match stage.get() {
        Stage::Failed(msg) => Some(
            view! {
                <div class="notice notice-error" role="alert" data-testid="import-failed">
                    <Icon kind=IconKind::Alert />
                    <p class="notice-text">{move || i18n.t(msg)}</p>
                </div>
            }
            .into_any(),
        ),
        Stage::Done(report) => Some(view! { <ImportReport report=report /> }.into_any()),
        _ => None,
    };

    let file_label = move || {
        chosen.get().map(|c| {
            view! { <span class="muted small" data-testid="import-file-name">{c.label()}</span> }
        })
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
            <Panel title=Msg::ImpUploadTitle subtitle=Msg::ImpUploadSubtitle>
                <div class="import-form">
                    <div class="form-row">
                        <div class="field">
                            <label class="field-label" for="field-import-file">{tr(Msg::ImpFile)}</label>
                            <input
                                class="input import-file"
                                id="field-import-file"
                                type="file"
                                accept=".csv,text/csv"
                                data-testid="import-file"
                                disabled=busy
                                on:change=on_file
                            />
                            {file_label}
                        </div>
                        <div class="field">
                            <label class="field-label" for="field-import-encoding">{tr(Msg::ImpEncoding)}</label>
                            <select
                                class="select"
                                id="field-import-encoding"
                                data-testid="import-encoding"
                                on:change=move |ev| {
                                    if let Some(e) = CsvEncoding::parse(&event_target_value(&ev)) {
                                        encoding.set(e);
                                        if chosen.with_untracked(Option::is_some) {
                                            run(stage, chosen, encoding, true);
                                        }
                                    }
                                }
                            >
                                {encodings}
                            </select>
                        </div>
                    </div>
                    <p class="field-hint">{tr(Msg::ImpColumnsHint)}</p>
                    <div class="form-actions import-actions">
                        <button
                            class="button"
                            type="button"
                            data-testid="import-check"
                            disabled=move || busy() || chosen.with(Option::is_none)
                            on:click=move |_| run(stage, chosen, encoding, true)
                        >
                            {tr(Msg::ImpCheck)}
                        </button>
                        <button
                            class="button button-primary"
                            type="button"
                            data-testid="import-apply"
                            disabled=move || busy() || !can_import()
                            on:click=move |_| run(stage, chosen, encoding, false)
                        >
                            {tr(Msg::ImpApply)}
                        </button>
                    </div>
                    {progress}
                </div>
            </Panel>
            {result}
            <Panel title=Msg::ImpExportTitle subtitle=Msg::ImpExportSubtitle>
                <ExportButtons />
            </Panel>
        </div>
    }
}

/// Sends the chosen file: a dry run, or the import.
fn run(
    stage: RwSignal<Stage>,
    chosen: RwSignal<Option<ReadFile>>,
    encoding: RwSignal<CsvEncoding>,
    dry_run: bool,
) {
    let Some(file) = chosen.get_untracked() else {
        return;
    };
    if matches!(
        stage.get_untracked(),
        Stage::Reading | Stage::Sending { .. }
    ) {
        return;
    }
    stage.set(Stage::Sending { dry_run });
    let input = ImportInput {
        content: file.base64,
        encoding: encoding.get_untracked(),
        dry_run,
    };
    leptos::task::spawn_local(async move {
        let next = match ops::import_products(input).await {
            Ok(report) => Stage::Done(report),
            Err(error) => Stage::Failed(error_message(&error)),
        };
        stage.try_set(next);
    });
}

/// The answer: every bad row, or what would be (or was) written.
#[component]
fn ImportReport(report: ProductImport) -> impl IntoView {
    let i18n = use_i18n();
    if report.error_count > 0 {
        let more = report.error_count - report.errors.len() as i64;
        let rows = report
            .errors
            .into_iter()
            .map(|e| {
                view! {
                    <tr data-testid="import-error-row" data-line=e.line.to_string()>
                        <td class="cell-number mono">{e.line}</td>
                        <td class="mono">{e.column.unwrap_or_else(|| "—".to_owned())}</td>
                        <td>
                            <span>{e.message}</span>
                            <span class="cell-sub mono">{e.code}</span>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        let count = report.error_count;
        let rows_total = report.rows;
        return view! {
            <section class="panel import-result" data-testid="import-errors">
                <div class="notice notice-error">
                    <Icon kind=IconKind::Alert />
                    <div class="notice-text">
                        <strong>{move || format!("{} {count}", i18n.t(Msg::ImpErrorsTitle))}</strong>
                        <p>{move || format!("{} ({} {rows_total})", i18n.t(Msg::ImpErrorsBody), i18n.t(Msg::ImpRows))}</p>
                    </div>
                </div>
                <div class="num-1"><DataTable columns=ERROR_COLUMNS>{rows}</DataTable></div>
                {(more > 0).then(|| view! { <p class="muted small">{move || format!("+{more} {}", i18n.t(Msg::ImpMoreErrors))}</p> })}
            </section>
        }
        .into_any();
    }
    let (title, testid) = if report.applied {
        (Msg::ImpAppliedTitle, "import-applied")
    } else {
        (Msg::ImpReadyTitle, "import-summary")
    };
    let facts = [
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
    .map(|(label, n, id)| {
        view! {
            <div class="stock-fact">
                <span class="stock-fact-label">{tr(label)}</span>
                <strong class="stock-fact-value" data-testid=format!("import-{id}")>{n}</strong>
            </div>
        }
    })
    .collect_view();
    view! {
        <section class="panel import-result" data-testid=testid>
            <div class=if report.applied { "notice notice-success" } else { "notice notice-warning" }>
                <Icon kind=if report.applied { IconKind::Check } else { IconKind::Alert } />
                <div class="notice-text">
                    <strong>{tr(title)}</strong>
                    <p>{tr(if report.applied { Msg::ImpAppliedBody } else { Msg::ImpReadyBody })}</p>
                </div>
            </div>
            <div class="stock-facts import-facts">{facts}</div>
        </section>
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
                ops::export_products().await
            } else {
                ops::export_stock_movements().await
            };
            busy.try_set(None);
            match result {
                Ok(csv) => {
                    let name = format!("kura-{which}-{}.csv", today());
                    if download(&name, &csv).is_err() {
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

/// `2026-11-27`, for file names.
fn today() -> String {
    let iso = String::from(js_sys::Date::new_0().to_iso_string());
    iso.chars().take(10).collect()
}

/// Saves `text` as a file named `name` through a temporary object URL.
fn download(name: &str, text: &str) -> Result<(), wasm_bindgen::JsValue> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let anchor: web_sys::HtmlAnchorElement = document().create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.set_attribute("data-testid", "export-link")?;
    document()
        .body()
        .ok_or_else(|| wasm_bindgen::JsValue::from_str("no body"))?
        .append_child(&anchor)?;
    anchor.click();
    anchor.remove();
    // Give the browser a moment to start the download before the URL goes away.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(5),
    );
    Ok(())
}
