//! CSV in and out: `importProducts`, `exportProducts`, `exportStockMovements`.

use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use base64::{Engine, engine::general_purpose::STANDARD};

use crate::graphql::{
    request::guard::{Need, authorize},
    types::{
        errors::ApiError,
        ids::{self, Kind},
    },
};
use crate::{
    services::{
        catalog::spreadsheet::{self, Encoding, ImportReport, RowError},
        stock::inventory::RowFilter,
        stock::ledger_export,
    },
    state::AppState,
};

/// How an uploaded CSV is encoded.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum CsvEncoding {
    /// UTF-8 when valid, Shift_JIS otherwise.
    Auto,
    /// UTF-8 (with or without BOM).
    #[graphql(name = "UTF8")]
    Utf8,
    /// Shift_JIS, as Japanese Excel saves CSV.
    #[graphql(name = "SHIFT_JIS")]
    ShiftJis,
}

/// A products CSV to check or import.
#[derive(InputObject)]
pub struct ImportProductsInput {
    /// The file's bytes, base64-encoded.
    content: String,
    #[graphql(default_with = "CsvEncoding::Auto")]
    encoding: CsvEncoding,
    /// Only validate and report; write nothing.
    #[graphql(default)]
    dry_run: bool,
}

/// One bad row of an import.
#[derive(SimpleObject)]
pub struct CsvRowError {
    /// Line in the file (the header is line 1).
    line: u64,
    /// The column at fault, e.g. `barcode`.
    column: Option<String>,
    /// Stable sub-code, e.g. `barcode.check_digit`.
    code: String,
    message: String,
}

/// What an import found and did. Nothing is written unless every row is valid.
#[derive(SimpleObject)]
pub struct ProductImport {
    rows: u64,
    /// True when the file was written.
    applied: bool,
    products_created: u64,
    variants_created: u64,
    variants_updated: u64,
    /// Every bad row (the first 500 are listed in `errors`).
    error_count: u64,
    errors: Vec<CsvRowError>,
}

impl From<ImportReport> for ProductImport {
    fn from(r: ImportReport) -> Self {
        Self {
            rows: r.rows,
            applied: r.applied,
            products_created: r.products_created,
            variants_created: r.variants_created,
            variants_updated: r.variants_updated,
            error_count: r.error_count,
            errors: r.errors.into_iter().map(CsvRowError::from).collect(),
        }
    }
}

impl From<RowError> for CsvRowError {
    fn from(e: RowError) -> Self {
        Self {
            line: e.line,
            column: e.column,
            code: e.code,
            message: e.message,
        }
    }
}

impl From<CsvEncoding> for Encoding {
    fn from(encoding: CsvEncoding) -> Self {
        match encoding {
            CsvEncoding::Auto => Encoding::Auto,
            CsvEncoding::Utf8 => Encoding::Utf8,
            CsvEncoding::ShiftJis => Encoding::ShiftJis,
        }
    }
}

/// An uploaded file's bytes from its base64 `content`.
pub fn file_bytes(content: &str) -> Result<Vec<u8>, ApiError> {
    STANDARD.decode(content.trim()).map_err(|_| {
        ApiError::validation(
            "content",
            "csv.base64",
            "content must be the file in base64",
        )
    })
}

#[derive(Default)]
pub struct SpreadsheetQuery;

#[Object]
impl SpreadsheetQuery {
    /// Every product variant as a CSV row (UTF-8 with BOM), in the import's columns.
    async fn export_products(&self, ctx: &Context<'_>) -> Result<String> {
        let access = authorize(ctx, Need::CATALOG_READ).await?;
        let state = ctx.data_unchecked::<AppState>();
        Ok(spreadsheet::export(&state.db, &access)
            .await
            .map_err(ApiError::from)?)
    }

    /// The stock ledger as CSV, newest first (at most 100,000 movements).
    async fn export_stock_movements(
        &self,
        ctx: &Context<'_>,
        location_ids: Option<Vec<ID>>,
        variant_ids: Option<Vec<ID>>,
    ) -> Result<String> {
        let access = authorize(ctx, Need::STOCK_READ).await?;
        let state = ctx.data_unchecked::<AppState>();
        let decode = |ids: Option<Vec<ID>>, kind: Kind| {
            ids.map(|ids| {
                ids.iter()
                    .map(|id| ids::decode(kind, id).unwrap_or(uuid::Uuid::nil()))
                    .collect()
            })
        };
        let filter = RowFilter {
            location_ids: decode(location_ids, Kind::Location),
            variant_ids: decode(variant_ids, Kind::ProductVariant),
        };
        Ok(ledger_export::export(&state.db, &access, &filter)
            .await
            .map_err(ApiError::from)?)
    }
}

#[derive(Default)]
pub struct SpreadsheetMutation;

#[Object]
impl SpreadsheetMutation {
    /// Checks a products CSV and, when every row is valid (and not `dryRun`), creates and
    /// updates products in batches of a few hundred rows. Bad rows come back with line and
    /// reason. Should writing stop partway (the database failed), importing the same file
    /// again finishes it: rows are matched by SKU.
    async fn import_products(
        &self,
        ctx: &Context<'_>,
        input: ImportProductsInput,
    ) -> Result<ProductImport> {
        let access = authorize(ctx, Need::CATALOG_WRITE).await?;
        let bytes = file_bytes(&input.content)?;
        let encoding = input.encoding.into();
        let state = ctx.data_unchecked::<AppState>();
        Ok(
            spreadsheet::import(&state.db, &access, &bytes, encoding, input.dry_run)
                .await
                .map_err(ApiError::from)?
                .into(),
        )
    }
}
