//! What a company prints on its documents under its name: its address and phone, and its
//! qualified-invoice registration number (適格請求書発行事業者登録番号, `T` + 13 digits).

use sea_orm_migration::prelude::*;

use crate::columns::{long_text, name, optional_text};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        for column in [
            long_text("address"),
            ColumnDef::new(name("phone"))
                .string_len(32)
                .not_null()
                .default("")
                .to_owned(),
            optional_text("registration_number", 14),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(name("tenants"))
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in ["address", "phone", "registration_number"] {
            manager
                .alter_table(
                    Table::alter()
                        .table(name("tenants"))
                        .drop_column(name(column))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
