//! A customer's addresses: where invoices go (BILLING, 請求先) and where goods are delivered
//! (SHIPPING, 納品先), each with at most one default per kind. An order copies the address
//! it ships to, so removing one deletes it outright. Every change is audited.

use chrono::{DateTime, Utc};
use kura_shared::{AddressKind, PostalCode, Prefecture, ValidationError};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, QueryFilter, QueryOrder, sea_query::Expr,
};
use uuid::Uuid;

use super::{get_in as customer_row, normalise_phone};
use crate::services::{
    ServiceError,
    access::Access,
    accounts::audit::{self, AuditAction},
    idempotency::{self, Stop},
    text,
};
use crate::store::tenant::{TenantTx, records::customer_address};

/// An address as stored and shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressRecord {
    /// Its id.
    pub id: Uuid,
    /// The customer it belongs to.
    pub customer_id: Uuid,
    /// The checked fields.
    pub fields: AddressFields,
    /// When it was added.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// An address's checked, normalised fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressFields {
    /// Bill-to or ship-to.
    pub kind: AddressKind,
    /// The customer's own name for it, e.g. "本社" or "大阪倉庫" (may be empty).
    pub label: String,
    /// Who receives: usually the company or store name.
    pub recipient_name: String,
    /// `NNN-NNNN`.
    pub postal_code: String,
    /// One of the 47, by full name.
    pub prefecture: String,
    /// 市区町村.
    pub city: String,
    /// Street and number (町名・番地).
    pub line1: String,
    /// Building and room (建物名・部屋番号), may be empty.
    pub line2: String,
    /// Digits only.
    pub phone: Option<String>,
    /// The person to ask for (担当者), may be empty.
    pub contact_name: String,
    /// The customer's default address of its kind.
    pub is_default: bool,
}

/// Every field of a new address, as typed.
#[derive(Debug, Clone)]
pub struct NewAddress {
    /// Bill-to or ship-to.
    pub kind: AddressKind,
    /// Optional label.
    pub label: String,
    /// Who receives.
    pub recipient_name: String,
    /// With or without the hyphen, full-width digits too.
    pub postal_code: String,
    /// With or without 都/府/県.
    pub prefecture: String,
    /// 市区町村.
    pub city: String,
    /// 町名・番地.
    pub line1: String,
    /// 建物名.
    pub line2: String,
    /// Any punctuation; stored as digits.
    pub phone: Option<String>,
    /// 担当者.
    pub contact_name: String,
    /// Make it the default of its kind.
    pub is_default: bool,
}

/// Changes to an address: `None` keeps a field, `phone: Some(None)` removes the phone.
#[derive(Debug, Clone, Default)]
pub struct AddressPatch {
    /// New kind.
    pub kind: Option<AddressKind>,
    /// New label.
    pub label: Option<String>,
    /// New recipient.
    pub recipient_name: Option<String>,
    /// New postal code.
    pub postal_code: Option<String>,
    /// New prefecture.
    pub prefecture: Option<String>,
    /// New city.
    pub city: Option<String>,
    /// New street.
    pub line1: Option<String>,
    /// New building.
    pub line2: Option<String>,
    /// New phone.
    pub phone: Option<Option<String>>,
    /// New contact.
    pub contact_name: Option<String>,
    /// Make it (or stop it being) the default of its kind.
    pub is_default: Option<bool>,
}

impl From<NewAddress> for AddressPatch {
    fn from(new: NewAddress) -> Self {
        Self {
            kind: Some(new.kind),
            label: Some(new.label),
            recipient_name: Some(new.recipient_name),
            postal_code: Some(new.postal_code),
            prefecture: Some(new.prefecture),
            city: Some(new.city),
            line1: Some(new.line1),
            line2: Some(new.line2),
            phone: Some(new.phone),
            contact_name: Some(new.contact_name),
            is_default: Some(new.is_default),
        }
    }
}

