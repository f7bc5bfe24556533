//! Shapes every area's GraphQL documents share: variables carrying an `id` or an `input`, the
//! Relay connection a list comes back in, amounts of money, the bad rows of an uploaded CSV,
//! and the retry key of a write.

use std::future::Future;

use kura_shared::{CurrencyCode, Money};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use super::ApiError;

/// The largest page the API serves; lists the dashboard needs whole are fetched in these.
pub(crate) const FULL_PAGE: u32 = 250;

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

/// `{ id, input }` variables.
#[derive(Serialize)]
pub(crate) struct IdInputVars<'a, T> {
    pub id: &'a str,
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

/// A connection's nodes, for lists the API serves in one page.
#[derive(Deserialize)]
pub(crate) struct Nodes<T> {
    pub nodes: Vec<T>,
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

/// A `Decimal` scalar as text, whether the server sent a string or a number.
fn decimal_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::String(text) => text,
        other => other.to_string(),
    })
}

/// An amount as the API sends it: exact decimal text and its ISO 4217 currency.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Amount {
    /// e.g. `"1980"`.
    #[serde(deserialize_with = "decimal_text")]
    pub amount: String,
    /// e.g. `"JPY"`.
    pub currency_code: String,
}

impl Amount {
    /// The amount as exact [`Money`]; `None` for a currency this build does not know.
    pub fn money(&self) -> Option<Money> {
        let currency = self.currency_code.parse::<CurrencyCode>().ok()?;
        Money::parse_decimal(&self.amount, currency).ok()
    }

    /// For people: `¥1,980`; the raw decimal when the currency is one this build lacks.
    pub fn display(&self) -> String {
        self.money().map_or_else(
            || format!("{} {}", self.amount, self.currency_code),
            |money| money.to_string(),
        )
    }
}

/// A printed document (`PrintedDocument`): its file name and the PDF as base64.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PrintedDocument {
    /// `Q-2026-000123.pdf`.
    pub file_name: String,
    /// `application/pdf`.
    pub content_type: String,
    /// The file.
    pub base64: String,
}

/// One bad row of an uploaded CSV, as the products and the sales imports report it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CsvRowError {
    /// Line in the file (header = 1).
    pub line: i64,
    /// The column or header at fault.
    #[serde(default)]
    pub column: Option<String>,
    /// Stable sub-code.
    pub code: String,
    /// Explanation.
    pub message: String,
}

/// A fresh idempotency key: the browser's `crypto.randomUUID()`, or random digits and the
/// time where that is missing (plain-HTTP origins other than localhost).
pub fn idempotency_key() -> String {
    let global = js_sys::global();
    let uuid = js_sys::Reflect::get(&global, &"crypto".into())
        .ok()
        .and_then(|crypto| {
            let function = js_sys::Reflect::get(&crypto, &"randomUUID".into()).ok()?;
            let function: js_sys::Function = wasm_bindgen::JsCast::dyn_into(function).ok()?;
            function.call0(&crypto).ok()?.as_string()
        });
    uuid.unwrap_or_else(|| {
        format!(
            "{:x}-{:012x}",
            js_sys::Date::now() as u64,
            (js_sys::Math::random() * 281_474_976_710_656.0) as u64
        )
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn amounts_read_strings_and_numbers_and_show_with_their_symbol() {
        let amount: Amount =
            serde_json::from_value(json!({ "amount": "1980", "currencyCode": "JPY" }))
                .expect("decodes");
        assert_eq!(amount.display(), "¥1,980");
        let number: Amount =
            serde_json::from_value(json!({ "amount": 12.5, "currencyCode": "XXX" }))
                .expect("decodes");
        assert_eq!(number.display(), "12.5 XXX");
    }
}
