//! Printed documents: `Order.pickList` and `Shipment.deliveryNote`, as A4 PDFs in Japanese.

use async_graphql::SimpleObject;
use base64::{Engine, engine::general_purpose::STANDARD};

use crate::graphql::types::errors::ApiError;
use crate::print::{Printer, Sheet};
use crate::services::ServiceError;

/// A printed document, ready to save or open.
#[derive(SimpleObject)]
pub struct PrintedDocument {
    /// A file name to save it under, e.g. `SH-2026-000045.pdf`.
    file_name: String,
    /// `application/pdf`.
    content_type: String,
    /// The file, base64-encoded.
    base64: String,
}

/// `sheet` printed by `printer` as a PDF named `<number>.pdf`.
pub fn pdf(printer: &Printer, sheet: &Sheet) -> Result<PrintedDocument, ApiError> {
    let bytes = printer
        .pdf(sheet)
        .map_err(|reason| ApiError::from(ServiceError::internal(reason)))?;
    Ok(PrintedDocument {
        file_name: format!("{}.pdf", sheet.number),
        content_type: "application/pdf".into(),
        base64: STANDARD.encode(bytes),
    })
}
