//! Sales from every channel: `sales`, `sale`, `recordSale`, `recordReturn`, `voidSale`,
//! and the live `saleRecorded` / `saleVoided` subscriptions.

use std::sync::Arc;

use async_graphql::{
    ComplexObject, Context, ID, InputObject, Object, Result, SimpleObject, Subscription,
};
use chrono::{DateTime, Utc};
use futures_util::{Stream, StreamExt};
use kura_shared::{CurrencyCode, PaymentMethod, SaleKind, SaleStatus, TaxRate};
use tokio_stream::wrappers::BroadcastStream;
use uuid::Uuid;

use crate::graphql::{
    catalog::locations::{Location, location_id},
    catalog::products::{ProductVariant, variant_lookup},
    channels::setup::{Channel, channel_id, load_channel},
    request::{
        guard::{Need, authorize, permit},
        loaders::Loaders,
    },
    sales::customers::{Customer, CustomerInput, customer_id, customer_ref},
    stock::inventory::{StockLevel, load_location, load_variant},
    types::{
        errors::ApiError,
        ids::{self, Kind},
        money::{Decimal, Money},
        paging::{self, Page},
    },
};
use crate::{
    events::{EventPayload, SaleChange, SaleRecord},
    services::{
        ServiceError,
        access::Access,
        lookup::CustomerId,
        sales::customers,
        sales::documents::{self, NewPayment, NewReturn, NewSale, NewSaleLine, SaleFilter},
    },
    state::AppState,
};

/// A sale or a return, from any channel.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct Sale {
    /// Its global ID.
    pub id: ID,
    /// SALE, or RETURN against an earlier sale (negative quantities and amounts).
    kind: SaleKind,
    /// COMPLETED, or VOIDED (no longer counted; its stock went back).
    status: SaleStatus,
    /// The receipt number: the channel's own id, or Kura's `R-…` for sales without one.
    number: String,
    /// The channel's own id (receipt or order number), the idempotency key per channel.
    external_id: Option<String>,
    /// When it happened at the till or in the shop.
    occurred_at: DateTime<Utc>,
    /// When Kura recorded it.
    recorded_at: DateTime<Utc>,
    /// Whether the line amounts include tax.
    prices_include_tax: bool,
    /// Before tax.
    subtotal: Money,
    /// Consumption tax, rounded once per rate.
    tax: Money,
    /// What the customer paid (negative on a return).
    total: Money,
    /// Discounts on the lines.
    discount_total: Money,
    /// Cost of the goods, when every line's cost is known.
    cost_total: Option<Money>,
    /// `subtotal − costTotal`.
    gross_margin: Option<Money>,
    /// Tax per rate, as a qualified invoice shows it.
    tax_lines: Vec<SaleTaxLine>,
    /// The lines.
    lines: Vec<SaleLine>,
    /// The payments (refunds are negative).
    payments: Vec<SalePayment>,
    /// Loyalty points earned (negative when a return takes them back).
    points_earned: i64,
    /// Loyalty points spent as payment.
    points_redeemed: i64,
    /// Free text.
    note: String,
    /// When it was voided.
    voided_at: Option<DateTime<Utc>>,
    /// Why.
    void_reason: Option<String>,
    #[graphql(skip)]
    record: Arc<SaleRecord>,
    #[graphql(skip)]
    access: Arc<Access>,
}

/// One line of a sale.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct SaleLine {
    /// Position, from 1.
    line_number: i32,
    /// The SKU at the time of the sale.
    sku: String,
    /// The product name at the time of the sale.
    name: String,
    /// Units (negative on a return).
    quantity: i64,
    /// Price of one unit.
    unit_price: Money,
    /// Discount on the whole line.
    discount: Money,
    /// `unitPrice × quantity − discount`.
    amount: Money,
    /// STANDARD (10%) or REDUCED (8%).
    tax_class: TaxRate,
    /// Cost of one unit, when known.
    unit_cost: Option<Money>,
    /// On a return: whether the units went back into stock.
    restocked: bool,
    /// On a sale: units returned so far.
    returned_quantity: i64,
    #[graphql(skip)]
    variant_id: Uuid,
    #[graphql(skip)]
    access: Arc<Access>,
}

/// Tax at one rate on one sale.
#[derive(SimpleObject, Clone)]
pub struct SaleTaxLine {
    /// STANDARD (10%) or REDUCED (8%).
    tax_class: TaxRate,
    /// The rate in percent.
    rate_percent: i32,
    /// Lines at this rate, before tax.
    subtotal: Money,
    /// Tax at this rate.
    tax: Money,
}

