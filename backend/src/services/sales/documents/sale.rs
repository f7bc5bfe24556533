//! Recording a sale: stock leaves the location in the same transaction (even below zero),
//! the customer earns or spends points.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use kura_shared::MovementReason;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::{
    NewSale, NewSaleLine, Recorded,
    draft::{Header, Pricing, SaleDraft, invalid},
    input::{check_occurred, check_shape, external_id, retry_key},
    write::{header, move_stock, replayed, save},
};
use crate::services::{
    ServiceError,
    access::Access,
    catalog::products::{self, VariantLookup},
    channels::setup::{self, ChannelRecord},
    idempotency::{self, Stop},
    sales::customers::{self, PointsReason},
    stock::inventory,
    text,
};
use crate::store::tenant::{
    TenantTx,
    records::{product, product_variant},
};

/// Records a sale: stock leaves the location in the same transaction (even below zero),
/// the customer earns or spends points, and `saleRecorded` and `stockLevelChanged` go out
/// once it commits.
pub async fn record(
    db: &DatabaseConnection,
    access: &Access,
    input: NewSale,
) -> Result<Recorded, ServiceError> {
    check_shape(&input)?;
    let external = external_id(input.external_id.as_deref())?;
    let key = idempotency::parse_key(input.idempotency_key.as_deref())?;
    let retry = retry_key(
        "recordSale",
        input.channel_id,
        external.as_deref(),
        key.as_deref(),
    );
    let occurred_at = check_occurred(input.occurred_at)?;
    let note = text::optional(&input.note, 500, "note")?;
    let command = RecordSale {
        access,
        input: &input,
        external,
        occurred_at,
        note,
    };
    idempotency::once(db, access.tenant_id, retry.as_ref(), &command).await
}

/// A checked sale to record.
struct RecordSale<'a> {
    access: &'a Access,
    input: &'a NewSale,
    external: Option<String>,
    occurred_at: DateTime<Utc>,
    note: String,
}

impl idempotency::Command for RecordSale<'_> {
    type Answer = Recorded;

    async fn replay(&self, tx: &TenantTx, earlier: Uuid) -> Result<Recorded, ServiceError> {
        replayed(tx, earlier).await
    }

    /// Drafts the sale, resolves its customer, and writes it.
    async fn run(&self, tx: &TenantTx) -> Result<(Recorded, Uuid), Stop> {
        let (access, input) = (self.access, self.input);
        let place = place(tx, access, input).await?;
        let header = self.header(tx, place);
        let id = header.id;
        let rules = pricing(tx).await?;
        let variants = find_variants(tx, &input.lines).await?;
        let draft = SaleDraft::new(
            header,
            rules,
            input.prices_include_tax,
            &input.lines,
            variants,
            &input.payments,
        )?;
        let customer = match &input.customer {
            Some(reference) => customers::resolve(tx, input.channel_id, reference).await?,
            None => None,
        };
        let sale = draft.finish(customer.as_ref().map(|c| c.id))?;
        let record = save(tx, sale.rows).await?;
        if let Some(customer) = customer {
            let (redeemed, earned) = (-sale.points_redeemed, sale.points_earned);
            customers::move_points(tx, customer.id, Some(id), redeemed, PointsReason::Redeemed)
                .await?;
            customers::move_points(tx, customer.id, Some(id), earned, PointsReason::Earned).await?;
        }
        let recorded = move_stock(tx, access, record, MovementReason::Sale, -1, "Sale").await?;
        Ok((recorded, id))
    }
}

impl RecordSale<'_> {
    /// The new sale's header, at `place` (its channel and location).
    fn header(&self, tx: &TenantTx, place: (Option<Uuid>, Uuid)) -> Header {
        let (external, note) = (self.external.clone(), self.note.clone());
        header(
            tx,
            self.access,
            Uuid::now_v7(),
            place,
            external,
            self.occurred_at,
            note,
        )
    }
}

/// The sale's channel and location: the channel must not be archived, and the location
/// (the channel's default when not given) must sell for it and be within reach.
async fn place(
    tx: &TenantTx,
    access: &Access,
    input: &NewSale,
) -> Result<(Option<Uuid>, Uuid), ServiceError> {
    let channel = match input.channel_id {
        Some(channel_id) => Some(open_channel(tx, channel_id).await?),
        None => None,
    };
    let location_id = input
        .location_id
        .or_else(|| channel.as_ref().and_then(ChannelRecord::default_location))
        .ok_or_else(|| invalid("sale.location", "Say where the sale happened", "locationId"))?;
    if let Some(channel) = &channel
        && !channel.location_ids.contains(&location_id)
    {
        return Err(invalid(
            "sale.location_not_in_channel",
            format!("This location does not sell for {}", channel.channel.name),
            "locationId",
        ));
    }
    access.locations.check(location_id)?;
    inventory::check_locations(tx, &BTreeSet::from([location_id])).await?;
    Ok((input.channel_id, location_id))
}

async fn open_channel(tx: &TenantTx, channel_id: Uuid) -> Result<ChannelRecord, ServiceError> {
    let channel = setup::load(tx, channel_id).await?;
    if channel.channel.archived_at.is_some() {
        return Err(ServiceError::Conflict {
            message: format!("The channel {} is archived", channel.channel.name),
            field: Some("channelId"),
        });
    }
    Ok(channel)
}

async fn pricing(tx: &TenantTx) -> Result<Pricing, ServiceError> {
    let company = tx.company().await?;
    Ok(Pricing {
        currency: company.currency_code,
        prices_include_tax: company.prices_include_tax,
        rounding: company.tax_rounding,
        loyalty_bp: u32::try_from(company.loyalty_earn_bp).unwrap_or(0),
    })
}

/// The variants the lines name, in line order.
async fn find_variants(
    tx: &TenantTx,
    lines: &[NewSaleLine],
) -> Result<Vec<(product_variant::Model, product::Model)>, ServiceError> {
    let lookups: Vec<&VariantLookup> = lines.iter().map(|l| &l.item).collect();
    products::lookup_variants(tx, &lookups, "sale.unknown_item").await
}
