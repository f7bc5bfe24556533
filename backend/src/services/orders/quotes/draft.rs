//! A quote worked out without I/O: its valid-until date, its rows from lines priced by
//! `orders::draft::price`, the record read back from them, and which changes its status
//! allows.

use chrono::{Days, NaiveDate, SubsecRound, Utc};
use kura_shared::{DEFAULT_QUOTE_VALID_DAYS, QuoteStatus, ShipTo, ValidationError};
use uuid::Uuid;

use super::{QuoteLineRecord, QuoteRecord};
use crate::services::{
    ServiceError,
    orders::draft::{Priced, Pricing},
};
use crate::store::tenant::records::{quote, quote_line};

/// The furthest a quote may be valid: a year from today.
const MAX_VALID_DAYS: u64 = 366;

/// Everything about a new quote but its lines.
#[derive(Debug, Clone)]
pub struct Header {
    pub tenant_id: Uuid,
    pub id: Uuid,
    pub number: String,
    pub customer_id: Option<Uuid>,
    pub location_id: Uuid,
    pub requested_date: Option<NaiveDate>,
    pub expires_on: NaiveDate,
    pub ship_to: Option<ShipTo>,
    pub prices_include_tax: bool,
    pub note: String,
    pub actor_user_id: Option<Uuid>,
    pub actor_api_key: Option<String>,
}

/// The rows of a quote.
#[derive(Debug, Clone)]
pub struct QuoteRows {
    pub head: quote::Model,
    pub lines: Vec<quote_line::Model>,
}

/// The valid-until date: as given (today at the earliest, a year ahead at the latest), or
/// 30 days from `today` (the company's today).
pub fn expires_on(given: Option<NaiveDate>, today: NaiveDate) -> Result<NaiveDate, ServiceError> {
    let Some(date) = given else {
        return Ok(today
            .checked_add_days(Days::new(DEFAULT_QUOTE_VALID_DAYS.unsigned_abs()))
            .unwrap_or(today));
    };
    if date < today {
        return Err(ValidationError::new(
            "quote.expires_on.past",
            format!("A quote is valid until today ({today}) or later, not {date}"),
        )
        .with_field("expiresOn")
        .into());
    }
    if today
        .checked_add_days(Days::new(MAX_VALID_DAYS))
        .is_some_and(|latest| date > latest)
    {
        return Err(ValidationError::new(
            "quote.expires_on.too_far",
            "A quote is valid for at most a year",
        )
        .with_field("expiresOn")
        .into());
    }
    Ok(date)
}

/// The quote's line rows from its priced lines.
pub fn line_rows(tenant_id: Uuid, quote_id: Uuid, priced: &Priced) -> Vec<quote_line::Model> {
    priced
        .lines
        .iter()
        .map(|line| quote_line::Model {
            tenant_id,
            quote_id,
            line_number: line.line_number,
            variant_id: line.variant_id,
            sku: line.sku.clone(),
            name: line.name.clone(),
            quantity: line.quantity,
            unit_price: line.unit_price,
            tax_class: line.tax_class,
            amount: line.amount,
        })
        .collect()
}

/// A new quote's rows: a draft with the priced lines and their totals.
pub fn rows(header: Header, pricing: Pricing, priced: &Priced) -> QuoteRows {
    // To the microsecond, as stored (see `write::now`).
    let now = Utc::now().trunc_subsecs(6);
    let lines = line_rows(header.tenant_id, header.id, priced);
    let head = quote::Model {
        tenant_id: header.tenant_id,
        id: header.id,
        number: header.number,
        status: QuoteStatus::Draft,
        customer_id: header.customer_id,
        location_id: header.location_id,
        requested_date: header.requested_date,
        expires_on: header.expires_on,
        ship_to: header
            .ship_to
            .as_ref()
            .and_then(|to| serde_json::to_string(to).ok()),
        currency: pricing.currency,
        prices_include_tax: header.prices_include_tax,
        tax_rounding: pricing.rounding,
        subtotal: priced.totals.subtotal().amount_minor,
        tax: priced.totals.tax().amount_minor,
        total: priced.totals.total().amount_minor,
        note: header.note,
        cancel_reason: None,
        order_id: None,
        sent_at: None,
        accepted_at: None,
        cancelled_at: None,
        actor_user_id: header.actor_user_id,
        actor_api_key: header.actor_api_key,
        created_at: now,
        updated_at: now,
        version: 0,
    };
    QuoteRows { head, lines }
}

