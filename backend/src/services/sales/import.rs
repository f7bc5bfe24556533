//! POS sales from a CSV export, for registers Kura has no integration with.
//!
//! One row is one sale line; rows with the same receipt number form one sale, recorded
//! through [`documents::record`] with the receipt number as its `externalId`, so importing the
//! same file twice changes nothing the second time. Every row is checked before anything
//! is written; a receipt with a bad row is skipped and reported row by row while the other
//! receipts still import. Which header feeds which field is detected from the common
//! Japanese and English headings, may be overridden, and is remembered per channel (in the
//! channel's settings under `csvMapping`) for the next file from the same register.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use kura_shared::{
    CurrencyCode, Money, PaymentMethod, RoundingMode, TaxBreakdown, TaxRate, ValidationError,
    line_amount,
};
use sea_orm::{ColumnTrait, DatabaseConnection, QueryFilter, sea_query::Expr};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::services::{
    ServiceError,
    access::Access,
    catalog::{
        products::VariantLookup,
        spreadsheet::{self, Encoding},
    },
    channels::setup,
    sales::documents::{self, MAX_LINES, MAX_QUANTITY, NewPayment, NewSale, NewSaleLine},
};
use crate::store::tenant::{
    TenantTx,
    records::{channel, location, product, product_variant, sale},
};

/// Largest file accepted, in bytes.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// Most data rows one file may hold.
pub const MAX_ROWS: usize = 20_000;
/// Most errors listed (the rest are counted).
const MAX_REPORTED: usize = 500;
/// The key of the saved mapping in `channels.settings`.
const SETTINGS_KEY: &str = "csvMapping";
/// How many values go into one `IN (…)` list.
const CHUNK: usize = 500;
/// How far in the future a till's clock may be (as [`documents::record`] allows).
const CLOCK_SKEW_MINUTES: i64 = 15;

/// A sale field a CSV column can feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    /// The receipt or transaction number: the sale's `externalId`.
    ReceiptNumber,
    /// When it was sold, in the company's time zone unless the text has an offset.
    OccurredAt,
    /// The Kura location code; the channel's default location when absent.
    LocationCode,
    /// The product code: a SKU, or a barcode when no SKU matches.
    Sku,
    /// The barcode (JAN): a barcode, or a SKU when no barcode matches.
    Barcode,
    /// Units sold.
    Quantity,
    /// Price of one unit; the product's price when absent.
    UnitPrice,
    /// Discount on the whole line.
    Discount,
    /// 10 / 8, 標準 / 軽減; the product's tax class when absent.
    TaxRate,
    /// 現金, カード, QR, ポイント, その他.
    PaymentMethod,
}

impl Field {
    /// Every field, in the order a mapping lists them.
    pub const ALL: [Field; 10] = [
        Field::ReceiptNumber,
        Field::OccurredAt,
        Field::LocationCode,
        Field::Sku,
        Field::Barcode,
        Field::Quantity,
        Field::UnitPrice,
        Field::Discount,
        Field::TaxRate,
        Field::PaymentMethod,
    ];

    /// Its name in the API and in the saved mapping.
    pub const fn key(self) -> &'static str {
        match self {
            Field::ReceiptNumber => "receiptNumber",
            Field::OccurredAt => "occurredAt",
            Field::LocationCode => "locationCode",
            Field::Sku => "sku",
            Field::Barcode => "barcode",
            Field::Quantity => "quantity",
            Field::UnitPrice => "unitPrice",
            Field::Discount => "discount",
            Field::TaxRate => "taxRate",
            Field::PaymentMethod => "paymentMethod",
        }
    }

    /// Headings POS exports use for it, compared after [`normalize`]; the most specific
    /// first, since the first header matching any alias wins.
    const fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::ReceiptNumber => &[
                "取引番号",
                "取引id",
                "取引no",
                "レシート番号",
                "レシートno",
                "伝票番号",
                "伝票no",
                "会計番号",
                "receiptnumber",
                "receiptno",
                "receipt",
                "transactionid",
                "transactionnumber",
                "transactionno",
            ],
            Field::OccurredAt => &[
                "取引日時",
                "売上日時",
                "販売日時",
                "会計日時",
                "日時",
                "取引日",
                "売上日",
                "日付",
                "occurredat",
                "datetime",
                "transactiondate",
                "soldat",
                "date",
            ],
            Field::LocationCode => &[
                "店舗コード",
                "店舗番号",
                "店舗id",
                "ロケーションコード",
                "storecode",
                "locationcode",
                "storeid",
                "store",
                "location",
            ],
            Field::Sku => &[
                "商品コード",
                "品番",
                "sku",
                "商品id",
                "productcode",
                "itemcode",
            ],
            Field::Barcode => &["jan", "janコード", "バーコード", "barcode", "ean", "upc"],
            Field::Quantity => &[
                "数量",
                "売上数量",
                "販売数量",
                "個数",
                "点数",
                "quantity",
                "qty",
            ],
            Field::UnitPrice => &["単価", "販売単価", "売価", "価格", "unitprice", "price"],
            Field::Discount => &[
                "値引",
                "値引額",
                "値引き",
                "値引金額",
                "割引",
                "割引額",
                "discount",
            ],
            Field::TaxRate => &["税率", "税区分", "taxrate", "tax"],
            Field::PaymentMethod => &[
                "支払方法",
                "支払い方法",
                "支払区分",
                "決済方法",
                "支払",
                "paymentmethod",
                "payment",
                "tender",
            ],
        }
    }
}

/// Which header of the file feeds each field (`None`: not in the file).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Mapping {
    /// Receipt or transaction number.
    pub receipt_number: Option<String>,
    /// Date and time of the sale.
    pub occurred_at: Option<String>,
    /// Kura location code.
    pub location_code: Option<String>,
    /// Product code (SKU).
    pub sku: Option<String>,
    /// Barcode (JAN).
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

impl Mapping {
    /// The header feeding `field`.
    pub fn get(&self, field: Field) -> Option<&str> {
        self.slot(field).as_deref()
    }

