//! Sales: what was sold, to whom, and how it adds up. Owns sales, returns and voids
//! (`documents`), the POS sales CSV import (`import`), customers and their points
//! (`customers`) and the live sales summary with its cache (`summary`). It may call
//! `catalog::products` (variant lookups), `stock::inventory` (a sale takes stock in the same
//! transaction) and `channels::setup` (which channel and locations a sale belongs to),
//! besides the cross-cutting `access`, `idempotency` and `text` and `events`.

pub mod customers;
pub mod documents;
pub mod import;
pub mod summary;
