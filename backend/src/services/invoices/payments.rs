//! Payments received (入金) and applying them to invoices (消込). A payment credits the
//! customer with what arrived plus the transfer fee it deducted (振込手数料, booked as a fee
//! rather than left open); it is applied to the invoices named, or else to the customer's
//! open invoices oldest first, and what is left stays as a credit on the customer. Written
//! once, in one transaction that locks the customer's row so two payments for one customer
//! never apply the same open amount twice; a repeat with the key returns the first.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};
use kura_shared::{
    CurrencyCode, InvoiceKind, InvoiceStatus, ReceiptMethod, ValidationError, apply_oldest_first,
};
use sea_orm::{ColumnTrait, DatabaseConnection, DbBackend, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::calendar::local_date;
use crate::services::{
    ServiceError,
    access::Access,
    accounts::audit::{self, AuditAction},
    catalog::products::money,
    idempotency::{self, Command, Key, Stop},
    orders::numbers,
    sales::summary::time_zone,
    text, trim_page,
};
use crate::store::tenant::{
    TenantTx,
    records::{customer, invoice, payment, payment_allocation},
};

/// Most invoices one payment names.
const MAX_ALLOCATIONS: usize = 200;

/// A payment as the caller gave it.
#[derive(Debug, Clone)]
pub struct NewPayment {
    /// Who paid.
    pub customer_id: Uuid,
    /// What arrived, as a decimal.
    pub amount: String,
    /// The day it arrived (today or earlier in the company's time zone).
    pub received_on: NaiveDate,
    /// How.
    pub method: ReceiptMethod,
    /// The transfer fee the customer deducted, as a decimal.
    pub bank_fee: Option<String>,
    /// The invoices to apply it to and how much each; oldest open first when `None`.
    pub allocations: Option<Vec<(Uuid, String)>>,
    /// Free text.
    pub note: Option<String>,
    /// A key that makes a repeat return the first payment.
    pub idempotency_key: Option<String>,
}

/// A payment with what it was applied to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRecord {
    /// The payment.
    pub id: Uuid,
    /// `RC-2026-000012`, gapless per company and year.
    pub number: String,
    /// Who paid.
    pub customer_id: Uuid,
    /// When it arrived.
    pub received_on: NaiveDate,
    /// How.
    pub method: ReceiptMethod,
    /// In what.
    pub currency: CurrencyCode,
    /// What arrived.
    pub amount: i64,
    /// The fee the customer deducted.
    pub bank_fee: i64,
    /// Free text.
    pub note: String,
    /// `(invoice, its number, applied)`.
    pub allocations: Vec<(Uuid, String, i64)>,
    /// When it was recorded.
    pub created_at: DateTime<Utc>,
}

impl PaymentRecord {
    /// What the customer is credited with: what arrived and the fee.
    pub fn credited(&self) -> i64 {
        self.amount.saturating_add(self.bank_fee)
    }

    /// What no invoice took: the customer's credit.
    pub fn unapplied(&self) -> i64 {
        let applied = self
            .allocations
            .iter()
            .fold(0i64, |sum, (_, _, a)| sum.saturating_add(*a));
        self.credited().saturating_sub(applied)
    }
}

/// Records a payment and applies it.
pub async fn record(
    db: &DatabaseConnection,
    access: &Access,
    input: NewPayment,
) -> Result<PaymentRecord, ServiceError> {
    if input
        .allocations
        .as_ref()
        .is_some_and(|a| a.is_empty() || a.len() > MAX_ALLOCATIONS)
    {
        return Err(invalid(
            "payment.allocations.count",
            "allocations",
            format!("Name 1 to {MAX_ALLOCATIONS} invoices, or none to apply oldest first"),
        ));
    }
    let note = text::optional(input.note.as_deref().unwrap_or_default(), 500, "note")?;
    let key = Key::parse("recordPayment", input.idempotency_key.as_deref())?;
    let command = Record {
        access,
        input: &input,
        note,
    };
    idempotency::once(db, access.tenant_id, key.as_ref(), &command).await
}

struct Record<'a> {
    access: &'a Access,
    input: &'a NewPayment,
    note: String,
}

