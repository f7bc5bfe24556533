//! Finding the customer of a phone order by typing: hits appear as the name, email or phone
//! is typed (`customers(query:)`, a moment after the last key), ↑ and ↓ move through them
//! and Enter takes the highlighted one; Enter before the hits are in takes the only hit
//! once they arrive.

use std::time::Duration;

use leptos::html::Input;
use leptos::prelude::*;

use crate::api::ApiError;
use crate::api::sales::customers::{self, Customer};
use crate::components::{Icon, IconKind, focus_field};
use crate::i18n::{Msg, error_message, tr, use_i18n};

/// Wait after the last key before searching.
const SEARCH_DEBOUNCE_MS: u64 = 250;
/// Hits shown.
const MAX_HITS: usize = 6;

/// The hits for one search.
#[derive(Debug, Clone, PartialEq)]
struct Hits {
    /// What was searched for.
    query: String,
    /// What came back.
    result: Result<Vec<Customer>, ApiError>,
}

/// The customer search, or the chosen customer with a way to choose another. `on_pick`
/// runs when one is chosen.
#[component]
pub fn CustomerLookup(
    customer: RwSignal<Option<Customer>>,
    #[prop(into)] on_pick: Callback<Customer>,
    /// The search field, focused first on the entry page.
    input_ref: NodeRef<Input>,
) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let hits = RwSignal::new(None::<Hits>);
    let highlight = RwSignal::new(0usize);
    let pick_when_found = StoredValue::new(false);
    let ticket = StoredValue::new(0u32);
    let debounce = StoredValue::new(None::<TimeoutHandle>);

    let pick = move |c: Customer| {
        hits.set(None);
        typed.set(String::new());
        customer.set(Some(c.clone()));
        on_pick.run(c);
    };
    let search = move || {
        let query = typed.get_untracked().trim().to_owned();
        let mine = ticket.get_value().wrapping_add(1);
        ticket.set_value(mine);
        if query.is_empty() {
            hits.set(None);
            return;
        }
        leptos::task::spawn_local(async move {
            let result = customers::customers(query.clone(), None)
                .await
                .map(|page| page.items.into_iter().take(MAX_HITS).collect::<Vec<_>>());
            if ticket.try_get_value() != Some(mine) {
                return;
            }
            highlight.try_set(0);
            let only = match &result {
                Ok(list) if list.len() == 1 => list.first().cloned(),
                _ => None,
            };
            match only {
                Some(c) if pick_when_found.try_get_value() == Some(true) => pick(c),
                _ => {
                    hits.try_set(Some(Hits { query, result }));
                }
            }
            pick_when_found.try_set_value(false);
        });
    };
    let on_input = move |text: String| {
        typed.set(text);
        pick_when_found.set_value(false);
        if let Some(pending) = debounce.get_value() {
            pending.clear();
        }
        let handle = set_timeout_with_handle(search, Duration::from_millis(SEARCH_DEBOUNCE_MS));
        debounce.set_value(handle.ok());
    };
    on_cleanup(move || {
        if let Some(pending) = debounce.try_get_value().flatten() {
            pending.clear();
        }
    });
    let current = move || {
        hits.with_untracked(|h| {
            h.as_ref()
                .filter(|h| h.query == typed.get_untracked().trim())
                .and_then(|h| h.result.clone().ok())
        })
    };
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        let count = current().map_or(0, |list| list.len());
        match ev.key().as_str() {
            "ArrowDown" if count > 0 => {
                ev.prevent_default();
                highlight.update(|h| *h = (*h + 1).min(count - 1));
            }
            "ArrowUp" if count > 0 => {
                ev.prevent_default();
                highlight.update(|h| *h = h.saturating_sub(1));
            }
            "Enter" => {
                ev.prevent_default();
                match current().and_then(|list| list.get(highlight.get_untracked()).cloned()) {
                    Some(c) => pick(c),
                    None => {
                        // Typed faster than the search: take the only hit when it comes.
                        pick_when_found.set_value(true);
                        if let Some(pending) = debounce.get_value() {
                            pending.clear();
                        }
                        search();
                    }
                }
            }
            "Escape" => hits.set(None),
            _ => {}
        }
    };
    let change = move |_| {
        customer.set(None);
        let _ = set_timeout_with_handle(move || focus_field(input_ref), Duration::ZERO);
    };

    move || {
        match customer.get() {
        Some(c) => view! { <ChosenCustomer customer=c on_change=change /> }.into_any(),
        None => view! {
            <SearchField typed=typed hits=hits highlight=highlight input_ref=input_ref on_input=on_input on_keydown=on_keydown on_pick=pick />
        }
        .into_any(),
    }
    }
}

