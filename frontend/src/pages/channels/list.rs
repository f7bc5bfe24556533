//! `/channels`: where sales come from (registers, online shops, wholesale, marketplaces).
//! Add a channel with its provider, the locations that sell for it (default first) and its
//! safety buffer; edit, archive or restore it; copy the webhook URL into the provider.

use kura_shared::{ChannelKind, ChannelProvider, OrdersToShip};
use leptos::html::Input;
use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api::channels::setup::{self, ChannelChanges, ChannelSettings, NewChannel};
use crate::api::wire::idempotency_key;
use crate::components::{
    ArchivableList, ArchivableListPage, CopyButton, DataTable, Dialog, DialogFormActions,
    EditArchiveButtons, FieldError, Flash, FormError, FormErrors, FormState, IconKind,
    LocationPicker, Problem, TextField, focus_first_invalid,
};
use crate::i18n::{Msg, channel_kind_label, orders_to_ship_label, provider_label, tr};

/// The form's fields, as the API names them.
const FIELDS: &[&str] = &[
    "name",
    "kind",
    "provider",
    "locationIds",
    "safetyBuffer",
    "webhookSecret",
];

/// Headings of the channel table, before the actions column.
const COLUMNS: &[Msg] = &[
    Msg::ColumnName,
    Msg::ColumnKind,
    Msg::ChannelProvider,
    Msg::ChannelLocations,
    Msg::ChannelBuffer,
    Msg::ChannelWebhookUrl,
];

/// What the form knows before asking the server.
fn check_channel(name: &str, locations: &[String], buffer: &str) -> FormErrors {
    let mut errors = FormErrors::default();
    if name.trim().is_empty() {
        errors.add("name", Problem::Msg(Msg::ReasonRequired));
    }
    if locations.is_empty() {
        errors.add("locationIds", Problem::Msg(Msg::ChannelNeedsLocation));
    }
    if parse_buffer(buffer).is_none() {
        errors.add("safetyBuffer", Problem::Msg(Msg::OpReasonNonNegative));
    }
    errors
}

/// The safety buffer as typed; empty means none.
fn parse_buffer(text: &str) -> Option<i64> {
    let text = text.trim();
    if text.is_empty() {
        return Some(0);
    }
    text.parse::<i64>().ok().filter(|n| *n >= 0)
}

/// The channel list and its dialog.
#[component]
pub fn ChannelsPage() -> impl IntoView {
    let page = ArchivableList::new(setup::list);
    let ArchivableList {
        list,
        flash,
        editing,
        ..
    } = page;
    let navigate = use_navigate();
    let archive = move |channel: ChannelSettings, archive: bool| {
        let changes = ChannelChanges {
            archived: Some(archive),
            ..Default::default()
        };
        page.archive(
            async move { setup::update(channel.id, changes).await.map(drop) },
            archive,
            channel.name,
            (Msg::ChannelArchivedFlash, Msg::ChannelRestoredFlash),
        );
    };
    let table = move |rows: Vec<ChannelSettings>| {
        let rows = rows
            .into_iter()
            .map(|c| {
                view! {
                    <ChannelRow
                        channel=c
                        on_edit=move |c| editing.set(Some(Some(c)))
                        on_archive=move |(c, a)| archive(c, a)
                    />
                }
            })
            .collect_view();
        view! {
            <div data-testid="channels">
                <DataTable columns=COLUMNS actions=true>{rows}</DataTable>
            </div>
        }
        .into_any()
    };
    view! {
        <ArchivableListPage
            page=page
            name="channel"
            title=Msg::ChannelsTitle
            subtitle=Msg::ChannelsSummary
            list_title=Msg::ChannelsListTitle
            list_subtitle=Msg::ChannelsListSubtitle
            create=Msg::CreateChannel
            lines=4
            empty_icon=IconKind::Channels
            empty_title=Msg::ChannelsEmpty
            empty_body=Msg::ChannelsEmptyBody
            show=table
        />
        {move || {
            let navigate = navigate.clone();
            editing
                .get()
                .map(|current| {
                    view! {
                        <ChannelDialog
                            channel=current
                            on_close=move |()| editing.set(None)
                            on_saved=move |(saved, created): (ChannelSettings, bool)| {
                                editing.set(None);
                                if created {
                                    // Next come the webhook URL and the connection: on its page.
                                    navigate(&format!("/channels/{}", saved.id), Default::default());
                                } else {
                                    list.refetch();
                                    flash.set(Some(Flash::done(Msg::ChannelSavedFlash, saved.name)));
                                }
                            }
                        />
                    }
                })
        }}
    }
}

