//! Signing up, signing in, refreshing and signing out.
//!
//! A session is one sign-in on one device. Each refresh rotates its refresh token; a
//! token that was already rotated coming back means it was copied, so the whole session
//! is revoked (refresh-token reuse detection).

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use kura_shared::{Email, Role, ValidationError, check_new_password};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, Set,
    sea_query::{Expr, Query},
};
use uuid::Uuid;

use crate::services::{
    ServiceError,
    accounts::audit::{self, Actor, AuditAction},
    accounts::company::CompanyRecord,
};
use crate::{
    auth::{
        TokenKeys,
        passwords::Hashing,
        throttle::{LoginThrottle, SignUpThrottle},
        tokens::{new_refresh_token, refresh_token_hash},
    },
    events::{self, AccessHolder},
    mail::Mailer,
    store::{
        entities::{refresh_token, session, tenant, user},
        outbox,
        scope::{self, Scope},
        tenant::{Scoped, by_credential, records::membership},
    },
};

/// How long a session lasts without being used; every refresh extends it.
pub const SESSION_TTL: Duration = Duration::days(30);
const BAD_CREDENTIALS: &str = "Email or password is incorrect";
const SESSION_ENDED: &str = "Your session has ended; sign in again";
/// What a sign-up with an email that already has an account hears: a plain refusal of the
/// email, as for an invalid one, never that the account exists.
const EMAIL_UNAVAILABLE: &str =
    "This email cannot be used to create a new company; if it is yours, sign in instead";
const EMAIL_UNAVAILABLE_NOTIFIED: &str = "This email cannot be used to create a new company; if it is yours, sign in instead (we sent a message to it)";

/// A new account and company.
#[derive(Debug, Clone)]
pub struct SignUp {
    /// The owner's email.
    pub email: String,
    /// The owner's password.
    pub password: String,
    /// The owner's name.
    pub name: String,
    /// The company (tenant) name.
    pub company_name: String,
    /// The client's `User-Agent`.
    pub user_agent: Option<String>,
    /// The client's address, for the per-address sign-up limit.
    pub address: Option<String>,
}

/// What keeps `signUp` from being abused: the per-address limit, the bounded hashing pool,
/// and the mail that tells an account's owner when someone signs up with their email.
#[derive(Debug, Clone, Copy)]
pub struct SignUpGuards<'a> {
    /// Sign-ups per client address.
    pub throttle: &'a SignUpThrottle,
    /// Password hashing.
    pub hashing: &'a Hashing,
    /// Outgoing mail.
    pub mailer: &'a Mailer,
    /// The dashboard's sign-in page for that mail; only from `KURA_PUBLIC_URL`, never from
    /// the request's `Host`, which the anonymous caller chooses.
    pub sign_in_url: Option<&'a str>,
}

/// A person who can sign in, without their password hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    /// Their id.
    pub id: Uuid,
    /// Their email address.
    pub email: String,
    /// Their name.
    pub name: String,
}

impl From<user::Model> for UserRecord {
    fn from(u: user::Model) -> Self {
        Self {
            id: u.id,
            email: u.email,
            name: u.name,
        }
    }
}

/// One of a person's live sessions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    /// Its id.
    pub id: Uuid,
    /// The browser or client that signed in.
    pub user_agent: Option<String>,
    /// When it signed in.
    pub created_at: DateTime<Utc>,
    /// When it last refreshed its tokens.
    pub last_used_at: DateTime<Utc>,
}

/// A successful sign-in: tokens plus who and where.
#[derive(Debug, Clone)]
pub struct Authenticated {
    /// Short-lived JWT.
    pub access_token: String,
    /// When `access_token` expires.
    pub expires_at: DateTime<Utc>,
    /// The refresh token (shown once; only its hash is stored).
    pub refresh_token: String,
    /// The person.
    pub user: UserRecord,
    /// The company the session acts in.
    pub tenant: CompanyRecord,
    /// The person's role there.
    pub role: Role,
    /// The session.
    pub session_id: Uuid,
}

fn required_text(value: &str, field: &'static str, max: usize) -> Result<String, ServiceError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(ValidationError::new("text.empty", "This field is required")
            .with_field(field)
            .into());
    }
    if value.chars().count() > max {
        return Err(
            ValidationError::new("text.too_long", format!("Use at most {max} characters"))
                .with_field(field)
                .into(),
        );
    }
    Ok(value.to_owned())
}

