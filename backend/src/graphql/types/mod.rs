//! The API's shared vocabulary, the same for every area: opaque global IDs (`ids`) and
//! `node(id:)` over them (`node`), the `Money` and `Decimal` scalars (`money`), the `Date`
//! scalar (`date`), Relay
//! paging (`paging`) and the one place errors get their public code (`errors`). Calls
//! `services` only for the lookups `node` resolves; `node` alone uses the area types.

pub mod date;
pub mod errors;
pub mod ids;
pub mod money;
pub mod node;
pub mod paging;
