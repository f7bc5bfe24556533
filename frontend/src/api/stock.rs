//! The stock area's operations: locations, the catalogue (products and their variants), stock
//! rows, the movement ledger, low stock, and the live `stockLevelChanged` subscription. Each
//! function is one GraphQL document and returns the page's own types.

use kura_shared::{LocationKind, MovementReason, ProductStatus, TaxClass};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use super::wire::{Connection, IdVars, InputVars, Page, all_pages};
use super::{ApiError, query};

/// The largest page the API serves; lists the dashboard needs whole are fetched in these.
const FULL_PAGE: u32 = 250;

/// A `Decimal` scalar as text, whether the server sent a string or a number.
fn decimal_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::String(text) => text,
        other => other.to_string(),
    })
}

// ---------- Locations ----------

macro_rules! location_fields {
    () => {
        "{ id code name kind address timeZone sellableOnline pickupEnabled archived }"
    };
}

const LOCATIONS_QUERY: &str = concat!(
    "query Locations($first: Int, $after: String, $includeArchived: Boolean!) { locations(first: $first, after: $after, includeArchived: $includeArchived) { nodes ",
    location_fields!(),
    " pageInfo { hasNextPage endCursor } } }"
);
const CREATE_LOCATION_MUTATION: &str = concat!(
    "mutation CreateLocation($input: CreateLocationInput!) { createLocation(input: $input) ",
    location_fields!(),
    " }"
);
const UPDATE_LOCATION_MUTATION: &str = concat!(
    "mutation UpdateLocation($id: ID!, $input: UpdateLocationInput!) { updateLocation(id: $id, input: $input) ",
    location_fields!(),
    " }"
);
const ARCHIVE_LOCATION_MUTATION: &str = concat!(
    "mutation ArchiveLocation($id: ID!) { archiveLocation(id: $id) ",
    location_fields!(),
    " }"
);
const RESTORE_LOCATION_MUTATION: &str = concat!(
    "mutation RestoreLocation($id: ID!) { restoreLocation(id: $id) ",
    location_fields!(),
    " }"
);
const DELETE_LOCATION_MUTATION: &str =
    "mutation DeleteLocation($id: ID!) { deleteLocation(id: $id) }";

/// A store, warehouse (own or 3PL) or virtual EC location.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    /// Global id.
    pub id: String,
    /// Short unique code, e.g. `SHIBUYA`.
    pub code: String,
    /// Display name.
    pub name: String,
    /// What kind of place.
    pub kind: LocationKind,
    /// Postal address, free text.
    pub address: String,
    /// IANA time zone of its business day.
    pub time_zone: String,
    /// Its stock counts towards what EC channels may sell.
    pub sellable_online: bool,
    /// Customers can pick up online orders here.
    pub pickup_enabled: bool,
    /// Archived: kept for history, out of pickers.
    pub archived: bool,
}

/// Everything a location form sends; creating and editing take the same fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LocationInput {
    /// Short unique code, already checked with `LocationCode`.
    pub code: String,
    /// Display name.
    pub name: String,
    /// What kind of place.
    pub kind: LocationKind,
    /// Postal address.
    pub address: String,
    /// IANA time zone.
    pub time_zone: String,
    /// Counts towards EC stock.
    pub sellable_online: bool,
    /// Pickup point.
    pub pickup_enabled: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LocationsVars {
    first: u32,
    after: Option<String>,
    include_archived: bool,
}

#[derive(Deserialize)]
struct LocationsData {
    locations: Connection<Location>,
}

#[derive(Serialize)]
struct UpdateVars<'a, T> {
    id: &'a str,
    input: T,
}

/// Every location of the company, by code; archived ones too when `include_archived`.
pub async fn locations(include_archived: bool) -> Result<Vec<Location>, ApiError> {
    all_pages(|after| async move {
        let vars = LocationsVars {
            first: FULL_PAGE,
            after,
            include_archived,
        };
        query::<_, LocationsData>(LOCATIONS_QUERY, vars)
            .await
            .map(|d| d.locations.into_page())
    })
    .await
}

/// Creates a location.
pub async fn create_location(input: LocationInput) -> Result<Location, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        create_location: Location,
    }
    query::<_, Data>(CREATE_LOCATION_MUTATION, InputVars { input })
        .await
        .map(|d| d.create_location)
}

