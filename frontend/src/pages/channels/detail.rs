//! `/channels/:id`: one channel. What it is and where it sells (editable), the webhook URL
//! to paste into its provider, how Kura reaches the provider, the item and location
//! mappings, and both directions of sync: what came in (issues, deliveries) and the stock
//! Kura pushed out.

use kura_shared::ChannelProvider;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::connection::ConnectionPanel;
use super::list::ChannelDialog;
use super::mappings::MappingsPanel;
use super::stock_sync::ChannelSyncPanel;
use super::sync::SyncSection;
use crate::api::channels::setup::{self, ChannelSettings};
use crate::components::{
    CopyButton, ErrorNotice, Flash, FlashNotice, Icon, IconKind, PageHeader, Panel, Skeleton,
};
use crate::i18n::{Msg, channel_kind_label, orders_to_ship_label, provider_label, tr};

/// The channel's page.
#[component]
pub fn ChannelPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let channel = LocalResource::new(move || setup::get(id()));
    let flash = RwSignal::new(None::<Flash>);
    let editing = RwSignal::new(false);
    let body = move || match channel.get() {
        None => view! { <Skeleton lines=8 /> }.into_any(),
        Some(Err(error)) => {
            view! { <ErrorNotice error=error on_retry=move |()| channel.refetch() /> }.into_any()
        }
        Some(Ok(c)) => {
            let external = c.provider.receives_webhooks();
            let id = c.id.clone();
            view! {
                <Overview channel=c.clone() on_edit=move |()| editing.set(true) />
                <ConnectionPanel
                    channel=c.clone()
                    on_saved=move |saved: ChannelSettings| {
                        flash.set(Some(Flash::done(Msg::ConnectionSavedFlash, saved.name)));
                        channel.refetch();
                    }
                />
                {external.then(|| view! {
                    <MappingsPanel channel=c.clone() />
                    <SyncSection channel_id=id.clone() />
                    <ChannelSyncPanel channel_id=id.clone() />
                })}
                {move || editing.get().then(|| view! {
                    <ChannelDialog
                        channel=Some(c.clone())
                        on_close=move |()| editing.set(false)
                        on_saved=move |(saved, _): (ChannelSettings, bool)| {
                            editing.set(false);
                            flash.set(Some(Flash::done(Msg::ChannelSavedFlash, saved.name)));
                            channel.refetch();
                        }
                    />
                })}
            }
            .into_any()
        }
    };
    view! {
        <PageHeader title=Msg::ChannelTitle subtitle=Msg::ChannelSummary />
        <div class="stack" data-testid="channel-page">
            <FlashNotice flash=flash />
            {body}
        </div>
    }
}

/// What the channel is, where it sells, and what to paste into its provider.
#[component]
fn Overview(channel: ChannelSettings, #[prop(into)] on_edit: Callback<()>) -> impl IntoView {
    let locations = channel
        .locations
        .iter()
        .enumerate()
        .map(|(i, l)| {
            view! {
                <li>
                    <span>{l.name.clone()}</span>
                    " "
                    <span class="cell-faint mono small">{l.code.clone()}</span>
                    {(i == 0).then(|| view! { " " <span class="badge badge-ok">{tr(Msg::ChannelDefaultLocation)}</span> })}
                </li>
            }
        })
        .collect_view();
    let webhook = channel.webhook_url.clone().map(|url| {
        let secret = if channel.has_webhook_secret {
            Msg::SecretStoredHint
        } else {
            Msg::ChannelSecretMissing
        };
        view! {
            <dt>{tr(Msg::ChannelWebhookUrl)}</dt>
            <dd data-testid="channel-webhook-url">
                <code class="small">{url.clone()}</code>
                " "
                <CopyButton text=url testid="copy-webhook-url" />
                <p class="field-hint">{tr(secret)}</p>
            </dd>
        }
    });
    // Where this channel's sales are entered, when that happens in Kura itself.
    let next_step = match channel.provider {
        ChannelProvider::Csv => Some(("/sales/import", Msg::ChannelGoImport)),
        ChannelProvider::Manual => Some(("/sales/register", Msg::ChannelGoRegister)),
        _ => None,
    };
    let actions = move || {
        view! {
            <div class="panel-actions">
                {next_step.map(|(href, label)| view! { <A href=href attr:class="button">{tr(label)}</A> })}
                <button class="button" type="button" data-testid="channel-edit" on:click=move |_| on_edit.run(())>
                    <Icon kind=IconKind::Edit />
                    <span>{tr(Msg::Edit)}</span>
                </button>
            </div>
        }
    };
    view! {
        <Panel title=Msg::ChannelOverviewTitle subtitle=Msg::ChannelOverviewSummary actions=actions>
            <dl class="channel-facts" data-testid="channel-overview">
                <dt>{tr(Msg::ChannelName)}</dt>
                <dd data-testid="channel-overview-name">
                    <strong>{channel.name.clone()}</strong>
                    {channel.archived_at.is_some().then(|| view! { " " <span class="badge">{tr(Msg::StatusArchived)}</span> })}
                </dd>
                <dt>{tr(Msg::ColumnKind)}</dt>
                <dd>{tr(channel_kind_label(channel.kind))}</dd>
                <dt>{tr(Msg::ChannelProvider)}</dt>
                <dd>{tr(provider_label(channel.provider))}</dd>
                <dt>{tr(Msg::ChannelLocations)}</dt>
                <dd><ul class="plain-list">{locations}</ul></dd>
                <dt>{tr(Msg::ChannelBuffer)}</dt>
                <dd data-testid="channel-overview-buffer">{channel.safety_buffer}</dd>
                {channel.provider.sends_online_orders().then(|| view! {
                    <dt>{tr(Msg::ChannelOrdersToShip)}</dt>
                    <dd data-testid="channel-overview-orders">{tr(orders_to_ship_label(channel.orders_to_ship))}</dd>
                })}
                {webhook}
            </dl>
        </Panel>
    }
}
