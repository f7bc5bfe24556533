//! `/quotes/:id`: one quote. Its number, status, customer, location, dates and totals; what
//! can be done now (mark it sent, download the PDF, convert it to an order — which opens the
//! order — or cancel it); its lines, editable with the order entry's panels while the quote
//! is open, with its valid-until date and note.

use kura_shared::QuoteStatus;
use leptos::html::Input;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::super::detail::send;
use super::super::entry::{LinesPanel, Row, Totals, setup};
use super::super::lines::{self, EntryLine, Item};
use super::QuoteBadge;
use crate::api::ApiError;
use crate::api::orders::quotes::{self, Quote, UpdateQuoteInput};
use crate::api::sales::customers::Customer;
use crate::api::sales::register::Pricing;
use crate::api::wire::idempotency_key;
use crate::components::{
    DataTable, Dialog, DialogFormActions, ErrorNotice, FieldError, Flash, FlashNotice, FormError,
    FormErrors, FormState, Icon, IconKind, PageHeader, Panel, Problem, Skeleton, TextField,
    action_problem, save_document,
};
use crate::i18n::{Msg, format_date_time, tr, use_i18n};

const LINE_COLUMNS: &[Msg] = &[
    Msg::SlColumnLine,
    Msg::ColumnProduct,
    Msg::SlUnitPrice,
    Msg::TrColumnQuantity,
    Msg::SlAmount,
];

/// Fields of `updateQuote` whose errors show beside their input.
const FIELDS: &[&str] = &["lines", "expiresOn", "note"];

/// One quote.
#[component]
pub fn QuotePage() -> impl IntoView {
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id")).unwrap_or_default();
    let loaded = LocalResource::new(move || {
        let id = id.clone();
        async move { Ok::<_, ApiError>((quotes::quote(id).await?, setup().await?.pricing)) }
    });
    let body = move || match loaded.get() {
        None => view! { <Skeleton lines=8 /> }.into_any(),
        Some(Err(error)) => {
            view! { <ErrorNotice error=error on_retry=move |()| loaded.refetch() /> }.into_any()
        }
        Some(Ok((quote, pricing))) => {
            view! { <QuoteView initial=quote pricing=pricing /> }.into_any()
        }
    };
    view! {
        <PageHeader title=Msg::QtTitle subtitle=Msg::QtDetailSubtitle />
        <div class="stack" data-testid="quote-page">
            <A href="/quotes" attr:class="link-button op-back">{tr(Msg::QtBack)}</A>
            {body}
        </div>
    }
}

/// A loaded quote.
#[component]
fn QuoteView(initial: Quote, pricing: Pricing) -> impl IntoView {
    let quote = RwSignal::new(initial);
    let flash = RwSignal::new(None::<Flash>);
    // The editor is rebuilt (from the quote as saved) only when the quote opens or closes.
    let open = Memo::new(move |_| quote.with(Quote::is_open));
    view! {
        <FlashNotice flash=flash />
        <Summary quote=quote flash=flash />
        {move || if open.get() {
            view! { <Editor quote=quote pricing=pricing.clone() flash=flash /> }.into_any()
        } else {
            view! { <LinesTable quote=quote /> }.into_any()
        }}
    }
}

