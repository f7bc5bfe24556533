//! Payments received (入金) from customers and how they are applied to invoices (消込). A
//! payment is written once; the bank fee the customer deducted (振込手数料) is booked with it,
//! so the customer is credited with what arrived plus the fee. What is not applied to an
//! invoice stays as a credit on the customer.

use sea_orm_migration::{prelude::*, sea_orm::DbBackend};

use crate::columns::{
    amount, date, index, long_text, name, optional_text, optional_uuid, references, tenant_policy,
    tenant_table, text, timestamp, uuid,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: &[&str] = &["payments", "payment_allocations"];

fn payments() -> TableCreateStatement {
    tenant_table("payments", &["id"])
        .col(uuid("id"))
        .col(text("number", 32))
        .col(uuid("customer_id"))
        .col(date("received_on"))
        // BANK_TRANSFER, CASH, CARD, OFFSET (相殺) or BILL (手形).
        .col(text("method", 16))
        .col(text("currency", 3))
        // What arrived.
        .col(amount("amount"))
        // What the customer deducted for the transfer, booked as a fee.
        .col(amount("bank_fee"))
        .col(long_text("note"))
        .col(optional_uuid("actor_user_id"))
        .col(optional_text("actor_api_key", 32))
        .col(timestamp("created_at"))
        .foreign_key(&mut references(
            "payments",
            &["customer_id"],
            "customers",
            &["id"],
            ForeignKeyAction::Restrict,
        ))
        .to_owned()
}

fn allocations() -> TableCreateStatement {
    tenant_table("payment_allocations", &["payment_id", "invoice_id"])
        .col(uuid("payment_id"))
        .col(uuid("invoice_id"))
        .col(amount("amount"))
        .foreign_key(&mut references(
            "payment_allocations",
            &["payment_id"],
            "payments",
            &["id"],
            ForeignKeyAction::Cascade,
        ))
        .foreign_key(&mut references(
            "payment_allocations",
            &["invoice_id"],
            "invoices",
            &["id"],
            ForeignKeyAction::Restrict,
        ))
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(payments()).await?;
        manager.create_table(allocations()).await?;
        for (index_name, table, columns, unique) in [
            (
                "payments_number",
                "payments",
                &["tenant_id", "number"][..],
                true,
            ),
            (
                "payments_customer",
                "payments",
                &["tenant_id", "customer_id", "received_on"][..],
                false,
            ),
            (
                "payment_allocations_invoice",
                "payment_allocations",
                &["tenant_id", "invoice_id"][..],
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
