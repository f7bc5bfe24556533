//! Customers across channels: `customers`, `customer`, `createCustomer`, `updateCustomer`,
//! each customer's purchase history from every channel (`Customer.sales`) and, for
//! business partners (取引先), their reading, code, credit limit, price rate, billing terms
//! and addresses (`Customer.addresses`, changed in `customer_addresses`).

use std::sync::Arc;

use async_graphql::{
    ComplexObject, Context, ID, InputObject, MaybeUndefined, Object, Result, SimpleObject,
};
use chrono::{DateTime, Utc};
use kura_shared::CustomerKind;
use uuid::Uuid;

use crate::graphql::{
    request::{
        guard::{Need, authorize},
        loaders::Loaders,
    },
    sales::{customer_addresses::CustomerAddress, documents::Sale},
    types::{
        errors::ApiError,
        ids::{self, Kind},
        money::{Decimal, Money},
        paging::{self, Page},
    },
};
use crate::{
    services::{
        ServiceError, invoices,
        lookup::CustomerAddresses,
        sales::customers::{
            self, CustomerDetails, CustomerPatch, CustomerRecord, CustomerRef, NewCustomer,
            TermsInput,
        },
        sales::documents::{self, SaleFilter},
    },
    state::AppState,
};

/// When a business customer is billed and pays. `closingDay` ends each billing period
/// (5, 10, 15, 20, 25, 31 = month end, 0 = an invoice per shipment, 都度請求); an invoice
/// is due `paymentMonthOffset` months later (0–3) on `paymentDay` (1–31, 31 = month end).
/// 末締め翌月末払い is `{ closingDay: 31, paymentMonthOffset: 1, paymentDay: 31 }`.
#[derive(SimpleObject, Clone)]
pub struct BillingTerms {
    closing_day: i32,
    payment_month_offset: i32,
    payment_day: i32,
}

impl From<kura_shared::BillingTerms> for BillingTerms {
    fn from(terms: kura_shared::BillingTerms) -> Self {
        Self {
            closing_day: terms.closing_day().into(),
            payment_month_offset: terms.payment_month_offset().into(),
            payment_day: terms.payment_day().into(),
        }
    }
}

/// Billing terms to set: all three parts (see `BillingTerms`).
#[derive(InputObject, Clone, Copy)]
pub struct BillingTermsInput {
    closing_day: i32,
    payment_month_offset: i32,
    payment_day: i32,
}

impl From<BillingTermsInput> for TermsInput {
    fn from(terms: BillingTermsInput) -> Self {
        Self {
            closing_day: terms.closing_day.into(),
            payment_month_offset: terms.payment_month_offset.into(),
            payment_day: terms.payment_day.into(),
        }
    }
}

/// A customer known from any channel.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct Customer {
    /// Its global ID.
    pub id: ID,
    kind: CustomerKind,
    name: String,
    /// The reading (フリガナ) in full-width katakana, for sorting and lookup.
    name_kana: Option<String>,
    /// The customer code (取引先コード), upper-case, unique in the company.
    code: Option<String>,
    email: Option<String>,
    /// Digits only.
    phone: Option<String>,
    note: String,
    /// Loyalty points to spend (¥1 a point).
    points_balance: i64,
    /// 与信限度額: the most the customer may owe in open orders and unpaid invoices.
    credit_limit: Option<Money>,
    /// 掛率 in hundredths of a percent of the retail price (6000 = 60 %); a rated price is
    /// rounded down to the yen (切り捨て).
    price_rate: Option<i32>,
    /// 締日・支払条件.
    billing_terms: Option<BillingTerms>,
    created_at: DateTime<Utc>,
    #[graphql(skip)]
    uuid: Uuid,
    #[graphql(skip)]
    bill_to: Option<Uuid>,
    #[graphql(skip)]
    currency: kura_shared::CurrencyCode,
    #[graphql(skip)]
    tenant_id: Uuid,
}

impl From<CustomerRecord> for Customer {
    fn from(c: CustomerRecord) -> Self {
        let credit_limit = c
            .credit_limit()
            .map(|m| Money::from_minor(m.amount_minor, m.currency));
        let p = c.profile;
        Self {
            id: ids::encode(Kind::Customer, c.id),
            kind: p.kind,
            name: p.name,
            name_kana: p.name_kana.map(String::from),
            code: p.code.map(String::from),
            email: p.email,
            phone: p.phone,
            note: p.note,
            points_balance: c.points_balance,
            credit_limit,
            price_rate: p
                .price_rate
                .map(|r| i32::try_from(r.hundredths()).unwrap_or(i32::MAX)),
            billing_terms: p.billing_terms.map(BillingTerms::from),
            created_at: c.created_at,
            uuid: c.id,
            bill_to: p.bill_to,
            currency: c.currency,
            tenant_id: c.tenant_id,
        }
    }
}

