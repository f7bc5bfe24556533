//! The mapping table on a channel's page: which provider item is which Kura variant, and
//! which provider location is which Kura location. Kura fills it itself when a SKU or
//! barcode matches; staff add the rest by picking the product (SKU or barcode, shown before
//! saving) or one of the channel's locations, and remove a wrong one.

use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;

use crate::api::catalog::products::{self, FoundVariant};
use crate::api::channels::mappings::{self, Mapping, MappingKind, NewMapping};
use crate::api::channels::setup::ChannelSettings;
use crate::components::{
    DataTable, FieldError, FormError, FormErrors, FormState, Icon, IconKind, Panel, Problem,
    RowAction, SubmitButton, TextField, resource_list,
};
use crate::i18n::{Msg, error_message, format_date, tr, use_i18n};

/// The form's fields, as the API names them.
const FIELDS: &[&str] = &["externalId", "externalRef", "kuraId"];

/// Headings of the mapping table, before the actions column.
const COLUMNS: &[Msg] = &[
    Msg::ColumnKind,
    Msg::MapExternalId,
    Msg::MapKuraItem,
    Msg::MapSource,
    Msg::MapSince,
];

/// Whether a mapping matches the filter text (provider id, SKU, product or location).
fn matches(mapping: &Mapping, filter: &str) -> bool {
    let filter = filter.trim().to_lowercase();
    if filter.is_empty() {
        return true;
    }
    let mut haystack = vec![mapping.external_id.as_str()];
    haystack.extend(mapping.external_ref.as_deref());
    if let Some(v) = &mapping.variant {
        haystack.extend([v.sku.as_str(), v.title.as_str(), v.product.name.as_str()]);
    }
    if let Some(l) = &mapping.location {
        haystack.extend([l.code.as_str(), l.name.as_str()]);
    }
    haystack
        .iter()
        .any(|text| text.to_lowercase().contains(&filter))
}

/// The table and the form that adds to it.
#[component]
pub fn MappingsPanel(channel: ChannelSettings) -> impl IntoView {
    if !channel.provider.receives_webhooks() {
        return ().into_any();
    }
    let channel_id = channel.id.clone();
    let list = LocalResource::new({
        let id = channel_id.clone();
        move || mappings::mappings(id.clone())
    });
    let filter = RwSignal::new(String::new());
    let i18n = use_i18n();
    let table = resource_list(
        list,
        4,
        || {
            view! { <p class="muted panel-note" data-testid="mappings-empty">{tr(Msg::MappingsEmpty)}</p> }.into_any()
        },
        move |rows| {
            let rows = move || {
                let needle = filter.get();
                rows.iter()
                    .filter(|m| matches(m, &needle))
                    .cloned()
                    .map(|m| view! { <MappingRow mapping=m on_removed=move |()| list.refetch() /> })
                    .collect_view()
            };
            view! {
                <div data-testid="mappings">
                    <DataTable columns=COLUMNS actions=true>{rows}</DataTable>
                </div>
            }
            .into_any()
        },
    );
    let actions = move || {
        view! {
            <div class="panel-actions">
                <input
                    class="input input-small"
                    type="search"
                    data-testid="mappings-filter"
                    placeholder=move || i18n.t(Msg::MappingsFilter)
                    prop:value=move || filter.get()
                    on:input=move |ev| filter.set(event_target_value(&ev))
                />
            </div>
        }
    };
    view! {
        <Panel title=Msg::MappingsTitle subtitle=Msg::MappingsSummary actions=actions>
            <AddMapping channel=channel on_added=move |()| list.refetch() />
            {table}
        </Panel>
    }
    .into_any()
}

