//! Shapes every GraphQL document shares: variables carrying an `id` or an `input`, and the
//! Relay connection a list comes back in.

use std::future::Future;

use serde::{Deserialize, Serialize};

use super::ApiError;

/// `{ id }` variables.
#[derive(Serialize)]
pub(crate) struct IdVars<'a> {
    pub id: &'a str,
}

/// `{ input }` variables.
#[derive(Serialize)]
pub(crate) struct InputVars<T> {
    pub input: T,
}

/// `pageInfo` of a connection.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PageInfo {
    has_next_page: bool,
    #[serde(default)]
    end_cursor: Option<String>,
}

impl PageInfo {
    /// The cursor of the next page, `None` on the last.
    pub fn next(self) -> Option<String> {
        self.end_cursor.filter(|_| self.has_next_page)
    }
}

/// A connection's nodes and where it goes on.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Connection<T> {
    pub nodes: Vec<T>,
    pub page_info: PageInfo,
}

impl<T> Connection<T> {
    /// The nodes with the cursor of the page after them.
    pub fn into_page(self) -> Page<T> {
        Page {
            items: self.nodes,
            next: self.page_info.next(),
        }
    }
}

/// One page of a list and the cursor of the next, `None` on the last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The items, in the server's order.
    pub items: Vec<T>,
    /// Cursor for "load more".
    pub next: Option<String>,
}

/// Every item of a list, page after page: `fetch` gets the cursor to continue after.
pub(crate) async fn all_pages<T, F, Fut>(mut fetch: F) -> Result<Vec<T>, ApiError>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<T>, ApiError>>,
{
    let mut all = Vec::new();
    let mut after = None;
    loop {
        let page = fetch(after).await?;
        all.extend(page.items);
        match page.next {
            Some(cursor) => after = Some(cursor),
            None => return Ok(all),
        }
    }
}
