//! What a member may do in a company. Ordered from most to least powerful, so "at least
//! manager" is a comparison.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A member's role in one company (tenant).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(
    feature = "sea-orm",
    derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum)
)]
#[cfg_attr(
    feature = "sea-orm",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::None)",
        rename_all = "SCREAMING_SNAKE_CASE"
    )
)]
pub enum Role {
    /// Runs the company: billing, ownership, everything an admin can do.
    Owner,
    /// Manages members, API keys and settings.
    Admin,
    /// Runs stores and warehouses: stock, transfers, orders, purchasing.
    Manager,
    /// Day-to-day work at their locations.
    Staff,
    /// Reads dashboards and reports; changes nothing.
    Viewer,
}

impl Role {
    /// Every role, most powerful first.
    pub const ALL: &'static [Role] = &[
        Role::Owner,
        Role::Admin,
        Role::Manager,
        Role::Staff,
        Role::Viewer,
    ];

    /// The stored and wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "OWNER",
            Role::Admin => "ADMIN",
            Role::Manager => "MANAGER",
            Role::Staff => "STAFF",
            Role::Viewer => "VIEWER",
        }
    }

    /// True when this role may do what `required` may.
    pub fn at_least(self, required: Role) -> bool {
        self <= required
    }
}

/// A role name that is not one of [`Role::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role '{0}'")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .iter()
            .copied()
            .find(|r| r.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn roles_compare_by_power() {
        assert!(Role::Owner.at_least(Role::Admin));
        assert!(Role::Manager.at_least(Role::Manager));
        assert!(!Role::Staff.at_least(Role::Manager));
        assert!(!Role::Viewer.at_least(Role::Staff));
    }

    #[test]
    fn role_names_round_trip() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), *role);
        }
        assert!("boss".parse::<Role>().is_err());
    }
}
