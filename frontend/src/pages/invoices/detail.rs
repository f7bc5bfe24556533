//! `/invoices/:id`: one invoice or credit note as issued. Its number, customer, period, due
//! date and the amount due; the consolidated figures (previous balance, payments, carried
//! forward, this period's sales, tax per rate); the lines it bills; and its PDF.

use kura_shared::{InvoiceKind, InvoiceLineSource, InvoiceStatus, TaxClass};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::payment::PaymentDialog;
use super::{InvoiceBadge, OverdueBadge};
use crate::api::invoices::{self, Invoice, InvoiceLine};
use crate::components::{
    DataTable, ErrorNotice, FormError, Icon, IconKind, PageHeader, Panel, Problem, ReasonDialog,
    ReasonWords, Skeleton, action_problem, save_document,
};
use crate::i18n::{Msg, format_date_time, tr, use_i18n};

const LINE_COLUMNS: &[Msg] = &[
    Msg::IvColumnDate,
    Msg::IvColumnDocument,
    Msg::ColumnProduct,
    Msg::TrColumnQuantity,
    Msg::SlUnitPrice,
    Msg::SlAmount,
    Msg::IvColumnRate,
];

/// One invoice.
#[component]
pub fn InvoicePage() -> impl IntoView {
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id")).unwrap_or_default();
    let loaded = LocalResource::new(move || invoices::invoice(id.clone()));
    let body = move || match loaded.get() {
        None => view! { <Skeleton lines=8 /> }.into_any(),
        Some(Err(error)) => {
            view! { <ErrorNotice error=error on_retry=move |()| loaded.refetch() /> }.into_any()
        }
        Some(Ok(invoice)) => {
            view! { <InvoiceView invoice=invoice on_change=move |()| loaded.refetch() /> }
                .into_any()
        }
    };
    view! {
        <PageHeader title=Msg::IvTitle subtitle=Msg::IvDetailSubtitle />
        <div class="stack" data-testid="invoice-page">
            <A href="/invoices" attr:class="link-button op-back">{tr(Msg::IvBack)}</A>
            {body}
        </div>
    }
}

#[component]
fn InvoiceView(invoice: Invoice, #[prop(into)] on_change: Callback<()>) -> impl IntoView {
    let lines = invoice.lines.clone();
    view! {
        <Summary invoice=invoice.clone() on_change=on_change />
        <Panel title=Msg::IvFiguresTitle subtitle=Msg::IvFiguresSubtitle>
            <Figures invoice=invoice />
        </Panel>
        <Panel title=Msg::IvLinesTitle subtitle=Msg::IvLinesSubtitle>
            <div class="num-4 num-5 num-6">
                <DataTable columns=LINE_COLUMNS>
                    {lines.into_iter().map(|line| view! { <LineRow line=line /> }).collect_view()}
                </DataTable>
            </div>
        </Panel>
    }
}

/// What voiding an invoice asks.
const VOID_WORDS: ReasonWords = ReasonWords {
    title: Msg::IvVoidTitle,
    body: Msg::IvVoidBody,
    label: Msg::SlVoidReason,
    action: Msg::IvVoid,
    required: Msg::SlVoidReasonRequired,
};

