//! Sales orders: `orders`, `order`, `createOrder`, `confirmOrder`, `approveOrder`,
//! `cancelOrder`, `relocateOrder`, `releaseAllocation` and the live `orderChanged`
//! subscription.

use std::sync::Arc;

use async_graphql::{
    ComplexObject, Context, ID, InputObject, Object, Result, SimpleObject, Subscription,
};
use chrono::{DateTime, Utc};
use futures_util::{Stream, StreamExt};
use kura_shared::{OrderStatus, ShipTo, TaxRate};
use tokio_stream::wrappers::BroadcastStream;
use uuid::Uuid;

use super::{
    printing::{self, PrintedDocument},
    quotes::Quote,
    returns::OrderReturn,
    shipping::Shipment,
};
use crate::graphql::{
    catalog::locations::{Location, location_id},
    catalog::products::{ProductVariant, variant_lookup},
    channels::setup::{Channel, channel_id, load_channel},
    request::guard::{Need, authorize, permit},
    request::loaders::Loaders,
    sales::customers::{Customer, customer_id},
    stock::inventory::{load_location, load_variant},
    types::{
        date::Date,
        errors::ApiError,
        ids::{self, Kind},
        money::{Decimal, Money},
        paging::{self, Page},
    },
};
use crate::{
    events::{EventPayload, OrderRecord},
    services::{
        ServiceError,
        access::Access,
        lookup::CustomerId,
        orders::{self, NewOrder, NewOrderLine, OrderFilter, credit::CreditFigures},
    },
    state::AppState,
};

/// A sales order (受注).
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct Order {
    /// Its global ID.
    pub id: ID,
    /// `SO-2026-000123`: gapless per company and year.
    number: String,
    /// Where it is in its life.
    status: OrderStatus,
    /// The channel's own order number.
    external_id: Option<String>,
    /// The delivery date the customer asked for.
    requested_date: Option<Date>,
    /// Where it goes, as it was when ordered.
    ship_to: Option<OrderAddress>,
    /// Whether the line amounts include tax.
    prices_include_tax: bool,
    /// Before tax.
    subtotal: Money,
    /// Consumption tax, rounded once per rate.
    tax: Money,
    /// What the customer pays.
    total: Money,
    /// The lines.
    lines: Vec<OrderLine>,
    /// Free text.
    note: String,
    /// Why it was cancelled.
    cancel_reason: Option<String>,
    /// When it was ordered (backorders are filled in this order).
    ordered_at: DateTime<Utc>,
    /// When it was confirmed.
    confirmed_at: Option<DateTime<Utc>>,
    /// When it was cancelled.
    cancelled_at: Option<DateTime<Utc>>,
    /// Store pickup: when it was made ready for the customer to collect.
    ready_for_pickup_at: Option<DateTime<Utc>>,
    /// The last change.
    updated_at: DateTime<Utc>,
    #[graphql(skip)]
    record: Arc<OrderRecord>,
    #[graphql(skip)]
    access: Arc<Access>,
}

/// One line of an order. Its units always add up once the order is confirmed:
/// `quantity = allocatedQuantity + backorderedQuantity + shippedQuantity + cancelledQuantity`.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct OrderLine {
    /// Position, from 1.
    line_number: i32,
    /// The SKU when ordered.
    sku: String,
    /// The product name when ordered.
    name: String,
    /// Units ordered.
    quantity: i64,
    /// Units held at the fulfilment location.
    allocated_quantity: i64,
    /// Units waiting for stock (引当待ち).
    backordered_quantity: i64,
    /// Units that have left.
    shipped_quantity: i64,
    /// Units that will not ship.
    cancelled_quantity: i64,
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

/// A delivery address.
#[derive(SimpleObject, InputObject, Clone, Default)]
#[graphql(input_name = "OrderAddressInput")]
pub struct OrderAddress {
    /// Who receives it.
    name: String,
    /// `NNN-NNNN`.
    postal_code: String,
    /// The prefecture.
    prefecture: String,
    /// City, ward, town.
    city: String,
    /// Street and number.
    line1: String,
    /// Building, floor, room.
    #[graphql(default)]
    line2: String,
    /// Digits.
    #[graphql(default)]
    phone: String,
}