/// The record of stored rows, its status as shown on `today` (the company's today).
pub fn record(
    head: quote::Model,
    mut lines: Vec<quote_line::Model>,
    today: NaiveDate,
) -> QuoteRecord {
    lines.sort_by_key(|l| l.line_number);
    QuoteRecord {
        id: head.id,
        number: head.number,
        status: head.status.shown(today > head.expires_on),
        stored_status: head.status,
        customer_id: head.customer_id,
        location_id: head.location_id,
        requested_date: head.requested_date,
        expires_on: head.expires_on,
        ship_to: head
            .ship_to
            .as_deref()
            .and_then(|json| serde_json::from_str(json).ok()),
        currency: head.currency,
        prices_include_tax: head.prices_include_tax,
        tax_rounding: head.tax_rounding,
        subtotal: head.subtotal,
        tax: head.tax,
        total: head.total,
        note: head.note,
        cancel_reason: head.cancel_reason,
        order_id: head.order_id,
        sent_at: head.sent_at,
        accepted_at: head.accepted_at,
        cancelled_at: head.cancelled_at,
        created_at: head.created_at,
        updated_at: head.updated_at,
        version: head.version,
        lines: lines.into_iter().map(line_record).collect(),
    }
}

/// A stored line as the record shows it.
pub fn line_record(line: quote_line::Model) -> QuoteLineRecord {
    QuoteLineRecord {
        line_number: line.line_number,
        variant_id: line.variant_id,
        sku: line.sku,
        name: line.name,
        quantity: line.quantity,
        unit_price: line.unit_price,
        tax_class: line.tax_class,
        amount: line.amount,
    }
}

fn conflict(message: String) -> ServiceError {
    ServiceError::Conflict {
        message,
        field: Some("id"),
    }
}

/// An open quote may be edited, sent or cancelled; one converted or cancelled may not.
pub fn check_open(quote: &QuoteRecord, doing: &str) -> Result<(), ServiceError> {
    match quote.status {
        status if status.is_open() => Ok(()),
        QuoteStatus::Accepted => Err(conflict(format!(
            "Quote {} became an order; it can no longer be {doing}",
            quote.number
        ))),
        _ => Err(conflict(format!(
            "Quote {} is cancelled; it can no longer be {doing}",
            quote.number
        ))),
    }
}

/// An open quote within its date may be sent or converted; an expired one needs a new
/// date first.
pub fn check_current(quote: &QuoteRecord, doing: &str) -> Result<(), ServiceError> {
    check_open(quote, doing)?;
    if quote.status == QuoteStatus::Expired {
        return Err(conflict(format!(
            "Quote {} expired on {}; push its valid-until date out before it is {doing}",
            quote.number, quote.expires_on
        )));
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use kura_shared::{CurrencyCode, RoundingMode, TaxBreakdown};

    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn priced() -> Priced {
        Priced {
            lines: Vec::new(),
            totals: TaxBreakdown::from_lines(
                CurrencyCode::Jpy,
                std::iter::empty(),
                false,
                RoundingMode::Floor,
            )
            .unwrap(),
        }
    }

    fn quote(expires_on: &str, today: &str, status: QuoteStatus) -> QuoteRecord {
        let header = Header {
            tenant_id: Uuid::nil(),
            id: Uuid::now_v7(),
            number: "Q-2026-000001".into(),
            customer_id: None,
            location_id: Uuid::now_v7(),
            requested_date: None,
            expires_on: day(expires_on),
            ship_to: None,
            prices_include_tax: false,
            note: String::new(),
            actor_user_id: None,
            actor_api_key: None,
        };
        let pricing = Pricing {
            currency: CurrencyCode::Jpy,
            rounding: RoundingMode::Floor,
        };
        let mut rows = rows(header, pricing, &priced());
        rows.head.status = status;
        record(rows.head, rows.lines, day(today))
    }

    #[test]
    fn a_quote_is_valid_thirty_days_by_default_and_never_from_the_past_or_beyond_a_year() {
        let today = day("2026-12-07");
        assert_eq!(expires_on(None, today).unwrap(), day("2027-01-06"));
        assert_eq!(expires_on(Some(today), today).unwrap(), today);
        let code = |given: &str| match expires_on(Some(day(given)), today) {
            Err(ServiceError::Validation(e)) => e.code,
            other => panic!("{other:?}"),
        };
        assert_eq!(code("2026-12-06"), "quote.expires_on.past");
        assert_eq!(code("2027-12-09"), "quote.expires_on.too_far");
    }

    #[test]
    fn a_quote_expires_the_day_after_its_date_and_then_cannot_be_sent_or_converted() {
        let valid = quote("2026-12-07", "2026-12-07", QuoteStatus::Sent);
        assert_eq!(valid.status, QuoteStatus::Sent);
        assert!(check_current(&valid, "converted").is_ok());
        let expired = quote("2026-12-07", "2026-12-08", QuoteStatus::Sent);
        assert_eq!(
            (expired.status, expired.stored_status),
            (QuoteStatus::Expired, QuoteStatus::Sent)
        );
        assert!(check_open(&expired, "edited").is_ok(), "its date can move");
        assert!(matches!(
            check_current(&expired, "converted"),
            Err(ServiceError::Conflict { message, .. }) if message.contains("expired on 2026-12-07")
        ));
    }

    #[test]
    fn accepted_and_cancelled_quotes_are_closed() {
        for status in [QuoteStatus::Accepted, QuoteStatus::Cancelled] {
            let closed = quote("2026-12-31", "2026-12-07", status);
            assert!(matches!(
                check_open(&closed, "edited"),
                Err(ServiceError::Conflict { .. })
            ));
        }
    }
}
