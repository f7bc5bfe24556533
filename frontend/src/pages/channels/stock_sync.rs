//! `/settings/channels/:id/sync` (also embedded in `/channels/:id`): how a channel's outbound stock sync stands. Counts of
//! waiting, failed and given-up pushes, the latest successful push, the pushes that need
//! attention with the provider's reason, and the two ways to push again: retry the failed
//! ones, or push every mapped variant's sellable quantity (a full resync).
//!
//! [`ChannelSyncPanel`] is the reusable part, for embedding in a channel's own page.

use kura_shared::SyncStatus;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use crate::api::ApiError;
use crate::api::channels::stock_sync::{self, ChannelSync, SyncJob};
use crate::components::{
    DataTable, ErrorNotice, Flash, FlashNotice, IconKind, ListEmpty, PageHeader, Panel,
    RelativeText, Skeleton,
};
use crate::i18n::{Msg, error_message, provider_label, tr, use_i18n};

const COLUMNS: &[Msg] = &[
    Msg::ColumnVariant,
    Msg::ColumnStatus,
    Msg::SyncColumnAttempts,
    Msg::SyncColumnError,
    Msg::SyncColumnNextTry,
];

/// The catalogue text of a push status.
fn status_label(status: SyncStatus) -> Msg {
    match status {
        SyncStatus::Pending => Msg::SyncStatusPending,
        SyncStatus::Running => Msg::SyncStatusRunning,
        SyncStatus::Done => Msg::SyncStatusDone,
        SyncStatus::Failed => Msg::SyncStatusFailed,
        SyncStatus::Dead => Msg::SyncStatusDead,
    }
}

/// The routed page: the panel for the channel in the URL.
#[component]
pub fn StockSyncPage() -> impl IntoView {
    let params = use_params_map();
    let channel_id = move || params.with(|p| p.get("id").unwrap_or_default());
    view! {
        <PageHeader title=Msg::SyncTitle subtitle=Msg::SyncSubtitle />
        {move || view! { <ChannelSyncPanel channel_id=channel_id() /> }}
    }
}

/// A channel's stock sync: counts, the failed and dead pushes, Retry and Push all.
#[component]
pub fn ChannelSyncPanel(
    /// The channel's global id.
    #[prop(into)]
    channel_id: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = StoredValue::new(channel_id);
    let state = LocalResource::new(move || stock_sync::channel_sync(id.get_value()));
    let flash = RwSignal::new(None::<Flash>);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);

    // Runs an action, then shows how many pushes it queued and reloads.
    let act = move |done: Msg, action: Box<dyn FnOnce(String) -> ActionFuture>| {
        busy.set(true);
        error.set(None);
        flash.set(None);
        let future = action(id.get_value());
        spawn_local(async move {
            match future.await {
                Ok(queued) => {
                    flash.try_set(Some(Flash::done(done, queued.to_string())));
                    state.refetch();
                }
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
            busy.try_set(false);
        });
    };
    let retry_all = move |_| {
        act(
            Msg::SyncRetried,
            Box::new(|id| Box::pin(stock_sync::retry_stock_sync(id, None))),
        );
    };
    let push_all = move |_| {
        act(
            Msg::SyncPushedAll,
            Box::new(|id| Box::pin(stock_sync::push_channel_stock(id))),
        );
    };
    let retry_one = Callback::new(move |variant_id: String| {
        act(
            Msg::SyncRetried,
            Box::new(move |id| Box::pin(stock_sync::retry_stock_sync(id, Some(vec![variant_id])))),
        );
    });

    let actions = move || {
        let attention = state
            .get()
            .and_then(Result::ok)
            .is_some_and(|s| !s.attention.is_empty());
        view! {
            <div class="panel-actions">
                <button class="button" type="button" data-testid="sync-refresh"
                    on:click=move |_| state.refetch()>
                    {tr(Msg::Refresh)}
                </button>
                <button class="button" type="button" data-testid="sync-retry-all"
                    disabled=move || busy.get() || !attention
                    on:click=retry_all>
                    {tr(Msg::SyncRetryAll)}
                </button>
                <button class="button button-primary" type="button" data-testid="sync-push-all"
                    disabled=move || busy.get()
                    on:click=push_all>
                    {tr(Msg::SyncPushAll)}
                </button>
            </div>
        }
    };

    let body = move || match state.get() {
        None => view! { <Skeleton lines=4 /> }.into_any(),
        Some(Err(e)) => {
            view! { <ErrorNotice error=e on_retry=move |()| state.refetch() /> }.into_any()
        }
        Some(Ok(sync)) => view! { <SyncOverview sync=sync retry_one=retry_one /> }.into_any(),
    };

    view! {
        <div class="stack" data-testid="channel-sync">
            <FlashNotice flash=flash />
            {move || error.get().map(|e| view! {
                <p class="form-error" role="alert">{move || i18n.t(error_message(&e))}</p>
            })}
            <Panel title=Msg::SyncPanelTitle subtitle=Msg::SyncPanelSubtitle actions=actions>
                {body}
            </Panel>
        </div>
    }
}