impl From<ShipTo> for OrderAddress {
    fn from(to: ShipTo) -> Self {
        OrderAddress {
            name: to.name,
            postal_code: to.postal_code,
            prefecture: to.prefecture,
            city: to.city,
            line1: to.line1,
            line2: to.line2,
            phone: to.phone,
        }
    }
}

impl From<OrderAddress> for ShipTo {
    fn from(to: OrderAddress) -> Self {
        ShipTo {
            name: to.name,
            postal_code: to.postal_code,
            prefecture: to.prefecture,
            city: to.city,
            line1: to.line1,
            line2: to.line2,
            phone: to.phone,
        }
    }
}

impl Order {
    /// An order for the API.
    pub fn new(record: OrderRecord, access: Arc<Access>) -> Self {
        let currency = record.currency;
        let money = |minor: i64| Money::from_minor(minor, currency);
        Self {
            id: ids::encode(Kind::Order, record.id),
            number: record.number.clone(),
            status: record.status,
            external_id: record.external_id.clone(),
            requested_date: record.requested_date.map(Date),
            ship_to: record.ship_to.clone().map(OrderAddress::from),
            prices_include_tax: record.prices_include_tax,
            subtotal: money(record.subtotal),
            tax: money(record.tax),
            total: money(record.total),
            lines: record
                .lines
                .iter()
                .map(|l| OrderLine {
                    line_number: l.line_number,
                    sku: l.sku.clone(),
                    name: l.name.clone(),
                    quantity: l.units.quantity,
                    allocated_quantity: l.units.allocated,
                    backordered_quantity: l.units.backordered,
                    shipped_quantity: l.units.shipped,
                    cancelled_quantity: l.units.cancelled,
                    unit_price: money(l.unit_price),
                    amount: money(l.amount),
                    tax_class: l.tax_class,
                    variant_id: l.variant_id,
                    access: access.clone(),
                })
                .collect(),
            note: record.note.clone(),
            cancel_reason: record.cancel_reason.clone(),
            ordered_at: record.ordered_at,
            confirmed_at: record.confirmed_at,
            cancelled_at: record.cancelled_at,
            ready_for_pickup_at: record.ready_at,
            updated_at: record.updated_at,
            record: Arc::new(record),
            access,
        }
    }
}

#[ComplexObject]
impl Order {
    /// Where it is fulfilled from (its stock is allocated there).
    async fn location(&self, ctx: &Context<'_>) -> Result<Location> {
        load_location(ctx, &self.access, self.record.location_id).await
    }

    /// For store pickup: the store the customer collects from.
    async fn pickup_location(&self, ctx: &Context<'_>) -> Result<Option<Location>> {
        match self.record.pickup_location_id {
            Some(id) => load_location(ctx, &self.access, id).await.map(Some),
            None => Ok(None),
        }
    }

    /// The channel it came through.
    async fn channel(&self, ctx: &Context<'_>) -> Result<Option<Channel>> {
        match self.record.channel_id {
            Some(id) => load_channel(ctx, &self.access, id).await.map(Some),
            None => Ok(None),
        }
    }

    /// Who ordered (needs `customers:read` for API keys, staff for people).
    async fn customer(&self, ctx: &Context<'_>) -> Result<Option<Customer>> {
        load_customer(ctx, &self.access, self.record.customer_id).await
    }

    /// The quote it was converted from.
    async fn quote(&self, ctx: &Context<'_>) -> Result<Option<Quote>> {
        let state = ctx.data_unchecked::<AppState>();
        let record = orders::quotes::read::for_order(&state.db, &self.access, self.record.id)
            .await
            .map_err(ApiError::from)?;
        Ok(record.map(|q| Quote::new(q, self.access.clone())))
    }

    /// Why an `ON_HOLD` order waits for a manager: its customer's credit figures as they
    /// stand now (null for any other status). Needs `customers:read` for API keys.
    async fn credit_hold(&self, ctx: &Context<'_>) -> Result<Option<CreditHold>> {
        if self.record.status != OrderStatus::OnHold {
            return Ok(None);
        }
        permit(ctx, Need::CUSTOMERS_READ)?;
        let state = ctx.data_unchecked::<AppState>();
        let figures = orders::credit::figures(&state.db, &self.access, self.record.id)
            .await
            .map_err(ApiError::from)?;
        Ok(figures.map(CreditHold::from))
    }

