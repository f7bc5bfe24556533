//! Which provider item or location id stands for which Kura variant or location, per
//! channel. Inbound sales read it forwards (provider id → Kura id); the outbound stock push
//! reads it backwards (Kura variant → provider ids).

use std::collections::BTreeSet;

use chrono::Utc;
use kura_shared::{MappingKind, ValidationError};
use sea_orm::{ActiveValue::Set, ColumnTrait, Condition, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::services::{ServiceError, access::Access, channels::setup, stock::inventory};
use crate::store::tenant::{TenantTx, records::channel_mapping};

/// How one of a channel's external ids (product, location, …) maps to Kura's. The stored row
/// holds nothing secret, so it is the record.
pub type MappingRecord = channel_mapping::Model;

/// Who made a mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MappingSource {
    /// A person (or an API client).
    Manual,
    /// Kura, on a SKU or barcode match while recording a sale.
    Auto,
}

impl MappingSource {
    fn as_str(self) -> &'static str {
        match self {
            MappingSource::Manual => "MANUAL",
            MappingSource::Auto => "AUTO",
        }
    }
}

/// One mapping to create or replace.
#[derive(Debug, Clone)]
pub struct NewMapping {
    /// The channel.
    pub channel_id: Uuid,
    /// Variant or location.
    pub kind: MappingKind,
    /// The provider's id.
    pub external_id: String,
    /// A second provider id (Shopify's inventory item of a variant).
    pub external_ref: Option<String>,
    /// The Kura variant or location.
    pub kura_id: Uuid,
}

/// The Kura id `external_id` maps to on `channel_id`, if mapped.
pub async fn lookup(
    tx: &TenantTx,
    channel_id: Uuid,
    kind: MappingKind,
    external_id: &str,
) -> Result<Option<Uuid>, ServiceError> {
    Ok(tx
        .select::<channel_mapping::Model>()
        .filter(channel_mapping::Column::ChannelId.eq(channel_id))
        .filter(channel_mapping::Column::Kind.eq(kind))
        .filter(channel_mapping::Column::ExternalId.eq(external_id))
        .one(tx.conn())
        .await?
        .map(|m| m.kura_id))
}

/// `(kura_id, external_id, external_ref)` for every mapping of `kura_ids` on `channel_id`.
pub async fn reverse(
    tx: &TenantTx,
    channel_id: Uuid,
    kind: MappingKind,
    kura_ids: &[Uuid],
) -> Result<Vec<(Uuid, String, Option<String>)>, ServiceError> {
    if kura_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(tx
        .select::<channel_mapping::Model>()
        .filter(channel_mapping::Column::ChannelId.eq(channel_id))
        .filter(channel_mapping::Column::Kind.eq(kind))
        .filter(channel_mapping::Column::KuraId.is_in(kura_ids.iter().copied()))
        .order_by_asc(channel_mapping::Column::ExternalId)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|m| (m.kura_id, m.external_id, m.external_ref))
        .collect())
}

fn check_external_id(value: &str, field: &'static str) -> Result<String, ServiceError> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > 200 {
        return Err(ValidationError::new(
            "mapping.external_id",
            "A provider id has 1 to 200 characters",
        )
        .with_field(field)
        .into());
    }
    Ok(value.to_owned())
}

/// Creates or replaces a mapping inside `tx`, without checking the ids (callers do).
pub async fn set(
    tx: &TenantTx,
    mapping: &NewMapping,
    source: MappingSource,
) -> Result<MappingRecord, ServiceError> {
    let external_id = check_external_id(&mapping.external_id, "externalId")?;
    let external_ref = mapping
        .external_ref
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| check_external_id(r, "externalRef"))
        .transpose()?;
    tx.delete::<channel_mapping::Model>()
        .filter(channel_mapping::Column::ChannelId.eq(mapping.channel_id))
        .filter(channel_mapping::Column::Kind.eq(mapping.kind))
        .filter(channel_mapping::Column::ExternalId.eq(&external_id))
        .exec(tx.conn())
        .await?;
    Ok(tx
        .insert(channel_mapping::ActiveModel {
            tenant_id: Set(tx.tenant_id()),
            channel_id: Set(mapping.channel_id),
            kind: Set(mapping.kind),
            external_id: Set(external_id),
            kura_id: Set(mapping.kura_id),
            external_ref: Set(external_ref),
            source: Set(source.as_str().to_owned()),
            created_at: Set(Utc::now()),
        })
        .await?)
}

