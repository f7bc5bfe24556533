//! What the signed-out and signed-in areas share: the gate that keeps each to its own
//! people, and where to go afterwards.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};

use crate::api::session::{Phase, use_session};
use crate::components::SessionSplash;
use crate::redirect::{LOGIN_PATH, auth_href, safe_next};

/// Where to go after signing in: the sanitised `?next=` of the current URL (reactive).
pub fn use_next() -> Memo<String> {
    let query = use_query_map();
    Memo::new(move |_| safe_next(query.read().get("next").as_deref()))
}

fn replace() -> NavigateOptions {
    NavigateOptions {
        replace: true,
        ..NavigateOptions::default()
    }
}

/// Shows a signed-out page (`children`) only to people who are signed out; once signed in,
/// whether they already were or just did, they go on to `next`.
#[component]
pub fn AuthGate(next: Memo<String>, children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if session.phase() == Phase::SignedIn {
            navigate(&next.get_untracked(), replace());
        }
    });
    move || match session.phase() {
        Phase::SignedOut => children().into_any(),
        Phase::Restoring | Phase::SignedIn => view! { <SessionSplash /> }.into_any(),
    }
}

/// The signed-in area's gate: renders `children` only with a session, and sends everyone
/// else to sign in, remembering this page (unless they just signed out on purpose).
#[component]
pub fn RequireSession(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if session.phase() == Phase::SignedOut {
            let target = if session.signed_out_by_user() {
                LOGIN_PATH.to_owned()
            } else {
                let (path, search) = (
                    location.pathname.get_untracked(),
                    location.search.get_untracked(),
                );
                // The router's `search` has no leading `?`.
                let here = if search.is_empty() {
                    path
                } else {
                    format!("{path}?{search}")
                };
                auth_href(LOGIN_PATH, &here)
            };
            navigate(&target, replace());
        }
    });
    move || match session.phase() {
        Phase::SignedIn => children().into_any(),
        Phase::Restoring | Phase::SignedOut => view! { <SessionSplash /> }.into_any(),
    }
}
