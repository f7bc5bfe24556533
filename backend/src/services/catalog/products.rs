//! Products and their variants: SKU unique per company, JAN/EAN barcodes checked by their
//! check digit (and unique, so a scan finds one variant), prices in the company's currency
//! (tax-included or not per the company's rule), tax class standard 10% / reduced 8%.

use std::collections::{BTreeMap, BTreeSet};

use chrono::Utc;
use kura_shared::{Barcode, CurrencyCode, Money, ProductStatus, Sku, TaxClass, ValidationError};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, DatabaseConnection, Order, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, Func},
};
use uuid::Uuid;

use crate::services::{
    ServiceError,
    access::Access,
    idempotency::{self, Stop},
    text,
};
use crate::store::tenant::{
    TenantTx,
    records::{product, product_variant},
};

/// Most option dimensions a product may have (e.g. size × colour × fit).
pub const MAX_OPTIONS: usize = 3;
/// Most variants per product.
pub const MAX_VARIANTS: usize = 500;

/// One variant of a new product (or a variant added later).
#[derive(Debug, Clone)]
pub struct VariantInput {
    /// Stock-keeping unit, unique per company.
    pub sku: Sku,
    /// JAN/EAN/UPC, unique per company.
    pub barcode: Option<Barcode>,
    /// Selling price as entered (a decimal string in the company's currency).
    pub price: String,
    /// Purchase cost, if known.
    pub cost: Option<String>,
    /// One value per product option, in order.
    pub options: Vec<String>,
}

/// A new product with its variants.
#[derive(Debug, Clone)]
pub struct ProductInput {
    /// Name.
    pub name: String,
    /// Longer description.
    pub description: String,
    /// Standard 10% or reduced 8%.
    pub tax_class: TaxClass,
    /// Active, draft or archived.
    pub status: ProductStatus,
    /// Option names, e.g. `["Size", "Colour"]`; empty for a single-variant product.
    pub option_names: Vec<String>,
    /// At least one.
    pub variants: Vec<VariantInput>,
}

/// Changes to a product; `None` keeps a field.
#[derive(Debug, Clone, Default)]
pub struct ProductPatch {
    /// New name.
    pub name: Option<String>,
    /// New description.
    pub description: Option<String>,
    /// New tax class.
    pub tax_class: Option<TaxClass>,
    /// New status.
    pub status: Option<ProductStatus>,
}

/// Changes to a variant; `None` keeps a field (`barcode: Some(None)` removes it).
#[derive(Debug, Clone, Default)]
pub struct VariantPatch {
    /// New SKU.
    pub sku: Option<Sku>,
    /// New or removed barcode.
    pub barcode: Option<Option<Barcode>>,
    /// New price.
    pub price: Option<String>,
    /// New or removed cost.
    pub cost: Option<Option<String>>,
    /// New option values.
    pub options: Option<Vec<String>>,
}

/// How to find one variant.
#[derive(Debug, Clone)]
pub enum VariantLookup {
    /// By id.
    Id(Uuid),
    /// By SKU.
    Sku(String),
    /// By scanned barcode.
    Barcode(String),
}

