//! The catalog: `products`, `product`, `productVariant` (by id, SKU or scanned barcode),
//! `createProduct`, `updateProduct`, `addProductVariant`, `updateProductVariant`,
//! `archiveProductVariant`, `restoreProductVariant`.

use std::sync::Arc;

use async_graphql::{ComplexObject, Context, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use kura_shared::{Barcode, CurrencyCode, ProductStatus, Sku, TaxClass, ValidationError};
use uuid::Uuid;

use crate::graphql::{
    request::{
        guard::{Need, authorize},
        loaders::Loaders,
    },
    stock::inventory::StockLevel,
    types::{
        errors::ApiError,
        ids::{self, Kind},
        money::{Decimal, Money},
        paging::{self, Page},
    },
};
use crate::{
    services::{
        ServiceError,
        access::Access,
        catalog::products::{
            self, ProductCursor, ProductFilter, ProductInput, ProductPatch, ProductRecord,
            VariantInput, VariantLookup, VariantPatch, VariantRecord,
        },
        lookup::{CompanyId, ProductId},
        stock::inventory::{self, RowFilter},
    },
    state::AppState,
};

/// What every catalog object needs to resolve its nested fields.
#[derive(Clone)]
pub struct CatalogContext {
    /// The caller.
    pub access: Arc<Access>,
    /// The company's currency.
    pub currency: CurrencyCode,
    /// Whether its prices include tax.
    pub prices_include_tax: bool,
}

impl CatalogContext {
    /// The caller's catalog context. The company's pricing comes through the batching
    /// loader, so a page of stock rows (or a burst of live changes) that each resolve a
    /// variant reads it once, not once per row.
    pub async fn load(ctx: &Context<'_>, access: Access) -> Result<Self, ApiError> {
        let pricing = ctx
            .data_unchecked::<Loaders>()
            .rows
            .load_one((access.tenant_id, CompanyId))
            .await
            .map_err(|e| ApiError::from(ServiceError::internal(e)))?
            .ok_or_else(|| ApiError::from(ServiceError::NotFound("Company")))?;
        Ok(Self {
            access: Arc::new(access),
            currency: pricing.currency,
            prices_include_tax: pricing.prices_include_tax,
        })
    }
}

/// A product; what is sold and stocked are its variants.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct Product {
    /// Its global ID.
    pub id: ID,
    name: String,
    description: String,
    tax_class: TaxClass,
    status: ProductStatus,
    /// Option names, e.g. `["Size", "Colour"]`.
    option_names: Vec<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    #[graphql(skip)]
    variants: Vec<VariantRecord>,
    #[graphql(skip)]
    context: CatalogContext,
}

#[ComplexObject]
impl Product {
    /// Its variants, in order.
    async fn variants(&self, #[graphql(default)] include_archived: bool) -> Vec<ProductVariant> {
        self.variants
            .iter()
            .filter(|v| include_archived || v.archived_at.is_none())
            .cloned()
            .map(|v| ProductVariant::new(v, self.context.clone()))
            .collect()
    }
}

impl Product {
    /// A product with its variants.
    pub fn new(row: ProductRecord, variants: Vec<VariantRecord>, context: CatalogContext) -> Self {
        Self {
            id: ids::encode(Kind::Product, row.id),
            tax_class: row.tax_class,
            status: row.status,
            option_names: products::parse_json_list(&row.option_names),
            name: row.name,
            description: row.description,
            created_at: row.created_at,
            updated_at: row.updated_at,
            variants,
            context,
        }
    }

    /// Loads products with their variants (in the order of `rows`).
    pub async fn with_variants(
        ctx: &Context<'_>,
        rows: Vec<ProductRecord>,
        context: &CatalogContext,
    ) -> Result<Vec<Self>, ApiError> {
        let state = ctx.data_unchecked::<AppState>();
        let ids: Vec<Uuid> = rows.iter().map(|p| p.id).collect();
        let mut variants = products::variants_of(&state.db, &context.access, &ids)
            .await
            .map_err(ApiError::from)?;
        Ok(rows
            .into_iter()
            .map(|row| {
                let (mine, rest): (Vec<_>, Vec<_>) =
                    variants.drain(..).partition(|v| v.product_id == row.id);
                variants = rest;
                Product::new(row, mine, context.clone())
            })
            .collect())
    }
}

