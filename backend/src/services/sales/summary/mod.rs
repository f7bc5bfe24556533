//! The live sales dashboard's figures: today's and this month's sales of the caller's
//! company, in the company's time zone, by channel, by location, by product and over time.
//!
//! The figures come from SQL aggregates over `sales` and `sale_lines` (the same statements
//! on SQLite and PostgreSQL), computed once per company and period for every location, and
//! kept in [`SummaryCache`]. Any caller's view (all locations, the ones a staff member is
//! limited to, or the ones asked for) is folded from that one snapshot, so the cache never
//! holds per-person entries. Voided documents never count; returns are documents with
//! negative amounts and quantities, so they subtract by simply being added.
//!
//! Measuring sale → dashboard latency: subscribe to `saleRecorded`, call `recordSale`, and
//! time (a) until the subscription delivers the sale and (b) until `salesSummary` includes
//! it; [`SummaryCache::caught_up`] is what makes (b) never lag (a) on one replica.

mod cache;

pub use cache::{SummaryCache, SummaryFollower};

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use kura_shared::{CurrencyCode, SaleKind, SaleStatus};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, JoinType, ModelTrait, QueryFilter, QuerySelect,
    RelationDef,
    sea_query::{Alias, CaseStatement, Expr, ExprTrait, Func, SimpleExpr},
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::services::{ServiceError, access::Access};
use crate::store::tenant::{
    TenantTx,
    records::{sale, sale_line},
};

/// Products listed in `top_products`.
pub const TOP_PRODUCTS: usize = 10;

/// Which stretch of time the figures cover, in the company's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Period {
    /// Since local midnight, by hour.
    Today,
    /// Since the first of the month, by day.
    Month,
}

impl Period {
    fn slug(self) -> &'static str {
        match self {
            Period::Today => "day",
            Period::Month => "month",
        }
    }
}

/// The sums every breakdown shows. Amounts in minor units of the company's currency.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    /// What customers paid, tax included, returns subtracted.
    pub total: i64,
    /// The same before tax.
    pub subtotal: i64,
    /// Consumption tax.
    pub tax: i64,
    /// Sale documents counted.
    pub sales: i64,
    /// Return documents counted.
    pub returns: i64,
    /// `subtotal − cost` over the documents whose cost is known.
    pub margin: i64,
    /// The subtotal of those documents: what `margin` is a share of.
    pub margin_base: i64,
    /// Units sold less units returned.
    pub units: i64,
}

impl Figures {
    /// Adds `other` in. Saturating: a summary is a read, and a tenant whose own absurd
    /// amounts exceed 64 bits sees the largest figure rather than a wrapped or failed one.
    fn add(&mut self, other: &Figures) {
        self.total = self.total.saturating_add(other.total);
        self.subtotal = self.subtotal.saturating_add(other.subtotal);
        self.tax = self.tax.saturating_add(other.tax);
        self.sales = self.sales.saturating_add(other.sales);
        self.returns = self.returns.saturating_add(other.returns);
        self.margin = self.margin.saturating_add(other.margin);
        self.margin_base = self.margin_base.saturating_add(other.margin_base);
        self.units = self.units.saturating_add(other.units);
    }
}

/// One group of sale documents (location × channel × kind × time bucket).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct DocumentGroup {
    location_id: Uuid,
    channel_id: Option<Uuid>,
    bucket: usize,
    figures: Figures,
}

/// One group of sale lines (location × channel × variant).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct LineGroup {
    location_id: Uuid,
    channel_id: Option<Uuid>,
    variant_id: Uuid,
    units: i64,
    revenue: i64,
}

/// A company's aggregates for one period, every location: what the cache holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    period: Period,
    time_zone: String,
    currency: CurrencyCode,
    /// Start of each bucket; the period ends at `end`.
    buckets: Vec<DateTime<Utc>>,
    end: DateTime<Utc>,
    documents: Vec<DocumentGroup>,
    lines: Vec<LineGroup>,
}

/// A product's share of the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductFigures {
    /// The variant.
    pub variant_id: Uuid,
    /// Units sold less returned.
    pub units: i64,
    /// Its line amounts (as priced: tax included when the sale's prices were).
    pub revenue: i64,
}

/// One bucket of the time series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    /// Its start (an hour today, a day this month).
    pub start: DateTime<Utc>,
    /// What customers paid in it, tax included.
    pub total: i64,
    /// Sales and returns in it.
    pub documents: i64,
}

