//! POS sales from a CSV file: the channels to import into (CSV ones first), and
//! `importSales` (dry run or for real) with the column mapping it used.

use serde::{Deserialize, Serialize};

use crate::api::wire::CsvRowError;
use crate::api::{ApiError, query};

const IMPORT_SALES_MUTATION: &str = "mutation ImportSales($input: ImportSalesInput!) { importSales(input: $input) { receipts imported alreadyImported skipped errorCount errors { line: row column code message } mapping { receiptNumber occurredAt locationCode sku barcode quantity unitPrice discount taxRate paymentMethod } headers } }";

/// The company's channels (not archived), CSV ones first.
pub async fn channels() -> Result<Vec<super::documents::Channel>, ApiError> {
    let mut list = super::documents::channels().await?;
    list.sort_by_key(|c| c.provider != kura_shared::ChannelProvider::Csv);
    Ok(list)
}

/// Which header of the file feeds each field; `None` is "not in the file".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SalesMapping {
    /// Receipt number.
    pub receipt_number: Option<String>,
    /// Date and time.
    pub occurred_at: Option<String>,
    /// Location code.
    pub location_code: Option<String>,
    /// Product code.
    pub sku: Option<String>,
    /// Barcode.
    pub barcode: Option<String>,
    /// Units.
    pub quantity: Option<String>,
    /// Unit price.
    pub unit_price: Option<String>,
    /// Line discount.
    pub discount: Option<String>,
    /// Tax rate.
    pub tax_rate: Option<String>,
    /// Payment method.
    pub payment_method: Option<String>,
}

/// A field of [`SalesMapping`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MappingField {
    /// Receipt number.
    ReceiptNumber,
    /// Date and time.
    OccurredAt,
    /// Location code.
    LocationCode,
    /// Product code.
    Sku,
    /// Barcode.
    Barcode,
    /// Units.
    Quantity,
    /// Unit price.
    UnitPrice,
    /// Line discount.
    Discount,
    /// Tax rate.
    TaxRate,
    /// Payment method.
    PaymentMethod,
}

impl MappingField {
    /// Every field, in the order the page lists them.
    pub const ALL: [MappingField; 10] = [
        MappingField::ReceiptNumber,
        MappingField::OccurredAt,
        MappingField::LocationCode,
        MappingField::Sku,
        MappingField::Barcode,
        MappingField::Quantity,
        MappingField::UnitPrice,
        MappingField::Discount,
        MappingField::TaxRate,
        MappingField::PaymentMethod,
    ];

    /// The API's name for it.
    pub const fn key(self) -> &'static str {
        match self {
            MappingField::ReceiptNumber => "receiptNumber",
            MappingField::OccurredAt => "occurredAt",
            MappingField::LocationCode => "locationCode",
            MappingField::Sku => "sku",
            MappingField::Barcode => "barcode",
            MappingField::Quantity => "quantity",
            MappingField::UnitPrice => "unitPrice",
            MappingField::Discount => "discount",
            MappingField::TaxRate => "taxRate",
            MappingField::PaymentMethod => "paymentMethod",
        }
    }
}

impl SalesMapping {
    fn slot(&mut self, field: MappingField) -> &mut Option<String> {
        match field {
            MappingField::ReceiptNumber => &mut self.receipt_number,
            MappingField::OccurredAt => &mut self.occurred_at,
            MappingField::LocationCode => &mut self.location_code,
            MappingField::Sku => &mut self.sku,
            MappingField::Barcode => &mut self.barcode,
            MappingField::Quantity => &mut self.quantity,
            MappingField::UnitPrice => &mut self.unit_price,
            MappingField::Discount => &mut self.discount,
            MappingField::TaxRate => &mut self.tax_rate,
            MappingField::PaymentMethod => &mut self.payment_method,
        }
    }

    /// The header feeding `field`.
    pub fn get(&self, field: MappingField) -> Option<String> {
        self.clone().slot(field).clone()
    }

    /// Points `field` at `header` (`None`: no column).
    pub fn set(&mut self, field: MappingField, header: Option<String>) {
        *self.slot(field) = header;
    }

    /// The mapping as the API's input: every field present, `""` for "no column", so the
    /// server uses exactly what the page shows.
    fn as_input(&self) -> SalesMapping {
        let mut input = self.clone();
        for field in MappingField::ALL {
            let slot = input.slot(field);
            if slot.is_none() {
                *slot = Some(String::new());
            }
        }
        input
    }
}

/// What an import found and did.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SalesImportResult {
    /// Receipts in the file.
    pub receipts: i64,
    /// Recorded (or, on a dry run, would be).
    pub imported: i64,
    /// Recorded by an earlier import.
    pub already_imported: i64,
    /// Not recorded because of an error.
    pub skipped: i64,
    /// Every error.
    pub error_count: i64,
    /// The first 500.
    pub errors: Vec<CsvRowError>,
    /// The mapping used.
    pub mapping: SalesMapping,
    /// The file's headers.
    pub headers: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ImportInput {
    channel_id: String,
    content: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    mapping: Option<SalesMapping>,
    dry_run: bool,
}

#[derive(Serialize)]
struct Vars {
    input: ImportInput,
}

/// Checks (`dry_run`) or imports a sales CSV; `mapping` replaces the saved or detected one.
pub async fn import_sales(
    channel_id: String,
    content: String,
    mapping: Option<SalesMapping>,
    dry_run: bool,
) -> Result<SalesImportResult, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        import_sales: SalesImportResult,
    }
    let input = ImportInput {
        channel_id,
        content,
        mapping: mapping.map(|m| m.as_input()),
        dry_run,
    };
    query::<_, Data>(IMPORT_SALES_MUTATION, Vars { input })
        .await
        .map(|d| d.import_sales)
}
