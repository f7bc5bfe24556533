//! Domain logic, one folder per business area (`accounts`, `catalog`, `stock`, `channels`,
//! `sales`; the same names as in `graphql`), with the cross-cutting pieces every area may
//! use beside them (`access`, `idempotency`, `lookup`, `text`, [`ServiceError`],
//! [`trim_page`]).
//! Services take validated input, run each command in one database transaction and know
//! nothing of HTTP or GraphQL.

pub mod access;
pub mod accounts;
pub mod catalog;
pub mod channels;
pub mod idempotency;
pub mod invoices;
pub mod lookup;
pub mod orders;
pub mod sales;
pub mod stock;
pub mod text;

use kura_shared::{ErrorCode, ValidationError};

/// Cuts a page fetched with `LIMIT limit + 1` back to `limit` rows; true when more follow.
pub fn trim_page<T>(rows: &mut Vec<T>, limit: u64) -> bool {
    let more = rows.len() as u64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    more
}

/// What can go wrong in a service, in terms the API maps to public error codes.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The input breaks a rule; `field` names the input at fault.
    #[error("{0}")]
    Validation(ValidationError),
    /// Missing, wrong or revoked credentials. The message never says which.
    #[error("{0}")]
    Unauthenticated(&'static str),
    /// The request conflicts with existing data (e.g. an email already registered).
    #[error("{message}")]
    Conflict {
        /// Human-readable explanation.
        message: String,
        /// The input at fault, if one.
        field: Option<&'static str>,
    },
    /// The caller is known but may not do this.
    #[error("{0}")]
    Forbidden(&'static str),
    /// No such object for this caller (another tenant's or user's objects included).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// Too many attempts; try again after the given number of seconds.
    #[error("Too many attempts; try again in {retry_after_seconds} seconds")]
    RateLimited {
        /// Seconds until the next attempt may succeed.
        retry_after_seconds: u64,
    },
    /// Taking the stock would leave too little on hand or available.
    #[error("{message}")]
    InsufficientStock {
        /// Human-readable explanation.
        message: String,
        /// The variant short of stock.
        variant_id: uuid::Uuid,
        /// Where.
        location_id: uuid::Uuid,
    },
    /// Anything else: logged in full, shown as `INTERNAL`.
    #[error("internal error: {0}")]
    Internal(#[source] InternalCause),
}

/// What went wrong inside an internal error: the error that caused it (kept whole, so the
/// log sees its chain) or a message naming a broken invariant.
pub type InternalCause = Box<dyn std::error::Error + Send + Sync>;

impl ServiceError {
    /// An internal error caused by `cause`.
    pub fn internal(cause: impl Into<InternalCause>) -> Self {
        ServiceError::Internal(cause.into())
    }

    /// The public error code.
    pub fn code(&self) -> ErrorCode {
        match self {
            ServiceError::Validation(_) => ErrorCode::Validation,
            ServiceError::Unauthenticated(_) => ErrorCode::Unauthenticated,
            ServiceError::Conflict { .. } => ErrorCode::Conflict,
            ServiceError::NotFound(_) => ErrorCode::NotFound,
            ServiceError::Forbidden(_) => ErrorCode::Forbidden,
            ServiceError::RateLimited { .. } => ErrorCode::RateLimited,
            ServiceError::InsufficientStock { .. } => ErrorCode::InsufficientStock,
            ServiceError::Internal(_) => ErrorCode::Internal,
        }
    }
}

impl From<sea_orm::DbErr> for ServiceError {
    fn from(e: sea_orm::DbErr) -> Self {
        ServiceError::internal(e)
    }
}

impl From<ValidationError> for ServiceError {
    fn from(e: ValidationError) -> Self {
        ServiceError::Validation(e)
    }
}

impl From<crate::auth::passwords::HashError> for ServiceError {
    fn from(e: crate::auth::passwords::HashError) -> Self {
        use crate::auth::passwords::{BUSY_RETRY_AFTER_SECONDS, HashError};
        match e {
            HashError::Busy => ServiceError::RateLimited {
                retry_after_seconds: BUSY_RETRY_AFTER_SECONDS,
            },
            HashError::Failed(detail) => ServiceError::internal(detail),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::error::Error;

    use super::*;

    #[test]
    fn an_internal_error_keeps_its_cause_as_its_source_and_in_its_message() {
        let err = ServiceError::from(sea_orm::DbErr::Custom("disk full".into()));
        assert_eq!(err.code(), ErrorCode::Internal);
        assert!(err.to_string().contains("disk full"));
        let source = err.source().unwrap();
        assert!(source.downcast_ref::<sea_orm::DbErr>().is_some());
    }
}
