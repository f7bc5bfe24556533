//! A customer's bill-to and ship-to addresses: `CustomerAddress` (a `Node`),
//! `addCustomerAddress`, `updateCustomerAddress` and `removeCustomerAddress`.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use kura_shared::AddressKind;
use uuid::Uuid;

use crate::graphql::{
    request::guard::{Need, authorize},
    sales::customers::customer_id,
    types::{
        errors::ApiError,
        ids::{self, Kind},
    },
};
use crate::{
    services::{
        ServiceError,
        sales::customers::addresses::{self, AddressPatch, AddressRecord, NewAddress},
    },
    state::AppState,
};

/// A customer's address: where invoices go (`BILLING`) or goods are delivered
/// (`SHIPPING`). An order copies the one it ships to.
#[derive(SimpleObject, Clone)]
pub struct CustomerAddress {
    /// Its global ID.
    pub id: ID,
    /// The customer's global ID.
    customer_id: ID,
    kind: AddressKind,
    /// The customer's name for it, e.g. 本社 or 大阪倉庫.
    label: String,
    /// Who receives (usually the company or store name).
    recipient_name: String,
    /// `NNN-NNNN`.
    postal_code: String,
    /// One of the 47, e.g. 東京都.
    prefecture: String,
    /// 市区町村.
    city: String,
    /// 町名・番地.
    line1: String,
    /// 建物名・部屋番号.
    line2: String,
    /// Digits only.
    phone: Option<String>,
    /// 担当者.
    contact_name: String,
    /// The customer's default of this kind (at most one per kind).
    is_default: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<AddressRecord> for CustomerAddress {
    fn from(a: AddressRecord) -> Self {
        let f = a.fields;
        Self {
            id: ids::encode(Kind::CustomerAddress, a.id),
            customer_id: ids::encode(Kind::Customer, a.customer_id),
            kind: f.kind,
            label: f.label,
            recipient_name: f.recipient_name,
            postal_code: f.postal_code,
            prefecture: f.prefecture,
            city: f.city,
            line1: f.line1,
            line2: f.line2,
            phone: f.phone,
            contact_name: f.contact_name,
            is_default: f.is_default,
            created_at: a.created_at,
            updated_at: a.updated_at,
        }
    }
}

/// A new address for a customer.
#[derive(InputObject)]
pub struct AddCustomerAddressInput {
    customer_id: ID,
    kind: AddressKind,
    #[graphql(default)]
    label: String,
    recipient_name: String,
    /// `1500001`, `150-0001` or full-width digits; stored as `150-0001`.
    postal_code: String,
    /// With or without 都/府/県.
    prefecture: String,
    city: String,
    line1: String,
    #[graphql(default)]
    line2: String,
    phone: Option<String>,
    #[graphql(default)]
    contact_name: String,
    /// Make it the default of its kind (the customer's previous one stops being it).
    #[graphql(default)]
    is_default: bool,
    /// A repeat with the same key returns the first address and adds nothing.
    idempotency_key: Option<String>,
}

/// Changes to an address; omitted fields stay, `null` phone removes it.
#[derive(InputObject)]
pub struct UpdateCustomerAddressInput {
    kind: Option<AddressKind>,
    label: Option<String>,
    recipient_name: Option<String>,
    postal_code: Option<String>,
    prefecture: Option<String>,
    city: Option<String>,
    line1: Option<String>,
    line2: Option<String>,
    phone: MaybeUndefined<String>,
    contact_name: Option<String>,
    is_default: Option<bool>,
}

/// The UUID inside an address's global ID.
pub fn address_id(id: &ID) -> Result<Uuid, ApiError> {
    ids::decode(Kind::CustomerAddress, id)
        .ok_or_else(|| ServiceError::NotFound("Customer address").into())
}

#[derive(Default)]
pub struct CustomerAddressesMutation;

#[Object]
impl CustomerAddressesMutation {
    /// Adds a bill-to or ship-to address to a customer.
    async fn add_customer_address(
        &self,
        ctx: &Context<'_>,
        input: AddCustomerAddressInput,
    ) -> Result<CustomerAddress> {
        let access = authorize(ctx, Need::CUSTOMERS_WRITE).await?;
        let state = ctx.data_unchecked::<AppState>();
        let customer = customer_id(&input.customer_id)?;
        let new = NewAddress {
            kind: input.kind,
            label: input.label,
            recipient_name: input.recipient_name,
            postal_code: input.postal_code,
            prefecture: input.prefecture,
            city: input.city,
            line1: input.line1,
            line2: input.line2,
            phone: input.phone,
            contact_name: input.contact_name,
            is_default: input.is_default,
        };
        let key = input.idempotency_key.as_deref();
        Ok(addresses::add(&state.db, &access, customer, new, key)
            .await
            .map_err(ApiError::from)?
            .into())
    }

    /// Changes an address.
    async fn update_customer_address(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateCustomerAddressInput,
    ) -> Result<CustomerAddress> {
        let access = authorize(ctx, Need::CUSTOMERS_WRITE).await?;
        let state = ctx.data_unchecked::<AppState>();
        let patch = AddressPatch {
            kind: input.kind,
            label: input.label,
            recipient_name: input.recipient_name,
            postal_code: input.postal_code,
            prefecture: input.prefecture,
            city: input.city,
            line1: input.line1,
            line2: input.line2,
            phone: input.phone.into(),
            contact_name: input.contact_name,
            is_default: input.is_default,
        };
        Ok(
            addresses::update(&state.db, &access, address_id(&id)?, patch)
                .await
                .map_err(ApiError::from)?
                .into(),
        )
    }

    /// Deletes an address for good (orders keep the copy they made).
    async fn remove_customer_address(&self, ctx: &Context<'_>, id: ID) -> Result<bool> {
        let access = authorize(ctx, Need::CUSTOMERS_WRITE).await?;
        let state = ctx.data_unchecked::<AppState>();
        addresses::remove(&state.db, &access, address_id(&id)?)
            .await
            .map_err(ApiError::from)?;
        Ok(true)
    }
}
