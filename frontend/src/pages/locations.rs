//! `/locations`: stores, warehouses and online stock points.

use leptos::prelude::*;

use crate::components::{EmptyState, IconKind, PageHeader};
use crate::i18n::Msg;

/// Not built yet: explains what will live here.
#[component]
pub fn LocationsPage() -> impl IntoView {
    view! {
        <PageHeader title=Msg::LocationsTitle subtitle=Msg::LocationsSummary />
        <EmptyState icon=IconKind::Locations title=Msg::LocationsEmptyTitle body=Msg::LocationsEmptyBody />
    }
}
