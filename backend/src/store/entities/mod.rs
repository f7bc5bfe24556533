//! sea-orm entities, one per table.

pub mod api_key;
pub mod audit_event;
pub mod invitation;
pub mod membership;
pub mod refresh_token;
pub mod session;
pub mod tenant;
pub mod user;
