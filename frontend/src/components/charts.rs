//! Small hand-written SVG charts: a column chart for a time series, horizontal bars for a
//! ranking and a donut for shares. No chart library: a few rectangles and arcs are all a
//! dashboard needs, and they render the same in every browser and in screenshots.

use leptos::prelude::*;

/// Series colours, in order (the accent first).
pub const PALETTE: &[&str] = &[
    "#4f46e5", "#0ea5e9", "#16a34a", "#f59e0b", "#db2777", "#7c3aed", "#64748b",
];

/// One value to chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Datum {
    /// Axis or legend label.
    pub label: String,
    /// What the bar or slice measures (values below zero draw as zero).
    pub value: i64,
    /// The value as people read it (`¥12,800`).
    pub display: String,
}

const COLUMN_W: f64 = 720.0;
const COLUMN_H: f64 = 220.0;
const AXIS_LEFT: f64 = 64.0;
const AXIS_BOTTOM: f64 = 24.0;
const TOP: f64 = 10.0;

/// A "nice" top for an axis: 1, 2 or 5 times a power of ten at or above `max`.
fn nice_ceiling(max: i64) -> i64 {
    if max <= 0 {
        return 1;
    }
    let mut step = 1i64;
    while step.saturating_mul(10) <= max {
        step = step.saturating_mul(10);
    }
    for factor in [1, 2, 5, 10] {
        let top = step.saturating_mul(factor);
        if top >= max {
            return top;
        }
    }
    step.saturating_mul(10)
}

/// A column per datum (hours of a day, days of a month) with a value axis; every
/// `label_every`-th column is labelled. `axis` formats axis values.
#[component]
pub fn ColumnChart(
    data: Vec<Datum>,
    #[prop(default = 1)] label_every: usize,
    #[prop(into)] axis: Callback<i64, String>,
    /// Accessible name.
    #[prop(into)]
    title: String,
) -> impl IntoView {
    let top = nice_ceiling(data.iter().map(|d| d.value).max().unwrap_or(0));
    let plot_w = COLUMN_W - AXIS_LEFT - 8.0;
    let plot_h = COLUMN_H - AXIS_BOTTOM - TOP;
    let slot = plot_w / data.len().max(1) as f64;
    let bar_w = (slot * 0.7).max(1.0);
    let grid = (0..=4)
        .map(|i| {
            let value = top * i / 4;
            let y = TOP + plot_h - plot_h * (i as f64 / 4.0);
            view! {
                <line class="chart-grid" x1=AXIS_LEFT x2=COLUMN_W - 8.0 y1=y y2=y />
                <text class="chart-axis" x=AXIS_LEFT - 6.0 y=y + 4.0 text-anchor="end">{axis.run(value)}</text>
            }
        })
        .collect_view();
    let columns = data
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let h = plot_h * (d.value.max(0) as f64 / top as f64);
            let x = AXIS_LEFT + slot * i as f64 + (slot - bar_w) / 2.0;
            let label = (i % label_every.max(1) == 0).then(|| {
                view! {
                    <text class="chart-axis" x=x + bar_w / 2.0 y=COLUMN_H - 6.0 text-anchor="middle">
                        {d.label.clone()}
                    </text>
                }
            });
            view! {
                <g class="chart-column" data-value=d.value>
                    <rect class="chart-slot" x=AXIS_LEFT + slot * i as f64 y=TOP width=slot height=plot_h>
                        <title>{format!("{} · {}", d.label, d.display)}</title>
                    </rect>
                    <rect class="chart-bar" x=x y=TOP + plot_h - h width=bar_w height=h rx=2 fill=PALETTE[0]>
                        <title>{format!("{} · {}", d.label, d.display)}</title>
                    </rect>
                    {label}
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="chart chart-columns" viewBox=format!("0 0 {COLUMN_W} {COLUMN_H}") role="img" aria-label=title>
            {grid}
            {columns}
        </svg>
    }
}

/// A ranked list, one labelled horizontal bar per datum, longest first as given.
#[component]
pub fn BarList(data: Vec<Datum>, #[prop(default = 0)] colour: usize) -> impl IntoView {
    let max = data.iter().map(|d| d.value).max().unwrap_or(0).max(1);
    let fill = PALETTE[colour % PALETTE.len()];
    data.into_iter()
        .map(|d| {
            let share = (d.value.max(0) as f64 / max as f64 * 100.0).clamp(0.0, 100.0);
            view! {
                <div class="barlist-row" data-testid="barlist-row">
                    <div class="barlist-head">
                        <span class="barlist-label">{d.label.clone()}</span>
                        <span class="barlist-value">{d.display.clone()}</span>
                    </div>
                    <svg class="barlist-track" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true">
                        <rect x=0 y=0 width=100 height=6 rx=3 class="barlist-bg" />
                        <rect x=0 y=0 width=share height=6 rx=3 fill=fill />
                    </svg>
                </div>
            }
        })
        .collect_view()
}

/// Shares of a whole as a ring, with a legend; `centre` is written in the middle.
#[component]
pub fn Donut(
    data: Vec<Datum>,
    #[prop(into)] centre: String,
    #[prop(into)] title: String,
) -> impl IntoView {
    const R: f64 = 40.0;
    let circumference = 2.0 * std::f64::consts::PI * R;
    let whole = data
        .iter()
        .fold(0i64, |sum, d| sum.saturating_add(d.value.max(0)));
    let mut offset = 0.0;
    let slices = data
        .iter()
        .enumerate()
        .filter(|(_, d)| d.value > 0 && whole > 0)
        .map(|(i, d)| {
            let length = circumference * d.value as f64 / whole as f64;
            let slice = view! {
                <circle
                    cx=50 cy=50 r=R fill="none" stroke=PALETTE[i % PALETTE.len()] stroke-width=14
                    stroke-dasharray=format!("{length:.3} {:.3}", circumference - length)
                    stroke-dashoffset=format!("{:.3}", -offset)
                    transform="rotate(-90 50 50)"
                >
                    <title>{format!("{} · {}", d.label, d.display)}</title>
                </circle>
            };
            offset += length;
            slice
        })
        .collect_view();
    let legend = data
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let share = if whole > 0 {
                format!("{:.0}%", d.value.max(0) as f64 * 100.0 / whole as f64)
            } else {
                "—".to_owned()
            };
            view! {
                <li>
                    <span class="legend-swatch" style=format!("background:{}", PALETTE[i % PALETTE.len()])></span>
                    <span class="legend-label">{d.label.clone()}</span>
                    <span class="legend-value">{d.display.clone()}</span>
                    <span class="legend-share muted">{share}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="donut">
            <svg class="chart donut-ring" viewBox="0 0 100 100" role="img" aria-label=title>
                <circle cx=50 cy=50 r=R fill="none" class="donut-track" stroke-width=14 />
                {slices}
                <text x=50 y=54 text-anchor="middle" class="donut-centre">{centre}</text>
            </svg>
            <ul class="legend">{legend}</ul>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::nice_ceiling;

    #[test]
    fn axes_end_on_round_numbers() {
        assert_eq!(nice_ceiling(0), 1);
        assert_eq!(nice_ceiling(7), 10);
        assert_eq!(nice_ceiling(12_800), 20_000);
        assert_eq!(nice_ceiling(41_000), 50_000);
        assert_eq!(nice_ceiling(100_000), 100_000);
    }
}
