//! `/stock`: the stock matrix (variants × active locations), live.
//!
//! The matrix subscribes to `stockLevelChanged` and updates its cells in place, so a sale at
//! one register or an adjustment in another browser shows up here without a reload.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos_router::components::A;

use super::StockTabs;
use super::adjust::{AdjustDialog, AdjustTarget};
use crate::api::ApiError;
use crate::api::catalog::locations;
use crate::api::catalog::products;
use crate::api::stock::levels::{
    self, LocationFilter, STOCK_LEVEL_CHANGED_SUBSCRIPTION, StockLevel, StockLevelChangedData,
};
use crate::api::ws::{ConnectionState, SubscriptionEvent, subscribe};
use crate::components::{
    ErrorNotice, Flash, FlashNotice, Icon, IconKind, ListEmpty, LiveBadge, PageHeader, Panel,
    Skeleton,
};
use crate::i18n::{Msg, tr, use_i18n};

/// A stock row's place in the matrix: `(variant id, location id)`.
pub(super) type CellKey = (String, String);

/// Applies a snapshot of a stock row to the matrix unless it already holds a newer one;
/// true when the cell changed.
///
/// Snapshots of one row reach the matrix by two roads that race: `stockLevels` fetches (the
/// first load, and the catch-up after a reconnect) and live `stockLevelChanged` events,
/// which themselves may arrive out of order when several replicas relay them over the bus.
/// Every change of a row bumps its `version`, so of two snapshots the one with the higher
/// version is the newer state. A snapshot whose version is not newer than the cell's is
/// stale and dropped: a fetch that started before an adjustment cannot overwrite the value
/// the adjustment's event already put there, and a late event cannot undo a later one.
fn apply_level(levels: &mut HashMap<CellKey, StockLevel>, level: StockLevel) -> bool {
    let key = (level.variant_id.clone(), level.location_id.clone());
    match levels.get(&key) {
        Some(current) if current.version >= level.version => false,
        _ => {
            levels.insert(key, level);
            true
        }
    }
}

/// The rows and columns of the matrix.
#[derive(Debug, Clone, PartialEq)]
struct Matrix {
    locations: Vec<locations::Location>,
    rows: Vec<VariantRow>,
}

/// One row of the matrix: a variant and how people find it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct VariantRow {
    variant_id: String,
    product: String,
    title: String,
    sku: String,
    barcode: Option<String>,
}

impl VariantRow {
    /// True when `needle` (lower-case) is part of its product name, title, SKU or barcode.
    fn matches(&self, needle: &str) -> bool {
        needle.is_empty()
            || [&self.product, &self.title, &self.sku]
                .iter()
                .any(|text| text.to_lowercase().contains(needle))
            || self.barcode.as_deref().is_some_and(|b| b.contains(needle))
    }
}

fn matrix_rows(products: Vec<products::Product>) -> Vec<VariantRow> {
    products
        .into_iter()
        .flat_map(|product| {
            let name = product.name;
            product
                .variants
                .into_iter()
                .filter(|v| !v.archived)
                .map(move |v| VariantRow {
                    variant_id: v.id,
                    product: name.clone(),
                    title: v.title,
                    sku: v.sku,
                    barcode: v.barcode,
                })
        })
        .collect()
}

