//! Accounts: who may come in and what they may do. Owns sign-up, sign-in and sessions
//! (`sign_in`), the team with its invitations and roles (`team`), partner API keys
//! (`api_keys`), the audit log every area writes to (`audit`) and the company's own settings
//! (`company`). It may call `catalog::locations` (to check the locations a member is limited
//! to), the cross-cutting `access`, `idempotency` and `text`, and `auth`, `events` and
//! `mail` outside services.

pub mod api_keys;
pub mod audit;
pub mod company;
pub mod sign_in;
pub mod team;
