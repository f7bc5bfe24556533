//! Transfers between locations: `transfers`, `transfer`, `createTransfer`,
//! `updateTransfer`, `shipTransfer`, `receiveTransfer`, `cancelTransfer`.
//!
//! Planning, shipping and cancelling need a manager (or a `stock:write` key); receiving is
//! day-to-day work for the staff at the destination.

use std::sync::Arc;

use async_graphql::{ComplexObject, Context, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use kura_shared::TransferStatus;
use uuid::Uuid;

use crate::graphql::{
    catalog::locations::{Location, location_id},
    catalog::products::ProductVariant,
    request::guard::{Need, authorize},
    stock::inventory::{load_location, load_variant},
    types::{
        errors::ApiError,
        ids::{self, Kind},
        paging::{self, Page},
    },
};
use crate::{
    services::{
        ServiceError,
        access::Access,
        stock::transfers::{
            self, LineInput, NewTransfer, Receipt, TransferFilter, TransferLineRecord,
            TransferPatch, TransferRecord,
        },
    },
    state::AppState,
};

/// Goods moving from one location to another; in transit (the destination's `incoming`)
/// between shipping and receiving.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct Transfer {
    /// Its global ID.
    pub id: ID,
    /// Per-company number, e.g. `TR-000001`.
    number: String,
    status: TransferStatus,
    from_location_id: ID,
    to_location_id: ID,
    note: String,
    /// One line per variant.
    lines: Vec<TransferLine>,
    /// Units on all lines.
    total_quantity: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    shipped_at: Option<DateTime<Utc>>,
    received_at: Option<DateTime<Utc>>,
    cancelled_at: Option<DateTime<Utc>>,
    #[graphql(skip)]
    from: Uuid,
    #[graphql(skip)]
    to: Uuid,
    #[graphql(skip)]
    access: Arc<Access>,
}

/// One variant on a transfer.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct TransferLine {
    variant_id: ID,
    /// Units shipped (planned while DRAFT).
    quantity: i64,
    /// Units received so far.
    received_quantity: i64,
    /// Units that never arrived, recorded when the receipt was closed.
    missing_quantity: i64,
    /// `quantity − receivedQuantity − missingQuantity`: still in transit.
    outstanding_quantity: i64,
    /// Why units are missing.
    discrepancy_reason: Option<String>,
    #[graphql(skip)]
    row: TransferLineRecord,
    #[graphql(skip)]
    access: Arc<Access>,
}

impl Transfer {
    /// A transfer for the API.
    pub fn new(record: TransferRecord, access: Arc<Access>) -> Self {
        let status = record.transfer.status;
        let t = record.transfer;
        Self {
            id: ids::encode(Kind::Transfer, t.id),
            number: t.number,
            status,
            from_location_id: ids::encode(Kind::Location, t.from_location_id),
            to_location_id: ids::encode(Kind::Location, t.to_location_id),
            note: t.note,
            total_quantity: record
                .lines
                .iter()
                .fold(0i64, |sum, l| sum.saturating_add(l.quantity)),
            lines: record
                .lines
                .into_iter()
                .map(|row| TransferLine {
                    variant_id: ids::encode(Kind::ProductVariant, row.variant_id),
                    quantity: row.quantity,
                    received_quantity: row.received_quantity,
                    missing_quantity: row.missing_quantity,
                    outstanding_quantity: row.quantity
                        - row.received_quantity
                        - row.missing_quantity,
                    discrepancy_reason: row.discrepancy_reason.clone(),
                    row,
                    access: access.clone(),
                })
                .collect(),
            created_at: t.created_at,
            updated_at: t.updated_at,
            shipped_at: t.shipped_at,
            received_at: t.received_at,
            cancelled_at: t.cancelled_at,
            from: t.from_location_id,
            to: t.to_location_id,
            access,
        }
    }
}

