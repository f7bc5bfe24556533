//! The request pipeline every resolver runs through: what the transport knows about the
//! caller (`client`), the one-authentication-mutation-per-operation rule checked before any
//! field runs (`auth_limit`), the permission check each tenant field starts with (`guard`)
//! and the per-request batched lookups for nested fields (`loaders`). Calls
//! `services::access` and `services::lookup`; of the rest of `graphql`, only the shared
//! `types::errors`.

pub mod auth_limit;
pub mod client;
pub mod guard;
pub mod loaders;
