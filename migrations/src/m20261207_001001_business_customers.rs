//! Business partners (取引先): a customer's reading (フリガナ), code, credit limit, price
//! rate and billing terms, and its bill-to and ship-to addresses.
//!
//! `customer_addresses` is tenant-owned like every table, keyed by `(tenant_id, id)`, and
//! its customer reference is a composite `(tenant_id, customer_id)` foreign key that
//! cascades: removing a customer removes its addresses (orders keep their own copy).

use sea_orm_migration::{prelude::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const POLICY: &str = r#"
ALTER TABLE customer_addresses ENABLE ROW LEVEL SECURITY;
ALTER TABLE customer_addresses FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON customer_addresses
  USING (tenant_id = kura_current_tenant())
  WITH CHECK (tenant_id = kura_current_tenant());
"#;

/// At most one default address of each kind per customer; both stores take a partial
/// index (a boolean column is a condition on its own in each).
const ONE_DEFAULT: &str = "CREATE UNIQUE INDEX customer_addresses_one_default \
     ON customer_addresses (tenant_id, customer_id, kind) WHERE is_default";

fn name(text: &str) -> Alias {
    Alias::new(text)
}

/// The new `customers` columns, all optional so existing customers stay as they are.
fn customer_columns() -> Vec<ColumnDef> {
    let text = |column: &str, len: u32| {
        ColumnDef::new(name(column))
            .string_len(len)
            .null()
            .to_owned()
    };
    let number = |column: &str| ColumnDef::new(name(column)).integer().null().to_owned();
    vec![
        // Full-width katakana, for sorting and lookup.
        text("name_kana", 200),
        // Upper-case, unique per company when present.
        text("code", 32),
        // Minor units of the company's currency.
        ColumnDef::new(name("credit_limit"))
            .big_integer()
            .null()
            .to_owned(),
        // Hundredths of a percent of retail (6000 = 60 %).
        number("price_rate"),
        // Billing terms: all three or none (checked by the service).
        number("closing_day"),
        number("payment_month_offset"),
        number("payment_day"),
    ]
}

fn address_table() -> TableCreateStatement {
    let text = |column: &str, len: u32| {
        ColumnDef::new(name(column))
            .string_len(len)
            .not_null()
            .to_owned()
    };
    let blank = |column: &str, len: u32| text(column, len).default("").to_owned();
    let timestamp = |column: &str| {
        ColumnDef::new(name(column))
            .timestamp_with_time_zone()
            .not_null()
            .default(Expr::current_timestamp())
            .to_owned()
    };
    Table::create()
        .table(name("customer_addresses"))
        .col(ColumnDef::new(name("tenant_id")).uuid().not_null())
        .col(ColumnDef::new(name("id")).uuid().not_null())
        .col(ColumnDef::new(name("customer_id")).uuid().not_null())
        .col(text("kind", 16))
        .col(blank("label", 100))
        .col(text("recipient_name", 200))
        .col(text("postal_code", 8))
        .col(text("prefecture", 8))
        .col(text("city", 100))
        .col(text("line1", 200))
        .col(blank("line2", 200))
        .col(ColumnDef::new(name("phone")).string_len(32).null())
        .col(blank("contact_name", 200))
        .col(
            ColumnDef::new(name("is_default"))
                .boolean()
                .not_null()
                .default(false),
        )
        .col(timestamp("created_at"))
        .col(timestamp("updated_at"))
        .primary_key(Index::create().col(name("tenant_id")).col(name("id")))
        .foreign_key(
            ForeignKey::create()
                .from(name("customer_addresses"), name("tenant_id"))
                .to(name("tenants"), name("id"))
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(
            ForeignKey::create()
                .from(
                    name("customer_addresses"),
                    (name("tenant_id"), name("customer_id")),
                )
                .to(name("customers"), (name("tenant_id"), name("id")))
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

/// `(name, table, columns, unique)`.
const INDEXES: &[(&str, &str, &[&str], bool)] = &[
    ("customers_code", "customers", &["tenant_id", "code"], true),
    (
        "customers_kana",
        "customers",
        &["tenant_id", "name_kana"],
        false,
    ),
    (
        "customer_addresses_customer",
        "customer_addresses",
        &["tenant_id", "customer_id", "kind"],
        false,
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        for column in customer_columns() {
            manager
                .alter_table(
                    Table::alter()
                        .table(name("customers"))
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager.create_table(address_table()).await?;
        for (index_name, table, columns, unique) in INDEXES {
            let mut statement = Index::create();
            statement.name(*index_name).table(name(table));
            for column in *columns {
                statement.col(name(column));
            }
            if *unique {
                statement.unique();
            }
            manager.create_index(statement).await?;
        }
        let connection = manager.get_connection();
        connection.execute_unprepared(ONE_DEFAULT).await?;
        if manager.get_database_backend() == DbBackend::Postgres {
            connection.execute_unprepared(POLICY).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(name("customer_addresses")).to_owned())
            .await?;
        for index_name in ["customers_kana", "customers_code"] {
            manager
                .drop_index(
                    Index::drop()
                        .name(index_name)
                        .table(name("customers"))
                        .to_owned(),
                )
                .await?;
        }
        for column in customer_columns().iter().rev() {
            manager
                .alter_table(
                    Table::alter()
                        .table(name("customers"))
                        .drop_column(name(&column.get_column_name()))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
