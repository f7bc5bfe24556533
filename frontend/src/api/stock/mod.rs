//! Stock: how much of each variant is where. Owns the stock rows with adjustments, reorder
//! points and low stock (`levels`), the ledger and its CSV export (`movements`), transfers
//! between locations (`transfers`), stock counts (`counts`) and replenishment suggestions
//! (`replenishment`), for the stock pages. Its types name variants and locations with
//! `catalog`'s references; besides that it uses only `query` and `wire`.

pub mod counts;
pub mod levels;
pub mod movements;
pub mod replenishment;
pub mod transfers;

use serde::Serialize;

/// `{ first, after, locationIds }`: a page of a list narrowed to some locations.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PagedLocationVars {
    first: u32,
    after: Option<String>,
    location_ids: Option<Vec<String>>,
}
