//! Customers across channels: consumers and businesses, recognised by a channel's own
//! customer id, their email or their phone, with one purchase history from every channel
//! and one loyalty point balance (spent as a payment, ¥1 a point).
//!
//! A business customer (取引先) also has a reading (フリガナ), a code, a credit limit, a price
//! rate (掛率) and billing terms (`profile` checks them), and bill-to and ship-to addresses
//! (`addresses`). Adding and changing customers by hand (`edit`) is audited.

pub mod addresses;
mod edit;
mod profile;

use chrono::{DateTime, Utc};
use kura_shared::{
    BillingTerms, CurrencyCode, CustomerCode, CustomerKind, Email, Money, NameKana, PriceRate,
    ValidationError, kana,
};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, DatabaseConnection, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, Func, LikeExpr},
};
use uuid::Uuid;

pub use edit::{create, update};
pub use profile::{CustomerPatch, NewCustomer, Profile, TermsInput};

use crate::services::{ServiceError, access::Access, text};
use crate::store::tenant::{
    TenantTx,
    records::{customer, customer_link, loyalty_entry},
};

/// A customer as the API shows it.
#[derive(Debug, Clone)]
pub struct CustomerRecord {
    /// The company it belongs to.
    pub tenant_id: Uuid,
    /// Its id.
    pub id: Uuid,
    /// Everything a person sets on it.
    pub profile: Profile,
    /// Loyalty points to spend.
    pub points_balance: i64,
    /// The company's currency, which its credit limit is in.
    pub currency: CurrencyCode,
    /// When it was added.
    pub created_at: DateTime<Utc>,
}

impl CustomerRecord {
    /// A stored row in the company's `currency`.
    fn new(row: customer::Model, currency: CurrencyCode) -> Result<Self, ServiceError> {
        Ok(Self {
            tenant_id: row.tenant_id,
            id: row.id,
            profile: stored_profile(&row)?,
            points_balance: row.points_balance,
            currency,
            created_at: row.created_at,
        })
    }

    /// 与信限度額, when set.
    pub fn credit_limit(&self) -> Option<Money> {
        self.profile
            .credit_limit
            .map(|minor| Money::new(minor, self.currency))
    }
}

/// The profile of a stored row; a value the checks would refuse is a broken invariant.
fn stored_profile(row: &customer::Model) -> Result<Profile, ServiceError> {
    let broken =
        |what: &str| ServiceError::internal(format!("stored customer {}: bad {what}", row.id));
    Ok(Profile {
        kind: row.kind,
        name: row.name.clone(),
        name_kana: row
            .name_kana
            .as_deref()
            .map(NameKana::parse)
            .transpose()
            .map_err(|_| broken("reading"))?,
        code: row
            .code
            .as_deref()
            .map(CustomerCode::parse)
            .transpose()
            .map_err(|_| broken("code"))?,
        email: row.email.clone(),
        phone: row.phone.clone(),
        note: row.note.clone(),
        credit_limit: row.credit_limit,
        price_rate: row
            .price_rate
            .map(|r| PriceRate::new(r.into()))
            .transpose()
            .map_err(|_| broken("price rate"))?,
        billing_terms: BillingTerms::from_parts(
            row.closing_day.map(i64::from),
            row.payment_month_offset.map(i64::from),
            row.payment_day.map(i64::from),
        )
        .map_err(|_| broken("billing terms"))?,
        bill_to: row.bill_to_customer_id,
    })
}

/// The records of `rows`, in the company's currency.
async fn records(
    tx: &TenantTx,
    rows: Vec<customer::Model>,
) -> Result<Vec<CustomerRecord>, ServiceError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let currency = tx.company().await?.currency_code;
    rows.into_iter()
        .map(|row| CustomerRecord::new(row, currency))
        .collect()
}

/// Who bought, as a sale or a channel describes them. Every field is optional; the
/// customer is matched by the channel's id, then email, then phone, and created when none
/// matches and there is something to know them by.
#[derive(Debug, Clone, Default)]
pub struct CustomerDetails {
    /// The channel's own customer id.
    pub external_id: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// Consumer (default) or business.
    pub kind: Option<CustomerKind>,
}

/// Which customer a sale is for.
#[derive(Debug, Clone)]
pub enum CustomerRef {
    /// A known customer.
    Id(Uuid),
    /// Match or create from these details.
    Details(CustomerDetails),
}

