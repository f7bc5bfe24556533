//! A list fetched a page at a time: the first page with its loading, error and empty states,
//! then "load more" for the pages after it. Products, customers, sales, the stock ledger and
//! the audit log are such lists.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use leptos::prelude::*;

use super::{ErrorNotice, Skeleton};
use crate::api::ApiError;
use crate::api::wire::Page;
use crate::i18n::{Msg, tr, use_i18n};

/// Where the first page stands.
#[derive(Debug, Clone, PartialEq)]
enum Load {
    /// On its way.
    Loading,
    /// It failed.
    Failed(ApiError),
    /// At least one page is shown.
    Loaded,
}

/// Fetches the page after a cursor, or the first page for `None`.
type Fetch<T> = Arc<
    dyn Fn(Option<String>) -> Pin<Box<dyn Future<Output = Result<Page<T>, ApiError>>>>
        + Send
        + Sync,
>;

/// A paged list's state: the items shown, the cursor of the next page, and how the first
/// page and the last "load more" went.
pub struct PagedList<T: Send + Sync + 'static> {
    /// Every item loaded so far, in the server's order.
    pub items: RwSignal<Vec<T>>,
    next: RwSignal<Option<String>>,
    state: RwSignal<Load>,
    more_busy: RwSignal<bool>,
    more_error: RwSignal<Option<ApiError>>,
    // Each load is numbered, so a slow page for an earlier filter cannot land after a
    // newer one.
    generation: StoredValue<u32>,
    fetch: StoredValue<Fetch<T>>,
}

impl<T: Send + Sync + 'static> Clone for PagedList<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for PagedList<T> {}

impl<T: Clone + Send + Sync + 'static> PagedList<T> {
    /// A list whose pages `fetch` gets (the page after a cursor, the first for `None`);
    /// the first page starts loading at once. `fetch` reads the page's filters untracked.
    pub fn new<F, Fut>(fetch: F) -> Self
    where
        F: Fn(Option<String>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Page<T>, ApiError>> + 'static,
    {
        let fetch: Fetch<T> = Arc::new(move |after| Box::pin(fetch(after)));
        let list = PagedList {
            items: RwSignal::new(Vec::new()),
            next: RwSignal::new(None),
            state: RwSignal::new(Load::Loading),
            more_busy: RwSignal::new(false),
            more_error: RwSignal::new(None),
            generation: StoredValue::new(0),
            fetch: StoredValue::new(fetch),
        };
        list.reload();
        list
    }

    /// Starts over from the first page, e.g. after a filter changed.
    pub fn reload(self) {
        self.load(None);
    }

    /// The first page (`None`), or the page after `after`, appended.
    fn load(self, after: Option<String>) {
        let appending = after.is_some();
        if appending {
            self.more_busy.set(true);
            self.more_error.set(None);
        } else {
            self.state.set(Load::Loading);
        }
        let ticket = self.generation.get_value().wrapping_add(1);
        self.generation.set_value(ticket);
        let request = self.fetch.with_value(|fetch| fetch(after));
        leptos::task::spawn_local(async move {
            let result = request.await;
            if self.generation.try_get_value() != Some(ticket) {
                return;
            }
            self.more_busy.try_set(false);
            match result {
                Ok(page) => {
                    if appending {
                        self.items.try_update(|list| list.extend(page.items));
                    } else {
                        self.items.try_set(page.items);
                    }
                    self.next.try_set(page.next);
                    self.state.try_set(Load::Loaded);
                }
                Err(error) if appending => {
                    self.more_error.try_set(Some(error));
                }
                Err(error) => {
                    self.state.try_set(Load::Failed(error));
                }
            }
        });
    }

    /// Puts `item`, just created or reported live, at the top of the shown list, unless
    /// `listed` finds it there already (it came with a page that was loading meanwhile).
    /// Nothing happens while no page is shown: the page on its way will bring it.
    pub fn prepend(self, item: T, listed: impl Fn(&T) -> bool) {
        if self.state.try_get_untracked() != Some(Load::Loaded) {
            return;
        }
        self.items.try_update(|list| {
            if !list.iter().any(listed) {
                list.insert(0, item);
            }
        });
    }

    /// Brings the shown list up to date with a fresh first page without starting over: the
    /// items on it above the first one already shown (`same` compares two) go in at the
    /// top. For a live list whose subscription has just started listening: what was posted
    /// while it was not yet listening shows too. Nothing happens while no page is shown, or
    /// if the list was reloaded meanwhile.
    pub async fn catch_up(self, same: impl Fn(&T, &T) -> bool) {
        if self.state.try_get_untracked() != Some(Load::Loaded) {
            return;
        }
        let ticket = self.generation.get_value();
        let Ok(page) = self.fetch.with_value(|fetch| fetch(None)).await else {
            return;
        };
        if self.generation.try_get_value() != Some(ticket) {
            return;
        }
        self.items.try_update(|list| {
            let fresh: Vec<T> = page
                .items
                .into_iter()
                .take_while(|item| !list.iter().any(|shown| same(shown, item)))
                .collect();
            list.splice(0..0, fresh);
        });
    }

    /// Puts `item`, changed somewhere else, in place of the shown item `same` finds, or at
    /// the top when the list does not show it yet. Nothing happens while no page is shown.
    pub fn upsert(self, item: T, same: impl Fn(&T) -> bool) {
        if self.state.try_get_untracked() != Some(Load::Loaded) {
            return;
        }
        self.items
            .try_update(|list| match list.iter_mut().find(|shown| same(shown)) {
                Some(shown) => *shown = item,
                None => list.insert(0, item),
            });
    }

    /// Takes the items `same` finds out of the shown list, e.g. one that no longer matches
    /// the page's filters.
    pub fn remove(self, same: impl Fn(&T) -> bool) {
        self.items
            .try_update(|list| list.retain(|shown| !same(shown)));
    }

    /// The list as it stands: `lines` placeholder lines while the first page loads, its error
    /// with a retry, `empty` when there is nothing, else `show` with the items followed by
    /// the "load more" button (`more_testid`).
    pub fn view(
        self,
        lines: usize,
        more_testid: &'static str,
        empty: impl Fn() -> AnyView + Send + Sync + 'static,
        show: impl Fn(Vec<T>) -> AnyView + Send + Sync + 'static,
    ) -> impl Fn() -> AnyView + Send + Sync + 'static {
        move || match self.state.get() {
            Load::Loading => view! { <Skeleton lines=lines /> }.into_any(),
            Load::Failed(error) => {
                view! { <ErrorNotice error=error on_retry=move |()| self.reload() /> }.into_any()
            }
            Load::Loaded if self.items.with(Vec::is_empty) => empty(),
            Load::Loaded => view! {
                {show(self.items.get())}
                <LoadMore
                    next=self.next
                    busy=self.more_busy
                    error=self.more_error
                    on_load=move |cursor| self.load(Some(cursor))
                    testid=more_testid
                />
            }
            .into_any(),
        }
    }
}

/// The foot of a paged list: the error of the last "load more", and the button that loads
/// the page after `next` (shown only while there is one).
#[component]
fn LoadMore(
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