/// The variants (with their products) that `lookups` name, in the same order, found with
/// one query per kind of lookup and one for their products. An unknown SKU or barcode is a
/// validation error with `unknown_code` on `lines`; an unknown id is not found.
pub async fn lookup_variants(
    tx: &TenantTx,
    lookups: &[&VariantLookup],
    unknown_code: &'static str,
) -> Result<Vec<(product_variant::Model, product::Model)>, ServiceError> {
    let mut ids = BTreeSet::new();
    let mut skus = BTreeSet::new();
    let mut barcodes = BTreeSet::new();
    for lookup in lookups {
        match lookup {
            VariantLookup::Id(id) => {
                ids.insert(*id);
            }
            VariantLookup::Sku(sku) => {
                skus.insert(sku.trim().to_owned());
            }
            VariantLookup::Barcode(code) => {
                barcodes.insert(code.trim().to_owned());
            }
        }
    }
    let mut found = Vec::new();
    for (column, values) in [
        (
            product_variant::Column::Id,
            ids.into_iter()
                .map(Into::into)
                .collect::<Vec<sea_orm::Value>>(),
        ),
        (
            product_variant::Column::Sku,
            skus.into_iter().map(Into::into).collect(),
        ),
        (
            product_variant::Column::Barcode,
            barcodes.into_iter().map(Into::into).collect(),
        ),
    ] {
        if !values.is_empty() {
            found.extend(
                tx.select::<product_variant::Model>()
                    .filter(column.is_in(values))
                    .all(tx.conn())
                    .await?,
            );
        }
    }
    let products: BTreeMap<Uuid, product::Model> = tx
        .select::<product::Model>()
        .filter(product::Column::Id.is_in(found.iter().map(|v| v.product_id)))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    match_variants(lookups, &found, &products, unknown_code)
}

/// Each lookup's variant with its product, from the variants and products found for them:
/// an unknown SKU or barcode is the caller's mistake (`unknown_code`), an unknown id not
/// found.
pub fn match_variants(
    lookups: &[&VariantLookup],
    found: &[product_variant::Model],
    products: &BTreeMap<Uuid, product::Model>,
    unknown_code: &'static str,
) -> Result<Vec<(product_variant::Model, product::Model)>, ServiceError> {
    lookups
        .iter()
        .map(|lookup| {
            let variant = found.iter().find(|v| match lookup {
                VariantLookup::Id(id) => v.id == *id,
                VariantLookup::Sku(sku) => v.sku == sku.trim(),
                VariantLookup::Barcode(code) => v.barcode.as_deref() == Some(code.trim()),
            });
            let variant = variant.ok_or_else(|| {
                let message = match lookup {
                    // An id is an object: another company's is simply not there.
                    VariantLookup::Id(_) => return ServiceError::NotFound("Product variant"),
                    VariantLookup::Sku(sku) => format!("No product has the SKU {sku}"),
                    VariantLookup::Barcode(code) => format!("No product has the barcode {code}"),
                };
                ServiceError::from(ValidationError::new(unknown_code, message).with_field("lines"))
            })?;
            let product = products
                .get(&variant.product_id)
                .ok_or_else(|| ServiceError::internal("variant without product"))?;
            Ok((variant.clone(), product.clone()))
        })
        .collect()
}

/// Which products to list.
#[derive(Debug, Clone, Default)]
pub struct ProductFilter {
    /// Part of the name, a SKU prefix, or a whole barcode.
    pub query: Option<String>,
    /// Only this status.
    pub status: Option<ProductStatus>,
}

/// Where a page of products starts: after this name and id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductCursor {
    /// The previous page's last name.
    pub name: String,
    /// Its id, to break ties.
    pub id: Uuid,
}

/// A non-negative amount typed as a decimal string in `currency`, in minor units.
pub fn money(text: &str, currency: CurrencyCode, field: &'static str) -> Result<i64, ServiceError> {
    let amount = Money::parse_decimal(text, currency)
        .map_err(|e| ServiceError::Validation(ValidationError::from(e).with_field(field)))?;
    if amount.is_negative() {
        return Err(ValidationError::new("money.negative", "Cannot be negative")
            .with_field(field)
            .into());
    }
    Ok(amount.amount_minor)
}

fn option_names(names: &[String]) -> Result<Vec<String>, ServiceError> {
    if names.len() > MAX_OPTIONS {
        return Err(ValidationError::new(
            "options.too_many",
            format!("At most {MAX_OPTIONS} options"),
        )
        .with_field("optionNames")
        .into());
    }
    let names = names
        .iter()
        .map(|n| text::required(n, 50, "optionNames", "option name"))
        .collect::<Result<Vec<_>, _>>()?;
    let distinct: BTreeSet<_> = names.iter().map(|n| n.to_lowercase()).collect();
    if distinct.len() != names.len() {
        return Err(
            ValidationError::new("options.duplicate", "Option names must differ")
                .with_field("optionNames")
                .into(),
        );
    }
    Ok(names)
}

