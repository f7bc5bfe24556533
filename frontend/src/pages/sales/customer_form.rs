//! Adding or changing a customer: name and contact for everyone, and for a business (取引先)
//! its reading, code, credit limit, price rate (掛率, typed as a percent) and billing terms
//! (a closing-day select and "payment N months later on day D / month end"). Checked with
//! the shared rules before it is sent.

use kura_shared::{BillingTerms, CustomerCode, CustomerKind, NameKana, PriceRate, ValidationError};
use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;

use crate::api::sales::customers::{self, BillingTerms as WireTerms, Customer, CustomerInput};
use crate::components::{
    Dialog, DialogFormActions, FieldError, FormError, FormErrors, FormState, Problem, TextField,
};
use crate::i18n::{Lang, Msg, reason_message, tr, use_i18n};

/// The fields whose server errors the form shows under them.
const FIELDS: &[&str] = &[
    "name",
    "nameKana",
    "code",
    "email",
    "phone",
    "note",
    "creditLimit",
    "priceRate",
    "billingTerms",
    "billToCustomerId",
];

/// The form as typed: text for every field, the terms as the selects' values ("" = none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerForm {
    /// Consumer or business.
    pub kind: CustomerKind,
    /// Name.
    pub name: String,
    /// フリガナ.
    pub name_kana: String,
    /// 取引先コード.
    pub code: String,
    /// Email.
    pub email: String,
    /// Phone.
    pub phone: String,
    /// Note.
    pub note: String,
    /// 与信限度額.
    pub credit_limit: String,
    /// 掛率 in percent.
    pub price_rate: String,
    /// Closing day ("" = no terms).
    pub closing_day: String,
    /// Months after closing.
    pub payment_month_offset: String,
    /// Payment day.
    pub payment_day: String,
    /// 請求先's id ("" = the customer itself).
    pub bill_to: String,
}

impl CustomerForm {
    /// An empty form for a new customer of `kind`.
    pub fn new(kind: CustomerKind) -> Self {
        Self {
            kind,
            name: String::new(),
            name_kana: String::new(),
            code: String::new(),
            email: String::new(),
            phone: String::new(),
            note: String::new(),
            credit_limit: String::new(),
            price_rate: String::new(),
            closing_day: String::new(),
            payment_month_offset: "1".to_owned(),
            payment_day: BillingTerms::MONTH_END.to_string(),
            bill_to: String::new(),
        }
    }

    /// The form filled with `customer`'s fields.
    pub fn of(customer: &Customer) -> Self {
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        let mut form = Self::new(customer.kind);
        form.name = customer.name.clone();
        form.name_kana = text(&customer.name_kana);
        form.code = text(&customer.code);
        form.email = text(&customer.email);
        form.phone = text(&customer.phone);
        form.note = customer.note.clone();
        form.credit_limit = customer
            .credit_limit
            .as_ref()
            .map(|a| a.amount.clone())
            .unwrap_or_default();
        form.price_rate = customer
            .price_rate
            .and_then(|r| PriceRate::new(r).ok())
            .map(PriceRate::percent_text)
            .unwrap_or_default();
        form.bill_to = customer
            .bill_to
            .as_ref()
            .map(|b| b.id.clone())
            .unwrap_or_default();
        if let Some(terms) = customer.billing_terms {
            form.closing_day = terms.closing_day.to_string();
            form.payment_month_offset = terms.payment_month_offset.to_string();
            form.payment_day = terms.payment_day.to_string();
        }
        form
    }

