//! Stock: how much of each variant is where. Owns the stock ledger (`inventory`), transfers
//! between locations (`transfers`), stock counts (`counts`), replenishment suggestions
//! (`replenishment`) and the ledger CSV export (`ledger_export`). It may call
//! `catalog::products` and `catalog::spreadsheet` (product lookups, CSV text) and
//! `channels::stock_sync` (every ledger change queues the outbound sync of what channels may
//! sell) and `orders::backorders` (stock that arrives goes to the orders waiting for it), besides the cross-cutting `access`, `idempotency` and `text` and `events`.

pub mod counts;
pub mod inventory;
pub mod ledger_export;
pub mod replenishment;
pub mod transfers;
