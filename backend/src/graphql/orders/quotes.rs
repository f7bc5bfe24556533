//! Quotes (見積): `quotes`, `quote`, `createQuote`, `updateQuote`, `sendQuote`,
//! `cancelQuote` and `convertQuote`, with `Quote.pdf` (御見積書). Read with
//! `orders:read`, written with `orders:write`, like orders.

use std::sync::Arc;

use async_graphql::{
    ComplexObject, Context, ID, InputObject, MaybeUndefined, Object, Result, SimpleObject,
};
use chrono::{DateTime, Utc};
use kura_shared::{QuoteStatus, ShipTo, TaxRate};
use uuid::Uuid;

use super::{
    documents::{Order, OrderAddress, OrderLineInput, load_customer, order_lines},
    printing::{self, PrintedDocument},
};
use crate::graphql::{
    catalog::locations::{Location, location_id},
    catalog::products::ProductVariant,
    request::guard::{Need, authorize},
    sales::customers::{Customer, customer_id},
    stock::inventory::{load_location, load_variant},
    types::{
        date::Date,
        errors::ApiError,
        ids::{self, Kind},
        money::Money,
        paging::{self, Page},
    },
};
use crate::{
    services::{
        ServiceError,
        access::Access,
        orders::{
            self,
            quotes::{self, NewQuote, QuoteChanges, QuoteFilter, QuoteRecord, email::QuoteEmail},
        },
    },
    state::AppState,
};

/// A quote (見積): what a customer is offered, valid until a date, that becomes a sales
/// order in one step.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct Quote {
    /// Its global ID.
    pub id: ID,
    /// `Q-2026-000123`: gapless per company and year.
    number: String,
    /// Where it is in its life; `EXPIRED` once an open quote's date has passed.
    status: QuoteStatus,
    /// Valid until this day (inclusive) in the company's calendar.
    expires_on: Date,
    /// The delivery date the customer asked for.
    requested_date: Option<Date>,
    /// Where it would go.
    ship_to: Option<OrderAddress>,
    /// Whether the line amounts include tax.
    prices_include_tax: bool,
    /// Before tax.
    subtotal: Money,
    /// Consumption tax, rounded once per rate.
    tax: Money,
    /// What the customer would pay.
    total: Money,
    /// The lines.
    lines: Vec<QuoteLine>,
    /// Free text, printed on the quote.
    note: String,
    /// Why it was cancelled.
    cancel_reason: Option<String>,
    /// When it was last marked sent.
    sent_at: Option<DateTime<Utc>>,
    /// When it was converted to an order.
    accepted_at: Option<DateTime<Utc>>,
    /// When it was cancelled.
    cancelled_at: Option<DateTime<Utc>>,
    /// When it was entered.
    created_at: DateTime<Utc>,
    /// The last change.
    updated_at: DateTime<Utc>,
    #[graphql(skip)]
    record: Arc<QuoteRecord>,
    #[graphql(skip)]
    access: Arc<Access>,
}

/// One line of a quote.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct QuoteLine {
    /// Position, from 1.
    line_number: i32,
    /// The SKU when quoted.
    sku: String,
    /// The product name when quoted.
    name: String,
    /// Units.
    quantity: i64,
    /// Price of one unit.
    unit_price: Money,
    /// `unitPrice × quantity`.
    amount: Money,
    /// STANDARD (10%) or REDUCED (8%).
    tax_class: TaxRate,
    #[graphql(skip)]
    variant_id: Uuid,
    #[graphql(skip)]
    access: Arc<Access>,
}

