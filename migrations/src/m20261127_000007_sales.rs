//! Sales from every channel: channels and the locations that sell for them, customers and
//! their channel ids, sale documents with lines and payments, and the loyalty ledger; plus
//! the company's tax rounding and loyalty earn rate.
//!
//! Like the stock tables, every table is tenant-owned with `tenant_id` leading its key, and
//! references between them are composite `(tenant_id, …)` foreign keys.

use sea_orm_migration::{prelude::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TENANT_TABLES: &[&str] = &[
    "channels",
    "channel_locations",
    "customers",
    "customer_links",
    "sales",
    "sale_lines",
    "sale_payments",
    "loyalty_entries",
];

fn tenant_policy(table: &str) -> String {
    format!(
        "ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;\n\
         ALTER TABLE {table} FORCE ROW LEVEL SECURITY;\n\
         CREATE POLICY tenant_isolation ON {table}\n  \
           USING (tenant_id = kura_current_tenant())\n  \
           WITH CHECK (tenant_id = kura_current_tenant());\n"
    )
}

fn name(text: &str) -> Alias {
    Alias::new(text)
}

fn uuid(column: &str) -> ColumnDef {
    ColumnDef::new(name(column)).uuid().not_null().to_owned()
}

fn optional_uuid(column: &str) -> ColumnDef {
    ColumnDef::new(name(column)).uuid().null().to_owned()
}

fn text(column: &str, len: u32) -> ColumnDef {
    ColumnDef::new(name(column))
        .string_len(len)
        .not_null()
        .to_owned()
}

fn optional_text(column: &str, len: u32) -> ColumnDef {
    ColumnDef::new(name(column))
        .string_len(len)
        .null()
        .to_owned()
}

fn long_text(column: &str) -> ColumnDef {
    ColumnDef::new(name(column))
        .text()
        .not_null()
        .default("")
        .to_owned()
}

/// Money in minor units, or a count.
fn amount(column: &str) -> ColumnDef {
    ColumnDef::new(name(column))
        .big_integer()
        .not_null()
        .default(0)
        .to_owned()
}

fn flag(column: &str, default: bool) -> ColumnDef {
    ColumnDef::new(name(column))
        .boolean()
        .not_null()
        .default(default)
        .to_owned()
}

fn timestamp(column: &str) -> ColumnDef {
    ColumnDef::new(name(column))
        .timestamp_with_time_zone()
        .not_null()
        .default(Expr::current_timestamp())
        .to_owned()
}

fn optional_timestamp(column: &str) -> ColumnDef {
    ColumnDef::new(name(column))
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}

/// A tenant-owned table keyed by `(tenant_id, <key>…)` and cascading from its tenant.
fn tenant_table(table: &str, key: &[&str]) -> TableCreateStatement {
    let mut primary = Index::create();
    primary.col(name("tenant_id"));
    for column in key {
        primary.col(name(column));
    }
    Table::create()
        .table(name(table))
        .col(uuid("tenant_id"))
        .primary_key(&mut primary)
        .foreign_key(
            ForeignKey::create()
                .from(name(table), name("tenant_id"))
                .to(name("tenants"), name("id"))
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

/// `(tenant_id, column) → target(tenant_id, id)`: the reference can only stay in-tenant.
fn references(
    table: &str,
    column: &str,
    target: &str,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(name(table), (name("tenant_id"), name(column)))
        .to(name(target), (name("tenant_id"), name("id")))
        .on_delete(on_delete)
        .to_owned()
}

fn index(index_name: &str, table: &str, columns: &[&str], unique: bool) -> IndexCreateStatement {
    let mut statement = Index::create();
    statement.name(index_name).table(name(table));
    for column in columns {
        statement.col(name(column));
    }
    if unique {
        statement.unique();
    }
    statement.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict};

        // How consumption tax is rounded once per rate (切り捨て by default), and the
        // share of a sale earned back as loyalty points, in basis points (100 = 1%).
        for column in [
            text("tax_rounding", 16).default("FLOOR").to_owned(),
            ColumnDef::new(name("loyalty_earn_bp"))
                .integer()
                .not_null()
                .default(100)
                .to_owned(),
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

        manager
            .create_table(
                tenant_table("channels", &["id"])
                    .col(uuid("id"))
                    .col(text("name", 200))
                    .col(text("kind", 16))
                    .col(text("provider", 16))
                    .col(amount("safety_buffer"))
                    // The provider's signing secret (Shopify app secret, Square signature
                    // key) or, for Smaregi, the secret its webhook requests must present.
                    .col(ColumnDef::new(name("webhook_secret")).text().null())
                    // Provider connection details (shop domain, tokens, location ids,
                    // CSV column mapping) as JSON; shaped by each integration.
                    .col(long_text("settings").default("{}").to_owned())
                    .col(optional_timestamp("archived_at"))
                    .col(timestamp("created_at"))
                    .col(timestamp("updated_at"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                tenant_table("channel_locations", &["channel_id", "location_id"])
                    .col(uuid("channel_id"))
                    .col(uuid("location_id"))
                    // 0 is the default location of the channel's sales.
                    .col(ColumnDef::new(name("position")).integer().not_null())
                    .foreign_key(&mut references(
                        "channel_locations",
                        "channel_id",
                        "channels",
                        Cascade,
                    ))
                    .foreign_key(&mut references(
                        "channel_locations",
                        "location_id",
                        "locations",
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                tenant_table("customers", &["id"])
                    .col(uuid("id"))
                    .col(text("kind", 16))
                    .col(text("name", 200))
                    .col(optional_text("email", 320))
                    .col(optional_text("phone", 32))
                    .col(long_text("note"))
                    .col(amount("points_balance"))
                    .col(timestamp("created_at"))
                    .col(timestamp("updated_at"))
                    .to_owned(),
            )
            .await?;
        for (index_name, column) in [("customers_email", "email"), ("customers_phone", "phone")] {
            manager
                .create_index(index(
                    index_name,
                    "customers",
                    &["tenant_id", column],
                    false,
                ))
                .await?;
        }

        manager
            .create_table(
                tenant_table("customer_links", &["channel_id", "external_id"])
                    .col(uuid("channel_id"))
                    .col(text("external_id", 200))
                    .col(uuid("customer_id"))
                    .foreign_key(&mut references(
                        "customer_links",
                        "channel_id",
                        "channels",
                        Cascade,
                    ))
                    .foreign_key(&mut references(
                        "customer_links",
                        "customer_id",
                        "customers",
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                tenant_table("sales", &["id"])
                    // UUIDv7: ordered by time of recording.
                    .col(uuid("id"))
                    .col(text("kind", 16))
                    .col(text("status", 16))
                    .col(optional_uuid("channel_id"))
                    .col(uuid("location_id"))
                    .col(optional_uuid("customer_id"))
                    .col(optional_text("external_id", 200))
                    .col(optional_uuid("original_sale_id"))
                    .col(
                        ColumnDef::new(name("occurred_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(text("currency", 3))
                    .col(flag("prices_include_tax", true))
                    .col(text("tax_rounding", 16))
                    .col(amount("subtotal"))
                    .col(amount("tax"))
                    .col(amount("total"))
                    .col(amount("discount_total"))
                    .col(ColumnDef::new(name("cost_total")).big_integer().null())
                    .col(amount("points_earned"))
                    .col(amount("points_redeemed"))
                    .col(long_text("note"))
                    .col(optional_uuid("actor_user_id"))
                    .col(optional_text("actor_api_key", 32))
                    .col(timestamp("created_at"))
                    .col(optional_timestamp("voided_at"))
                    .col(ColumnDef::new(name("void_reason")).text().null())
                    .foreign_key(&mut references("sales", "channel_id", "channels", Restrict))
                    .foreign_key(&mut references(
                        "sales",
                        "location_id",
                        "locations",
                        Restrict,
                    ))
                    .foreign_key(&mut references(
                        "sales",
                        "customer_id",
                        "customers",
                        Restrict,
                    ))
                    .foreign_key(&mut references(
                        "sales",
                        "original_sale_id",
                        "sales",
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        for (index_name, columns, unique) in [
            (
                "sales_external",
                &["tenant_id", "channel_id", "external_id"][..],
                true,
            ),
            ("sales_occurred", &["tenant_id", "occurred_at"][..], false),
            (
                "sales_location_occurred",
                &["tenant_id", "location_id", "occurred_at"][..],
                false,
            ),
            (
                "sales_customer",
                &["tenant_id", "customer_id", "id"][..],
                false,
            ),
            (
                "sales_original",
                &["tenant_id", "original_sale_id"][..],
                false,
            ),
        ] {
            manager
                .create_index(index(index_name, "sales", columns, unique))
                .await?;
        }

        manager
            .create_table(
                tenant_table("sale_lines", &["sale_id", "line_no"])
                    .col(uuid("sale_id"))
                    .col(ColumnDef::new(name("line_no")).integer().not_null())
                    .col(uuid("variant_id"))
                    .col(text("sku", 64))
                    .col(text("name", 300))
                    // Negative on a return.
                    .col(ColumnDef::new(name("quantity")).big_integer().not_null())
                    .col(amount("unit_price"))
                    .col(amount("discount"))
                    .col(amount("amount"))
                    .col(text("tax_rate", 16))
                    .col(ColumnDef::new(name("unit_cost")).big_integer().null())
                    // On a return: whether the units went back on the shelf.
                    .col(flag("restock", true))
                    // On a sale: units returned against this line so far.
                    .col(amount("returned_quantity"))
                    .foreign_key(&mut references("sale_lines", "sale_id", "sales", Cascade))
                    .foreign_key(&mut references(
                        "sale_lines",
                        "variant_id",
                        "product_variants",
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "sale_lines_variant",
                "sale_lines",
                &["tenant_id", "variant_id"],
                false,
            ))
            .await?;

        manager
            .create_table(
                tenant_table("sale_payments", &["sale_id", "line_no"])
                    .col(uuid("sale_id"))
                    .col(ColumnDef::new(name("line_no")).integer().not_null())
                    .col(text("method", 16))
                    .col(amount("amount"))
                    .col(text("reference", 200).default("").to_owned())
                    .foreign_key(&mut references(
                        "sale_payments",
                        "sale_id",
                        "sales",
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                tenant_table("loyalty_entries", &["id"])
                    .col(uuid("id"))
                    .col(uuid("customer_id"))
                    .col(optional_uuid("sale_id"))
                    .col(ColumnDef::new(name("points")).big_integer().not_null())
                    .col(text("reason", 32))
                    .col(timestamp("created_at"))
                    .foreign_key(&mut references(
                        "loyalty_entries",
                        "customer_id",
                        "customers",
                        Cascade,
                    ))
                    .foreign_key(&mut references(
                        "loyalty_entries",
                        "sale_id",
                        "sales",
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "loyalty_entries_customer",
                "loyalty_entries",
                &["tenant_id", "customer_id", "id"],
                false,
            ))
            .await?;

        if manager.get_database_backend() == DbBackend::Postgres {
            let policies: String = TENANT_TABLES.iter().map(|t| tenant_policy(t)).collect();
            manager
                .get_connection()
                .execute_unprepared(&policies)
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TENANT_TABLES.iter().rev() {
            manager
                .drop_table(Table::drop().table(name(table)).to_owned())
                .await?;
        }
        for column in ["loyalty_earn_bp", "tax_rounding"] {
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
