//! A file chosen in an `<input type="file">`, read whole into base64 for the API's CSV
//! imports (products, POS sales).

use leptos::web_sys;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::api::ops;

/// A chosen file, read.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadFile {
    /// The file's name.
    pub name: String,
    /// Its size in bytes.
    pub size: f64,
    /// Its bytes, base64.
    pub base64: String,
}

impl ReadFile {
    /// `sales.csv (12 KB)`.
    pub fn label(&self) -> String {
        let kb = (self.size / 1024.0).ceil();
        format!("{} ({kb} KB)", self.name)
    }
}

/// The file chosen in the input that fired `ev`; `None` when the choice was cleared.
pub fn chosen_file(ev: &web_sys::Event) -> Option<web_sys::File> {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .and_then(|input| input.files())
        .and_then(|files| files.get(0))
}

/// Reads `file` into memory; `Err` when the browser could not read it.
pub async fn read_file(file: web_sys::File) -> Result<ReadFile, ()> {
    let buffer = JsFuture::from(file.array_buffer()).await.map_err(|_| ())?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    Ok(ReadFile {
        name: file.name(),
        size: file.size(),
        base64: ops::base64(&bytes),
    })
}
