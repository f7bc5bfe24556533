//! Relay connections: page sizes and opaque cursors, the same for every list.

use async_graphql::connection::{Connection, Edge, EmptyFields};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use uuid::Uuid;

use super::errors::ApiError;

/// Default and largest page, per the API conventions.
const DEFAULT_PAGE: i32 = 50;
const MAX_PAGE: i32 = 250;

/// A connection of `T` with string cursors.
pub type Page<T> = Connection<String, T, EmptyFields, EmptyFields>;

/// `first`, checked: 0–250, default 50.
pub fn page_size(first: Option<i32>) -> Result<u64, ApiError> {
    let first = first.unwrap_or(DEFAULT_PAGE);
    if !(0..=MAX_PAGE).contains(&first) {
        return Err(ApiError::validation(
            "first",
            "page.size",
            "first must be between 0 and 250",
        ));
    }
    Ok(u64::try_from(first).unwrap_or(0))
}

/// An opaque cursor for a position key.
pub fn encode(key: &str) -> String {
    URL_SAFE_NO_PAD.encode(key)
}

/// The position key inside a cursor from [`encode`].
pub fn decode(cursor: Option<&str>) -> Result<Option<String>, ApiError> {
    cursor
        .map(|text| {
            URL_SAFE_NO_PAD
                .decode(text.trim())
                .ok()
                .and_then(|raw| String::from_utf8(raw).ok())
                .ok_or_else(not_a_cursor)
        })
        .transpose()
}

/// A cursor holding a row id.
pub fn decode_id(cursor: Option<&str>) -> Result<Option<Uuid>, ApiError> {
    decode(cursor)?
        .map(|key| key.parse().map_err(|_| not_a_cursor()))
        .transpose()
}

fn not_a_cursor() -> ApiError {
    ApiError::validation("after", "cursor.invalid", "Not a cursor from this list")
}

/// Builds a page from `(position key, node)` pairs.
pub fn page<T: async_graphql::OutputType>(
    items: impl IntoIterator<Item = (String, T)>,
    has_previous: bool,
    has_next: bool,
) -> Page<T> {
    let mut connection = Connection::new(has_previous, has_next);
    connection.edges.extend(
        items
            .into_iter()
            .map(|(key, node)| Edge::new(encode(&key), node)),
    );
    connection
}
