//! Kura server library: configuration, storage, events, GraphQL and HTTP. The `kura`
//! binary is a thin wrapper; integration tests build the same [`startup::Application`].

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
