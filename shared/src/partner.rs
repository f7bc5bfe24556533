//! Business partners (取引先): a business customer's code, price rate (掛率) and billing
//! terms (締日・支払条件), and the kinds of address it keeps.

use serde::{Deserialize, Serialize};

use crate::{
    error::validation_codes,
    pricing::{FULL_RATE, rated_price},
    text_value::{CodeShape, short_code, validated_text},
    wire_enum::wire_enum,
};

/// A customer's code (取引先コード, e.g. `C-0012`), unique per company: 1–32 letters,
/// digits, `-` or `_`, stored upper-case.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CustomerCode(String);

/// Why a customer code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CustomerCodeError {
    /// Nothing but spaces.
    #[error("a customer code cannot be empty")]
    Empty,
    /// Over 32 characters.
    #[error("a customer code has at most 32 characters")]
    TooLong,
    /// Something other than letters, digits, `-` and `_`.
    #[error("a customer code may contain only letters, digits, '-' and '_'")]
    InvalidCharacter,
}

validation_codes!(CustomerCodeError {
    CustomerCodeError::Empty => "customer.code.empty",
    CustomerCodeError::TooLong => "customer.code.too_long",
    CustomerCodeError::InvalidCharacter => "customer.code.invalid_character",
});

impl CustomerCode {
    /// Validates and normalises (trimmed, upper-case).
    pub fn parse(input: &str) -> Result<Self, CustomerCodeError> {
        short_code(input).map(Self).map_err(|shape| match shape {
            CodeShape::Empty => CustomerCodeError::Empty,
            CodeShape::TooLong => CustomerCodeError::TooLong,
            CodeShape::InvalidCharacter => CustomerCodeError::InvalidCharacter,
        })
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

validated_text!(CustomerCode, CustomerCodeError);

/// A price rate (掛率) in hundredths of a percent of the retail price, 1 to 10000
/// (6000 = 60 %, 10000 = full retail price).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PriceRate(u32);

/// Why a price rate was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PriceRateError {
    /// Not within 0.01 % to 100 %.
    #[error("a price rate is between 0.01% and 100% (1 to 10000)")]
    OutOfRange,
    /// A percentage that is not a number with at most two decimals.
    #[error("enter the rate as a percentage such as 60 or 62.5")]
    NotAPercentage,
}

validation_codes!(PriceRateError {
    PriceRateError::OutOfRange => "customer.price_rate.range",
    PriceRateError::NotAPercentage => "customer.price_rate.format",
});

impl PriceRate {
    /// A rate in hundredths of a percent.
    pub fn new(hundredths: i64) -> Result<Self, PriceRateError> {
        u32::try_from(hundredths)
            .ok()
            .filter(|r| (1..=FULL_RATE).contains(r))
            .map(Self)
            .ok_or(PriceRateError::OutOfRange)
    }

    /// A rate typed as a percentage, e.g. `60`, `62.5` or `62.25` (at most two decimals).
    pub fn from_percent(text: &str) -> Result<Self, PriceRateError> {
        let text = text.trim().trim_end_matches('%').trim_end();
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || whole.len() > 3 || fraction.len() > 2 {
            return Err(PriceRateError::NotAPercentage);
        }
        if !digits(whole) || !digits(fraction) || (text.contains('.') && fraction.is_empty()) {
            return Err(PriceRateError::NotAPercentage);
        }
        let whole: i64 = whole.parse().map_err(|_| PriceRateError::NotAPercentage)?;
        let fraction: i64 = format!("{fraction:0<2}")
            .parse()
            .map_err(|_| PriceRateError::NotAPercentage)?;
        Self::new(whole * 100 + fraction)
    }

    /// Hundredths of a percent (6000 = 60 %).
    pub const fn hundredths(self) -> u32 {
        self.0
    }

    /// The rate as a percentage without trailing zeros: `60`, `62.5`, `62.25`.
    pub fn percent_text(self) -> String {
        let (whole, fraction) = (self.0 / 100, self.0 % 100);
        match fraction {
            0 => whole.to_string(),
            f if f % 10 == 0 => format!("{whole}.{}", f / 10),
            f => format!("{whole}.{f:02}"),
        }
    }

    /// What a customer with this rate pays for `retail_minor` (see [`rated_price`]).
    pub fn apply(self, retail_minor: i64) -> i64 {
        rated_price(retail_minor, self.0)
    }
}

/// When a business customer is billed and pays (締日・支払条件), kept for invoicing.
///
/// `closing_day` ends each billing period: 5, 10, 15, 20 or 25, 31 for month end (末締め),
/// or 0 to invoice every shipment on its own (都度請求). An invoice is due
/// `payment_month_offset` months after the month of its closing (0 = the same month, 1 =
/// next month, up to 3) on `payment_day` (1–31, 31 = month end, and a day past the end of
/// a short month means its last day). 末締め翌月末払い is `{ 31, 1, 31 }`; 20日締め翌月10日払い is
/// `{ 20, 1, 10 }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BillingTerms {
    closing_day: u8,
    payment_month_offset: u8,
    payment_day: u8,
}

