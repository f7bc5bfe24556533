//! The provider connection on a channel's page: the shop and access token (Shopify), the
//! access token and notification URL (Square), or the contract and app credentials
//! (Smaregi) that stock pushes and reconciliation use. Secrets are write-only: the form
//! shows whether one is stored and sends a new one only when typed.

use kura_shared::ChannelProvider;
use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;

use crate::api::channels::setup::{self, ChannelSettings, ConnectionChanges};
use crate::components::{FormError, FormErrors, FormState, Panel, SubmitButton, TextField};
use crate::i18n::Msg;

/// The form's fields, as the API names them.
const FIELDS: &[&str] = &[
    "shop",
    "accessToken",
    "notificationUrl",
    "contractId",
    "clientId",
    "clientSecret",
];

/// A plain field to send: its new text when it changed (empty clears it), else nothing.
fn changed(before: Option<&String>, now: &str) -> Option<String> {
    let now = now.trim();
    (before.map_or("", String::as_str) != now).then(|| now.to_owned())
}

/// A secret to send: only when one was typed.
fn typed(secret: &str) -> Option<String> {
    Some(secret.trim().to_owned()).filter(|s| !s.is_empty())
}

/// The connection form; nothing for providers Kura does not call (manual, CSV).
#[component]
pub fn ConnectionPanel(
    channel: ChannelSettings,
    #[prop(into)] on_saved: Callback<ChannelSettings>,
) -> impl IntoView {
    let provider = channel.provider;
    if !provider.receives_webhooks() {
        return ().into_any();
    }
    let info = channel.connection.clone();
    let shop = RwSignal::new(info.shop.clone().unwrap_or_default());
    let token = RwSignal::new(String::new());
    let notification_url = RwSignal::new(info.notification_url.clone().unwrap_or_default());
    let contract_id = RwSignal::new(info.contract_id.clone().unwrap_or_default());
    let client_id = RwSignal::new(info.client_id.clone().unwrap_or_default());
    let client_secret = RwSignal::new(String::new());
    let form = FormState::default();
    let id = channel.id.clone();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if !form.begin(FormErrors::default, |_| {}) {
            return;
        }
        let changes = ConnectionChanges {
            shop: changed(info.shop.as_ref(), &shop.get_untracked()),
            access_token: typed(&token.get_untracked()),
            notification_url: changed(
                info.notification_url.as_ref(),
                &notification_url.get_untracked(),
            ),
            contract_id: changed(info.contract_id.as_ref(), &contract_id.get_untracked()),
            client_id: changed(info.client_id.as_ref(), &client_id.get_untracked()),
            client_secret: typed(&client_secret.get_untracked()),
        };
        let id = id.clone();
        leptos::task::spawn_local(async move {
            let result = setup::update_connection(id, changes).await;
            let explain = |e: &_| FormErrors::from_api(e, FIELDS, Msg::ErrorUnauthenticated);
            if let Some(channel) = form.settle(result, explain, |_| {}) {
                token.set(String::new());
                client_secret.set(String::new());
                on_saved.run(channel);
            }
        });
    };
    let stored = |yes: bool| {
        if yes {
            Msg::SecretStoredHint
        } else {
            Msg::SecretMissingHint
        }
    };
    let fields = match provider {
        ChannelProvider::Shopify => view! {
            <TextField name="shop" label=Msg::ConnShop autocomplete="off" testid="conn-shop"
                placeholder=Msg::PlaceholderShop value=shop error=form.field("shop") />
            <TextField name="accessToken" label=Msg::ConnAccessToken kind="password" autocomplete="off"
                testid="conn-access-token" hint=stored(info.has_access_token) value=token
                error=form.field("accessToken") />
        }
        .into_any(),
        ChannelProvider::Square => view! {
            <TextField name="accessToken" label=Msg::ConnAccessToken kind="password" autocomplete="off"
                testid="conn-access-token" hint=stored(info.has_access_token) value=token
                error=form.field("accessToken") />
            <TextField name="notificationUrl" label=Msg::ConnNotificationUrl autocomplete="off"
                testid="conn-notification-url" hint=Msg::ConnNotificationUrlHint value=notification_url
                error=form.field("notificationUrl") />
        }
        .into_any(),
        _ => view! {
            <div class="form-row">
                <TextField name="contractId" label=Msg::ConnContractId autocomplete="off"
                    testid="conn-contract-id" value=contract_id error=form.field("contractId") />
                <TextField name="clientId" label=Msg::ConnClientId autocomplete="off"
                    testid="conn-client-id" value=client_id error=form.field("clientId") />
            </div>
            <TextField name="clientSecret" label=Msg::ConnClientSecret kind="password" autocomplete="off"
                testid="conn-client-secret" hint=stored(info.has_client_secret) value=client_secret
                error=form.field("clientSecret") />
        }
        .into_any(),
    };
    view! {
        <Panel title=Msg::ConnectionTitle subtitle=Msg::ConnectionSummary>
            <form class="panel-form" novalidate on:submit=on_submit data-testid="connection-form">
                <FormError error=form.form() />
                {fields}
                <div class="form-actions">
                    <SubmitButton label=Msg::SaveChanges busy_label=Msg::Saving testid="connection-submit" busy=form.busy />
                </div>
            </form>
        </Panel>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_changed_is_sent_and_blank_clears() {
        let before = Some("my-shop".to_owned());
        assert_eq!(changed(before.as_ref(), " my-shop "), None);
        assert_eq!(changed(before.as_ref(), ""), Some(String::new()));
        assert_eq!(changed(None, ""), None);
        assert_eq!(changed(None, "other"), Some("other".to_owned()));
        assert_eq!(typed("  "), None);
        assert_eq!(typed(" shpat_1 "), Some("shpat_1".to_owned()));
    }
}