/// Creates a user, their company and their owner membership, and signs them in.
///
/// Sign-ups are limited per client address. An email that already has an account is
/// refused like an invalid one, after the same password hashing a new account costs, and
/// its owner gets an email saying someone tried (they may simply have forgotten).
pub async fn sign_up(
    db: &DatabaseConnection,
    keys: &TokenKeys,
    guards: SignUpGuards<'_>,
    input: SignUp,
) -> Result<Authenticated, ServiceError> {
    let email = Email::parse(&input.email).map_err(ValidationError::from)?;
    let name = required_text(&input.name, "name", 200)?;
    let company_name = required_text(&input.company_name, "companyName", 200)?;
    check_new_password(&input.password, &[email.as_str(), &name, &company_name])
        .map_err(ValidationError::from)?;
    if let Err(retry_after_seconds) = guards.throttle.attempt(input.address.as_deref()).await {
        return Err(ServiceError::RateLimited {
            retry_after_seconds,
        });
    }
    let password_hash = guards.hashing.hash(input.password).await?;

    let user_id = Uuid::new_v4();
    let tenant_id = Uuid::new_v4();
    let txn = scope::begin(
        db,
        Scope {
            tenant: Some(tenant_id),
            user: Some(user_id),
            session: None,
        },
    )
    .await?;
    if let Some(existing) = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(&txn)
        .await?
    {
        notify_sign_up_attempt(guards.mailer, existing, guards.sign_in_url);
        let message = if guards.mailer.is_configured() {
            EMAIL_UNAVAILABLE_NOTIFIED
        } else {
            EMAIL_UNAVAILABLE
        };
        return Err(ValidationError::new("email.unavailable", message)
            .with_field("email")
            .into());
    }
    let now = Utc::now();
    let user = user::ActiveModel {
        id: Set(user_id),
        email: Set(email.as_str().to_owned()),
        name: Set(name),
        password_hash: Set(password_hash),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    let tenant = tenant::ActiveModel {
        id: Set(tenant_id),
        name: Set(company_name),
        time_zone: Set("Asia/Tokyo".into()),
        currency_code: Set(kura_shared::CurrencyCode::Jpy),
        prices_include_tax: Set(true),
        tax_rounding: Set(kura_shared::RoundingMode::default()),
        loyalty_earn_bp: Set(100),
        address: Set(String::new()),
        phone: Set(String::new()),
        registration_number: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    Scoped::new(&txn, tenant.id)
        .insert(membership::ActiveModel {
            tenant_id: Set(tenant.id),
            user_id: Set(user.id),
            role: Set(Role::Owner),
            created_at: Set(now),
        })
        .await?;
    let authenticated =
        start_session(&txn, keys, user, tenant, Role::Owner, input.user_agent).await?;
    txn.commit().await?;
    Ok(authenticated)
}

/// Tells an account's owner that someone tried to sign up with their email. Sent in the
/// background, so the answer takes no longer than a new account's; without SMTP only the
/// account's id is logged (never the address or anything secret).
fn notify_sign_up_attempt(mailer: &Mailer, owner: user::Model, sign_in_url: Option<&str>) {
    let mailer = mailer.clone();
    let sign_in_url = sign_in_url.map(str::to_owned);
    tokio::spawn(async move {
        match mailer
            .send_sign_up_attempt(&owner.email, sign_in_url.as_deref())
            .await
        {
            Ok(true) => {
                tracing::info!(user = %owner.id, "sign-up attempted with an existing account's email; its owner was told");
            }
            Ok(false) => {
                tracing::info!(user = %owner.id, "sign-up attempted with an existing account's email (no email sent: SMTP is not configured)");
            }
            Err(e) => {
                tracing::warn!(user = %owner.id, error = %e, "sign-up attempted with an existing account's email; telling its owner failed");
            }
        }
    });
}

/// Who is signing in and from where.
#[derive(Debug, Clone)]
pub struct LogIn {
    /// As typed.
    pub email: String,
    /// As typed.
    pub password: String,
    /// The company to enter; the first joined when `None`.
    pub tenant_id: Option<Uuid>,
    /// The client's `User-Agent`.
    pub user_agent: Option<String>,
    /// The client's address, for per-address throttling.
    pub address: Option<String>,
}

/// Signs in with email and password, into `tenant_id` or the person's first company.
/// Every failure says the same thing, so nobody learns which emails have accounts;
/// repeated failures per account or address are throttled (`RATE_LIMITED`).
pub async fn log_in(
    db: &DatabaseConnection,
    keys: &TokenKeys,
    throttle: &LoginThrottle,
    hashing: &Hashing,
    input: LogIn,
) -> Result<Authenticated, ServiceError> {
    let account = input.email.trim().to_lowercase();
    let address = input.address.clone();
    let address = address.as_deref();
    // Counted before the password is checked, so parallel guesses cannot all get in.
    if let Err(retry_after_seconds) = throttle.attempt(&account, address).await {
        return Err(ServiceError::RateLimited {
            retry_after_seconds,
        });
    }
    match authenticate(db, keys, hashing, input).await {
        Ok(authenticated) => {
            throttle.succeeded(&account, address).await;
            Ok(authenticated)
        }
        Err(ServiceError::Unauthenticated(message)) => {
            record_failed_sign_in(db, &account, address).await?;
            Err(ServiceError::Unauthenticated(message))
        }
        Err(other) => Err(other),
    }
}

async fn authenticate(
    db: &DatabaseConnection,
    keys: &TokenKeys,
    hashing: &Hashing,
    input: LogIn,
) -> Result<Authenticated, ServiceError> {
    let LogIn {
        email,
        password,
        tenant_id,
        user_agent,
        address,
    } = input;
    let found = match Email::parse(&email) {
        Ok(email) => {
            user::Entity::find()
                .filter(user::Column::Email.eq(email.as_str()))
                .one(db)
                .await?
        }
        Err(_) => None,
    };
    let stored = found.as_ref().map(|u| u.password_hash.clone());
    if !hashing.verify(password, stored).await? {
        return Err(ServiceError::Unauthenticated(BAD_CREDENTIALS));
    }
    let Some(user) = found else {
        return Err(ServiceError::Unauthenticated(BAD_CREDENTIALS));
    };
    let txn = scope::begin(db, Scope::user(user.id)).await?;
    let mut memberships =
        by_credential::memberships_of(user.id).order_by_asc(membership::Column::CreatedAt);
    if let Some(tenant_id) = tenant_id {
        memberships = memberships.filter(membership::Column::TenantId.eq(tenant_id));
    }
    let Some(membership) = memberships.one(&txn).await? else {
        return Err(ServiceError::Unauthenticated(BAD_CREDENTIALS));
    };
    let role = membership.role;
    let tenant = tenant::Entity::find_by_id(membership.tenant_id)
        .one(&txn)
        .await?
        .ok_or_else(|| ServiceError::internal("membership without tenant"))?;
    scope::set(
        &txn,
        Scope {
            tenant: Some(tenant.id),
            user: Some(user.id),
            session: None,
        },
    )
    .await?;
    let actor = Actor {
        user_id: Some(user.id),
        api_key_prefix: None,
        address,
    };
    audit::record(&txn, tenant.id, AuditAction::SignIn, &actor, &user.email).await?;
    let authenticated = start_session(&txn, keys, user, tenant, role, user_agent).await?;
    txn.commit().await?;
    Ok(authenticated)
}

/// Exchanges a refresh token for new tokens, rotating it.
pub async fn refresh(
    db: &DatabaseConnection,
    keys: &TokenKeys,
    token: &str,
) -> Result<Authenticated, ServiceError> {
    let hash = refresh_token_hash(token.trim());
    // Refresh tokens are found by the hash of a secret only their holder knows. A token
    // that matches nothing is answered from a read, without taking the write lock.
    let txn = scope::begin_read(db, Scope::default()).await?;
    let known = refresh_token::Entity::find_by_id(hash.clone())
        .one(&txn)
        .await?
        .is_some();
    txn.commit().await?;
    if !known {
        return Err(ServiceError::Unauthenticated(SESSION_ENDED));
    }
    let txn = scope::begin(db, Scope::default()).await?;
    let Some(stored) = refresh_token::Entity::find_by_id(hash.clone())
        .one(&txn)
        .await?
    else {
        return Err(ServiceError::Unauthenticated(SESSION_ENDED));
    };
    let now = Utc::now();
    // Conditional, so of two concurrent uses exactly one wins and the other is reuse.
    let claimed = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::UsedAt, Expr::value(now))
        .filter(refresh_token::Column::TokenHash.eq(hash))
        .filter(refresh_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    let this_session = Scope {
        session: Some(stored.session_id),
        ..Scope::default()
    };
    scope::set(&txn, this_session).await?;
    if claimed.rows_affected == 0 {
        revoke_session(&txn, this_session, stored.session_id).await?;
        txn.commit().await?;
        outbox::wake();
        tracing::warn!(session = %stored.session_id, "refresh token reused; session revoked");
        return Err(ServiceError::Unauthenticated(SESSION_ENDED));
    }
    let session = session::Entity::find_by_id(stored.session_id)
        .one(&txn)
        .await?
        .filter(|s| s.revoked_at.is_none() && s.expires_at > now)
        .ok_or(ServiceError::Unauthenticated(SESSION_ENDED))?;
    scope::set(
        &txn,
        Scope {
            user: Some(session.user_id),
            ..this_session
        },
    )
    .await?;
    // The role may have changed, or the membership ended, since the last refresh.
    let membership = Scoped::new(&txn, session.tenant_id)
        .select::<membership::Model>()
        .filter(membership::Column::UserId.eq(session.user_id))
        .one(&txn)
        .await?
        .ok_or(ServiceError::Unauthenticated(SESSION_ENDED))?;
    let role = membership.role;
    let user = user::Entity::find_by_id(session.user_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::Unauthenticated(SESSION_ENDED))?;
    let tenant = tenant::Entity::find_by_id(session.tenant_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::Unauthenticated(SESSION_ENDED))?;
    let (refresh_token, refresh_hash) = new_refresh_token();
    refresh_token::ActiveModel {
        token_hash: Set(refresh_hash),
        session_id: Set(session.id),
        created_at: Set(now),
        used_at: Set(None),
    }
    .insert(&txn)
    .await?;
    let session_id = session.id;
    let mut active: session::ActiveModel = session.into();
    active.last_used_at = Set(now);
    active.expires_at = Set(now + SESSION_TTL);
    active.update(&txn).await?;
    let (access_token, expires_at) = keys
        .issue(user.id, tenant.id, session_id, role)
        .map_err(ServiceError::internal)?;
    txn.commit().await?;
    Ok(Authenticated {
        access_token,
        expires_at,
        refresh_token,
        user: user.into(),
        tenant: tenant.into(),
        role,
        session_id,
    })
}

/// Ends a session: its refresh tokens stop working at once.
pub async fn log_out(
    db: &DatabaseConnection,
    user_id: Uuid,
    session_id: Uuid,
) -> Result<(), ServiceError> {
    let txn = scope::begin(db, Scope::user(user_id)).await?;
    revoke_session(&txn, Scope::user(user_id), session_id).await?;
    txn.commit().await?;
    outbox::wake();
    Ok(())
}

/// The person and the company a signed-in principal acts in. The session and role were
/// already checked when the request's credentials were resolved ([`live_role`]).
pub async fn viewer(
    db: &DatabaseConnection,
    user_id: Uuid,
    tenant_id: Uuid,
) -> Result<(UserRecord, CompanyRecord), ServiceError> {
    let txn = scope::begin_read(
        db,
        Scope {
            tenant: Some(tenant_id),
            user: Some(user_id),
            session: None,
        },
    )
    .await?;
    let user = user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::Unauthenticated(SESSION_ENDED))?;
    let tenant = tenant::Entity::find_by_id(tenant_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::Unauthenticated(SESSION_ENDED))?;
    txn.commit().await?;
    Ok((user.into(), tenant.into()))
}

pub(crate) async fn start_session(
    txn: &impl ConnectionTrait,
    keys: &TokenKeys,
    user: user::Model,
    tenant: tenant::Model,
    role: Role,
    user_agent: Option<String>,
) -> Result<Authenticated, ServiceError> {
    let now = Utc::now();
    let session = session::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(user.id),
        tenant_id: Set(tenant.id),
        user_agent: Set(user_agent.map(|ua| ua.chars().take(400).collect())),
        created_at: Set(now),
        last_used_at: Set(now),
        expires_at: Set(now + SESSION_TTL),
        revoked_at: Set(None),
    }
    .insert(txn)
    .await?;
    let (refresh_token, refresh_hash) = new_refresh_token();
    refresh_token::ActiveModel {
        token_hash: Set(refresh_hash),
        session_id: Set(session.id),
        created_at: Set(now),
        used_at: Set(None),
    }
    .insert(txn)
    .await?;
    let (access_token, expires_at) = keys
        .issue(user.id, tenant.id, session.id, role)
        .map_err(ServiceError::internal)?;
    Ok(Authenticated {
        access_token,
        expires_at,
        refresh_token,
        user: user.into(),
        tenant: tenant.into(),
        role,
        session_id: session.id,
    })
}

