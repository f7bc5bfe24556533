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
    api_key,
    audit_event,
    channel,
    channel_location,
    channel_mapping,
    customer,
    customer_address,
    customer_link,
    document_counter,
    idempotency_key,
    inbound_event,
    invitation,
    invoice,
    invoice_line,
    invitation_location,
    location,
    loyalty_entry,
    membership,
    membership_location,
    order,
    order_line,
    order_return,
    order_return_line,
    payment,
    payment_allocation,
    product,
    product_variant,
    quote,
    quote_line,
    sale,
    sale_line,
    sale_payment,
    shipment,
    shipment_line,
    stock_count,
    stock_count_line,
    stock_level,
    stock_movement,
    sync_issue,
    sync_job,
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

/// One tenant's view of a transaction begun elsewhere, e.g. one that also acts for a
/// person (team management, sign-in). Builds the same tenant-filtered queries as
/// [`TenantTx`].
#[derive(Clone, Copy)]
pub struct Scoped<'a> {
    txn: &'a DatabaseTransaction,
    tenant: Uuid,
}

impl<'a> Scoped<'a> {
    /// `tenant`'s view of `txn` (whose row-level-security scope must include `tenant`).
    pub fn new(txn: &'a DatabaseTransaction, tenant: Uuid) -> Self {
        Self { txn, tenant }
    }

    /// The tenant.
    pub fn tenant_id(&self) -> Uuid {
        self.tenant
    }

    /// The transaction, to run the queries this view builds.
    pub fn conn(&self) -> &'a DatabaseTransaction {
        self.txn
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
        row.insert(self.txn).await
    }

    /// Inserts many rows in one statement, each as this tenant's; returns how many.
    pub async fn insert_many<A>(&self, rows: Vec<A>) -> Result<u64, DbErr>
    where
        A: ActiveModelTrait + ActiveModelBehavior + Send,
        A::Entity: TenantOwned,
    {
        let rows = rows.into_iter().map(|mut row| {
            row.set(
                <A::Entity as TenantOwned>::tenant_column(),
                self.tenant.into(),
            );
            row
        });
        <A::Entity as EntityTrait>::insert_many(rows)
            .exec_without_returning(self.txn)
            .await
    }
}

/// The doors into tenant tables that open by something other than the tenant, each
/// backed by its own row-level-security policy: a person's own memberships across
/// companies, an API key by the prefix a request presented, an invitation by its token.
pub mod by_credential {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Select};
    use uuid::Uuid;

    use crate::store::entities::{api_key, invitation, membership};

    /// A person's memberships in every company (their own rows).
    pub fn memberships_of(user: Uuid) -> Select<membership::Entity> {
        membership::Entity::find().filter(membership::Column::UserId.eq(user))
    }

    /// The API key with this prefix (see `scope::reveal_api_key`).
    pub fn api_key_with_prefix(prefix: &str) -> Select<api_key::Entity> {
        api_key::Entity::find().filter(api_key::Column::Prefix.eq(prefix))
    }

    /// The invitation whose token hashes to `hash`.
    pub fn invitation_with_token_hash(hash: &str) -> Select<invitation::Entity> {
        invitation::Entity::find().filter(invitation::Column::TokenHash.eq(hash))
    }
}

/// A database transaction acting for one tenant.
pub struct TenantTx {
    txn: DatabaseTransaction,
    tenant: Uuid,
    /// Outbox events to write at commit, in order (one statement for all of them).
    events: std::sync::Mutex<Vec<String>>,
}

