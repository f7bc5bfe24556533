//! Products and their variants: the paged, searchable list, one product, creating and editing
//! products, adding, editing and archiving variants, and finding a variant by barcode or SKU.

use kura_shared::{ProductStatus, TaxClass};
use serde::{Deserialize, Serialize};

use crate::api::wire::{Amount, Connection, FULL_PAGE, IdInputVars, IdVars, Page, all_pages};
use crate::api::{ApiError, query};

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

/// Up to `first` products, by name, matching `filter` after the cursor `after`; archived
/// variants are included when `with_archived`.
pub async fn products(
    first: u32,
    after: Option<String>,
    filter: ProductFilter,
    with_archived: bool,
) -> Result<Page<Product>, ApiError> {
    let vars = ProductsVars {
        first,
        after,
        filter,
        with_archived,
    };
    query::<_, ProductsData>(PRODUCTS_QUERY, vars)
        .await
        .map(|d| d.products.into_page())
}

/// Every product with its active variants, for the stock matrix.
pub async fn all_products() -> Result<Vec<Product>, ApiError> {
    all_pages(|after| products(FULL_PAGE, after, ProductFilter::default(), false)).await
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
    query::<_, Data>(UPDATE_VARIANT_MUTATION, IdInputVars { id: &id, input })
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
    pub product: ProductRef,
}

/// The variant whose barcode (all digits) or SKU is `code`; `None` when there is none.
pub async fn find_variant(code: String) -> Result<Option<FoundVariant>, ApiError> {
    crate::api::variant_by_code(VARIANT_LOOKUP_QUERY, code).await
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

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
}
