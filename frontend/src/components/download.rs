//! Saving a file the dashboard made or the server sent: a temporary link with a `download`
//! name, clicked once.

use leptos::prelude::document;
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
