//! Where every word and rule of a document goes: pure, so page breaks, alignment and
//! truncation are tested without drawing anything.
//!
//! Coordinates are PDF points on an A4 page with the origin at the top left and y growing
//! downwards; a text item's point is the left end of its baseline.

/// A4 in points.
pub const PAGE_WIDTH: f32 = 595.28;
/// A4 in points.
pub const PAGE_HEIGHT: f32 = 841.89;
const MARGIN: f32 = 42.0;
const BODY: f32 = 9.0;
const LINE: f32 = 13.0;
const ROW: f32 = 18.0;
const CELL_PAD: f32 = 4.0;
const TOTALS_WIDTH: f32 = 230.0;
/// Rows may not come closer to the page's bottom edge than this (the page number sits below).
const BOTTOM: f32 = PAGE_HEIGHT - MARGIN - 12.0;

/// A document to print, every value already formatted for people.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    /// The document's name, e.g. 納品書.
    pub title: String,
    /// Its number, e.g. `D-2026-000123`.
    pub number: String,
    /// Label and value pairs beside the number: issue date, order number, due date…
    pub facts: Vec<(String, String)>,
    /// Who it is for (top left, as a Japanese business document addresses its reader).
    pub recipient: Party,
    /// Who issues it (top right), with the registration number among its lines.
    pub seller: Party,
    /// One sentence above the table, e.g. 下記のとおり納品いたします。
    pub lead: Option<String>,
    /// The table's columns.
    pub columns: Vec<Column>,
    /// The table's rows; each has one cell per column.
    pub rows: Vec<Vec<String>>,
    /// Label and value pairs under the table, right-aligned: subtotal, tax per rate, total.
    pub totals: Vec<(String, String)>,
    /// Free lines at the end (備考).
    pub notes: Vec<String>,
    /// The heading of the notes block.
    pub notes_heading: String,
}

/// A party to the document: a name and the lines under it (postal code, address, phone…).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Party {
    /// Company or person.
    pub name: String,
    /// Address, phone, registration number.
    pub lines: Vec<String>,
}

/// One column of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Its heading.
    pub label: String,
    /// Its share of the table's width, relative to the other columns.
    pub share: f32,
    /// How its cells align.
    pub align: Align,
}

/// How text sits in its space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text: names, SKUs.
    Left,
    /// Numbers.
    Right,
    /// Short codes and marks.
    Center,
}

/// One laid-out page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// What to draw, in order.
    pub items: Vec<Item>,
}

/// One thing to draw.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Text starting at (`x`, `y`) on its baseline.
    Text {
        /// Left end.
        x: f32,
        /// Baseline.
        y: f32,
        /// Size in points.
        size: f32,
        /// The text.
        text: String,
    },
    /// A straight line.
    Rule {
        /// Start.
        from: (f32, f32),
        /// End.
        to: (f32, f32),
        /// Thickness in points.
        width: f32,
    },
    /// A light grey band behind the table's heading.
    Shade {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        width: f32,
        /// Height.
        height: f32,
    },
}

/// Measures text: its width in points at a size.
pub type Measure<'a> = &'a dyn Fn(&str, f32) -> f32;

/// Lays `sheet` out on as many A4 pages as its rows need. The first page carries the header,
/// later ones a short continuation line and the table heading again; the totals and notes
/// follow the last row, on a page of their own if they do not fit. Every page ends with
/// "n / N".
pub fn layout(sheet: &Sheet, measure: Measure<'_>) -> Vec<Page> {
    let mut pen = Pen {
        pages: vec![Page::default()],
        y: 0.0,
        measure,
    };
    pen.y = pen.header(sheet);
    if let Some(lead) = &sheet.lead {
        pen.y += LINE;
        pen.text(MARGIN, pen.y, 10.0, lead);
        pen.y += 10.0;
    }
    let widths = column_widths(&sheet.columns);
    pen.table_heading(&sheet.columns, &widths);
    for row in &sheet.rows {
        if pen.y + ROW > BOTTOM {
            pen.next_page(sheet);
            pen.table_heading(&sheet.columns, &widths);
        }
        pen.row(&sheet.columns, &widths, row);
    }
    if pen.y + closing_height(sheet) > BOTTOM {
        pen.next_page(sheet);
    }
    pen.totals(&sheet.totals);
    pen.notes(&sheet.notes_heading, &sheet.notes);
    pen.page_numbers();
    pen.pages
}