    /// The pick list (ピッキングリスト) of what is allocated, by SKU, as an A4 PDF.
    async fn pick_list(&self, ctx: &Context<'_>) -> Result<PrintedDocument> {
        let state = ctx.data_unchecked::<AppState>();
        let sheet = orders::printing::pick_list(&state.db, &self.access, self.record.id)
            .await
            .map_err(ApiError::from)?;
        Ok(printing::pdf(&state.printer, &sheet)?)
    }

    /// What has left for it, oldest first.
    async fn shipments(&self, ctx: &Context<'_>) -> Result<Vec<Shipment>> {
        let state = ctx.data_unchecked::<AppState>();
        let records = orders::read::shipments(&state.db, &self.access, self.record.id)
            .await
            .map_err(ApiError::from)?;
        Ok(records
            .into_iter()
            .map(|s| Shipment::new(s, self.access.clone()))
            .collect())
    }

    /// The order this one was split from (分納), when the caller reaches it.
    async fn split_from(&self, ctx: &Context<'_>) -> Result<Option<Order>> {
        let Some(id) = self.record.split_from_order_id else {
            return Ok(None);
        };
        let state = ctx.data_unchecked::<AppState>();
        match orders::read::get(&state.db, &self.access, id).await {
            Ok(record) => Ok(Some(Order::new(record, self.access.clone()))),
            // Staff limited to the new order's location may not reach the original.
            Err(ServiceError::NotFound(_)) => Ok(None),
            Err(e) => Err(ApiError::from(e).into()),
        }
    }

    /// The orders split off this one (分納), oldest first, within the caller's locations.
    async fn split_orders(&self, ctx: &Context<'_>) -> Result<Vec<Order>> {
        let state = ctx.data_unchecked::<AppState>();
        let records = orders::read::splits(&state.db, &self.access, self.record.id)
            .await
            .map_err(ApiError::from)?;
        Ok(records
            .into_iter()
            .map(|r| Order::new(r, self.access.clone()))
            .collect())
    }

    /// What has come back on its shipments (返品), oldest first.
    async fn returns(&self, ctx: &Context<'_>) -> Result<Vec<OrderReturn>> {
        let state = ctx.data_unchecked::<AppState>();
        let records = orders::returns::of_order(&state.db, &self.access, self.record.id)
            .await
            .map_err(ApiError::from)?;
        Ok(records
            .into_iter()
            .map(|r| OrderReturn::new(r, self.access.clone()))
            .collect())
    }
}

/// The credit figures a held order waits on (与信).
#[derive(SimpleObject, Clone)]
pub struct CreditHold {
    /// The customer's credit limit (与信限度額).
    credit_limit: Money,
    /// What the customer owes on issued invoices, credit notes taken off (売掛金).
    receivables: Money,
    /// What the customer's other open orders owe.
    open_orders: Money,
    /// This order's total.
    order_total: Money,
    /// `receivables + openOrders + orderTotal`.
    exposure: Money,
    /// How far the exposure passes the limit.
    exceeded_by: Money,
}

impl From<CreditFigures> for CreditHold {
    fn from(figures: CreditFigures) -> Self {
        let money = |m: kura_shared::Money| Money::from_minor(m.amount_minor, m.currency);
        Self {
            credit_limit: money(figures.limit),
            receivables: money(figures.receivables),
            open_orders: money(figures.open_orders),
            order_total: money(figures.order_total),
            exposure: money(figures.exposure()),
            exceeded_by: money(figures.exceeded_by()),
        }
    }
}

#[ComplexObject]
impl OrderLine {
    /// The variant ordered.
    async fn variant(&self, ctx: &Context<'_>) -> Result<ProductVariant> {
        load_variant(ctx, &self.access, self.variant_id).await
    }
}

/// One line of a new order or quote: the variant by `variantId`, `sku` or `barcode`
/// (exactly one).
#[derive(InputObject)]
pub struct OrderLineInput {
    variant_id: Option<ID>,
    sku: Option<String>,
    /// A scanned JAN/EAN/UPC.
    barcode: Option<String>,
    /// Units, 1–1000000.
    quantity: i64,
    /// Price of one unit; the variant's price when omitted.
    unit_price: Option<Decimal>,
    /// The line's rate; the product's tax class when omitted.
    tax_class: Option<TaxRate>,
}

