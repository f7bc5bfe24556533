//! Products as CSV, one row per variant: export for spreadsheets, import from them.
//!
//! Import validates every row before writing anything and reports each bad row with its
//! line and reason; only a file without errors is written, in short transactions (see
//! [`import`]). Rows are
//! matched to existing variants by SKU (their price, cost, barcode and options are
//! updated); rows with new SKUs become new products, grouped by product name (or join the
//! product an existing SKU of the same name belongs to). Files may be UTF-8 (with or
//! without BOM) or Shift_JIS, which Japanese spreadsheets produce.

use std::{
    collections::HashMap,
    time::{Duration, Instant},
};

use chrono::{DateTime, Utc};
use kura_shared::{Barcode, CurrencyCode, ProductStatus, Sku, TaxClass, ValidationError};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, DbBackend, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use super::products::{json, money, parse_json_list};
use crate::{
    services::{ServiceError, access::Access},
    store::tenant::{
        TenantTx,
        records::{product, product_variant},
    },
};

/// How the file's bytes are encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 if the bytes are valid UTF-8, Shift_JIS otherwise.
    Auto,
    /// UTF-8 (a BOM is skipped).
    Utf8,
    /// Shift_JIS (Windows-31J, as Excel saves Japanese CSV).
    ShiftJis,
}

/// Most rows one import takes.
pub const MAX_ROWS: usize = 50_000;
/// Most errors reported (the rest are counted).
const MAX_REPORTED: usize = 500;

/// Columns, with the Japanese headings spreadsheets commonly use.
const COLUMNS: &[(&str, &[&str])] = &[
    ("product_name", &["商品名", "name"]),
    ("description", &["説明", "商品説明"]),
    ("tax_class", &["税区分", "税率"]),
    ("status", &["ステータス", "状態"]),
    ("option1_name", &["オプション1名"]),
    ("option1_value", &["オプション1"]),
    ("option2_name", &["オプション2名"]),
    ("option2_value", &["オプション2"]),
    ("option3_name", &["オプション3名"]),
    ("option3_value", &["オプション3"]),
    ("sku", &["SKU", "品番", "商品コード"]),
    ("barcode", &["JAN", "JANコード", "バーコード"]),
    ("price", &["価格", "売価", "販売価格"]),
    ("cost", &["原価", "仕入価格"]),
];

/// One bad row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The line in the file (the header is line 1).
    pub line: u64,
    /// The column at fault, if one.
    pub column: Option<String>,
    /// Stable sub-code, e.g. `barcode.check_digit`.
    pub code: String,
    /// What is wrong.
    pub message: String,
}

/// What an import found and did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Data rows read.
    pub rows: u64,
    /// True when the file was written (valid and not a dry run).
    pub applied: bool,
    /// New products.
    pub products_created: u64,
    /// New variants.
    pub variants_created: u64,
    /// Existing variants updated.
    pub variants_updated: u64,
    /// Bad rows (up to 500).
    pub errors: Vec<RowError>,
    /// All bad rows, reported or not.
    pub error_count: u64,
}

/// Decodes the file to text.
pub fn decode(bytes: &[u8], encoding: Encoding) -> Result<String, ServiceError> {
    let utf8 = |bytes: &[u8]| {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        std::str::from_utf8(bytes).map(str::to_owned)
    };
    let shift_jis = |bytes: &[u8]| {
        let (text, _, had_errors) = encoding_rs::SHIFT_JIS.decode(bytes);
        (!had_errors).then(|| text.into_owned())
    };
    let text = match encoding {
        Encoding::Utf8 => utf8(bytes).ok(),
        Encoding::ShiftJis => shift_jis(bytes),
        Encoding::Auto => utf8(bytes).ok().or_else(|| shift_jis(bytes)),
    };
    text.ok_or_else(|| {
        ValidationError::new(
            "csv.encoding",
            "The file is neither UTF-8 nor Shift_JIS text",
        )
        .with_field("content")
        .into()
    })
}

#[derive(Debug, Clone)]
struct Row {
    line: u64,
    product_name: String,
    description: String,
    tax_class: TaxClass,
    status: ProductStatus,
    option_names: Vec<String>,
    options: Vec<String>,
    sku: Sku,
    barcode: Option<Barcode>,
    price: i64,
    cost: Option<i64>,
}

