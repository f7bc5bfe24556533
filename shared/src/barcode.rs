//! Retail barcodes (GTIN family) with check digit validation.

use serde::{Deserialize, Serialize};

use crate::error::validation_codes;

/// Which GTIN symbology a barcode is, decided by its length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BarcodeKind {
    /// 13 digits; Japanese JAN codes are EAN-13 with prefix 45 or 49.
    Ean13,
    /// 8 digits, for small packages (short JAN).
    Ean8,
    /// 12 digits, North American products.
    UpcA,
}

impl BarcodeKind {
    /// Number of digits including the check digit.
    pub const fn digit_count(self) -> usize {
        match self {
            BarcodeKind::Ean13 => 13,
            BarcodeKind::Ean8 => 8,
            BarcodeKind::UpcA => 12,
        }
    }

    const fn from_len(len: usize) -> Option<Self> {
        match len {
            13 => Some(BarcodeKind::Ean13),
            8 => Some(BarcodeKind::Ean8),
            12 => Some(BarcodeKind::UpcA),
            _ => None,
        }
    }
}

/// A barcode whose digits and GS1 check digit have been verified.
///
/// Stored as the digit string exactly as scanned, because UPC-A `012345678905` and EAN-13
/// `0012345678905` name the same product but POS systems send whichever they printed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Barcode(String);

/// Why a string is not a valid barcode.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BarcodeError {
    /// Nothing left after trimming.
    #[error("barcode must not be empty")]
    Empty,
    /// Contains something other than the digits 0-9.
    #[error("barcode may only contain digits 0-9")]
    NonDigit,
    /// Not 8 (EAN-8), 12 (UPC-A) or 13 (EAN-13/JAN) digits.
    #[error("barcode must have 8, 12 or 13 digits, got {0}")]
    InvalidLength(usize),
    /// The last digit does not match the GS1 check digit of the others, usually a typo.
    #[error("barcode check digit is wrong: expected {expected}, got {actual}")]
    InvalidCheckDigit {
        /// Check digit computed from the other digits.
        expected: u8,
        /// Check digit that was given.
        actual: u8,
    },
}

validation_codes!(BarcodeError {
    BarcodeError::Empty => "barcode.empty",
    BarcodeError::NonDigit => "barcode.non_digit",
    BarcodeError::InvalidLength(_) => "barcode.invalid_length",
    BarcodeError::InvalidCheckDigit { .. } => "barcode.invalid_check_digit",
});

/// GS1 mod-10 check digit for `digits`, the barcode without its check digit.
///
/// Takes digit values 0-9 (not ASCII bytes). Weights alternate 3, 1 starting from the
/// rightmost digit, which makes one formula serve EAN-13, EAN-8, UPC-A and GTIN-14.
/// Values above 9 are reduced mod 10 so the function is total and never panics.
pub fn gtin_check_digit(digits: &[u8]) -> u8 {
    let sum = digits.iter().rev().enumerate().fold(0u32, |acc, (i, d)| {
        let weight = if i.is_multiple_of(2) { 3 } else { 1 };
        (acc + u32::from(d % 10) * weight) % 10
    });
    // `sum` is below 10, so the result is a single digit and the cast is lossless.
    ((10 - sum) % 10) as u8
}

impl Barcode {
    /// Validates a scanned or typed barcode, trimming surrounding whitespace.
    pub fn parse(input: &str) -> Result<Self, BarcodeError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(BarcodeError::Empty);
        }
        if !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(BarcodeError::NonDigit);
        }
        if BarcodeKind::from_len(s.len()).is_none() {
            return Err(BarcodeError::InvalidLength(s.len()));
        }
        let digits: Vec<u8> = s.bytes().map(|b| b - b'0').collect();
        let (body, check) = digits.split_at(digits.len() - 1);
        let actual = check.first().copied().unwrap_or_default();
        let expected = gtin_check_digit(body);
        if expected != actual {
            return Err(BarcodeError::InvalidCheckDigit { expected, actual });
        }
        Ok(Self(s.to_owned()))
    }

    /// The symbology, from the number of digits.
    pub fn kind(&self) -> BarcodeKind {
        // Parsing only admits the three lengths; the fallback is unreachable.
        BarcodeKind::from_len(self.0.len()).unwrap_or(BarcodeKind::Ean13)
    }

    /// The digits as scanned.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True for a JAN code: an EAN-13 issued in Japan (GS1 prefix 45 or 49).
    pub fn is_jan(&self) -> bool {
        self.kind() == BarcodeKind::Ean13 && (self.0.starts_with("45") || self.0.starts_with("49"))
    }
}