/// One sellable, stockable variant (e.g. size M in navy).
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct ProductVariant {
    /// Its global ID.
    pub id: ID,
    sku: String,
    /// JAN/EAN-13, EAN-8 or UPC-A.
    barcode: Option<String>,
    /// Selling price (tax-included or not, per the company's rule).
    price: Money,
    /// True when `price` includes consumption tax (the company's rule).
    price_includes_tax: bool,
    /// Purchase cost, for margins.
    cost: Option<Money>,
    /// One value per product option, e.g. `["M", "Navy"]`.
    options: Vec<String>,
    /// The options joined for display, e.g. `M / Navy` (empty for a single variant).
    title: String,
    position: i32,
    archived: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    #[graphql(skip)]
    row: VariantRecord,
    #[graphql(skip)]
    context: CatalogContext,
}

impl ProductVariant {
    /// A variant for the API.
    pub fn new(row: VariantRecord, context: CatalogContext) -> Self {
        let options = products::parse_json_list(&row.options);
        Self {
            id: ids::encode(Kind::ProductVariant, row.id),
            sku: row.sku.clone(),
            barcode: row.barcode.clone(),
            price: Money::from_minor(row.price, context.currency),
            price_includes_tax: context.prices_include_tax,
            cost: row.cost.map(|c| Money::from_minor(c, context.currency)),
            title: options.join(" / "),
            options,
            position: row.position,
            archived: row.archived_at.is_some(),
            created_at: row.created_at,
            updated_at: row.updated_at,
            row,
            context,
        }
    }
}

#[ComplexObject]
impl ProductVariant {
    /// The product it belongs to.
    async fn product(&self, ctx: &Context<'_>) -> Result<Product> {
        let loaders = ctx.data_unchecked::<Loaders>();
        let row = loaders
            .rows
            .load_one((
                self.context.access.tenant_id,
                ProductId(self.row.product_id),
            ))
            .await
            .map_err(|e| ApiError::from(ServiceError::internal(e)))?
            .ok_or_else(|| ApiError::from(ServiceError::NotFound("Product")))?;
        let mut list = Product::with_variants(ctx, vec![row], &self.context).await?;
        list.pop()
            .ok_or_else(|| ApiError::from(ServiceError::NotFound("Product")).into())
    }

    /// Its stock at each location that has a row (optionally only some locations).
    async fn stock_levels(
        &self,
        ctx: &Context<'_>,
        location_ids: Option<Vec<ID>>,
    ) -> Result<Vec<StockLevel>> {
        let state = ctx.data_unchecked::<AppState>();
        let filter = RowFilter {
            location_ids: location_ids.map(|ids| {
                ids.iter()
                    .filter_map(|id| ids::decode(Kind::Location, id))
                    .collect()
            }),
            variant_ids: Some(vec![self.row.id]),
        };
        let (rows, _) = inventory::levels(&state.db, &self.context.access, &filter, None, 1000)
            .await
            .map_err(ApiError::from)?;
        Ok(rows
            .into_iter()
            .map(|row| StockLevel::new(row, self.context.access.clone()))
            .collect())
    }
}

/// One variant of a new product.
#[derive(InputObject)]
#[graphql(name = "ProductVariantInput")]
pub struct VariantInputGql {
    sku: String,
    /// JAN/EAN-13, EAN-8 or UPC-A; the check digit is verified.
    barcode: Option<String>,
    price: Decimal,
    cost: Option<Decimal>,
    /// One value per product option, in order.
    #[graphql(default)]
    options: Vec<String>,
}

