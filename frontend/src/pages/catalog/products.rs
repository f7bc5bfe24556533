//! `/products`: the catalogue. A searchable, filterable list a page at a time; a dialog to
//! create a product with its variants; and an editor for a product's own fields and for
//! adding, editing and archiving its variants.
//!
//! Input is checked with the shared rules (`Sku`, `Barcode`, `Money::parse_decimal`) before
//! it is sent; anything else the server refuses is shown next to the field it names.

use std::time::Duration;

use kura_shared::{Barcode, CurrencyCode, ErrorCode, Money, ProductStatus, Sku, TaxClass};
use leptos::html::Input;
use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;

use crate::api::ApiError;
use crate::api::catalog::products::{
    self, CreateProductInput, Product, ProductFilter, UpdateProductInput, Variant, VariantInput,
};
use crate::api::session::use_session;
use crate::api::wire::idempotency_key;
use crate::components::{
    CreateButton, DataTable, Dialog, DialogFormActions, ErrorNotice, FieldError, Flash,
    FlashNotice, FormError, FormErrors, FormState, Icon, IconKind, ListEmpty, PageHeader,
    PagedList, Panel, Problem, Skeleton, SubmitButton, TextField, focus_first_invalid,
};
use crate::i18n::{
    Msg, error_message, product_status_label, reason_message, tax_class_label, tr, use_i18n,
};

/// Products fetched per page.
const PAGE_SIZE: u32 = 50;
/// Quiet time after the last keystroke before the search runs.
const SEARCH_DEBOUNCE_MS: u64 = 300;

/// The company's currency, for reading typed prices; yen when unknown.
fn use_currency() -> CurrencyCode {
    use_session()
        .viewer()
        .and_then(|v| v.tenant.currency_code.parse().ok())
        .unwrap_or(CurrencyCode::Jpy)
}

/// A shared-rule error as a field problem: the catalogue message for its code, else its text.
fn problem_of(code: &str, text: String) -> Problem {
    reason_message(code).map_or(Problem::Server(text), Problem::Msg)
}

