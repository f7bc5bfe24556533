//! `/replenishment`: what to do about every low row: transfer from a location that can
//! spare the goods (one click plans the transfer as a draft), or buy.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::stock::replenishment::{self, ReplenishmentAction, Suggestion};
use crate::api::stock::transfers::{self, CreateTransferInput, TransferLineInput};
use crate::api::wire::idempotency_key;
use crate::components::{
    DataTable, Icon, IconKind, ListEmpty, PageHeader, Panel, Problem, VariantCell, resource_list,
};
use crate::i18n::{Msg, error_message, tr, use_i18n};

const COLUMNS: &[Msg] = &[
    Msg::ColumnVariant,
    Msg::ColumnLocation,
    Msg::ColumnAvailable,
    Msg::ColumnIncoming,
    Msg::ColumnReorderPoint,
    Msg::RpColumnSold,
    Msg::RpColumnAction,
    Msg::RpColumnQuantity,
    Msg::RpColumnSource,
];

/// The suggestions.
#[component]
pub fn ReplenishmentPage() -> impl IntoView {
    let suggestions = LocalResource::new(replenishment::replenishment_suggestions);
    let list = resource_list(
        suggestions,
        5,
        || {
            view! { <ListEmpty icon=IconKind::Check title=Msg::RpEmptyTitle body=Msg::RpEmptyBody /> }
                .into_any()
        },
        |list| {
            let rows = list
                .into_iter()
                .map(|s| view! { <SuggestionRow suggestion=s /> })
                .collect_view();
            view! { <div class="num-3 num-4 num-5 num-6 num-8"><DataTable columns=COLUMNS actions=true>{rows}</DataTable></div> }.into_any()
        },
    );
    let actions = move || {
        view! {
            <button class="button" type="button" data-testid="replenishment-refresh" on:click=move |_| suggestions.refetch()>
                {tr(Msg::Refresh)}
            </button>
        }
    };
    view! {
        <PageHeader title=Msg::RpTitle subtitle=Msg::RpSubtitle />
        <div class="stack" data-testid="replenishment-page">
            <Panel title=Msg::RpListTitle subtitle=Msg::RpListSubtitle actions=actions>
                {list}
            </Panel>
        </div>
    }
}

#[component]
fn SuggestionRow(suggestion: Suggestion) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let Suggestion {
        stock_level: low,
        quantity,
        recent_sales,
        action,
        source,
    } = suggestion;
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<Problem>);
    let dash = || "—".to_owned();
    let (sku, code) = (low.variant.sku.clone(), low.location.code.clone());

    let source_cell = source.as_ref().map(|s| {
        view! {
            <span>{s.location.name.clone()}</span>
            <span class="cell-sub">
                <span class="mono">{s.location.code.clone()}</span>
                " · " {move || i18n.t(Msg::ColumnAvailable)} " " {s.level.available}
            </span>
        }
    });
    let create = source.clone().map(|s| {
        let input = CreateTransferInput {
            from_location_id: s.level.location_id.clone(),
            to_location_id: low.level.location_id.clone(),
            lines: vec![TransferLineInput {
                variant_id: low.level.variant_id.clone(),
                quantity,
            }],
            note: String::new(),
            idempotency_key: idempotency_key(),
        };
        let navigate = navigate.clone();
        view! {
            <button
                class="button button-small button-primary"
                type="button"
                data-testid="replenishment-create-transfer"
                disabled=move || busy.get()
                on:click=move |_| {
                    if busy.get_untracked() {
                        return;
                    }
                    busy.set(true);
                    problem.set(None);
                    let input = input.clone();
                    let navigate = navigate.clone();
                    leptos::task::spawn_local(async move {
                        match transfers::create_transfer(input).await {
                            Ok(t) => navigate(&format!("/transfers/{}", t.id), Default::default()),
                            Err(e) => {
                                busy.try_set(false);
                                problem.try_set(Some(Problem::Msg(error_message(&e))));
                            }
                        }
                    });
                }
            >
                {move || busy.get().then(|| view! { <span class="spinner" aria-hidden="true"></span> })}
                <span>{tr(Msg::RpCreateTransfer)}</span>
            </button>
        }
    });
    let (action_label, action_attr) = match action {
        ReplenishmentAction::Transfer => (Msg::RpActionTransfer, "TRANSFER"),
        ReplenishmentAction::Buy => (Msg::RpActionBuy, "BUY"),
    };
    view! {
        <tr data-testid="replenishment-row" data-sku=sku data-location-code=code data-action=action_attr>
            <VariantCell product=low.variant.product.name title=low.variant.title sku=low.variant.sku />
            <td>
                <span>{low.location.name}</span>
                <span class="cell-sub mono">{low.location.code}</span>
            </td>
            <td class="cell-number" class:stock-negative={low.level.available < 0}>{low.level.available}</td>
            <td class="cell-number">{low.level.incoming}</td>
            <td class="cell-number">{low.level.reorder_point.map_or_else(dash, |p| p.to_string())}</td>
            <td class="cell-number">{recent_sales}</td>
            <td>
                <span class="badge op-action" data-action=action_attr>
                    <Icon kind=if action == ReplenishmentAction::Transfer { IconKind::ArrowRight } else { IconKind::Products } />
                    <span>{tr(action_label)}</span>
                </span>
            </td>
            <td class="cell-number" data-testid="replenishment-quantity"><strong>{quantity}</strong></td>
            <td>{source_cell}</td>
            <td class="cell-actions">
                {create}
                {move || problem.get().map(|p| view! { <p class="field-error">{p.text(i18n.lang())}</p> })}
            </td>
        </tr>
    }
}
