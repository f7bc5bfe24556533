//! Sales from every channel: recording a sale (stock leaves the location in the same
//! transaction), returns with or without restocking, voids, and reading them back.
//!
//! A POS sale already happened in the store, so it is always recorded, even when the books
//! say there is no stock; the row goes negative and is reported back as oversold. Every
//! sale document is idempotent by its `externalId` per channel: a repeat returns the first
//! document and changes nothing.
//!
//! Each document has the shape new ones (orders, shipments, invoices) copy: the input and
//! its own checks (`input`), a pure draft from the input and what was read for it down to
//! the rows to insert (`draft`), and a short write per document (`sale`, `returns`, `void`)
//! through the idempotency helper, with the writes they share in `write` and the reads in
//! `read`.

mod draft;
mod input;
mod read;
mod returns;
mod sale;
mod void;
mod write;

pub use input::{
    MAX_CHANGE, MAX_LINES, MAX_PAYMENTS, MAX_QUANTITY, NewPayment, NewReturn, NewSale, NewSaleLine,
};
pub use read::{SaleFilter, get, list};
pub use returns::record_return;
pub use sale::record;
pub use void::void;
pub use write::short_number;

use crate::events::{SaleRecord, StockLevelState};

/// The outcome of recording a sale or return.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The document.
    pub sale: SaleRecord,
    /// Stock rows this sale left below zero (empty when the books had enough).
    pub oversold: Vec<StockLevelState>,
    /// True when this was a repeat of an earlier call: nothing changed.
    pub replayed: bool,
}
