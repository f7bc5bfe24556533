//! Modal dialogs: a general one for forms, and the confirmation every destructive action
//! goes through.

use std::future::Future;

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{FormError, Icon, IconKind, Problem, SubmitButton};
use crate::api::ApiError;
use crate::i18n::{Lang, Msg, tr, use_i18n};

/// A modal panel over the page. Render it only while open; `on_close` is called for Escape,
/// a click outside and the close button. Focus moves into it when it opens.
#[component]
pub fn Dialog(
    title: Msg,
    /// `data-testid` of the panel.
    testid: &'static str,
    #[prop(into)] on_close: Callback<()>,
    /// Extra classes for the panel, e.g. `dialog-wide`.
    #[prop(optional)]
    class: &'static str,
    children: Children,
) -> impl IntoView {
    let panel = NodeRef::<Div>::new();
    Effect::new(move |_| {
        let Some(panel) = panel.get() else {
            return;
        };
        // The first field (or button) gets focus, so typing can start at once.
        let first = panel
            .query_selector("input:not([type=hidden]), select, textarea, button:not(.dialog-close)")
            .ok()
            .flatten()
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
        let _ = match first {
            Some(el) => el.focus(),
            None => panel.focus(),
        };
    });
    let title_id = format!("{testid}-title");
    let title_ref = title_id.clone();
    view! {
        <div class="dialog-layer">
            <div class="dialog-backdrop" on:click=move |_| on_close.run(())></div>
            <div
                class=format!("dialog {class}")
                role="dialog"
                aria-modal="true"
                aria-labelledby=title_id.clone()
                tabindex="-1"
                data-testid=testid
                node_ref=panel
                on:keydown=move |ev| {
                    if ev.key() == "Escape" {
                        on_close.run(());
                    }
                }
            >
                <header class="dialog-header">
                    <h2 id=title_ref>{tr(title)}</h2>
                    <button
                        class="icon-button dialog-close"
                        type="button"
                        aria-label=tr(Msg::Close)
                        title=tr(Msg::Close)
                        on:click=move |_| on_close.run(())
                    >
                        <Icon kind=IconKind::Close />
                    </button>
                </header>
                {children()}
            </div>
        </div>
    }
}

/// The footer of a dialog's form: cancel (calls `on_cancel`) and submit (see
/// [`SubmitButton`]).
#[component]
pub fn DialogFormActions(
    #[prop(into)] on_cancel: Callback<()>,
    label: Msg,
    busy_label: Msg,
    /// `data-testid` of the submit button.
    testid: &'static str,
    #[prop(into)] busy: Signal<bool>,
) -> impl IntoView {
    view! {
        <footer class="dialog-actions">
            <button class="button" type="button" on:click=move |_| on_cancel.run(())>
                {tr(Msg::Cancel)}
            </button>
            <SubmitButton label=label busy_label=busy_label testid=testid busy=busy />
        </footer>
    }
}

/// A destructive action waiting for a yes: what it is about, whether it is running, and why
/// it failed. Copy, so every row's button can hold it.
pub struct Pending<T: Send + Sync + 'static> {
    target: RwSignal<Option<T>>,
    busy: RwSignal<bool>,
    error: RwSignal<Option<Problem>>,
}

impl<T: Send + Sync + 'static> Clone for Pending<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Pending<T> {}

impl<T: Clone + Send + Sync + 'static> Pending<T> {
    /// Nothing pending.
    pub fn new() -> Self {
        Pending {
            target: RwSignal::new(None),
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
        }
    }

    /// Opens the confirmation for `target`.
    pub fn ask(self, target: T) {
        self.error.set(None);
        self.target.set(Some(target));
    }

    /// Closes the confirmation, unless the action is already running.
    pub fn cancel(self) {
        if !self.busy.get_untracked() {
            self.target.set(None);
        }
    }

    /// Runs `action` on the confirmed target. Success closes the dialog and calls `done`;
    /// failure keeps it open with `explain`'s message.
    pub fn run<Fut>(
        self,
        target: T,
        action: impl FnOnce(T) -> Fut + 'static,
        explain: fn(&ApiError) -> Msg,
        done: impl FnOnce() + 'static,
    ) where
        Fut: Future<Output = Result<(), ApiError>> + 'static,
    {
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        self.error.set(None);
        leptos::task::spawn_local(async move {
            let result = action(target).await;
            self.busy.try_set(false);
            match result {
                Ok(()) => {
                    self.target.try_set(None);
                    done();
                }
                Err(error) => {
                    self.error.try_set(Some(Problem::Msg(explain(&error))));
                }
            }
        });
    }
}

