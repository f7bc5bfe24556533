//! `/orders/new`: entering a phone order with the keyboard. The customer is found by typing
//! (Enter takes the hit), then the lines come from one scan field that takes a
//! keyboard-wedge scanner or typed SKUs (Enter adds a line, the same item again adds one);
//! each line's quantity and price can be changed, and the amounts and the total with tax per
//! rate show as the server will compute them. "Save draft" or "Confirm order" sends it with
//! a key made once for the form, so a double click cannot enter two orders.
//!
//! The quote entry (`quotes::entry`) is built from the same panels: the lines with their
//! scan field, where it ships from, the ship-to address, the totals and the submit button.

use kura_shared::{AddressKind, Money, TaxBreakdown, pricing::rated_price};
use leptos::html::Input;
use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::customer::CustomerLookup;
use super::lines::{self, EntryLine, Item};
use crate::api::ApiError;
use crate::api::catalog::locations::{self, Location};
use crate::api::orders::documents::{self, CreateOrderInput, OrderAddress};
use crate::api::sales::customers::{self, Address, Customer};
use crate::api::sales::register::{self, Pricing};
use crate::api::wire::idempotency_key;
use crate::components::{
    ErrorNotice, FieldError, FormError, FormErrors, FormState, Icon, IconKind, PageHeader, Panel,
    Problem, Skeleton, TextField, focus_field, location_options,
};
use crate::i18n::{Msg, error_message, tr, use_i18n};

/// Fields of `createOrder` whose errors show beside their input.
const FIELDS: &[&str] = &["locationId", "lines", "requestedDate", "note"];

/// What the entry needs before it can price lines.
#[derive(Debug, Clone)]
pub(super) struct Setup {
    pub(super) pricing: Pricing,
    pub(super) locations: Vec<Location>,
}

/// The company's pricing and its locations.
pub(super) async fn setup() -> Result<Setup, ApiError> {
    Ok(Setup {
        pricing: register::pricing().await?,
        locations: locations::locations(false).await?,
    })
}

/// The order entry page.
#[component]
pub fn NewOrderPage() -> impl IntoView {
    let loaded = LocalResource::new(setup);
    let body = move || match loaded.get() {
        None => view! { <Skeleton lines=8 /> }.into_any(),
        Some(Err(error)) => {
            view! { <ErrorNotice error=error on_retry=move |()| loaded.refetch() /> }.into_any()
        }
        Some(Ok(setup)) => view! { <OrderEntry setup=setup /> }.into_any(),
    };
    view! {
        <PageHeader title=Msg::OrNewTitle subtitle=Msg::OrNewSubtitle />
        <div class="stack" data-testid="order-new-page">
            <A href="/orders" attr:class="link-button op-back">{tr(Msg::OrBack)}</A>
            {body}
        </div>
    }
}

/// A line on the form: what was scanned, and its quantity and price as typed.
#[derive(Debug, Clone)]
pub(super) struct Row {
    item: Item,
    quantity: RwSignal<String>,
    price: RwSignal<String>,
}

impl Row {
    /// A line of `quantity` units of `item` at `price` (empty for its list price).
    pub(super) fn new(item: Item, quantity: i64, price: String) -> Self {
        Row {
            item,
            quantity: RwSignal::new(quantity.to_string()),
            price: RwSignal::new(price),
        }
    }

    /// The line as typed now (tracked, so totals follow typing).
    pub(super) fn line(&self) -> EntryLine {
        EntryLine {
            item: self.item.clone(),
            quantity: self.quantity.get(),
            price: self.price.get(),
        }
    }
}

/// The ship-to fields, as typed.
#[derive(Debug, Clone, Copy)]
pub(super) struct AddressFields {
    name: RwSignal<String>,
    postal_code: RwSignal<String>,
    prefecture: RwSignal<String>,
    city: RwSignal<String>,
    line1: RwSignal<String>,
    line2: RwSignal<String>,
    phone: RwSignal<String>,
}

