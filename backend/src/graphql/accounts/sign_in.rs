//! Accounts: `signUp`, `logIn`, `refreshSession`, `logOut` and `me`.

use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use kura_shared::RoundingMode;

use crate::graphql::{
    request::client::ClientInfo,
    types::{
        errors::{ApiError, require_principal, require_user},
        ids::{self, Kind},
    },
};
use crate::{
    auth::Principal,
    services::{
        ServiceError,
        accounts::company::CompanyRecord,
        accounts::sign_in::{self, Authenticated, LogIn, SignUp, SignUpGuards, UserRecord},
    },
    state::AppState,
};

/// A person who can sign in.
#[derive(SimpleObject)]
pub struct User {
    id: ID,
    email: String,
    name: String,
}

impl From<UserRecord> for User {
    fn from(u: UserRecord) -> Self {
        Self {
            id: ids::encode(Kind::User, u.id),
            email: u.email,
            name: u.name,
        }
    }
}

/// A company using Kura.
#[derive(SimpleObject)]
pub struct Tenant {
    id: ID,
    name: String,
    /// IANA time zone for business days and dashboards.
    time_zone: String,
    /// ISO 4217 currency of the company's books.
    currency_code: String,
    /// Whether prices are entered and shown tax-included (総額表示) or tax-excluded.
    prices_include_tax: bool,
    /// How consumption tax is rounded once per rate on sales and invoices.
    tax_rounding: RoundingMode,
    /// Loyalty points a sale earns, in basis points of its total (100 = 1%).
    loyalty_earn_basis_points: i32,
    /// Postal address printed under the company's name on its documents (lines separated by
    /// newlines).
    address: String,
    /// Phone printed on its documents.
    phone: String,
    /// 適格請求書発行事業者登録番号 (`T` + 13 digits), printed on its documents.
    registration_number: Option<String>,
}

impl From<CompanyRecord> for Tenant {
    fn from(t: CompanyRecord) -> Self {
        Self {
            id: ids::encode(Kind::Tenant, t.id),
            name: t.name,
            time_zone: t.time_zone,
            currency_code: t.currency_code.as_str().to_owned(),
            prices_include_tax: t.prices_include_tax,
            tax_rounding: t.tax_rounding,
            loyalty_earn_basis_points: t.loyalty_earn_bp,
            address: t.address,
            phone: t.phone,
            registration_number: t.registration_number,
        }
    }
}

pub use kura_shared::Role;

/// Who is calling, where, and as what: a signed-in person, or a partner's API key.
#[derive(SimpleObject)]
pub struct Viewer {
    /// The person (`null` for an API key).
    user: Option<User>,
    /// The company the caller acts in.
    tenant: Tenant,
    /// The person's role there (`null` for an API key).
    role: Option<Role>,
    /// The API key's scopes (empty for a person, whose role decides).
    scopes: Vec<String>,
    /// Every company the person belongs to, for the company switcher.
    memberships: Vec<Membership>,
}

/// A company the caller belongs to, and their role there.
#[derive(SimpleObject)]
pub struct Membership {
    tenant: Tenant,
    role: Role,
}

/// A signed-in browser or device.
#[derive(SimpleObject)]
pub struct Session {
    id: ID,
    /// The browser or client that signed in.
    user_agent: Option<String>,
    created_at: DateTime<Utc>,
    last_used_at: DateTime<Utc>,
    /// True for the session making this request.
    current: bool,
}

/// Tokens from a sign-up, sign-in or refresh. The refresh token is also set as an
/// HttpOnly cookie for the dashboard; API clients keep it themselves.
#[derive(SimpleObject)]
pub struct AuthPayload {
    /// Send as `Authorization: Bearer <accessToken>`; valid 15 minutes.
    access_token: String,
    /// Exchange with `refreshSession` for new tokens; single use.
    refresh_token: String,
    /// When the access token expires.
    expires_at: DateTime<Utc>,
    user: User,
    tenant: Tenant,
    role: Role,
}

impl From<Authenticated> for AuthPayload {
    fn from(a: Authenticated) -> Self {
        Self {
            access_token: a.access_token,
            refresh_token: a.refresh_token,
            expires_at: a.expires_at,
            user: a.user.into(),
            tenant: a.tenant.into(),
            role: a.role,
        }
    }
}

