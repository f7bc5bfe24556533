//! Quotes (見積): the paged list by status, one quote, entering one, changing its lines,
//! dates and note, marking it sent, its PDF, cancelling it, and converting it to an order.

use kura_shared::{QuoteStatus, TaxClass};
use serde::{Deserialize, Serialize};

use super::PAGE_SIZE;
use super::documents::{Order, OrderAddress, OrderCustomer, OrderLineInput, OrderLocation};
use crate::api::wire::{Amount, Connection, IdInputVars, IdVars, InputVars, Page, PrintedDocument};
use crate::api::{ApiError, query};

macro_rules! quote_fields {
    () => {
        "id number status expiresOn requestedDate pricesIncludeTax note cancelReason sentAt acceptedAt cancelledAt createdAt updatedAt \
         subtotal { amount currencyCode } tax { amount currencyCode } total { amount currencyCode } \
         shipTo { name postalCode prefecture city line1 line2 phone } \
         location { id code name } customer { id name } \
         lines { lineNumber sku name quantity taxClass unitPrice { amount currencyCode } amount { amount currencyCode } variant { id title } }"
    };
}

// One quote on its own page: with the order it became (one more lookup per quote, so the
// list leaves it out).
macro_rules! quote_detail_fields {
    () => {
        concat!(quote_fields!(), " order { id number } customer { email }")
    };
}

/// The order a quote became (the same shape as the quote an order came from).
pub type QuoteOrder = super::documents::DocumentRef;

/// The variant of a quote line.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct QuoteVariant {
    /// Global id.
    pub id: String,
    /// `M / Navy`, or empty.
    pub title: String,
}

/// One line of a quote.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuoteLine {
    /// Position, from 1.
    pub line_number: i64,
    /// SKU when quoted.
    pub sku: String,
    /// Product name when quoted.
    pub name: String,
    /// Units.
    pub quantity: i64,
    /// 10% or 8%.
    pub tax_class: TaxClass,
    /// Price of one unit.
    pub unit_price: Amount,
    /// `unit price × quantity`.
    pub amount: Amount,
    /// The variant.
    pub variant: QuoteVariant,
}

/// A quote.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Quote {
    /// Global id.
    pub id: String,
    /// `Q-2026-000123`.
    pub number: String,
    /// Where it is in its life (`EXPIRED` once its date has passed).
    pub status: QuoteStatus,
    /// Valid until, `YYYY-MM-DD`.
    pub expires_on: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub requested_date: Option<String>,
    /// Whether line amounts include tax.
    pub prices_include_tax: bool,
    /// Free text.
    pub note: String,
    /// Why it was cancelled.
    #[serde(default)]
    pub cancel_reason: Option<String>,
    /// RFC 3339.
    #[serde(default)]
    pub sent_at: Option<String>,
    /// RFC 3339.
    #[serde(default)]
    pub accepted_at: Option<String>,
    /// RFC 3339.
    #[serde(default)]
    pub cancelled_at: Option<String>,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub updated_at: String,
    /// Before tax.
    pub subtotal: Amount,
    /// Consumption tax.
    pub tax: Amount,
    /// What the customer would pay.
    pub total: Amount,
    /// Where it would go.
    #[serde(default)]
    pub ship_to: Option<OrderAddress>,
    /// Where the order would be fulfilled from.
    pub location: OrderLocation,
    /// Who it is for.
    #[serde(default)]
    pub customer: Option<OrderCustomer>,
    /// The order it became.
    #[serde(default)]
    pub order: Option<QuoteOrder>,
    /// The lines.
    pub lines: Vec<QuoteLine>,
}

impl Quote {
    /// Whether its lines, dates and note may still change (and it may be cancelled).
    pub fn is_open(&self) -> bool {
        self.status.is_open()
    }

    /// Whether marking it sent would record a new sending: a draft, or a sent quote edited
    /// since (the server treats sending an unchanged sent quote as the same sending).
    pub fn can_send(&self) -> bool {
        match self.status {
            QuoteStatus::Draft => true,
            QuoteStatus::Sent => self.sent_at.as_deref() != Some(self.updated_at.as_str()),
            _ => false,
        }
    }
}

/// The newest quotes in `status` (all when `None`) after `after`.
pub async fn quotes(
    status: Option<QuoteStatus>,
    after: Option<String>,
) -> Result<Page<Quote>, ApiError> {
    #[derive(Serialize)]
    struct Vars {
        first: u32,
        after: Option<String>,
        status: Option<Vec<QuoteStatus>>,
    }
    #[derive(Deserialize)]
    struct Data {
        quotes: Connection<Quote>,
    }
    query::<_, Data>(
        concat!(
            "query Quotes($first: Int, $after: String, $status: [QuoteStatus!]) { quotes(first: $first, after: $after, status: $status) { nodes { ",
            quote_fields!(),
            " } pageInfo { hasNextPage endCursor } } }"
        ),
        Vars {
            first: PAGE_SIZE,
            after,
            status: status.map(|s| vec![s]),
        },
    )
    .await
    .map(|d| d.quotes.into_page())
}

/// One quote.
pub async fn quote(id: String) -> Result<Quote, ApiError> {
    #[derive(Deserialize)]
    struct Data {
        quote: Quote,
    }
    query::<_, Data>(
        concat!(
            "query Quote($id: ID!) { quote(id: $id) { ",
            quote_detail_fields!(),
            " } }"
        ),
        IdVars { id: &id },
    )
    .await
    .map(|d| d.quote)
}

