//! The root component: app-wide state, the router, and the two areas: the signed-out pages
//! (`/login`, `/signup`, `/invite/:token`) and everything else, which needs a session and renders in the shell.

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::api::server::ServerStatus;
use crate::api::session::Session;
use crate::components::Shell;
use crate::i18n::I18n;
use crate::pages::{
    AcceptInvitePage, ApiKeysPage, AuditPage, ChannelPage, ChannelsPage, CompanyPage, CustomerPage,
    CustomersPage, DashboardPage, LocationsPage, LoginPage, LowStockPage, MovementsPage,
    NewQuotePage, NotFoundPage, ProductsPage, QuotePage, QuotesPage, RegisterPage, RequireSession,
    SalePage, SalesImportPage, SalesPage, SessionsPage, SettingsIndex, SettingsLayout, SignUpPage,
    StatusPage, StockPage, StockSyncPage, TeamPage,
};
use crate::pages::{
    ClosingPage, FulfilmentBoardPage, InvoicePage, InvoicesPage, NewOrderPage, NewTransferPage,
    OrderPage, OrdersPage, OutsourcedPage, PickupsPage, ProductImportPage, ReplenishmentPage,
    StockCountPage, StockCountsPage, TransferPage, TransfersPage,
};

/// The whole dashboard.
#[component]
pub fn App() -> impl IntoView {
    I18n::provide();
    ServerStatus::provide();
    Session::provide();
    view! {
        <Router>
            <Routes fallback=NotFoundPage>
                <Route path=path!("/login") view=LoginPage />
                <Route path=path!("/signup") view=SignUpPage />
                // Public: the invitee may have no account yet.
                <Route path=path!("/invite/:token") view=AcceptInvitePage />
                <ParentRoute path=path!("") view=SignedInArea>
                    <Route path=path!("") view=DashboardPage />
                    <Route path=path!("stock") view=StockPage />
                    <Route path=path!("stock/movements") view=MovementsPage />
                    <Route path=path!("stock/low") view=LowStockPage />
                    <Route path=path!("products") view=ProductsPage />
                    <Route path=path!("products/import") view=ProductImportPage />
                    <Route path=path!("transfers") view=TransfersPage />
                    <Route path=path!("transfers/new") view=NewTransferPage />
                    <Route path=path!("transfers/:id") view=TransferPage />
                    <Route path=path!("counts") view=StockCountsPage />
                    <Route path=path!("counts/:id") view=StockCountPage />
                    <Route path=path!("replenishment") view=ReplenishmentPage />
                    <Route path=path!("locations") view=LocationsPage />
                    <Route path=path!("sales") view=SalesPage />
                    <Route path=path!("sales/register") view=RegisterPage />
                    // Before `sales/:id`: the first route that matches wins.
                    <Route path=path!("sales/import") view=SalesImportPage />
                    <Route path=path!("sales/:id") view=SalePage />
                    <Route path=path!("orders") view=OrdersPage />
                    // Before `orders/:id`: the first route that matches wins.
                    <Route path=path!("orders/new") view=NewOrderPage />
                    <Route path=path!("orders/board") view=FulfilmentBoardPage />
                    <Route path=path!("orders/pickups") view=PickupsPage />
                    <Route path=path!("orders/warehouse") view=OutsourcedPage />
                    <Route path=path!("orders/:id") view=OrderPage />
                    <Route path=path!("quotes") view=QuotesPage />
                    <Route path=path!("quotes/new") view=NewQuotePage />
                    <Route path=path!("quotes/:id") view=QuotePage />
                    <Route path=path!("invoices") view=InvoicesPage />
                    <Route path=path!("invoices/closing") view=ClosingPage />
                    <Route path=path!("invoices/:id") view=InvoicePage />
                    <Route path=path!("customers") view=CustomersPage />
                    <Route path=path!("customers/:id") view=CustomerPage />
                    <Route path=path!("channels") view=ChannelsPage />
                    <Route path=path!("channels/:id") view=ChannelPage />
                    <ParentRoute path=path!("settings") view=SettingsLayout>
                        <Route path=path!("") view=SettingsIndex />
                        <Route path=path!("team") view=TeamPage />
                        <Route path=path!("api-keys") view=ApiKeysPage />
                        <Route path=path!("sessions") view=SessionsPage />
                        <Route path=path!("company") view=CompanyPage />
                        <Route path=path!("audit") view=AuditPage />
                        <Route path=path!("channels/:id/sync") view=StockSyncPage />
                    </ParentRoute>
                    <Route path=path!("status") view=StatusPage />
                    // Unknown paths are "not found" inside the shell, for signed-in people only.
                    <Route path=path!("*any") view=NotFoundPage />
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// The shell around the routed page, shown only with a session.
#[component]
fn SignedInArea() -> impl IntoView {
    view! {
        <RequireSession>
            <Shell>
                <Outlet />
            </Shell>
        </RequireSession>
    }
}
