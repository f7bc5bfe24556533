//! Members of a company: listing, inviting by email, accepting, changing roles and
//! removing. A company always keeps at least one owner, and only owners make or unmake
//! owners.

use chrono::{DateTime, Duration, Utc};
use kura_shared::{Email, Role, ValidationError, check_new_password};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    DbBackend, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set, Statement,
    sea_query::Expr,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::services::{
    ServiceError,
    accounts::audit::{self, Actor, AuditAction},
    accounts::sign_in::{self, Authenticated, UserRecord},
};
use crate::{
    auth::{TokenKeys, passwords::Hashing, throttle::LoginThrottle},
    events::{self, AccessHolder},
    mail::{InvitationMail, Mailer},
    store::{
        entities::{session, tenant, user},
        member_locations, outbox,
        scope::{self, Scope},
        tenant::records::location,
        tenant::{
            Scoped, by_credential,
            records::{invitation, membership},
        },
    },
};

/// How long an invitation link works.
pub const INVITATION_TTL: Duration = Duration::days(7);

/// Who is managing the team.
#[derive(Debug, Clone)]
pub struct Manager {
    /// Their company.
    pub tenant_id: Uuid,
    /// Themselves.
    pub user_id: Uuid,
    /// Their role (admin or owner; the API checks before calling).
    pub role: Role,
    /// Their address, for the audit log.
    pub address: Option<String>,
}

impl Manager {
    fn actor(&self) -> Actor {
        Actor {
            user_id: Some(self.user_id),
            api_key_prefix: None,
            address: self.address.clone(),
        }
    }

    fn scope(&self) -> Scope {
        Scope {
            tenant: Some(self.tenant_id),
            user: Some(self.user_id),
            session: None,
        }
    }

    /// Queues the news that `user_id`'s rights here changed, so their open sockets close
    /// and reconnect with the rights now in force.
    async fn announce(&self, txn: &DatabaseTransaction, user_id: Uuid) -> Result<(), DbErr> {
        events::enqueue_access_change(
            txn,
            self.scope(),
            self.tenant_id,
            AccessHolder::User { user_id },
        )
        .await
    }

    /// Only owners may touch the owner role.
    fn may_manage(&self, role: Role) -> Result<(), ServiceError> {
        if role == Role::Owner && self.role != Role::Owner {
            return Err(ServiceError::Forbidden("Only an owner can manage owners"));
        }
        Ok(())
    }
}

/// A member with their person.
#[derive(Debug, Clone)]
pub struct Member {
    /// The person.
    pub user: UserRecord,
    /// Their role.
    pub role: Role,
    /// When they joined.
    pub joined_at: DateTime<Utc>,
    /// The locations they are limited to (empty: every location).
    pub locations: Vec<location::Model>,
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.trim().as_bytes()))
}

/// The company's members, in the order they joined.
pub async fn members(
    db: &DatabaseConnection,
    tenant_id: Uuid,
) -> Result<Vec<Member>, ServiceError> {
    let txn = scope::begin_read(db, Scope::tenant(tenant_id)).await?;
    let members = load_members(&txn, tenant_id).await?;
    txn.commit().await?;
    Ok(members)
}

async fn load_members(
    txn: &DatabaseTransaction,
    tenant_id: Uuid,
) -> Result<Vec<Member>, ServiceError> {
    let memberships = Scoped::new(txn, tenant_id)
        .select::<membership::Model>()
        .order_by_asc(membership::Column::CreatedAt)
        .all(txn)
        .await?;
    let users = user::Entity::find()
        .filter(user::Column::Id.is_in(memberships.iter().map(|m| m.user_id)))
        .all(txn)
        .await?;
    let mut limits = member_locations::of_members(txn, tenant_id).await?;
    Ok(memberships
        .into_iter()
        .filter_map(|m| {
            let user = users.iter().find(|u| u.id == m.user_id)?.clone().into();
            let locations = limits.remove(&m.user_id).unwrap_or_default();
            Some(Member {
                user,
                role: m.role,
                joined_at: m.created_at,
                locations,
            })
        })
        .collect())
}

