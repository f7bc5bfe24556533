//! Batched lookups for nested fields (a page of stock rows asks for its variants and
//! locations in one query each, not one per row). Keys carry their tenant, so a batch
//! never mixes companies in one query.

use std::collections::{BTreeMap, HashMap};

use async_graphql::dataloader::{DataLoader, Loader};
use sea_orm::{ColumnTrait, DatabaseConnection, QueryFilter};
use uuid::Uuid;

use crate::{
    services::{
        ServiceError,
        catalog::products::{self, Pricing},
        channels::setup::{self, ChannelRecord},
        sales::customers::{self, CustomerRecord, addresses::AddressRecord},
    },
    store::tenant::{
        TenantTx,
        records::{location, product, product_variant},
    },
};

/// Loads rows of one table by `(tenant, id)`.
pub struct RowLoader {
    db: DatabaseConnection,
}

/// The loaders resolvers share.
pub struct Loaders {
    /// Variants, locations, products, customers (and their addresses) and channels by id.
    pub rows: DataLoader<RowLoader>,
}

impl Loaders {
    /// Loaders over `db` (no cache: a row must never be served stale across requests).
    pub fn new(db: DatabaseConnection) -> Self {
        Self {
            rows: DataLoader::new(RowLoader { db }, tokio::spawn),
        }
    }
}

/// A loader reports a service's error as a database one: its callers map either to
/// `INTERNAL`.
fn service_error(e: ServiceError) -> sea_orm::DbErr {
    sea_orm::DbErr::Custom(e.to_string())
}

fn by_tenant<K: Copy>(keys: &[(Uuid, K)]) -> BTreeMap<Uuid, Vec<K>> {
    let mut groups: BTreeMap<Uuid, Vec<K>> = BTreeMap::new();
    for (tenant, id) in keys {
        groups.entry(*tenant).or_default().push(*id);
    }
    groups
}

/// Key of a variant row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct VariantId(pub Uuid);
/// Key of a location row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LocationId(pub Uuid);
/// Key of a product row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ProductId(pub Uuid);
/// Key of a customer row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CustomerId(pub Uuid);
/// Key of a customer's addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CustomerAddresses(pub Uuid);
/// Key of a channel with its locations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ChannelId(pub Uuid);

impl Loader<(Uuid, ChannelId)> for RowLoader {
    type Value = ChannelRecord;
    type Error = std::sync::Arc<sea_orm::DbErr>;

    async fn load(
        &self,
        keys: &[(Uuid, ChannelId)],
    ) -> Result<HashMap<(Uuid, ChannelId), Self::Value>, Self::Error> {
        let mut found = HashMap::new();
        for (tenant, ids) in by_tenant(keys) {
            let tx = TenantTx::read(&self.db, tenant).await?;
            let ids: Vec<Uuid> = ids.iter().map(|k| k.0).collect();
            let records = setup::load_many(&tx, &ids).await.map_err(service_error)?;
            tx.commit().await?;
            found.extend(
                records
                    .into_iter()
                    .map(|r| ((tenant, ChannelId(r.channel.id)), r)),
            );
        }
        Ok(found)
    }
}

impl Loader<(Uuid, CustomerId)> for RowLoader {
    type Value = CustomerRecord;
    type Error = std::sync::Arc<sea_orm::DbErr>;

    async fn load(
        &self,
        keys: &[(Uuid, CustomerId)],
    ) -> Result<HashMap<(Uuid, CustomerId), Self::Value>, Self::Error> {
        let mut found = HashMap::new();
        for (tenant, ids) in by_tenant(keys) {
            let tx = TenantTx::read(&self.db, tenant).await?;
            let ids: Vec<Uuid> = ids.iter().map(|k| k.0).collect();
            let records = customers::load_many(&tx, &ids)
                .await
                .map_err(service_error)?;
            tx.commit().await?;
            found.extend(records.into_iter().map(|r| ((tenant, CustomerId(r.id)), r)));
        }
        Ok(found)
    }
}

impl Loader<(Uuid, CustomerAddresses)> for RowLoader {
    type Value = Vec<AddressRecord>;
    type Error = std::sync::Arc<sea_orm::DbErr>;

    async fn load(
        &self,
        keys: &[(Uuid, CustomerAddresses)],
    ) -> Result<HashMap<(Uuid, CustomerAddresses), Self::Value>, Self::Error> {
        let mut found: HashMap<(Uuid, CustomerAddresses), Vec<AddressRecord>> = HashMap::new();
        for (tenant, ids) in by_tenant(keys) {
            let tx = TenantTx::read(&self.db, tenant).await?;
            let ids: Vec<Uuid> = ids.iter().map(|k| k.0).collect();
            let records = customers::addresses::of_customers(&tx, &ids)
                .await
                .map_err(service_error)?;
            tx.commit().await?;
            for record in records {
                let key = (tenant, CustomerAddresses(record.customer_id));
                found.entry(key).or_default().push(record);
            }
        }
        Ok(found)
    }
}

macro_rules! row_loader {
    ($key:ident, $module:ident) => {
        impl Loader<(Uuid, $key)> for RowLoader {
            type Value = $module::Model;
            type Error = std::sync::Arc<sea_orm::DbErr>;

            async fn load(
                &self,
                keys: &[(Uuid, $key)],
            ) -> Result<HashMap<(Uuid, $key), Self::Value>, Self::Error> {
                let mut found = HashMap::new();
                for (tenant, ids) in by_tenant(keys) {
                    let tx = TenantTx::read(&self.db, tenant).await?;
                    let rows = tx
                        .select::<$module::Model>()
                        .filter($module::Column::Id.is_in(ids.iter().map(|k| k.0)))
                        .all(tx.conn())
                        .await?;
                    tx.commit().await?;
                    found.extend(rows.into_iter().map(|row| ((tenant, $key(row.id)), row)));
                }
                Ok(found)
            }
        }
    };
}

/// Key of a company's pricing (its currency and whether prices include tax).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CompanyId;

impl Loader<(Uuid, CompanyId)> for RowLoader {
    type Value = Pricing;
    type Error = std::sync::Arc<sea_orm::DbErr>;

    async fn load(
        &self,
        keys: &[(Uuid, CompanyId)],
    ) -> Result<HashMap<(Uuid, CompanyId), Self::Value>, Self::Error> {
        let mut found = HashMap::new();
        for (tenant, _) in keys {
            let tx = TenantTx::read(&self.db, *tenant).await?;
            let pricing = products::pricing(&tx).await.map_err(service_error)?;
            tx.commit().await?;
            found.insert((*tenant, CompanyId), pricing);
        }
        Ok(found)
    }
}

row_loader!(VariantId, product_variant);
row_loader!(LocationId, location);
row_loader!(ProductId, product);
