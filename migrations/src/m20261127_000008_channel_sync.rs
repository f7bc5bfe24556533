//! Channel sync: which provider item or location is which Kura variant or location
//! (`channel_mappings`), every webhook delivery as received (`inbound_events`), and what a
//! person has to sort out before an external sale can be recorded (`sync_issues`).
//!
//! Two narrow doors into `channels` open before a tenant is known, each naming itself per
//! transaction: a webhook request reveals the one channel its URL names
//! (`app.webhook_channel`), and the sync jobs (reconciliation, retrying stored deliveries)
//! list channels and unprocessed deliveries across tenants (`app.channel_sync`). Both only
//! read; every write then happens in a transaction scoped to the channel's tenant.

use sea_orm_migration::{prelude::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TENANT_TABLES: &[&str] = &["channel_mappings", "inbound_events", "sync_issues"];

const DOORS: &str = r#"
CREATE POLICY webhook_channel ON channels FOR SELECT
  USING (id::text = NULLIF(current_setting('app.webhook_channel', true), ''));
CREATE POLICY channel_sync ON channels FOR SELECT
  USING (current_setting('app.channel_sync', true) = 'on');
CREATE POLICY channel_sync ON inbound_events FOR SELECT
  USING (current_setting('app.channel_sync', true) = 'on');
"#;

const DOORS_DOWN: &str = r#"
DROP POLICY IF EXISTS webhook_channel ON channels;
DROP POLICY IF EXISTS channel_sync ON channels;
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
fn references(table: &str, column: &str, target: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(name(table), (name("tenant_id"), name(column)))
        .to(name(target), (name("tenant_id"), name("id")))
        .on_delete(ForeignKeyAction::Cascade)
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
        manager
            .create_table(
                tenant_table("channel_mappings", &["channel_id", "kind", "external_id"])
                    .col(uuid("channel_id"))
                    // VARIANT or LOCATION.
                    .col(text("kind", 16))
                    // The provider's id: Shopify variant or location, Square catalog
                    // variation or location, Smaregi product or store.
                    .col(text("external_id", 200))
                    // A product variant or a location, by kind.
                    .col(uuid("kura_id"))
                    // A second provider id the outbound push needs (Shopify's inventory item
                    // of a variant).
                    .col(optional_text("external_ref", 200))
                    // MANUAL (a person mapped it) or AUTO (matched by SKU or barcode).
                    .col(text("source", 16).default("MANUAL").to_owned())
                    .col(timestamp("created_at"))
                    .foreign_key(&mut references(
                        "channel_mappings",
                        "channel_id",
                        "channels",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "channel_mappings_kura",
                "channel_mappings",
                &["tenant_id", "channel_id", "kind", "kura_id"],
                false,
            ))
            .await?;

        manager
            .create_table(
                tenant_table("inbound_events", &["id"])
                    // UUIDv7: ordered by arrival.
                    .col(uuid("id"))
                    .col(uuid("channel_id"))
                    // Shopify's X-Shopify-Webhook-Id, Square's event_id, Smaregi's
                    // Smaregi-Event-Id: a redelivery carries the same one.
                    .col(text("provider_event_id", 200))
                    .col(text("topic", 200))
                    .col(long_text("body"))
                    // RECEIVED, PROCESSED, IGNORED, PARKED or FAILED.
                    .col(text("status", 16))
                    .col(long_text("note"))
                    .col(
                        ColumnDef::new(name("attempts"))
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(timestamp("received_at"))
                    .col(optional_timestamp("processed_at"))
                    .foreign_key(&mut references("inbound_events", "channel_id", "channels"))
                    .to_owned(),
            )
            .await?;
        for (index_name, columns, unique) in [
            (
                "inbound_events_provider_id",
                &["tenant_id", "channel_id", "provider_event_id"][..],
                true,
            ),
            (
                "inbound_events_status",
                &["status", "received_at"][..],
                false,
            ),
        ] {
            manager
                .create_index(index(index_name, "inbound_events", columns, unique))
                .await?;
        }

        manager
            .create_table(
                tenant_table("sync_issues", &["id"])
                    .col(uuid("id"))
                    .col(uuid("channel_id"))
                    .col(optional_uuid("inbound_event_id"))
                    // The external sale's id (or the delivery's, when no sale could be
                    // read): one issue per subject, updated when it comes back.
                    .col(text("subject", 200))
                    // UNMAPPED_ITEM, UNMAPPED_LOCATION, ORIGINAL_MISSING or FAILED.
                    .col(text("kind", 32))
                    // OPEN, RESOLVED or DISMISSED.
                    .col(text("status", 16))
                    .col(long_text("detail"))
                    // The normalised sale (JSON), recorded once the issue is resolved.
                    .col(ColumnDef::new(name("sale")).text().null())
                    .col(optional_uuid("sale_id"))
                    .col(optional_uuid("resolved_by"))
                    .col(timestamp("created_at"))
                    .col(timestamp("updated_at"))
                    .col(optional_timestamp("resolved_at"))
                    .foreign_key(&mut references("sync_issues", "channel_id", "channels"))
                    .foreign_key(&mut references(
                        "sync_issues",
                        "inbound_event_id",
                        "inbound_events",
                    ))
                    .to_owned(),
            )
            .await?;
        for (index_name, columns, unique) in [
            (
                "sync_issues_subject",
                &["tenant_id", "channel_id", "subject"][..],
                true,
            ),
            (
                "sync_issues_status",
                &["tenant_id", "channel_id", "status", "id"][..],
                false,
            ),
        ] {
            manager
                .create_index(index(index_name, "sync_issues", columns, unique))
                .await?;
        }

        if manager.get_database_backend() == DbBackend::Postgres {
            let mut policies: String = TENANT_TABLES.iter().map(|t| tenant_policy(t)).collect();
            policies.push_str(DOORS);
            manager
                .get_connection()
                .execute_unprepared(&policies)
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared(DOORS_DOWN)
                .await?;
        }
        for table in ["sync_issues", "inbound_events", "channel_mappings"] {
            manager
                .drop_table(Table::drop().table(name(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
