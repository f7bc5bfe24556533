//! Accounts: who comes in and what they may do. Owns the signed-out pages (`/login`:
//! `login`, `/signup`: `signup`, `/invite/:token`: `invite`), the gate between signed-out and
//! signed-in people (`auth`) and the settings tabs for the team, API keys, sessions, the
//! company and the audit log (`/settings/…`: `settings`). Its pages call `api::session` and
//! `api::accounts`, read `api::catalog` for the locations a member may be limited to, and
//! use the shared `components`.

mod auth;
mod invite;
mod login;
mod settings;
mod signup;

pub use auth::RequireSession;
pub use invite::AcceptInvitePage;
pub use login::LoginPage;
pub use settings::{
    ApiKeysPage, AuditPage, CompanyPage, SessionsPage, SettingsIndex, SettingsLayout, TeamPage,
};
pub use signup::SignUpPage;
