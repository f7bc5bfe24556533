//! `/channels/:id`: what came in from the channel's provider. Open sync issues (sales Kura
//! could not record on its own), each resolved by naming the Kura product (SKU or barcode)
//! of the provider's item, or dismissed; and the recent webhook deliveries.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::stock_sync::ChannelSyncPanel;
use crate::api::channel_sync::{self, ChannelSync, SyncIssue};
use crate::components::{CopyButton, ErrorNotice, PageHeader, Panel, Skeleton};
use crate::i18n::{Msg, error_message, tr, use_i18n};

/// The channel's sync page.
#[component]
pub fn ChannelSyncPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let data = LocalResource::new(move || channel_sync::channel_sync(id()));
    view! {
        <PageHeader title=Msg::ChannelSyncTitle subtitle=Msg::ChannelSyncSummary />
        {move || match data.get() {
            None => view! { <Skeleton lines=6 /> }.into_any(),
            Some(Err(error)) => {
                view! { <ErrorNotice error=error on_retry=move |()| data.refetch() /> }.into_any()
            }
            Some(Ok(sync)) => view! { <SyncView sync=sync on_change=move || data.refetch() /> }.into_any(),
        }}
        // Inbound (what came in) and outbound (what Kura pushed) on one page.
        {move || view! { <ChannelSyncPanel channel_id=id() /> }}
    }
}

#[component]
fn SyncView(
    sync: ChannelSync,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let url = sync.channel.webhook_url.clone().unwrap_or_default();
    let issues = sync.issues.clone();
    let deliveries = sync.deliveries.clone();
    view! {
        <p class="muted" data-testid="channel-webhook-url">
            <strong>{sync.channel.name.clone()}</strong>" · "{sync.channel.provider.clone()}" · "<code>{url}</code>
        </p>
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
            match channel_sync::dismiss(id).await {
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
                    let result = match channel_sync::find_variant(code).await {
                        Ok(Some(variant)) => {
                            channel_sync::resolve_with_variant(issue_id, external, variant)
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

/// `/channels`: every channel with the webhook URL to paste into its provider, each
/// leading to its sync page.
#[component]
pub fn ChannelsPage() -> impl IntoView {
    let list = LocalResource::new(channel_sync::channels);
    view! {
        <PageHeader title=Msg::ChannelsTitle subtitle=Msg::ChannelsSummary />
        {move || match list.get() {
            None => view! { <Skeleton lines=4 /> }.into_any(),
            Some(Err(error)) => {
                view! { <ErrorNotice error=error on_retry=move |()| list.refetch() /> }.into_any()
            }
            Some(Ok(channels)) if channels.is_empty() => {
                view! { <p class="muted" data-testid="channels-empty">{tr(Msg::ChannelsEmpty)}</p> }.into_any()
            }
            Some(Ok(channels)) => view! {
                <table class="data-table" data-testid="channels">
                    <thead>
                        <tr>
                            <th>{tr(Msg::ChannelName)}</th>
                            <th>{tr(Msg::ChannelProvider)}</th>
                            <th>{tr(Msg::ChannelWebhookUrl)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {channels
                            .into_iter()
                            .map(|c| {
                                let href = format!("/channels/{}", c.id);
                                let url = c.webhook_url.clone();
                                view! {
                                    <tr>
                                        <td><A href=href>{c.name}</A></td>
                                        <td>{c.provider}</td>
                                        <td>
                                            {url.map(|u| view! {
                                                <code class="small">{u.clone()}</code>
                                                " "
                                                <CopyButton text=u testid="copy-webhook-url" />
                                            })}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            }
                .into_any(),
        }}
    }
}
