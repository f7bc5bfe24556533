//! Accounts: sign-up, sign-in and sessions, the throttles on those doors, the team and its
//! roles, and partner API keys.

mod api_keys;
mod auth_abuse;
mod roles;
mod sign_in;
mod team;
