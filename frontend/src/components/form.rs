//! Form fields, their error messages, and turning an API error into messages under the right
//! fields.

use kura_shared::{ErrorCode, PositiveQuantity, Quantity};
use leptos::html::Input;
use leptos::prelude::*;

use super::{Icon, IconKind};
use crate::api::ApiError;
use crate::i18n::{Lang, Msg, error_message, reason_message, tr, use_i18n};

/// Something wrong with a field or a whole form, as shown to people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A catalogue message, shown in the current language.
    Msg(Msg),
    /// The server's own words, for reasons this dashboard has no message for yet.
    Server(String),
}

impl Problem {
    /// The text in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Problem::Msg(msg) => msg.text(lang).to_owned(),
            Problem::Server(message) => message.clone(),
        }
    }
}

/// Errors of one form: at most one per field, plus one for the form as a whole.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormErrors {
    fields: Vec<(&'static str, Problem)>,
    form: Option<Problem>,
}

impl FormErrors {
    /// Records a problem with `field`, unless it already has one (the first is the most
    /// basic: "required" before "too short").
    pub fn add(&mut self, field: &'static str, problem: Problem) {
        if self.field(field).is_none() {
            self.fields.push((field, problem));
        }
    }

    /// Replaces (or with `None`, clears) the problem with `field`, keeping its place.
    pub fn replace(&mut self, field: &'static str, problem: Option<Problem>) {
        match (
            self.fields.iter().position(|(name, _)| *name == field),
            problem,
        ) {
            (Some(i), Some(problem)) => self.fields[i].1 = problem,
            (Some(i), None) => {
                self.fields.remove(i);
            }
            (None, Some(problem)) => self.fields.push((field, problem)),
            (None, None) => {}
        }
    }

    /// The problem with `field`, if any.
    pub fn field(&self, field: &str) -> Option<Problem> {
        self.fields
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, problem)| problem.clone())
    }

    /// The first field with a problem, in the order they were added.
    pub fn first_field(&self) -> Option<&'static str> {
        self.fields.first().map(|(name, _)| *name)
    }

    /// Replaces (or with `None`, clears) the form-level problem.
    pub fn set_form(&mut self, problem: Option<Problem>) {
        self.form = problem;
    }

    /// The form-level problem, if any.
    pub fn form(&self) -> Option<Problem> {
        self.form.clone()
    }

    /// True when nothing is wrong.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.form.is_none()
    }

    /// Sorts a failed submission's errors: those naming one of `fields` go under it (message
    /// from its `reason`, else the server's message); the rest become the form error, with
    /// `UNAUTHENTICATED` shown as `unauthenticated` (the sign-in form's generic wording).
    pub fn from_api(error: &ApiError, fields: &[&'static str], unauthenticated: Msg) -> FormErrors {
        let mut errors = FormErrors::default();
        let ApiError::GraphQl(list) = error else {
            errors.form = Some(Problem::Msg(error_message(error)));
            return errors;
        };
        for e in list {
            let known = |reason: &Option<String>| reason.as_deref().and_then(reason_message);
            let field = e
                .field
                .as_deref()
                .and_then(|f| fields.iter().copied().find(|known| *known == f));
            if let Some(field) = field {
                let problem = match known(&e.reason) {
                    Some(msg) => Problem::Msg(msg),
                    None => Problem::Server(e.message.clone()),
                };
                errors.add(field, problem);
            } else if errors.form.is_none() {
                errors.form = Some(match (known(&e.reason), e.code) {
                    (Some(msg), _) => Problem::Msg(msg),
                    (None, Some(ErrorCode::Unauthenticated)) => Problem::Msg(unauthenticated),
                    (None, Some(ErrorCode::Validation)) if !e.message.is_empty() => {
                        Problem::Server(e.message.clone())
                    }
                    (None, _) => Problem::Msg(error_message(error)),
                });
            }
        }
        errors
    }
}

/// A form's problems and whether it is being sent. `Copy`, so every handler can hold it.
#[derive(Debug, Clone, Copy, Default)]
pub struct FormState {
    /// What is wrong, per field and with the form as a whole.
    pub errors: RwSignal<FormErrors>,
    /// True while a submission is on its way.
    pub busy: RwSignal<bool>,
}

