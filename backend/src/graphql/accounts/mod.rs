//! Accounts in the API: sign-up, sign-in, sessions and `me` (`sign_in`), the team and its
//! invitations (`team`), partner API keys (`api_keys`), the audit log (`audit`) and the
//! company's settings (`company`). Resolvers call `services::accounts`; of the other areas
//! they use only the `catalog::locations` types (the locations a member is limited to),
//! besides the cross-cutting `request` pipeline (`client`, `guard`) and shared `types`
//! (`errors`, `ids`, `paging`).

pub mod api_keys;
pub mod audit;
pub mod company;
pub mod sign_in;
pub mod team;
