//! `/signup`: a new account and company. Every field is checked as the server will check it
//! (`kura_shared`), with live feedback on the password; whatever the server still refuses is
//! shown under its field.

use kura_shared::{Email, PasswordError, check_new_password};
use leptos::html::Input;
use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;
use leptos_router::components::A;

use super::auth::{AuthGate, use_next};
use crate::api::session::{SignUpInput, use_session};
use crate::components::{
    AuthLayout, FormError, FormErrors, FormState, PasswordFeedback, Problem, SubmitButton,
    TextField, focus_first_invalid,
};
use crate::i18n::{Msg, reason_message, tr};
use crate::redirect::{LOGIN_PATH, auth_href};

const FIELDS: &[&str] = &["email", "password", "name", "companyName"];
/// The server's limit for names (`text.too_long`).
const MAX_NAME_CHARS: usize = 200;

/// The sign-up page; on success the new owner lands in their company's dashboard.
#[component]
pub fn SignUpPage() -> impl IntoView {
    let next = use_next();
    view! {
        <AuthGate next=next>
            <AuthLayout title=Msg::SignUpTitle subtitle=Msg::SignUpSubtitle>
                <SignUpForm />
                <p class="auth-switch">
                    <span>{tr(Msg::HaveAccount)}</span>
                    " "
                    <A href=move || auth_href(LOGIN_PATH, &next.get())>{tr(Msg::GoToLogIn)}</A>
                </p>
            </AuthLayout>
        </AuthGate>
    }
}

/// The values of the form.
struct Draft {
    email: String,
    password: String,
    name: String,
    company_name: String,
}

impl Draft {
    /// The same checks, in the same order, as the server's `signUp`.
    fn check(&self) -> FormErrors {
        let mut errors = FormErrors::default();
        if let Err(e) = Email::parse(&self.email) {
            let msg = reason_message(e.code()).unwrap_or(Msg::ReasonEmailInvalid);
            errors.add("email", Problem::Msg(msg));
        }
        if let Err(e) = check_new_password(&self.password, &self.personal()) {
            errors.add("password", Problem::Msg(password_message(&e)));
        }
        for (field, value) in [("name", &self.name), ("companyName", &self.company_name)] {
            let length = value.trim().chars().count();
            if length == 0 {
                errors.add(field, Problem::Msg(Msg::ReasonRequired));
            } else if length > MAX_NAME_CHARS {
                errors.add(field, Problem::Msg(Msg::ReasonTooLong));
            }
        }
        errors
    }

    /// What an attacker would guess first for this person; the password may not be one.
    fn personal(&self) -> [&str; 3] {
        [&self.email, &self.name, &self.company_name]
    }
}

fn password_message(error: &PasswordError) -> Msg {
    reason_message(error.code()).unwrap_or(Msg::ReasonPasswordTooCommon)
}