fn option_values(
    values: &[String],
    expected: usize,
    field: &'static str,
) -> Result<Vec<String>, ServiceError> {
    if values.len() != expected {
        return Err(ValidationError::new(
            "options.count",
            format!("Give one value for each of the product's {expected} options"),
        )
        .with_field(field)
        .into());
    }
    values
        .iter()
        .map(|v| text::required(v, 100, field, "option value"))
        .collect()
}

pub(super) fn json(values: &[String]) -> String {
    serde_json::to_string(values).unwrap_or_else(|_| "[]".into())
}

/// The option values stored on a variant (or option names on a product).
pub fn parse_json_list(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}

async fn ensure_unique(
    tx: &TenantTx,
    sku: &Sku,
    barcode: Option<&Barcode>,
    except: Option<Uuid>,
    fields: (&'static str, &'static str),
) -> Result<(), ServiceError> {
    let mut same = Condition::any().add(product_variant::Column::Sku.eq(sku.as_str()));
    if let Some(code) = barcode {
        same = same.add(product_variant::Column::Barcode.eq(code.as_str()));
    }
    let mut query = tx.select::<product_variant::Model>().filter(same);
    if let Some(id) = except {
        query = query.filter(product_variant::Column::Id.ne(id));
    }
    if let Some(clash) = query.one(tx.conn()).await? {
        let (field, message) = if clash.sku == sku.as_str() {
            (fields.0, format!("The SKU {sku} is already in use"))
        } else {
            (
                fields.1,
                "This barcode already belongs to another variant".to_owned(),
            )
        };
        return Err(ServiceError::Conflict {
            message,
            field: Some(field),
        });
    }
    Ok(())
}

fn unique_violation(e: sea_orm::DbErr) -> ServiceError {
    if idempotency::is_duplicate(&e) {
        ServiceError::Conflict {
            message: "A SKU or barcode is already in use".into(),
            field: None,
        }
    } else {
        e.into()
    }
}

