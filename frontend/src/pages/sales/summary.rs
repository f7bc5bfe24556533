//! `/`: the live sales dashboard. Today's or this month's sales in the company's time
//! zone: KPI cards, an hourly or daily chart, shares by channel and location, the best
//! sellers, and a warning when stock has gone below zero. It listens to `saleRecorded` and
//! `saleVoided` and refetches (debounced, so a burst of sales costs one request); the
//! server guarantees a refetch after an event includes that sale.

use std::time::Duration;

use kura_shared::{CurrencyCode, Money};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::sales::summary::{
    self, SALE_RECORDED_SUBSCRIPTION, SALE_VOIDED_SUBSCRIPTION, SaleSignal, SalesFigures,
    SalesSummary, SummaryPeriod,
};
use crate::api::stock::levels::LowStockRow;
use crate::api::ws::{ConnectionState, SubscriptionEvent, subscribe};
use crate::components::{
    BarList, Card, ColumnChart, Datum, Donut, ErrorNotice, Icon, IconKind, LiveBadge, PageHeader,
    ServerInfoView, Skeleton,
};
use crate::i18n::{Msg, tr, use_i18n};

/// How long to wait for more sale events before refetching.
const DEBOUNCE: Duration = Duration::from_millis(300);

/// The live sales dashboard.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let period = RwSignal::new(SummaryPeriod::Today);
    let summary = LocalResource::new(move || {
        let period = period.get();
        async move { summary::summary(period).await }
    });
    let oversold = LocalResource::new(summary::oversold);
    let live = RwSignal::new(ConnectionState::Connecting);

    // A burst of sales (a busy register, a CSV import) refetches once, 300 ms after the last.
    let pending = StoredValue::new(0u64);
    let refresh = move || {
        let Some(ticket) = pending.try_get_value().map(|n| n + 1) else {
            return;
        };
        pending.set_value(ticket);
        set_timeout(
            move || {
                if pending.try_get_value() == Some(ticket) {
                    summary.refetch();
                    oversold.refetch();
                }
            },
            DEBOUNCE,
        );
    };
    let on_event = move |event: SubscriptionEvent<SaleSignal>| match event {
        SubscriptionEvent::Data(_) => refresh(),
        SubscriptionEvent::State(state) => {
            // Back after a drop: sales may have happened meanwhile.
            let was_down = matches!(
                live.try_get_untracked(),
                Some(ConnectionState::Reconnecting { .. })
            );
            live.try_set(state);
            if was_down && state == ConnectionState::Connected {
                refresh();
            }
        }
        SubscriptionEvent::Error(_) => {}
    };
    let recorded = subscribe(SALE_RECORDED_SUBSCRIPTION, (), on_event);
    let voided = subscribe(
        SALE_VOIDED_SUBSCRIPTION,
        (),
        move |event: SubscriptionEvent<SaleSignal>| {
            if let SubscriptionEvent::Data(_) = event {
                refresh();
            }
        },
    );
    on_cleanup(move || {
        drop(recorded);
        drop(voided);
    });

    let toggle = move |value: SummaryPeriod, label: Msg, id: &'static str| {
        view! {
            <button
                type="button"
                class="segment"
                class:active=move || period.get() == value
                aria-pressed=move || (period.get() == value).to_string()
                data-testid=id
                on:click=move |_| period.set(value)
            >
                {tr(label)}
            </button>
        }
    };

    let body = move || match summary.get() {
        None => view! { <Skeleton lines=6 /> }.into_any(),
        Some(Err(error)) => {
            view! { <ErrorNotice error=error on_retry=move |_| summary.refetch() /> }.into_any()
        }
        Some(Ok(data)) => {
            view! { <SummaryView data=data period=period.get_untracked() /> }.into_any()
        }
    };

    view! {
        <PageHeader title=Msg::DashboardTitle subtitle=Msg::DashboardSubtitle />
        <div class="dashboard-toolbar">
            <div class="segmented" role="group" aria-label=move || i18n.t(Msg::SalesPeriod)>
                {toggle(SummaryPeriod::Today, Msg::SalesToday, "period-today")}
                {toggle(SummaryPeriod::Month, Msg::SalesThisMonth, "period-month")}
            </div>
            <LiveBadge state=live testid="dashboard-live" />
        </div>
        <OversoldWarning rows=oversold />
        <div class="dashboard" data-testid="sales-dashboard">{body}</div>
        <div class="grid dashboard-footer">
            <Card title=Msg::ServerCardTitle icon=IconKind::Server class="span-1">
                <ServerInfoView />
                <A href="/status" attr:class="card-link">
                    <span>{tr(Msg::ViewDetails)}</span>
                    <Icon kind=IconKind::ArrowRight />
                </A>
            </Card>
        </div>
    }
}

