//! Column and table shapes for migrations from December 2026 on. (Earlier migrations carry
//! their own copies and, being landed, stay as they are.)
//!
//! Every table is tenant-owned: `tenant_id` leads its primary key, and every reference to
//! another tenant-owned row is a composite foreign key `(tenant_id, …)`, so a row can never
//! point at another company's row even if the application asked it to.

use sea_orm_migration::prelude::*;

/// An identifier as sea-query wants it.
pub fn name(text: &str) -> Alias {
    Alias::new(text)
}

/// A required UUID.
pub fn uuid(column: &str) -> ColumnDef {
    ColumnDef::new(name(column)).uuid().not_null().to_owned()
}

/// An optional UUID.
pub fn optional_uuid(column: &str) -> ColumnDef {
    ColumnDef::new(name(column)).uuid().null().to_owned()
}

/// Required text of at most `len` characters.
pub fn text(column: &str, len: u32) -> ColumnDef {
    ColumnDef::new(name(column))
        .string_len(len)
        .not_null()
        .to_owned()
}

/// Optional text of at most `len` characters.
pub fn optional_text(column: &str, len: u32) -> ColumnDef {
    ColumnDef::new(name(column))
        .string_len(len)
        .null()
        .to_owned()
}

/// Free text, empty by default.
pub fn long_text(column: &str) -> ColumnDef {
    ColumnDef::new(name(column))
        .text()
        .not_null()
        .default("")
        .to_owned()
}

/// Money in minor units, or a count; zero by default.
pub fn amount(column: &str) -> ColumnDef {
    ColumnDef::new(name(column))
        .big_integer()
        .not_null()
        .default(0)
        .to_owned()
}

/// A flag.
pub fn flag(column: &str, default: bool) -> ColumnDef {
    ColumnDef::new(name(column))
        .boolean()
        .not_null()
        .default(default)
        .to_owned()
}

/// A calendar date in the company's time zone.
pub fn optional_date(column: &str) -> ColumnDef {
    ColumnDef::new(name(column)).date().null().to_owned()
}

/// A required moment, now by default.
pub fn timestamp(column: &str) -> ColumnDef {
    ColumnDef::new(name(column))
        .timestamp_with_time_zone()
        .not_null()
        .default(Expr::current_timestamp())
        .to_owned()
}

/// An optional moment.
pub fn optional_timestamp(column: &str) -> ColumnDef {
    ColumnDef::new(name(column))
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}

/// A tenant-owned table keyed by `(tenant_id, <key>…)` and cascading from its tenant.
pub fn tenant_table(table: &str, key: &[&str]) -> TableCreateStatement {
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

/// `(tenant_id, columns…) → target(tenant_id, target_columns…)`: the reference can only
/// stay in-tenant.
pub fn references(
    table: &str,
    columns: &[&str],
    target: &str,
    target_columns: &[&str],
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    let mut from = vec![name("tenant_id")];
    from.extend(columns.iter().map(|c| name(c)));
    let mut to = vec![name("tenant_id")];
    to.extend(target_columns.iter().map(|c| name(c)));
    let mut key = ForeignKey::create();
    key.from_tbl(name(table)).to_tbl(name(target));
    for column in from {
        key.from_col(column);
    }
    for column in to {
        key.to_col(column);
    }
    key.on_delete(on_delete).to_owned()
}

/// An index on `columns` of `table`.
pub fn index(
    index_name: &str,
    table: &str,
    columns: &[&str],
    unique: bool,
) -> IndexCreateStatement {
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

/// PostgreSQL row-level security for a plain tenant-owned table: the app role sees and
/// writes only the rows of the tenant its transaction acts for.
pub fn tenant_policy(table: &str) -> String {
    format!(
        "ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;\n\
         ALTER TABLE {table} FORCE ROW LEVEL SECURITY;\n\
         CREATE POLICY tenant_isolation ON {table}\n  \
           USING (tenant_id = kura_current_tenant())\n  \
           WITH CHECK (tenant_id = kura_current_tenant());\n"
    )
}

/// A required calendar date in the company's time zone.
pub fn date(column: &str) -> ColumnDef {
    ColumnDef::new(name(column)).date().not_null().to_owned()
}
