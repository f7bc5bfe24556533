//! `/stock/movements`: the append-only ledger, newest first, optionally for one location,
//! a page at a time.

use leptos::prelude::*;

use super::StockTabs;
use crate::api::catalog::locations;
use crate::api::stock::movements::{
    self, MOVEMENT_POSTED_SUBSCRIPTION, Movement, MovementPostedData,
};
use crate::api::ws::{ConnectionState, SubscriptionEvent, subscribe};
use crate::components::{DataTable, IconKind, ListEmpty, PageHeader, PagedList, Panel};
use crate::i18n::{Msg, format_date_time, movement_reason_label, tr, use_i18n};

/// Movements fetched per page.
const PAGE_SIZE: u32 = 50;

/// Headings of the ledger table.
const COLUMNS: &[Msg] = &[
    Msg::ColumnTime,
    Msg::ColumnVariant,
    Msg::ColumnLocation,
    Msg::ColumnReason,
    Msg::ColumnDelta,
    Msg::ColumnOnHandAfter,
    Msg::ColumnNote,
    Msg::ColumnReference,
];

/// The ledger with its location filter.
#[component]
pub fn MovementsPage() -> impl IntoView {
    let locations = LocalResource::new(|| locations::locations(true));
    // Empty: every location.
    let location = RwSignal::new(String::new());
    let list = PagedList::new(move |after| {
        let filter = Some(location.get_untracked())
            .filter(|id| !id.is_empty())
            .map(|id| vec![id]);
        movements::movements(PAGE_SIZE, after, filter)
    });

    // New entries arrive live at the top, if they match the location filter. An entry the
    // list already has (posted while its page was loading) is not added twice. Each time the
    // subscription starts listening, the list catches up with what was posted before it
    // did; `data-live` says when that is done.
    let caught_up = RwSignal::new(false);
    let subscription =
        subscribe::<_, MovementPostedData, _>(MOVEMENT_POSTED_SUBSCRIPTION, (), move |event| {
            let movement = match event {
                SubscriptionEvent::State(ConnectionState::Connected) => {
                    leptos::task::spawn_local(async move {
                        list.catch_up(|a, b| a.id == b.id).await;
                        caught_up.try_set(true);
                    });
                    return;
                }
                SubscriptionEvent::State(_) => {
                    caught_up.try_set(false);
                    return;
                }
                SubscriptionEvent::Data(data) => data.stock_level_changed.movement,
                SubscriptionEvent::Error(_) => None,
            };
            let Some(movement) = movement else {
                return;
            };
            let wanted =
                location.try_with_untracked(|l| l.is_empty() || *l == movement.location_id);
            if wanted != Some(true) {
                return;
            }
            let id = movement.id.clone();
            list.prepend(movement, |m| m.id == id);
        });
    on_cleanup(move || drop(subscription));

    let location_options = move || {
        locations
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|l| {
                view! { <option value=l.id.clone()>{format!("{} ({})", l.name, l.code)}</option> }
            })
            .collect_view()
    };
    let actions = move || {
        view! {
            <div class="panel-actions">
                <label class="inline-field">
                    <span class="field-label">{tr(Msg::ColumnLocation)}</span>
                    <select
                        class="select select-compact"
                        data-testid="movements-location"
                        prop:value=move || location.get()
                        on:change=move |ev| {
                            location.set(event_target_value(&ev));
                            list.reload();
                        }
                    >
                        <option value="">{tr(Msg::AllLocations)}</option>
                        {location_options}
                    </select>
                </label>
            </div>
        }
    };
    let body = list.view(
        8,
        "movements-more",
        || view! { <ListEmpty icon=IconKind::History title=Msg::MovementsEmptyTitle body=Msg::MovementsEmptyBody /> }.into_any(),
        |movements| {
            let rows = movements
                .into_iter()
                .map(|m| view! { <MovementRow movement=m /> })
                .collect_view();
            view! { <DataTable columns=COLUMNS>{rows}</DataTable> }.into_any()
        },
    );
    view! {
        <PageHeader title=Msg::StockTitle subtitle=Msg::StockSummary />
        <StockTabs />
        <div class="stack" data-testid="movements-page" data-live=move || caught_up.get().to_string()>
            <Panel title=Msg::MovementsTitle subtitle=Msg::MovementsSubtitle actions=actions>
                {body}
            </Panel>
        </div>
    }
}

#[component]
fn MovementRow(movement: Movement) -> impl IntoView {
    let i18n = use_i18n();
    let Movement {
        delta,
        on_hand_after,
        reason,
        note,
        reference_type,
        reference_id,
        actor_api_key_prefix,
        created_at,
        variant,
        location,
        ..
    } = movement;
    let when = created_at.clone();
    let delta_class = match delta.signum() {
        1 => "cell-number delta-in",
        -1 => "cell-number delta-out",
        _ => "cell-number",
    };
    let sku = variant.sku.clone();
    let reference = match (reference_type, reference_id) {
        (Some(kind), Some(id)) => Some(format!("{kind} {id}")),
        (Some(kind), None) => Some(kind),
        (None, Some(id)) => Some(id),
        (None, None) => None,
    };
    let by_key = actor_api_key_prefix.map(|prefix| {
        view! {
            <span class="cell-sub">{tr(Msg::ApiKeyActor)} " " <code class="mono">{prefix}"…"</code></span>
        }
    });
    view! {
        <tr data-testid="movement-row" data-reason=reason.as_str() data-sku=sku>
            <td class="cell-muted cell-nowrap">
                <time datetime=created_at>{move || format_date_time(&when, i18n.lang()).unwrap_or_else(|| when.clone())}</time>
            </td>
            <td>
                <span class="cell-primary">{variant.product.name}</span>
                {(!variant.title.is_empty()).then(|| view! { <span class="cell-sub">{variant.title}</span> })}
                <span class="cell-sub mono">{variant.sku}</span>
            </td>
            <td>
                <span>{location.name}</span>
                <span class="cell-sub mono">{location.code}</span>
            </td>
            <td>
                <span class="badge">{tr(movement_reason_label(reason))}</span>
            </td>
            <td class=delta_class data-testid="movement-delta">
                {if delta > 0 { format!("+{delta}") } else { delta.to_string() }}
            </td>
            <td class="cell-number" class:stock-negative=on_hand_after < 0>{on_hand_after}</td>
            <td class="cell-note">
                {if note.is_empty() {
                    view! { <span class="cell-faint">"—"</span> }.into_any()
                } else {
                    view! { <span>{note}</span> }.into_any()
                }}
                {by_key}
            </td>
            <td class="cell-muted mono small">{reference.unwrap_or_else(|| "—".to_owned())}</td>
        </tr>
    }
}
