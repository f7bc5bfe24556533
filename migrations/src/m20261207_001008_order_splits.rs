//! Splitting an order (分納・出荷元分割): units of some lines move to a new order fulfilled
//! from another location, which remembers the order it was split from.

use sea_orm_migration::prelude::*;

use crate::columns::{index, name, optional_uuid};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// An order's split-off orders.
const SPLITS_INDEX: &str = "orders_split_from";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(name("orders"))
                    .add_column(optional_uuid("split_from_order_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                SPLITS_INDEX,
                "orders",
                &["tenant_id", "split_from_order_id"],
                false,
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(SPLITS_INDEX)
                    .table(name("orders"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(name("orders"))
                    .drop_column(name("split_from_order_id"))
                    .to_owned(),
            )
            .await
    }
}