impl AddressFields {
    pub(super) fn new() -> Self {
        let field = || RwSignal::new(String::new());
        AddressFields {
            name: field(),
            postal_code: field(),
            prefecture: field(),
            city: field(),
            line1: field(),
            line2: field(),
            phone: field(),
        }
    }

    /// The required fields with their error keys.
    fn required(self) -> [(&'static str, RwSignal<String>); 5] {
        [
            ("shipTo.name", self.name),
            ("shipTo.postalCode", self.postal_code),
            ("shipTo.prefecture", self.prefecture),
            ("shipTo.city", self.city),
            ("shipTo.line1", self.line1),
        ]
    }

    /// The address, or `None` when nothing was typed.
    pub(super) fn value(self) -> Option<OrderAddress> {
        let text = |s: RwSignal<String>| s.get_untracked().trim().to_owned();
        let address = OrderAddress {
            name: text(self.name),
            postal_code: text(self.postal_code),
            prefecture: text(self.prefecture),
            city: text(self.city),
            line1: text(self.line1),
            line2: text(self.line2),
            phone: text(self.phone),
        };
        (address != OrderAddress::default()).then_some(address)
    }

    /// Replaces what is typed with `saved`, or empties the fields.
    fn fill(self, saved: Option<&Address>) {
        let text = |f: fn(&Address) -> &str| saved.map(f).unwrap_or_default().to_owned();
        self.name.set(text(|a| &a.recipient_name));
        self.postal_code.set(text(|a| &a.postal_code));
        self.prefecture.set(text(|a| &a.prefecture));
        self.city.set(text(|a| &a.city));
        self.line1.set(text(|a| &a.line1));
        self.line2.set(text(|a| &a.line2));
        self.phone
            .set(text(|a| a.phone.as_deref().unwrap_or_default()));
    }

    /// An address that was started needs its name through street.
    pub(super) fn check(self, errors: &mut FormErrors) {
        if self.value().is_none() {
            return;
        }
        for (field, value) in self.required() {
            if value.get_untracked().trim().is_empty() {
                errors.add(field, Problem::Msg(Msg::ReasonRequired));
            }
        }
    }
}

/// The entry once the company's pricing and the locations are known.
#[component]
fn OrderEntry(setup: Setup) -> impl IntoView {
    let navigate = use_navigate();
    let Setup { pricing, locations } = setup;
    let first = locations.first().map(|l| l.id.clone()).unwrap_or_default();
    let customer = RwSignal::new(None::<Customer>);
    let location = RwSignal::new(first);
    let requested = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let address = AddressFields::new();
    let rows = RwSignal::new(Vec::<Row>::new());
    let form = FormState::default();
    let confirming = RwSignal::new(false);
    let key = StoredValue::new(idempotency_key());
    let customer_ref = NodeRef::<Input>::new();
    let scan_ref = NodeRef::<Input>::new();
    Effect::new(move |_| {
        if customer_ref.get().is_some() && customer.get_untracked().is_none() {
            focus_field(customer_ref);
        }
    });

    let on_pick = move |_: Customer| focus_field(scan_ref);

    let submit = move |confirm: bool| {
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
        confirming.set(confirm);
        let input = CreateOrderInput {
            customer_id: customer.get_untracked().map(|c| c.id),
            location_id: location.get_untracked(),
            lines: parsed.unwrap_or_default(),
            ship_to: address.value(),
            requested_date: Some(requested.get_untracked()).filter(|d| !d.is_empty()),
            note: Some(note.get_untracked().trim().to_owned()).filter(|n| !n.is_empty()),
            idempotency_key: key.get_value(),
            confirm,
        };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = documents::create_order(input).await;
            // The server answered, so nothing was written: the next try is a new order.
            // After a network error the same key goes again, and returns the order if the
            // first try did land.
            if matches!(result, Err(ApiError::GraphQl(_))) {
                key.try_set_value(idempotency_key());
            }
            let explain = |e: &ApiError| FormErrors::from_api(e, FIELDS, Msg::ErrorUnauthenticated);
            if let Some(order) = form.settle(result, explain, |_| {}) {
                navigate(&format!("/orders/{}", order.id), Default::default());
            }
        });
    };

    view! {
        <div class="order-entry" data-testid="order-entry">
            <div class="stack">
                <Panel title=Msg::OrCustomerTitle subtitle=Msg::OrCustomerSubtitle>
                    <div class="order-panel-body">
                        <CustomerLookup customer=customer on_pick=on_pick input_ref=customer_ref />
                    </div>
                </Panel>
                <LinesPanel rows=rows scan_ref=scan_ref error=form.field("lines") pricing=pricing.clone() customer=customer />
            </div>
            <form class="stack" novalidate on:submit=|ev: SubmitEvent| ev.prevent_default() data-testid="order-form">
                <FulfilmentPanel locations=locations location=location requested=requested form=form />
                <ShipToPanel address=address form=form customer=customer />
                <section class="panel order-submit">
                    <div class="order-panel-body op-form">
                        <TextField
                            name="note"
                            label=Msg::FieldNote
                            autocomplete="off"
                            testid="order-note"
                            placeholder=Msg::OrNotePlaceholder
                            value=note
                            error=form.field("note")
                        />
                        <Totals rows=rows pricing=pricing />
                        <FormError error=form.form() />
                        <p class="field-hint">{tr(Msg::OrConfirmHint)}</p>
                        <div class="order-submit-buttons">
                            <SubmitChoice label=Msg::OrSaveDraft testid="order-save-draft" primary=false form=form confirming=confirming on_click={ let submit = submit.clone(); move |()| submit(false) } />
                            <SubmitChoice label=Msg::OrConfirmOrder testid="order-confirm" primary=true form=form confirming=confirming on_click=move |()| submit(true) />
                        </div>
                    </div>
                </section>
            </form>
        </div>
    }
}

