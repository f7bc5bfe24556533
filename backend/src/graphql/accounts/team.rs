//! The team: members, invitations, roles. Managing needs ADMIN or OWNER.

use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};

use crate::graphql::{
    accounts::sign_in::{AuthPayload, Role, User},
    catalog::locations::{Location, location_id},
    request::client::ClientInfo,
    types::{
        errors::{ApiError, require_role, require_user},
        ids::{self, Kind},
    },
};
use crate::{
    auth::UserPrincipal,
    services::{
        ServiceError,
        accounts::team::{self, Accept, InvitationRecord, Manager},
    },
    state::AppState,
};

/// A member of the company.
#[derive(SimpleObject)]
pub struct Member {
    user: User,
    role: Role,
    joined_at: DateTime<Utc>,
    /// The locations they are limited to; empty = every location.
    locations: Vec<Location>,
}

impl From<team::Member> for Member {
    fn from(m: team::Member) -> Self {
        Self {
            user: m.user.into(),
            role: m.role,
            joined_at: m.joined_at,
            locations: m.locations.into_iter().map(Into::into).collect(),
        }
    }
}

/// Who sent an invitation.
#[derive(SimpleObject)]
pub struct Inviter {
    name: String,
}

/// A pending invitation.
#[derive(SimpleObject)]
pub struct Invitation {
    id: ID,
    email: String,
    role: Role,
    created_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    invited_by: Option<Inviter>,
}

impl From<InvitationRecord> for Invitation {
    fn from(i: InvitationRecord) -> Self {
        Self {
            id: ids::encode(Kind::Invitation, i.id),
            email: i.email,
            role: i.role,
            created_at: i.created_at,
            expires_at: i.expires_at,
            invited_by: i.inviter.map(|name| Inviter { name }),
        }
    }
}

/// The result of `inviteMember`.
#[derive(SimpleObject)]
pub struct InvitePayload {
    invitation: Invitation,
    /// Whether an email was sent.
    email_sent: bool,
    /// The link to pass on by hand; set only when no email could be sent.
    accept_url: Option<String>,
}

/// What an invitee sees before accepting.
#[derive(SimpleObject)]
pub struct InvitationPreview {
    company_name: String,
    email: String,
    role: Role,
    inviter_name: String,
    expires_at: DateTime<Utc>,
    /// True when the invitee already has a Kura account and confirms with its password.
    account_exists: bool,
}

/// Someone to invite.
#[derive(InputObject)]
pub struct InviteMemberInput {
    email: String,
    role: Role,
    /// Limit a manager, staff member or viewer to these locations (default: all).
    #[graphql(default)]
    location_ids: Vec<ID>,
}

/// Location ids from the API; one that is not a location id is `NOT_FOUND`.
fn location_ids(ids: &[ID]) -> Result<Vec<uuid::Uuid>, ApiError> {
    ids.iter().map(location_id).collect()
}

/// Accepting an invitation.
#[derive(InputObject)]
pub struct AcceptInvitationInput {
    /// The token from the invitation link.
    token: String,
    /// Required for a new account.
    name: Option<String>,
    /// A new password, or the existing account's password.
    password: String,
}

fn manager(ctx: &Context<'_>, admin: &UserPrincipal) -> Manager {
    Manager {
        tenant_id: admin.tenant_id,
        user_id: admin.user_id,
        role: admin.role,
        address: ctx.data_unchecked::<ClientInfo>().address.clone(),
    }
}

fn user_id(id: &ID) -> Result<uuid::Uuid, ApiError> {
    ids::decode(Kind::User, id).ok_or_else(|| ApiError::from(ServiceError::NotFound("Member")))
}

#[derive(Default)]
pub struct TeamQuery;

