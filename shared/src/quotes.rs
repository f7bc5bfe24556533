//! Quotes (見積): what a customer is offered before they order. A quote is stored as
//! `DRAFT`, `SENT`, `ACCEPTED` (converted to an order) or `CANCELLED`; `EXPIRED` is never
//! stored but follows from its valid-until date, so a quote expires at midnight of the
//! company's calendar without any job running.

use crate::wire_enum::wire_enum;

/// How many days a new quote is valid when no date is given.
pub const DEFAULT_QUOTE_VALID_DAYS: i64 = 30;

wire_enum! {
    /// Where a quote is in its life.
    pub enum QuoteStatus / UnknownQuoteStatus {
        /// Being prepared: not yet given to the customer.
        Draft = "DRAFT",
        /// Given to the customer (printed or sent as a PDF).
        Sent = "SENT",
        /// The customer accepted it: it was converted to a sales order.
        Accepted = "ACCEPTED",
        /// Its valid-until date has passed before it was accepted.
        Expired = "EXPIRED",
        /// Withdrawn.
        Cancelled = "CANCELLED",
    }
}

impl QuoteStatus {
    /// The status a quote stored as `self` shows, given whether its valid-until date has
    /// passed: an open quote past its date is `EXPIRED`; accepted and cancelled quotes
    /// stay as they are.
    pub const fn shown(self, past_expiry: bool) -> QuoteStatus {
        match self {
            QuoteStatus::Draft | QuoteStatus::Sent if past_expiry => QuoteStatus::Expired,
            other => other,
        }
    }

    /// Whether the quote is still open: its lines, dates and note may change, and it may
    /// be sent, cancelled or (unless expired) converted. An expired quote stays open so its
    /// date can be pushed out.
    pub const fn is_open(self) -> bool {
        matches!(
            self,
            QuoteStatus::Draft | QuoteStatus::Sent | QuoteStatus::Expired
        )
    }

    /// The statuses stored for a quote shown as `self` (an expired quote is stored as a
    /// draft or as sent).
    pub const fn stored(self) -> &'static [QuoteStatus] {
        match self {
            QuoteStatus::Draft => &[QuoteStatus::Draft],
            QuoteStatus::Expired => &[QuoteStatus::Draft, QuoteStatus::Sent],
            QuoteStatus::Sent => &[QuoteStatus::Sent],
            QuoteStatus::Accepted => &[QuoteStatus::Accepted],
            QuoteStatus::Cancelled => &[QuoteStatus::Cancelled],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_open_quote_past_its_date_shows_as_expired_and_a_closed_one_keeps_its_status() {
        assert_eq!(QuoteStatus::Draft.shown(true), QuoteStatus::Expired);
        assert_eq!(QuoteStatus::Sent.shown(true), QuoteStatus::Expired);
        assert_eq!(QuoteStatus::Sent.shown(false), QuoteStatus::Sent);
        assert_eq!(QuoteStatus::Accepted.shown(true), QuoteStatus::Accepted);
        assert_eq!(QuoteStatus::Cancelled.shown(true), QuoteStatus::Cancelled);
    }

    #[test]
    fn only_drafts_sent_and_expired_quotes_are_open() {
        let open: Vec<_> = QuoteStatus::ALL
            .iter()
            .filter(|s| s.is_open())
            .copied()
            .collect();
        assert_eq!(
            open,
            [QuoteStatus::Draft, QuoteStatus::Sent, QuoteStatus::Expired]
        );
    }

    #[test]
    fn every_shown_status_maps_back_to_what_is_stored() {
        for status in QuoteStatus::ALL {
            for stored in status.stored() {
                assert_ne!(*stored, QuoteStatus::Expired, "EXPIRED is never stored");
            }
        }
        assert_eq!(
            QuoteStatus::Expired.stored(),
            [QuoteStatus::Draft, QuoteStatus::Sent]
        );
    }
}