/// Changes a location.
pub async fn update_location(id: String, input: LocationInput) -> Result<Location, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        update_location: Location,
    }
    query::<_, Data>(UPDATE_LOCATION_MUTATION, UpdateVars { id: &id, input })
        .await
        .map(|d| d.update_location)
}

/// Archives (`archive`) or restores a location.
pub async fn set_location_archived(id: String, archive: bool) -> Result<(), ApiError> {
    #[derive(Deserialize)]
    struct Data {}
    let document = if archive {
        ARCHIVE_LOCATION_MUTATION
    } else {
        RESTORE_LOCATION_MUTATION
    };
    query::<_, Data>(document, IdVars { id: &id })
        .await
        .map(drop)
}

/// Deletes a location that never held stock; `CONFLICT` when it did.
pub async fn delete_location(id: String) -> Result<(), ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        #[serde(rename = "deleteLocation")]
        _deleted: String,
    }
    query::<_, Data>(DELETE_LOCATION_MUTATION, IdVars { id: &id })
        .await
        .map(drop)
}

// ---------- Catalogue ----------

macro_rules! variant_fields {
    () => {
        "{ id sku barcode price { amount currencyCode } cost { amount currencyCode } options title position archived }"
    };
}

macro_rules! product_fields {
    () => {
        concat!(
            "{ id name description taxClass status optionNames variants(includeArchived: $withArchived) ",
            variant_fields!(),
            " }"
        )
    };
}

const PRODUCTS_QUERY: &str = concat!(
    "query Products($first: Int, $after: String, $query: String, $status: ProductStatus, $withArchived: Boolean!) { products(first: $first, after: $after, query: $query, status: $status) { nodes ",
    product_fields!(),
    " pageInfo { hasNextPage endCursor } } }"
);
const PRODUCT_QUERY: &str = concat!(
    "query Product($id: ID!, $withArchived: Boolean!) { product(id: $id) ",
    product_fields!(),
    " }"
);
const CREATE_PRODUCT_MUTATION: &str = concat!(
    "mutation CreateProduct($input: CreateProductInput!, $withArchived: Boolean!) { createProduct(input: $input) ",
    product_fields!(),
    " }"
);
const UPDATE_PRODUCT_MUTATION: &str = concat!(
    "mutation UpdateProduct($id: ID!, $input: UpdateProductInput!, $withArchived: Boolean!) { updateProduct(id: $id, input: $input) ",
    product_fields!(),
    " }"
);
const ADD_VARIANT_MUTATION: &str = concat!(
    "mutation AddProductVariant($productId: ID!, $input: ProductVariantInput!) { addProductVariant(productId: $productId, input: $input) ",
    variant_fields!(),
    " }"
);
const UPDATE_VARIANT_MUTATION: &str = concat!(
    "mutation UpdateProductVariant($id: ID!, $input: UpdateProductVariantInput!) { updateProductVariant(id: $id, input: $input) ",
    variant_fields!(),
    " }"
);
const ARCHIVE_VARIANT_MUTATION: &str = concat!(
    "mutation ArchiveProductVariant($id: ID!) { archiveProductVariant(id: $id) ",
    variant_fields!(),
    " }"
);
const RESTORE_VARIANT_MUTATION: &str = concat!(
    "mutation RestoreProductVariant($id: ID!) { restoreProductVariant(id: $id) ",
    variant_fields!(),
    " }"
);

/// An amount as the API sends it: exact decimal text and its ISO 4217 currency.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Amount {
    /// e.g. `"1980"`.
    #[serde(deserialize_with = "decimal_text")]
    pub amount: String,
    /// e.g. `"JPY"`.
    pub currency_code: String,
}

impl Amount {
    /// For people: `¥1,980`; the raw decimal when the currency is one this build lacks.
    pub fn display(&self) -> String {
        self.currency_code
            .parse::<kura_shared::CurrencyCode>()
            .ok()
            .and_then(|currency| kura_shared::Money::parse_decimal(&self.amount, currency).ok())
            .map_or_else(
                || format!("{} {}", self.amount, self.currency_code),
                |money| money.to_string(),
            )
    }
}