/// A new sales order.
#[derive(InputObject)]
pub struct CreateOrderInput {
    /// Who orders.
    customer_id: Option<ID>,
    /// The channel it came through.
    channel_id: Option<ID>,
    /// Where it is fulfilled from: the pickup store, or the channel's first location, when
    /// omitted.
    location_id: Option<ID>,
    /// Store pickup (BOPIS): where the customer collects it.
    pickup_location_id: Option<ID>,
    /// What is ordered.
    lines: Vec<OrderLineInput>,
    /// Where it goes.
    ship_to: Option<OrderAddress>,
    /// The delivery date the customer asked for.
    requested_date: Option<Date>,
    /// The channel's own order number: a repeat on the same channel returns the first order.
    external_id: Option<String>,
    /// A repeat with the same key returns the first order.
    idempotency_key: Option<String>,
    /// Whether unit prices include tax; the company's setting when omitted.
    prices_include_tax: Option<bool>,
    /// Free text.
    note: Option<String>,
    /// Confirm (allocate) in the same call.
    #[graphql(default)]
    confirm: bool,
}

/// A document's customer, batched with the others of the request (needs
/// `customers:read` for API keys, staff for people).
pub(crate) async fn load_customer(
    ctx: &Context<'_>,
    access: &Access,
    id: Option<Uuid>,
) -> Result<Option<Customer>> {
    let Some(id) = id else {
        return Ok(None);
    };
    permit(ctx, Need::CUSTOMERS_READ)?;
    Ok(Some(
        ctx.data_unchecked::<Loaders>()
            .rows
            .load_one((access.tenant_id, CustomerId(id)))
            .await
            .map_err(|e| ApiError::from(ServiceError::internal(e)))?
            .ok_or_else(|| ApiError::from(ServiceError::NotFound("Customer")))?
            .into(),
    ))
}

/// Order (or quote) lines as the services take them.
pub(super) fn order_lines(lines: Vec<OrderLineInput>) -> Result<Vec<NewOrderLine>, ApiError> {
    lines
        .into_iter()
        .map(|l| {
            Ok(NewOrderLine {
                item: variant_lookup(l.variant_id, l.sku, l.barcode, "order.item")?,
                quantity: l.quantity,
                unit_price: l.unit_price.map(|d| d.0),
                tax_class: l.tax_class,
            })
        })
        .collect()
}

/// The order `id` for a document that names it (a shipment, a return).
pub(crate) async fn load_order(ctx: &Context<'_>, access: &Arc<Access>, id: Uuid) -> Result<Order> {
    let state = ctx.data_unchecked::<AppState>();
    let record = orders::read::get(&state.db, access, id)
        .await
        .map_err(ApiError::from)?;
    Ok(Order::new(record, access.clone()))
}

pub(super) fn order_id(id: &ID) -> Result<Uuid, ApiError> {
    ids::decode(Kind::Order, id).ok_or_else(|| ServiceError::NotFound("Order").into())
}

fn decode_all(ids: &[ID], kind: Kind) -> Vec<Uuid> {
    ids.iter()
        .map(|id| ids::decode(kind, id).unwrap_or(Uuid::nil()))
        .collect()
}

#[derive(Default)]
pub struct OrdersQuery;