/// The figures one caller sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SalesSummary {
    /// Which period.
    pub period: Period,
    /// Its start.
    pub from: DateTime<Utc>,
    /// Its end (exclusive).
    pub to: DateTime<Utc>,
    /// The company's time zone the period is cut in.
    pub time_zone: String,
    /// The company's currency.
    pub currency: CurrencyCode,
    /// Everything the caller may see.
    pub totals: Figures,
    /// Per channel (`None`: recorded without one), largest total first.
    pub by_channel: Vec<(Option<Uuid>, Figures)>,
    /// Per location, largest total first.
    pub by_location: Vec<(Uuid, Figures)>,
    /// The best-selling variants by revenue, at most [`TOP_PRODUCTS`].
    pub top_products: Vec<ProductFigures>,
    /// Hourly today, daily this month; every bucket, empty ones included.
    pub series: Vec<Bucket>,
}

/// The company's local midnight starting `date` (the first instant of that day when a
/// time-zone change skips midnight).
fn local_midnight(tz: Tz, date: NaiveDate) -> DateTime<Utc> {
    let midnight = NaiveDateTime::from(date);
    (0..4)
        .find_map(|hours| {
            tz.from_local_datetime(&(midnight + Duration::hours(hours)))
                .earliest()
        })
        .map_or_else(|| midnight.and_utc(), |t| t.with_timezone(&Utc))
}

/// The period around `now` and where each bucket starts.
pub fn window(
    tz: Tz,
    period: Period,
    now: DateTime<Utc>,
) -> (Vec<DateTime<Utc>>, DateTime<Utc>, NaiveDate) {
    let today = now.with_timezone(&tz).date_naive();
    match period {
        Period::Today => {
            let start = local_midnight(tz, today);
            let end = local_midnight(tz, today + Duration::days(1));
            let mut buckets = Vec::with_capacity(25);
            let mut at = start;
            while at < end {
                buckets.push(at);
                at += Duration::hours(1);
            }
            (buckets, end, today)
        }
        Period::Month => {
            let first = today.with_day(1).unwrap_or(today);
            let next = first
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(first + Duration::days(31));
            let buckets = first
                .iter_days()
                .take_while(|d| *d < next)
                .map(|d| local_midnight(tz, d))
                .collect();
            (buckets, local_midnight(tz, next), first)
        }
    }
}

/// The company's time zone, falling back to Tokyo for a value chrono-tz does not know.
pub fn time_zone(name: &str) -> Tz {
    name.parse().unwrap_or(chrono_tz::Asia::Tokyo)
}

fn sum(column: impl Into<SimpleExpr>) -> SimpleExpr {
    // PostgreSQL sums BIGINT into NUMERIC; cast back so both stores return an i64.
    Func::cast_as(Func::sum(column.into()), Alias::new("BIGINT")).into()
}

fn when_costed(value: impl Into<SimpleExpr>) -> SimpleExpr {
    CaseStatement::new()
        .case(sale::Column::CostTotal.is_not_null(), value.into())
        .finally(0i64)
        .into()
}

/// `CASE WHEN occurred_at < <bucket 1> THEN 0 … ELSE <last> END`: the bucket cut in Rust
/// (so daylight saving and odd offsets are right) and compared in SQL on both stores.
fn bucket_of(buckets: &[DateTime<Utc>]) -> SimpleExpr {
    let last = i32::try_from(buckets.len().saturating_sub(1)).unwrap_or(0);
    let mut case = CaseStatement::new();
    for (index, start) in buckets.iter().enumerate().skip(1) {
        let index = i32::try_from(index - 1).unwrap_or(0);
        case = case.case(sale::Column::OccurredAt.lt(*start), index);
    }
    case.finally(last).into()
}

type SaleEntity = <sale::Model as ModelTrait>::Entity;
type SaleLineEntity = <sale_line::Model as ModelTrait>::Entity;

/// `sale_lines → sales` on the composite key, so the join cannot leave the tenant.
fn lines_to_sales() -> RelationDef {
    SaleLineEntity::belongs_to(SaleEntity::default())
        .from((sale_line::Column::TenantId, sale_line::Column::SaleId))
        .to((sale::Column::TenantId, sale::Column::Id))
        .into()
}

