//! `/settings/company`: the company's name, time zone, whether its prices include tax, and
//! what its documents print under its name (owners and admins).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{Flash, FlashNotice, Panel};
use crate::api::ApiError;
use crate::api::accounts::company::{self, CompanySettings};
use crate::components::{ErrorNotice, Skeleton};
use crate::i18n::{Msg, error_message, tr, use_i18n};

/// The company settings form.
#[component]
pub fn CompanyPage() -> impl IntoView {
    let i18n = use_i18n();
    let loaded = RwSignal::new(None::<Result<CompanySettings, ApiError>>);
    let name = RwSignal::new(String::new());
    let time_zone = RwSignal::new(String::new());
    let tax_included = RwSignal::new(true);
    let address = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let registration = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let flash = RwSignal::new(None::<Flash>);
    let load = move || {
        spawn_local(async move {
            let result = company::company().await;
            if let Ok(company) = &result {
                name.set(company.name.clone());
                time_zone.set(company.time_zone.clone());
                tax_included.set(company.prices_include_tax);
                address.set(company.address.clone());
                phone.set(company.phone.clone());
                registration.set(company.registration_number.clone().unwrap_or_default());
            }
            loaded.try_set(Some(result));
        });
    };
    load();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        let input = CompanySettings {
            name: name.get_untracked(),
            time_zone: time_zone.get_untracked(),
            prices_include_tax: tax_included.get_untracked(),
            address: address.get_untracked(),
            phone: phone.get_untracked(),
            registration_number: Some(registration.get_untracked().trim().to_owned()),
        };
        spawn_local(async move {
            match company::update_company(input).await {
                Ok(saved) => {
                    flash.try_set(Some(Flash::done(Msg::CompanySaved, saved.name)));
                }
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
            busy.try_set(false);
        });
    };
    let form = move || {
        match loaded.get() {
        None => view! { <Skeleton lines=3 /> }.into_any(),
        Some(Err(e)) => view! { <ErrorNotice error=e on_retry=move |()| load() /> }.into_any(),
        Some(Ok(_)) => view! {
            <form class="panel-form" on:submit=save data-testid="company-form">
                <label class="field">
                    <span class="field-label">{tr(Msg::CompanyName)}</span>
                    <input class="input" type="text" maxlength="200" required
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                        data-testid="company-name" />
                </label>
                <label class="field">
                    <span class="field-label">{tr(Msg::FieldTimeZone)}</span>
                    <input class="input" type="text" placeholder="Asia/Tokyo"
                        prop:value=move || time_zone.get()
                        on:input=move |ev| time_zone.set(event_target_value(&ev))
                        data-testid="company-time-zone" />
                </label>
                <label class="check check-block">
                    <input type="checkbox"
                        prop:checked=move || tax_included.get()
                        on:change=move |ev| tax_included.set(event_target_checked(&ev))
                        data-testid="company-tax-included" />
                    <span>{tr(Msg::CompanyPricesIncludeTax)}</span>
                </label>
                <p class="muted small">{tr(Msg::CompanyPricesIncludeTaxHint)}</p>
                <label class="field">
                    <span class="field-label">{tr(Msg::CompanyAddress)}</span>
                    <textarea class="input textarea" rows="3" maxlength="300"
                        placeholder="〒150-0001 東京都渋谷区神宮前1-2-3"
                        prop:value=move || address.get()
                        on:input=move |ev| address.set(event_target_value(&ev))
                        data-testid="company-address"></textarea>
                </label>
                <div class="form-row">
                    <label class="field">
                        <span class="field-label">{tr(Msg::CompanyPhone)}</span>
                        <input class="input" type="tel" maxlength="32" autocomplete="tel"
                            prop:value=move || phone.get()
                            on:input=move |ev| phone.set(event_target_value(&ev))
                            data-testid="company-phone" />
                    </label>
                    <label class="field">
                        <span class="field-label">{tr(Msg::CompanyRegistrationNumber)}</span>
                        <input class="input mono" type="text" maxlength="14" placeholder="T1234567890123"
                            prop:value=move || registration.get()
                            on:input=move |ev| registration.set(event_target_value(&ev))
                            data-testid="company-registration-number" />
                    </label>
                </div>
                <p class="muted small">{tr(Msg::CompanyDocumentsHint)}</p>
                {move || error.get().map(|e| view! {
                    <p class="form-error" role="alert">{move || i18n.t(error_message(&e))}</p>
                })}
                <div class="form-actions">
                    <button class="button button-primary" type="submit" disabled=move || busy.get()
                        data-testid="company-save">
                        {tr(Msg::SaveChanges)}
                    </button>
                </div>
            </form>
        }
        .into_any(),
    }
    };
    view! {
        <FlashNotice flash=flash />
        <Panel title=Msg::CompanyTitle subtitle=Msg::CompanySubtitle>
            {form}
        </Panel>
    }
}