/// An invitation that has not been accepted or withdrawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitationRecord {
    /// Its id.
    pub id: Uuid,
    /// The address it was sent to.
    pub email: String,
    /// The role it grants.
    pub role: Role,
    /// When it was sent.
    pub created_at: DateTime<Utc>,
    /// When its link stops working.
    pub expires_at: DateTime<Utc>,
    /// The name of who sent it, when known.
    pub inviter: Option<String>,
}

impl InvitationRecord {
    fn new(row: invitation::Model, inviter: Option<String>) -> Self {
        Self {
            id: row.id,
            role: row.role,
            email: row.email,
            created_at: row.created_at,
            expires_at: row.expires_at,
            inviter,
        }
    }
}

/// The company's pending invitations with who sent each, newest first.
pub async fn invitations(
    db: &DatabaseConnection,
    tenant_id: Uuid,
) -> Result<Vec<InvitationRecord>, ServiceError> {
    let txn = scope::begin_read(db, Scope::tenant(tenant_id)).await?;
    let pending = Scoped::new(&txn, tenant_id)
        .select::<invitation::Model>()
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(Utc::now()))
        .order_by_desc(invitation::Column::CreatedAt)
        .all(&txn)
        .await?;
    let inviters = user::Entity::find()
        .filter(user::Column::Id.is_in(pending.iter().map(|i| i.invited_by)))
        .all(&txn)
        .await?;
    txn.commit().await?;
    Ok(pending
        .into_iter()
        .map(|i| {
            let by = inviters.iter().find(|u| u.id == i.invited_by);
            InvitationRecord::new(i, by.map(|u| u.name.clone()))
        })
        .collect())
}

/// A sent (or, without mail, created) invitation.
#[derive(Debug, Clone)]
pub struct Invited {
    /// The invitation (without its inviter: the caller sent it).
    pub invitation: InvitationRecord,
    /// Whether an email went out.
    pub email_sent: bool,
    /// The link, when it must be passed on by hand (no email was sent).
    pub accept_url: Option<String>,
}

/// Invites `email` with `role`. A new invitation to the same address replaces the old one.
pub async fn invite(
    db: &DatabaseConnection,
    mailer: &Mailer,
    by: &Manager,
    email: &str,
    role: Role,
    locations: &[Uuid],
    accept_base: &str,
) -> Result<Invited, ServiceError> {
    let email = Email::parse(email).map_err(ValidationError::from)?;
    by.may_manage(role)?;
    let txn = scope::begin(db, by.scope()).await?;
    let locations = check_locations(&txn, by.tenant_id, role, locations).await?;
    // One lookup for this address, not the whole team.
    let already = match user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(&txn)
        .await?
    {
        Some(person) => Scoped::new(&txn, by.tenant_id)
            .select::<membership::Model>()
            .filter(membership::Column::UserId.eq(person.id))
            .one(&txn)
            .await?
            .is_some(),
        None => false,
    };
    if already {
        return Err(ServiceError::Conflict {
            message: "This person is already a member".into(),
            field: Some("email"),
        });
    }
    let now = Utc::now();
    Scoped::new(&txn, by.tenant_id)
        .update::<invitation::Model>()
        .col_expr(invitation::Column::RevokedAt, Expr::value(now))
        .filter(invitation::Column::Email.eq(email.as_str()))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let invitation = Scoped::new(&txn, by.tenant_id)
        .insert(invitation::ActiveModel {
            tenant_id: Set(by.tenant_id),
            id: Set(Uuid::new_v4()),
            email: Set(email.as_str().to_owned()),
            role: Set(role),
            token_hash: Set(token_hash(&token)),
            invited_by: Set(by.user_id),
            created_at: Set(now),
            expires_at: Set(now + INVITATION_TTL),
            accepted_at: Set(None),
            revoked_at: Set(None),
        })
        .await?;
    member_locations::set_for_invitation(&txn, by.tenant_id, invitation.id, &locations).await?;
    audit::record(
        &txn,
        by.tenant_id,
        AuditAction::InvitationSent,
        &by.actor(),
        &format!("{} ({})", email.as_str(), role.as_str()),
    )
    .await?;
    let (company, inviter) = company_and_inviter(&txn, by.tenant_id, by.user_id).await?;
    txn.commit().await?;

    let accept_url = format!("{}/invite/{token}", accept_base.trim_end_matches('/'));
    let mail = InvitationMail {
        to: email.as_str(),
        company: &company,
        inviter: &inviter,
        accept_url: &accept_url,
    };
    let email_sent = match mailer.send_invitation(&mail).await {
        Ok(sent) => sent,
        Err(e) => {
            tracing::warn!(error = %e, "invitation email not sent; the link is shown instead");
            false
        }
    };
    if !email_sent {
        // The link carries the invitation's secret: it goes to the inviter, never the log.
        tracing::info!(invitation = %invitation.id, "invitation created; no email sent, the link is shown to the inviter");
    }
    Ok(Invited {
        invitation: InvitationRecord::new(invitation, None),
        email_sent,
        accept_url: (!email_sent).then_some(accept_url),
    })
}

