//! `/sales/:id`: one sale or return as a receipt with its lines, tax per rate and
//! payments, linked to the sale a return takes back; taking goods back (return, with or
//! without restocking) and voiding (managers and above) happen here.

use kura_shared::{ErrorCode, SaleKind, SaleStatus};
use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::{KindBadge, Receipt, StatusBadge, display_number, rate_label};
use crate::api::ApiError;
use crate::api::sales::documents::{self, RecordReturnInput, ReturnLineInput, Sale};
use crate::api::sales::register;
use crate::api::wire::idempotency_key;
use crate::components::{
    self, DataTable, Dialog, DialogFormActions, ErrorNotice, Flash, FlashNotice, FormError, Icon,
    IconKind, PageHeader, Panel, Problem, ReasonDialog, ReasonWords, Skeleton, UnitsInput,
};
use crate::i18n::{Msg, format_date_time, tr, use_i18n};

const LINE_COLUMNS: &[Msg] = &[
    Msg::SlColumnLine,
    Msg::ColumnProduct,
    Msg::SlUnitPrice,
    Msg::TrColumnQuantity,
    Msg::SlColumnReturned,
    Msg::SlDiscount,
    Msg::SlAmount,
    Msg::ColumnTax,
];

/// What a failed void or return says: permission problems in their own words.
fn action_problem(error: &ApiError) -> Problem {
    match error.code() {
        Some(ErrorCode::Forbidden) => Problem::Msg(Msg::SlVoidForbidden),
        _ => components::action_problem(error),
    }
}

/// What voiding a sale asks.
const VOID_WORDS: ReasonWords = ReasonWords {
    title: Msg::SlVoidTitle,
    body: Msg::SlVoidBody,
    label: Msg::SlVoidReason,
    action: Msg::SlVoid,
    required: Msg::SlVoidReasonRequired,
};

/// One sale.
#[component]
pub fn SalePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let loaded = LocalResource::new(move || {
        let id = id();
        async move {
            let sale = documents::sale(id).await?;
            let shop = register::pricing()
                .await
                .map(|p| p.name)
                .unwrap_or_default();
            Ok::<_, ApiError>((sale, shop))
        }
    });
    let flash = RwSignal::new(None::<Flash>);
    let body = move || {
        match loaded.get() {
        None => view! { <Skeleton lines=10 /> }.into_any(),
        Some(Err(error)) => {
            view! { <ErrorNotice error=error on_retry=move |()| loaded.refetch() /> }.into_any()
        }
        Some(Ok((sale, shop))) => {
            view! { <SaleView sale=sale shop=shop flash=flash on_change=move |()| loaded.refetch() /> }.into_any()
        }
    }
    };
    view! {
        <PageHeader title=Msg::SlDetailTitle subtitle=Msg::SlDetailSubtitle />
        <div class="stack" data-testid="sale-page">
            <A href="/sales" attr:class="link-button op-back no-print">{tr(Msg::SlBackToSales)}</A>
            <FlashNotice flash=flash />
            {body}
        </div>
    }
}

