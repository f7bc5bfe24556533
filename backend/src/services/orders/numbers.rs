//! Document numbers: `SO-2026-000123` for orders, `SH-2026-000045` for shipments,
//! `Q-2026-000007` for quotes, `RT-2026-000012` for returns, `IN-2026-000031` for invoices and
//! `CN-2026-000002` for credit notes, gapless per company, restarting each year of the
//! company's calendar.

use chrono::{Datelike, Utc};
use kura_shared::document_number;

use crate::services::{ServiceError, sales::summary::time_zone};
use crate::store::{counters, tenant::TenantTx};

/// The prefix of sales order numbers.
pub const ORDER: &str = "SO";
/// The prefix of shipment numbers.
pub const SHIPMENT: &str = "SH";
/// The prefix of return numbers.
pub const RETURN: &str = "RT";
/// The prefix of quote numbers.
pub const QUOTE: &str = "Q";
/// The prefix of invoice numbers.
pub const INVOICE: &str = "IN";
/// The prefix of credit note numbers.
pub const CREDIT_NOTE: &str = "CN";
/// The prefix of the numbers of payments received (入金).
pub const RECEIPT: &str = "RC";

/// The next number with `prefix` in the current year of the company's time zone
/// (`zone` as the company stores it). Taken under the counter's row lock: a second
/// document waits until this transaction ends, and a rollback returns the number.
pub async fn next(tx: &TenantTx, prefix: &str, zone: &str) -> Result<String, ServiceError> {
    Ok(take(tx, prefix, zone, 1).await?.remove(0))
}

/// The next `count` numbers with `prefix`, in order, in one statement (none for zero).
pub async fn take(
    tx: &TenantTx,
    prefix: &str,
    zone: &str,
    count: usize,
) -> Result<Vec<String>, ServiceError> {
    let year = this_year(zone);
    let wanted = i64::try_from(count).map_err(ServiceError::internal)?;
    if wanted == 0 {
        return Ok(Vec::new());
    }
    let last = counters::take(tx, &format!("{prefix}-{year}"), wanted).await?;
    Ok(numbered(prefix, year, last - wanted + 1, count))
}

/// The `count` numbers with `prefix` that [`take`] would hand out now, taking none.
pub async fn preview(
    tx: &TenantTx,
    prefix: &str,
    zone: &str,
    count: usize,
) -> Result<Vec<String>, ServiceError> {
    let year = this_year(zone);
    let last = counters::last(tx, &format!("{prefix}-{year}")).await?;
    Ok(numbered(prefix, year, last + 1, count))
}

fn this_year(zone: &str) -> i32 {
    Utc::now().with_timezone(&time_zone(zone)).year()
}

fn numbered(prefix: &str, year: i32, first: i64, count: usize) -> Vec<String> {
    (first..)
        .take(count)
        .map(|sequence| document_number(prefix, year, sequence))
        .collect()
}
