//! Outsourced warehouses (3PL, 外部倉庫): what a warehouse must ship goes out as a CSV of
//! shipping instructions (出荷指示), and what it shipped comes back as a CSV of shipped
//! results (出荷実績) that Kura books as shipments.
//!
//! Instructions list, per order line, the units allocated at the location and not yet
//! shipped, with the delivery address. Results name the order number, line number, units,
//! carrier and tracking number; rows of one order with one tracking number are one parcel,
//! so one shipment. Every row is checked before anything is written. A parcel already
//! booked (the same order and tracking number, or the same rows imported before) is not
//! booked again, so importing the same file twice changes nothing.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use kura_shared::{Carrier, OrderStatus, ShipTo, ValidationError};
use sea_orm::{ColumnTrait, DatabaseConnection, QueryFilter, QueryOrder};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{NewShipment, OrderRecord, printing, read, shipping};
use crate::services::{
    ServiceError,
    access::Access,
    catalog::spreadsheet::{self, Encoding, RowError},
    sales::{customers, summary::time_zone},
    stock::inventory,
};
use crate::store::tenant::{
    TenantTx,
    records::{order, product_variant, shipment},
};

/// Most rows one results file takes.
pub const MAX_ROWS: usize = 10_000;
/// Most errors listed (the rest are counted).
const MAX_REPORTED: usize = 500;

/// The instructions' columns, in order: the layout the README documents.
pub const INSTRUCTION_COLUMNS: [&str; 17] = [
    "order_number",
    "line_number",
    "sku",
    "barcode",
    "product_name",
    "quantity",
    "ordered_on",
    "requested_date",
    "ship_to_name",
    "ship_to_postal_code",
    "ship_to_prefecture",
    "ship_to_city",
    "ship_to_line1",
    "ship_to_line2",
    "ship_to_phone",
    "customer_code",
    "note",
];

/// The results' columns, with the Japanese headings warehouses commonly use.
const RESULT_COLUMNS: &[(&str, &[&str])] = &[
    ("order_number", &["受注番号", "注文番号"]),
    ("line_number", &["行番号", "明細番号", "行"]),
    ("quantity", &["出荷数", "出荷数量", "数量"]),
    ("carrier", &["配送業者", "運送会社"]),
    (
        "tracking_number",
        &["伝票番号", "お問い合わせ番号", "追跡番号"],
    ),
];

/// What a results import found and did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResultsReport {
    /// Data rows read.
    pub rows: u64,
    /// True when shipments were booked (a valid file, not a dry run).
    pub applied: bool,
    /// Parcels booked now (or, on a dry run, that would be).
    pub shipments_created: u64,
    /// Parcels booked by an earlier import, left as they are.
    pub already_imported: u64,
    /// Units shipped by the new parcels.
    pub units: i64,
    /// Bad rows (up to 500).
    pub errors: Vec<RowError>,
    /// All bad rows.
    pub error_count: u64,
}