/// "Are you sure?" for the target of `pending`, naming it (`describe`, in the current language) and what will happen
/// (`body`). The confirm button is red and calls `on_confirm`, which should call
/// [`Pending::run`].
#[component]
pub fn ConfirmDialog<T>(
    pending: Pending<T>,
    title: Msg,
    body: Msg,
    confirm_label: Msg,
    describe: fn(&T, Lang) -> String,
    #[prop(into)] on_confirm: Callback<T>,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    move || {
        pending.target.get().map(|target| {
            let subject = {
                let target = target.clone();
                move || {
                    let text = describe(&target, i18n.lang());
                    (!text.is_empty()).then(|| view! { <p class="confirm-subject">{text}</p> })
                }
            };
            view! {
                <Dialog title=title testid="confirm-dialog" on_close=move |()| pending.cancel()>
                    <div class="dialog-body">
                        {subject}
                        <p class="muted">{tr(body)}</p>
                        <FormError error=pending.error />
                    </div>
                    <footer class="dialog-actions">
                        <button
                            class="button"
                            type="button"
                            data-testid="confirm-cancel"
                            on:click=move |_| pending.cancel()
                        >
                            {tr(Msg::Cancel)}
                        </button>
                        <button
                            class="button button-danger"
                            type="button"
                            data-testid="confirm-accept"
                            disabled=move || pending.busy.get()
                            aria-busy=move || pending.busy.get().to_string()
                            on:click=move |_| on_confirm.run(target.clone())
                        >
                            {move || pending.busy.get().then(|| view! { <span class="spinner" aria-hidden="true"></span> })}
                            <span>{tr(confirm_label)}</span>
                        </button>
                    </footer>
                </Dialog>
            }
        })
    }
}

/// The words of a [`ReasonDialog`]: its title, what will happen, the field's label, the
/// button, and what to say when no reason is given.
#[derive(Clone, Copy)]
pub struct ReasonWords {
    /// The dialog's title.
    pub title: Msg,
    /// What will happen.
    pub body: Msg,
    /// The reason field's label.
    pub label: Msg,
    /// The submit button.
    pub action: Msg,
    /// Shown when the reason is blank.
    pub required: Msg,
}

/// Asks why before an irreversible step (voiding a sale or an invoice): `submit` runs with
/// the trimmed reason; success calls `on_done`, a refusal stays in the dialog. The dialog
/// is `{prefix}-dialog`, the field `{prefix}-reason`, the button `{prefix}-submit`.
#[component]
pub fn ReasonDialog<F, Fut>(
    words: ReasonWords,
    testids: [&'static str; 3],
    #[prop(into)] on_close: Callback<()>,
    #[prop(into)] on_done: Callback<()>,
    submit: F,
) -> impl IntoView
where
    F: Fn(String) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<(), ApiError>> + 'static,
{
    let [dialog, field, button] = testids;
    let reason = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<Problem>);
    let on_submit = move |ev: leptos::web_sys::SubmitEvent| {
        ev.prevent_default();
        let text = reason.get_untracked().trim().to_owned();
        if text.is_empty() {
            error.set(Some(Problem::Msg(words.required)));
            return;
        }
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let submit = submit.clone();
        leptos::task::spawn_local(async move {
            let result = submit(text).await;
            busy.try_set(false);
            match result {
                Ok(()) => on_done.run(()),
                Err(e) => {
                    error.try_set(Some(super::action_problem(&e)));
                }
            }
        });
    };
    view! {
        <Dialog title=words.title testid=dialog on_close=on_close>
            <form class="dialog-body op-form" novalidate on:submit=on_submit>
                <p class="muted small">{tr(words.body)}</p>
                <label class="field">
                    <span class="field-label">{tr(words.label)}</span>
                    <textarea
                        class="input textarea"
                        rows="3"
                        data-testid=field
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))
                    ></textarea>
                </label>
                <FormError error=error />
                <DialogFormActions on_cancel=on_close label=words.action busy_label=Msg::Saving testid=button busy=busy />
            </form>
        </Dialog>
    }
}
