//! The security audit log (`auditLog`), for admins and owners, newest first.

use async_graphql::{
    Context, ID, Object, Result, SimpleObject,
    connection::{Connection, Edge, EmptyFields},
};
use chrono::{DateTime, TimeZone, Utc};

use crate::graphql::{
    accounts::sign_in::User,
    types::{
        errors::{ApiError, require_role},
        ids::{self, Kind},
        paging,
    },
};
use crate::{
    services::accounts::audit::{self, Cursor},
    state::AppState,
};

/// One entry of the audit log.
#[derive(SimpleObject)]
pub struct AuditEvent {
    id: ID,
    occurred_at: DateTime<Utc>,
    action: kura_shared::AuditAction,
    /// The person who acted, if a person.
    actor: Option<User>,
    /// The API key that acted, by prefix, if a key.
    api_key_prefix: Option<String>,
    /// What it concerned, e.g. an email or a key prefix.
    subject: String,
    /// The client's address.
    address: Option<String>,
}

fn encode_cursor(cursor: Cursor) -> String {
    paging::encode(&format!(
        "{}:{}",
        cursor.occurred_at.timestamp_micros(),
        cursor.id
    ))
}

fn decode_cursor(text: &str) -> Option<Cursor> {
    let raw = paging::decode(Some(text)).ok()??;
    let (micros, id) = raw.split_once(':')?;
    Some(Cursor {
        occurred_at: Utc.timestamp_micros(micros.parse().ok()?).single()?,
        id: id.parse().ok()?,
    })
}

#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// Sign-ins, failed sign-ins, role changes, invitations and API keys, newest first.
    #[graphql(complexity = "paging::cost(first, child_complexity)")]
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, AuditEvent, EmptyFields, EmptyFields>> {
        let admin = require_role(ctx, kura_shared::Role::Admin)?;
        let first = paging::page_size(first)?;
        let after = match after {
            Some(text) => Some(decode_cursor(&text).ok_or_else(|| {
                ApiError::validation("after", "cursor.invalid", "Not a cursor from this list")
            })?),
            None => None,
        };
        let state = ctx.data_unchecked::<AppState>();
        let (entries, has_next) = audit::page(&state.db, admin.tenant_id, first, after)
            .await
            .map_err(ApiError::from)?;
        let mut connection = Connection::new(after.is_some(), has_next);
        connection.edges.extend(entries.into_iter().map(|entry| {
            let cursor = encode_cursor(Cursor {
                occurred_at: entry.event.occurred_at,
                id: entry.event.id,
            });
            Edge::new(
                cursor,
                AuditEvent {
                    id: ids::encode(Kind::AuditEvent, entry.event.id),
                    occurred_at: entry.event.occurred_at,
                    action: entry.event.action,
                    actor: entry.actor.map(Into::into),
                    api_key_prefix: entry.event.api_key_prefix,
                    subject: entry.event.subject,
                    address: entry.event.address,
                },
            )
        }));
        Ok(connection)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let cursor = Cursor {
            occurred_at: Utc
                .timestamp_micros(1_790_000_000_123_456)
                .single()
                .unwrap(),
            id: uuid::Uuid::new_v4(),
        };
        assert_eq!(decode_cursor(&encode_cursor(cursor)), Some(cursor));
        assert_eq!(decode_cursor("nope"), None);
    }
}
