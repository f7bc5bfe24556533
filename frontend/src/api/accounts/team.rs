//! The team: members with their roles and the locations they are limited to, and
//! invitations, sent, withdrawn, and previewed by the invitee before signing in.

use kura_shared::Role;
use serde::{Deserialize, Serialize};

use crate::api::wire::{IdVars, InputVars};
use crate::api::{ApiError, query};

const MEMBERS_QUERY: &str =
    "query Members { members { user { id email name } role joinedAt locations { id code name } } }";
const SET_MEMBER_LOCATIONS_MUTATION: &str = "mutation SetMemberLocations($userId: ID!, $locationIds: [ID!]!) { setMemberLocations(userId: $userId, locationIds: $locationIds) { role } }";
const INVITATIONS_QUERY: &str =
    "query Invitations { invitations { id email role createdAt expiresAt invitedBy { name } } }";
const INVITE_MUTATION: &str = "mutation InviteMember($input: InviteMemberInput!) { inviteMember(input: $input) { invitation { id email role createdAt expiresAt invitedBy { name } } emailSent acceptUrl } }";
const REVOKE_INVITATION_MUTATION: &str =
    "mutation RevokeInvitation($id: ID!) { revokeInvitation(id: $id) }";
const CHANGE_ROLE_MUTATION: &str = "mutation ChangeMemberRole($userId: ID!, $role: Role!) { changeMemberRole(userId: $userId, role: $role) { role } }";
const REMOVE_MEMBER_MUTATION: &str =
    "mutation RemoveMember($userId: ID!) { removeMember(userId: $userId) }";
const INVITATION_PREVIEW_QUERY: &str = "query InvitationPreview($token: String!) { invitation(token: $token) { companyName email role inviterName expiresAt accountExists } }";

/// A person in the company (`User` as members see each other).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MemberUser {
    /// Opaque id, the `userId` of the member mutations.
    pub id: String,
    /// Sign-in email.
    pub email: String,
    /// Display name.
    pub name: String,
}

/// One member of the company and their role.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    /// Who.
    pub user: MemberUser,
    /// Their role here.
    pub role: Role,
    /// When they joined, RFC 3339.
    pub joined_at: String,
    /// The locations they are limited to; empty for every location.
    #[serde(default)]
    pub locations: Vec<MemberLocation>,
}

/// A location a member is limited to.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MemberLocation {
    /// Global id.
    pub id: String,
    /// Short code.
    pub code: String,
    /// Display name.
    pub name: String,
}

/// Who sent an invitation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Inviter {
    /// Display name.
    pub name: String,
}

/// A pending invitation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Invitation {
    /// Opaque id.
    pub id: String,
    /// Invitee's email.
    pub email: String,
    /// Role they will get.
    pub role: Role,
    /// When it was sent, RFC 3339.
    pub created_at: String,
    /// When it stops working, RFC 3339.
    pub expires_at: String,
    /// Who sent it; absent if they have since left.
    #[serde(default)]
    pub invited_by: Option<Inviter>,
}

/// What `inviteMember` returns.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InvitePayload {
    /// The new invitation.
    pub invitation: Invitation,
    /// True when the invitee was emailed.
    pub email_sent: bool,
    /// The link to pass on by hand, present only when no email could be sent.
    #[serde(default)]
    pub accept_url: Option<String>,
}

/// `InviteMemberInput`.
#[derive(Debug, Clone, Serialize)]
pub struct InviteInput {
    /// Invitee's email, as typed.
    pub email: String,
    /// Role to give them.
    pub role: Role,
    /// Limit a manager, staff member or viewer to these locations; empty for all.
    #[serde(rename = "locationIds")]
    pub location_ids: Vec<String>,
}

/// What an invitation link says before it is accepted (no sign-in needed).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InvitationPreview {
    /// The inviting company.
    pub company_name: String,
    /// Who the invitation is for.
    pub email: String,
    /// Role they will get.
    pub role: Role,
    /// Who invited them.
    pub inviter_name: String,
    /// When the link stops working, RFC 3339.
    pub expires_at: String,
    /// True when that email already has a Kura account (sign in rather than sign up).
    pub account_exists: bool,
}

