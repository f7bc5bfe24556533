//! `/sales`: orders from every sales channel and daily totals.

use leptos::prelude::*;

use crate::components::{EmptyState, IconKind, PageHeader};
use crate::i18n::Msg;

/// Not built yet: explains what will live here.
#[component]
pub fn SalesPage() -> impl IntoView {
    view! {
        <PageHeader title=Msg::SalesTitle subtitle=Msg::SalesSummary />
        <EmptyState icon=IconKind::Sales title=Msg::SalesEmptyTitle body=Msg::SalesEmptyBody />
    }
}
