//! Payments received (入金) and what they were applied to (消込): `recordPayment`,
//! `payments`.

use std::sync::Arc;

use async_graphql::{ComplexObject, Context, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use kura_shared::ReceiptMethod;
use uuid::Uuid;

use super::documents::invoice_id;
use crate::graphql::{
    orders::documents::load_customer,
    request::guard::{Need, authorize},
    sales::customers::{Customer, customer_id as decode_customer},
    types::{
        date::Date,
        errors::ApiError,
        ids::{self, Kind},
        money::{Decimal, Money},
        paging::{self, Page},
    },
};
use crate::{
    services::{
        ServiceError,
        access::Access,
        invoices::payments::{self, NewPayment, PaymentRecord},
    },
    state::AppState,
};

/// Money received from a customer (入金), and the invoices it settled (消込).
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct Payment {
    /// Its global ID.
    pub id: ID,
    /// `RC-2026-000012`: gapless per company and year.
    number: String,
    /// The day it arrived.
    received_on: Date,
    method: ReceiptMethod,
    /// What arrived.
    amount: Money,
    /// The transfer fee the customer deducted (振込手数料), booked as a fee.
    bank_fee: Money,
    /// What the customer is credited with: `amount + bankFee`.
    credited: Money,
    /// What no invoice took: a credit on the customer.
    unapplied: Money,
    /// The invoices it was applied to.
    allocations: Vec<PaymentAllocation>,
    note: String,
    created_at: DateTime<Utc>,
    #[graphql(skip)]
    customer_id: Uuid,
    #[graphql(skip)]
    access: Arc<Access>,
}

/// Part of a payment applied to one invoice.
#[derive(SimpleObject, Clone)]
pub struct PaymentAllocation {
    /// The invoice's global ID.
    invoice_id: ID,
    /// Its number.
    invoice_number: String,
    /// What was applied to it.
    amount: Money,
}

impl Payment {
    /// A payment for the API.
    pub fn new(record: PaymentRecord, access: Arc<Access>) -> Self {
        let money = |minor| Money::from_minor(minor, record.currency);
        Payment {
            id: ids::encode(Kind::Payment, record.id),
            number: record.number.clone(),
            received_on: Date(record.received_on),
            method: record.method,
            amount: money(record.amount),
            bank_fee: money(record.bank_fee),
            credited: money(record.credited()),
            unapplied: money(record.unapplied()),
            allocations: record
                .allocations
                .iter()
                .map(|(invoice, number, applied)| PaymentAllocation {
                    invoice_id: ids::encode(Kind::Invoice, *invoice),
                    invoice_number: number.clone(),
                    amount: money(*applied),
                })
                .collect(),
            note: record.note.clone(),
            created_at: record.created_at,
            customer_id: record.customer_id,
            access,
        }
    }
}

#[ComplexObject]
impl Payment {
    /// Who paid. Needs `customers:read` for API keys.
    async fn customer(&self, ctx: &Context<'_>) -> Result<Customer> {
        load_customer(ctx, &self.access, Some(self.customer_id))
            .await?
            .ok_or_else(|| ApiError::from(ServiceError::NotFound("Customer")).into())
    }
}

/// Part of a payment to apply to one invoice.
#[derive(InputObject)]
pub struct PaymentAllocationInput {
    invoice_id: ID,
    /// At most what is still open on the invoice.
    amount: Decimal,
}

/// A payment received.
#[derive(InputObject)]
pub struct RecordPaymentInput {
    /// Who paid.
    customer_id: ID,
    /// What arrived (more than zero).
    amount: Decimal,
    /// The day it arrived: today or earlier.
    received_on: Date,
    method: ReceiptMethod,
    /// The transfer fee the customer deducted (振込手数料): credited to them with the
    /// amount and booked as a fee, so the invoice is settled in full.
    bank_fee: Option<Decimal>,
    /// The invoices to apply it to; when omitted, the customer's open invoices oldest due
    /// first. What is left over stays as a credit on the customer.
    allocations: Option<Vec<PaymentAllocationInput>>,
    note: Option<String>,
    /// A repeat with the same key returns the first payment and records nothing.
    idempotency_key: Option<String>,
}

#[derive(Default)]
pub struct PaymentsMutation;

#[Object]
impl PaymentsMutation {
    /// Records a payment received (入金) and applies it to invoices (消込).
    async fn record_payment(
        &self,
        ctx: &Context<'_>,
        input: RecordPaymentInput,
    ) -> Result<Payment> {
        let access = Arc::new(authorize(ctx, Need::INVOICES_WRITE).await?);
        let state = ctx.data_unchecked::<AppState>();
        let allocations = input
            .allocations
            .map(|list| {
                list.into_iter()
                    .map(|a| Ok((invoice_id(&a.invoice_id)?, a.amount.0)))
                    .collect::<Result<Vec<_>, ApiError>>()
            })
            .transpose()?;
        let new = NewPayment {
            customer_id: decode_customer(&input.customer_id)?,
            amount: input.amount.0,
            received_on: input.received_on.0,
            method: input.method,
            bank_fee: input.bank_fee.map(|d| d.0),
            allocations,
            note: input.note,
            idempotency_key: input.idempotency_key,
        };
        let record = payments::record(&state.db, &access, new)
            .await
            .map_err(ApiError::from)?;
        Ok(Payment::new(record, access))
    }
}

#[derive(Default)]
pub struct PaymentsQuery;

#[Object]
impl PaymentsQuery {
    /// Payments received, newest first, of one customer when given.
    #[graphql(complexity = "paging::cost(first, child_complexity)")]
    async fn payments(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        customer_id: Option<ID>,
    ) -> Result<Page<Payment>> {
        let access = Arc::new(authorize(ctx, Need::INVOICES_READ).await?);
        let limit = paging::page_size(first)?;
        let after = paging::decode_id(after.as_deref())?;
        let customer = customer_id.as_ref().map(decode_customer).transpose()?;
        let state = ctx.data_unchecked::<AppState>();
        let (rows, more) = payments::list(&state.db, &access, customer, after, limit)
            .await
            .map_err(ApiError::from)?;
        Ok(paging::page(
            rows.into_iter()
                .map(|row| (row.id.to_string(), Payment::new(row, access.clone()))),
            after.is_some(),
            more,
        ))
    }
}