/// One sellable, stockable variant.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Variant {
    /// Global id.
    pub id: String,
    /// The tenant's code for it.
    pub sku: String,
    /// JAN/EAN/UPC, if it has one.
    #[serde(default)]
    pub barcode: Option<String>,
    /// Selling price.
    pub price: Amount,
    /// Purchase cost.
    #[serde(default)]
    pub cost: Option<Amount>,
    /// One value per product option.
    pub options: Vec<String>,
    /// The options joined for display (`M / Navy`), empty for a single variant.
    pub title: String,
    /// Order within the product.
    pub position: i32,
    /// Out of new sales, kept in history.
    pub archived: bool,
}

/// A product with its variants.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Product {
    /// Global id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Free text.
    pub description: String,
    /// Consumption tax rate.
    pub tax_class: TaxClass,
    /// Whether it may be sold.
    pub status: ProductStatus,
    /// e.g. `["Size", "Colour"]`.
    pub option_names: Vec<String>,
    /// In order.
    pub variants: Vec<Variant>,
}

/// One variant of a product being created, or added to one; amounts as typed, already
/// checked with `Money::parse_decimal`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VariantInput {
    /// Checked with `Sku`.
    pub sku: String,
    /// Checked with `Barcode`; `None` for none.
    pub barcode: Option<String>,
    /// Decimal text.
    pub price: String,
    /// Decimal text; `None` for none.
    pub cost: Option<String>,
    /// One value per option name.
    pub options: Vec<String>,
}

/// `CreateProductInput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateProductInput {
    /// Display name.
    pub name: String,
    /// Free text.
    pub description: String,
    /// Tax rate.
    pub tax_class: TaxClass,
    /// Starting status.
    pub status: ProductStatus,
    /// Option names, in order.
    pub option_names: Vec<String>,
    /// At least one.
    pub variants: Vec<VariantInput>,
    /// So a repeated click creates one product.
    pub idempotency_key: String,
}

/// `UpdateProductInput`: the product's own fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateProductInput {
    /// Display name.
    pub name: String,
    /// Free text.
    pub description: String,
    /// Tax rate.
    pub tax_class: TaxClass,
    /// Status.
    pub status: ProductStatus,
}

/// One page of products and the cursor of the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductPage {
    /// The products, by name.
    pub products: Vec<Product>,
    /// Pass as `after` for the next page; `None` on the last page.
    pub next: Option<String>,
}

/// What the product list is narrowed to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ProductFilter {
    /// Part of the name, the start of a SKU, or a whole barcode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// Only this status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<ProductStatus>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ProductsVars {
    first: u32,
    after: Option<String>,
    #[serde(flatten)]
    filter: ProductFilter,
    with_archived: bool,
}

#[derive(Deserialize)]
struct ProductsData {
    products: Connection<Product>,
}

/// Up to `first` products matching `filter` after the cursor `after`; archived variants
/// are included when `with_archived`.
pub async fn products(
    first: u32,
    after: Option<String>,
    filter: ProductFilter,
    with_archived: bool,
) -> Result<ProductPage, ApiError> {
    let vars = ProductsVars {
        first,
        after,
        filter,
        with_archived,
    };
    let page = query::<_, ProductsData>(PRODUCTS_QUERY, vars)
        .await?
        .products;
    Ok(ProductPage {
        products: page.nodes,
        next: page.page_info.next(),
    })
}

/// Every product with its active variants, for the stock matrix.
pub async fn all_products() -> Result<Vec<Product>, ApiError> {
    all_pages(|after| async move {
        products(FULL_PAGE, after, ProductFilter::default(), false)
            .await
            .map(|p| Page {
                items: p.products,
                next: p.next,
            })
    })
    .await
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ProductVars<'a, T> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    input: Option<T>,
    with_archived: bool,
}

/// One product with all its variants, archived ones included.
pub async fn product(id: String) -> Result<Product, ApiError> {
    #[derive(Deserialize)]
    struct Data {
        product: Product,
    }
    let vars = ProductVars::<()> {
        id: Some(&id),
        input: None,
        with_archived: true,
    };
    query::<_, Data>(PRODUCT_QUERY, vars)
        .await
        .map(|d| d.product)
}

/// Creates a product with its variants.
pub async fn create_product(input: CreateProductInput) -> Result<Product, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        create_product: Product,
    }
    let vars = ProductVars {
        id: None,
        input: Some(input),
        with_archived: true,
    };
    query::<_, Data>(CREATE_PRODUCT_MUTATION, vars)
        .await
        .map(|d| d.create_product)
}

