//! POS sales from a CSV file: `importSales` and `salesImportMapping`.

use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};

use crate::graphql::{
    catalog::spreadsheet::file_bytes,
    channels::setup::channel_id,
    request::guard::{Need, authorize},
    types::errors::ApiError,
};
use crate::{
    services::sales::import::{self, ImportReport, ImportRequest, Mapping},
    state::AppState,
};

/// Which column of the file feeds each sale field: a header of the file, `""` for none.
/// A field left out keeps the header saved for the channel, or the one detected.
#[derive(InputObject, Default)]
pub struct SalesCsvMappingInput {
    /// Receipt or transaction number (取引番号, レシート番号): one sale per number.
    receipt_number: Option<String>,
    /// Date and time (取引日時), in the company's time zone unless it has an offset.
    occurred_at: Option<String>,
    /// Kura location code (店舗コード); the channel's default location when none.
    location_code: Option<String>,
    /// Product code (商品コード): a SKU, or a barcode when no SKU matches.
    sku: Option<String>,
    /// Barcode (JAN).
    barcode: Option<String>,
    /// Units (数量); returns (negative) are refused.
    quantity: Option<String>,
    /// Unit price (単価); the product's price when none.
    unit_price: Option<String>,
    /// Discount on the line (値引).
    discount: Option<String>,
    /// Tax rate (税率: 10/8, 標準/軽減); the product's tax class when none.
    tax_rate: Option<String>,
    /// Payment method (支払方法: 現金, カード, QR, その他).
    payment_method: Option<String>,
}

impl From<SalesCsvMappingInput> for Mapping {
    fn from(m: SalesCsvMappingInput) -> Self {
        Mapping {
            receipt_number: m.receipt_number,
            occurred_at: m.occurred_at,
            location_code: m.location_code,
            sku: m.sku,
            barcode: m.barcode,
            quantity: m.quantity,
            unit_price: m.unit_price,
            discount: m.discount,
            tax_rate: m.tax_rate,
            payment_method: m.payment_method,
        }
    }
}

/// Which header of the file feeds each sale field (null: none).
#[derive(SimpleObject)]
pub struct SalesCsvMapping {
    receipt_number: Option<String>,
    occurred_at: Option<String>,
    location_code: Option<String>,
    sku: Option<String>,
    barcode: Option<String>,
    quantity: Option<String>,
    unit_price: Option<String>,
    discount: Option<String>,
    tax_rate: Option<String>,
    payment_method: Option<String>,
}

impl From<Mapping> for SalesCsvMapping {
    fn from(m: Mapping) -> Self {
        SalesCsvMapping {
            receipt_number: m.receipt_number,
            occurred_at: m.occurred_at,
            location_code: m.location_code,
            sku: m.sku,
            barcode: m.barcode,
            quantity: m.quantity,
            unit_price: m.unit_price,
            discount: m.discount,
            tax_rate: m.tax_rate,
            payment_method: m.payment_method,
        }
    }
}

/// A POS sales CSV to check or import.
#[derive(InputObject)]
pub struct ImportSalesInput {
    /// The channel the sales came through.
    channel_id: ID,
    /// The file's bytes, base64-encoded (UTF-8 with or without BOM, or Shift_JIS; at most
    /// 5 MB and 20,000 rows).
    content: String,
    /// Columns to use instead of the saved or detected ones.
    mapping: Option<SalesCsvMappingInput>,
    /// Only check and count; write nothing.
    #[graphql(default)]
    dry_run: bool,
}

/// One problem in the file.
#[derive(SimpleObject)]
pub struct SalesImportError {
    /// The row in the file (the header is row 1).
    row: u64,
    /// The file's header of the column at fault.
    column: Option<String>,
    /// Stable sub-code, e.g. `sale.unknown_item`.
    code: String,
    message: String,
}

/// What an import found and did.
#[derive(SimpleObject)]
pub struct SalesImportResult {
    /// Receipts in the file.
    receipts: u64,
    /// Receipts recorded now (on a dry run: that would be).
    imported: u64,
    /// Receipts an earlier import recorded: left as they are.
    already_imported: u64,
    /// Receipts not recorded because of an error in one of their rows.
    skipped: u64,
    /// The errors (the first 500 of `errorCount`).
    errors: Vec<SalesImportError>,
    error_count: u64,
    /// The mapping used (saved for the channel after a real import).
    mapping: SalesCsvMapping,
    /// The file's headers, in order.
    headers: Vec<String>,
}

impl From<ImportReport> for SalesImportResult {
    fn from(r: ImportReport) -> Self {
        SalesImportResult {
            receipts: r.receipts,
            imported: r.imported,
            already_imported: r.already_imported,
            skipped: r.skipped,
            errors: r
                .errors
                .into_iter()
                .map(|e| SalesImportError {
                    row: e.row,
                    column: e.column,
                    code: e.code,
                    message: e.message,
                })
                .collect(),
            error_count: r.error_count,
            mapping: r.mapping.into(),
            headers: r.headers,
        }
    }
}

#[derive(Default)]
pub struct SalesImportQuery;

#[Object]
impl SalesImportQuery {
    /// The CSV mapping the channel's last import used, if it had one.
    async fn sales_import_mapping(
        &self,
        ctx: &Context<'_>,
        channel_id: ID,
    ) -> Result<Option<SalesCsvMapping>> {
        let access = authorize(ctx, Need::SALES_READ).await?;
        let state = ctx.data_unchecked::<AppState>();
        let id = self::channel_id(&channel_id)?;
        Ok(import::saved_mapping(&state.db, &access, id)
            .await
            .map_err(ApiError::from)?
            .map(Into::into))
    }
}

#[derive(Default)]
pub struct SalesImportMutation;

#[Object]
impl SalesImportMutation {
    /// Imports a POS's sales CSV: one sale per receipt number, recorded with that number
    /// as its `externalId`, so a second import of the same file changes nothing. Receipts
    /// with a bad row are skipped and listed by row; the others are recorded.
    async fn import_sales(
        &self,
        ctx: &Context<'_>,
        input: ImportSalesInput,
    ) -> Result<SalesImportResult> {
        let access = authorize(ctx, Need::SALES_WRITE).await?;
        let channel_id = channel_id(&input.channel_id)?;
        let content = file_bytes(&input.content)?;
        let state = ctx.data_unchecked::<AppState>();
        Ok(import::import(
            &state.db,
            &access,
            ImportRequest {
                channel_id,
                content,
                mapping: input.mapping.map(Into::into),
                dry_run: input.dry_run,
            },
        )
        .await
        .map_err(ApiError::from)?
        .into())
    }
}