    fn slot(&self, field: Field) -> &Option<String> {
        match field {
            Field::ReceiptNumber => &self.receipt_number,
            Field::OccurredAt => &self.occurred_at,
            Field::LocationCode => &self.location_code,
            Field::Sku => &self.sku,
            Field::Barcode => &self.barcode,
            Field::Quantity => &self.quantity,
            Field::UnitPrice => &self.unit_price,
            Field::Discount => &self.discount,
            Field::TaxRate => &self.tax_rate,
            Field::PaymentMethod => &self.payment_method,
        }
    }

    fn slot_mut(&mut self, field: Field) -> &mut Option<String> {
        match field {
            Field::ReceiptNumber => &mut self.receipt_number,
            Field::OccurredAt => &mut self.occurred_at,
            Field::LocationCode => &mut self.location_code,
            Field::Sku => &mut self.sku,
            Field::Barcode => &mut self.barcode,
            Field::Quantity => &mut self.quantity,
            Field::UnitPrice => &mut self.unit_price,
            Field::Discount => &mut self.discount,
            Field::TaxRate => &mut self.tax_rate,
            Field::PaymentMethod => &mut self.payment_method,
        }
    }

    /// The mapping guessed from the headers' names.
    pub fn detect(headers: &[String]) -> Mapping {
        let normalized: Vec<String> = headers.iter().map(|h| normalize(h)).collect();
        let mut mapping = Mapping::default();
        let mut taken = BTreeSet::new();
        for field in Field::ALL {
            let found = field.aliases().iter().find_map(|alias| {
                normalized
                    .iter()
                    .position(|h| h == alias)
                    .filter(|i| !taken.contains(i))
            });
            if let Some(i) = found {
                taken.insert(i);
                *mapping.slot_mut(field) = Some(headers[i].clone());
            }
        }
        mapping
    }
}

/// A heading as compared with the aliases: lower case, without spaces, `_`, `-`, `.`, `#`
/// or a BOM, so `Receipt No.` and `receipt_no` match alike.
fn normalize(header: &str) -> String {
    header
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '.' | '#' | '\u{feff}'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// One problem with one row (or with the header, row 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The row in the file, the header being row 1.
    pub row: u64,
    /// The file's header of the column at fault (or the field, when it has no column).
    pub column: Option<String>,
    /// Stable sub-code, e.g. `sale.unknown_item`.
    pub code: String,
    /// What is wrong.
    pub message: String,
}

/// A file to import.
#[derive(Debug, Clone)]
pub struct ImportRequest {
    /// The channel the sales came through.
    pub channel_id: Uuid,
    /// The file's bytes.
    pub content: Vec<u8>,
    /// Headers to use instead of the saved or detected ones: `Some("")` maps nothing to a
    /// field, `None` keeps the saved or detected header.
    pub mapping: Option<Mapping>,
    /// Only check and count; write nothing (not even the mapping).
    pub dry_run: bool,
}

/// What an import found and did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Receipts in the file.
    pub receipts: u64,
    /// Receipts recorded now (on a dry run: that would be).
    pub imported: u64,
    /// Receipts recorded by an earlier import: left as they are.
    pub already_imported: u64,
    /// Receipts not recorded because of an error.
    pub skipped: u64,
    /// The errors (up to 500).
    pub errors: Vec<RowError>,
    /// All errors, listed or not.
    pub error_count: u64,
    /// The mapping used.
    pub mapping: Mapping,
    /// The file's headers, in order.
    pub headers: Vec<String>,
}

impl ImportReport {
    fn error(&mut self, row: u64, column: Option<&str>, code: &str, message: impl Into<String>) {
        self.error_count += 1;
        if self.errors.len() < MAX_REPORTED {
            self.errors.push(RowError {
                row,
                column: column.map(str::to_owned),
                code: code.to_owned(),
                message: message.into(),
            });
        }
    }
}

fn invalid(code: &'static str, message: impl Into<String>) -> ServiceError {
    ValidationError::new(code, message)
        .with_field("content")
        .into()
}

/// The mapping saved for `channel_id` by its last import, if any.
pub async fn saved_mapping(
    db: &DatabaseConnection,
    access: &Access,
    channel_id: Uuid,
) -> Result<Option<Mapping>, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let record = setup::load(&tx, channel_id).await?;
    tx.commit().await?;
    Ok(read_saved(&record.channel.settings))
}

fn read_saved(settings: &str) -> Option<Mapping> {
    let settings: serde_json::Value = serde_json::from_str(settings).ok()?;
    serde_json::from_value(settings.get(SETTINGS_KEY)?.clone()).ok()
}

/// Stores `mapping` under [`SETTINGS_KEY`], keeping the channel's other settings.
async fn save_mapping(
    db: &DatabaseConnection,
    access: &Access,
    channel_id: Uuid,
    mapping: &Mapping,
) -> Result<(), ServiceError> {
    let tx = TenantTx::write(db, access.tenant_id).await?;
    let record = setup::load(&tx, channel_id).await?;
    let mut settings: serde_json::Value =
        serde_json::from_str(&record.channel.settings).unwrap_or_else(|_| serde_json::json!({}));
    if !settings.is_object() {
        settings = serde_json::json!({});
    }
    let value = serde_json::to_value(mapping).map_err(ServiceError::internal)?;
    if settings.get(SETTINGS_KEY) == Some(&value) {
        return Ok(());
    }
    settings[SETTINGS_KEY] = value;
    tx.update::<channel::Model>()
        .col_expr(channel::Column::Settings, Expr::value(settings.to_string()))
        .col_expr(channel::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(channel::Column::Id.eq(channel_id))
        .exec(tx.conn())
        .await?;
    tx.commit().await?;
    Ok(())
}

/// What the import needs to know about the company and the channel.
struct Context {
    channel_name: String,
    location_ids: Vec<Uuid>,
    saved: Option<Mapping>,
    time_zone: Tz,
    currency: CurrencyCode,
    prices_include_tax: bool,
    rounding: RoundingMode,
    locations_by_code: HashMap<String, Uuid>,
}

async fn context(tx: &TenantTx, channel_id: Uuid) -> Result<Context, ServiceError> {
    let record = setup::load(tx, channel_id).await?;
    if record.channel.archived_at.is_some() {
        return Err(ServiceError::Conflict {
            message: format!("The channel {} is archived", record.channel.name),
            field: Some("channelId"),
        });
    }
    let company = tx.company().await?;
    let locations_by_code = tx
        .select::<location::Model>()
        .filter(location::Column::Id.is_in(record.location_ids.clone()))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|l| (l.code.to_ascii_uppercase(), l.id))
        .collect();
    Ok(Context {
        channel_name: record.channel.name.clone(),
        saved: read_saved(&record.channel.settings),
        location_ids: record.location_ids,
        time_zone: company.time_zone.parse().unwrap_or(chrono_tz::Asia::Tokyo),
        currency: company.currency_code,
        prices_include_tax: company.prices_include_tax,
        rounding: company.tax_rounding,
        locations_by_code,
    })
}