fn heading(name: &str) -> Option<&'static str> {
    let name = name.trim().trim_start_matches('\u{feff}');
    COLUMNS.iter().find_map(|(column, aliases)| {
        (column.eq_ignore_ascii_case(name) || aliases.iter().any(|a| a.eq_ignore_ascii_case(name)))
            .then_some(*column)
    })
}

struct Errors {
    list: Vec<RowError>,
    count: u64,
}

impl Errors {
    fn add(&mut self, line: u64, column: Option<&str>, code: &str, message: impl Into<String>) {
        self.count += 1;
        if self.list.len() < MAX_REPORTED {
            self.list.push(RowError {
                line,
                column: column.map(str::to_owned),
                code: code.to_owned(),
                message: message.into(),
            });
        }
    }
}

fn parse_rows(text: &str, currency: CurrencyCode, errors: &mut Errors) -> Vec<Row> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<Option<&'static str>> = match reader.headers() {
        Ok(h) => h.iter().map(heading).collect(),
        Err(e) => {
            errors.add(1, None, "csv.syntax", e.to_string());
            return Vec::new();
        }
    };
    for required in ["product_name", "sku", "price"] {
        if !headers.contains(&Some(required)) {
            errors.add(
                1,
                Some(required),
                "csv.missing_column",
                format!("The header has no {required} column"),
            );
        }
    }
    if errors.count > 0 {
        return Vec::new();
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                errors.add(line, None, "csv.syntax", e.to_string());
                continue;
            }
        };
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        if rows.len() >= MAX_ROWS {
            errors.add(
                line,
                None,
                "csv.too_many_rows",
                format!("At most {MAX_ROWS} rows per file"),
            );
            break;
        }
        let cell = |column: &str| -> &str {
            headers
                .iter()
                .position(|h| *h == Some(column))
                .and_then(|i| record.get(i))
                .unwrap_or_default()
        };
        if record.iter().all(str::is_empty) {
            continue;
        }
        rows.extend(parse_record(line, cell, currency, errors));
    }
    rows
}

/// One data row read through `cell` (a column's text); `None`, with every bad cell noted,
/// unless all are good.
fn parse_record<'r>(
    line: u64,
    cell: impl Fn(&str) -> &'r str,
    currency: CurrencyCode,
    errors: &mut Errors,
) -> Option<Row> {
    let before = errors.count;
    let mut fail = |column: &str, e: ValidationError| {
        errors.add(line, Some(column), e.code, e.message);
    };
    let product_name = cell("product_name").to_owned();
    if product_name.is_empty() || product_name.chars().count() > 300 {
        fail(
            "product_name",
            ValidationError::new("text.length", "A product name has 1 to 300 characters"),
        );
    }
    let sku = Sku::parse(cell("sku"))
        .map_err(|e| fail("sku", e.into()))
        .ok();
    let barcode = match cell("barcode") {
        "" => None,
        code => Barcode::parse(code)
            .map_err(|e| fail("barcode", e.into()))
            .ok(),
    };
    let price = money(cell("price"), currency, "price")
        .map_err(|e| fail("price", validation(e)))
        .ok();
    let cost = match cell("cost") {
        "" => Some(None),
        text => money(text, currency, "cost")
            .map(Some)
            .map_err(|e| fail("cost", validation(e)))
            .ok(),
    };
    let tax_class = tax_class(cell("tax_class"))
        .map_err(|e| fail("tax_class", e))
        .ok();
    let status = status(cell("status")).map_err(|e| fail("status", e)).ok();
    let (option_names, options) = options(&cell, &mut fail);
    let (Some(sku), Some(price), Some(cost), Some(tax_class), Some(status)) =
        (sku, price, cost, tax_class, status)
    else {
        return None;
    };
    (errors.count == before).then(|| Row {
        line,
        description: cell("description").to_owned(),
        product_name,
        tax_class,
        status,
        option_names,
        options,
        sku,
        barcode,
        price,
        cost,
    })
}

