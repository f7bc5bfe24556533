//! What came in from a channel's provider, on its page: open sync issues (sales Kura could
//! not record on its own), each resolved by naming the Kura product (SKU or barcode) of the
//! provider's item, or dismissed; and the recent webhook deliveries.

use leptos::prelude::*;

use crate::api::channels::sync::{self, ChannelSync, SyncIssue};
use crate::components::{ErrorNotice, Panel, Skeleton};
use crate::i18n::{Msg, error_message, tr, use_i18n};

/// Open sync issues and recent deliveries of a channel that receives webhooks.
#[component]
pub fn SyncSection(
    /// The channel's global id.
    channel_id: String,
) -> impl IntoView {
    let data = LocalResource::new(move || sync::channel_sync(channel_id.clone()));
    move || match data.get() {
        None => view! { <Skeleton lines=6 /> }.into_any(),
        Some(Err(error)) => {
            view! { <ErrorNotice error=error on_retry=move |()| data.refetch() /> }.into_any()
        }
        Some(Ok(sync)) => {
            view! { <SyncView sync=sync on_change=move || data.refetch() /> }.into_any()
        }
    }
}

#[component]
fn SyncView(
    sync: ChannelSync,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let issues = sync.issues.clone();
    let deliveries = sync.deliveries.clone();
    view! {
        <Panel title=Msg::SyncIssuesTitle subtitle=Msg::SyncIssuesSummary>
            {if issues.is_empty() {
                view! { <p class="muted" data-testid="sync-issues-empty">{tr(Msg::SyncIssuesEmpty)}</p> }.into_any()
            } else {
                view! {
                    <ul class="sync-issues" data-testid="sync-issues">
                        {issues
                            .into_iter()
                            .map(|issue| view! { <IssueRow issue=issue on_change=on_change /> })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </Panel>
        <Panel title=Msg::DeliveriesTitle subtitle=Msg::DeliveriesSummary>
            <table class="data-table" data-testid="deliveries">
                <thead>
                    <tr>
                        <th>{tr(Msg::DeliveryReceived)}</th>
                        <th>{tr(Msg::DeliveryTopic)}</th>
                        <th>{tr(Msg::DeliveryStatus)}</th>
                        <th>{tr(Msg::DeliveryNote)}</th>
                    </tr>
                </thead>
                <tbody>
                    {deliveries
                        .into_iter()
                        .map(|d| {
                            view! {
                                <tr>
                                    <td>{d.received_at.chars().take(19).collect::<String>().replace('T', " ")}</td>
                                    <td>{d.topic}</td>
                                    <td>{d.status}</td>
                                    <td class="muted small">{d.note}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </Panel>
    }
}

#[component]
fn IssueRow(
    issue: SyncIssue,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let issue_id = issue.id.clone();
    let dismiss = move |_| {
        let id = issue_id.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            match sync::dismiss(id).await {
                Ok(()) => on_change(),
                Err(e) => error.set(Some(i18n.t(error_message(&e)).to_owned())),
            }
            busy.set(false);
        });
    };
    let lines = issue
        .lines
        .iter()
        .filter(|l| l.external_id.is_some())
        .map(|line| {
            let code = RwSignal::new(line.sku.clone().or(line.barcode.clone()).unwrap_or_default());
            let issue_id = issue.id.clone();
            let external = line.external_id.clone().unwrap_or_default();
            let map = move |_| {
                let issue_id = issue_id.clone();
                let external = external.clone();
                let code = code.get_untracked();
                busy.set(true);
                leptos::task::spawn_local(async move {
                    let result = match crate::api::catalog::products::find_variant(code).await {
                        Ok(Some(variant)) => {
                            sync::resolve_with_variant(issue_id, external, variant.id)
                                .await
                                .map(drop)
                        }
                        Ok(None) => {
                            error.set(Some(i18n.t(Msg::SyncNoSuchProduct).to_owned()));
                            busy.set(false);
                            return;
                        }
                        Err(e) => Err(e),
                    };
                    match result {
                        Ok(()) => on_change(),
                        Err(e) => error.set(Some(i18n.t(error_message(&e)).to_owned())),
                    }
                    busy.set(false);
                });
            };
            view! {
                <li class="sync-line">
                    <span>{format!("{} × {}", line.title, line.quantity)}</span>
                    <span class="muted small">{line.external_id.clone().unwrap_or_default()}</span>
                    <input
                        type="text"
                        data-testid="sync-variant-code"
                        placeholder=move || i18n.t(Msg::SyncVariantPlaceholder)
                        prop:value=move || code.get()
                        on:input=move |ev| code.set(event_target_value(&ev))
                    />
                    <button class="button primary" disabled=move || busy.get() on:click=map data-testid="sync-map">
                        {tr(Msg::SyncMapAndRecord)}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <li class="sync-issue" data-testid="sync-issue">
            <div>
                <strong>{issue.kind.clone()}</strong>" · "{issue.external_id.clone()}
                <p class="muted small">{issue.detail.clone()}</p>
            </div>
            <ul>{lines}</ul>
            {move || error.get().map(|e| view! { <p class="form-error">{e}</p> })}
            <button class="button" disabled=move || busy.get() on:click=dismiss data-testid="sync-dismiss">
                {tr(Msg::SyncDismiss)}
            </button>
        </li>
    }
}
