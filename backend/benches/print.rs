//! How long a 50-line delivery note takes to lay out and write as a PDF (font subsetting
//! included), which bounds how fast a warehouse can print its day's shipments.
//!
//! Run: `cargo bench -p kura-backend --bench print` (release profile). Needs a Japanese font
//! (`fonts-noto-cjk`, or `KURA_PDF_FONT`). Prints figures; asserts nothing.

use std::time::{Duration, Instant};

use kura_backend::print::{Align, Column, Party, Sheet, Typeface, render};

const ROUNDS: usize = 30;

fn delivery_note(lines: usize) -> Sheet {
    let column = |label: &str, share: f32, align: Align| Column {
        label: label.to_owned(),
        share,
        align,
    };
    Sheet {
        title: "納品書".into(),
        number: "D-2026-004711".into(),
        facts: vec![
            ("納品日".into(), "2026年12月7日".into()),
            ("受注番号".into(), "SO-2026-001234".into()),
        ],
        recipient: Party {
            name: "株式会社さくら商店 御中".into(),
            lines: vec![
                "〒150-0001 東京都渋谷区神宮前1-2-3 さくらビル4F".into(),
                "TEL 03-1234-5678".into(),
            ],
        },
        seller: Party {
            name: "株式会社クラ・アパレル".into(),
            lines: vec![
                "〒530-0001 大阪府大阪市北区梅田2-4-9".into(),
                "登録番号 T1234567890123".into(),
            ],
        },
        lead: Some("下記のとおり納品いたします。".into()),
        columns: vec![
            column("品番", 2.2, Align::Left),
            column("品名", 5.0, Align::Left),
            column("数量", 1.0, Align::Right),
            column("単価", 1.5, Align::Right),
            column("税率", 1.0, Align::Center),
            column("金額", 1.8, Align::Right),
        ],
        rows: (1..=lines)
            .map(|n| {
                vec![
                    format!("TS-{n:03}-NVY-M"),
                    format!("オーガニックコットンTシャツ ネイビー M ({n})"),
                    "12".into(),
                    "¥1,800".into(),
                    "10%".into(),
                    "¥21,600".into(),
                ]
            })
            .collect(),
        totals: vec![
            ("小計（10%対象）".into(), "¥1,080,000".into()),
            ("消費税（10%）".into(), "¥108,000".into()),
            ("合計".into(), "¥1,188,000".into()),
        ],
        notes: vec!["お支払い：月末締め翌月末払い".into()],
        notes_heading: "備考".into(),
    }
}

fn main() {
    let configured = std::env::var_os("KURA_PDF_FONT");
    let started = Instant::now();
    let typeface =
        Typeface::find(configured.as_deref().map(std::path::Path::new)).expect("a Japanese font");
    println!(
        "font loaded once per process in {:.1} ms",
        started.elapsed().as_secs_f64() * 1e3
    );
    let sheet = delivery_note(50);
    let mut samples: Vec<Duration> = Vec::with_capacity(ROUNDS);
    let mut size = 0;
    for _ in 0..ROUNDS {
        let started = Instant::now();
        size = render(&sheet, &typeface).expect("rendered").len();
        samples.push(started.elapsed());
    }
    samples.sort();
    let p50 = samples[samples.len() / 2];
    let max = samples[samples.len() - 1];
    println!(
        "50-line delivery note PDF     p50 {:>6.1} ms   max {:>6.1} ms   ({ROUNDS} runs, {} KB)",
        p50.as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3,
        size / 1024
    );
}
