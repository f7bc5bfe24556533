//! Store pickup (BOPIS, 店舗受取): `markReadyForPickup` and `handOverOrder`. The uncollected
//! list is `orders(status: [READY_FOR_PICKUP], readyBefore: …)`.

use std::sync::Arc;

use async_graphql::{Context, ID, InputObject, Object, Result};

use super::{
    documents::{Order, order_id},
    shipping::Shipment,
};
use crate::graphql::{
    request::guard::{Need, authorize},
    types::errors::ApiError,
};
use crate::{services::orders, state::AppState};

/// Handing a ready pickup order over to its customer.
#[derive(InputObject)]
pub struct HandOverOrderInput {
    /// The order.
    order_id: ID,
    /// Free text, e.g. who collected it.
    note: Option<String>,
    /// A repeat with the same key returns the first handover.
    idempotency_key: Option<String>,
}

#[derive(Default)]
pub struct PickupMutation;

#[Object]
impl PickupMutation {
    /// Marks a store-pickup order ready for its customer to collect (`READY_FOR_PICKUP`):
    /// everything must be allocated at the pickup store. The change reaches `orderChanged`
    /// at once, which is the moment to tell the customer. Marking it again returns it.
    async fn mark_ready_for_pickup(&self, ctx: &Context<'_>, id: ID) -> Result<Order> {
        let access = Arc::new(authorize(ctx, Need::ORDERS_WRITE).await?);
        let state = ctx.data_unchecked::<AppState>();
        let record = orders::pickup::mark_ready(&state.db, &access, order_id(&id)?)
            .await
            .map_err(ApiError::from)?;
        Ok(Order::new(record, access))
    }

    /// Hands a ready pickup order over at the store: what it holds leaves stock on a
    /// shipment carried by `STORE_PICKUP` (a `SHIPMENT` movement), and the order is
    /// `COMPLETED`.
    async fn hand_over_order(
        &self,
        ctx: &Context<'_>,
        input: HandOverOrderInput,
    ) -> Result<Shipment> {
        let access = Arc::new(authorize(ctx, Need::ORDERS_WRITE).await?);
        let state = ctx.data_unchecked::<AppState>();
        let record = orders::pickup::hand_over(
            &state.db,
            &access,
            order_id(&input.order_id)?,
            input.note.as_deref(),
            input.idempotency_key.as_deref(),
        )
        .await
        .map_err(ApiError::from)?;
        Ok(Shipment::new(record, access))
    }
}
