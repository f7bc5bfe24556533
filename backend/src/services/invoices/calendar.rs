//! The billing calendar: which customers close on a date (締日), where their period began,
//! when an invoice is due (支払条件), and the moment a closing date ends in the company's
//! time zone. Month ends are real month ends: closing "31" (末締め) is the 30th in a 30-day
//! month and the 28th or 29th in February, and so is paying "on the 31st".

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use kura_shared::BillingTerms;

/// The last day of `date`'s month.
pub fn month_end(date: NaiveDate) -> NaiveDate {
    let first = date.with_day(1).unwrap_or(date);
    first
        .checked_add_months(Months::new(1))
        .and_then(|next| next.pred_opt())
        .unwrap_or(date)
}

/// `day` of the month of `date`, or that month's last day when the month is shorter.
fn day_of_month(date: NaiveDate, day: u8) -> NaiveDate {
    let end = month_end(date);
    end.with_day(u32::from(day).min(end.day())).unwrap_or(end)
}

/// Whether customers on `terms` close their billing period on `date`. Per-shipment
/// customers (都度請求) never close: each shipment is its own invoice.
pub fn closes_on(terms: BillingTerms, date: NaiveDate) -> bool {
    match terms.closing_day() {
        BillingTerms::PER_SHIPMENT => false,
        day => day_of_month(date, day) == date,
    }
}

/// The first day of the period that ends on `closing_date` for `terms`: the day after the
/// previous month's closing day.
pub fn period_start(terms: BillingTerms, closing_date: NaiveDate) -> NaiveDate {
    let previous_month = closing_date
        .with_day(1)
        .and_then(|first| first.checked_sub_months(Months::new(1)))
        .unwrap_or(closing_date);
    let previous = day_of_month(previous_month, terms.closing_day());
    previous.checked_add_days(Days::new(1)).unwrap_or(previous)
}

/// When an invoice billed up to `billed_on` is due: `payment_day` (or the month's end) of
/// the month `payment_month_offset` months after `billed_on`'s.
pub fn due_date(terms: BillingTerms, billed_on: NaiveDate) -> NaiveDate {
    let month = billed_on
        .with_day(1)
        .and_then(|first| {
            first.checked_add_months(Months::new(u32::from(terms.payment_month_offset())))
        })
        .unwrap_or(billed_on);
    day_of_month(month, terms.payment_day())
}

/// The instant `date` ends in `zone`: the first moment of the next day there. Whatever
/// happened before it belongs to `date` or earlier.
pub fn end_of_day(date: NaiveDate, zone: Tz) -> DateTime<Utc> {
    let next = date.succ_opt().unwrap_or(date);
    let midnight = next.and_hms_opt(0, 0, 0).unwrap_or_default();
    zone.from_local_datetime(&midnight)
        .earliest()
        .map_or_else(|| midnight.and_utc(), |local| local.with_timezone(&Utc))
}

/// The calendar date of `instant` in `zone`.
pub fn local_date(instant: DateTime<Utc>, zone: Tz) -> NaiveDate {
    instant.with_timezone(&zone).date_naive()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn terms(closing: i64, months: i64, pay: i64) -> BillingTerms {
        BillingTerms::new(closing, months, pay).unwrap()
    }

    #[test]
    fn month_end_closing_falls_on_the_last_day_of_every_month() {
        let end = terms(31, 1, 31);
        for (date, closes) in [
            ("2026-01-31", true),
            ("2026-01-30", false),
            ("2026-02-28", true),
            ("2028-02-29", true),
            ("2028-02-28", false),
            ("2026-04-30", true),
            ("2026-12-31", true),
        ] {
            assert_eq!(closes_on(end, day(date)), closes, "{date}");
        }
        assert!(closes_on(terms(20, 1, 10), day("2026-02-20")));
        assert!(!closes_on(terms(20, 1, 10), day("2026-02-28")));
        assert!(!closes_on(terms(0, 0, 31), day("2026-02-28")));
    }

    #[test]
    fn a_period_starts_the_day_after_the_previous_closing() {
        assert_eq!(
            period_start(terms(20, 1, 10), day("2026-03-20")),
            day("2026-02-21")
        );
        assert_eq!(
            period_start(terms(31, 1, 31), day("2026-03-31")),
            day("2026-03-01")
        );
        assert_eq!(
            period_start(terms(31, 1, 31), day("2026-01-31")),
            day("2026-01-01")
        );
        assert_eq!(
            period_start(terms(25, 1, 31), day("2026-01-25")),
            day("2025-12-26")
        );
    }

    #[test]
    fn payment_falls_on_the_day_or_the_end_of_a_shorter_month() {
        // 末締め翌月末払い: January's invoice is due at the end of February.
        assert_eq!(
            due_date(terms(31, 1, 31), day("2026-01-31")),
            day("2026-02-28")
        );
        assert_eq!(
            due_date(terms(31, 1, 31), day("2028-01-31")),
            day("2028-02-29")
        );
        // 20日締め翌月10日払い, and 翌々月 across a year end.
        assert_eq!(
            due_date(terms(20, 1, 10), day("2026-11-20")),
            day("2026-12-10")
        );
        assert_eq!(
            due_date(terms(20, 2, 10), day("2026-11-20")),
            day("2027-01-10")
        );
        // Paying on the 30th in February is February's last day.
        assert_eq!(
            due_date(terms(15, 1, 30), day("2026-01-15")),
            day("2026-02-28")
        );
        assert_eq!(
            due_date(terms(15, 0, 31), day("2026-04-15")),
            day("2026-04-30")
        );
    }

    #[test]
    fn a_closing_date_ends_at_midnight_in_the_company_time_zone() {
        let tokyo: Tz = "Asia/Tokyo".parse().unwrap();
        // 2026-11-20 ends at 2026-11-21 00:00 JST = 2026-11-20 15:00 UTC.
        let end = end_of_day(day("2026-11-20"), tokyo);
        assert_eq!(end.to_rfc3339(), "2026-11-20T15:00:00+00:00");
        let last_minute = "2026-11-20T14:59:00Z".parse::<DateTime<Utc>>().unwrap();
        assert!(last_minute < end);
        assert_eq!(local_date(last_minute, tokyo), day("2026-11-20"));
        let next_morning = "2026-11-20T15:00:00Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(local_date(next_morning, tokyo), day("2026-11-21"));
        let new_york: Tz = "America/New_York".parse().unwrap();
        assert_eq!(
            end_of_day(day("2026-11-20"), new_york).to_rfc3339(),
            "2026-11-21T05:00:00+00:00"
        );
    }
}