/// Reads, checks and (unless a dry run) records the file's receipts.
pub async fn import(
    db: &DatabaseConnection,
    access: &Access,
    request: ImportRequest,
) -> Result<ImportReport, ServiceError> {
    if request.content.len() > MAX_BYTES {
        return Err(invalid(
            "csv.too_large",
            format!("A file has at most {} MB", MAX_BYTES / 1024 / 1024),
        ));
    }
    let text = spreadsheet::decode(&request.content, Encoding::Auto)?;
    let (headers, records) = read_csv(&text)?;

    let tx = TenantTx::read(db, access.tenant_id).await?;
    let ctx = context(&tx, request.channel_id).await?;
    let mut report = ImportReport {
        headers: headers.clone(),
        ..ImportReport::default()
    };
    report.mapping = resolve_mapping(&headers, request.mapping.as_ref(), ctx.saved.as_ref());
    check_mapping(&headers, &mut report);
    if report.error_count > 0 {
        tx.commit().await?;
        return Ok(report);
    }
    let columns = Columns::new(&headers, &report.mapping);

    let mut row_errors: Vec<RowError> = Vec::new();
    let rows: Vec<Row> = records
        .iter()
        .map(|(line, record)| parse_row(*line, record, &columns, &ctx, &mut row_errors))
        .collect();
    let variants = find_variants(&tx, &rows).await?;
    let receipts = group(&rows);
    let done = already_imported(&tx, request.channel_id, &receipts).await?;
    tx.commit().await?;

    let read = Read {
        rows: &rows,
        variants: &variants,
        columns: &columns,
        ctx: &ctx,
        channel_id: request.channel_id,
    };
    let (pending, mut errors) = read.plan(&receipts, &done, row_errors, &mut report);
    if request.dry_run {
        report.imported += u64::try_from(pending.len()).unwrap_or(u64::MAX);
    } else {
        record_all(db, access, pending, &mut report, &mut errors).await?;
    }
    errors.sort_by_key(|e| e.row);
    for e in errors {
        report.error(e.row, e.column.as_deref(), &e.code, e.message);
    }
    if !request.dry_run {
        save_mapping(db, access, request.channel_id, &report.mapping).await?;
    }
    Ok(report)
}

/// The file as read and checked, with what the database knew about it.
struct Read<'a> {
    rows: &'a [Row],
    variants: &'a Variants,
    columns: &'a Columns,
    ctx: &'a Context,
    channel_id: Uuid,
}

impl Read<'_> {
    /// The sales to record, each with its first row, and the errors to report. A receipt
    /// imported earlier is left alone, whatever its rows say now; one with a bad row is
    /// skipped.
    fn plan(
        &self,
        receipts: &[(String, Vec<usize>)],
        done: &BTreeSet<String>,
        row_errors: Vec<RowError>,
        report: &mut ImportReport,
    ) -> (Vec<(u64, NewSale)>, Vec<RowError>) {
        report.receipts = u64::try_from(receipts.len()).unwrap_or(u64::MAX);
        let receipt_of: HashMap<u64, &str> = self
            .rows
            .iter()
            .filter_map(|r| Some((r.line, r.receipt.as_deref()?)))
            .collect();
        let mut errors: Vec<RowError> = row_errors
            .into_iter()
            .filter(|e| receipt_of.get(&e.row).is_none_or(|r| !done.contains(*r)))
            .collect();
        let failed: BTreeSet<&str> = errors
            .iter()
            .filter_map(|e| receipt_of.get(&e.row).copied())
            .collect();
        let mut pending = Vec::new();
        for (receipt, indexes) in receipts {
            if done.contains(receipt) {
                report.already_imported += 1;
                continue;
            }
            let lines: Vec<&Row> = indexes.iter().map(|&i| &self.rows[i]).collect();
            let built = build_sale(
                receipt,
                &lines,
                self.variants,
                self.columns,
                self.ctx,
                self.channel_id,
            );
            match built {
                Ok(sale) if !failed.contains(receipt.as_str()) => {
                    pending.push((lines[0].line, sale))
                }
                Ok(_) => report.skipped += 1,
                Err(mut problems) => {
                    report.skipped += 1;
                    errors.append(&mut problems);
                }
            }
        }
        (pending, errors)
    }
}

