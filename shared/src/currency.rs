//! ISO 4217 currencies Kura can hold money in.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::validation_codes;

/// A supported ISO 4217 currency.
///
/// A closed enum rather than any three letters: every currency needs a known number of
/// minor digits and a display symbol, and an unknown one would silently mis-scale amounts.
/// Add a variant (with its ISO minor units) when a tenant needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[cfg_attr(
    feature = "sea-orm",
    derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum)
)]
#[cfg_attr(
    feature = "sea-orm",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::None)",
        rename_all = "UPPERCASE"
    )
)]
pub enum CurrencyCode {
    /// Japanese yen; no minor unit in practice or in ISO 4217.
    Jpy,
    /// US dollar.
    Usd,
    /// Euro.
    Eur,
    /// Pound sterling.
    Gbp,
    /// Chinese yuan renminbi.
    Cny,
    /// South Korean won; ISO 4217 lists no minor unit.
    Krw,
}

impl CurrencyCode {
    /// Every supported currency.
    pub const ALL: &'static [CurrencyCode] = &[
        CurrencyCode::Jpy,
        CurrencyCode::Usd,
        CurrencyCode::Eur,
        CurrencyCode::Gbp,
        CurrencyCode::Cny,
        CurrencyCode::Krw,
    ];

    /// The ISO 4217 alphabetic code, e.g. `"JPY"`.
    pub const fn as_str(&self) -> &'static str {
        match self {
            CurrencyCode::Jpy => "JPY",
            CurrencyCode::Usd => "USD",
            CurrencyCode::Eur => "EUR",
            CurrencyCode::Gbp => "GBP",
            CurrencyCode::Cny => "CNY",
            CurrencyCode::Krw => "KRW",
        }
    }

    /// Number of decimal digits of the minor unit per ISO 4217 (JPY 0, USD 2).
    pub const fn minor_units(&self) -> u32 {
        match self {
            CurrencyCode::Jpy | CurrencyCode::Krw => 0,
            CurrencyCode::Usd | CurrencyCode::Eur | CurrencyCode::Gbp | CurrencyCode::Cny => 2,
        }
    }

    /// Symbol used when showing amounts to people.
    ///
    /// CNY gets `CN¥` so it is never confused with yen on a Japanese screen.
    pub const fn symbol(&self) -> &'static str {
        match self {
            CurrencyCode::Jpy => "¥",
            CurrencyCode::Usd => "$",
            CurrencyCode::Eur => "€",
            CurrencyCode::Gbp => "£",
            CurrencyCode::Cny => "CN¥",
            CurrencyCode::Krw => "₩",
        }
    }
}

impl fmt::Display for CurrencyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a string is not a supported currency.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CurrencyError {
    /// Not three ASCII letters.
    #[error("currency code must be three letters (ISO 4217), got {0:?}")]
    InvalidFormat(String),
    /// Well-formed, but not a currency Kura supports.
    #[error("currency {0} is not supported")]
    Unsupported(String),
}

validation_codes!(CurrencyError {
    CurrencyError::InvalidFormat(_) => "currency.invalid_format",
    CurrencyError::Unsupported(_) => "currency.unsupported",
});

impl FromStr for CurrencyCode {
    type Err = CurrencyError;

    /// Accepts any letter case because payment providers (Stripe) send lowercase codes.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.len() != 3 || !s.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(CurrencyError::InvalidFormat(s.to_owned()));
        }
        let upper = s.to_ascii_uppercase();
        CurrencyCode::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == upper)
            .ok_or(CurrencyError::Unsupported(upper))
    }
}

impl TryFrom<String> for CurrencyCode {
    type Error = CurrencyError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<CurrencyCode> for String {
    fn from(value: CurrencyCode) -> Self {
        value.as_str().to_owned()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::ValidationError;

    #[test]
    fn yen_has_no_minor_digits_and_dollar_and_euro_have_two() {
        assert_eq!(CurrencyCode::Jpy.minor_units(), 0);
        assert_eq!(CurrencyCode::Usd.minor_units(), 2);
        assert_eq!(CurrencyCode::Eur.minor_units(), 2);
    }

    #[test]
    fn every_currency_round_trips_through_its_code_and_serde() {
        for c in CurrencyCode::ALL {
            assert_eq!(c.as_str().parse::<CurrencyCode>().unwrap(), *c);
            let json = serde_json::to_string(c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
            assert_eq!(serde_json::from_str::<CurrencyCode>(&json).unwrap(), *c);
        }
    }

    #[test]
    fn lowercase_codes_from_payment_providers_are_accepted() {
        assert_eq!(" jpy ".parse::<CurrencyCode>().unwrap(), CurrencyCode::Jpy);
    }

    #[test]
    fn malformed_codes_are_rejected_as_invalid_format() {
        for bad in ["", "JP", "JPYY", "J1Y", "¥¥¥"] {
            let err = bad.parse::<CurrencyCode>().unwrap_err();
            assert_eq!(err.code(), "currency.invalid_format", "{bad:?}");
        }
    }

    #[test]
    fn unknown_codes_are_rejected_as_unsupported_also_through_serde() {
        let err = "XYZ".parse::<CurrencyCode>().unwrap_err();
        assert_eq!(ValidationError::from(err).code, "currency.unsupported");
        assert!(serde_json::from_str::<CurrencyCode>("\"XYZ\"").is_err());
    }
}
