//! What came in from providers and what waits for a person: `syncIssues`,
//! `resolveSyncIssue`, `dismissSyncIssue`, `inboundEvents`, `reconcileChannel`.

use std::sync::Arc;

use async_graphql::{ComplexObject, Context, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use kura_shared::{InboundEventStatus, MappingKind, SyncIssueKind, SyncIssueStatus};
use uuid::Uuid;

use crate::graphql::{
    channels::connection::kura_target_id,
    channels::setup::channel_id,
    request::guard::{Need, authorize},
    sales::documents::Sale,
    types::{
        errors::ApiError,
        ids::{self, Kind},
        paging::{self, Page},
    },
};
use crate::{
    integrations::{ExternalSale, ExternalSaleKind},
    services::{
        ServiceError,
        access::Access,
        channels::inbound::{self, InboundEventRecord, IssueMapping, SyncIssueRecord},
        sales::documents,
    },
    state::AppState,
};

/// One line of a parked external sale, as the provider sent it.
#[derive(SimpleObject, Clone)]
pub struct ExternalSaleLine {
    /// The provider's item id (map this to a variant).
    external_id: Option<String>,
    sku: Option<String>,
    barcode: Option<String>,
    title: String,
    quantity: i64,
}

/// An external sale Kura could not record on its own.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct SyncIssue {
    /// Its global ID.
    id: ID,
    kind: SyncIssueKind,
    status: SyncIssueStatus,
    /// What is missing, in words.
    detail: String,
    /// The provider's id of the sale or refund.
    external_id: String,
    /// The provider's location id of the sale, to map when the issue is UNMAPPED_LOCATION.
    location_ref: Option<String>,
    /// The sale's lines as the provider sent them.
    lines: Vec<ExternalSaleLine>,
    /// Whether it is a refund.
    refund: bool,
    /// When it happened at the provider.
    occurred_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    resolved_at: Option<DateTime<Utc>>,
    #[graphql(skip)]
    row: SyncIssueRecord,
    #[graphql(skip)]
    access: Arc<Access>,
}

impl SyncIssue {
    fn new(row: SyncIssueRecord, access: &Arc<Access>) -> Self {
        let sale = row
            .sale
            .as_deref()
            .and_then(|json| serde_json::from_str::<ExternalSale>(json).ok());
        Self {
            id: ids::encode(Kind::SyncIssue, row.id),
            kind: row.kind,
            status: row.status,
            detail: row.detail.clone(),
            external_id: row.subject.clone(),
            location_ref: sale.as_ref().and_then(|s| s.location_ref.clone()),
            lines: sale
                .as_ref()
                .map(|s| {
                    s.lines
                        .iter()
                        .map(|l| ExternalSaleLine {
                            external_id: l.external_variant_id.clone(),
                            sku: l.sku.clone(),
                            barcode: l.barcode.clone(),
                            title: l.title.clone(),
                            quantity: l.quantity,
                        })
                        .collect()
                })
                .unwrap_or_default(),
            refund: sale
                .as_ref()
                .is_some_and(|s| matches!(s.kind, ExternalSaleKind::Refund { .. })),
            occurred_at: sale.as_ref().map(|s| s.occurred_at),
            created_at: row.created_at,
            updated_at: row.updated_at,
            resolved_at: row.resolved_at,
            row,
            access: access.clone(),
        }
    }
}

#[ComplexObject]
impl SyncIssue {
    /// The channel.
    async fn channel_id(&self) -> ID {
        ids::encode(Kind::Channel, self.row.channel_id)
    }

    /// The delivery it came from, if a webhook brought it.
    async fn inbound_event_id(&self) -> Option<ID> {
        self.row
            .inbound_event_id
            .map(|id| ids::encode(Kind::InboundEvent, id))
    }

    /// The sale recorded once it was resolved.
    async fn sale(&self, ctx: &Context<'_>) -> Result<Option<Sale>> {
        let Some(id) = self.row.sale_id else {
            return Ok(None);
        };
        let state = ctx.data_unchecked::<AppState>();
        let record = documents::get(&state.db, &self.access, id)
            .await
            .map_err(ApiError::from)?;
        Ok(Some(Sale::new(record, self.access.clone())))
    }
}

/// One webhook delivery and what became of it.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct InboundEvent {
    /// Its global ID.
    id: ID,
    /// The provider's id of the delivery.
    provider_event_id: String,
    /// The provider's topic or event name.
    topic: String,
    status: InboundEventStatus,
    /// What Kura did or why not.
    note: String,
    /// How many times Kura acted on it.
    attempts: i32,
    received_at: DateTime<Utc>,
    processed_at: Option<DateTime<Utc>>,
    #[graphql(skip)]
    channel: Uuid,
}

#[ComplexObject]
impl InboundEvent {
    /// The channel.
    async fn channel_id(&self) -> ID {
        ids::encode(Kind::Channel, self.channel)
    }
}

impl From<InboundEventRecord> for InboundEvent {
    fn from(row: InboundEventRecord) -> Self {
        Self {
            id: ids::encode(Kind::InboundEvent, row.id),
            provider_event_id: row.provider_event_id,
            topic: row.topic,
            status: row.status,
            note: row.note,
            attempts: row.attempts,
            received_at: row.received_at,
            processed_at: row.processed_at,
            channel: row.channel_id,
        }
    }
}