/// One of the two ways to send the order; its spinner shows while it is the one running.
#[component]
pub(super) fn SubmitChoice(
    label: Msg,
    testid: &'static str,
    primary: bool,
    form: FormState,
    confirming: RwSignal<bool>,
    #[prop(into)] on_click: Callback<()>,
) -> impl IntoView {
    let mine = move || form.busy.get() && confirming.get() == primary;
    view! {
        <button
            class=if primary { "button button-primary" } else { "button" }
            type="button"
            data-testid=testid
            disabled=move || form.busy.get()
            aria-busy=move || mine().to_string()
            on:click=move |_| on_click.run(())
        >
            {move || mine().then(|| view! { <span class=if primary { "spinner" } else { "spinner spinner-dark" } aria-hidden="true"></span> })}
            <span>{tr(label)}</span>
        </button>
    }
}

/// The scan field and the lines with their quantities, prices and amounts.
///
/// A customer with a 掛率 (`customer`) gets the rated price, rounded down as the server
/// does, for each line scanned after they were chosen.
#[component]
pub(super) fn LinesPanel(
    rows: RwSignal<Vec<Row>>,
    scan_ref: NodeRef<Input>,
    #[prop(into)] error: Signal<Option<Problem>>,
    pricing: Pricing,
    customer: RwSignal<Option<Customer>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let code = RwSignal::new(String::new());
    let lookups = RwSignal::new(0usize);
    let feedback = RwSignal::new(None::<Result<String, Problem>>);
    let currency = pricing.currency();

    let on_scan = move |ev: SubmitEvent| {
        ev.prevent_default();
        let typed = code.get_untracked().trim().to_owned();
        if typed.is_empty() {
            return;
        }
        code.set(String::new());
        lookups.update(|n| *n += 1);
        leptos::task::spawn_local(async move {
            let found = register::find_sellable(typed.clone()).await;
            lookups.try_update(|n| *n = n.saturating_sub(1));
            let outcome = match found {
                Ok(Some(v)) => match v.price.money().filter(|p| p.currency == currency) {
                    Some(price) => Ok(add(
                        rows,
                        Item {
                            variant_id: v.id,
                            name: v.product.name,
                            title: v.title,
                            sku: v.sku,
                            list_price: rated(price, customer.get_untracked().as_ref()),
                            tax_class: v.product.tax_class,
                        },
                    )),
                    None => Err(Problem::Msg(Msg::ErrorUnexpectedResponse)),
                },
                Ok(None) => Err(Problem::Server(format!(
                    "{typed}: {}",
                    i18n.t(Msg::SlUnknownCode)
                ))),
                Err(e) => Err(Problem::Msg(error_message(&e))),
            };
            feedback.try_set(Some(outcome));
        });
    };
    let feedback_view = move || {
        feedback.get().map(|outcome| {
            let (state, text) = match outcome {
                Ok(added) => ("ok", format!("{} {added}", i18n.t(Msg::OrAdded))),
                Err(p) => ("error", p.text(i18n.lang())),
            };
            view! {
                <div class="scan-feedback" data-state=state data-testid="order-scan-feedback" role="status">
                    <Icon kind=if state == "ok" { IconKind::Check } else { IconKind::Alert } />
                    <span>{text}</span>
                </div>
            }
        })
    };
    view! {
        <section class="panel scan-panel order-lines-panel">
            <header class="panel-header">
                <div>
                    <h2>{tr(Msg::OrLinesTitle)}</h2>
                    <p class="muted small">{tr(Msg::OrLinesSubtitle)}</p>
                </div>
            </header>
            <form class="scan-form order-scan" novalidate on:submit=on_scan data-testid="order-scan-form">
                <div class="field scan-field">
                    <label class="field-label" for="field-order-code">{tr(Msg::TrCodeLabel)}</label>
                    <input
                        class="input scan-input"
                        id="field-order-code"
                        type="text"
                        autocomplete="off"
                        placeholder=move || i18n.t(Msg::ScScanPlaceholder)
                        data-testid="order-scan"
                        node_ref=scan_ref
                        prop:value=move || code.get()
                        on:input=move |ev| code.set(event_target_value(&ev))
                    />
                </div>
                <button class="button scan-submit" type="submit" data-testid="order-add">
                    {move || (lookups.get() > 0).then(|| view! { <span class="spinner spinner-dark" aria-hidden="true"></span> })}
                    <span>{tr(Msg::TrAddLine)}</span>
                </button>
            </form>
            <div class="order-panel-body order-scan-feedback">{feedback_view}</div>
            <LinesTable rows=rows scan_ref=scan_ref />
            <FieldError name="lines" error=error />
        </section>
    }
}