/// `CreateQuoteInput`, as the quote entry sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateQuoteInput {
    /// Who it is for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    /// Where the order would be fulfilled from.
    pub location_id: String,
    /// What is offered.
    pub lines: Vec<OrderLineInput>,
    /// Valid until, `YYYY-MM-DD`; 30 days from today when left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_on: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requested_date: Option<String>,
    /// Where it would go.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ship_to: Option<OrderAddress>,
    /// Free text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Made once per form, so a second click returns the first quote.
    pub idempotency_key: String,
}

/// Enters a draft quote.
pub async fn create_quote(input: CreateQuoteInput) -> Result<Quote, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        create_quote: Quote,
    }
    query::<_, Data>(
        concat!(
            "mutation CreateQuote($input: CreateQuoteInput!) { createQuote(input: $input) { ",
            quote_detail_fields!(),
            " } }"
        ),
        InputVars { input },
    )
    .await
    .map(|d| d.create_quote)
}

/// `UpdateQuoteInput`: what the quote page changes; a field left out stays.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateQuoteInput {
    /// New lines, replacing all of them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lines: Option<Vec<OrderLineInput>>,
    /// A new valid-until date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_on: Option<String>,
    /// A new note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Changes an open quote.
pub async fn update_quote(id: String, input: UpdateQuoteInput) -> Result<Quote, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        update_quote: Quote,
    }
    query::<_, Data>(
        concat!(
            "mutation UpdateQuote($id: ID!, $input: UpdateQuoteInput!) { updateQuote(id: $id, input: $input) { ",
            quote_detail_fields!(),
            " } }"
        ),
        IdInputVars { id: &id, input },
    )
    .await
    .map(|d| d.update_quote)
}

/// Marks a quote sent.
pub async fn send_quote(id: String) -> Result<Quote, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        send_quote: Quote,
    }
    query::<_, Data>(
        concat!(
            "mutation SendQuote($id: ID!) { sendQuote(id: $id) { ",
            quote_detail_fields!(),
            " } }"
        ),
        IdVars { id: &id },
    )
    .await
    .map(|d| d.send_quote)
}

/// Emails a quote as a PDF (to the customer's address when `to` is not given) and marks it
/// sent.
pub async fn email_quote(
    id: String,
    to: Option<String>,
    message: Option<String>,
) -> Result<Quote, ApiError> {
    #[derive(Serialize)]
    struct Input {
        id: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        to: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        message: Option<String>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        email_quote: Quote,
    }
    query::<_, Data>(
        concat!(
            "mutation EmailQuote($input: EmailQuoteInput!) { emailQuote(input: $input) { ",
            quote_detail_fields!(),
            " } }"
        ),
        InputVars {
            input: Input { id, to, message },
        },
    )
    .await
    .map(|d| d.email_quote)
}

/// Cancels an open quote.
pub async fn cancel_quote(id: String) -> Result<Quote, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        cancel_quote: Quote,
    }
    query::<_, Data>(
        concat!(
            "mutation CancelQuote($id: ID!) { cancelQuote(id: $id) { ",
            quote_detail_fields!(),
            " } }"
        ),
        IdVars { id: &id },
    )
    .await
    .map(|d| d.cancel_quote)
}

/// Converts a quote to an order (a repeat with the same key returns the same order).
pub async fn convert_quote(id: String, key: String) -> Result<Order, ApiError> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Vars {
        id: String,
        idempotency_key: String,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        convert_quote: Order,
    }
    query::<_, Data>(
        concat!(
            "mutation ConvertQuote($id: ID!, $idempotencyKey: String) { convertQuote(id: $id, idempotencyKey: $idempotencyKey) { ",
            order_fields!(),
            " } }"
        ),
        Vars {
            id,
            idempotency_key: key,
        },
    )
    .await
    .map(|d| d.convert_quote)
}

/// The quote as a PDF (御見積書).
pub async fn quote_pdf(id: String) -> Result<PrintedDocument, ApiError> {
    #[derive(Deserialize)]
    struct Pdf {
        pdf: PrintedDocument,
    }
    #[derive(Deserialize)]
    struct Data {
        quote: Pdf,
    }
    query::<_, Data>(
        "query QuotePdf($id: ID!) { quote(id: $id) { pdf { fileName contentType base64 } } }",
        IdVars { id: &id },
    )
    .await
    .map(|d| d.quote.pdf)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn an_edit_sends_only_what_changed() {
        let input = UpdateQuoteInput {
            expires_on: Some("2027-01-31".into()),
            ..UpdateQuoteInput::default()
        };
        assert_eq!(
            serde_json::to_value(input).expect("serialises"),
            json!({ "expiresOn": "2027-01-31" })
        );
    }

    #[test]
    fn an_expired_quote_decodes_and_stays_open() {
        let quote: Quote = serde_json::from_value(json!({
            "id": "q1", "number": "Q-2026-000001", "status": "EXPIRED", "expiresOn": "2026-12-01",
            "pricesIncludeTax": false, "note": "", "createdAt": "2026-11-01T00:00:00Z",
            "updatedAt": "2026-11-01T00:00:00Z",
            "subtotal": { "amount": "1000", "currencyCode": "JPY" },
            "tax": { "amount": "100", "currencyCode": "JPY" },
            "total": { "amount": "1100", "currencyCode": "JPY" },
            "location": { "id": "l1", "code": "SHIBUYA", "name": "Shibuya" },
            "customer": null, "order": null, "lines": []
        }))
        .expect("decodes");
        assert_eq!(quote.status, QuoteStatus::Expired);
        assert!(quote.is_open());
        assert!(!quote.can_send(), "an expired quote needs a new date first");
    }
}
