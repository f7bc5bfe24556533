//! Sales: what was sold, to whom, and how it adds up. Owns the live sales dashboard (`/`:
//! `summary`), the web register for shops without a POS with its cart (`/sales/register`:
//! `register`, `cart`), the sales list from every channel with new sales arriving live
//! (`/sales`: `list`), a sale's receipt with return and void (`/sales/:id`: `detail`), the POS
//! sales CSV import (`/sales/import`: `import`) and customers (`/customers`,
//! `/customers/:id`: `customers`, with the business customer form in `customer_form` and
//! the addresses panel in `customer_addresses`). Its pages call `api::sales`, read `api::catalog` and
//! `api::stock` for locations and low stock, and use the shared `components`.
//!
//! What the pages share lives here: labels for kinds, statuses and payment methods, the
//! receipt, and the rows of a sales table.

mod cart;
mod customer_addresses;
mod customer_form;
mod customers;
mod detail;
mod import;
mod list;
mod register;
mod summary;

use kura_shared::{Money, PaymentMethod, SaleKind, SaleStatus, TaxClass};
use leptos::prelude::*;
use leptos_router::components::A;

pub use customers::{CustomerPage, CustomersPage};
pub use detail::SalePage;
pub use import::SalesImportPage;
pub use list::SalesPage;
pub use register::RegisterPage;
pub use summary::DashboardPage;

use crate::api::sales::documents::{Sale, SaleRow};
use crate::i18n::{Msg, format_date_time, tr, use_i18n};

/// A payment method in words.
fn payment_label(method: PaymentMethod) -> Msg {
    match method {
        PaymentMethod::Cash => Msg::SlPayCash,
        PaymentMethod::Card => Msg::SlPayCard,
        PaymentMethod::Qr => Msg::SlPayQr,
        PaymentMethod::Points => Msg::SlPayPoints,
        PaymentMethod::Other => Msg::SlPayOther,
    }
}

/// The number people see for a sale. The register now sends a retry key instead of a
/// number, so its sales carry the server's `R-…` number; a channel number that is a bare
/// UUID (some carts, and register sales recorded before that change) is shortened the same
/// way so receipts stay readable.
fn display_number(number: &str) -> String {
    let hex: String = number.chars().filter(|c| *c != '-').collect();
    let uuid_like = number.len() == 36
        && number.matches('-').count() == 4
        && hex.len() == 32
        && hex.chars().all(|c| c.is_ascii_hexdigit());
    if uuid_like {
        format!("R-{}", hex[24..].to_uppercase())
    } else {
        number.to_owned()
    }
}

/// A rate as receipts print it: `10%`, `8%`.
fn rate_label(rate: TaxClass) -> String {
    format!("{}%", rate.percent())
}

/// Sale or return, as a badge.
#[component]
fn KindBadge(kind: SaleKind) -> impl IntoView {
    let (class, msg) = match kind {
        SaleKind::Sale => ("badge sale-kind", Msg::SlKindSale),
        SaleKind::Return => ("badge sale-kind sale-kind-return", Msg::SlKindReturn),
    };
    view! { <span class=class data-kind=kind.as_str()>{tr(msg)}</span> }
}

/// Completed or voided, as a badge.
#[component]
fn StatusBadge(status: SaleStatus) -> impl IntoView {
    let (class, msg) = match status {
        SaleStatus::Completed => ("badge badge-ok", Msg::SlStatusCompleted),
        SaleStatus::Voided => ("badge sale-voided", Msg::SlStatusVoided),
    };
    view! { <span class=class data-testid="sale-status" data-status=status.as_str()>{tr(msg)}</span> }
}

/// Headings of a sales table.
const SALE_COLUMNS: &[Msg] = &[
    Msg::ColumnTime,
    Msg::SlColumnNumber,
    Msg::SlColumnChannel,
    Msg::ColumnLocation,
    Msg::SlColumnCustomer,
    Msg::ColumnKind,
    Msg::ColumnStatus,
    Msg::ColumnTotal,
];

