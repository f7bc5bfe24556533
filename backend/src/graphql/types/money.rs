//! `Money { amount: Decimal!, currencyCode: CurrencyCode! }` and the `Decimal` scalar: exact
//! amounts as strings such as `"1980"` or `"12.50"`, never floats.

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, SimpleObject, Value};
use kura_shared::CurrencyCode;

/// An exact decimal number written as a string, e.g. `"1980"` or `"12.50"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decimal(pub String);

#[Scalar]
impl ScalarType for Decimal {
    fn parse(value: Value) -> InputValueResult<Self> {
        match value {
            Value::String(text) => {
                let trimmed = text.trim();
                let digits = trimmed.strip_prefix('-').unwrap_or(trimmed);
                let mut parts = digits.splitn(2, '.');
                let whole = parts.next().unwrap_or_default();
                let fraction = parts.next();
                let ok = !whole.is_empty()
                    && whole.chars().all(|c| c.is_ascii_digit())
                    && fraction
                        .is_none_or(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()));
                if ok {
                    Ok(Decimal(trimmed.to_owned()))
                } else {
                    Err(InputValueError::custom(format!(
                        "\"{text}\" is not a decimal number"
                    )))
                }
            }
            // Integers are unambiguous; floats are refused so no amount is ever rounded.
            Value::Number(n) if n.is_i64() => Ok(Decimal(n.to_string())),
            other => Err(InputValueError::expected_type(other)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.clone())
    }
}

/// An amount of money in one currency.
#[derive(Debug, Clone, SimpleObject)]
pub struct Money {
    /// The amount, e.g. `"1980"`.
    pub amount: Decimal,
    /// Its currency.
    pub currency_code: CurrencyCode,
}

impl Money {
    /// From minor units of `currency`.
    pub fn from_minor(amount: i64, currency: CurrencyCode) -> Self {
        Self {
            amount: Decimal(kura_shared::Money::new(amount, currency).to_decimal_string()),
            currency_code: currency,
        }
    }
}
