//! Background jobs that run in every replica on a timer. Each is safe to run in several
//! replicas at once: what they do is idempotent per provider id.

pub mod reconcile_channels;
pub mod retry_inbound;