/// A new account and company.
#[derive(InputObject)]
pub struct SignUpInput {
    email: String,
    /// At least 10 characters, not a common password.
    password: String,
    /// The owner's name.
    name: String,
    /// The company's name.
    company_name: String,
}

/// Email and password, optionally into a specific company.
#[derive(InputObject)]
pub struct LogInInput {
    email: String,
    password: String,
    /// The company to sign in to; the first one joined when omitted.
    tenant_id: Option<ID>,
}

#[derive(Default)]
pub struct AccountsQuery;

#[Object]
impl AccountsQuery {
    /// The signed-in person, their current company and role.
    async fn me(&self, ctx: &Context<'_>) -> Result<Viewer> {
        let state = ctx.data_unchecked::<AppState>();
        let principal = match require_principal(ctx)? {
            Principal::ApiKey(key) => {
                let tenant = sign_in::tenant(&state.db, key.tenant_id)
                    .await
                    .map_err(ApiError::from)?;
                return Ok(Viewer {
                    user: None,
                    tenant: tenant.into(),
                    role: None,
                    scopes: key.scopes.iter().map(|s| s.as_str().to_owned()).collect(),
                    memberships: Vec::new(),
                });
            }
            _ => require_user(ctx)?,
        };
        let (user, tenant) = sign_in::viewer(&state.db, principal.user_id, principal.tenant_id)
            .await
            .map_err(ApiError::from)?;
        let role = principal.role;
        let memberships = sign_in::companies(&state.db, principal.user_id)
            .await
            .map_err(ApiError::from)?
            .into_iter()
            .map(|(tenant, role)| Membership {
                tenant: tenant.into(),
                role,
            })
            .collect();
        Ok(Viewer {
            user: Some(user.into()),
            tenant: tenant.into(),
            role: Some(role),
            scopes: Vec::new(),
            memberships,
        })
    }

    /// The caller's own live sessions, most recently used first.
    async fn my_sessions(&self, ctx: &Context<'_>) -> Result<Vec<Session>> {
        let principal = require_user(ctx)?;
        let state = ctx.data_unchecked::<AppState>();
        Ok(sign_in::sessions(&state.db, principal.user_id)
            .await
            .map_err(ApiError::from)?
            .into_iter()
            .map(|s| Session {
                id: ids::encode(Kind::Session, s.id),
                user_agent: s.user_agent,
                created_at: s.created_at,
                last_used_at: s.last_used_at,
                current: s.id == principal.session_id,
            })
            .collect())
    }
}

#[derive(Default)]
pub struct AccountsMutation;

#[Object]
impl AccountsMutation {
    /// Creates an account and a company; the caller becomes its owner and is signed in.
    async fn sign_up(&self, ctx: &Context<'_>, input: SignUpInput) -> Result<AuthPayload> {
        let state = ctx.data_unchecked::<AppState>();
        let client = ctx.data_unchecked::<ClientInfo>();
        let sign_in_url = state
            .public_url
            .as_ref()
            .map(|base| format!("{}/login", base.as_str().trim_end_matches('/')));
        let signed_up = sign_in::sign_up(
            &state.db,
            &state.tokens,
            SignUpGuards {
                throttle: &state.sign_up_throttle,
                hashing: &state.hashing,
                mailer: &state.mailer,
                sign_in_url: sign_in_url.as_deref(),
            },
            SignUp {
                email: input.email,
                password: input.password,
                name: input.name,
                company_name: input.company_name,
                user_agent: client.user_agent.clone(),
                address: client.address.clone(),
            },
        )
        .await
        .map_err(ApiError::from)?;
        client.set_refresh_cookie(ctx, Some(&signed_up.refresh_token));
        Ok(signed_up.into())
    }