/// Ends a session in `txn` (acting for `scope`) and announces it, so sockets opened with
/// its access tokens close once the transaction commits.
async fn revoke_session(
    txn: &DatabaseTransaction,
    scope: Scope,
    session_id: Uuid,
) -> Result<(), ServiceError> {
    let ended = session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(session::Column::Id.eq(session_id))
        .filter(session::Column::RevokedAt.is_null())
        .exec(txn)
        .await?;
    if ended.rows_affected > 0 {
        announce_session_ended(txn, scope, session_id).await?;
    }
    Ok(())
}

async fn announce_session_ended(
    txn: &DatabaseTransaction,
    scope: Scope,
    session_id: Uuid,
) -> Result<(), ServiceError> {
    if let Some(session) = session::Entity::find_by_id(session_id).one(txn).await? {
        events::enqueue_access_change(
            txn,
            scope,
            session.tenant_id,
            AccessHolder::Session { session_id },
        )
        .await?;
    }
    Ok(())
}

/// The person's live sessions, most recently used first.
pub async fn sessions(
    db: &DatabaseConnection,
    user_id: Uuid,
) -> Result<Vec<SessionRecord>, ServiceError> {
    let txn = scope::begin_read(db, Scope::user(user_id)).await?;
    let sessions = session::Entity::find()
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::RevokedAt.is_null())
        .filter(session::Column::ExpiresAt.gt(Utc::now()))
        .order_by_desc(session::Column::LastUsedAt)
        .all(&txn)
        .await?;
    txn.commit().await?;
    Ok(sessions
        .into_iter()
        .map(|s| SessionRecord {
            id: s.id,
            user_agent: s.user_agent,
            created_at: s.created_at,
            last_used_at: s.last_used_at,
        })
        .collect())
}

