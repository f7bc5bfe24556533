//! Sales orders (受注) and their shipments (出荷), and the gapless counters that number them.
//!
//! An order line keeps its units split four ways (`allocated + backordered + shipped +
//! cancelled = quantity` once confirmed); a stock row's `allocated` is the sum of the
//! `allocated` of the open lines at its location. Shipments are written once and never
//! change: a correction is a return. `document_counters` hands out each series' next number
//! under the row lock of the transaction that uses it, so a rolled-back document leaves no
//! gap.

use sea_orm_migration::{prelude::*, sea_orm::DbBackend};

use crate::columns::{
    amount, flag, index, long_text, name, optional_date, optional_text, optional_timestamp,
    optional_uuid, references, tenant_policy, tenant_table, text, timestamp, uuid,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: &[&str] = &[
    "document_counters",
    "orders",
    "order_lines",
    "shipments",
    "shipment_lines",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict};

        manager
            .create_table(
                tenant_table("document_counters", &["series"])
                    // e.g. `SO-2026`: the prefix and the year the numbers restart in.
                    .col(text("series", 32))
                    .col(amount("last"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                tenant_table("orders", &["id"])
                    .col(uuid("id"))
                    .col(text("number", 32))
                    .col(text("status", 24))
                    .col(optional_uuid("customer_id"))
                    .col(optional_uuid("channel_id"))
                    .col(uuid("location_id"))
                    .col(optional_uuid("pickup_location_id"))
                    .col(optional_text("external_id", 200))
                    .col(optional_date("requested_date"))
                    // The ship-to address as it was when ordered (JSON), so editing the
                    // customer's addresses later never rewrites an order.
                    .col(ColumnDef::new(name("ship_to")).text().null())
                    .col(text("currency", 3))
                    .col(flag("prices_include_tax", false))
                    .col(text("tax_rounding", 16))
                    .col(amount("subtotal"))
                    .col(amount("tax"))
                    .col(amount("total"))
                    .col(long_text("note"))
                    .col(ColumnDef::new(name("cancel_reason")).text().null())
                    .col(
                        ColumnDef::new(name("ordered_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(optional_timestamp("confirmed_at"))
                    .col(optional_timestamp("cancelled_at"))
                    .col(optional_uuid("actor_user_id"))
                    .col(optional_text("actor_api_key", 32))
                    .col(timestamp("created_at"))
                    .col(timestamp("updated_at"))
                    .col(amount("version"))
                    .foreign_key(&mut references(
                        "orders",
                        &["customer_id"],
                        "customers",
                        &["id"],
                        Restrict,
                    ))
                    .foreign_key(&mut references(
                        "orders",
                        &["channel_id"],
                        "channels",
                        &["id"],
                        Restrict,
                    ))
                    .foreign_key(&mut references(
                        "orders",
                        &["location_id"],
                        "locations",
                        &["id"],
                        Restrict,
                    ))
                    .foreign_key(&mut references(
                        "orders",
                        &["pickup_location_id"],
                        "locations",
                        &["id"],
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                tenant_table("order_lines", &["order_id", "line_number"])
                    .col(uuid("order_id"))
                    .col(ColumnDef::new(name("line_number")).integer().not_null())
                    .col(uuid("variant_id"))
                    .col(text("sku", 64))
                    .col(text("name", 300))
                    .col(amount("quantity"))
                    .col(amount("unit_price"))
                    .col(text("tax_class", 16))
                    .col(amount("amount"))
                    .col(amount("allocated"))
                    .col(amount("backordered"))
                    .col(amount("shipped"))
                    .col(amount("cancelled"))
                    .foreign_key(&mut references(
                        "order_lines",
                        &["order_id"],
                        "orders",
                        &["id"],
                        Cascade,
                    ))
                    .foreign_key(&mut references(
                        "order_lines",
                        &["variant_id"],
                        "product_variants",
                        &["id"],
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                tenant_table("shipments", &["id"])
                    .col(uuid("id"))
                    .col(text("number", 32))
                    .col(uuid("order_id"))
                    .col(uuid("location_id"))
                    .col(text("carrier", 16))
                    .col(text("tracking_number", 64))
                    .col(long_text("note"))
                    .col(
                        ColumnDef::new(name("shipped_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(optional_uuid("actor_user_id"))
                    .col(optional_text("actor_api_key", 32))
                    .col(timestamp("created_at"))
                    .foreign_key(&mut references(
                        "shipments",
                        &["order_id"],
                        "orders",
                        &["id"],
                        Restrict,
                    ))
                    .foreign_key(&mut references(
                        "shipments",
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
                tenant_table("shipment_lines", &["shipment_id", "line_number"])
                    .col(uuid("shipment_id"))
                    .col(ColumnDef::new(name("line_number")).integer().not_null())
                    .col(uuid("order_id"))
                    .col(uuid("variant_id"))
                    .col(amount("quantity"))
                    .foreign_key(&mut references(
                        "shipment_lines",
                        &["shipment_id"],
                        "shipments",
                        &["id"],
                        Cascade,
                    ))
                    .foreign_key(&mut references(
                        "shipment_lines",
                        &["order_id", "line_number"],
                        "order_lines",
                        &["order_id", "line_number"],
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;

        for (index_name, table, columns, unique) in [
            (
                "orders_number",
                "orders",
                &["tenant_id", "number"][..],
                true,
            ),
            (
                "orders_external",
                "orders",
                &["tenant_id", "channel_id", "external_id"][..],
                true,
            ),
            (
                "orders_status",
                "orders",
                &["tenant_id", "status", "ordered_at"][..],
                false,
            ),
            (
                "orders_location",
                "orders",
                &["tenant_id", "location_id", "ordered_at"][..],
                false,
            ),
            (
                "orders_customer",
                "orders",
                &["tenant_id", "customer_id", "id"][..],
                false,
            ),
            (
                "order_lines_variant",
                "order_lines",
                &["tenant_id", "variant_id"][..],
                false,
            ),
            (
                "shipments_number",
                "shipments",
                &["tenant_id", "number"][..],
                true,
            ),
            (
                "shipments_order",
                "shipments",
                &["tenant_id", "order_id"][..],
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