impl Command for Record<'_> {
    type Answer = PaymentRecord;

    async fn replay(&self, tx: &TenantTx, earlier: Uuid) -> Result<PaymentRecord, ServiceError> {
        let heads = tx
            .select::<payment::Model>()
            .filter(payment::Column::Id.eq(earlier))
            .all(tx.conn())
            .await?;
        with_allocations(tx, heads)
            .await?
            .pop()
            .ok_or(ServiceError::NotFound("Payment"))
    }

    async fn run(&self, tx: &TenantTx) -> Result<(PaymentRecord, Uuid), Stop> {
        let input = self.input;
        let company = tx.company().await?;
        let (amount, bank_fee) = received(input, company.currency_code, &company.time_zone)?;
        lock_customer(tx, input.customer_id).await?;
        let open = open_invoices(tx, input.customer_id).await?;
        let credited = amount.saturating_add(bank_fee);
        let applied = match &input.allocations {
            None => {
                let owed: Vec<(Uuid, i64)> = open.iter().map(|(id, _, o)| (*id, *o)).collect();
                apply_oldest_first(credited, &owed)
            }
            Some(named) => named_allocations(named, &open, credited, company.currency_code)?,
        };
        let record = PaymentRecord {
            id: Uuid::now_v7(),
            number: numbers::next(tx, numbers::RECEIPT, &company.time_zone).await?,
            customer_id: input.customer_id,
            received_on: input.received_on,
            method: input.method,
            currency: company.currency_code,
            amount,
            bank_fee,
            note: self.note.clone(),
            allocations: applied
                .into_iter()
                .map(|(invoice, a)| {
                    let number = open
                        .iter()
                        .find(|(id, _, _)| *id == invoice)
                        .map(|(_, n, _)| n.clone())
                        .unwrap_or_default();
                    (invoice, number, a)
                })
                .collect(),
            created_at: Utc::now(),
        };
        self.insert(tx, &record).await?;
        audit::record(
            tx.conn(),
            tx.tenant_id(),
            AuditAction::PaymentRecorded,
            &self.access.actor,
            &describe(&record),
        )
        .await?;
        Ok((record.clone(), record.id))
    }
}

impl Record<'_> {
    /// Writes the payment and its allocations (two statements).
    async fn insert(&self, tx: &TenantTx, record: &PaymentRecord) -> Result<(), Stop> {
        tx.insert(payment::ActiveModel::from(payment::Model {
            tenant_id: tx.tenant_id(),
            id: record.id,
            number: record.number.clone(),
            customer_id: record.customer_id,
            received_on: record.received_on,
            method: record.method,
            currency: record.currency,
            amount: record.amount,
            bank_fee: record.bank_fee,
            note: record.note.clone(),
            actor_user_id: self.access.actor.user_id,
            actor_api_key: self.access.actor.api_key_prefix.clone(),
            created_at: record.created_at,
        }))
        .await
        .map_err(idempotency::raced)?;
        if !record.allocations.is_empty() {
            tx.insert_many(
                record
                    .allocations
                    .iter()
                    .map(|(invoice, _, applied)| {
                        payment_allocation::ActiveModel::from(payment_allocation::Model {
                            tenant_id: tx.tenant_id(),
                            payment_id: record.id,
                            invoice_id: *invoice,
                            amount: *applied,
                        })
                    })
                    .collect(),
            )
            .await?;
        }
        Ok(())
    }
}

/// What arrived and the fee kept, checked: more than zero arrived, no negative fee, and not
/// on a day still to come in the company's time zone.
fn received(
    input: &NewPayment,
    currency: CurrencyCode,
    zone: &str,
) -> Result<(i64, i64), ServiceError> {
    let amount = money(&input.amount, currency, "amount")?;
    if amount == 0 {
        return Err(invalid("payment.amount", "amount", "Enter what arrived"));
    }
    let bank_fee = money(
        input.bank_fee.as_deref().unwrap_or("0"),
        currency,
        "bankFee",
    )?;
    if input.received_on > local_date(Utc::now(), time_zone(zone)) {
        return Err(invalid(
            "payment.received_on.future",
            "receivedOn",
            "A payment is recorded on or after the day it arrives",
        ));
    }
    Ok((amount, bank_fee))
}

/// The customer's row, locked on PostgreSQL until the transaction ends.
async fn lock_customer(tx: &TenantTx, id: Uuid) -> Result<(), ServiceError> {
    let mut select = tx
        .select::<customer::Model>()
        .select_only()
        .column(customer::Column::Id)
        .filter(customer::Column::Id.eq(id));
    if tx.backend() == DbBackend::Postgres {
        select = select.lock_exclusive();
    }
    select
        .into_tuple::<Uuid>()
        .one(tx.conn())
        .await?
        .map(|_| ())
        .ok_or(ServiceError::NotFound("Customer"))
}

