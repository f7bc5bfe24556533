//! One module per routed page.

mod dashboard;
mod locations;
mod not_found;
mod products;
mod sales;
mod settings;
mod status;
mod stock;

pub use dashboard::DashboardPage;
pub use locations::LocationsPage;
pub use not_found::NotFoundPage;
pub use products::ProductsPage;
pub use sales::SalesPage;
pub use settings::SettingsPage;
pub use status::StatusPage;
pub use stock::StockPage;