/// A new product.
#[derive(InputObject)]
pub struct CreateProductInput {
    name: String,
    #[graphql(default)]
    description: String,
    tax_class: TaxClass,
    #[graphql(default_with = "ProductStatus::Active")]
    status: ProductStatus,
    /// e.g. `["Size", "Colour"]`; leave empty for a single-variant product.
    #[graphql(default)]
    option_names: Vec<String>,
    variants: Vec<VariantInputGql>,
    /// A repeat with the same key returns the first product and creates nothing.
    idempotency_key: Option<String>,
}

/// Changes to a product; omitted fields stay.
#[derive(InputObject)]
pub struct UpdateProductInput {
    name: Option<String>,
    description: Option<String>,
    tax_class: Option<TaxClass>,
    status: Option<ProductStatus>,
}

/// Changes to a variant; omitted fields stay, `null` barcode or cost removes it.
#[derive(InputObject)]
pub struct UpdateProductVariantInput {
    sku: Option<String>,
    barcode: async_graphql::MaybeUndefined<String>,
    price: Option<Decimal>,
    cost: async_graphql::MaybeUndefined<Decimal>,
    options: Option<Vec<String>>,
}

fn sku(text: &str, field: &'static str) -> Result<Sku, ApiError> {
    Sku::parse(text)
        .map_err(|e| ServiceError::Validation(ValidationError::from(e).with_field(field)).into())
}

fn barcode(text: &str, field: &'static str) -> Result<Barcode, ApiError> {
    Barcode::parse(text)
        .map_err(|e| ServiceError::Validation(ValidationError::from(e).with_field(field)).into())
}

fn variant_input(input: VariantInputGql, prefix: bool) -> Result<VariantInput, ApiError> {
    let (sku_field, barcode_field) = if prefix {
        ("variants.sku", "variants.barcode")
    } else {
        ("sku", "barcode")
    };
    Ok(VariantInput {
        sku: sku(&input.sku, sku_field)?,
        barcode: input
            .barcode
            .as_deref()
            .filter(|b| !b.trim().is_empty())
            .map(|b| barcode(b, barcode_field))
            .transpose()?,
        price: input.price.0,
        cost: input.cost.map(|c| c.0),
        options: input.options,
    })
}

fn product_id(id: &ID) -> Result<Uuid, ApiError> {
    ids::decode(Kind::Product, id).ok_or_else(|| ServiceError::NotFound("Product").into())
}

fn variant_id(id: &ID) -> Result<Uuid, ApiError> {
    ids::decode(Kind::ProductVariant, id)
        .ok_or_else(|| ServiceError::NotFound("Product variant").into())
}

async fn product_by_id(ctx: &Context<'_>, context: &CatalogContext, id: Uuid) -> Result<Product> {
    let state = ctx.data_unchecked::<AppState>();
    let rows = products::products(&state.db, &context.access, &[id])
        .await
        .map_err(ApiError::from)?;
    Product::with_variants(ctx, rows, context)
        .await?
        .pop()
        .ok_or_else(|| ApiError::from(ServiceError::NotFound("Product")).into())
}

fn cursor_key(row: &ProductRecord) -> String {
    format!("{}\u{1f}{}", row.id, row.name)
}

fn parse_cursor(key: String) -> Result<ProductCursor, ApiError> {
    key.split_once('\u{1f}')
        .and_then(|(id, name)| {
            Some(ProductCursor {
                id: id.parse().ok()?,
                name: name.to_owned(),
            })
        })
        .ok_or_else(|| {
            ApiError::validation("after", "cursor.invalid", "Not a cursor from this list")
        })
}

#[derive(Default)]
pub struct CatalogQuery;