/// Withdraws a pending invitation of this company.
pub async fn revoke_invitation(
    db: &DatabaseConnection,
    by: &Manager,
    invitation_id: Uuid,
) -> Result<(), ServiceError> {
    let txn = scope::begin(db, by.scope()).await?;
    let pending = Scoped::new(&txn, by.tenant_id)
        .select::<invitation::Model>()
        .filter(invitation::Column::Id.eq(invitation_id))
        .one(&txn)
        .await?
        .filter(|i| i.accepted_at.is_none() && i.revoked_at.is_none())
        .ok_or(ServiceError::NotFound("Invitation"))?;
    by.may_manage(pending.role)?;
    let mut active: invitation::ActiveModel = pending.clone().into();
    active.revoked_at = Set(Some(Utc::now()));
    active.update(&txn).await?;
    audit::record(
        &txn,
        by.tenant_id,
        AuditAction::InvitationRevoked,
        &by.actor(),
        &pending.email,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The names an invitation shows: the company's and the inviter's.
async fn company_and_inviter(
    txn: &DatabaseTransaction,
    tenant_id: Uuid,
    inviter_id: Uuid,
) -> Result<(String, String), ServiceError> {
    let company = tenant::Entity::find_by_id(tenant_id)
        .one(txn)
        .await?
        .map(|t| t.name)
        .unwrap_or_default();
    let inviter = user::Entity::find_by_id(inviter_id)
        .one(txn)
        .await?
        .map(|u| u.name)
        .unwrap_or_default();
    Ok((company, inviter))
}

async fn owner_count(txn: &DatabaseTransaction, tenant_id: Uuid) -> Result<u64, ServiceError> {
    Ok(Scoped::new(txn, tenant_id)
        .select::<membership::Model>()
        .filter(membership::Column::Role.eq(Role::Owner))
        .count(txn)
        .await?)
}

/// Locks the company's owner memberships so two concurrent demotions cannot both see
/// "another owner remains" (PostgreSQL; SQLite serialises writers anyway).
async fn lock_owners(txn: &DatabaseTransaction, tenant_id: Uuid) -> Result<(), ServiceError> {
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT 1 FROM memberships WHERE tenant_id = $1 AND role = 'OWNER' FOR UPDATE",
            [tenant_id.into()],
        ))
        .await?;
    }
    Ok(())
}

