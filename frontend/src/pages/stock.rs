//! `/stock`: on-hand, allocated and incoming stock per product and location.

use leptos::prelude::*;

use crate::components::{EmptyState, IconKind, PageHeader};
use crate::i18n::Msg;

/// Not built yet: explains what will live here.
#[component]
pub fn StockPage() -> impl IntoView {
    view! {
        <PageHeader title=Msg::StockTitle subtitle=Msg::StockSummary />
        <EmptyState icon=IconKind::Stock title=Msg::StockEmptyTitle body=Msg::StockEmptyBody />
    }
}
