//! Per-request facts the transports hand to resolvers: the caller's client and how to set
//! the dashboard's refresh cookie.

use async_graphql::Context;

/// The refresh cookie: HttpOnly (scripts never see it), SameSite=Strict (never sent
/// cross-site), scoped to the GraphQL endpoint, Secure except on localhost.
pub const REFRESH_COOKIE: &str = "kura_refresh";
const REFRESH_COOKIE_MAX_AGE: i64 = 30 * 24 * 3600;

/// What the transport knows about the client.
#[derive(Debug, Clone, Default)]
pub struct ClientInfo {
    /// `User-Agent`, shown in the session list.
    pub user_agent: Option<String>,
    /// The refresh token from the cookie, if the browser sent one.
    pub refresh_cookie: Option<String>,
    /// Whether cookies get `Secure` (everything but plain-HTTP localhost).
    pub secure_cookies: bool,
    /// The client's address ([`crate::http::client_address::client_address`]).
    pub address: Option<String>,
    /// `scheme://host` the client used, for links when `KURA_PUBLIC_URL` is unset.
    pub origin: Option<String>,
}

impl ClientInfo {
    /// Sets (or with `None`, clears) the refresh cookie on the response.
    pub fn set_refresh_cookie(&self, ctx: &Context<'_>, token: Option<&str>) {
        let (value, max_age) = match token {
            Some(token) => (token, REFRESH_COOKIE_MAX_AGE),
            None => ("", 0),
        };
        let secure = if self.secure_cookies { "; Secure" } else { "" };
        ctx.append_http_header(
            "Set-Cookie",
            format!(
                "{REFRESH_COOKIE}={value}; Path=/graphql; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}"
            ),
        );
    }
}
