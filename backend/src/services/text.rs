//! Free-text fields: trimmed, bounded, with the input field named in the error.

use kura_shared::ValidationError;

use super::ServiceError;

/// A required text of 1 to `max` characters.
pub fn required(
    value: &str,
    max: usize,
    field: &'static str,
    what: &str,
) -> Result<String, ServiceError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(
            ValidationError::new("text.empty", format!("Enter a {what}"))
                .with_field(field)
                .into(),
        );
    }
    optional(value, max, field)
}

/// An optional text of at most `max` characters (empty allowed).
pub fn optional(value: &str, max: usize, field: &'static str) -> Result<String, ServiceError> {
    let value = value.trim();
    if value.chars().count() > max {
        return Err(
            ValidationError::new("text.too_long", format!("At most {max} characters"))
                .with_field(field)
                .into(),
        );
    }
    Ok(value.to_owned())
}