    /// Signs in. Errors never say whether the email has an account.
    async fn log_in(&self, ctx: &Context<'_>, input: LogInInput) -> Result<AuthPayload> {
        let state = ctx.data_unchecked::<AppState>();
        let client = ctx.data_unchecked::<ClientInfo>();
        let tenant_id = match &input.tenant_id {
            Some(id) => Some(ids::decode(Kind::Tenant, id).ok_or_else(|| {
                ApiError::validation("tenantId", "id.invalid", "Not a company id")
            })?),
            None => None,
        };
        let logged_in = sign_in::log_in(
            &state.db,
            &state.tokens,
            &state.login_throttle,
            &state.hashing,
            LogIn {
                email: input.email,
                password: input.password,
                tenant_id,
                user_agent: client.user_agent.clone(),
                address: client.address.clone(),
            },
        )
        .await
        .map_err(ApiError::from)?;
        client.set_refresh_cookie(ctx, Some(&logged_in.refresh_token));
        Ok(logged_in.into())
    }

    /// New tokens for a refresh token (the argument, or the dashboard's cookie). The old
    /// refresh token stops working; presenting it again ends the session.
    async fn refresh_session(
        &self,
        ctx: &Context<'_>,
        refresh_token: Option<String>,
    ) -> Result<AuthPayload> {
        let state = ctx.data_unchecked::<AppState>();
        let client = ctx.data_unchecked::<ClientInfo>();
        let token = refresh_token
            .or_else(|| client.refresh_cookie.clone())
            .ok_or_else(|| ApiError::unauthenticated("No refresh token; sign in again"))?;
        match sign_in::refresh(&state.db, &state.tokens, &token).await {
            Ok(refreshed) => {
                client.set_refresh_cookie(ctx, Some(&refreshed.refresh_token));
                Ok(refreshed.into())
            }
            Err(e) => {
                client.set_refresh_cookie(ctx, None);
                Err(ApiError::from(e).into())
            }
        }
    }

    /// Ends one of the caller's sessions (e.g. a lost phone). Not theirs: `NOT_FOUND`.
    async fn revoke_session(&self, ctx: &Context<'_>, id: ID) -> Result<bool> {
        let principal = require_user(ctx)?;
        let state = ctx.data_unchecked::<AppState>();
        let session_id = ids::decode(Kind::Session, &id)
            .ok_or_else(|| ApiError::from(ServiceError::NotFound("Session")))?;
        sign_in::revoke_own_session(&state.db, principal.user_id, session_id)
            .await
            .map_err(ApiError::from)?;
        Ok(true)
    }

    /// Signs the caller out on every device; returns how many sessions ended.
    async fn log_out_everywhere(&self, ctx: &Context<'_>) -> Result<u64> {
        let principal = require_user(ctx)?;
        let state = ctx.data_unchecked::<AppState>();
        let ended = sign_in::log_out_everywhere(&state.db, principal.user_id)
            .await
            .map_err(ApiError::from)?;
        ctx.data_unchecked::<ClientInfo>()
            .set_refresh_cookie(ctx, None);
        Ok(ended)
    }

    /// Moves to another company the caller belongs to, with new tokens for it.
    async fn switch_tenant(&self, ctx: &Context<'_>, tenant_id: ID) -> Result<AuthPayload> {
        let principal = require_user(ctx)?;
        let state = ctx.data_unchecked::<AppState>();
        let client = ctx.data_unchecked::<ClientInfo>();
        let tenant = ids::decode(Kind::Tenant, &tenant_id)
            .ok_or_else(|| ApiError::from(ServiceError::NotFound("Company")))?;
        let switched = sign_in::switch_tenant(
            &state.db,
            &state.tokens,
            principal.user_id,
            principal.session_id,
            tenant,
            client.user_agent.clone(),
        )
        .await
        .map_err(ApiError::from)?;
        client.set_refresh_cookie(ctx, Some(&switched.refresh_token));
        Ok(switched.into())
    }

    /// Ends the current session everywhere its tokens are held.
    async fn log_out(&self, ctx: &Context<'_>) -> Result<bool> {
        let principal = require_user(ctx)?;
        let state = ctx.data_unchecked::<AppState>();
        sign_in::log_out(&state.db, principal.user_id, principal.session_id)
            .await
            .map_err(ApiError::from)?;
        ctx.data_unchecked::<ClientInfo>()
            .set_refresh_cookie(ctx, None);
        Ok(true)
    }
}
