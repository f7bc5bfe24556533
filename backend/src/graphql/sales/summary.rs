//! The live sales dashboard: `salesSummary` (today's or this month's figures by channel,
//! location, product and over time) and `oversoldStock` (rows the books say are below
//! zero). Clients keep it live by refetching on `saleRecorded` / `saleVoided`: a refetch
//! after either has arrived always includes that sale.

use std::sync::Arc;

use async_graphql::{ComplexObject, Context, Enum, ID, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use kura_shared::CurrencyCode;
use uuid::Uuid;

use crate::graphql::{
    catalog::locations::Location,
    catalog::products::ProductVariant,
    channels::setup::{Channel, load_channel},
    request::guard::{Need, authorize},
    stock::inventory::{StockLevel, load_location, load_variant},
    types::{
        errors::ApiError,
        ids::{self, Kind},
        money::Money,
        paging,
    },
};
use crate::{
    services::{
        access::Access,
        sales::summary::{self, Figures, Period},
        stock::inventory::{self, RowFilter},
    },
    state::AppState,
};

/// Which stretch of time, in the company's time zone.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum SummaryPeriod {
    /// Since local midnight, by hour.
    Today,
    /// Since the first of the month, by day.
    Month,
}

/// Sums over a set of sales and returns (voided ones never count; returns subtract).
#[derive(SimpleObject, Clone)]
pub struct SalesFigures {
    /// What customers paid, tax included.
    total: Money,
    /// Before tax.
    subtotal: Money,
    /// Consumption tax.
    tax: Money,
    /// Sales counted.
    sales_count: i64,
    /// Returns counted.
    returns_count: i64,
    /// `total ÷ salesCount`, rounded down; none without sales.
    average_basket: Option<Money>,
    /// `subtotal − cost` over the sales whose cost is known.
    gross_margin: Money,
    /// The subtotal of those sales: `grossMargin ÷ marginBase` is the margin rate.
    margin_base: Money,
    /// The margin rate in percent with one decimal (e.g. `"42.5"`); none when no cost is known.
    margin_percent: Option<String>,
    /// Units sold less units returned.
    units: i64,
}

impl SalesFigures {
    fn new(f: &Figures, currency: CurrencyCode) -> Self {
        let money = |minor: i64| Money::from_minor(minor, currency);
        Self {
            total: money(f.total),
            subtotal: money(f.subtotal),
            tax: money(f.tax),
            sales_count: f.sales,
            returns_count: f.returns,
            average_basket: (f.sales > 0).then(|| money(f.total.div_euclid(f.sales))),
            gross_margin: money(f.margin),
            margin_base: money(f.margin_base),
            margin_percent: (f.margin_base != 0).then(|| {
                let tenths = i128::from(f.margin) * 1000 / i128::from(f.margin_base);
                let sign = if tenths < 0 { "-" } else { "" };
                format!("{sign}{}.{}", tenths.abs() / 10, tenths.abs() % 10)
            }),
            units: f.units,
        }
    }
}

/// One channel's share.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct ChannelSales {
    /// The channel's id; none for sales recorded without a channel.
    channel_id: Option<ID>,
    /// Its figures.
    figures: SalesFigures,
    #[graphql(skip)]
    id: Option<Uuid>,
    #[graphql(skip)]
    access: Arc<Access>,
}

#[ComplexObject]
impl ChannelSales {
    /// The channel.
    async fn channel(&self, ctx: &Context<'_>) -> Result<Option<Channel>> {
        match self.id {
            Some(id) => load_channel(ctx, &self.access, id).await.map(Some),
            None => Ok(None),
        }
    }
}

/// One location's share.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct LocationSales {
    /// The location's id.
    location_id: ID,
    /// Its figures.
    figures: SalesFigures,
    #[graphql(skip)]
    id: Uuid,
    #[graphql(skip)]
    access: Arc<Access>,
}

#[ComplexObject]
impl LocationSales {
    /// The location.
    async fn location(&self, ctx: &Context<'_>) -> Result<Location> {
        load_location(ctx, &self.access, self.id).await
    }
}

/// A best-selling variant.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct ProductSales {
    /// The variant's id.
    variant_id: ID,
    /// Units sold less returned.
    units: i64,
    /// Its line amounts, as priced (tax included when the sale's prices were).
    revenue: Money,
    #[graphql(skip)]
    id: Uuid,
    #[graphql(skip)]
    access: Arc<Access>,
}

#[ComplexObject]
impl ProductSales {
    /// The variant.
    async fn variant(&self, ctx: &Context<'_>) -> Result<ProductVariant> {
        load_variant(ctx, &self.access, self.id).await
    }
}