/// The live stock matrix.
#[component]
pub fn StockPage() -> impl IntoView {
    let levels = RwSignal::new(HashMap::<CellKey, StockLevel>::new());
    let live = RwSignal::new(ConnectionState::Connecting);
    let flash = RwSignal::new(None::<Flash>);
    let adjusting = RwSignal::new(None::<AdjustTarget>);
    let search = RwSignal::new(String::new());
    let refresh_levels = move || {
        leptos::task::spawn_local(async move {
            // A failed catch-up is not worth a banner: the next reconnect tries again and
            // live events keep arriving meanwhile.
            if let Ok(fetched) = levels::stock_levels(None).await {
                levels.try_update(|map| {
                    for level in fetched {
                        apply_level(map, level);
                    }
                });
            }
        });
    };

    // Subscribe before the first fetch, so nothing committed in between is missed; the
    // version rule in `apply_level` sorts out the overlap.
    let mut dropped = false;
    let subscription = subscribe::<_, StockLevelChangedData, _>(
        STOCK_LEVEL_CHANGED_SUBSCRIPTION,
        LocationFilter { location_ids: None },
        move |event| match event {
            SubscriptionEvent::Data(data) => {
                let level = data.stock_level_changed.stock_level;
                levels.try_update(|map| apply_level(map, level));
            }
            SubscriptionEvent::State(state) => {
                match state {
                    ConnectionState::Reconnecting { .. } => dropped = true,
                    // Changes made while the socket was down were never sent: fetch them.
                    ConnectionState::Connected if dropped => {
                        dropped = false;
                        refresh_levels();
                    }
                    _ => {}
                }
                live.try_set(state);
            }
            // A refused or failed subscription ends in `Closed`, which the live badge shows;
            // the matrix itself stays usable, just no longer live.
            SubscriptionEvent::Error(_) => {}
        },
    );
    on_cleanup(move || drop(subscription));

    let matrix = LocalResource::new(move || async move {
        let (locations, products, fetched) = futures_util::future::join3(
            locations::locations(false),
            products::all_products(),
            levels::stock_levels(None),
        )
        .await;
        let (locations, products, fetched) = (locations?, products?, fetched?);
        levels.try_update(|map| {
            for level in fetched {
                apply_level(map, level);
            }
        });
        Ok::<_, ApiError>(Matrix {
            locations,
            rows: matrix_rows(products),
        })
    });

    let actions = move || {
        view! {
            <div class="panel-actions">
                <LiveBadge state=live testid="stock-live" />
                <label class="search-box">
                    <Icon kind=IconKind::Search />
                    <input
                        class="input input-compact"
                        type="search"
                        data-testid="stock-search"
                        aria-label=tr(Msg::StockSearchLabel)
                        placeholder=tr(Msg::StockSearchPlaceholder)
                        prop:value=move || search.get()
                        on:input=move |ev| search.set(event_target_value(&ev))
                    />
                </label>
            </div>
        }
    };
    let body = move || {
        match matrix.get() {
        None => view! { <Skeleton lines=8 /> }.into_any(),
        Some(Err(error)) => {
            view! { <ErrorNotice error=error on_retry=move |()| matrix.refetch() /> }.into_any()
        }
        Some(Ok(m)) if m.locations.is_empty() => view! {
            <ListEmpty icon=IconKind::Locations title=Msg::StockNoLocationsTitle body=Msg::StockNoLocationsBody>
                <A href="/locations" attr:class="button">{tr(Msg::NavLocations)}</A>
            </ListEmpty>
        }
        .into_any(),
        Some(Ok(m)) if m.rows.is_empty() => view! {
            <ListEmpty icon=IconKind::Products title=Msg::StockNoProductsTitle body=Msg::StockNoProductsBody>
                <A href="/products" attr:class="button">{tr(Msg::NavProducts)}</A>
            </ListEmpty>
        }
        .into_any(),
        Some(Ok(m)) => view! {
            <MatrixTable matrix=m levels=levels search=search on_open=move |t| adjusting.set(Some(t)) />
        }
        .into_any(),
    }
    };
    view! {
        <PageHeader title=Msg::StockTitle subtitle=Msg::StockSummary />
        <StockTabs />
        <div class="stack" data-testid="stock-page">
            <FlashNotice flash=flash />
            <Panel title=Msg::StockMatrixTitle subtitle=Msg::StockMatrixSubtitle actions=actions>
                {body}
            </Panel>
        </div>
        {move || {
            adjusting
                .get()
                .map(|target| {
                    view! {
                        <AdjustDialog
                            target=target
                            levels=levels
                            on_close=move |()| adjusting.set(None)
                            on_done=move |(level, msg): (StockLevel, Msg)| {
                                levels.update(|map| {
                                    apply_level(map, level);
                                });
                                let subject = adjusting
                                    .with_untracked(|t| t.as_ref().map(AdjustTarget::describe))
                                    .unwrap_or_default();
                                adjusting.set(None);
                                flash.set(Some(Flash::done(msg, subject)));
                            }
                        />
                    }
                })
        }}
    }
}

