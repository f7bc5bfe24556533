//! The stages of a CSV import, shared by the products and the POS sales imports: pick a file
//! (read at once, then checked with a dry run), look at the check, import, and see what was
//! written. A page brings its request, its own fields (an encoding, a channel, a column
//! mapping) and the answer's counts; its `name` names every test hook (`<name>-file`,
//! `<name>-check`, `<name>-apply`, `<name>-progress`, `<name>-failed`, `<name>-error-row`).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::web_sys;

use super::{DataTable, Icon, IconKind, Panel, ReadFile, chosen_file, read_file};
use crate::api::ApiError;
use crate::api::wire::CsvRowError;
use crate::i18n::{Msg, error_message, tr, use_i18n};

/// Where an import stands.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportStage {
    /// Nothing chosen yet, or a file just read.
    Idle,
    /// The browser is reading the file.
    Reading,
    /// The request is on its way: a dry run, or the import.
    Sending {
        /// Only a check.
        dry_run: bool,
    },
    /// The server answered (the answer is [`CsvImport::last`]).
    Done,
    /// It failed.
    Failed(Msg),
}

/// Builds the request for a file's content (base64) and whether it is a dry run; `None` when
/// the page is not ready to send (no channel chosen, say).
type Request<R> = Arc<
    dyn Fn(String, bool) -> Option<Pin<Box<dyn Future<Output = Result<R, ApiError>>>>>
        + Send
        + Sync,
>;

/// An import's state: the chosen file, the stage, the server's last answer `R`, and how to
/// send a file and judge the answer.
pub struct CsvImport<R: Send + Sync + 'static> {
    /// Names the test hooks.
    name: &'static str,
    /// Where it stands.
    pub stage: RwSignal<ImportStage>,
    /// The chosen file, once read.
    pub file: RwSignal<Option<ReadFile>>,
    /// The last answer and whether it was a dry run; kept while the file is checked again.
    pub last: RwSignal<Option<(R, bool)>>,
    request: StoredValue<Request<R>>,
    /// Whether an answer (and whether it was a dry run) allows importing.
    allows: fn(&R, bool) -> bool,
}

impl<R: Send + Sync + 'static> Clone for CsvImport<R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R: Send + Sync + 'static> Copy for CsvImport<R> {}

impl<R: Send + Sync + 'static> CsvImport<R> {
    /// An import whose test hooks are named after `name`, whose answers `allows` the import
    /// or not, and whose requests `request` builds.
    pub fn new<Fut>(
        name: &'static str,
        allows: fn(&R, bool) -> bool,
        request: impl Fn(String, bool) -> Option<Fut> + Send + Sync + 'static,
    ) -> Self
    where
        Fut: Future<Output = Result<R, ApiError>> + 'static,
    {
        let request: Request<R> = Arc::new(move |content, dry_run| {
            request(content, dry_run).map(|fut| Box::pin(fut) as Pin<Box<dyn Future<Output = _>>>)
        });
        CsvImport {
            name,
            stage: RwSignal::new(ImportStage::Idle),
            file: RwSignal::new(None),
            last: RwSignal::new(None),
            request: StoredValue::new(request),
            allows,
        }
    }

    /// True while the file is read or sent (tracked).
    pub fn busy(self) -> bool {
        is_busy(&self.stage.get())
    }

    /// True when the server has answered and the answer allows importing (tracked).
    fn ready(self) -> bool {
        self.stage.get() == ImportStage::Done
            && self.last.with(|last| {
                last.as_ref()
                    .is_some_and(|(answer, dry_run)| (self.allows)(answer, *dry_run))
            })
    }

    /// Sends the chosen file: a dry run, or the import. Nothing happens without a file,
    /// while busy, or while the page is not ready to send.
    pub fn run(self, dry_run: bool) {
        let Some(file) = self.file.get_untracked() else {
            return;
        };
        if is_busy(&self.stage.get_untracked()) {
            return;
        }
        let Some(request) = self
            .request
            .with_value(|request| request(file.base64, dry_run))
        else {
            return;
        };
        self.stage.set(ImportStage::Sending { dry_run });
        leptos::task::spawn_local(async move {
            let next = match request.await {
                Ok(answer) => {
                    self.last.try_set(Some((answer, dry_run)));
                    ImportStage::Done
                }
                Err(error) => ImportStage::Failed(error_message(&error)),
            };
            self.stage.try_set(next);
        });
    }

    /// Reads the file chosen in the input `ev` came from, forgetting the last file and
    /// answer; `then` runs once it is read. A cleared choice starts over.
    fn choose(self, ev: &web_sys::Event, then: impl FnOnce() + 'static) {
        let Some(file) = chosen_file(ev) else {
            self.file.set(None);
            self.stage.set(ImportStage::Idle);
            return;
        };
        self.file.set(None);
        self.last.set(None);
        self.stage.set(ImportStage::Reading);
        leptos::task::spawn_local(async move {
            match read_file(file).await {
                Ok(read) => {
                    self.file.try_set(Some(read));
                    self.stage.try_set(ImportStage::Idle);
                    then();
                }
                Err(()) => {
                    self.stage.try_set(ImportStage::Failed(Msg::ImpReadFailed));
                }
            }
        });
    }
}

/// True while a file is read or sent.
fn is_busy(stage: &ImportStage) -> bool {
    matches!(stage, ImportStage::Reading | ImportStage::Sending { .. })
}