/// Every unit allocated at `location_id` and not yet shipped, one row per order line, oldest
/// order first, as CSV (UTF-8 with BOM). Store pickups are handed over at the counter and
/// are left out.
pub async fn instructions(
    db: &DatabaseConnection,
    access: &Access,
    location_id: Uuid,
) -> Result<String, ServiceError> {
    access.locations.check(location_id)?;
    let tx = TenantTx::read(db, access.tenant_id).await?;
    inventory::check_locations(&tx, &BTreeSet::from([location_id])).await?;
    let time_zone = time_zone(&tx.company().await?.time_zone);
    let heads = tx
        .select::<order::Model>()
        .filter(order::Column::LocationId.eq(location_id))
        .filter(order::Column::PickupLocationId.is_null())
        .filter(order::Column::Status.is_in([
            OrderStatus::Confirmed,
            OrderStatus::Backordered,
            OrderStatus::PartiallyShipped,
        ]))
        .order_by_asc(order::Column::OrderedAt)
        .order_by_asc(order::Column::Number)
        .all(tx.conn())
        .await?;
    let orders = read::with_lines(&tx, heads).await?;
    let variant_ids: Vec<Uuid> = orders
        .iter()
        .flat_map(|o| o.lines.iter().map(|l| l.variant_id))
        .collect();
    let barcodes: HashMap<Uuid, String> = if variant_ids.is_empty() {
        HashMap::new()
    } else {
        tx.select::<product_variant::Model>()
            .filter(product_variant::Column::Id.is_in(variant_ids))
            .all(tx.conn())
            .await?
            .into_iter()
            .filter_map(|v| Some((v.id, v.barcode?)))
            .collect()
    };
    let customer_ids: Vec<Uuid> = orders.iter().filter_map(|o| o.customer_id).collect();
    let buyers: HashMap<Uuid, customers::CustomerRecord> = customers::load_many(&tx, &customer_ids)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    tx.commit().await?;
    instruction_csv(&orders, &barcodes, &buyers, time_zone)
}

/// The instructions CSV of `orders` (pure: everything it prints is given).
fn instruction_csv(
    orders: &[OrderRecord],
    barcodes: &HashMap<Uuid, String>,
    buyers: &HashMap<Uuid, customers::CustomerRecord>,
    time_zone: chrono_tz::Tz,
) -> Result<String, ServiceError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(INSTRUCTION_COLUMNS).map_err(internal)?;
    for o in orders {
        let buyer = o.customer_id.and_then(|id| buyers.get(&id));
        let to = o.ship_to.clone().unwrap_or_else(|| ShipTo {
            name: buyer.map(|b| b.profile.name.clone()).unwrap_or_default(),
            ..ShipTo::default()
        });
        for l in o.lines.iter().filter(|l| l.units.allocated > 0) {
            writer
                .write_record([
                    o.number.clone(),
                    l.line_number.to_string(),
                    l.sku.clone(),
                    barcodes.get(&l.variant_id).cloned().unwrap_or_default(),
                    l.name.clone(),
                    l.units.allocated.to_string(),
                    printing::day(o.ordered_at, time_zone),
                    o.requested_date
                        .map(|d| d.format("%Y-%m-%d").to_string())
                        .unwrap_or_default(),
                    to.name.clone(),
                    to.postal_code.clone(),
                    to.prefecture.clone(),
                    to.city.clone(),
                    to.line1.clone(),
                    to.line2.clone(),
                    to.phone.clone(),
                    buyer
                        .and_then(|b| b.profile.code.as_ref())
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                    o.note.clone(),
                ])
                .map_err(internal)?;
        }
    }
    spreadsheet::spreadsheet_text(writer)
}

/// One row of a results file.
#[derive(Debug, Clone)]
struct Row {
    line: u64,
    order_number: String,
    line_number: i32,
    quantity: i64,
    carrier: Carrier,
    tracking: String,
}

/// One parcel: an order's rows with one tracking number.
#[derive(Debug)]
struct Parcel {
    order: OrderRecord,
    carrier: Carrier,
    tracking: String,
    lines: BTreeMap<i32, i64>,
    /// The first row of the parcel, for errors.
    line: u64,
}

impl Parcel {
    /// The same parcel always gets the same key, so a second import (or a retry after a
    /// dropped connection) books it once.
    fn key(&self) -> String {
        let mut digest = Sha256::new();
        digest.update(self.order.id.as_bytes());
        digest.update(self.tracking.as_bytes());
        for (number, units) in &self.lines {
            digest.update(format!("|{number}:{units}").as_bytes());
        }
        format!("3pl-{}", hex::encode(&digest.finalize()[..16]))
    }
}

fn row_error(line: u64, column: Option<&str>, code: &str, message: impl Into<String>) -> RowError {
    RowError {
        line,
        column: column.map(str::to_owned),
        code: code.to_owned(),
        message: message.into(),
    }
}