impl Quote {
    /// A quote for the API.
    pub fn new(record: QuoteRecord, access: Arc<Access>) -> Self {
        let currency = record.currency;
        let money = |minor: i64| Money::from_minor(minor, currency);
        Self {
            id: ids::encode(Kind::Quote, record.id),
            number: record.number.clone(),
            status: record.status,
            expires_on: Date(record.expires_on),
            requested_date: record.requested_date.map(Date),
            ship_to: record.ship_to.clone().map(OrderAddress::from),
            prices_include_tax: record.prices_include_tax,
            subtotal: money(record.subtotal),
            tax: money(record.tax),
            total: money(record.total),
            lines: record
                .lines
                .iter()
                .map(|l| QuoteLine {
                    line_number: l.line_number,
                    sku: l.sku.clone(),
                    name: l.name.clone(),
                    quantity: l.quantity,
                    unit_price: money(l.unit_price),
                    amount: money(l.amount),
                    tax_class: l.tax_class,
                    variant_id: l.variant_id,
                    access: access.clone(),
                })
                .collect(),
            note: record.note.clone(),
            cancel_reason: record.cancel_reason.clone(),
            sent_at: record.sent_at,
            accepted_at: record.accepted_at,
            cancelled_at: record.cancelled_at,
            created_at: record.created_at,
            updated_at: record.updated_at,
            record: Arc::new(record),
            access,
        }
    }
}

#[ComplexObject]
impl Quote {
    /// Where the order it becomes is fulfilled from.
    async fn location(&self, ctx: &Context<'_>) -> Result<Location> {
        load_location(ctx, &self.access, self.record.location_id).await
    }

    /// Who it is for (needs `customers:read` for API keys, staff for people).
    async fn customer(&self, ctx: &Context<'_>) -> Result<Option<Customer>> {
        load_customer(ctx, &self.access, self.record.customer_id).await
    }

    /// The order it became, once accepted.
    async fn order(&self, ctx: &Context<'_>) -> Result<Option<Order>> {
        let Some(id) = self.record.order_id else {
            return Ok(None);
        };
        let state = ctx.data_unchecked::<AppState>();
        let record = orders::read::get(&state.db, &self.access, id)
            .await
            .map_err(ApiError::from)?;
        Ok(Some(Order::new(record, self.access.clone())))
    }

    /// The quote (御見積書) as an A4 PDF in Japanese.
    async fn pdf(&self, ctx: &Context<'_>) -> Result<PrintedDocument> {
        let state = ctx.data_unchecked::<AppState>();
        let sheet = quotes::printing::sheet(&state.db, &self.access, self.record.id)
            .await
            .map_err(ApiError::from)?;
        Ok(printing::pdf(&state.printer, &sheet)?)
    }
}

#[ComplexObject]
impl QuoteLine {
    /// The variant quoted.
    async fn variant(&self, ctx: &Context<'_>) -> Result<ProductVariant> {
        load_variant(ctx, &self.access, self.variant_id).await
    }
}

/// A new quote.
#[derive(InputObject)]
pub struct CreateQuoteInput {
    /// Who it is for (usually a business customer: unpriced lines take its 掛率).
    customer_id: Option<ID>,
    /// Where the order it becomes would be fulfilled from.
    location_id: ID,
    /// What is offered, priced as on an order.
    lines: Vec<OrderLineInput>,
    /// Valid until (inclusive, today at the earliest, a year ahead at most); 30 days from
    /// today in the company's calendar when omitted.
    expires_on: Option<Date>,
    /// The delivery date the customer asked for.
    requested_date: Option<Date>,
    /// Where it would go.
    ship_to: Option<OrderAddress>,
    /// Whether unit prices include tax; the company's setting when omitted.
    prices_include_tax: Option<bool>,
    /// Free text, printed on the quote.
    note: Option<String>,
    /// A repeat with the same key returns the first quote.
    idempotency_key: Option<String>,
}

/// Changes to an open quote: an omitted field stays, `null` clears `requestedDate` and
/// `shipTo`.
#[derive(InputObject)]
pub struct UpdateQuoteInput {
    /// New lines, replacing all of them (repriced as on a new quote).
    lines: Option<Vec<OrderLineInput>>,
    /// A new fulfilment location.
    location_id: Option<ID>,
    /// A new valid-until date (today or later): pushing it out revives an expired quote.
    expires_on: Option<Date>,
    /// A new requested delivery date.
    requested_date: MaybeUndefined<Date>,
    /// A new ship-to address.
    ship_to: MaybeUndefined<OrderAddress>,
    /// A new note.
    note: Option<String>,
}

