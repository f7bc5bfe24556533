//! Email addresses as Kura stores them: trimmed and lower-cased, so one person is one
//! account however they type it.

use serde::{Deserialize, Serialize};

use crate::error::ValidationError;

/// A syntactically plausible email address, normalised.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

/// Why text is not an email address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    /// Nothing was given.
    #[error("enter an email address")]
    Empty,
    /// Longer than 320 characters (RFC 5321's limit).
    #[error("the email address is too long")]
    TooLong,
    /// Not of the form `name@domain.tld`.
    #[error("enter an email address like name@example.com")]
    Invalid,
}

impl EmailError {
    /// Stable machine code.
    pub const fn code(&self) -> &'static str {
        match self {
            EmailError::Empty => "email.empty",
            EmailError::TooLong => "email.too_long",
            EmailError::Invalid => "email.invalid",
        }
    }
}

impl From<EmailError> for ValidationError {
    fn from(e: EmailError) -> Self {
        ValidationError::new(e.code(), e.to_string()).with_field("email")
    }
}

impl Email {
    /// Trims, lower-cases and checks the shape. Deliverability is proven by sending mail,
    /// not by a stricter pattern here.
    pub fn parse(raw: &str) -> Result<Self, EmailError> {
        let value = raw.trim().to_lowercase();
        if value.is_empty() {
            return Err(EmailError::Empty);
        }
        if value.chars().count() > 320 {
            return Err(EmailError::TooLong);
        }
        let (local, domain) = value.rsplit_once('@').ok_or(EmailError::Invalid)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..");
        let clean = !value.chars().any(|c| c.is_whitespace() || c.is_control());
        if local.is_empty() || local.contains('@') || !domain_ok || !clean {
            return Err(EmailError::Invalid);
        }
        Ok(Self(value))
    }

    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

crate::text_value::validated_text!(Email, EmailError);

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_trimmed_and_lower_cased() {
        assert_eq!(
            Email::parse("  Hanako@Example.JP ").unwrap().as_str(),
            "hanako@example.jp"
        );
    }

    #[test]
    fn malformed_addresses_are_rejected_with_codes() {
        assert_eq!(Email::parse(" ").unwrap_err().code(), "email.empty");
        for bad in [
            "hanako",
            "@example.jp",
            "hanako@",
            "hanako@jp",
            "ha nako@example.jp",
            "a@b..jp",
        ] {
            assert_eq!(Email::parse(bad).unwrap_err(), EmailError::Invalid, "{bad}");
        }
    }
}
