//! `/invite/:token`: accepting an invitation. The link says who invited whom to which company;
//! a new person picks a name and password, someone with an account confirms with their
//! password. Either way they land signed in to that company's dashboard.

use kura_shared::{ErrorCode, check_new_password};
use leptos::html::Input;
use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::ApiError;
use crate::api::accounts::team::{InvitationPreview, invitation_preview};
use crate::api::session::{AcceptInvitationInput, use_session};
use crate::components::{
    AuthLayout, ErrorNotice, FormError, FormErrors, FormState, Icon, IconKind, PasswordFeedback,
    Problem, Skeleton, SubmitButton, TextField, focus_first_invalid,
};
use crate::i18n::{Lang, Msg, format_date, reason_message, role_label, tr, use_i18n};
use crate::redirect::{HOME_PATH, LOGIN_PATH};

/// The server's limit for names (`text.too_long`).
const MAX_NAME_CHARS: usize = 200;

/// The invitation named by the link, then the form to accept it.
#[component]
pub fn AcceptInvitePage() -> impl IntoView {
    let params = use_params_map();
    let token = Memo::new(move |_| params.read().get("token").unwrap_or_default());
    let preview = LocalResource::new(move || invitation_preview(token.get()));
    move || match preview.get() {
        None => view! {
            <AuthLayout title=Msg::AcceptTitle subtitle=Msg::AcceptSubtitle>
                <Skeleton lines=5 />
            </AuthLayout>
        }
        .into_any(),
        Some(Err(error)) => view! {
            <AuthLayout title=Msg::AcceptTitle subtitle=Msg::AcceptSubtitle>
                <ErrorNotice error=error on_retry=move |()| preview.refetch() />
            </AuthLayout>
        }
        .into_any(),
        Some(Ok(None)) => view! { <InvalidInvitation /> }.into_any(),
        Some(Ok(Some(invitation))) => view! {
            <AuthLayout title=Msg::AcceptTitle subtitle=Msg::AcceptSubtitle>
                <AcceptForm token=token.get_untracked() invitation=invitation />
            </AuthLayout>
        }
        .into_any(),
    }
}

/// An unknown, expired or already used link.
#[component]
fn InvalidInvitation() -> impl IntoView {
    view! {
        <AuthLayout title=Msg::InviteInvalidTitle subtitle=Msg::InviteInvalidBody>
            <div class="invite-invalid" data-testid="invite-invalid">
                <A href=LOGIN_PATH attr:class="button button-primary button-block">
                    <span>{tr(Msg::GoToLogIn)}</span>
                    <Icon kind=IconKind::ArrowRight />
                </A>
            </div>
        </AuthLayout>
    }
}

/// "Hanako invited you to join Yamada Shoten as Staff", in `lang`.
fn invitation_sentence(invitation: &InvitationPreview, lang: Lang) -> String {
    let role = role_label(invitation.role).text(lang);
    let (inviter, company) = (&invitation.inviter_name, &invitation.company_name);
    match lang {
        Lang::Ja => format!("{inviter} さんから「{company}」に{role}として招待されています。"),
        Lang::En => format!("{inviter} invited you to join {company} as {role}."),
    }
}

/// What the form knows before asking the server.
fn check(invitation: &InvitationPreview, name: &str, password: &str) -> FormErrors {
    let mut errors = FormErrors::default();
    if invitation.account_exists {
        if password.is_empty() {
            errors.add("password", Problem::Msg(Msg::PasswordRequired));
        }
        return errors;
    }
    let length = name.trim().chars().count();
    if length == 0 {
        errors.add("name", Problem::Msg(Msg::ReasonRequired));
    } else if length > MAX_NAME_CHARS {
        errors.add("name", Problem::Msg(Msg::ReasonTooLong));
    }
    let personal = [
        invitation.email.as_str(),
        name,
        invitation.company_name.as_str(),
    ];
    if let Err(e) = check_new_password(password, &personal) {
        let msg = reason_message(e.code()).unwrap_or(Msg::ReasonPasswordTooCommon);
        errors.add("password", Problem::Msg(msg));
    }
    errors
}

/// The server's refusal, in this form's words.
fn accept_errors(error: &ApiError) -> FormErrors {
    if error.code() == Some(ErrorCode::NotFound) {
        // Expired or used while the form was open.
        let mut errors = FormErrors::default();
        errors.set_form(Some(Problem::Msg(Msg::InviteInvalidBody)));
        return errors;
    }
    FormErrors::from_api(error, &["name", "password"], Msg::WrongPassword)
}