/// Number, status, facts and totals, with the actions below them.
#[component]
fn Summary(quote: RwSignal<Quote>, flash: RwSignal<Option<Flash>>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<Problem>);
    let convert_key = StoredValue::new(idempotency_key());
    let run = move |action: &'static str| {
        let id = quote.with_untracked(|q| q.id.clone());
        let navigate = navigate.clone();
        busy.set(true);
        problem.set(None);
        leptos::task::spawn_local(async move {
            let outcome = match action {
                "send" => quotes::send_quote(id).await.map(|q| {
                    flash.set(Some(Flash::done(Msg::QtSentFlash, q.number.clone())));
                    quote.set(q);
                }),
                "cancel" => quotes::cancel_quote(id).await.map(|q| {
                    flash.set(Some(Flash::done(Msg::QtCancelledFlash, q.number.clone())));
                    quote.set(q);
                }),
                "pdf" => quotes::quote_pdf(id).await.map(|doc| {
                    if !save_document(&doc) {
                        problem.set(Some(Problem::Msg(Msg::ImpDownloadFailed)));
                    }
                }),
                _ => quotes::convert_quote(id, convert_key.get_value())
                    .await
                    .map(|order| {
                        navigate(&format!("/orders/{}", order.id), Default::default());
                    }),
            };
            busy.try_set(false);
            if let Err(e) = outcome {
                problem.try_set(Some(action_problem(&e)));
            }
        });
    };
    let facts = move || {
        let q = quote.get();
        let customer = q.customer.clone().map_or_else(
            || view! { <span class="cell-faint">{tr(Msg::OrNoCustomer)}</span> }.into_any(),
            |c| view! { <A href=format!("/customers/{}", c.id)>{c.name}</A> }.into_any(),
        );
        let fact = |label: Msg, value: AnyView, testid: &'static str| {
            view! { <div><dt class="small muted">{tr(label)}</dt><dd data-testid=testid>{value}</dd></div> }
        };
        let sent = q.sent_at.clone().map_or_else(
            || "—".to_owned().into_any(),
            |at| {
                let shown = at.clone();
                view! { <span>{move || format_date_time(&shown, i18n.lang()).unwrap_or_else(|| at.clone())}</span> }.into_any()
            },
        );
        let order = q.order.clone().map_or_else(
            || "—".to_owned().into_any(),
            |o| view! { <A href=format!("/orders/{}", o.id) attr:class="mono" attr:data-testid="quote-order-link">{o.number}</A> }.into_any(),
        );
        view! {
            <div class="op-summary-main">
                <h2 class="mono" data-testid="quote-number">{q.number.clone()}</h2>
                <QuoteBadge status=q.status />
                <div class="order-summary-total">
                    <strong data-testid="quote-summary-total">{q.total.display()}</strong>
                    <span class="small muted">
                        {move || format!("{} {} · {} {}", i18n.t(Msg::SlTax), q.tax.display(), i18n.t(Msg::SlSubtotal), q.subtotal.display())}
                    </span>
                </div>
            </div>
            <dl class="op-summary-facts">
                {fact(Msg::OrColumnCustomer, customer, "quote-customer-name")}
                {fact(Msg::ColumnLocation, view! { <span>{q.location.name.clone()}</span> }.into_any(), "quote-location")}
                {fact(Msg::QtExpiresOn, view! { <span class="mono">{q.expires_on.clone()}</span> }.into_any(), "quote-expires-on")}
                {fact(Msg::OrRequestedDate, q.requested_date.clone().unwrap_or_else(|| "—".to_owned()).into_any(), "quote-requested")}
                {fact(Msg::QtSentAt, sent, "quote-sent-at")}
                {fact(Msg::QtOrder, order, "quote-order")}
            </dl>
            {(q.status == QuoteStatus::Expired).then(|| view! {
                <div class="notice notice-warning" data-testid="quote-expired">
                    <Icon kind=IconKind::Clock />
                    <p class="notice-text">{tr(Msg::QtExpiredNotice)}</p>
                </div>
            })}
        }
    };
    let current =
        move || quote.with(|q| q.status == QuoteStatus::Draft || q.status == QuoteStatus::Sent);
    let open = move || quote.with(Quote::is_open);
    let sendable = move || quote.with(Quote::can_send);
    let emailing = RwSignal::new(false);
    let button = move |label: Msg,
                       testid: &'static str,
                       class: &'static str,
                       action: &'static str,
                       shown: Signal<bool>| {
        let run = run.clone();
        view! {
            <Show when=move || shown.get()>
                <button class=class type="button" data-testid=testid disabled=move || busy.get() on:click={ let run = run.clone(); move |_| run(action) }>
                    {tr(label)}
                </button>
            </Show>
        }
    };
    view! {
        <div class="op-summary order-summary" data-testid="quote-summary">
            {facts}
            <div class="panel-actions op-detail-actions" data-testid="quote-actions">
                {button(Msg::QtCancel, "quote-cancel", "button button-danger-ghost", "cancel", Signal::derive(open))}
                {button(Msg::QtDownload, "quote-pdf", "button", "pdf", Signal::derive(|| true))}
                {button(Msg::QtSend, "quote-send", "button", "send", Signal::derive(sendable))}
                <Show when=sendable>
                    <button class="button" type="button" data-testid="quote-email" on:click=move |_| emailing.set(true)>
                        <Icon kind=IconKind::Mail />
                        <span>{tr(Msg::QtEmail)}</span>
                    </button>
                </Show>
                {button(Msg::QtConvert, "quote-convert", "button button-primary", "convert", Signal::derive(current))}
            </div>
            <FormError error=problem />
        </div>
        {move || emailing.get().then(|| view! {
            <EmailDialog quote=quote on_close=move |()| emailing.set(false) on_done=move |sent: Quote| {
                emailing.set(false);
                flash.set(Some(Flash::done(Msg::QtEmailedFlash, sent.number.clone())));
                quote.set(sent);
            } />
        })}
    }
}