fn variant_row(
    tenant_id: Uuid,
    product_id: Uuid,
    position: i32,
    input: &VariantInput,
    currency: CurrencyCode,
    option_count: usize,
) -> Result<product_variant::ActiveModel, ServiceError> {
    let now = Utc::now();
    Ok(product_variant::ActiveModel {
        tenant_id: Set(tenant_id),
        id: Set(Uuid::now_v7()),
        product_id: Set(product_id),
        sku: Set(input.sku.as_str().to_owned()),
        barcode: Set(input.barcode.as_ref().map(|b| b.as_str().to_owned())),
        price: Set(money(&input.price, currency, "price")?),
        cost: Set(input
            .cost
            .as_deref()
            .filter(|c| !c.trim().is_empty())
            .map(|c| money(c, currency, "cost"))
            .transpose()?),
        options: Set(json(&option_values(
            &input.options,
            option_count,
            "options",
        )?)),
        position: Set(position),
        archived_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
}

/// A product as callers see it: name, tax class, status and option names. Its variants are
/// loaded apart ([`variants_of`]). The stored row holds nothing secret, so it is the record.
pub type ProductRecord = product::Model;

/// A variant as callers see it: SKU, barcode, price and option values.
pub type VariantRecord = product_variant::Model;

/// A new product's variants differ from each other in SKU, barcode and option values.
fn check_variants(variants: &[VariantInput]) -> Result<(), ServiceError> {
    let mut skus = BTreeSet::new();
    let mut barcodes = BTreeSet::new();
    let mut combos = BTreeSet::new();
    for variant in variants {
        if !skus.insert(variant.sku.as_str().to_owned()) {
            return Err(ValidationError::new(
                "sku.duplicate",
                format!("The SKU {} appears twice", variant.sku),
            )
            .with_field("variants.sku")
            .into());
        }
        if let Some(code) = &variant.barcode
            && !barcodes.insert(code.as_str().to_owned())
        {
            return Err(ValidationError::new(
                "barcode.duplicate",
                format!("The barcode {code} appears twice"),
            )
            .with_field("variants.barcode")
            .into());
        }
        if !combos.insert(
            variant
                .options
                .iter()
                .map(|o| o.trim().to_lowercase())
                .collect::<Vec<_>>(),
        ) {
            return Err(ValidationError::new(
                "options.duplicate_variant",
                "Two variants have the same option values",
            )
            .with_field("variants.options")
            .into());
        }
    }
    Ok(())
}

/// Creates a product with its variants in one transaction; a repeat with the same
/// `idempotency_key` returns the first product.
pub async fn create_product(
    db: &DatabaseConnection,
    access: &Access,
    input: ProductInput,
    idempotency_key: Option<&str>,
) -> Result<ProductRecord, ServiceError> {
    let key = idempotency::Key::parse("createProduct", idempotency_key)?;
    let name = text::required(&input.name, 300, "name", "product name")?;
    let description = text::optional(&input.description, 10_000, "description")?;
    let names = option_names(&input.option_names)?;
    if input.variants.is_empty() || input.variants.len() > MAX_VARIANTS {
        return Err(ValidationError::new(
            "variants.count",
            format!("A product has 1 to {MAX_VARIANTS} variants"),
        )
        .with_field("variants")
        .into());
    }
    check_variants(&input.variants)?;
    let command = CreateProduct {
        input: &input,
        name,
        description,
        names,
    };
    idempotency::once(db, access.tenant_id, key.as_ref(), &command).await
}

/// A checked product to create.
struct CreateProduct<'a> {
    input: &'a ProductInput,
    name: String,
    description: String,
    names: Vec<String>,
}

impl idempotency::Command for CreateProduct<'_> {
    type Answer = product::Model;

    async fn replay(&self, tx: &TenantTx, earlier: Uuid) -> Result<product::Model, ServiceError> {
        find_product(tx, earlier).await
    }

    /// Inserts the product and its variants.
    async fn run(&self, tx: &TenantTx) -> Result<(product::Model, Uuid), Stop> {
        let Self {
            input,
            name,
            description,
            names,
        } = self;
        let currency = tx.company().await?.currency_code;
        let now = Utc::now();
        let product_id = Uuid::now_v7();
        let product = tx
            .insert(product::ActiveModel {
                tenant_id: Set(tx.tenant_id()),
                id: Set(product_id),
                name: Set(name.clone()),
                description: Set(description.clone()),
                tax_class: Set(input.tax_class),
                status: Set(input.status),
                option_names: Set(json(names)),
                created_at: Set(now),
                updated_at: Set(now),
            })
            .await?;
        for (position, variant) in input.variants.iter().enumerate() {
            ensure_unique(
                tx,
                &variant.sku,
                variant.barcode.as_ref(),
                None,
                ("variants.sku", "variants.barcode"),
            )
            .await?;
            let row = variant_row(
                tx.tenant_id(),
                product_id,
                i32::try_from(position).unwrap_or(i32::MAX),
                variant,
                currency,
                names.len(),
            )?;
            tx.insert(row).await.map_err(unique_violation)?;
        }
        Ok((product, product_id))
    }
}

