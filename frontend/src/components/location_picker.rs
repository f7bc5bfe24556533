//! A checkbox per active location, for forms that choose some of them, and the `<option>`s
//! of a select that chooses one. Ticked ids are kept
//! in the order ticked; an `ordered` picker marks the first as the default and offers to
//! make another one the default (a channel's locations).

use leptos::prelude::*;

use crate::api::catalog::locations::{self, Location};
use crate::i18n::{Msg, error_message, tr};

/// The checklist, bound to `chosen`; `testid` names the list.
#[component]
pub fn LocationPicker(
    chosen: RwSignal<Vec<String>>,
    testid: &'static str,
    /// The first chosen is the default, and "Make default" moves one to the front.
    #[prop(optional)]
    ordered: bool,
) -> impl IntoView {
    let locations = LocalResource::new(|| locations::locations(false));
    move || match locations.get() {
        None => view! { <p class="muted small">{tr(Msg::Loading)}</p> }.into_any(),
        Some(Err(error)) => {
            let msg = error_message(&error);
            view! { <p class="field-error">{tr(msg)}</p> }.into_any()
        }
        Some(Ok(list)) => {
            let rows = list
                .into_iter()
                .map(|l| {
                    let (id, toggled) = (l.id.clone(), l.id.clone());
                    let order = ordered.then(|| view! { <DefaultMark chosen=chosen id=l.id.clone() /> });
                    let code = l.code.clone();
                    view! {
                        <div class="location-choice-row" data-testid="location-choice" data-code=code>
                            <label class="check">
                                <input
                                    type="checkbox"
                                    prop:checked=move || chosen.with(|c| c.contains(&id))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        let id = toggled.clone();
                                        chosen.update(|c| {
                                            c.retain(|x| *x != id);
                                            if on {
                                                c.push(id);
                                            }
                                        });
                                    }
                                />
                                <span>{l.name}</span>
                                <span class="cell-faint mono small">{l.code}</span>
                            </label>
                            {order}
                        </div>
                    }
                })
                .collect_view();
            view! { <div class="location-picker" data-testid=testid>{rows}</div> }.into_any()
        }
    }
}

/// "Default" on the first chosen location, "Make default" on the other chosen ones.
#[component]
fn DefaultMark(chosen: RwSignal<Vec<String>>, id: String) -> impl IntoView {
    move || {
        let (first, picked) = chosen.with(|c| (c.first() == Some(&id), c.contains(&id)));
        if first {
            view! { <span class="badge badge-ok">{tr(Msg::ChannelDefaultLocation)}</span> }
                .into_any()
        } else if picked {
            let id = id.clone();
            view! {
                <button
                    class="button button-small button-ghost"
                    type="button"
                    data-testid="location-make-default"
                    on:click=move |_| {
                        let id = id.clone();
                        chosen.update(|c| {
                            c.retain(|x| *x != id);
                            c.insert(0, id);
                        });
                    }
                >
                    {tr(Msg::ChannelMakeDefault)}
                </button>
            }
            .into_any()
        } else {
            ().into_any()
        }
    }
}

/// `<option>`s for active locations, `selected` chosen.
pub fn location_options(locations: &[Location], selected: &str) -> AnyView {
    locations
        .iter()
        .filter(|l| !l.archived)
        .map(|l| {
            view! {
                <option value=l.id.clone() selected=l.id == selected>
                    {format!("{} ({})", l.name, l.code)}
                </option>
            }
        })
        .collect_view()
        .into_any()
}

/// A labelled select of the active locations but `except`, bound to `chosen`; its first
/// option (value empty) says what choosing none means. It loads the locations itself.
#[component]
pub fn LocationSelect(
    chosen: RwSignal<String>,
    label: Msg,
    /// What the empty first option says ("Choose a location", "Where it left").
    first: Msg,
    id: &'static str,
    testid: &'static str,
    /// A location not to offer (the one an order is at).
    #[prop(optional, into)]
    except: Option<String>,
) -> impl IntoView {
    let places = LocalResource::new(|| locations::locations(false));
    let options = move || {
        let list: Vec<Location> = places
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .filter(|l| except.as_ref() != Some(&l.id))
            .collect();
        location_options(&list, &chosen.get_untracked())
    };
    view! {
        <div class="field">
            <label class="field-label" for=id>{tr(label)}</label>
            <select class="select" id=id data-testid=testid on:change=move |ev| chosen.set(event_target_value(&ev))>
                <option value="">{tr(first)}</option>
                {options}
            </select>
        </div>
    }
}