/// Changes a member's role.
pub async fn change_role(
    db: &DatabaseConnection,
    by: &Manager,
    user_id: Uuid,
    role: Role,
) -> Result<Member, ServiceError> {
    let txn = scope::begin(db, by.scope()).await?;
    lock_owners(&txn, by.tenant_id).await?;
    let current = Scoped::new(&txn, by.tenant_id)
        .select::<membership::Model>()
        .filter(membership::Column::UserId.eq(user_id))
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("Member"))?;
    let old = current.role;
    by.may_manage(old)?;
    by.may_manage(role)?;
    if old == Role::Owner && role != Role::Owner && owner_count(&txn, by.tenant_id).await? <= 1 {
        return Err(ServiceError::Conflict {
            message: "The last owner cannot be changed; make someone else owner first".into(),
            field: Some("role"),
        });
    }
    let joined_at = current.created_at;
    let mut active: membership::ActiveModel = current.into();
    active.role = Set(role);
    active.update(&txn).await?;
    let user = user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("Member"))?;
    audit::record(
        &txn,
        by.tenant_id,
        AuditAction::RoleChanged,
        &by.actor(),
        &format!("{}: {} → {}", user.email, old.as_str(), role.as_str()),
    )
    .await?;
    if role.at_least(Role::Admin) {
        // Owners and admins work everywhere; a stale limit must not linger.
        member_locations::set_for_member(&txn, by.tenant_id, user_id, &[]).await?;
    }
    let locations = member_locations::of_members(&txn, by.tenant_id)
        .await?
        .remove(&user_id)
        .unwrap_or_default();
    if old != role {
        by.announce(&txn, user_id).await?;
    }
    txn.commit().await?;
    outbox::wake();
    Ok(Member {
        user: user.into(),
        role,
        joined_at,
        locations,
    })
}

/// The locations `ids` name, checked: every one must be the company's, and owners and
/// admins cannot be limited.
async fn check_locations(
    txn: &DatabaseTransaction,
    tenant_id: Uuid,
    role: Role,
    ids: &[Uuid],
) -> Result<Vec<Uuid>, ServiceError> {
    let mut ids = ids.to_vec();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Ok(ids);
    }
    if role.at_least(Role::Admin) {
        return Err(ValidationError::new(
            "locations.not_limitable",
            "Owners and admins work at every location",
        )
        .with_field("locationIds")
        .into());
    }
    if member_locations::existing(txn, tenant_id, &ids)
        .await?
        .len()
        != ids.len()
    {
        return Err(ServiceError::NotFound("Location"));
    }
    Ok(ids)
}

/// Limits a member to some locations (none = every location again).
pub async fn set_member_locations(
    db: &DatabaseConnection,
    by: &Manager,
    user_id: Uuid,
    locations: &[Uuid],
) -> Result<Member, ServiceError> {
    let txn = scope::begin(db, by.scope()).await?;
    let current = Scoped::new(&txn, by.tenant_id)
        .select::<membership::Model>()
        .filter(membership::Column::UserId.eq(user_id))
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("Member"))?;
    let role = current.role;
    by.may_manage(role)?;
    let ids = check_locations(&txn, by.tenant_id, role, locations).await?;
    member_locations::set_for_member(&txn, by.tenant_id, user_id, &ids).await?;
    let user = user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("Member"))?;
    let places = member_locations::existing(&txn, by.tenant_id, &ids).await?;
    audit::record(
        &txn,
        by.tenant_id,
        AuditAction::MemberLocationsChanged,
        &by.actor(),
        &format!(
            "{}: locations {}",
            user.email,
            if places.is_empty() {
                "all".to_owned()
            } else {
                places
                    .iter()
                    .map(|l| l.code.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        ),
    )
    .await?;
    by.announce(&txn, user_id).await?;
    txn.commit().await?;
    outbox::wake();
    Ok(Member {
        user: user.into(),
        role,
        joined_at: current.created_at,
        locations: places,
    })
}

/// Removes a member; their sessions in this company end at once.
pub async fn remove_member(
    db: &DatabaseConnection,
    by: &Manager,
    user_id: Uuid,
) -> Result<(), ServiceError> {
    let txn = scope::begin(db, by.scope()).await?;
    lock_owners(&txn, by.tenant_id).await?;
    let current = Scoped::new(&txn, by.tenant_id)
        .select::<membership::Model>()
        .filter(membership::Column::UserId.eq(user_id))
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("Member"))?;
    let role = current.role;
    by.may_manage(role)?;
    if role == Role::Owner && owner_count(&txn, by.tenant_id).await? <= 1 {
        return Err(ServiceError::Conflict {
            message: "The last owner cannot be removed".into(),
            field: None,
        });
    }
    Scoped::new(&txn, by.tenant_id)
        .delete::<membership::Model>()
        .filter(membership::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    // Their sessions in this company are theirs (user-scoped rows): widen the scope to them.
    scope::set(
        &txn,
        Scope {
            user: Some(user_id),
            ..by.scope()
        },
    )
    .await?;
    session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::TenantId.eq(by.tenant_id))
        .filter(session::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    scope::set(&txn, by.scope()).await?;
    let email = user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .map(|u| u.email)
        .unwrap_or_default();
    audit::record(
        &txn,
        by.tenant_id,
        AuditAction::MemberRemoved,
        &by.actor(),
        &email,
    )
    .await?;
    by.announce(&txn, user_id).await?;
    txn.commit().await?;
    outbox::wake();
    Ok(())
}

/// What an invitee sees before accepting.
#[derive(Debug, Clone)]
pub struct Preview {
    /// The company.
    pub company: String,
    /// Who it was sent to.
    pub email: String,
    /// The role offered.
    pub role: Role,
    /// Who sent it.
    pub inviter: String,
    /// Until when it works.
    pub expires_at: DateTime<Utc>,
    /// Whether the invitee already has a Kura account (then they confirm with their password).
    pub account_exists: bool,
}

async fn open_invitation(
    txn: &DatabaseTransaction,
    token: &str,
) -> Result<Option<invitation::Model>, ServiceError> {
    let hash = token_hash(token);
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT set_config('app.invitation_token_hash', $1, true)",
            [hash.clone().into()],
        ))
        .await?;
    }
    Ok(by_credential::invitation_with_token_hash(&hash)
        .one(txn)
        .await?
        .filter(|i| i.accepted_at.is_none() && i.revoked_at.is_none() && i.expires_at > Utc::now()))
}