#[Object]
impl OrdersQuery {
    /// Orders, newest first, optionally in some statuses, for one customer, fulfilled from
    /// some locations, or made ready for pickup before `readyBefore` (with `status:
    /// [READY_FOR_PICKUP]`, the uncollected list). Staff limited to some locations see
    /// those locations' orders.
    #[graphql(complexity = "paging::cost(first, child_complexity)")]
    #[allow(clippy::too_many_arguments)] // GraphQL arguments
    async fn orders(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        status: Option<Vec<OrderStatus>>,
        customer_id: Option<ID>,
        location_ids: Option<Vec<ID>>,
        ready_before: Option<DateTime<Utc>>,
    ) -> Result<Page<Order>> {
        let access = Arc::new(authorize(ctx, Need::ORDERS_READ).await?);
        let limit = paging::page_size(first)?;
        let after = paging::decode_id(after.as_deref())?;
        let state = ctx.data_unchecked::<AppState>();
        let filter = OrderFilter {
            statuses: status,
            customer_id: customer_id
                .map(|id| ids::decode(Kind::Customer, &id).unwrap_or(Uuid::nil())),
            location_ids: location_ids.map(|ids| decode_all(&ids, Kind::Location)),
            ready_before,
        };
        let (rows, more) = orders::read::list(&state.db, &access, &filter, after, limit)
            .await
            .map_err(ApiError::from)?;
        Ok(paging::page(
            rows.into_iter()
                .map(|row| (row.id.to_string(), Order::new(row, access.clone()))),
            after.is_some(),
            more,
        ))
    }

    /// One order.
    async fn order(&self, ctx: &Context<'_>, id: ID) -> Result<Order> {
        let access = Arc::new(authorize(ctx, Need::ORDERS_READ).await?);
        let state = ctx.data_unchecked::<AppState>();
        let record = orders::read::get(&state.db, &access, order_id(&id)?)
            .await
            .map_err(ApiError::from)?;
        Ok(Order::new(record, access))
    }
}

#[derive(Default)]
pub struct OrdersMutation;

#[Object]
impl OrdersMutation {
    /// Enters a sales order, numbered without gaps. A draft holds no stock until it is
    /// confirmed (`confirm: true` does both at once). A repeat with the same `externalId`
    /// on the same channel, or the same `idempotencyKey`, returns the first order.
    async fn create_order(&self, ctx: &Context<'_>, input: CreateOrderInput) -> Result<Order> {
        let access = Arc::new(authorize(ctx, Need::ORDERS_WRITE).await?);
        let state = ctx.data_unchecked::<AppState>();
        let lines = order_lines(input.lines)?;
        let order = NewOrder {
            customer_id: input.customer_id.as_ref().map(customer_id).transpose()?,
            channel_id: input.channel_id.as_ref().map(channel_id).transpose()?,
            location_id: input.location_id.as_ref().map(location_id).transpose()?,
            pickup_location_id: input
                .pickup_location_id
                .as_ref()
                .map(location_id)
                .transpose()?,
            lines,
            ship_to: input.ship_to.map(ShipTo::from),
            requested_date: input.requested_date.map(|d| d.0),
            external_id: input.external_id,
            idempotency_key: input.idempotency_key,
            prices_include_tax: input.prices_include_tax,
            note: input.note,
        };
        let record = orders::create::create(&state.db, &access, order, input.confirm)
            .await
            .map_err(ApiError::from)?;
        Ok(Order::new(record, access))
    }

    /// Confirms an order: allocates what its location has available (never more), and
    /// backorders the rest, which is allocated oldest order first as stock arrives. An order
    /// that would take its customer past the credit limit is `ON_HOLD` instead (nothing
    /// allocated) until a manager approves it (`approveOrder`); see `Order.creditHold`.
    /// Confirming a confirmed order returns it as it is.
    async fn confirm_order(&self, ctx: &Context<'_>, id: ID) -> Result<Order> {
        let access = Arc::new(authorize(ctx, Need::ORDERS_WRITE).await?);
        let state = ctx.data_unchecked::<AppState>();
        let record = orders::allocation::confirm(&state.db, &access, order_id(&id)?)
            .await
            .map_err(ApiError::from)?;
        Ok(Order::new(record, access))
    }

    /// Approves an order held past its customer's credit limit (managers and up), which then
    /// allocates like `confirmOrder`. The approval and the figures are audited. Approving an
    /// approved order returns it as it is; a draft or cancelled one is a CONFLICT.
    async fn approve_order(&self, ctx: &Context<'_>, id: ID) -> Result<Order> {
        let access = Arc::new(authorize(ctx, Need::ORDERS_APPROVE).await?);
        let state = ctx.data_unchecked::<AppState>();
        let record = orders::allocation::approve(&state.db, &access, order_id(&id)?)
            .await
            .map_err(ApiError::from)?;
        Ok(Order::new(record, access))
    }

