//! The root of tenancy: one row per company using Kura. Every tenant-owned table added
//! later carries `tenant_id` referencing this table and leading its keys, so the schema can
//! be distributed by `tenant_id` (Citus) without change.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Tenants::Table)
                    .col(ColumnDef::new(Tenants::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Tenants::Name).string_len(200).not_null())
                    // Business days, closing days and dashboards follow the company's zone.
                    .col(
                        ColumnDef::new(Tenants::TimeZone)
                            .string_len(64)
                            .not_null()
                            .default("Asia/Tokyo"),
                    )
                    .col(
                        ColumnDef::new(Tenants::CurrencyCode)
                            .string_len(3)
                            .not_null()
                            .default("JPY"),
                    )
                    .col(
                        ColumnDef::new(Tenants::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null()
                            .default(Expr::current_timestamp()),
                    )
                    .col(
                        ColumnDef::new(Tenants::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null()
                            .default(Expr::current_timestamp()),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Tenants::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Tenants {
    Table,
    Id,
    Name,
    TimeZone,
    CurrencyCode,
    CreatedAt,
    UpdatedAt,
}