/// A tax class as spreadsheets write it (10%, 標準…); standard when blank.
fn tax_class(text: &str) -> Result<TaxClass, ValidationError> {
    match text {
        "" | "10" | "10%" | "標準" => Ok(TaxClass::Standard),
        "8" | "8%" | "軽減" => Ok(TaxClass::Reduced),
        text => text.parse::<TaxClass>().map_err(ValidationError::from),
    }
}

/// A product status; active when blank.
fn status(text: &str) -> Result<ProductStatus, ValidationError> {
    match text {
        "" => Ok(ProductStatus::Active),
        text => text.parse::<ProductStatus>().map_err(ValidationError::from),
    }
}

/// Up to three `(option name, value)` pairs; a name without its value, or a value
/// without its name, is an error.
fn options<'r>(
    cell: impl Fn(&str) -> &'r str,
    fail: &mut impl FnMut(&str, ValidationError),
) -> (Vec<String>, Vec<String>) {
    let mut names = Vec::new();
    let mut values = Vec::new();
    for n in 1..=3 {
        let name = cell(&format!("option{n}_name"));
        let value = cell(&format!("option{n}_value"));
        match (name.is_empty(), value.is_empty()) {
            (true, true) => {}
            (false, false) => {
                names.push(name.to_owned());
                values.push(value.to_owned());
            }
            _ => fail(
                &format!("option{n}_value"),
                ValidationError::new(
                    "options.incomplete",
                    "Give both the option name and its value",
                ),
            ),
        }
    }
    (names, values)
}

fn validation(error: ServiceError) -> ValidationError {
    match error {
        ServiceError::Validation(v) => v,
        other => ValidationError::new("invalid", other.to_string()),
    }
}

/// Existing variants with any of these SKUs or barcodes.
async fn existing(
    tx: &TenantTx,
    skus: &[String],
    barcodes: &[String],
) -> Result<Vec<product_variant::Model>, ServiceError> {
    let mut found = Vec::new();
    for chunk in skus.chunks(500) {
        found.extend(
            tx.select::<product_variant::Model>()
                .filter(product_variant::Column::Sku.is_in(chunk.iter().cloned()))
                .all(tx.conn())
                .await?,
        );
    }
    for chunk in barcodes.chunks(500) {
        found.extend(
            tx.select::<product_variant::Model>()
                .filter(product_variant::Column::Barcode.is_in(chunk.iter().cloned()))
                .all(tx.conn())
                .await?,
        );
    }
    Ok(found)
}

/// What the checks that need no database found: the valid rows, every error so far, and
/// the SKUs and barcodes to look up.
struct Checked {
    rows: Vec<Row>,
    errors: Errors,
    /// Data rows read (valid or not).
    read: u64,
    skus: Vec<String>,
    barcodes: Vec<String>,
}

/// Parses the file and applies the cross-row rules: unique SKUs and barcodes in the file,
/// one set of option names per product. Pure CPU work, run off the async workers.
fn check_file(text: &str, currency: CurrencyCode) -> Checked {
    let mut errors = Errors {
        list: Vec::new(),
        count: 0,
    };
    let rows = parse_rows(text, currency, &mut errors);
    let read = rows.len() as u64 + errors.count;
    let mut seen_skus: HashMap<String, u64> = HashMap::new();
    let mut seen_barcodes: HashMap<String, u64> = HashMap::new();
    let mut option_names: HashMap<String, (u64, Vec<String>)> = HashMap::new();
    for row in &rows {
        if let Some(first) = seen_skus.insert(row.sku.as_str().to_owned(), row.line) {
            errors.add(
                row.line,
                Some("sku"),
                "sku.duplicate",
                format!("The SKU {} is also on line {first}", row.sku),
            );
        }
        if let Some(code) = &row.barcode
            && let Some(first) = seen_barcodes.insert(code.as_str().to_owned(), row.line)
        {
            errors.add(
                row.line,
                Some("barcode"),
                "barcode.duplicate",
                format!("The barcode {code} is also on line {first}"),
            );
        }
        match option_names.get(&row.product_name) {
            Some((first, names)) if *names != row.option_names => errors.add(
                row.line,
                Some("option1_name"),
                "options.inconsistent",
                format!("Option names differ from line {first} of the same product"),
            ),
            Some(_) => {}
            None => {
                option_names.insert(
                    row.product_name.clone(),
                    (row.line, row.option_names.clone()),
                );
            }
        }
    }
    Checked {
        rows,
        errors,
        read,
        skus: seen_skus.into_keys().collect(),
        barcodes: seen_barcodes.into_keys().collect(),
    }
}