/// A loaded sale: summary, receipt, lines, actions.
#[component]
fn SaleView(
    sale: Sale,
    shop: String,
    flash: RwSignal<Option<Flash>>,
    #[prop(into)] on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let returning = RwSignal::new(false);
    let voiding = RwSignal::new(false);
    let completed = sale.status == SaleStatus::Completed;
    let returnable = completed
        && sale.kind == SaleKind::Sale
        && sale.lines.iter().any(|l| l.quantity > l.returned_quantity);
    let when = sale.occurred_at.clone();
    let facts = {
        let s = sale.clone();
        view! {
            <div class="op-summary sale-summary" data-testid="sale-summary">
                <div class="op-summary-main">
                    <h2 class="mono" data-testid="sale-number">{display_number(&s.number)}</h2>
                    <KindBadge kind=s.kind />
                    <StatusBadge status=s.status />
                    <strong class="sale-summary-total">{s.total.display()}</strong>
                </div>
                <dl class="op-summary-facts">
                    <div><dt class="small muted">{tr(Msg::ColumnTime)}</dt><dd>{move || format_date_time(&when, i18n.lang()).unwrap_or_else(|| when.clone())}</dd></div>
                    <div><dt class="small muted">{tr(Msg::ColumnLocation)}</dt><dd>{s.location.name.clone()} " " <span class="mono small muted">{s.location.code.clone()}</span></dd></div>
                    <div><dt class="small muted">{tr(Msg::SlColumnChannel)}</dt><dd>{s.channel.clone().map_or_else(|| i18n.t(Msg::SlNoChannel).to_owned(), |c| c.name)}</dd></div>
                    <div><dt class="small muted">{tr(Msg::SlColumnCustomer)}</dt><dd>{s.customer.clone().map_or_else(|| view! { <span class="cell-faint">"—"</span> }.into_any(), |c| view! { <A href=format!("/customers/{}", c.id) attr:data-testid="sale-customer">{c.name}</A> }.into_any())}</dd></div>
                    {s.original_sale.clone().map(|o| view! {
                        <div><dt class="small muted">{tr(Msg::SlOriginalSale)}</dt><dd><A href=format!("/sales/{}", o.id) attr:class="mono" attr:data-testid="sale-original">{display_number(&o.number)}</A></dd></div>
                    })}
                    {s.external_id.clone().map(|x| view! {
                        <div><dt class="small muted">{tr(Msg::SlExternalId)}</dt><dd class="mono small">{x}</dd></div>
                    })}
                    {s.void_reason.clone().map(|r| view! {
                        <div><dt class="small muted">{tr(Msg::SlVoidReason)}</dt><dd data-testid="sale-void-reason">{r}</dd></div>
                    })}
                </dl>
                <div class="panel-actions op-detail-actions no-print">
                    {returnable.then(|| view! {
                        <button class="button" type="button" data-testid="sale-return" on:click=move |_| returning.set(true)>
                            <Icon kind=IconKind::Retry />
                            <span>{tr(Msg::SlReturn)}</span>
                        </button>
                    })}
                    {completed.then(|| view! {
                        <button class="button button-danger-ghost" type="button" data-testid="sale-void" on:click=move |_| voiding.set(true)>
                            <span>{tr(Msg::SlVoid)}</span>
                        </button>
                    })}
                    <button class="button" type="button" on:click=move |_| { let _ = window().print(); }>{tr(Msg::SlPrint)}</button>
                </div>
            </div>
        }
    };
    let rows = sale
        .lines
        .iter()
        .map(|l| {
            view! {
                <tr data-testid="sale-line" data-sku=l.sku.clone()>
                    <td class="cell-muted">{l.line_number}</td>
                    <td>
                        <span class="cell-primary">{l.name.clone()}</span>
                        {(!l.variant.title.is_empty()).then(|| view! { <span class="cell-sub">{l.variant.title.clone()}</span> })}
                        <span class="cell-sub mono">{l.sku.clone()}</span>
                    </td>
                    <td class="cell-number cell-money">{l.unit_price.display()}</td>
                    <td class="cell-number">{l.quantity}</td>
                    <td class="cell-number">{if l.returned_quantity == 0 { "—".to_owned() } else { l.returned_quantity.to_string() }}</td>
                    <td class="cell-number cell-money">{l.discount.display()}</td>
                    <td class="cell-number cell-money">{l.amount.display()}</td>
                    <td>{rate_label(l.tax_class)}</td>
                </tr>
            }
        })
        .collect_view();
    let payments = sale
        .payments
        .iter()
        .map(|p| {
            view! {
                <div class="register-row">
                    <span>{tr(super::payment_label(p.method))} {(!p.reference.is_empty()).then(|| format!(" ({})", p.reference))}</span>
                    <span>{p.amount.display()}</span>
                </div>
            }
        })
        .collect_view();
    let sale_for_return = sale.clone();
    let sale_id = sale.id.clone();
    view! {
        {facts}
        <div class="sale-detail">
            <div class="stack">
                <Panel title=Msg::SlLinesTitle subtitle=Msg::SlLinesSubtitle>
                    <div class="num-3 num-4 num-5 num-6 num-7"><DataTable columns=LINE_COLUMNS>{rows}</DataTable></div>
                </Panel>
                <Panel title=Msg::SlPayment subtitle=Msg::SlPaymentsSubtitle>
                    <div class="register-totals sale-payments">{payments}</div>
                </Panel>
            </div>
            <Receipt sale=sale shop=shop />
        </div>
        {move || returning.get().then(|| view! {
            <ReturnDialog sale=sale_for_return.clone() on_close=move |()| returning.set(false) />
        })}
        {move || voiding.get().then(|| view! {
            <ReasonDialog words=VOID_WORDS testids=["void-dialog", "void-reason", "void-submit"]
                on_close=move |()| voiding.set(false)
                on_done=move |()| {
                    voiding.set(false);
                    flash.set(Some(Flash::done(Msg::SlVoidedFlash, "")));
                    on_change.run(());
                }
                submit={
                    let id = sale_id.clone();
                    move |reason: String| {
                        let id = id.clone();
                        async move { documents::void_sale(id, reason).await.map(|_| ()) }
                    }
                } />
        })}
    }
}

