//! Kura dashboard: a Leptos client-side-rendered app, built to WASM by trunk and served by
//! the Kura backend. All data comes from the backend's GraphQL API.

mod api;
mod app;
mod components;
mod i18n;
mod pages;
mod redirect;

fn main() {
    // Panics otherwise surface as an opaque "unreachable" trap in the console.
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