/// Computes the company-wide aggregates of `period` around `now` from the database.
pub async fn compute(
    db: &DatabaseConnection,
    tenant_id: Uuid,
    period: Period,
    now: DateTime<Utc>,
) -> Result<Snapshot, ServiceError> {
    let tx = TenantTx::read(db, tenant_id).await?;
    let company = tx.company().await?;
    let currency = company.currency_code;
    let tz = time_zone(&company.time_zone);
    let (buckets, end, _) = window(tz, period, now);
    let start = buckets.first().copied().unwrap_or(end);
    let completed = sale::Column::Status.eq(SaleStatus::Completed);
    let in_period = sale::Column::OccurredAt
        .gte(start)
        .and(sale::Column::OccurredAt.lt(end));

    type DocumentRow = (
        Uuid,
        Option<Uuid>,
        SaleKind,
        i32,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
    );
    let rows: Vec<DocumentRow> = tx
        .select::<sale::Model>()
        .select_only()
        .column(sale::Column::LocationId)
        .column(sale::Column::ChannelId)
        .column(sale::Column::Kind)
        .column_as(bucket_of(&buckets), "bucket")
        .column_as(Expr::col(sale::Column::Id).count(), "documents")
        .column_as(sum(Expr::col(sale::Column::Total)), "total")
        .column_as(sum(Expr::col(sale::Column::Subtotal)), "subtotal")
        .column_as(sum(Expr::col(sale::Column::Tax)), "tax")
        .column_as(
            sum(when_costed(
                Expr::col(sale::Column::Subtotal).sub(Expr::col(sale::Column::CostTotal)),
            )),
            "margin",
        )
        .column_as(
            sum(when_costed(Expr::col(sale::Column::Subtotal))),
            "margin_base",
        )
        .filter(completed.clone())
        .filter(in_period.clone())
        .group_by(sale::Column::LocationId)
        .group_by(sale::Column::ChannelId)
        .group_by(sale::Column::Kind)
        // By position: PostgreSQL would not match the CASE's parameters written twice.
        .group_by(Expr::cust("4"))
        .into_tuple()
        .all(tx.conn())
        .await?;
    let documents = rows
        .into_iter()
        .map(
            |(location_id, channel_id, kind, bucket, count, total, subtotal, tax, margin, base)| {
                let is_return = kind == SaleKind::Return;
                DocumentGroup {
                    location_id,
                    channel_id,
                    bucket: usize::try_from(bucket).unwrap_or(0),
                    figures: Figures {
                        total,
                        subtotal,
                        tax,
                        sales: if is_return { 0 } else { count },
                        returns: if is_return { count } else { 0 },
                        margin,
                        margin_base: base,
                        units: 0,
                    },
                }
            },
        )
        .collect();

    let rows: Vec<(Uuid, Option<Uuid>, Uuid, i64, i64)> = tx
        .select::<sale_line::Model>()
        .select_only()
        .join(JoinType::InnerJoin, lines_to_sales())
        .column(sale::Column::LocationId)
        .column(sale::Column::ChannelId)
        .column(sale_line::Column::VariantId)
        .column_as(sum(Expr::col(sale_line::Column::Quantity)), "units")
        .column_as(sum(Expr::col(sale_line::Column::Amount)), "revenue")
        .filter(sale::Column::TenantId.eq(tenant_id))
        .filter(completed)
        .filter(in_period)
        .group_by(sale::Column::LocationId)
        .group_by(sale::Column::ChannelId)
        .group_by(sale_line::Column::VariantId)
        .into_tuple()
        .all(tx.conn())
        .await?;
    tx.commit().await?;
    let lines = rows
        .into_iter()
        .map(
            |(location_id, channel_id, variant_id, units, revenue)| LineGroup {
                location_id,
                channel_id,
                variant_id,
                units,
                revenue,
            },
        )
        .collect();
    Ok(Snapshot {
        period,
        time_zone: company.time_zone,
        currency,
        buckets,
        end,
        documents,
        lines,
    })
}

fn ranked<K: Ord>(map: BTreeMap<K, Figures>) -> Vec<(K, Figures)> {
    let mut list: Vec<_> = map.into_iter().collect();
    list.sort_by_key(|(_, figures)| std::cmp::Reverse(figures.total));
    list
}