/// The customer's issued invoices with something still open on them, oldest due first:
/// `(id, number, open amount)`. Two queries.
async fn open_invoices(
    tx: &TenantTx,
    customer_id: Uuid,
) -> Result<Vec<(Uuid, String, i64)>, ServiceError> {
    let invoices: Vec<(Uuid, String, i64)> = tx
        .select::<invoice::Model>()
        .select_only()
        .column(invoice::Column::Id)
        .column(invoice::Column::Number)
        .column(invoice::Column::Total)
        .filter(invoice::Column::CustomerId.eq(customer_id))
        .filter(invoice::Column::Kind.eq(InvoiceKind::Invoice))
        .filter(invoice::Column::Status.eq(InvoiceStatus::Issued))
        .filter(invoice::Column::Total.gt(0))
        .order_by_asc(invoice::Column::DueDate)
        .order_by_asc(invoice::Column::Number)
        .into_tuple()
        .all(tx.conn())
        .await?;
    let paid = paid_on(
        tx,
        &invoices.iter().map(|(id, _, _)| *id).collect::<Vec<_>>(),
    )
    .await?;
    Ok(invoices
        .into_iter()
        .map(|(id, number, total)| {
            let open = total - paid.get(&id).copied().unwrap_or(0);
            (id, number, open)
        })
        .filter(|(_, _, open)| *open > 0)
        .collect())
}

/// What payments have applied to each of `invoices` (one query; missing = nothing).
pub async fn paid_on(
    tx: &TenantTx,
    invoices: &[Uuid],
) -> Result<BTreeMap<Uuid, i64>, ServiceError> {
    let mut paid = BTreeMap::new();
    if invoices.is_empty() {
        return Ok(paid);
    }
    let rows: Vec<(Uuid, i64)> = tx
        .select::<payment_allocation::Model>()
        .select_only()
        .column(payment_allocation::Column::InvoiceId)
        .column(payment_allocation::Column::Amount)
        .filter(payment_allocation::Column::InvoiceId.is_in(invoices.iter().copied()))
        .into_tuple()
        .all(tx.conn())
        .await?;
    for (invoice, amount) in rows {
        let sum: &mut i64 = paid.entry(invoice).or_default();
        *sum = sum.saturating_add(amount);
    }
    Ok(paid)
}

/// The allocations a caller named: each an open invoice of this customer, once, for at
/// most what is open on it, all together at most what the payment credits.
fn named_allocations(
    named: &[(Uuid, String)],
    open: &[(Uuid, String, i64)],
    credited: i64,
    currency: CurrencyCode,
) -> Result<Vec<(Uuid, i64)>, ServiceError> {
    let mut seen = BTreeSet::new();
    let mut applied = Vec::with_capacity(named.len());
    let mut total = 0i64;
    for (invoice, amount) in named {
        let field = "allocations";
        if !seen.insert(*invoice) {
            return Err(invalid(
                "payment.allocations.repeated",
                field,
                "Name each invoice once",
            ));
        }
        let (_, number, owed) = open.iter().find(|(id, _, _)| id == invoice).ok_or_else(|| {
            invalid(
                "payment.allocations.not_open",
                field,
                "Apply a payment only to this customer's issued invoices with something still open",
            )
        })?;
        let amount = money(amount, currency, field)?;
        if amount == 0 || amount > *owed {
            return Err(invalid(
                "payment.allocations.more_than_open",
                field,
                format!("{number} has {owed} open: apply more than zero and at most that"),
            ));
        }
        total = total.saturating_add(amount);
        applied.push((*invoice, amount));
    }
    if total > credited {
        return Err(invalid(
            "payment.allocations.more_than_received",
            "allocations",
            format!(
                "The allocations come to {total}, more than the {credited} received with the fee"
            ),
        ));
    }
    Ok(applied)
}

/// `RC-2026-000003: ¥9,560 + fee ¥440 from customer …, applied to IN-2026-000001`.
fn describe(record: &PaymentRecord) -> String {
    let money = |minor| kura_shared::Money::new(minor, record.currency).to_string();
    let applied: Vec<&str> = record
        .allocations
        .iter()
        .map(|(_, n, _)| n.as_str())
        .collect();
    let mut what = format!(
        "{}: {} + fee {} received {} ({})",
        record.number,
        money(record.amount),
        money(record.bank_fee),
        record.received_on,
        record.method
    );
    if applied.is_empty() {
        what.push_str(", kept as credit");
    } else {
        what.push_str(&format!(", applied to {}", applied.join(", ")));
    }
    what
}

