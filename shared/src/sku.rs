//! Stock keeping unit codes.

use serde::{Deserialize, Serialize};

use crate::error::validation_codes;

/// A tenant's own product variant code, e.g. `TS-001/NVY.M`.
///
/// Restricted to ASCII letters, digits and `-_./` so it survives CSV exports, barcode
/// label printers, URLs and the partner systems (POS, EC, WMS) it is exchanged with.
/// Case is preserved because retailers print it on tags exactly as entered.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Sku(String);

/// Why a string is not a valid SKU.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SkuError {
    /// Nothing left after trimming.
    #[error("SKU must not be empty")]
    Empty,
    /// Longer than [`Sku::MAX_LEN`] characters.
    #[error("SKU must be at most 64 characters, got {0}")]
    TooLong(usize),
    /// A character outside ASCII letters, digits and `-_./`.
    #[error(
        "SKU may only contain letters A-Z, digits and - _ . /; found {ch:?} at position {position}"
    )]
    InvalidChar {
        /// The offending character.
        ch: char,
        /// Its 1-based position in the trimmed input, as a person would count.
        position: usize,
    },
}

validation_codes!(SkuError {
    SkuError::Empty => "sku.empty",
    SkuError::TooLong(_) => "sku.too_long",
    SkuError::InvalidChar { .. } => "sku.invalid_char",
});

impl Sku {
    /// Longest accepted SKU, in characters.
    pub const MAX_LEN: usize = 64;

    /// Validates and wraps `input` after trimming surrounding whitespace.
    pub fn parse(input: &str) -> Result<Self, SkuError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(SkuError::Empty);
        }
        if let Some((i, ch)) = s
            .chars()
            .enumerate()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/')))
        {
            return Err(SkuError::InvalidChar {
                ch,
                position: i + 1,
            });
        }
        // Only ASCII is left, so bytes and characters agree.
        if s.len() > Self::MAX_LEN {
            return Err(SkuError::TooLong(s.len()));
        }
        Ok(Self(s.to_owned()))
    }

    /// The SKU as entered (trimmed).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

crate::text_value::validated_text!(Sku, SkuError);

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::ValidationError;

    #[test]
    fn a_sku_is_trimmed_and_keeps_its_case() {
        let sku = Sku::parse("  TS-001/Nvy.m_2 ").unwrap();
        assert_eq!(sku.as_str(), "TS-001/Nvy.m_2");
        assert_ne!(Sku::parse("abc").unwrap(), Sku::parse("ABC").unwrap());
    }

    #[test]
    fn an_empty_or_blank_sku_is_rejected() {
        assert_eq!(Sku::parse("").unwrap_err(), SkuError::Empty);
        assert_eq!(Sku::parse(" \t\n").unwrap_err().code(), "sku.empty");
    }

    #[test]
    fn a_sku_of_64_characters_is_fine_but_65_is_too_long() {
        assert!(Sku::parse(&"A".repeat(64)).is_ok());
        let err = Sku::parse(&"A".repeat(65)).unwrap_err();
        assert_eq!(err, SkuError::TooLong(65));
        assert_eq!(err.code(), "sku.too_long");
    }

    #[test]
    fn spaces_control_and_non_ascii_characters_are_rejected() {
        for (bad, ch, position) in [
            ("TS 001", ' ', 3),
            ("TS\u{0}1", '\u{0}', 3),
            ("Ｔ001", 'Ｔ', 1),
            ("シャツ", 'シ', 1),
            ("a,b", ',', 2),
        ] {
            let err = Sku::parse(bad).unwrap_err();
            assert_eq!(err, SkuError::InvalidChar { ch, position }, "{bad:?}");
            assert_eq!(err.code(), "sku.invalid_char");
        }
    }

    #[test]
    fn serde_goes_through_the_same_validation() {
        let sku: Sku = serde_json::from_str("\" AB-1 \"").unwrap();
        assert_eq!(serde_json::to_string(&sku).unwrap(), "\"AB-1\"");
        assert!(serde_json::from_str::<Sku>("\"a b\"").is_err());
    }

    #[test]
    fn sku_errors_carry_code_and_english_message() {
        let v = ValidationError::from(Sku::parse("a b").unwrap_err()).with_field("sku");
        assert_eq!(v.code, "sku.invalid_char");
        assert_eq!(v.field.as_deref(), Some("sku"));
        assert!(v.message.contains("position 2"));
    }
}
