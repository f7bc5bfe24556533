//! Outbound stock sync: one job row per channel × variant telling the worker that the
//! variant's sellable quantity must be pushed to the channel's provider.
//!
//! Keyed by `(tenant_id, channel_id, variant_id)` so a burst of stock changes collapses
//! into one row: each change bumps `generation`, the worker remembers the generation it
//! pushed (`claimed_generation`) and pushes again when a change landed while it ran.
//! The worker reads due rows across tenants, so besides the usual tenant policy the table
//! lets a transaction that named itself the stock-sync worker (`app.stock_sync`) through.

use sea_orm_migration::{prelude::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const POLICY: &str = r#"
ALTER TABLE sync_jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_jobs FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sync_jobs
  USING (tenant_id = kura_current_tenant()
         OR current_setting('app.stock_sync', true) = 'on')
  WITH CHECK (tenant_id = kura_current_tenant()
         OR current_setting('app.stock_sync', true) = 'on');
"#;

fn name(text: &str) -> Alias {
    Alias::new(text)
}

fn uuid(column: &str) -> ColumnDef {
    ColumnDef::new(name(column)).uuid().not_null().to_owned()
}

fn count(column: &str) -> ColumnDef {
    ColumnDef::new(name(column))
        .big_integer()
        .not_null()
        .default(0)
        .to_owned()
}

fn timestamp(column: &str) -> ColumnDef {
    ColumnDef::new(name(column))
        .timestamp_with_time_zone()
        .not_null()
        .default(Expr::current_timestamp())
        .to_owned()
}

fn references(column: &str, target: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(name("sync_jobs"), (name("tenant_id"), name(column)))
        .to(name(target), (name("tenant_id"), name("id")))
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(name("sync_jobs"))
                    .col(uuid("tenant_id"))
                    .col(uuid("channel_id"))
                    .col(uuid("variant_id"))
                    .primary_key(
                        Index::create()
                            .col(name("tenant_id"))
                            .col(name("channel_id"))
                            .col(name("variant_id")),
                    )
                    // PENDING, RUNNING, DONE, FAILED (retry scheduled) or DEAD (given up).
                    .col(
                        ColumnDef::new(name("status"))
                            .string_len(16)
                            .not_null()
                            .default("PENDING"),
                    )
                    // Bumped by every stock change; the worker pushes until it has pushed
                    // the latest one.
                    .col(count("generation"))
                    .col(count("claimed_generation"))
                    // Tries of the current push; also fences a worker whose lease expired.
                    .col(
                        ColumnDef::new(name("attempts"))
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    // When due (PENDING, FAILED), or when a RUNNING claim's lease runs out.
                    .col(timestamp("next_attempt_at"))
                    .col(ColumnDef::new(name("last_error")).text().null())
                    .col(
                        ColumnDef::new(name("last_pushed_quantity"))
                            .big_integer()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(name("pushed_at"))
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(timestamp("updated_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .from(name("sync_jobs"), name("tenant_id"))
                            .to(name("tenants"), name("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(&mut references("channel_id", "channels"))
                    .foreign_key(&mut references("variant_id", "product_variants"))
                    .to_owned(),
            )
            .await?;
        // The worker's claim: due rows across tenants, oldest first.
        manager
            .create_index(
                Index::create()
                    .name("sync_jobs_due")
                    .table(name("sync_jobs"))
                    .col(name("status"))
                    .col(name("next_attempt_at"))
                    .to_owned(),
            )
            .await?;
        // The channel's sync panel: its failed and dead jobs.
        manager
            .create_index(
                Index::create()
                    .name("sync_jobs_channel_status")
                    .table(name("sync_jobs"))
                    .col(name("tenant_id"))
                    .col(name("channel_id"))
                    .col(name("status"))
                    .to_owned(),
            )
            .await?;
        // Enqueueing looks up the channels selling from a changed location.
        manager
            .create_index(
                Index::create()
                    .name("channel_locations_location")
                    .table(name("channel_locations"))
                    .col(name("tenant_id"))
                    .col(name("location_id"))
                    .to_owned(),
            )
            .await?;
        if manager.get_database_backend() == DbBackend::Postgres {
            manager.get_connection().execute_unprepared(POLICY).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("channel_locations_location")
                    .table(name("channel_locations"))
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(name("sync_jobs")).to_owned())
            .await
    }
}
