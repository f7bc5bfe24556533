//! Stock: how much of each variant is where. Owns the live stock matrix with its adjust
//! dialog (`/stock`: `matrix`, `adjust`), the ledger (`/stock/movements`: `movements`), low
//! stock (`/stock/low`: `low`), transfers between locations (`/transfers`: `transfers`), stock
//! counts (棚卸) with a barcode scanner (`/counts`: `counts`) and replenishment suggestions
//! (`/replenishment`: `replenish`). Its pages call `api::stock`, read `api::catalog` for the
//! products and locations they list, and use the shared `components`.
//!
//! What the pages share lives here: the stock tabs, status badges, location options, a
//! variant's table cell, and the parsing of typed quantities with `kura_shared`'s rules.

mod adjust;
mod counts;
mod low;
mod matrix;
mod movements;
mod replenish;
mod transfers;

use kura_shared::{PositiveQuantity, Quantity, StockCountStatus, TransferStatus};
use leptos::prelude::*;
use leptos_router::components::A;

pub use counts::{StockCountPage, StockCountsPage};
pub use low::LowStockPage;
pub use matrix::StockPage;
pub use movements::MovementsPage;
pub use replenish::ReplenishmentPage;
pub use transfers::{NewTransferPage, TransferPage, TransfersPage};

use crate::api::catalog::locations::Location;
use crate::components::{Icon, IconKind, Problem};
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

/// A quantity above zero as typed, or why not.
fn parse_positive(text: &str) -> Result<i64, Problem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Problem::Msg(Msg::ReasonRequired));
    }
    text.parse::<PositiveQuantity>()
        .map(PositiveQuantity::get)
        .map_err(|_| Problem::Msg(Msg::OpReasonPositive))
}

/// A quantity of zero or more as typed, or why not.
fn parse_non_negative(text: &str) -> Result<i64, Problem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Problem::Msg(Msg::ReasonRequired));
    }
    match text.parse::<Quantity>() {
        Ok(q) if !q.is_negative() => Ok(q.get()),
        _ => Err(Problem::Msg(Msg::OpReasonNonNegative)),
    }
}

/// `<option>`s for active locations, `selected` chosen.
fn location_options(locations: &[Location], selected: &str) -> AnyView {
    locations
        .iter()
        .filter(|l| !l.archived)
        .map(|l| {
            view! {
                <option value=l.id.clone() selected=l.id == selected>
                    {format!("{} ({})", l.name, l.code)}
                </option>
            }
        })
        .collect_view()
        .into_any()
}

/// Product name, variant title and SKU in one table cell.
#[component]
fn VariantCell(product: String, title: String, sku: String) -> impl IntoView {
    view! {
        <td>
            <span class="cell-primary">{product}</span>
            {(!title.is_empty()).then(|| view! { <span class="cell-sub">{title}</span> })}
            <span class="cell-sub mono">{sku}</span>
        </td>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_follow_the_shared_rules() {
        assert_eq!(parse_positive(" 3 "), Ok(3));
        assert_eq!(
            parse_positive("0"),
            Err(Problem::Msg(Msg::OpReasonPositive))
        );
        assert_eq!(parse_positive(""), Err(Problem::Msg(Msg::ReasonRequired)));
        assert_eq!(parse_non_negative("0"), Ok(0));
        assert_eq!(
            parse_non_negative("-1"),
            Err(Problem::Msg(Msg::OpReasonNonNegative))
        );
    }
}
