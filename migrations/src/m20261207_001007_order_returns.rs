//! Returns (返品) against shipments: goods that left on a shipment come back to a location,
//! some fit to sell again (restocked, a `RETURN` movement) and some not. Written once and
//! never changed, like the shipments they refer to; the credit notes of invoicing are built
//! from them.

use sea_orm_migration::{prelude::*, sea_orm::DbBackend};

use crate::columns::{
    amount, index, long_text, name, optional_text, optional_uuid, references, tenant_policy,
    tenant_table, text, timestamp, uuid,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: &[&str] = &["order_returns", "order_return_lines"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict};

        manager
            .create_table(
                tenant_table("order_returns", &["id"])
                    .col(uuid("id"))
                    .col(text("number", 32))
                    .col(uuid("order_id"))
                    .col(uuid("shipment_id"))
                    .col(uuid("location_id"))
                    .col(long_text("reason"))
                    .col(timestamp("received_at"))
                    .col(optional_uuid("actor_user_id"))
                    .col(optional_text("actor_api_key", 32))
                    .col(timestamp("created_at"))
                    .foreign_key(&mut references(
                        "order_returns",
                        &["order_id"],
                        "orders",
                        &["id"],
                        Restrict,
                    ))
                    .foreign_key(&mut references(
                        "order_returns",
                        &["shipment_id"],
                        "shipments",
                        &["id"],
                        Restrict,
                    ))
                    .foreign_key(&mut references(
                        "order_returns",
                        &["location_id"],
                        "locations",
                        &["id"],
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                tenant_table("order_return_lines", &["return_id", "line_number"])
                    .col(uuid("return_id"))
                    .col(ColumnDef::new(name("line_number")).integer().not_null())
                    .col(uuid("shipment_id"))
                    .col(uuid("order_id"))
                    .col(uuid("variant_id"))
                    .col(amount("quantity"))
                    // Of `quantity`, the units put back on the shelf; the rest are damaged.
                    .col(amount("restocked"))
                    .foreign_key(&mut references(
                        "order_return_lines",
                        &["return_id"],
                        "order_returns",
                        &["id"],
                        Cascade,
                    ))
                    .foreign_key(&mut references(
                        "order_return_lines",
                        &["shipment_id", "line_number"],
                        "shipment_lines",
                        &["shipment_id", "line_number"],
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;

        for (index_name, table, columns, unique) in [
            (
                "order_returns_number",
                "order_returns",
                &["tenant_id", "number"][..],
                true,
            ),
            (
                "order_returns_order",
                "order_returns",
                &["tenant_id", "order_id"][..],
                false,
            ),
            (
                "order_return_lines_shipment",
                "order_return_lines",
                &["tenant_id", "shipment_id"][..],
                false,
            ),
        ] {
            manager
                .create_index(index(index_name, table, columns, unique))
                .await?;
        }

        if manager.get_database_backend() == DbBackend::Postgres {
            let policies: String = TABLES.iter().map(|t| tenant_policy(t)).collect();
            manager
                .get_connection()
                .execute_unprepared(&policies)
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES.iter().rev() {
            manager
                .drop_table(Table::drop().table(name(table)).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