#[component]
fn ChannelRow(
    channel: ChannelSettings,
    #[prop(into)] on_edit: Callback<ChannelSettings>,
    #[prop(into)] on_archive: Callback<(ChannelSettings, bool)>,
) -> impl IntoView {
    let archived = channel.archived_at.is_some();
    let (for_edit, for_archive) = (channel.clone(), channel.clone());
    let href = format!("/channels/{}", channel.id);
    let locations = channel
        .locations
        .iter()
        .map(|l| l.code.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let (name, label) = (channel.name.clone(), channel.name.clone());
    view! {
        <tr data-testid="channel-row" data-name=label class:row-inactive=archived>
            <td class="cell-primary cell-nowrap">
                <A href=href>{name}</A>
                {archived.then(|| view! { " " <span class="badge">{tr(Msg::StatusArchived)}</span> })}
            </td>
            <td class="cell-nowrap">{tr(channel_kind_label(channel.kind))}</td>
            <td class="cell-nowrap">{tr(provider_label(channel.provider))}</td>
            <td class="mono small">{locations}</td>
            <td class="num">{channel.safety_buffer}</td>
            <td>
                {match channel.webhook_url.clone() {
                    Some(url) => view! {
                        <span class="webhook-cell">
                            <code class="small">{url.clone()}</code>
                            <CopyButton text=url testid="copy-webhook-url" />
                        </span>
                    }
                        .into_any(),
                    None => view! { <span class="cell-faint">"—"</span> }.into_any(),
                }}
            </td>
            <td class="cell-actions">
                <div class="row-actions">
                    <EditArchiveButtons
                        name="channel"
                        archived=archived
                        on_edit=move |()| on_edit.run(for_edit.clone())
                        on_archive=move |a| on_archive.run((for_archive.clone(), a))
                    />
                </div>
            </td>
        </tr>
    }
}

/// Add (`channel` is `None`) or edit a channel. `on_saved` gets it and whether it is new.
#[component]
pub fn ChannelDialog(
    channel: Option<ChannelSettings>,
    #[prop(into)] on_close: Callback<()>,
    #[prop(into)] on_saved: Callback<(ChannelSettings, bool)>,
) -> impl IntoView {
    let existing = channel.as_ref().map(|c| c.id.clone());
    let creating = existing.is_none();
    let had_secret = channel.as_ref().is_some_and(|c| c.has_webhook_secret);
    let name = RwSignal::new(channel.as_ref().map(|c| c.name.clone()).unwrap_or_default());
    let kind = RwSignal::new(channel.as_ref().map_or(ChannelKind::Pos, |c| c.kind));
    let provider = RwSignal::new(
        channel
            .as_ref()
            .map_or(ChannelProvider::Manual, |c| c.provider),
    );
    let chosen = RwSignal::new(
        channel
            .as_ref()
            .map(|c| c.locations.iter().map(|l| l.id.clone()).collect::<Vec<_>>())
            .unwrap_or_default(),
    );
    let buffer = RwSignal::new(
        channel
            .as_ref()
            .map_or_else(|| "0".to_owned(), |c| c.safety_buffer.to_string()),
    );
    let orders = RwSignal::new(
        channel
            .as_ref()
            .map_or(OrdersToShip::Sale, |c| c.orders_to_ship),
    );
    let secret = RwSignal::new(String::new());
    // One key per dialog: a double submit or a retry after a dropped answer adds one channel.
    let idempotency_key = idempotency_key();
    let form = FormState::default();
    let name_ref = NodeRef::<Input>::new();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (name_value, ids, buffer_text) = (
            name.get_untracked(),
            chosen.get_untracked(),
            buffer.get_untracked(),
        );
        if !form.begin(
            || check_channel(&name_value, &ids, &buffer_text),
            |local| focus_first_invalid(local, &[("name", name_ref)]),
        ) {
            return;
        }
        let safety_buffer = parse_buffer(&buffer_text).unwrap_or_default();
        let secret_value = Some(secret.get_untracked().trim().to_owned()).filter(|s| !s.is_empty());
        let existing = existing.clone();
        let key = idempotency_key.clone();
        leptos::task::spawn_local(async move {
            let result = match existing {
                Some(id) => {
                    let changes = ChannelChanges {
                        name: Some(name_value.trim().to_owned()),
                        location_ids: Some(ids),
                        safety_buffer: Some(safety_buffer),
                        webhook_secret: secret_value,
                        orders_to_ship: Some(orders.get_untracked()),
                        archived: None,
                    };
                    setup::update(id, changes).await
                }
                None => {
                    let input = NewChannel {
                        name: name_value.trim().to_owned(),
                        kind: kind.get_untracked(),
                        provider: provider.get_untracked(),
                        location_ids: ids,
                        safety_buffer,
                        orders_to_ship: orders.get_untracked(),
                        webhook_secret: secret_value,
                        idempotency_key: key,
                    };
                    setup::create(input).await
                }
            };
            let explain = |e: &_| FormErrors::from_api(e, FIELDS, Msg::ErrorUnauthenticated);
            let focus = |errors: &FormErrors| focus_first_invalid(errors, &[("name", name_ref)]);
            if let Some(saved) = form.settle(result, explain, focus) {
                on_saved.run((saved, creating));
            }
        });
    };
    let select = move |label: Msg,
                       id: &'static str,
                       options: AnyView,
                       on_pick: Callback<String>| {
        view! {
            <div class="field" class:field-invalid=move || form.errors.with(|e| e.field(id).is_some())>
                <label class="field-label" for=format!("field-{id}")>{tr(label)}</label>
                <select
                    class="select"
                    id=format!("field-{id}")
                    data-testid=format!("channel-{id}")
                    disabled=!creating
                    on:change=move |ev| on_pick.run(event_target_value(&ev))
                >
                    {options}
                </select>
                <FieldError name=id error=form.field(id) />
            </div>
        }
    };
    let kinds = ChannelKind::ALL
        .iter()
        .map(|k| view! { <option value=k.as_str() selected=move || kind.get() == *k>{tr(channel_kind_label(*k))}</option> })
        .collect_view()
        .into_any();
    let providers = ChannelProvider::ALL
        .iter()
        .map(|p| view! { <option value=p.as_str() selected=move || provider.get() == *p>{tr(provider_label(*p))}</option> })
        .collect_view()
        .into_any();
    // Only providers that send online orders have orders to ship.
    let orders_field = move || {
        provider.get().sends_online_orders().then(|| {
            let options = OrdersToShip::ALL
                .iter()
                .map(|o| view! { <option value=o.as_str() selected=move || orders.get() == *o>{tr(orders_to_ship_label(*o))}</option> })
                .collect_view();
            view! {
                <div class="field">
                    <label class="field-label" for="field-ordersToShip">{tr(Msg::ChannelOrdersToShip)}</label>
                    <select
                        class="select"
                        id="field-ordersToShip"
                        data-testid="channel-orders-to-ship"
                        on:change=move |ev| {
                            if let Ok(o) = event_target_value(&ev).parse() {
                                orders.set(o);
                            }
                        }
                    >
                        {options}
                    </select>
                    <p class="field-hint">{tr(Msg::ChannelOrdersToShipHint)}</p>
                </div>
            }
        })
    };
    let secret_field = move || {
        provider.get().receives_webhooks().then(|| {
            let hint = match (provider.get(), had_secret) {
                (_, true) => Msg::ChannelSecretKeepHint,
                (ChannelProvider::Shopify, false) => Msg::ChannelSecretShopifyHint,
                (ChannelProvider::Square, false) => Msg::ChannelSecretSquareHint,
                _ => Msg::ChannelSecretSmaregiHint,
            };
            view! {
                <TextField
                    name="webhookSecret"
                    label=Msg::ChannelWebhookSecret
                    kind="password"
                    autocomplete="off"
                    testid="channel-webhook-secret"
                    hint=hint
                    value=secret
                    error=form.field("webhookSecret")
                />
            }
        })
    };
    view! {
        <Dialog
            title=if creating { Msg::CreateChannel } else { Msg::EditChannel }
            testid="channel-dialog"
            on_close=on_close
            class="dialog-wide"
        >
            <form class="dialog-body dialog-form" novalidate on:submit=on_submit>
                <FormError error=form.form() />
                <TextField
                    name="name"
                    label=Msg::ChannelName
                    autocomplete="off"
                    testid="channel-name"
                    placeholder=Msg::PlaceholderChannelName
                    value=name
                    node_ref=name_ref
                    error=form.field("name")
                />
                <div class="form-row">
                    {select(Msg::ColumnKind, "kind", kinds, Callback::new(move |v: String| {
                        if let Ok(k) = v.parse() {
                            kind.set(k);
                        }
                    }))}
                    {select(Msg::ChannelProvider, "provider", providers, Callback::new(move |v: String| {
                        if let Ok(p) = v.parse() {
                            provider.set(p);
                        }
                    }))}
                </div>
                <div class="field" class:field-invalid=move || form.errors.with(|e| e.field("locationIds").is_some())>
                    <span class="field-label">{tr(Msg::ChannelLocations)}</span>
                    <LocationPicker chosen=chosen testid="channel-locations" ordered=true />
                    <FieldError name="locationIds" error=form.field("locationIds") />
                    <p class="field-hint">{tr(Msg::ChannelLocationsHint)}</p>
                </div>
                <TextField
                    name="safetyBuffer"
                    label=Msg::ChannelBuffer
                    kind="number"
                    autocomplete="off"
                    testid="channel-buffer"
                    hint=Msg::ChannelBufferHint
                    value=buffer
                    error=form.field("safetyBuffer")
                />
                {orders_field}
                {secret_field}
                <DialogFormActions
                    on_cancel=on_close
                    label=if creating { Msg::CreateChannel } else { Msg::SaveChanges }
                    busy_label=Msg::Saving
                    testid="channel-submit"
                    busy=form.busy
                />
            </form>
        </Dialog>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_channel_needs_a_name_a_location_and_a_whole_buffer() {
        let errors = check_channel(" ", &[], "-1");
        assert_eq!(
            errors.field("name"),
            Some(Problem::Msg(Msg::ReasonRequired))
        );
        assert_eq!(
            errors.field("locationIds"),
            Some(Problem::Msg(Msg::ChannelNeedsLocation))
        );
        assert_eq!(
            errors.field("safetyBuffer"),
            Some(Problem::Msg(Msg::OpReasonNonNegative))
        );
        assert!(check_channel("Shibuya register", &["L1".to_owned()], "").is_empty());
        assert_eq!(parse_buffer(" 3 "), Some(3));
        assert_eq!(parse_buffer("1.5"), None);
    }
}
