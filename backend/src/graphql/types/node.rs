//! `node(id:)`: any object with a global ID, resolved with the permission its own query
//! needs. Another company's id (or one of no known kind) is `null`.

use std::sync::Arc;

use async_graphql::{Context, ID, Interface, Object, Result};
use uuid::Uuid;

use crate::graphql::{
    catalog::{
        locations::Location,
        products::{CatalogContext, Product, ProductVariant},
    },
    channels::setup::Channel,
    orders::{documents::Order, quotes::Quote},
    request::guard::{Need, authorize},
    sales::{customer_addresses::CustomerAddress, customers::Customer, documents::Sale},
    stock::{
        counts::StockCount,
        inventory::{StockLevel, StockMovement},
        transfers::Transfer,
    },
    types::{
        errors::ApiError,
        ids::{self, Kind},
    },
};
use crate::{
    services::{
        ServiceError, catalog::locations, catalog::products, channels::setup, orders,
        sales::customers, sales::documents, stock::counts, stock::inventory, stock::transfers,
    },
    state::AppState,
};

/// An object with a global ID.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "&ID"))]
pub enum Node {
    /// A location.
    Location(Location),
    /// A product.
    Product(Product),
    /// A variant.
    ProductVariant(ProductVariant),
    /// A stock row.
    StockLevel(StockLevel),
    /// A ledger entry.
    StockMovement(StockMovement),
    /// A transfer between locations.
    Transfer(Transfer),
    /// A stock count.
    StockCount(StockCount),
    /// A sales channel.
    Channel(Channel),
    /// A sale or return.
    Sale(Sale),
    /// A customer.
    Customer(Customer),
    /// A customer's address.
    CustomerAddress(CustomerAddress),
    /// A sales order.
    Order(Order),
    /// A quote.
    Quote(Quote),
}

fn missing(result: Result<Node, ApiError>) -> Result<Option<Node>> {
    match result {
        Ok(node) => Ok(Some(node)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// What a kind's lookup found: `None` for a kind it does not know, else the object or why
/// not (`NOT_FOUND` becomes a `null` node).
type Found = Option<Result<Node, ApiError>>;

/// Catalog and stock objects.
async fn catalog_or_stock(ctx: &Context<'_>, kind: &str, uuid: Uuid) -> Result<Found> {
    let db = &ctx.data_unchecked::<AppState>().db;
    Ok(Some(if kind == Kind::Location.name() {
        let access = authorize(ctx, Need::STOCK_READ).await?;
        locations::get(db, &access, uuid)
            .await
            .map(|row| Node::Location(row.into()))
            .map_err(ApiError::from)
    } else if kind == Kind::Product.name() {
        let access = authorize(ctx, Need::CATALOG_READ).await?;
        let context = CatalogContext::load(ctx, access).await?;
        let rows = products::products(db, &context.access, &[uuid])
            .await
            .map_err(ApiError::from)?;
        Product::with_variants(ctx, rows, &context)
            .await?
            .pop()
            .map(Node::Product)
            .ok_or_else(|| ServiceError::NotFound("Product").into())
    } else if kind == Kind::ProductVariant.name() {
        let access = authorize(ctx, Need::CATALOG_READ).await?;
        let context = CatalogContext::load(ctx, access).await?;
        products::find_variant(db, &context.access, products::VariantLookup::Id(uuid))
            .await
            .map_err(ApiError::from)?
            .map(|row| Node::ProductVariant(ProductVariant::new(row, context)))
            .ok_or_else(|| ServiceError::NotFound("Product variant").into())
    } else if kind == Kind::StockLevel.name() {
        let access = Arc::new(authorize(ctx, Need::STOCK_READ).await?);
        inventory::level(db, &access, uuid)
            .await
            .map(|row| Node::StockLevel(StockLevel::new(row, access.clone())))
            .map_err(ApiError::from)
    } else if kind == Kind::StockMovement.name() {
        let access = Arc::new(authorize(ctx, Need::STOCK_READ).await?);
        inventory::movement(db, &access, uuid)
            .await
            .map(|row| Node::StockMovement(StockMovement::new(row, access.clone())))
            .map_err(ApiError::from)
    } else if kind == Kind::Transfer.name() {
        let access = Arc::new(authorize(ctx, Need::STOCK_READ).await?);
        transfers::get(db, &access, uuid)
            .await
            .map(|row| Node::Transfer(Transfer::new(row, access.clone())))
            .map_err(ApiError::from)
    } else if kind == Kind::StockCount.name() {
        let access = Arc::new(authorize(ctx, Need::STOCK_READ).await?);
        counts::get(db, &access, uuid)
            .await
            .map(|row| Node::StockCount(StockCount::new(row, access.clone())))
            .map_err(ApiError::from)
    } else {
        return Ok(None);
    }))
}

/// Channels, sales, customers and their addresses.
async fn channels_sales_or_orders(ctx: &Context<'_>, kind: &str, uuid: Uuid) -> Result<Found> {
    let state = ctx.data_unchecked::<AppState>();
    let db = &state.db;
    Ok(Some(if kind == Kind::Channel.name() {
        let access = Arc::new(authorize(ctx, Need::SALES_READ).await?);
        setup::get(db, &access, uuid)
            .await
            .map(|row| Node::Channel(Channel::new(row, access.clone(), state)))
            .map_err(ApiError::from)
    } else if kind == Kind::Sale.name() {
        let access = Arc::new(authorize(ctx, Need::SALES_READ).await?);
        documents::get(db, &access, uuid)
            .await
            .map(|row| Node::Sale(Sale::new(row, access.clone())))
            .map_err(ApiError::from)
    } else if kind == Kind::Customer.name() {
        let access = authorize(ctx, Need::CUSTOMERS_READ).await?;
        customers::get(db, &access, uuid)
            .await
            .map(|record| Node::Customer(record.into()))
            .map_err(ApiError::from)
    } else if kind == Kind::CustomerAddress.name() {
        let access = authorize(ctx, Need::CUSTOMERS_READ).await?;
        customers::addresses::get(db, &access, uuid)
            .await
            .map(|record| Node::CustomerAddress(record.into()))
            .map_err(ApiError::from)
    } else if kind == Kind::Order.name() {
        let access = Arc::new(authorize(ctx, Need::ORDERS_READ).await?);
        orders::read::get(db, &access, uuid)
            .await
            .map(|row| Node::Order(Order::new(row, access.clone())))
            .map_err(ApiError::from)
    } else if kind == Kind::Quote.name() {
        let access = Arc::new(authorize(ctx, Need::ORDERS_READ).await?);
        orders::quotes::read::get(db, &access, uuid)
            .await
            .map(|row| Node::Quote(Quote::new(row, access.clone())))
            .map_err(ApiError::from)
    } else {
        return Ok(None);
    }))
}

#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// Any object by its global ID.
    async fn node(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Node>> {
        let Some((kind, uuid)) = ids::parse(&id) else {
            return Ok(None);
        };
        if let Some(found) = catalog_or_stock(ctx, &kind, uuid).await? {
            return missing(found);
        }
        match channels_sales_or_orders(ctx, &kind, uuid).await? {
            Some(found) => missing(found),
            None => Ok(None),
        }
    }
}
