//! Customers: found by name, email or phone, one with their points and purchases, and adding
//! one.

use kura_shared::CustomerKind;
use serde::{Deserialize, Serialize};

use super::PAGE_SIZE;
use super::documents::SaleRow;
use crate::api::wire::{Connection, Page};
use crate::api::{ApiError, query};

macro_rules! customer_fields {
    () => {
        "{ id kind name email phone note pointsBalance createdAt }"
    };
}

/// A customer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    /// Global id.
    pub id: String,
    /// Person or company.
    pub kind: CustomerKind,
    /// Display name.
    pub name: String,
    /// Email, if known.
    #[serde(default)]
    pub email: Option<String>,
    /// Phone, if known.
    #[serde(default)]
    pub phone: Option<String>,
    /// Free text.
    pub note: String,
    /// Loyalty points held.
    pub points_balance: i64,
    /// When added.
    pub created_at: String,
}

/// Customers whose name, email or phone match `search` (all when empty).
pub async fn customers(search: String, after: Option<String>) -> Result<Page<Customer>, ApiError> {
    #[derive(Serialize)]
    struct Vars {
        first: u32,
        after: Option<String>,
        query: Option<String>,
    }
    #[derive(Deserialize)]
    struct Data {
        customers: Connection<Customer>,
    }
    let search = search.trim().to_owned();
    let vars = Vars {
        first: PAGE_SIZE,
        after,
        query: (!search.is_empty()).then_some(search),
    };
    query::<_, Data>(
        concat!(
            "query Customers($first: Int, $after: String, $query: String) { customers(first: $first, after: $after, query: $query) { nodes ",
            customer_fields!(),
            " pageInfo { hasNextPage endCursor } } }"
        ),
        vars,
    )
    .await
    .map(|d| d.customers.into_page())
}

/// A customer with the first page of their purchases from every channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerDetail {
    /// The customer.
    pub customer: Customer,
    /// Their sales and returns, newest first.
    pub sales: Page<SaleRow>,
}

/// One customer and their purchase history.
pub async fn customer(id: String) -> Result<CustomerDetail, ApiError> {
    #[derive(Deserialize)]
    struct WithSales {
        #[serde(flatten)]
        customer: Customer,
        sales: Connection<SaleRow>,
    }
    #[derive(Deserialize)]
    struct Data {
        customer: WithSales,
    }
    let document = format!(
        "query Customer($id: ID!) {{ customer(id: $id) {{ id kind name email phone note pointsBalance createdAt sales(first: {PAGE_SIZE}) {{ nodes {} pageInfo {{ hasNextPage endCursor }} }} }} }}",
        sale_row_fields!()
    );
    query::<_, Data>(&document, serde_json::json!({ "id": id }))
        .await
        .map(|d| CustomerDetail {
            customer: d.customer.customer,
            sales: d.customer.sales.into_page(),
        })
}

/// `CreateCustomerInput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreateCustomerInput {
    /// Person or company.
    pub kind: CustomerKind,
    /// Display name.
    pub name: String,
    /// Email, if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone, if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Free text.
    pub note: String,
}

/// Adds a customer.
pub async fn create_customer(input: CreateCustomerInput) -> Result<Customer, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        create_customer: Customer,
    }
    query::<_, Data>(
        concat!(
            "mutation CreateCustomer($input: CreateCustomerInput!) { createCustomer(input: $input) ",
            customer_fields!(),
            " }"
        ),
        serde_json::json!({ "input": input }),
    )
    .await
    .map(|d| d.create_customer)
}
