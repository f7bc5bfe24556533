//! Reusable building blocks of the dashboard: the shell around every page, and the cards,
//! notices and indicators pages are made of.

mod common;
mod icon;
mod server;
mod shell;
mod status_pill;

pub use common::{Card, EmptyState, ErrorNotice, PageHeader, Skeleton};
pub use icon::{Icon, IconKind};
pub use server::ServerInfoView;
pub use shell::Shell;
