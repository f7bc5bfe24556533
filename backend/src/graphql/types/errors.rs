//! The one place where errors get their public `extensions.code`.
//!
//! Resolvers raise typed errors that already carry a code. Everything else async-graphql
//! produces (syntax and validation errors, limits) is classified here, and anything still
//! unclassified is an internal failure: logged in full, shown as `INTERNAL` with no details.

use async_graphql::{Context, ErrorExtensionValues, Response, ServerError, Value};
use kura_shared::{ErrorCode, Role};

use crate::{
    auth::{Principal, UserPrincipal},
    services::ServiceError,
};

/// An error a resolver returns, with its public code. Converted into a GraphQL error only
/// here, so every resolver error carries `extensions.code` (and `field` when one input is
/// at fault). Deliberately not `Display`: the conversion must go through this type.
#[derive(Debug)]
pub struct ApiError {
    code: ErrorCode,
    message: String,
    field: Option<String>,
    reason: Option<&'static str>,
    retry_after_seconds: Option<u64>,
}

impl ApiError {
    /// Bad input in one field; `reason` is a stable sub-code such as `email.invalid`.
    pub fn validation(field: &str, reason: &'static str, message: &str) -> Self {
        Self {
            code: ErrorCode::Validation,
            message: message.into(),
            field: Some(field.into()),
            reason: Some(reason),
            retry_after_seconds: None,
        }
    }

    /// Known caller, not allowed.
    pub fn forbidden(message: &str) -> Self {
        Self {
            code: ErrorCode::Forbidden,
            message: message.into(),
            field: None,
            reason: None,
            retry_after_seconds: None,
        }
    }

    /// True for `NOT_FOUND`.
    pub fn is_not_found(&self) -> bool {
        self.code == ErrorCode::NotFound
    }

    /// No or bad credentials.
    pub fn unauthenticated(message: &str) -> Self {
        Self {
            code: ErrorCode::Unauthenticated,
            message: message.into(),
            field: None,
            reason: None,
            retry_after_seconds: None,
        }
    }
}

impl From<ServiceError> for ApiError {
    fn from(error: ServiceError) -> Self {
        let code = error.code();
        match error {
            ServiceError::Validation(v) => Self {
                code,
                message: v.message,
                field: v.field,
                reason: Some(v.code),
                retry_after_seconds: None,
            },
            ServiceError::RateLimited {
                retry_after_seconds,
            } => Self {
                code,
                message: error.to_string(),
                field: None,
                reason: None,
                retry_after_seconds: Some(retry_after_seconds),
            },
            ServiceError::Unauthenticated(message) => Self::unauthenticated(message),
            ServiceError::Forbidden(message) => Self::forbidden(message),
            ServiceError::NotFound(_) => Self {
                code,
                message: error.to_string(),
                field: None,
                reason: None,
                retry_after_seconds: None,
            },
            ServiceError::Conflict { message, field } => Self {
                code,
                message,
                field: field.map(str::to_owned),
                reason: None,
                retry_after_seconds: None,
            },
            ServiceError::InsufficientStock { message, .. } => Self {
                code,
                message,
                field: None,
                reason: None,
                retry_after_seconds: None,
            },
            ServiceError::Internal(detail) => {
                tracing::error!(%detail, "internal error in a service");
                Self {
                    code,
                    message: "Internal error".into(),
                    field: None,
                    reason: None,
                    retry_after_seconds: None,
                }
            }
        }
    }
}

impl From<ApiError> for async_graphql::Error {
    fn from(e: ApiError) -> Self {
        let mut error = async_graphql::Error::new(e.message);
        let extensions = error
            .extensions
            .get_or_insert_with(ErrorExtensionValues::default);
        extensions.set("code", e.code.as_str());
        if let Some(field) = e.field {
            extensions.set("field", field);
        }
        if let Some(reason) = e.reason {
            extensions.set("reason", reason);
        }
        if let Some(seconds) = e.retry_after_seconds {
            extensions.set("retryAfterSeconds", seconds);
        }
        error
    }
}