/// The price `customer` pays for an item listed at `price`: its 掛率 price when it has one.
fn rated(price: Money, customer: Option<&Customer>) -> Money {
    match customer
        .and_then(|c| c.price_rate)
        .and_then(|r| u32::try_from(r).ok())
    {
        Some(rate) => Money::new(rated_price(price.amount_minor, rate), price.currency),
        None => price,
    }
}

/// Adds one unit of `item`: onto its line when there is one, else as a new line. Says what
/// the line now holds.
fn add(rows: RwSignal<Vec<Row>>, item: Item) -> String {
    let existing = rows.with_untracked(|r| {
        r.iter()
            .find(|row| row.item.variant_id == item.variant_id)
            .map(|row| row.quantity)
    });
    let quantity = match existing {
        Some(quantity) => {
            quantity.update(|q| *q = lines::one_more(q));
            quantity
        }
        None => {
            let quantity = RwSignal::new("1".to_owned());
            rows.update(|r| {
                r.push(Row {
                    item: item.clone(),
                    quantity,
                    price: RwSignal::new(String::new()),
                });
            });
            quantity
        }
    };
    let title = if item.title.is_empty() {
        item.name.clone()
    } else {
        format!("{} {}", item.name, item.title)
    };
    format!("{title} ({}) × {}", item.sku, quantity.get_untracked())
}