/// Changes a product's own fields.
pub async fn update_product(id: String, input: UpdateProductInput) -> Result<Product, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        update_product: Product,
    }
    let vars = ProductVars {
        id: Some(&id),
        input: Some(input),
        with_archived: true,
    };
    query::<_, Data>(UPDATE_PRODUCT_MUTATION, vars)
        .await
        .map(|d| d.update_product)
}

/// Adds a variant to a product.
pub async fn add_variant(product_id: String, input: VariantInput) -> Result<Variant, ApiError> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Vars {
        product_id: String,
        input: VariantInput,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        add_product_variant: Variant,
    }
    query::<_, Data>(ADD_VARIANT_MUTATION, Vars { product_id, input })
        .await
        .map(|d| d.add_product_variant)
}

/// Changes a variant; `None` barcode or cost removes it.
pub async fn update_variant(id: String, input: VariantInput) -> Result<Variant, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        update_product_variant: Variant,
    }
    // Every field is sent, so `null` barcode and cost clear them as the form shows.
    query::<_, Data>(UPDATE_VARIANT_MUTATION, UpdateVars { id: &id, input })
        .await
        .map(|d| d.update_product_variant)
}

/// Archives (`archive`) or restores a variant.
pub async fn set_variant_archived(id: String, archive: bool) -> Result<(), ApiError> {
    #[derive(Deserialize)]
    struct Data {}
    let document = if archive {
        ARCHIVE_VARIANT_MUTATION
    } else {
        RESTORE_VARIANT_MUTATION
    };
    query::<_, Data>(document, IdVars { id: &id })
        .await
        .map(drop)
}

// ---------- Stock ----------

macro_rules! level_fields {
    () => {
        "id variantId locationId onHand allocated available incoming version reorderPoint reorderQuantity low negative"
    };
}

const STOCK_LEVELS_QUERY: &str = concat!(
    "query StockLevels($first: Int, $after: String, $locationIds: [ID!]) { stockLevels(first: $first, after: $after, locationIds: $locationIds) { nodes { ",
    level_fields!(),
    " } pageInfo { hasNextPage endCursor } } }"
);
const ADJUST_STOCK_MUTATION: &str = concat!(
    "mutation AdjustStock($input: AdjustStockInput!) { adjustStock(input: $input) { ",
    level_fields!(),
    " } }"
);
const SET_REORDER_POINT_MUTATION: &str = concat!(
    "mutation SetReorderPoint($input: SetReorderPointInput!) { setReorderPoint(input: $input) { ",
    level_fields!(),
    " } }"
);
/// Every change of a stock row at the given locations, live.
pub const STOCK_LEVEL_CHANGED_SUBSCRIPTION: &str = concat!(
    "subscription StockLevelChanged($locationIds: [ID!]) { stockLevelChanged(locationIds: $locationIds) { stockLevel { ",
    level_fields!(),
    " } } }"
);
macro_rules! movement_fields {
    () => {
        "{ id locationId delta onHandAfter reason note referenceType referenceId actorApiKeyPrefix createdAt variant { sku title product { name } } location { code name } }"
    };
}

const MOVEMENTS_QUERY: &str = concat!(
    "query StockMovements($first: Int, $after: String, $locationIds: [ID!]) { stockMovements(first: $first, after: $after, locationIds: $locationIds) { nodes ",
    movement_fields!(),
    " pageInfo { hasNextPage endCursor } } }"
);
/// New ledger entries as they are posted, through the stock-row subscription.
pub const MOVEMENT_POSTED_SUBSCRIPTION: &str = concat!(
    "subscription MovementPosted { stockLevelChanged { movement ",
    movement_fields!(),
    " } }"
);
const LOW_STOCK_QUERY: &str = concat!(
    "query LowStock { lowStock { ",
    level_fields!(),
    " variant { sku title product { name } } location { code name } } }"
);