impl FormState {
    /// The problem with `field`, for its input.
    pub fn field(self, field: &'static str) -> Signal<Option<Problem>> {
        let errors = self.errors;
        Signal::derive(move || errors.with(|e| e.field(field)))
    }

    /// The form-level problem, for [`FormError`].
    pub fn form(self) -> Signal<Option<Problem>> {
        let errors = self.errors;
        Signal::derive(move || errors.with(FormErrors::form))
    }

    /// Starts a submission, unless one is already running or `check` finds problems (shown,
    /// after `focus` has been called with them). True when the request should go out.
    pub fn begin(
        self,
        check: impl FnOnce() -> FormErrors,
        focus: impl FnOnce(&FormErrors),
    ) -> bool {
        if self.busy.get_untracked() {
            return false;
        }
        let local = check();
        if !local.is_empty() {
            focus(&local);
            self.errors.set(local);
            return false;
        }
        self.errors.set(FormErrors::default());
        self.busy.set(true);
        true
    }

    /// Ends a submission with its `result`: a failure is shown as `explain` sorts it, after
    /// `focus` has been called with it. The form may be gone by then, hence `try_`.
    pub fn settle<T>(
        self,
        result: Result<T, ApiError>,
        explain: impl FnOnce(&ApiError) -> FormErrors,
        focus: impl FnOnce(&FormErrors),
    ) -> Option<T> {
        self.busy.try_set(false);
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                let found = explain(&error);
                focus(&found);
                self.errors.try_set(found);
                None
            }
        }
    }
}

/// Moves focus to the first field with a problem, so keyboard and screen-reader users land
/// on it.
pub fn focus_first_invalid(errors: &FormErrors, inputs: &[(&str, NodeRef<Input>)]) {
    let Some(field) = errors.first_field() else {
        return;
    };
    if let Some(input) = inputs
        .iter()
        .find(|(name, _)| *name == field)
        .and_then(|(_, node)| node.get_untracked())
    {
        let _ = input.focus();
    }
}

/// A labelled text input with its error (and optional hint) underneath.
///
/// `name` is the API's field name: it is the error's key and its `field-error-<name>` hook.
#[component]
pub fn TextField(
    name: &'static str,
    label: Msg,
    /// `type` of the input.
    #[prop(default = "text")]
    kind: &'static str,
    autocomplete: &'static str,
    testid: &'static str,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<Problem>>,
    #[prop(optional)] placeholder: Option<Msg>,
    #[prop(optional)] hint: Option<Msg>,
    #[prop(optional)] node_ref: NodeRef<Input>,
    /// Extra content under the input, e.g. password rules.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("field-{name}");
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described_by = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let revealed = RwSignal::new(false);
    let input_type = move || {
        if kind == "password" && revealed.get() {
            "text"
        } else {
            kind
        }
    };
    let reveal = (kind == "password").then(|| {
        let label = move || {
            i18n.t(if revealed.get() {
                Msg::HidePassword
            } else {
                Msg::ShowPassword
            })
        };
        view! {
            <button
                class="field-reveal"
                type="button"
                aria-label=label
                title=label
                aria-pressed=move || revealed.get().to_string()
                on:click=move |_| revealed.update(|r| *r = !*r)
            >
                {move || {
                    let kind = if revealed.get() { IconKind::EyeOff } else { IconKind::Eye };
                    view! { <Icon kind=kind /> }
                }}
            </button>
        }
    });
    view! {
        <div class="field" class:field-invalid=move || error.with(Option::is_some)>
            <label class="field-label" for=id.clone()>
                {tr(label)}
            </label>
            <div class="field-control" class:has-reveal=kind == "password">
                <input
                    class="input"
                    id=id
                    name=name
                    type=input_type
                    autocomplete=autocomplete
                    placeholder=move || placeholder.map(|p| i18n.t(p))
                    data-testid=testid
                    aria-invalid=move || error.with(Option::is_some).to_string()
                    aria-describedby=described_by
                    node_ref=node_ref
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
                {reveal}
            </div>
            <FieldError name=name error=error id=error_id />
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id>{tr(hint)}</p> })}
            {children.map(|children| children())}
        </div>
    }
}

