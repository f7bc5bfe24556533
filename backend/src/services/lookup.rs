//! Records by key inside one company, in batches: the API's nested fields (a page of stock
//! rows asks for its variants and locations, a page of sales for its customers) load
//! through here in one query per kind and company. A lookup only keeps companies apart;
//! the field that asks has already checked what its caller may see.

use std::{future::Future, hash::Hash};

use sea_orm::{ColumnTrait, DatabaseConnection, QueryFilter};
use uuid::Uuid;

use crate::services::{
    ServiceError,
    catalog::products::{self, Pricing},
    channels::setup::{self, ChannelRecord},
    sales::customers::{self, CustomerRecord, addresses::AddressRecord},
};
use crate::store::tenant::{
    TenantTx,
    records::{location, product, product_variant},
};

/// A key naming one record of one kind inside a company.
pub trait Key: Copy + Eq + Hash + Send + Sync + 'static {
    /// The record it names.
    type Record: Clone + Send + Sync + 'static;

    /// The key of a loaded record.
    fn of(record: &Self::Record) -> Self;

    /// The records these keys name inside `tx`; missing ones are left out.
    fn load(
        tx: &TenantTx,
        keys: &[Self],
    ) -> impl Future<Output = Result<Vec<Self::Record>, ServiceError>> + Send;
}

/// The records `keys` name in `tenant_id`'s company, each with its key.
pub async fn by_key<K: Key>(
    db: &DatabaseConnection,
    tenant_id: Uuid,
    keys: &[K],
) -> Result<Vec<(K, K::Record)>, ServiceError> {
    let tx = TenantTx::read(db, tenant_id).await?;
    let records = K::load(&tx, keys).await?;
    tx.commit().await?;
    Ok(records.into_iter().map(|r| (K::of(&r), r)).collect())
}

/// Keys of tables whose stored row is the record, looked up by its `id`.
macro_rules! row_key {
    ($(#[$doc:meta])* $key:ident => $module:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $key(pub Uuid);

        impl Key for $key {
            type Record = $module::Model;

            fn of(record: &Self::Record) -> Self {
                Self(record.id)
            }

            async fn load(tx: &TenantTx, keys: &[Self]) -> Result<Vec<Self::Record>, ServiceError> {
                Ok(tx
                    .select::<$module::Model>()
                    .filter($module::Column::Id.is_in(keys.iter().map(|k| k.0)))
                    .all(tx.conn())
                    .await?)
            }
        }
    };
}

row_key!(
    /// A product variant ([`products::VariantRecord`]).
    VariantId => product_variant
);
row_key!(
    /// A location ([`crate::services::catalog::locations::LocationRecord`]).
    LocationId => location
);
row_key!(
    /// A product ([`products::ProductRecord`]).
    ProductId => product
);
/// A customer ([`CustomerRecord`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CustomerId(pub Uuid);

impl Key for CustomerId {
    type Record = CustomerRecord;

    fn of(record: &CustomerRecord) -> Self {
        Self(record.id)
    }

    async fn load(tx: &TenantTx, keys: &[Self]) -> Result<Vec<CustomerRecord>, ServiceError> {
        let ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
        customers::load_many(tx, &ids).await
    }
}

/// All of one customer's addresses ([`AddressRecord`]s); a customer without any has no
/// record, which the caller reads as none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CustomerAddresses(pub Uuid);

impl Key for CustomerAddresses {
    type Record = Vec<AddressRecord>;

    fn of(record: &Vec<AddressRecord>) -> Self {
        // Only non-empty groups are loaded, so the first names the customer.
        Self(record.first().map_or(Uuid::nil(), |a| a.customer_id))
    }

    async fn load(tx: &TenantTx, keys: &[Self]) -> Result<Vec<Vec<AddressRecord>>, ServiceError> {
        let ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
        let mut groups: std::collections::BTreeMap<Uuid, Vec<AddressRecord>> =
            std::collections::BTreeMap::new();
        for address in customers::addresses::of_customers(tx, &ids).await? {
            groups.entry(address.customer_id).or_default().push(address);
        }
        Ok(groups.into_values().collect())
    }
}

/// A channel with its locations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ChannelId(pub Uuid);

impl Key for ChannelId {
    type Record = ChannelRecord;

    fn of(record: &ChannelRecord) -> Self {
        Self(record.channel.id)
    }

    async fn load(tx: &TenantTx, keys: &[Self]) -> Result<Vec<ChannelRecord>, ServiceError> {
        let ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
        setup::load_many(tx, &ids).await
    }
}

/// The company's pricing (its currency and whether prices include tax): one per company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CompanyId;

impl Key for CompanyId {
    type Record = Pricing;

    fn of(_: &Pricing) -> Self {
        Self
    }

    async fn load(tx: &TenantTx, _: &[Self]) -> Result<Vec<Pricing>, ServiceError> {
        Ok(vec![products::pricing(tx).await?])
    }
}