/// The chosen customer and "Change".
#[component]
fn ChosenCustomer(
    customer: Customer,
    on_change: impl Fn(web_sys::MouseEvent) + 'static,
) -> impl IntoView {
    let contact = [customer.email.clone(), customer.phone.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <div class="order-customer" data-testid="order-customer" data-name=customer.name.clone()>
            <span class="order-customer-icon"><Icon kind=IconKind::Users /></span>
            <div>
                <strong class="cell-primary">{customer.name.clone()}</strong>
                <span class="cell-sub">{contact}</span>
            </div>
            <button class="button button-small" type="button" data-testid="order-customer-change" on:click=on_change>
                {tr(Msg::OrCustomerChange)}
            </button>
        </div>
    }
}

/// The search box and its hits, as a combobox.
#[component]
fn SearchField(
    typed: RwSignal<String>,
    hits: RwSignal<Option<Hits>>,
    highlight: RwSignal<usize>,
    input_ref: NodeRef<Input>,
    on_input: impl Fn(String) + 'static,
    on_keydown: impl Fn(web_sys::KeyboardEvent) + 'static,
    on_pick: impl Fn(Customer) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = move || hits.with(Option::is_some);
    let list = move || {
        hits.get().map(|h| match h.result {
            Err(e) => view! { <p class="field-error" role="alert">{tr(error_message(&e))}</p> }.into_any(),
            Ok(list) if list.is_empty() => {
                view! { <p class="small muted" data-testid="order-customer-none">{tr(Msg::OrCustomerNone)}</p> }.into_any()
            }
            Ok(list) => view! {
                <ul class="order-customer-hits" id="order-customer-hits" role="listbox" aria-label=tr(Msg::OrCustomerTitle)>
                    {list.into_iter().enumerate().map(|(i, c)| {
                        let contact = c.email.clone().or(c.phone.clone()).unwrap_or_default();
                        let picked = c.clone();
                        view! {
                            <li
                                id=format!("order-customer-hit-{i}")
                                class="customer-hit"
                                class:customer-hit-active=move || highlight.get() == i
                                role="option"
                                aria-selected=move || (highlight.get() == i).to_string()
                                data-testid="order-customer-hit"
                                on:mousedown=move |ev| ev.prevent_default()
                                on:click=move |_| on_pick(picked.clone())
                            >
                                <span class="cell-primary">{c.name}</span>
                                <span class="cell-sub">{contact}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any(),
        })
    };
    view! {
        <div class="field order-customer-search">
            <label class="field-label" for="field-order-customer">{tr(Msg::OrCustomerSearch)}</label>
            <input
                class="input"
                id="field-order-customer"
                type="search"
                autocomplete="off"
                role="combobox"
                aria-autocomplete="list"
                aria-controls="order-customer-hits"
                aria-expanded=move || open().to_string()
                aria-activedescendant=move || open().then(|| format!("order-customer-hit-{}", highlight.get()))
                placeholder=move || i18n.t(Msg::CuSearchPlaceholder)
                data-testid="order-customer-search"
                node_ref=input_ref
                prop:value=move || typed.get()
                on:input=move |ev| on_input(event_target_value(&ev))
                on:keydown=on_keydown
            />
            {list}
        </div>
    }
}