impl Snapshot {
    /// The figures of the locations `seen` lets through (`None`: all of them).
    pub fn summarize(&self, seen: Option<&BTreeSet<Uuid>>) -> SalesSummary {
        let visible = |location: &Uuid| seen.is_none_or(|ids| ids.contains(location));
        let mut totals = Figures::default();
        let mut by_channel: BTreeMap<Option<Uuid>, Figures> = BTreeMap::new();
        let mut by_location: BTreeMap<Uuid, Figures> = BTreeMap::new();
        let mut series: Vec<Bucket> = self
            .buckets
            .iter()
            .map(|start| Bucket {
                start: *start,
                total: 0,
                documents: 0,
            })
            .collect();
        for group in self.documents.iter().filter(|g| visible(&g.location_id)) {
            totals.add(&group.figures);
            by_channel
                .entry(group.channel_id)
                .or_default()
                .add(&group.figures);
            by_location
                .entry(group.location_id)
                .or_default()
                .add(&group.figures);
            if let Some(bucket) = series.get_mut(group.bucket) {
                bucket.total = bucket.total.saturating_add(group.figures.total);
                bucket.documents = bucket
                    .documents
                    .saturating_add(group.figures.sales.saturating_add(group.figures.returns));
            }
        }
        let mut products: BTreeMap<Uuid, (i64, i64)> = BTreeMap::new();
        for group in self.lines.iter().filter(|g| visible(&g.location_id)) {
            totals.units = totals.units.saturating_add(group.units);
            let channel = by_channel.entry(group.channel_id).or_default();
            channel.units = channel.units.saturating_add(group.units);
            let location = by_location.entry(group.location_id).or_default();
            location.units = location.units.saturating_add(group.units);
            let product = products.entry(group.variant_id).or_default();
            product.0 = product.0.saturating_add(group.units);
            product.1 = product.1.saturating_add(group.revenue);
        }
        let mut top_products: Vec<ProductFigures> = products
            .into_iter()
            .map(|(variant_id, (units, revenue))| ProductFigures {
                variant_id,
                units,
                revenue,
            })
            .filter(|p| p.units != 0 || p.revenue != 0)
            .collect();
        top_products.sort_by(|a, b| b.revenue.cmp(&a.revenue).then(b.units.cmp(&a.units)));
        top_products.truncate(TOP_PRODUCTS);
        SalesSummary {
            period: self.period,
            from: self.buckets.first().copied().unwrap_or(self.end),
            to: self.end,
            time_zone: self.time_zone.clone(),
            currency: self.currency,
            totals,
            by_channel: ranked(by_channel),
            by_location: ranked(by_location),
            top_products,
            series,
        }
    }
}

/// The caller's figures for `period`, from the cache when it holds a current snapshot.
pub async fn summary(
    db: &DatabaseConnection,
    cache: &SummaryCache,
    access: &Access,
    period: Period,
    location_ids: Option<&[Uuid]>,
) -> Result<SalesSummary, ServiceError> {
    // The locations asked for, within the caller's reach.
    let seen: Option<BTreeSet<Uuid>> = access
        .locations
        .narrow(location_ids)
        .map(BTreeSet::from_iter);
    let now = Utc::now();
    let snapshot = cache.snapshot(db, access.tenant_id, period, now).await?;
    Ok(snapshot.summarize(seen.as_ref()))
}

/// The cache key of a company's period: the local date and zone it was cut in, so a new
/// day (or a changed time zone) starts a new entry.
fn cache_key(tenant_id: Uuid, zone: &str, period: Period, first_day: NaiveDate) -> String {
    format!("{tenant_id}:{}:{first_day}:{zone}", period.slug())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn today_in_tokyo_starts_at_local_midnight() {
        let now = "2026-11-27T15:30:00Z".parse::<DateTime<Utc>>().unwrap();
        let (buckets, end, day) = window(chrono_tz::Asia::Tokyo, Period::Today, now);
        // 15:30 UTC is 00:30 on the 28th in Tokyo.
        assert_eq!(day.to_string(), "2026-11-28");
        assert_eq!(buckets[0].to_rfc3339(), "2026-11-27T15:00:00+00:00");
        assert_eq!(buckets.len(), 24);
        assert_eq!(end.to_rfc3339(), "2026-11-28T15:00:00+00:00");
    }

    #[test]
    fn a_month_has_a_bucket_per_day_and_daylight_saving_days_are_right() {
        let now = "2026-03-15T12:00:00Z".parse::<DateTime<Utc>>().unwrap();
        let (buckets, end, first) = window(chrono_tz::America::New_York, Period::Month, now);
        assert_eq!(first.to_string(), "2026-03-01");
        assert_eq!(buckets.len(), 31);
        assert_eq!(buckets[0].to_rfc3339(), "2026-03-01T05:00:00+00:00");
        // Clocks go forward on 8 March: midnight is then at 04:00 UTC.
        assert_eq!(buckets[8].to_rfc3339(), "2026-03-09T04:00:00+00:00");
        assert_eq!(end.to_rfc3339(), "2026-04-01T04:00:00+00:00");
        let (hours, _, _) = window(
            chrono_tz::America::New_York,
            Period::Today,
            "2026-03-08T12:00:00Z".parse().unwrap(),
        );
        assert_eq!(hours.len(), 23);
    }
}