/// "Email this quote": to whom (the customer's address to start with) and a letter of
/// one's own, or the standard one.
#[component]
fn EmailDialog(
    quote: RwSignal<Quote>,
    #[prop(into)] on_close: Callback<()>,
    #[prop(into)] on_done: Callback<Quote>,
) -> impl IntoView {
    let (number, on_file) = quote.with_untracked(|q| {
        let email = q.customer.as_ref().and_then(|c| c.email.clone());
        (q.number.clone(), email.unwrap_or_default())
    });
    let to = RwSignal::new(on_file);
    let message = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<Problem>);
    let on_submit = move |ev: leptos::web_sys::SubmitEvent| {
        ev.prevent_default();
        let address = to.get_untracked().trim().to_owned();
        if address.is_empty() {
            error.set(Some(Problem::Msg(Msg::QtEmailToRequired)));
            return;
        }
        let words = message.get_untracked().trim().to_owned();
        let id = quote.with_untracked(|q| q.id.clone());
        let words = (!words.is_empty()).then_some(words);
        send(
            busy,
            error,
            on_done,
            quotes::email_quote(id, Some(address), words),
        );
    };
    view! {
        <Dialog title=Msg::QtEmailTitle testid="quote-email-dialog" on_close=on_close>
            <form class="dialog-body op-form" novalidate on:submit=on_submit>
                <p class="confirm-subject mono">{number}</p>
                <p class="muted small">{tr(Msg::QtEmailBody)}</p>
                <label class="field">
                    <span class="field-label">{tr(Msg::QtEmailTo)}</span>
                    <input
                        class="input"
                        type="email"
                        autocomplete="email"
                        data-testid="quote-email-to"
                        prop:value=move || to.get()
                        on:input=move |ev| to.set(event_target_value(&ev))
                    />
                </label>
                <label class="field">
                    <span class="field-label">{tr(Msg::QtEmailMessage)}</span>
                    <textarea
                        class="input textarea"
                        rows="4"
                        data-testid="quote-email-message"
                        placeholder=tr(Msg::QtEmailMessagePlaceholder)
                        prop:value=move || message.get()
                        on:input=move |ev| message.set(event_target_value(&ev))
                    ></textarea>
                </label>
                <FormError error=error />
                <DialogFormActions on_cancel=on_close label=Msg::QtEmailSend busy_label=Msg::Saving testid="quote-email-submit" busy=busy />
            </form>
        </Dialog>
    }
}