/// A quote to email.
#[derive(InputObject)]
pub struct EmailQuoteInput {
    /// The quote.
    id: ID,
    /// The address; the customer's email when not given.
    to: Option<String>,
    /// The letter above the PDF; a standard greeting when not given.
    message: Option<String>,
}

fn quote_id(id: &ID) -> Result<Uuid, ApiError> {
    ids::decode(Kind::Quote, id).ok_or_else(|| ServiceError::NotFound("Quote").into())
}

fn maybe<T, U>(value: MaybeUndefined<T>, map: impl FnOnce(T) -> U) -> Option<Option<U>> {
    match value {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(map(v))),
    }
}

#[derive(Default)]
pub struct QuotesQuery;

#[Object]
impl QuotesQuery {
    /// Quotes, newest first, optionally in some statuses (`EXPIRED` finds open quotes past
    /// their date) or for one customer. Staff limited to some locations see the quotes
    /// fulfilled from those locations.
    #[graphql(complexity = "paging::cost(first, child_complexity)")]
    async fn quotes(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        status: Option<Vec<QuoteStatus>>,
        customer_id: Option<ID>,
    ) -> Result<Page<Quote>> {
        let access = Arc::new(authorize(ctx, Need::ORDERS_READ).await?);
        let limit = paging::page_size(first)?;
        let after = paging::decode_id(after.as_deref())?;
        let state = ctx.data_unchecked::<AppState>();
        let filter = QuoteFilter {
            statuses: status,
            customer_id: customer_id
                .map(|id| ids::decode(Kind::Customer, &id).unwrap_or(Uuid::nil())),
        };
        let (rows, more) = quotes::read::list(&state.db, &access, &filter, after, limit)
            .await
            .map_err(ApiError::from)?;
        Ok(paging::page(
            rows.into_iter()
                .map(|row| (row.id.to_string(), Quote::new(row, access.clone()))),
            after.is_some(),
            more,
        ))
    }

    /// One quote.
    async fn quote(&self, ctx: &Context<'_>, id: ID) -> Result<Quote> {
        let access = Arc::new(authorize(ctx, Need::ORDERS_READ).await?);
        let state = ctx.data_unchecked::<AppState>();
        let record = quotes::read::get(&state.db, &access, quote_id(&id)?)
            .await
            .map_err(ApiError::from)?;
        Ok(Quote::new(record, access))
    }
}

#[derive(Default)]
pub struct QuotesMutation;

#[Object]
impl QuotesMutation {
    /// Enters a draft quote, numbered `Q-<year>-<nnnnnn>` without gaps. Unpriced lines take
    /// the customer's 掛率 price (else the variant's); tax is computed once per rate. A
    /// repeat with the same `idempotencyKey` returns the first quote.
    async fn create_quote(&self, ctx: &Context<'_>, input: CreateQuoteInput) -> Result<Quote> {
        let access = Arc::new(authorize(ctx, Need::ORDERS_WRITE).await?);
        let state = ctx.data_unchecked::<AppState>();
        let quote = NewQuote {
            customer_id: input.customer_id.as_ref().map(customer_id).transpose()?,
            location_id: Some(location_id(&input.location_id)?),
            lines: order_lines(input.lines)?,
            expires_on: input.expires_on.map(|d| d.0),
            requested_date: input.requested_date.map(|d| d.0),
            ship_to: input.ship_to.map(ShipTo::from),
            prices_include_tax: input.prices_include_tax,
            note: input.note,
            idempotency_key: input.idempotency_key,
        };
        let record = quotes::create::create(&state.db, &access, quote)
            .await
            .map_err(ApiError::from)?;
        Ok(Quote::new(record, access))
    }