#[Object]
impl CatalogQuery {
    /// Products by name. `query` matches part of the name, the start of a SKU, or a whole
    /// barcode.
    #[graphql(complexity = "paging::cost(first, child_complexity)")]
    async fn products(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        query: Option<String>,
        status: Option<ProductStatus>,
    ) -> Result<Page<Product>> {
        let access = authorize(ctx, Need::CATALOG_READ).await?;
        let limit = paging::page_size(first)?;
        let after = paging::decode(after.as_deref())?
            .map(parse_cursor)
            .transpose()?;
        let had_cursor = after.is_some();
        let context = CatalogContext::load(ctx, access).await?;
        let state = ctx.data_unchecked::<AppState>();
        let filter = ProductFilter { query, status };
        let (rows, more) =
            products::list_products(&state.db, &context.access, &filter, after, limit)
                .await
                .map_err(ApiError::from)?;
        let keys: Vec<String> = rows.iter().map(cursor_key).collect();
        let products = Product::with_variants(ctx, rows, &context).await?;
        Ok(paging::page(
            keys.into_iter().zip(products),
            had_cursor,
            more,
        ))
    }

    /// One product.
    async fn product(&self, ctx: &Context<'_>, id: ID) -> Result<Product> {
        let access = authorize(ctx, Need::CATALOG_READ).await?;
        let context = CatalogContext::load(ctx, access).await?;
        product_by_id(ctx, &context, product_id(&id)?).await
    }

    /// One variant by id, SKU or barcode (give exactly one); `null` when none matches.
    async fn product_variant(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        sku: Option<String>,
        barcode: Option<String>,
    ) -> Result<Option<ProductVariant>> {
        let access = authorize(ctx, Need::CATALOG_READ).await?;
        let lookup = match (id, sku, barcode) {
            (Some(id), None, None) => match ids::decode(Kind::ProductVariant, &id) {
                Some(id) => VariantLookup::Id(id),
                None => return Ok(None),
            },
            (None, Some(sku), None) => VariantLookup::Sku(sku),
            (None, None, Some(code)) => VariantLookup::Barcode(code),
            _ => {
                return Err(ApiError::validation(
                    "id",
                    "lookup.one",
                    "Give exactly one of id, sku or barcode",
                )
                .into());
            }
        };
        let context = CatalogContext::load(ctx, access).await?;
        let state = ctx.data_unchecked::<AppState>();
        Ok(products::find_variant(&state.db, &context.access, lookup)
            .await
            .map_err(ApiError::from)?
            .map(|row| ProductVariant::new(row, context)))
    }
}

#[derive(Default)]
pub struct CatalogMutation;

#[Object]
impl CatalogMutation {
    /// Creates a product with its variants.
    async fn create_product(
        &self,
        ctx: &Context<'_>,
        input: CreateProductInput,
    ) -> Result<Product> {
        let access = authorize(ctx, Need::CATALOG_WRITE).await?;
        let context = CatalogContext::load(ctx, access).await?;
        let state = ctx.data_unchecked::<AppState>();
        let variants = input
            .variants
            .into_iter()
            .map(|v| variant_input(v, true))
            .collect::<Result<Vec<_>, _>>()?;
        let row = products::create_product(
            &state.db,
            &context.access,
            ProductInput {
                name: input.name,
                description: input.description,
                tax_class: input.tax_class,
                status: input.status,
                option_names: input.option_names,
                variants,
            },
            input.idempotency_key.as_deref(),
        )
        .await
        .map_err(ApiError::from)?;
        product_by_id(ctx, &context, row.id).await
    }

    /// Changes a product's name, description, tax class or status.
    async fn update_product(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateProductInput,
    ) -> Result<Product> {
        let access = authorize(ctx, Need::CATALOG_WRITE).await?;
        let context = CatalogContext::load(ctx, access).await?;
        let state = ctx.data_unchecked::<AppState>();
        let row = products::update_product(
            &state.db,
            &context.access,
            product_id(&id)?,
            ProductPatch {
                name: input.name,
                description: input.description,
                tax_class: input.tax_class,
                status: input.status,
            },
        )
        .await
        .map_err(ApiError::from)?;
        product_by_id(ctx, &context, row.id).await
    }

