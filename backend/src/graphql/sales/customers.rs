//! Customers across channels: `customers`, `customer`, `createCustomer`, and each
//! customer's purchase history from every channel (`Customer.sales`).

use std::sync::Arc;

use async_graphql::{ComplexObject, Context, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use kura_shared::CustomerKind;
use uuid::Uuid;

use crate::graphql::{
    request::guard::{Need, authorize},
    sales::documents::Sale,
    types::{
        errors::ApiError,
        ids::{self, Kind},
        paging::{self, Page},
    },
};
use crate::{
    services::{
        ServiceError,
        sales::customers::{self, CustomerDetails, CustomerRef},
        sales::documents::{self, SaleFilter},
    },
    state::AppState,
    store::tenant::records::customer,
};

/// A customer known from any channel.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct Customer {
    /// Its global ID.
    pub id: ID,
    kind: CustomerKind,
    name: String,
    email: Option<String>,
    /// Digits only.
    phone: Option<String>,
    note: String,
    /// Loyalty points to spend (¥1 a point).
    points_balance: i64,
    created_at: DateTime<Utc>,
    #[graphql(skip)]
    uuid: Uuid,
}

impl From<customer::Model> for Customer {
    fn from(c: customer::Model) -> Self {
        Self {
            id: ids::encode(Kind::Customer, c.id),
            kind: c.kind,
            name: c.name,
            email: c.email,
            phone: c.phone,
            note: c.note,
            points_balance: c.points_balance,
            created_at: c.created_at,
            uuid: c.id,
        }
    }
}

#[ComplexObject]
impl Customer {
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

/// A new customer.
#[derive(InputObject)]
pub struct CreateCustomerInput {
    #[graphql(default_with = "CustomerKind::Consumer")]
    kind: CustomerKind,
    name: String,
    email: Option<String>,
    phone: Option<String>,
    #[graphql(default)]
    note: String,
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
    /// Customers, optionally matching `query` (name, email or phone digits).
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
    /// Adds a customer by hand (an email already on file is a `CONFLICT`).
    async fn create_customer(
        &self,
        ctx: &Context<'_>,
        input: CreateCustomerInput,
    ) -> Result<Customer> {
        let access = authorize(ctx, Need::CUSTOMERS_WRITE).await?;
        let state = ctx.data_unchecked::<AppState>();
        Ok(customers::create(
            &state.db,
            &access,
            input.kind,
            &input.name,
            input.email.as_deref(),
            input.phone.as_deref(),
            &input.note,
        )
        .await
        .map_err(ApiError::from)?
        .into())
    }
}
