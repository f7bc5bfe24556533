//! The closing run (締め処理): `runClosing`.

use std::sync::Arc;

use async_graphql::{Context, InputObject, Object, Result, SimpleObject};

use super::documents::Invoice;
use crate::graphql::{
    request::guard::{Need, authorize},
    types::{date::Date, errors::ApiError},
};
use crate::{services::invoices::closing, state::AppState};

/// Which day to close.
#[derive(InputObject)]
pub struct RunClosingInput {
    /// The closing date (締日), today or earlier in the company's time zone. Customers whose
    /// closing day falls on it (31 = the month's last day, in every month) get a consolidated
    /// invoice; customers billed per shipment get one for each shipment up to it.
    closing_date: Date,
    /// Preview only: work out every invoice and issue none.
    #[graphql(default)]
    dry_run: bool,
}

/// What a closing run issued, or would issue.
#[derive(SimpleObject)]
pub struct ClosingRun {
    closing_date: Date,
    /// True for a preview.
    dry_run: bool,
    /// The invoices and credit notes, in number order. A second run of the same date
    /// issues nothing new, so this is empty.
    invoices: Vec<Invoice>,
}

#[derive(Default)]
pub struct ClosingMutation;

#[Object]
impl ClosingMutation {
    /// Runs the closing for a date: bills every shipment up to its end (in the company's
    /// time zone) not billed yet, less what came back, to the customers that close on it
    /// (or per shipment). Idempotent: a second run issues nothing new, and two runs at once
    /// go one after the other. Invoice numbers are gapless.
    async fn run_closing(&self, ctx: &Context<'_>, input: RunClosingInput) -> Result<ClosingRun> {
        let access = Arc::new(authorize(ctx, Need::INVOICES_WRITE).await?);
        let state = ctx.data_unchecked::<AppState>();
        let run = closing::run(&state.db, &access, input.closing_date.0, input.dry_run)
            .await
            .map_err(ApiError::from)?;
        Ok(ClosingRun {
            closing_date: Date(run.closing_date),
            dry_run: run.dry_run,
            invoices: run
                .invoices
                .into_iter()
                .map(|invoice| Invoice::new(invoice, access.clone(), run.dry_run))
                .collect(),
        })
    }
}
