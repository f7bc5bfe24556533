//! `/locations`: stores, own and outsourced warehouses and virtual stock points. Create and
//! edit them in a dialog, archive what is no longer used (history stays), and delete what
//! never held stock.

use kura_shared::{ErrorCode, LocationCode, LocationKind};
use leptos::html::Input;
use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;

use crate::api::ApiError;
use crate::api::catalog::locations::{self, Location, LocationInput};
use crate::components::{
    ArchivableList, ArchivableListPage, ConfirmDialog, DataTable, Dialog, DialogFormActions,
    EditArchiveButtons, FieldError, Flash, FormError, FormErrors, FormState, Icon, IconKind,
    Pending, Problem, RowAction, TextField, focus_first_invalid,
};
use crate::i18n::{Msg, error_message, location_kind_label, reason_message, tr};

/// The time zone a new location starts with; the server's default too.
const DEFAULT_TIME_ZONE: &str = "Asia/Tokyo";

/// The form's fields, as the API names them.
const FIELDS: &[&str] = &["code", "name", "kind", "address", "timeZone"];

/// What the form knows before asking the server: the code must be a `LocationCode`.
fn check_location(code: &str) -> FormErrors {
    let mut errors = FormErrors::default();
    if let Err(e) = LocationCode::parse(code) {
        let problem =
            reason_message(e.code()).map_or_else(|| Problem::Server(e.to_string()), Problem::Msg);
        errors.add("code", problem);
    }
    errors
}

/// Why a location could not be deleted: one that held stock must be archived instead.
fn delete_error(error: &ApiError) -> Msg {
    match error.code() {
        Some(ErrorCode::Conflict) => Msg::LocationDeleteConflict,
        _ => error_message(error),
    }
}

/// Headings of the location table, before the actions column.
const COLUMNS: &[Msg] = &[
    Msg::ColumnCode,
    Msg::ColumnName,
    Msg::ColumnKind,
    Msg::ColumnTimeZone,
    Msg::ColumnSellableOnline,
    Msg::ColumnPickup,
    Msg::ColumnStatus,
];

/// The location list and its dialogs.
#[component]
pub fn LocationsPage() -> impl IntoView {
    let page = ArchivableList::new(locations::locations);
    let ArchivableList {
        list,
        flash,
        editing,
        ..
    } = page;
    let deleting = Pending::<Location>::new();
    let archive = move |location: Location, archive: bool| {
        page.archive(
            locations::set_location_archived(location.id, archive),
            archive,
            location.name,
            (Msg::LocationArchivedFlash, Msg::LocationRestoredFlash),
        );
    };
    let on_delete = move |location: Location| {
        let name = location.name.clone();
        deleting.run(
            location,
            |l| locations::delete_location(l.id),
            delete_error,
            move || {
                list.refetch();
                flash.set(Some(Flash::done(Msg::LocationDeletedFlash, name)));
            },
        );
    };
    let table = move |list: Vec<Location>| {
        let rows = list
            .into_iter()
            .map(|location| {
                view! {
                    <LocationRow
                        location=location
                        on_edit=move |l| editing.set(Some(Some(l)))
                        on_archive=move |(l, a)| archive(l, a)
                        on_delete=move |l| deleting.ask(l)
                    />
                }
            })
            .collect_view();
        view! { <DataTable columns=COLUMNS actions=true>{rows}</DataTable> }.into_any()
    };
    view! {
        <ArchivableListPage
            page=page
            name="location"
            title=Msg::LocationsTitle
            subtitle=Msg::LocationsSummary
            list_title=Msg::LocationsListTitle
            list_subtitle=Msg::LocationsListSubtitle
            create=Msg::CreateLocation
            lines=5
            empty_icon=IconKind::Locations
            empty_title=Msg::LocationsEmptyTitle
            empty_body=Msg::LocationsEmptyBody
            show=table
        />
        {move || {
            editing
                .get()
                .map(|current| {
                    view! {
                        <LocationDialog
                            location=current
                            on_close=move |()| editing.set(None)
                            on_saved=move |(saved, created): (Location, bool)| {
                                editing.set(None);
                                list.refetch();
                                let msg = if created { Msg::LocationCreatedFlash } else { Msg::LocationSavedFlash };
                                flash.set(Some(Flash::done(msg, saved.name)));
                            }
                        />
                    }
                })
        }}
        <ConfirmDialog
            pending=deleting
            title=Msg::DeleteLocationTitle
            body=Msg::DeleteLocationBody
            confirm_label=Msg::Delete
            describe=|l: &Location, _| format!("{} ({})", l.name, l.code)
            on_confirm=on_delete
        />
    }
}

