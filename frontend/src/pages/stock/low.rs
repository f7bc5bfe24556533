//! `/stock/low`: rows at or below their reorder point (`available + incoming ≤ point`), to
//! reorder or transfer.

use leptos::prelude::*;

use super::StockTabs;
use crate::api::stock::levels::{self, LowStockRow};
use crate::components::{DataTable, IconKind, ListEmpty, PageHeader, Panel, resource_list};
use crate::i18n::{Msg, tr};

/// Headings of the low-stock table.
const COLUMNS: &[Msg] = &[
    Msg::ColumnVariant,
    Msg::ColumnLocation,
    Msg::ColumnOnHand,
    Msg::ColumnAvailable,
    Msg::ColumnIncoming,
    Msg::ColumnReorderPoint,
    Msg::ColumnReorderQuantity,
];

/// The low-stock list.
#[component]
pub fn LowStockPage() -> impl IntoView {
    let rows = LocalResource::new(levels::low_stock);
    let list = resource_list(
        rows,
        5,
        || {
            view! { <ListEmpty icon=IconKind::Check title=Msg::LowStockEmptyTitle body=Msg::LowStockEmptyBody /> }
                .into_any()
        },
        |rows| {
            let rows = rows
                .into_iter()
                .map(|row| view! { <LowRow row=row /> })
                .collect_view();
            view! { <DataTable columns=COLUMNS>{rows}</DataTable> }.into_any()
        },
    );
    let actions = move || {
        view! {
            <button class="button" type="button" data-testid="low-stock-refresh" on:click=move |_| rows.refetch()>
                {tr(Msg::Refresh)}
            </button>
        }
    };
    view! {
        <PageHeader title=Msg::StockTitle subtitle=Msg::StockSummary />
        <StockTabs />
        <div class="stack" data-testid="low-stock-page">
            <Panel title=Msg::LowStockTitle subtitle=Msg::LowStockSubtitle actions=actions>
                {list}
            </Panel>
        </div>
    }
}

#[component]
fn LowRow(row: LowStockRow) -> impl IntoView {
    let LowStockRow {
        level,
        variant,
        location,
    } = row;
    let dash = || "—".to_owned();
    let (sku, code) = (variant.sku.clone(), location.code.clone());
    view! {
        <tr data-testid="low-stock-row" data-sku=sku data-location-code=code>
            <td>
                <span class="cell-primary">{variant.product.name}</span>
                {(!variant.title.is_empty()).then(|| view! { <span class="cell-sub">{variant.title}</span> })}
                <span class="cell-sub mono">{variant.sku}</span>
            </td>
            <td>
                <span>{location.name}</span>
                <span class="cell-sub mono">{location.code}</span>
            </td>
            <td class="cell-number" class:stock-negative=level.on_hand < 0>{level.on_hand}</td>
            <td class="cell-number" class:stock-negative=level.available < 0 data-testid="low-available">
                <strong>{level.available}</strong>
            </td>
            <td class="cell-number">{level.incoming}</td>
            <td class="cell-number">{level.reorder_point.map_or_else(dash, |p| p.to_string())}</td>
            <td class="cell-number">{level.reorder_quantity.map_or_else(dash, |q| q.to_string())}</td>
        </tr>
    }
}