/// A mapping given while resolving an issue.
#[derive(InputObject)]
pub struct SyncIssueMappingInput {
    /// The provider's item or location id.
    external_id: String,
    kind: MappingKind,
    /// The Kura variant (or location) it stands for.
    kura_id: ID,
}

/// What a reconciliation found.
#[derive(SimpleObject)]
pub struct ReconcileResult {
    /// Sales and refunds the provider listed for the last 48 hours.
    seen: i32,
    /// Recorded now: their webhooks never arrived.
    recorded: i32,
    /// Parked as sync issues.
    parked: i32,
}

fn issue_id(id: &ID) -> Result<Uuid, ApiError> {
    ids::decode(Kind::SyncIssue, id).ok_or_else(|| ServiceError::NotFound("Sync issue").into())
}

#[derive(Default)]
pub struct ChannelSyncQuery;

#[Object]
impl ChannelSyncQuery {
    /// External sales of a channel that wait for a person (or, with `status`, those
    /// resolved or dismissed), oldest first.
    #[graphql(complexity = "paging::cost(first, child_complexity)")]
    async fn sync_issues(
        &self,
        ctx: &Context<'_>,
        channel_id: ID,
        status: Option<SyncIssueStatus>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<SyncIssue>> {
        let access = Arc::new(authorize(ctx, Need::SALES_READ).await?);
        let limit = paging::page_size(first)?;
        let after = paging::decode_id(after.as_deref())?;
        let state = ctx.data_unchecked::<AppState>();
        let (rows, more) = inbound::issues(
            &state.db,
            &access,
            self::channel_id(&channel_id)?,
            status,
            after,
            limit,
        )
        .await
        .map_err(ApiError::from)?;
        Ok(paging::page(
            rows.into_iter()
                .map(|row| (row.id.to_string(), SyncIssue::new(row, &access))),
            after.is_some(),
            more,
        ))
    }

    /// A channel's webhook deliveries, newest first.
    #[graphql(complexity = "paging::cost(first, child_complexity)")]
    async fn inbound_events(
        &self,
        ctx: &Context<'_>,
        channel_id: ID,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<InboundEvent>> {
        let access = Arc::new(authorize(ctx, Need::SALES_READ).await?);
        let limit = paging::page_size(first)?;
        let after = paging::decode_id(after.as_deref())?;
        let state = ctx.data_unchecked::<AppState>();
        let (rows, more) = inbound::deliveries(
            &state.db,
            &access,
            self::channel_id(&channel_id)?,
            after,
            limit,
        )
        .await
        .map_err(ApiError::from)?;
        Ok(paging::page(
            rows.into_iter()
                .map(|row| (row.id.to_string(), InboundEvent::from(row))),
            after.is_some(),
            more,
        ))
    }
}

#[derive(Default)]
pub struct ChannelSyncMutation;

#[Object]
impl ChannelSyncMutation {
    /// Maps the issue's items (or location) and records its sale (managers and up). The
    /// issue stays open, with what is still missing, until the sale is recorded.
    async fn resolve_sync_issue(
        &self,
        ctx: &Context<'_>,
        id: ID,
        #[graphql(default)] mappings: Vec<SyncIssueMappingInput>,
    ) -> Result<SyncIssue> {
        let access = Arc::new(authorize(ctx, Need::CATALOG_WRITE).await?);
        let state = ctx.data_unchecked::<AppState>();
        let mappings = mappings
            .into_iter()
            .map(|m| {
                Ok(IssueMapping {
                    kura_id: kura_target_id(m.kind, &m.kura_id)?,
                    external_id: m.external_id,
                    kind: m.kind,
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        let row = inbound::resolve_issue(&state.db, &access, issue_id(&id)?, mappings)
            .await
            .map_err(ApiError::from)?;
        Ok(SyncIssue::new(row, &access))
    }

    /// Sets an issue aside without recording its sale (managers and up).
    async fn dismiss_sync_issue(&self, ctx: &Context<'_>, id: ID) -> Result<SyncIssue> {
        let access = Arc::new(authorize(ctx, Need::CATALOG_WRITE).await?);
        let state = ctx.data_unchecked::<AppState>();
        let row = inbound::dismiss_issue(&state.db, &access, issue_id(&id)?)
            .await
            .map_err(ApiError::from)?;
        Ok(SyncIssue::new(row, &access))
    }

    /// Asks the channel's provider for its last 48 hours of orders now and records what
    /// no webhook brought (admins and up).
    async fn reconcile_channel(
        &self,
        ctx: &Context<'_>,
        channel_id: ID,
    ) -> Result<ReconcileResult> {
        let access = authorize(ctx, Need::CHANNELS_WRITE).await?;
        let state = ctx.data_unchecked::<AppState>();
        // Loaded inside the caller's company: another company's channel is NOT_FOUND.
        let channel = self::channel_id(&channel_id)?;
        let report =
            inbound::reconcile_channel(&state.db, &state.integrations, access.tenant_id, channel)
                .await
                .map_err(ApiError::from)?;
        let count = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
        Ok(ReconcileResult {
            seen: count(report.seen),
            recorded: count(report.recorded),
            parked: count(report.parked),
        })
    }
}
