//! Kura server library: configuration, storage, events, GraphQL and HTTP. The `kura`
//! binary is a thin wrapper; integration tests build the same [`startup::Application`].
//!
//! Dependencies point one way, from the edges down, so a layer can be read and tested
//! without the ones above it:
//!
//! - `http`, `graphql` and `jobs` (the edges) call `services`, and may read `events` and
//!   `integrations` directly; `http` and `jobs` may read `store` too, while `graphql` sees
//!   stored data only as the services' records (`tests/api/layering.rs` checks both rules);
//! - `services` call `integrations`, `store`, `events`, `mail` and the credential
//!   primitives of `auth` (`passwords`, `tokens`, `throttle`), never an edge;
//! - `integrations`, `store` and `events` know nothing of services or the edges;
//! - `config`, `secrets` and `telemetry` sit below everything.
//!
//! `auth::context` is the exception inside `auth`: it resolves a request's principal through
//! the accounts services, so only the edges use it. `state` and `startup` wire all layers
//! together.

pub mod auth;
pub mod cli;
pub mod config;
pub mod events;
pub mod graphql;
pub mod http;
pub mod integrations;
pub mod jobs;
pub mod mail;
pub mod print;
pub mod secrets;
pub mod services;
pub mod startup;
pub mod state;
pub mod store;
pub mod telemetry;
