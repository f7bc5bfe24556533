//! Adding and changing customers by hand or through the API: the profile is checked as a
//! whole (`profile`), the code and email must be free in the company, and every change is
//! written to the audit log in the same transaction.

use chrono::Utc;
use kura_shared::ValidationError;
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseConnection, QueryFilter};
use uuid::Uuid;

use super::{
    CustomerPatch, CustomerRecord, NewCustomer, Profile, get_in, record_in, stored_profile,
};
use crate::services::{
    ServiceError,
    access::Access,
    accounts::audit::{self, AuditAction},
    idempotency::{self, Stop},
};
use crate::store::tenant::{TenantTx, records::customer};

/// Adds a customer; a repeat with the same `idempotency_key` returns the first one. A code
/// or email another customer has is a `CONFLICT`.
pub async fn create(
    db: &DatabaseConnection,
    access: &Access,
    input: NewCustomer,
    idempotency_key: Option<&str>,
) -> Result<CustomerRecord, ServiceError> {
    let key = idempotency::Key::parse("createCustomer", idempotency_key)?;
    let command = Create {
        access,
        patch: input.into(),
    };
    idempotency::once(db, access.tenant_id, key.as_ref(), &command).await
}

struct Create<'a> {
    access: &'a Access,
    patch: CustomerPatch,
}

impl idempotency::Command for Create<'_> {
    type Answer = CustomerRecord;

    async fn replay(&self, tx: &TenantTx, earlier: Uuid) -> Result<CustomerRecord, ServiceError> {
        record_in(tx, earlier).await
    }

    async fn run(&self, tx: &TenantTx) -> Result<(CustomerRecord, Uuid), Stop> {
        let currency = tx.company().await?.currency_code;
        let profile = Profile::blank().patched(&self.patch, currency)?;
        ensure_free(tx, &profile, &Profile::blank(), None).await?;
        let now = Utc::now();
        let id = Uuid::now_v7();
        check_bill_to(tx, id, &profile).await?;
        let mut row = stored(&profile);
        row.tenant_id = Set(tx.tenant_id());
        row.id = Set(id);
        row.points_balance = Set(0);
        row.created_at = Set(now);
        row.updated_at = Set(now);
        // A concurrent call took the code first: the next attempt finds it taken.
        tx.insert(row).await.map_err(idempotency::raced)?;
        audit::record(
            tx.conn(),
            tx.tenant_id(),
            AuditAction::CustomerCreated,
            &self.access.actor,
            &subject(&profile),
        )
        .await?;
        Ok((record_in(tx, id).await?, id))
    }
}

/// Changes a customer (see [`CustomerPatch`]); an unchanged customer is written and
/// audited all the same, so a retry is harmless.
pub async fn update(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
    patch: CustomerPatch,
) -> Result<CustomerRecord, ServiceError> {
    let tx = TenantTx::write(db, access.tenant_id).await?;
    let before = stored_profile(&get_in(&tx, id).await?)?;
    let currency = tx.company().await?.currency_code;
    let after = before.clone().patched(&patch, currency)?;
    ensure_free(&tx, &after, &before, Some(id)).await?;
    if after.bill_to != before.bill_to || after.billing_terms != before.billing_terms {
        check_bill_to(&tx, id, &after).await?;
    }
    let mut row = stored(&after);
    row.updated_at = Set(Utc::now());
    tx.update::<customer::Model>()
        .set(row)
        .filter(customer::Column::Id.eq(id))
        .exec(tx.conn())
        .await
        .map_err(|e| {
            if idempotency::is_duplicate(&e) {
                code_taken()
            } else {
                e.into()
            }
        })?;
    let changes = after.changes_from(&before);
    let what = if changes.is_empty() {
        "no change".to_owned()
    } else {
        changes.join(", ")
    };
    audit::record(
        tx.conn(),
        tx.tenant_id(),
        AuditAction::CustomerUpdated,
        &access.actor,
        &format!("{}: {what}", subject(&after)),
    )
    .await?;
    let record = record_in(&tx, id).await?;
    tx.commit().await?;
    Ok(record)
}