/// A carrier by its code or its Japanese name; empty is "other".
fn carrier(text: &str) -> Option<Carrier> {
    let text = text.trim();
    if text.is_empty() {
        return Some(Carrier::Other);
    }
    [
        Carrier::Yamato,
        Carrier::Sagawa,
        Carrier::JapanPost,
        Carrier::Other,
    ]
    .into_iter()
    .find(|c| {
        c.as_str().eq_ignore_ascii_case(text)
            || c.name_ja() == text
            || (*c == Carrier::Yamato && text == "ヤマト")
            || (*c == Carrier::Sagawa && text == "佐川")
            || (*c == Carrier::JapanPost && (text == "ゆうパック" || text == "郵便"))
    })
}

/// The rows of a results file, and the bad ones.
fn parse(text: &str) -> Result<(Vec<Row>, Vec<RowError>), ServiceError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| invalid_file(format!("The header row cannot be read: {e}")))?
        .clone();
    let position = columns(&headers)?;
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index as u64 + 2;
        let record = match record {
            Ok(record) if record.iter().all(str::is_empty) => continue,
            Ok(record) => record,
            Err(e) => {
                errors.push(row_error(line, None, "csv.row", e.to_string()));
                continue;
            }
        };
        if rows.len() + errors.len() >= MAX_ROWS {
            return Err(invalid_file(format!(
                "A results file has at most {MAX_ROWS} rows"
            )));
        }
        let cell = |name: &str| {
            position
                .get(name)
                .and_then(|i| record.get(*i))
                .unwrap_or_default()
                .to_owned()
        };
        match read_row(line, cell) {
            Ok(row) => rows.push(row),
            Err(error) => errors.push(error),
        }
    }
    Ok((rows, errors))
}

/// Where each known column is, by its English or Japanese heading; the three needed ones
/// must be there.
fn columns(headers: &csv::StringRecord) -> Result<HashMap<&'static str, usize>, ServiceError> {
    let mut position: HashMap<&'static str, usize> = HashMap::new();
    for (i, heading) in headers.iter().enumerate() {
        let heading = heading.trim().trim_start_matches('\u{feff}');
        if let Some((name, _)) = RESULT_COLUMNS
            .iter()
            .find(|(name, aliases)| *name == heading || aliases.contains(&heading))
        {
            position.entry(name).or_insert(i);
        }
    }
    for required in ["order_number", "line_number", "quantity"] {
        if !position.contains_key(required) {
            return Err(invalid_file(format!(
                "The file needs a {required} column (see the README for the layout)"
            )));
        }
    }
    Ok(position)
}

/// One data row from its cells (`cell` gives a column's text, empty when absent).
fn read_row(line: u64, cell: impl Fn(&str) -> String) -> Result<Row, RowError> {
    let order_number = cell("order_number");
    if order_number.is_empty() {
        return Err(row_error(
            line,
            Some("order_number"),
            "order.number_required",
            "Which order shipped?",
        ));
    }
    let Ok(line_number) = cell("line_number").parse::<i32>() else {
        return Err(row_error(
            line,
            Some("line_number"),
            "order.line_number",
            format!("{:?} is not a line number", cell("line_number")),
        ));
    };
    let quantity = match cell("quantity").parse::<i64>() {
        Ok(n) if n >= 1 => n,
        _ => {
            return Err(row_error(
                line,
                Some("quantity"),
                "order.quantity",
                format!(
                    "{:?} is not a number of units (1 or more)",
                    cell("quantity")
                ),
            ));
        }
    };
    let Some(carrier) = carrier(&cell("carrier")) else {
        return Err(row_error(
            line,
            Some("carrier"),
            "shipment.carrier",
            format!(
                "{:?} is not a carrier: YAMATO (ヤマト運輸), SAGAWA (佐川急便), JAPAN_POST (日本郵便) or OTHER",
                cell("carrier")
            ),
        ));
    };
    let tracking = cell("tracking_number");
    if tracking.chars().count() > 64 {
        return Err(row_error(
            line,
            Some("tracking_number"),
            "text.too_long",
            "A tracking number has at most 64 characters",
        ));
    }
    Ok(Row {
        line,
        order_number,
        line_number,
        quantity,
        carrier,
        tracking,
    })
}

