//! Returns (返品): `returnShipment`, and the `OrderReturn` an order lists.

use std::sync::Arc;

use async_graphql::{ComplexObject, Context, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{
    documents::{Order, load_order},
    shipping::Shipment,
};
use crate::graphql::{
    catalog::locations::{Location, location_id},
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
        ServiceError,
        access::Access,
        orders::{
            self,
            returns::{NewReturn, ReturnRecord, ReturnedUnits},
        },
    },
    state::AppState,
};

/// Goods that came back on a shipment (返品). Never changes once written.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct OrderReturn {
    /// Its global ID.
    pub id: ID,
    /// `RT-2026-000012`: gapless per company and year.
    number: String,
    /// Why the goods came back; empty when nobody said.
    reason: String,
    /// When they came back.
    received_at: DateTime<Utc>,
    /// What came back.
    lines: Vec<OrderReturnLine>,
    #[graphql(skip)]
    order_id: Uuid,
    #[graphql(skip)]
    shipment_id: Uuid,
    #[graphql(skip)]
    location_id: Uuid,
    #[graphql(skip)]
    access: Arc<Access>,
}

/// Units of one order line that came back.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct OrderReturnLine {
    /// The order line.
    line_number: i32,
    /// Units that came back.
    quantity: i64,
    /// Of those, the units put back on the shelf (a `RETURN` movement); the rest were
    /// damaged.
    restocked_quantity: i64,
    #[graphql(skip)]
    variant_id: Uuid,
    #[graphql(skip)]
    access: Arc<Access>,
}

impl OrderReturn {
    /// A return for the API.
    pub fn new(record: ReturnRecord, access: Arc<Access>) -> Self {
        OrderReturn {
            id: ids::encode(Kind::OrderReturn, record.id),
            number: record.number,
            reason: record.reason,
            received_at: record.received_at,
            lines: record
                .lines
                .into_iter()
                .map(|line| OrderReturnLine {
                    line_number: line.line_number,
                    quantity: line.quantity,
                    restocked_quantity: line.restocked,
                    variant_id: line.variant_id,
                    access: access.clone(),
                })
                .collect(),
            order_id: record.order_id,
            shipment_id: record.shipment_id,
            location_id: record.location_id,
            access,
        }
    }
}

#[ComplexObject]
impl OrderReturn {
    /// The order the goods were shipped for.
    async fn order(&self, ctx: &Context<'_>) -> Result<Order> {
        load_order(ctx, &self.access, self.order_id).await
    }

    /// The shipment they left on.
    async fn shipment(&self, ctx: &Context<'_>) -> Result<Shipment> {
        let state = ctx.data_unchecked::<AppState>();
        let record = orders::read::shipment(&state.db, &self.access, self.shipment_id)
            .await
            .map_err(ApiError::from)?;
        Ok(Shipment::new(record, self.access.clone()))
    }

    /// Where they came back to.
    async fn location(&self, ctx: &Context<'_>) -> Result<Location> {
        load_location(ctx, &self.access, self.location_id).await
    }
}

#[ComplexObject]
impl OrderReturnLine {
    /// The variant that came back.
    async fn variant(&self, ctx: &Context<'_>) -> Result<ProductVariant> {
        load_variant(ctx, &self.access, self.variant_id).await
    }
}

/// Units of one shipment line coming back.
#[derive(InputObject)]
pub struct ReturnShipmentLineInput {
    /// The order line, as on the shipment.
    line_number: i32,
    /// Units coming back: at most what left on the shipment less what came back before.
    quantity: i64,
    /// Of those, the units not fit to sell again (破損); they stay out of stock.
    #[graphql(default)]
    damaged_quantity: i64,
}

/// Goods coming back on a shipment.
#[derive(InputObject)]
pub struct ReturnShipmentInput {
    /// The shipment they left on.
    shipment_id: ID,
    /// What comes back.
    lines: Vec<ReturnShipmentLineInput>,
    /// Where they come back to; the location they left when not given.
    location_id: Option<ID>,
    /// Why (free text: 破損, サイズ違い, …).
    reason: Option<String>,
    /// A repeat with the same key returns the first return.
    idempotency_key: Option<String>,
}

#[derive(Default)]
pub struct ReturnsMutation;

#[Object]
impl ReturnsMutation {
    /// Takes goods back on a shipment (返品): what is fit to sell goes back on the shelf of
    /// the receiving location (a `RETURN` movement, which also fills orders waiting there),
    /// damaged units are recorded but stay out of stock. A shipment line never takes back
    /// more than left on it. Final, like the shipment.
    async fn return_shipment(
        &self,
        ctx: &Context<'_>,
        input: ReturnShipmentInput,
    ) -> Result<OrderReturn> {
        let access = Arc::new(authorize(ctx, Need::ORDERS_WRITE).await?);
        let state = ctx.data_unchecked::<AppState>();
        let shipment_id = ids::decode(Kind::Shipment, &input.shipment_id)
            .ok_or_else(|| ApiError::from(ServiceError::NotFound("Shipment")))?;
        let back = NewReturn {
            shipment_id,
            lines: input
                .lines
                .iter()
                .map(|l| ReturnedUnits {
                    line_number: l.line_number,
                    quantity: l.quantity,
                    damaged: l.damaged_quantity,
                })
                .collect(),
            location_id: input.location_id.as_ref().map(location_id).transpose()?,
            reason: input.reason,
            idempotency_key: input.idempotency_key,
        };
        let record = orders::returns::take_back(&state.db, &access, back)
            .await
            .map_err(ApiError::from)?;
        Ok(OrderReturn::new(record, access))
    }
}