impl AddressFields {
    /// What a new address's patch starts from; its required fields must all be given.
    fn blank(kind: AddressKind) -> Self {
        Self {
            kind,
            label: String::new(),
            recipient_name: String::new(),
            postal_code: String::new(),
            prefecture: String::new(),
            city: String::new(),
            line1: String::new(),
            line2: String::new(),
            phone: None,
            contact_name: String::new(),
            is_default: false,
        }
    }

    /// These fields with `patch` applied, each given one checked and normalised.
    pub fn patched(mut self, patch: &AddressPatch) -> Result<Self, ServiceError> {
        let required = |value: &str, max, field, what| text::required(value, max, field, what);
        if let Some(kind) = patch.kind {
            self.kind = kind;
        }
        if let Some(label) = &patch.label {
            self.label = text::optional(label, 100, "label")?;
        }
        if let Some(name) = &patch.recipient_name {
            self.recipient_name = required(name, 200, "recipientName", "recipient name")?;
        }
        if let Some(code) = &patch.postal_code {
            self.postal_code = PostalCode::parse(code)
                .map_err(|e| ValidationError::from(e).with_field("postalCode"))?
                .as_str()
                .to_owned();
        }
        if let Some(name) = &patch.prefecture {
            self.prefecture = Prefecture::parse(name)
                .map_err(|e| ValidationError::from(e).with_field("prefecture"))?
                .name()
                .to_owned();
        }
        if let Some(city) = &patch.city {
            self.city = required(city, 100, "city", "city")?;
        }
        if let Some(line) = &patch.line1 {
            self.line1 = required(line, 200, "line1", "street address")?;
        }
        if let Some(line) = &patch.line2 {
            self.line2 = text::optional(line, 200, "line2")?;
        }
        if let Some(phone) = &patch.phone {
            self.phone = phone
                .as_deref()
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(normalise_phone)
                .transpose()?;
        }
        if let Some(contact) = &patch.contact_name {
            self.contact_name = text::optional(contact, 200, "contactName")?;
        }
        if let Some(flag) = patch.is_default {
            self.is_default = flag;
        }
        Ok(self)
    }
}