/// Validates a products CSV and, when every row is valid and `dry_run` is false, writes it.
///
/// Checking only reads (nothing is locked while a large file is checked); a file with any
/// bad row writes nothing. A valid file is then written in transactions of
/// [`BATCH_ROWS`] rows, so other writers (on SQLite, every company's) never wait for the
/// whole file. Should a batch fail (the database went away, a product was edited into a
/// conflict meanwhile), the batches before it stay written and the error is returned;
/// importing the same file again finishes the rest, since rows are matched by SKU.
pub async fn import(
    db: &DatabaseConnection,
    access: &Access,
    bytes: &[u8],
    encoding: Encoding,
    dry_run: bool,
) -> Result<ImportReport, ServiceError> {
    let text = decode(bytes, encoding)?;
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let currency = tx.company().await?.currency_code;
    tx.commit().await?;
    let Checked {
        rows,
        mut errors,
        read,
        skus,
        barcodes,
    } = tokio::task::spawn_blocking(move || check_file(&text, currency))
        .await
        .map_err(ServiceError::internal)?;

    // Barcodes must not belong to another SKU of the company.
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let known = existing(&tx, &skus, &barcodes).await?;
    tx.commit().await?;
    let barcode_owner: HashMap<&str, &str> = known
        .iter()
        .filter_map(|v| v.barcode.as_deref().map(|code| (code, v.sku.as_str())))
        .collect();
    for row in &rows {
        if let Some(code) = &row.barcode
            && let Some(owner) = barcode_owner.get(code.as_str())
            && *owner != row.sku.as_str()
        {
            errors.add(
                row.line,
                Some("barcode"),
                "barcode.taken",
                format!("The barcode {code} belongs to the SKU {owner}"),
            );
        }
    }
    let mut report = ImportReport {
        rows: read,
        error_count: errors.count,
        errors: errors.list,
        ..ImportReport::default()
    };
    report.errors.sort_by_key(|e| e.line);
    if report.error_count > 0 || dry_run {
        return Ok(report);
    }

    let mut plan = Plan::new(&rows, &known);
    let sqlite = db.get_database_backend() == DbBackend::Sqlite;
    let queue = plan.take_rows();
    let mut batches = queue.chunks(BATCH_ROWS).peekable();
    while let Some(batch) = batches.next() {
        let held = plan.write(db, access.tenant_id, batch, &mut report).await?;
        // SQLite has one writer at a time and wakes waiting writers by polling, not in
        // turn: pausing as long as the batch held the lock gives them their window.
        if sqlite && batches.peek().is_some() {
            tokio::time::sleep(held).await;
        }
    }
    report.applied = true;
    Ok(report)
}

/// Rows written per transaction: a batch holds the write lock for tens of milliseconds.
const BATCH_ROWS: usize = 250;

/// One product of the file: its rows share a name.
struct Group<'a> {
    name: &'a str,
    head: &'a Row,
    /// The existing product one of its SKUs belongs to, if any.
    existing: Option<Uuid>,
    /// Known once the first batch touching the group has written its product.
    product_id: Option<Uuid>,
}

/// The file as products to write, batch by batch.
struct Plan<'a> {
    groups: Vec<Group<'a>>,
    /// Each row with its group, grouped and in file order.
    order: Vec<(usize, &'a Row)>,
    /// The next variant position of each product written so far.
    next_position: HashMap<Uuid, i32>,
}

/// Rows a batch updates (by id, only the values set) and inserts.
struct Changes<A> {
    updates: Vec<(Uuid, A)>,
    inserts: Vec<A>,
}

impl<A> Default for Changes<A> {
    fn default() -> Self {
        Self {
            updates: Vec::new(),
            inserts: Vec::new(),
        }
    }
}

