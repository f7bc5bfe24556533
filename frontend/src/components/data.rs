//! Building blocks of list pages: titled panels, tables, row actions, the flash notice
//! after an action, timestamps, a fetched list's loading, error and empty states, and the
//! page of a list whose things can be archived.

use std::future::Future;

use leptos::prelude::*;

use super::{ErrorNotice, Icon, IconKind, ListEmpty, PageHeader, Skeleton};
use crate::api::ApiError;
use crate::i18n::{Lang, Msg, format_date, format_date_time, format_relative, tr, use_i18n};

/// The outcome of the last action on a settings page, shown above its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    /// Success or failure.
    pub ok: bool,
    /// What happened.
    pub msg: Msg,
    /// What it happened to (an email, a key name), shown after the message.
    pub subject: Option<String>,
}

impl Flash {
    /// Something worked.
    pub fn done(msg: Msg, subject: impl Into<String>) -> Flash {
        Flash {
            ok: true,
            msg,
            subject: Some(subject.into()),
        }
    }

    /// Something failed.
    pub fn failed(msg: Msg) -> Flash {
        Flash {
            ok: false,
            msg,
            subject: None,
        }
    }
}

/// The current [`Flash`], dismissible.
#[component]
pub fn FlashNotice(flash: RwSignal<Option<Flash>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        flash.get().map(|Flash { ok, msg, subject }| {
            view! {
                <div
                    class=if ok { "notice notice-success flash" } else { "notice notice-error flash" }
                    role=if ok { "status" } else { "alert" }
                    data-testid="settings-flash"
                >
                    <Icon kind=if ok { IconKind::Check } else { IconKind::Alert } />
                    <p class="notice-text">
                        {move || i18n.t(msg)}
                        {subject.clone().map(|s| view! { " " <strong>{s}</strong> })}
                    </p>
                    <button
                        class="icon-button"
                        type="button"
                        aria-label=tr(Msg::Close)
                        on:click=move |_| flash.set(None)
                    >
                        <Icon kind=IconKind::Close />
                    </button>
                </div>
            }
        })
    }
}

/// A timestamp's date, with the full date and time on hover.
#[component]
pub fn DateText(#[prop(into)] at: String) -> impl IntoView {
    time_text(at, format_date)
}

/// A timestamp as "5 minutes ago", with the full date and time on hover.
#[component]
pub fn RelativeText(#[prop(into)] at: String) -> impl IntoView {
    time_text(at, format_relative)
}

/// `at` as `format` shows it, with the full date and time on hover.
fn time_text(at: String, format: fn(&str, Lang) -> Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let (shown, full) = (at.clone(), at.clone());
    view! {
        <time
            datetime=at
            title=move || format_date_time(&full, i18n.lang()).unwrap_or_else(|| full.clone())
        >
            {move || format(&shown, i18n.lang()).unwrap_or_else(|| shown.clone())}
        </time>
    }
}

/// A titled panel of a settings page; `actions` (buttons) go in its header.
#[component]
pub fn Panel(
    title: Msg,
    subtitle: Msg,
    #[prop(optional, into)] actions: ViewFn,
    children: Children,
) -> impl IntoView {
    view! {
        <section class="panel">
            <header class="panel-header">
                <div>
                    <h2>{tr(title)}</h2>
                    <p class="muted small">{tr(subtitle)}</p>
                </div>
                {actions.run()}
            </header>
            {children()}
        </section>
    }
}

/// The state of a page listing things that can be archived: whether archived ones show, the
/// list (fetched again when that changes), the flash of the last action, and the thing being
/// added (`Some(None)`) or edited (`Some(Some(t))`) in the page's dialog.
pub struct ArchivableList<T: Send + Sync + 'static> {
    /// "Show archived" is ticked.
    pub show_archived: RwSignal<bool>,
    /// The things.
    pub list: LocalResource<Result<Vec<T>, ApiError>>,
    /// The outcome of the last action.
    pub flash: RwSignal<Option<Flash>>,
    /// The dialog's subject.
    pub editing: RwSignal<Option<Option<T>>>,
}

impl<T: Send + Sync + 'static> Clone for ArchivableList<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for ArchivableList<T> {}

impl<T: Send + Sync + 'static> ArchivableList<T> {
    /// A list that `fetch` gets, archived things included when it is passed `true`.
    pub fn new<Fut>(fetch: impl Fn(bool) -> Fut + 'static) -> Self
    where
        Fut: Future<Output = Result<Vec<T>, ApiError>> + 'static,
    {
        let show_archived = RwSignal::new(false);
        ArchivableList {
            show_archived,
            list: LocalResource::new(move || fetch(show_archived.get())),
            flash: RwSignal::new(None),
            editing: RwSignal::new(None),
        }
    }

    /// Archives or restores something with `action`, then reloads the list and says so
    /// (`done.0` after archiving, `done.1` after restoring, followed by `name`).
    pub fn archive(
        self,
        action: impl Future<Output = Result<(), ApiError>> + 'static,
        archive: bool,
        name: String,
        done: (Msg, Msg),
    ) {
        leptos::task::spawn_local(async move {
            let outcome = match action.await {
                Ok(()) => {
                    self.list.refetch();
                    Flash::done(if archive { done.0 } else { done.1 }, name)
                }
                Err(error) => Flash::failed(crate::i18n::error_message(&error)),
            };
            self.flash.try_set(Some(outcome));
        });
    }
}

