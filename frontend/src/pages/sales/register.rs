//! `/sales/register`: the web register for shops without a POS. A scan field that keeps the
//! focus takes a keyboard-wedge barcode scanner (digits and Enter) or typed SKUs; the cart
//! shows tax per rate as the server will compute it; payment by cash (with change), card,
//! QR or points; "Charge" records the sale with a client id so a retry after a network
//! error cannot sell twice, and the receipt follows.

use kura_shared::{ErrorCode, LocationKind, Money, PaymentMethod, TaxBreakdown};
use leptos::html::{Button, Input};
use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;
use leptos_router::components::A;

use super::cart::{self, CartLine};
use super::{CashHandling, Receipt, payment_label, rate_label};
use crate::api::ApiError;
use crate::api::catalog::locations::{self, Location};
use crate::api::sales::customers::{self, Customer};
use crate::api::sales::documents::{
    self, Channel, PaymentInput, RecordSaleInput, RecordSalePayload, SaleLineInput,
};
use crate::api::sales::register::{self, Pricing};
use crate::api::wire::idempotency_key;
use crate::components::{
    ErrorNotice, Icon, IconKind, PageHeader, Problem, Skeleton, focus_field, keep_focus,
};
use crate::i18n::{Msg, error_message, tr, use_i18n};

/// Payment methods the register offers, in button order.
const METHODS: [PaymentMethod; 4] = [
    PaymentMethod::Cash,
    PaymentMethod::Card,
    PaymentMethod::Qr,
    PaymentMethod::Points,
];

/// Notes a cashier taps for the cash tendered.
const QUICK_CASH: [i64; 3] = [1_000, 5_000, 10_000];

/// Everything the register needs before it can sell.
#[derive(Debug, Clone)]
struct Setup {
    pricing: Pricing,
    locations: Vec<Location>,
    channels: Vec<Channel>,
}

async fn setup() -> Result<Setup, ApiError> {
    let pricing = register::pricing().await?;
    let locations = locations::locations(false).await?;
    Ok(Setup {
        pricing,
        locations,
        // Only channels whose sales are typed into Kura belong at a register.
        channels: documents::channels()
            .await?
            .into_iter()
            .filter(|c| {
                c.provider == kura_shared::ChannelProvider::Manual
                    && c.kind == kura_shared::ChannelKind::Pos
            })
            .collect(),
    })
}

/// The register.
#[component]
pub fn RegisterPage() -> impl IntoView {
    let loaded = LocalResource::new(setup);
    let body = move || match loaded.get() {
        None => view! { <Skeleton lines=8 /> }.into_any(),
        Some(Err(error)) => {
            view! { <ErrorNotice error=error on_retry=move |()| loaded.refetch() /> }.into_any()
        }
        Some(Ok(setup)) => view! { <Register setup=setup /> }.into_any(),
    };
    view! {
        <PageHeader title=Msg::SlRegisterTitle subtitle=Msg::SlRegisterSubtitle />
        <div class="stack" data-testid="register-page">
            <A href="/sales" attr:class="link-button op-back">{tr(Msg::SlBackToSales)}</A>
            {body}
        </div>
    }
}

/// A finished sale: what the server recorded and the cash handed over.
#[derive(Debug, Clone)]
struct Done {
    payload: RecordSalePayload,
    cash: Option<CashHandling>,
    /// The cart as it was, to name oversold variants.
    lines: Vec<CartLine>,
}