impl TenantTx {
    /// Begins a transaction for reading `tenant`'s rows.
    pub async fn read(db: &DatabaseConnection, tenant: Uuid) -> Result<Self, DbErr> {
        Ok(Self {
            txn: scope::begin_read(db, Scope::tenant(tenant)).await?,
            tenant,
            events: std::sync::Mutex::new(Vec::new()),
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

    /// The tenant's view of this transaction.
    pub fn scoped(&self) -> Scoped<'_> {
        Scoped::new(&self.txn, self.tenant)
    }

    /// `SELECT … WHERE tenant_id = <tenant>` over the table of record `M`.
    pub fn select<M>(&self) -> Select<M::Entity>
    where
        M: ModelTrait,
        M::Entity: TenantOwned,
    {
        self.scoped().select::<M>()
    }

    /// `UPDATE … WHERE tenant_id = <tenant>`; add the other filters and values.
    pub fn update<M>(&self) -> UpdateMany<M::Entity>
    where
        M: ModelTrait,
        M::Entity: TenantOwned,
    {
        self.scoped().update::<M>()
    }

    /// `DELETE … WHERE tenant_id = <tenant>`; add the other filters.
    pub fn delete<M>(&self) -> DeleteMany<M::Entity>
    where
        M: ModelTrait,
        M::Entity: TenantOwned,
    {
        self.scoped().delete::<M>()
    }

    /// Inserts a row as this tenant's, whatever `tenant_id` the caller set.
    pub async fn insert<A>(&self, row: A) -> Result<<A::Entity as EntityTrait>::Model, DbErr>
    where
        A: ActiveModelTrait + ActiveModelBehavior + Send,
        A::Entity: TenantOwned,
        <A::Entity as EntityTrait>::Model: IntoActiveModel<A>,
    {
        self.scoped().insert(row).await
    }

    /// Inserts many rows in one statement, each as this tenant's; returns how many.
    pub async fn insert_many<A>(&self, rows: Vec<A>) -> Result<u64, DbErr>
    where
        A: ActiveModelTrait + ActiveModelBehavior + Send,
        A::Entity: TenantOwned,
    {
        self.scoped().insert_many(rows).await
    }

    /// Keeps an outbox event (serialised) to write when this transaction commits.
    pub(in crate::store) fn hold_event(&self, payload: String) {
        self.events
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(payload);
    }

    /// Writes the events held, commits, then wakes the outbox relay if there were any.
    pub async fn commit(self) -> Result<(), DbErr> {
        let events = std::mem::take(
            &mut *self
                .events
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        let wrote = !events.is_empty();
        outbox::write_all(&self.txn, self.tenant, events).await?;
        self.txn.commit().await?;
        if wrote {
            outbox::wake();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    /// Tables a person owns rather than a company: their sessions carry the company they
    /// were opened in, but are reached by the person (and row-level security checks both).
    const PERSON_OWNED: &[&str] = &["session"];

    #[test]
    fn every_tenant_owned_entity_is_private_to_the_store() {
        let declarations = include_str!("entities/mod.rs");
        let sources: &[(&str, &str)] = &[
            ("api_key", include_str!("entities/api_key.rs")),
            ("audit_event", include_str!("entities/audit_event.rs")),
            (
                "idempotency_key",
                include_str!("entities/idempotency_key.rs"),
            ),
            ("invitation", include_str!("entities/invitation.rs")),
            (
                "invitation_location",
                include_str!("entities/invitation_location.rs"),
            ),
            ("location", include_str!("entities/location.rs")),
            ("membership", include_str!("entities/membership.rs")),
            (
                "membership_location",
                include_str!("entities/membership_location.rs"),
            ),
            ("outbox_event", include_str!("entities/outbox_event.rs")),
            ("product", include_str!("entities/product.rs")),
            (
                "product_variant",
                include_str!("entities/product_variant.rs"),
            ),
            ("refresh_token", include_str!("entities/refresh_token.rs")),
            ("session", include_str!("entities/session.rs")),
            ("stock_count", include_str!("entities/stock_count.rs")),
            (
                "stock_count_line",
                include_str!("entities/stock_count_line.rs"),
            ),
            ("stock_level", include_str!("entities/stock_level.rs")),
            ("stock_movement", include_str!("entities/stock_movement.rs")),
            ("tenant", include_str!("entities/tenant.rs")),
            ("transfer", include_str!("entities/transfer.rs")),
            ("transfer_line", include_str!("entities/transfer_line.rs")),
            ("user", include_str!("entities/user.rs")),
            ("channel", include_str!("entities/channel.rs")),
            (
                "channel_location",
                include_str!("entities/channel_location.rs"),
            ),
            ("customer", include_str!("entities/customer.rs")),
            (
                "customer_address",
                include_str!("entities/customer_address.rs"),
            ),
            ("customer_link", include_str!("entities/customer_link.rs")),
            ("loyalty_entry", include_str!("entities/loyalty_entry.rs")),
            ("sale", include_str!("entities/sale.rs")),
            ("sale_line", include_str!("entities/sale_line.rs")),
            ("sale_payment", include_str!("entities/sale_payment.rs")),
            ("sync_job", include_str!("entities/sync_job.rs")),
            (
                "channel_mapping",
                include_str!("entities/channel_mapping.rs"),
            ),
            ("inbound_event", include_str!("entities/inbound_event.rs")),
            ("sync_issue", include_str!("entities/sync_issue.rs")),
            (
                "document_counter",
                include_str!("entities/document_counter.rs"),
            ),
            ("order", include_str!("entities/order.rs")),
            ("order_line", include_str!("entities/order_line.rs")),
            ("order_return", include_str!("entities/order_return.rs")),
            (
                "order_return_line",
                include_str!("entities/order_return_line.rs"),
            ),
            ("shipment", include_str!("entities/shipment.rs")),
            ("shipment_line", include_str!("entities/shipment_line.rs")),
            ("quote", include_str!("entities/quote.rs")),
            ("quote_line", include_str!("entities/quote_line.rs")),
            ("invoice", include_str!("entities/invoice.rs")),
            ("invoice_line", include_str!("entities/invoice_line.rs")),
            ("payment", include_str!("entities/payment.rs")),
            (
                "payment_allocation",
                include_str!("entities/payment_allocation.rs"),
            ),
        ];
        let declared = declarations.lines().filter(|l| l.contains("mod ")).count();
        assert_eq!(declared, sources.len(), "list every entity module here");
        for (module, source) in sources {
            let tenant_owned = source.contains("pub tenant_id:");
            let private = declarations.contains(&format!("pub(in crate::store) mod {module};"));
            if tenant_owned && !PERSON_OWNED.contains(module) {
                assert!(
                    private,
                    "{module} has tenant_id: declare it `pub(in crate::store)` and reach it through TenantTx"
                );
            }
        }
    }
}
