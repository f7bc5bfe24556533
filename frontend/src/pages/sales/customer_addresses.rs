//! A customer's bill-to and ship-to addresses on the customer page: listed with their
//! default marked, added and changed in a dialog (postal code and prefecture checked with
//! the shared rules), removed after a confirmation.

use kura_shared::{AddressKind, PREFECTURES, PostalCode};
use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;

use crate::api::ApiError;
use crate::api::sales::customers::{self, Address, AddressInput};
use crate::api::wire::idempotency_key;
use crate::components::{
    ConfirmDialog, Dialog, DialogFormActions, FieldError, FormError, FormErrors, FormState,
    IconKind, ListEmpty, Panel, Pending, Problem, TextField,
};
use crate::i18n::{Lang, Msg, error_message, reason_message, tr, use_i18n};

const FIELDS: &[&str] = &[
    "kind",
    "label",
    "recipientName",
    "postalCode",
    "prefecture",
    "city",
    "line1",
    "line2",
    "phone",
    "contactName",
];

fn kind_label(kind: AddressKind) -> Msg {
    match kind {
        AddressKind::Billing => Msg::CuAddressBilling,
        AddressKind::Shipping => Msg::CuAddressShipping,
    }
}

/// An address on one line: 〒150-0001 東京都渋谷区神宮前1-2-3 山田ビル5F.
pub fn address_line(address: &Address) -> String {
    let mut line = format!(
        "〒{} {}{}{}",
        address.postal_code, address.prefecture, address.city, address.line1
    );
    if !address.line2.is_empty() {
        line.push(' ');
        line.push_str(&address.line2);
    }
    line
}

/// The address form as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressForm {
    /// Bill-to or ship-to.
    pub kind: AddressKind,
    /// Label.
    pub label: String,
    /// Who receives.
    pub recipient_name: String,
    /// Postal code.
    pub postal_code: String,
    /// Prefecture ("" until chosen).
    pub prefecture: String,
    /// 市区町村.
    pub city: String,
    /// 町名・番地.
    pub line1: String,
    /// 建物名.
    pub line2: String,
    /// Phone.
    pub phone: String,
    /// 担当者.
    pub contact_name: String,
    /// Default of its kind.
    pub is_default: bool,
}

impl AddressForm {
    /// A new address of `kind`, the default when the customer has none of that kind yet.
    pub fn new(kind: AddressKind, first_of_kind: bool) -> Self {
        Self {
            kind,
            label: String::new(),
            recipient_name: String::new(),
            postal_code: String::new(),
            prefecture: String::new(),
            city: String::new(),
            line1: String::new(),
            line2: String::new(),
            phone: String::new(),
            contact_name: String::new(),
            is_default: first_of_kind,
        }
    }

    /// The form filled with `address`.
    pub fn of(address: &Address) -> Self {
        Self {
            kind: address.kind,
            label: address.label.clone(),
            recipient_name: address.recipient_name.clone(),
            postal_code: address.postal_code.clone(),
            prefecture: address.prefecture.clone(),
            city: address.city.clone(),
            line1: address.line1.clone(),
            line2: address.line2.clone(),
            phone: address.phone.clone().unwrap_or_default(),
            contact_name: address.contact_name.clone(),
            is_default: address.is_default,
        }
    }

