//! Reusable building blocks of the dashboard: the shell around every page, and the cards,
//! notices and indicators pages are made of.

mod auth_layout;
mod charts;
mod common;
mod copy;
mod data;
mod dialog;
mod file_read;
mod form;
mod icon;
mod location_picker;
mod password;
mod server;
mod shell;
mod status_pill;

pub use auth_layout::{AuthLayout, SessionSplash};
pub use charts::{BarList, ColumnChart, Datum, Donut};
pub use common::{Card, ErrorNotice, ListEmpty, PageHeader, Skeleton};
pub use copy::{CopyButton, SecretCallout};
pub use data::{
    ArchivableListActions, DataTable, DateText, EditArchiveButtons, Flash, FlashNotice, LoadMore,
    Panel, RelativeText, RowAction, archive_then_flash, resource_list,
};
pub use dialog::{ConfirmDialog, Dialog, DialogFormActions, Pending};
pub use file_read::{ReadFile, chosen_file, read_file};
pub use form::{
    FieldError, FormError, FormErrors, FormState, Problem, SubmitButton, TextField,
    focus_first_invalid,
};
pub use icon::{Icon, IconKind};
pub use location_picker::LocationPicker;
pub use password::PasswordFeedback;
pub use server::ServerInfoView;
pub use shell::Shell;