    /// The input to send, or what is wrong per field. A consumer sends no business terms
    /// (clearing any it had); the reading is kept for both kinds.
    pub fn check(&self) -> Result<CustomerInput, FormErrors> {
        let mut errors = FormErrors::default();
        let optional = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
        if self.name.trim().is_empty() {
            errors.add("name", Problem::Msg(Msg::ReasonRequired));
        }
        let name_kana = checked(&mut errors, "nameKana", optional(&self.name_kana), |t| {
            NameKana::parse(t).map(String::from)
        });
        let business = self.kind == CustomerKind::Business;
        let code = checked(
            &mut errors,
            "code",
            optional(&self.code).filter(|_| business),
            |t| CustomerCode::parse(t).map(String::from),
        );
        let price_rate = checked(
            &mut errors,
            "priceRate",
            optional(&self.price_rate).filter(|_| business),
            |t| PriceRate::from_percent(t).map(PriceRate::hundredths),
        );
        let billing_terms = if business {
            self.terms(&mut errors)
        } else {
            None
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(CustomerInput {
            kind: self.kind,
            name: self.name.trim().to_owned(),
            name_kana,
            code,
            email: optional(&self.email),
            phone: optional(&self.phone),
            note: self.note.trim().to_owned(),
            credit_limit: optional(&self.credit_limit).filter(|_| business),
            price_rate,
            billing_terms,
            bill_to_customer_id: optional(&self.bill_to).filter(|_| business),
        })
    }

    /// The billing terms the selects describe, if a closing day is chosen.
    fn terms(&self, errors: &mut FormErrors) -> Option<WireTerms> {
        let number = |text: &str| text.trim().parse::<i64>().ok();
        let parts = Some(self.closing_day.as_str())
            .filter(|d| !d.is_empty())
            .map(|day| {
                (
                    number(day),
                    number(&self.payment_month_offset),
                    number(&self.payment_day),
                )
            });
        let (closing, months, day) = parts?;
        match BillingTerms::from_parts(closing, months, day) {
            Ok(Some(terms)) => Some(WireTerms {
                closing_day: terms.closing_day().into(),
                payment_month_offset: terms.payment_month_offset().into(),
                payment_day: terms.payment_day().into(),
            }),
            Ok(None) => None,
            Err(e) => {
                errors.add("billingTerms", reason(e));
                None
            }
        }
    }
}

/// What a shared rule's error says, in catalogue terms when the dashboard has words for it.
fn reason(error: impl Into<ValidationError>) -> Problem {
    let error = error.into();
    reason_message(error.code).map_or(Problem::Server(error.message), Problem::Msg)
}

/// `text` checked by `parse`, or its problem recorded under `field`.
fn checked<T, E: Into<ValidationError>>(
    errors: &mut FormErrors,
    field: &'static str,
    text: Option<String>,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Option<T> {
    match parse(text.as_deref()?) {
        Ok(value) => Some(value),
        Err(e) => {
            errors.add(field, reason(e));
            None
        }
    }
}

/// A closing day in words: 20日締め, 末締め, 都度請求.
fn closing_day_text(day: i64, lang: Lang) -> String {
    match (i64::from(BillingTerms::MONTH_END) == day, day == 0, lang) {
        (true, _, _) => Msg::CuClosingMonthEnd.text(lang).to_owned(),
        (_, true, _) => Msg::CuPerShipment.text(lang).to_owned(),
        (_, _, Lang::Ja) => format!("{day}日締め"),
        (_, _, Lang::En) => format!("Closes on day {day}"),
    }
}

/// A payment month in words: 当月, 翌月, 翌々月, 3ヶ月後.
fn payment_month_text(months: i64) -> Msg {
    match months {
        0 => Msg::CuPayThisMonth,
        1 => Msg::CuPayNextMonth,
        2 => Msg::CuPayMonthAfterNext,
        _ => Msg::CuPayThreeMonths,
    }
}

/// A payment day in words: 10日, 月末.
fn payment_day_text(day: i64, lang: Lang) -> String {
    match (i64::from(BillingTerms::MONTH_END) == day, lang) {
        (true, _) => Msg::CuMonthEnd.text(lang).to_owned(),
        (false, Lang::Ja) => format!("{day}日"),
        (false, Lang::En) => format!("day {day}"),
    }
}

/// Billing terms in one line: 末締め・翌月月末払い, or "Closes at month end · paid next month,
/// month end".
pub fn terms_text(terms: WireTerms, lang: Lang) -> String {
    let closing = closing_day_text(terms.closing_day, lang);
    let month = payment_month_text(terms.payment_month_offset).text(lang);
    let day = payment_day_text(terms.payment_day, lang);
    match lang {
        Lang::Ja => format!("{closing}・{month}{day}払い"),
        Lang::En => format!("{closing} · paid {month}, {day}"),
    }
}

/// A select bound to `value`, with `options` as `(value, label)`.
fn select(
    id: &'static str,
    testid: &'static str,
    value: RwSignal<String>,
    options: Vec<(String, Signal<String>)>,
) -> impl IntoView {
    let options = options
        .into_iter()
        .map(|(v, label)| {
            let selected = v.clone();
            view! { <option value=v selected=move || value.get() == selected>{label}</option> }
        })
        .collect_view();
    view! {
        <select class="select" id=id data-testid=testid on:change=move |ev| value.set(event_target_value(&ev))>
            {options}
        </select>
    }
}

/// The closing-day select and, once a day is chosen, the payment month and day.
#[component]
fn TermsFields(
    closing_day: RwSignal<String>,
    payment_month_offset: RwSignal<String>,
    payment_day: RwSignal<String>,
    #[prop(into)] error: Signal<Option<Problem>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let closing = std::iter::once((
        String::new(),
        Signal::derive(move || i18n.t(Msg::CuNoTerms).to_owned()),
    ))
    .chain(BillingTerms::CLOSING_DAYS.iter().map(|d| {
        let day = i64::from(*d);
        (
            day.to_string(),
            Signal::derive(move || closing_day_text(day, i18n.lang())),
        )
    }))
    .collect();
    let months = (0..=i64::from(BillingTerms::MAX_PAYMENT_MONTH_OFFSET))
        .map(|m| {
            (
                m.to_string(),
                Signal::derive(move || i18n.t(payment_month_text(m)).to_owned()),
            )
        })
        .collect::<Vec<_>>();
    let days = (1..=i64::from(BillingTerms::MONTH_END))
        .map(|d| {
            (
                d.to_string(),
                Signal::derive(move || payment_day_text(d, i18n.lang())),
            )
        })
        .collect::<Vec<_>>();
    view! {
        <fieldset class="field field-group" class:field-invalid=move || error.with(Option::is_some)>
            <legend class="field-label">{tr(Msg::CuBillingTerms)}</legend>
            <div class="form-row">
                <div class="field">
                    <label class="field-label" for="field-closing-day">{tr(Msg::CuClosingDay)}</label>
                    {select("field-closing-day", "customer-closing-day", closing_day, closing)}
                </div>
                {move || (!closing_day.get().is_empty()).then(|| {
                    let (months, days) = (months.clone(), days.clone());
                    view! {
                        <div class="field">
                            <label class="field-label" for="field-payment-month">{tr(Msg::CuPaymentMonth)}</label>
                            {select("field-payment-month", "customer-payment-month", payment_month_offset, months)}
                        </div>
                        <div class="field">
                            <label class="field-label" for="field-payment-day">{tr(Msg::CuPaymentDay)}</label>
                            {select("field-payment-day", "customer-payment-day", payment_day, days)}
                        </div>
                    }
                })}
            </div>
            <FieldError name="billingTerms" error=error />
        </fieldset>
    }
}

