//! Live feedback under a new password: a strength meter and the rules the server applies
//! (`kura_shared::check_new_password`), ticked off as they are met.

use kura_shared::{MIN_PASSWORD_CHARS, PasswordError, check_new_password};
use leptos::prelude::*;

use super::{Icon, IconKind};
use crate::i18n::{Msg, tr};

/// How good a password is, for the meter under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strength {
    /// Nothing typed yet.
    Empty,
    /// Refused by the rules.
    Weak,
    /// Accepted.
    Fair,
    /// Accepted with room to spare: long, or long enough and varied.
    Strong,
}

impl Strength {
    fn of(password: &str, personal: &[&str]) -> Strength {
        if password.is_empty() {
            return Strength::Empty;
        }
        if check_new_password(password, personal).is_err() {
            return Strength::Weak;
        }
        let length = password.chars().count();
        let classes = [
            password.chars().any(|c| c.is_lowercase()),
            password.chars().any(|c| c.is_uppercase()),
            password.chars().any(|c| c.is_ascii_digit()),
            password.chars().any(|c| !c.is_alphanumeric()),
            // Kana and kanji count as their own kind of character.
            password.chars().any(|c| !c.is_ascii() && c.is_alphabetic()),
        ]
        .into_iter()
        .filter(|present| *present)
        .count();
        if length >= 16 || (length >= MIN_PASSWORD_CHARS + 2 && classes >= 3) {
            Strength::Strong
        } else {
            Strength::Fair
        }
    }

    fn level(self) -> &'static str {
        match self {
            Strength::Empty => "empty",
            Strength::Weak => "weak",
            Strength::Fair => "fair",
            Strength::Strong => "strong",
        }
    }

    fn label(self) -> Option<Msg> {
        match self {
            Strength::Empty => None,
            Strength::Weak => Some(Msg::StrengthWeak),
            Strength::Fair => Some(Msg::StrengthFair),
            Strength::Strong => Some(Msg::StrengthStrong),
        }
    }
}

/// Meter and rules for `password`; `personal` is what the password may not be (the person's
/// email, name, company).
#[component]
pub fn PasswordFeedback(
    #[prop(into)] password: Signal<String>,
    #[prop(into)] personal: Signal<Vec<String>>,
) -> impl IntoView {
    let strength = Memo::new(move |_| {
        personal.with(|personal| {
            let personal: Vec<&str> = personal.iter().map(String::as_str).collect();
            password.with(|p| Strength::of(p, &personal))
        })
    });
    let long_enough = move || password.with(|p| p.chars().count() >= MIN_PASSWORD_CHARS);
    let hard_to_guess = move || {
        personal.with(|personal| {
            let personal: Vec<&str> = personal.iter().map(String::as_str).collect();
            password.with(|p| {
                !p.is_empty()
                    && !matches!(
                        check_new_password(p, &personal),
                        Err(PasswordError::TooCommon)
                    )
                    // Too short hides whether it is common; only claim this once long enough.
                    && p.chars().count() >= MIN_PASSWORD_CHARS
            })
        })
    };
    view! {
        <div class="password-meter" data-level=move || strength.get().level() aria-live="polite">
            <div class="meter-bars" aria-hidden="true">
                <span></span>
                <span></span>
                <span></span>
            </div>
            <span class="meter-label">
                {move || {
                    strength
                        .get()
                        .label()
                        .map(|label| {
                            view! {
                                <span class="visually-hidden">{tr(Msg::PasswordStrength)}": "</span>
                                {tr(label)}
                            }
                        })
                }}
            </span>
        </div>
        <ul class="password-rules" aria-label=tr(Msg::PasswordRulesLabel)>
            <Rule met=Signal::derive(long_enough) label=Msg::PasswordRuleLength />
            <Rule met=Signal::derive(hard_to_guess) label=Msg::PasswordRuleNotCommon />
        </ul>
    }
}

/// One password requirement, ticked once met.
#[component]
fn Rule(met: Signal<bool>, label: Msg) -> impl IntoView {
    view! {
        <li class="rule" class:rule-met=move || met.get() data-met=move || met.get().to_string()>
            <span class="rule-mark" aria-hidden="true">
                <Icon kind=IconKind::Check />
            </span>
            <span>{tr(label)}</span>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strength_follows_the_rules_then_length_and_variety() {
        assert_eq!(Strength::of("", &[]), Strength::Empty);
        assert_eq!(Strength::of("abc", &[]), Strength::Weak);
        assert_eq!(Strength::of("password123", &[]), Strength::Weak);
        assert_eq!(Strength::of("umbrellatofu", &[]), Strength::Fair);
        assert_eq!(Strength::of("Umbrella-tofu42", &[]), Strength::Strong);
        assert_eq!(Strength::of("correct horse battery", &[]), Strength::Strong);
    }
}