/// One row of a sales table.
#[component]
fn SaleTableRow(sale: SaleRow, #[prop(optional)] fresh: bool) -> impl IntoView {
    let i18n = use_i18n();
    let when = sale.occurred_at.clone();
    let href = format!("/sales/{}", sale.id);
    let voided = sale.status == SaleStatus::Voided;
    let number = display_number(&sale.number);
    let shown = number.clone();
    view! {
        <tr data-testid="sale-row" data-number=number class:row-fresh=fresh class:row-voided=voided>
            <td class="cell-muted cell-nowrap">
                <time datetime=sale.occurred_at.clone()>{move || format_date_time(&when, i18n.lang()).unwrap_or_else(|| when.clone())}</time>
            </td>
            <td><A href=href attr:class="cell-primary mono" attr:data-testid="sale-link">{shown}</A></td>
            <td>{sale.channel.map_or_else(|| view! { <span class="cell-faint">{tr(Msg::SlNoChannel)}</span> }.into_any(), |c| view! { <span>{c.name}</span> }.into_any())}</td>
            <td><span>{sale.location.name}</span><span class="cell-sub mono">{sale.location.code}</span></td>
            <td>{sale.customer.map_or_else(|| view! { <span class="cell-faint">"—"</span> }.into_any(), |c| view! { <A href=format!("/customers/{}", c.id)>{c.name}</A> }.into_any())}</td>
            <td><KindBadge kind=sale.kind /></td>
            <td><StatusBadge status=sale.status /></td>
            <td class="cell-number cell-money" data-testid="sale-total">{sale.total.display()}</td>
        </tr>
    }
}

/// Cash handed over at the register and the change given back, known only there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CashHandling {
    /// What the customer handed over.
    pub tendered: Money,
    /// What went back.
    pub change: Money,
}