struct Pen<'a> {
    pages: Vec<Page>,
    y: f32,
    measure: Measure<'a>,
}

impl Pen<'_> {
    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a sheet always has a page")
    }

    fn text(&mut self, x: f32, y: f32, size: f32, text: &str) {
        if !text.is_empty() {
            self.page().items.push(Item::Text {
                x,
                y,
                size,
                text: text.to_owned(),
            });
        }
    }

    /// Text aligned within [`left`, `left + width`], cut short with "…" if it does not fit.
    fn text_in(&mut self, left: f32, width: f32, y: f32, size: f32, text: &str, align: Align) {
        let fitted = fit(text, width, size, self.measure);
        let used = (self.measure)(&fitted, size);
        let x = match align {
            Align::Left => left,
            Align::Right => left + width - used,
            Align::Center => left + (width - used) / 2.0,
        };
        self.text(x, y, size, &fitted);
    }

    fn rule(&mut self, from: (f32, f32), to: (f32, f32), width: f32) {
        self.page().items.push(Item::Rule { from, to, width });
    }

    /// Title, recipient on the left, number, facts and seller on the right; returns where the
    /// header ends.
    fn header(&mut self, sheet: &Sheet) -> f32 {
        let title_size = 20.0;
        let title_width = (self.measure)(&sheet.title, title_size);
        self.text(
            (PAGE_WIDTH - title_width) / 2.0,
            MARGIN + title_size,
            title_size,
            &sheet.title,
        );
        let top = MARGIN + title_size + 26.0;

        let left_width = PAGE_WIDTH / 2.0 - MARGIN;
        let mut left = top;
        let name = fit(&sheet.recipient.name, left_width, 13.0, self.measure);
        self.text(MARGIN, left, 13.0, &name);
        self.rule((MARGIN, left + 5.0), (MARGIN + left_width, left + 5.0), 0.8);
        left += 5.0;
        for line in &sheet.recipient.lines {
            left += LINE;
            self.text_in(MARGIN, left_width, left, BODY, line, Align::Left);
        }

        let right_left = PAGE_WIDTH / 2.0 + 30.0;
        let right_width = PAGE_WIDTH - MARGIN - right_left;
        let mut right = top - 14.0;
        self.text_in(
            right_left,
            right_width,
            right,
            BODY,
            &format!("No. {}", sheet.number),
            Align::Right,
        );
        for (label, value) in &sheet.facts {
            right += LINE;
            self.text_in(right_left, right_width, right, BODY, label, Align::Left);
            self.text_in(right_left, right_width, right, BODY, value, Align::Right);
        }
        right += LINE + 8.0;
        self.text_in(
            right_left,
            right_width,
            right,
            11.0,
            &sheet.seller.name,
            Align::Left,
        );
        for line in &sheet.seller.lines {
            right += LINE;
            self.text_in(right_left, right_width, right, BODY, line, Align::Left);
        }
        left.max(right) + 12.0
    }

    fn next_page(&mut self, sheet: &Sheet) {
        self.pages.push(Page::default());
        let line = format!("{} No. {}", sheet.title, sheet.number);
        self.text(MARGIN, MARGIN + 10.0, BODY, &line);
        self.y = MARGIN + 22.0;
    }

    fn table_heading(&mut self, columns: &[Column], widths: &[f32]) {
        let width: f32 = widths.iter().fold(0.0, |sum, w| sum + w);
        let y = self.y;
        self.page().items.push(Item::Shade {
            x: MARGIN,
            y,
            width,
            height: ROW,
        });
        self.rule((MARGIN, self.y), (MARGIN + width, self.y), 0.8);
        let mut x = MARGIN;
        let baseline = self.y + ROW - 6.0;
        for (column, w) in columns.iter().zip(widths) {
            self.text_in(
                x + CELL_PAD,
                w - 2.0 * CELL_PAD,
                baseline,
                BODY,
                &column.label,
                Align::Center,
            );
            x += w;
        }
        self.y += ROW;
        self.rule((MARGIN, self.y), (MARGIN + width, self.y), 0.8);
    }

    fn row(&mut self, columns: &[Column], widths: &[f32], cells: &[String]) {
        let mut x = MARGIN;
        let baseline = self.y + ROW - 6.0;
        for ((column, w), cell) in columns.iter().zip(widths).zip(cells) {
            self.text_in(
                x + CELL_PAD,
                w - 2.0 * CELL_PAD,
                baseline,
                BODY,
                cell,
                column.align,
            );
            x += w;
        }
        self.y += ROW;
        self.rule((MARGIN, self.y), (x, self.y), 0.3);
    }

    fn totals(&mut self, totals: &[(String, String)]) {
        let left = PAGE_WIDTH - MARGIN - TOTALS_WIDTH;
        self.y += 8.0;
        for (i, (label, value)) in totals.iter().enumerate() {
            let last = i + 1 == totals.len();
            let size = if last { 11.0 } else { 10.0 };
            self.y += 16.0;
            self.text_in(left, TOTALS_WIDTH, self.y, size, label, Align::Left);
            self.text_in(left, TOTALS_WIDTH, self.y, size, value, Align::Right);
            let width = if last { 0.8 } else { 0.3 };
            self.rule(
                (left, self.y + 4.0),
                (PAGE_WIDTH - MARGIN, self.y + 4.0),
                width,
            );
        }
    }

    fn notes(&mut self, heading: &str, notes: &[String]) {
        if notes.is_empty() {
            return;
        }
        self.y += 24.0;
        self.text(MARGIN, self.y, 10.0, heading);
        for note in notes {
            self.y += LINE;
            self.text_in(
                MARGIN,
                PAGE_WIDTH - 2.0 * MARGIN,
                self.y,
                BODY,
                note,
                Align::Left,
            );
        }
    }

    fn page_numbers(&mut self) {
        let count = self.pages.len();
        for n in 0..count {
            let label = format!("{} / {count}", n + 1);
            let width = (self.measure)(&label, 8.0);
            self.pages[n].items.push(Item::Text {
                x: (PAGE_WIDTH - width) / 2.0,
                y: PAGE_HEIGHT - MARGIN + 14.0,
                size: 8.0,
                text: label,
            });
        }
    }
}

