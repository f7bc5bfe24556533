//! Online orders that must still be shipped: a channel records them as sales (as before)
//! or makes them orders that Kura allocates, packs and ships.

use sea_orm_migration::prelude::*;

use crate::columns::{name, text};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(name("channels"))
                    .add_column(text("orders_to_ship", 16).default("SALE").to_owned())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(name("channels"))
                    .drop_column(name("orders_to_ship"))
                    .to_owned(),
            )
            .await
    }
}
