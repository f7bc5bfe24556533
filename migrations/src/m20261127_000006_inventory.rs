//! Locations, the catalog and the stock ledger, plus what keeps them honest: idempotency
//! keys, the transactional outbox, transfers, stock counts, reorder points, and the
//! locations a staff member is limited to.
//!
//! Every table is tenant-owned: `tenant_id` leads its primary key, and every reference to
//! another tenant-owned row is a composite foreign key `(tenant_id, …)`, so a row can never
//! point at another company's row even if the application asked it to.

use sea_orm_migration::{prelude::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Tables under the plain per-tenant policy.
const TENANT_TABLES: &[&str] = &[
    "locations",
    "products",
    "product_variants",
    "stock_levels",
    "idempotency_keys",
    "transfers",
    "transfer_lines",
    "stock_counts",
    "stock_count_lines",
    "membership_locations",
    "invitation_locations",
];

/// The ledger is append-only: the app role gets a read and an insert policy and nothing
/// else, so under row-level security no UPDATE or DELETE can touch a movement.
/// The outbox is read across tenants by the relay, which names itself per transaction.
const SPECIAL_POLICIES: &str = r#"
ALTER TABLE stock_movements ENABLE ROW LEVEL SECURITY;
ALTER TABLE stock_movements FORCE ROW LEVEL SECURITY;
CREATE POLICY ledger_read ON stock_movements FOR SELECT
  USING (tenant_id = kura_current_tenant());
CREATE POLICY ledger_append ON stock_movements FOR INSERT
  WITH CHECK (tenant_id = kura_current_tenant());

ALTER TABLE outbox_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE outbox_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON outbox_events
  USING (tenant_id = kura_current_tenant()
         OR current_setting('app.outbox_relay', true) = 'on')
  WITH CHECK (tenant_id = kura_current_tenant()
         OR current_setting('app.outbox_relay', true) = 'on');
"#;

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

fn text(column: &str, len: u32) -> ColumnDef {
    ColumnDef::new(name(column))
        .string_len(len)
        .not_null()
        .to_owned()
}

fn count(column: &str) -> ColumnDef {
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

        // Company-wide pricing rule: store prices are usually tax-included (総額表示).
        manager
            .alter_table(
                Table::alter()
                    .table(name("tenants"))
                    .add_column(flag("prices_include_tax", true))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                tenant_table("locations", &["id"])
                    .col(uuid("id"))
                    .col(text("code", 32))
                    .col(text("name", 200))
                    .col(text("kind", 32))
                    .col(
                        ColumnDef::new(name("address"))
                            .text()
                            .not_null()
                            .default(""),
                    )
                    .col(text("time_zone", 64).default("Asia/Tokyo").to_owned())
                    .col(flag("sellable_online", false))
                    .col(flag("pickup_enabled", false))
                    .col(optional_timestamp("archived_at"))
                    .col(timestamp("created_at"))
                    .col(timestamp("updated_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "locations_code",
                "locations",
                &["tenant_id", "code"],
                true,
            ))
            .await?;

        manager
            .create_table(
                tenant_table("products", &["id"])
                    .col(uuid("id"))
                    .col(text("name", 300))
                    .col(
                        ColumnDef::new(name("description"))
                            .text()
                            .not_null()
                            .default(""),
                    )
                    .col(text("tax_class", 16))
                    .col(text("status", 16))
                    // JSON array of option names, e.g. ["Size", "Colour"].
                    .col(
                        ColumnDef::new(name("option_names"))
                            .text()
                            .not_null()
                            .default("[]"),
                    )
                    .col(timestamp("created_at"))
                    .col(timestamp("updated_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "products_name",
                "products",
                &["tenant_id", "name"],
                false,
            ))
            .await?;

        manager
            .create_table(
                tenant_table("product_variants", &["id"])
                    .col(uuid("id"))
                    .col(uuid("product_id"))
                    .col(text("sku", 64))
                    .col(ColumnDef::new(name("barcode")).string_len(14).null())
                    // Money in minor units of the company's currency.
                    .col(ColumnDef::new(name("price")).big_integer().not_null())
                    .col(ColumnDef::new(name("cost")).big_integer().null())
                    // JSON array of option values, in the product's option order.
                    .col(
                        ColumnDef::new(name("options"))
                            .text()
                            .not_null()
                            .default("[]"),
                    )
                    .col(
                        ColumnDef::new(name("position"))
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(optional_timestamp("archived_at"))
                    .col(timestamp("created_at"))
                    .col(timestamp("updated_at"))
                    .foreign_key(&mut references(
                        "product_variants",
                        "product_id",
                        "products",
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        for (index_name, columns, unique) in [
            ("product_variants_sku", &["tenant_id", "sku"][..], true),
            (
                "product_variants_barcode",
                &["tenant_id", "barcode"][..],
                true,
            ),
            (
                "product_variants_product",
                &["tenant_id", "product_id"][..],
                false,
            ),
        ] {
            manager
                .create_index(index(index_name, "product_variants", columns, unique))
                .await?;
        }

        manager
            .create_table(
                tenant_table("stock_levels", &["variant_id", "location_id"])
                    .col(uuid("id"))
                    .col(uuid("variant_id"))
                    .col(uuid("location_id"))
                    .col(count("on_hand"))
                    .col(count("allocated"))
                    .col(count("incoming"))
                    // Bumped by every change; subscribers use it to order and de-duplicate.
                    .col(count("version"))
                    .col(ColumnDef::new(name("reorder_point")).big_integer().null())
                    .col(
                        ColumnDef::new(name("reorder_quantity"))
                            .big_integer()
                            .null(),
                    )
                    .col(timestamp("updated_at"))
                    .foreign_key(&mut references(
                        "stock_levels",
                        "variant_id",
                        "product_variants",
                        Restrict,
                    ))
                    .foreign_key(&mut references(
                        "stock_levels",
                        "location_id",
                        "locations",
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        for (index_name, columns, unique) in [
            ("stock_levels_id", &["tenant_id", "id"][..], true),
            (
                "stock_levels_location",
                &["tenant_id", "location_id"][..],
                false,
            ),
        ] {
            manager
                .create_index(index(index_name, "stock_levels", columns, unique))
                .await?;
        }

        manager
            .create_table(
                tenant_table("stock_movements", &["id"])
                    // UUIDv7: ordered by time, so the ledger pages by id.
                    .col(uuid("id"))
                    .col(uuid("variant_id"))
                    .col(uuid("location_id"))
                    .col(ColumnDef::new(name("delta")).big_integer().not_null())
                    .col(
                        ColumnDef::new(name("on_hand_after"))
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(name("version")).big_integer().not_null())
                    .col(text("reason", 32))
                    .col(ColumnDef::new(name("note")).text().not_null().default(""))
                    .col(ColumnDef::new(name("reference_type")).string_len(32).null())
                    .col(ColumnDef::new(name("reference_id")).uuid().null())
                    .col(ColumnDef::new(name("actor_user_id")).uuid().null())
                    .col(ColumnDef::new(name("actor_api_key")).string_len(32).null())
                    .col(timestamp("created_at"))
                    .foreign_key(&mut references(
                        "stock_movements",
                        "variant_id",
                        "product_variants",
                        Restrict,
                    ))
                    .foreign_key(&mut references(
                        "stock_movements",
                        "location_id",
                        "locations",
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "stock_movements_row",
                "stock_movements",
                &["tenant_id", "variant_id", "location_id", "id"],
                false,
            ))
            .await?;
        manager
            .create_index(index(
                "stock_movements_location",
                "stock_movements",
                &["tenant_id", "location_id", "id"],
                false,
            ))
            .await?;

        manager
            .create_table(
                tenant_table("idempotency_keys", &["operation", "key"])
                    .col(text("operation", 64))
                    .col(text("key", 200))
                    // What the first call produced (e.g. a movement id), returned to repeats.
                    .col(ColumnDef::new(name("result")).text().not_null())
                    .col(timestamp("created_at"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(name("outbox_events"))
                    // A global sequence: the relay publishes in commit order per stock row.
                    .col(
                        ColumnDef::new(name("seq"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(uuid("tenant_id"))
                    .col(ColumnDef::new(name("payload")).text().not_null())
                    .col(timestamp("created_at"))
                    .col(optional_timestamp("published_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .from(name("outbox_events"), name("tenant_id"))
                            .to(name("tenants"), name("id"))
                            .on_delete(Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "outbox_events_pending",
                "outbox_events",
                &["published_at", "seq"],
                false,
            ))
            .await?;

        manager
            .create_table(
                tenant_table("transfers", &["id"])
                    .col(uuid("id"))
                    .col(text("number", 32))
                    .col(uuid("from_location_id"))
                    .col(uuid("to_location_id"))
                    .col(text("status", 32))
                    .col(ColumnDef::new(name("note")).text().not_null().default(""))
                    .col(ColumnDef::new(name("created_by")).uuid().null())
                    .col(timestamp("created_at"))
                    .col(timestamp("updated_at"))
                    .col(optional_timestamp("shipped_at"))
                    .col(optional_timestamp("received_at"))
                    .col(optional_timestamp("cancelled_at"))
                    .foreign_key(&mut references(
                        "transfers",
                        "from_location_id",
                        "locations",
                        Restrict,
                    ))
                    .foreign_key(&mut references(
                        "transfers",
                        "to_location_id",
                        "locations",
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "transfers_number",
                "transfers",
                &["tenant_id", "number"],
                true,
            ))
            .await?;
        manager
            .create_table(
                tenant_table("transfer_lines", &["transfer_id", "variant_id"])
                    .col(uuid("transfer_id"))
                    .col(uuid("variant_id"))
                    .col(ColumnDef::new(name("quantity")).big_integer().not_null())
                    .col(count("received_quantity"))
                    // Shipped but never arrived, recorded when the receipt is closed.
                    .col(count("missing_quantity"))
                    .col(ColumnDef::new(name("discrepancy_reason")).text().null())
                    .foreign_key(&mut references(
                        "transfer_lines",
                        "transfer_id",
                        "transfers",
                        Cascade,
                    ))
                    .foreign_key(&mut references(
                        "transfer_lines",
                        "variant_id",
                        "product_variants",
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                tenant_table("stock_counts", &["id"])
                    .col(uuid("id"))
                    .col(text("number", 32))
                    .col(uuid("location_id"))
                    .col(text("status", 16))
                    // JSON array of product ids; empty = the whole location.
                    .col(
                        ColumnDef::new(name("product_ids"))
                            .text()
                            .not_null()
                            .default("[]"),
                    )
                    .col(ColumnDef::new(name("note")).text().not_null().default(""))
                    .col(ColumnDef::new(name("created_by")).uuid().null())
                    .col(timestamp("created_at"))
                    .col(timestamp("updated_at"))
                    .col(optional_timestamp("finalized_at"))
                    .foreign_key(&mut references(
                        "stock_counts",
                        "location_id",
                        "locations",
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "stock_counts_number",
                "stock_counts",
                &["tenant_id", "number"],
                true,
            ))
            .await?;
        manager
            .create_table(
                tenant_table("stock_count_lines", &["count_id", "variant_id"])
                    .col(uuid("count_id"))
                    .col(uuid("variant_id"))
                    .col(ColumnDef::new(name("counted")).big_integer().not_null())
                    // The books' on-hand when this line was last counted. The difference
                    // posted is counted − this, so sales rung up after the count stay.
                    .col(ColumnDef::new(name("expected")).big_integer().not_null())
                    .col(timestamp("counted_at"))
                    .foreign_key(&mut references(
                        "stock_count_lines",
                        "count_id",
                        "stock_counts",
                        Cascade,
                    ))
                    .foreign_key(&mut references(
                        "stock_count_lines",
                        "variant_id",
                        "product_variants",
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;

        // Staff limited to some locations; no rows = every location.
        manager
            .create_table(
                tenant_table("membership_locations", &["user_id", "location_id"])
                    .col(uuid("user_id"))
                    .col(uuid("location_id"))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                name("membership_locations"),
                                (name("tenant_id"), name("user_id")),
                            )
                            .to(name("memberships"), (name("tenant_id"), name("user_id")))
                            .on_delete(Cascade),
                    )
                    .foreign_key(&mut references(
                        "membership_locations",
                        "location_id",
                        "locations",
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                tenant_table("invitation_locations", &["invitation_id", "location_id"])
                    .col(uuid("invitation_id"))
                    .col(uuid("location_id"))
                    .foreign_key(&mut references(
                        "invitation_locations",
                        "invitation_id",
                        "invitations",
                        Cascade,
                    ))
                    .foreign_key(&mut references(
                        "invitation_locations",
                        "location_id",
                        "locations",
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        if manager.get_database_backend() == DbBackend::Postgres {
            let mut policies: String = TENANT_TABLES.iter().map(|t| tenant_policy(t)).collect();
            policies.push_str(SPECIAL_POLICIES);
            manager
                .get_connection()
                .execute_unprepared(&policies)
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "invitation_locations",
            "membership_locations",
            "stock_count_lines",
            "stock_counts",
            "transfer_lines",
            "transfers",
            "outbox_events",
            "idempotency_keys",
            "stock_movements",
            "stock_levels",
            "product_variants",
            "products",
            "locations",
        ] {
            manager
                .drop_table(Table::drop().table(name(table)).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(name("tenants"))
                    .drop_column(name("prices_include_tax"))
                    .to_owned(),
            )
            .await
    }
}