    /// The input to send (postal code normalised), or what is wrong per field.
    pub fn check(&self) -> Result<AddressInput, FormErrors> {
        let mut errors = FormErrors::default();
        for (field, value) in [
            ("recipientName", &self.recipient_name),
            ("prefecture", &self.prefecture),
            ("city", &self.city),
            ("line1", &self.line1),
        ] {
            if value.trim().is_empty() {
                errors.add(field, Problem::Msg(Msg::ReasonRequired));
            }
        }
        let postal_code = match PostalCode::parse(&self.postal_code) {
            Ok(code) => code.as_str().to_owned(),
            Err(e) => {
                let code = kura_shared::ValidationError::from(e).code;
                errors.add(
                    "postalCode",
                    Problem::Msg(reason_message(code).unwrap_or(Msg::ReasonRequired)),
                );
                String::new()
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let trimmed = |text: &String| text.trim().to_owned();
        Ok(AddressInput {
            kind: self.kind,
            label: trimmed(&self.label),
            recipient_name: trimmed(&self.recipient_name),
            postal_code,
            prefecture: trimmed(&self.prefecture),
            city: trimmed(&self.city),
            line1: trimmed(&self.line1),
            line2: trimmed(&self.line2),
            phone: Some(trimmed(&self.phone)).filter(|p| !p.is_empty()),
            contact_name: trimmed(&self.contact_name),
            is_default: self.is_default,
        })
    }
}

/// The addresses panel of a customer; `on_changed` reloads the page's data.
#[component]
pub fn AddressesPanel(
    customer_id: String,
    addresses: Vec<Address>,
    #[prop(into)] on_changed: Callback<()>,
) -> impl IntoView {
    // `None`: closed; `Some(None)`: adding; `Some(Some(a))`: changing `a`.
    let editing = RwSignal::new(None::<Option<Address>>);
    let removing = Pending::<Address>::new();
    let has_billing = addresses.iter().any(|a| a.kind == AddressKind::Billing);
    let on_remove = move |address: Address| {
        removing.run(
            address,
            |a| customers::remove_address(a.id),
            error_message,
            move || on_changed.run(()),
        );
    };
    let actions = move || {
        view! {
            <button class="button" type="button" data-testid="address-new" on:click=move |_| editing.set(Some(None))>
                {tr(Msg::CuAddAddress)}
            </button>
        }
    };
    let body = if addresses.is_empty() {
        view! { <ListEmpty icon=IconKind::Locations title=Msg::CuNoAddressesTitle body=Msg::CuNoAddressesBody /> }.into_any()
    } else {
        let rows = addresses
            .iter()
            .cloned()
            .map(|address| view! { <AddressRow address=address editing=editing removing=removing /> })
            .collect_view();
        view! { <ul class="address-list" data-testid="address-list">{rows}</ul> }.into_any()
    };
    let dialog = move || {
        editing.get().map(|current| {
            let customer_id = customer_id.clone();
            let start = current.as_ref().map_or_else(
                || {
                    AddressForm::new(
                        if has_billing {
                            AddressKind::Shipping
                        } else {
                            AddressKind::Billing
                        },
                        true,
                    )
                },
                AddressForm::of,
            );
            view! {
                <AddressDialog
                    customer_id=customer_id
                    address_id=current.map(|a| a.id)
                    start=start
                    on_close=move |()| editing.set(None)
                    on_saved=move |()| {
                        editing.set(None);
                        on_changed.run(());
                    }
                />
            }
        })
    };
    view! {
        <Panel title=Msg::CuAddressesTitle subtitle=Msg::CuAddressesSubtitle actions=actions>
            {body}
        </Panel>
        {dialog}
        <ConfirmDialog
            pending=removing
            title=Msg::CuRemoveAddressTitle
            body=Msg::CuRemoveAddressBody
            confirm_label=Msg::Delete
            describe=|a: &Address, _: Lang| address_line(a)
            on_confirm=on_remove
        />
    }
}

#[component]
fn AddressRow(
    address: Address,
    editing: RwSignal<Option<Option<Address>>>,
    removing: Pending<Address>,
) -> impl IntoView {
    let (for_edit, for_remove) = (address.clone(), address.clone());
    let contact = [
        address.contact_name.clone(),
        address.phone.clone().unwrap_or_default(),
    ]
    .into_iter()
    .filter(|t| !t.is_empty())
    .collect::<Vec<_>>()
    .join(" · ");
    view! {
        <li class="address-item" data-testid="address-row" data-kind=address.kind.as_str()>
            <div class="address-main">
                <span class="badge">{tr(kind_label(address.kind))}</span>
                {address.is_default.then(|| view! { <span class="badge badge-ok" data-testid="address-default">{tr(Msg::CuDefault)}</span> })}
                <strong>{if address.label.is_empty() { address.recipient_name.clone() } else { address.label.clone() }}</strong>
            </div>
            <p class="address-text">{address.recipient_name.clone()}<br />{address_line(&address)}</p>
            {(!contact.is_empty()).then(|| view! { <p class="small muted">{contact}</p> })}
            <div class="row-actions">
                <button class="button button-small" type="button" data-testid="address-edit" on:click=move |_| editing.set(Some(Some(for_edit.clone())))>
                    {tr(Msg::Edit)}
                </button>
                <button class="button button-small" type="button" data-testid="address-remove" on:click=move |_| removing.ask(for_remove.clone())>
                    {tr(Msg::Delete)}
                </button>
            </div>
        </li>
    }
}

#[component]
fn AddressDialog(
    customer_id: String,
    address_id: Option<String>,
    start: AddressForm,
    #[prop(into)] on_close: Callback<()>,
    #[prop(into)] on_saved: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let creating = address_id.is_none();
    let key = StoredValue::new(idempotency_key());
    let kind = RwSignal::new(start.kind);
    let text = |value: &String| RwSignal::new(value.clone());
    let (label, recipient_name) = (text(&start.label), text(&start.recipient_name));
    let (postal_code, prefecture, city) = (
        text(&start.postal_code),
        text(&start.prefecture),
        text(&start.city),
    );
    let (line1, line2) = (text(&start.line1), text(&start.line2));
    let (phone, contact_name) = (text(&start.phone), text(&start.contact_name));
    let is_default = RwSignal::new(start.is_default);
    let form = FormState::default();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let typed = AddressForm {
            kind: kind.get_untracked(),
            label: label.get_untracked(),
            recipient_name: recipient_name.get_untracked(),
            postal_code: postal_code.get_untracked(),
            prefecture: prefecture.get_untracked(),
            city: city.get_untracked(),
            line1: line1.get_untracked(),
            line2: line2.get_untracked(),
            phone: phone.get_untracked(),
            contact_name: contact_name.get_untracked(),
            is_default: is_default.get_untracked(),
        };
        let checked = typed.check();
        let local = checked.as_ref().err().cloned().unwrap_or_default();
        if !form.begin(|| local, |_| {}) {
            return;
        }
        let Ok(input) = checked else { return };
        let (customer_id, address_id) = (customer_id.clone(), address_id.clone());
        leptos::task::spawn_local(async move {
            let result = match address_id {
                Some(id) => customers::update_address(id, input).await,
                None => customers::add_address(customer_id, input, key.get_value()).await,
            };
            let explain = |e: &ApiError| FormErrors::from_api(e, FIELDS, Msg::ErrorUnauthenticated);
            if form.settle(result, explain, |_| {}).is_some() {
                on_saved.run(());
            }
        });
    };
    let kinds = AddressKind::ALL
        .iter()
        .map(|k| view! { <option value=k.as_str() selected=move || kind.get() == *k>{tr(kind_label(*k))}</option> })
        .collect_view();
    let prefectures = PREFECTURES
        .iter()
        .map(|p| view! { <option value=*p selected=move || prefecture.get() == *p>{*p}</option> })
        .collect_view();
    view! {
        <Dialog title=if creating { Msg::CuAddAddress } else { Msg::CuEditAddress } testid="address-dialog" on_close=on_close class="dialog-wide">
            <form class="dialog-body dialog-form" novalidate on:submit=on_submit>
                <FormError error=form.form() />
                <div class="form-row">
                    <div class="field">
                        <label class="field-label" for="field-address-kind">{tr(Msg::ColumnKind)}</label>
                        <select class="select" id="field-address-kind" data-testid="address-kind" on:change=move |ev| {
                            if let Ok(k) = event_target_value(&ev).parse::<AddressKind>() { kind.set(k); }
                        }>
                            {kinds}
                        </select>
                    </div>
                    <TextField name="label" label=Msg::CuAddressLabel autocomplete="off" testid="address-label" placeholder=Msg::CuAddressLabelPlaceholder value=label error=form.field("label") />
                </div>
                <TextField name="recipientName" label=Msg::CuRecipient autocomplete="organization" testid="address-recipient" value=recipient_name error=form.field("recipientName") />
                <div class="form-row">
                    <TextField name="postalCode" label=Msg::CuPostalCode autocomplete="postal-code" testid="address-postal-code" placeholder=Msg::CuPostalCodePlaceholder value=postal_code error=form.field("postalCode") />
                    <div class="field" class:field-invalid=move || form.errors.with(|e| e.field("prefecture").is_some())>
                        <label class="field-label" for="field-prefecture">{tr(Msg::CuPrefecture)}</label>
                        <select class="select" id="field-prefecture" data-testid="address-prefecture" on:change=move |ev| prefecture.set(event_target_value(&ev))>
                            <option value="" selected=move || prefecture.get().is_empty()>{move || i18n.t(Msg::CuChoosePrefecture)}</option>
                            {prefectures}
                        </select>
                        <FieldError name="prefecture" error=form.field("prefecture") />
                    </div>
                </div>
                <div class="form-row">
                    <TextField name="city" label=Msg::CuCity autocomplete="address-level2" testid="address-city" value=city error=form.field("city") />
                    <TextField name="line1" label=Msg::CuLine1 autocomplete="address-line1" testid="address-line1" value=line1 error=form.field("line1") />
                </div>
                <TextField name="line2" label=Msg::CuLine2 autocomplete="address-line2" testid="address-line2" value=line2 error=form.field("line2") />
                <div class="form-row">
                    <TextField name="contactName" label=Msg::CuContact autocomplete="off" testid="address-contact" value=contact_name error=form.field("contactName") />
                    <TextField name="phone" label=Msg::CuPhone kind="tel" autocomplete="tel" testid="address-phone" value=phone error=form.field("phone") />
                </div>
                <label class="check check-block">
                    <input type="checkbox" data-testid="address-default-check" prop:checked=move || is_default.get() on:change=move |ev| is_default.set(event_target_checked(&ev)) />
                    <span><strong>{tr(Msg::CuMakeDefault)}</strong><span class="field-hint">{tr(Msg::CuMakeDefaultHint)}</span></span>
                </label>
                <DialogFormActions
                    on_cancel=on_close
                    label=if creating { Msg::CuAddAddress } else { Msg::SaveChanges }
                    busy_label=Msg::Saving
                    testid="address-submit"
                    busy=form.busy
                />
            </form>
        </Dialog>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn office() -> AddressForm {
        let mut form = AddressForm::new(AddressKind::Billing, true);
        form.recipient_name = "株式会社山田商事".to_owned();
        form.postal_code = "１５００００１".to_owned();
        form.prefecture = "東京都".to_owned();
        form.city = "渋谷区".to_owned();
        form.line1 = "神宮前1-2-3".to_owned();
        form
    }

    #[test]
    fn the_postal_code_is_sent_normalised() {
        let input = office().check().unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(input.postal_code, "150-0001");
        assert_eq!(input.phone, None);
        assert!(input.is_default);
    }

    #[test]
    fn missing_and_malformed_fields_are_named() {
        let mut form = office();
        form.postal_code = "150".to_owned();
        form.prefecture = String::new();
        let errors = form.check().unwrap_err();
        assert_eq!(
            errors.field("postalCode"),
            Some(Problem::Msg(Msg::ReasonPostalCode))
        );
        assert_eq!(
            errors.field("prefecture"),
            Some(Problem::Msg(Msg::ReasonRequired))
        );
    }
}