/// Money in the summary's currency, for people.
fn money(amount: i64, currency: CurrencyCode) -> String {
    Money::new(amount, currency).to_string()
}

fn currency_of(data: &SalesSummary) -> CurrencyCode {
    data.totals
        .total
        .currency_code
        .parse()
        .unwrap_or(CurrencyCode::Jpy)
}

#[component]
fn SummaryView(data: SalesSummary, period: SummaryPeriod) -> impl IntoView {
    let i18n = use_i18n();
    let currency = currency_of(&data);
    let totals = data.totals.clone();
    let series: Vec<Datum> = data
        .series
        .iter()
        .enumerate()
        .map(|(i, bucket)| Datum {
            label: match period {
                SummaryPeriod::Today => format!("{i}"),
                SummaryPeriod::Month => format!("{}", i + 1),
            },
            value: bucket.total.minor(),
            display: format!("{} · {}", bucket.total, bucket.count),
        })
        .collect();
    let (label_every, chart_title) = match period {
        SummaryPeriod::Today => (3, Msg::SalesByHour),
        SummaryPeriod::Month => (5, Msg::SalesByDay),
    };
    let channels: Vec<Datum> = data
        .by_channel
        .iter()
        .map(|c| Datum {
            label: c
                .channel
                .as_ref()
                .map_or_else(|| i18n.t(Msg::SlNoChannel).to_owned(), |ch| ch.name.clone()),
            value: c.figures.total.minor(),
            display: c.figures.total.to_string(),
        })
        .collect();
    let locations: Vec<Datum> = data
        .by_location
        .iter()
        .map(|l| Datum {
            label: l.location.name.clone(),
            value: l.figures.total.minor(),
            display: format!(
                "{} · {}",
                l.figures.total,
                i18n.t(Msg::SalesCountShort)
                    .replace("{n}", &l.figures.sales_count.to_string())
            ),
        })
        .collect();
    let top_max = data
        .top_products
        .iter()
        .map(|p| p.revenue.minor())
        .max()
        .unwrap_or(0)
        .max(1);
    let products = data
        .top_products
        .iter()
        .enumerate()
        .map(|(rank, p)| {
            let share = (p.revenue.minor().max(0) as f64 / top_max as f64 * 100.0).clamp(0.0, 100.0);
            let name = if p.variant.title.is_empty() {
                p.variant.product.name.clone()
            } else {
                format!("{} ({})", p.variant.product.name, p.variant.title)
            };
            view! {
                <tr data-testid="top-product" data-sku=p.variant.sku.clone()>
                    <td class="cell-number muted">{rank + 1}</td>
                    <td>
                        <span class="cell-primary">{name}</span>
                        <span class="cell-sub mono">{p.variant.sku.clone()}</span>
                    </td>
                    <td class="cell-number">{p.units}</td>
                    <td class="cell-bar">
                        <span class="cell-bar-value">{p.revenue.to_string()}</span>
                        <svg class="barlist-track" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true">
                            <rect x=0 y=0 width=100 height=6 rx=3 class="barlist-bg" />
                            <rect x=0 y=0 width=share height=6 rx=3 fill="#16a34a" />
                        </svg>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let has_products = !data.top_products.is_empty();
    let has_sales = totals.sales_count + totals.returns_count > 0;
    let centre = totals.total.to_string();
    view! {
        <div class="kpi-grid">
            <Kpi label=Msg::KpiSales value=totals.total.to_string() id="kpi-sales"
                note=i18n.t(Msg::KpiTaxIncluded).to_owned() />
            <Kpi label=Msg::KpiCount value=totals.sales_count.to_string() id="kpi-count"
                note=i18n.t(Msg::KpiReturns).replace("{n}", &totals.returns_count.to_string()) />
            <Kpi label=Msg::KpiAverage id="kpi-average"
                value=totals.average_basket.as_ref().map_or_else(|| "—".to_owned(), ToString::to_string)
                note=i18n.t(Msg::KpiUnits).replace("{n}", &totals.units.to_string()) />
            <Kpi label=Msg::KpiMargin id="kpi-margin"
                value=margin_text(&totals)
                note=totals.gross_margin.to_string() />
        </div>
        <div class="grid">
            <Card title=chart_title icon=IconKind::Sales class="span-2">
                <ColumnChart
                    data=series
                    label_every=label_every
                    axis=Callback::new(move |v: i64| money(v, currency))
                    title=i18n.t(chart_title).to_owned()
                />
                <p class="muted small">{format!("{} · {}", i18n.t(Msg::SalesTimeZone), data.time_zone)}</p>
            </Card>
            <Card title=Msg::SalesByChannel icon=IconKind::Dashboard class="span-1">
                {if has_sales {
                    view! { <Donut data=channels centre=centre title=i18n.t(Msg::SalesByChannel).to_owned() /> }.into_any()
                } else {
                    view! { <p class="muted">{tr(Msg::SalesNone)}</p> }.into_any()
                }}
            </Card>
            <Card title=Msg::SalesByLocation icon=IconKind::Locations class="span-1">
                {if has_sales {
                    view! { <div class="barlist"><BarList data=locations colour=1 /></div> }.into_any()
                } else {
                    view! { <p class="muted">{tr(Msg::SalesNone)}</p> }.into_any()
                }}
            </Card>
            <Card title=Msg::SalesTopProducts icon=IconKind::Products class="span-2">
                {if has_products {
                    view! {
                        <div class="table-wrap">
                            <table class="table">
                                <thead>
                                    <tr>
                                        <th class="cell-number">"#"</th>
                                        <th>{tr(Msg::ColumnProduct)}</th>
                                        <th class="cell-number">{tr(Msg::ColumnUnits)}</th>
                                        <th>{tr(Msg::ColumnRevenue)}</th>
                                    </tr>
                                </thead>
                                <tbody>{products}</tbody>
                            </table>
                        </div>
                    }.into_any()
                } else {
                    view! { <p class="muted">{tr(Msg::SalesNone)}</p> }.into_any()
                }}
            </Card>
        </div>
    }
}

fn margin_text(totals: &SalesFigures) -> String {
    totals
        .margin_percent
        .as_ref()
        .map_or_else(|| "—".to_owned(), |p| format!("{p}%"))
}

#[component]
fn Kpi(label: Msg, value: String, note: String, id: &'static str) -> impl IntoView {
    view! {
        <section class="kpi" data-testid=id>
            <span class="kpi-label">{tr(label)}</span>
            <strong class="kpi-value" data-testid=format!("{id}-value")>{value}</strong>
            <span class="kpi-note muted small">{note}</span>
        </section>
    }
}

/// A warning while any stock row is below zero, linking to the stock page.
#[component]
fn OversoldWarning(
    rows: LocalResource<Result<Vec<LowStockRow>, crate::api::ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let rows = rows.get().and_then(Result::ok).unwrap_or_default();
        (!rows.is_empty()).then(|| {
            let count = rows.len();
            let examples = rows
                .iter()
                .take(3)
                .map(|r| format!("{} @ {} ({})", r.variant.sku, r.location.code, r.level.on_hand))
                .collect::<Vec<_>>()
                .join(", ");
            view! {
                <section class="notice notice-warning oversold-card" data-testid="oversold-warning" role="status">
                    <Icon kind=IconKind::Alert />
                    <div>
                        <strong>{i18n.t(Msg::OversoldTitle).replace("{n}", &count.to_string())}</strong>
                        <p class="small">{i18n.t(Msg::OversoldBody).to_owned()}" "<span class="mono">{examples}</span></p>
                    </div>
                    <A href="/stock" attr:class="button">{tr(Msg::OversoldAction)}</A>
                </section>
            }
        })
    }
}