/// Records each sale; one the rules refuse is skipped and reported at its first row.
async fn record_all(
    db: &DatabaseConnection,
    access: &Access,
    pending: Vec<(u64, NewSale)>,
    report: &mut ImportReport,
    errors: &mut Vec<RowError>,
) -> Result<(), ServiceError> {
    for (first_line, sale) in pending {
        let receipt = sale.external_id.clone().unwrap_or_default();
        match documents::record(db, access, sale).await {
            Ok(recorded) if recorded.replayed => report.already_imported += 1,
            Ok(_) => report.imported += 1,
            Err(
                e @ (ServiceError::Validation(_)
                | ServiceError::Conflict { .. }
                | ServiceError::NotFound(_)
                | ServiceError::Forbidden(_)),
            ) => {
                report.skipped += 1;
                errors.push(RowError {
                    row: first_line,
                    column: None,
                    code: error_code(&e).to_owned(),
                    message: format!("Receipt {receipt}: {e}"),
                });
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

fn error_code(error: &ServiceError) -> &'static str {
    match error {
        ServiceError::Validation(v) => v.code,
        ServiceError::Conflict { .. } => "conflict",
        ServiceError::NotFound(_) => "not_found",
        _ => "forbidden",
    }
}

type Records = Vec<(u64, csv::StringRecord)>;

/// The header and the non-empty data rows with their row numbers; too many rows, or a file
/// that is not CSV, refuses the whole file.
fn read_csv(text: &str) -> Result<(Vec<String>, Records), ServiceError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| invalid("csv.syntax", e.to_string()))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_owned())
        .collect();
    if headers.iter().all(String::is_empty) {
        return Err(invalid("csv.empty", "The file has no header row"));
    }
    let mut records = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let row = e.position().map(|p| p.line()).unwrap_or(0);
            invalid("csv.syntax", format!("Row {row}: {e}"))
        })?;
        if record.iter().all(str::is_empty) {
            continue;
        }
        if records.len() >= MAX_ROWS {
            return Err(invalid(
                "csv.too_many_rows",
                format!("A file has at most {MAX_ROWS} rows; split it"),
            ));
        }
        let row = record.position().map(|p| p.line()).unwrap_or(0);
        records.push((row, record));
    }
    Ok((headers, records))
}

/// Per field: the caller's header, else the saved one (when the file has it), else the
/// detected one.
fn resolve_mapping(
    headers: &[String],
    given: Option<&Mapping>,
    saved: Option<&Mapping>,
) -> Mapping {
    let detected = Mapping::detect(headers);
    let mut mapping = Mapping::default();
    for field in Field::ALL {
        let from_given = given.and_then(|m| m.get(field)).map(str::trim);
        let chosen = match from_given {
            Some("") => None,
            Some(header) => Some(header.to_owned()),
            None => saved
                .and_then(|m| m.get(field))
                .filter(|h| headers.iter().any(|x| x == h))
                .or_else(|| detected.get(field))
                .map(str::to_owned),
        };
        *mapping.slot_mut(field) = chosen;
    }
    mapping
}

fn check_mapping(headers: &[String], report: &mut ImportReport) {
    for field in Field::ALL {
        if let Some(header) = report.mapping.get(field)
            && !headers.iter().any(|h| h == header)
        {
            let message = format!("The file has no column {header} (for {})", field.key());
            report.error(1, Some(field.key()), "csv.unknown_column", message);
        }
    }
    for field in [Field::ReceiptNumber, Field::OccurredAt, Field::Quantity] {
        if report.mapping.get(field).is_none() {
            report.error(
                1,
                Some(field.key()),
                "csv.missing_column",
                format!("Choose the column holding {}", field.key()),
            );
        }
    }
    if report.mapping.sku.is_none() && report.mapping.barcode.is_none() {
        report.error(
            1,
            Some(Field::Sku.key()),
            "csv.missing_column",
            "Choose the column holding the product code (sku) or the barcode",
        );
    }
}

/// Where each field sits in a record.
struct Columns {
    index: BTreeMap<Field, (usize, String)>,
}

impl Columns {
    fn new(headers: &[String], mapping: &Mapping) -> Columns {
        let index = Field::ALL
            .into_iter()
            .filter_map(|field| {
                let header = mapping.get(field)?;
                let i = headers.iter().position(|h| h == header)?;
                Some((field, (i, header.to_owned())))
            })
            .collect();
        Columns { index }
    }

    fn cell<'r>(&self, record: &'r csv::StringRecord, field: Field) -> &'r str {
        self.index
            .get(&field)
            .and_then(|(i, _)| record.get(*i))
            .unwrap_or_default()
    }

    /// The header to name in an error about `field`.
    fn name(&self, field: Field) -> String {
        self.index
            .get(&field)
            .map_or_else(|| field.key().to_owned(), |(_, h)| h.clone())
    }
}

/// A row, parsed as far as it goes.
#[derive(Debug, Clone)]
struct Row {
    line: u64,
    receipt: Option<String>,
    occurred_at: Option<DateTime<Utc>>,
    location_id: Option<Uuid>,
    /// `(code, looked up first as a SKU)`.
    item: Option<(String, bool)>,
    quantity: Option<i64>,
    unit_price: Option<i64>,
    discount: i64,
    tax_rate: Option<TaxRate>,
    payment: Option<PaymentMethod>,
}

/// What is wrong with one cell.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Problem {
    field: Field,
    code: &'static str,
    message: String,
}

impl Problem {
    fn new(field: Field, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            code,
            message: message.into(),
        }
    }
}

/// A cell's value, or nothing with its problem noted.
fn keep<T>(parsed: Result<T, Problem>, problems: &mut Vec<Problem>) -> Option<T> {
    parsed.map_err(|problem| problems.push(problem)).ok()
}

/// Reads one row as far as it goes; every problem is added to `errors`, in column order.
fn parse_row(
    line: u64,
    record: &csv::StringRecord,
    columns: &Columns,
    ctx: &Context,
    errors: &mut Vec<RowError>,
) -> Row {
    let cell = |field: Field| columns.cell(record, field);
    let mut problems = Vec::new();
    let row = Row {
        line,
        receipt: keep(receipt(cell(Field::ReceiptNumber)), &mut problems),
        occurred_at: keep(
            occurred_at(cell(Field::OccurredAt), ctx.time_zone),
            &mut problems,
        ),
        location_id: keep(location(cell(Field::LocationCode), ctx), &mut problems).flatten(),
        item: keep(
            item(cell(Field::Sku), cell(Field::Barcode), columns),
            &mut problems,
        ),
        quantity: keep(
            parse_quantity(cell(Field::Quantity))
                .map_err(|(code, message)| Problem::new(Field::Quantity, code, message)),
            &mut problems,
        ),
        unit_price: keep(
            unit_price(cell(Field::UnitPrice), ctx.currency),
            &mut problems,
        )
        .flatten(),
        discount: keep(discount(cell(Field::Discount), ctx.currency), &mut problems).unwrap_or(0),
        tax_rate: keep(tax_rate(cell(Field::TaxRate)), &mut problems).flatten(),
        payment: payment(cell(Field::PaymentMethod), &mut problems),
    };
    errors.extend(problems.into_iter().map(|p| RowError {
        row: line,
        column: Some(columns.name(p.field)),
        code: p.code.to_owned(),
        message: p.message,
    }));
    row
}