/// One bar of the chart: an hour today, a day this month.
#[derive(SimpleObject, Clone)]
pub struct SalesBucket {
    /// Where it starts.
    start: DateTime<Utc>,
    /// What customers paid in it, tax included.
    total: Money,
    /// Sales and returns in it.
    count: i64,
}

/// The dashboard's figures.
#[derive(SimpleObject, Clone)]
pub struct SalesSummary {
    /// Which period.
    period: SummaryPeriod,
    /// Its start.
    from: DateTime<Utc>,
    /// Its end (exclusive).
    to: DateTime<Utc>,
    /// The company time zone it is cut in (e.g. `Asia/Tokyo`).
    time_zone: String,
    /// Everything the caller may see.
    totals: SalesFigures,
    /// Per channel, largest first.
    by_channel: Vec<ChannelSales>,
    /// Per location, largest first.
    by_location: Vec<LocationSales>,
    /// The ten best-selling variants by revenue.
    top_products: Vec<ProductSales>,
    /// Every hour of today or day of the month, empty ones included.
    series: Vec<SalesBucket>,
}

impl SalesSummary {
    fn new(summary: summary::SalesSummary, access: &Arc<Access>) -> Self {
        let currency = summary.currency;
        let figures = |f: &Figures| SalesFigures::new(f, currency);
        Self {
            period: match summary.period {
                Period::Today => SummaryPeriod::Today,
                Period::Month => SummaryPeriod::Month,
            },
            from: summary.from,
            to: summary.to,
            time_zone: summary.time_zone,
            totals: figures(&summary.totals),
            by_channel: summary
                .by_channel
                .iter()
                .map(|(id, f)| ChannelSales {
                    channel_id: id.map(|id| ids::encode(Kind::Channel, id)),
                    figures: figures(f),
                    id: *id,
                    access: access.clone(),
                })
                .collect(),
            by_location: summary
                .by_location
                .iter()
                .map(|(id, f)| LocationSales {
                    location_id: ids::encode(Kind::Location, *id),
                    figures: figures(f),
                    id: *id,
                    access: access.clone(),
                })
                .collect(),
            top_products: summary
                .top_products
                .iter()
                .map(|p| ProductSales {
                    variant_id: ids::encode(Kind::ProductVariant, p.variant_id),
                    units: p.units,
                    revenue: Money::from_minor(p.revenue, currency),
                    id: p.variant_id,
                    access: access.clone(),
                })
                .collect(),
            series: summary
                .series
                .iter()
                .map(|b| SalesBucket {
                    start: b.start,
                    total: Money::from_minor(b.total, currency),
                    count: b.documents,
                })
                .collect(),
        }
    }
}

#[derive(Default)]
pub struct SalesSummaryQuery;

#[Object]
impl SalesSummaryQuery {
    /// Today's or this month's sales in the company's time zone: totals, by channel, by
    /// location, the top products and an hourly or daily series. Limited to the
    /// locations the caller may see, and to `locationIds` when given.
    async fn sales_summary(
        &self,
        ctx: &Context<'_>,
        #[graphql(default_with = "SummaryPeriod::Today")] period: SummaryPeriod,
        location_ids: Option<Vec<ID>>,
    ) -> Result<SalesSummary> {
        let access = Arc::new(authorize(ctx, Need::SALES_READ).await?);
        let state = ctx.data_unchecked::<AppState>();
        // An id that is not a location of ours matches nothing, as in every other filter.
        let locations: Option<Vec<Uuid>> = location_ids.map(|ids| {
            ids.iter()
                .map(|id| ids::decode(Kind::Location, id).unwrap_or(Uuid::nil()))
                .collect()
        });
        let period = match period {
            SummaryPeriod::Today => Period::Today,
            SummaryPeriod::Month => Period::Month,
        };
        let summary = summary::summary(
            &state.db,
            &state.sales_summary,
            &access,
            period,
            locations.as_deref(),
        )
        .await
        .map_err(ApiError::from)?;
        Ok(SalesSummary::new(summary, &access))
    }

    /// Stock rows with `onHand` below zero (sales recorded without stock on the books):
    /// count them. Most negative first.
    #[graphql(complexity = "paging::cost(Some(first), child_complexity)")]
    async fn oversold_stock(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 50)] first: i32,
    ) -> Result<Vec<StockLevel>> {
        let access = Arc::new(authorize(ctx, Need::STOCK_READ).await?);
        let limit = paging::page_size(Some(first))?;
        let state = ctx.data_unchecked::<AppState>();
        Ok(
            inventory::oversold(&state.db, &access, &RowFilter::default(), limit)
                .await
                .map_err(ApiError::from)?
                .into_iter()
                .map(|row| StockLevel::new(row, access.clone()))
                .collect(),
        )
    }
}
