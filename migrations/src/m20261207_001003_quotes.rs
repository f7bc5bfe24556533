//! Quotes (見積): what a customer is offered before they order, numbered `Q-<year>-<n>`
//! from the same gapless `document_counters` as orders.
//!
//! A quote's lines are priced when it is written (like an order's), so the PDF and the
//! order it becomes show exactly what was offered. The link to the order lives on the
//! quote (`order_id`, unique): converting writes it in the transaction that creates the
//! order, and the orders table stays as it landed.

use sea_orm_migration::{prelude::*, sea_orm::DbBackend};

use crate::columns::{
    amount, flag, index, long_text, name, optional_date, optional_text, optional_timestamp,
    optional_uuid, references, tenant_policy, tenant_table, text, timestamp, uuid,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: &[&str] = &["quotes", "quote_lines"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict};

        manager
            .create_table(
                tenant_table("quotes", &["id"])
                    .col(uuid("id"))
                    .col(text("number", 32))
                    // DRAFT, SENT, ACCEPTED or CANCELLED; EXPIRED follows from `expires_on`.
                    .col(text("status", 24))
                    .col(optional_uuid("customer_id"))
                    .col(uuid("location_id"))
                    .col(optional_date("requested_date"))
                    .col(ColumnDef::new(name("expires_on")).date().not_null())
                    // The ship-to address as quoted (JSON), like an order's.
                    .col(ColumnDef::new(name("ship_to")).text().null())
                    .col(text("currency", 3))
                    .col(flag("prices_include_tax", false))
                    .col(text("tax_rounding", 16))
                    .col(amount("subtotal"))
                    .col(amount("tax"))
                    .col(amount("total"))
                    .col(long_text("note"))
                    .col(ColumnDef::new(name("cancel_reason")).text().null())
                    .col(optional_uuid("order_id"))
                    .col(optional_timestamp("sent_at"))
                    .col(optional_timestamp("accepted_at"))
                    .col(optional_timestamp("cancelled_at"))
                    .col(optional_uuid("actor_user_id"))
                    .col(optional_text("actor_api_key", 32))
                    .col(timestamp("created_at"))
                    .col(timestamp("updated_at"))
                    .col(amount("version"))
                    .foreign_key(&mut references(
                        "quotes",
                        &["customer_id"],
                        "customers",
                        &["id"],
                        Restrict,
                    ))
                    .foreign_key(&mut references(
                        "quotes",
                        &["location_id"],
                        "locations",
                        &["id"],
                        Restrict,
                    ))
                    .foreign_key(&mut references(
                        "quotes",
                        &["order_id"],
                        "orders",
                        &["id"],
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                tenant_table("quote_lines", &["quote_id", "line_number"])
                    .col(uuid("quote_id"))
                    .col(ColumnDef::new(name("line_number")).integer().not_null())
                    .col(uuid("variant_id"))
                    .col(text("sku", 64))
                    .col(text("name", 300))
                    .col(amount("quantity"))
                    .col(amount("unit_price"))
                    .col(text("tax_class", 16))
                    .col(amount("amount"))
                    .foreign_key(&mut references(
                        "quote_lines",
                        &["quote_id"],
                        "quotes",
                        &["id"],
                        Cascade,
                    ))
                    .foreign_key(&mut references(
                        "quote_lines",
                        &["variant_id"],
                        "product_variants",
                        &["id"],
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;

        for (index_name, table, columns, unique) in [
            (
                "quotes_number",
                "quotes",
                &["tenant_id", "number"][..],
                true,
            ),
            // One quote per order: a repeated conversion finds the order it made.
            (
                "quotes_order",
                "quotes",
                &["tenant_id", "order_id"][..],
                true,
            ),
            (
                "quotes_status",
                "quotes",
                &["tenant_id", "status", "expires_on"][..],
                false,
            ),
            (
                "quotes_customer",
                "quotes",
                &["tenant_id", "customer_id", "id"][..],
                false,
            ),
            (
                "quotes_location",
                "quotes",
                &["tenant_id", "location_id", "id"][..],
                false,
            ),
            (
                "quote_lines_variant",
                "quote_lines",
                &["tenant_id", "variant_id"][..],
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
