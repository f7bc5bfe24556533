//! Stock operations beyond the matrix: transfers between locations, stock counts (棚卸),
//! replenishment suggestions, and the products CSV import and the CSV exports. Each function
//! is one GraphQL document and returns the pages' own types.

use kura_shared::{StockCountStatus, TransferStatus};
use serde::{Deserialize, Serialize};

use super::stock::{LocationRef, StockLevel, VariantRef};
use super::wire::{IdVars, InputVars};
use super::{ApiError, query};

/// The largest page the API serves.
const FULL_PAGE: u32 = 250;

#[derive(Serialize)]
struct IdInputVars<'a, T> {
    id: &'a str,
    input: T,
}

/// A connection's nodes.
#[derive(Deserialize)]
struct Nodes<T> {
    nodes: Vec<T>,
}

// ---------- Variant lookup ----------

const VARIANT_LOOKUP_QUERY: &str = "query VariantLookup($sku: String, $barcode: String) { productVariant(sku: $sku, barcode: $barcode) { id sku barcode title product { name } } }";

/// A variant found by SKU or barcode.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct FoundVariant {
    /// Global id.
    pub id: String,
    /// SKU.
    pub sku: String,
    /// Barcode, if any.
    #[serde(default)]
    pub barcode: Option<String>,
    /// `M / Navy`, or empty.
    pub title: String,
    /// Its product.
    pub product: super::stock::ProductRef,
}

/// The variant whose barcode (all digits) or SKU is `code`; `None` when there is none.
pub async fn find_variant(code: String) -> Result<Option<FoundVariant>, ApiError> {
    super::variant_by_code(VARIANT_LOOKUP_QUERY, code).await
}

// ---------- Transfers ----------

macro_rules! transfer_fields {
    () => {
        "{ id number status fromLocationId toLocationId note totalQuantity createdAt updatedAt shippedAt receivedAt cancelledAt fromLocation { code name } toLocation { code name } lines { variantId quantity receivedQuantity missingQuantity outstandingQuantity discrepancyReason variant { sku title product { name } } } }"
    };
}

const TRANSFERS_QUERY: &str = concat!(
    "query Transfers($first: Int, $status: TransferStatus, $locationIds: [ID!]) { transfers(first: $first, status: $status, locationIds: $locationIds) { nodes ",
    transfer_fields!(),
    " } }"
);
const TRANSFER_QUERY: &str = concat!(
    "query Transfer($id: ID!) { transfer(id: $id) ",
    transfer_fields!(),
    " }"
);
const CREATE_TRANSFER_MUTATION: &str = concat!(
    "mutation CreateTransfer($input: CreateTransferInput!) { createTransfer(input: $input) ",
    transfer_fields!(),
    " }"
);
const UPDATE_TRANSFER_MUTATION: &str = concat!(
    "mutation UpdateTransfer($id: ID!, $input: UpdateTransferInput!) { updateTransfer(id: $id, input: $input) ",
    transfer_fields!(),
    " }"
);
const SHIP_TRANSFER_MUTATION: &str = concat!(
    "mutation ShipTransfer($id: ID!) { shipTransfer(id: $id) ",
    transfer_fields!(),
    " }"
);
const RECEIVE_TRANSFER_MUTATION: &str = concat!(
    "mutation ReceiveTransfer($id: ID!, $input: ReceiveTransferInput!) { receiveTransfer(id: $id, input: $input) ",
    transfer_fields!(),
    " }"
);
const CANCEL_TRANSFER_MUTATION: &str = concat!(
    "mutation CancelTransfer($id: ID!) { cancelTransfer(id: $id) ",
    transfer_fields!(),
    " }"
);

/// One variant on a transfer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransferLine {
    /// The variant.
    pub variant_id: String,
    /// Units shipped (planned while DRAFT).
    pub quantity: i64,
    /// Units received so far.
    pub received_quantity: i64,
    /// Units recorded missing on closing.
    pub missing_quantity: i64,
    /// Still in transit.
    pub outstanding_quantity: i64,
    /// Why units are missing.
    #[serde(default)]
    pub discrepancy_reason: Option<String>,
    /// Names.
    pub variant: VariantRef,
}

/// Goods moving between two locations.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Transfer {
    /// Global id.
    pub id: String,
    /// `TR-000001`.
    pub number: String,
    /// Where it stands.
    pub status: TransferStatus,
    /// Source.
    pub from_location_id: String,
    /// Destination.
    pub to_location_id: String,
    /// Free text.
    pub note: String,
    /// Units on all lines.
    pub total_quantity: i64,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub updated_at: String,
    /// RFC 3339.
    #[serde(default)]
    pub shipped_at: Option<String>,
    /// RFC 3339.
    #[serde(default)]
    pub received_at: Option<String>,
    /// RFC 3339.
    #[serde(default)]
    pub cancelled_at: Option<String>,
    /// Source's names.
    pub from_location: LocationRef,
    /// Destination's names.
    pub to_location: LocationRef,
    /// One per variant.
    pub lines: Vec<TransferLine>,
}