async fn find_product(tx: &TenantTx, id: Uuid) -> Result<product::Model, ServiceError> {
    tx.select::<product::Model>()
        .filter(product::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .ok_or(ServiceError::NotFound("Product"))
}

async fn find_variant_row(tx: &TenantTx, id: Uuid) -> Result<product_variant::Model, ServiceError> {
    tx.select::<product_variant::Model>()
        .filter(product_variant::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .ok_or(ServiceError::NotFound("Product variant"))
}

/// Changes a product's own fields.
pub async fn update_product(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
    patch: ProductPatch,
) -> Result<ProductRecord, ServiceError> {
    let tx = TenantTx::write(db, access.tenant_id).await?;
    let mut row: product::ActiveModel = find_product(&tx, id).await?.into();
    if let Some(name) = patch.name {
        row.name = Set(text::required(&name, 300, "name", "product name")?);
    }
    if let Some(description) = patch.description {
        row.description = Set(text::optional(&description, 10_000, "description")?);
    }
    if let Some(class) = patch.tax_class {
        row.tax_class = Set(class);
    }
    if let Some(status) = patch.status {
        row.status = Set(status);
    }
    row.updated_at = Set(Utc::now());
    let saved = tx
        .update::<product::Model>()
        .set(row)
        .filter(product::Column::Id.eq(id))
        .exec_with_returning(tx.conn())
        .await?
        .into_iter()
        .next()
        .ok_or(ServiceError::NotFound("Product"))?;
    tx.commit().await?;
    Ok(saved)
}

/// Adds a variant to a product.
pub async fn add_variant(
    db: &DatabaseConnection,
    access: &Access,
    product_id: Uuid,
    input: VariantInput,
) -> Result<VariantRecord, ServiceError> {
    let tx = TenantTx::write(db, access.tenant_id).await?;
    let product = find_product(&tx, product_id).await?;
    let currency = tx.company().await?.currency_code;
    ensure_unique(
        &tx,
        &input.sku,
        input.barcode.as_ref(),
        None,
        ("sku", "barcode"),
    )
    .await?;
    let siblings = tx
        .select::<product_variant::Model>()
        .filter(product_variant::Column::ProductId.eq(product_id))
        .all(tx.conn())
        .await?;
    let option_count = parse_json_list(&product.option_names).len();
    let wanted: Vec<String> = input
        .options
        .iter()
        .map(|o| o.trim().to_lowercase())
        .collect();
    if siblings.iter().any(|v| {
        parse_json_list(&v.options)
            .iter()
            .map(|o| o.to_lowercase())
            .collect::<Vec<_>>()
            == wanted
    }) {
        return Err(ValidationError::new(
            "options.duplicate_variant",
            "A variant with these option values exists",
        )
        .with_field("options")
        .into());
    }
    let position = siblings.iter().map(|v| v.position).max().unwrap_or(-1) + 1;
    let row = variant_row(
        access.tenant_id,
        product_id,
        position,
        &input,
        currency,
        option_count,
    )?;
    let saved = tx.insert(row).await.map_err(unique_violation)?;
    tx.commit().await?;
    Ok(saved)
}

/// Changes a variant.
pub async fn update_variant(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
    patch: VariantPatch,
) -> Result<VariantRecord, ServiceError> {
    let tx = TenantTx::write(db, access.tenant_id).await?;
    let current = find_variant_row(&tx, id).await?;
    let currency = tx.company().await?.currency_code;
    let sku = match &patch.sku {
        Some(sku) => sku.clone(),
        None => Sku::parse(&current.sku).map_err(ServiceError::internal)?,
    };
    let barcode = match &patch.barcode {
        Some(code) => code.clone(),
        None => current
            .barcode
            .as_deref()
            .and_then(|b| Barcode::parse(b).ok()),
    };
    ensure_unique(&tx, &sku, barcode.as_ref(), Some(id), ("sku", "barcode")).await?;
    let mut row: product_variant::ActiveModel = current.clone().into();
    row.sku = Set(sku.as_str().to_owned());
    row.barcode = Set(barcode.map(|b| b.as_str().to_owned()));
    if let Some(price) = &patch.price {
        row.price = Set(money(price, currency, "price")?);
    }
    if let Some(cost) = &patch.cost {
        row.cost = Set(cost
            .as_deref()
            .filter(|c| !c.trim().is_empty())
            .map(|c| money(c, currency, "cost"))
            .transpose()?);
    }
    if let Some(options) = &patch.options {
        let product = find_product(&tx, current.product_id).await?;
        let count = parse_json_list(&product.option_names).len();
        row.options = Set(json(&option_values(options, count, "options")?));
    }
    row.updated_at = Set(Utc::now());
    let saved = tx
        .update::<product_variant::Model>()
        .set(row)
        .filter(product_variant::Column::Id.eq(id))
        .exec_with_returning(tx.conn())
        .await
        .map_err(unique_violation)?
        .into_iter()
        .next()
        .ok_or(ServiceError::NotFound("Product variant"))?;
    tx.commit().await?;
    Ok(saved)
}

/// Archives (or restores) a variant: it stays in history and stock, out of new sales.
pub async fn set_variant_archived(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
    archived: bool,
) -> Result<VariantRecord, ServiceError> {
    let tx = TenantTx::write(db, access.tenant_id).await?;
    find_variant_row(&tx, id).await?;
    let now = Utc::now();
    let saved = tx
        .update::<product_variant::Model>()
        .col_expr(
            product_variant::Column::ArchivedAt,
            Expr::value(archived.then_some(now)),
        )
        .col_expr(product_variant::Column::UpdatedAt, Expr::value(now))
        .filter(product_variant::Column::Id.eq(id))
        .exec_with_returning(tx.conn())
        .await?
        .into_iter()
        .next()
        .ok_or(ServiceError::NotFound("Product variant"))?;
    tx.commit().await?;
    Ok(saved)
}

/// `%`, `_` and `\` match themselves in a LIKE pattern built from user text.
fn like_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A page of products by name, matching `filter`.
pub async fn list_products(
    db: &DatabaseConnection,
    access: &Access,
    filter: &ProductFilter,
    after: Option<ProductCursor>,
    limit: u64,
) -> Result<(Vec<ProductRecord>, bool), ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let mut query = tx
        .select::<product::Model>()
        .order_by(product::Column::Name, Order::Asc)
        .order_by(product::Column::Id, Order::Asc)
        .limit(limit + 1);
    if let Some(status) = filter.status {
        query = query.filter(product::Column::Status.eq(status));
    }
    if let Some(text) = filter
        .query
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
    {
        let escaped = like_escape(&text.to_lowercase());
        let matching_variants: Vec<Uuid> = tx
            .select::<product_variant::Model>()
            .filter(
                Condition::any()
                    .add(
                        Expr::expr(Func::lower(Expr::col(product_variant::Column::Sku))).like(
                            sea_orm::sea_query::LikeExpr::new(format!("{escaped}%")).escape('\\'),
                        ),
                    )
                    .add(product_variant::Column::Barcode.eq(text)),
            )
            .limit(1000)
            .all(tx.conn())
            .await?
            .into_iter()
            .map(|v| v.product_id)
            .collect();
        query = query.filter(
            Condition::any()
                .add(
                    Expr::expr(Func::lower(Expr::col(product::Column::Name))).like(
                        sea_orm::sea_query::LikeExpr::new(format!("%{escaped}%")).escape('\\'),
                    ),
                )
                .add(product::Column::Id.is_in(matching_variants)),
        );
    }
    if let Some(cursor) = after {
        query = query.filter(
            Condition::any()
                .add(product::Column::Name.gt(cursor.name.clone()))
                .add(
                    Condition::all()
                        .add(product::Column::Name.eq(cursor.name))
                        .add(product::Column::Id.gt(cursor.id)),
                ),
        );
    }
    let mut rows = query.all(tx.conn()).await?;
    tx.commit().await?;
    let more = crate::services::trim_page(&mut rows, limit);
    Ok((rows, more))
}

/// Products by id (unknown ones left out).
pub async fn products(
    db: &DatabaseConnection,
    access: &Access,
    ids: &[Uuid],
) -> Result<Vec<ProductRecord>, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let rows = tx
        .select::<product::Model>()
        .filter(product::Column::Id.is_in(ids.iter().copied()))
        .all(tx.conn())
        .await?;
    tx.commit().await?;
    Ok(rows)
}