/// Stock of one variant at one location.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StockLevel {
    /// Global id of the row.
    pub id: String,
    /// The variant.
    pub variant_id: String,
    /// The location.
    pub location_id: String,
    /// Physically there.
    pub on_hand: i64,
    /// Promised to open orders.
    pub allocated: i64,
    /// `onHand − allocated`.
    pub available: i64,
    /// On its way in.
    pub incoming: i64,
    /// Bumped by every change of the row: the newer of two snapshots has the larger one.
    pub version: i64,
    /// Reorder when `available + incoming` falls to this.
    #[serde(default)]
    pub reorder_point: Option<i64>,
    /// How many to reorder.
    #[serde(default)]
    pub reorder_quantity: Option<i64>,
    /// At or below its reorder point.
    pub low: bool,
    /// Below zero.
    pub negative: bool,
}

/// What `stockLevelChanged` delivers.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StockLevelChangedData {
    /// The change.
    pub stock_level_changed: StockLevelChange,
}

/// One live change: the row after it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StockLevelChange {
    /// The row after the change.
    pub stock_level: StockLevel,
}

/// Variables of [`STOCK_LEVEL_CHANGED_SUBSCRIPTION`].
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LocationFilter {
    /// Only these locations; `None` for all.
    pub location_ids: Option<Vec<String>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PagedLocationVars {
    first: u32,
    after: Option<String>,
    location_ids: Option<Vec<String>>,
}

/// Every stock row at `location_ids` (all locations when `None`).
pub async fn stock_levels(location_ids: Option<Vec<String>>) -> Result<Vec<StockLevel>, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        stock_levels: Connection<StockLevel>,
    }
    all_pages(|after| {
        let vars = PagedLocationVars {
            first: FULL_PAGE,
            after,
            location_ids: location_ids.clone(),
        };
        async move {
            query::<_, Data>(STOCK_LEVELS_QUERY, vars)
                .await
                .map(|d| d.stock_levels.into_page())
        }
    })
    .await
}

/// `AdjustStockInput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdjustStockInput {
    /// The variant.
    pub variant_id: String,
    /// The location.
    pub location_id: String,
    /// Units added (positive) or removed (negative), never 0.
    pub delta: i64,
    /// One of `MovementReason::MANUAL`.
    pub reason: MovementReason,
    /// Free text.
    pub note: String,
    /// One per dialog, so a repeated submission applies once.
    pub idempotency_key: String,
}

/// Adds or removes stock by hand; returns the row after it.
pub async fn adjust_stock(input: AdjustStockInput) -> Result<StockLevel, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        adjust_stock: StockLevel,
    }
    query::<_, Data>(ADJUST_STOCK_MUTATION, InputVars { input })
        .await
        .map(|d| d.adjust_stock)
}

/// `SetReorderPointInput`; `None` clears.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReorderPointInput {
    /// The variant.
    pub variant_id: String,
    /// The location.
    pub location_id: String,
    /// Reorder at this `available + incoming`.
    pub reorder_point: Option<i64>,
    /// How many to reorder.
    pub reorder_quantity: Option<i64>,
}

/// Sets or clears a row's reorder point; returns the row after it.
pub async fn set_reorder_point(input: ReorderPointInput) -> Result<StockLevel, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        set_reorder_point: StockLevel,
    }
    query::<_, Data>(SET_REORDER_POINT_MUTATION, InputVars { input })
        .await
        .map(|d| d.set_reorder_point)
}

/// A variant as lists name it: product name, variant title and SKU.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct VariantRef {
    /// SKU.
    pub sku: String,
    /// `M / Navy`, or empty.
    pub title: String,
    /// Its product.
    pub product: ProductRef,
}

/// A product's name.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ProductRef {
    /// Display name.
    pub name: String,
}

/// A location as lists name it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LocationRef {
    /// Code.
    pub code: String,
    /// Display name.
    pub name: String,
}

/// One ledger entry.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Movement {
    /// Global id.
    pub id: String,
    /// Where, by id (for filtering live entries).
    pub location_id: String,
    /// Units in (positive) or out (negative).
    pub delta: i64,
    /// `onHand` right after.
    pub on_hand_after: i64,
    /// Why.
    pub reason: MovementReason,
    /// Free text.
    pub note: String,
    /// The kind of document that caused it (`TRANSFER`, `SALE`, …).
    #[serde(default)]
    pub reference_type: Option<String>,
    /// That document's id.
    #[serde(default)]
    pub reference_id: Option<String>,
    /// The API key that made it, by prefix.
    #[serde(default)]
    pub actor_api_key_prefix: Option<String>,
    /// When, RFC 3339.
    pub created_at: String,
    /// What moved.
    pub variant: VariantRef,
    /// Where.
    pub location: LocationRef,
}