/// Yes or no, as a small mark.
fn yes_no(value: bool) -> impl IntoView {
    if value {
        view! { <span class="yes-mark"><Icon kind=IconKind::Check /><span class="visually-hidden">{tr(Msg::Yes)}</span></span> }.into_any()
    } else {
        view! { <span class="cell-faint">"—"</span> }.into_any()
    }
}

#[component]
fn LocationRow(
    location: Location,
    #[prop(into)] on_edit: Callback<Location>,
    #[prop(into)] on_archive: Callback<(Location, bool)>,
    #[prop(into)] on_delete: Callback<Location>,
) -> impl IntoView {
    let archived = location.archived;
    let (for_edit, for_archive, for_delete) =
        (location.clone(), location.clone(), location.clone());
    view! {
        <tr
            data-testid="location-row"
            data-code=location.code.clone()
            data-state=if archived { "archived" } else { "active" }
            class:row-inactive=archived
        >
            <td>
                <code class="mono chip">{location.code.clone()}</code>
            </td>
            <td class="cell-primary">
                {location.name.clone()}
                {(!location.address.is_empty()).then(|| view! { <span class="cell-sub">{location.address.clone()}</span> })}
            </td>
            <td>{tr(location_kind_label(location.kind))}</td>
            <td class="cell-muted">{location.time_zone.clone()}</td>
            <td>{yes_no(location.sellable_online)}</td>
            <td>{yes_no(location.pickup_enabled)}</td>
            <td>
                {if archived {
                    view! { <span class="badge">{tr(Msg::StatusArchived)}</span> }.into_any()
                } else {
                    view! { <span class="badge badge-ok">{tr(Msg::LocationInUse)}</span> }.into_any()
                }}
            </td>
            <td class="cell-actions">
                <div class="row-actions">
                    <EditArchiveButtons
                        name="location"
                        archived=archived
                        on_edit=move |()| on_edit.run(for_edit.clone())
                        on_archive=move |a| on_archive.run((for_archive.clone(), a))
                    />
                    <RowAction
                        label=Msg::Delete
                        testid="location-delete"
                        icon=IconKind::Trash
                        on_click=move |()| on_delete.run(for_delete.clone())
                    />
                </div>
            </td>
        </tr>
    }
}