/// The grid itself: a sticky first column of variants, a column per location.
#[component]
fn MatrixTable(
    matrix: Matrix,
    levels: RwSignal<HashMap<CellKey, StockLevel>>,
    search: RwSignal<String>,
    #[prop(into)] on_open: Callback<AdjustTarget>,
) -> impl IntoView {
    let Matrix { locations, rows } = matrix;
    let headers = locations
        .iter()
        .map(|location| {
            view! {
                <th class="stock-col" scope="col" data-location-code=location.code.clone()>
                    <span class="stock-col-name">{location.name.clone()}</span>
                    <span class="stock-col-code mono">{location.code.clone()}</span>
                </th>
            }
        })
        .collect_view();
    let locations = StoredValue::new(locations);
    let rows = StoredValue::new(rows);
    let body = move || {
        let needle = search.get().trim().to_lowercase();
        let shown: Vec<VariantRow> = rows.with_value(|rows| {
            rows.iter()
                .filter(|r| r.matches(&needle))
                .cloned()
                .collect()
        });
        if shown.is_empty() {
            let span = locations.with_value(Vec::len) + 2;
            return view! {
                <tr>
                    <td class="cell-faint stock-no-match" colspan=span.to_string()>{tr(Msg::StockNoMatch)}</td>
                </tr>
            }
            .into_any();
        }
        shown
            .into_iter()
            .map(|row| {
                let cells = locations
                    .get_value()
                    .into_iter()
                    .map(|location| {
                        view! { <StockCell row=row.clone() location=location levels=levels on_open=on_open /> }
                    })
                    .collect_view();
                view! {
                    <tr data-testid="stock-row" data-sku=row.sku.clone()>
                        <th class="stock-variant" scope="row">
                            <span class="cell-primary">{row.product.clone()}</span>
                            {(!row.title.is_empty()).then(|| view! { <span class="stock-variant-title">{row.title.clone()}</span> })}
                            <span class="cell-sub mono">{row.sku.clone()}</span>
                        </th>
                        {cells}
                        <RowTotal
                            variant_id=row.variant_id.clone()
                            location_ids=locations.with_value(|l| l.iter().map(|l| l.id.clone()).collect())
                            levels=levels
                        />
                    </tr>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <div class="table-wrap stock-matrix-wrap">
            <table class="table stock-matrix" data-testid="stock-matrix">
                <thead>
                    <tr>
                        <th class="stock-variant" scope="col">{tr(Msg::ColumnVariant)}</th>
                        {headers}
                        <th class="stock-col stock-total" scope="col">{tr(Msg::ColumnTotal)}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

/// A variant's on-hand stock summed over the active locations shown.
#[component]
fn RowTotal(
    variant_id: String,
    location_ids: Vec<String>,
    levels: RwSignal<HashMap<CellKey, StockLevel>>,
) -> impl IntoView {
    let total = Memo::new(move |_| {
        levels.with(|map| {
            location_ids
                .iter()
                .filter_map(|location| map.get(&(variant_id.clone(), location.clone())))
                .map(|level| level.on_hand)
                .fold(0i64, i64::saturating_add)
        })
    });
    view! {
        <td class="stock-total cell-number" class:stock-negative=move || total.get() < 0 data-testid="stock-total">
            {total}
        </td>
    }
}

/// One variant at one location: on hand, with available and incoming when they differ.
#[component]
fn StockCell(
    row: VariantRow,
    location: locations::Location,
    levels: RwSignal<HashMap<CellKey, StockLevel>>,
    on_open: Callback<AdjustTarget>,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = (row.variant_id.clone(), location.id.clone());
    // Only this cell re-renders when its row changes.
    let level = Memo::new(move |_| levels.with(|map| map.get(&key).cloned()));
    let on_hand = move || level.with(|l| l.as_ref().map_or(0, |l| l.on_hand));
    let negative = move || level.with(|l| l.as_ref().is_some_and(|l| l.negative));
    let low = move || level.with(|l| l.as_ref().is_some_and(|l| l.low));
    let empty = move || level.with(Option::is_none);
    let hint = move || {
        level.with(|l| {
            l.as_ref().and_then(|l| {
                let mut parts = Vec::new();
                if l.allocated != 0 {
                    parts.push(format!(
                        "{} {}",
                        i18n.t(Msg::StockAvailableShort),
                        l.available
                    ));
                }
                if l.incoming != 0 {
                    parts.push(format!(
                        "{} +{}",
                        i18n.t(Msg::StockIncomingShort),
                        l.incoming
                    ));
                }
                (!parts.is_empty()).then(|| parts.join(" · "))
            })
        })
    };
    let title = move || {
        level.with(|l| match l {
            Some(l) => format!(
                "{} {} / {} {} / {} {}{}",
                i18n.t(Msg::ColumnOnHand),
                l.on_hand,
                i18n.t(Msg::ColumnAvailable),
                l.available,
                i18n.t(Msg::ColumnIncoming),
                l.incoming,
                if l.low {
                    format!(" — {}", i18n.t(Msg::StockLowBadge))
                } else {
                    String::new()
                }
            ),
            None => i18n.t(Msg::StockNoRow).to_owned(),
        })
    };
    let target = AdjustTarget {
        variant_id: row.variant_id.clone(),
        location_id: location.id.clone(),
        product: row.product.clone(),
        title: row.title.clone(),
        sku: row.sku.clone(),
        location: location.name.clone(),
    };
    view! {
        <td
            class="stock-cell"
            class:stock-negative=negative
            class:stock-low=low
            class:stock-empty=empty
            data-testid="stock-cell"
            data-sku=row.sku.clone()
            data-location-code=location.code.clone()
            data-low=move || low().to_string()
        >
            <button
                class="stock-cell-button"
                type="button"
                title=title
                on:click=move |_| on_open.run(target.clone())
            >
                <span class="stock-on-hand" data-testid="on-hand">{on_hand}</span>
                {move || low().then(|| view! { <span class="stock-low-dot" aria-label=tr(Msg::StockLowBadge)></span> })}
                {move || hint().map(|h| view! { <span class="stock-hint">{h}</span> })}
            </button>
        </td>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn level(version: i64, on_hand: i64) -> StockLevel {
        StockLevel {
            id: "s1".to_owned(),
            variant_id: "v1".to_owned(),
            location_id: "l1".to_owned(),
            on_hand,
            allocated: 0,
            available: on_hand,
            incoming: 0,
            version,
            reorder_point: None,
            reorder_quantity: None,
            low: false,
            negative: on_hand < 0,
        }
    }

    #[test]
    fn only_newer_versions_change_a_cell() {
        let mut map = HashMap::new();
        assert!(apply_level(&mut map, level(2, 10)));
        // A fetch that started before the change arrives late: ignored.
        assert!(!apply_level(&mut map, level(1, 4)));
        // A duplicate of the same change: ignored.
        assert!(!apply_level(&mut map, level(2, 10)));
        assert!(apply_level(&mut map, level(3, 15)));
        let key = ("v1".to_owned(), "l1".to_owned());
        assert_eq!(map.get(&key).map(|l| l.on_hand), Some(15));
    }

    #[test]
    fn rows_match_name_title_sku_and_barcode() {
        let row = VariantRow {
            variant_id: "v1".to_owned(),
            product: "Organic Tee".to_owned(),
            title: "M / Navy".to_owned(),
            sku: "TS-001-M".to_owned(),
            barcode: Some("4901234567894".to_owned()),
        };
        for needle in ["", "organic", "navy", "ts-001", "490123"] {
            assert!(row.matches(needle), "{needle}");
        }
        assert!(!row.matches("hoodie"));
    }
}