impl Transfer {
    /// True between shipping and the last receipt: its outstanding units are on the road.
    pub fn moving(&self) -> bool {
        matches!(
            self.status,
            TransferStatus::Shipped | TransferStatus::PartiallyReceived
        )
    }

    /// Units in transit over all lines (none before shipping or once cancelled).
    pub fn in_transit(&self) -> i64 {
        if self.moving() {
            self.lines
                .iter()
                .fold(0, |sum, l| sum.saturating_add(l.outstanding_quantity))
        } else {
            0
        }
    }
}

/// What the transfer list is narrowed to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TransferFilter {
    /// Only this status.
    pub status: Option<TransferStatus>,
    /// From or to these locations.
    pub location_ids: Option<Vec<String>>,
}

/// `TransferLineInput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TransferLineInput {
    /// The variant.
    pub variant_id: String,
    /// Units, above 0.
    pub quantity: i64,
}

/// `CreateTransferInput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateTransferInput {
    /// Source.
    pub from_location_id: String,
    /// Destination.
    pub to_location_id: String,
    /// Lines.
    pub lines: Vec<TransferLineInput>,
    /// Free text.
    pub note: String,
    /// So a double click creates one transfer.
    pub idempotency_key: String,
}

/// `UpdateTransferInput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateTransferInput {
    /// Replaces every line.
    pub lines: Vec<TransferLineInput>,
    /// Free text.
    pub note: String,
}

/// `ReceiveTransferInput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReceiveTransferInput {
    /// Units arrived now per variant.
    pub lines: Vec<TransferLineInput>,
    /// Close: the rest is missing.
    pub close: bool,
    /// Why units are missing.
    pub discrepancy_reason: Option<String>,
}

/// Transfers, newest first.
pub async fn transfers(filter: TransferFilter) -> Result<Vec<Transfer>, ApiError> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Vars {
        first: u32,
        #[serde(flatten)]
        filter: TransferFilter,
    }
    #[derive(Deserialize)]
    struct Data {
        transfers: Nodes<Transfer>,
    }
    let vars = Vars {
        first: FULL_PAGE,
        filter,
    };
    query::<_, Data>(TRANSFERS_QUERY, vars)
        .await
        .map(|d| d.transfers.nodes)
}

/// One transfer.
pub async fn transfer(id: String) -> Result<Transfer, ApiError> {
    #[derive(Deserialize)]
    struct Data {
        transfer: Transfer,
    }
    query::<_, Data>(TRANSFER_QUERY, IdVars { id: &id })
        .await
        .map(|d| d.transfer)
}

/// Plans a transfer (DRAFT).
pub async fn create_transfer(input: CreateTransferInput) -> Result<Transfer, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        create_transfer: Transfer,
    }
    query::<_, Data>(CREATE_TRANSFER_MUTATION, InputVars { input })
        .await
        .map(|d| d.create_transfer)
}

/// Changes a DRAFT's lines and note.
pub async fn update_transfer(id: String, input: UpdateTransferInput) -> Result<Transfer, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        update_transfer: Transfer,
    }
    query::<_, Data>(UPDATE_TRANSFER_MUTATION, IdInputVars { id: &id, input })
        .await
        .map(|d| d.update_transfer)
}

/// Ships a DRAFT.
pub async fn ship_transfer(id: String) -> Result<Transfer, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        ship_transfer: Transfer,
    }
    query::<_, Data>(SHIP_TRANSFER_MUTATION, IdVars { id: &id })
        .await
        .map(|d| d.ship_transfer)
}

/// Receives what arrived.
pub async fn receive_transfer(
    id: String,
    input: ReceiveTransferInput,
) -> Result<Transfer, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        receive_transfer: Transfer,
    }
    query::<_, Data>(RECEIVE_TRANSFER_MUTATION, IdInputVars { id: &id, input })
        .await
        .map(|d| d.receive_transfer)
}

/// Cancels a DRAFT.
pub async fn cancel_transfer(id: String) -> Result<Transfer, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        cancel_transfer: Transfer,
    }
    query::<_, Data>(CANCEL_TRANSFER_MUTATION, IdVars { id: &id })
        .await
        .map(|d| d.cancel_transfer)
}

// ---------- Stock counts ----------

macro_rules! count_fields {
    () => {
        "{ id number status locationId partial note createdAt updatedAt finalizedAt location { code name } lines { variantId counted expected difference countedAt variant { sku barcode title product { name } } } uncounted { variantId onHand variant { sku barcode title product { name } } } }"
    };
}