/// Ends one of the person's own sessions; anyone else's is `NotFound`.
pub async fn revoke_own_session(
    db: &DatabaseConnection,
    user_id: Uuid,
    session_id: Uuid,
) -> Result<(), ServiceError> {
    let txn = scope::begin(db, Scope::user(user_id)).await?;
    let ended = session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(session::Column::Id.eq(session_id))
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    if ended.rows_affected == 0 {
        return Err(ServiceError::NotFound("Session"));
    }
    announce_session_ended(&txn, Scope::user(user_id), session_id).await?;
    txn.commit().await?;
    outbox::wake();
    Ok(())
}

/// Ends every session of the person, on every device; returns how many.
pub async fn log_out_everywhere(
    db: &DatabaseConnection,
    user_id: Uuid,
) -> Result<u64, ServiceError> {
    let txn = scope::begin(db, Scope::user(user_id)).await?;
    let live = session::Entity::find()
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::RevokedAt.is_null())
        .all(&txn)
        .await?;
    let ended = session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?
        .rows_affected;
    let companies: BTreeSet<Uuid> = live.iter().map(|s| s.tenant_id).collect();
    for tenant_id in companies {
        events::enqueue_access_change(
            &txn,
            Scope::user(user_id),
            tenant_id,
            AccessHolder::User { user_id },
        )
        .await?;
    }
    txn.commit().await?;
    outbox::wake();
    Ok(ended)
}