/// Sorts a failed catalogue call's errors under `fields`, naming taken SKUs and barcodes in
/// the reader's language.
fn catalog_errors(error: &ApiError, fields: &[&'static str]) -> FormErrors {
    let mut errors = FormErrors::from_api(error, fields, Msg::ErrorUnauthenticated);
    if let ApiError::GraphQl(list) = error {
        for e in list.iter().filter(|e| e.code == Some(ErrorCode::Conflict)) {
            let Some(field) = e.field.as_deref() else {
                continue;
            };
            let Some(known) = fields.iter().copied().find(|f| *f == field) else {
                continue;
            };
            if field.ends_with("sku") {
                errors.replace(known, Some(Problem::Msg(Msg::SkuTaken)));
            } else if field.ends_with("barcode") {
                errors.replace(known, Some(Problem::Msg(Msg::BarcodeTaken)));
            }
        }
    }
    errors
}

/// What a variant form holds, as typed.
#[derive(Debug, Clone, Copy)]
struct VariantFields {
    sku: RwSignal<String>,
    barcode: RwSignal<String>,
    price: RwSignal<String>,
    cost: RwSignal<String>,
    /// One value per option name.
    options: RwSignal<Vec<String>>,
    errors: RwSignal<FormErrors>,
}

impl VariantFields {
    fn new(from: Option<&Variant>) -> Self {
        let text =
            |f: fn(&Variant) -> Option<String>| RwSignal::new(from.and_then(f).unwrap_or_default());
        VariantFields {
            sku: text(|v| Some(v.sku.clone())),
            barcode: text(|v| v.barcode.clone()),
            price: text(|v| Some(v.price.amount.clone())),
            cost: text(|v| v.cost.as_ref().map(|c| c.amount.clone())),
            options: RwSignal::new(from.map(|v| v.options.clone()).unwrap_or_default()),
            errors: RwSignal::new(FormErrors::default()),
        }
    }

    /// Checks the fields with the shared rules; the input to send, or what is wrong.
    fn check(
        &self,
        currency: CurrencyCode,
        option_count: usize,
    ) -> Result<VariantInput, FormErrors> {
        check_variant(
            &self.sku.get_untracked(),
            &self.barcode.get_untracked(),
            &self.price.get_untracked(),
            &self.cost.get_untracked(),
            &self.options.get_untracked(),
            option_count,
            currency,
        )
    }
}

/// A variant as typed, checked with `Sku`, `Barcode` and `Money::parse_decimal`. Option
/// values are sent as typed (trimmed): their rules are the server's.
fn check_variant(
    sku: &str,
    barcode: &str,
    price: &str,
    cost: &str,
    options: &[String],
    option_count: usize,
    currency: CurrencyCode,
) -> Result<VariantInput, FormErrors> {
    let mut errors = FormErrors::default();
    let sku = Sku::parse(sku)
        .map_err(|e| errors.add("sku", problem_of(e.code(), e.to_string())))
        .ok();
    let barcode = match barcode.trim() {
        "" => Some(None),
        code => Barcode::parse(code)
            .map(Some)
            .map_err(|e| errors.add("barcode", problem_of(e.code(), e.to_string())))
            .ok(),
    };
    let price = Money::parse_decimal(price, currency)
        .map_err(|e| errors.add("price", problem_of(e.code(), e.to_string())))
        .ok();
    let cost = match cost.trim() {
        "" => Some(None),
        text => Money::parse_decimal(text, currency)
            .map(Some)
            .map_err(|e| errors.add("cost", problem_of(e.code(), e.to_string())))
            .ok(),
    };
    match (sku, barcode, price, cost) {
        (Some(sku), Some(barcode), Some(price), Some(cost)) if errors.is_empty() => {
            Ok(VariantInput {
                sku: sku.as_str().to_owned(),
                barcode: barcode.map(|b| b.as_str().to_owned()),
                price: price.to_decimal_string(),
                cost: cost.map(|c| c.to_decimal_string()),
                options: (0..option_count)
                    .map(|i| options.get(i).map_or("", |o| o.trim()).to_owned())
                    .collect(),
            })
        }
        _ => Err(errors),
    }
}

/// Option names as typed in one box: `Size, Colour`.
fn parse_option_names(text: &str) -> Vec<String> {
    text.split([',', '、'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Headings of the product table, before the actions column.
const COLUMNS: &[Msg] = &[
    Msg::ColumnProduct,
    Msg::ColumnStatus,
    Msg::ColumnTax,
    Msg::ColumnVariants,
    Msg::ColumnPrice,
];

/// The product list, its search and filter, and the create and edit dialogs.
#[component]
pub fn ProductsPage() -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let filter = RwSignal::new(ProductFilter::default());
    let list = PagedList::new(move |after| {
        products::products(PAGE_SIZE, after, filter.get_untracked(), false)
    });
    let flash = RwSignal::new(None::<Flash>);
    let creating = RwSignal::new(false);
    let editing = RwSignal::new(None::<String>);
    let debounce = StoredValue::new(None::<TimeoutHandle>);
    let on_search = move |text: String| {
        typed.set(text);
        if let Some(pending) = debounce.get_value() {
            pending.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                let query = typed.get_untracked().trim().to_owned();
                filter.update(|f| f.query = (!query.is_empty()).then_some(query));
                list.reload();
            },
            Duration::from_millis(SEARCH_DEBOUNCE_MS),
        )
        .ok();
        debounce.set_value(handle);
    };
    on_cleanup(move || {
        if let Some(pending) = debounce.try_get_value().flatten() {
            pending.clear();
        }
    });

    let actions = move || {
        view! {
            <div class="panel-actions">
                <label class="search-box">
                    <Icon kind=IconKind::Search />
                    <input
                        class="input input-compact"
                        type="search"
                        data-testid="product-search"
                        aria-label=tr(Msg::ProductSearchLabel)
                        placeholder=tr(Msg::ProductSearchPlaceholder)
                        prop:value=move || typed.get()
                        on:input=move |ev| on_search(event_target_value(&ev))
                    />
                </label>
                <select
                    class="select select-compact"
                    data-testid="product-status-filter"
                    aria-label=tr(Msg::ColumnStatus)
                    on:change=move |ev| {
                        let status = event_target_value(&ev).parse::<ProductStatus>().ok();
                        filter.update(|f| f.status = status);
                        list.reload();
                    }
                >
                    <option value="">{tr(Msg::AllStatuses)}</option>
                    {ProductStatus::ALL
                        .iter()
                        .map(|s| view! { <option value=s.as_str()>{tr(product_status_label(*s))}</option> })
                        .collect_view()}
                </select>
                <CreateButton
                    label=Msg::CreateProduct
                    primary=true
                    testid="create-product"
                    on_click=move |()| creating.set(true)
                />
            </div>
        }
    };
    let body = list.view(
        6,
        "products-more",
        move || {
            let searching = filter.with(|f| f.query.is_some() || f.status.is_some());
            if searching {
                view! { <ListEmpty icon=IconKind::Search title=Msg::ProductsNoMatchTitle body=Msg::ProductsNoMatchBody /> }
                    .into_any()
            } else {
                view! {
                    <ListEmpty icon=IconKind::Products title=Msg::ProductsEmptyTitle body=Msg::ProductsEmptyBody>
                        <CreateButton label=Msg::CreateProduct on_click=move |()| creating.set(true) />
                    </ListEmpty>
                }
                .into_any()
            }
        },
        move |products| {
            let rows = products
                .into_iter()
                .map(|p| view! { <ProductRow product=p on_edit=move |id| editing.set(Some(id)) /> })
                .collect_view();
            view! { <DataTable columns=COLUMNS actions=true>{rows}</DataTable> }.into_any()
        },
    );
    view! {
        <PageHeader title=Msg::ProductsTitle subtitle=Msg::ProductsSummary />
        <div class="stack" data-testid="products-page">
            <FlashNotice flash=flash />
            <Panel title=Msg::ProductsListTitle subtitle=Msg::ProductsListSubtitle actions=actions>
                {body}
            </Panel>
        </div>
        {move || {
            creating
                .get()
                .then(|| {
                    view! {
                        <CreateProductDialog
                            on_close=move |()| creating.set(false)
                            on_created=move |product: Product| {
                                creating.set(false);
                                list.reload();
                                flash.set(Some(Flash::done(Msg::ProductCreatedFlash, product.name)));
                            }
                        />
                    }
                })
        }}
        {move || {
            editing
                .get()
                .map(|id| {
                    view! {
                        <ProductEditor
                            id=id
                            on_close=move |()| {
                                editing.set(None);
                                list.reload();
                            }
                        />
                    }
                })
        }}
    }
}

/// Lowest and highest price of the active variants, e.g. `¥1,980 – ¥2,480`.
fn price_range(variants: &[Variant]) -> String {
    let prices: Vec<(i64, String)> = variants
        .iter()
        .filter(|v| !v.archived)
        .map(|v| {
            let minor = v
                .price
                .currency_code
                .parse::<CurrencyCode>()
                .ok()
                .and_then(|c| Money::parse_decimal(&v.price.amount, c).ok())
                .map_or(0, |m| m.amount_minor);
            (minor, v.price.display())
        })
        .collect();
    let low = prices.iter().min_by_key(|(m, _)| *m);
    let high = prices.iter().max_by_key(|(m, _)| *m);
    match (low, high) {
        (Some((l, low)), Some((h, high))) if l != h => format!("{low} – {high}"),
        (Some((_, low)), _) => low.clone(),
        _ => "—".to_owned(),
    }
}

#[component]
fn ProductRow(product: Product, #[prop(into)] on_edit: Callback<String>) -> impl IntoView {
    let active: Vec<&Variant> = product.variants.iter().filter(|v| !v.archived).collect();
    let count = active.len();
    let skus = active
        .iter()
        .take(3)
        .map(|v| view! { <span class="chip mono">{v.sku.clone()}</span> })
        .collect_view();
    let more = count.saturating_sub(3);
    let price = price_range(&product.variants);
    let (id, id_for_name) = (product.id.clone(), product.id.clone());
    let status = product.status;
    view! {
        <tr data-testid="product-row" data-name=product.name.clone() data-status=status.as_str()>
            <td>
                <button class="link-button cell-primary" type="button" on:click=move |_| on_edit.run(id_for_name.clone())>
                    {product.name.clone()}
                </button>
                {(!product.option_names.is_empty()).then(|| view! { <span class="cell-sub">{product.option_names.join(" / ")}</span> })}
            </td>
            <td>
                <span class="badge" class:badge-ok=status == ProductStatus::Active data-status=status.as_str()>
                    {tr(product_status_label(status))}
                </span>
            </td>
            <td class="cell-muted">{tr(tax_class_label(product.tax_class))}</td>
            <td>
                <div class="chips">
                    {skus}
                    {(more > 0).then(|| view! { <span class="chip">{format!("+{more}")}</span> })}
                </div>
            </td>
            <td class="cell-number cell-nowrap">{price}</td>
            <td class="cell-actions">
                <button class="button button-small button-ghost" type="button" data-testid="product-edit" on:click=move |_| on_edit.run(id.clone())>
                    <Icon kind=IconKind::Edit />
                    <span>{tr(Msg::Edit)}</span>
                </button>
            </td>
        </tr>
    }
}

/// A select of tax classes bound to `value`.
fn tax_select(value: RwSignal<TaxClass>, testid: &'static str) -> impl IntoView {
    view! {
        <select
            class="select"
            id="field-taxClass"
            data-testid=testid
            on:change=move |ev| {
                if let Ok(t) = event_target_value(&ev).parse::<TaxClass>() {
                    value.set(t);
                }
            }
        >
            {TaxClass::ALL
                .iter()
                .map(|t| view! { <option value=t.as_str() selected=move || value.get() == *t>{tr(tax_class_label(*t))}</option> })
                .collect_view()}
        </select>
    }
}

/// A select of product statuses bound to `value`.
fn status_select(value: RwSignal<ProductStatus>, testid: &'static str) -> impl IntoView {
    view! {
        <select
            class="select"
            id="field-status"
            data-testid=testid
            on:change=move |ev| {
                if let Ok(s) = event_target_value(&ev).parse::<ProductStatus>() {
                    value.set(s);
                }
            }
        >
            {ProductStatus::ALL
                .iter()
                .map(|s| view! { <option value=s.as_str() selected=move || value.get() == *s>{tr(product_status_label(*s))}</option> })
                .collect_view()}
        </select>
    }
}

/// One labelled select with its error.
#[component]
fn SelectField(
    name: &'static str,
    label: Msg,
    #[prop(into)] error: Signal<Option<Problem>>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="field" class:field-invalid=move || error.with(Option::is_some)>
            <label class="field-label" for=format!("field-{name}")>{tr(label)}</label>
            {children()}
            <FieldError name=name error=error />
        </div>
    }
}

/// The inputs of one variant, in a row: SKU, barcode, price, cost and one per option.
#[component]
fn VariantInputs(
    fields: VariantFields,
    #[prop(into)] option_names: Signal<Vec<String>>,
    currency: CurrencyCode,
) -> impl IntoView {
    let i18n = use_i18n();
    let errors = fields.errors;
    let input = move |value: RwSignal<String>,
                      field: &'static str,
                      label: Msg,
                      placeholder: &'static str,
                      mode: &'static str| {
        view! {
            <div class="variant-field" class:field-invalid=move || errors.with(|e| e.field(field).is_some())>
                <input
                    class="input input-compact"
                    inputmode=mode
                    autocomplete="off"
                    data-testid=format!("variant-{field}")
                    aria-label=move || i18n.t(label)
                    placeholder=placeholder
                    aria-invalid=move || errors.with(|e| e.field(field).is_some()).to_string()
                    prop:value=move || value.get()
                    on:input=move |ev| {
                        value.set(event_target_value(&ev));
                        errors.update(|e| e.replace(field, None));
                    }
                />
                <FieldError name=field error=Signal::derive(move || errors.with(|e| e.field(field))) />
            </div>
        }
    };
    let options = move || {
        option_names
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, name)| {
                let value = move || {
                    fields
                        .options
                        .with(|o| o.get(i).cloned().unwrap_or_default())
                };
                view! {
                    <div class="variant-field">
                        <input
                            class="input input-compact"
                            autocomplete="off"
                            data-testid="variant-option"
                            aria-label=name.clone()
                            placeholder=name
                            prop:value=value
                            on:input=move |ev| {
                                let text = event_target_value(&ev);
                                fields.options.update(|o| {
                                    if o.len() <= i {
                                        o.resize(i + 1, String::new());
                                    }
                                    o[i] = text;
                                });
                            }
                        />
                    </div>
                }
            })
            .collect_view()
    };
    let price_hint = if currency.minor_units() == 0 {
        "1980"
    } else {
        "19.80"
    };
    view! {
        {input(fields.sku, "sku", Msg::FieldSku, "TS-001-M", "text")}
        {input(fields.barcode, "barcode", Msg::FieldBarcode, "4901234567894", "numeric")}
        {input(fields.price, "price", Msg::FieldPrice, price_hint, "decimal")}
        {input(fields.cost, "cost", Msg::FieldCost, "", "decimal")}
        {options}
    }
}