/// 請求先: the customer itself, or another business customer that has billing terms and pays
/// its own invoices (a head office). Offers the first page of customers that can.
#[component]
fn BillToField(
    value: RwSignal<String>,
    self_id: Option<String>,
    #[prop(into)] error: Signal<Option<Problem>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let payers = LocalResource::new(|| customers::customers(String::new(), None));
    let options = move || {
        let mut options = vec![(
            String::new(),
            Signal::derive(move || i18n.t(Msg::CuBillToSelf).to_owned()),
        )];
        let found = payers
            .get()
            .and_then(Result::ok)
            .map(|p| p.items)
            .unwrap_or_default();
        options.extend(
            found
                .into_iter()
                .filter(|c| c.billing_terms.is_some() && Some(&c.id) != self_id.as_ref())
                .map(|c| {
                    let label = match &c.code {
                        Some(code) => format!("{} ({code})", c.name),
                        None => c.name.clone(),
                    };
                    (c.id, Signal::derive(move || label.clone()))
                }),
        );
        select("field-bill-to", "customer-bill-to", value, options)
    };
    view! {
        <div class="field" class:field-invalid=move || error.with(Option::is_some)>
            <label class="field-label" for="field-bill-to">{tr(Msg::CuBillTo)}</label>
            {options}
            <span class="field-hint">{tr(Msg::CuBillToHint)}</span>
            <FieldError name="billToCustomerId" error=error />
        </div>
    }
}

