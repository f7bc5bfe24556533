//! The rules a new password must meet. The same code runs in the dashboard (instant
//! feedback) and on the server (the rule that counts).

use crate::error::ValidationError;

/// Shortest accepted password, in characters.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Longest accepted password, in characters: argon2 needs no more, and it caps the work
/// an attacker can make the server do per attempt.
pub const MAX_PASSWORD_CHARS: usize = 256;

/// Passwords people pick most, shipped with Kura (one per line, lower case).
const COMMON: &str = include_str!("common_passwords.txt");

/// Why a new password is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    /// Fewer than [`MIN_PASSWORD_CHARS`] characters.
    #[error("use at least {MIN_PASSWORD_CHARS} characters")]
    TooShort,
    /// More than [`MAX_PASSWORD_CHARS`] characters.
    #[error("use at most {MAX_PASSWORD_CHARS} characters")]
    TooLong,
    /// On the list of common passwords, a simple repetition, or the person's own details.
    #[error("this password is too easy to guess; choose another")]
    TooCommon,
}

impl PasswordError {
    /// Stable machine code.
    pub const fn code(&self) -> &'static str {
        match self {
            PasswordError::TooShort => "password.too_short",
            PasswordError::TooLong => "password.too_long",
            PasswordError::TooCommon => "password.too_common",
        }
    }
}

impl From<PasswordError> for ValidationError {
    fn from(e: PasswordError) -> Self {
        ValidationError::new(e.code(), e.to_string()).with_field("password")
    }
}

/// Checks a password someone is choosing. `personal` holds things an attacker would try
/// first for this person (email, name, company); the password may not be one of them.
pub fn check_new_password(password: &str, personal: &[&str]) -> Result<(), PasswordError> {
    let length = password.chars().count();
    if length < MIN_PASSWORD_CHARS {
        return Err(PasswordError::TooShort);
    }
    if length > MAX_PASSWORD_CHARS {
        return Err(PasswordError::TooLong);
    }
    let lowered = password.to_lowercase();
    let is_personal = personal.iter().any(|p| {
        let p = p.trim().to_lowercase();
        !p.is_empty() && (lowered == p || p.split('@').next() == Some(lowered.as_str()))
    });
    if is_personal || is_repetition(&lowered) || COMMON.lines().any(|line| line == lowered) {
        return Err(PasswordError::TooCommon);
    }
    Ok(())
}

/// "aaaaaaaaaa", "abababab…", "abcabcabc…": a short unit repeated is as weak as the unit.
fn is_repetition(password: &str) -> bool {
    let chars: Vec<char> = password.chars().collect();
    (1..=3).any(|unit| {
        chars.len() > unit && chars.iter().enumerate().all(|(i, c)| *c == chars[i % unit])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_limits_apply() {
        assert_eq!(
            check_new_password("short", &[]),
            Err(PasswordError::TooShort)
        );
        assert_eq!(
            check_new_password(&"x1".repeat(200), &[]),
            Err(PasswordError::TooLong)
        );
        assert_eq!(check_new_password("correct horse battery", &[]), Ok(()));
    }

    #[test]
    fn common_and_repeated_passwords_are_refused_whatever_their_case() {
        for weak in [
            "Password123",
            "QWERTYUIOP",
            "sakura12345",
            "aaaaaaaaaaaa",
            "abcabcabcabc",
        ] {
            assert_eq!(
                check_new_password(weak, &[]),
                Err(PasswordError::TooCommon),
                "{weak}"
            );
        }
    }

    #[test]
    fn the_persons_own_details_are_refused() {
        let personal = ["yamada.hanako@example.jp", "Yamada Hanako", "Yamada Shoten"];
        assert_eq!(
            check_new_password("yamada shoten", &personal),
            Err(PasswordError::TooCommon)
        );
        assert_eq!(
            check_new_password("yamada.hanako", &personal),
            Err(PasswordError::TooCommon)
        );
        assert_eq!(check_new_password("umbrella-tofu-42", &personal), Ok(()));
    }

    #[test]
    fn the_shipped_list_is_lower_case_and_long_enough_to_matter() {
        for line in COMMON.lines() {
            assert_eq!(line, line.to_lowercase());
            assert!(line.chars().count() >= MIN_PASSWORD_CHARS, "{line}");
        }
    }
}
