//! What each field needs, checked in one place: a person's minimum role or an API key's
//! scope. Every tenant-data field starts with [`authorize`] and passes the resulting
//! [`Access`] (company, actor, reachable locations) to its service.

use async_graphql::Context;
use kura_shared::{ApiScope, Role};

use super::client::ClientInfo;
use crate::graphql::types::errors::{ApiError, require_principal};
use crate::{
    auth::Principal,
    services::{
        access::{self, Access, LocationScope},
        accounts::audit::Actor,
    },
    state::AppState,
};

/// The permission a field requires: `role` for people, `scope` for API keys.
#[derive(Debug, Clone, Copy)]
pub struct Need {
    role: Role,
    scope: ApiScope,
}

impl Need {
    /// Read stock: any member; `stock:read` keys.
    pub const STOCK_READ: Need = Need::new(Role::Viewer, ApiScope::StockRead);
    /// Adjust, count and move stock: staff and up; `stock:write` keys.
    pub const STOCK_WRITE: Need = Need::new(Role::Staff, ApiScope::StockWrite);
    /// Plan stock (reorder points, transfers between locations): managers and up.
    pub const STOCK_PLAN: Need = Need::new(Role::Manager, ApiScope::StockWrite);
    /// Read the catalog: any member; `catalog:read` keys.
    pub const CATALOG_READ: Need = Need::new(Role::Viewer, ApiScope::CatalogRead);
    /// Change the catalog: managers and up; `catalog:write` keys.
    pub const CATALOG_WRITE: Need = Need::new(Role::Manager, ApiScope::CatalogWrite);
    /// Create, change and archive locations: admins and up; `stock:write` keys.
    pub const LOCATIONS_WRITE: Need = Need::new(Role::Admin, ApiScope::StockWrite);
    /// Read sales and channels: any member; `sales:read` keys.
    pub const SALES_READ: Need = Need::new(Role::Viewer, ApiScope::SalesRead);
    /// Record sales and returns: staff and up (the register); `sales:write` keys.
    pub const SALES_WRITE: Need = Need::new(Role::Staff, ApiScope::SalesWrite);
    /// Void sales: managers and up; `sales:write` keys.
    pub const SALES_VOID: Need = Need::new(Role::Manager, ApiScope::SalesWrite);
    /// Connect and configure channels: admins and up; `sales:write` keys.
    pub const CHANNELS_WRITE: Need = Need::new(Role::Admin, ApiScope::SalesWrite);
    /// Read customers: staff and up (personal data); `customers:read` keys.
    pub const CUSTOMERS_READ: Need = Need::new(Role::Staff, ApiScope::CustomersRead);
    /// Create and change customers: staff and up; `customers:write` keys.
    pub const CUSTOMERS_WRITE: Need = Need::new(Role::Staff, ApiScope::CustomersWrite);

    /// Read orders and shipments: any member; `orders:read` keys.
    pub const ORDERS_READ: Need = Need::new(Role::Viewer, ApiScope::OrdersRead);
    /// Enter, confirm, ship and cancel orders: staff and up; `orders:write` keys.
    pub const ORDERS_WRITE: Need = Need::new(Role::Staff, ApiScope::OrdersWrite);
    /// Approve an order held past a credit limit: managers and up; `orders:write` keys.
    pub const ORDERS_APPROVE: Need = Need::new(Role::Manager, ApiScope::OrdersWrite);

    /// Read invoices, credit notes and receivables: managers and up (the back office);
    /// `invoices:read` keys.
    pub const INVOICES_READ: Need = Need::new(Role::Manager, ApiScope::InvoicesRead);
    /// Run closings (締め処理) and record payments: managers and up; `invoices:write` keys.
    pub const INVOICES_WRITE: Need = Need::new(Role::Manager, ApiScope::InvoicesWrite);

    /// A custom requirement.
    pub const fn new(role: Role, scope: ApiScope) -> Self {
        Self { role, scope }
    }
}

/// `UNAUTHENTICATED` / `FORBIDDEN` unless the caller's role or key scope meets `need`.
/// Costs no query: for a nested field whose parent already authorised the company and
/// its locations (see [`authorize`]).
pub fn permit(ctx: &Context<'_>, need: Need) -> Result<(), ApiError> {
    match require_principal(ctx)? {
        Principal::User(user) if !user.role.at_least(need.role) => Err(ApiError::forbidden(
            &format!("This needs the {} role or higher", need.role.as_str()),
        )),
        Principal::ApiKey(key) if !key.scopes.contains(&need.scope) => Err(ApiError::forbidden(
            &format!("This API key lacks the {} scope", need.scope.as_str()),
        )),
        _ => Ok(()),
    }
}

/// The caller's access for a field needing `need`, or `UNAUTHENTICATED` / `FORBIDDEN`.
pub async fn authorize(ctx: &Context<'_>, need: Need) -> Result<Access, ApiError> {
    permit(ctx, need)?;
    let address = ctx.data_opt::<ClientInfo>().and_then(|c| c.address.clone());
    match require_principal(ctx)? {
        Principal::User(user) => {
            let state = ctx.data_unchecked::<AppState>();
            let locations =
                access::location_scope(&state.db, user.tenant_id, user.user_id, user.role)
                    .await
                    .map_err(ApiError::from)?;
            Ok(Access {
                tenant_id: user.tenant_id,
                actor: Actor {
                    user_id: Some(user.user_id),
                    api_key_prefix: None,
                    address,
                },
                locations,
            })
        }
        Principal::ApiKey(key) => Ok(Access {
            tenant_id: key.tenant_id,
            actor: Actor {
                user_id: None,
                api_key_prefix: Some(key.prefix.clone()),
                address,
            },
            locations: LocationScope::All,
        }),
        // `require_principal` admits only the two above.
        Principal::Anonymous | Principal::Invalid => {
            Err(ApiError::unauthenticated("Sign in first"))
        }
    }
}