fn receipt(text: &str) -> Result<String, Problem> {
    let field = Field::ReceiptNumber;
    if text.is_empty() {
        Err(Problem::new(
            field,
            "receipt.missing",
            "Every row needs its receipt number",
        ))
    } else if text.chars().count() > 200 {
        Err(Problem::new(
            field,
            "text.too_long",
            "A receipt number has at most 200 characters",
        ))
    } else {
        Ok(text.to_owned())
    }
}

fn occurred_at(text: &str, zone: Tz) -> Result<DateTime<Utc>, Problem> {
    let field = Field::OccurredAt;
    match parse_time(text, zone) {
        Some(at) if at > Utc::now() + chrono::Duration::minutes(CLOCK_SKEW_MINUTES) => Err(
            Problem::new(field, "sale.future", "A sale cannot be in the future"),
        ),
        Some(at) => Ok(at),
        None => Err(Problem::new(
            field,
            "date.format",
            format!("Not a date and time: \"{text}\" (e.g. 2026/11/27 14:05)"),
        )),
    }
}

/// The location a code names among the channel's; the channel's first without a code.
fn location(code: &str, ctx: &Context) -> Result<Option<Uuid>, Problem> {
    if code.is_empty() {
        return Ok(ctx.location_ids.first().copied());
    }
    match ctx.locations_by_code.get(&code.to_ascii_uppercase()) {
        Some(id) => Ok(Some(*id)),
        None => Err(Problem::new(
            Field::LocationCode,
            "sale.location_not_in_channel",
            format!(
                "No location with the code {code} sells for {}",
                ctx.channel_name
            ),
        )),
    }
}

/// `(code, looked up first as a SKU)`: the SKU cell when filled, else the barcode.
fn item(sku: &str, barcode: &str, columns: &Columns) -> Result<(String, bool), Problem> {
    match (sku, barcode) {
        ("", "") => {
            let field = if columns.index.contains_key(&Field::Sku) {
                Field::Sku
            } else {
                Field::Barcode
            };
            Err(Problem::new(
                field,
                "sale.item",
                "Every row needs its product code or barcode",
            ))
        }
        ("", barcode) => Ok((barcode.to_owned(), false)),
        (sku, _) => Ok((sku.to_owned(), true)),
    }
}

fn unit_price(text: &str, currency: CurrencyCode) -> Result<Option<i64>, Problem> {
    if text.is_empty() {
        return Ok(None);
    }
    match parse_money(text, currency) {
        Some(price) if price >= 0 => Ok(Some(price)),
        _ => Err(Problem::new(
            Field::UnitPrice,
            "money.format",
            format!("Not a price: \"{text}\""),
        )),
    }
}

/// POS exports write discounts as either 100 or -100: both take 100 off. The magnitude is
/// taken unsigned: the most negative amount has no positive i64.
fn discount(text: &str, currency: CurrencyCode) -> Result<i64, Problem> {
    if text.is_empty() {
        return Ok(0);
    }
    match parse_money(text, currency).map(|d| i64::try_from(d.unsigned_abs())) {
        Some(Ok(discount)) => Ok(discount),
        Some(Err(_)) => Err(Problem::new(
            Field::Discount,
            "money.overflow",
            format!("Too large an amount: \"{text}\""),
        )),
        None => Err(Problem::new(
            Field::Discount,
            "money.format",
            format!("Not an amount: \"{text}\""),
        )),
    }
}

fn tax_rate(text: &str) -> Result<Option<TaxRate>, Problem> {
    if text.is_empty() {
        return Ok(None);
    }
    parse_tax_rate(text).map(Some).ok_or_else(|| {
        Problem::new(
            Field::TaxRate,
            "tax_rate.unknown",
            format!("Not a tax rate: \"{text}\" (10, 8, 標準 or 軽減)"),
        )
    })
}

/// The row's payment method. Points are noted as a problem but kept, so a receipt mixing
/// them with another method is reported as mixed too.
fn payment(text: &str, problems: &mut Vec<Problem>) -> Option<PaymentMethod> {
    if text.is_empty() {
        return None;
    }
    let method = parse_payment(text);
    if method == PaymentMethod::Points {
        problems.push(Problem::new(
            Field::PaymentMethod,
            "points.no_customer",
            "Paying with points needs the customer, which a CSV import cannot name",
        ));
    }
    Some(method)
}

/// A date and time in the common POS spellings; without an offset it is wall-clock time
/// in `zone`.
pub fn parse_time(text: &str, zone: Tz) -> Option<DateTime<Utc>> {
    const WITH_TIME: &[&str] = &[
        "%Y/%m/%d %H:%M:%S%.f",
        "%Y/%m/%d %H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y.%m.%d %H:%M:%S",
        "%Y.%m.%d %H:%M",
        "%Y年%m月%d日 %H:%M:%S",
        "%Y年%m月%d日 %H:%M",
        "%Y年%m月%d日 %H時%M分",
        "%Y%m%d%H%M%S",
    ];
    const DATE_ONLY: &[&str] = &["%Y/%m/%d", "%Y-%m-%d", "%Y年%m月%d日", "%Y%m%d"];
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(at.with_timezone(&Utc));
    }
    let naive = WITH_TIME
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .or_else(|| {
            DATE_ONLY
                .iter()
                .find_map(|f| NaiveDate::parse_from_str(text, f).ok())
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })?;
    zone.from_local_datetime(&naive)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
}

fn parse_quantity(text: &str) -> Result<i64, (&'static str, String)> {
    let cleaned: String = text.chars().filter(|c| *c != ',').collect();
    let cleaned = cleaned.strip_suffix(".0").unwrap_or(&cleaned);
    let quantity: i64 = cleaned
        .parse()
        .map_err(|_| ("quantity.format", format!("Not a whole number: \"{text}\"")))?;
    if quantity < 0 {
        return Err((
            "quantity.negative",
            "Returns cannot be imported from a file: record them against their sale in Kura".into(),
        ));
    }
    if !(1..=MAX_QUANTITY).contains(&quantity) {
        return Err((
            "quantity.range",
            format!("A line sells 1 to {MAX_QUANTITY} units"),
        ));
    }
    Ok(quantity)
}