fn invalid_file(message: String) -> ServiceError {
    ValidationError::new("csv.layout", message)
        .with_field("content")
        .into()
}

/// Books a 3PL's shipped results at `location_id`: each parcel becomes a shipment of what
/// its order holds there. Every row is checked first (order at this location and within
/// reach, line on the order, units no more than the line has allocated and not yet shipped
/// by an earlier parcel in the file); a file with a bad row books nothing. `dry_run` checks
/// and counts only.
pub async fn import_results(
    db: &DatabaseConnection,
    access: &Access,
    location_id: Uuid,
    bytes: &[u8],
    encoding: Encoding,
    dry_run: bool,
) -> Result<ResultsReport, ServiceError> {
    access.locations.check(location_id)?;
    let text = spreadsheet::decode(bytes, encoding)?;
    let (rows, mut errors) = parse(&text)?;
    let mut report = ResultsReport {
        rows: (rows.len() + errors.len()) as u64,
        ..ResultsReport::default()
    };

    let tx = TenantTx::read(db, access.tenant_id).await?;
    inventory::check_locations(&tx, &BTreeSet::from([location_id])).await?;
    let numbers: Vec<String> = rows.iter().map(|r| r.order_number.clone()).collect();
    let heads = tx
        .select::<order::Model>()
        .filter(order::Column::Number.is_in(numbers))
        .all(tx.conn())
        .await?;
    let orders: HashMap<String, OrderRecord> = read::with_lines(&tx, heads)
        .await?
        .into_iter()
        .map(|o| (o.number.clone(), o))
        .collect();
    let ids: Vec<Uuid> = orders.values().map(|o| o.id).collect();
    let booked: Vec<(Uuid, String)> = if ids.is_empty() {
        Vec::new()
    } else {
        tx.select::<shipment::Model>()
            .filter(shipment::Column::OrderId.is_in(ids))
            .all(tx.conn())
            .await?
            .into_iter()
            .map(|s| (s.order_id, s.tracking_number))
            .collect()
    };
    tx.commit().await?;

    let mut parcels: BTreeMap<(String, String), Parcel> = BTreeMap::new();
    for row in rows {
        let Some(order) = orders
            .get(&row.order_number)
            .filter(|o| access.locations.allows(o.location_id) && o.location_id == location_id)
        else {
            errors.push(row_error(
                row.line,
                Some("order_number"),
                "order.not_here",
                format!("No order {} ships from this location", row.order_number),
            ));
            continue;
        };
        if !order.lines.iter().any(|l| l.line_number == row.line_number) {
            errors.push(row_error(
                row.line,
                Some("line_number"),
                "order.line_number",
                format!("Order {} has no line {}", order.number, row.line_number),
            ));
            continue;
        }
        let parcel = parcels
            .entry((row.order_number.clone(), row.tracking.clone()))
            .or_insert_with(|| Parcel {
                order: order.clone(),
                carrier: row.carrier,
                tracking: row.tracking.clone(),
                lines: BTreeMap::new(),
                line: row.line,
            });
        *parcel.lines.entry(row.line_number).or_default() += row.quantity;
    }

    // A parcel already booked stays as it is; the others must fit what each line holds.
    let mut fresh = Vec::new();
    let mut taken: HashMap<(Uuid, i32), i64> = HashMap::new();
    for parcel in parcels.into_values() {
        let again = !parcel.tracking.is_empty()
            && booked
                .iter()
                .any(|(id, tracking)| *id == parcel.order.id && *tracking == parcel.tracking);
        if again {
            report.already_imported += 1;
            continue;
        }
        if !parcel.order.status.can_ship() {
            errors.push(row_error(
                parcel.line,
                Some("order_number"),
                "order.status",
                format!(
                    "Order {} cannot ship while it is {}",
                    parcel.order.number, parcel.order.status
                ),
            ));
            continue;
        }
        let mut fits = true;
        for (number, units) in &parcel.lines {
            let held = parcel
                .order
                .lines
                .iter()
                .find(|l| l.line_number == *number)
                .map_or(0, |l| l.units.allocated);
            let used = taken.entry((parcel.order.id, *number)).or_default();
            if *used + units > held {
                errors.push(row_error(
                    parcel.line,
                    Some("quantity"),
                    "shipment.over_allocated",
                    format!(
                        "Order {} line {number} holds {} unit(s) to ship, not {}",
                        parcel.order.number,
                        held - *used,
                        units
                    ),
                ));
                fits = false;
            } else {
                *used += units;
            }
        }
        if fits {
            fresh.push(parcel);
        }
    }
    errors.sort_by_key(|e| e.line);
    report.error_count = errors.len() as u64;
    errors.truncate(MAX_REPORTED);
    report.errors = errors;
    report.shipments_created = fresh.len() as u64;
    report.units = fresh
        .iter()
        .flat_map(|p| p.lines.values())
        .fold(0, |sum, n| sum.saturating_add(*n));
    if dry_run || report.error_count > 0 {
        return Ok(report);
    }
    for parcel in &fresh {
        shipping::ship(
            db,
            access,
            NewShipment {
                order_id: parcel.order.id,
                lines: parcel.lines.iter().map(|(n, u)| (*n, *u)).collect(),
                carrier: parcel.carrier,
                tracking_number: Some(parcel.tracking.clone()).filter(|t| !t.is_empty()),
                note: Some("3PL shipped results".to_owned()),
                idempotency_key: Some(parcel.key()),
            },
        )
        .await?;
    }
    report.applied = true;
    Ok(report)
}