/// One payment of a sale.
#[derive(SimpleObject, Clone)]
pub struct SalePayment {
    /// How.
    method: PaymentMethod,
    /// How much (negative on a refund).
    amount: Money,
    /// Card slip or QR transaction number.
    reference: String,
}

impl Sale {
    /// A sale for the API.
    pub fn new(record: SaleRecord, access: Arc<Access>) -> Self {
        let currency = record.currency;
        let money = |minor: i64| Money::from_minor(minor, currency);
        let tax_lines = tax_lines(&record, currency);
        Self {
            id: ids::encode(Kind::Sale, record.id),
            kind: record.kind,
            status: record.status,
            number: record
                .external_id
                .clone()
                .unwrap_or_else(|| documents::short_number(record.id)),
            external_id: record.external_id.clone(),
            occurred_at: record.occurred_at,
            recorded_at: record.created_at,
            prices_include_tax: record.prices_include_tax,
            subtotal: money(record.subtotal),
            tax: money(record.tax),
            total: money(record.total),
            discount_total: money(record.discount_total),
            cost_total: record.cost_total.map(money),
            gross_margin: record.margin().map(money),
            tax_lines,
            lines: record
                .lines
                .iter()
                .map(|l| SaleLine {
                    line_number: l.line_no,
                    sku: l.sku.clone(),
                    name: l.name.clone(),
                    quantity: l.quantity,
                    unit_price: money(l.unit_price),
                    discount: money(l.discount),
                    amount: money(l.amount),
                    tax_class: l.tax_rate,
                    unit_cost: l.unit_cost.map(money),
                    restocked: l.restock,
                    returned_quantity: l.returned_quantity,
                    variant_id: l.variant_id,
                    access: access.clone(),
                })
                .collect(),
            payments: record
                .payments
                .iter()
                .map(|p| SalePayment {
                    method: p.method,
                    amount: money(p.amount),
                    reference: p.reference.clone(),
                })
                .collect(),
            points_earned: record.points_earned,
            points_redeemed: record.points_redeemed,
            note: record.note.clone(),
            voided_at: record.voided_at,
            void_reason: record.void_reason.clone(),
            record: Arc::new(record),
            access,
        }
    }
}

/// Per-rate tax recomputed from the stored lines with the sale's own rounding, so the
/// breakdown always adds up to the stored totals.
fn tax_lines(record: &SaleRecord, currency: CurrencyCode) -> Vec<SaleTaxLine> {
    let lines = record
        .lines
        .iter()
        .map(|l| (l.tax_rate, kura_shared::Money::new(l.amount, currency)));
    kura_shared::TaxBreakdown::from_lines(
        currency,
        lines,
        record.prices_include_tax,
        record.tax_rounding,
    )
    .map(|b| {
        b.rates()
            .iter()
            .map(|r| SaleTaxLine {
                tax_class: r.rate,
                rate_percent: i32::try_from(r.rate.percent()).unwrap_or(0),
                subtotal: Money::from_minor(r.subtotal.amount_minor, currency),
                tax: Money::from_minor(r.tax.amount_minor, currency),
            })
            .collect()
    })
    .unwrap_or_default()
}

#[ComplexObject]
impl Sale {
    /// Where the goods left (or came back).
    async fn location(&self, ctx: &Context<'_>) -> Result<Location> {
        load_location(ctx, &self.access, self.record.location_id).await
    }

    /// The location's id.
    async fn location_id(&self) -> ID {
        ids::encode(Kind::Location, self.record.location_id)
    }

    /// The channel it came through.
    async fn channel(&self, ctx: &Context<'_>) -> Result<Option<Channel>> {
        match self.record.channel_id {
            Some(id) => load_channel(ctx, &self.access, id).await.map(Some),
            None => Ok(None),
        }
    }

    /// Who bought, when known (needs `customers:read` for API keys, staff for people).
    async fn customer(&self, ctx: &Context<'_>) -> Result<Option<Customer>> {
        let Some(id) = self.record.customer_id else {
            return Ok(None);
        };
        // The sale already placed the caller in its company; only the customer permission
        // remains, and a page of sales loads its customers in one batch.
        permit(ctx, Need::CUSTOMERS_READ)?;
        Ok(Some(
            ctx.data_unchecked::<Loaders>()
                .rows
                .load_one((self.access.tenant_id, CustomerId(id)))
                .await
                .map_err(|e| ApiError::from(ServiceError::internal(e)))?
                .ok_or_else(|| ApiError::from(ServiceError::NotFound("Customer")))?
                .into(),
        ))
    }