impl<'a> Plan<'a> {
    /// Groups new SKUs by product name, in file order; a group joins the product an
    /// existing SKU of it belongs to.
    fn new(rows: &'a [Row], known: &[product_variant::Model]) -> Self {
        let product_of: HashMap<&str, Uuid> = known
            .iter()
            .map(|v| (v.sku.as_str(), v.product_id))
            .collect();
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut groups: Vec<Group<'a>> = Vec::new();
        let mut members: Vec<Vec<&'a Row>> = Vec::new();
        for row in rows {
            let at = *index.entry(row.product_name.as_str()).or_insert_with(|| {
                groups.push(Group {
                    name: &row.product_name,
                    head: row,
                    existing: None,
                    product_id: None,
                });
                members.push(Vec::new());
                groups.len() - 1
            });
            if groups[at].existing.is_none() {
                groups[at].existing = product_of.get(row.sku.as_str()).copied();
            }
            members[at].push(row);
        }
        let order = members
            .into_iter()
            .enumerate()
            .flat_map(|(at, rows)| rows.into_iter().map(move |row| (at, row)))
            .collect();
        Self {
            groups,
            order,
            next_position: HashMap::new(),
        }
    }

    /// The rows to write, each with its group.
    fn take_rows(&mut self) -> Vec<(usize, &'a Row)> {
        std::mem::take(&mut self.order)
    }

