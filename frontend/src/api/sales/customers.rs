//! Customers: found by name, reading, code, email or phone, one with their points,
//! purchases and addresses, and adding or changing one (a business with its code, credit
//! limit, price rate and billing terms) and its addresses.

use kura_shared::{AddressKind, CustomerKind};
use serde::{Deserialize, Serialize};

use super::PAGE_SIZE;
use super::documents::SaleRow;
use crate::api::wire::{Amount, Connection, Page};
use crate::api::{ApiError, query};

macro_rules! customer_scalars {
    () => {
        "id kind name nameKana code email phone note pointsBalance createdAt creditLimit { amount currencyCode } priceRate billingTerms { closingDay paymentMonthOffset paymentDay }"
    };
}

macro_rules! customer_fields {
    () => {
        concat!("{ ", customer_scalars!(), " }")
    };
}

macro_rules! address_fields {
    () => {
        "{ id kind label recipientName postalCode prefecture city line1 line2 phone contactName isDefault }"
    };
}

/// 締日・支払条件 as the API sends and takes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BillingTerms {
    /// 5–25, 31 (month end) or 0 (every shipment).
    pub closing_day: i64,
    /// Months after the closing month, 0–3.
    pub payment_month_offset: i64,
    /// 1–31 (31 = month end).
    pub payment_day: i64,
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
    /// フリガナ in full-width katakana.
    #[serde(default)]
    pub name_kana: Option<String>,
    /// 取引先コード.
    #[serde(default)]
    pub code: Option<String>,
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
    /// 与信限度額.
    #[serde(default)]
    pub credit_limit: Option<Amount>,
    /// 掛率 in hundredths of a percent.
    #[serde(default)]
    pub price_rate: Option<i64>,
    /// 締日・支払条件.
    #[serde(default)]
    pub billing_terms: Option<BillingTerms>,
    /// 請求先: the customer that pays this one's invoices (read with one customer only).
    #[serde(default)]
    pub bill_to: Option<CustomerRef>,
    /// 売掛金残高: owed on issued invoices (read with one customer only).
    #[serde(default)]
    pub balance: Option<Amount>,
}

/// Another customer a customer names.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CustomerRef {
    /// Global id.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// A customer's bill-to or ship-to address.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    /// Global id.
    pub id: String,
    /// Bill-to or ship-to.
    pub kind: AddressKind,
    /// The customer's name for it.
    pub label: String,
    /// Who receives.
    pub recipient_name: String,
    /// `NNN-NNNN`.
    pub postal_code: String,
    /// e.g. 東京都.
    pub prefecture: String,
    /// 市区町村.
    pub city: String,
    /// 町名・番地.
    pub line1: String,
    /// 建物名.
    pub line2: String,
    /// Digits.
    #[serde(default)]
    pub phone: Option<String>,
    /// 担当者.
    pub contact_name: String,
    /// The default of its kind.
    pub is_default: bool,
}

/// Customers whose name, reading, code, email or phone match `search` (all when empty).
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

/// A customer with their addresses and the first page of their purchases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerDetail {
    /// The customer.
    pub customer: Customer,
    /// Bill-to first, each kind's default first.
    pub addresses: Vec<Address>,
    /// Their sales and returns, newest first.
    pub sales: Page<SaleRow>,
}

/// One customer, their addresses and purchase history.
pub async fn customer(id: String) -> Result<CustomerDetail, ApiError> {
    #[derive(Deserialize)]
    struct WithMore {
        #[serde(flatten)]
        customer: Customer,
        addresses: Vec<Address>,
        sales: Connection<SaleRow>,
    }
    #[derive(Deserialize)]
    struct Data {
        customer: WithMore,
    }
    let document = format!(
        "query Customer($id: ID!) {{ customer(id: $id) {{ {} billTo {{ id name }} balance {{ amount currencyCode }} addresses {} sales(first: {PAGE_SIZE}) {{ nodes {} pageInfo {{ hasNextPage endCursor }} }} }} }}",
        customer_scalars!(),
        address_fields!(),
        sale_row_fields!()
    );
    query::<_, Data>(&document, serde_json::json!({ "id": id }))
        .await
        .map(|d| CustomerDetail {
            customer: d.customer.customer,
            addresses: d.customer.addresses,
            sales: d.customer.sales.into_page(),
        })
}