    /// The sale a return reverses.
    async fn original_sale(&self, ctx: &Context<'_>) -> Result<Option<Sale>> {
        let Some(id) = self.record.original_sale_id else {
            return Ok(None);
        };
        let state = ctx.data_unchecked::<AppState>();
        let record = documents::get(&state.db, &self.access, id)
            .await
            .map_err(ApiError::from)?;
        Ok(Some(Sale::new(record, self.access.clone())))
    }
}

#[ComplexObject]
impl SaleLine {
    /// The variant sold.
    async fn variant(&self, ctx: &Context<'_>) -> Result<ProductVariant> {
        load_variant(ctx, &self.access, self.variant_id).await
    }

    /// The variant's id.
    async fn variant_id(&self) -> ID {
        ids::encode(Kind::ProductVariant, self.variant_id)
    }
}

/// One line of a sale: the variant by `variantId`, `sku` or `barcode` (exactly one).
#[derive(InputObject)]
pub struct SaleLineInput {
    variant_id: Option<ID>,
    sku: Option<String>,
    /// A scanned JAN/EAN/UPC.
    barcode: Option<String>,
    /// Units sold, 1–100000.
    quantity: i64,
    /// Price of one unit; the variant's price when omitted.
    unit_price: Option<Decimal>,
    /// Discount on the whole line (at most the line's amount).
    discount: Option<Decimal>,
    /// The line's rate; the product's tax class when omitted.
    tax_class: Option<TaxRate>,
}

/// One payment.
#[derive(InputObject)]
pub struct PaymentInput {
    method: PaymentMethod,
    /// Cash may exceed what is due: the rest is change.
    amount: Decimal,
    reference: Option<String>,
}

/// A sale to record.
#[derive(InputObject)]
pub struct RecordSaleInput {
    /// Where the goods left; the channel's default location when omitted.
    location_id: Option<ID>,
    /// The channel it came through.
    channel_id: Option<ID>,
    /// The channel's own id for it (it becomes the sale's number): a repeat with the same
    /// id on the same channel returns the first sale and changes nothing.
    external_id: Option<String>,
    /// For a sale with no number of its own (a web register): a repeat with the same key
    /// returns the first sale, which keeps Kura's `R-…` number.
    idempotency_key: Option<String>,
    /// When it happened; now when omitted.
    occurred_at: Option<DateTime<Utc>>,
    /// 1–500 lines.
    lines: Vec<SaleLineInput>,
    /// How it was paid: when given, the payments must add up to the total (cash may
    /// exceed it). `POINTS` needs a customer with enough points.
    #[graphql(default)]
    payments: Vec<PaymentInput>,
    /// Who bought: an existing customer.
    customer_id: Option<ID>,
    /// Who bought: matched by the channel's id, email or phone, or created.
    customer: Option<CustomerInput>,
    /// Whether the prices include tax; the company's rule when omitted.
    prices_include_tax: Option<bool>,
    #[graphql(default)]
    note: String,
}

/// Units of one sale line to take back.
#[derive(InputObject)]
pub struct ReturnLineInput {
    line_number: i32,
    quantity: i64,
}

/// Goods coming back against an earlier sale.
#[derive(InputObject)]
pub struct RecordReturnInput {
    sale_id: ID,
    /// The lines and units; everything not yet returned when omitted.
    #[graphql(default)]
    lines: Vec<ReturnLineInput>,
    /// Put the goods back into stock at the sale's location (false for damaged goods).
    #[graphql(default = true)]
    restock: bool,
    /// The channel's own id for the refund (idempotency key).
    external_id: Option<String>,
    /// A retry key for a refund with no number of its own.
    idempotency_key: Option<String>,
    occurred_at: Option<DateTime<Utc>>,
    /// How the money goes back; one refund by the sale's first payment method when omitted.
    #[graphql(default)]
    refunds: Vec<PaymentInput>,
    #[graphql(default)]
    note: String,
}

/// What `recordSale` and `recordReturn` did.
#[derive(SimpleObject)]
pub struct RecordSalePayload {
    /// The document.
    sale: Sale,
    /// Stock rows the sale left below zero: the books were wrong, count them.
    oversold: Vec<StockLevel>,
    /// True when this repeated an earlier call (same `externalId`): nothing changed.
    replayed: bool,
}

