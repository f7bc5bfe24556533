//! Creating a quote: checked like an order, priced like one (the customer's 掛率 for lines
//! without a price), numbered `Q-<year>-<n>` without gaps, valid for 30 days unless a date
//! is given. A repeat with the same idempotency key returns the first quote.

use std::collections::BTreeSet;

use kura_shared::ValidationError;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::{
    NewQuote, QuoteRecord,
    draft::{self, Header},
    read, write,
};
use crate::services::{
    ServiceError,
    access::Access,
    accounts::audit::AuditAction,
    catalog::products::{self, VariantLookup},
    idempotency::{self, Command, Key, Stop},
    orders::{
        NewOrderLine,
        create::customer_rate,
        draft::{self as order_draft, Document, Priced, Pricing},
        numbers,
    },
    stock::inventory,
    text,
};
use crate::store::tenant::TenantTx;

/// Longest note on a quote.
pub const MAX_NOTE: usize = 2000;

/// Creates a draft quote.
pub async fn create(
    db: &DatabaseConnection,
    access: &Access,
    input: NewQuote,
) -> Result<QuoteRecord, ServiceError> {
    order_draft::check_lines(Document::Quote, &input.lines)?;
    let note = text::optional(input.note.as_deref().unwrap_or_default(), MAX_NOTE, "note")?;
    let key = Key::parse("createQuote", input.idempotency_key.as_deref())?;
    let command = Create {
        access,
        input: &input,
        note,
    };
    idempotency::once(db, access.tenant_id, key.as_ref(), &command).await
}

struct Create<'a> {
    access: &'a Access,
    input: &'a NewQuote,
    note: String,
}

impl Command for Create<'_> {
    type Answer = QuoteRecord;

    async fn replay(&self, tx: &TenantTx, earlier: Uuid) -> Result<QuoteRecord, ServiceError> {
        read::load(tx, self.access, earlier).await
    }

    async fn run(&self, tx: &TenantTx) -> Result<(QuoteRecord, Uuid), Stop> {
        let input = self.input;
        let location_id = input.location_id.ok_or_else(|| {
            ServiceError::from(
                ValidationError::new("quote.location", "Say which location would fulfil it")
                    .with_field("locationId"),
            )
        })?;
        check_location(tx, self.access, location_id).await?;
        let today = read::today(tx).await?;
        let expires_on = draft::expires_on(input.expires_on, today)?;
        let company = tx.company().await?;
        let prices_include_tax = input
            .prices_include_tax
            .unwrap_or(company.prices_include_tax);
        let (pricing, priced) =
            price(tx, input.customer_id, prices_include_tax, &input.lines).await?;
        let header = Header {
            tenant_id: tx.tenant_id(),
            id: Uuid::now_v7(),
            number: numbers::next(tx, numbers::QUOTE, &company.time_zone).await?,
            customer_id: input.customer_id,
            location_id,
            requested_date: input.requested_date,
            expires_on,
            ship_to: input.ship_to.clone(),
            prices_include_tax,
            note: self.note.clone(),
            actor_user_id: self.access.actor.user_id,
            actor_api_key: self.access.actor.api_key_prefix.clone(),
        };
        let rows = draft::rows(header, pricing, &priced);
        write::insert(tx, &rows).await?;
        let record = draft::record(rows.head, rows.lines, today);
        write::announce(
            tx,
            self.access,
            &record,
            AuditAction::QuoteCreated,
            "created",
        )
        .await?;
        Ok((record.clone(), record.id))
    }
}

/// A quote's location is within the caller's reach, the company's and not archived.
pub(super) async fn check_location(
    tx: &TenantTx,
    access: &Access,
    location_id: Uuid,
) -> Result<(), ServiceError> {
    access.locations.check(location_id)?;
    inventory::check_locations(tx, &BTreeSet::from([location_id])).await
}

/// Prices `lines` for `customer_id` exactly as an order's lines are priced: the variants
/// looked up (by id, SKU or barcode), then `orders::draft::price`.
pub(super) async fn price(
    tx: &TenantTx,
    customer_id: Option<Uuid>,
    prices_include_tax: bool,
    lines: &[NewOrderLine],
) -> Result<(Pricing, Priced), ServiceError> {
    let company = tx.company().await?;
    let pricing = Pricing {
        currency: company.currency_code,
        rounding: company.tax_rounding,
    };
    let rate = customer_rate(tx, customer_id).await?;
    let lookups: Vec<&VariantLookup> = lines.iter().map(|l| &l.item).collect();
    let variants = products::lookup_variants(tx, &lookups, "quote.unknown_item").await?;
    let priced = order_draft::price(pricing, prices_include_tax, rate, lines, variants)?;
    Ok((pricing, priced))
}
