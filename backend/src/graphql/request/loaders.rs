//! Batched lookups for nested fields (a page of stock rows asks for its variants and
//! locations in one query each, not one per row). Keys carry their tenant, so a batch
//! never mixes companies in one query; what each key loads is `services::lookup`'s.

use std::{
    collections::{BTreeMap, HashMap},
    sync::Arc,
};

use async_graphql::dataloader::{DataLoader, Loader};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::services::{
    ServiceError,
    lookup::{self, Key},
};

/// Loads records of any [`Key`] kind by `(tenant, key)`.
pub struct RowLoader {
    db: DatabaseConnection,
}

/// The loaders resolvers share.
pub struct Loaders {
    /// Variants, locations, products, customers, channels and company pricing by key.
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

fn by_tenant<K: Copy>(keys: &[(Uuid, K)]) -> BTreeMap<Uuid, Vec<K>> {
    let mut groups: BTreeMap<Uuid, Vec<K>> = BTreeMap::new();
    for (tenant, key) in keys {
        groups.entry(*tenant).or_default().push(*key);
    }
    groups
}

impl<K: Key> Loader<(Uuid, K)> for RowLoader {
    type Value = K::Record;
    type Error = Arc<ServiceError>;

    async fn load(
        &self,
        keys: &[(Uuid, K)],
    ) -> Result<HashMap<(Uuid, K), Self::Value>, Self::Error> {
        let mut found = HashMap::new();
        for (tenant, keys) in by_tenant(keys) {
            let records = lookup::by_key(&self.db, tenant, &keys).await?;
            found.extend(records.into_iter().map(|(key, r)| ((tenant, key), r)));
        }
        Ok(found)
    }
}