/// A checked email, normalised.
fn normalise_email(raw: &str) -> Result<String, ServiceError> {
    Email::parse(raw)
        .map(|e| e.as_str().to_owned())
        .map_err(|e| ServiceError::Validation(ValidationError::from(e).with_field("email")))
}

/// Digits only, so `03-1234-5678` and `0312345678` are one phone.
pub(crate) fn normalise_phone(raw: &str) -> Result<String, ServiceError> {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    if !(6..=20).contains(&digits.len()) {
        return Err(
            ValidationError::new("phone.invalid", "A phone number has 6 to 20 digits")
                .with_field("phone")
                .into(),
        );
    }
    Ok(digits)
}

/// Checks and normalises details before any write.
fn check_details(details: &CustomerDetails) -> Result<CustomerDetails, ServiceError> {
    let email = details
        .email
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(normalise_email)
        .transpose()?;
    let phone = details
        .phone
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(normalise_phone)
        .transpose()?;
    let name = details
        .name
        .as_deref()
        .map(|n| text::optional(n, 200, "name"))
        .transpose()?
        .filter(|n| !n.is_empty());
    let external_id = details
        .external_id
        .as_deref()
        .map(|n| text::optional(n, 200, "externalId"))
        .transpose()?
        .filter(|n| !n.is_empty());
    Ok(CustomerDetails {
        external_id,
        email,
        phone,
        name,
        kind: details.kind,
    })
}

/// The customer these details describe, created if new; `None` when the details name
/// nobody (no id, email or phone). Links the channel's id to the customer found.
pub async fn resolve(
    tx: &TenantTx,
    channel_id: Option<Uuid>,
    customer: &CustomerRef,
) -> Result<Option<customer::Model>, ServiceError> {
    let details = match customer {
        CustomerRef::Id(id) => return Ok(Some(get_in(tx, *id).await?)),
        CustomerRef::Details(details) => check_details(details)?,
    };
    if let (Some(channel), Some(external)) = (channel_id, &details.external_id)
        && let Some(link) = tx
            .select::<customer_link::Model>()
            .filter(customer_link::Column::ChannelId.eq(channel))
            .filter(customer_link::Column::ExternalId.eq(external.as_str()))
            .one(tx.conn())
            .await?
    {
        return Ok(Some(get_in(tx, link.customer_id).await?));
    }
    let mut found = None;
    for (column, value) in [
        (customer::Column::Email, &details.email),
        (customer::Column::Phone, &details.phone),
    ] {
        if found.is_none()
            && let Some(value) = value
        {
            found = tx
                .select::<customer::Model>()
                .filter(column.eq(value.as_str()))
                .order_by_asc(customer::Column::Id)
                .one(tx.conn())
                .await?;
        }
    }
    let found = match found {
        Some(found) => found,
        None if details.email.is_some()
            || details.phone.is_some()
            || details.external_id.is_some() =>
        {
            let now = Utc::now();
            tx.insert(customer::ActiveModel {
                tenant_id: Set(tx.tenant_id()),
                id: Set(Uuid::now_v7()),
                kind: Set(details.kind.unwrap_or(CustomerKind::Consumer)),
                name: Set(details
                    .name
                    .clone()
                    .or_else(|| details.email.clone())
                    .or_else(|| details.phone.clone())
                    .unwrap_or_default()),
                email: Set(details.email.clone()),
                phone: Set(details.phone.clone()),
                note: Set(String::new()),
                points_balance: Set(0),
                name_kana: Set(None),
                code: Set(None),
                credit_limit: Set(None),
                price_rate: Set(None),
                closing_day: Set(None),
                payment_month_offset: Set(None),
                payment_day: Set(None),
                bill_to_customer_id: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
            })
            .await?
        }
        None => return Ok(None),
    };
    if let (Some(channel), Some(external)) = (channel_id, details.external_id) {
        tx.insert(customer_link::ActiveModel {
            tenant_id: Set(tx.tenant_id()),
            channel_id: Set(channel),
            external_id: Set(external),
            customer_id: Set(found.id),
        })
        .await?;
    }
    Ok(Some(found))
}

/// One customer's row inside `tx` (for the documents that move its points).
pub async fn get_in(tx: &TenantTx, id: Uuid) -> Result<customer::Model, ServiceError> {
    tx.select::<customer::Model>()
        .filter(customer::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .ok_or(ServiceError::NotFound("Customer"))
}

/// One customer inside `tx`, as the API shows it.
pub async fn record_in(tx: &TenantTx, id: Uuid) -> Result<CustomerRecord, ServiceError> {
    let row = get_in(tx, id).await?;
    let currency = tx.company().await?.currency_code;
    CustomerRecord::new(row, currency)
}

/// One customer.
pub async fn get(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
) -> Result<CustomerRecord, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let record = record_in(&tx, id).await?;
    tx.commit().await?;
    Ok(record)
}