/// Checks that a mapping's Kura side exists: a variant of the company, or one of the
/// channel's locations (a sale can only be booked where the channel sells).
pub async fn check_target(tx: &TenantTx, mapping: &NewMapping) -> Result<(), ServiceError> {
    match mapping.kind {
        MappingKind::Variant => {
            inventory::check_variants(tx, &BTreeSet::from([mapping.kura_id])).await
        }
        MappingKind::Location => {
            let channel = setup::load(tx, mapping.channel_id).await?;
            if !channel.location_ids.contains(&mapping.kura_id) {
                return Err(ValidationError::new(
                    "mapping.location",
                    "Map to one of the locations that sell for this channel",
                )
                .with_field("kuraId")
                .into());
            }
            Ok(())
        }
    }
}

/// Maps a provider id to a Kura variant or location (replacing an earlier mapping of the
/// same provider id).
pub async fn map(
    db: &sea_orm::DatabaseConnection,
    access: &Access,
    mapping: NewMapping,
) -> Result<MappingRecord, ServiceError> {
    let tx = TenantTx::write(db, access.tenant_id).await?;
    setup::load(&tx, mapping.channel_id).await?;
    check_target(&tx, &mapping).await?;
    let row = set(&tx, &mapping, MappingSource::Manual).await?;
    tx.commit().await?;
    Ok(row)
}

/// Removes a mapping; false when there was none.
pub async fn unmap(
    db: &sea_orm::DatabaseConnection,
    access: &Access,
    channel_id: Uuid,
    kind: MappingKind,
    external_id: &str,
) -> Result<bool, ServiceError> {
    let tx = TenantTx::write(db, access.tenant_id).await?;
    setup::load(&tx, channel_id).await?;
    let result = tx
        .delete::<channel_mapping::Model>()
        .filter(channel_mapping::Column::ChannelId.eq(channel_id))
        .filter(channel_mapping::Column::Kind.eq(kind))
        .filter(channel_mapping::Column::ExternalId.eq(external_id.trim()))
        .exec(tx.conn())
        .await?;
    tx.commit().await?;
    Ok(result.rows_affected > 0)
}

/// A channel's mappings by kind, then provider id, after `(kind, external_id)`.
pub async fn list(
    db: &sea_orm::DatabaseConnection,
    access: &Access,
    channel_id: Uuid,
    kind: Option<MappingKind>,
    after: Option<(MappingKind, String)>,
    limit: u64,
) -> Result<(Vec<MappingRecord>, bool), ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    setup::load(&tx, channel_id).await?;
    let mut query = tx
        .select::<channel_mapping::Model>()
        .filter(channel_mapping::Column::ChannelId.eq(channel_id))
        .order_by_asc(channel_mapping::Column::Kind)
        .order_by_asc(channel_mapping::Column::ExternalId)
        .limit(limit + 1);
    if let Some(kind) = kind {
        query = query.filter(channel_mapping::Column::Kind.eq(kind));
    }
    if let Some((kind, external_id)) = after {
        query = query.filter(
            Condition::any()
                .add(channel_mapping::Column::Kind.gt(kind))
                .add(
                    Condition::all()
                        .add(channel_mapping::Column::Kind.eq(kind))
                        .add(channel_mapping::Column::ExternalId.gt(external_id)),
                ),
        );
    }
    let mut rows = query.all(tx.conn()).await?;
    let more = crate::services::trim_page(&mut rows, limit);
    tx.commit().await?;
    Ok((rows, more))
}
