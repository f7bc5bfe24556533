//! `/login`: email and password. Any credential problem gets one generic message, as the
//! server gives, so the form never tells whether an email has an account.

use kura_shared::Email;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;
use leptos_router::components::A;

use super::auth::{AuthGate, use_next};
use crate::api::session::{LogInInput, use_session};
use crate::components::{
    AuthLayout, FormError, FormErrors, FormState, Problem, SubmitButton, TextField,
    focus_first_invalid,
};
use crate::i18n::{Msg, reason_message, tr};
use crate::redirect::{SIGNUP_PATH, auth_href};

const FIELDS: &[&str] = &["email", "password"];

/// The sign-in page; signed-in visitors go straight on to where they were heading.
#[component]
pub fn LoginPage() -> impl IntoView {
    let next = use_next();
    view! {
        <AuthGate next=next>
            <AuthLayout title=Msg::LogInTitle subtitle=Msg::LogInSubtitle>
                <LoginForm />
                <p class="auth-switch">
                    <span>{tr(Msg::NoAccount)}</span>
                    " "
                    <A href=move || auth_href(SIGNUP_PATH, &next.get())>{tr(Msg::GoToSignUp)}</A>
                </p>
            </AuthLayout>
        </AuthGate>
    }
}

/// What can be said about sign-in input before asking the server.
fn check(email: &str, password: &str) -> FormErrors {
    let mut errors = FormErrors::default();
    if let Err(e) = Email::parse(email) {
        let msg = reason_message(e.code()).unwrap_or(Msg::ReasonEmailInvalid);
        errors.add("email", Problem::Msg(msg));
    }
    if password.is_empty() {
        errors.add("password", Problem::Msg(Msg::PasswordRequired));
    }
    errors
}

#[component]
fn LoginForm() -> impl IntoView {
    let session = use_session();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let form = FormState::default();
    let email_ref = NodeRef::<Input>::new();
    let password_ref = NodeRef::<Input>::new();
    let focus = move |errors: &FormErrors| {
        focus_first_invalid(errors, &[("email", email_ref), ("password", password_ref)]);
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (email_value, password_value) = (email.get_untracked(), password.get_untracked());
        if !form.begin(|| check(&email_value, &password_value), focus) {
            return;
        }
        leptos::task::spawn_local(async move {
            let input = LogInInput {
                email: email_value,
                password: password_value,
            };
            // On success the session changes and the page moves on; these signals may be
            // gone by then, which `settle` allows for.
            let result = session.log_in(input).await;
            form.settle(
                result,
                |error| FormErrors::from_api(error, FIELDS, Msg::LoginFailed),
                focus,
            );
        });
    };
    view! {
        <form class="auth-form" data-testid="login-form" novalidate on:submit=on_submit>
            <FormError error=form.form() />
            <TextField
                name="email"
                label=Msg::FieldEmail
                kind="email"
                autocomplete="username"
                testid="login-email"
                value=email
                node_ref=email_ref
                error=form.field("email")
            />
            <TextField
                name="password"
                label=Msg::FieldPassword
                kind="password"
                autocomplete="current-password"
                testid="login-password"
                value=password
                node_ref=password_ref
                error=form.field("password")
            />
            <SubmitButton
                label=Msg::LogInSubmit
                busy_label=Msg::LoggingIn
                testid="login-submit"
                busy=form.busy
            />
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_needs_a_plausible_email_and_some_password() {
        let errors = check("hanako", "");
        assert_eq!(
            errors.field("email"),
            Some(Problem::Msg(Msg::ReasonEmailInvalid))
        );
        assert_eq!(
            errors.field("password"),
            Some(Problem::Msg(Msg::PasswordRequired))
        );
        assert_eq!(
            check("", "x").field("email"),
            Some(Problem::Msg(Msg::ReasonEmailEmpty))
        );
        // Existing passwords are not held to the new-password rules.
        assert!(check("hanako@example.jp", "short").is_empty());
    }
}
