//! A file chosen in an `<input type="file">`, read whole into base64 for the API's CSV
//! imports (products, POS sales).

use leptos::web_sys;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

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
        base64: base64(&bytes),
    })
}

/// Standard base64 (with padding) of `bytes`, for `ImportProductsInput.content`.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let sextet = |shift: u32| char::from(ALPHABET[((n >> shift) & 63) as usize]);
        out.push(sextet(18));
        out.push(sextet(12));
        out.push(if chunk.len() > 1 { sextet(6) } else { '=' });
        out.push(if chunk.len() > 2 { sextet(0) } else { '=' });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_alphabet_and_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64("棚卸".as_bytes()), "5qOa5Y24");
    }
}