const COUNTS_QUERY: &str = concat!(
    "query StockCounts($first: Int, $status: StockCountStatus, $locationId: ID) { stockCounts(first: $first, status: $status, locationId: $locationId) { nodes ",
    count_fields!(),
    " } }"
);
const COUNT_QUERY: &str = concat!(
    "query StockCount($id: ID!) { stockCount(id: $id) ",
    count_fields!(),
    " }"
);
const START_COUNT_MUTATION: &str = concat!(
    "mutation StartStockCount($input: StartStockCountInput!) { startStockCount(input: $input) ",
    count_fields!(),
    " }"
);
const RECORD_COUNT_MUTATION: &str = concat!(
    "mutation RecordStockCount($input: RecordStockCountInput!) { recordStockCount(input: $input) ",
    count_fields!(),
    " }"
);
const FINALIZE_COUNT_MUTATION: &str = concat!(
    "mutation FinalizeStockCount($id: ID!, $zeroUncounted: Boolean!) { finalizeStockCount(id: $id, zeroUncounted: $zeroUncounted) ",
    count_fields!(),
    " }"
);
const CANCEL_COUNT_MUTATION: &str = concat!(
    "mutation CancelStockCount($id: ID!) { cancelStockCount(id: $id) ",
    count_fields!(),
    " }"
);

/// A variant as a count names it (with its barcode, for scanning).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CountVariant {
    /// SKU.
    pub sku: String,
    /// Barcode.
    #[serde(default)]
    pub barcode: Option<String>,
    /// `M / Navy`, or empty.
    pub title: String,
    /// Its product.
    pub product: super::stock::ProductRef,
}

/// One counted variant.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CountLine {
    /// The variant.
    pub variant_id: String,
    /// On the shelf.
    pub counted: i64,
    /// The books when last recorded.
    pub expected: i64,
    /// `counted − expected`.
    pub difference: i64,
    /// RFC 3339.
    pub counted_at: String,
    /// Names.
    pub variant: CountVariant,
}

/// A variant covered but not counted yet.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UncountedVariant {
    /// The variant.
    pub variant_id: String,
    /// The books now.
    pub on_hand: i64,
    /// Names.
    pub variant: CountVariant,
}

/// A physical count of a location.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StockCount {
    /// Global id.
    pub id: String,
    /// `SC-000001`.
    pub number: String,
    /// Where it stands.
    pub status: StockCountStatus,
    /// Where.
    pub location_id: String,
    /// Only some products.
    pub partial: bool,
    /// Free text.
    pub note: String,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub updated_at: String,
    /// RFC 3339.
    #[serde(default)]
    pub finalized_at: Option<String>,
    /// Where, named.
    pub location: LocationRef,
    /// Counted so far.
    pub lines: Vec<CountLine>,
    /// Not counted yet.
    pub uncounted: Vec<UncountedVariant>,
}

/// `StartStockCountInput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StartCountInput {
    /// Where.
    pub location_id: String,
    /// Only these products; `None` for everything there.
    pub product_ids: Option<Vec<String>>,
    /// Free text.
    pub note: String,
}

/// How a counted quantity applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CountMode {
    /// Replace the line.
    Set,
    /// Add to it.
    Add,
}

/// `StockCountLineInput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CountLineInput {
    /// By id…
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant_id: Option<String>,
    /// …or by scanned barcode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub barcode: Option<String>,
    /// Units.
    pub counted: i64,
    /// SET or ADD.
    pub mode: CountMode,
}

/// `RecordStockCountInput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordCountInput {
    /// The count.
    pub count_id: String,
    /// What was counted.
    pub lines: Vec<CountLineInput>,
    /// Scanners retry.
    pub idempotency_key: String,
}

/// Counts, newest first.
pub async fn stock_counts(status: Option<StockCountStatus>) -> Result<Vec<StockCount>, ApiError> {
    #[derive(Serialize)]
    struct Vars {
        first: u32,
        status: Option<StockCountStatus>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        stock_counts: Nodes<StockCount>,
    }
    let vars = Vars {
        first: FULL_PAGE,
        status,
    };
    query::<_, Data>(COUNTS_QUERY, vars)
        .await
        .map(|d| d.stock_counts.nodes)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CountData {
    #[serde(
        alias = "stockCount",
        alias = "startStockCount",
        alias = "recordStockCount",
        alias = "finalizeStockCount",
        alias = "cancelStockCount"
    )]
    count: StockCount,
}

/// One count.
pub async fn stock_count(id: String) -> Result<StockCount, ApiError> {
    query::<_, CountData>(COUNT_QUERY, IdVars { id: &id })
        .await
        .map(|d| d.count)
}

/// Opens a count.
pub async fn start_stock_count(input: StartCountInput) -> Result<StockCount, ApiError> {
    query::<_, CountData>(START_COUNT_MUTATION, InputVars { input })
        .await
        .map(|d| d.count)
}

