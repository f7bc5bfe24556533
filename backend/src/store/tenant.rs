//! The tenant-scoped handle: the one door into tenant-owned tables (isolation, wall 1).
//!
//! The entity types of these tables are private to `store`; outside it only their
//! records, active models and columns can be named, re-exported in [`records`]. Every
//! query starts from a [`TenantTx`], which adds `tenant_id = <its tenant>` to each select,
//! update and delete and stamps the tenant on each insert. Code that forgets the tenant has
//! no entity to call `find()` on, so it does not compile. On PostgreSQL the same
//! transaction also carries the tenant for row-level security (wall 2).

use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, DbBackend, DbErr, DeleteMany, EntityTrait, IntoActiveModel, ModelTrait,
    QueryFilter, Select, UpdateMany,
};
use std::sync::atomic::{AtomicBool, Ordering};

use uuid::Uuid;

use super::{
    entities, outbox,
    scope::{self, Scope},
};

/// A table whose every row belongs to one tenant.
pub trait TenantOwned: EntityTrait {
    /// Its `tenant_id` column.
    fn tenant_column() -> Self::Column;
}

macro_rules! tenant_owned {
    ($($module:ident),+ $(,)?) => {
        $(
            impl TenantOwned for entities::$module::Entity {
                fn tenant_column() -> Self::Column {
                    entities::$module::Column::TenantId
                }
            }
        )+

        /// What services may name of each tenant-owned table: its record (`Model`), its
        /// `ActiveModel` for inserts and its `Column`s for filters. Never its entity.
        pub mod records {
            $(
                #[allow(missing_docs)]
                pub mod $module {
                    pub use crate::store::entities::$module::{ActiveModel, Column, Model};
                }
            )+
        }
    };
}

tenant_owned!(
    idempotency_key,
    invitation_location,
    location,
    membership_location,
    product,
    product_variant,
    stock_count,
    stock_count_line,
    stock_level,
    stock_movement,
    transfer,
    transfer_line,
);

/// Every company the connection may see: all of them for the owner role (or SQLite),
/// none for the app role (row-level security hides companies until one is chosen).
pub async fn visible_tenants(db: &DatabaseConnection) -> Result<Vec<Uuid>, DbErr> {
    Ok(entities::tenant::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|t| t.id)
        .collect())
}

/// A database transaction acting for one tenant.
pub struct TenantTx {
    txn: DatabaseTransaction,
    tenant: Uuid,
    /// Set once an outbox event is written, so committing wakes the relay.
    wrote_events: AtomicBool,
}

impl TenantTx {
    /// Begins a transaction for reading `tenant`'s rows.
    pub async fn read(db: &DatabaseConnection, tenant: Uuid) -> Result<Self, DbErr> {
        Ok(Self {
            txn: scope::begin_read(db, Scope::tenant(tenant)).await?,
            tenant,
            wrote_events: AtomicBool::new(false),
        })
    }

    /// Begins a transaction that will write (see [`scope::begin`] for SQLite's write lock).
    pub async fn write(db: &DatabaseConnection, tenant: Uuid) -> Result<Self, DbErr> {
        let tx = Self::read(db, tenant).await?;
        scope::lock_for_write(&tx.txn).await?;
        Ok(tx)
    }

    /// The tenant this transaction acts for.
    pub fn tenant_id(&self) -> Uuid {
        self.tenant
    }

    /// The transaction, to run the queries this handle builds.
    pub fn conn(&self) -> &DatabaseTransaction {
        &self.txn
    }

    /// The company's own row (its currency, time zone and pricing rule).
    pub async fn company(&self) -> Result<entities::tenant::Model, DbErr> {
        entities::tenant::Entity::find_by_id(self.tenant)
            .one(&self.txn)
            .await?
            .ok_or(DbErr::RecordNotFound("tenant".into()))
    }

    /// The backend, for the few statements that differ.
    pub fn backend(&self) -> DbBackend {
        self.txn.get_database_backend()
    }

    /// `SELECT … WHERE tenant_id = <tenant>` over the table of record `M`.
    pub fn select<M>(&self) -> Select<M::Entity>
    where
        M: ModelTrait,
        M::Entity: TenantOwned,
    {
        <M::Entity as EntityTrait>::find()
            .filter(<M::Entity as TenantOwned>::tenant_column().eq(self.tenant))
    }

    /// `UPDATE … WHERE tenant_id = <tenant>`; add the other filters and values.
    pub fn update<M>(&self) -> UpdateMany<M::Entity>
    where
        M: ModelTrait,
        M::Entity: TenantOwned,
    {
        <M::Entity as EntityTrait>::update_many()
            .filter(<M::Entity as TenantOwned>::tenant_column().eq(self.tenant))
    }

    /// `DELETE … WHERE tenant_id = <tenant>`; add the other filters.
    pub fn delete<M>(&self) -> DeleteMany<M::Entity>
    where
        M: ModelTrait,
        M::Entity: TenantOwned,
    {
        <M::Entity as EntityTrait>::delete_many()
            .filter(<M::Entity as TenantOwned>::tenant_column().eq(self.tenant))
    }

    /// Inserts a row as this tenant's, whatever `tenant_id` the caller set.
    pub async fn insert<A>(&self, mut row: A) -> Result<<A::Entity as EntityTrait>::Model, DbErr>
    where
        A: ActiveModelTrait + ActiveModelBehavior + Send,
        A::Entity: TenantOwned,
        <A::Entity as EntityTrait>::Model: IntoActiveModel<A>,
    {
        row.set(
            <A::Entity as TenantOwned>::tenant_column(),
            self.tenant.into(),
        );
        row.insert(&self.txn).await
    }

    /// Records that this transaction wrote outbox events.
    pub(in crate::store) fn note_events(&self) {
        self.wrote_events.store(true, Ordering::Relaxed);
    }

    /// Commits, then wakes the outbox relay if events were written.
    pub async fn commit(self) -> Result<(), DbErr> {
        self.txn.commit().await?;
        if self.wrote_events.load(Ordering::Relaxed) {
            outbox::wake();
        }
        Ok(())
    }
}