#[ComplexObject]
impl Customer {
    /// 請求先: the customer that pays this one's invoices, when not itself.
    async fn bill_to(&self, ctx: &Context<'_>) -> Result<Option<Customer>> {
        let Some(id) = self.bill_to else {
            return Ok(None);
        };
        let access = authorize(ctx, Need::CUSTOMERS_READ).await?;
        let state = ctx.data_unchecked::<AppState>();
        Ok(Some(
            customers::get(&state.db, &access, id)
                .await
                .map_err(ApiError::from)?
                .into(),
        ))
    }

    /// 売掛金残高: what the customer owes on invoices issued to it and not voided, credit
    /// notes taken off; zero for a customer never invoiced (or billed to another).
    async fn balance(&self, ctx: &Context<'_>) -> Result<Money> {
        let access = authorize(ctx, Need::CUSTOMERS_READ).await?;
        let state = ctx.data_unchecked::<AppState>();
        let owed = invoices::read::balance(&state.db, &access, self.uuid)
            .await
            .map_err(ApiError::from)?;
        Ok(Money::from_minor(owed, self.currency))
    }

    /// Everything they bought or returned, from every channel, newest first.
    #[graphql(complexity = "paging::cost(first, child_complexity)")]
    async fn sales(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<Sale>> {
        let access = Arc::new(authorize(ctx, Need::SALES_READ).await?);
        let limit = paging::page_size(first)?;
        let after = paging::decode_id(after.as_deref())?;
        let state = ctx.data_unchecked::<AppState>();
        let filter = SaleFilter {
            customer_id: Some(self.uuid),
            ..SaleFilter::default()
        };
        let (rows, more) = documents::list(&state.db, &access, &filter, after, limit)
            .await
            .map_err(ApiError::from)?;
        Ok(paging::page(
            rows.into_iter()
                .map(|row| (row.id.to_string(), Sale::new(row, access.clone()))),
            after.is_some(),
            more,
        ))
    }

    /// Bill-to and ship-to addresses: BILLING before SHIPPING, each kind's default first.
    /// A page of customers loads them in one batch.
    async fn addresses(&self, ctx: &Context<'_>) -> Result<Vec<CustomerAddress>> {
        let found = ctx
            .data_unchecked::<Loaders>()
            .rows
            .load_one((self.tenant_id, CustomerAddresses(self.uuid)))
            .await
            .map_err(|e| ApiError::from(ServiceError::internal(e)))?
            .unwrap_or_default();
        Ok(found.into_iter().map(CustomerAddress::from).collect())
    }
}

/// Who bought, as a sale or channel describes them: matched by the channel's customer id,
/// then email, then phone; created when nobody matches.
#[derive(InputObject)]
pub struct CustomerInput {
    /// The channel's own id for the customer.
    external_id: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    name: Option<String>,
    kind: Option<CustomerKind>,
}

/// A new customer. `code`, `creditLimit`, `priceRate` and `billingTerms` are for a
/// `BUSINESS` only.
#[derive(InputObject)]
pub struct CreateCustomerInput {
    #[graphql(default_with = "CustomerKind::Consumer")]
    kind: CustomerKind,
    name: String,
    /// フリガナ in hiragana, katakana or half-width katakana; stored as full-width katakana.
    name_kana: Option<String>,
    /// 1–32 letters, digits, `-` or `_`; stored upper-case.
    code: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    #[graphql(default)]
    note: String,
    /// 与信限度額, not negative.
    credit_limit: Option<Decimal>,
    /// 掛率 in hundredths of a percent, 1–10000 (6000 = 60 %).
    price_rate: Option<i32>,
    billing_terms: Option<BillingTermsInput>,
    /// 請求先: another business customer, with billing terms of its own, that pays this
    /// one's invoices (a head office paying for its branches' deliveries).
    bill_to_customer_id: Option<ID>,
    /// A repeat with the same key returns the first customer and creates nothing.
    idempotency_key: Option<String>,
}

/// Changes to a customer; omitted fields stay, `null` clears an optional one.
#[derive(InputObject)]
pub struct UpdateCustomerInput {
    /// A `CONSUMER` has no code, credit limit, price rate or billing terms: clear them in
    /// the same update.
    kind: Option<CustomerKind>,
    name: Option<String>,
    name_kana: MaybeUndefined<String>,
    code: MaybeUndefined<String>,
    email: MaybeUndefined<String>,
    phone: MaybeUndefined<String>,
    note: Option<String>,
    credit_limit: MaybeUndefined<Decimal>,
    price_rate: MaybeUndefined<i32>,
    billing_terms: MaybeUndefined<BillingTermsInput>,
    /// 請求先 (see `CreateCustomerInput.billToCustomerId`); `null` bills the customer itself.
    bill_to_customer_id: MaybeUndefined<ID>,
}

impl From<UpdateCustomerInput> for CustomerPatch {
    fn from(input: UpdateCustomerInput) -> Self {
        Self {
            kind: input.kind,
            name: input.name,
            name_kana: input.name_kana.into(),
            code: input.code.into(),
            email: input.email.into(),
            phone: input.phone.into(),
            note: input.note,
            credit_limit: input.credit_limit.map_value(|d| d.0).into(),
            price_rate: input.price_rate.map_value(i64::from).into(),
            billing_terms: input.billing_terms.map_value(TermsInput::from).into(),
            bill_to: input
                .bill_to_customer_id
                .map_value(|id| any_customer(&id))
                .into(),
        }
    }
}

/// The UUID inside a customer's global ID, or the nil UUID (which names no customer, so
/// the service refuses it as unknown) for an ID that is not a customer's.
fn any_customer(id: &ID) -> Uuid {
    ids::decode(Kind::Customer, id).unwrap_or(Uuid::nil())
}

/// The UUID inside a customer's global ID.
pub fn customer_id(id: &ID) -> Result<Uuid, ApiError> {
    ids::decode(Kind::Customer, id).ok_or_else(|| ServiceError::NotFound("Customer").into())
}

/// A sale's customer details as the service takes them.
pub fn customer_ref(input: CustomerInput) -> CustomerRef {
    CustomerRef::Details(CustomerDetails {
        external_id: input.external_id,
        email: input.email,
        phone: input.phone,
        name: input.name,
        kind: input.kind,
    })
}

#[derive(Default)]
pub struct CustomersQuery;

#[Object]
impl CustomersQuery {
    /// Customers, optionally matching `query`: name, email, reading (hiragana finds
    /// katakana), code, or phone digits.
    #[graphql(complexity = "paging::cost(first, child_complexity)")]
    async fn customers(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        query: Option<String>,
    ) -> Result<Page<Customer>> {
        let access = authorize(ctx, Need::CUSTOMERS_READ).await?;
        let limit = paging::page_size(first)?;
        let after = paging::decode_id(after.as_deref())?;
        let state = ctx.data_unchecked::<AppState>();
        let (rows, more) = customers::list(&state.db, &access, query.as_deref(), after, limit)
            .await
            .map_err(ApiError::from)?;
        Ok(paging::page(
            rows.into_iter()
                .map(|row| (row.id.to_string(), Customer::from(row))),
            after.is_some(),
            more,
        ))
    }

