//! Reusable building blocks of the dashboard: the shell around every page, and the cards,
//! notices and indicators pages are made of.

mod auth_layout;
mod common;
mod form;
mod icon;
mod server;
mod shell;
mod status_pill;

pub use auth_layout::{AuthLayout, SessionSplash};
pub use common::{Card, EmptyState, ErrorNotice, PageHeader, Skeleton};
pub use form::{FormError, FormErrors, Problem, SubmitButton, TextField};
pub use icon::{Icon, IconKind};
pub use server::ServerInfoView;
pub use shell::Shell;