fn sale_id(id: &ID) -> Result<Uuid, ApiError> {
    ids::decode(Kind::Sale, id).ok_or_else(|| ServiceError::NotFound("Sale").into())
}

fn payments(input: Vec<PaymentInput>) -> Vec<NewPayment> {
    input
        .into_iter()
        .map(|p| NewPayment {
            method: p.method,
            amount: p.amount.0,
            reference: p.reference,
        })
        .collect()
}

fn sale_line(line: SaleLineInput) -> Result<NewSaleLine, ApiError> {
    let item = variant_lookup(line.variant_id, line.sku, line.barcode, "sale.item")?;
    Ok(NewSaleLine {
        item,
        quantity: line.quantity,
        unit_price: line.unit_price.map(|d| d.0),
        discount: line.discount.map(|d| d.0),
        tax_rate: line.tax_class,
    })
}

fn payload(recorded: documents::Recorded, access: Arc<Access>) -> RecordSalePayload {
    RecordSalePayload {
        oversold: recorded
            .oversold
            .into_iter()
            .map(|level| StockLevel::new(level, access.clone()))
            .collect(),
        sale: Sale::new(recorded.sale, access),
        replayed: recorded.replayed,
    }
}

#[derive(Default)]
pub struct SalesQuery;

#[Object]
impl SalesQuery {
    /// Sales and returns, newest first, optionally at some locations, through some
    /// channels, for one customer, or that happened in `[from, to)`. Staff limited to some
    /// locations see those locations' sales.
    #[allow(clippy::too_many_arguments)] // GraphQL arguments
    #[graphql(complexity = "paging::cost(first, child_complexity)")]
    async fn sales(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        location_ids: Option<Vec<ID>>,
        channel_ids: Option<Vec<ID>>,
        customer_id: Option<ID>,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
    ) -> Result<Page<Sale>> {
        let access = Arc::new(authorize(ctx, Need::SALES_READ).await?);
        let limit = paging::page_size(first)?;
        let after = paging::decode_id(after.as_deref())?;
        let state = ctx.data_unchecked::<AppState>();
        let decode_all = |ids: Vec<ID>, kind: Kind| -> Vec<Uuid> {
            ids.iter()
                .map(|id| ids::decode(kind, id).unwrap_or(Uuid::nil()))
                .collect()
        };
        let filter = SaleFilter {
            location_ids: location_ids.map(|ids| decode_all(ids, Kind::Location)),
            channel_ids: channel_ids.map(|ids| decode_all(ids, Kind::Channel)),
            customer_id: customer_id
                .map(|id| ids::decode(Kind::Customer, &id).unwrap_or(Uuid::nil())),
            from,
            to,
        };
        let (rows, more) = documents::list(&state.db, &access, &filter, after, limit)
            .await
            .map_err(ApiError::from)?;
        Ok(paging::page(
            rows.into_iter()
                .map(|row| (row.id.to_string(), Sale::new(row, access.clone()))),
            after.is_some(),
            more,
        ))
    }

    /// One sale or return.
    async fn sale(&self, ctx: &Context<'_>, id: ID) -> Result<Sale> {
        let access = Arc::new(authorize(ctx, Need::SALES_READ).await?);
        let state = ctx.data_unchecked::<AppState>();
        let record = documents::get(&state.db, &access, sale_id(&id)?)
            .await
            .map_err(ApiError::from)?;
        Ok(Sale::new(record, access))
    }
}

#[derive(Default)]
pub struct SalesMutation;

#[Object]
impl SalesMutation {
    /// Records a sale. Stock leaves the location in the same transaction, even below zero
    /// (a POS sale already happened; `oversold` lists the rows that went negative). A repeat
    /// with the same `externalId` on the same channel returns the first sale.
    async fn record_sale(&self, ctx: &Context<'_>, input: RecordSaleInput) -> Result<Sale> {
        Ok(self.record_sale_with_details(ctx, input).await?.sale)
    }

