//! Store pickup (BOPIS, 店舗受取): when an order was made ready for its customer to collect,
//! so the store can list what has waited too long.

use sea_orm_migration::prelude::*;

use crate::columns::{index, name, optional_timestamp};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The uncollected list: ready orders at a store, oldest first.
const READY_INDEX: &str = "orders_ready";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(name("orders"))
                    .add_column(optional_timestamp("ready_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                READY_INDEX,
                "orders",
                &["tenant_id", "status", "ready_at"],
                false,
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(READY_INDEX)
                    .table(name("orders"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(name("orders"))
                    .drop_column(name("ready_at"))
                    .to_owned(),
            )
            .await
    }
}
