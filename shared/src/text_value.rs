//! Conversions every validated text value shares, written once.

/// Implements `FromStr`, `TryFrom<String>`, `From<T> for String`, `AsRef<str>` and `Display`
/// for a `struct T(String)` whose `T::parse(&str) -> Result<T, E>` is the only way in, so
/// serde (`try_from = "String"`) and `str::parse` both go through the same validation.
macro_rules! validated_text {
    ($ty:ident, $error:ty) => {
        impl ::core::str::FromStr for $ty {
            type Err = $error;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl TryFrom<String> for $ty {
            type Error = $error;

            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }

        impl From<$ty> for String {
            fn from(value: $ty) -> Self {
                value.0
            }
        }

        impl AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl ::core::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

pub(crate) use validated_text;

/// Why a text is not a short code (see [`short_code`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CodeShape {
    /// Nothing but spaces.
    Empty,
    /// Over 32 characters.
    TooLong,
    /// Something other than letters, digits, `-` and `_`.
    InvalidCharacter,
}

/// The shape every short code shares (location codes, customer codes): 1–32 ASCII letters,
/// digits, `-` or `_`, trimmed and upper-cased so `wh-01` and `WH-01` are one code.
pub(crate) fn short_code(input: &str) -> Result<String, CodeShape> {
    let code = input.trim().to_ascii_uppercase();
    if code.is_empty() {
        return Err(CodeShape::Empty);
    }
    if code.chars().count() > 32 {
        return Err(CodeShape::TooLong);
    }
    if !code
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(CodeShape::InvalidCharacter);
    }
    Ok(code)
}
