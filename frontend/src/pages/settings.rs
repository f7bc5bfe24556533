//! `/settings`: company, staff, channel connections and subscription plan.

use leptos::prelude::*;

use crate::components::{EmptyState, IconKind, PageHeader};
use crate::i18n::Msg;

/// Not built yet: explains what will live here.
#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <PageHeader title=Msg::SettingsTitle subtitle=Msg::SettingsSummary />
        <EmptyState icon=IconKind::Settings title=Msg::SettingsEmptyTitle body=Msg::SettingsEmptyBody />
    }
}
