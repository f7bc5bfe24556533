//! What a partner's API key may do. Names are the public contract (`../shared/API.md`).

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::ValidationError;

/// One permission an API key can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum ApiScope {
    /// Read stock levels and movements.
    StockRead,
    /// Adjust and move stock.
    StockWrite,
    /// Read products and variants.
    CatalogRead,
    /// Create and change products.
    CatalogWrite,
    /// Read sales.
    SalesRead,
    /// Record sales.
    SalesWrite,
    /// Read orders.
    OrdersRead,
    /// Create and change orders.
    OrdersWrite,
    /// Read customers.
    CustomersRead,
    /// Create and change customers.
    CustomersWrite,
    /// Read invoices, credit notes, payments and balances.
    InvoicesRead,
    /// Run closings and record payments.
    InvoicesWrite,
}

impl ApiScope {
    /// Every scope, in the order the API documents them.
    pub const ALL: &'static [ApiScope] = &[
        ApiScope::StockRead,
        ApiScope::StockWrite,
        ApiScope::CatalogRead,
        ApiScope::CatalogWrite,
        ApiScope::SalesRead,
        ApiScope::SalesWrite,
        ApiScope::OrdersRead,
        ApiScope::OrdersWrite,
        ApiScope::CustomersRead,
        ApiScope::CustomersWrite,
        ApiScope::InvoicesRead,
        ApiScope::InvoicesWrite,
    ];

    /// The public name, e.g. `stock:read`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ApiScope::StockRead => "stock:read",
            ApiScope::StockWrite => "stock:write",
            ApiScope::CatalogRead => "catalog:read",
            ApiScope::CatalogWrite => "catalog:write",
            ApiScope::SalesRead => "sales:read",
            ApiScope::SalesWrite => "sales:write",
            ApiScope::OrdersRead => "orders:read",
            ApiScope::OrdersWrite => "orders:write",
            ApiScope::CustomersRead => "customers:read",
            ApiScope::CustomersWrite => "customers:write",
            ApiScope::InvoicesRead => "invoices:read",
            ApiScope::InvoicesWrite => "invoices:write",
        }
    }
}

impl FromStr for ApiScope {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ApiScope::ALL
            .iter()
            .copied()
            .find(|scope| scope.as_str() == s.trim())
            .ok_or_else(|| {
                ValidationError::new("scope.unknown", format!("unknown scope '{}'", s.trim()))
                    .with_field("scopes")
            })
    }
}

impl TryFrom<String> for ApiScope {
    type Error = ValidationError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<ApiScope> for String {
    fn from(scope: ApiScope) -> Self {
        scope.as_str().to_owned()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn scope_names_are_the_documented_ones_and_round_trip() {
        let names: Vec<&str> = ApiScope::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(names[0], "stock:read");
        assert_eq!(names.len(), 12);
        assert!(names.contains(&"invoices:write"));
        for scope in ApiScope::ALL {
            assert_eq!(scope.as_str().parse::<ApiScope>().unwrap(), *scope);
        }
        let err = "stock:delete".parse::<ApiScope>().unwrap_err();
        assert_eq!(err.code, "scope.unknown");
    }
}
