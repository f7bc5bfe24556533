//! Splitting an order (分納・出荷元分割): `splitOrder`, and the `splitFrom` / `splitOrders`
//! links between the two orders.

use std::sync::Arc;

use async_graphql::{Context, ID, InputObject, Object, Result};

use super::documents::{Order, OrderLineQuantityInput, order_id};
use crate::graphql::{
    catalog::locations::location_id,
    request::guard::{Need, authorize},
    types::errors::ApiError,
};
use crate::{
    services::orders::{self, split::NewSplit},
    state::AppState,
};

/// Units of an order to ship from another location.
#[derive(InputObject)]
pub struct SplitOrderInput {
    /// The order they leave.
    order_id: ID,
    /// Where the new order is fulfilled from.
    location_id: ID,
    /// What moves: each at most what its line still has to ship.
    lines: Vec<OrderLineQuantityInput>,
    /// A repeat with the same key returns the first new order.
    idempotency_key: Option<String>,
}

#[derive(Default)]
pub struct SplitMutation;

#[Object]
impl SplitMutation {
    /// Moves units still to ship on some lines to a new order fulfilled from another
    /// location (分納), and returns the new order. It is the same customer's at the same
    /// prices, address and order date (its backorders keep the original's turn), and links
    /// back through `splitFrom`. The original's lines and totals shrink; the units it
    /// waited for stop waiting first, then the ones it held go back to stock where it is.
    /// The new order allocates what its location has and backorders the rest. Moving every
    /// unit of an order that has shipped nothing is `relocateOrder` instead
    /// (`order.split.everything`); drafts, held, finished and store-pickup orders do not
    /// split (CONFLICT).
    async fn split_order(&self, ctx: &Context<'_>, input: SplitOrderInput) -> Result<Order> {
        let access = Arc::new(authorize(ctx, Need::ORDERS_WRITE).await?);
        let state = ctx.data_unchecked::<AppState>();
        let split = NewSplit {
            order_id: order_id(&input.order_id)?,
            location_id: location_id(&input.location_id)?,
            lines: input
                .lines
                .iter()
                .map(|l| (l.line_number, l.quantity))
                .collect(),
            idempotency_key: input.idempotency_key,
        };
        let record = orders::split::split(&state.db, &access, split)
            .await
            .map_err(ApiError::from)?;
        Ok(Order::new(record, access))
    }
}