fn internal(e: csv::Error) -> ServiceError {
    ServiceError::internal(e)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn carriers_are_read_by_code_or_japanese_name() {
        assert_eq!(carrier("YAMATO"), Some(Carrier::Yamato));
        assert_eq!(carrier("ヤマト運輸"), Some(Carrier::Yamato));
        assert_eq!(carrier("佐川急便"), Some(Carrier::Sagawa));
        assert_eq!(carrier("ゆうパック"), Some(Carrier::JapanPost));
        assert_eq!(carrier(""), Some(Carrier::Other));
        assert_eq!(
            carrier("STORE_PICKUP"),
            None,
            "a counter handover is no parcel"
        );
        assert_eq!(carrier("ペリカン便"), None);
    }

    #[test]
    fn japanese_headings_are_understood_and_bad_rows_are_listed_by_line() {
        let text = "\u{feff}受注番号,行番号,出荷数,配送業者,伝票番号\n\
                    SO-2026-000001,1,2,ヤマト運輸,1234-5678-9012\n\
                    SO-2026-000001,x,1,,\n\
                    ,1,1,,\n\
                    SO-2026-000002,1,0,,\n\
                    SO-2026-000002,1,1,ペリカン便,\n";
        let (rows, errors) = parse(text).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].carrier, Carrier::Yamato);
        assert_eq!(rows[0].tracking, "1234-5678-9012");
        let lines: Vec<(u64, &str)> = errors.iter().map(|e| (e.line, e.code.as_str())).collect();
        assert_eq!(
            lines,
            [
                (3, "order.line_number"),
                (4, "order.number_required"),
                (5, "order.quantity"),
                (6, "shipment.carrier")
            ]
        );
        assert!(
            parse("order,qty\nSO-1,1\n").is_err(),
            "no line_number column"
        );
    }
}