/// The companies the person belongs to, in the order they joined.
pub async fn companies(
    db: &DatabaseConnection,
    user_id: Uuid,
) -> Result<Vec<(CompanyRecord, Role)>, ServiceError> {
    let txn = scope::begin_read(db, Scope::user(user_id)).await?;
    let memberships = by_credential::memberships_of(user_id)
        .order_by_asc(membership::Column::CreatedAt)
        .all(&txn)
        .await?;
    let mut companies = Vec::with_capacity(memberships.len());
    for m in memberships {
        if let Some(tenant) = tenant::Entity::find_by_id(m.tenant_id).one(&txn).await? {
            companies.push((tenant.into(), m.role));
        }
    }
    txn.commit().await?;
    Ok(companies)
}

/// Moves the person into another of their companies: a new session there replaces the
/// current one. A company they do not belong to is `NotFound`.
pub async fn switch_tenant(
    db: &DatabaseConnection,
    keys: &TokenKeys,
    user_id: Uuid,
    current_session: Uuid,
    tenant_id: Uuid,
    user_agent: Option<String>,
) -> Result<Authenticated, ServiceError> {
    let txn = scope::begin(db, Scope::user(user_id)).await?;
    let membership = Scoped::new(&txn, tenant_id)
        .select::<membership::Model>()
        .filter(membership::Column::UserId.eq(user_id))
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("Company"))?;
    let role = membership.role;
    let user = user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::Unauthenticated(SESSION_ENDED))?;
    let tenant = tenant::Entity::find_by_id(tenant_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("Company"))?;
    revoke_session(&txn, Scope::user(user_id), current_session).await?;
    let authenticated = start_session(&txn, keys, user, tenant, role, user_agent).await?;
    txn.commit().await?;
    outbox::wake();
    Ok(authenticated)
}

