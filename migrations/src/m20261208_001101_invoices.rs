//! Invoices (請求書) and credit notes (返品・値引の請求書) issued by the closing run (締め処理):
//! one consolidated invoice per bill-to customer and closing date, or one per shipment for
//! customers billed per shipment (都度請求). Written once and never changed but for voiding;
//! each keeps a copy of the lines it bills, so what was issued stays what it says.
//!
//! A shipment or return names the invoice that billed it (`invoice_id`), so "not yet
//! invoiced" is one indexed condition. A customer may name another customer that pays for it
//! (`bill_to_customer_id`: a head office paying for its branches' deliveries).

use sea_orm_migration::{prelude::*, sea_orm::DbBackend};

use crate::columns::{
    amount, date, flag, index, long_text, name, optional_date, optional_text, optional_timestamp,
    optional_uuid, references, tenant_policy, tenant_table, text, timestamp, uuid,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: &[&str] = &["invoices", "invoice_lines"];

/// `(table, column)` pairs this migration adds to existing tables, each with its index.
const LINKS: &[(&str, &str, &str)] = &[
    ("shipments", "invoice_id", "shipments_invoice"),
    ("order_returns", "invoice_id", "order_returns_invoice"),
    ("customers", "bill_to_customer_id", "customers_bill_to"),
];

fn invoices() -> TableCreateStatement {
    tenant_table("invoices", &["id"])
        .col(uuid("id"))
        .col(text("number", 32))
        // INVOICE or CREDIT_NOTE.
        .col(text("kind", 16))
        // ISSUED or VOID.
        .col(text("status", 16))
        .col(uuid("customer_id"))
        // The bill-to name and address as they were when issued.
        .col(text("bill_to_name", 200))
        .col(long_text("bill_to_address"))
        .col(date("closing_date"))
        .col(optional_date("period_start"))
        .col(date("period_end"))
        .col(date("due_date"))
        // The shipment a per-shipment invoice bills, or the return a credit note credits.
        .col(optional_uuid("shipment_id"))
        .col(optional_uuid("return_id"))
        .col(text("currency", 3))
        .col(flag("prices_include_tax", false))
        .col(text("tax_rounding", 16))
        .col(amount("previous_balance"))
        .col(amount("payments_received"))
        .col(amount("carried_forward"))
        // Per rate: the taxable amount (tax excluded) and its tax, rounded once.
        .col(amount("standard_taxable"))
        .col(amount("standard_tax"))
        .col(amount("reduced_taxable"))
        .col(amount("reduced_tax"))
        .col(amount("subtotal"))
        .col(amount("tax"))
        .col(amount("total"))
        .col(amount("amount_due"))
        .col(timestamp("issued_at"))
        .col(optional_timestamp("voided_at"))
        .col(ColumnDef::new(name("void_reason")).text().null())
        .col(optional_uuid("actor_user_id"))
        .col(optional_text("actor_api_key", 32))
        .col(timestamp("created_at"))
        .foreign_key(&mut references(
            "invoices",
            &["customer_id"],
            "customers",
            &["id"],
            ForeignKeyAction::Restrict,
        ))
        .to_owned()
}

fn invoice_lines() -> TableCreateStatement {
    tenant_table("invoice_lines", &["invoice_id", "line_number"])
        .col(uuid("invoice_id"))
        .col(ColumnDef::new(name("line_number")).integer().not_null())
        // SHIPMENT or RETURN.
        .col(text("source_kind", 16))
        .col(uuid("document_id"))
        .col(text("document_number", 32))
        .col(date("dated"))
        .col(uuid("order_id"))
        .col(text("order_number", 32))
        .col(
            ColumnDef::new(name("order_line_number"))
                .integer()
                .not_null(),
        )
        .col(uuid("variant_id"))
        .col(text("sku", 64))
        .col(text("name", 300))
        // Negative for goods that came back.
        .col(amount("quantity"))
        .col(amount("unit_price"))
        .col(text("tax_class", 16))
        .col(amount("amount"))
        .foreign_key(&mut references(
            "invoice_lines",
            &["invoice_id"],
            "invoices",
            &["id"],
            ForeignKeyAction::Cascade,
        ))
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(invoices()).await?;
        manager.create_table(invoice_lines()).await?;
        for (index_name, table, columns, unique) in [
            (
                "invoices_number",
                "invoices",
                &["tenant_id", "number"][..],
                true,
            ),
            (
                "invoices_customer",
                "invoices",
                &["tenant_id", "customer_id", "closing_date"][..],
                false,
            ),
            (
                "invoices_closing",
                "invoices",
                &["tenant_id", "closing_date"][..],
                false,
            ),
            (
                "invoice_lines_document",
                "invoice_lines",
                &["tenant_id", "document_id"][..],
                false,
            ),
        ] {
            manager
                .create_index(index(index_name, table, columns, unique))
                .await?;
        }
        // SQLite adds one column per ALTER TABLE.
        for (table, column, index_name) in LINKS {
            manager
                .alter_table(
                    Table::alter()
                        .table(name(table))
                        .add_column(optional_uuid(column))
                        .to_owned(),
                )
                .await?;
            manager
                .create_index(index(index_name, table, &["tenant_id", column], false))
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
        for (table, column, index_name) in LINKS {
            manager
                .drop_index(
                    Index::drop()
                        .name(*index_name)
                        .table(name(table))
                        .to_owned(),
                )
                .await?;
            manager
                .alter_table(
                    Table::alter()
                        .table(name(table))
                        .drop_column(name(column))
                        .to_owned(),
                )
                .await?;
        }
        for table in TABLES.iter().rev() {
            manager
                .drop_table(Table::drop().table(name(table)).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
