//! Data retention and replay protection for inbound webhooks.
//!
//! `inbound_events.content_hash` fingerprints a delivery's signed content (Shopify: the
//! topic as Kura reads it and the body the HMAC covers), unique per channel, so a signed
//! body replayed under a fresh, unsigned webhook id is recognised. Indexes let the
//! retention job find what it removes without scanning whole tables, and on PostgreSQL
//! one more narrow door (`app.retention`) lets that job reach old rows across tenants:
//! blank the bodies of settled deliveries, delete ended sessions and expired retry keys.

use sea_orm_migration::{prelude::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const DOORS: &str = r#"
CREATE POLICY retention_read ON inbound_events FOR SELECT
  USING (current_setting('app.retention', true) = 'on');
CREATE POLICY retention ON inbound_events FOR UPDATE
  USING (current_setting('app.retention', true) = 'on')
  WITH CHECK (current_setting('app.retention', true) = 'on');
CREATE POLICY retention_read ON sessions FOR SELECT
  USING (current_setting('app.retention', true) = 'on');
CREATE POLICY retention ON sessions FOR DELETE
  USING (current_setting('app.retention', true) = 'on');
CREATE POLICY retention_read ON idempotency_keys FOR SELECT
  USING (current_setting('app.retention', true) = 'on');
CREATE POLICY retention ON idempotency_keys FOR DELETE
  USING (current_setting('app.retention', true) = 'on');
"#;

const DOORS_DOWN: &str = r#"
DROP POLICY IF EXISTS retention ON idempotency_keys;
DROP POLICY IF EXISTS retention_read ON idempotency_keys;
DROP POLICY IF EXISTS retention ON sessions;
DROP POLICY IF EXISTS retention_read ON sessions;
DROP POLICY IF EXISTS retention ON inbound_events;
DROP POLICY IF EXISTS retention_read ON inbound_events;
"#;

const INDEXES: &[(&str, &str, &[&str], bool)] = &[
    (
        "inbound_events_content",
        "inbound_events",
        &["tenant_id", "channel_id", "content_hash"],
        true,
    ),
    (
        "inbound_events_processed",
        "inbound_events",
        &["processed_at"],
        false,
    ),
    ("sessions_expires", "sessions", &["expires_at"], false),
    ("refresh_tokens_used", "refresh_tokens", &["used_at"], false),
    (
        "idempotency_keys_created",
        "idempotency_keys",
        &["created_at"],
        false,
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("inbound_events"))
                    .add_column(
                        ColumnDef::new(Alias::new("content_hash"))
                            .string_len(64)
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        for (index_name, table, columns, unique) in INDEXES {
            let mut statement = Index::create();
            statement.name(*index_name).table(Alias::new(*table));
            for column in *columns {
                statement.col(Alias::new(*column));
            }
            if *unique {
                statement.unique();
            }
            manager.create_index(statement).await?;
        }
        if manager.get_database_backend() == DbBackend::Postgres {
            manager.get_connection().execute_unprepared(DOORS).await?;
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
        for (index_name, table, _, _) in INDEXES {
            manager
                .drop_index(
                    Index::drop()
                        .name(*index_name)
                        .table(Alias::new(*table))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("inbound_events"))
                    .drop_column(Alias::new("content_hash"))
                    .to_owned(),
            )
            .await
    }
}
