//! The settings area's operations: team and invitations, API keys, sign-in sessions and the
//! audit log. Each function is one GraphQL document and returns the page's own types.

use kura_shared::Role;
use serde::{Deserialize, Serialize};

use super::wire::{IdVars, InputVars, PageInfo};
use super::{ApiError, query};

// ---------- Team ----------

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

/// The company's own settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompanySettings {
    /// Company name.
    pub name: String,
    /// IANA time zone of business days and dashboards.
    pub time_zone: String,
    /// Whether prices are entered and shown tax-included (総額表示).
    pub prices_include_tax: bool,
}

const COMPANY_QUERY: &str = "query Company { me { tenant { name timeZone pricesIncludeTax } } }";
const UPDATE_COMPANY_MUTATION: &str = "mutation UpdateCompany($input: UpdateCompanyInput!) { updateCompany(input: $input) { name timeZone pricesIncludeTax } }";

#[derive(Deserialize)]
struct CompanyData {
    me: CompanyMe,
}

#[derive(Deserialize)]
struct CompanyMe {
    tenant: CompanySettings,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UpdateCompanyData {
    update_company: CompanySettings,
}

/// The company's settings.
pub async fn company() -> Result<CompanySettings, ApiError> {
    query::<_, CompanyData>(COMPANY_QUERY, serde_json::json!({}))
        .await
        .map(|d| d.me.tenant)
}

/// Saves the company's settings.
pub async fn update_company(input: CompanySettings) -> Result<CompanySettings, ApiError> {
    query::<_, UpdateCompanyData>(UPDATE_COMPANY_MUTATION, InputVars { input })
        .await
        .map(|d| d.update_company)
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

// ---------- API keys ----------

macro_rules! api_key_fields {
    () => {
        "{ id name prefix scopes createdAt lastUsedAt revokedAt }"
    };
}

const API_KEYS_QUERY: &str = concat!("query ApiKeys { apiKeys ", api_key_fields!(), " }");
const CREATE_API_KEY_MUTATION: &str = concat!(
    "mutation CreateApiKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey ",
    api_key_fields!(),
    " secret } }"
);
const REVOKE_API_KEY_MUTATION: &str = concat!(
    "mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) ",
    api_key_fields!(),
    " }"
);

/// A partner's API key, without its secret.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiKey {
    /// Opaque id.
    pub id: String,
    /// What it is for.
    pub name: String,
    /// The visible start of the key (`kura_…`).
    pub prefix: String,
    /// Scope names, e.g. `stock:read`.
    pub scopes: Vec<String>,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339; `None` if never used.
    #[serde(default)]
    pub last_used_at: Option<String>,
    /// RFC 3339; `None` while active.
    #[serde(default)]
    pub revoked_at: Option<String>,
}

/// A key just created, with the secret shown this once.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatedApiKey {
    /// The key.
    pub api_key: ApiKey,
    /// The full key, for `Authorization: Bearer`.
    pub secret: String,
}