/// A sale as a printed receipt (レシート): shop and location, number and time, lines, tax per
/// rate, total, payments and, at the register, cash tendered and change.
#[component]
fn Receipt(
    sale: Sale,
    /// Company name for the header.
    shop: String,
    #[prop(default = None)] cash: Option<CashHandling>,
) -> impl IntoView {
    let i18n = use_i18n();
    let when = sale.occurred_at.clone();
    let is_return = sale.kind == SaleKind::Return;
    let included = sale.prices_include_tax;
    let lines = sale
        .lines
        .iter()
        .map(|l| {
            let has_discount = l.discount.money().is_some_and(|d| !d.is_zero());
            let name = if l.variant.title.is_empty() {
                l.name.clone()
            } else {
                format!("{} {}", l.name, l.variant.title)
            };
            let reduced = l.tax_class == TaxClass::Reduced;
            view! {
                <li class="receipt-line" data-testid="receipt-line" data-sku=l.sku.clone()>
                    <div class="receipt-row">
                        <span class="receipt-name">{name}{reduced.then_some(" ※")}</span>
                        <span class="receipt-amount">{l.amount.display()}</span>
                    </div>
                    <div class="receipt-row receipt-sub">
                        <span class="mono">{l.sku.clone()}</span>
                        <span>{format!("{} × {}", l.unit_price.display(), l.quantity)}</span>
                    </div>
                    {has_discount.then(|| view! {
                        <div class="receipt-row receipt-sub receipt-discount">
                            <span>{tr(Msg::SlDiscount)}</span>
                            <span>{format!("-{}", l.discount.display())}</span>
                        </div>
                    })}
                </li>
            }
        })
        .collect_view();
    let any_reduced = sale.lines.iter().any(|l| l.tax_class == TaxClass::Reduced);
    let tax_lines = sale
        .tax_lines
        .iter()
        .map(|t| {
            let target = match (t.subtotal.money(), t.tax.money()) {
                (Some(s), Some(x)) => s.checked_add(x).map(|m| m.to_string()).ok(),
                _ => None,
            };
            let basis = if included { target.unwrap_or_else(|| t.subtotal.display()) } else { t.subtotal.display() };
            let rate = rate_label(t.tax_class);
            let tax = t.tax.display();
            view! {
                <div class="receipt-row receipt-sub" data-testid="receipt-tax" data-rate=t.tax_class.as_str()>
                    <span>{move || format!("{rate} {}", i18n.t(Msg::SlTaxTarget))}</span>
                    <span>{basis}</span>
                </div>
                <div class="receipt-row receipt-sub">
                    <span>{move || format!("　{}", i18n.t(if included { Msg::SlTaxIncludedOf } else { Msg::SlTaxOf }))}</span>
                    <span>{tax}</span>
                </div>
            }
        })
        .collect_view();
    let payments = sale
        .payments
        .iter()
        .map(|p| {
            let cash_here = p.method == PaymentMethod::Cash && cash.is_some();
            let shown = match cash {
                Some(c) if cash_here => c.tendered.to_string(),
                _ => p.amount.display(),
            };
            view! {
                <div class="receipt-row" data-testid="receipt-payment" data-method=p.method.as_str()>
                    <span>{tr(if cash_here { Msg::SlTendered } else { payment_label(p.method) })}</span>
                    <span>{shown}</span>
                </div>
            }
        })
        .collect_view();
    let change = cash.map(|c| {
        view! {
            <div class="receipt-row receipt-change">
                <span>{tr(Msg::SlChange)}</span>
                <span data-testid="receipt-change">{c.change.to_string()}</span>
            </div>
        }
    });
    let points = (sale.points_earned != 0 || sale.points_redeemed != 0).then(|| {
        let (earned, used) = (sale.points_earned, sale.points_redeemed);
        view! {
            <div class="receipt-row receipt-sub">
                <span>{tr(Msg::SlPointsEarned)}</span><span>{earned}</span>
            </div>
            {(used != 0).then(|| view! {
                <div class="receipt-row receipt-sub"><span>{tr(Msg::SlPointsUsed)}</span><span>{used}</span></div>
            })}
        }
    });
    let voided = sale.status == SaleStatus::Voided;
    view! {
        <article class="receipt" class:receipt-voided=voided data-testid="receipt">
            <header class="receipt-head">
                <strong class="receipt-shop">{shop}</strong>
                <span>{sale.location.name.clone()}</span>
                <span class="receipt-title">{tr(if is_return { Msg::SlReceiptReturn } else { Msg::SlReceiptTitle })}</span>
            </header>
            <div class="receipt-meta">
                <div class="receipt-row">
                    <span>{tr(Msg::SlColumnNumber)}</span>
                    <span class="mono" data-testid="receipt-number">{display_number(&sale.number)}</span>
                </div>
                <div class="receipt-row">
                    <span>{tr(Msg::ColumnTime)}</span>
                    <span>{move || format_date_time(&when, i18n.lang()).unwrap_or_else(|| when.clone())}</span>
                </div>
                {sale.customer.clone().map(|c| view! {
                    <div class="receipt-row"><span>{tr(Msg::SlColumnCustomer)}</span><span>{c.name}</span></div>
                })}
            </div>
            <ul class="receipt-lines">{lines}</ul>
            <div class="receipt-block">
                <div class="receipt-row receipt-total">
                    <span>{tr(Msg::SlTotal)}</span>
                    <span data-testid="receipt-total">{sale.total.display()}</span>
                </div>
                {tax_lines}
            </div>
            <div class="receipt-block">{payments}{change}{points}</div>
            {any_reduced.then(|| view! { <p class="receipt-note">{tr(Msg::SlReducedNote)}</p> })}
            {voided.then(|| view! { <p class="receipt-void-stamp">{tr(Msg::SlStatusVoided)}</p> })}
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn register_ids_are_shortened_and_channel_numbers_kept() {
        assert_eq!(
            display_number("b472f72e-46a3-4292-9ce9-ca3738973e62"),
            "R-38973E62"
        );
        assert_eq!(display_number("#1001"), "#1001");
        assert_eq!(display_number("R-6C2FEB55"), "R-6C2FEB55");
    }
}