/// Create (`location` is `None`) or edit a location. `on_saved` gets it and whether it is new.
#[component]
fn LocationDialog(
    location: Option<Location>,
    #[prop(into)] on_close: Callback<()>,
    #[prop(into)] on_saved: Callback<(Location, bool)>,
) -> impl IntoView {
    let existing = location.as_ref().map(|l| l.id.clone());
    let creating = existing.is_none();
    let field = |f: fn(&Location) -> String, default: &str| {
        RwSignal::new(location.as_ref().map_or_else(|| default.to_owned(), f))
    };
    let code = field(|l| l.code.clone(), "");
    let name = field(|l| l.name.clone(), "");
    let address = field(|l| l.address.clone(), "");
    let time_zone = field(|l| l.time_zone.clone(), DEFAULT_TIME_ZONE);
    let kind = RwSignal::new(location.as_ref().map_or(LocationKind::Store, |l| l.kind));
    let sellable_online = RwSignal::new(location.as_ref().is_some_and(|l| l.sellable_online));
    let pickup_enabled = RwSignal::new(location.as_ref().is_some_and(|l| l.pickup_enabled));
    let form = FormState::default();
    let code_ref = NodeRef::<Input>::new();
    let name_ref = NodeRef::<Input>::new();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let code_value = code.get_untracked();
        if !form.begin(
            || check_location(&code_value),
            |local| focus_first_invalid(local, &[("code", code_ref)]),
        ) {
            return;
        }
        let input = LocationInput {
            code: LocationCode::parse(&code_value)
                .map(|c| c.as_str().to_owned())
                .unwrap_or(code_value),
            name: name.get_untracked().trim().to_owned(),
            kind: kind.get_untracked(),
            address: address.get_untracked().trim().to_owned(),
            time_zone: time_zone.get_untracked().trim().to_owned(),
            sellable_online: sellable_online.get_untracked(),
            pickup_enabled: pickup_enabled.get_untracked(),
        };
        let existing = existing.clone();
        leptos::task::spawn_local(async move {
            let result = match existing {
                Some(id) => locations::update_location(id, input).await,
                None => locations::create_location(input).await,
            };
            let explain = |e: &_| FormErrors::from_api(e, FIELDS, Msg::ErrorUnauthenticated);
            let focus = |errors: &FormErrors| {
                focus_first_invalid(errors, &[("code", code_ref), ("name", name_ref)]);
            };
            if let Some(saved) = form.settle(result, explain, focus) {
                on_saved.run((saved, creating));
            }
        });
    };
    let kinds = LocationKind::ALL
        .iter()
        .map(|k| view! { <option value=k.as_str() selected=move || kind.get() == *k>{tr(location_kind_label(*k))}</option> })
        .collect_view();
    let checkbox = |value: RwSignal<bool>, label: Msg, hint: Msg, testid: &'static str| {
        view! {
            <label class="check check-block">
                <input
                    type="checkbox"
                    data-testid=testid
                    prop:checked=move || value.get()
                    on:change=move |ev| value.set(event_target_checked(&ev))
                />
                <span>
                    <strong>{tr(label)}</strong>
                    <span class="field-hint">{tr(hint)}</span>
                </span>
            </label>
        }
    };
    view! {
        <Dialog
            title=if creating { Msg::CreateLocation } else { Msg::EditLocation }
            testid="location-dialog"
            on_close=on_close
            class="dialog-wide"
        >
            <form class="dialog-body dialog-form" novalidate on:submit=on_submit>
                <FormError error=form.form() />
                <div class="form-row">
                    <TextField
                        name="code"
                        label=Msg::FieldLocationCode
                        autocomplete="off"
                        testid="location-code"
                        placeholder=Msg::PlaceholderLocationCode
                        hint=Msg::FieldLocationCodeHint
                        value=code
                        node_ref=code_ref
                        error=form.field("code")
                    />
                    <TextField
                        name="name"
                        label=Msg::FieldLocationName
                        autocomplete="off"
                        testid="location-name"
                        placeholder=Msg::PlaceholderLocationName
                        value=name
                        node_ref=name_ref
                        error=form.field("name")
                    />
                </div>
                <div class="form-row">
                    <div class="field" class:field-invalid=move || form.errors.with(|e| e.field("kind").is_some())>
                        <label class="field-label" for="field-kind">{tr(Msg::FieldKind)}</label>
                        <select
                            class="select"
                            id="field-kind"
                            data-testid="location-kind"
                            on:change=move |ev| {
                                if let Ok(k) = event_target_value(&ev).parse::<LocationKind>() {
                                    kind.set(k);
                                }
                            }
                        >
                            {kinds}
                        </select>
                        <FieldError name="kind" error=form.field("kind") />
                    </div>
                    <TextField
                        name="timeZone"
                        label=Msg::FieldTimeZone
                        autocomplete="off"
                        testid="location-time-zone"
                        hint=Msg::FieldTimeZoneHint
                        value=time_zone
                        error=form.field("timeZone")
                    />
                </div>
                <TextField
                    name="address"
                    label=Msg::FieldAddress
                    autocomplete="street-address"
                    testid="location-address"
                    value=address
                    error=form.field("address")
                />
                {checkbox(sellable_online, Msg::FieldSellableOnline, Msg::FieldSellableOnlineHint, "location-sellable-online")}
                {checkbox(pickup_enabled, Msg::FieldPickup, Msg::FieldPickupHint, "location-pickup")}
                <DialogFormActions
                    on_cancel=on_close
                    label=if creating { Msg::CreateLocation } else { Msg::SaveChanges }
                    busy_label=Msg::Saving
                    testid="location-submit"
                    busy=form.busy
                />
            </form>
        </Dialog>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::GraphQlError;

    #[test]
    fn codes_are_checked_with_the_shared_rules() {
        assert!(check_location(" wh-01 ").is_empty());
        assert_eq!(
            check_location("").field("code"),
            Some(Problem::Msg(Msg::ReasonLocationCodeEmpty))
        );
        assert_eq!(
            check_location("渋谷").field("code"),
            Some(Problem::Msg(Msg::ReasonLocationCodeInvalid))
        );
    }

    #[test]
    fn a_location_with_history_is_explained_when_it_cannot_be_deleted() {
        let conflict = ApiError::GraphQl(vec![GraphQlError::with_code(
            ErrorCode::Conflict,
            "has stock history",
        )]);
        assert_eq!(delete_error(&conflict), Msg::LocationDeleteConflict);
    }
}