/// The invitation behind a link, or `None` when it is unknown, used, withdrawn or expired.
pub async fn preview(
    db: &DatabaseConnection,
    token: &str,
) -> Result<Option<Preview>, ServiceError> {
    let txn = scope::begin_read(db, Scope::default()).await?;
    let Some(invitation) = open_invitation(&txn, token).await? else {
        return Ok(None);
    };
    scope::set(&txn, Scope::tenant(invitation.tenant_id)).await?;
    let (company, inviter) =
        company_and_inviter(&txn, invitation.tenant_id, invitation.invited_by).await?;
    let account_exists = user::Entity::find()
        .filter(user::Column::Email.eq(invitation.email.as_str()))
        .one(&txn)
        .await?
        .is_some();
    txn.commit().await?;
    Ok(Some(Preview {
        company,
        email: invitation.email,
        role: invitation.role,
        inviter,
        expires_at: invitation.expires_at,
        account_exists,
    }))
}

/// Accepting an invitation.
#[derive(Debug, Clone)]
pub struct Accept {
    /// The token from the link.
    pub token: String,
    /// The new person's name (new accounts only).
    pub name: Option<String>,
    /// A new password, or an existing account's current one.
    pub password: String,
    /// `User-Agent`, for the session list.
    pub user_agent: Option<String>,
    /// Address, for the audit log.
    pub address: Option<String>,
}

/// Who accepts an invitation: a person with an account, or one to create.
enum Joining {
    Existing(user::Model),
    New { name: String, password_hash: String },
}

impl Joining {
    /// Who is joining: an existing account proves it is theirs with its password (throttled
    /// like a sign-in), a new one brings a name and a password good enough to hash.
    async fn check(
        throttle: &LoginThrottle,
        hashing: &Hashing,
        input: &Accept,
        email: &str,
        existing: Option<user::Model>,
    ) -> Result<Self, ServiceError> {
        let Some(user) = existing else {
            let name = input.name.as_deref().map(str::trim).unwrap_or_default();
            if name.is_empty() {
                return Err(ValidationError::new("text.empty", "This field is required")
                    .with_field("name")
                    .into());
            }
            check_new_password(&input.password, &[email, name]).map_err(ValidationError::from)?;
            return Ok(Joining::New {
                name: name.chars().take(200).collect(),
                password_hash: hashing.hash(input.password.clone()).await?,
            });
        };
        let address = input.address.as_deref();
        if let Err(retry_after_seconds) = throttle.attempt(&user.email, address).await {
            return Err(ServiceError::RateLimited {
                retry_after_seconds,
            });
        }
        if !hashing
            .verify(input.password.clone(), Some(user.password_hash.clone()))
            .await?
        {
            return Err(ServiceError::Unauthenticated(
                "Email or password is incorrect",
            ));
        }
        throttle.succeeded(&user.email, address).await;
        Ok(Joining::Existing(user))
    }
}

