//! Recording a payment against an invoice (入金・消込): the day it arrived, how, what
//! arrived and the transfer fee the customer kept; it is applied to this invoice up to what
//! is open on it, and anything over stays as the customer's credit.

use kura_shared::{Money, ReceiptMethod};
use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;

use crate::api::invoices::{self, AllocationInput, Invoice, RecordPaymentInput};
use crate::api::wire::idempotency_key;
use crate::components::{
    Dialog, DialogFormActions, FormError, Problem, TextField, action_problem, local_today,
};
use crate::i18n::{Msg, tr, use_i18n};

/// A method in words.
fn method_label(method: ReceiptMethod) -> Msg {
    match method {
        ReceiptMethod::BankTransfer => Msg::PmBankTransfer,
        ReceiptMethod::Cash => Msg::PmCash,
        ReceiptMethod::Card => Msg::PmCard,
        ReceiptMethod::Offset => Msg::PmOffset,
        ReceiptMethod::Bill => Msg::PmBill,
    }
}

/// What the payment applies to this invoice: all it credits, up to what is open.
fn applied(amount: &str, fee: &str, open: Option<Money>) -> Option<String> {
    let open = open?;
    let parse = |text: &str| Money::parse_decimal(text.trim(), open.currency).ok();
    let credited = parse(amount)?
        .checked_add(parse(if fee.trim().is_empty() { "0" } else { fee })?)
        .ok()?;
    let take = credited.amount_minor.min(open.amount_minor);
    (take > 0).then(|| Money::new(take, open.currency).to_decimal_string())
}

/// The dialog; `on_done` gets the payment's number.
#[component]
pub fn PaymentDialog(
    invoice: Invoice,
    #[prop(into)] on_close: Callback<()>,
    #[prop(into)] on_done: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = invoice.open_amount.money();
    let received_on = RwSignal::new(local_today());
    let method = RwSignal::new(ReceiptMethod::BankTransfer);
    let amount = RwSignal::new(open.map(|m| m.to_decimal_string()).unwrap_or_default());
    let fee = RwSignal::new("0".to_owned());
    let note = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<Problem>);
    let key = StoredValue::new(idempotency_key());
    let (invoice_id, customer_id) = (invoice.id.clone(), invoice.customer.id.clone());
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let (typed, kept) = (amount.get_untracked(), fee.get_untracked());
        let allocations = applied(&typed, &kept, open)
            .map(|amount| {
                vec![AllocationInput {
                    invoice_id: invoice_id.clone(),
                    amount,
                }]
            })
            .unwrap_or_default();
        let input = RecordPaymentInput {
            customer_id: customer_id.clone(),
            amount: typed.trim().to_owned(),
            received_on: received_on.get_untracked(),
            method: method.get_untracked(),
            bank_fee: if kept.trim().is_empty() {
                "0".to_owned()
            } else {
                kept.trim().to_owned()
            },
            allocations,
            note: note.get_untracked(),
            idempotency_key: key.get_value(),
        };
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let result = invoices::record_payment(input).await;
            busy.try_set(false);
            match result {
                Ok(number) => on_done.run(number),
                Err(e) => {
                    error.try_set(Some(action_problem(&e)));
                }
            }
        });
    };
    let methods = ReceiptMethod::ALL
        .iter()
        .map(|m| {
            let m = *m;
            view! { <option value=m.as_str() selected=move || method.get() == m>{move || i18n.t(method_label(m))}</option> }
        })
        .collect_view();
    let none = Signal::derive(|| None::<Problem>);
    view! {
        <Dialog title=Msg::PmTitle testid="payment-dialog" on_close=on_close>
            <form class="dialog-body op-form" novalidate on:submit=on_submit>
                <p class="muted small">{tr(Msg::PmBody)}</p>
                <div class="form-row">
                    <label class="field">
                        <span class="field-label">{tr(Msg::PmReceivedOn)}</span>
                        <input class="input" type="date" data-testid="payment-received-on"
                            prop:value=move || received_on.get()
                            on:change=move |ev| received_on.set(event_target_value(&ev)) />
                    </label>
                    <label class="field">
                        <span class="field-label">{tr(Msg::PmMethod)}</span>
                        <select class="select" data-testid="payment-method"
                            on:change=move |ev| method.set(event_target_value(&ev).parse().unwrap_or(ReceiptMethod::BankTransfer))>
                            {methods}
                        </select>
                    </label>
                </div>
                <div class="form-row">
                    <TextField name="amount" label=Msg::PmAmount autocomplete="off" testid="payment-amount" value=amount error=none />
                    <TextField name="bankFee" label=Msg::PmBankFee autocomplete="off" testid="payment-fee" hint=Msg::PmBankFeeHint value=fee error=none />
                </div>
                <TextField name="note" label=Msg::FieldNote autocomplete="off" testid="payment-note" value=note error=none />
                <FormError error=error />
                <DialogFormActions on_cancel=on_close label=Msg::PmRecord busy_label=Msg::Saving testid="payment-submit" busy=busy />
            </form>
        </Dialog>
    }
}

#[cfg(test)]
mod tests {
    use kura_shared::CurrencyCode;

    use super::*;

    #[test]
    fn a_payment_applies_what_it_credits_up_to_what_is_open() {
        let open = Some(Money::new(10_800, CurrencyCode::Jpy));
        assert_eq!(applied("10360", "440", open).as_deref(), Some("10800"));
        assert_eq!(applied("20000", "0", open).as_deref(), Some("10800"));
        assert_eq!(applied("5000", "", open).as_deref(), Some("5000"));
        assert_eq!(applied("abc", "0", open), None);
        assert_eq!(applied("100", "0", None), None);
    }
}