    /// Cancels what is still open on an order and releases the stock it held. Cancelling a
    /// cancelled order returns it; a shipped one is a CONFLICT (take goods back with a return).
    async fn cancel_order(
        &self,
        ctx: &Context<'_>,
        id: ID,
        reason: Option<String>,
    ) -> Result<Order> {
        let access = Arc::new(authorize(ctx, Need::ORDERS_WRITE).await?);
        let state = ctx.data_unchecked::<AppState>();
        let record = orders::cancel::cancel(&state.db, &access, order_id(&id)?, reason.as_deref())
            .await
            .map_err(ApiError::from)?;
        Ok(Order::new(record, access))
    }

    /// Moves an open order to another fulfilment location (出荷元変更): what it holds is
    /// released where it was (to the orders waiting there) and what the new location has
    /// available is allocated, the rest backordered there. Shipped units stay shipped.
    /// Drafts, held, finished and store-pickup orders cannot move (CONFLICT).
    async fn relocate_order(&self, ctx: &Context<'_>, id: ID, location_id: ID) -> Result<Order> {
        let access = Arc::new(authorize(ctx, Need::ORDERS_WRITE).await?);
        let state = ctx.data_unchecked::<AppState>();
        let record = orders::relocate::relocate(
            &state.db,
            &access,
            order_id(&id)?,
            self::location_id(&location_id)?,
        )
        .await
        .map_err(ApiError::from)?;
        Ok(Order::new(record, access))
    }

    /// Releases allocated units of an open order (引当解除): they go back to the location's
    /// available stock and on to the other orders waiting there, oldest first, never
    /// straight back to this one; the lines wait for them again (BACKORDERED). For giving
    /// stock to a more urgent order or back to the channels.
    async fn release_allocation(
        &self,
        ctx: &Context<'_>,
        input: ReleaseAllocationInput,
    ) -> Result<Order> {
        let access = Arc::new(authorize(ctx, Need::ORDERS_WRITE).await?);
        let state = ctx.data_unchecked::<AppState>();
        let lines = input
            .lines
            .iter()
            .map(|l| (l.line_number, l.quantity))
            .collect();
        let record = orders::release::release_allocation(
            &state.db,
            &access,
            order_id(&input.order_id)?,
            lines,
        )
        .await
        .map_err(ApiError::from)?;
        Ok(Order::new(record, access))
    }
}

/// Units of one order line.
#[derive(InputObject)]
pub struct OrderLineQuantityInput {
    /// The order line.
    pub(super) line_number: i32,
    /// Units, at least 1.
    pub(super) quantity: i64,
}

/// Allocated units an order lets go of.
#[derive(InputObject)]
pub struct ReleaseAllocationInput {
    /// The order.
    order_id: ID,
    /// What it releases: each at most what its line has allocated.
    lines: Vec<OrderLineQuantityInput>,
}

#[derive(Default)]
pub struct OrdersSubscription;

#[Subscription]
impl OrdersSubscription {
    /// Every order as it is created or changes, from any replica (optionally only those
    /// fulfilled from, or picked up at, some locations).
    async fn order_changed(
        &self,
        ctx: &Context<'_>,
        location_ids: Option<Vec<ID>>,
    ) -> Result<impl Stream<Item = Order>> {
        let access = Arc::new(authorize(ctx, Need::ORDERS_READ).await?);
        let locations = location_ids.map(|ids| decode_all(&ids, Kind::Location));
        let bus = &ctx.data_unchecked::<AppState>().bus;
        Ok(
            BroadcastStream::new(bus.subscribe()).filter_map(move |item| {
                let access = access.clone();
                let locations = locations.clone();
                async move {
                    let event = item.ok()?;
                    let EventPayload::OrderChanged { tenant_id, order } = &event.payload else {
                        return None;
                    };
                    let places = [Some(order.location_id), order.pickup_location_id];
                    let reachable = places
                        .iter()
                        .flatten()
                        .any(|id| access.locations.allows(*id));
                    let wanted = locations
                        .as_ref()
                        .is_none_or(|ids| places.iter().flatten().any(|id| ids.contains(id)));
                    (*tenant_id == access.tenant_id && reachable && wanted)
                        .then(|| Order::new((**order).clone(), access.clone()))
                }
            }),
        )
    }
}