/// The lines, each with its quantity and price inputs, amount and problems.
#[component]
fn LinesTable(rows: RwSignal<Vec<Row>>, scan_ref: NodeRef<Input>) -> impl IntoView {
    let i18n = use_i18n();
    let row_view = move |row: Row| {
        let (quantity, price) = (row.quantity, row.price);
        let list_price = row.item.list_price.to_decimal_string();
        let current = {
            let row = row.clone();
            move || row.line()
        };
        let (c1, c2, c3) = (current.clone(), current.clone(), current.clone());
        let id = row.item.variant_id.clone();
        let remove = move |_| {
            rows.update(|r| r.retain(|x| x.item.variant_id != id));
            focus_field(scan_ref);
        };
        let problem = move || {
            let line = c3();
            line.quantity().err().or_else(|| line.unit_price().err())
        };
        view! {
            <tr data-testid="order-line" data-sku=row.item.sku.clone()>
                <td>
                    <span class="cell-primary">{row.item.name.clone()}</span>
                    {(!row.item.title.is_empty()).then(|| view! { <span class="cell-sub">{row.item.title.clone()}</span> })}
                    <span class="cell-sub mono">{row.item.sku.clone()} " · " {format!("{}%", row.item.tax_class.percent())}</span>
                    {move || problem().map(|p| view! { <p class="field-error" data-testid="order-line-error">{p.text(i18n.lang())}</p> })}
                </td>
                <td class="cell-number">
                    <input
                        class="input input-compact op-qty"
                        class:input-invalid=move || c1().unit_price().is_err()
                        type="text"
                        inputmode="numeric"
                        autocomplete="off"
                        placeholder=list_price
                        aria-label=tr(Msg::SlUnitPrice)
                        data-testid="order-line-price"
                        prop:value=move || price.get()
                        on:input=move |ev| price.set(event_target_value(&ev))
                    />
                </td>
                <td class="cell-number">
                    <input
                        class="input input-compact op-qty"
                        class:input-invalid=move || c2().quantity().is_err()
                        type="text"
                        inputmode="numeric"
                        autocomplete="off"
                        aria-label=tr(Msg::TrColumnQuantity)
                        data-testid="order-line-qty"
                        prop:value=move || quantity.get()
                        on:input=move |ev| quantity.set(event_target_value(&ev))
                    />
                </td>
                <td class="cell-number cell-money" data-testid="order-line-amount">
                    {move || current().amount().map_or_else(|| "—".to_owned(), |a| a.to_string())}
                </td>
                <td class="cell-actions">
                    <button class="icon-button" type="button" data-testid="order-line-remove" aria-label=tr(Msg::TrRemoveLine) title=tr(Msg::TrRemoveLine) on:click=remove>
                        <Icon kind=IconKind::Close />
                    </button>
                </td>
            </tr>
        }
    };
    // Only the first line and the last removal rebuild the table; each row keeps its inputs.
    let empty = Memo::new(move |_| rows.with(Vec::is_empty));
    move || {
        if empty.get() {
            return view! {
                <div class="register-empty" data-testid="order-no-lines">
                    <Icon kind=IconKind::Orders />
                    <p>{tr(Msg::OrNoLinesHint)}</p>
                </div>
            }
            .into_any();
        }
        view! {
            <div class="table-wrap num-2 num-3 num-4">
                <table class="table order-entry-lines" data-testid="order-lines">
                    <thead>
                        <tr>
                            <th>{tr(Msg::ColumnProduct)}</th>
                            <th class="cell-number">{tr(Msg::SlUnitPrice)}</th>
                            <th class="cell-number">{tr(Msg::TrColumnQuantity)}</th>
                            <th class="cell-number">{tr(Msg::SlAmount)}</th>
                            <th class="cell-actions"><span class="visually-hidden">{tr(Msg::ColumnActions)}</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || rows.get() key=|row| row.item.variant_id.clone() children=row_view />
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    }
}

/// Where it ships from and when the customer wants it.
#[component]
pub(super) fn FulfilmentPanel(
    locations: Vec<Location>,
    location: RwSignal<String>,
    requested: RwSignal<String>,
    form: FormState,
) -> impl IntoView {
    let error = form.field("locationId");
    let date_error = form.field("requestedDate");
    let options = location_options(&locations, &location.get_untracked());
    view! {
        <Panel title=Msg::OrFulfilmentTitle subtitle=Msg::OrFulfilmentSubtitle>
            <div class="order-panel-body form-row">
                <div class="field" class:field-invalid=move || error.with(Option::is_some)>
                    <label class="field-label" for="field-order-location">{tr(Msg::ColumnLocation)}</label>
                    <select
                        class="select"
                        id="field-order-location"
                        data-testid="order-location"
                        on:change=move |ev| location.set(event_target_value(&ev))
                    >
                        <option value="" selected=location.get_untracked().is_empty()>{tr(Msg::TrChooseLocation)}</option>
                        {options}
                    </select>
                    <FieldError name="locationId" error=error />
                </div>
                <div class="field" class:field-invalid=move || date_error.with(Option::is_some)>
                    <label class="field-label" for="field-order-date">{tr(Msg::OrRequestedDate)}</label>
                    <input
                        class="input"
                        id="field-order-date"
                        type="date"
                        data-testid="order-requested-date"
                        prop:value=move || requested.get()
                        on:input=move |ev| requested.set(event_target_value(&ev))
                    />
                    <FieldError name="requestedDate" error=date_error />
                </div>
            </div>
        </Panel>
    }
}

/// Where the goods go. Once a customer is chosen, their saved addresses can be picked, and
/// their default delivery address (else their default bill-to) fills an untouched form: a
/// partner's order goes where their goods always go without anyone typing it.
#[component]
pub(super) fn ShipToPanel(
    address: AddressFields,
    form: FormState,
    customer: RwSignal<Option<Customer>>,
) -> impl IntoView {
    let saved = LocalResource::new(move || {
        let id = customer.with(|c| c.as_ref().map(|c| c.id.clone()));
        async move {
            match id {
                Some(id) => customers::addresses(id).await.unwrap_or_default(),
                None => Vec::new(),
            }
        }
    });
    // What this panel filled in last; the form is untouched while it still shows exactly that.
    let filled = StoredValue::new(None::<OrderAddress>);
    let chosen = RwSignal::new(String::new());
    Effect::new(move |_| {
        let Some(list) = saved.get() else { return };
        let current = address.value();
        if current.is_some() && current != filled.get_value() {
            return;
        }
        let default = list
            .iter()
            .find(|a| a.kind == AddressKind::Shipping)
            .or_else(|| list.first());
        address.fill(default);
        filled.set_value(address.value());
        chosen.set(default.map(|a| a.id.clone()).unwrap_or_default());
    });
    let choose = move |id: String| {
        let list = saved.get_untracked().unwrap_or_default();
        if let Some(picked) = list.iter().find(|a| a.id == id) {
            address.fill(Some(picked));
            filled.set_value(address.value());
            chosen.set(id);
        }
    };
    let picker = move || {
        let list = saved.get().unwrap_or_default();
        (!list.is_empty()).then(|| {
            let options = list
                .into_iter()
                .map(|a| {
                    let label = if a.label.is_empty() { a.recipient_name.clone() } else { a.label.clone() };
                    let text = format!("{label} — {}{}{}", a.prefecture, a.city, a.line1);
                    let id = a.id.clone();
                    view! { <option value=a.id selected=move || chosen.get() == id>{text}</option> }
                })
                .collect_view();
            view! {
                <div class="field order-address-wide">
                    <label class="field-label" for="field-order-saved-address">{tr(Msg::OrSavedAddress)}</label>
                    <select
                        class="select"
                        id="field-order-saved-address"
                        data-testid="order-ship-saved"
                        on:change=move |ev| choose(event_target_value(&ev))
                    >
                        <option value="">{tr(Msg::OrChooseSavedAddress)}</option>
                        {options}
                    </select>
                </div>
            }
        })
    };
    let field = move |name: &'static str,
                      label: Msg,
                      autocomplete: &'static str,
                      testid: &'static str,
                      value: RwSignal<String>| {
        view! {
            <TextField name=name label=label autocomplete=autocomplete testid=testid value=value error=form.field(name) />
        }
    };
    view! {
        <Panel title=Msg::OrShipToTitle subtitle=Msg::OrShipToSubtitle>
            <div class="order-panel-body order-address">
                {picker}
                <div class="order-address-wide">{field("shipTo.name", Msg::OrShipName, "name", "order-ship-name", address.name)}</div>
                {field("shipTo.postalCode", Msg::OrPostalCode, "postal-code", "order-ship-postal", address.postal_code)}
                {field("shipTo.prefecture", Msg::OrPrefecture, "address-level1", "order-ship-prefecture", address.prefecture)}
                {field("shipTo.city", Msg::OrCity, "address-level2", "order-ship-city", address.city)}
                {field("shipTo.line1", Msg::OrLine1, "address-line1", "order-ship-line1", address.line1)}
                {field("shipTo.line2", Msg::OrLine2, "address-line2", "order-ship-line2", address.line2)}
                {field("shipTo.phone", Msg::OrPhone, "tel", "order-ship-phone", address.phone)}
            </div>
        </Panel>
    }
}

/// Units, subtotal, tax per rate and total, as the server will compute them.
#[component]
pub(super) fn Totals(rows: RwSignal<Vec<Row>>, pricing: Pricing) -> impl IntoView {
    let i18n = use_i18n();
    let currency = pricing.currency();
    let include = pricing.prices_include_tax;
    let rounding = pricing.tax_rounding;
    let breakdown = Memo::new(move |_| {
        let snapshot: Vec<EntryLine> = rows.with(|r| r.iter().map(Row::line).collect());
        lines::totals(&snapshot, currency, include, rounding)
    });
    let units = move || {
        rows.with(|r| {
            r.iter()
                .filter_map(|row| row.line().quantity().ok())
                .fold(0i64, i64::saturating_add)
        })
    };
    move || {
        let Some(b) = breakdown.get() else {
            return view! { <p class="field-error" data-testid="order-totals-invalid">{tr(Msg::OrFixLines)}</p> }.into_any();
        };
        let total = b.total();
        let rates = b
            .rates()
            .iter()
            .map(|r| {
                let rate = format!("{}%", r.rate.percent());
                let basis = if include { r.total } else { r.subtotal };
                view! {
                    <div class="register-row register-sub" data-testid="order-tax" data-rate=r.rate.as_str()>
                        <span>{move || format!("{rate} {}", i18n.t(Msg::SlTaxTarget))} " " {basis.to_string()}</span>
                        <span>{move || i18n.t(if include { Msg::SlTaxIncludedOf } else { Msg::SlTaxOf })} " " {r.tax.to_string()}</span>
                    </div>
                }
            })
            .collect_view();
        view! {
            <div class="register-totals order-totals">
                <div class="register-row register-sub">
                    <span>{move || format!("{} {}", i18n.t(Msg::SlItems), units())}</span>
                    <span>{move || i18n.t(if include { Msg::SlPricesIncluded } else { Msg::SlPricesExcluded })}</span>
                </div>
                {(!include).then(|| subtotal_rows(&b))}
                {rates}
                <div class="register-row register-grand">
                    <span>{tr(Msg::SlTotal)}</span>
                    <span data-testid="order-total">{total.to_string()}</span>
                </div>
            </div>
        }
        .into_any()
    }
}

/// Subtotal and tax, for prices before tax.
fn subtotal_rows(b: &TaxBreakdown) -> impl IntoView + use<> {
    view! {
        <div class="register-row"><span>{tr(Msg::SlSubtotal)}</span><span>{b.subtotal().to_string()}</span></div>
        <div class="register-row"><span>{tr(Msg::SlTax)}</span><span>{b.tax().to_string()}</span></div>
    }
}