/// The variants of these products, in product then position order.
pub async fn variants_of(
    db: &DatabaseConnection,
    access: &Access,
    product_ids: &[Uuid],
) -> Result<Vec<VariantRecord>, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let rows = tx
        .select::<product_variant::Model>()
        .filter(product_variant::Column::ProductId.is_in(product_ids.iter().copied()))
        .order_by_asc(product_variant::Column::ProductId)
        .order_by_asc(product_variant::Column::Position)
        .all(tx.conn())
        .await?;
    tx.commit().await?;
    Ok(rows)
}

/// Variants by id (unknown ones left out).
pub async fn variants(
    db: &DatabaseConnection,
    access: &Access,
    ids: &[Uuid],
) -> Result<Vec<VariantRecord>, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let rows = tx
        .select::<product_variant::Model>()
        .filter(product_variant::Column::Id.is_in(ids.iter().copied()))
        .all(tx.conn())
        .await?;
    tx.commit().await?;
    Ok(rows)
}

/// One variant by id, SKU or scanned barcode; `None` when there is none.
pub async fn find_variant(
    db: &DatabaseConnection,
    access: &Access,
    lookup: VariantLookup,
) -> Result<Option<VariantRecord>, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let query = tx.select::<product_variant::Model>();
    let query = match lookup {
        VariantLookup::Id(id) => query.filter(product_variant::Column::Id.eq(id)),
        VariantLookup::Sku(sku) => query.filter(product_variant::Column::Sku.eq(sku.trim())),
        VariantLookup::Barcode(code) => {
            query.filter(product_variant::Column::Barcode.eq(code.trim()))
        }
    };
    let row = query.one(tx.conn()).await?;
    tx.commit().await?;
    Ok(row)
}

