//! Creating an order: from the dashboard, a partner (`createOrder` with an idempotency key)
//! or a channel (its own order number). Numbered `SO-<year>-<n>` without gaps; a draft
//! until confirmed, unless the caller confirms it in the same call.

use std::collections::BTreeSet;

use chrono::Utc;
use kura_shared::PriceRate;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::{
    NewOrder, OrderRecord,
    allocation::confirm_in,
    draft::{self, Document, Header, Pricing},
    numbers, read, write,
};
use crate::services::{
    ServiceError,
    access::Access,
    accounts::audit::AuditAction,
    catalog::products::{self, VariantLookup},
    channels::setup,
    idempotency::{self, Command, Key, Stop},
    sales::customers,
    stock::inventory,
    text,
};
use crate::store::tenant::TenantTx;

/// Creates an order (and confirms it when `confirm`). A repeat with the same channel order
/// number, or the same idempotency key, returns the first order.
pub async fn create(
    db: &DatabaseConnection,
    access: &Access,
    input: NewOrder,
    confirm: bool,
) -> Result<OrderRecord, ServiceError> {
    let (key, command) = prepare(access, &input, confirm)?;
    idempotency::once(db, access.tenant_id, key.as_ref(), &command).await
}

/// [`create`] inside a transaction the caller commits: a quote becomes an order in the
/// same transaction that marks it accepted, so neither happens without the other.
pub(in crate::services::orders) async fn create_in(
    tx: &TenantTx,
    access: &Access,
    input: &NewOrder,
    confirm: bool,
) -> Result<OrderRecord, Stop> {
    let (key, command) = prepare(access, input, confirm)?;
    idempotency::once_in(tx, key.as_ref(), &command).await
}

/// The input checked, and the command (with its retry key) that creates the order.
fn prepare<'a>(
    access: &'a Access,
    input: &'a NewOrder,
    confirm: bool,
) -> Result<(Option<Key>, Create<'a>), ServiceError> {
    draft::check_lines(Document::Order, &input.lines)?;
    let external = text::optional(
        input.external_id.as_deref().unwrap_or_default(),
        200,
        "externalId",
    )?;
    let external = (!external.is_empty()).then_some(external);
    let note = text::optional(input.note.as_deref().unwrap_or_default(), 2000, "note")?;
    let key = retry_key(
        input.channel_id,
        external.as_deref(),
        input.idempotency_key.as_deref(),
    )?;
    let command = Create {
        access,
        input,
        external,
        note,
        confirm,
    };
    Ok((key, command))
}

/// The 掛率 of the customer a document is for: unpriced lines are charged at it.
pub(in crate::services::orders) async fn customer_rate(
    tx: &TenantTx,
    customer_id: Option<Uuid>,
) -> Result<Option<PriceRate>, ServiceError> {
    let Some(id) = customer_id else {
        return Ok(None);
    };
    let customer = customers::get_in(tx, id).await?;
    Ok(customer
        .price_rate
        .and_then(|rate| PriceRate::new(i64::from(rate)).ok()))
}

/// A channel's order number is unique per channel; a caller's key has its own namespace.
fn retry_key(
    channel_id: Option<Uuid>,
    external: Option<&str>,
    key: Option<&str>,
) -> Result<Option<Key>, ServiceError> {
    Ok(match (external, idempotency::parse_key(key)?) {
        (Some(external), _) => Some(Key::new(
            format!(
                "createOrder/{}",
                channel_id.map_or_else(|| "-".to_owned(), |id| id.to_string())
            ),
            external,
        )),
        (None, Some(key)) => Some(Key::new("createOrder/key", key)),
        (None, None) => None,
    })
}

struct Create<'a> {
    access: &'a Access,
    input: &'a NewOrder,
    external: Option<String>,
    note: String,
    confirm: bool,
}

impl Command for Create<'_> {
    type Answer = OrderRecord;

    async fn replay(&self, tx: &TenantTx, earlier: Uuid) -> Result<OrderRecord, ServiceError> {
        read::load(tx, self.access, earlier).await
    }

    async fn run(&self, tx: &TenantTx) -> Result<(OrderRecord, Uuid), Stop> {
        let input = self.input;
        let location_id = self.place(tx).await?;
        let rate = customer_rate(tx, input.customer_id).await?;
        let company = tx.company().await?;
        let header = Header {
            tenant_id: tx.tenant_id(),
            id: Uuid::now_v7(),
            number: numbers::next(tx, numbers::ORDER, &company.time_zone).await?,
            customer_id: input.customer_id,
            channel_id: input.channel_id,
            location_id,
            pickup_location_id: input.pickup_location_id,
            external_id: self.external.clone(),
            requested_date: input.requested_date,
            ship_to: input.ship_to.clone(),
            prices_include_tax: input
                .prices_include_tax
                .unwrap_or(company.prices_include_tax),
            note: self.note.clone(),
            ordered_at: Utc::now(),
            actor_user_id: self.access.actor.user_id,
            actor_api_key: self.access.actor.api_key_prefix.clone(),
        };
        let pricing = Pricing {
            currency: company.currency_code,
            rounding: company.tax_rounding,
        };
        let lookups: Vec<&VariantLookup> = input.lines.iter().map(|l| &l.item).collect();
        let variants = products::lookup_variants(tx, &lookups, "order.unknown_item").await?;
        let rows = draft::rows(header, pricing, rate, &input.lines, variants)?;
        let record = write::insert(tx, rows).await?;
        write::announce(
            tx,
            self.access,
            &record,
            AuditAction::OrderCreated,
            "created",
        )
        .await?;
        let id = record.id;
        let record = if self.confirm {
            confirm_in(tx, self.access, record).await?
        } else {
            record
        };
        Ok((record, id))
    }
}

impl Create<'_> {
    /// Where the order is fulfilled from: as given, else the pickup store, else the
    /// channel's first location; within the caller's reach and not archived.
    async fn place(&self, tx: &TenantTx) -> Result<Uuid, ServiceError> {
        let input = self.input;
        let channel = match input.channel_id {
            Some(id) => Some(setup::load(tx, id).await?),
            None => None,
        };
        if let Some(channel) = &channel
            && channel.channel.archived_at.is_some()
        {
            return Err(ServiceError::Conflict {
                message: format!("The channel {} is archived", channel.channel.name),
                field: Some("channelId"),
            });
        }
        let location_id = input
            .location_id
            .or(input.pickup_location_id)
            .or_else(|| channel.as_ref().and_then(|c| c.default_location()))
            .ok_or_else(|| {
                ServiceError::from(
                    kura_shared::ValidationError::new(
                        "order.location",
                        "Say which location fulfils the order",
                    )
                    .with_field("locationId"),
                )
            })?;
        self.access.locations.check(location_id)?;
        let mut places = BTreeSet::from([location_id]);
        places.extend(input.pickup_location_id);
        inventory::check_locations(tx, &places).await?;
        Ok(location_id)
    }
}