crate::text_value::validated_text!(Barcode, BarcodeError);

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_jan_code_is_an_ean13_starting_with_45_or_49() {
        let b = Barcode::parse(" 4901234567894 ").unwrap();
        assert_eq!(b.kind(), BarcodeKind::Ean13);
        assert_eq!(b.as_str(), "4901234567894");
        assert!(b.is_jan());
        assert!(!Barcode::parse("5901234123457").unwrap().is_jan());
    }

    #[test]
    fn ean8_and_upc_a_are_recognised_by_length() {
        assert_eq!(
            Barcode::parse("96385074").unwrap().kind(),
            BarcodeKind::Ean8
        );
        assert_eq!(
            Barcode::parse("036000291452").unwrap().kind(),
            BarcodeKind::UpcA
        );
        assert!(!Barcode::parse("96385074").unwrap().is_jan());
    }

    #[test]
    fn check_digits_match_published_examples() {
        assert_eq!(gtin_check_digit(&[4, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), 4);
        assert_eq!(gtin_check_digit(&[9, 6, 3, 8, 5, 0, 7]), 4);
        assert_eq!(gtin_check_digit(&[0, 3, 6, 0, 0, 0, 2, 9, 1, 4, 5]), 2);
        assert_eq!(gtin_check_digit(&[]), 0);
    }

    #[test]
    fn each_failure_has_its_own_code() {
        let cases = [
            ("", "barcode.empty"),
            ("   ", "barcode.empty"),
            ("49012345678a4", "barcode.non_digit"),
            ("4901 234567894", "barcode.non_digit"),
            ("-4901234567894", "barcode.non_digit"),
            ("１２３４５６７８", "barcode.non_digit"),
            ("1234567", "barcode.invalid_length"),
            ("49012345678945", "barcode.invalid_length"),
            ("4901234567895", "barcode.invalid_check_digit"),
        ];
        for (input, code) in cases {
            assert_eq!(Barcode::parse(input).unwrap_err().code(), code, "{input:?}");
        }
        assert_eq!(
            Barcode::parse("4901234567895").unwrap_err(),
            BarcodeError::InvalidCheckDigit {
                expected: 4,
                actual: 5
            }
        );
    }

    #[test]
    fn serde_goes_through_the_same_validation() {
        let b: Barcode = serde_json::from_str("\"96385074\"").unwrap();
        assert_eq!(serde_json::to_string(&b).unwrap(), "\"96385074\"");
        assert!(serde_json::from_str::<Barcode>("\"96385075\"").is_err());
        assert_eq!(
            serde_json::to_string(&BarcodeKind::UpcA).unwrap(),
            "\"UPC_A\""
        );
    }

    fn with_check_digit(body: &[u8]) -> String {
        body.iter()
            .chain(std::iter::once(&gtin_check_digit(body)))
            .map(|d| char::from(b'0' + d))
            .collect()
    }

    fn assert_completed_body_is_valid_and_any_single_change_is_not(
        body: &[u8],
        kind: BarcodeKind,
    ) -> Result<(), TestCaseError> {
        let code = with_check_digit(body);
        let parsed = Barcode::parse(&code);
        prop_assert_eq!(parsed.as_ref().map(Barcode::kind), Ok(kind));
        let bytes = code.as_bytes();
        for pos in 0..bytes.len() {
            for replacement in b'0'..=b'9' {
                if replacement == bytes[pos] {
                    continue;
                }
                let mut changed = bytes.to_vec();
                changed[pos] = replacement;
                let changed = String::from_utf8(changed).unwrap();
                prop_assert_eq!(
                    Barcode::parse(&changed).unwrap_err().code(),
                    "barcode.invalid_check_digit"
                );
            }
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn any_12_digits_plus_check_digit_is_a_valid_ean13(body in proptest::collection::vec(0u8..=9, 12)) {
            assert_completed_body_is_valid_and_any_single_change_is_not(&body, BarcodeKind::Ean13)?;
        }

        #[test]
        fn any_7_digits_plus_check_digit_is_a_valid_ean8(body in proptest::collection::vec(0u8..=9, 7)) {
            assert_completed_body_is_valid_and_any_single_change_is_not(&body, BarcodeKind::Ean8)?;
        }

        #[test]
        fn any_11_digits_plus_check_digit_is_a_valid_upc_a(body in proptest::collection::vec(0u8..=9, 11)) {
            assert_completed_body_is_valid_and_any_single_change_is_not(&body, BarcodeKind::UpcA)?;
        }

        #[test]
        fn barcode_parse_never_panics(s in "\\PC{0,20}") {
            let _ = Barcode::parse(&s);
        }
    }
}