/// Makes `user_id` a member with the invitation's role and locations, unless they already
/// are one (then their role stands); returns the role they have.
async fn join_company(
    txn: &DatabaseTransaction,
    invitation: &invitation::Model,
    user_id: Uuid,
    role: Role,
) -> Result<Role, ServiceError> {
    let tenant = Scoped::new(txn, invitation.tenant_id);
    if let Some(existing) = tenant
        .select::<membership::Model>()
        .filter(membership::Column::UserId.eq(user_id))
        .one(txn)
        .await?
    {
        return Ok(existing.role);
    }
    tenant
        .insert(membership::ActiveModel {
            tenant_id: Set(invitation.tenant_id),
            user_id: Set(user_id),
            role: Set(role),
            created_at: Set(Utc::now()),
        })
        .await?;
    member_locations::apply_invitation(txn, invitation.tenant_id, invitation.id, user_id).await?;
    Ok(role)
}

/// Joins the company (creating the account if needed) and signs in there.
pub async fn accept(
    db: &DatabaseConnection,
    keys: &TokenKeys,
    throttle: &LoginThrottle,
    hashing: &Hashing,
    input: Accept,
) -> Result<Authenticated, ServiceError> {
    // The link and the account are read, and the password checked or hashed, before the
    // write transaction begins: on SQLite that holds everyone's writes, so neither a flood of
    // made-up tokens nor a slow argon2 may run inside it.
    let read = scope::begin_read(db, Scope::default()).await?;
    let invitation = open_invitation(&read, &input.token)
        .await?
        .ok_or(ServiceError::NotFound("Invitation"))?;
    let existing = user::Entity::find()
        .filter(user::Column::Email.eq(invitation.email.as_str()))
        .one(&read)
        .await?;
    read.commit().await?;
    let role = invitation.role;
    let joining = Joining::check(throttle, hashing, &input, &invitation.email, existing).await?;

    let txn = scope::begin(db, Scope::default()).await?;
    // Accepted, withdrawn or expired while the password was being checked: nothing happens.
    let invitation = open_invitation(&txn, &input.token)
        .await?
        .ok_or(ServiceError::NotFound("Invitation"))?;
    let user = match joining {
        Joining::Existing(user) => user,
        Joining::New {
            name,
            password_hash,
        } => {
            let now = Utc::now();
            user::ActiveModel {
                id: Set(Uuid::new_v4()),
                email: Set(invitation.email.clone()),
                name: Set(name),
                password_hash: Set(password_hash),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await?
        }
    };
    scope::set(
        &txn,
        Scope {
            tenant: Some(invitation.tenant_id),
            user: Some(user.id),
            session: None,
        },
    )
    .await?;
    let member_role = join_company(&txn, &invitation, user.id, role).await?;
    let mut accepted: invitation::ActiveModel = invitation.clone().into();
    accepted.accepted_at = Set(Some(Utc::now()));
    accepted.update(&txn).await?;
    let actor = Actor {
        user_id: Some(user.id),
        api_key_prefix: None,
        address: input.address.clone(),
    };
    audit::record(
        &txn,
        invitation.tenant_id,
        AuditAction::InvitationAccepted,
        &actor,
        &invitation.email,
    )
    .await?;
    let tenant = tenant::Entity::find_by_id(invitation.tenant_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("Invitation"))?;
    let authenticated =
        sign_in::start_session(&txn, keys, user, tenant, member_role, input.user_agent).await?;
    txn.commit().await?;
    Ok(authenticated)
}
