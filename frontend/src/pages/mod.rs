//! One module per routed page, grouped in one folder per business area with the server's
//! names: `accounts`, `catalog`, `stock`, `channels`, `sales`, `orders` and `invoices`. Each area's `mod.rs` says
//! which screens it owns and what it calls. Beside them stand the pages of no area: "not
//! found" and the server's status.

mod accounts;
mod catalog;
mod channels;
mod invoices;
mod not_found;
mod orders;
mod sales;
mod status;
mod stock;

pub use accounts::{
    AcceptInvitePage, ApiKeysPage, AuditPage, CompanyPage, LoginPage, RequireSession, SessionsPage,
    SettingsIndex, SettingsLayout, SignUpPage, TeamPage,
};
pub use catalog::{LocationsPage, ProductImportPage, ProductsPage};
pub use channels::{ChannelPage, ChannelsPage, StockSyncPage};
pub use invoices::{ClosingPage, InvoicePage, InvoicesPage};
pub use not_found::NotFoundPage;
pub use orders::{
    FulfilmentBoardPage, NewOrderPage, NewQuotePage, OrderPage, OrdersPage, OutsourcedPage,
    PickupsPage, QuotePage, QuotesPage,
};
pub use sales::{
    CustomerPage, CustomersPage, DashboardPage, RegisterPage, SalePage, SalesImportPage, SalesPage,
};
pub use status::StatusPage;
pub use stock::{
    LowStockPage, MovementsPage, NewTransferPage, ReplenishmentPage, StockCountPage,
    StockCountsPage, StockPage, TransferPage, TransfersPage,
};
