//! The products CSV: checking (a dry run) or importing a file, and exporting every variant.

use serde::{Deserialize, Serialize};

use crate::api::wire::{CsvRowError, InputVars};
use crate::api::{ApiError, query};

const IMPORT_MUTATION: &str = "mutation ImportProducts($input: ImportProductsInput!) { importProducts(input: $input) { rows applied productsCreated variantsCreated variantsUpdated errorCount errors { line column code message } } }";
const EXPORT_PRODUCTS_QUERY: &str = "query ExportProducts { exportProducts }";

/// How the uploaded file is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CsvEncoding {
    /// UTF-8 when valid, else Shift_JIS.
    #[serde(rename = "AUTO")]
    Auto,
    /// UTF-8.
    #[serde(rename = "UTF8")]
    Utf8,
    /// Shift_JIS.
    #[serde(rename = "SHIFT_JIS")]
    ShiftJis,
}

impl CsvEncoding {
    /// All, in menu order.
    pub const ALL: [CsvEncoding; 3] = [CsvEncoding::Auto, CsvEncoding::Utf8, CsvEncoding::ShiftJis];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            CsvEncoding::Auto => "AUTO",
            CsvEncoding::Utf8 => "UTF8",
            CsvEncoding::ShiftJis => "SHIFT_JIS",
        }
    }

    /// From the wire name.
    pub fn parse(text: &str) -> Option<CsvEncoding> {
        Self::ALL.into_iter().find(|e| e.as_str() == text)
    }
}

/// `ImportProductsInput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportInput {
    /// The file, base64.
    pub content: String,
    /// How it is encoded.
    pub encoding: CsvEncoding,
    /// Only check.
    pub dry_run: bool,
}

/// What an import found and did.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductImport {
    /// Data rows.
    pub rows: i64,
    /// Written.
    pub applied: bool,
    /// New products.
    pub products_created: i64,
    /// New variants.
    pub variants_created: i64,
    /// Changed variants.
    pub variants_updated: i64,
    /// Every bad row.
    pub error_count: i64,
    /// The first 500.
    pub errors: Vec<CsvRowError>,
}

/// Checks (`dry_run`) or imports a products CSV.
pub async fn import_products(input: ImportInput) -> Result<ProductImport, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        import_products: ProductImport,
    }
    query::<_, Data>(IMPORT_MUTATION, InputVars { input })
        .await
        .map(|d| d.import_products)
}

/// Every variant as CSV.
pub async fn export_products() -> Result<String, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        export_products: String,
    }
    query::<_, Data>(EXPORT_PRODUCTS_QUERY, ())
        .await
        .map(|d| d.export_products)
}
