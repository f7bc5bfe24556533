//! Reusable building blocks of the dashboard: the shell around every page, the cards,
//! notices and indicators pages are made of, and the shapes pages share: a list loaded a page
//! at a time, a list of archivable things, and a CSV import.

mod auth_layout;
mod charts;
mod common;
mod copy;
mod csv_import;
mod data;
mod dialog;
mod download;
mod file_read;
mod form;
mod icon;
mod live;
mod location_picker;
mod paged;
mod password;
mod scan;
mod server;
mod shell;
mod status_pill;

pub use auth_layout::{AuthLayout, SessionSplash};
pub use charts::{BarList, ColumnChart, Datum, Donut};
pub use common::{Card, ErrorNotice, ListEmpty, PageHeader, Skeleton};
pub use copy::{CopyButton, SecretCallout};
pub use csv_import::{
    CsvFileField, CsvImport, CsvUpload, ImportErrors, ImportFacts, ImportResult, ImportStage,
};
pub use data::{
    ArchivableList, ArchivableListPage, CreateButton, DataTable, DateText, EditArchiveButtons,
    Flash, FlashNotice, Panel, RelativeText, RowAction, VariantCell, resource_list,
};
pub use dialog::{ConfirmDialog, Dialog, DialogFormActions, Pending, ReasonDialog, ReasonWords};
pub use download::{download_text, local_today, save_document, today};
pub use file_read::{ReadFile, chosen_file, read_file};
pub use form::{
    FieldError, FormError, FormErrors, FormState, Problem, SubmitButton, TextField, UnitsInput,
    action_problem, focus_first_invalid, parse_non_negative, parse_positive,
};
pub use icon::{Icon, IconKind};
pub use live::LiveBadge;
pub use location_picker::{LocationPicker, LocationSelect, location_options};
pub use paged::PagedList;
pub use password::PasswordFeedback;
pub use scan::{focus_field, keep_focus};
pub use server::ServerInfoView;
pub use shell::Shell;
