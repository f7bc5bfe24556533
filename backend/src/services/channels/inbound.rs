//! Webhook deliveries from providers: stored first (so a crash never loses one, and a
//! redelivery is recognised by the provider's event id), then acted on. Also the sync
//! issues staff resolve or dismiss, and reconciliation against each provider's API.
//!
//! Provider stock-level events are acknowledged and stored as ignored: Kura is the source
//! of truth for stock and pushes its own levels out; taking a provider's number back in
//! would overwrite Kura's ledger with a copy of itself that may be stale.

use chrono::{DateTime, Duration, Utc};
use kura_shared::{
    ChannelProvider, InboundEventStatus, MappingKind, SyncIssueKind, SyncIssueStatus,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::services::{
    ServiceError,
    access::Access,
    channels::connection,
    channels::ingest::{self, Outcome},
    channels::mappings::{self, MappingSource, NewMapping},
    channels::setup::{self, ChannelRecord},
    idempotency,
};
use crate::{
    integrations::{
        ExternalSale, InboundEvent, IntegrationError,
        connection::{Connection, Integrations},
        shopify, smaregi, square,
    },
    store::{
        self,
        tenant::{
            TenantTx,
            records::{inbound_event, sync_issue},
        },
    },
};

/// A delivery a provider sent: its topic, body as received and how processing went. The
/// stored row holds no credential, so it is the record.
pub type InboundEventRecord = inbound_event::Model;

/// Something a delivery could not do on its own (an unknown product, a missing mapping), for
/// someone to resolve or ignore.
pub type SyncIssueRecord = sync_issue::Model;

/// Attempts before a delivery that keeps failing (provider down) is given up as FAILED.
pub const MAX_ATTEMPTS: i32 = 10;

/// How far back reconciliation looks.
pub const RECONCILE_WINDOW_HOURS: i64 = 48;

/// The longest stored body (Kura's request limit is larger; provider events are small).
const MAX_STORED_BODY: usize = 1024 * 1024;

/// A verified delivery to store.
#[derive(Debug, Clone)]
pub struct Delivery {
    /// The provider's id of the delivery (its dedupe key within the channel).
    pub provider_event_id: String,
    /// The topic or event name.
    pub topic: String,
    /// Fingerprint of the signed content when the provider's event id is not signed
    /// (Shopify): a second delivery with the same one is a replay.
    pub content_hash: Option<String>,
    /// The raw body as received.
    pub body: Vec<u8>,
}

/// The channel a webhook URL names, as far as checking a delivery needs it.
#[derive(Debug, Clone)]
pub struct WebhookChannel {
    /// Its company.
    pub tenant_id: Uuid,
    /// The secret deliveries are signed with; empty when none is set.
    pub secret: String,
    /// The notification URL registered with the provider, which Square signs.
    pub notification_url: Option<String>,
}

/// Channel `id` when it is live and takes `provider`'s webhooks; `None` for an unknown or
/// archived channel or another provider's, which the caller cannot tell apart.
pub async fn webhook_channel(
    db: &DatabaseConnection,
    id: Uuid,
    provider: ChannelProvider,
) -> Result<Option<WebhookChannel>, ServiceError> {
    let Some(channel) = store::channel_sync::webhook_channel(db, id).await? else {
        return Ok(None);
    };
    if channel.provider != provider || channel.archived_at.is_some() {
        return Ok(None);
    }
    Ok(Some(WebhookChannel {
        tenant_id: channel.tenant_id,
        secret: channel.webhook_secret.unwrap_or_default(),
        notification_url: Connection::from_settings(&channel.settings).notification_url,
    }))
}

/// A delivery just stored, with the channel it came to (read in the same transaction), so
/// the webhook can act on it without reading either again.
pub struct Stored {
    row: inbound_event::Model,
    channel: ChannelRecord,
}

impl Stored {
    /// The stored delivery's id.
    pub fn id(&self) -> Uuid {
        self.row.id
    }
}

/// Stores a delivery; `None` when the channel already has one with this provider id or
/// content fingerprint.
pub async fn store_delivery(
    db: &DatabaseConnection,
    tenant_id: Uuid,
    channel_id: Uuid,
    delivery: &Delivery,
) -> Result<Option<Stored>, ServiceError> {
    let body = String::from_utf8_lossy(&delivery.body[..delivery.body.len().min(MAX_STORED_BODY)])
        .into_owned();
    let tx = TenantTx::write(db, tenant_id).await?;
    let inserted = tx
        .insert(inbound_event::ActiveModel {
            tenant_id: Set(tenant_id),
            id: Set(Uuid::now_v7()),
            channel_id: Set(channel_id),
            provider_event_id: Set(delivery.provider_event_id.chars().take(200).collect()),
            topic: Set(delivery.topic.chars().take(200).collect()),
            body: Set(body),
            status: Set(InboundEventStatus::Received),
            note: Set(String::new()),
            attempts: Set(0),
            received_at: Set(Utc::now()),
            processed_at: Set(None),
            content_hash: Set(delivery.content_hash.clone()),
        })
        .await;
    match inserted {
        Ok(row) => {
            let channel = setup::load(&tx, channel_id).await?;
            tx.commit().await?;
            Ok(Some(Stored { row, channel }))
        }
        Err(e) if idempotency::is_duplicate(&e) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// What one event inside a delivery came to.
enum Step {
    Done(Outcome),
    /// The provider could not be reached; try the delivery again later.
    Retry(String),
}

async fn fetch(
    integrations: &Integrations,
    provider: ChannelProvider,
    connection: &crate::integrations::connection::Connection,
    transaction_id: &str,
) -> Result<Vec<ExternalSale>, IntegrationError> {
    match provider {
        ChannelProvider::Square => {
            integrations
                .square(connection)?
                .retrieve_order(transaction_id)
                .await
        }
        ChannelProvider::Smaregi => Ok(vec![
            integrations
                .smaregi(connection)
                .await?
                .transaction(transaction_id)
                .await?,
        ]),
        _ => Err(IntegrationError::Rejected(
            "this provider's webhooks carry whole orders".into(),
        )),
    }
}

fn parse(
    provider: ChannelProvider,
    topic: &str,
    body: &[u8],
) -> Result<Vec<InboundEvent>, IntegrationError> {
    match provider {
        ChannelProvider::Shopify => shopify::parse_webhook(topic, body).map(|e| vec![e]),
        ChannelProvider::Square => square::parse_webhook(body).map(|(_, events)| events),
        ChannelProvider::Smaregi => smaregi::parse_webhook(topic, body),
        _ => Ok(vec![InboundEvent::Ignored {
            topic: topic.to_owned(),
        }]),
    }
}

/// Acts on a stored delivery (the retry loop): records its sales, parks what needs a
/// person, and notes what it ignored. Safe to run twice.
pub async fn process_delivery(
    db: &DatabaseConnection,
    integrations: &Integrations,
    tenant_id: Uuid,
    event_id: Uuid,
) -> Result<InboundEventStatus, ServiceError> {
    let (row, channel) = load_delivery(db, tenant_id, event_id).await?;
    process_stored(db, integrations, tenant_id, Stored { row, channel }).await
}

/// [`process_delivery`] for a delivery the caller has just stored (the webhook's fast
/// path), without reading it back.
pub async fn process_stored(
    db: &DatabaseConnection,
    integrations: &Integrations,
    tenant_id: Uuid,
    stored: Stored,
) -> Result<InboundEventStatus, ServiceError> {
    let Stored { row, channel } = stored;
    if row.status != InboundEventStatus::Received {
        return Ok(row.status);
    }
    let delivery = Processing {
        db,
        integrations,
        tenant_id,
        channel: &channel,
        row: &row,
    };
    let events = match parse(channel.channel.provider, &row.topic, row.body.as_bytes()) {
        Ok(events) => events,
        Err(e) => return delivery.unreadable(&e).await,
    };
    let mut steps = Vec::new();
    for event in events {
        steps.extend(delivery.act_on(event).await?);
    }
    let (status, note) = outcome(steps);
    finish(db, tenant_id, row.id, status, &note, row.attempts).await
}

/// A stored delivery and the channel it came to.
async fn load_delivery(
    db: &DatabaseConnection,
    tenant_id: Uuid,
    event_id: Uuid,
) -> Result<(inbound_event::Model, ChannelRecord), ServiceError> {
    let tx = TenantTx::read(db, tenant_id).await?;
    let row = tx
        .select::<inbound_event::Model>()
        .filter(inbound_event::Column::Id.eq(event_id))
        .one(tx.conn())
        .await?
        .ok_or(ServiceError::NotFound("Inbound event"))?;
    let channel = setup::load(&tx, row.channel_id).await?;
    tx.commit().await?;
    Ok((row, channel))
}

/// One delivery being acted on.
struct Processing<'a> {
    db: &'a DatabaseConnection,
    integrations: &'a Integrations,
    tenant_id: Uuid,
    channel: &'a ChannelRecord,
    row: &'a inbound_event::Model,
}

impl Processing<'_> {
    /// What one event of the delivery comes to.
    async fn act_on(&self, event: InboundEvent) -> Result<Vec<Step>, ServiceError> {
        Ok(match event {
            InboundEvent::Sale(sale) => vec![Step::Done(self.ingest(&sale).await?)],
            InboundEvent::OrderCancelled {
                external_id,
                reason,
            } => vec![Step::Done(
                ingest::cancel_order(
                    self.db,
                    self.tenant_id,
                    self.channel.channel.id,
                    Some(self.row.id),
                    &external_id,
                    &reason,
                )
                .await?,
            )],
            InboundEvent::FetchTransaction { transaction_id } => {
                self.fetch_and_ingest(&transaction_id).await?
            }
            InboundEvent::InventoryLevel { .. } => vec![Step::Done(Outcome::Ignored(
                "A stock level from the provider: Kura is the source of truth for stock, so it is not applied".into(),
            ))],
            InboundEvent::Ignored { topic } => vec![Step::Done(Outcome::Ignored(format!(
                "{topic}: not a sale Kura records"
            )))],
        })
    }

    async fn ingest(&self, sale: &ExternalSale) -> Result<Outcome, ServiceError> {
        let channel_id = self.channel.channel.id;
        ingest::ingest(self.db, self.tenant_id, channel_id, Some(self.row.id), sale).await
    }

    /// Fetches a transaction the webhook only named and records its sales. An unreachable
    /// provider is tried again later, until the delivery runs out of attempts.
    async fn fetch_and_ingest(&self, transaction_id: &str) -> Result<Vec<Step>, ServiceError> {
        let connection = connection::of(self.channel);
        let fetched = fetch(
            self.integrations,
            self.channel.channel.provider,
            &connection,
            transaction_id,
        )
        .await;
        match fetched {
            Ok(sales) => {
                let mut steps = Vec::new();
                for sale in ingest::in_recording_order(sales) {
                    steps.push(Step::Done(self.ingest(&sale).await?));
                }
                Ok(steps)
            }
            Err(e) if e.is_retryable() && self.row.attempts + 1 < MAX_ATTEMPTS => {
                Ok(vec![Step::Retry(format!("{transaction_id}: {e}"))])
            }
            Err(e) => {
                let detail = format!("Kura could not fetch {transaction_id}: {e}");
                let kind = SyncIssueKind::Failed;
                let issue_id = self.open_issue(transaction_id, &detail).await?;
                Ok(vec![Step::Done(Outcome::Parked { issue_id, kind })])
            }
        }
    }

    /// A delivery Kura cannot read: FAILED, with an issue for a person.
    async fn unreadable(
        &self,
        error: &IntegrationError,
    ) -> Result<InboundEventStatus, ServiceError> {
        let detail = format!("Kura could not read this delivery: {error}");
        let subject = format!("event:{}", self.row.provider_event_id);
        self.open_issue(&subject, &detail).await?;
        let failed = InboundEventStatus::Failed;
        finish(
            self.db,
            self.tenant_id,
            self.row.id,
            failed,
            &detail,
            self.row.attempts,
        )
        .await
    }

    async fn open_issue(&self, subject: &str, detail: &str) -> Result<Uuid, ServiceError> {
        ingest::open_issue(
            self.db,
            self.tenant_id,
            self.channel.channel.id,
            Some(self.row.id),
            subject,
            SyncIssueKind::Failed,
            detail,
            None,
        )
        .await
    }
}

/// What a delivery came to: the most serious status of its steps (a retry outranks a
/// failure, a failure a parked sale, and so on), and their notes.
fn outcome(steps: Vec<Step>) -> (InboundEventStatus, String) {
    let rank = |s: InboundEventStatus| match s {
        InboundEventStatus::Ignored => 0,
        InboundEventStatus::Processed => 1,
        InboundEventStatus::Parked => 2,
        InboundEventStatus::Failed => 3,
        InboundEventStatus::Received => 4,
    };
    let mut status = InboundEventStatus::Ignored;
    let mut notes = Vec::new();
    for step in steps {
        let (promoted, note) = match step {
            Step::Done(Outcome::Recorded { replayed, .. } | Outcome::Ordered { replayed, .. }) => (
                Some(InboundEventStatus::Processed),
                replayed.then(|| "already recorded".to_owned()),
            ),
            Step::Done(Outcome::Parked { kind, .. }) => (
                Some(if kind == SyncIssueKind::Failed {
                    InboundEventStatus::Failed
                } else {
                    InboundEventStatus::Parked
                }),
                Some(format!("sync issue {}", kind.as_str())),
            ),
            Step::Done(Outcome::Ignored(note)) => (None, Some(note)),
            Step::Retry(note) => (Some(InboundEventStatus::Received), Some(note)),
        };
        if let Some(promoted) = promoted.filter(|s| rank(*s) > rank(status)) {
            status = promoted;
        }
        notes.extend(note);
    }
    notes.dedup();
    (status, notes.join("; "))
}

async fn finish(
    db: &DatabaseConnection,
    tenant_id: Uuid,
    event_id: Uuid,
    status: InboundEventStatus,
    note: &str,
    attempts: i32,
) -> Result<InboundEventStatus, ServiceError> {
    let tx = TenantTx::write(db, tenant_id).await?;
    tx.update::<inbound_event::Model>()
        .set(inbound_event::ActiveModel {
            status: Set(status),
            note: Set(note.chars().take(2000).collect()),
            attempts: Set(attempts + 1),
            processed_at: Set((status != InboundEventStatus::Received).then(Utc::now)),
            ..Default::default()
        })
        .filter(inbound_event::Column::Id.eq(event_id))
        .exec(tx.conn())
        .await?;
    tx.commit().await?;
    Ok(status)
}

/// Processes deliveries stored but not yet acted on (the process died after storing, or
/// the provider was unreachable), across companies. Returns how many were tried.
pub async fn retry_pending(
    db: &DatabaseConnection,
    integrations: &Integrations,
    older_than: Duration,
) -> Result<usize, ServiceError> {
    let pending = store::channel_sync::pending_deliveries(
        db,
        InboundEventStatus::Received,
        Utc::now() - older_than,
        100,
    )
    .await?;
    for (tenant_id, event_id) in &pending {
        if let Err(e) = process_delivery(db, integrations, *tenant_id, *event_id).await {
            tracing::warn!(%event_id, error = %e, "retrying a webhook delivery failed");
        }
    }
    Ok(pending.len())
}

/// A channel's recent deliveries, newest first, before `before`.
pub async fn deliveries(
    db: &DatabaseConnection,
    access: &Access,
    channel_id: Uuid,
    before: Option<Uuid>,
    limit: u64,
) -> Result<(Vec<InboundEventRecord>, bool), ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    setup::load(&tx, channel_id).await?;
    let mut query = tx
        .select::<inbound_event::Model>()
        .filter(inbound_event::Column::ChannelId.eq(channel_id))
        .order_by_desc(inbound_event::Column::Id)
        .limit(limit + 1);
    if let Some(before) = before {
        query = query.filter(inbound_event::Column::Id.lt(before));
    }
    let mut rows = query.all(tx.conn()).await?;
    let more = crate::services::trim_page(&mut rows, limit);
    tx.commit().await?;
    Ok((rows, more))
}