    /// Writes one batch in its own transaction; returns how long it held the write lock.
    async fn write(
        &mut self,
        db: &DatabaseConnection,
        tenant_id: Uuid,
        batch: &[(usize, &'a Row)],
        report: &mut ImportReport,
    ) -> Result<Duration, ServiceError> {
        let now = Utc::now();
        let starting = self.start(batch);
        let started = Instant::now();
        let tx = TenantTx::write(db, tenant_id).await?;
        // Matched again under the lock: a retried import finds the rows it already wrote.
        let skus = batch.iter().map(|(_, row)| row.sku.as_str().to_owned());
        let current: HashMap<String, Uuid> = tx
            .select::<product_variant::Model>()
            .filter(product_variant::Column::Sku.is_in(skus))
            .all(tx.conn())
            .await?
            .into_iter()
            .map(|v| (v.sku, v.id))
            .collect();
        let products = self.product_rows(&starting, tenant_id, now);
        for (id, row) in products.updates {
            tx.update::<product::Model>()
                .set(row)
                .filter(product::Column::Id.eq(id))
                .exec(tx.conn())
                .await?;
        }
        report.products_created += tx.insert_many(products.inserts).await?;
        self.load_positions(&tx, batch).await?;
        let variants = self.variant_rows(batch, &current, tenant_id, now);
        for (id, row) in variants.updates {
            tx.update::<product_variant::Model>()
                .set(row)
                .filter(product_variant::Column::Id.eq(id))
                .exec(tx.conn())
                .await?;
            report.variants_updated += 1;
        }
        report.variants_created += tx.insert_many(variants.inserts).await?;
        tx.commit().await?;
        Ok(started.elapsed())
    }

    /// The groups this batch starts, each given its product id now: the existing product,
    /// or a new one.
    fn start(&mut self, batch: &[(usize, &'a Row)]) -> Vec<usize> {
        let mut starting = Vec::new();
        for (at, _) in batch {
            let group = &mut self.groups[*at];
            if group.product_id.is_none() {
                group.product_id = Some(group.existing.unwrap_or_else(Uuid::now_v7));
                starting.push(*at);
            }
        }
        starting
    }

    /// The starting groups' products: existing ones updated from the group's first row,
    /// new ones inserted (their variants then start at position 0).
    fn product_rows(
        &mut self,
        starting: &[usize],
        tenant_id: Uuid,
        now: DateTime<Utc>,
    ) -> Changes<product::ActiveModel> {
        let mut changes = Changes::default();
        for at in starting {
            let group = &self.groups[*at];
            let (id, head) = (group.product_id.unwrap_or_default(), group.head);
            let row = product::ActiveModel {
                name: Set(group.name.to_owned()),
                description: Set(head.description.clone()),
                tax_class: Set(head.tax_class),
                status: Set(head.status),
                updated_at: Set(now),
                ..Default::default()
            };
            if group.existing.is_some() {
                changes.updates.push((id, row));
            } else {
                self.next_position.insert(id, 0);
                changes.inserts.push(product::ActiveModel {
                    tenant_id: Set(tenant_id),
                    id: Set(id),
                    option_names: Set(json(&head.option_names)),
                    created_at: Set(now),
                    ..row
                });
            }
        }
        changes
    }

    /// The batch's variants: a SKU the company has (`current`) is updated, a new one
    /// inserted after its product's last variant.
    fn variant_rows(
        &mut self,
        batch: &[(usize, &'a Row)],
        current: &HashMap<String, Uuid>,
        tenant_id: Uuid,
        now: DateTime<Utc>,
    ) -> Changes<product_variant::ActiveModel> {
        let mut changes = Changes::default();
        for (at, row) in batch {
            let product_id = self.groups[*at].product_id.unwrap_or_default();
            let values = product_variant::ActiveModel {
                barcode: Set(row.barcode.as_ref().map(|b| b.as_str().to_owned())),
                price: Set(row.price),
                cost: Set(row.cost),
                options: Set(json(&row.options)),
                updated_at: Set(now),
                ..Default::default()
            };
            if let Some(id) = current.get(row.sku.as_str()) {
                changes.updates.push((*id, values));
            } else {
                let position = self.next_position.entry(product_id).or_insert(0);
                changes.inserts.push(product_variant::ActiveModel {
                    tenant_id: Set(tenant_id),
                    id: Set(Uuid::now_v7()),
                    product_id: Set(product_id),
                    sku: Set(row.sku.as_str().to_owned()),
                    position: Set(*position),
                    archived_at: Set(None),
                    created_at: Set(now),
                    ..values
                });
                *position += 1;
            }
        }
        changes
    }

    /// Reads where new variants of the batch's existing products go (after their last).
    async fn load_positions(
        &mut self,
        tx: &TenantTx,
        batch: &[(usize, &'a Row)],
    ) -> Result<(), ServiceError> {
        let mut missing: Vec<Uuid> = batch
            .iter()
            .filter_map(|(at, _)| self.groups[*at].product_id)
            .filter(|id| !self.next_position.contains_key(id))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        if missing.is_empty() {
            return Ok(());
        }
        let last: Vec<(Uuid, Option<i32>)> = tx
            .select::<product_variant::Model>()
            .select_only()
            .column(product_variant::Column::ProductId)
            .column_as(product_variant::Column::Position.max(), "last")
            .filter(product_variant::Column::ProductId.is_in(missing.iter().copied()))
            .group_by(product_variant::Column::ProductId)
            .into_tuple()
            .all(tx.conn())
            .await?;
        for id in missing {
            self.next_position.insert(id, 0);
        }
        for (id, last) in last {
            self.next_position.insert(id, last.map_or(0, |p| p + 1));
        }
        Ok(())
    }
}

/// Every product and variant as CSV (UTF-8 with BOM, so spreadsheets read it as UTF-8).
pub async fn export(db: &DatabaseConnection, access: &Access) -> Result<String, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let currency = tx.company().await?.currency_code;
    let products = tx
        .select::<product::Model>()
        .order_by_asc(product::Column::Name)
        .all(tx.conn())
        .await?;
    let variants = tx
        .select::<product_variant::Model>()
        .order_by_asc(product_variant::Column::Position)
        .all(tx.conn())
        .await?;
    tx.commit().await?;
    let mut by_product: HashMap<Uuid, Vec<&product_variant::Model>> = HashMap::new();
    for v in &variants {
        by_product.entry(v.product_id).or_default().push(v);
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header: Vec<&str> = COLUMNS.iter().map(|(c, _)| *c).collect();
    writer.write_record(&header).map_err(internal)?;
    let amount = |minor: i64| kura_shared::Money::new(minor, currency).to_decimal_string();
    for p in &products {
        let names = parse_json_list(&p.option_names);
        for v in by_product.get(&p.id).map(Vec::as_slice).unwrap_or_default() {
            let values = parse_json_list(&v.options);
            let option = |n: usize, list: &[String]| list.get(n).cloned().unwrap_or_default();
            writer
                .write_record([
                    p.name.clone(),
                    p.description.clone(),
                    p.tax_class.to_string(),
                    p.status.to_string(),
                    option(0, &names),
                    option(0, &values),
                    option(1, &names),
                    option(1, &values),
                    option(2, &names),
                    option(2, &values),
                    v.sku.clone(),
                    v.barcode.clone().unwrap_or_default(),
                    amount(v.price),
                    v.cost.map(amount).unwrap_or_default(),
                ])
                .map_err(internal)?;
        }
    }
    spreadsheet_text(writer)
}

/// A finished CSV as text with a UTF-8 BOM, so spreadsheets (Excel in Japan especially)
/// read it as UTF-8 rather than Shift_JIS.
pub fn spreadsheet_text(writer: csv::Writer<Vec<u8>>) -> Result<String, ServiceError> {
    let bytes = writer.into_inner().map_err(ServiceError::internal)?;
    let text = String::from_utf8(bytes).map_err(ServiceError::internal)?;
    Ok(format!("\u{feff}{text}"))
}

fn internal(e: csv::Error) -> ServiceError {
    ServiceError::internal(e)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn shift_jis_files_are_decoded_and_utf8_boms_skipped() {
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode("商品名,SKU,価格\nシャツ,A-1,1980\n");
        assert_eq!(
            decode(&bytes, Encoding::Auto).unwrap(),
            "商品名,SKU,価格\nシャツ,A-1,1980\n"
        );
        assert_eq!(
            decode("\u{feff}a,b".as_bytes(), Encoding::Utf8).unwrap(),
            "a,b"
        );
        assert!(decode(&[0x82], Encoding::Utf8).is_err());
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line() {
        let mut errors = Errors {
            list: Vec::new(),
            count: 0,
        };
        let text =
            "商品名,SKU,JAN,価格\nシャツ,A-1,4900000000019,1980\n,A-2,,abc\nパンツ,A-3,,500\n";
        let rows = parse_rows(text, CurrencyCode::Jpy, &mut errors);
        assert_eq!(rows.len(), 1, "only the valid row survives");
        let lines: Vec<(u64, Option<String>)> = errors
            .list
            .iter()
            .map(|e| (e.line, e.column.clone()))
            .collect();
        assert_eq!(
            lines,
            vec![
                (2, Some("barcode".into())),
                (3, Some("product_name".into())),
                (3, Some("price".into())),
            ]
        );
    }
    #[test]
    fn a_batch_creates_new_products_with_numbered_variants_and_updates_known_skus() {
        let mut errors = Errors {
            list: Vec::new(),
            count: 0,
        };
        let text = "商品名,SKU,価格\nシャツ,A-1,1980\nパンツ,B-1,500\nシャツ,A-2,1980\n";
        let rows = parse_rows(text, CurrencyCode::Jpy, &mut errors);
        let (pants, known_variant) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let known = vec![product_variant::Model {
            tenant_id: Uuid::nil(),
            id: known_variant,
            product_id: pants,
            sku: "B-1".into(),
            barcode: None,
            price: 400,
            cost: None,
            options: "[]".into(),
            position: 0,
            archived_at: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }];
        let mut plan = Plan::new(&rows, &known);
        let batch = plan.take_rows();
        let skus: Vec<&str> = batch.iter().map(|(_, r)| r.sku.as_str()).collect();
        assert_eq!(
            skus,
            ["A-1", "A-2", "B-1"],
            "grouped by product, in file order"
        );
        let starting = plan.start(&batch);
        let products = plan.product_rows(&starting, Uuid::nil(), Utc::now());
        assert_eq!(products.inserts.len(), 1);
        assert_eq!(products.updates.len(), 1);
        assert_eq!(products.updates[0].0, pants, "the known SKU's product");
        let current = HashMap::from([("B-1".to_owned(), known_variant)]);
        let variants = plan.variant_rows(&batch, &current, Uuid::nil(), Utc::now());
        let positions: Vec<(String, i32)> = variants
            .inserts
            .iter()
            .map(|v| (v.sku.clone().unwrap(), v.position.clone().unwrap()))
            .collect();
        assert_eq!(positions, [("A-1".into(), 0), ("A-2".into(), 1)]);
        assert_eq!(variants.updates.len(), 1);
        assert_eq!(variants.updates[0].0, known_variant);
        assert_eq!(variants.updates[0].1.price, Set(500));
    }
}
