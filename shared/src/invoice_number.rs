//! Qualified invoice issuer registration numbers (適格請求書発行事業者登録番号).

use serde::{Deserialize, Serialize};

use crate::error::validation_codes;

/// A registration number: `T` followed by 13 digits, e.g. `T8010001213708`.
///
/// For a company the digits are its corporate number (法人番号), whose first digit is a
/// check digit over the other twelve. Sole proprietors get a 13-digit number that NTA
/// assigns so it never collides with a corporate number; we assume it carries the same
/// check digit (the published rules do not say so outright), so if a genuine sole
/// proprietor's number is ever rejected, this check is the place to relax. It is worth
/// having: a typo on a qualified invoice costs the buyer their input tax credit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegistrationNumber(String);

/// Why a string is not a valid registration number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegistrationNumberError {
    /// Nothing left after trimming.
    #[error("registration number must not be empty")]
    Empty,
    /// Does not start with `T`.
    #[error("registration number must start with T")]
    MissingPrefix,
    /// Something other than digits after the `T`.
    #[error("registration number must be T followed by digits only")]
    NonDigit,
    /// Not exactly 13 digits after the `T`.
    #[error("registration number must have 13 digits after T, got {0}")]
    InvalidLength(usize),
    /// The first digit does not match the check digit of the other twelve.
    #[error("registration number check digit is wrong: expected {expected}, got {actual}")]
    InvalidCheckDigit {
        /// Check digit computed from the twelve base digits.
        expected: u8,
        /// Check digit that was given.
        actual: u8,
    },
}

validation_codes!(RegistrationNumberError {
    RegistrationNumberError::Empty => "registration_number.empty",
    RegistrationNumberError::MissingPrefix => "registration_number.missing_prefix",
    RegistrationNumberError::NonDigit => "registration_number.non_digit",
    RegistrationNumberError::InvalidLength(_) => "registration_number.invalid_length",
    RegistrationNumberError::InvalidCheckDigit { .. } => "registration_number.invalid_check_digit",
});

/// Check digit of a corporate number (法人番号) from its 12 base digits (values 0-9).
///
/// `9 − (Σ Pn × Qn mod 9)`, with n counted from the least significant base digit and Qn = 1
/// for odd n, 2 for even n. The result is always 1-9; values above 9 are reduced mod 10 so
/// the function never panics.
pub fn corporate_number_check_digit(base: &[u8]) -> u8 {
    let sum = base.iter().rev().enumerate().fold(0u32, |acc, (i, d)| {
        let weight = if i.is_multiple_of(2) { 1 } else { 2 };
        (acc + u32::from(d % 10) * weight) % 9
    });
    // `sum` is below 9, so the result is 1..=9 and the cast is lossless.
    (9 - sum) as u8
}

impl RegistrationNumber {
    /// Validates a registration number, trimming whitespace and accepting a lowercase `t`
    /// (common when typed) but storing the canonical uppercase form.
    pub fn parse(input: &str) -> Result<Self, RegistrationNumberError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(RegistrationNumberError::Empty);
        }
        let digits = s
            .strip_prefix(['T', 't'])
            .ok_or(RegistrationNumberError::MissingPrefix)?;
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(RegistrationNumberError::NonDigit);
        }
        if digits.len() != 13 {
            return Err(RegistrationNumberError::InvalidLength(digits.len()));
        }
        let values: Vec<u8> = digits.bytes().map(|b| b - b'0').collect();
        let (check, base) = values.split_at(1);
        let actual = check.first().copied().unwrap_or_default();
        let expected = corporate_number_check_digit(base);
        if expected != actual {
            return Err(RegistrationNumberError::InvalidCheckDigit { expected, actual });
        }
        Ok(Self(format!("T{digits}")))
    }

    /// The canonical form, `T` plus 13 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The 13 digits without the `T`; for a company, its corporate number.
    pub fn digits(&self) -> &str {
        self.0.get(1..).unwrap_or_default()
    }
}

crate::text_value::validated_text!(RegistrationNumber, RegistrationNumberError);

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_published_example_number_is_valid() {
        let n = RegistrationNumber::parse(" t8010001213708 ").unwrap();
        assert_eq!(n.as_str(), "T8010001213708");
        assert_eq!(n.digits(), "8010001213708");
        assert_eq!(
            corporate_number_check_digit(&[0, 1, 0, 0, 0, 1, 2, 1, 3, 7, 0, 8]),
            8
        );
    }

    #[test]
    fn each_failure_has_its_own_code() {
        let cases = [
            ("", "registration_number.empty"),
            ("8010001213708", "registration_number.missing_prefix"),
            ("X8010001213708", "registration_number.missing_prefix"),
            ("T801000121370A", "registration_number.non_digit"),
            ("T 8010001213708", "registration_number.non_digit"),
            ("T-8010-0012-13708", "registration_number.non_digit"),
            ("T801000121370", "registration_number.invalid_length"),
            ("T", "registration_number.invalid_length"),
            ("T7010001213708", "registration_number.invalid_check_digit"),
        ];
        for (input, code) in cases {
            assert_eq!(
                RegistrationNumber::parse(input).unwrap_err().code(),
                code,
                "{input:?}"
            );
        }
    }

    #[test]
    fn serde_goes_through_the_same_validation() {
        let n: RegistrationNumber = serde_json::from_str("\"T8010001213708\"").unwrap();
        assert_eq!(serde_json::to_string(&n).unwrap(), "\"T8010001213708\"");
        assert!(serde_json::from_str::<RegistrationNumber>("\"T0010001213708\"").is_err());
    }

    proptest! {
        #[test]
        fn any_twelve_digits_with_their_check_digit_form_a_valid_number(
            base in proptest::collection::vec(0u8..=9, 12),
        ) {
            let check = corporate_number_check_digit(&base);
            prop_assert!((1..=9).contains(&check));
            let s: String = std::iter::once(check)
                .chain(base.iter().copied())
                .map(|d| char::from(b'0' + d))
                .collect();
            let input = format!("T{s}");
            prop_assert!(RegistrationNumber::parse(&input).is_ok());
        }
    }
}