/// A channel's sync issues (of one status when given), oldest first, after `after`.
pub async fn issues(
    db: &DatabaseConnection,
    access: &Access,
    channel_id: Uuid,
    status: Option<SyncIssueStatus>,
    after: Option<Uuid>,
    limit: u64,
) -> Result<(Vec<SyncIssueRecord>, bool), ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    setup::load(&tx, channel_id).await?;
    let mut query = tx
        .select::<sync_issue::Model>()
        .filter(sync_issue::Column::ChannelId.eq(channel_id))
        .order_by_asc(sync_issue::Column::Id)
        .limit(limit + 1);
    if let Some(status) = status {
        query = query.filter(sync_issue::Column::Status.eq(status));
    }
    if let Some(after) = after {
        query = query.filter(sync_issue::Column::Id.gt(after));
    }
    let mut rows = query.all(tx.conn()).await?;
    let more = crate::services::trim_page(&mut rows, limit);
    tx.commit().await?;
    Ok((rows, more))
}

async fn load_issue(tx: &TenantTx, id: Uuid) -> Result<sync_issue::Model, ServiceError> {
    tx.select::<sync_issue::Model>()
        .filter(sync_issue::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .ok_or(ServiceError::NotFound("Sync issue"))
}

/// One sync issue.
pub async fn issue(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
) -> Result<SyncIssueRecord, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let row = load_issue(&tx, id).await?;
    tx.commit().await?;
    Ok(row)
}

