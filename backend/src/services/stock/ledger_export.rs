//! The stock ledger as CSV, for accountants and spreadsheets: one line per movement,
//! newest first, with location codes and SKUs instead of ids.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, DatabaseConnection, QueryFilter};
use uuid::Uuid;

use crate::services::{
    ServiceError,
    access::Access,
    stock::inventory::{self, RowFilter},
};
use crate::store::tenant::{
    TenantTx,
    records::{location, product_variant},
};

/// Most movements one export holds; narrow by location or variant for more.
pub const MAX_ROWS: usize = 100_000;

/// The movements matching `filter` (within the caller's locations) as CSV.
pub async fn export(
    db: &DatabaseConnection,
    access: &Access,
    filter: &RowFilter,
) -> Result<String, ServiceError> {
    let mut movements = Vec::new();
    let mut after = None;
    loop {
        let (page, more) = inventory::movements(db, access, filter, after, 250).await?;
        after = page.last().map(|m| m.id);
        movements.extend(page);
        if !more || movements.len() >= MAX_ROWS {
            break;
        }
    }
    movements.truncate(MAX_ROWS);
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let location_ids: Vec<Uuid> = movements.iter().map(|m| m.location_id).collect();
    let variant_ids: Vec<Uuid> = movements.iter().map(|m| m.variant_id).collect();
    let mut codes: HashMap<Uuid, String> = HashMap::new();
    for chunk in dedupe(location_ids).chunks(500) {
        for row in tx
            .select::<location::Model>()
            .filter(location::Column::Id.is_in(chunk.iter().copied()))
            .all(tx.conn())
            .await?
        {
            codes.insert(row.id, row.code);
        }
    }
    let mut skus: HashMap<Uuid, String> = HashMap::new();
    for chunk in dedupe(variant_ids).chunks(500) {
        for row in tx
            .select::<product_variant::Model>()
            .filter(product_variant::Column::Id.is_in(chunk.iter().copied()))
            .all(tx.conn())
            .await?
        {
            skus.insert(row.id, row.sku);
        }
    }
    tx.commit().await?;
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record([
            "time",
            "location",
            "sku",
            "delta",
            "on_hand_after",
            "reason",
            "note",
            "reference_type",
            "reference_id",
            "actor_api_key",
        ])
        .map_err(ServiceError::internal)?;
    for m in &movements {
        writer
            .write_record([
                m.created_at.to_rfc3339(),
                codes.get(&m.location_id).cloned().unwrap_or_default(),
                skus.get(&m.variant_id).cloned().unwrap_or_default(),
                m.delta.to_string(),
                m.on_hand_after.to_string(),
                m.reason.to_string(),
                m.note.clone(),
                m.reference_type.clone().unwrap_or_default(),
                m.reference_id.map(|id| id.to_string()).unwrap_or_default(),
                m.actor_api_key.clone().unwrap_or_default(),
            ])
            .map_err(ServiceError::internal)?;
    }
    crate::services::catalog::spreadsheet::spreadsheet_text(writer)
}

fn dedupe(mut ids: Vec<Uuid>) -> Vec<Uuid> {
    ids.sort();
    ids.dedup();
    ids
}