#[component]
fn MappingRow(mapping: Mapping, #[prop(into)] on_removed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<Msg>);
    let (kind, external_id) = (mapping.kind, mapping.external_id.clone());
    let channel = mapping.channel_id.clone();
    let remove = move || {
        let (channel, external_id) = (channel.clone(), external_id.clone());
        leptos::task::spawn_local(async move {
            match mappings::unmap_item(channel, kind, external_id).await {
                Ok(()) => on_removed.run(()),
                Err(e) => {
                    error.try_set(Some(error_message(&e)));
                }
            }
        });
    };
    let target = match (&mapping.variant, &mapping.location) {
        (Some(v), _) => view! {
            <span class="cell-primary">{v.product.name.clone()}</span>
            {(!v.title.is_empty()).then(|| view! { <span class="cell-sub">{v.title.clone()}</span> })}
            <span class="cell-sub mono">{v.sku.clone()}</span>
        }
        .into_any(),
        (None, Some(l)) => view! {
            <span class="cell-primary">{l.name.clone()}</span>
            <span class="cell-sub mono">{l.code.clone()}</span>
        }
        .into_any(),
        (None, None) => view! { <span class="cell-faint">"—"</span> }.into_any(),
    };
    let source = if mapping.source == "AUTO" {
        Msg::MapSourceAuto
    } else {
        Msg::MapSourceManual
    };
    view! {
        <tr data-testid="mapping-row" data-external-id=mapping.external_id.clone()>
            <td>{tr(match kind {
                MappingKind::Variant => Msg::MapKindVariant,
                MappingKind::Location => Msg::MapKindLocation,
            })}</td>
            <td>
                <code class="mono">{mapping.external_id.clone()}</code>
                {mapping.external_ref.clone().map(|r| view! { <span class="cell-sub mono">{r}</span> })}
            </td>
            <td>{target}</td>
            <td><span class="badge">{tr(source)}</span></td>
            <td class="cell-muted">{move || format_date(&mapping.created_at, i18n.lang()).unwrap_or_default()}</td>
            <td class="cell-actions">
                <RowAction
                    label=Msg::MapRemove
                    testid="mapping-remove"
                    icon=IconKind::Trash
                    on_click=move |()| remove()
                />
                {move || error.get().map(|e| view! { <span class="field-error small">{tr(e)}</span> })}
            </td>
        </tr>
    }
}