/// Why billing terms were refused; each names the part at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BillingTermsError {
    /// Some of the three parts given, not all.
    #[error("give the closing day, payment month and payment day together, or none of them")]
    Incomplete,
    /// Not 0, 5, 10, 15, 20, 25 or 31.
    #[error("the closing day is 5, 10, 15, 20, 25, 31 (month end) or 0 (every shipment)")]
    ClosingDay,
    /// Not 0 to 3 months.
    #[error("payment is due 0 to 3 months after the closing month")]
    PaymentMonthOffset,
    /// Not 1 to 31.
    #[error("the payment day is 1 to 31 (31 = month end)")]
    PaymentDay,
}

validation_codes!(BillingTermsError {
    BillingTermsError::Incomplete => "customer.billing_terms.incomplete",
    BillingTermsError::ClosingDay => "customer.billing_terms.closing_day",
    BillingTermsError::PaymentMonthOffset => "customer.billing_terms.payment_month_offset",
    BillingTermsError::PaymentDay => "customer.billing_terms.payment_day",
});

impl BillingTermsError {
    /// The input field at fault (`billingTerms.closingDay` and so on).
    pub const fn field(&self) -> &'static str {
        match self {
            BillingTermsError::Incomplete => "billingTerms",
            BillingTermsError::ClosingDay => "billingTerms.closingDay",
            BillingTermsError::PaymentMonthOffset => "billingTerms.paymentMonthOffset",
            BillingTermsError::PaymentDay => "billingTerms.paymentDay",
        }
    }
}

impl BillingTerms {
    /// The closing days a customer may have, in the order a form offers them.
    pub const CLOSING_DAYS: [u8; 7] = [5, 10, 15, 20, 25, Self::MONTH_END, Self::PER_SHIPMENT];
    /// `closing_day` / `payment_day` meaning the last day of the month.
    pub const MONTH_END: u8 = 31;
    /// `closing_day` meaning an invoice per shipment (都度請求).
    pub const PER_SHIPMENT: u8 = 0;
    /// The latest payment month: three months after the closing month.
    pub const MAX_PAYMENT_MONTH_OFFSET: u8 = 3;

    /// Checks the three parts.
    pub fn new(
        closing_day: i64,
        payment_month_offset: i64,
        payment_day: i64,
    ) -> Result<Self, BillingTermsError> {
        let closing_day = u8::try_from(closing_day)
            .ok()
            .filter(|d| Self::CLOSING_DAYS.contains(d))
            .ok_or(BillingTermsError::ClosingDay)?;
        let payment_month_offset = u8::try_from(payment_month_offset)
            .ok()
            .filter(|m| *m <= Self::MAX_PAYMENT_MONTH_OFFSET)
            .ok_or(BillingTermsError::PaymentMonthOffset)?;
        let payment_day = u8::try_from(payment_day)
            .ok()
            .filter(|d| (1..=Self::MONTH_END).contains(d))
            .ok_or(BillingTermsError::PaymentDay)?;
        Ok(Self {
            closing_day,
            payment_month_offset,
            payment_day,
        })
    }

    /// Terms from parts that may each be missing (a form, a stored row): all three make
    /// terms, none makes none, anything between is [`BillingTermsError::Incomplete`].
    pub fn from_parts(
        closing_day: Option<i64>,
        payment_month_offset: Option<i64>,
        payment_day: Option<i64>,
    ) -> Result<Option<Self>, BillingTermsError> {
        match (closing_day, payment_month_offset, payment_day) {
            (None, None, None) => Ok(None),
            (Some(c), Some(m), Some(d)) => Self::new(c, m, d).map(Some),
            _ => Err(BillingTermsError::Incomplete),
        }
    }

    /// The day that ends a billing period (0 = every shipment, 31 = month end).
    pub const fn closing_day(self) -> u8 {
        self.closing_day
    }

    /// Months from the closing month to the payment month (0–3).
    pub const fn payment_month_offset(self) -> u8 {
        self.payment_month_offset
    }

    /// The day of the payment month an invoice is due (31 = month end).
    pub const fn payment_day(self) -> u8 {
        self.payment_day
    }
}