/// The page of an [`ArchivableList`]: its header, the flash of the last action, and a panel
/// with "Show archived" and the button that adds one above the list, shown by `show` (or,
/// while empty, `empty_title` and `empty_body` with the add button again). `name` names the
/// test hooks: `<name>s-page`, `<name>s-show-archived` and `create-<name>`.
#[component]
pub fn ArchivableListPage<T, S>(
    page: ArchivableList<T>,
    name: &'static str,
    title: Msg,
    subtitle: Msg,
    list_title: Msg,
    list_subtitle: Msg,
    /// The add button's label.
    create: Msg,
    /// Placeholder lines while the list loads.
    lines: usize,
    empty_icon: IconKind,
    empty_title: Msg,
    empty_body: Msg,
    show: S,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    S: Fn(Vec<T>) -> AnyView + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let show_archived = page.show_archived;
    let on_create = move |()| page.editing.set(Some(None));
    let actions = move || {
        view! {
            <div class="panel-actions">
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid=format!("{name}s-show-archived")
                        prop:checked=move || show_archived.get()
                        on:change=move |ev| show_archived.set(event_target_checked(&ev))
                    />
                    <span>{move || i18n.t(Msg::ShowArchived)}</span>
                </label>
                <CreateButton label=create primary=true testid=format!("create-{name}") on_click=on_create />
            </div>
        }
    };
    let body = resource_list(
        page.list,
        lines,
        move || {
            view! {
                <ListEmpty icon=empty_icon title=empty_title body=empty_body>
                    <CreateButton label=create on_click=on_create />
                </ListEmpty>
            }
            .into_any()
        },
        show,
    );
    view! {
        <PageHeader title=title subtitle=subtitle />
        <div class="stack" data-testid=format!("{name}s-page")>
            <FlashNotice flash=page.flash />
            <Panel title=list_title subtitle=list_subtitle actions=actions>
                {body}
            </Panel>
        </div>
    }
}

/// The button that adds one more of a list's things: primary where it heads the list, plain
/// in an empty list.
#[component]
pub fn CreateButton(
    label: Msg,
    #[prop(into)] on_click: Callback<()>,
    #[prop(optional)] primary: bool,
    #[prop(optional, into)] testid: Option<String>,
) -> impl IntoView {
    view! {
        <button
            class=if primary { "button button-primary" } else { "button" }
            type="button"
            data-testid=testid
            on:click=move |_| on_click.run(())
        >
            <Icon kind=IconKind::Plus />
            <span>{tr(label)}</span>
        </button>
    }
}

/// A row's Edit and Archive (or Restore) buttons; `on_archive` gets whether to archive.
/// Test hooks: `<name>-edit`, `<name>-archive`, `<name>-restore`.
#[component]
pub fn EditArchiveButtons(
    name: &'static str,
    archived: bool,
    #[prop(into)] on_edit: Callback<()>,
    #[prop(into)] on_archive: Callback<bool>,
) -> impl IntoView {
    view! {
        <button
            class="button button-small button-ghost"
            type="button"
            data-testid=format!("{name}-edit")
            on:click=move |_| on_edit.run(())
        >
            <Icon kind=IconKind::Edit />
            <span>{tr(Msg::Edit)}</span>
        </button>
        <button
            class="button button-small button-ghost"
            type="button"
            data-testid=format!("{name}-{}", if archived { "restore" } else { "archive" })
            on:click=move |_| on_archive.run(!archived)
        >
            <Icon kind=if archived { IconKind::Restore } else { IconKind::Archive } />
            <span>{tr(if archived { Msg::Restore } else { Msg::Archive })}</span>
        </button>
    }
}

/// A table with a heading per column and the rows as `children`; `actions` adds a last
/// column, titled for screen readers only, for the rows' buttons.
#[component]
pub fn DataTable(
    columns: &'static [Msg],
    #[prop(optional)] actions: bool,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead>
                    <tr>
                        {columns.iter().map(|column| view! { <th>{tr(*column)}</th> }).collect_view()}
                        {actions.then(|| view! { <th class="cell-actions"><span class="visually-hidden">{tr(Msg::ColumnActions)}</span></th> })}
                    </tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

/// A row's small red button, e.g. "Revoke".
#[component]
pub fn RowAction(
    label: Msg,
    testid: &'static str,
    #[prop(into)] on_click: Callback<()>,
    #[prop(optional)] icon: Option<IconKind>,
) -> impl IntoView {
    view! {
        <button
            class="button button-small button-danger-ghost"
            type="button"
            data-testid=testid
            on:click=move |_| on_click.run(())
        >
            {icon.map(|kind| view! { <Icon kind=kind /> <span>{tr(label)}</span> }.into_any()).unwrap_or_else(|| tr(label).into_any())}
        </button>
    }
}

/// A fetched list as it stands: `lines` placeholder lines while it loads, the error with a
/// retry, `empty` when there is nothing in it, else `show`.
pub fn resource_list<T: Clone + 'static>(
    resource: LocalResource<Result<Vec<T>, ApiError>>,
    lines: usize,
    empty: impl Fn() -> AnyView + Send + Sync + 'static,
    show: impl Fn(Vec<T>) -> AnyView + Send + Sync + 'static,
) -> impl Fn() -> AnyView + Send + Sync + 'static {
    move || match resource.get() {
        None => view! { <Skeleton lines=lines /> }.into_any(),
        Some(Err(error)) => {
            view! { <ErrorNotice error=error on_retry=move |()| resource.refetch() /> }.into_any()
        }
        Some(Ok(list)) if list.is_empty() => empty(),
        Some(Ok(list)) => show(list),
    }
}

/// Product name, variant title and SKU in one table cell.
#[component]
pub fn VariantCell(product: String, title: String, sku: String) -> impl IntoView {
    view! {
        <td>
            <span class="cell-primary">{product}</span>
            {(!title.is_empty()).then(|| view! { <span class="cell-sub">{title}</span> })}
            <span class="cell-sub mono">{sku}</span>
        </td>
    }
}
