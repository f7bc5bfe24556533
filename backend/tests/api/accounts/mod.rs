//! Accounts: sign-up, sign-in and sessions, the throttles on those doors, the team and its
//! roles, partner API keys, and the company's own details.

mod api_keys;
mod auth_abuse;
mod company;
mod roles;
mod sign_in;
mod team;
