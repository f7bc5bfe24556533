//! The quote as printed (御見積書): an A4 sheet laid out with the orders' parts (the
//! delivery note's priced columns and per-rate totals), built by a pure function.

use kura_shared::{Money, TaxBreakdown};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::{QuoteRecord, read};
use crate::print::{Party, Sheet};
use crate::services::{
    ServiceError,
    access::Access,
    orders::printing::{Parties, addressee, day, parties_for, priced_columns, tax_sums},
};
use crate::store::tenant::TenantTx;

/// The quote `quote_id` as a sheet to print.
pub async fn sheet(
    db: &DatabaseConnection,
    access: &Access,
    quote_id: Uuid,
) -> Result<Sheet, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let quote = read::load(&tx, access, quote_id).await?;
    let parties = parties_for(&tx, quote.customer_id).await?;
    tx.commit().await?;
    Ok(quote_sheet(&parties, &quote))
}

/// 御見積書: addressed to the customer (else to the ship-to), dated, valid until its date,
/// every line priced, tax per rate as on a qualified invoice.
pub fn quote_sheet(parties: &Parties, quote: &QuoteRecord) -> Sheet {
    let currency = quote.currency;
    let totals = TaxBreakdown::from_lines(
        currency,
        quote
            .lines
            .iter()
            .map(|l| (l.tax_class, Money::new(l.amount, currency))),
        quote.prices_include_tax,
        quote.tax_rounding,
    )
    .ok();
    let mut facts = vec![
        (
            "見積日".to_owned(),
            day(quote.created_at, parties.time_zone),
        ),
        (
            "有効期限".to_owned(),
            quote.expires_on.format("%Y-%m-%d").to_string(),
        ),
    ];
    if let Some(date) = quote.requested_date {
        facts.push(("希望納期".to_owned(), date.format("%Y-%m-%d").to_string()));
    }
    let recipient = match &parties.customer {
        Some(name) => Party {
            name: name.clone(),
            lines: Vec::new(),
        },
        None => addressee(parties, quote.ship_to.as_ref()),
    };
    Sheet {
        title: "御見積書".into(),
        number: quote.number.clone(),
        facts,
        recipient,
        seller: parties.seller(),
        lead: Some("下記のとおりお見積り申し上げます。".into()),
        columns: priced_columns(),
        rows: quote
            .lines
            .iter()
            .map(|line| {
                vec![
                    line.sku.clone(),
                    line.name.clone(),
                    line.quantity.to_string(),
                    Money::new(line.unit_price, currency).to_string(),
                    Money::new(line.amount, currency).to_string(),
                    format!("{}%", line.tax_class.percent()),
                ]
            })
            .collect(),
        totals: totals.as_ref().map(tax_sums).unwrap_or_default(),
        notes: [quote.note.clone()]
            .into_iter()
            .filter(|n| !n.is_empty())
            .collect(),
        notes_heading: "備考".into(),
    }
}