/// What an action returns: how many pushes it queued.
type ActionFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Result<u64, ApiError>>>>;

/// The counts and the table of pushes needing attention.
#[component]
fn SyncOverview(sync: ChannelSync, retry_one: Callback<String>) -> impl IntoView {
    let ChannelSync {
        channel,
        summary,
        attention,
    } = sync;
    let last_push = match summary.last_pushed_at {
        Some(at) => view! { <RelativeText at=at /> }.into_any(),
        None => tr(Msg::SyncNeverPushed).into_any(),
    };
    let table = if attention.is_empty() {
        view! { <ListEmpty icon=IconKind::Check title=Msg::SyncAllClearTitle body=Msg::SyncAllClearBody /> }
            .into_any()
    } else {
        let rows = attention
            .into_iter()
            .map(|job| view! { <JobRow job=job retry_one=retry_one /> })
            .collect_view();
        view! { <DataTable columns=COLUMNS actions=true>{rows}</DataTable> }.into_any()
    };
    view! {
        <div class="op-summary sync-summary">
            <div class="op-summary-main">
                <h2 data-testid="sync-channel-name">{channel.name}</h2>
                <span class="chip">{tr(provider_label(channel.provider))}</span>
                <span class="muted small">{tr(Msg::SyncBufferNote)}" "{channel.safety_buffer}</span>
            </div>
            <div class="op-summary-facts">
                <div class="stock-fact">
                    <span class="stock-fact-label">{tr(Msg::SyncLastPush)}</span>
                    <strong class="stock-fact-value" data-testid="sync-last-push">{last_push}</strong>
                </div>
                <div class="stock-fact">
                    <span class="stock-fact-label">{tr(Msg::SyncStatusPending)}</span>
                    <strong class="stock-fact-value" data-testid="sync-pending">{summary.pending}</strong>
                </div>
                <div class="stock-fact" class:stock-fact-negative={summary.failed > 0}>
                    <span class="stock-fact-label">{tr(Msg::SyncStatusFailed)}</span>
                    <strong class="stock-fact-value" data-testid="sync-failed">{summary.failed}</strong>
                </div>
                <div class="stock-fact" class:stock-fact-negative={summary.dead > 0}>
                    <span class="stock-fact-label">{tr(Msg::SyncStatusDead)}</span>
                    <strong class="stock-fact-value" data-testid="sync-dead">{summary.dead}</strong>
                </div>
            </div>
        </div>
        {table}
    }
}

/// One push needing attention.
#[component]
fn JobRow(job: SyncJob, retry_one: Callback<String>) -> impl IntoView {
    let SyncJob {
        variant_id,
        status,
        attempts,
        last_error,
        next_attempt_at,
        variant,
        ..
    } = job;
    let sku = variant.sku.clone();
    let next = match (status, next_attempt_at) {
        (SyncStatus::Failed, Some(at)) => view! { <RelativeText at=at /> }.into_any(),
        _ => view! { <span class="cell-faint">"—"</span> }.into_any(),
    };
    view! {
        <tr data-testid="sync-job-row" data-sku=sku data-status=status.as_str()>
            <td>
                <span class="cell-primary">{variant.product.name}</span>
                {(!variant.title.is_empty()).then(|| view! { <span class="cell-sub">{variant.title}</span> })}
                <span class="cell-sub mono">{variant.sku}</span>
            </td>
            <td>
                <span class="badge op-status sync-status" data-status=status.as_str()>
                    {tr(status_label(status))}
                </span>
            </td>
            <td class="cell-number">{attempts}</td>
            <td class="sync-error" data-testid="sync-job-error">
                {last_error.unwrap_or_default()}
            </td>
            <td class="cell-nowrap">{next}</td>
            <td class="cell-actions">
                <button class="button button-small" type="button" data-testid="sync-job-retry"
                    on:click=move |_| retry_one.run(variant_id.clone())>
                    {tr(Msg::Retry)}
                </button>
            </td>
        </tr>
    }
}
