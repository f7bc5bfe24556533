//! `/orders/warehouse`: the round trip with an outsourced warehouse (3PL, 外部倉庫). Pick
//! the warehouse, download what it must ship (出荷指示 CSV), and import what it shipped
//! (出荷実績 CSV): checked first, every bad row listed, then booked as shipments.

use kura_shared::LocationKind;
use leptos::prelude::*;

use crate::api::catalog::locations::{self, Location};
use crate::api::catalog::spreadsheet::CsvEncoding;
use crate::api::orders::outsourced::{self, ResultsImport, ResultsInput};
use crate::components::{
    CsvFileField, CsvImport, CsvUpload, ErrorNotice, Icon, IconKind, ImportErrors, ImportFacts,
    ImportResult, ImportStage, PageHeader, Panel, Skeleton, download_text, location_options, today,
};
use crate::i18n::{Msg, error_message, tr, use_i18n};

const ERROR_COLUMNS: &[Msg] = &[
    Msg::ImpColumnLine,
    Msg::ImpColumnColumn,
    Msg::ImpColumnMessage,
];

/// The page, once the locations are known.
#[component]
pub fn OutsourcedPage() -> impl IntoView {
    let loaded = LocalResource::new(|| locations::locations(false));
    let body = move || match loaded.get() {
        None => view! { <Skeleton lines=6 /> }.into_any(),
        Some(Err(error)) => {
            view! { <ErrorNotice error=error on_retry=move |()| loaded.refetch() /> }.into_any()
        }
        Some(Ok(list)) => view! { <Warehouse locations=list /> }.into_any(),
    };
    view! {
        <PageHeader title=Msg::WhTitle subtitle=Msg::WhSubtitle />
        <div class="stack" data-testid="warehouse-page">{body}</div>
    }
}

/// The warehouse first: an outsourced one if the company has one.
fn first_warehouse(list: &[Location]) -> String {
    list.iter()
        .find(|l| l.kind == LocationKind::ExternalWarehouse)
        .or_else(|| list.iter().find(|l| l.kind == LocationKind::Warehouse))
        .or_else(|| list.first())
        .map(|l| l.id.clone())
        .unwrap_or_default()
}

#[component]
fn Warehouse(locations: Vec<Location>) -> impl IntoView {
    let location = RwSignal::new(first_warehouse(&locations));
    let options = location_options(&locations, &location.get_untracked());
    let encoding = RwSignal::new(CsvEncoding::Auto);
    let import = CsvImport::new(
        "results",
        |report: &ResultsImport, dry_run| {
            dry_run && report.error_count == 0 && report.shipments_created > 0
        },
        move |content, dry_run| {
            let location_id = location.get_untracked();
            (!location_id.is_empty()).then(|| {
                outsourced::import_shipment_results(ResultsInput {
                    location_id,
                    content,
                    encoding: encoding.get_untracked(),
                    dry_run,
                })
            })
        },
    );
    let report = move || {
        let (report, dry_run) = import
            .last
            .get()
            .filter(|_| import.stage.get() == ImportStage::Done)?;
        Some(view! { <ResultsReport report=report dry_run=dry_run /> })
    };
    view! {
        <Panel title=Msg::WhInstructionsTitle subtitle=Msg::WhInstructionsSubtitle>
            <div class="import-form">
                <div class="form-row">
                    <div class="field">
                        <label class="field-label" for="field-warehouse-location">{tr(Msg::WhLocation)}</label>
                        <select
                            class="select"
                            id="field-warehouse-location"
                            data-testid="warehouse-location"
                            on:change=move |ev| {
                                location.set(event_target_value(&ev));
                                import.last.set(None);
                            }
                        >
                            {options}
                        </select>
                    </div>
                </div>
                <p class="field-hint">{tr(Msg::WhInstructionsHint)}</p>
                <InstructionsButton location=location />
            </div>
        </Panel>
        <CsvUpload import=import title=Msg::WhResultsTitle subtitle=Msg::WhResultsSubtitle hint=Msg::WhResultsHint>
            <CsvFileField import=import on_read=move |()| import.run(true) />
            <div class="field">
                <label class="field-label" for="field-results-encoding">{tr(Msg::ImpEncoding)}</label>
                <select
                    class="select"
                    id="field-results-encoding"
                    data-testid="results-encoding"
                    on:change=move |ev| {
                        if let Some(e) = CsvEncoding::parse(&event_target_value(&ev)) {
                            encoding.set(e);
                            import.run(true);
                        }
                    }
                >
                    <option value="AUTO" selected=true>{tr(Msg::ImpEncodingAuto)}</option>
                    <option value="UTF8">{tr(Msg::ImpEncodingUtf8)}</option>
                    <option value="SHIFT_JIS">{tr(Msg::ImpEncodingSjis)}</option>
                </select>
            </div>
        </CsvUpload>
        {report}
    }
}

