//! Quotes (見積): the list by status (`/quotes`: `list`), entering one with the order
//! entry's panels (`/quotes/new`: `entry`), and one quote with its lines editable while it
//! is open, marking it sent, its PDF, converting it to an order and cancelling it
//! (`/quotes/:id`: `detail`). They call `api::orders::quotes`; the entry reuses the order
//! entry's customer lookup, scan field, lines, ship-to and totals.

mod detail;
mod entry;
mod list;

use kura_shared::QuoteStatus;
use leptos::prelude::*;

pub use detail::QuotePage;
pub use entry::NewQuotePage;
pub use list::QuotesPage;

use crate::i18n::{Msg, tr};

/// A quote status in words.
fn status_label(status: QuoteStatus) -> Msg {
    match status {
        QuoteStatus::Draft => Msg::QtStatusDraft,
        QuoteStatus::Sent => Msg::QtStatusSent,
        QuoteStatus::Accepted => Msg::QtStatusAccepted,
        QuoteStatus::Expired => Msg::QtStatusExpired,
        QuoteStatus::Cancelled => Msg::QtStatusCancelled,
    }
}

/// A quote's status as a coloured badge.
#[component]
fn QuoteBadge(status: QuoteStatus) -> impl IntoView {
    view! {
        <span class="badge quote-status" data-status=status.as_str() data-testid="quote-status">
            {tr(status_label(status))}
        </span>
    }
}