    /// One customer.
    async fn customer(&self, ctx: &Context<'_>, id: ID) -> Result<Customer> {
        let access = authorize(ctx, Need::CUSTOMERS_READ).await?;
        let state = ctx.data_unchecked::<AppState>();
        Ok(customers::get(&state.db, &access, customer_id(&id)?)
            .await
            .map_err(ApiError::from)?
            .into())
    }
}

#[derive(Default)]
pub struct CustomersMutation;

#[Object]
impl CustomersMutation {
    /// Adds a customer by hand (a code or email already on file is a `CONFLICT`).
    async fn create_customer(
        &self,
        ctx: &Context<'_>,
        input: CreateCustomerInput,
    ) -> Result<Customer> {
        let access = authorize(ctx, Need::CUSTOMERS_WRITE).await?;
        let state = ctx.data_unchecked::<AppState>();
        let new = NewCustomer {
            kind: input.kind,
            name: input.name,
            name_kana: input.name_kana,
            code: input.code,
            email: input.email,
            phone: input.phone,
            note: input.note,
            credit_limit: input.credit_limit.map(|d| d.0),
            price_rate: input.price_rate.map(i64::from),
            billing_terms: input.billing_terms.map(TermsInput::from),
            bill_to: input.bill_to_customer_id.as_ref().map(any_customer),
        };
        Ok(
            customers::create(&state.db, &access, new, input.idempotency_key.as_deref())
                .await
                .map_err(ApiError::from)?
                .into(),
        )
    }

    /// Changes a customer (a code or email another customer has is a `CONFLICT`).
    async fn update_customer(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateCustomerInput,
    ) -> Result<Customer> {
        let access = authorize(ctx, Need::CUSTOMERS_WRITE).await?;
        let state = ctx.data_unchecked::<AppState>();
        Ok(
            customers::update(&state.db, &access, customer_id(&id)?, input.into())
                .await
                .map_err(ApiError::from)?
                .into(),
        )
    }
}