#[component]
fn AcceptForm(token: String, invitation: InvitationPreview) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let navigate = use_navigate();
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let form = FormState::default();
    let refs = [
        ("name", NodeRef::<Input>::new()),
        ("password", NodeRef::<Input>::new()),
    ];
    let existing = invitation.account_exists;
    let sentence = {
        let invitation = invitation.clone();
        move || invitation_sentence(&invitation, i18n.lang())
    };
    let expires = invitation.expires_at.clone();
    let personal = {
        let (email, company) = (invitation.email.clone(), invitation.company_name.clone());
        Signal::derive(move || vec![email.clone(), name.get(), company.clone()])
    };
    let checked = invitation.clone();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (name_value, password_value) = (name.get_untracked(), password.get_untracked());
        if !form.begin(
            || check(&checked, &name_value, &password_value),
            |e| focus_first_invalid(e, &refs),
        ) {
            return;
        }
        let input = AcceptInvitationInput {
            token: token.clone(),
            name: (!existing).then(|| name_value.trim().to_owned()),
            password: password_value,
        };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = session.accept_invitation(input).await;
            if form
                .settle(result, accept_errors, |e| focus_first_invalid(e, &refs))
                .is_some()
            {
                navigate(
                    HOME_PATH,
                    NavigateOptions {
                        replace: true,
                        ..NavigateOptions::default()
                    },
                );
            }
        });
    };
    let name_field = (!existing).then(|| {
        view! {
            <TextField
                name="name"
                label=Msg::FieldName
                autocomplete="name"
                testid="accept-name"
                placeholder=Msg::PlaceholderName
                value=name
                node_ref=refs[0].1
                error=form.field("name")
            />
        }
    });
    let password_field = if existing {
        view! {
            <TextField
                name="password"
                label=Msg::FieldPassword
                kind="password"
                autocomplete="current-password"
                testid="accept-password"
                hint=Msg::AcceptExistingHint
                value=password
                node_ref=refs[1].1
                error=form.field("password")
            />
        }
        .into_any()
    } else {
        view! {
            <TextField
                name="password"
                label=Msg::FieldPassword
                kind="password"
                autocomplete="new-password"
                testid="accept-password"
                value=password
                node_ref=refs[1].1
                error=form.field("password")
            >
                <PasswordFeedback password=password personal=personal />
            </TextField>
        }
        .into_any()
    };
    view! {
        <div class="invite-summary" data-testid="invite-summary">
            <span class="invite-summary-icon">
                <Icon kind=IconKind::Mail />
            </span>
            <div>
                <p class="invite-sentence">{sentence}</p>
                <p class="muted small">
                    <span class="mono">{invitation.email.clone()}</span>
                    " · "
                    {tr(Msg::InviteExpiresOn)}
                    " "
                    {move || format_date(&expires, i18n.lang()).unwrap_or_else(|| expires.clone())}
                </p>
            </div>
        </div>
        <form class="auth-form" data-testid="accept-form" novalidate on:submit=on_submit>
            <FormError error=form.form() />
            {name_field}
            {password_field}
            <SubmitButton
                label=if existing { Msg::AcceptJoin } else { Msg::AcceptCreate }
                busy_label=Msg::Accepting
                testid="accept-submit"
                busy=form.busy
            />
        </form>
    }
}

#[cfg(test)]
mod tests {
    use kura_shared::Role;

    use super::*;

    fn preview(account_exists: bool) -> InvitationPreview {
        InvitationPreview {
            company_name: "山田商店".to_owned(),
            email: "taro@example.jp".to_owned(),
            role: Role::Staff,
            inviter_name: "山田 花子".to_owned(),
            expires_at: "2026-01-08T00:00:00Z".to_owned(),
            account_exists,
        }
    }

    #[test]
    fn the_invitation_reads_as_a_sentence_in_both_languages() {
        assert_eq!(
            invitation_sentence(&preview(false), Lang::En),
            "山田 花子 invited you to join 山田商店 as Staff."
        );
        assert_eq!(
            invitation_sentence(&preview(false), Lang::Ja),
            "山田 花子 さんから「山田商店」にスタッフとして招待されています。"
        );
    }

    #[test]
    fn a_new_account_needs_a_name_and_a_good_password_an_existing_one_any_password() {
        let errors = check(&preview(false), " ", "short");
        assert_eq!(
            errors.field("name"),
            Some(Problem::Msg(Msg::ReasonRequired))
        );
        assert_eq!(
            errors.field("password"),
            Some(Problem::Msg(Msg::ReasonPasswordTooShort))
        );
        assert!(check(&preview(false), "山田 太郎", "umbrella-tofu-42").is_empty());
        assert!(check(&preview(true), "", "short").is_empty());
        assert_eq!(
            check(&preview(true), "", "").field("password"),
            Some(Problem::Msg(Msg::PasswordRequired))
        );
    }

    #[test]
    fn an_expired_link_and_a_wrong_password_are_told_apart() {
        let not_found = ApiError::GraphQl(vec![crate::api::GraphQlError::with_code(
            ErrorCode::NotFound,
            "no such invitation",
        )]);
        assert_eq!(
            accept_errors(&not_found).form(),
            Some(Problem::Msg(Msg::InviteInvalidBody))
        );
        let wrong = ApiError::GraphQl(vec![crate::api::GraphQlError::with_code(
            ErrorCode::Unauthenticated,
            "wrong password",
        )]);
        assert_eq!(
            accept_errors(&wrong).form(),
            Some(Problem::Msg(Msg::WrongPassword))
        );
    }
}
