//! Saving a file the dashboard made or the server sent: a temporary link with a `download`
//! name, clicked once.

use leptos::prelude::{document, set_timeout};
use leptos::web_sys;
use wasm_bindgen::JsCast;

/// Starts the download of `href` (an object URL or a `data:` URL) as a file named `name`.
pub fn download_url(name: &str, href: &str) -> Result<(), wasm_bindgen::JsValue> {
    let anchor: web_sys::HtmlAnchorElement = document().create_element("a")?.dyn_into()?;
    anchor.set_href(href);
    anchor.set_download(name);
    anchor.set_attribute("data-testid", "export-link")?;
    document()
        .body()
        .ok_or_else(|| wasm_bindgen::JsValue::from_str("no body"))?
        .append_child(&anchor)?;
    anchor.click();
    anchor.remove();
    Ok(())
}

/// Saves a printed document (a base64 PDF) under its file name; false when the browser
/// refused.
pub fn save_document(document: &crate::api::wire::PrintedDocument) -> bool {
    let href = format!("data:{};base64,{}", document.content_type, document.base64);
    download_url(&document.file_name, &href).is_ok()
}

/// Today in the browser's time zone, `YYYY-MM-DD` (what a date field starts at).
pub fn local_today() -> String {
    let now = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date()
    )
}

/// `2026-11-27`, for file names.
pub fn today() -> String {
    let iso = String::from(js_sys::Date::new_0().to_iso_string());
    iso.chars().take(10).collect()
}

/// Saves `text` as a CSV file named `name` through a temporary object URL.
pub fn download_text(name: &str, text: &str) -> Result<(), wasm_bindgen::JsValue> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    download_url(name, &url)?;
    // Give the browser a moment to start the download before the URL goes away.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(5),
    );
    Ok(())
}
