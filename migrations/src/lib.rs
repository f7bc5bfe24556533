//! Kura's database schema, one migration per file, named `mYYYYMMDD_NNNNNN_what`.
//!
//! The same migrations run on SQLite (embedded mode, applied at start) and PostgreSQL
//! (applied by `kura migrate up`). Parts that only PostgreSQL supports are guarded by
//! the backend in the migration itself, so a migration never half-applies on SQLite.

pub use sea_orm_migration::prelude::*;

mod columns;
mod m20261127_000001_tenants;
mod m20261127_000002_accounts;
mod m20261127_000003_row_level_security;
mod m20261127_000004_api_keys;
mod m20261127_000005_invitations_and_audit;
mod m20261127_000006_inventory;
mod m20261127_000007_sales;
mod m20261127_000008_channel_sync;
mod m20261127_000009_outbound_sync;
mod m20261204_000901_data_retention;
mod m20261207_001001_business_customers;
mod m20261207_001002_orders;
mod m20261207_001003_quotes;
mod m20261207_001004_pickup;
mod m20261207_001005_orders_to_ship;
mod m20261207_001006_company_details;
mod m20261207_001007_order_returns;
mod m20261207_001008_order_splits;
mod m20261208_001101_invoices;
mod m20261208_001102_payments;

/// The ordered list of every migration Kura has shipped. Landed migrations are never edited.
#[derive(Debug)]
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261127_000001_tenants::Migration),
            Box::new(m20261127_000002_accounts::Migration),
            Box::new(m20261127_000003_row_level_security::Migration),
            Box::new(m20261127_000004_api_keys::Migration),
            Box::new(m20261127_000005_invitations_and_audit::Migration),
            Box::new(m20261127_000006_inventory::Migration),
            Box::new(m20261127_000007_sales::Migration),
            Box::new(m20261127_000008_channel_sync::Migration),
            Box::new(m20261127_000009_outbound_sync::Migration),
            Box::new(m20261204_000901_data_retention::Migration),
            Box::new(m20261207_001001_business_customers::Migration),
            Box::new(m20261207_001002_orders::Migration),
            Box::new(m20261207_001003_quotes::Migration),
            Box::new(m20261207_001004_pickup::Migration),
            Box::new(m20261207_001005_orders_to_ship::Migration),
            Box::new(m20261207_001006_company_details::Migration),
            Box::new(m20261207_001007_order_returns::Migration),
            Box::new(m20261207_001008_order_splits::Migration),
            Box::new(m20261208_001101_invoices::Migration),
            Box::new(m20261208_001102_payments::Migration),
        ]
    }
}

/// Lets a plain serving role (not superuser, not `BYPASSRLS`, not the tables' owner) use
/// this database's tables, creating it first if the cluster lacks it. Run as the owner
/// after migrating; production does the same in `infra/postgres/init.sql`. Row-level
/// security then applies to the role exactly as in production.
pub async fn grant_app_role(
    owner: &impl sea_orm_migration::sea_orm::ConnectionTrait,
    role: &str,
) -> Result<(), DbErr> {
    if role.is_empty() || !role.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(DbErr::Custom(format!("not a role name: {role}")));
    }
    owner
        .execute_unprepared(&format!(
            "DO $$ BEGIN CREATE ROLE {role} LOGIN NOSUPERUSER NOBYPASSRLS; \
             EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$; \
             GRANT USAGE ON SCHEMA public TO {role}; \
             GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}; \
             GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role};"
        ))
        .await?;
    Ok(())
}
