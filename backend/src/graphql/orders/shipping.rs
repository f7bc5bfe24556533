//! Shipments: `shipOrder`, and the `Shipment` an order lists.

use std::sync::Arc;

use async_graphql::{ComplexObject, Context, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use kura_shared::Carrier;
use uuid::Uuid;

use super::{
    documents::{Order, load_order, order_id},
    printing::{self, PrintedDocument},
};
use crate::graphql::{
    catalog::locations::Location,
    catalog::products::ProductVariant,
    request::guard::{Need, authorize},
    stock::inventory::{load_location, load_variant},
    types::{
        errors::ApiError,
        ids::{self, Kind},
    },
};
use crate::{
    services::{
        access::Access,
        orders::{self, NewShipment, ShipmentRecord},
    },
    state::AppState,
};

/// Goods that left a location for an order (出荷). Never changes once written.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct Shipment {
    /// Its global ID.
    pub id: ID,
    /// `SH-2026-000045`: gapless per company and year.
    number: String,
    /// Who carries it.
    carrier: Carrier,
    /// The carrier's tracking number (伝票番号); empty when there is none.
    tracking_number: String,
    /// Free text.
    note: String,
    /// When the goods left.
    shipped_at: DateTime<Utc>,
    /// What left.
    lines: Vec<ShipmentLine>,
    #[graphql(skip)]
    order_id: Uuid,
    #[graphql(skip)]
    location_id: Uuid,
    #[graphql(skip)]
    access: Arc<Access>,
}

/// Units of one order line on a shipment.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct ShipmentLine {
    /// The order line.
    line_number: i32,
    /// Units that left.
    quantity: i64,
    #[graphql(skip)]
    variant_id: Uuid,
    #[graphql(skip)]
    access: Arc<Access>,
}

impl Shipment {
    /// A shipment for the API.
    pub fn new(record: ShipmentRecord, access: Arc<Access>) -> Self {
        Shipment {
            id: ids::encode(Kind::Shipment, record.id),
            number: record.number,
            carrier: record.carrier,
            tracking_number: record.tracking_number,
            note: record.note,
            shipped_at: record.shipped_at,
            lines: record
                .lines
                .into_iter()
                .map(|(line_number, variant_id, quantity)| ShipmentLine {
                    line_number,
                    quantity,
                    variant_id,
                    access: access.clone(),
                })
                .collect(),
            order_id: record.order_id,
            location_id: record.location_id,
            access,
        }
    }
}

#[ComplexObject]
impl Shipment {
    /// The order it fulfils.
    async fn order(&self, ctx: &Context<'_>) -> Result<Order> {
        load_order(ctx, &self.access, self.order_id).await
    }

    /// Where the goods left.
    async fn location(&self, ctx: &Context<'_>) -> Result<Location> {
        load_location(ctx, &self.access, self.location_id).await
    }

    /// The delivery note (納品書) that travels with it, as an A4 PDF.
    async fn delivery_note(&self, ctx: &Context<'_>) -> Result<PrintedDocument> {
        let state = ctx.data_unchecked::<AppState>();
        let id = ids::decode(Kind::Shipment, &self.id).unwrap_or_default();
        let sheet = orders::printing::delivery_note(&state.db, &self.access, id)
            .await
            .map_err(ApiError::from)?;
        Ok(printing::pdf(&state.printer, &sheet)?)
    }
}

#[ComplexObject]
impl ShipmentLine {
    /// The variant that left.
    async fn variant(&self, ctx: &Context<'_>) -> Result<ProductVariant> {
        load_variant(ctx, &self.access, self.variant_id).await
    }
}

/// Units of one order line to ship.
#[derive(InputObject)]
pub struct ShipOrderLineInput {
    /// The order line.
    line_number: i32,
    /// Units, at most what the line has allocated.
    quantity: i64,
}

/// Goods leaving for an order.
#[derive(InputObject)]
pub struct ShipOrderInput {
    /// The order.
    order_id: ID,
    /// What leaves.
    lines: Vec<ShipOrderLineInput>,
    /// Who carries it.
    carrier: Carrier,
    /// The carrier's tracking number (伝票番号).
    tracking_number: Option<String>,
    /// Free text.
    note: Option<String>,
    /// A repeat with the same key returns the first shipment.
    idempotency_key: Option<String>,
}

#[derive(Default)]
pub struct ShippingMutation;

#[Object]
impl ShippingMutation {
    /// Ships units of an order's allocated lines: on hand and allocated both fall (a
    /// `SHIPMENT` movement), the lines count them shipped, and the order becomes
    /// PARTIALLY_SHIPPED or SHIPPED. Final: a correction is a return.
    async fn ship_order(&self, ctx: &Context<'_>, input: ShipOrderInput) -> Result<Shipment> {
        let access = Arc::new(authorize(ctx, Need::ORDERS_WRITE).await?);
        let state = ctx.data_unchecked::<AppState>();
        let shipment = NewShipment {
            order_id: order_id(&input.order_id)?,
            lines: input
                .lines
                .iter()
                .map(|l| (l.line_number, l.quantity))
                .collect(),
            carrier: input.carrier,
            tracking_number: input.tracking_number,
            note: input.note,
            idempotency_key: input.idempotency_key,
        };
        let record = orders::shipping::ship(&state.db, &access, shipment)
            .await
            .map_err(ApiError::from)?;
        Ok(Shipment::new(record, access))
    }
}