/// Downloads the chosen location's shipping instructions.
#[component]
fn InstructionsButton(location: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let busy = RwSignal::new(false);
    let failed = RwSignal::new(None::<Msg>);
    let download = move |_| {
        let place = location.get_untracked();
        if busy.get_untracked() || place.is_empty() {
            return;
        }
        busy.set(true);
        failed.set(None);
        leptos::task::spawn_local(async move {
            let result = outsourced::shipping_instructions(place).await;
            busy.try_set(false);
            match result {
                Ok(csv) => {
                    let name = format!("kura-shipping-instructions-{}.csv", today());
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
    view! {
        <div class="form-actions">
            <button
                class="button button-primary"
                type="button"
                data-testid="warehouse-instructions"
                disabled=move || busy.get()
                on:click=download
            >
                {move || if busy.get() {
                    view! { <span class="spinner" aria-hidden="true"></span> }.into_any()
                } else {
                    view! { <Icon kind=IconKind::ArrowRight /> }.into_any()
                }}
                <span>{tr(Msg::WhDownload)}</span>
            </button>
        </div>
        {move || failed.get().map(|msg| view! { <p class="field-error">{move || i18n.t(msg)}</p> })}
    }
}

/// The answer: every bad row, or the parcels that would be (or were) booked.
#[component]
fn ResultsReport(report: ResultsImport, dry_run: bool) -> impl IntoView {
    let i18n = use_i18n();
    if report.error_count > 0 {
        let count = report.error_count;
        let rows = report.rows;
        return view! {
            <ImportResult
                testid="results-errors"
                tone="notice notice-error"
                icon=IconKind::Alert
                title=move || format!("{} {count}", i18n.t(Msg::ImpErrorsTitle))
                body=move || format!("{} ({} {rows})", i18n.t(Msg::WhErrorsBody), i18n.t(Msg::ImpRows))
            >
                <ImportErrors name="results" columns=ERROR_COLUMNS line_attr="data-line" errors=report.errors total=count />
            </ImportResult>
        }
        .into_any();
    }
    let (title, body, testid, tone, icon) = match (dry_run, report.shipments_created) {
        (true, 0) => (
            Msg::WhNothingTitle,
            Msg::WhNothingBody,
            "results-nothing",
            "notice notice-warning",
            IconKind::Alert,
        ),
        (true, _) => (
            Msg::WhReadyTitle,
            Msg::WhReadyBody,
            "results-summary",
            "notice notice-warning",
            IconKind::Alert,
        ),
        (false, _) => (
            Msg::WhBookedTitle,
            Msg::WhBookedBody,
            "results-applied",
            "notice notice-success",
            IconKind::Check,
        ),
    };
    let facts = vec![
        (Msg::ImpRows, report.rows, "rows"),
        (Msg::WhShipments, report.shipments_created, "shipments"),
        (Msg::WhUnits, report.units, "units"),
        (Msg::WhAlready, report.already_imported, "already"),
    ];
    view! {
        <ImportResult testid=testid tone=tone icon=icon title=tr(title) body=tr(body)>
            <ImportFacts name="results" facts=facts />
        </ImportResult>
    }
    .into_any()
}
