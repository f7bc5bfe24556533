//! The root component: app-wide state, the router and the shell every page renders in.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::api::server::ServerStatus;
use crate::components::Shell;
use crate::i18n::I18n;
use crate::pages::{
    DashboardPage, LocationsPage, NotFoundPage, ProductsPage, SalesPage, SettingsPage, StatusPage,
    StockPage,
};

/// The whole dashboard.
#[component]
pub fn App() -> impl IntoView {
    I18n::provide();
    ServerStatus::provide();
    view! {
        <Router>
            <Shell>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=DashboardPage />
                    <Route path=path!("/stock") view=StockPage />
                    <Route path=path!("/products") view=ProductsPage />
                    <Route path=path!("/locations") view=LocationsPage />
                    <Route path=path!("/sales") view=SalesPage />
                    <Route path=path!("/settings") view=SettingsPage />
                    <Route path=path!("/status") view=StatusPage />
                </Routes>
            </Shell>
        </Router>
    }
}
