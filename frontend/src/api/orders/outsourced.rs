//! Outsourced warehouses (3PL): the shipping-instructions CSV of a location, and checking
//! (a dry run) or booking a warehouse's shipped-results CSV.

use serde::{Deserialize, Serialize};

use crate::api::catalog::spreadsheet::CsvEncoding;
use crate::api::wire::{CsvRowError, InputVars};
use crate::api::{ApiError, query};

/// `ImportShipmentResultsInput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResultsInput {
    /// The warehouse that shipped.
    pub location_id: String,
    /// The file, base64.
    pub content: String,
    /// How it is encoded.
    pub encoding: CsvEncoding,
    /// Only check.
    pub dry_run: bool,
}

/// What a results import found and did.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResultsImport {
    /// Data rows.
    pub rows: i64,
    /// Booked.
    pub applied: bool,
    /// Parcels booked now (or that would be).
    pub shipments_created: i64,
    /// Parcels booked by an earlier import.
    pub already_imported: i64,
    /// Units in the new parcels.
    pub units: i64,
    /// Every bad row.
    pub error_count: i64,
    /// The first 500.
    pub errors: Vec<CsvRowError>,
}

/// What `location_id` must ship, as CSV text.
pub async fn shipping_instructions(location_id: String) -> Result<String, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        shipping_instructions: String,
    }
    query::<_, Data>(
        "query ShippingInstructions($l: ID!) { shippingInstructions(locationId: $l) }",
        serde_json::json!({ "l": location_id }),
    )
    .await
    .map(|d| d.shipping_instructions)
}

/// Checks (`dry_run`) or books a shipped-results CSV.
pub async fn import_shipment_results(input: ResultsInput) -> Result<ResultsImport, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        import_shipment_results: ResultsImport,
    }
    query::<_, Data>(
        "mutation ImportShipmentResults($input: ImportShipmentResultsInput!) { importShipmentResults(input: $input) { rows applied shipmentsCreated alreadyImported units errorCount errors { line column code message } } }",
        InputVars { input },
    )
    .await
    .map(|d| d.import_shipment_results)
}
