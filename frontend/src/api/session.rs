//! The signed-in session: who is using the dashboard, and the short-lived access token every
//! request carries.
//!
//! The access token lives only in this tab's memory, never in storage. The refresh token is
//! the `kura_refresh` cookie (HttpOnly, `Path=/graphql`, `SameSite=Strict`): scripts never see
//! it, and the dashboard ignores the copy in the payload. So a reload restores the session
//! with one `refreshSession` call, and a new token is fetched about a minute before the old
//! one expires.
//!
//! Refreshing rotates the cookie and the server treats a second use of a rotated token as
//! theft, ending the session. Refreshes are therefore single-flight within a tab and, where
//! the browser has Web Locks, serialised across tabs.
//!
//! A person in several companies can switch between them ([`Session::switch_tenant`]). That
//! replaces the session and its cookie, so the switch takes the same lock as a refresh, and
//! the other tabs are told over a `BroadcastChannel` to refresh into the new company too.
//!
//! Components read the [`Session`] context (`use_session`); the transports ([`super::query`],
//! [`super::ws`]) use [`bearer`] and [`recover`].

use std::cell::RefCell;
use std::rc::Rc;

use futures_util::future::{Either, FutureExt, LocalBoxFuture, Shared, select};
use gloo_timers::callback::Timeout;
use gloo_timers::future::TimeoutFuture;
use kura_shared::{ErrorCode, Role};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use super::wire::InputVars;
use super::{ApiError, GraphQlError, operation_payload, post, query};

/// The fields of `AuthPayload` the dashboard uses; `refreshToken` is deliberately not asked for.
macro_rules! auth_payload_fields {
    () => {
        "{ accessToken expiresAt user { id email name } tenant { id name timeZone currencyCode } role }"
    };
}

const SIGN_UP_MUTATION: &str = concat!(
    "mutation SignUp($input: SignUpInput!) { signUp(input: $input) ",
    auth_payload_fields!(),
    " }"
);
const LOG_IN_MUTATION: &str = concat!(
    "mutation LogIn($input: LogInInput!) { logIn(input: $input) ",
    auth_payload_fields!(),
    " }"
);
const REFRESH_MUTATION: &str = concat!(
    "mutation RefreshSession { refreshSession ",
    auth_payload_fields!(),
    " }"
);
const ACCEPT_INVITATION_MUTATION: &str = concat!(
    "mutation AcceptInvitation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) ",
    auth_payload_fields!(),
    " }"
);
const SWITCH_TENANT_MUTATION: &str = concat!(
    "mutation SwitchTenant($tenantId: ID!) { switchTenant(tenantId: $tenantId) ",
    auth_payload_fields!(),
    " }"
);
const LOG_OUT_MUTATION: &str = "mutation LogOut { logOut }";
const MEMBERSHIPS_QUERY: &str =
    "query Memberships { me { memberships { role tenant { id name } } } }";

/// Nominal access-token lifetime; used when the browser clock makes `expiresAt` implausible.
const ACCESS_TOKEN_LIFETIME_MS: f64 = 15.0 * 60_000.0;
/// How long before expiry a new token is fetched.
const REFRESH_LEAD_MS: f64 = 60_000.0;
/// Wait before trying again when a scheduled refresh could not reach the server.
const REFRESH_RETRY_MS: u32 = 30_000;
/// Web Lock name shared by every tab of this origin, held while the refresh cookie is used.
const REFRESH_LOCK: &str = "kura.session.refresh";
/// `BroadcastChannel` on which tabs tell each other about company switches.
const SESSION_CHANNEL: &str = "kura.session";
/// Longest wait for the lock before refreshing without it; a refresh takes well under this.
const LOCK_WAIT_MS: u32 = 5_000;

/// The signed-in person.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct User {
    /// Opaque id.
    pub id: String,
    /// Sign-in email, normalised.
    pub email: String,
    /// Display name.
    pub name: String,
}

/// The company the session acts in.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tenant {
    /// Opaque id.
    pub id: String,
    /// Company name.
    pub name: String,
    /// IANA time zone for business days.
    pub time_zone: String,
    /// ISO 4217 currency of the books.
    pub currency_code: String,
}

/// Who is signed in, where, and as what (the `Viewer` type of the API).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Viewer {
    /// The person.
    pub user: User,
    /// Their current company.
    pub tenant: Tenant,
    /// Their role there.
    pub role: Role,
}