    /// Changes an open (draft, sent or expired) quote; a sent one stays sent and the audit
    /// log says it was edited after sending. A converted or cancelled quote is a CONFLICT.
    async fn update_quote(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateQuoteInput,
    ) -> Result<Quote> {
        let access = Arc::new(authorize(ctx, Need::ORDERS_WRITE).await?);
        let state = ctx.data_unchecked::<AppState>();
        let changes = QuoteChanges {
            lines: input.lines.map(order_lines).transpose()?,
            location_id: input.location_id.as_ref().map(location_id).transpose()?,
            expires_on: input.expires_on.map(|d| d.0),
            requested_date: maybe(input.requested_date, |d| d.0),
            ship_to: maybe(input.ship_to, ShipTo::from),
            note: input.note,
        };
        let record = quotes::edit::update(&state.db, &access, quote_id(&id)?, changes)
            .await
            .map_err(ApiError::from)?;
        Ok(Quote::new(record, access))
    }

    /// Marks a quote sent to the customer by other means (download it with `Quote.pdf`;
    /// `emailQuote` sends it from Kura). An expired quote needs a new `expiresOn` first
    /// (CONFLICT).
    async fn send_quote(&self, ctx: &Context<'_>, id: ID) -> Result<Quote> {
        let access = Arc::new(authorize(ctx, Need::ORDERS_WRITE).await?);
        let state = ctx.data_unchecked::<AppState>();
        let record = quotes::edit::send(&state.db, &access, quote_id(&id)?)
            .await
            .map_err(ApiError::from)?;
        Ok(Quote::new(record, access))
    }

    /// Emails a quote to the customer as a PDF (御見積書) through the server's SMTP sender,
    /// then marks it sent; the audit names the address. `to` defaults to the customer's
    /// email (`quote.email.no_address` when there is none), `message` to a standard letter.
    /// CONFLICT when the server sends no email, the mail server refuses, or the quote has
    /// expired; nothing is marked sent then.
    async fn email_quote(&self, ctx: &Context<'_>, input: EmailQuoteInput) -> Result<Quote> {
        let access = Arc::new(authorize(ctx, Need::ORDERS_WRITE).await?);
        let state = ctx.data_unchecked::<AppState>();
        let email = QuoteEmail {
            to: input.to,
            message: input.message,
        };
        let record = quotes::email::email(
            &state.db,
            &access,
            (&state.printer, &state.mailer),
            quote_id(&input.id)?,
            email,
        )
        .await
        .map_err(ApiError::from)?;
        Ok(Quote::new(record, access))
    }

    /// Cancels an open quote. Cancelling a cancelled quote returns it; a converted one is a
    /// CONFLICT (cancel its order instead).
    async fn cancel_quote(
        &self,
        ctx: &Context<'_>,
        id: ID,
        reason: Option<String>,
    ) -> Result<Quote> {
        let access = Arc::new(authorize(ctx, Need::ORDERS_WRITE).await?);
        let state = ctx.data_unchecked::<AppState>();
        let record = quotes::edit::cancel(&state.db, &access, quote_id(&id)?, reason.as_deref())
            .await
            .map_err(ApiError::from)?;
        Ok(Quote::new(record, access))
    }

    /// Converts a quote the customer accepted into a sales order with the same customer,
    /// location, ship-to, lines and prices (confirmed and allocated when `confirm`), and
    /// marks it `ACCEPTED`, in one transaction. A repeat (same key, or a quote already
    /// converted) returns the same order; an expired or cancelled quote is a CONFLICT.
    async fn convert_quote(
        &self,
        ctx: &Context<'_>,
        id: ID,
        idempotency_key: Option<String>,
        #[graphql(default)] confirm: bool,
    ) -> Result<Order> {
        let access = Arc::new(authorize(ctx, Need::ORDERS_WRITE).await?);
        let state = ctx.data_unchecked::<AppState>();
        let record = quotes::convert::convert(
            &state.db,
            &access,
            quote_id(&id)?,
            idempotency_key.as_deref(),
            confirm,
        )
        .await
        .map_err(ApiError::from)?;
        Ok(Order::new(record, access))
    }
}