/// The lines of a closed quote.
#[component]
fn LinesTable(quote: RwSignal<Quote>) -> impl IntoView {
    view! {
        <Panel title=Msg::QtLinesTitle subtitle=Msg::QtLinesSubtitle>
            <div class="num-3 num-4 num-5">
                <DataTable columns=LINE_COLUMNS>
                    {move || quote.get().lines.into_iter().map(|l| view! {
                        <tr data-testid="quote-line" data-sku=l.sku.clone()>
                            <td class="cell-number">{l.line_number}</td>
                            <td><span class="cell-primary">{l.name.clone()}</span><span class="cell-sub mono">{l.sku.clone()}</span></td>
                            <td class="cell-number cell-money">{l.unit_price.display()}</td>
                            <td class="cell-number">{l.quantity}</td>
                            <td class="cell-number cell-money">{l.amount.display()}</td>
                        </tr>
                    }).collect_view()}
                </DataTable>
            </div>
        </Panel>
    }
}

/// The rows of the lines editor, from the quote as saved: each at its quoted price.
fn rows_of(quote: &Quote) -> Vec<Row> {
    quote
        .lines
        .iter()
        .filter_map(|l| {
            let price = l.unit_price.money()?;
            let item = Item {
                variant_id: l.variant.id.clone(),
                name: l.name.clone(),
                title: l.variant.title.clone(),
                sku: l.sku.clone(),
                list_price: price,
                tax_class: l.tax_class,
            };
            Some(Row::new(item, l.quantity, price.to_decimal_string()))
        })
        .collect()
}

/// An open quote's lines, valid-until date and note, saved together.
#[component]
fn Editor(
    quote: RwSignal<Quote>,
    pricing: Pricing,
    flash: RwSignal<Option<Flash>>,
) -> impl IntoView {
    let (rows, expires, note) = quote.with_untracked(|q| {
        (
            RwSignal::new(rows_of(q)),
            RwSignal::new(q.expires_on.clone()),
            RwSignal::new(q.note.clone()),
        )
    });
    let form = FormState::default();
    let scan_ref = NodeRef::<Input>::new();
    // The customer is fixed on a quote; new lines take the catalogue's price here and the
    // customer's 掛率 price on the server when no price is typed.
    let customer = RwSignal::new(None::<Customer>);
    let save = move |_| {
        let snapshot: Vec<EntryLine> = rows.with_untracked(|r| r.iter().map(Row::line).collect());
        let parsed = lines::inputs(&snapshot);
        let checked = parsed.clone();
        let began = form.begin(
            move || {
                let mut errors = FormErrors::default();
                if let Err(p) = checked {
                    errors.add("lines", p);
                }
                errors
            },
            |_| {},
        );
        if !began {
            return;
        }
        let id = quote.with_untracked(|q| q.id.clone());
        let input = UpdateQuoteInput {
            lines: parsed.ok(),
            expires_on: Some(expires.get_untracked()).filter(|d| !d.is_empty()),
            note: Some(note.get_untracked().trim().to_owned()),
        };
        leptos::task::spawn_local(async move {
            let result = quotes::update_quote(id, input).await;
            let explain = |e: &ApiError| FormErrors::from_api(e, FIELDS, Msg::ErrorUnauthenticated);
            if let Some(saved) = form.settle(result, explain, |_| {}) {
                flash.set(Some(Flash::done(Msg::QtSavedFlash, saved.number.clone())));
                quote.set(saved);
            }
        });
    };
    let expires_error = form.field("expiresOn");
    view! {
        <LinesPanel rows=rows scan_ref=scan_ref error=form.field("lines") pricing=pricing.clone() customer=customer />
        <section class="panel order-submit" data-testid="quote-editor">
            <div class="order-panel-body op-form">
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
                <TextField name="note" label=Msg::FieldNote autocomplete="off" testid="quote-note" placeholder=Msg::QtNotePlaceholder value=note error=form.field("note") />
                <Totals rows=rows pricing=pricing />
                <FormError error=form.form() />
                <div class="order-submit-buttons">
                    <button class="button button-primary" type="button" data-testid="quote-save-changes" disabled=move || form.busy.get() on:click=save>
                        {move || form.busy.get().then(|| view! { <span class="spinner" aria-hidden="true"></span> })}
                        <span>{tr(Msg::QtSaveChanges)}</span>
                    </button>
                </div>
            </div>
        </section>
    }
}