#[component]
fn SignUpForm() -> impl IntoView {
    let session = use_session();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let company = RwSignal::new(String::new());
    let form = FormState::default();
    let errors = form.errors;
    let refs = [
        ("email", NodeRef::<Input>::new()),
        ("password", NodeRef::<Input>::new()),
        ("name", NodeRef::<Input>::new()),
        ("companyName", NodeRef::<Input>::new()),
    ];
    let draft = move || Draft {
        email: email.get(),
        password: password.get(),
        name: name.get(),
        company_name: company.get(),
    };

    // A problem already shown follows its field as it is edited: updated while still wrong,
    // gone once fixed. Other fields' problems stay until the next submit.
    for (field, value) in [
        ("email", email),
        ("password", password),
        ("name", name),
        ("companyName", company),
    ] {
        Effect::new(move |previous: Option<()>| {
            value.track();
            if previous.is_none() {
                return;
            }
            let live = draft_untracked(email, password, name, company)
                .check()
                .field(field);
            let shown = errors.with_untracked(|e| e.field(field));
            if shown.is_some() && shown != live {
                errors.update(|e| e.replace(field, live));
            }
        });
    }

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let d = draft_untracked(email, password, name, company);
        if !form.begin(|| d.check(), |e| focus_first_invalid(e, &refs)) {
            return;
        }
        leptos::task::spawn_local(async move {
            let input = SignUpInput {
                email: d.email,
                password: d.password,
                name: d.name,
                company_name: d.company_name,
            };
            let result = session.sign_up(input).await;
            form.settle(
                result,
                |error| FormErrors::from_api(error, FIELDS, Msg::ErrorUnauthenticated),
                |e| focus_first_invalid(e, &refs),
            );
        });
    };
    view! {
        <form class="auth-form" data-testid="signup-form" novalidate on:submit=on_submit>
            <FormError error=form.form() />
            <TextField
                name="email"
                label=Msg::FieldEmail
                kind="email"
                autocomplete="email"
                testid="signup-email"
                value=email
                node_ref=refs[0].1
                error=form.field("email")
            />
            <TextField
                name="password"
                label=Msg::FieldPassword
                kind="password"
                autocomplete="new-password"
                testid="signup-password"
                value=password
                node_ref=refs[1].1
                error=form.field("password")
            >
                <PasswordFeedback
                    password=password
                    personal=Signal::derive(move || draft().personal().map(str::to_owned).to_vec())
                />
            </TextField>
            <TextField
                name="name"
                label=Msg::FieldName
                autocomplete="name"
                testid="signup-name"
                placeholder=Msg::PlaceholderName
                value=name
                node_ref=refs[2].1
                error=form.field("name")
            />
            <TextField
                name="companyName"
                label=Msg::FieldCompany
                autocomplete="organization"
                testid="signup-company"
                placeholder=Msg::PlaceholderCompany
                hint=Msg::CompanyHint
                value=company
                node_ref=refs[3].1
                error=form.field("companyName")
            />
            <SubmitButton
                label=Msg::SignUpSubmit
                busy_label=Msg::SigningUp
                testid="signup-submit"
                busy=form.busy
            />
            <p class="auth-note">{tr(Msg::SignUpTerms)}</p>
        </form>
    }
}

fn draft_untracked(
    email: RwSignal<String>,
    password: RwSignal<String>,
    name: RwSignal<String>,
    company: RwSignal<String>,
) -> Draft {
    Draft {
        email: email.get_untracked(),
        password: password.get_untracked(),
        name: name.get_untracked(),
        company_name: company.get_untracked(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(email: &str, password: &str, name: &str, company: &str) -> Draft {
        Draft {
            email: email.into(),
            password: password.into(),
            name: name.into(),
            company_name: company.into(),
        }
    }

    #[test]
    fn a_complete_sign_up_passes_the_client_checks() {
        let ok = draft(
            "hanako@example.jp",
            "umbrella-tofu-42",
            "山田 花子",
            "山田商店",
        );
        assert!(ok.check().is_empty());
    }

    #[test]
    fn each_field_gets_the_servers_reason_for_refusing_it() {
        let errors = draft("hanako@", "short", " ", "").check();
        assert_eq!(
            errors.field("email"),
            Some(Problem::Msg(Msg::ReasonEmailInvalid))
        );
        assert_eq!(
            errors.field("password"),
            Some(Problem::Msg(Msg::ReasonPasswordTooShort))
        );
        assert_eq!(
            errors.field("name"),
            Some(Problem::Msg(Msg::ReasonRequired))
        );
        assert_eq!(
            errors.field("companyName"),
            Some(Problem::Msg(Msg::ReasonRequired))
        );
        assert_eq!(errors.first_field(), Some("email"));
    }

    #[test]
    fn a_password_made_of_the_persons_own_details_is_too_common() {
        let errors = draft(
            "yamada.shoten@example.jp",
            "yamada shoten",
            "山田",
            "Yamada Shoten",
        )
        .check();
        assert_eq!(
            errors.field("password"),
            Some(Problem::Msg(Msg::ReasonPasswordTooCommon))
        );
        let long_name = draft("a@b.jp", "umbrella-tofu-42", &"あ".repeat(201), "x").check();
        assert_eq!(
            long_name.field("name"),
            Some(Problem::Msg(Msg::ReasonTooLong))
        );
    }
}