/// The number, badge and amount due, the facts, and what can be done.
#[component]
fn Summary(invoice: Invoice, #[prop(into)] on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let fact = |label: Msg, value: AnyView, testid: &'static str| {
        view! { <div><dt class="small muted">{tr(label)}</dt><dd data-testid=testid>{value}</dd></div> }
    };
    let issued = invoice.issued_at.clone();
    let shown = issued.clone();
    let issued_at = view! { <span>{move || format_date_time(&shown, i18n.lang()).unwrap_or_else(|| issued.clone())}</span> }.into_any();
    let (name, address) = (
        invoice.bill_to_name.clone(),
        invoice.bill_to_address.clone(),
    );
    let customer = view! {
        <A href=format!("/customers/{}", invoice.customer.id)>{name}</A>
        <span class="cell-sub order-address-text">{address}</span>
    }
    .into_any();
    let mono = |text: String| view! { <span class="mono">{text}</span> }.into_any();
    let billed = invoice.kind == InvoiceKind::Invoice;
    let due_label = if billed {
        Msg::IvAmountDue
    } else {
        Msg::IvCreditTotal
    };
    view! {
        <div class="op-summary order-summary" data-testid="invoice-summary">
            <div class="op-summary-main">
                <h2 class="mono" data-testid="invoice-number">{invoice.number.clone()}</h2>
                <InvoiceBadge kind=invoice.kind status=invoice.status />
                <OverdueBadge overdue=invoice.overdue />
                <div class="order-summary-total">
                    <strong data-testid="invoice-summary-due">{invoice.amount_due.display()}</strong>
                    <span class="small muted">{tr(due_label)}</span>
                </div>
            </div>
            <dl class="op-summary-facts">
                {fact(Msg::IvColumnCustomer, customer, "invoice-customer")}
                {fact(Msg::IvColumnPeriod, mono(invoice.period()), "invoice-period")}
                {fact(Msg::IvClosingDate, mono(invoice.closing_date.clone()), "invoice-closing-date")}
                {billed.then(|| fact(Msg::IvColumnDue, mono(invoice.due_date.clone()), "invoice-due-date"))}
                {fact(Msg::IvIssuedAt, issued_at, "invoice-issued-at")}
                {billed.then(|| fact(Msg::IvAmountPaid, mono(invoice.amount_paid.display()), "invoice-amount-paid"))}
                {billed.then(|| fact(Msg::IvOpenAmount, mono(invoice.open_amount.display()), "invoice-open-amount"))}
                {invoice.void_reason.clone().map(|r| fact(Msg::IvStatusVoid, r.into_any(), "invoice-void-reason"))}
            </dl>
            <Actions invoice=invoice on_change=on_change />
        </div>
    }
}

/// Voiding (while nothing is paid), recording a payment (while something is open), and the
/// PDF, with the dialogs the first two open.
#[component]
fn Actions(invoice: Invoice, #[prop(into)] on_change: Callback<()>) -> impl IntoView {
    let voiding = RwSignal::new(false);
    let paying = RwSignal::new(false);
    let issued_still = invoice.status == InvoiceStatus::Issued;
    let payable = issued_still
        && invoice.kind == InvoiceKind::Invoice
        && invoice
            .open_amount
            .money()
            .is_some_and(|m| m.amount_minor > 0);
    // The server refuses to void an invoice payments were applied to; so does the button.
    let voidable = issued_still
        && invoice
            .amount_paid
            .money()
            .is_some_and(|m| m.amount_minor == 0);
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<Problem>);
    let (id, void_id) = (invoice.id.clone(), invoice.id.clone());
    let download = move |_| {
        let id = id.clone();
        busy.set(true);
        problem.set(None);
        leptos::task::spawn_local(async move {
            match invoices::invoice_pdf(id).await {
                Ok(doc) if !save_document(&doc) => {
                    problem.try_set(Some(Problem::Msg(Msg::ImpDownloadFailed)));
                }
                Ok(_) => {}
                Err(e) => {
                    problem.try_set(Some(action_problem(&e)));
                }
            }
            busy.try_set(false);
        });
    };
    view! {
        <div class="panel-actions op-detail-actions">
            {voidable.then(|| view! {
                <button class="button button-danger-ghost" type="button" data-testid="invoice-void" on:click=move |_| voiding.set(true)>
                    {tr(Msg::IvVoid)}
                </button>
            })}
            {payable.then(|| view! {
                <button class="button button-primary" type="button" data-testid="invoice-pay" on:click=move |_| paying.set(true)>
                    {tr(Msg::PmRecord)}
                </button>
            })}
            <button class="button" type="button" data-testid="invoice-pdf" disabled=move || busy.get() on:click=download>
                <Icon kind=IconKind::Copy />
                <span>{tr(Msg::IvDownload)}</span>
            </button>
        </div>
        <FormError error=problem />
        {move || paying.get().then(|| view! {
            <PaymentDialog invoice=invoice.clone() on_close=move |()| paying.set(false) on_done=move |_: String| {
                paying.set(false);
                on_change.run(());
            } />
        })}
        {move || voiding.get().then(|| {
            let id = void_id.clone();
            view! {
                <ReasonDialog words=VOID_WORDS testids=["invoice-void-dialog", "invoice-void-reason", "invoice-void-submit"]
                    on_close=move |()| voiding.set(false)
                    on_done=move |()| {
                        voiding.set(false);
                        on_change.run(());
                    }
                    submit=move |reason: String| {
                        let id = id.clone();
                        async move { invoices::void_invoice(id, reason).await.map(|_| ()) }
                    } />
            }
        })}
    }
}