/// What showing a price needs of the company.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pricing {
    /// The company's currency.
    pub currency: CurrencyCode,
    /// Whether its prices are entered and shown tax-included.
    pub prices_include_tax: bool,
}

/// The company's pricing, read in `tx`.
pub async fn pricing(tx: &TenantTx) -> Result<Pricing, ServiceError> {
    let company = tx.company().await?;
    Ok(Pricing {
        currency: company.currency_code,
        prices_include_tax: company.prices_include_tax,
    })
}

/// Catalog rows for unit tests elsewhere.
#[cfg(test)]
pub mod fixtures {
    use chrono::DateTime;
    use kura_shared::TaxRate;
    use uuid::Uuid;

    use crate::store::tenant::records::{product, product_variant};

    /// A variant `id` (SKU `SKU-<id>`, cost half its price) of its own product `id`.
    pub fn variant(
        id: Uuid,
        price: i64,
        rate: TaxRate,
    ) -> (product_variant::Model, product::Model) {
        let at = DateTime::UNIX_EPOCH;
        let variant = product_variant::Model {
            tenant_id: Uuid::from_u128(9),
            id,
            product_id: id,
            sku: format!("SKU-{id}"),
            barcode: None,
            price,
            cost: Some(price / 2),
            options: "[]".into(),
            position: 0,
            archived_at: None,
            created_at: at,
            updated_at: at,
        };
        let product = product::Model {
            tenant_id: Uuid::from_u128(9),
            id,
            name: format!("Product {id}"),
            description: String::new(),
            tax_class: rate,
            status: kura_shared::ProductStatus::Active,
            option_names: "[]".into(),
            created_at: at,
            updated_at: at,
        };
        (variant, product)
    }
}
