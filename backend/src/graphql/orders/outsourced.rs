//! Outsourced warehouses (3PL): `shippingInstructions` (出荷指示 CSV) and
//! `importShipmentResults` (出荷実績 CSV).

use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};

use crate::graphql::{
    catalog::{
        locations::location_id,
        spreadsheet::{CsvEncoding, CsvRowError, file_bytes},
    },
    request::guard::{Need, authorize},
    types::errors::ApiError,
};
use crate::{
    services::orders::outsourced::{self, ResultsReport},
    state::AppState,
};

/// A 3PL's shipped-results CSV to check or book.
#[derive(InputObject)]
pub struct ImportShipmentResultsInput {
    /// The warehouse (location) that shipped.
    location_id: ID,
    /// The file's bytes, base64-encoded.
    content: String,
    #[graphql(default_with = "CsvEncoding::Auto")]
    encoding: CsvEncoding,
    /// Only check and count; book nothing.
    #[graphql(default)]
    dry_run: bool,
}

/// What a results import found and did. Nothing is booked unless every row is valid.
#[derive(SimpleObject)]
pub struct ShipmentResultsImport {
    rows: u64,
    /// True when the shipments were booked.
    applied: bool,
    /// Parcels booked now (on a dry run: that would be).
    shipments_created: u64,
    /// Parcels an earlier import booked, left as they are.
    already_imported: u64,
    /// Units in the new parcels.
    units: i64,
    /// Every bad row (the first 500 are listed in `errors`).
    error_count: u64,
    errors: Vec<CsvRowError>,
}

impl From<ResultsReport> for ShipmentResultsImport {
    fn from(r: ResultsReport) -> Self {
        Self {
            rows: r.rows,
            applied: r.applied,
            shipments_created: r.shipments_created,
            already_imported: r.already_imported,
            units: r.units,
            error_count: r.error_count,
            errors: r.errors.into_iter().map(CsvRowError::from).collect(),
        }
    }
}

#[derive(Default)]
pub struct OutsourcedQuery;

#[Object]
impl OutsourcedQuery {
    /// What the location must ship, one CSV row per order line (UTF-8 with BOM; the layout
    /// is in the README): the units allocated there and not yet shipped, oldest order
    /// first, with the delivery address.
    async fn shipping_instructions(&self, ctx: &Context<'_>, location_id: ID) -> Result<String> {
        let access = authorize(ctx, Need::ORDERS_READ).await?;
        let location = self::location_id(&location_id)?;
        let state = ctx.data_unchecked::<AppState>();
        Ok(outsourced::instructions(&state.db, &access, location)
            .await
            .map_err(ApiError::from)?)
    }
}

#[derive(Default)]
pub struct OutsourcedMutation;

#[Object]
impl OutsourcedMutation {
    /// Books a 3PL's shipped results: each order's rows with one tracking number become one
    /// shipment of what the order holds at the location. Every row is checked first; a file
    /// with a bad row books nothing. Parcels booked before are left alone, so importing the
    /// same file again changes nothing.
    async fn import_shipment_results(
        &self,
        ctx: &Context<'_>,
        input: ImportShipmentResultsInput,
    ) -> Result<ShipmentResultsImport> {
        let access = authorize(ctx, Need::ORDERS_WRITE).await?;
        let location = location_id(&input.location_id)?;
        let bytes = file_bytes(&input.content)?;
        let state = ctx.data_unchecked::<AppState>();
        Ok(outsourced::import_results(
            &state.db,
            &access,
            location,
            &bytes,
            input.encoding.into(),
            input.dry_run,
        )
        .await
        .map_err(ApiError::from)?
        .into())
    }
}