/// The consolidated figures, then this period per tax rate.
#[component]
fn Figures(invoice: Invoice) -> impl IntoView {
    let i18n = use_i18n();
    let row = |label: Msg, value: String, testid: &'static str, strong: bool| {
        view! {
            <div class="invoice-figure" class:invoice-figure-total=strong>
                <dt>{tr(label)}</dt>
                <dd class="mono" data-testid=testid>{value}</dd>
            </div>
        }
    };
    let consolidated = invoice.kind == InvoiceKind::Invoice
        && invoice.period_start.as_ref() != Some(&invoice.period_end);
    let rates = invoice
        .tax_lines
        .iter()
        .map(|t| {
            let label = match t.rate {
                TaxClass::Standard => Msg::IvRateStandard,
                TaxClass::Reduced => Msg::IvRateReduced,
            };
            let (taxable, tax) = (t.taxable_amount.display(), t.tax.display());
            let value = move || format!("{taxable}（{} {tax}）", i18n.t(Msg::IvTax));
            view! {
                <div class="invoice-figure" data-testid="invoice-tax-line" data-rate=t.rate.as_str()>
                    <dt>{tr(label)}</dt>
                    <dd class="mono">{value}</dd>
                </div>
            }
        })
        .collect_view();
    view! {
        <dl class="invoice-figures" data-testid="invoice-figures">
            {consolidated.then(|| view! {
                {row(Msg::IvPreviousBalance, invoice.previous_balance.display(), "invoice-previous", false)}
                {row(Msg::IvPaymentsReceived, invoice.payments_received.display(), "invoice-payments", false)}
                {row(Msg::IvCarriedForward, invoice.carried_forward.display(), "invoice-carried", false)}
            })}
            {rates}
            {row(Msg::IvSalesExTax, invoice.subtotal.display(), "invoice-subtotal", false)}
            {row(Msg::IvTax, invoice.tax.display(), "invoice-tax", false)}
            {row(Msg::IvSalesInclTax, invoice.total.display(), "invoice-total", false)}
            {row(Msg::IvAmountDue, invoice.amount_due.display(), "invoice-amount-due", true)}
        </dl>
    }
}

/// One billed line; a return reads as such and its quantity is negative.
#[component]
fn LineRow(line: InvoiceLine) -> impl IntoView {
    let returned = line.source == InvoiceLineSource::Return;
    let rate = format!(
        "{}%{}",
        line.tax_class.percent(),
        if line.tax_class == TaxClass::Reduced {
            " ※"
        } else {
            ""
        }
    );
    view! {
        <tr data-testid="invoice-line" class:row-muted=returned>
            <td class="cell-nowrap mono">{line.date.clone()}</td>
            <td><span class="mono">{line.document_number.clone()}</span><span class="cell-sub mono">{line.order_number.clone()}</span></td>
            <td>
                {returned.then(|| view! { <span class="badge" data-tone="credit">{tr(Msg::IvReturnLine)}</span> " " })}
                <span class="cell-primary">{line.name.clone()}</span><span class="cell-sub mono">{line.sku.clone()}</span>
            </td>
            <td class="cell-number">{line.quantity}</td>
            <td class="cell-number cell-money">{line.unit_price.display()}</td>
            <td class="cell-number cell-money">{line.amount.display()}</td>
            <td class="cell-number">{rate}</td>
        </tr>
    }
}
