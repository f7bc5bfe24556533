//! Who is calling: passwords, access and refresh tokens, and the request's principal.

pub mod bounded_map;
pub mod context;
pub mod passwords;
pub mod rate_limit;
pub mod throttle;
pub mod tokens;

pub use context::{Principal, UserPrincipal};
pub use tokens::TokenKeys;
