//! `/quotes/new`: entering a quote with the order entry's panels: the customer found by
//! typing (their 掛率 prices the lines scanned after), the scan field and lines, where the
//! order would ship from, the valid-until date (30 days from today when left empty), the
//! ship-to, the note and the totals. "Save quote" sends it with a key made once for the
//! form, so a double click cannot enter two quotes.

use leptos::html::Input;
use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::super::customer::CustomerLookup;
use super::super::entry::{
    AddressFields, FulfilmentPanel, LinesPanel, Row, Setup, ShipToPanel, SubmitChoice, Totals,
    setup,
};
use super::super::lines::{self, EntryLine};
use crate::api::ApiError;
use crate::api::orders::quotes::{self, CreateQuoteInput};
use crate::api::sales::customers::Customer;
use crate::api::wire::idempotency_key;
use crate::components::{
    ErrorNotice, FieldError, FormError, FormErrors, FormState, PageHeader, Panel, Problem,
    Skeleton, TextField, focus_field,
};
use crate::i18n::{Msg, tr};

/// Fields of `createQuote` whose errors show beside their input.
const FIELDS: &[&str] = &["locationId", "lines", "requestedDate", "expiresOn", "note"];

/// The quote entry page.
#[component]
pub fn NewQuotePage() -> impl IntoView {
    let loaded = LocalResource::new(setup);
    let body = move || match loaded.get() {
        None => view! { <Skeleton lines=8 /> }.into_any(),
        Some(Err(error)) => {
            view! { <ErrorNotice error=error on_retry=move |()| loaded.refetch() /> }.into_any()
        }
        Some(Ok(setup)) => view! { <QuoteEntry setup=setup /> }.into_any(),
    };
    view! {
        <PageHeader title=Msg::QtNewTitle subtitle=Msg::QtNewSubtitle />
        <div class="stack" data-testid="quote-new-page">
            <A href="/quotes" attr:class="link-button op-back">{tr(Msg::QtBack)}</A>
            {body}
        </div>
    }
}

/// The entry once the company's pricing and the locations are known.
#[component]
fn QuoteEntry(setup: Setup) -> impl IntoView {
    let navigate = use_navigate();
    let Setup { pricing, locations } = setup;
    let first = locations.first().map(|l| l.id.clone()).unwrap_or_default();
    let customer = RwSignal::new(None::<Customer>);
    let location = RwSignal::new(first);
    let requested = RwSignal::new(String::new());
    let expires = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let address = AddressFields::new();
    let rows = RwSignal::new(Vec::<Row>::new());
    let form = FormState::default();
    let saving = RwSignal::new(true);
    let key = StoredValue::new(idempotency_key());
    let customer_ref = NodeRef::<Input>::new();
    let scan_ref = NodeRef::<Input>::new();
    Effect::new(move |_| {
        if customer_ref.get().is_some() && customer.get_untracked().is_none() {
            focus_field(customer_ref);
        }
    });
    let on_pick = move |_: Customer| focus_field(scan_ref);

    let submit = move || {
        let snapshot: Vec<EntryLine> = rows.with_untracked(|r| r.iter().map(Row::line).collect());
        let parsed = lines::inputs(&snapshot);
        let location_id = location.get_untracked();
        let checked = parsed.clone();
        let began = form.begin(
            move || {
                let mut errors = FormErrors::default();
                if let Err(p) = checked {
                    errors.add("lines", p);
                }
                if location_id.is_empty() {
                    errors.add("locationId", Problem::Msg(Msg::OrChooseLocation));
                }
                address.check(&mut errors);
                errors
            },
            move |errors| {
                if errors.field("lines").is_some() {
                    focus_field(scan_ref);
                }
            },
        );
        if !began {
            return;
        }
        let text = |s: RwSignal<String>| {
            Some(s.get_untracked().trim().to_owned()).filter(|t| !t.is_empty())
        };
        let input = CreateQuoteInput {
            customer_id: customer.get_untracked().map(|c| c.id),
            location_id: location.get_untracked(),
            lines: parsed.unwrap_or_default(),
            expires_on: text(expires),
            requested_date: text(requested),
            ship_to: address.value(),
            note: text(note),
            idempotency_key: key.get_value(),
        };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = quotes::create_quote(input).await;
            // The server answered, so nothing was written: the next try is a new quote.
            if matches!(result, Err(ApiError::GraphQl(_))) {
                key.try_set_value(idempotency_key());
            }
            let explain = |e: &ApiError| FormErrors::from_api(e, FIELDS, Msg::ErrorUnauthenticated);
            if let Some(quote) = form.settle(result, explain, |_| {}) {
                navigate(&format!("/quotes/{}", quote.id), Default::default());
            }
        });
    };

    let expires_error = form.field("expiresOn");
    view! {
        <div class="order-entry" data-testid="quote-entry">
            <div class="stack">
                <Panel title=Msg::OrCustomerTitle subtitle=Msg::QtCustomerSubtitle>
                    <div class="order-panel-body">
                        <CustomerLookup customer=customer on_pick=on_pick input_ref=customer_ref />
                    </div>
                </Panel>
                <LinesPanel rows=rows scan_ref=scan_ref error=form.field("lines") pricing=pricing.clone() customer=customer />
            </div>
            <form class="stack" novalidate on:submit=|ev: SubmitEvent| ev.prevent_default() data-testid="quote-form">
                <FulfilmentPanel locations=locations location=location requested=requested form=form />
                <Panel title=Msg::QtValidityTitle subtitle=Msg::QtExpiresHint>
                    <div class="order-panel-body form-row">
                        <div class="field" class:field-invalid=move || expires_error.with(Option::is_some)>
                            <label class="field-label" for="field-quote-expires">{tr(Msg::QtExpiresOn)}</label>
                            <input
                                class="input"
                                id="field-quote-expires"
                                type="date"
                                data-testid="quote-expires"
                                prop:value=move || expires.get()
                                on:input=move |ev| expires.set(event_target_value(&ev))
                            />
                            <FieldError name="expiresOn" error=expires_error />
                        </div>
                    </div>
                </Panel>
                <ShipToPanel address=address form=form customer=customer />
                <section class="panel order-submit">
                    <div class="order-panel-body op-form">
                        <TextField
                            name="note"
                            label=Msg::FieldNote
                            autocomplete="off"
                            testid="quote-note"
                            placeholder=Msg::QtNotePlaceholder
                            value=note
                            error=form.field("note")
                        />
                        <Totals rows=rows pricing=pricing />
                        <FormError error=form.form() />
                        <div class="order-submit-buttons">
                            <SubmitChoice label=Msg::QtSave testid="quote-save" primary=true form=form confirming=saving on_click=move |()| submit() />
                        </div>
                    </div>
                </section>
            </form>
        </div>
    }
}