/// The grid columns of variant rows: SKU, barcode, price, cost, one per option, and the
/// remove button.
fn variant_template(options: usize) -> String {
    format!(
        "--variant-template: minmax(130px, 1.3fr) minmax(130px, 1.2fr) minmax(90px, 0.8fr) minmax(90px, 0.8fr) {}36px",
        "minmax(90px, 0.8fr) ".repeat(options)
    )
}

/// The header cells over [`VariantInputs`].
fn variant_headers(option_names: Signal<Vec<String>>) -> impl IntoView {
    view! {
        <span>{tr(Msg::FieldSku)}</span>
        <span>{tr(Msg::FieldBarcode)}</span>
        <span>{tr(Msg::FieldPrice)}</span>
        <span>{tr(Msg::FieldCost)}</span>
        {move || option_names.get().into_iter().map(|n| view! { <span>{n}</span> }).collect_view()}
    }
}

/// The fields of the create form the server may name.
const CREATE_FIELDS: &[&str] = &[
    "name",
    "description",
    "taxClass",
    "status",
    "optionNames",
    "variants",
    "variants.sku",
    "variants.barcode",
    "variants.options",
    "price",
    "cost",
];

/// A new product: its fields, option names and variant rows.
#[component]
fn CreateProductDialog(
    #[prop(into)] on_close: Callback<()>,
    #[prop(into)] on_created: Callback<Product>,
) -> impl IntoView {
    let currency = use_currency();
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let tax_class = RwSignal::new(TaxClass::Standard);
    let status = RwSignal::new(ProductStatus::Active);
    let option_text = RwSignal::new(String::new());
    let option_names = Signal::derive(move || option_text.with(|t| parse_option_names(t)));
    let rows = RwSignal::new(vec![(0_u32, VariantFields::new(None))]);
    let next_row = StoredValue::new(1_u32);
    let form = FormState::default();
    let name_ref = NodeRef::<Input>::new();
    // One key per dialog, so a double click creates one product.
    let idempotency = StoredValue::new(idempotency_key());
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let names = option_names.get_untracked();
        let mut variants = Vec::new();
        let mut rows_ok = true;
        rows.with_untracked(|rows| {
            for (_, fields) in rows {
                match fields.check(currency, names.len()) {
                    Ok(input) => {
                        fields.errors.set(FormErrors::default());
                        variants.push(input);
                    }
                    Err(errors) => {
                        fields.errors.set(errors);
                        rows_ok = false;
                    }
                }
            }
        });
        if !form.begin(
            || {
                let mut errors = FormErrors::default();
                if !rows_ok {
                    errors.set_form(Some(Problem::Msg(Msg::FixVariantRows)));
                }
                errors
            },
            |_| {},
        ) {
            return;
        }
        let input = CreateProductInput {
            name: name.get_untracked().trim().to_owned(),
            description: description.get_untracked().trim().to_owned(),
            tax_class: tax_class.get_untracked(),
            status: status.get_untracked(),
            option_names: names,
            variants,
            idempotency_key: idempotency.get_value(),
        };
        leptos::task::spawn_local(async move {
            let result = products::create_product(input).await;
            let explain = |e: &_| catalog_errors(e, CREATE_FIELDS);
            let focus = |e: &FormErrors| focus_first_invalid(e, &[("name", name_ref)]);
            if let Some(product) = form.settle(result, explain, focus) {
                on_created.run(product);
            }
        });
    };
    let add_row = move |_| {
        let key = next_row.get_value();
        next_row.set_value(key + 1);
        rows.update(|r| r.push((key, VariantFields::new(None))));
    };
    let variant_errors = [
        "variants",
        "variants.sku",
        "variants.barcode",
        "variants.options",
        "price",
        "cost",
    ]
    .into_iter()
    .map(|f| view! { <FieldError name=f error=form.field(f) /> })
    .collect_view();
    view! {
        <Dialog title=Msg::CreateProduct testid="create-product-dialog" on_close=on_close class="dialog-wide dialog-xl">
            <form class="dialog-body dialog-form" novalidate on:submit=on_submit>
                <FormError error=form.form() />
                <div class="form-row">
                    <TextField
                        name="name"
                        label=Msg::FieldProductName
                        autocomplete="off"
                        testid="product-name"
                        placeholder=Msg::PlaceholderProductName
                        value=name
                        node_ref=name_ref
                        error=form.field("name")
                    />
                    <SelectField name="taxClass" label=Msg::FieldTaxClass error=form.field("taxClass")>
                        {tax_select(tax_class, "product-tax-class")}
                    </SelectField>
                    <SelectField name="status" label=Msg::ColumnStatus error=form.field("status")>
                        {status_select(status, "product-status")}
                    </SelectField>
                </div>
                <TextField
                    name="description"
                    label=Msg::FieldDescription
                    autocomplete="off"
                    testid="product-description"
                    value=description
                    error=form.field("description")
                />
                <TextField
                    name="optionNames"
                    label=Msg::FieldOptionNames
                    autocomplete="off"
                    testid="product-option-names"
                    placeholder=Msg::PlaceholderOptionNames
                    hint=Msg::FieldOptionNamesHint
                    value=option_text
                    error=form.field("optionNames")
                />
                <fieldset class="field variant-fieldset">
                    <legend class="field-label">{tr(Msg::VariantsTitle)}</legend>
                    <div
                        class="variant-grid"
                        style=move || variant_template(option_names.with(Vec::len))
                    >
                        <div class="variant-grid-head">
                            {variant_headers(option_names)}
                            <span></span>
                        </div>
                        <For
                            each=move || rows.get()
                            key=|(key, _)| *key
                            children=move |(key, fields)| {
                                view! {
                                    <div class="variant-grid-row" data-testid="variant-row">
                                        <VariantInputs fields=fields option_names=option_names currency=currency />
                                        <button
                                            class="icon-button"
                                            type="button"
                                            aria-label=tr(Msg::RemoveVariant)
                                            title=tr(Msg::RemoveVariant)
                                            disabled=move || rows.with(|r| r.len() <= 1)
                                            on:click=move |_| rows.update(|r| r.retain(|(k, _)| *k != key))
                                        >
                                            <Icon kind=IconKind::Trash />
                                        </button>
                                    </div>
                                }
                            }
                        />
                    </div>
                    {variant_errors}
                    <div>
                        <button class="button button-small" type="button" data-testid="add-variant-row" on:click=add_row>
                            <Icon kind=IconKind::Plus />
                            <span>{tr(Msg::AddVariant)}</span>
                        </button>
                    </div>
                </fieldset>
                <DialogFormActions
                    on_cancel=on_close
                    label=Msg::CreateProduct
                    busy_label=Msg::Saving
                    testid="product-submit"
                    busy=form.busy
                />
            </form>
        </Dialog>
    }
}