/// An amount in minor units, allowing `¥`, `円` and thousands separators.
fn parse_money(text: &str, currency: CurrencyCode) -> Option<i64> {
    let cleaned: String = text
        .chars()
        .filter(|c| !matches!(c, ',' | '¥' | '￥' | '円' | '\\') && !c.is_whitespace())
        .collect();
    Money::parse_decimal(&cleaned, currency)
        .ok()
        .map(|m| m.amount_minor)
}

fn parse_tax_rate(text: &str) -> Option<TaxRate> {
    let t = normalize(text);
    let t = t.trim_start_matches('※');
    let number = t.trim_end_matches('%');
    match number {
        "10" | "10.0" | "10.00" | "0.1" | "0.10" | "標準" | "標準税率" | "standard" => {
            Some(TaxRate::Standard)
        }
        "8" | "8.0" | "8.00" | "0.08" | "軽減" | "軽減税率" | "reduced" => {
            Some(TaxRate::Reduced)
        }
        _ => None,
    }
}

/// The payment methods POS exports name; anything else (電子マネー, 商品券, …) is OTHER.
fn parse_payment(text: &str) -> PaymentMethod {
    let t = normalize(text);
    match t.as_str() {
        "現金" | "cash" => PaymentMethod::Cash,
        "カード"
        | "クレジット"
        | "クレジットカード"
        | "デビット"
        | "デビットカード"
        | "card"
        | "credit"
        | "creditcard"
        | "debit" => PaymentMethod::Card,
        "qr" | "qrコード" | "qr決済" | "コード決済" | "paypay" => PaymentMethod::Qr,
        "ポイント" | "point" | "points" => PaymentMethod::Points,
        _ => PaymentMethod::Other,
    }
}

/// The variants the rows name, by code: a SKU first, then a barcode (or the other way
/// round for the barcode column), with their products.
struct Variants {
    by_sku: HashMap<String, (product_variant::Model, TaxRate)>,
    by_barcode: HashMap<String, (product_variant::Model, TaxRate)>,
}

impl Variants {
    fn find(&self, code: &str, sku_first: bool) -> Option<&(product_variant::Model, TaxRate)> {
        if sku_first {
            self.by_sku.get(code).or_else(|| self.by_barcode.get(code))
        } else {
            self.by_barcode.get(code).or_else(|| self.by_sku.get(code))
        }
    }
}

async fn find_variants(tx: &TenantTx, rows: &[Row]) -> Result<Variants, ServiceError> {
    let codes: BTreeSet<String> = rows
        .iter()
        .filter_map(|r| r.item.as_ref().map(|(code, _)| code.clone()))
        .collect();
    let codes: Vec<String> = codes.into_iter().collect();
    let mut found = Vec::new();
    for chunk in codes.chunks(CHUNK) {
        for column in [
            product_variant::Column::Sku,
            product_variant::Column::Barcode,
        ] {
            found.extend(
                tx.select::<product_variant::Model>()
                    .filter(column.is_in(chunk.iter().cloned()))
                    .all(tx.conn())
                    .await?,
            );
        }
    }
    let product_ids: BTreeSet<Uuid> = found.iter().map(|v| v.product_id).collect();
    let product_ids: Vec<Uuid> = product_ids.into_iter().collect();
    let mut tax: HashMap<Uuid, TaxRate> = HashMap::new();
    for chunk in product_ids.chunks(CHUNK) {
        for p in tx
            .select::<product::Model>()
            .filter(product::Column::Id.is_in(chunk.iter().copied()))
            .all(tx.conn())
            .await?
        {
            tax.insert(p.id, p.tax_class);
        }
    }
    let mut variants = Variants {
        by_sku: HashMap::new(),
        by_barcode: HashMap::new(),
    };
    for v in found {
        let rate = tax.get(&v.product_id).copied().unwrap_or(TaxRate::Standard);
        if let Some(code) = v.barcode.clone() {
            variants.by_barcode.insert(code, (v.clone(), rate));
        }
        variants.by_sku.insert(v.sku.clone(), (v, rate));
    }
    Ok(variants)
}

/// Row indexes per receipt number, receipts in the order the file first names them.
fn group(rows: &[Row]) -> Vec<(String, Vec<usize>)> {
    let mut receipts: Vec<(String, Vec<usize>)> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        let Some(receipt) = &row.receipt else {
            continue;
        };
        match at.get(receipt.as_str()) {
            Some(&n) => receipts[n].1.push(i),
            None => {
                at.insert(receipt, receipts.len());
                receipts.push((receipt.clone(), vec![i]));
            }
        }
    }
    receipts
}

/// Receipt numbers this channel already has a sale for.
async fn already_imported(
    tx: &TenantTx,
    channel_id: Uuid,
    receipts: &[(String, Vec<usize>)],
) -> Result<BTreeSet<String>, ServiceError> {
    let receipts: Vec<String> = receipts.iter().map(|(r, _)| r.clone()).collect();
    let mut done = BTreeSet::new();
    for chunk in receipts.chunks(CHUNK) {
        let rows = tx
            .select::<sale::Model>()
            .filter(sale::Column::ChannelId.eq(channel_id))
            .filter(sale::Column::Kind.eq(kura_shared::SaleKind::Sale))
            .filter(sale::Column::ExternalId.is_in(chunk.iter().cloned()))
            .all(tx.conn())
            .await?;
        done.extend(rows.into_iter().filter_map(|s| s.external_id));
    }
    Ok(done)
}