/// A company as the switcher lists it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Company {
    /// Opaque id, the `tenantId` of `switchTenant`.
    pub id: String,
    /// Company name.
    pub name: String,
}

/// One company the person belongs to, and their role there (`Membership`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Membership {
    /// The company.
    pub tenant: Company,
    /// The person's role there.
    pub role: Role,
}

#[derive(Deserialize)]
struct MembershipsData {
    me: MembershipsViewer,
}

#[derive(Deserialize)]
struct MembershipsViewer {
    memberships: Vec<Membership>,
}

/// `AuthPayload` minus the refresh token, which stays in its cookie.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AuthPayload {
    access_token: String,
    expires_at: String,
    #[serde(flatten)]
    viewer: Viewer,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SignUpData {
    sign_up: AuthPayload,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LogInData {
    log_in: AuthPayload,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AcceptInvitationData {
    accept_invitation: AuthPayload,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RefreshData {
    refresh_session: AuthPayload,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SwitchTenantData {
    switch_tenant: AuthPayload,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SwitchTenantVars {
    tenant_id: String,
}

/// What one tab tells the others on [`SESSION_CHANNEL`], as JSON text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
enum Broadcast {
    /// The person moved to another company; the refresh cookie now belongs to it.
    #[serde(rename_all = "camelCase")]
    Switched { user_id: String, tenant_id: String },
}

impl Broadcast {
    fn encode(&self) -> Option<String> {
        serde_json::to_string(self).ok()
    }

    /// `None` for anything this version does not understand (a newer tab's message, say).
    fn decode(text: &str) -> Option<Broadcast> {
        serde_json::from_str(text).ok()
    }

    /// Whether a tab showing `viewer` should refresh to follow this message: only the same
    /// person, and only when it is not already in that company.
    fn concerns(&self, viewer: Option<&Viewer>) -> bool {
        match self {
            Broadcast::Switched { user_id, tenant_id } => viewer
                .is_some_and(|viewer| viewer.user.id == *user_id && viewer.tenant.id != *tenant_id),
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LogOutData {
    #[serde(rename = "logOut")]
    _log_out: bool,
}

/// A new account and company (`SignUpInput`). No `Debug`: it holds a password.
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignUpInput {
    /// Owner's email.
    pub email: String,
    /// Owner's password.
    pub password: String,
    /// Owner's name.
    pub name: String,
    /// Company name.
    pub company_name: String,
}

/// Credentials (`LogInInput`); signs in to the person's first company. No `Debug`: it holds a
/// password.
#[derive(Clone, Serialize)]
pub struct LogInInput {
    /// Email as typed; the server normalises it.
    pub email: String,
    /// Password.
    pub password: String,
}

/// Accepting an invitation (`AcceptInvitationInput`). No `Debug`: it holds a password.
#[derive(Clone, Serialize)]
pub struct AcceptInvitationInput {
    /// The token from the invitation link.
    pub token: String,
    /// Name for a new account; `None` when the email already has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A new password, or the existing account's current one.
    pub password: String,
}

/// Where the session is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionState {
    /// The app just started and is asking the server whether the cookie still holds a session.
    Restoring,
    /// No session. `by_user` is true after signing out on purpose (no "return to" page then).
    SignedOut {
        /// The person pressed "sign out", rather than the session ending by itself.
        by_user: bool,
    },
    /// Signed in.
    SignedIn(Viewer),
}

/// [`SessionState`] without its data, for deciding what to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// See [`SessionState::Restoring`].
    Restoring,
    /// See [`SessionState::SignedOut`].
    SignedOut,
    /// See [`SessionState::SignedIn`].
    SignedIn,
}

impl SessionState {
    /// The phase this state is in.
    pub fn phase(&self) -> Phase {
        match self {
            SessionState::Restoring => Phase::Restoring,
            SessionState::SignedOut { .. } => Phase::SignedOut,
            SessionState::SignedIn(_) => Phase::SignedIn,
        }
    }

    /// The viewer, when signed in.
    pub fn viewer(&self) -> Option<&Viewer> {
        match self {
            SessionState::SignedIn(viewer) => Some(viewer),
            _ => None,
        }
    }
}

/// The app-wide session, provided as context by the app root.
///
/// All readers are reactive and change only when their value does: a token refresh that
/// returns the same viewer re-renders nothing.
#[derive(Debug, Clone, Copy)]
pub struct Session {
    state: RwSignal<SessionState>,
    phase: Memo<Phase>,
    viewer: Memo<Option<Viewer>>,
    identity: Memo<Option<(String, String)>>,
}

impl Session {
    /// Creates the session, provides it to [`use_session`] and starts restoring it from the
    /// refresh cookie.
    pub fn provide() -> Session {
        let state = RwSignal::new(SessionState::Restoring);
        let session = Session {
            state,
            phase: Memo::new(move |_| state.with(SessionState::phase)),
            viewer: Memo::new(move |_| state.with(|s| s.viewer().cloned())),
            identity: Memo::new(move |_| {
                state.with(|s| s.viewer().map(|v| (v.user.id.clone(), v.tenant.id.clone())))
            }),
        };
        STORE.with(|store| store.borrow_mut().state = Some(state));
        listen_to_other_tabs();
        provide_context(session);
        leptos::task::spawn_local(async move {
            // No cookie, or an ended session, answers UNAUTHENTICATED and signs out; an
            // unreachable server leaves us restoring, so fall back to the sign-in page.
            let _ = refresh().await;
            if state.get_untracked() == SessionState::Restoring {
                state.set(SessionState::SignedOut { by_user: false });
            }
        });
        session
    }

    /// Restoring, signed out or signed in (reactive).
    pub fn phase(&self) -> Phase {
        self.phase.get()
    }

    /// The signed-in viewer (reactive).
    pub fn viewer(&self) -> Option<Viewer> {
        self.viewer.get()
    }

    /// User and tenant id of the session, changing only on sign-in, sign-out or a company
    /// switch (reactive). Live subscriptions reconnect when it changes.
    pub fn identity(&self) -> Memo<Option<(String, String)>> {
        self.identity
    }

    /// True when the last sign-out was the person's own doing (not reactive).
    pub fn signed_out_by_user(&self) -> bool {
        matches!(
            self.state.get_untracked(),
            SessionState::SignedOut { by_user: true }
        )
    }

    /// Creates an account and company and signs in to it.
    pub async fn sign_up(self, input: SignUpInput) -> Result<(), ApiError> {
        let payload = operation_payload(SIGN_UP_MUTATION, InputVars { input })?;
        let data: SignUpData = post(&payload, None).await?;
        begin(data.sign_up);
        Ok(())
    }

    /// Signs in with email and password.
    pub async fn log_in(self, input: LogInInput) -> Result<(), ApiError> {
        let payload = operation_payload(LOG_IN_MUTATION, InputVars { input })?;
        let data: LogInData = post(&payload, None).await?;
        begin(data.log_in);
        Ok(())
    }

    /// Joins the invitation's company (creating the account if needed) and signs in to it.
    pub async fn accept_invitation(self, input: AcceptInvitationInput) -> Result<(), ApiError> {
        let payload = operation_payload(ACCEPT_INVITATION_MUTATION, InputVars { input })?;
        let data: AcceptInvitationData = post(&payload, None).await?;
        begin(data.accept_invitation);
        Ok(())
    }

    /// Every company the signed-in person belongs to, in the order they joined.
    pub async fn memberships(self) -> Result<Vec<Membership>, ApiError> {
        let data: MembershipsData = query(MEMBERSHIPS_QUERY, ()).await?;
        Ok(data.me.memberships)
    }

    /// Moves the session to another of the person's companies: the server ends this session
    /// and starts one there, and the new token and viewer replace the old ones, so everything
    /// keyed on [`Session::identity`] follows. Other tabs are told to follow too.
    ///
    /// `NOT_FOUND` means the person is not (or no longer) a member there.
    pub async fn switch_tenant(self, tenant_id: String) -> Result<(), ApiError> {
        let payload = operation_payload(SWITCH_TENANT_MUTATION, SwitchTenantVars { tenant_id })?;
        let generation = STORE.with(|store| store.borrow().generation);
        let mut result = switch_once(payload.clone()).await;
        if let Err((error, stale)) = &result
            && error.code() == Some(ErrorCode::Unauthenticated)
            && recover(stale.as_deref()).await
        {
            // The token expired while the menu was open; refreshed, so try once more.
            result = switch_once(payload).await;
        }
        let data = result.map_err(|(error, _)| error)?;
        // Signed out (or in afresh) meanwhile: that newer state wins, as for a refresh.
        if STORE.with(|store| store.borrow().generation) != generation {
            return Ok(());
        }
        let message = Broadcast::Switched {
            user_id: data.switch_tenant.viewer.user.id.clone(),
            tenant_id: data.switch_tenant.viewer.tenant.id.clone(),
        };
        begin(data.switch_tenant);
        announce(&message);
        Ok(())
    }

    /// Signs out here without asking the server, for when the server has already ended the
    /// session (after "sign out everywhere").
    pub fn forget(self) {
        end(true);
    }

    /// Signs out here at once, then ends the session on the server (which also clears the
    /// refresh cookie). A failure there is not shown: this tab holds no credentials any more.
    pub async fn log_out(self) {
        let token = bearer();
        end(true);
        if let (Some(token), Ok(payload)) = (token, operation_payload(LOG_OUT_MUTATION, ())) {
            let _ = post::<LogOutData>(&payload, Some(&token)).await;
        }
    }
}

/// The [`Session`] provided by the app root.
pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// Transport-side session state. One per tab (WASM is single-threaded).
#[derive(Default)]
struct Store {
    token: Option<String>,
    state: Option<RwSignal<SessionState>>,
    /// The refresh in progress, shared by everyone who needs it.
    refreshing: Option<Shared<LocalBoxFuture<'static, Result<(), ApiError>>>>,
    /// Fires the next scheduled refresh; dropping it cancels.
    timer: Option<Timeout>,
    /// This tab's end of [`SESSION_CHANNEL`], when the browser has `BroadcastChannel`.
    channel: Option<JsValue>,
    /// Bumped on every sign-in and sign-out, so a refresh that started before one of them
    /// cannot resurrect or overwrite the session when it finishes.
    generation: u64,
}

thread_local! {
    static STORE: RefCell<Store> = RefCell::default();
}

/// The current access token, for the `Authorization` header or `connection_init`.
pub(crate) fn bearer() -> Option<String> {
    STORE.with(|store| store.borrow().token.clone())
}

/// Called by a transport whose request with token `stale` was refused as unauthenticated.
/// Returns true when a newer token is available to retry with (refreshing if nobody has yet),
/// false when the session is gone.
pub(crate) async fn recover(stale: Option<&str>) -> bool {
    match bearer() {
        None => false,
        Some(current) if Some(current.as_str()) != stale => true,
        Some(_) => refresh().await.is_ok(),
    }
}

fn set_state(state: SessionState) {
    // Copy the signal out first: never notify while the store is borrowed.
    if let Some(signal) = STORE.with(|store| store.borrow().state) {
        signal.set(state);
    }
}

/// A fresh sign-in or sign-up.
fn begin(payload: AuthPayload) {
    STORE.with(|store| {
        let mut store = store.borrow_mut();
        store.generation += 1;
        store.refreshing = None;
    });
    install(payload);
}

/// Takes a payload's token and viewer and schedules the next refresh.
fn install(payload: AuthPayload) {
    let delay = refresh_delay_ms(expires_in_ms(&payload.expires_at));
    schedule_refresh(delay);
    STORE.with(|store| store.borrow_mut().token = Some(payload.access_token));
    set_state(SessionState::SignedIn(payload.viewer));
}

/// Forgets the token and stops refreshing.
fn end(by_user: bool) {
    let timer = STORE.with(|store| {
        let mut store = store.borrow_mut();
        store.generation += 1;
        store.token = None;
        store.refreshing = None;
        store.timer.take()
    });
    drop(timer);
    set_state(SessionState::SignedOut { by_user });
}

fn schedule_refresh(delay_ms: u32) {
    let timer = Timeout::new(delay_ms, || {
        leptos::task::spawn_local(async {
            if let Err(error) = refresh().await
                && error.code() != Some(ErrorCode::Unauthenticated)
            {
                // Offline or the server is restarting: the session may well still be good.
                schedule_refresh(REFRESH_RETRY_MS);
            }
        });
    });
    let previous = STORE.with(|store| store.borrow_mut().timer.replace(timer));
    drop(previous);
}

/// Exchanges the refresh cookie for a new token; concurrent callers share one request.
/// An `UNAUTHENTICATED` answer signs out; other failures leave the session as it was.
pub(crate) async fn refresh() -> Result<(), ApiError> {
    let flight = STORE.with(|store| {
        let mut store = store.borrow_mut();
        let generation = store.generation;
        store
            .refreshing
            .get_or_insert_with(|| refresh_once(generation).boxed_local().shared())
            .clone()
    });
    flight.await
}

async fn refresh_once(generation: u64) -> Result<(), ApiError> {
    let result = with_refresh_lock(
        async {
            let payload = operation_payload(REFRESH_MUTATION, ())?;
            post::<RefreshData>(&payload, None).await
        }
        .boxed_local(),
    )
    .await;
    let current = STORE.with(|store| {
        let mut store = store.borrow_mut();
        if store.generation == generation {
            store.refreshing = None;
        }
        store.generation == generation
    });
    if !current {
        // Signed in or out meanwhile; that newer state wins.
        return result.map(drop);
    }
    match result {
        Ok(data) => {
            install(data.refresh_session);
            Ok(())
        }
        Err(error) => {
            if error.code() == Some(ErrorCode::Unauthenticated) {
                end(false);
            }
            Err(error)
        }
    }
}

/// One `switchTenant` call under the refresh lock, so no tab presents the refresh cookie
/// while the server replaces it. A failure comes with the token it was made with.
async fn switch_once(
    payload: serde_json::Value,
) -> Result<SwitchTenantData, (ApiError, Option<String>)> {
    let token = Rc::new(RefCell::new(None::<String>));
    let used = Rc::clone(&token);
    with_refresh_lock(
        async move {
            // Read inside the lock: a refresh that held it may have just replaced the token.
            let Some(bearer) = bearer() else {
                return Err(ApiError::GraphQl(vec![GraphQlError::with_code(
                    ErrorCode::Unauthenticated,
                    "signed out",
                )]));
            };
            *used.borrow_mut() = Some(bearer.clone());
            post::<SwitchTenantData>(&payload, Some(&bearer)).await
        }
        .boxed_local(),
    )
    .await
    .map_err(|error| (error, token.borrow_mut().take()))
}

/// Opens this tab's end of [`SESSION_CHANNEL`] and follows what other tabs announce. Through
/// reflection, like the Web Lock, to need no extra web-sys features; browsers without
/// `BroadcastChannel` simply don't follow until their next refresh.
fn listen_to_other_tabs() {
    let Some(channel) = open_channel() else {
        return;
    };
    let on_message = Closure::<dyn FnMut(JsValue)>::new(|event: JsValue| {
        let Some(message) = js_sys::Reflect::get(&event, &JsValue::from_str("data"))
            .ok()
            .and_then(|data| data.as_string())
            .and_then(|text| Broadcast::decode(&text))
        else {
            return;
        };
        let viewer = STORE
            .with(|store| store.borrow().state)
            .and_then(|state| state.with_untracked(|s| s.viewer().cloned()));
        if message.concerns(viewer.as_ref()) {
            // The cookie now belongs to the other company: refreshing moves this tab there.
            leptos::task::spawn_local(async {
                let _ = refresh().await;
            });
        }
    });
    if js_sys::Reflect::set(
        &channel,
        &JsValue::from_str("onmessage"),
        on_message.as_ref(),
    )
    .is_ok()
    {
        // Listens for the life of the tab.
        on_message.forget();
        STORE.with(|store| store.borrow_mut().channel = Some(channel));
    }
}

fn open_channel() -> Option<JsValue> {
    let constructor: js_sys::Function =
        js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("BroadcastChannel"))
            .ok()?
            .dyn_into()
            .ok()?;
    let args = js_sys::Array::of1(&JsValue::from_str(SESSION_CHANNEL));
    js_sys::Reflect::construct(&constructor, &args).ok()
}

/// Tells the other tabs (not this one) about `message`; best effort.
fn announce(message: &Broadcast) {
    let Some(channel) = STORE.with(|store| store.borrow().channel.clone()) else {
        return;
    };
    let (Some(text), Ok(post_message)) = (
        message.encode(),
        js_sys::Reflect::get(&channel, &JsValue::from_str("postMessage")),
    ) else {
        return;
    };
    if let Ok(post_message) = post_message.dyn_into::<js_sys::Function>() {
        let _ = post_message.call1(&channel, &JsValue::from_str(&text));
    }
}

type Pending<T> = Rc<RefCell<Option<LocalBoxFuture<'static, Result<T, ApiError>>>>>;
type Outcome<T> = Rc<RefCell<Option<Result<T, ApiError>>>>;

/// Runs `task` holding the origin-wide refresh Web Lock, so two tabs never present the same
/// refresh cookie (nor one while another replaces it). Browsers without Web Locks, or a lock
/// not granted within [`LOCK_WAIT_MS`], run it directly: a rare race beats a dashboard stuck
/// loading.
async fn with_refresh_lock<T: 'static>(
    task: LocalBoxFuture<'static, Result<T, ApiError>>,
) -> Result<T, ApiError> {
    let pending: Pending<T> = Rc::new(RefCell::new(Some(task)));
    let result: Outcome<T> = Rc::default();
    if let Some(promise) = request_lock(Rc::clone(&pending), Rc::clone(&result)) {
        let mut held = Box::pin(wasm_bindgen_futures::JsFuture::from(promise));
        let waited = select(held.as_mut(), TimeoutFuture::new(LOCK_WAIT_MS)).await;
        // A lock that is granted but still running is awaited; one never granted in time
        // (a stuck tab, or a browser that never answers) is given up on below.
        let granted = pending.borrow().is_none();
        if matches!(waited, Either::Right(_)) && granted {
            let _ = held.await;
        }
    }
    if let Some(result) = result.borrow_mut().take() {
        return result;
    }
    let task = pending.borrow_mut().take();
    match task {
        Some(task) => task.await,
        None => Err(ApiError::Network(
            "session refresh was interrupted".to_owned(),
        )),
    }
}

/// `navigator.locks.request(name, callback)`, through reflection because web-sys only offers
/// Web Locks behind `web_sys_unstable_apis`.
fn request_lock<T: 'static>(pending: Pending<T>, result: Outcome<T>) -> Option<js_sys::Promise> {
    let navigator = web_sys::window()?.navigator();
    let locks = js_sys::Reflect::get(&navigator, &JsValue::from_str("locks")).ok()?;
    if !locks.is_object() {
        return None;
    }
    let request: js_sys::Function = js_sys::Reflect::get(&locks, &JsValue::from_str("request"))
        .ok()?
        .dyn_into()
        .ok()?;
    let callback = Closure::once_into_js(move |_lock: JsValue| -> js_sys::Promise {
        let task = pending.borrow_mut().take();
        wasm_bindgen_futures::future_to_promise(async move {
            if let Some(task) = task {
                let outcome = task.await;
                *result.borrow_mut() = Some(outcome);
            }
            Ok(JsValue::UNDEFINED)
        })
    });
    request
        .call2(&locks, &JsValue::from_str(REFRESH_LOCK), &callback)
        .ok()?
        .dyn_into()
        .ok()
}

/// Milliseconds from now until an RFC 3339 instant, by the browser clock (NaN if unparseable).
fn expires_in_ms(expires_at: &str) -> f64 {
    js_sys::Date::parse(expires_at) - js_sys::Date::now()
}

/// When to refresh a token that was just issued and expires in `expires_in_ms` by the browser
/// clock: a minute before expiry. A browser clock far off from the server's makes that figure
/// nonsense (a fresh token always has close to its full lifetime), so then assume the full
/// lifetime.
fn refresh_delay_ms(expires_in_ms: f64) -> u32 {
    let plausible = expires_in_ms.is_finite() && expires_in_ms > 2.0 * REFRESH_LEAD_MS;
    let lifetime = if plausible {
        expires_in_ms.min(ACCESS_TOKEN_LIFETIME_MS)
    } else {
        ACCESS_TOKEN_LIFETIME_MS
    };
    // Bounded by the lifetime above, so the cast cannot overflow.
    (lifetime - REFRESH_LEAD_MS) as u32
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const MINUTE: f64 = 60_000.0;

    #[test]
    fn a_fresh_token_is_refreshed_a_minute_before_it_expires() {
        assert_eq!(refresh_delay_ms(15.0 * MINUTE), 14 * 60_000);
        assert_eq!(refresh_delay_ms(5.0 * MINUTE), 4 * 60_000);
    }

    #[test]
    fn a_skewed_browser_clock_falls_back_to_the_nominal_lifetime() {
        for nonsense in [f64::NAN, -60.0 * MINUTE, 30_000.0, 180.0 * MINUTE] {
            assert_eq!(refresh_delay_ms(nonsense), 14 * 60_000, "{nonsense}");
        }
    }

    #[test]
    fn the_payload_decodes_without_keeping_the_refresh_token() {
        let payload: AuthPayload = serde_json::from_value(json!({
            "accessToken": "a.b.c",
            "refreshToken": "secret",
            "expiresAt": "2026-01-01T00:15:00Z",
            "user": { "id": "u1", "email": "hanako@example.jp", "name": "山田 花子" },
            "tenant": { "id": "t1", "name": "山田商店", "timeZone": "Asia/Tokyo", "currencyCode": "JPY" },
            "role": "OWNER"
        }))
        .expect("decodes");
        assert_eq!(payload.access_token, "a.b.c");
        assert_eq!(payload.viewer.role, Role::Owner);
        assert_eq!(payload.viewer.tenant.name, "山田商店");
    }

    #[test]
    fn the_documents_never_ask_for_the_refresh_token() {
        for document in [
            SIGN_UP_MUTATION,
            LOG_IN_MUTATION,
            REFRESH_MUTATION,
            ACCEPT_INVITATION_MUTATION,
            SWITCH_TENANT_MUTATION,
        ] {
            assert!(!document.contains("refreshToken"), "{document}");
            assert!(document.contains("accessToken expiresAt"), "{document}");
        }
    }

    fn viewer(user_id: &str, tenant_id: &str) -> Viewer {
        serde_json::from_value(json!({
            "user": { "id": user_id, "email": "a@b.jp", "name": "n" },
            "tenant": { "id": tenant_id, "name": "c", "timeZone": "Asia/Tokyo", "currencyCode": "JPY" },
            "role": "STAFF"
        }))
        .expect("decodes")
    }

    #[test]
    fn a_switch_announcement_survives_the_channel() {
        let message = Broadcast::Switched {
            user_id: "u1".into(),
            tenant_id: "t2".into(),
        };
        let text = message.encode().expect("encodes");
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).expect("json"),
            json!({ "kind": "switched", "userId": "u1", "tenantId": "t2" })
        );
        assert_eq!(Broadcast::decode(&text), Some(message));
        assert_eq!(Broadcast::decode(r#"{"kind":"somethingNew"}"#), None);
        assert_eq!(Broadcast::decode("not json"), None);
    }

    #[test]
    fn only_the_same_person_in_another_company_follows_a_switch() {
        let switched = Broadcast::Switched {
            user_id: "u1".into(),
            tenant_id: "t2".into(),
        };
        assert!(switched.concerns(Some(&viewer("u1", "t1"))));
        assert!(
            !switched.concerns(Some(&viewer("u1", "t2"))),
            "already there"
        );
        assert!(
            !switched.concerns(Some(&viewer("u9", "t1"))),
            "someone else"
        );
        assert!(!switched.concerns(None), "signed out");
    }

    #[test]
    fn memberships_decode_with_their_roles() {
        let data: MembershipsData = serde_json::from_value(json!({
            "me": { "memberships": [
                { "role": "OWNER", "tenant": { "id": "t1", "name": "山田商店" } },
                { "role": "STAFF", "tenant": { "id": "t2", "name": "Acme" } }
            ] }
        }))
        .expect("decodes");
        assert_eq!(data.me.memberships.len(), 2);
        assert_eq!(data.me.memberships[1].role, Role::Staff);
        assert_eq!(data.me.memberships[1].tenant.name, "Acme");
    }

    #[test]
    fn switch_variables_use_the_schemas_argument_name() {
        let vars = SwitchTenantVars {
            tenant_id: "t2".into(),
        };
        let payload = operation_payload(SWITCH_TENANT_MUTATION, vars).expect("payload");
        assert_eq!(payload["variables"], json!({ "tenantId": "t2" }));
        assert!(MEMBERSHIPS_QUERY.contains("memberships { role tenant { id name } }"));
    }

    #[test]
    fn sign_up_variables_use_the_schemas_field_names() {
        let input = SignUpInput {
            email: "a@b.jp".into(),
            password: "pw".into(),
            name: "n".into(),
            company_name: "c".into(),
        };
        let payload = operation_payload(SIGN_UP_MUTATION, InputVars { input }).expect("payload");
        assert_eq!(
            payload["variables"]["input"],
            json!({ "email": "a@b.jp", "password": "pw", "name": "n", "companyName": "c" })
        );
    }
}
