//! Customers across channels: consumers and businesses, recognised by a channel's own
//! customer id, their email or their phone, with one purchase history from every channel
//! and one loyalty point balance (spent as a payment, ¥1 a point).

use chrono::Utc;
use kura_shared::{CustomerKind, Email, ValidationError};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, DatabaseConnection, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, Func},
};
use uuid::Uuid;

use crate::services::{ServiceError, access::Access, text};
use crate::store::tenant::{
    TenantTx,
    records::{customer, customer_link, loyalty_entry},
};

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

fn normalise_email(raw: &str) -> Result<String, ServiceError> {
    Email::parse(raw)
        .map(|e| e.as_str().to_owned())
        .map_err(|e| ServiceError::Validation(ValidationError::from(e).with_field("email")))
}

/// Digits only, so `03-1234-5678` and `0312345678` are one phone.
fn normalise_phone(raw: &str) -> Result<String, ServiceError> {
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
pub fn check_details(details: &CustomerDetails) -> Result<CustomerDetails, ServiceError> {
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

/// One customer inside `tx`.
pub async fn get_in(tx: &TenantTx, id: Uuid) -> Result<customer::Model, ServiceError> {
    tx.select::<customer::Model>()
        .filter(customer::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .ok_or(ServiceError::NotFound("Customer"))
}

/// One customer.
pub async fn get(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
) -> Result<customer::Model, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let row = get_in(&tx, id).await?;
    tx.commit().await?;
    Ok(row)
}

/// Customers by name, email or phone (`query`), in creation order after `after`.
pub async fn list(
    db: &DatabaseConnection,
    access: &Access,
    query: Option<&str>,
    after: Option<Uuid>,
    limit: u64,
) -> Result<(Vec<customer::Model>, bool), ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let mut select = tx
        .select::<customer::Model>()
        .order_by_asc(customer::Column::Id)
        .limit(limit + 1);
    if let Some(q) = query.map(str::trim).filter(|q| !q.is_empty()) {
        let pattern = format!("%{}%", q.to_lowercase().replace(['%', '_'], ""));
        let digits: String = q.chars().filter(char::is_ascii_digit).collect();
        let mut any = Condition::any()
            .add(Expr::expr(Func::lower(Expr::col(customer::Column::Name))).like(pattern.clone()))
            .add(Expr::col(customer::Column::Email).like(pattern));
        if digits.len() >= 3 {
            any = any.add(customer::Column::Phone.like(format!("%{digits}%")));
        }
        select = select.filter(any);
    }
    if let Some(after) = after {
        select = select.filter(customer::Column::Id.gt(after));
    }
    let mut rows = select.all(tx.conn()).await?;
    tx.commit().await?;
    let more = crate::services::trim_page(&mut rows, limit);
    Ok((rows, more))
}

/// Creates a customer by hand (at least a name; email and phone are checked).
pub async fn create(
    db: &DatabaseConnection,
    access: &Access,
    kind: CustomerKind,
    name: &str,
    email: Option<&str>,
    phone: Option<&str>,
    note: &str,
) -> Result<customer::Model, ServiceError> {
    let name = text::required(name, 200, "name", "customer name")?;
    let details = check_details(&CustomerDetails {
        email: email.map(str::to_owned),
        phone: phone.map(str::to_owned),
        ..CustomerDetails::default()
    })?;
    let note = text::optional(note, 2_000, "note")?;
    let tx = TenantTx::write(db, access.tenant_id).await?;
    if let Some(email) = &details.email {
        let taken = tx
            .select::<customer::Model>()
            .filter(customer::Column::Email.eq(email.as_str()))
            .one(tx.conn())
            .await?;
        if taken.is_some() {
            return Err(ServiceError::Conflict {
                message: "Another customer already has this email".into(),
                field: Some("email"),
            });
        }
    }
    let now = Utc::now();
    let row = tx
        .insert(customer::ActiveModel {
            tenant_id: Set(tx.tenant_id()),
            id: Set(Uuid::now_v7()),
            kind: Set(kind),
            name: Set(name),
            email: Set(details.email),
            phone: Set(details.phone),
            note: Set(note),
            points_balance: Set(0),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .await?;
    tx.commit().await?;
    Ok(row)
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
