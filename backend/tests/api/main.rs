//! Integration tests: the real application on port 0, over HTTP and WebSocket, against
//! SQLite by default or PostgreSQL + Redis with `KURA_TEST_STORE=postgres`.

// A failed unwrap is a failed test here, with its location: exactly what a test wants.
#![allow(clippy::unwrap_used)]

mod accounts;
mod api_keys;
mod auth_abuse;
// Fake providers; some helpers are there for the webhook endpoint tests still to come.
#[allow(dead_code)]
mod fakes;
mod graphql_http;
mod graphql_ws;
mod health;
mod helpers;
mod integration_clients;
mod inventory;
mod isolation;
mod location_limits;
mod migrations;
mod retention;
mod roles;
mod sales;
mod sales_import;
mod sales_summary;
mod schema;
mod spa;
mod spreadsheets;
mod stock_counts;
mod stock_sync;
mod team;
mod tenant_boundaries;
mod transfers;
mod webhooks;