/// A mapping given while resolving an issue.
#[derive(Debug, Clone)]
pub struct IssueMapping {
    /// The provider's id.
    pub external_id: String,
    /// Variant or location.
    pub kind: MappingKind,
    /// The Kura variant or location.
    pub kura_id: Uuid,
}

fn not_open() -> ServiceError {
    ServiceError::Conflict {
        message: "This issue is no longer open".into(),
        field: Some("id"),
    }
}

/// Saves the given mappings and records the issue's sale again. The issue is resolved
/// when the sale is recorded; otherwise it stays open with what is still missing.
pub async fn resolve_issue(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
    mappings: Vec<IssueMapping>,
) -> Result<SyncIssueRecord, ServiceError> {
    let tx = TenantTx::write(db, access.tenant_id).await?;
    let issue = load_issue(&tx, id).await?;
    if issue.status == SyncIssueStatus::Resolved {
        tx.commit().await?;
        return Ok(issue);
    }
    if issue.status != SyncIssueStatus::Open {
        return Err(not_open());
    }
    for mapping in mappings {
        let mapping = NewMapping {
            channel_id: issue.channel_id,
            kind: mapping.kind,
            external_id: mapping.external_id,
            external_ref: None,
            kura_id: mapping.kura_id,
        };
        mappings::check_target(&tx, &mapping).await?;
        mappings::set(&tx, &mapping, MappingSource::Manual).await?;
    }
    tx.commit().await?;
    let sale = issue
        .sale
        .as_deref()
        .and_then(|json| serde_json::from_str::<ExternalSale>(json).ok());
    match sale {
        Some(sale) => {
            ingest::ingest(
                db,
                access.tenant_id,
                issue.channel_id,
                issue.inbound_event_id,
                &sale,
            )
            .await?;
        }
        None => {
            if let Some(event) = issue.inbound_event_id {
                reset_delivery(db, access.tenant_id, event).await?;
            }
        }
    }
    if let Some(event) = issue.inbound_event_id {
        mark_delivery_if_settled(db, access.tenant_id, event).await?;
    }
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let row = load_issue(&tx, id).await?;
    tx.commit().await?;
    Ok(row)
}