/// Provider id, Kura item, save.
#[component]
fn AddMapping(channel: ChannelSettings, #[prop(into)] on_added: Callback<()>) -> impl IntoView {
    let kind = RwSignal::new(MappingKind::Variant);
    let external_id = RwSignal::new(String::new());
    let external_ref = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let found = RwSignal::new(None::<FoundVariant>);
    let location = RwSignal::new(
        channel
            .locations
            .first()
            .map(|l| l.id.clone())
            .unwrap_or_default(),
    );
    let shopify = channel.provider == kura_shared::ChannelProvider::Shopify;
    let form = FormState::default();
    // The product is shown as soon as the code is complete, before anything is saved.
    let look_up = move || {
        let typed = code.get_untracked();
        found.set(None);
        if typed.trim().is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            if let Ok(hit) = products::find_variant(typed.clone()).await
                && code.get_untracked() == typed
            {
                let missing = hit.is_none();
                found.try_set(hit);
                form.errors.try_update(|e| {
                    e.replace(
                        "kuraId",
                        missing.then_some(Problem::Msg(Msg::SyncNoSuchProduct)),
                    );
                });
            }
        });
    };
    let channel_id = channel.id.clone();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (ext, kind_now) = (external_id.get_untracked(), kind.get_untracked());
        let typed = code.get_untracked();
        let check = || {
            let mut errors = FormErrors::default();
            if ext.trim().is_empty() {
                errors.add("externalId", Problem::Msg(Msg::ReasonRequired));
            }
            if kind_now == MappingKind::Variant && typed.trim().is_empty() {
                errors.add("kuraId", Problem::Msg(Msg::ReasonRequired));
            }
            errors
        };
        if !form.begin(check, |_| {}) {
            return;
        }
        let channel_id = channel_id.clone();
        let reference = Some(external_ref.get_untracked().trim().to_owned())
            .filter(|r| !r.is_empty() && kind_now == MappingKind::Variant);
        let location_id = location.get_untracked();
        leptos::task::spawn_local(async move {
            let kura_id = match kind_now {
                MappingKind::Location => Ok(Some(location_id)),
                MappingKind::Variant => products::find_variant(typed)
                    .await
                    .map(|hit| hit.map(|v| v.id)),
            };
            let result = match kura_id {
                Ok(Some(kura_id)) => {
                    let input = NewMapping {
                        channel_id,
                        kind: kind_now,
                        external_id: ext.trim().to_owned(),
                        external_ref: reference,
                        kura_id,
                    };
                    mappings::map_item(input).await
                }
                Ok(None) => {
                    form.busy.try_set(false);
                    form.errors
                        .try_update(|e| e.add("kuraId", Problem::Msg(Msg::SyncNoSuchProduct)));
                    return;
                }
                Err(e) => Err(e),
            };
            let explain = |e: &_| FormErrors::from_api(e, FIELDS, Msg::ErrorUnauthenticated);
            if form.settle(result, explain, |_| {}).is_some() {
                external_id.set(String::new());
                external_ref.set(String::new());
                code.set(String::new());
                found.set(None);
                on_added.run(());
            }
        });
    };
    let locations = channel
        .locations
        .iter()
        .map(|l| {
            let id = l.id.clone();
            view! { <option value=id.clone() selected=move || location.get() == id>{format!("{} ({})", l.name, l.code)}</option> }
        })
        .collect_view();
    let target = move || {
        match kind.get() {
        MappingKind::Variant => view! {
            <div class="field" class:field-invalid=move || form.errors.with(|e| e.field("kuraId").is_some())>
                <label class="field-label" for="field-kuraId">{tr(Msg::MapKuraVariant)}</label>
                <input
                    class="input"
                    id="field-kuraId"
                    autocomplete="off"
                    data-testid="mapping-code"
                    prop:value=move || code.get()
                    on:input=move |ev| code.set(event_target_value(&ev))
                    on:change=move |_| look_up()
                />
                <FieldError name="kuraId" error=form.field("kuraId") />
                {move || found.get().map(|v| view! {
                    <p class="field-hint" data-testid="mapping-found">
                        <Icon kind=IconKind::Check />
                        {format!(" {} {} · {}", v.product.name, v.title, v.sku)}
                    </p>
                })}
            </div>
        }
        .into_any(),
        MappingKind::Location => view! {
            <div class="field">
                <label class="field-label" for="field-location">{tr(Msg::MapKuraLocation)}</label>
                <select
                    class="select"
                    id="field-location"
                    data-testid="mapping-location"
                    on:change=move |ev| location.set(event_target_value(&ev))
                >
                    {locations.clone()}
                </select>
            </div>
        }
        .into_any(),
    }
    };
    view! {
        <form class="panel-form mapping-form" novalidate on:submit=on_submit data-testid="mapping-form">
            <FormError error=form.form() />
            <div class="form-row">
                <div class="field">
                    <label class="field-label" for="field-mapping-kind">{tr(Msg::ColumnKind)}</label>
                    <select
                        class="select"
                        id="field-mapping-kind"
                        data-testid="mapping-kind"
                        on:change=move |ev| {
                            kind.set(if event_target_value(&ev) == "LOCATION" {
                                MappingKind::Location
                            } else {
                                MappingKind::Variant
                            });
                        }
                    >
                        <option value="VARIANT">{tr(Msg::MapKindVariant)}</option>
                        <option value="LOCATION">{tr(Msg::MapKindLocation)}</option>
                    </select>
                </div>
                <TextField
                    name="externalId"
                    label=Msg::MapExternalId
                    autocomplete="off"
                    testid="mapping-external-id"
                    hint=Msg::MapExternalIdHint
                    value=external_id
                    error=form.field("externalId")
                />
            </div>
            <div class="form-row">
                {target}
                {move || (shopify && kind.get() == MappingKind::Variant).then(|| view! {
                    <TextField
                        name="externalRef"
                        label=Msg::MapExternalRef
                        autocomplete="off"
                        testid="mapping-external-ref"
                        hint=Msg::MapExternalRefHint
                        value=external_ref
                        error=form.field("externalRef")
                    />
                })}
            </div>
            <div class="form-actions">
                <SubmitButton label=Msg::MapAdd busy_label=Msg::Saving testid="mapping-submit" busy=form.busy />
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::catalog::products::{ProductRef, VariantRef};

    fn mapping() -> Mapping {
        Mapping {
            kind: MappingKind::Variant,
            external_id: "gid-4411".to_owned(),
            external_ref: Some("inv-77".to_owned()),
            source: "AUTO".to_owned(),
            created_at: "2026-11-27T10:00:00Z".to_owned(),
            channel_id: "C1".to_owned(),
            kura_id: "V1".to_owned(),
            variant: Some(VariantRef {
                sku: "TEE-M-NAVY".to_owned(),
                title: "M / Navy".to_owned(),
                product: ProductRef {
                    name: "Organic tee".to_owned(),
                },
            }),
            location: None,
        }
    }

    #[test]
    fn the_filter_finds_a_mapping_by_any_id_or_name() {
        let m = mapping();
        assert!(matches(&m, ""));
        assert!(matches(&m, "4411"));
        assert!(matches(&m, "inv-77"));
        assert!(matches(&m, "tee-m"));
        assert!(matches(&m, "organic"));
        assert!(!matches(&m, "hoodie"));
    }
}