    /// `recordSale` with what it did to stock and whether it was a repeat.
    async fn record_sale_with_details(
        &self,
        ctx: &Context<'_>,
        input: RecordSaleInput,
    ) -> Result<RecordSalePayload> {
        let access = Arc::new(authorize(ctx, Need::SALES_WRITE).await?);
        let state = ctx.data_unchecked::<AppState>();
        let customer = match (input.customer_id, input.customer) {
            (Some(id), None) => Some(customers::CustomerRef::Id(customer_id(&id)?)),
            (None, Some(details)) => Some(customer_ref(details)),
            (None, None) => None,
            (Some(_), Some(_)) => {
                return Err(ApiError::validation(
                    "customer",
                    "sale.customer",
                    "Give customerId or customer, not both",
                )
                .into());
            }
        };
        let recorded = documents::record(
            &state.db,
            &access,
            NewSale {
                channel_id: input.channel_id.as_ref().map(channel_id).transpose()?,
                location_id: input.location_id.as_ref().map(location_id).transpose()?,
                external_id: input.external_id,
                idempotency_key: input.idempotency_key,
                occurred_at: input.occurred_at,
                customer,
                lines: input
                    .lines
                    .into_iter()
                    .map(sale_line)
                    .collect::<Result<_, _>>()?,
                payments: payments(input.payments),
                prices_include_tax: input.prices_include_tax,
                note: input.note,
            },
        )
        .await
        .map_err(ApiError::from)?;
        Ok(payload(recorded, access))
    }

    /// Takes goods back against a sale (a RETURN document), restocking them unless told
    /// not to, refunding the money and taking back the points the sale earned.
    async fn record_return(
        &self,
        ctx: &Context<'_>,
        input: RecordReturnInput,
    ) -> Result<RecordSalePayload> {
        let access = Arc::new(authorize(ctx, Need::SALES_WRITE).await?);
        let state = ctx.data_unchecked::<AppState>();
        let recorded = documents::record_return(
            &state.db,
            &access,
            NewReturn {
                sale_id: sale_id(&input.sale_id)?,
                lines: input
                    .lines
                    .into_iter()
                    .map(|l| (l.line_number, l.quantity))
                    .collect(),
                restock: input.restock,
                external_id: input.external_id,
                idempotency_key: input.idempotency_key,
                occurred_at: input.occurred_at,
                refunds: payments(input.refunds),
                note: input.note,
            },
        )
        .await
        .map_err(ApiError::from)?;
        Ok(payload(recorded, access))
    }

    /// Voids a sale or return: it stops counting, its stock goes back and its points are
    /// reversed. Managers and up. Voiding twice returns the voided document.
    async fn void_sale(&self, ctx: &Context<'_>, id: ID, reason: String) -> Result<Sale> {
        let access = Arc::new(authorize(ctx, Need::SALES_VOID).await?);
        let state = ctx.data_unchecked::<AppState>();
        let record = documents::void(&state.db, &access, sale_id(&id)?, &reason)
            .await
            .map_err(ApiError::from)?;
        Ok(Sale::new(record, access))
    }
}

#[derive(Default)]
pub struct SalesSubscription;

fn sale_events(
    ctx: &Context<'_>,
    access: Arc<Access>,
    location_ids: Option<Vec<ID>>,
    wanted: SaleChange,
) -> impl Stream<Item = Sale> + use<> {
    let locations: Option<Vec<Uuid>> = location_ids.map(|ids| {
        ids.iter()
            .map(|id| ids::decode(Kind::Location, id).unwrap_or(Uuid::nil()))
            .collect()
    });
    let bus = &ctx.data_unchecked::<AppState>().bus;
    BroadcastStream::new(bus.subscribe()).filter_map(move |item| {
        let access = access.clone();
        let locations = locations.clone();
        async move {
            let event = item.ok()?;
            let EventPayload::SaleChanged {
                tenant_id,
                sale,
                change,
            } = &event.payload
            else {
                return None;
            };
            let visible = *tenant_id == access.tenant_id
                && *change == wanted
                && access.locations.allows(sale.location_id)
                && locations
                    .as_ref()
                    .is_none_or(|ids| ids.contains(&sale.location_id));
            visible.then(|| Sale::new((**sale).clone(), access.clone()))
        }
    })
}

#[Subscription]
impl SalesSubscription {
    /// Every sale and return as it commits, from any channel and any replica (optionally
    /// only some locations).
    async fn sale_recorded(
        &self,
        ctx: &Context<'_>,
        location_ids: Option<Vec<ID>>,
    ) -> Result<impl Stream<Item = Sale>> {
        let access = Arc::new(authorize(ctx, Need::SALES_READ).await?);
        Ok(sale_events(ctx, access, location_ids, SaleChange::Recorded))
    }

    /// Every sale or return voided, as it commits.
    async fn sale_voided(
        &self,
        ctx: &Context<'_>,
        location_ids: Option<Vec<ID>>,
    ) -> Result<impl Stream<Item = Sale>> {
        let access = Arc::new(authorize(ctx, Need::SALES_READ).await?);
        Ok(sale_events(ctx, access, location_ids, SaleChange::Voided))
    }
}
