//! The `(line number, units)` lists that shipments, releases, returns and splits name: 1 to
//! [`MAX_LINES`] lines, each named once with at least one unit.

use std::collections::BTreeSet;

use kura_shared::ValidationError;

use crate::services::ServiceError;

/// Most lines one document names.
pub const MAX_LINES: usize = 500;

/// The document a list of lines is for; its error codes start with its name.
#[derive(Debug, Clone, Copy)]
pub enum Picking {
    /// A shipment (`shipment.*`).
    Shipment,
    /// A release of allocated units (`release.*`).
    Release,
    /// A return (`return.*`).
    Return,
    /// Units split off to a new order (`split.*`).
    Split,
}

impl Picking {
    /// `(no or too many lines, a line named twice)`.
    const fn codes(self) -> (&'static str, &'static str) {
        match self {
            Picking::Shipment => ("shipment.lines", "shipment.line_repeated"),
            Picking::Release => ("release.lines", "release.line_repeated"),
            Picking::Return => ("return.lines", "return.line_repeated"),
            Picking::Split => ("split.lines", "split.line_repeated"),
        }
    }
}

/// A validation error on the `lines` field.
pub fn invalid(code: &'static str, message: impl Into<String>) -> ServiceError {
    ValidationError::new(code, message)
        .with_field("lines")
        .into()
}

/// Fails unless `lines` names 1 to [`MAX_LINES`] lines, each once, with at least one unit.
pub fn check(lines: &[(i32, i64)], picking: Picking) -> Result<(), ServiceError> {
    let (count, repeated) = picking.codes();
    if lines.is_empty() || lines.len() > MAX_LINES {
        return Err(invalid(count, format!("Name 1 to {MAX_LINES} lines")));
    }
    let mut seen = BTreeSet::new();
    for (number, units) in lines {
        if !seen.insert(number) {
            return Err(invalid(repeated, format!("Line {number} is named twice")));
        }
        if *units < 1 {
            return Err(invalid(
                "order.quantity",
                "Name at least 1 unit of each line",
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_names_each_line_once_with_at_least_one_unit() {
        let code = |lines: &[(i32, i64)], picking| match check(lines, picking) {
            Err(ServiceError::Validation(e)) => e.code,
            other => panic!("{other:?}"),
        };
        assert_eq!(code(&[], Picking::Shipment), "shipment.lines");
        assert_eq!(
            code(&[(1, 1), (1, 2)], Picking::Shipment),
            "shipment.line_repeated"
        );
        assert_eq!(
            code(&[(1, 1), (1, 2)], Picking::Return),
            "return.line_repeated"
        );
        assert_eq!(code(&[(1, 0)], Picking::Release), "order.quantity");
        assert!(check(&[(1, 1), (2, 3)], Picking::Release).is_ok());
    }
}
