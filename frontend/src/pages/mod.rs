//! One module per routed page.

mod auth;
mod channel;
mod channel_connection;
mod channel_mappings;
mod channel_sync;
mod channels;
mod dashboard;
mod invite;
mod locations;
mod login;
mod not_found;
mod ops;
mod products;
mod sales;
mod sales_import;
mod settings;
mod signup;
mod status;
mod stock;
mod stock_sync;

pub use auth::RequireSession;
pub use channel::ChannelPage;
pub use channels::ChannelsPage;
pub use dashboard::DashboardPage;
pub use invite::AcceptInvitePage;
pub use locations::LocationsPage;
pub use login::LoginPage;
pub use not_found::NotFoundPage;
pub use ops::{
    NewTransferPage, ProductImportPage, ReplenishmentPage, StockCountPage, StockCountsPage,
    TransferPage, TransfersPage,
};
pub use products::ProductsPage;
pub use sales::{CustomerPage, CustomersPage, RegisterPage, SalePage, SalesPage};
pub use sales_import::SalesImportPage;
pub use settings::{
    ApiKeysPage, AuditPage, CompanyPage, SessionsPage, SettingsIndex, SettingsLayout, TeamPage,
};
pub use signup::SignUpPage;
pub use status::StatusPage;
pub use stock::{LowStockPage, MovementsPage, StockPage};
pub use stock_sync::StockSyncPage;
