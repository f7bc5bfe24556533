//! Error vocabulary shared by the server, the partner API and the dashboard.
//!
//! Two layers live here. [`ErrorCode`] is the coarse, stable code a client branches on
//! (GraphQL `extensions.code`, HTTP mapping). [`ValidationError`] is the detail behind a
//! `VALIDATION` code: a dotted sub-code such as `sku.empty` that a client can translate,
//! plus an English message for people and logs. Every value type in this crate has its own
//! typed error enum that converts into a [`ValidationError`], so Rust callers can `match`
//! while API callers get a flat, serialisable shape.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Stable, public error codes of the Kura API.
///
/// These strings are a contract with partner systems and the dashboard: never rename a
/// variant's string, only add new ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    /// No valid session or API key was presented.
    Unauthenticated,
    /// The caller is known but may not do this (role, tenant, or read-only subscription).
    Forbidden,
    /// The resource does not exist or belongs to another tenant; the two are deliberately
    /// indistinguishable so tenant ids cannot be probed.
    NotFound,
    /// Input failed validation; details are in [`ValidationError`]s.
    Validation,
    /// An allocation would take available stock below zero.
    InsufficientStock,
    /// The write lost a race or contradicts current state (version mismatch, duplicate key).
    Conflict,
    /// Too many requests for this key or tenant; retry later.
    RateLimited,
    /// The tenant's subscription plan does not allow this (seats, locations, channels).
    PlanLimit,
    /// A GraphQL query exceeded the depth or complexity budget.
    QueryTooComplex,
    /// Something went wrong on our side; details are logged, never shown.
    Internal,
}

impl ErrorCode {
    /// Every code, in declaration order; lets tests and docs enumerate the contract.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::Unauthenticated,
        ErrorCode::Forbidden,
        ErrorCode::NotFound,
        ErrorCode::Validation,
        ErrorCode::InsufficientStock,
        ErrorCode::Conflict,
        ErrorCode::RateLimited,
        ErrorCode::PlanLimit,
        ErrorCode::QueryTooComplex,
        ErrorCode::Internal,
    ];

    /// The wire string of this code, e.g. `"NOT_FOUND"`.
    pub const fn as_str(&self) -> &'static str {
        match self {
            ErrorCode::Unauthenticated => "UNAUTHENTICATED",
            ErrorCode::Forbidden => "FORBIDDEN",
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::Validation => "VALIDATION",
            ErrorCode::InsufficientStock => "INSUFFICIENT_STOCK",
            ErrorCode::Conflict => "CONFLICT",
            ErrorCode::RateLimited => "RATE_LIMITED",
            ErrorCode::PlanLimit => "PLAN_LIMIT",
            ErrorCode::QueryTooComplex => "QUERY_TOO_COMPLEX",
            ErrorCode::Internal => "INTERNAL",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Returned when a string is not one of the [`ErrorCode`] wire strings.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown error code {0:?}")]
pub struct UnknownErrorCode(pub String);

impl FromStr for ErrorCode {
    type Err = UnknownErrorCode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ErrorCode::ALL
            .iter()
            .copied()
            .find(|code| code.as_str() == s)
            .ok_or_else(|| UnknownErrorCode(s.to_owned()))
    }
}

/// One validation failure in a flat, serialisable shape for API responses.
///
/// `code` is machine-stable (e.g. `"money.too_many_fraction_digits"`); `message` is English
/// for people and may be reworded. `field` is filled in by whoever knows the input's name
/// (a value type never knows which form field it came from), via [`ValidationError::with_field`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct ValidationError {
    /// Name of the offending input field, when the caller knows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Machine-stable dotted sub-code, `<type>.<reason>`.
    pub code: &'static str,
    /// Human-readable English explanation.
    pub message: String,
}

impl ValidationError {
    /// Builds an error with no field attached yet.
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            field: None,
            code,
            message: message.into(),
        }
    }

    /// Attaches the input field name, so one parse error can be reported against whichever
    /// field (e.g. `sku` or `parentSku`) it came from.
    #[must_use]
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// The coarse API code every validation failure maps to.
    pub const fn error_code(&self) -> ErrorCode {
        ErrorCode::Validation
    }
}

/// Implements `code()` and `From<$err> for ValidationError` for a per-type error enum whose
/// `Display` is its English message. Keeps the sub-code table next to each enum.
macro_rules! validation_codes {
    ($err:ty { $($pat:pat => $code:literal),+ $(,)? }) => {
        impl $err {
            /// Machine-stable sub-code of this error (see [`crate::ValidationError`]).
            pub const fn code(&self) -> &'static str {
                match self {
                    $($pat => $code),+
                }
            }
        }

        impl From<$err> for $crate::error::ValidationError {
            fn from(err: $err) -> Self {
                $crate::error::ValidationError::new(err.code(), err.to_string())
            }
        }
    };
}
pub(crate) use validation_codes;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips_through_its_string() {
        for code in ErrorCode::ALL {
            assert_eq!(code.as_str().parse::<ErrorCode>().unwrap(), *code);
            assert_eq!(code.to_string(), code.as_str());
        }
    }

    #[test]
    fn serde_uses_the_same_strings_as_as_str() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_string(code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            let back: ErrorCode = serde_json::from_str(&json).unwrap();
            assert_eq!(back, *code);
        }
    }

    #[test]
    fn the_wire_strings_are_exactly_the_documented_contract() {
        let strings: Vec<&str> = ErrorCode::ALL.iter().map(ErrorCode::as_str).collect();
        assert_eq!(
            strings,
            [
                "UNAUTHENTICATED",
                "FORBIDDEN",
                "NOT_FOUND",
                "VALIDATION",
                "INSUFFICIENT_STOCK",
                "CONFLICT",
                "RATE_LIMITED",
                "PLAN_LIMIT",
                "QUERY_TOO_COMPLEX",
                "INTERNAL",
            ]
        );
    }

    #[test]
    fn an_unknown_or_lowercase_code_is_rejected() {
        assert!("not_found".parse::<ErrorCode>().is_err());
        assert!("".parse::<ErrorCode>().is_err());
        assert!(serde_json::from_str::<ErrorCode>("\"TEAPOT\"").is_err());
    }

    #[test]
    fn a_validation_error_serialises_with_field_code_and_message() {
        let err = ValidationError::new("sku.empty", "SKU must not be empty").with_field("sku");
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"field": "sku", "code": "sku.empty", "message": "SKU must not be empty"})
        );
        assert_eq!(err.error_code(), ErrorCode::Validation);
    }

    #[test]
    fn a_validation_error_without_field_omits_it() {
        let json = serde_json::to_value(ValidationError::new("x.y", "m")).unwrap();
        assert!(json.get("field").is_none());
    }
}