/// The room the totals and notes take under the last row.
fn closing_height(sheet: &Sheet) -> f32 {
    let totals = 8.0 + 16.0 * sheet.totals.len() as f32 + 4.0;
    let notes = if sheet.notes.is_empty() {
        0.0
    } else {
        24.0 + LINE * sheet.notes.len() as f32
    };
    totals + notes
}

/// Each column's width: the page's text width shared out by the columns' shares.
fn column_widths(columns: &[Column]) -> Vec<f32> {
    let total: f32 = columns.iter().fold(0.0, |sum, c| sum + c.share.max(0.0));
    let text_width = PAGE_WIDTH - 2.0 * MARGIN;
    columns
        .iter()
        .map(|c| {
            if total > 0.0 {
                text_width * c.share.max(0.0) / total
            } else {
                text_width / columns.len() as f32
            }
        })
        .collect()
}

/// `text` as it fits in `width`: whole, or as many leading characters as fit followed by "…".
fn fit(text: &str, width: f32, size: f32, measure: Measure<'_>) -> String {
    if measure(text, size) <= width {
        return text.to_owned();
    }
    let ellipsis = "…";
    let room = width - measure(ellipsis, size);
    let mut kept = String::new();
    for c in text.chars() {
        kept.push(c);
        if measure(&kept, size) > room {
            kept.pop();
            break;
        }
    }
    kept.push_str(ellipsis);
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::tests::sheet;

    /// Every character half an em wide, like a monospaced Latin font.
    fn mono(text: &str, size: f32) -> f32 {
        text.chars().count() as f32 * size / 2.0
    }

    fn texts(page: &Page) -> Vec<&str> {
        page.items
            .iter()
            .filter_map(|item| match item {
                Item::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    fn find(page: &Page, wanted: &str) -> Option<(f32, f32)> {
        page.items.iter().find_map(|item| match item {
            Item::Text { x, y, text, .. } if text == wanted => Some((*x, *y)),
            _ => None,
        })
    }

    #[test]
    fn a_short_document_fits_one_page_with_header_rows_totals_and_number() {
        let pages = layout(&sheet(3), &mono);
        assert_eq!(pages.len(), 1);
        let texts = texts(&pages[0]);
        for wanted in [
            "納品書",
            "No. D-2026-000001",
            "株式会社さくら商店 御中",
            "登録番号 T1234567890123",
            "item 3",
            "合計",
            "¥1,100",
            "返品は7日以内",
            "1 / 1",
        ] {
            assert!(texts.contains(&wanted), "{wanted} missing from {texts:?}");
        }
    }

    #[test]
    fn rows_flow_onto_further_pages_that_repeat_the_heading_and_stay_above_the_footer() {
        let pages = layout(&sheet(120), &mono);
        assert!(pages.len() >= 3, "{} pages", pages.len());
        for (n, page) in pages.iter().enumerate() {
            let texts = texts(page);
            assert!(texts.contains(&"品名"), "page {n} repeats the heading");
            assert!(texts.contains(&format!("{} / {}", n + 1, pages.len()).as_str()));
            for item in &page.items {
                if let Item::Text { y, text, .. } = item
                    && text.starts_with("item ")
                {
                    assert!(*y <= BOTTOM, "{text} at {y} runs into the footer");
                }
            }
        }
        // Every row is printed exactly once, in order.
        let rows: Vec<String> = pages
            .iter()
            .flat_map(|p| texts(p).into_iter().map(str::to_owned).collect::<Vec<_>>())
            .filter(|t| t.starts_with("item "))
            .collect();
        let expected: Vec<String> = (1..=120).map(|n| format!("item {n}")).collect();
        assert_eq!(rows, expected);
        assert!(texts(&pages[1]).contains(&"納品書 No. D-2026-000001"));
    }

    #[test]
    fn totals_and_notes_always_follow_the_last_row_and_stay_above_the_footer() {
        for rows in 1..=90 {
            let pages = layout(&sheet(rows), &mono);
            let with_total: Vec<usize> = (0..pages.len())
                .filter(|&n| texts(&pages[n]).contains(&"合計"))
                .collect();
            assert_eq!(with_total, vec![pages.len() - 1], "{rows} rows");
            let last = pages.last().unwrap();
            let (_, note_y) = find(last, "返品は7日以内").expect("notes printed");
            assert!(note_y <= BOTTOM, "{rows} rows: notes at {note_y}");
            if let Some((_, row_y)) = find(last, &format!("item {rows}")) {
                let (_, total_y) = find(last, "合計").unwrap();
                assert!(row_y < total_y, "{rows} rows: totals above the last row");
            }
        }
    }

    #[test]
    fn numbers_align_right_and_long_names_are_cut_with_an_ellipsis() {
        let mut sheet = sheet(1);
        sheet.rows = vec![vec!["x".repeat(300), "12".into()]];
        let pages = layout(&sheet, &mono);
        let cut = texts(&pages[0])
            .into_iter()
            .find(|t| t.starts_with("xxx"))
            .unwrap()
            .to_owned();
        assert!(cut.ends_with('…'));
        assert!(mono(&cut, BODY) <= column_widths(&sheet.columns)[0] - 2.0 * CELL_PAD);
        let (x, _) = find(&pages[0], "12").unwrap();
        let right_edge = PAGE_WIDTH - MARGIN - CELL_PAD;
        assert!((x + mono("12", BODY) - right_edge).abs() < 0.01);
    }
}
