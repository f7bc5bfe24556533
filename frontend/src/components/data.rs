//! Building blocks of list pages: titled panels, tables, row actions, the flash notice
//! after an action, timestamps, and a fetched list's loading, error and empty states.

use leptos::prelude::*;

use super::{ErrorNotice, Icon, IconKind, Skeleton};
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
/// Archives or restores something with `action`, then reloads `list` and says so in
/// `flash` (`done.0` after archiving, `done.1` after restoring, followed by `name`).
pub fn archive_then_flash<T: 'static>(
    action: impl std::future::Future<Output = Result<(), ApiError>> + 'static,
    archive: bool,
    name: String,
    done: (Msg, Msg),
    list: LocalResource<T>,
    flash: RwSignal<Option<Flash>>,
) {
    leptos::task::spawn_local(async move {
        let outcome = match action.await {
            Ok(()) => {
                list.refetch();
                Flash::done(if archive { done.0 } else { done.1 }, name)
            }
            Err(error) => Flash::failed(crate::i18n::error_message(&error)),
        };
        flash.try_set(Some(outcome));
    });
}

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

/// The header actions of a list whose items can be archived: "Show archived" and the
/// button that adds one. `name` names the test hooks: `<name>s-show-archived` and
/// `create-<name>`.
#[component]
pub fn ArchivableListActions(
    show_archived: RwSignal<bool>,
    name: &'static str,
    create: Msg,
    #[prop(into)] on_create: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
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
            <button
                class="button button-primary"
                type="button"
                data-testid=format!("create-{name}")
                on:click=move |_| on_create.run(())
            >
                <Icon kind=IconKind::Plus />
                <span>{tr(create)}</span>
            </button>
        </div>
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

/// The foot of a paged list: the error of the last "load more", and the button that loads
/// the page after `next` (shown only while there is one).
#[component]
pub fn LoadMore(
    /// The cursor of the next page, if there is one.
    next: RwSignal<Option<String>>,
    /// True while a page is loading.
    busy: RwSignal<bool>,
    /// Why the last page failed to load.
    error: RwSignal<Option<ApiError>>,
    /// Loads the page after a cursor.
    on_load: impl Fn(String) + Clone + Send + Sync + 'static,
    /// The button's `data-testid`.
    testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {move || {
            error
                .get()
                .map(|error| {
                    view! {
                        <p class="form-error" role="alert">{move || i18n.t(crate::i18n::error_message(&error))}</p>
                    }
                })
        }}
        {move || {
            let on_load = on_load.clone();
            next.get()
                .map(|cursor| {
                    view! {
                        <div class="load-more">
                            <button
                                class="button"
                                type="button"
                                data-testid=testid
                                disabled=move || busy.get()
                                aria-busy=move || busy.get().to_string()
                                on:click=move |_| on_load(cursor.clone())
                            >
                                {move || busy.get().then(|| view! { <span class="spinner spinner-dark" aria-hidden="true"></span> })}
                                <span>{tr(Msg::LoadMore)}</span>
                            </button>
                        </div>
                    }
                })
        }}
    }
}
