//! Which locations a limited member works at, and which an invitee will: the store-level
//! queries the team service runs inside its own (person- and tenant-scoped) transactions.
//! Every query names the tenant; no rows means "every location".

use std::collections::BTreeMap;

use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use super::entities::{invitation, invitation_location, location, membership_location};

/// The locations of `tenant` among `ids` (archived ones included).
pub async fn existing(
    txn: &DatabaseTransaction,
    tenant: Uuid,
    ids: &[Uuid],
) -> Result<Vec<location::Model>, DbErr> {
    location::Entity::find()
        .filter(location::Column::TenantId.eq(tenant))
        .filter(location::Column::Id.is_in(ids.iter().copied()))
        .order_by_asc(location::Column::Code)
        .all(txn)
        .await
}

/// True when a member, or a pending invitation, is limited to places that include
/// `location`. Deleting it would take the row away, and no rows means every location: the
/// limit would silently become no limit.
pub async fn limits_include(
    txn: &DatabaseTransaction,
    tenant: Uuid,
    location: Uuid,
) -> Result<bool, DbErr> {
    if membership_location::Entity::find()
        .filter(membership_location::Column::TenantId.eq(tenant))
        .filter(membership_location::Column::LocationId.eq(location))
        .one(txn)
        .await?
        .is_some()
    {
        return Ok(true);
    }
    let invited: Vec<Uuid> = invitation_location::Entity::find()
        .filter(invitation_location::Column::TenantId.eq(tenant))
        .filter(invitation_location::Column::LocationId.eq(location))
        .all(txn)
        .await?
        .into_iter()
        .map(|row| row.invitation_id)
        .collect();
    if invited.is_empty() {
        return Ok(false);
    }
    Ok(invitation::Entity::find()
        .filter(invitation::Column::TenantId.eq(tenant))
        .filter(invitation::Column::Id.is_in(invited))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .one(txn)
        .await?
        .is_some())
}

/// Each limited member's locations, by user.
pub async fn of_members(
    txn: &DatabaseTransaction,
    tenant: Uuid,
) -> Result<BTreeMap<Uuid, Vec<location::Model>>, DbErr> {
    let limits = membership_location::Entity::find()
        .filter(membership_location::Column::TenantId.eq(tenant))
        .all(txn)
        .await?;
    let ids: Vec<Uuid> = limits.iter().map(|l| l.location_id).collect();
    let places = existing(txn, tenant, &ids).await?;
    let mut by_user: BTreeMap<Uuid, Vec<location::Model>> = BTreeMap::new();
    for place in places {
        for limit in limits.iter().filter(|l| l.location_id == place.id) {
            by_user
                .entry(limit.user_id)
                .or_default()
                .push(place.clone());
        }
    }
    Ok(by_user)
}

/// Replaces a member's locations (none = every location).
pub async fn set_for_member(
    txn: &DatabaseTransaction,
    tenant: Uuid,
    user: Uuid,
    locations: &[Uuid],
) -> Result<(), DbErr> {
    membership_location::Entity::delete_many()
        .filter(membership_location::Column::TenantId.eq(tenant))
        .filter(membership_location::Column::UserId.eq(user))
        .exec(txn)
        .await?;
    if !locations.is_empty() {
        membership_location::Entity::insert_many(locations.iter().map(|id| {
            membership_location::ActiveModel {
                tenant_id: Set(tenant),
                user_id: Set(user),
                location_id: Set(*id),
            }
        }))
        .exec(txn)
        .await?;
    }
    Ok(())
}

/// Records the locations an invitee will be limited to.
pub async fn set_for_invitation(
    txn: &DatabaseTransaction,
    tenant: Uuid,
    invitation: Uuid,
    locations: &[Uuid],
) -> Result<(), DbErr> {
    if !locations.is_empty() {
        invitation_location::Entity::insert_many(locations.iter().map(|id| {
            invitation_location::ActiveModel {
                tenant_id: Set(tenant),
                invitation_id: Set(invitation),
                location_id: Set(*id),
            }
        }))
        .exec(txn)
        .await?;
    }
    Ok(())
}

/// Gives a new member the locations their invitation named.
pub async fn apply_invitation(
    txn: &DatabaseTransaction,
    tenant: Uuid,
    invitation: Uuid,
    user: Uuid,
) -> Result<(), DbErr> {
    let ids: Vec<Uuid> = invitation_location::Entity::find()
        .filter(invitation_location::Column::TenantId.eq(tenant))
        .filter(invitation_location::Column::InvitationId.eq(invitation))
        .all(txn)
        .await?
        .into_iter()
        .map(|row| row.location_id)
        .collect();
    set_for_member(txn, tenant, user, &ids).await
}