/// What [`MOVEMENT_POSTED_SUBSCRIPTION`] delivers.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MovementPostedData {
    /// The change of a stock row.
    pub stock_level_changed: MovementPosted,
}

/// The movement behind a row change; `None` when `onHand` did not move (a reorder point).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MovementPosted {
    /// The new ledger entry.
    #[serde(default)]
    pub movement: Option<Movement>,
}

/// One page of the ledger and the cursor of the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovementPage {
    /// Newest first.
    pub movements: Vec<Movement>,
    /// Pass as `after` for the next page; `None` on the last page.
    pub next: Option<String>,
}

/// Up to `first` movements after `after`, newest first, at `location_ids` (all when `None`).
pub async fn movements(
    first: u32,
    after: Option<String>,
    location_ids: Option<Vec<String>>,
) -> Result<MovementPage, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        stock_movements: Connection<Movement>,
    }
    let vars = PagedLocationVars {
        first,
        after,
        location_ids,
    };
    let page = query::<_, Data>(MOVEMENTS_QUERY, vars)
        .await?
        .stock_movements;
    Ok(MovementPage {
        movements: page.nodes,
        next: page.page_info.next(),
    })
}

/// A row at or below its reorder point, with what it is and where.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LowStockRow {
    /// The row.
    #[serde(flatten)]
    pub level: StockLevel,
    /// What.
    pub variant: VariantRef,
    /// Where.
    pub location: LocationRef,
}

/// Rows at or below their reorder point.
pub async fn low_stock() -> Result<Vec<LowStockRow>, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        low_stock: Vec<LowStockRow>,
    }
    query::<_, Data>(LOW_STOCK_QUERY, ())
        .await
        .map(|d| d.low_stock)
}

/// A fresh idempotency key: the browser's `crypto.randomUUID()`, or random digits and the
/// time where that is missing (plain-HTTP origins other than localhost).
pub fn idempotency_key() -> String {
    let global = js_sys::global();
    let uuid = js_sys::Reflect::get(&global, &"crypto".into())
        .ok()
        .and_then(|crypto| {
            let function = js_sys::Reflect::get(&crypto, &"randomUUID".into()).ok()?;
            let function: js_sys::Function = wasm_bindgen::JsCast::dyn_into(function).ok()?;
            function.call0(&crypto).ok()?.as_string()
        });
    uuid.unwrap_or_else(|| {
        format!(
            "{:x}-{:012x}",
            js_sys::Date::now() as u64,
            (js_sys::Math::random() * 281_474_976_710_656.0) as u64
        )
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn amounts_read_strings_and_numbers_and_show_with_their_symbol() {
        let amount: Amount =
            serde_json::from_value(json!({ "amount": "1980", "currencyCode": "JPY" }))
                .expect("decodes");
        assert_eq!(amount.display(), "¥1,980");
        let number: Amount =
            serde_json::from_value(json!({ "amount": 12.5, "currencyCode": "XXX" }))
                .expect("decodes");
        assert_eq!(number.display(), "12.5 XXX");
    }

    #[test]
    fn product_filters_leave_out_what_is_not_set() {
        let vars = serde_json::to_value(ProductsVars {
            first: 50,
            after: None,
            filter: ProductFilter {
                query: Some("tee".to_owned()),
                status: None,
            },
            with_archived: false,
        })
        .expect("serialises");
        assert_eq!(
            vars,
            json!({ "first": 50, "after": null, "query": "tee", "withArchived": false })
        );
    }

    #[test]
    fn low_stock_rows_carry_the_level_and_its_names() {
        let row: LowStockRow = serde_json::from_value(json!({
            "id": "s1", "variantId": "v1", "locationId": "l1", "onHand": 1, "allocated": 0,
            "available": 1, "incoming": 0, "version": 3, "reorderPoint": 2,
            "reorderQuantity": null, "low": true, "negative": false,
            "variant": { "sku": "TS-M", "title": "M", "product": { "name": "Tee" } },
            "location": { "code": "SHIBUYA", "name": "渋谷店" }
        }))
        .expect("decodes");
        assert_eq!(row.level.reorder_point, Some(2));
        assert_eq!(row.variant.product.name, "Tee");
    }
}