wire_enum! {
    /// What a customer's address is for.
    pub enum AddressKind / UnknownAddressKind {
        /// Where invoices go (請求先).
        Billing = "BILLING",
        /// Where goods are delivered (納品先・配送先).
        Shipping = "SHIPPING",
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::ValidationError;

    #[test]
    fn customer_codes_are_short_codes_stored_upper_case() {
        assert_eq!(CustomerCode::parse(" c-0012 ").unwrap().as_str(), "C-0012");
        assert_eq!(CustomerCode::parse(" "), Err(CustomerCodeError::Empty));
        assert_eq!(
            CustomerCode::parse("山田"),
            Err(CustomerCodeError::InvalidCharacter)
        );
        assert_eq!(
            CustomerCode::parse(&"C".repeat(33)),
            Err(CustomerCodeError::TooLong)
        );
        assert!(CustomerCode::parse(&"C".repeat(32)).is_ok());
        assert_eq!(
            ValidationError::from(CustomerCodeError::Empty).code,
            "customer.code.empty"
        );
    }

    #[test]
    fn a_price_rate_is_one_to_ten_thousand_hundredths_of_a_percent() {
        assert_eq!(PriceRate::new(6_000).unwrap().hundredths(), 6_000);
        assert!(PriceRate::new(1).is_ok());
        assert!(PriceRate::new(10_000).is_ok());
        for bad in [0, -1, 10_001, i64::MAX] {
            assert_eq!(
                PriceRate::new(bad),
                Err(PriceRateError::OutOfRange),
                "{bad}"
            );
        }
        assert_eq!(
            ValidationError::from(PriceRateError::OutOfRange).code,
            "customer.price_rate.range"
        );
        assert_eq!(PriceRate::new(6_250).unwrap().apply(1_980), 1_237);
    }

    #[test]
    fn a_price_rate_reads_and_writes_as_a_percentage() {
        for (text, hundredths) in [
            ("60", 6_000),
            ("62.5", 6_250),
            ("62.25 %", 6_225),
            ("100", 10_000),
            ("0.01", 1),
        ] {
            assert_eq!(
                PriceRate::from_percent(text).unwrap().hundredths(),
                hundredths,
                "{text}"
            );
        }
        for text in ["", "sixty", "60.", ".5", "60.125", "-5", "1e2"] {
            assert_eq!(
                PriceRate::from_percent(text),
                Err(PriceRateError::NotAPercentage),
                "{text}"
            );
        }
        assert_eq!(
            PriceRate::from_percent("0"),
            Err(PriceRateError::OutOfRange)
        );
        assert_eq!(
            PriceRate::from_percent("100.01"),
            Err(PriceRateError::OutOfRange)
        );
        let texts: Vec<String> = [6_000, 6_250, 6_225, 1, 10_000]
            .into_iter()
            .map(|r| PriceRate::new(r).unwrap().percent_text())
            .collect();
        assert_eq!(texts, ["60", "62.5", "62.25", "0.01", "100"]);
    }

    #[test]
    fn billing_terms_take_the_listed_closing_days_and_bounded_payment_terms() {
        let end_of_next_month = BillingTerms::new(31, 1, 31).unwrap();
        assert_eq!(
            (
                end_of_next_month.closing_day(),
                end_of_next_month.payment_month_offset(),
                end_of_next_month.payment_day()
            ),
            (31, 1, 31)
        );
        for day in [0, 5, 10, 15, 20, 25, 31] {
            assert!(BillingTerms::new(day, 0, 10).is_ok(), "{day}");
        }
        for day in [-1, 1, 7, 30, 32, 256] {
            assert_eq!(
                BillingTerms::new(day, 1, 31),
                Err(BillingTermsError::ClosingDay),
                "{day}"
            );
        }
        for months in [-1, 4, 12] {
            assert_eq!(
                BillingTerms::new(20, months, 10),
                Err(BillingTermsError::PaymentMonthOffset),
                "{months}"
            );
        }
        for day in [0, 32, -5] {
            assert_eq!(
                BillingTerms::new(20, 1, day),
                Err(BillingTermsError::PaymentDay),
                "{day}"
            );
        }
    }

    #[test]
    fn billing_terms_come_whole_or_not_at_all() {
        assert_eq!(BillingTerms::from_parts(None, None, None), Ok(None));
        assert_eq!(
            BillingTerms::from_parts(Some(20), Some(1), Some(10)),
            Ok(Some(BillingTerms::new(20, 1, 10).unwrap()))
        );
        for parts in [
            (Some(20), None, None),
            (None, Some(1), None),
            (None, None, Some(10)),
            (Some(20), Some(1), None),
        ] {
            assert_eq!(
                BillingTerms::from_parts(parts.0, parts.1, parts.2),
                Err(BillingTermsError::Incomplete),
                "{parts:?}"
            );
        }
        let error = BillingTermsError::ClosingDay;
        assert_eq!(error.field(), "billingTerms.closingDay");
        assert_eq!(
            ValidationError::from(error).code,
            "customer.billing_terms.closing_day"
        );
    }
}