/// The customers among `ids` (missing ones are left out).
pub async fn load_many(tx: &TenantTx, ids: &[Uuid]) -> Result<Vec<CustomerRecord>, ServiceError> {
    let rows = tx
        .select::<customer::Model>()
        .filter(customer::Column::Id.is_in(ids.iter().copied()))
        .all(tx.conn())
        .await?;
    records(tx, rows).await
}

/// `%text%` for `LIKE`, with the wildcards typed in matched literally.
fn containing(text: &str) -> LikeExpr {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    LikeExpr::new(format!("%{escaped}%")).escape('\\')
}

/// What a search matches: the name (any case), email, reading (a hiragana or half-width
/// query finds the katakana reading), code and, from three digits on, the phone.
fn search(query: &str) -> Condition {
    let digits: String = query.chars().filter(char::is_ascii_digit).collect();
    let mut any = Condition::any()
        .add(
            Expr::expr(Func::lower(Expr::col(customer::Column::Name)))
                .like(containing(&query.to_lowercase())),
        )
        .add(Expr::col(customer::Column::Email).like(containing(&query.to_lowercase())))
        .add(customer::Column::NameKana.like(containing(&kana::to_katakana(query))))
        .add(customer::Column::Code.like(containing(&query.to_ascii_uppercase())));
    if digits.len() >= 3 {
        any = any.add(customer::Column::Phone.like(containing(&digits)));
    }
    any
}

/// Customers matching `query` (see [`search`]), in creation order after `after`.
pub async fn list(
    db: &DatabaseConnection,
    access: &Access,
    query: Option<&str>,
    after: Option<Uuid>,
    limit: u64,
) -> Result<(Vec<CustomerRecord>, bool), ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let mut select = tx
        .select::<customer::Model>()
        .order_by_asc(customer::Column::Id)
        .limit(limit + 1);
    if let Some(q) = query.map(str::trim).filter(|q| !q.is_empty()) {
        select = select.filter(search(q));
    }
    if let Some(after) = after {
        select = select.filter(customer::Column::Id.gt(after));
    }
    let mut rows = select.all(tx.conn()).await?;
    let more = crate::services::trim_page(&mut rows, limit);
    let records = records(&tx, rows).await?;
    tx.commit().await?;
    Ok((records, more))
}

/// Why points moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointsReason {
    /// Earned on a sale.
    Earned,
    /// Spent as payment.
    Redeemed,
    /// Given back or taken back when a sale was voided or returned.
    Reversed,
}

impl PointsReason {
    fn as_str(self) -> &'static str {
        match self {
            PointsReason::Earned => "EARNED",
            PointsReason::Redeemed => "REDEEMED",
            PointsReason::Reversed => "REVERSED",
        }
    }
}

/// Moves a customer's points by `points` (atomic: never below zero unless `allow_negative`
/// is false and there are too few, which is a `VALIDATION` error on `field`).
pub async fn move_points(
    tx: &TenantTx,
    customer_id: Uuid,
    sale_id: Option<Uuid>,
    points: i64,
    reason: PointsReason,
) -> Result<(), ServiceError> {
    if points == 0 {
        return Ok(());
    }
    let changed = tx
        .update::<customer::Model>()
        .col_expr(
            customer::Column::PointsBalance,
            Expr::col(customer::Column::PointsBalance).add(points),
        )
        .col_expr(customer::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(customer::Column::Id.eq(customer_id))
        .filter(
            Expr::col(customer::Column::PointsBalance)
                .add(points)
                .gte(0),
        )
        .exec(tx.conn())
        .await?;
    if changed.rows_affected == 0 {
        return Err(ValidationError::new(
            "points.insufficient",
            "The customer does not have that many points",
        )
        .with_field("payments")
        .into());
    }
    tx.insert(loyalty_entry::ActiveModel {
        tenant_id: Set(tx.tenant_id()),
        id: Set(Uuid::now_v7()),
        customer_id: Set(customer_id),
        sale_id: Set(sale_id),
        points: Set(points),
        reason: Set(reason.as_str().to_owned()),
        created_at: Set(Utc::now()),
    })
    .await?;
    Ok(())
}