/// A delivery that failed for want of the provider gets another go.
async fn reset_delivery(
    db: &DatabaseConnection,
    tenant_id: Uuid,
    event_id: Uuid,
) -> Result<(), ServiceError> {
    let tx = TenantTx::write(db, tenant_id).await?;
    tx.update::<inbound_event::Model>()
        .set(inbound_event::ActiveModel {
            status: Set(InboundEventStatus::Received),
            attempts: Set(0),
            ..Default::default()
        })
        .filter(inbound_event::Column::Id.eq(event_id))
        .exec(tx.conn())
        .await?;
    tx.commit().await?;
    Ok(())
}

/// A parked delivery becomes processed once none of its issues is open.
async fn mark_delivery_if_settled(
    db: &DatabaseConnection,
    tenant_id: Uuid,
    event_id: Uuid,
) -> Result<(), ServiceError> {
    let tx = TenantTx::write(db, tenant_id).await?;
    let open = tx
        .select::<sync_issue::Model>()
        .filter(sync_issue::Column::InboundEventId.eq(event_id))
        .filter(sync_issue::Column::Status.eq(SyncIssueStatus::Open))
        .one(tx.conn())
        .await?;
    if open.is_none() {
        tx.update::<inbound_event::Model>()
            .set(inbound_event::ActiveModel {
                status: Set(InboundEventStatus::Processed),
                processed_at: Set(Some(Utc::now())),
                ..Default::default()
            })
            .filter(inbound_event::Column::Id.eq(event_id))
            .filter(
                inbound_event::Column::Status
                    .is_in([InboundEventStatus::Parked, InboundEventStatus::Failed]),
            )
            .exec(tx.conn())
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Sets an open issue aside; nothing is recorded.
pub async fn dismiss_issue(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
) -> Result<SyncIssueRecord, ServiceError> {
    let tx = TenantTx::write(db, access.tenant_id).await?;
    let issue = load_issue(&tx, id).await?;
    if issue.status == SyncIssueStatus::Dismissed {
        tx.commit().await?;
        return Ok(issue);
    }
    if issue.status != SyncIssueStatus::Open {
        return Err(not_open());
    }
    let now = Utc::now();
    tx.update::<sync_issue::Model>()
        .set(sync_issue::ActiveModel {
            status: Set(SyncIssueStatus::Dismissed),
            resolved_by: Set(access.actor.user_id),
            resolved_at: Set(Some(now)),
            updated_at: Set(now),
            ..Default::default()
        })
        .filter(sync_issue::Column::Id.eq(id))
        .exec(tx.conn())
        .await?;
    let row = load_issue(&tx, id).await?;
    tx.commit().await?;
    // Like a resolved one, a dismissed issue no longer holds its delivery in PARKED.
    if let Some(event) = row.inbound_event_id {
        mark_delivery_if_settled(db, access.tenant_id, event).await?;
    }
    Ok(row)
}

/// What one reconciliation of a channel did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reconciled {
    /// Sales and refunds the provider listed.
    pub seen: usize,
    /// Of those, recorded now (the webhook never came).
    pub recorded: usize,
    /// Parked as sync issues.
    pub parked: usize,
}

/// Pulls the channel's last [`RECONCILE_WINDOW_HOURS`] of orders or transactions from its
/// provider and records what Kura does not have yet, through the same path as webhooks.
pub async fn reconcile_channel(
    db: &DatabaseConnection,
    integrations: &Integrations,
    tenant_id: Uuid,
    channel_id: Uuid,
) -> Result<Reconciled, ServiceError> {
    let tx = TenantTx::read(db, tenant_id).await?;
    let channel: ChannelRecord = setup::load(&tx, channel_id).await?;
    let location_refs = crate::services::channels::mappings::reverse(
        &tx,
        channel_id,
        MappingKind::Location,
        &channel.location_ids,
    )
    .await?;
    tx.commit().await?;
    let connection = connection::of(&channel);
    let since: DateTime<Utc> = Utc::now() - Duration::hours(RECONCILE_WINDOW_HOURS);
    let provider_error = |e: IntegrationError| ServiceError::Conflict {
        message: format!("The provider could not be asked: {e}"),
        field: None,
    };
    let sales = match channel.channel.provider {
        ChannelProvider::Shopify => integrations
            .shopify(&connection)
            .map_err(provider_error)?
            .orders_since(since)
            .await
            .map_err(provider_error)?,
        ChannelProvider::Square => {
            let locations: Vec<String> = location_refs.into_iter().map(|(_, e, _)| e).collect();
            integrations
                .square(&connection)
                .map_err(provider_error)?
                .search_orders_since(&locations, since)
                .await
                .map_err(provider_error)?
        }
        ChannelProvider::Smaregi => integrations
            .smaregi(&connection)
            .await
            .map_err(provider_error)?
            .transactions_since(since)
            .await
            .map_err(provider_error)?,
        _ => {
            return Err(ServiceError::Conflict {
                message: "Only Shopify, Square and Smaregi channels are reconciled".into(),
                field: Some("channelId"),
            });
        }
    };
    let mut report = Reconciled {
        seen: sales.len(),
        ..Reconciled::default()
    };
    for sale in ingest::in_recording_order(sales) {
        match ingest::ingest(db, tenant_id, channel_id, None, &sale).await? {
            Outcome::Recorded {
                replayed: false, ..
            }
            | Outcome::Ordered {
                replayed: false, ..
            } => report.recorded += 1,
            Outcome::Parked { .. } => report.parked += 1,
            _ => {}
        }
    }
    Ok(report)
}

/// Reconciles every connected Shopify, Square and Smaregi channel of every company.
pub async fn reconcile_all(db: &DatabaseConnection, integrations: &Integrations) -> usize {
    let providers = [
        ChannelProvider::Shopify,
        ChannelProvider::Square,
        ChannelProvider::Smaregi,
    ];
    let channels = match store::channel_sync::channels_to_sync(db, &providers).await {
        Ok(channels) => channels,
        Err(e) => {
            tracing::warn!(error = %e, "listing channels to reconcile failed");
            return 0;
        }
    };
    let mut done = 0;
    for (tenant_id, channel_id) in channels {
        match reconcile_channel(db, integrations, tenant_id, channel_id).await {
            Ok(report) => {
                done += 1;
                if report.recorded > 0 || report.parked > 0 {
                    tracing::info!(%channel_id, ?report, "reconciled a channel");
                }
            }
            // Not connected yet, or the provider is down: the next round tries again.
            Err(e) => tracing::debug!(%channel_id, error = %e, "channel not reconciled"),
        }
    }
    done
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recorded(replayed: bool) -> Step {
        Step::Done(Outcome::Recorded {
            sale_id: Uuid::nil(),
            replayed,
        })
    }

    fn parked(kind: SyncIssueKind) -> Step {
        Step::Done(Outcome::Parked {
            issue_id: Uuid::nil(),
            kind,
        })
    }

    #[test]
    fn a_delivery_takes_the_most_serious_status_of_its_steps() {
        let ignored = || Step::Done(Outcome::Ignored("money only".into()));
        assert_eq!(outcome(vec![]).0, InboundEventStatus::Ignored);
        assert_eq!(outcome(vec![ignored()]).0, InboundEventStatus::Ignored);
        assert_eq!(
            outcome(vec![ignored(), recorded(false)]).0,
            InboundEventStatus::Processed
        );
        assert_eq!(
            outcome(vec![parked(SyncIssueKind::Failed), recorded(false)]).0,
            InboundEventStatus::Failed
        );
        assert_eq!(
            outcome(vec![recorded(false), Step::Retry("down".into())]).0,
            InboundEventStatus::Received,
            "a step to retry keeps the whole delivery for the retry loop"
        );
    }

    #[test]
    fn a_delivery_notes_each_step_once_in_order() {
        let (_, note) = outcome(vec![
            recorded(true),
            recorded(true),
            recorded(false),
            parked(SyncIssueKind::Failed),
            Step::Retry("T-1: timed out".into()),
        ]);
        assert_eq!(note, "already recorded; sync issue FAILED; T-1: timed out");
    }
}
