//! The company's own settings: name, time zone, whether prices include tax, and what its
//! documents print (address, phone, registration number).

use serde::{Deserialize, Serialize};

use crate::api::wire::InputVars;
use crate::api::{ApiError, query};

/// The company's own settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompanySettings {
    /// Company name.
    pub name: String,
    /// IANA time zone of business days and dashboards.
    pub time_zone: String,
    /// Whether prices are entered and shown tax-included (総額表示).
    pub prices_include_tax: bool,
    /// Postal address printed on documents, lines separated by newlines.
    pub address: String,
    /// Phone printed on documents.
    pub phone: String,
    /// 適格請求書発行事業者登録番号; `Some("")` clears it when saving.
    pub registration_number: Option<String>,
}

const COMPANY_QUERY: &str = "query Company { me { tenant { name timeZone pricesIncludeTax address phone registrationNumber } } }";
const UPDATE_COMPANY_MUTATION: &str = "mutation UpdateCompany($input: UpdateCompanyInput!) { updateCompany(input: $input) { name timeZone pricesIncludeTax address phone registrationNumber } }";

#[derive(Deserialize)]
struct CompanyData {
    me: CompanyMe,
}

#[derive(Deserialize)]
struct CompanyMe {
    tenant: CompanySettings,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UpdateCompanyData {
    update_company: CompanySettings,
}

/// The company's settings.
pub async fn company() -> Result<CompanySettings, ApiError> {
    query::<_, CompanyData>(COMPANY_QUERY, serde_json::json!({}))
        .await
        .map(|d| d.me.tenant)
}

/// Saves the company's settings.
pub async fn update_company(input: CompanySettings) -> Result<CompanySettings, ApiError> {
    query::<_, UpdateCompanyData>(UPDATE_COMPANY_MUTATION, InputVars { input })
        .await
        .map(|d| d.update_company)
}
