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

/// The query cost of a connection: its selection once per row the page may hold (`first`,
/// 50 when absent), so a hundred aliased `sales(first: 250)` cost what they would load and
/// are refused as `QUERY_TOO_COMPLEX` before anything runs. A `first` out of range is
/// priced as the largest page; the resolver refuses it anyway.
pub fn cost(first: Option<i32>, child_complexity: usize) -> usize {
    let rows = first.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
    usize::try_from(rows)
        .unwrap_or(1)
        .saturating_mul(child_complexity)
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

#[cfg(test)]
mod tests {
    use async_graphql::extensions::Analyzer;

    use super::cost;

    /// The string constants of the dashboard's API modules (one folder per business area)
    /// that hold GraphQL operations.
    fn dashboard_operations() -> Vec<(String, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../frontend/src/api");
        let mut found = Vec::new();
        let mut files = Vec::new();
        let mut dirs = vec![root];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{dir:?}: {e}")) {
                let path = entry.map(|e| e.path()).unwrap_or_default();
                if path.is_dir() {
                    dirs.push(path);
                } else {
                    files.push(path);
                }
            }
        }
        for path in files {
            let source = std::fs::read_to_string(&path).unwrap_or_default();
            for (at, _) in source.match_indices(": &str =") {
                let rest = source[at + 8..].trim_start();
                let Some(body) = rest.strip_prefix('"') else {
                    continue;
                };
                let text = unescape(body);
                let head = text.trim_start();
                if head.starts_with("query") || head.starts_with('{') {
                    found.push((format!("{}", path.display()), text));
                }
            }
        }
        found
    }

    /// A Rust string literal's text up to its closing quote (line continuations joined).
    fn unescape(body: &str) -> String {
        let mut out = String::new();
        let mut chars = body.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => match chars.next() {
                    Some('\n') => while chars.next_if(|c| c.is_whitespace()).is_some() {},
                    Some('n') => out.push('\n'),
                    Some(other) => out.push(other),
                    None => break,
                },
                c => out.push(c),
            }
        }
        out
    }

    async fn complexity(query: &str) -> usize {
        let schema = crate::graphql::builder(usize::MAX, usize::MAX)
            .extension(Analyzer)
            .finish();
        // A name the document does not have: validation (which prices the query) runs,
        // and execution, which would need the server's state, does not.
        let request = async_graphql::Request::new(query).operation_name("costOnly");
        let response = schema.execute(request).await;
        let analyzer = response
            .extensions
            .get("analyzer")
            .unwrap_or_else(|| panic!("not analysed: {query}: {:?}", response.errors));
        let json = serde_json::to_value(analyzer).unwrap_or_default();
        usize::try_from(json["complexity"].as_u64().unwrap_or(u64::MAX)).unwrap_or(usize::MAX)
    }

    #[tokio::test]
    async fn every_dashboard_query_fits_under_the_default_complexity() {
        let operations = dashboard_operations();
        assert!(
            operations.len() > 10,
            "the dashboard's queries were not found"
        );
        for (file, query) in operations {
            let cost = complexity(&query).await;
            assert!(
                cost <= crate::config::DEFAULT_GRAPHQL_MAX_COMPLEXITY,
                "{file}: {cost}: {query}"
            );
        }
    }

    #[tokio::test]
    async fn a_page_costs_its_selection_once_per_row() {
        assert_eq!(cost(Some(250), 4), 1000);
        assert_eq!(cost(None, 4), 200);
        assert_eq!(cost(Some(0), 4), 4);
        assert_eq!(cost(Some(i32::MAX), 4), 1000);
        let one = complexity("{ sales(first: 250) { edges { node { id } } } }").await;
        let two = complexity(
            "{ a: sales(first: 250) { edges { node { id } } } b: sales(first: 250) { edges { node { id } } } }",
        )
        .await;
        assert_eq!(one, 750);
        assert_eq!(two, 2 * one);
    }
}