/// Choose lines and units to take back, and whether they go back on the shelf.
#[component]
fn ReturnDialog(sale: Sale, #[prop(into)] on_close: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let restock = RwSignal::new(true);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<Problem>);
    let key = StoredValue::new(idempotency_key());
    let open: Vec<(i64, String, i64, RwSignal<String>)> = sale
        .lines
        .iter()
        .filter(|l| l.quantity > l.returned_quantity)
        .map(|l| {
            let label = if l.variant.title.is_empty() {
                format!("{} · {}", l.name, l.sku)
            } else {
                format!("{} {} · {}", l.name, l.variant.title, l.sku)
            };
            (
                l.line_number,
                label,
                l.quantity - l.returned_quantity,
                RwSignal::new(String::new()),
            )
        })
        .collect();
    let chosen = open.clone();
    let sale_id = sale.id.clone();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let mut lines = Vec::new();
        for (line_number, _, left, qty) in &chosen {
            let text = qty.get_untracked();
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            match text.parse::<i64>() {
                Ok(0) => {}
                Ok(n) if n > 0 && n <= *left => lines.push(ReturnLineInput {
                    line_number: *line_number,
                    quantity: n,
                }),
                _ => {
                    error.set(Some(Problem::Msg(Msg::SlReturnTooMany)));
                    return;
                }
            }
        }
        if lines.is_empty() {
            error.set(Some(Problem::Msg(Msg::SlReturnNothing)));
            return;
        }
        let input = RecordReturnInput {
            sale_id: sale_id.clone(),
            lines,
            restock: restock.get_untracked(),
            idempotency_key: key.get_value(),
        };
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = documents::record_return(input).await;
            busy.try_set(false);
            match result {
                Ok(payload) => {
                    on_close.run(());
                    navigate(&format!("/sales/{}", payload.sale.id), Default::default());
                }
                Err(e) => {
                    if matches!(e, ApiError::GraphQl(_)) {
                        key.try_set_value(idempotency_key());
                    }
                    error.try_set(Some(action_problem(&e)));
                }
            }
        });
    };
    let rows = open
        .into_iter()
        .map(|(n, label, left, qty)| {
            view! {
                <div class="return-line" data-testid="return-line" data-line=n>
                    <span>{label}</span>
                    <span class="small muted">{move || format!("{} {left}", i18n.t(Msg::SlReturnable))}</span>
                    <UnitsInput value=qty label=Msg::TrColumnQuantity testid="return-qty" />
                </div>
            }
        })
        .collect_view();
    view! {
        <Dialog title=Msg::SlReturnTitle testid="return-dialog" on_close=on_close>
            <form class="dialog-body op-form" novalidate on:submit=on_submit>
                <p class="muted small">{tr(Msg::SlReturnBody)}</p>
                <div class="return-lines">{rows}</div>
                <label class="check check-block">
                    <input type="checkbox" data-testid="return-restock" prop:checked=move || restock.get() on:change=move |ev| restock.set(event_target_checked(&ev)) />
                    <span><strong>{tr(Msg::SlRestock)}</strong><span class="field-hint">{tr(Msg::SlRestockHint)}</span></span>
                </label>
                <FormError error=error />
                <DialogFormActions on_cancel=on_close label=Msg::SlReturn busy_label=Msg::Saving testid="return-submit" busy=busy />
            </form>
        </Dialog>
    }
}