/// A company by id, for a caller already known to act in it (an API key).
pub async fn tenant(
    db: &DatabaseConnection,
    tenant_id: Uuid,
) -> Result<CompanyRecord, ServiceError> {
    let txn = scope::begin_read(db, Scope::tenant(tenant_id)).await?;
    let tenant = tenant::Entity::find_by_id(tenant_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("Company"))?;
    txn.commit().await?;
    Ok(tenant.into())
}

/// Notes a wrong password in the audit log of every company the account belongs to, so
/// their admins see attacks on their people. Unknown emails leave no trace.
async fn record_failed_sign_in(
    db: &DatabaseConnection,
    email: &str,
    address: Option<&str>,
) -> Result<(), ServiceError> {
    let Some(user) = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let txn = scope::begin(db, Scope::user(user.id)).await?;
    let memberships = by_credential::memberships_of(user.id).all(&txn).await?;
    let actor = Actor {
        user_id: None,
        api_key_prefix: None,
        address: address.map(str::to_owned),
    };
    for m in memberships {
        scope::set(
            &txn,
            Scope {
                tenant: Some(m.tenant_id),
                user: Some(user.id),
                session: None,
            },
        )
        .await?;
        audit::record(
            &txn,
            m.tenant_id,
            AuditAction::SignInFailed,
            &actor,
            &user.email,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The role a token's holder has right now, or `None` when the session ended or the
/// membership is gone. Checked on every request, so a removed member or a revoked session
/// loses access at once instead of when the access token expires.
pub async fn live_role(
    db: &DatabaseConnection,
    user_id: Uuid,
    tenant_id: Uuid,
    session_id: Uuid,
) -> Result<Option<Role>, ServiceError> {
    let txn = scope::begin_read(
        db,
        Scope {
            tenant: Some(tenant_id),
            user: Some(user_id),
            session: Some(session_id),
        },
    )
    .await?;
    // One statement: the membership, only while the session is this person's here and live.
    let live_session = Query::select()
        .expr(Expr::val(1))
        .from(session::Entity)
        .and_where(session::Column::Id.eq(session_id))
        .and_where(session::Column::UserId.eq(user_id))
        .and_where(session::Column::TenantId.eq(tenant_id))
        .and_where(session::Column::RevokedAt.is_null())
        .to_owned();
    let role = Scoped::new(&txn, tenant_id)
        .select::<membership::Model>()
        .filter(membership::Column::UserId.eq(user_id))
        .filter(Expr::exists(live_session))
        .one(&txn)
        .await?
        .map(|m| m.role);
    txn.commit().await?;
    Ok(role)
}
