//! Who acts, for which company, reaching which locations. Built once per request by the
//! API layer from the verified principal and handed to every service call.

use std::collections::BTreeSet;

use kura_shared::Role;
use sea_orm::{ColumnTrait, DatabaseConnection, QueryFilter};
use uuid::Uuid;

use super::{ServiceError, accounts::audit::Actor};
use crate::store::tenant::{TenantTx, records::membership_location};

/// The locations a caller may see and change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocationScope {
    /// Every location of the company.
    All,
    /// Only these (staff limited to their stores).
    Only(BTreeSet<Uuid>),
}

impl LocationScope {
    /// True when the caller may see and change `location`.
    pub fn allows(&self, location: Uuid) -> bool {
        match self {
            LocationScope::All => true,
            LocationScope::Only(ids) => ids.contains(&location),
        }
    }

    /// The locations to restrict a listing to; `None` = no restriction.
    pub fn limit(&self) -> Option<&BTreeSet<Uuid>> {
        match self {
            LocationScope::All => None,
            LocationScope::Only(ids) => Some(ids),
        }
    }

    /// The locations a listing asked for (`None` = all), cut to the caller's reach;
    /// `None` when neither restricts.
    pub fn narrow(&self, requested: Option<&[Uuid]>) -> Option<Vec<Uuid>> {
        match (requested, self.limit()) {
            (None, None) => None,
            (Some(ids), None) => Some(ids.to_vec()),
            (None, Some(reach)) => Some(reach.iter().copied().collect()),
            (Some(ids), Some(reach)) => Some(
                ids.iter()
                    .copied()
                    .filter(|id| reach.contains(id))
                    .collect(),
            ),
        }
    }

    /// `NotFound`-free refusal for a location outside the caller's reach.
    pub fn check(&self, location: Uuid) -> Result<(), ServiceError> {
        if self.allows(location) {
            Ok(())
        } else {
            Err(ServiceError::Forbidden(
                "You are limited to other locations of this company",
            ))
        }
    }
}

/// An authorised caller of a tenant-scoped service.
#[derive(Debug, Clone)]
pub struct Access {
    /// The company.
    pub tenant_id: Uuid,
    /// Who acts (for the ledger and the audit log).
    pub actor: Actor,
    /// Where they may act.
    pub locations: LocationScope,
}

/// The locations `user` is limited to in `tenant`. Owners and admins never are; anyone
/// else is when they have at least one location assigned.
pub async fn location_scope(
    db: &DatabaseConnection,
    tenant: Uuid,
    user: Uuid,
    role: Role,
) -> Result<LocationScope, ServiceError> {
    if role.at_least(Role::Admin) {
        return Ok(LocationScope::All);
    }
    let tx = TenantTx::read(db, tenant).await?;
    let ids: BTreeSet<Uuid> = tx
        .select::<membership_location::Model>()
        .filter(membership_location::Column::UserId.eq(user))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|row| row.location_id)
        .collect();
    tx.commit().await?;
    Ok(if ids.is_empty() {
        LocationScope::All
    } else {
        LocationScope::Only(ids)
    })
}