#[derive(Deserialize)]
struct MembersData {
    members: Vec<Member>,
}

#[derive(Deserialize)]
struct InvitationsData {
    invitations: Vec<Invitation>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct InviteData {
    invite_member: InvitePayload,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RevokeInvitationData {
    #[serde(rename = "revokeInvitation")]
    _revoked: bool,
}

#[derive(Deserialize)]
struct RoleOnly {
    #[serde(rename = "role")]
    _role: Role,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ChangeRoleData {
    #[serde(rename = "changeMemberRole")]
    _member: RoleOnly,
}

#[derive(Deserialize)]
struct RemoveMemberData {
    #[serde(rename = "removeMember")]
    _removed: bool,
}

#[derive(Deserialize)]
struct InvitationPreviewData {
    invitation: Option<InvitationPreview>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MemberVars<'a> {
    user_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<Role>,
}

/// Limits a member to `location_ids` (empty: every location again).
pub async fn set_member_locations(
    user_id: String,
    location_ids: Vec<String>,
) -> Result<(), ApiError> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Vars {
        user_id: String,
        location_ids: Vec<String>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        #[serde(rename = "setMemberLocations")]
        _member: RoleOnly,
    }
    let vars = Vars {
        user_id,
        location_ids,
    };
    query::<_, Data>(SET_MEMBER_LOCATIONS_MUTATION, vars)
        .await
        .map(drop)
}

/// The company's members.
pub async fn members() -> Result<Vec<Member>, ApiError> {
    query::<_, MembersData>(MEMBERS_QUERY, ())
        .await
        .map(|d| d.members)
}

/// Pending invitations (admins and owners).
pub async fn invitations() -> Result<Vec<Invitation>, ApiError> {
    query::<_, InvitationsData>(INVITATIONS_QUERY, ())
        .await
        .map(|d| d.invitations)
}

/// Invites someone by email.
pub async fn invite(input: InviteInput) -> Result<InvitePayload, ApiError> {
    query::<_, InviteData>(INVITE_MUTATION, InputVars { input })
        .await
        .map(|d| d.invite_member)
}

/// Withdraws a pending invitation.
pub async fn revoke_invitation(id: String) -> Result<(), ApiError> {
    query::<_, RevokeInvitationData>(REVOKE_INVITATION_MUTATION, IdVars { id: &id })
        .await
        .map(drop)
}

/// Gives a member another role.
pub async fn change_member_role(user_id: String, role: Role) -> Result<(), ApiError> {
    let vars = MemberVars {
        user_id: &user_id,
        role: Some(role),
    };
    query::<_, ChangeRoleData>(CHANGE_ROLE_MUTATION, vars)
        .await
        .map(drop)
}

/// Takes a member out of the company.
pub async fn remove_member(user_id: String) -> Result<(), ApiError> {
    let vars = MemberVars {
        user_id: &user_id,
        role: None,
    };
    query::<_, RemoveMemberData>(REMOVE_MEMBER_MUTATION, vars)
        .await
        .map(drop)
}

/// What an invitation link offers; `None` when it is invalid, expired or used.
pub async fn invitation_preview(token: String) -> Result<Option<InvitationPreview>, ApiError> {
    #[derive(Serialize)]
    struct Vars {
        token: String,
    }
    query::<_, InvitationPreviewData>(INVITATION_PREVIEW_QUERY, Vars { token })
        .await
        .map(|d| d.invitation)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn member_variables_use_the_schemas_names() {
        let vars = serde_json::to_value(MemberVars {
            user_id: "u1",
            role: Some(Role::Admin),
        })
        .expect("serialises");
        assert_eq!(vars, json!({ "userId": "u1", "role": "ADMIN" }));
        let remove = serde_json::to_value(MemberVars {
            user_id: "u1",
            role: None,
        })
        .expect("serialises");
        assert_eq!(remove, json!({ "userId": "u1" }));
    }
}