/// The register once its settings are loaded.
#[component]
fn Register(setup: Setup) -> impl IntoView {
    let i18n = use_i18n();
    let Setup {
        pricing,
        locations,
        channels,
    } = setup;
    let currency = pricing.currency();
    let include = pricing.prices_include_tax;
    let rounding = pricing.tax_rounding;
    let shop = pricing.name.clone();
    let active: Vec<Location> = locations.into_iter().filter(|l| !l.archived).collect();
    let first = active
        .iter()
        .find(|l| l.kind == LocationKind::Store)
        .or_else(|| active.first())
        .map(|l| l.id.clone())
        .unwrap_or_default();
    let location = RwSignal::new(first);
    let channel = RwSignal::new(String::new());
    let lines = RwSignal::new(Vec::<CartLine>::new());
    let customer = RwSignal::new(None::<Customer>);
    let method = RwSignal::new(PaymentMethod::Cash);
    let tendered_text = RwSignal::new(String::new());
    let reference = RwSignal::new(String::new());
    let charge_busy = RwSignal::new(false);
    let charge_error = RwSignal::new(None::<Problem>);
    let key = StoredValue::new(idempotency_key());
    let done = RwSignal::new(None::<Done>);

    let code = RwSignal::new(String::new());
    let scan_error = RwSignal::new(None::<Problem>);
    let lookups = RwSignal::new(0usize);
    let scan_ref = NodeRef::<Input>::new();
    let new_sale_ref = NodeRef::<Button>::new();

    let focus_scan = move || focus_field(scan_ref);
    let on_blur = keep_focus(scan_ref);
    Effect::new(move |_| {
        if let Some(button) = new_sale_ref.get() {
            let _ = button.focus();
        }
    });

    let breakdown =
        Memo::new(move |_| lines.with(|l| cart::totals(l, currency, include, rounding)));
    let total = move || {
        breakdown
            .get()
            .map_or_else(|| Money::zero(currency), |b: TaxBreakdown| b.total())
    };
    let tendered = move || cart::tendered(&tendered_text.get(), total()).ok();
    let change = move || tendered().and_then(|t| cart::change_due(t, total()));

    let on_scan = move |ev: SubmitEvent| {
        ev.prevent_default();
        let typed = code.get_untracked().trim().to_owned();
        if typed.is_empty() {
            return;
        }
        code.set(String::new());
        scan_error.set(None);
        lookups.update(|n| *n += 1);
        leptos::task::spawn_local(async move {
            let found = register::find_sellable(typed.clone()).await;
            lookups.try_update(|n| *n = n.saturating_sub(1));
            match found {
                Ok(Some(v)) => match v.price.money() {
                    Some(price) => {
                        lines.try_update(|lines| {
                            cart::add_unit(
                                lines,
                                CartLine {
                                    variant_id: v.id,
                                    name: v.product.name,
                                    title: v.title,
                                    sku: v.sku,
                                    unit_price: price,
                                    tax_class: v.product.tax_class,
                                    quantity: 1,
                                    discount: String::new(),
                                },
                            );
                        });
                        charge_error.try_set(None);
                    }
                    None => {
                        scan_error.try_set(Some(Problem::Msg(Msg::ErrorUnexpectedResponse)));
                    }
                },
                Ok(None) => {
                    scan_error.try_set(Some(Problem::Server(format!(
                        "{typed}: {}",
                        i18n.t(Msg::SlUnknownCode)
                    ))));
                }
                Err(e) => {
                    scan_error.try_set(Some(Problem::Msg(error_message(&e))));
                }
            }
        });
    };

    let charge = move || {
        if charge_busy.get_untracked() {
            return;
        }
        let cart_lines = lines.get_untracked();
        let problem = if cart_lines.is_empty() {
            Some(Msg::SlCartEmpty)
        } else if location.get_untracked().is_empty() {
            Some(Msg::SlChooseLocation)
        } else if breakdown.get_untracked().is_none() {
            Some(Msg::SlFixLines)
        } else {
            None
        };
        if let Some(msg) = problem {
            charge_error.set(Some(Problem::Msg(msg)));
            return;
        }
        let total = total();
        let chosen = method.get_untracked();
        let mut cash = None;
        let amount = match chosen {
            PaymentMethod::Cash => {
                let Some(given) = cart::tendered(&tendered_text.get_untracked(), total).ok() else {
                    charge_error.set(Some(Problem::Msg(Msg::SlTenderedInvalid)));
                    return;
                };
                let Some(back) = cart::change_due(given, total) else {
                    charge_error.set(Some(Problem::Msg(Msg::SlTenderedShort)));
                    return;
                };
                cash = Some(CashHandling {
                    tendered: given,
                    change: back,
                });
                given
            }
            PaymentMethod::Points => {
                let Some(c) = customer.get_untracked() else {
                    charge_error.set(Some(Problem::Msg(Msg::SlPointsNeedCustomer)));
                    return;
                };
                if c.points_balance < total.amount_minor {
                    charge_error.set(Some(Problem::Msg(Msg::SlPointsShort)));
                    return;
                }
                total
            }
            _ => total,
        };
        let reference = Some(reference.get_untracked().trim().to_owned())
            .filter(|r| !r.is_empty() && matches!(chosen, PaymentMethod::Card | PaymentMethod::Qr));
        let input = RecordSaleInput {
            location_id: location.get_untracked(),
            channel_id: Some(channel.get_untracked()).filter(|c| !c.is_empty()),
            idempotency_key: key.get_value(),
            lines: cart_lines
                .iter()
                .map(|l| SaleLineInput {
                    variant_id: l.variant_id.clone(),
                    quantity: l.quantity,
                    discount: l
                        .discount_money()
                        .filter(|d| !d.is_zero())
                        .map(|d| d.to_decimal_string()),
                })
                .collect(),
            payments: vec![PaymentInput {
                method: chosen,
                amount: amount.to_decimal_string(),
                reference,
            }],
            customer_id: customer.get_untracked().map(|c| c.id),
        };
        charge_busy.set(true);
        charge_error.set(None);
        leptos::task::spawn_local(async move {
            let result = documents::record_sale(input).await;
            charge_busy.try_set(false);
            match result {
                Ok(payload) => {
                    done.try_set(Some(Done {
                        payload,
                        cash,
                        lines: cart_lines,
                    }));
                }
                Err(error) => {
                    // The server answered, so nothing was written: the next try is a new
                    // sale. After a network error the same id is sent again, and if the
                    // first try did land the server answers with that sale.
                    if matches!(error, ApiError::GraphQl(_)) {
                        key.try_set_value(idempotency_key());
                    }
                    let problem = match &error {
                        ApiError::GraphQl(list) if error.code() == Some(ErrorCode::Validation) => {
                            list.first()
                                .map_or(Problem::Msg(Msg::ErrorValidation), |e| {
                                    Problem::Server(e.message.clone())
                                })
                        }
                        _ => Problem::Msg(error_message(&error)),
                    };
                    charge_error.try_set(Some(problem));
                }
            }
        });
    };

    let new_sale = move || {
        lines.set(Vec::new());
        customer.set(None);
        tendered_text.set(String::new());
        reference.set(String::new());
        method.set(PaymentMethod::Cash);
        charge_error.set(None);
        scan_error.set(None);
        key.set_value(idempotency_key());
        done.set(None);
    };

    let location_picker = {
        let active = active.clone();
        move || {
            let options = active
                .iter()
                .map(|l| {
                    let id = l.id.clone();
                    view! {
                        <option value=l.id.clone() selected=move || location.get() == id>
                            {format!("{} ({})", l.name, l.code)}
                        </option>
                    }
                })
                .collect_view();
            view! {
                <label class="field register-field">
                    <span class="field-label">{tr(Msg::ColumnLocation)}</span>
                    <select
                        class="select"
                        data-testid="register-location"
                        on:change=move |ev| location.set(event_target_value(&ev))
                    >
                        {options}
                    </select>
                </label>
            }
        }
    };
    let channel_picker = {
        let channels = channels.clone();
        move || {
            (!channels.is_empty()).then(|| {
                let options = channels
                    .iter()
                    .map(|c| view! { <option value=c.id.clone()>{c.name.clone()}</option> })
                    .collect_view();
                view! {
                    <label class="field register-field">
                        <span class="field-label">{tr(Msg::SlColumnChannel)}</span>
                        <select
                            class="select"
                            data-testid="register-channel"
                            on:change=move |ev| channel.set(event_target_value(&ev))
                        >
                            <option value="">{tr(Msg::SlNoChannel)}</option>
                            {options}
                        </select>
                    </label>
                }
            })
        }
    };

    let cart_view = move || {
        let list = lines.get();
        if list.is_empty() {
            return view! {
                <div class="register-empty" data-testid="register-empty">
                    <Icon kind=IconKind::Sales />
                    <p>{tr(Msg::SlCartEmptyHint)}</p>
                </div>
            }
            .into_any();
        }
        let rows = list
            .into_iter()
            .enumerate()
            .map(|(i, l)| {
                let bad_discount = l.amount().is_none();
                let amount = l.amount().map_or_else(|| "—".to_owned(), |a| a.to_string());
                let step = move |delta: i64| {
                    lines.update(|ls| {
                        if let Some(line) = ls.get_mut(i) {
                            line.quantity = (line.quantity + delta).max(1);
                        }
                    });
                    focus_scan();
                };
                view! {
                    <tr data-testid="cart-line" data-sku=l.sku.clone()>
                        <td>
                            <span class="cell-primary">{l.name.clone()}</span>
                            {(!l.title.is_empty()).then(|| view! { <span class="cell-sub">{l.title.clone()}</span> })}
                            <span class="cell-sub mono">{l.sku.clone()} " · " {rate_label(l.tax_class)}</span>
                        </td>
                        <td class="cell-number cell-money">{l.unit_price.to_string()}</td>
                        <td class="cell-number">
                            <div class="qty-stepper">
                                <button class="icon-button" type="button" data-testid="cart-minus" aria-label=tr(Msg::SlLess) disabled=l.quantity <= 1 on:click=move |_| step(-1)>"−"</button>
                                <span class="qty-value" data-testid="cart-qty">{l.quantity}</span>
                                <button class="icon-button" type="button" data-testid="cart-plus" aria-label=tr(Msg::SlMore) on:click=move |_| step(1)>"+"</button>
                            </div>
                        </td>
                        <td class="cell-number">
                            <input
                                class="input input-compact register-discount"
                                class:input-invalid=bad_discount
                                type="text"
                                inputmode="numeric"
                                placeholder="0"
                                data-testid="cart-discount"
                                aria-label=tr(Msg::SlDiscount)
                                prop:value=l.discount.clone()
                                on:change=move |ev| {
                                    let text = event_target_value(&ev);
                                    lines.update(|ls| {
                                        if let Some(line) = ls.get_mut(i) {
                                            line.discount = text;
                                        }
                                    });
                                }
                            />
                        </td>
                        <td class="cell-number cell-money" data-testid="cart-amount">{amount}</td>
                        <td class="cell-actions">
                            <button
                                class="icon-button"
                                type="button"
                                data-testid="cart-remove"
                                aria-label=tr(Msg::TrRemoveLine)
                                title=tr(Msg::TrRemoveLine)
                                on:click=move |_| {
                                    lines.update(|ls| { if i < ls.len() { ls.remove(i); } });
                                    focus_scan();
                                }
                            >
                                <Icon kind=IconKind::Close />
                            </button>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap">
                <table class="table register-cart" data-testid="register-cart">
                    <thead>
                        <tr>
                            <th>{tr(Msg::ColumnProduct)}</th>
                            <th class="cell-number">{tr(Msg::SlUnitPrice)}</th>
                            <th class="cell-number">{tr(Msg::TrColumnQuantity)}</th>
                            <th class="cell-number">{tr(Msg::SlDiscount)}</th>
                            <th class="cell-number">{tr(Msg::SlAmount)}</th>
                            <th class="cell-actions"><span class="visually-hidden">{tr(Msg::ColumnActions)}</span></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };

    let totals_view = move || {
        let Some(b) = breakdown.get() else {
            return view! { <p class="field-error" data-testid="register-totals-invalid">{tr(Msg::SlFixLines)}</p> }.into_any();
        };
        let count = lines.with(|l| l.iter().fold(0i64, |sum, x| sum.saturating_add(x.quantity)));
        let rates = b
            .rates()
            .iter()
            .map(|r| {
                let rate = rate_label(r.rate);
                let basis = if include { r.total } else { r.subtotal };
                view! {
                    <div class="register-row register-sub" data-testid="register-tax" data-rate=r.rate.as_str()>
                        <span>{move || format!("{rate} {}", i18n.t(Msg::SlTaxTarget))} " " {basis.to_string()}</span>
                        <span>{move || i18n.t(if include { Msg::SlTaxIncludedOf } else { Msg::SlTaxOf })} " " {r.tax.to_string()}</span>
                    </div>
                }
            })
            .collect_view();
        view! {
            <div class="register-totals">
                <div class="register-row register-sub">
                    <span>{move || format!("{} {count}", i18n.t(Msg::SlItems))}</span>
                    <span>{move || i18n.t(if include { Msg::SlPricesIncluded } else { Msg::SlPricesExcluded })}</span>
                </div>
                {(!include).then(|| view! {
                    <div class="register-row"><span>{tr(Msg::SlSubtotal)}</span><span>{b.subtotal().to_string()}</span></div>
                    <div class="register-row"><span>{tr(Msg::SlTax)}</span><span>{b.tax().to_string()}</span></div>
                })}
                {rates}
                <div class="register-row register-grand">
                    <span>{tr(Msg::SlTotal)}</span>
                    <span data-testid="register-total">{b.total().to_string()}</span>
                </div>
            </div>
        }
        .into_any()
    };

    let customer_view = move || view! { <CustomerPicker customer=customer /> };

    let payment_view = move || {
        let buttons = METHODS
            .into_iter()
            .map(|m| {
                view! {
                    <button
                        type="button"
                        class="pay-method"
                        class:pay-method-active=move || method.get() == m
                        aria-pressed=move || (method.get() == m).to_string()
                        data-testid=format!("pay-{}", m.as_str().to_lowercase())
                        on:click=move |_| { method.set(m); charge_error.set(None); }
                    >
                        {tr(payment_label(m))}
                    </button>
                }
            })
            .collect_view();
        let detail = move || match method.get() {
            PaymentMethod::Cash => {
                let quick = QUICK_CASH
                    .into_iter()
                    .map(|yen| {
                        let note = Money::new(yen, currency);
                        view! {
                            <button class="button button-small" type="button" on:click=move |_| tendered_text.set(note.to_decimal_string())>
                                {note.to_string()}
                            </button>
                        }
                    })
                    .collect_view();
                view! {
                    <label class="field register-field">
                        <span class="field-label">{tr(Msg::SlTendered)}</span>
                        <input
                            class="input register-tendered"
                            type="text"
                            inputmode="numeric"
                            autocomplete="off"
                            data-testid="register-tendered"
                            placeholder=move || total().to_decimal_string()
                            prop:value=move || tendered_text.get()
                            on:input=move |ev| tendered_text.set(event_target_value(&ev))
                        />
                    </label>
                    <div class="quick-cash">
                        <button class="button button-small" type="button" on:click=move |_| tendered_text.set(String::new())>{tr(Msg::SlExact)}</button>
                        {quick}
                    </div>
                    <div class="register-row register-change">
                        <span>{tr(Msg::SlChange)}</span>
                        <span data-testid="register-change">
                            {move || match (tendered(), change()) {
                                (None, _) => i18n.t(Msg::SlTenderedInvalid).to_owned(),
                                (Some(_), None) => i18n.t(Msg::SlTenderedShort).to_owned(),
                                (Some(_), Some(c)) => c.to_string(),
                            }}
                        </span>
                    </div>
                }
                .into_any()
            }
            PaymentMethod::Points => view! {
                <p class="small muted" data-testid="register-points-hint">
                    {move || match customer.get() {
                        Some(c) => format!("{} {}", i18n.t(Msg::SlPointsBalance), c.points_balance),
                        None => i18n.t(Msg::SlPointsNeedCustomer).to_owned(),
                    }}
                </p>
            }
            .into_any(),
            _ => view! {
                <label class="field register-field">
                    <span class="field-label">{tr(Msg::SlReference)}</span>
                    <input
                        class="input"
                        type="text"
                        autocomplete="off"
                        data-testid="register-reference"
                        prop:value=move || reference.get()
                        on:input=move |ev| reference.set(event_target_value(&ev))
                    />
                </label>
            }
            .into_any(),
        };
        view! {
            <div class="pay-methods" role="group" aria-label=tr(Msg::SlPayment)>{buttons}</div>
            {detail}
        }
    };

    let sell_view = move || {
        view! {
            <div class="register" data-testid="register">
                <section class="panel register-main">
                    <form class="scan-form register-scan" novalidate on:submit=on_scan data-testid="register-scan-form">
                        <div class="field scan-field">
                            <label class="field-label" for="field-register-code">{tr(Msg::SlScanLabel)}</label>
                            <input
                                class="input scan-input"
                                id="field-register-code"
                                type="text"
                                autocomplete="off"
                                autofocus
                                placeholder=move || i18n.t(Msg::ScScanPlaceholder)
                                data-testid="register-scan"
                                node_ref=scan_ref
                                prop:value=move || code.get()
                                on:input=move |ev| code.set(event_target_value(&ev))
                                on:blur=on_blur
                            />
                        </div>
                        <button class="button scan-submit" type="submit" data-testid="register-add">
                            {move || (lookups.get() > 0).then(|| view! { <span class="spinner spinner-dark" aria-hidden="true"></span> })}
                            <span>{tr(Msg::TrAddLine)}</span>
                        </button>
                    </form>
                    {move || scan_error.get().map(|p| view! { <p class="field-error register-scan-error" role="alert" data-testid="register-scan-error">{p.text(i18n.lang())}</p> })}
                    {cart_view}
                </section>
                <aside class="panel register-side">
                    <div class="register-section">
                        {location_picker.clone()}
                        {channel_picker.clone()}
                    </div>
                    <div class="register-section">{customer_view}</div>
                    <div class="register-section">{totals_view}</div>
                    <div class="register-section">{payment_view}</div>
                    <div class="register-section">
                        {move || charge_error.get().map(|p| view! { <p class="form-error" role="alert" data-testid="register-error">{p.text(i18n.lang())}</p> })}
                        <button
                            class="button button-primary button-block register-charge"
                            type="button"
                            data-testid="register-charge"
                            disabled=move || charge_busy.get() || lines.with(Vec::is_empty)
                            aria-busy=move || charge_busy.get().to_string()
                            on:click=move |_| charge()
                        >
                            {move || charge_busy.get().then(|| view! { <span class="spinner" aria-hidden="true"></span> })}
                            <span>{move || format!("{} {}", i18n.t(Msg::SlCharge), total())}</span>
                        </button>
                    </div>
                </aside>
            </div>
        }
    };

    let receipt_view = move |d: Done| {
        let oversold = (!d.payload.oversold.is_empty()).then(|| {
            let names = d
                .payload
                .oversold
                .iter()
                .map(|level| {
                    d.lines
                        .iter()
                        .find(|l| l.variant_id == level.variant_id)
                        .map_or_else(
                            || level.variant_id.clone(),
                            |l| {
                                format!(
                                    "{} ({}: {})",
                                    l.sku,
                                    i18n.t(Msg::ColumnOnHand),
                                    level.on_hand
                                )
                            },
                        )
                })
                .collect::<Vec<_>>()
                .join(", ");
            view! {
                <div class="notice notice-warning" role="status" data-testid="register-oversold">
                    <Icon kind=IconKind::Alert />
                    <p class="notice-text">{tr(Msg::SlOversold)} " " <strong>{names}</strong></p>
                </div>
            }
        });
        let replayed = d.payload.replayed.then(|| {
            view! { <p class="small muted" data-testid="register-replayed">{tr(Msg::SlReplayed)}</p> }
        });
        let href = format!("/sales/{}", d.payload.sale.id);
        let shop = shop.clone();
        view! {
            <div class="register-done" data-testid="register-done">
                {oversold}
                {replayed}
                <Receipt sale=d.payload.sale shop=shop cash=d.cash />
                <div class="register-done-actions no-print">
                    <button class="button" type="button" data-testid="receipt-print" on:click=move |_| { let _ = window().print(); }>
                        {tr(Msg::SlPrint)}
                    </button>
                    <A href=href attr:class="button">{tr(Msg::ViewDetails)}</A>
                    <button class="button button-primary" type="button" data-testid="register-new-sale" node_ref=new_sale_ref on:click=move |_| new_sale()>
                        {tr(Msg::SlNewSale)}
                    </button>
                </div>
            </div>
        }
    };

    let stage = Memo::new(move |_| done.with(Option::is_some));
    move || {
        if stage.get() {
            done.get_untracked()
                .map(|d| receipt_view(d).into_any())
                .unwrap_or_else(|| ().into_any())
        } else {
            sell_view().into_any()
        }
    }
}

/// Find and attach a customer, or show the attached one with their points.
#[component]
fn CustomerPicker(customer: RwSignal<Option<Customer>>) -> impl IntoView {
    let i18n = use_i18n();
    let search = RwSignal::new(String::new());
    let results = RwSignal::new(None::<Result<Vec<Customer>, ApiError>>);
    let busy = RwSignal::new(false);
    let on_search = move |ev: SubmitEvent| {
        ev.prevent_default();
        let text = search.get_untracked();
        if text.trim().is_empty() {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let found = customers::customers(text, None).await.map(|p| p.items);
            busy.try_set(false);
            results.try_set(Some(found));
        });
    };
    move || {
        match customer.get() {
        Some(c) => view! {
            <div class="register-customer" data-testid="register-customer">
                <div>
                    <span class="cell-primary">{c.name.clone()}</span>
                    <span class="cell-sub">{move || format!("{} {}", i18n.t(Msg::SlPointsBalance), c.points_balance)}</span>
                </div>
                <button class="button button-small" type="button" data-testid="register-customer-remove" on:click=move |_| customer.set(None)>
                    {tr(Msg::SlDetach)}
                </button>
            </div>
        }
        .into_any(),
        None => {
            let list = move || {
                results.get().map(|r| match r {
                    Err(e) => view! { <p class="field-error">{tr(error_message(&e))}</p> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="small muted">{tr(Msg::CuNoMatchTitle)}</p> }.into_any(),
                    Ok(list) => list
                        .into_iter()
                        .take(5)
                        .map(|c| {
                            let picked = c.clone();
                            let contact = c.email.clone().or(c.phone.clone()).unwrap_or_default();
                            view! {
                                <button class="customer-hit" type="button" data-testid="register-customer-hit" on:click=move |_| { customer.set(Some(picked.clone())); results.set(None); search.set(String::new()); }>
                                    <span class="cell-primary">{c.name}</span>
                                    <span class="cell-sub">{contact}</span>
                                </button>
                            }
                        })
                        .collect_view()
                        .into_any(),
                })
            };
            view! {
                <form class="register-customer-search" novalidate on:submit=on_search>
                    <label class="field-label" for="field-register-customer">{tr(Msg::SlCustomerOptional)}</label>
                    <div class="inline-search">
                        <input
                            class="input input-compact"
                            id="field-register-customer"
                            type="search"
                            autocomplete="off"
                            placeholder=move || i18n.t(Msg::CuSearchPlaceholder)
                            data-testid="register-customer-search"
                            prop:value=move || search.get()
                            on:input=move |ev| search.set(event_target_value(&ev))
                        />
                        <button class="button button-small" type="submit" disabled=move || busy.get()>{tr(Msg::CuSearch)}</button>
                    </div>
                </form>
                <div class="customer-hits">{list}</div>
            }
            .into_any()
        }
    }
    }
}