/// Records counted quantities.
pub async fn record_stock_count(input: RecordCountInput) -> Result<StockCount, ApiError> {
    query::<_, CountData>(RECORD_COUNT_MUTATION, InputVars { input })
        .await
        .map(|d| d.count)
}

/// Posts the differences and closes the count.
pub async fn finalize_stock_count(
    id: String,
    zero_uncounted: bool,
) -> Result<StockCount, ApiError> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Vars<'a> {
        id: &'a str,
        zero_uncounted: bool,
    }
    let vars = Vars {
        id: &id,
        zero_uncounted,
    };
    query::<_, CountData>(FINALIZE_COUNT_MUTATION, vars)
        .await
        .map(|d| d.count)
}

/// Abandons an OPEN count.
pub async fn cancel_stock_count(id: String) -> Result<StockCount, ApiError> {
    query::<_, CountData>(CANCEL_COUNT_MUTATION, IdVars { id: &id })
        .await
        .map(|d| d.count)
}

// ---------- Replenishment ----------

macro_rules! suggestion_level {
    () => {
        "{ id variantId locationId onHand allocated available incoming version reorderPoint reorderQuantity low negative location { code name } }"
    };
}

const SUGGESTIONS_QUERY: &str = concat!(
    "query Replenishment { replenishmentSuggestions { quantity recentSales action stockLevel { id variantId locationId onHand allocated available incoming version reorderPoint reorderQuantity low negative location { code name } variant { sku title product { name } } } source ",
    suggestion_level!(),
    " } }"
);

/// Transfer from elsewhere, or buy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ReplenishmentAction {
    /// From `source`.
    Transfer,
    /// From a supplier.
    Buy,
}

/// A stock row with its location's names.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct NamedLevel {
    /// The row.
    #[serde(flatten)]
    pub level: StockLevel,
    /// Where.
    pub location: LocationRef,
}

/// The low row, with the variant's names too.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LowLevel {
    /// The row.
    #[serde(flatten)]
    pub level: StockLevel,
    /// Where.
    pub location: LocationRef,
    /// What.
    pub variant: VariantRef,
}

/// What to do about one low row.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Suggestion {
    /// The low row.
    pub stock_level: LowLevel,
    /// Units to bring in.
    pub quantity: i64,
    /// Sold there in 28 days.
    pub recent_sales: i64,
    /// Transfer or buy.
    pub action: ReplenishmentAction,
    /// For TRANSFER: where from.
    #[serde(default)]
    pub source: Option<NamedLevel>,
}

/// Every suggestion.
pub async fn replenishment_suggestions() -> Result<Vec<Suggestion>, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        replenishment_suggestions: Vec<Suggestion>,
    }
    query::<_, Data>(SUGGESTIONS_QUERY, ())
        .await
        .map(|d| d.replenishment_suggestions)
}

// ---------- CSV import and export ----------

const IMPORT_MUTATION: &str = "mutation ImportProducts($input: ImportProductsInput!) { importProducts(input: $input) { rows applied productsCreated variantsCreated variantsUpdated errorCount errors { line column code message } } }";
const EXPORT_PRODUCTS_QUERY: &str = "query ExportProducts { exportProducts }";
const EXPORT_MOVEMENTS_QUERY: &str = "query ExportStockMovements { exportStockMovements }";

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

/// One bad row.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CsvRowError {
    /// Line in the file (header = 1).
    pub line: i64,
    /// Column at fault.
    #[serde(default)]
    pub column: Option<String>,
    /// Stable sub-code.
    pub code: String,
    /// Explanation.
    pub message: String,
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

/// The stock ledger as CSV.
pub async fn export_stock_movements() -> Result<String, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        export_stock_movements: String,
    }
    query::<_, Data>(EXPORT_MOVEMENTS_QUERY, ())
        .await
        .map(|d| d.export_stock_movements)
}

/// Standard base64 (with padding) of `bytes`, for `ImportProductsInput.content`.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let sextet = |shift: u32| char::from(ALPHABET[((n >> shift) & 63) as usize]);
        out.push(sextet(18));
        out.push(sextet(12));
        out.push(if chunk.len() > 1 { sextet(6) } else { '=' });
        out.push(if chunk.len() > 2 { sextet(0) } else { '=' });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_alphabet_and_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64("棚卸".as_bytes()), "5qOa5Y24");
    }

    #[test]
    fn count_lines_name_the_variant_one_way() {
        let line = serde_json::to_value(CountLineInput {
            variant_id: None,
            barcode: Some("4901234567894".to_owned()),
            counted: 1,
            mode: CountMode::Add,
        })
        .expect("serialises");
        assert_eq!(
            line,
            serde_json::json!({ "barcode": "4901234567894", "counted": 1, "mode": "ADD" })
        );
    }
}