    /// Adds a variant to a product.
    async fn add_product_variant(
        &self,
        ctx: &Context<'_>,
        product_id: ID,
        input: VariantInputGql,
    ) -> Result<ProductVariant> {
        let access = authorize(ctx, Need::CATALOG_WRITE).await?;
        let context = CatalogContext::load(ctx, access).await?;
        let state = ctx.data_unchecked::<AppState>();
        let row = products::add_variant(
            &state.db,
            &context.access,
            self::product_id(&product_id)?,
            variant_input(input, false)?,
        )
        .await
        .map_err(ApiError::from)?;
        Ok(ProductVariant::new(row, context))
    }

    /// Changes a variant.
    async fn update_product_variant(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateProductVariantInput,
    ) -> Result<ProductVariant> {
        let access = authorize(ctx, Need::CATALOG_WRITE).await?;
        let context = CatalogContext::load(ctx, access).await?;
        let state = ctx.data_unchecked::<AppState>();
        let patch = VariantPatch {
            sku: input.sku.as_deref().map(|s| sku(s, "sku")).transpose()?,
            barcode: match input.barcode {
                async_graphql::MaybeUndefined::Undefined => None,
                async_graphql::MaybeUndefined::Null => Some(None),
                async_graphql::MaybeUndefined::Value(code) if code.trim().is_empty() => Some(None),
                async_graphql::MaybeUndefined::Value(code) => {
                    Some(Some(barcode(&code, "barcode")?))
                }
            },
            price: input.price.map(|p| p.0),
            cost: match input.cost {
                async_graphql::MaybeUndefined::Undefined => None,
                async_graphql::MaybeUndefined::Null => Some(None),
                async_graphql::MaybeUndefined::Value(cost) => Some(Some(cost.0)),
            },
            options: input.options,
        };
        let row = products::update_variant(&state.db, &context.access, variant_id(&id)?, patch)
            .await
            .map_err(ApiError::from)?;
        Ok(ProductVariant::new(row, context))
    }

    /// Archives a variant: kept in history and stock, out of new sales.
    async fn archive_product_variant(&self, ctx: &Context<'_>, id: ID) -> Result<ProductVariant> {
        set_variant_archived(ctx, &id, true).await
    }

    /// Brings an archived variant back.
    async fn restore_product_variant(&self, ctx: &Context<'_>, id: ID) -> Result<ProductVariant> {
        set_variant_archived(ctx, &id, false).await
    }
}

async fn set_variant_archived(
    ctx: &Context<'_>,
    id: &ID,
    archived: bool,
) -> Result<ProductVariant> {
    let access = authorize(ctx, Need::CATALOG_WRITE).await?;
    let context = CatalogContext::load(ctx, access).await?;
    let state = ctx.data_unchecked::<AppState>();
    let row = products::set_variant_archived(&state.db, &context.access, variant_id(id)?, archived)
        .await
        .map_err(ApiError::from)?;
    Ok(ProductVariant::new(row, context))
}

/// The variant a line names by exactly one of `variantId`, `sku` or `barcode`; anything
/// else is a validation error with `code` on `lines`.
pub fn variant_lookup(
    variant_id: Option<ID>,
    sku: Option<String>,
    barcode: Option<String>,
    code: &'static str,
) -> Result<VariantLookup, ApiError> {
    match (variant_id, sku, barcode) {
        (Some(id), None, None) => Ok(VariantLookup::Id(
            ids::decode(Kind::ProductVariant, &id)
                .ok_or_else(|| ApiError::from(ServiceError::NotFound("Product variant")))?,
        )),
        (None, Some(sku), None) => Ok(VariantLookup::Sku(sku)),
        (None, None, Some(code)) => Ok(VariantLookup::Barcode(code)),
        _ => Err(ApiError::validation(
            "lines",
            code,
            "Give each line exactly one of variantId, sku or barcode",
        )),
    }
}