/// A customer's saved addresses, bill-to first and each kind's default first: what order
/// and quote entry offer as the ship-to once the customer is chosen.
pub async fn addresses(customer_id: String) -> Result<Vec<Address>, ApiError> {
    #[derive(Deserialize)]
    struct Only {
        addresses: Vec<Address>,
    }
    #[derive(Deserialize)]
    struct Data {
        customer: Only,
    }
    let document = format!(
        "query CustomerAddresses($id: ID!) {{ customer(id: $id) {{ addresses {} }} }}",
        address_fields!()
    );
    query::<_, Data>(&document, serde_json::json!({ "id": customer_id }))
        .await
        .map(|d| d.customer.addresses)
}

/// What the customer form sends: every field, `null` for an empty optional one, so the same
/// input creates a customer (`CreateCustomerInput`) or replaces its fields on an update
/// (`UpdateCustomerInput`, where `null` clears).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerInput {
    /// Person or company.
    pub kind: CustomerKind,
    /// Display name.
    pub name: String,
    /// フリガナ.
    pub name_kana: Option<String>,
    /// 取引先コード.
    pub code: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Free text.
    pub note: String,
    /// 与信限度額 as a decimal.
    pub credit_limit: Option<String>,
    /// 掛率 in hundredths of a percent.
    pub price_rate: Option<u32>,
    /// 締日・支払条件.
    pub billing_terms: Option<BillingTerms>,
    /// 請求先 (`null` = the customer itself).
    pub bill_to_customer_id: Option<String>,
}

/// Adds a customer.
pub async fn create_customer(input: CustomerInput) -> Result<Customer, ApiError> {
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

/// Replaces a customer's fields with the form's.
pub async fn update_customer(id: String, input: CustomerInput) -> Result<Customer, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        update_customer: Customer,
    }
    query::<_, Data>(
        concat!(
            "mutation UpdateCustomer($id: ID!, $input: UpdateCustomerInput!) { updateCustomer(id: $id, input: $input) ",
            customer_fields!(),
            " }"
        ),
        serde_json::json!({ "id": id, "input": input }),
    )
    .await
    .map(|d| d.update_customer)
}

/// What the address form sends (all fields; `phone: null` removes the phone on an update).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AddressInput {
    /// Bill-to or ship-to.
    pub kind: AddressKind,
    /// Label.
    pub label: String,
    /// Who receives.
    pub recipient_name: String,
    /// Postal code as typed.
    pub postal_code: String,
    /// Prefecture.
    pub prefecture: String,
    /// 市区町村.
    pub city: String,
    /// 町名・番地.
    pub line1: String,
    /// 建物名.
    pub line2: String,
    /// Phone.
    pub phone: Option<String>,
    /// 担当者.
    pub contact_name: String,
    /// Make it the default of its kind.
    pub is_default: bool,
}

/// Adds an address to a customer; `key` makes a retried click add it once.
pub async fn add_address(
    customer_id: String,
    input: AddressInput,
    key: String,
) -> Result<Address, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        add_customer_address: Address,
    }
    let mut input = serde_json::to_value(input).map_err(|e| ApiError::Decode(e.to_string()))?;
    input["customerId"] = serde_json::Value::String(customer_id);
    input["idempotencyKey"] = serde_json::Value::String(key);
    query::<_, Data>(
        concat!(
            "mutation AddCustomerAddress($input: AddCustomerAddressInput!) { addCustomerAddress(input: $input) ",
            address_fields!(),
            " }"
        ),
        serde_json::json!({ "input": input }),
    )
    .await
    .map(|d| d.add_customer_address)
}

/// Replaces an address's fields with the form's.
pub async fn update_address(id: String, input: AddressInput) -> Result<Address, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        update_customer_address: Address,
    }
    query::<_, Data>(
        concat!(
            "mutation UpdateCustomerAddress($id: ID!, $input: UpdateCustomerAddressInput!) { updateCustomerAddress(id: $id, input: $input) ",
            address_fields!(),
            " }"
        ),
        serde_json::json!({ "id": id, "input": input }),
    )
    .await
    .map(|d| d.update_customer_address)
}

/// Deletes an address.
pub async fn remove_address(id: String) -> Result<(), ApiError> {
    #[derive(Deserialize)]
    struct Data {
        #[serde(rename = "removeCustomerAddress")]
        _removed: bool,
    }
    query::<_, Data>(
        "mutation RemoveCustomerAddress($id: ID!) { removeCustomerAddress(id: $id) }",
        serde_json::json!({ "id": id }),
    )
    .await
    .map(|_| ())
}