/// The sale one receipt's rows make, or every problem with them.
fn build_sale(
    receipt: &str,
    rows: &[&Row],
    variants: &Variants,
    columns: &Columns,
    ctx: &Context,
    channel_id: Uuid,
) -> Result<NewSale, Vec<RowError>> {
    let first = rows[0];
    let mut problems = Vec::new();
    if rows.len() > MAX_LINES {
        problems.push((
            first.line,
            Problem::new(
                Field::ReceiptNumber,
                "sale.lines",
                format!("Receipt {receipt} has more than {MAX_LINES} lines"),
            ),
        ));
    }
    let mut lines = Vec::with_capacity(rows.len());
    let mut amounts = Vec::with_capacity(rows.len());
    for row in rows {
        let mismatches = mismatches(receipt, first, row);
        problems.extend(mismatches.into_iter().map(|p| (row.line, p)));
        match priced_line(row, variants, ctx.currency) {
            Ok(Some(priced)) => {
                amounts.extend(priced.amount);
                lines.push(priced.line);
            }
            // A row without its item or quantity: parse_row reported it.
            Ok(None) => {}
            Err(problem) => problems.push((row.line, problem)),
        }
    }
    let complete = rows.iter().all(|r| {
        r.receipt.is_some() && r.occurred_at.is_some() && r.item.is_some() && r.quantity.is_some()
    });
    if !problems.is_empty() || !complete || lines.len() != rows.len() {
        return Err(problems
            .into_iter()
            .map(|(row, p)| RowError {
                row,
                column: Some(columns.name(p.field)),
                code: p.code.to_owned(),
                message: p.message,
            })
            .collect());
    }
    Ok(NewSale {
        channel_id: Some(channel_id),
        location_id: first.location_id,
        external_id: Some(receipt.to_owned()),
        idempotency_key: None,
        occurred_at: first.occurred_at,
        customer: None,
        payments: payments(first, amounts, ctx)?,
        lines,
        prices_include_tax: Some(ctx.prices_include_tax),
        note: String::new(),
    })
}

/// A receipt names one store and one payment method: `row` against its first row.
fn mismatches(receipt: &str, first: &Row, row: &Row) -> Vec<Problem> {
    let mut problems = Vec::new();
    if row.location_id != first.location_id && row.location_id.is_some() {
        problems.push(Problem::new(
            Field::LocationCode,
            "sale.location",
            format!("Receipt {receipt} names two stores"),
        ));
    }
    if let (Some(a), Some(b)) = (row.payment, first.payment)
        && a != b
    {
        problems.push(Problem::new(
            Field::PaymentMethod,
            "payments.mixed",
            format!("Receipt {receipt} names two payment methods; a file gives one per receipt"),
        ));
    }
    problems
}

/// The sale line a row makes.
struct Priced {
    line: NewSaleLine,
    /// Its amount at its tax rate; none when it overflows (recording the sale reports it).
    amount: Option<(TaxRate, Money)>,
}

/// The sale line a row makes; `None` when the row lacks its item or quantity.
fn priced_line(
    row: &Row,
    variants: &Variants,
    currency: CurrencyCode,
) -> Result<Option<Priced>, Problem> {
    let Some((code, sku_first)) = &row.item else {
        return Ok(None);
    };
    let Some((variant, product_rate)) = variants.find(code, *sku_first) else {
        let field = if *sku_first {
            Field::Sku
        } else {
            Field::Barcode
        };
        let message = format!("No product has the code {code}");
        return Err(Problem::new(field, "sale.unknown_item", message));
    };
    let Some(quantity) = row.quantity else {
        return Ok(None);
    };
    let unit_price = row.unit_price.unwrap_or(variant.price);
    let Ok(gross) = Money::new(unit_price, currency).checked_mul(quantity) else {
        let message = "The amounts are too large";
        return Err(Problem::new(Field::Quantity, "money.overflow", message));
    };
    if row.discount > gross.amount_minor {
        let message = "A discount cannot exceed the line";
        return Err(Problem::new(Field::Discount, "sale.discount", message));
    }
    let rate = row.tax_rate.unwrap_or(*product_rate);
    let amount = line_amount(
        Money::new(unit_price, currency),
        quantity,
        Money::new(row.discount, currency),
    )
    .ok()
    .map(|amount| (rate, amount));
    let line = NewSaleLine {
        item: VariantLookup::Id(variant.id),
        quantity,
        unit_price: Some(Money::new(unit_price, currency).to_decimal_string()),
        discount: (row.discount > 0)
            .then(|| Money::new(row.discount, currency).to_decimal_string()),
        tax_rate: Some(rate),
    };
    Ok(Some(Priced { line, amount }))
}

