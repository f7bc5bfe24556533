//! `/products`: the product catalogue: variants, SKUs, JAN barcodes, prices and tax rates.

use leptos::prelude::*;

use crate::components::{EmptyState, IconKind, PageHeader};
use crate::i18n::Msg;

/// Not built yet: explains what will live here.
#[component]
pub fn ProductsPage() -> impl IntoView {
    view! {
        <PageHeader title=Msg::ProductsTitle subtitle=Msg::ProductsSummary />
        <EmptyState icon=IconKind::Products title=Msg::ProductsEmptyTitle body=Msg::ProductsEmptyBody />
    }
}