fn invalid(code: &'static str, field: &'static str, message: impl Into<String>) -> ServiceError {
    ValidationError::new(code, message).with_field(field).into()
}

/// Payments, newest first, of one customer when given, after `after`; and whether more
/// follow.
pub async fn list(
    db: &DatabaseConnection,
    access: &Access,
    customer_id: Option<Uuid>,
    after: Option<Uuid>,
    limit: u64,
) -> Result<(Vec<PaymentRecord>, bool), ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let mut query = tx
        .select::<payment::Model>()
        .order_by_desc(payment::Column::Id)
        .limit(limit + 1);
    if let Some(customer) = customer_id {
        query = query.filter(payment::Column::CustomerId.eq(customer));
    }
    if let Some(after) = after {
        query = query.filter(payment::Column::Id.lt(after));
    }
    let mut heads = query.all(tx.conn()).await?;
    let more = trim_page(&mut heads, limit);
    let records = with_allocations(&tx, heads).await?;
    tx.commit().await?;
    Ok((records, more))
}

/// What each of `customers` has paid in all (what arrived and the fees), up to `through`
/// when given. One query.
pub async fn paid_by(
    tx: &TenantTx,
    customers: Option<&[Uuid]>,
    through: Option<NaiveDate>,
) -> Result<BTreeMap<Uuid, i64>, ServiceError> {
    let mut query = tx
        .select::<payment::Model>()
        .select_only()
        .column(payment::Column::CustomerId)
        .column(payment::Column::Amount)
        .column(payment::Column::BankFee);
    if let Some(customers) = customers {
        query = query.filter(payment::Column::CustomerId.is_in(customers.iter().copied()));
    }
    if let Some(through) = through {
        query = query.filter(payment::Column::ReceivedOn.lte(through));
    }
    let rows: Vec<(Uuid, i64, i64)> = query.into_tuple().all(tx.conn()).await?;
    let mut paid = BTreeMap::new();
    for (customer, amount, fee) in rows {
        let sum: &mut i64 = paid.entry(customer).or_default();
        *sum = sum.saturating_add(amount).saturating_add(fee);
    }
    Ok(paid)
}

/// Payments with what they were applied to (one query for all their allocations, one for
/// the invoices' numbers).
async fn with_allocations(
    tx: &TenantTx,
    heads: Vec<payment::Model>,
) -> Result<Vec<PaymentRecord>, ServiceError> {
    let mut allocations: BTreeMap<Uuid, Vec<(Uuid, i64)>> = BTreeMap::new();
    let mut numbers: BTreeMap<Uuid, String> = BTreeMap::new();
    if !heads.is_empty() {
        for row in tx
            .select::<payment_allocation::Model>()
            .filter(payment_allocation::Column::PaymentId.is_in(heads.iter().map(|h| h.id)))
            .all(tx.conn())
            .await?
        {
            allocations
                .entry(row.payment_id)
                .or_default()
                .push((row.invoice_id, row.amount));
        }
        let invoices: BTreeSet<Uuid> = allocations.values().flatten().map(|(i, _)| *i).collect();
        if !invoices.is_empty() {
            numbers = tx
                .select::<invoice::Model>()
                .select_only()
                .column(invoice::Column::Id)
                .column(invoice::Column::Number)
                .filter(invoice::Column::Id.is_in(invoices))
                .into_tuple::<(Uuid, String)>()
                .all(tx.conn())
                .await?
                .into_iter()
                .collect();
        }
    }
    Ok(heads
        .into_iter()
        .map(|head| {
            let mut applied: Vec<(Uuid, String, i64)> = allocations
                .remove(&head.id)
                .unwrap_or_default()
                .into_iter()
                .map(|(invoice, a)| {
                    (
                        invoice,
                        numbers.get(&invoice).cloned().unwrap_or_default(),
                        a,
                    )
                })
                .collect();
            applied.sort_by(|a, b| a.1.cmp(&b.1));
            PaymentRecord {
                id: head.id,
                number: head.number,
                customer_id: head.customer_id,
                received_on: head.received_on,
                method: head.method,
                currency: head.currency,
                amount: head.amount,
                bank_fee: head.bank_fee,
                note: head.note,
                allocations: applied,
                created_at: head.created_at,
            }
        })
        .collect())
}