/// The caller, or `UNAUTHENTICATED` for no or bad credentials.
pub fn require_principal<'a>(ctx: &Context<'a>) -> Result<&'a Principal, ApiError> {
    match ctx.data_opt::<Principal>() {
        Some(Principal::Invalid) => Err(ApiError::unauthenticated(
            "The credentials are invalid, expired or revoked",
        )),
        Some(principal @ (Principal::User(_) | Principal::ApiKey(_))) => Ok(principal),
        _ => Err(ApiError::unauthenticated("Sign in first")),
    }
}

/// A signed-in person (not an API key), or `UNAUTHENTICATED` / `FORBIDDEN`.
pub fn require_user<'a>(ctx: &Context<'a>) -> Result<&'a UserPrincipal, ApiError> {
    match require_principal(ctx)? {
        Principal::User(user) => Ok(user),
        _ => Err(ApiError::forbidden(
            "Only a signed-in person can do this, not an API key",
        )),
    }
}

/// A signed-in person with at least `role`, or `FORBIDDEN`.
pub fn require_role<'a>(ctx: &Context<'a>, role: Role) -> Result<&'a UserPrincipal, ApiError> {
    let user = require_user(ctx)?;
    if !user.role.at_least(role) {
        return Err(ApiError::forbidden(&format!(
            "This needs the {} role or higher",
            role.as_str()
        )));
    }
    Ok(user)
}

/// True when the request failed before execution (syntax, validation, limits): the
/// GraphQL-over-HTTP spec then wants no `data` and, for `application/graphql-response+json`,
/// a 4xx status.
pub fn is_request_error(response: &Response) -> bool {
    response.data == Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty())
}

/// Gives every error in the response a stable `extensions.code`.
pub fn finalize_response(response: &mut Response) {
    let request_error = is_request_error(response);
    for error in &mut response.errors {
        classify(error, request_error);
    }
}

/// Attaching the public error extensions to an error built outside a resolver.
pub trait CodedError: Sized {
    /// Sets `extensions.code`.
    fn extend_with_code(self, code: ErrorCode) -> Self;
    /// Sets `extensions.retryAfterSeconds` (with `RATE_LIMITED`).
    fn with_retry_after(self, seconds: u64) -> Self;
}

impl CodedError for ServerError {
    fn extend_with_code(mut self, code: ErrorCode) -> Self {
        self.extensions
            .get_or_insert_with(ErrorExtensionValues::default)
            .set("code", code.as_str());
        self
    }

    fn with_retry_after(mut self, seconds: u64) -> Self {
        self.extensions
            .get_or_insert_with(ErrorExtensionValues::default)
            .set("retryAfterSeconds", seconds);
        self
    }
}

fn classify(error: &mut ServerError, request_error: bool) {
    if has_code(error) {
        return;
    }
    let code = if is_limit(&error.message) {
        ErrorCode::QueryTooComplex
    } else if request_error || is_input_coercion(&error.message) {
        ErrorCode::Validation
    } else {
        tracing::error!(message = %error.message, path = ?error.path, "unclassified GraphQL error");
        error.message = "Internal error".into();
        ErrorCode::Internal
    };
    let coded = std::mem::replace(error, ServerError::new("", None)).extend_with_code(code);
    *error = coded;
}

fn has_code(error: &ServerError) -> bool {
    error
        .extensions
        .as_ref()
        .is_some_and(|ext| ext.get("code").is_some())
}

/// async-graphql's own errors for argument values it could not coerce at execution time:
/// the client's input is at fault, not the server.
fn is_input_coercion(message: &str) -> bool {
    message.starts_with("Failed to parse")
        || message.starts_with("Invalid value for argument")
        || (message.starts_with("Expected input type")
            && message.contains("occurred while parsing"))
}

fn is_limit(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    m.contains("too complex") || m.contains("nested too deep") || m.contains("recursion depth")
}
