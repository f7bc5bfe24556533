//! Retried commands: the first call's result is stored under its key in the same
//! transaction as its effect, and a repeat gets that result back and changes nothing.

use chrono::Utc;
use sea_orm::{ActiveValue::Set, ColumnTrait, DbErr, QueryFilter, SqlErr};

use super::ServiceError;
use crate::store::tenant::{TenantTx, records::idempotency_key};

/// Longest accepted key.
const MAX_KEY: usize = 200;

/// Checks a client's key: 1–200 characters after trimming.
pub fn parse_key(key: Option<&str>) -> Result<Option<String>, ServiceError> {
    match key.map(str::trim) {
        None => Ok(None),
        Some(k) if !k.is_empty() && k.chars().count() <= MAX_KEY => Ok(Some(k.to_owned())),
        Some(_) => Err(kura_shared::ValidationError::new(
            "idempotency_key.length",
            "An idempotency key has 1 to 200 characters",
        )
        .with_field("idempotencyKey")
        .into()),
    }
}

/// The stored result of an earlier call with `key`, if there was one.
pub async fn earlier(
    tx: &TenantTx,
    operation: &str,
    key: &str,
) -> Result<Option<String>, ServiceError> {
    Ok(tx
        .select::<idempotency_key::Model>()
        .filter(idempotency_key::Column::Operation.eq(operation))
        .filter(idempotency_key::Column::Key.eq(key))
        .one(tx.conn())
        .await?
        .map(|row| row.result))
}

/// Stores this call's result under `key`. Fails with [`is_duplicate`] when a concurrent
/// call with the same key committed first: the caller then rolls back and returns that one.
pub async fn remember(
    tx: &TenantTx,
    operation: &str,
    key: &str,
    result: &str,
) -> Result<(), DbErr> {
    tx.insert(idempotency_key::ActiveModel {
        tenant_id: Set(tx.tenant_id()),
        operation: Set(operation.to_owned()),
        key: Set(key.to_owned()),
        result: Set(result.to_owned()),
        created_at: Set(Utc::now()),
    })
    .await?;
    Ok(())
}

/// True when `error` is a unique-key violation (a concurrent duplicate).
pub fn is_duplicate(error: &DbErr) -> bool {
    matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}