/// Adds (`customer` is `None`) or changes a customer; `on_saved` gets the saved one.
#[component]
pub fn CustomerDialog(
    customer: Option<Customer>,
    #[prop(into)] on_close: Callback<()>,
    #[prop(into)] on_saved: Callback<Customer>,
) -> impl IntoView {
    let i18n = use_i18n();
    let existing = customer.as_ref().map(|c| c.id.clone());
    let creating = customer.is_none();
    let start = customer.as_ref().map_or_else(
        || CustomerForm::new(CustomerKind::Consumer),
        CustomerForm::of,
    );
    let kind_text = RwSignal::new(start.kind.as_str().to_owned());
    let kind = Memo::new(move |_| kind_text.get().parse().unwrap_or(CustomerKind::Consumer));
    let text = |value: &String| RwSignal::new(value.clone());
    let (name, name_kana, code) = (text(&start.name), text(&start.name_kana), text(&start.code));
    let (email, phone, note) = (text(&start.email), text(&start.phone), text(&start.note));
    let (credit_limit, price_rate) = (text(&start.credit_limit), text(&start.price_rate));
    let (closing_day, payment_month_offset, payment_day) = (
        text(&start.closing_day),
        text(&start.payment_month_offset),
        text(&start.payment_day),
    );
    let bill_to = text(&start.bill_to);
    let form = FormState::default();
    let self_id = existing.clone();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let typed = CustomerForm {
            kind: kind.get_untracked(),
            name: name.get_untracked(),
            name_kana: name_kana.get_untracked(),
            code: code.get_untracked(),
            email: email.get_untracked(),
            phone: phone.get_untracked(),
            note: note.get_untracked(),
            credit_limit: credit_limit.get_untracked(),
            price_rate: price_rate.get_untracked(),
            closing_day: closing_day.get_untracked(),
            payment_month_offset: payment_month_offset.get_untracked(),
            payment_day: payment_day.get_untracked(),
            bill_to: bill_to.get_untracked(),
        };
        let checked = typed.check();
        let local = checked.as_ref().err().cloned().unwrap_or_default();
        if !form.begin(|| local, |_| {}) {
            return;
        }
        let Ok(input) = checked else { return };
        let existing = existing.clone();
        leptos::task::spawn_local(async move {
            let result = match existing {
                Some(id) => customers::update_customer(id, input).await,
                None => customers::create_customer(input).await,
            };
            let explain = |e: &_| FormErrors::from_api(e, FIELDS, Msg::ErrorUnauthenticated);
            if let Some(saved) = form.settle(result, explain, |_| {}) {
                on_saved.run(saved);
            }
        });
    };
    let business = move || kind.get() == CustomerKind::Business;
    let kind_options = [
        (CustomerKind::Consumer, Msg::CuConsumer),
        (CustomerKind::Business, Msg::CuBusiness),
    ]
    .into_iter()
    .map(|(k, msg)| {
        (
            k.as_str().to_owned(),
            Signal::derive(move || i18n.t(msg).to_owned()),
        )
    })
    .collect();
    view! {
        <Dialog
            title=if creating { Msg::CuCreate } else { Msg::CuEdit }
            testid="customer-dialog"
            on_close=on_close
            class="dialog-wide"
        >
            <form class="dialog-body dialog-form" novalidate on:submit=on_submit>
                <FormError error=form.form() />
                <div class="form-row">
                    <div class="field">
                        <label class="field-label" for="field-customer-kind">{tr(Msg::ColumnKind)}</label>
                        {select("field-customer-kind", "customer-kind", kind_text, kind_options)}
                    </div>
                    <TextField name="name" label=Msg::ColumnName autocomplete="off" testid="customer-name" value=name error=form.field("name") />
                </div>
                {move || business().then(|| view! {
                    <div class="form-row">
                        <TextField name="nameKana" label=Msg::CuKana autocomplete="off" testid="customer-kana" hint=Msg::CuKanaHint value=name_kana error=form.field("nameKana") />
                        <TextField name="code" label=Msg::CuCode autocomplete="off" testid="customer-code" hint=Msg::CuCodeHint value=code error=form.field("code") />
                    </div>
                    <div class="form-row">
                        <TextField name="creditLimit" label=Msg::CuCreditLimit kind="text" autocomplete="off" testid="customer-credit-limit" value=credit_limit error=form.field("creditLimit") />
                        <TextField name="priceRate" label=Msg::CuPriceRate autocomplete="off" testid="customer-price-rate" hint=Msg::CuPriceRateHint value=price_rate error=form.field("priceRate") />
                    </div>
                    <TermsFields
                        closing_day=closing_day
                        payment_month_offset=payment_month_offset
                        payment_day=payment_day
                        error=form.field("billingTerms")
                    />
                    <BillToField value=bill_to self_id=self_id.clone() error=form.field("billToCustomerId") />
                })}
                <div class="form-row">
                    <TextField name="email" label=Msg::FieldEmail kind="email" autocomplete="off" testid="customer-email" value=email error=form.field("email") />
                    <TextField name="phone" label=Msg::CuPhone kind="tel" autocomplete="off" testid="customer-phone" value=phone error=form.field("phone") />
                </div>
                <TextField name="note" label=Msg::FieldNote autocomplete="off" testid="customer-note" value=note error=form.field("note") />
                <DialogFormActions
                    on_cancel=on_close
                    label=if creating { Msg::CuCreate } else { Msg::SaveChanges }
                    busy_label=Msg::Saving
                    testid="customer-submit"
                    busy=form.busy
                />
            </form>
        </Dialog>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn business() -> CustomerForm {
        let mut form = CustomerForm::new(CustomerKind::Business);
        form.name = " 株式会社山田商事 ".to_owned();
        form.name_kana = "やまだ しょうじ".to_owned();
        form.code = "c-001".to_owned();
        form.credit_limit = "500000".to_owned();
        form.price_rate = "62.5".to_owned();
        form.closing_day = "20".to_owned();
        form.payment_month_offset = "1".to_owned();
        form.payment_day = "10".to_owned();
        form
    }

    #[test]
    fn a_business_form_sends_normalised_terms_and_a_rate_in_hundredths() {
        let input = business().check().unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(input.name, "株式会社山田商事");
        assert_eq!(input.name_kana.as_deref(), Some("ヤマダ　ショウジ"));
        assert_eq!(input.code.as_deref(), Some("C-001"));
        assert_eq!(input.price_rate, Some(6_250));
        assert_eq!(input.credit_limit.as_deref(), Some("500000"));
        assert_eq!(
            input.billing_terms,
            Some(WireTerms {
                closing_day: 20,
                payment_month_offset: 1,
                payment_day: 10
            })
        );
    }

    #[test]
    fn bad_fields_are_shown_under_themselves_before_anything_is_sent() {
        let mut form = business();
        form.name_kana = "山田".to_owned();
        form.code = "C 1".to_owned();
        form.price_rate = "0".to_owned();
        let errors = form.check().unwrap_err();
        assert_eq!(
            errors.field("nameKana"),
            Some(Problem::Msg(Msg::ReasonKanaNotKana))
        );
        assert_eq!(
            errors.field("code"),
            Some(Problem::Msg(Msg::ReasonLocationCodeInvalid))
        );
        assert_eq!(
            errors.field("priceRate"),
            Some(Problem::Msg(Msg::ReasonPriceRateRange))
        );
    }

    #[test]
    fn a_consumer_sends_no_business_terms_and_no_closing_day_means_no_terms() {
        let mut form = business();
        form.kind = CustomerKind::Consumer;
        let input = form.check().unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            (
                input.code,
                input.credit_limit,
                input.price_rate,
                input.billing_terms
            ),
            (None, None, None, None)
        );
        assert_eq!(
            input.name_kana.as_deref(),
            Some("ヤマダ　ショウジ"),
            "the reading stays"
        );
        let mut form = business();
        form.closing_day = String::new();
        assert_eq!(form.check().map(|i| i.billing_terms), Ok(None));
    }

    #[test]
    fn billing_terms_read_as_people_say_them() {
        let end_of_next_month = WireTerms {
            closing_day: 31,
            payment_month_offset: 1,
            payment_day: 31,
        };
        assert_eq!(
            terms_text(end_of_next_month, Lang::Ja),
            "末締め・翌月末払い"
        );
        assert_eq!(
            terms_text(end_of_next_month, Lang::En),
            "Closes at month end · paid next month, month end"
        );
        let twentieth = WireTerms {
            closing_day: 20,
            payment_month_offset: 1,
            payment_day: 10,
        };
        assert_eq!(terms_text(twentieth, Lang::Ja), "20日締め・翌月10日払い");
        let per_shipment = WireTerms {
            closing_day: 0,
            payment_month_offset: 0,
            payment_day: 25,
        };
        assert_eq!(terms_text(per_shipment, Lang::Ja), "都度請求・当月25日払い");
    }
}
