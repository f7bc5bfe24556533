//! Stock: how much of each variant is where. Owns the live stock matrix with its adjust
//! dialog (`/stock`: `matrix`, `adjust`), the ledger (`/stock/movements`: `movements`), low
//! stock (`/stock/low`: `low`), transfers between locations (`/transfers`: `transfers`), stock
//! counts (棚卸) with a barcode scanner (`/counts`: `counts`) and replenishment suggestions
//! (`/replenishment`: `replenish`). Its pages call `api::stock`, read `api::catalog` for the
//! products and locations they list, and use the shared `components`.
//!
//! What the pages share lives here: the stock tabs and the status badges.

mod adjust;
mod counts;
mod low;
mod matrix;
mod movements;
mod replenish;
mod transfers;

use kura_shared::{StockCountStatus, TransferStatus};
use leptos::prelude::*;
use leptos_router::components::A;

pub use counts::{StockCountPage, StockCountsPage};
pub use low::LowStockPage;
pub use matrix::StockPage;
pub use movements::MovementsPage;
pub use replenish::ReplenishmentPage;
pub use transfers::{NewTransferPage, TransferPage, TransfersPage};

use crate::components::{Icon, IconKind};
use crate::i18n::{Msg, tr};

/// The tabs of the stock area.
#[component]
pub fn StockTabs() -> impl IntoView {
    let tabs = [
        ("/stock", "matrix", Msg::StockTabMatrix, IconKind::Stock),
        (
            "/stock/movements",
            "movements",
            Msg::StockTabMovements,
            IconKind::History,
        ),
        ("/stock/low", "low", Msg::StockTabLow, IconKind::Alert),
    ];
    view! {
        <nav class="tabs" aria-label=tr(Msg::StockTitle) data-testid="stock-tabs">
            {tabs
                .into_iter()
                .map(|(href, area, label, icon)| {
                    view! {
                        <A href=href exact=true attr:class="tab" attr:data-testid=format!("stock-tab-{area}")>
                            <Icon kind=icon />
                            <span>{tr(label)}</span>
                        </A>
                    }
                })
                .collect_view()}
        </nav>
    }
}

/// A transfer status in words.
fn transfer_status_label(status: TransferStatus) -> Msg {
    match status {
        TransferStatus::Draft => Msg::TrStatusDraft,
        TransferStatus::Shipped => Msg::TrStatusShipped,
        TransferStatus::PartiallyReceived => Msg::TrStatusPartial,
        TransferStatus::Received => Msg::TrStatusReceived,
        TransferStatus::Cancelled => Msg::TrStatusCancelled,
    }
}

/// A count status in words.
fn count_status_label(status: StockCountStatus) -> Msg {
    match status {
        StockCountStatus::Open => Msg::ScStatusOpen,
        StockCountStatus::Finalized => Msg::ScStatusFinalized,
        StockCountStatus::Cancelled => Msg::ScStatusCancelled,
    }
}

/// A transfer's status as a coloured badge.
#[component]
fn TransferBadge(status: TransferStatus) -> impl IntoView {
    view! {
        <span class="badge op-status" data-status=status.as_str() data-testid="transfer-status">
            {tr(transfer_status_label(status))}
        </span>
    }
}

/// A count's status as a coloured badge.
#[component]
fn CountBadge(status: StockCountStatus) -> impl IntoView {
    view! {
        <span class="badge op-status" data-status=status.as_str() data-testid="count-status">
            {tr(count_status_label(status))}
        </span>
    }
}