/// `CreateApiKeyInput`.
#[derive(Debug, Clone, Serialize)]
pub struct CreateApiKeyInput {
    /// What it is for.
    pub name: String,
    /// Scope names.
    pub scopes: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApiKeysData {
    api_keys: Vec<ApiKey>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateApiKeyData {
    create_api_key: CreatedApiKey,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RevokeApiKeyData {
    #[serde(rename = "revokeApiKey")]
    _key: ApiKey,
}

/// The company's API keys, newest first.
pub async fn api_keys() -> Result<Vec<ApiKey>, ApiError> {
    query::<_, ApiKeysData>(API_KEYS_QUERY, ())
        .await
        .map(|d| d.api_keys)
}

/// Creates a key.
pub async fn create_api_key(input: CreateApiKeyInput) -> Result<CreatedApiKey, ApiError> {
    query::<_, CreateApiKeyData>(CREATE_API_KEY_MUTATION, InputVars { input })
        .await
        .map(|d| d.create_api_key)
}

/// Revokes a key.
pub async fn revoke_api_key(id: String) -> Result<(), ApiError> {
    query::<_, RevokeApiKeyData>(REVOKE_API_KEY_MUTATION, IdVars { id: &id })
        .await
        .map(drop)
}

// ---------- Sessions ----------

const MY_SESSIONS_QUERY: &str =
    "query MySessions { mySessions { id userAgent createdAt lastUsedAt current } }";
const REVOKE_SESSION_MUTATION: &str = "mutation RevokeSession($id: ID!) { revokeSession(id: $id) }";
const LOG_OUT_EVERYWHERE_MUTATION: &str = "mutation LogOutEverywhere { logOutEverywhere }";

/// One signed-in browser or device of the viewer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceSession {
    /// Opaque id.
    pub id: String,
    /// The browser's user agent, if it sent one.
    #[serde(default)]
    pub user_agent: Option<String>,
    /// Sign-in time, RFC 3339.
    pub created_at: String,
    /// Last activity, RFC 3339.
    pub last_used_at: String,
    /// True for this browser.
    pub current: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MySessionsData {
    my_sessions: Vec<DeviceSession>,
}

#[derive(Deserialize)]
struct RevokeSessionData {
    #[serde(rename = "revokeSession")]
    _revoked: bool,
}

#[derive(Deserialize)]
struct LogOutEverywhereData {
    #[serde(rename = "logOutEverywhere")]
    _ended: i64,
}

/// The viewer's sessions, most recently used first.
pub async fn my_sessions() -> Result<Vec<DeviceSession>, ApiError> {
    query::<_, MySessionsData>(MY_SESSIONS_QUERY, ())
        .await
        .map(|d| d.my_sessions)
}

/// Ends one of the viewer's other sessions.
pub async fn revoke_session(id: String) -> Result<(), ApiError> {
    query::<_, RevokeSessionData>(REVOKE_SESSION_MUTATION, IdVars { id: &id })
        .await
        .map(drop)
}

/// Ends every session of the viewer, this one included.
pub async fn log_out_everywhere() -> Result<(), ApiError> {
    query::<_, LogOutEverywhereData>(LOG_OUT_EVERYWHERE_MUTATION, ())
        .await
        .map(drop)
}

// ---------- Audit log ----------

const AUDIT_LOG_QUERY: &str = "query AuditLog($first: Int, $after: String) { auditLog(first: $first, after: $after) { edges { cursor node { id occurredAt action actor { name email } apiKeyPrefix subject address } } pageInfo { hasNextPage endCursor } } }";

/// What an audit event records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AuditAction {
    /// Someone signed in.
    SignIn,
    /// A sign-in was refused.
    SignInFailed,
    /// A member's role changed.
    RoleChanged,
    /// A member was removed.
    MemberRemoved,
    /// An invitation was sent.
    InvitationSent,
    /// An invitation was accepted.
    InvitationAccepted,
    /// An invitation was withdrawn.
    InvitationRevoked,
    /// An API key was created.
    ApiKeyCreated,
    /// An API key was revoked.
    ApiKeyRevoked,
    /// An API key was used for the first time.
    ApiKeyFirstUsed,
    /// A member's locations were limited or freed.
    MemberLocationsChanged,
    /// The company's settings changed.
    SettingsChanged,
    /// An action added to the server after this dashboard was built.
    #[serde(other)]
    Unknown,
}

/// Who did something.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Actor {
    /// Display name.
    pub name: String,
    /// Email.
    pub email: String,
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEvent {
    /// Opaque id.
    pub id: String,
    /// When, RFC 3339.
    pub occurred_at: String,
    /// What.
    pub action: AuditAction,
    /// The person, when a person did it.
    #[serde(default)]
    pub actor: Option<Actor>,
    /// The API key's prefix, when a key did it.
    #[serde(default)]
    pub api_key_prefix: Option<String>,
    /// What it concerned, in words (an email, a key prefix…).
    #[serde(default)]
    pub subject: Option<String>,
    /// Client IP address.
    #[serde(default)]
    pub address: Option<String>,
}

#[derive(Deserialize)]
struct AuditEdge {
    node: AuditEvent,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AuditConnection {
    edges: Vec<AuditEdge>,
    page_info: PageInfo,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AuditLogData {
    audit_log: AuditConnection,
}

#[derive(Serialize)]
struct PageVars {
    first: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    after: Option<String>,
}

/// One page of the audit log: its events, newest first, and the cursor of the next page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditPage {
    /// The events.
    pub events: Vec<AuditEvent>,
    /// Pass as `after` for the next page; `None` on the last page.
    pub next: Option<String>,
}

/// Up to `first` events after the cursor `after` (from the newest when `None`).
pub async fn audit_log(first: u32, after: Option<String>) -> Result<AuditPage, ApiError> {
    let data = query::<_, AuditLogData>(AUDIT_LOG_QUERY, PageVars { first, after }).await?;
    let AuditConnection { edges, page_info } = data.audit_log;
    Ok(AuditPage {
        events: edges.into_iter().map(|e| e.node).collect(),
        next: page_info.next(),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn unknown_audit_actions_do_not_break_the_log() {
        let event: AuditEvent = serde_json::from_value(json!({
            "id": "e1",
            "occurredAt": "2026-01-01T00:00:00Z",
            "action": "SOMETHING_NEW",
            "actor": null,
            "apiKeyPrefix": null,
            "subject": "kura_abc123",
            "address": null
        }))
        .expect("decodes");
        assert_eq!(event.action, AuditAction::Unknown);
        let known: AuditAction =
            serde_json::from_value(json!("API_KEY_FIRST_USED")).expect("decodes");
        assert_eq!(known, AuditAction::ApiKeyFirstUsed);
    }

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
