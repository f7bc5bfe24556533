//! End-to-end tests: the built `kura` binary as a user runs it, driven over HTTP,
//! WebSocket and a real headless Chromium.
//!
//! Needs: the binary (`KURA_BIN`, default `<target>/debug/kura`), the built dashboard
//! (`frontend/dist`) for the browser test, Debian `chromium` + `chromedriver`, and for the
//! replica test PostgreSQL + Redis (`KURA_TEST_POSTGRES_URL`, `KURA_TEST_REDIS_URL`).
//! `infra/scripts/test` provides all of them.

// A failed unwrap is a failed test here, with its location: exactly what a test wants.
#![allow(clippy::unwrap_used)]

mod browser;
mod logs;
mod orders;
mod process;
mod replicas;
mod sales_browser;
mod sales_import_browser;
mod stock;
mod support;