/// The fields of the product form the server may name.
const PRODUCT_FIELDS: &[&str] = &["name", "description", "taxClass", "status"];
/// The fields of a variant form the server may name.
const VARIANT_FIELDS: &[&str] = &["sku", "barcode", "price", "cost", "options"];

/// An existing product: its own fields, then its variants to edit, archive or add to.
#[component]
fn ProductEditor(id: String, #[prop(into)] on_close: Callback<()>) -> impl IntoView {
    let product = LocalResource::new({
        let id = id.clone();
        move || products::product(id.clone())
    });
    // Kept here, not in the body, so they survive the refetch after each change.
    let notice = RwSignal::new(None::<Flash>);
    let saved = RwSignal::new(false);
    let body = move || {
        match product.get() {
        None => view! { <div class="dialog-body"><Skeleton lines=6 /></div> }.into_any(),
        Some(Err(error)) => view! {
            <div class="dialog-body">
                <ErrorNotice error=error on_retry=move |()| product.refetch() />
            </div>
        }
        .into_any(),
        Some(Ok(p)) => {
            view! { <ProductEditorBody product=p notice=notice saved=saved on_changed=move |()| product.refetch() /> }
                .into_any()
        }
    }
    };
    view! {
        <Dialog title=Msg::EditProduct testid="product-editor" on_close=on_close class="dialog-wide dialog-xl">
            {body}
            <footer class="dialog-actions">
                <button class="button" type="button" data-testid="product-editor-close" on:click=move |_| on_close.run(())>
                    {tr(Msg::Done)}
                </button>
            </footer>
        </Dialog>
    }
}