/// The problem with the field `name`, when there is one, with its `field-error-<name>` hook.
#[component]
pub fn FieldError(
    name: &'static str,
    #[prop(into)] error: Signal<Option<Problem>>,
    /// `id` of the message, for the input's `aria-describedby`.
    #[prop(optional, into)]
    id: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().map(|problem| {
            view! {
                <p class="field-error" id=id.clone() data-testid=format!("field-error-{name}")>
                    {move || problem.text(i18n.lang())}
                </p>
            }
        })
    }
}

/// The form-level error banner.
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<Problem>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().map(|problem| {
            view! {
                <div class="form-error" role="alert" data-testid="form-error">
                    <Icon kind=IconKind::Alert />
                    <p>{move || problem.text(i18n.lang())}</p>
                </div>
            }
        })
    }
}

/// A full-width primary submit button that shows a spinner and `busy_label` while `busy`.
#[component]
pub fn SubmitButton(
    label: Msg,
    busy_label: Msg,
    testid: &'static str,
    #[prop(into)] busy: Signal<bool>,
) -> impl IntoView {
    view! {
        <button
            class="button button-primary button-block"
            type="submit"
            data-testid=testid
            disabled=move || busy.get()
            aria-busy=move || busy.get().to_string()
        >
            {move || {
                if busy.get() {
                    view! {
                        <span class="spinner" aria-hidden="true"></span>
                        <span>{tr(busy_label)}</span>
                    }
                        .into_any()
                } else {
                    view! { <span>{tr(label)}</span> }.into_any()
                }
            }}
        </button>
    }
}

/// A quantity above zero as typed, or why not.
pub fn parse_positive(text: &str) -> Result<i64, Problem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Problem::Msg(Msg::ReasonRequired));
    }
    text.parse::<PositiveQuantity>()
        .map(PositiveQuantity::get)
        .map_err(|_| Problem::Msg(Msg::OpReasonPositive))
}

