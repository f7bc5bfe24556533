//! Invoicing (請求): the invoices and credit notes issued (`/invoices`: `list`), the closing
//! run that issues them after a preview (`/invoices/closing`: `closing`), and one invoice
//! with its figures, tax per rate, lines, PDF, voiding and payments (`/invoices/:id`:
//! `detail`, `payment`). They call `api::invoices`.

mod closing;
mod detail;
mod list;
mod payment;

use kura_shared::{InvoiceKind, InvoiceStatus};
use leptos::prelude::*;
use leptos_router::components::A;

pub use closing::ClosingPage;
pub use detail::InvoicePage;
pub use list::InvoicesPage;

use crate::api::invoices::Invoice;
use crate::i18n::{Msg, tr};

/// The list's and the closing run's columns.
const COLUMNS: &[Msg] = &[
    Msg::IvColumnNumber,
    Msg::IvColumnCustomer,
    Msg::IvColumnPeriod,
    Msg::IvColumnDue,
    Msg::IvColumnSales,
    Msg::IvColumnAmountDue,
];

/// An invoice's kind and, when voided, its status.
#[component]
fn InvoiceBadge(kind: InvoiceKind, status: InvoiceStatus) -> impl IntoView {
    let (label, tone) = match (status, kind) {
        (InvoiceStatus::Void, _) => (Msg::IvStatusVoid, "void"),
        (InvoiceStatus::Issued, InvoiceKind::CreditNote) => (Msg::IvKindCreditNote, "credit"),
        (InvoiceStatus::Issued, InvoiceKind::Invoice) => (Msg::IvKindInvoice, "invoice"),
    };
    view! {
        <span class="badge invoice-badge" data-tone=tone data-testid="invoice-badge">{tr(label)}</span>
    }
}

/// 期限超過: past its due date with something still open.
#[component]
fn OverdueBadge(overdue: bool) -> impl IntoView {
    overdue.then(|| {
        view! { <span class="badge invoice-badge" data-tone="void" data-testid="invoice-overdue">{tr(Msg::IvOverdue)}</span> }
    })
}

/// One invoice in a table: a link to it once issued, its number alone in a preview.
#[component]
fn InvoiceRow(invoice: Invoice) -> impl IntoView {
    let shown = invoice.number.clone();
    let number = if invoice.preview {
        view! { <span class="cell-primary mono">{shown}</span> }.into_any()
    } else {
        view! {
            <A href=format!("/invoices/{}", invoice.id) attr:class="cell-primary mono" attr:data-testid="invoice-link">
                {shown}
            </A>
        }
        .into_any()
    };
    let code = invoice.customer.code.clone().unwrap_or_default();
    view! {
        <tr data-testid="invoice-row" data-number=invoice.number.clone() data-kind=invoice.kind.as_str()>
            <td>{number} " " <InvoiceBadge kind=invoice.kind status=invoice.status /> " " <OverdueBadge overdue=invoice.overdue /></td>
            <td><span class="cell-primary">{invoice.bill_to_name.clone()}</span><span class="cell-sub mono">{code}</span></td>
            <td class="cell-nowrap mono">{invoice.period()}</td>
            <td class="cell-nowrap mono">{invoice.due_date.clone()}</td>
            <td class="cell-number cell-money">{invoice.total.display()}</td>
            <td class="cell-number cell-money" data-testid="invoice-amount-due">{invoice.amount_due.display()}</td>
        </tr>
    }
}
