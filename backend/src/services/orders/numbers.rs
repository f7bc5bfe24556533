//! Document numbers: `SO-2026-000123` for orders, `SH-2026-000045` for shipments,
//! `Q-2026-000007` for quotes, `RT-2026-000012` for returns, gapless per company, restarting each year of the company's
//! calendar.

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

/// The next number with `prefix` in the current year of the company's time zone
/// (`zone` as the company stores it). Taken under the counter's row lock: a second
/// document waits until this transaction ends, and a rollback returns the number.
pub async fn next(tx: &TenantTx, prefix: &str, zone: &str) -> Result<String, ServiceError> {
    let year = Utc::now().with_timezone(&time_zone(zone)).year();
    let sequence = counters::next(tx, &format!("{prefix}-{year}")).await?;
    Ok(document_number(prefix, year, sequence))
}
