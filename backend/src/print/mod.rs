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

pub use fonts::{Typeface, TypefaceError};
pub use layout::{Align, Column, Party, Sheet};
pub use pdf::render;

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
