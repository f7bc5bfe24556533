//! Draws laid-out pages into a PDF with krilla, which embeds only the glyphs used.

use krilla::{
    Document,
    color::luma,
    geom::{PathBuilder, Point, Rect},
    metadata::Metadata,
    num::NormalizedF32,
    page::PageSettings,
    paint::{Fill, Stroke},
    text::TextDirection,
};

use super::{
    Typeface,
    layout::{self, Item, PAGE_HEIGHT, PAGE_WIDTH, Sheet},
};

/// Why a PDF could not be written.
#[derive(Debug, thiserror::Error)]
#[error("the PDF could not be written: {0}")]
pub struct RenderError(String);

/// `sheet` as an A4 PDF set in `typeface`.
pub fn render(sheet: &Sheet, typeface: &Typeface) -> Result<Vec<u8>, RenderError> {
    let measure = |text: &str, size: f32| typeface.width(text, size);
    let pages = layout::layout(sheet, &measure);
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(format!("{} {}", sheet.title, sheet.number))
            .language("ja".to_owned())
            .creator("Kura".to_owned()),
    );
    let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
        .ok_or_else(|| RenderError("A4 is not a page size".to_owned()))?;
    let font = typeface.font();
    for page in &pages {
        let mut pdf_page = document.start_page_with(settings.clone());
        let mut surface = pdf_page.surface();
        for item in &page.items {
            match item {
                Item::Text { x, y, size, text } => {
                    surface.set_fill(Some(Fill::default()));
                    surface.set_stroke(None);
                    surface.draw_text(
                        Point::from_xy(*x, *y),
                        font.clone(),
                        *size,
                        text,
                        false,
                        TextDirection::Auto,
                    );
                }
                Item::Rule { from, to, width } => {
                    let mut path = PathBuilder::new();
                    path.move_to(from.0, from.1);
                    path.line_to(to.0, to.1);
                    if let Some(path) = path.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(Stroke {
                            width: *width,
                            ..Stroke::default()
                        }));
                        surface.draw_path(&path);
                    }
                }
                Item::Shade {
                    x,
                    y,
                    width,
                    height,
                } => {
                    let mut path = PathBuilder::new();
                    if let Some(rect) = Rect::from_xywh(*x, *y, *width, *height) {
                        path.push_rect(rect);
                    }
                    if let Some(path) = path.finish() {
                        surface.set_stroke(None);
                        surface.set_fill(Some(Fill {
                            paint: luma::Color::new(235).into(),
                            opacity: NormalizedF32::ONE,
                            ..Fill::default()
                        }));
                        surface.draw_path(&path);
                    }
                }
            }
        }
        surface.finish();
        pdf_page.finish();
    }
    document.finish().map_err(|e| RenderError(format!("{e:?}")))
}