/// A bill-to (請求先) is another customer of the company that is billed itself: it has
/// billing terms and no bill-to of its own, so invoices never chain. A customer others are
/// billed to keeps its billing terms and names no bill-to.
async fn check_bill_to(tx: &TenantTx, id: Uuid, profile: &Profile) -> Result<(), ServiceError> {
    let refuse = |code: &'static str, field: &str, message: &str| -> ServiceError {
        ValidationError::new(code, message).with_field(field).into()
    };
    let pays_for_others = tx
        .select::<customer::Model>()
        .filter(customer::Column::BillToCustomerId.eq(id))
        .one(tx.conn())
        .await?
        .is_some();
    if pays_for_others && profile.billing_terms.is_none() {
        return Err(refuse(
            "customer.bill_to.in_use",
            "billingTerms",
            "Other customers are billed to this one: it keeps billing terms",
        ));
    }
    let Some(bill_to) = profile.bill_to else {
        return Ok(());
    };
    let field = "billToCustomerId";
    if bill_to == id {
        return Err(refuse(
            "customer.bill_to.self",
            field,
            "A customer is billed itself without naming itself as bill-to",
        ));
    }
    if pays_for_others {
        return Err(refuse(
            "customer.bill_to.chained",
            field,
            "Other customers are billed to this one, so it pays its own invoices",
        ));
    }
    let payer = tx
        .select::<customer::Model>()
        .filter(customer::Column::Id.eq(bill_to))
        .one(tx.conn())
        .await?
        .ok_or_else(|| {
            refuse(
                "customer.bill_to.unknown",
                field,
                "No such bill-to customer",
            )
        })?;
    if payer.closing_day.is_none() || payer.bill_to_customer_id.is_some() {
        return Err(refuse(
            "customer.bill_to.not_billed",
            field,
            "The bill-to customer must have billing terms and pay its own invoices",
        ));
    }
    Ok(())
}

/// The columns a profile sets.
fn stored(profile: &Profile) -> customer::ActiveModel {
    let terms = profile.billing_terms;
    customer::ActiveModel {
        kind: Set(profile.kind),
        name: Set(profile.name.clone()),
        name_kana: Set(profile.name_kana.as_ref().map(|k| k.as_str().to_owned())),
        code: Set(profile.code.as_ref().map(|c| c.as_str().to_owned())),
        email: Set(profile.email.clone()),
        phone: Set(profile.phone.clone()),
        note: Set(profile.note.clone()),
        credit_limit: Set(profile.credit_limit),
        price_rate: Set(profile
            .price_rate
            .map(|r| i32::try_from(r.hundredths()).unwrap_or(i32::MAX))),
        closing_day: Set(terms.map(|t| i32::from(t.closing_day()))),
        payment_month_offset: Set(terms.map(|t| i32::from(t.payment_month_offset()))),
        payment_day: Set(terms.map(|t| i32::from(t.payment_day()))),
        bill_to_customer_id: Set(profile.bill_to),
        ..Default::default()
    }
}

/// How the audit log names a customer: its name and code.
fn subject(profile: &Profile) -> String {
    match &profile.code {
        Some(code) => format!("customer {} [{code}]", profile.name),
        None => format!("customer {}", profile.name),
    }
}

fn code_taken() -> ServiceError {
    ServiceError::Conflict {
        message: "Another customer already uses this code".into(),
        field: Some("code"),
    }
}

/// `CONFLICT` when another customer (not `except`) has the code or email that `after`
/// takes on; values kept from `before` are not looked up again.
async fn ensure_free(
    tx: &TenantTx,
    after: &Profile,
    before: &Profile,
    except: Option<Uuid>,
) -> Result<(), ServiceError> {
    let taken = |column: customer::Column, value: String| {
        let mut query = tx.select::<customer::Model>().filter(column.eq(value));
        if let Some(id) = except {
            query = query.filter(customer::Column::Id.ne(id));
        }
        query.one(tx.conn())
    };
    if let Some(code) = after
        .code
        .as_ref()
        .filter(|c| before.code.as_ref() != Some(*c))
        && taken(customer::Column::Code, code.as_str().to_owned())
            .await?
            .is_some()
    {
        return Err(code_taken());
    }
    if let Some(email) = after
        .email
        .as_ref()
        .filter(|e| before.email.as_ref() != Some(*e))
        && taken(customer::Column::Email, email.clone())
            .await?
            .is_some()
    {
        return Err(ServiceError::Conflict {
            message: "Another customer already has this email".into(),
            field: Some("email"),
        });
    }
    Ok(())
}