/// What the editor is doing with a variant row.
#[derive(Debug, Clone, PartialEq, Eq)]
enum VariantEdit {
    None,
    Adding,
    Editing(String),
}

#[component]
fn ProductEditorBody(
    product: Product,
    /// The outcome of the last variant action.
    notice: RwSignal<Option<Flash>>,
    /// True after the product's own fields were saved.
    saved: RwSignal<bool>,
    #[prop(into)] on_changed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let currency = use_currency();
    let name = RwSignal::new(product.name.clone());
    let description = RwSignal::new(product.description.clone());
    let tax_class = RwSignal::new(product.tax_class);
    let status = RwSignal::new(product.status);
    let form = FormState::default();
    let product_id = product.id.clone();
    let on_save = move |ev: SubmitEvent| {
        ev.prevent_default();
        if !form.begin(FormErrors::default, |_| {}) {
            return;
        }
        saved.set(false);
        let input = UpdateProductInput {
            name: name.get_untracked().trim().to_owned(),
            description: description.get_untracked().trim().to_owned(),
            tax_class: tax_class.get_untracked(),
            status: status.get_untracked(),
        };
        let id = product_id.clone();
        leptos::task::spawn_local(async move {
            let result = products::update_product(id, input).await;
            let explain = |e: &_| catalog_errors(e, PRODUCT_FIELDS);
            if form.settle(result, explain, |_| {}).is_some() {
                saved.try_set(true);
                on_changed.run(());
            }
        });
    };
    let option_names = Signal::stored(product.option_names.clone());
    let edit = RwSignal::new(VariantEdit::None);
    let archive = move |variant: Variant| {
        let sku = variant.sku.clone();
        let archive = !variant.archived;
        leptos::task::spawn_local(async move {
            match products::set_variant_archived(variant.id, archive).await {
                Ok(()) => {
                    let msg = if archive {
                        Msg::VariantArchivedFlash
                    } else {
                        Msg::VariantRestoredFlash
                    };
                    notice.try_set(Some(Flash::done(msg, sku)));
                    on_changed.run(());
                }
                Err(error) => {
                    notice.try_set(Some(Flash::failed(error_message(&error))));
                }
            }
        });
    };
    let product_for_add = product.id.clone();
    let variants = product.variants.clone();
    let rows = move || {
        variants
            .iter()
            .map(|variant| {
                let editing_this = {
                    let id = variant.id.clone();
                    move || edit.with(|e| *e == VariantEdit::Editing(id.clone()))
                };
                let v = variant.clone();
                let (for_edit, for_archive) = (variant.clone(), variant.clone());
                move || {
                    if editing_this() {
                        let v = v.clone();
                        view! {
                            <div class="variant-editing" data-testid="variant-edit-row">
                                <VariantForm
                                    product_id=None
                                    variant=Some(v)
                                    option_names=option_names
                                    currency=currency
                                    on_cancel=move |()| edit.set(VariantEdit::None)
                                    on_saved=move |saved: Variant| {
                                        edit.set(VariantEdit::None);
                                        notice.set(Some(Flash::done(Msg::VariantSavedFlash, saved.sku)));
                                        on_changed.run(());
                                    }
                                />
                            </div>
                        }
                        .into_any()
                    } else {
                        let (for_edit, for_archive) = (for_edit.clone(), for_archive.clone());
                        let archived = for_archive.archived;
                        view! {
                            <div
                                class="variant-line"
                                class:row-inactive=archived
                                data-testid="variant-line"
                                data-sku=for_edit.sku.clone()
                                data-state=if archived { "archived" } else { "active" }
                            >
                                <code class="mono chip">{for_edit.sku.clone()}</code>
                                <span class="variant-line-title">
                                    {if for_edit.title.is_empty() { "—".to_owned() } else { for_edit.title.clone() }}
                                </span>
                                <span class="cell-muted mono">{for_edit.barcode.clone().unwrap_or_default()}</span>
                                <span class="cell-number">{for_edit.price.display()}</span>
                                <span class="cell-muted cell-number">
                                    {for_edit.cost.as_ref().map(|c| c.display()).unwrap_or_else(|| "—".to_owned())}
                                </span>
                                <span>{archived.then(|| view! { <span class="badge">{tr(Msg::StatusArchived)}</span> })}</span>
                                <span class="row-actions">
                                    <button
                                        class="button button-small button-ghost"
                                        type="button"
                                        data-testid="variant-edit"
                                        on:click={
                                            let id = for_edit.id.clone();
                                            move |_| edit.set(VariantEdit::Editing(id.clone()))
                                        }
                                    >
                                        <Icon kind=IconKind::Edit />
                                        <span>{tr(Msg::Edit)}</span>
                                    </button>
                                    <button
                                        class="button button-small button-ghost"
                                        type="button"
                                        data-testid=if archived { "variant-restore" } else { "variant-archive" }
                                        on:click=move |_| archive(for_archive.clone())
                                    >
                                        <Icon kind=if archived { IconKind::Restore } else { IconKind::Archive } />
                                        <span>{tr(if archived { Msg::Restore } else { Msg::Archive })}</span>
                                    </button>
                                </span>
                            </div>
                        }
                        .into_any()
                    }
                }
            })
            .collect_view()
    };
    view! {
        <form class="dialog-body dialog-form" novalidate on:submit=on_save data-testid="product-form">
            <FormError error=form.form() />
            <div class="form-row">
                <TextField
                    name="name"
                    label=Msg::FieldProductName
                    autocomplete="off"
                    testid="product-name"
                    value=name
                    error=form.field("name")
                />
                <SelectField name="taxClass" label=Msg::FieldTaxClass error=form.field("taxClass")>
                    {tax_select(tax_class, "product-tax-class")}
                </SelectField>
                <SelectField name="status" label=Msg::ColumnStatus error=form.field("status")>
                    {status_select(status, "product-status")}
                </SelectField>
            </div>
            <TextField
                name="description"
                label=Msg::FieldDescription
                autocomplete="off"
                testid="product-description"
                value=description
                error=form.field("description")
            />
            <div class="form-actions">
                {move || saved.get().then(|| view! { <span class="saved-mark" data-testid="product-saved"><Icon kind=IconKind::Check />{move || i18n.t(Msg::Saved)}</span> })}
                <SubmitButton label=Msg::SaveChanges busy_label=Msg::Saving testid="product-save" busy=form.busy />
            </div>
        </form>
        <section class="dialog-body dialog-section">
            <h3 class="form-section-title">{tr(Msg::VariantsTitle)}</h3>
            {(!product.option_names.is_empty()).then(|| view! { <p class="muted small">{tr(Msg::FieldOptionNames)} ": " {product.option_names.join(" / ")}</p> })}
            <FlashNotice flash=notice />
            <div class="variant-list" data-testid="variant-list">
                <div class="variant-line variant-line-head">
                    <span>{tr(Msg::FieldSku)}</span>
                    <span>{tr(Msg::FieldOptionNames)}</span>
                    <span>{tr(Msg::FieldBarcode)}</span>
                    <span class="cell-number">{tr(Msg::FieldPrice)}</span>
                    <span class="cell-number">{tr(Msg::FieldCost)}</span>
                    <span></span>
                    <span></span>
                </div>
                {rows}
            </div>
            {move || {
                if edit.get() == VariantEdit::Adding {
                    view! {
                        <div class="variant-editing" data-testid="variant-add-row">
                            <VariantForm
                                product_id=Some(product_for_add.clone())
                                variant=None
                                option_names=option_names
                                currency=currency
                                on_cancel=move |()| edit.set(VariantEdit::None)
                                on_saved=move |saved: Variant| {
                                    edit.set(VariantEdit::None);
                                    notice.set(Some(Flash::done(Msg::VariantAddedFlash, saved.sku)));
                                    on_changed.run(());
                                }
                            />
                        </div>
                    }
                    .into_any()
                } else {
                    view! {
                        <div>
                            <button class="button button-small" type="button" data-testid="add-variant" on:click=move |_| edit.set(VariantEdit::Adding)>
                                <Icon kind=IconKind::Plus />
                                <span>{tr(Msg::AddVariant)}</span>
                            </button>
                        </div>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

/// Adds a variant to `product_id`, or edits `variant`.
#[component]
fn VariantForm(
    product_id: Option<String>,
    variant: Option<Variant>,
    #[prop(into)] option_names: Signal<Vec<String>>,
    currency: CurrencyCode,
    #[prop(into)] on_cancel: Callback<()>,
    #[prop(into)] on_saved: Callback<Variant>,
) -> impl IntoView {
    let fields = VariantFields::new(variant.as_ref());
    let form = FormState::default();
    let variant_id = variant.map(|v| v.id);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let checked = fields.check(currency, option_names.with_untracked(Vec::len));
        let local = checked.as_ref().err().cloned();
        if let Some(errors) = &local {
            fields.errors.set(errors.clone());
        }
        if !form.begin(
            || {
                let mut errors = FormErrors::default();
                if local.is_some() {
                    errors.set_form(Some(Problem::Msg(Msg::ErrorValidation)));
                }
                errors
            },
            |_| {},
        ) {
            return;
        }
        let Ok(input) = checked else {
            return;
        };
        let (product_id, variant_id) = (product_id.clone(), variant_id.clone());
        leptos::task::spawn_local(async move {
            let result = match (variant_id, product_id) {
                (Some(id), _) => products::update_variant(id, input).await,
                (None, Some(product)) => products::add_variant(product, input).await,
                (None, None) => return,
            };
            let explain = |e: &_| {
                let errors = catalog_errors(e, VARIANT_FIELDS);
                fields.errors.set(errors.clone());
                let mut form_level = FormErrors::default();
                form_level.set_form(errors.form());
                form_level
            };
            if let Some(saved) = form.settle(result, explain, |_| {}) {
                on_saved.run(saved);
            }
        });
    };
    view! {
        <form class="variant-form" novalidate on:submit=on_submit data-testid="variant-form">
            <FormError error=form.form() />
            <div class="variant-grid" style=move || variant_template(option_names.with(Vec::len))>
                <div class="variant-grid-head">{variant_headers(option_names)}</div>
                <div class="variant-grid-row">
                    <VariantInputs fields=fields option_names=option_names currency=currency />
                </div>
            </div>
            <div class="form-actions">
                <button class="button" type="button" on:click=move |_| on_cancel.run(())>{tr(Msg::Cancel)}</button>
                <SubmitButton label=Msg::SaveVariant busy_label=Msg::Saving testid="variant-submit" busy=form.busy />
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_are_checked_with_the_shared_rules() {
        let ok = check_variant(
            " TS-001-M ",
            "4901234567894",
            "1980",
            "",
            &["M".to_owned()],
            1,
            CurrencyCode::Jpy,
        )
        .expect("valid");
        assert_eq!(ok.sku, "TS-001-M");
        assert_eq!(ok.price, "1980");
        assert_eq!(ok.cost, None);
        assert_eq!(ok.options, ["M"]);

        let errors = check_variant(
            "T S",
            "4901234567890",
            "19.8",
            "x",
            &[],
            0,
            CurrencyCode::Jpy,
        )
        .expect_err("invalid");
        for field in ["sku", "barcode", "price", "cost"] {
            assert!(errors.field(field).is_some(), "{field}");
        }
    }

    #[test]
    fn option_names_split_on_either_comma() {
        assert_eq!(parse_option_names("Size, Colour"), ["Size", "Colour"]);
        assert_eq!(parse_option_names("サイズ、カラー"), ["サイズ", "カラー"]);
        assert!(parse_option_names(" , ").is_empty());
    }
}
