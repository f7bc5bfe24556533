//! One module per routed page.

mod auth;
/// Public so a channel's own page can embed its `ChannelSyncPanel`.
pub mod channel_sync;
mod dashboard;
mod invite;
mod locations;
mod login;
mod not_found;
mod ops;
mod products;
mod sales;
mod settings;
mod signup;
mod status;
mod stock;

pub use auth::RequireSession;
pub use channel_sync::ChannelSyncPage;
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
pub use sales::SalesPage;
pub use settings::{
    ApiKeysPage, AuditPage, CompanyPage, SessionsPage, SettingsIndex, SettingsLayout, TeamPage,
};
pub use signup::SignUpPage;
pub use status::StatusPage;
pub use stock::{LowStockPage, MovementsPage, StockPage};