#[ComplexObject]
impl Transfer {
    /// Where the goods leave.
    #[allow(clippy::wrong_self_convention)] // a GraphQL field, not a conversion
    async fn from_location(&self, ctx: &Context<'_>) -> Result<Location> {
        load_location(ctx, &self.access, self.from).await
    }

    /// Where they go.
    async fn to_location(&self, ctx: &Context<'_>) -> Result<Location> {
        load_location(ctx, &self.access, self.to).await
    }
}

#[ComplexObject]
impl TransferLine {
    /// The variant.
    async fn variant(&self, ctx: &Context<'_>) -> Result<ProductVariant> {
        load_variant(ctx, &self.access, self.row.variant_id).await
    }
}

/// A variant and a quantity.
#[derive(InputObject)]
pub struct TransferLineInput {
    variant_id: ID,
    quantity: i64,
}

/// A new transfer (created as DRAFT).
#[derive(InputObject)]
pub struct CreateTransferInput {
    from_location_id: ID,
    to_location_id: ID,
    /// One or more lines; quantities above 0. Lines of the same variant are added up.
    lines: Vec<TransferLineInput>,
    #[graphql(default)]
    note: String,
    /// A repeat with the same key returns the first transfer and creates nothing.
    idempotency_key: Option<String>,
}

/// Changes to a DRAFT; omitted fields stay.
#[derive(InputObject)]
pub struct UpdateTransferInput {
    /// Replaces every line.
    lines: Option<Vec<TransferLineInput>>,
    note: Option<String>,
}

/// What arrived at the destination.
#[derive(InputObject)]
pub struct ReceiveTransferInput {
    /// Units arrived now per variant (at most what is outstanding).
    #[graphql(default)]
    lines: Vec<TransferLineInput>,
    /// Close the transfer: whatever is still outstanding is recorded missing.
    #[graphql(default)]
    close: bool,
    /// Why units are missing; required when closing with a shortfall.
    discrepancy_reason: Option<String>,
}

fn transfer_id(id: &ID) -> Result<Uuid, ApiError> {
    ids::decode(Kind::Transfer, id).ok_or_else(|| ServiceError::NotFound("Transfer").into())
}

fn lines(input: Vec<TransferLineInput>) -> Result<Vec<LineInput>, ApiError> {
    input
        .into_iter()
        .map(|line| {
            Ok(LineInput {
                variant_id: ids::decode(Kind::ProductVariant, &line.variant_id)
                    .ok_or_else(|| ApiError::from(ServiceError::NotFound("Product variant")))?,
                quantity: line.quantity,
            })
        })
        .collect()
}

#[derive(Default)]
pub struct TransfersQuery;

#[Object]
impl TransfersQuery {
    /// Transfers, newest first (optionally one status, or from/to some locations). Staff
    /// limited to some locations see the transfers from or to those.
    #[graphql(complexity = "paging::cost(first, child_complexity)")]
    async fn transfers(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        status: Option<TransferStatus>,
        location_ids: Option<Vec<ID>>,
    ) -> Result<Page<Transfer>> {
        let access = Arc::new(authorize(ctx, Need::STOCK_READ).await?);
        let limit = paging::page_size(first)?;
        let after = paging::decode_id(after.as_deref())?;
        let state = ctx.data_unchecked::<AppState>();
        let filter = TransferFilter {
            status,
            location_ids: location_ids.map(|ids| {
                ids.iter()
                    .map(|id| ids::decode(Kind::Location, id).unwrap_or(Uuid::nil()))
                    .collect()
            }),
        };
        let (rows, more) = transfers::list(&state.db, &access, &filter, after, limit)
            .await
            .map_err(ApiError::from)?;
        Ok(paging::page(
            rows.into_iter().map(|row| {
                (
                    row.transfer.id.to_string(),
                    Transfer::new(row, access.clone()),
                )
            }),
            after.is_some(),
            more,
        ))
    }

