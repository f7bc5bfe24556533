//! Printed business documents — quotes, pick lists, delivery notes and (later) invoices — as
//! A4 PDFs in Japanese.
//!
//! A document is described as a [`Sheet`] (plain strings, already formatted by the area that
//! owns the document), laid out by the pure [`layout`] step into positioned text and rules,
//! and drawn by [`pdf`] with one CJK typeface from the system ([`Typeface`]), embedded as a
//! subset so the file prints anywhere. Areas build sheets; this module knows nothing of orders
//! or invoices.

mod fonts;
pub mod layout;
mod pdf;

use std::{
    path::PathBuf,
    sync::{Arc, OnceLock},
};

pub use fonts::{Typeface, TypefaceError};
pub use layout::{Align, Column, Party, Sheet};
pub use pdf::render;

/// Prints sheets with the typeface configured (`KURA_PDF_FONT`) or found on the system,
/// loaded once on the first print so a server without Japanese fonts still starts.
#[derive(Debug, Default)]
pub struct Printer {
    font: Option<PathBuf>,
    typeface: OnceLock<Result<Arc<Typeface>, String>>,
}

impl Printer {
    /// A printer that will use the font at `font` (`path` or `path#index` for a
    /// collection), or the first known system font when `None`.
    pub fn new(font: Option<PathBuf>) -> Self {
        Printer {
            font,
            typeface: OnceLock::new(),
        }
    }

    /// `sheet` as a PDF; an error says why it cannot be printed (no usable font).
    pub fn pdf(&self, sheet: &Sheet) -> Result<Vec<u8>, String> {
        let typeface = self
            .typeface
            .get_or_init(|| {
                Typeface::find(self.font.as_deref())
                    .map(Arc::new)
                    .map_err(|e| format!("{e} (install fonts-noto-cjk, or set KURA_PDF_FONT)"))
            })
            .clone()?;
        render(sheet, &typeface).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A delivery note with `rows` numbered lines.
    pub(crate) fn sheet(rows: usize) -> Sheet {
        Sheet {
            title: "納品書".into(),
            number: "D-2026-000001".into(),
            facts: vec![("発行日".into(), "2026-12-07".into())],
            recipient: Party {
                name: "株式会社さくら商店 御中".into(),
                lines: vec!["〒150-0001".into(), "東京都渋谷区神宮前1-2-3".into()],
            },
            seller: Party {
                name: "Kura Apparel".into(),
                lines: vec!["登録番号 T1234567890123".into()],
            },
            lead: Some("下記のとおり納品いたします。".into()),
            columns: vec![
                Column {
                    label: "品名".into(),
                    share: 5.0,
                    align: Align::Left,
                },
                Column {
                    label: "数量".into(),
                    share: 1.0,
                    align: Align::Right,
                },
            ],
            rows: (1..=rows)
                .map(|n| vec![format!("item {n}"), n.to_string()])
                .collect(),
            totals: vec![
                ("小計".into(), "¥1,000".into()),
                ("合計".into(), "¥1,100".into()),
            ],
            notes: vec!["返品は7日以内".into()],
            notes_heading: "備考".into(),
        }
    }

    #[test]
    fn a_fifty_line_delivery_note_embeds_only_the_japanese_glyphs_it_uses() {
        let typeface = Typeface::find(
            std::env::var_os("KURA_PDF_FONT")
                .as_deref()
                .map(std::path::Path::new),
        )
        .expect("a Japanese font (fonts-noto-cjk) is installed");
        let pdf = render(&sheet(50), &typeface).expect("rendered");
        assert!(pdf.starts_with(b"%PDF-"));
        // The whole Noto Sans CJK face is over 16 MB; a subset of a few dozen glyphs is small.
        assert!(
            pdf.len() < 200_000,
            "{} bytes: the font was not subset",
            pdf.len()
        );
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/FontFile"), "the font is embedded");
        assert!(text.contains("/Count 2"), "50 lines take two pages");
        let out = std::env::temp_dir().join("kura-delivery-note-test.pdf");
        std::fs::write(&out, &pdf).expect("written for a look");
    }
}