/// The receipt's one payment, for its whole total, when the file names a method.
fn payments(
    first: &Row,
    amounts: Vec<(TaxRate, Money)>,
    ctx: &Context,
) -> Result<Vec<NewPayment>, Vec<RowError>> {
    let Some(method) = first.payment else {
        return Ok(Vec::new());
    };
    let total =
        TaxBreakdown::from_lines(ctx.currency, amounts, ctx.prices_include_tax, ctx.rounding)
            .map_err(|_| {
                vec![RowError {
                    row: first.line,
                    column: None,
                    code: "money.overflow".into(),
                    message: "The amounts are too large".into(),
                }]
            })?
            .total();
    Ok(vec![NewPayment {
        method,
        amount: total.to_decimal_string(),
        reference: None,
    }])
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn japanese_headers_are_detected() {
        let mapping = Mapping::detect(&headers(&[
            "レシート番号",
            "取引日時",
            "店舗コード",
            "商品コード",
            "JANコード",
            "数量",
            "単価",
            "値引",
            "税率",
            "支払方法",
        ]));
        assert_eq!(mapping.receipt_number.as_deref(), Some("レシート番号"));
        assert_eq!(mapping.occurred_at.as_deref(), Some("取引日時"));
        assert_eq!(mapping.sku.as_deref(), Some("商品コード"));
        assert_eq!(mapping.barcode.as_deref(), Some("JANコード"));
        assert_eq!(mapping.payment_method.as_deref(), Some("支払方法"));
    }

    #[test]
    fn english_headers_are_detected_whatever_their_spelling() {
        let mapping = Mapping::detect(&headers(&[
            "Receipt No.",
            "Date Time",
            "SKU",
            "Qty",
            "Unit Price",
        ]));
        assert_eq!(mapping.receipt_number.as_deref(), Some("Receipt No."));
        assert_eq!(mapping.occurred_at.as_deref(), Some("Date Time"));
        assert_eq!(mapping.quantity.as_deref(), Some("Qty"));
        assert_eq!(mapping.unit_price.as_deref(), Some("Unit Price"));
        assert_eq!(mapping.discount, None);
    }

    #[test]
    fn times_without_offset_are_wall_clock_time_in_the_company_zone() {
        let tokyo = chrono_tz::Asia::Tokyo;
        let expected = "2026-11-27T05:05:00Z".parse::<DateTime<Utc>>().unwrap();
        for text in [
            "2026/11/27 14:05",
            "2026/11/27 14:05:00",
            "2026-11-27 14:05",
            "2026-11-27T14:05:00",
            "2026-11-27T14:05:00+09:00",
            "2026年11月27日 14:05",
        ] {
            assert_eq!(parse_time(text, tokyo), Some(expected), "{text}");
        }
        assert_eq!(parse_time("27/11/2026", tokyo), None);
        assert_eq!(parse_time("", tokyo), None);
    }

    #[test]
    fn tax_rates_and_payments_read_both_languages() {
        assert_eq!(parse_tax_rate("10%"), Some(TaxRate::Standard));
        assert_eq!(parse_tax_rate("軽減"), Some(TaxRate::Reduced));
        assert_eq!(parse_tax_rate("5"), None);
        assert_eq!(parse_payment("現金"), PaymentMethod::Cash);
        assert_eq!(parse_payment("カード"), PaymentMethod::Card);
        assert_eq!(parse_payment("QR"), PaymentMethod::Qr);
        assert_eq!(parse_payment("電子マネー"), PaymentMethod::Other);
    }

    #[test]
    fn quantities_must_be_positive_whole_numbers() {
        assert_eq!(parse_quantity("3"), Ok(3));
        assert_eq!(parse_quantity("1,200"), Ok(1200));
        assert_eq!(parse_quantity("-1").unwrap_err().0, "quantity.negative");
        assert_eq!(parse_quantity("0").unwrap_err().0, "quantity.range");
        assert_eq!(parse_quantity("two").unwrap_err().0, "quantity.format");
    }

    fn context() -> Context {
        Context {
            channel_name: "Register".into(),
            location_ids: vec![Uuid::from_u128(1)],
            saved: None,
            time_zone: chrono_tz::Asia::Tokyo,
            currency: CurrencyCode::Jpy,
            prices_include_tax: true,
            rounding: RoundingMode::Floor,
            locations_by_code: HashMap::from([("UMEDA".into(), Uuid::from_u128(2))]),
        }
    }

    /// Parses one data row under the detected mapping of `header`.
    fn row(header: &[&str], cells: &[&str]) -> (Row, Vec<RowError>) {
        let headers = headers(header);
        let columns = Columns::new(&headers, &Mapping::detect(&headers));
        let record = csv::StringRecord::from(cells.to_vec());
        let mut errors = Vec::new();
        let row = parse_row(2, &record, &columns, &context(), &mut errors);
        (row, errors)
    }

    const HEADER: &[&str] = &[
        "レシート番号",
        "取引日時",
        "店舗コード",
        "JAN",
        "数量",
        "単価",
        "値引",
        "税率",
        "支払方法",
    ];

    #[test]
    fn a_row_is_read_cell_by_cell() {
        let (row, errors) = row(
            HEADER,
            &[
                "R-1",
                "2026/11/27 14:05",
                "umeda",
                "4900000000019",
                "2",
                "¥1,980",
                "-100",
                "軽減",
                "現金",
            ],
        );
        assert_eq!(errors, []);
        assert_eq!(row.receipt.as_deref(), Some("R-1"));
        assert_eq!(row.location_id, Some(Uuid::from_u128(2)));
        assert_eq!(row.item, Some(("4900000000019".into(), false)));
        assert_eq!(
            (row.quantity, row.unit_price, row.discount),
            (Some(2), Some(1_980), 100)
        );
        assert_eq!(row.tax_rate, Some(TaxRate::Reduced));
        assert_eq!(row.payment, Some(PaymentMethod::Cash));
        let (row, _) = row_without_location();
        assert_eq!(
            row.location_id,
            Some(Uuid::from_u128(1)),
            "the channel's first"
        );
    }

    fn row_without_location() -> (Row, Vec<RowError>) {
        row(
            HEADER,
            &["R-1", "2026/11/27", "", "A-1", "1", "", "", "", ""],
        )
    }

    #[test]
    fn every_problem_of_a_row_is_reported_in_column_order() {
        let (row, errors) = row(
            HEADER,
            &[
                "",
                "yesterday",
                "nara",
                "",
                "0",
                "abc",
                "x",
                "5",
                "ポイント",
            ],
        );
        let found: Vec<(Option<&str>, &str)> = errors
            .iter()
            .map(|e| (e.column.as_deref(), e.code.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (Some("レシート番号"), "receipt.missing"),
                (Some("取引日時"), "date.format"),
                (Some("店舗コード"), "sale.location_not_in_channel"),
                (Some("JAN"), "sale.item"),
                (Some("数量"), "quantity.range"),
                (Some("単価"), "money.format"),
                (Some("値引"), "money.format"),
                (Some("税率"), "tax_rate.unknown"),
                (Some("支払方法"), "points.no_customer"),
            ]
        );
        assert!(errors.iter().all(|e| e.row == 2));
        assert_eq!(
            row.payment,
            Some(PaymentMethod::Points),
            "kept, to spot mixed receipts"
        );
        assert_eq!((row.quantity, row.discount), (None, 0));
    }

    #[test]
    fn the_callers_mapping_wins_then_the_saved_one_then_detection() {
        let file = headers(&["伝票番号", "日時", "品番", "数量", "レシート番号"]);
        let saved = Mapping {
            receipt_number: Some("レシート番号".into()),
            sku: Some("gone".into()),
            ..Mapping::default()
        };
        let given = Mapping {
            quantity: Some(String::new()),
            ..Mapping::default()
        };
        let mapping = resolve_mapping(&file, Some(&given), Some(&saved));
        assert_eq!(mapping.receipt_number.as_deref(), Some("レシート番号"));
        assert_eq!(mapping.sku.as_deref(), Some("品番"));
        assert_eq!(mapping.quantity, None);
    }
}
