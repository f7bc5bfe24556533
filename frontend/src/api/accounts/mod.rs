//! Accounts: the team and its invitations (`team`), partner API keys (`api_keys`), the
//! viewer's sign-in sessions (`sessions`), the company's settings (`company`) and the audit
//! log (`audit`), for the settings pages and the invitation page. Signing in itself is the
//! cross-cutting `session`, which every area's requests go through. It uses only `query` and
//! `wire`, and no other area.

pub mod api_keys;
pub mod audit;
pub mod company;
pub mod sessions;
pub mod team;