/// A quantity of zero or more as typed, or why not.
pub fn parse_non_negative(text: &str) -> Result<i64, Problem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Problem::Msg(Msg::ReasonRequired));
    }
    match text.parse::<Quantity>() {
        Ok(q) if !q.is_negative() => Ok(q.get()),
        _ => Err(Problem::Msg(Msg::OpReasonNonNegative)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::GraphQlError;

    fn field_error(
        code: ErrorCode,
        field: &str,
        reason: Option<&str>,
        message: &str,
    ) -> GraphQlError {
        GraphQlError {
            message: message.to_owned(),
            code: Some(code),
            field: Some(field.to_owned()),
            reason: reason.map(str::to_owned),
        }
    }

    const SIGN_UP_FIELDS: &[&str] = &["email", "password", "name", "companyName"];

    #[test]
    fn known_reasons_go_under_their_field_in_the_current_language() {
        let error = ApiError::GraphQl(vec![field_error(
            ErrorCode::Validation,
            "password",
            Some("password.too_common"),
            "this password is too easy to guess",
        )]);
        let errors = FormErrors::from_api(&error, SIGN_UP_FIELDS, Msg::LoginFailed);
        assert_eq!(
            errors.field("password"),
            Some(Problem::Msg(Msg::ReasonPasswordTooCommon))
        );
        assert_eq!(errors.form(), None);
        assert_eq!(errors.first_field(), Some("password"));
    }

    #[test]
    fn unknown_reasons_fall_back_to_the_servers_message() {
        let error = ApiError::GraphQl(vec![field_error(
            ErrorCode::Validation,
            "companyName",
            Some("text.forbidden_word"),
            "That name can't be used",
        )]);
        let errors = FormErrors::from_api(&error, SIGN_UP_FIELDS, Msg::LoginFailed);
        assert_eq!(
            errors.field("companyName"),
            Some(Problem::Server("That name can't be used".to_owned()))
        );
    }

    #[test]
    fn an_unusable_sign_up_email_is_explained_under_the_email_field() {
        let error = ApiError::GraphQl(vec![field_error(
            ErrorCode::Validation,
            "email",
            Some("email.unavailable"),
            "This email cannot be used to create a new company; if it is yours, sign in instead",
        )]);
        let errors = FormErrors::from_api(&error, SIGN_UP_FIELDS, Msg::LoginFailed);
        assert_eq!(
            errors.field("email"),
            Some(Problem::Msg(Msg::ReasonEmailUnavailable))
        );
    }

    #[test]
    fn wrong_credentials_get_one_generic_form_error() {
        let error = ApiError::GraphQl(vec![GraphQlError::with_code(
            ErrorCode::Unauthenticated,
            "Email or password is incorrect",
        )]);
        let errors = FormErrors::from_api(&error, &["email", "password"], Msg::LoginFailed);
        assert_eq!(errors.form(), Some(Problem::Msg(Msg::LoginFailed)));
        assert_eq!(errors.field("email"), None);
    }

    #[test]
    fn fields_the_form_does_not_show_become_form_errors() {
        let error = ApiError::GraphQl(vec![field_error(
            ErrorCode::Validation,
            "tenantId",
            Some("id.invalid"),
            "Not a company id",
        )]);
        let errors = FormErrors::from_api(&error, &["email", "password"], Msg::LoginFailed);
        assert_eq!(
            errors.form(),
            Some(Problem::Server("Not a company id".to_owned()))
        );
    }

    #[test]
    fn transport_failures_are_form_errors() {
        let errors = FormErrors::from_api(
            &ApiError::Network("offline".to_owned()),
            SIGN_UP_FIELDS,
            Msg::LoginFailed,
        );
        assert_eq!(errors.form(), Some(Problem::Msg(Msg::NetworkErrorBody)));
        let limited = ApiError::GraphQl(vec![GraphQlError::with_code(
            ErrorCode::RateLimited,
            "slow down",
        )]);
        let errors = FormErrors::from_api(&limited, SIGN_UP_FIELDS, Msg::LoginFailed);
        assert_eq!(errors.form(), Some(Problem::Msg(Msg::ErrorRateLimited)));
    }

    #[test]
    fn the_first_problem_per_field_wins() {
        let mut errors = FormErrors::default();
        errors.add("name", Problem::Msg(Msg::ReasonRequired));
        errors.add("name", Problem::Msg(Msg::ReasonTooLong));
        assert_eq!(
            errors.field("name"),
            Some(Problem::Msg(Msg::ReasonRequired))
        );
        assert!(!errors.is_empty());
    }

    #[test]
    fn quantities_follow_the_shared_rules() {
        assert_eq!(parse_positive(" 3 "), Ok(3));
        assert_eq!(
            parse_positive("0"),
            Err(Problem::Msg(Msg::OpReasonPositive))
        );
        assert_eq!(parse_positive(""), Err(Problem::Msg(Msg::ReasonRequired)));
        assert_eq!(parse_non_negative("0"), Ok(0));
        assert_eq!(
            parse_non_negative("-1"),
            Err(Problem::Msg(Msg::OpReasonNonNegative))
        );
    }
}

/// A compact box for a whole number of units (a quantity to return, release or receive),
/// right-aligned, with `label` as its spoken name; empty shows `0`.
#[component]
pub fn UnitsInput(value: RwSignal<String>, label: Msg, testid: &'static str) -> impl IntoView {
    view! {
        <input
            class="input input-compact op-qty"
            aria-label=tr(label)
            type="text"
            inputmode="numeric"
            placeholder="0"
            data-testid=testid
            prop:value=move || value.get()
            on:input=move |ev| value.set(event_target_value(&ev))
        />
    }
}

/// What a refused action says: the server's words for a conflict or a validation problem.
pub fn action_problem(error: &crate::api::ApiError) -> Problem {
    use crate::api::ApiError;
    use kura_shared::ErrorCode;
    match (error.code(), error) {
        (Some(ErrorCode::Validation | ErrorCode::Conflict), ApiError::GraphQl(list)) => list
            .first()
            .map_or(Problem::Msg(crate::i18n::error_message(error)), |e| {
                Problem::Server(e.message.clone())
            }),
        _ => Problem::Msg(crate::i18n::error_message(error)),
    }
}