#[Object]
impl TeamQuery {
    /// The company's members.
    async fn members(&self, ctx: &Context<'_>) -> Result<Vec<Member>> {
        let user = require_user(ctx)?;
        let state = ctx.data_unchecked::<AppState>();
        Ok(team::members(&state.db, user.tenant_id)
            .await
            .map_err(ApiError::from)?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// Pending invitations (admins and owners).
    async fn invitations(&self, ctx: &Context<'_>) -> Result<Vec<Invitation>> {
        let admin = require_role(ctx, kura_shared::Role::Admin)?;
        let state = ctx.data_unchecked::<AppState>();
        Ok(team::invitations(&state.db, admin.tenant_id)
            .await
            .map_err(ApiError::from)?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// The invitation behind a link (no sign-in needed); `null` when invalid or expired.
    async fn invitation(
        &self,
        ctx: &Context<'_>,
        token: String,
    ) -> Result<Option<InvitationPreview>> {
        let state = ctx.data_unchecked::<AppState>();
        Ok(team::preview(&state.db, &token)
            .await
            .map_err(ApiError::from)?
            .map(|p| InvitationPreview {
                company_name: p.company,
                email: p.email,
                role: p.role,
                inviter_name: p.inviter,
                expires_at: p.expires_at,
                account_exists: p.account_exists,
            }))
    }
}

#[derive(Default)]
pub struct TeamMutation;

#[Object]
impl TeamMutation {
    /// Invites someone by email. Without SMTP the link is returned to pass on by hand.
    async fn invite_member(
        &self,
        ctx: &Context<'_>,
        input: InviteMemberInput,
    ) -> Result<InvitePayload> {
        let admin = require_role(ctx, kura_shared::Role::Admin)?;
        let state = ctx.data_unchecked::<AppState>();
        let client = ctx.data_unchecked::<ClientInfo>();
        let base = state
            .public_url
            .as_ref()
            .map(|u| u.to_string())
            .or_else(|| client.origin.clone())
            .unwrap_or_default();
        let invited = team::invite(
            &state.db,
            &state.mailer,
            &manager(ctx, admin),
            &input.email,
            input.role,
            &location_ids(&input.location_ids)?,
            &base,
        )
        .await
        .map_err(ApiError::from)?;
        Ok(InvitePayload {
            invitation: invited.invitation.into(),
            email_sent: invited.email_sent,
            accept_url: invited.accept_url,
        })
    }

    /// Withdraws a pending invitation.
    async fn revoke_invitation(&self, ctx: &Context<'_>, id: ID) -> Result<bool> {
        let admin = require_role(ctx, kura_shared::Role::Admin)?;
        let state = ctx.data_unchecked::<AppState>();
        let invitation_id = ids::decode(Kind::Invitation, &id)
            .ok_or_else(|| ApiError::from(ServiceError::NotFound("Invitation")))?;
        team::revoke_invitation(&state.db, &manager(ctx, admin), invitation_id)
            .await
            .map_err(ApiError::from)?;
        Ok(true)
    }

    /// Changes a member's role. The last owner stays an owner.
    async fn change_member_role(
        &self,
        ctx: &Context<'_>,
        user_id: ID,
        role: Role,
    ) -> Result<Member> {
        let admin = require_role(ctx, kura_shared::Role::Admin)?;
        let state = ctx.data_unchecked::<AppState>();
        Ok(team::change_role(
            &state.db,
            &manager(ctx, admin),
            self::user_id(&user_id)?,
            role,
        )
        .await
        .map_err(ApiError::from)?
        .into())
    }

    /// Limits a manager, staff member or viewer to some locations; an empty list lets them
    /// work at every location again.
    async fn set_member_locations(
        &self,
        ctx: &Context<'_>,
        user_id: ID,
        location_ids: Vec<ID>,
    ) -> Result<Member> {
        let admin = require_role(ctx, kura_shared::Role::Admin)?;
        let state = ctx.data_unchecked::<AppState>();
        Ok(team::set_member_locations(
            &state.db,
            &manager(ctx, admin),
            self::user_id(&user_id)?,
            &self::location_ids(&location_ids)?,
        )
        .await
        .map_err(ApiError::from)?
        .into())
    }

    /// Removes a member; their sessions here end at once. The last owner stays.
    async fn remove_member(&self, ctx: &Context<'_>, user_id: ID) -> Result<bool> {
        let admin = require_role(ctx, kura_shared::Role::Admin)?;
        let state = ctx.data_unchecked::<AppState>();
        team::remove_member(&state.db, &manager(ctx, admin), self::user_id(&user_id)?)
            .await
            .map_err(ApiError::from)?;
        Ok(true)
    }

    /// Accepts an invitation (no sign-in needed) and signs in to that company.
    async fn accept_invitation(
        &self,
        ctx: &Context<'_>,
        input: AcceptInvitationInput,
    ) -> Result<AuthPayload> {
        let state = ctx.data_unchecked::<AppState>();
        let client = ctx.data_unchecked::<ClientInfo>();
        let accepted = team::accept(
            &state.db,
            &state.tokens,
            &state.login_throttle,
            &state.hashing,
            Accept {
                token: input.token,
                name: input.name,
                password: input.password,
                user_agent: client.user_agent.clone(),
                address: client.address.clone(),
            },
        )
        .await
        .map_err(ApiError::from)?;
        client.set_refresh_cookie(ctx, Some(&accepted.refresh_token));
        Ok(accepted.into())
    }
}