/// The file picker of an import, with the chosen file's name and size; a file is read as
/// soon as it is chosen, then `on_read` runs (the pages check it at once).
#[component]
pub fn CsvFileField<R: Send + Sync + 'static>(
    import: CsvImport<R>,
    #[prop(into)] on_read: Callback<()>,
) -> impl IntoView {
    let name = import.name;
    let id = format!("field-{name}-file");
    view! {
        <div class="field">
            <label class="field-label" for=id.clone()>{tr(Msg::ImpFile)}</label>
            <input
                class="input import-file"
                id=id
                type="file"
                accept=".csv,text/csv"
                data-testid=format!("{name}-file")
                disabled=move || import.busy()
                on:change=move |ev| import.choose(&ev, move || on_read.run(()))
            />
            {move || import.file.get().map(|f| view! { <span class="muted small" data-testid=format!("{name}-file-name")>{f.label()}</span> })}
        </div>
    }
}

/// The upload panel of an import: `children` (its fields, a [`CsvFileField`] among them),
/// what the file must hold (`hint`), Check and Import, and the progress; then why it failed,
/// if it did.
#[component]
pub fn CsvUpload<R: Send + Sync + 'static>(
    import: CsvImport<R>,
    title: Msg,
    subtitle: Msg,
    hint: Msg,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = import.name;
    let progress = move || {
        let label = match import.stage.get() {
            ImportStage::Reading => Msg::ImpReading,
            ImportStage::Sending { dry_run: true } => Msg::ImpChecking,
            ImportStage::Sending { dry_run: false } => Msg::ImpImporting,
            _ => return None,
        };
        Some(view! {
            <div class="import-progress" role="status" data-testid=format!("{name}-progress")>
                <span class="spinner spinner-dark" aria-hidden="true"></span>
                <span>{tr(label)}</span>
                <div class="progress-bar"><span></span></div>
            </div>
        })
    };
    let failure = move || match import.stage.get() {
        ImportStage::Failed(msg) => Some(view! {
            <div class="notice notice-error" role="alert" data-testid=format!("{name}-failed")>
                <Icon kind=IconKind::Alert />
                <p class="notice-text">{move || i18n.t(msg)}</p>
            </div>
        }),
        _ => None,
    };
    view! {
        <Panel title=title subtitle=subtitle>
            <div class="import-form">
                <div class="form-row">{children()}</div>
                <p class="field-hint">{tr(hint)}</p>
                <div class="form-actions import-actions">
                    <button
                        class="button"
                        type="button"
                        data-testid=format!("{name}-check")
                        disabled=move || import.busy() || import.file.with(Option::is_none)
                        on:click=move |_| import.run(true)
                    >
                        {tr(Msg::ImpCheck)}
                    </button>
                    <button
                        class="button button-primary"
                        type="button"
                        data-testid=format!("{name}-apply")
                        disabled=move || import.busy() || !import.ready()
                        on:click=move |_| import.run(false)
                    >
                        {tr(Msg::ImpApply)}
                    </button>
                </div>
                {progress}
            </div>
        </Panel>
        {failure}
    }
}

/// One answer of an import: a notice (`tone`, `icon`, `title`, `body`) above `children`,
/// its counts and bad rows.
#[component]
pub fn ImportResult(
    testid: &'static str,
    /// The notice's classes, e.g. `notice notice-error`.
    tone: &'static str,
    icon: IconKind,
    #[prop(into)] title: TextProp,
    #[prop(into)] body: TextProp,
    children: Children,
) -> impl IntoView {
    view! {
        <section class="panel import-result" data-testid=testid>
            <div class=tone>
                <Icon kind=icon />
                <div class="notice-text">
                    <strong>{move || title.get()}</strong>
                    <p>{move || body.get()}</p>
                </div>
            </div>
            {children()}
        </section>
    }
}

/// An answer's counts: `(label, count, id)`, each count with the test hook `<name>-<id>`.
#[component]
pub fn ImportFacts(name: &'static str, facts: Vec<(Msg, i64, &'static str)>) -> impl IntoView {
    let facts = facts
        .into_iter()
        .map(|(label, n, id)| {
            view! {
                <div class="stock-fact">
                    <span class="stock-fact-label">{tr(label)}</span>
                    <strong class="stock-fact-value" data-testid=format!("{name}-{id}")>{n}</strong>
                </div>
            }
        })
        .collect_view();
    view! { <div class="stock-facts import-facts">{facts}</div> }
}

/// The bad rows the server listed, under `columns` (the line's heading first), each row
/// carrying its line in the attribute `line_attr`; "+N more" when there were `total` and
/// only some are listed.
#[component]
pub fn ImportErrors(
    name: &'static str,
    columns: &'static [Msg],
    line_attr: &'static str,
    errors: Vec<CsvRowError>,
    total: i64,
    /// The table's own test hook, if it has one.
    #[prop(optional)]
    testid: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let more = total - errors.len() as i64;
    let rows = errors
        .into_iter()
        .map(|e| {
            view! {
                <tr data-testid=format!("{name}-error-row")>
                    <td class="cell-number mono">{e.line}</td>
                    <td class="mono">{e.column.unwrap_or_else(|| "—".to_owned())}</td>
                    <td>
                        <span>{e.message}</span>
                        <span class="cell-sub mono">{e.code}</span>
                    </td>
                </tr>
            }
            .attr(line_attr, e.line.to_string())
        })
        .collect_view();
    view! {
        <div class="num-1" data-testid=testid><DataTable columns=columns>{rows}</DataTable></div>
        {(more > 0).then(|| view! { <p class="muted small">{move || format!("+{more} {}", i18n.t(Msg::ImpMoreErrors))}</p> })}
    }
}