    /// One transfer.
    async fn transfer(&self, ctx: &Context<'_>, id: ID) -> Result<Transfer> {
        let access = Arc::new(authorize(ctx, Need::STOCK_READ).await?);
        let state = ctx.data_unchecked::<AppState>();
        let record = transfers::get(&state.db, &access, transfer_id(&id)?)
            .await
            .map_err(ApiError::from)?;
        Ok(Transfer::new(record, access))
    }
}

#[derive(Default)]
pub struct TransfersMutation;

#[Object]
impl TransfersMutation {
    /// Plans a transfer (DRAFT, numbered `TR-000001`, …). Nothing moves until it ships.
    async fn create_transfer(
        &self,
        ctx: &Context<'_>,
        input: CreateTransferInput,
    ) -> Result<Transfer> {
        let access = Arc::new(authorize(ctx, Need::STOCK_PLAN).await?);
        let state = ctx.data_unchecked::<AppState>();
        let record = transfers::create(
            &state.db,
            &access,
            NewTransfer {
                from_location_id: location_id(&input.from_location_id)?,
                to_location_id: location_id(&input.to_location_id)?,
                lines: lines(input.lines)?,
                note: input.note,
            },
            input.idempotency_key.as_deref(),
        )
        .await
        .map_err(ApiError::from)?;
        Ok(Transfer::new(record, access))
    }

    /// Changes a DRAFT's lines or note (`CONFLICT` once shipped or cancelled).
    async fn update_transfer(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateTransferInput,
    ) -> Result<Transfer> {
        let access = Arc::new(authorize(ctx, Need::STOCK_PLAN).await?);
        let state = ctx.data_unchecked::<AppState>();
        let id = transfer_id(&id)?;
        let record = transfers::update(
            &state.db,
            &access,
            id,
            TransferPatch {
                lines: input.lines.map(lines).transpose()?,
                note: input.note,
            },
        )
        .await
        .map_err(ApiError::from)?;
        Ok(Transfer::new(record, access))
    }

    /// Ships a DRAFT: stock leaves the source (`TRANSFER_OUT`; `INSUFFICIENT_STOCK` and
    /// nothing moves when a line exceeds what is available) and shows as `incoming` at the
    /// destination. Shipping twice is a `CONFLICT` and posts nothing the second time.
    async fn ship_transfer(&self, ctx: &Context<'_>, id: ID) -> Result<Transfer> {
        let access = Arc::new(authorize(ctx, Need::STOCK_PLAN).await?);
        let state = ctx.data_unchecked::<AppState>();
        let record = transfers::ship(&state.db, &access, transfer_id(&id)?)
            .await
            .map_err(ApiError::from)?;
        Ok(Transfer::new(record, access))
    }

    /// Receives what arrived (`TRANSFER_IN`). Partly → PARTIALLY_RECEIVED; everything, or
    /// `close: true` → RECEIVED, with any shortfall recorded as missing (give
    /// `discrepancyReason`). Receiving more than is outstanding is `VALIDATION`.
    async fn receive_transfer(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: ReceiveTransferInput,
    ) -> Result<Transfer> {
        let access = Arc::new(authorize(ctx, Need::STOCK_WRITE).await?);
        let state = ctx.data_unchecked::<AppState>();
        let id = transfer_id(&id)?;
        let record = transfers::receive(
            &state.db,
            &access,
            id,
            Receipt {
                lines: lines(input.lines)?,
                close: input.close,
                discrepancy_reason: input.discrepancy_reason,
            },
        )
        .await
        .map_err(ApiError::from)?;
        Ok(Transfer::new(record, access))
    }

    /// Cancels a DRAFT (`CONFLICT` once shipped: receive and close it instead).
    async fn cancel_transfer(&self, ctx: &Context<'_>, id: ID) -> Result<Transfer> {
        let access = Arc::new(authorize(ctx, Need::STOCK_PLAN).await?);
        let state = ctx.data_unchecked::<AppState>();
        let record = transfers::cancel(&state.db, &access, transfer_id(&id)?)
            .await
            .map_err(ApiError::from)?;
        Ok(Transfer::new(record, access))
    }
}