impl From<customer_address::Model> for AddressRecord {
    fn from(row: customer_address::Model) -> Self {
        Self {
            id: row.id,
            customer_id: row.customer_id,
            fields: AddressFields {
                kind: row.kind,
                label: row.label,
                recipient_name: row.recipient_name,
                postal_code: row.postal_code,
                prefecture: row.prefecture,
                city: row.city,
                line1: row.line1,
                line2: row.line2,
                phone: row.phone,
                contact_name: row.contact_name,
                is_default: row.is_default,
            },
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

/// The columns the fields set.
fn stored(fields: &AddressFields) -> customer_address::ActiveModel {
    customer_address::ActiveModel {
        kind: Set(fields.kind),
        label: Set(fields.label.clone()),
        recipient_name: Set(fields.recipient_name.clone()),
        postal_code: Set(fields.postal_code.clone()),
        prefecture: Set(fields.prefecture.clone()),
        city: Set(fields.city.clone()),
        line1: Set(fields.line1.clone()),
        line2: Set(fields.line2.clone()),
        phone: Set(fields.phone.clone()),
        contact_name: Set(fields.contact_name.clone()),
        is_default: Set(fields.is_default),
        ..Default::default()
    }
}

/// One address inside `tx` (an order copies it from here).
pub async fn get_in(tx: &TenantTx, id: Uuid) -> Result<AddressRecord, ServiceError> {
    tx.select::<customer_address::Model>()
        .filter(customer_address::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .map(AddressRecord::from)
        .ok_or(ServiceError::NotFound("Customer address"))
}

/// One address.
pub async fn get(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
) -> Result<AddressRecord, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let record = get_in(&tx, id).await?;
    tx.commit().await?;
    Ok(record)
}

/// The addresses of `customers`: bill-to before ship-to, the default first, then oldest.
pub async fn of_customers(
    tx: &TenantTx,
    customers: &[Uuid],
) -> Result<Vec<AddressRecord>, ServiceError> {
    Ok(tx
        .select::<customer_address::Model>()
        .filter(customer_address::Column::CustomerId.is_in(customers.iter().copied()))
        .order_by_asc(customer_address::Column::Kind)
        .order_by_desc(customer_address::Column::IsDefault)
        .order_by_asc(customer_address::Column::Id)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(AddressRecord::from)
        .collect())
}

/// The one default of its kind: the customer's other addresses of `kind` stop being it.
async fn take_default(
    tx: &TenantTx,
    customer_id: Uuid,
    kind: AddressKind,
    except: Uuid,
) -> Result<(), ServiceError> {
    tx.update::<customer_address::Model>()
        .col_expr(customer_address::Column::IsDefault, Expr::value(false))
        .filter(customer_address::Column::CustomerId.eq(customer_id))
        .filter(customer_address::Column::Kind.eq(kind))
        .filter(customer_address::Column::Id.ne(except))
        .filter(customer_address::Column::IsDefault.eq(true))
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// How the audit log names an address: whose, which kind, where.
fn subject(customer_name: &str, fields: &AddressFields) -> String {
    format!(
        "{} address of customer {customer_name}: {} {}{}",
        fields.kind, fields.postal_code, fields.prefecture, fields.city
    )
}

/// Adds an address to a customer; a repeat with the same `idempotency_key` returns the
/// first one.
pub async fn add(
    db: &DatabaseConnection,
    access: &Access,
    customer_id: Uuid,
    input: NewAddress,
    idempotency_key: Option<&str>,
) -> Result<AddressRecord, ServiceError> {
    let key = idempotency::Key::parse("addCustomerAddress", idempotency_key)?;
    let fields = AddressFields::blank(input.kind).patched(&input.into())?;
    let command = Add {
        access,
        customer_id,
        fields,
    };
    idempotency::once(db, access.tenant_id, key.as_ref(), &command).await
}

struct Add<'a> {
    access: &'a Access,
    customer_id: Uuid,
    fields: AddressFields,
}

impl idempotency::Command for Add<'_> {
    type Answer = AddressRecord;

    async fn replay(&self, tx: &TenantTx, earlier: Uuid) -> Result<AddressRecord, ServiceError> {
        get_in(tx, earlier).await
    }

    async fn run(&self, tx: &TenantTx) -> Result<(AddressRecord, Uuid), Stop> {
        let customer = customer_row(tx, self.customer_id).await?;
        let id = Uuid::now_v7();
        if self.fields.is_default {
            take_default(tx, customer.id, self.fields.kind, id).await?;
        }
        let now = Utc::now();
        let mut row = stored(&self.fields);
        row.tenant_id = Set(tx.tenant_id());
        row.id = Set(id);
        row.customer_id = Set(customer.id);
        row.created_at = Set(now);
        row.updated_at = Set(now);
        // A concurrent default of the same kind won: the next attempt takes it over.
        let saved = tx.insert(row).await.map_err(idempotency::raced)?;
        let subject = subject(&customer.name, &self.fields);
        let actor = &self.access.actor;
        audit::record(
            tx.conn(),
            tx.tenant_id(),
            AuditAction::CustomerAddressAdded,
            actor,
            &subject,
        )
        .await?;
        Ok((saved.into(), id))
    }
}

/// Changes an address; making it the default takes that from the customer's other address
/// of its kind.
pub async fn update(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
    patch: AddressPatch,
) -> Result<AddressRecord, ServiceError> {
    let tx = TenantTx::write(db, access.tenant_id).await?;
    let before = get_in(&tx, id).await?;
    let fields = before.fields.clone().patched(&patch)?;
    if fields.is_default {
        take_default(&tx, before.customer_id, fields.kind, id).await?;
    }
    let mut row = stored(&fields);
    row.updated_at = Set(Utc::now());
    tx.update::<customer_address::Model>()
        .set(row)
        .filter(customer_address::Column::Id.eq(id))
        .exec(tx.conn())
        .await?;
    let customer = customer_row(&tx, before.customer_id).await?;
    let subject = subject(&customer.name, &fields);
    audit::record(
        tx.conn(),
        tx.tenant_id(),
        AuditAction::CustomerAddressUpdated,
        &access.actor,
        &subject,
    )
    .await?;
    let saved = get_in(&tx, id).await?;
    tx.commit().await?;
    Ok(saved)
}

/// Deletes an address (orders keep their own copy of it).
pub async fn remove(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
) -> Result<(), ServiceError> {
    let tx = TenantTx::write(db, access.tenant_id).await?;
    let before = get_in(&tx, id).await?;
    tx.delete::<customer_address::Model>()
        .filter(customer_address::Column::Id.eq(id))
        .exec(tx.conn())
        .await?;
    let customer = customer_row(&tx, before.customer_id).await?;
    let subject = subject(&customer.name, &before.fields);
    audit::record(
        tx.conn(),
        tx.tenant_id(),
        AuditAction::CustomerAddressRemoved,
        &access.actor,
        &subject,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn head_office() -> NewAddress {
        NewAddress {
            kind: AddressKind::Billing,
            label: "本社".into(),
            recipient_name: "株式会社山田商事".into(),
            postal_code: "１５０－０００１".into(),
            prefecture: "東京".into(),
            city: "渋谷区".into(),
            line1: "神宮前1-2-3".into(),
            line2: String::new(),
            phone: Some("03-1234-5678".into()),
            contact_name: "経理部 佐藤".into(),
            is_default: true,
        }
    }

    fn checked(new: NewAddress) -> Result<AddressFields, ServiceError> {
        AddressFields::blank(new.kind).patched(&new.into())
    }

    fn reason(result: Result<AddressFields, ServiceError>) -> (&'static str, Option<String>) {
        match result {
            Err(ServiceError::Validation(e)) => (e.code, e.field),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn an_address_is_stored_normalised() {
        let fields = checked(head_office()).unwrap();
        assert_eq!(fields.postal_code, "150-0001");
        assert_eq!(fields.prefecture, "東京都");
        assert_eq!(fields.phone.as_deref(), Some("0312345678"));
    }

    /// Breaks one field of a good input.
    type Spoil = fn(&mut NewAddress);

    #[test]
    fn each_bad_field_is_named_with_its_reason() {
        let cases: Vec<(Spoil, &str, &str)> = vec![
            (
                |a| a.postal_code = "150-001".into(),
                "postal_code.invalid",
                "postalCode",
            ),
            (
                |a| a.prefecture = "Tokyo".into(),
                "prefecture.unknown",
                "prefecture",
            ),
            (
                |a| a.recipient_name = " ".into(),
                "text.empty",
                "recipientName",
            ),
            (|a| a.city = String::new(), "text.empty", "city"),
            (|a| a.line1 = String::new(), "text.empty", "line1"),
            (|a| a.phone = Some("12".into()), "phone.invalid", "phone"),
        ];
        for (spoil, code, field) in cases {
            let mut input = head_office();
            spoil(&mut input);
            assert_eq!(reason(checked(input)), (code, Some(field.to_owned())));
        }
    }

    #[test]
    fn a_patch_changes_only_what_it_names() {
        let before = checked(head_office()).unwrap();
        let patch = AddressPatch {
            line2: Some("山田ビル5F".into()),
            phone: Some(None),
            is_default: Some(false),
            ..AddressPatch::default()
        };
        let after = before.clone().patched(&patch).unwrap();
        assert_eq!(after.line2, "山田ビル5F");
        assert_eq!(after.phone, None);
        assert!(!after.is_default);
        assert_eq!(
            (after.postal_code, after.city),
            (before.postal_code, before.city)
        );
    }
}
