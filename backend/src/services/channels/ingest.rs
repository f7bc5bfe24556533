//! Recording a sale or refund a provider reported ([`ExternalSale`]) as a Kura sale or
//! return, from a webhook, the reconciliation job or a resolved sync issue alike.
//!
//! The provider's location and each line's item are matched to Kura (mapping, then SKU,
//! then barcode; a SKU or barcode match is remembered as a mapping). Whatever cannot be
//! matched does not drop the sale: it is parked as an open sync issue with the normalised
//! sale, to be recorded once a person maps the item. A refund whose sale has not arrived
//! yet is parked the same way and retried when the sale is recorded. Everything is keyed
//! by the provider's id per channel, so a late, repeated or out-of-order delivery ends in
//! the same state.

use std::collections::BTreeMap;

use chrono::Utc;
use kura_shared::{
    ChannelKind, CurrencyCode, MappingKind, Money, OrdersToShip, SyncIssueKind, SyncIssueStatus,
    TaxRate,
};
use sea_orm::{ActiveValue::Set, ColumnTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::services::{
    ServiceError,
    access::{Access, LocationScope},
    accounts::audit::Actor,
    catalog::products::VariantLookup,
    channels::mappings::{self, MappingSource, NewMapping},
    channels::setup::{self, ChannelRecord},
    idempotency::{self, Stop},
    orders::{self, NewOrder, NewOrderLine},
    sales::customers::{self, CustomerDetails, CustomerRef},
    sales::documents::{self, NewPayment, NewReturn, NewSale, NewSaleLine},
};
use crate::{
    integrations::{ExternalLine, ExternalSale, ExternalSaleKind, ToShip},
    store::tenant::{
        TenantTx,
        records::{product_variant, sale, sale_line, sync_issue},
    },
};

/// What became of one external sale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Recorded now, or earlier (`replayed`: a repeat changed nothing).
    Recorded {
        /// The Kura sale or return.
        sale_id: Uuid,
        /// True when it had been recorded before.
        replayed: bool,
    },
    /// An online order still to ship became a Kura order (the channel fulfils from Kura),
    /// now or earlier (`replayed`).
    Ordered {
        /// The Kura order.
        order_id: Uuid,
        /// True when it had been made before.
        replayed: bool,
    },
    /// Waiting on a person (or on its original sale): an open sync issue.
    Parked {
        /// The issue.
        issue_id: Uuid,
        /// Why.
        kind: SyncIssueKind,
    },
    /// Deliberately not recorded (e.g. a money-only refund moves no goods).
    Ignored(String),
}

/// The access the sync acts with: the whole company, no person.
pub fn system_access(tenant_id: Uuid) -> Access {
    Access {
        tenant_id,
        actor: Actor::default(),
        locations: LocationScope::All,
    }
}

/// A sale whose location and items are all matched.
struct Matched {
    location_id: Uuid,
    lines: Vec<(Uuid, ExternalLine)>,
}

enum Matching {
    Done(Matched),
    Missing(SyncIssueKind, String),
}

async fn variant_by(
    tx: &TenantTx,
    column: product_variant::Column,
    value: &str,
) -> Result<Option<Uuid>, ServiceError> {
    Ok(tx
        .select::<product_variant::Model>()
        .filter(column.eq(value.trim()))
        .order_by_asc(product_variant::Column::ArchivedAt)
        .one(tx.conn())
        .await?
        .map(|v| v.id))
}

/// The Kura variant of one line: its mapping, else its SKU, else its barcode (a match by
/// SKU or barcode is remembered against the provider's item id).
async fn match_line(
    tx: &TenantTx,
    channel_id: Uuid,
    line: &ExternalLine,
) -> Result<Option<Uuid>, ServiceError> {
    let external = line
        .external_variant_id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if let Some(id) = external
        && let Some(kura) = mappings::lookup(tx, channel_id, MappingKind::Variant, id).await?
    {
        return Ok(Some(kura));
    }
    let mut found = None;
    if let Some(sku) = line.sku.as_deref().filter(|s| !s.trim().is_empty()) {
        found = variant_by(tx, product_variant::Column::Sku, sku).await?;
    }
    if found.is_none()
        && let Some(code) = line.barcode.as_deref().filter(|s| !s.trim().is_empty())
    {
        found = variant_by(tx, product_variant::Column::Barcode, code).await?;
    }
    if let (Some(kura), Some(external)) = (found, external) {
        mappings::set(
            tx,
            &NewMapping {
                channel_id,
                kind: MappingKind::Variant,
                external_id: external.to_owned(),
                external_ref: None,
                kura_id: kura,
            },
            MappingSource::Auto,
        )
        .await?;
    }
    Ok(found)
}

fn describe(line: &ExternalLine) -> String {
    let mut keys = Vec::new();
    if let Some(id) = &line.external_variant_id {
        keys.push(format!("id {id}"));
    }
    if let Some(sku) = &line.sku {
        keys.push(format!("SKU {sku}"));
    }
    if let Some(code) = &line.barcode {
        keys.push(format!("barcode {code}"));
    }
    if keys.is_empty() {
        keys.push("no id, SKU or barcode".into());
    }
    format!("{} ({})", line.title, keys.join(", "))
}

async fn match_sale(
    tx: &TenantTx,
    channel: &ChannelRecord,
    sale: &ExternalSale,
) -> Result<Matching, ServiceError> {
    let channel_id = channel.channel.id;
    let location_ref = sale
        .location_ref
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let location_id = match location_ref {
        Some(reference) => {
            match mappings::lookup(tx, channel_id, MappingKind::Location, reference).await? {
                Some(id) => Some(id),
                // A channel that sells from one place needs no location mapping.
                None if channel.location_ids.len() == 1 => channel.default_location(),
                None => None,
            }
        }
        None => channel.default_location(),
    };
    let Some(location_id) = location_id else {
        return Ok(Matching::Missing(
            SyncIssueKind::UnmappedLocation,
            format!(
                "The provider's location {} is not mapped to one of this channel's locations",
                location_ref.unwrap_or("?")
            ),
        ));
    };
    let mut lines = Vec::with_capacity(sale.lines.len());
    let mut unmatched = Vec::new();
    for line in &sale.lines {
        match match_line(tx, channel_id, line).await? {
            Some(variant) => lines.push((variant, line.clone())),
            None => unmatched.push(describe(line)),
        }
    }
    if !unmatched.is_empty() {
        return Ok(Matching::Missing(
            SyncIssueKind::UnmappedItem,
            format!("No Kura product matches: {}", unmatched.join("; ")),
        ));
    }
    Ok(Matching::Done(Matched { location_id, lines }))
}

fn tax_rate(percent: Option<u32>) -> Option<TaxRate> {
    TaxRate::ALL
        .iter()
        .copied()
        .find(|rate| Some(rate.percent()) == percent)
}

fn decimal(minor: i64, currency: CurrencyCode) -> String {
    Money::new(minor, currency).to_decimal_string()
}

fn customer(sale: &ExternalSale) -> Option<CustomerRef> {
    let c = sale.customer.as_ref()?;
    let any = [&c.external_id, &c.email, &c.phone, &c.name]
        .iter()
        .any(|v| v.as_deref().is_some_and(|s| !s.trim().is_empty()));
    any.then(|| {
        CustomerRef::Details(CustomerDetails {
            external_id: c.external_id.clone(),
            email: c.email.clone(),
            phone: c.phone.clone(),
            name: c.name.clone(),
            kind: None,
        })
    })
}

fn payments(sale: &ExternalSale, currency: CurrencyCode) -> Vec<NewPayment> {
    sale.payments
        .iter()
        .filter(|p| p.amount_minor > 0)
        .map(|p| NewPayment {
            method: p.method,
            amount: decimal(p.amount_minor, currency),
            reference: None,
        })
        .collect()
}

/// Outcome of one attempt to write the sale or return.
enum Written {
    Done(Outcome),
    OriginalMissing(String),
}

/// Records a matched sale. A provider's payments or customer that Kura's rules refuse
/// (totals that include shipping, a malformed email) must not lose the sale, so a
/// rejected attempt is repeated once without them.
async fn write_sale(
    db: &sea_orm::DatabaseConnection,
    access: &Access,
    channel_id: Uuid,
    sale: &ExternalSale,
    matched: &Matched,
    currency: CurrencyCode,
) -> Result<Outcome, ServiceError> {
    let lines: Vec<NewSaleLine> = matched
        .lines
        .iter()
        .map(|(variant, line)| NewSaleLine {
            item: VariantLookup::Id(*variant),
            quantity: line.quantity,
            unit_price: Some(decimal(line.unit_price_minor, currency)),
            discount: (line.discount_minor != 0).then(|| decimal(line.discount_minor, currency)),
            tax_rate: tax_rate(line.tax_rate_percent),
        })
        .collect();
    let input = NewSale {
        channel_id: Some(channel_id),
        location_id: Some(matched.location_id),
        external_id: Some(sale.external_id.clone()),
        idempotency_key: None,
        occurred_at: Some(sale.occurred_at),
        customer: customer(sale),
        lines,
        payments: payments(sale, currency),
        prices_include_tax: sale.prices_include_tax,
        note: String::new(),
    };
    let result = match documents::record(db, access, input.clone()).await {
        Err(ServiceError::Validation(_))
            if !input.payments.is_empty() || input.customer.is_some() =>
        {
            documents::record(
                db,
                access,
                NewSale {
                    payments: Vec::new(),
                    customer: None,
                    ..input
                },
            )
            .await
        }
        other => other,
    }?;
    Ok(Outcome::Recorded {
        sale_id: result.sale.id,
        replayed: result.replayed,
    })
}

/// Records a matched sale, or makes it an order when the channel fulfils online orders from
/// Kura and the provider says it must still ship. A provider reports one order several
/// times (created, paid, reconciled), and the channel's setting may change in between:
/// whatever it became first stays.
async fn write_order_or_sale(
    db: &sea_orm::DatabaseConnection,
    access: &Access,
    channel: &ChannelRecord,
    sale: &ExternalSale,
    matched: &Matched,
    currency: CurrencyCode,
) -> Result<Outcome, ServiceError> {
    let channel_id = channel.channel.id;
    let orders_to_ship = channel.channel.orders_to_ship;
    // A till's sales never become orders, so they skip the look.
    let may_be_order = orders_to_ship == OrdersToShip::Order
        || sale.to_ship.is_some()
        || channel.channel.kind != ChannelKind::Pos;
    let before = if may_be_order {
        earlier(db, access.tenant_id, channel_id, &sale.external_id).await?
    } else {
        Earlier::Nothing
    };
    match (before, &sale.to_ship) {
        (Earlier::Order(order_id), _) => Ok(Outcome::Ordered {
            order_id,
            replayed: true,
        }),
        (Earlier::Nothing, Some(to_ship)) if orders_to_ship == OrdersToShip::Order => {
            write_order(db, access, channel_id, sale, to_ship, matched, currency).await
        }
        _ => write_sale(db, access, channel_id, sale, matched, currency).await,
    }
}

/// What a channel's order became when it was first reported.
enum Earlier {
    Order(Uuid),
    Sale,
    Nothing,
}

async fn earlier(
    db: &sea_orm::DatabaseConnection,
    tenant_id: Uuid,
    channel_id: Uuid,
    external_id: &str,
) -> Result<Earlier, ServiceError> {
    let tx = TenantTx::read(db, tenant_id).await?;
    let found = match orders::read::by_external(&tx, channel_id, external_id).await? {
        Some(order_id) => Earlier::Order(order_id),
        None => {
            let sale = tx
                .select::<sale::Model>()
                .filter(sale::Column::ChannelId.eq(channel_id))
                .filter(sale::Column::ExternalId.eq(external_id))
                .one(tx.conn())
                .await?;
            if sale.is_some() {
                Earlier::Sale
            } else {
                Earlier::Nothing
            }
        }
    };
    tx.commit().await?;
    Ok(found)
}

/// Makes an online order still to ship a Kura order, confirmed at once: the channel's
/// fulfilment location allocates what it has and backorders the rest, and staff pack and
/// ship it from Kura. The provider's order number keys it, so a repeat makes nothing new.
async fn write_order(
    db: &sea_orm::DatabaseConnection,
    access: &Access,
    channel_id: Uuid,
    sale: &ExternalSale,
    to_ship: &ToShip,
    matched: &Matched,
    currency: CurrencyCode,
) -> Result<Outcome, ServiceError> {
    let customer_id = match customer(sale) {
        Some(buyer) => buyer_of(db, access.tenant_id, channel_id, &buyer).await?,
        None => None,
    };
    let input = NewOrder {
        customer_id,
        channel_id: Some(channel_id),
        location_id: Some(matched.location_id),
        lines: order_lines(matched, currency),
        ship_to: to_ship.address.clone(),
        external_id: Some(sale.external_id.clone()),
        prices_include_tax: sale.prices_include_tax,
        ..NewOrder::default()
    };
    let order = orders::create::create(db, access, input, true).await?;
    Ok(Outcome::Ordered {
        order_id: order.id,
        replayed: false,
    })
}

/// The Kura customer of an online buyer, found or added as a sale would; a buyer Kura's
/// rules refuse (a malformed email) leaves the order without a customer rather than lost.
async fn buyer_of(
    db: &sea_orm::DatabaseConnection,
    tenant_id: Uuid,
    channel_id: Uuid,
    buyer: &CustomerRef,
) -> Result<Option<Uuid>, ServiceError> {
    let tx = TenantTx::write(db, tenant_id).await?;
    match customers::resolve(&tx, Some(channel_id), buyer).await {
        Ok(found) => {
            tx.commit().await?;
            Ok(found.map(|c| c.id))
        }
        Err(ServiceError::Validation(_)) => Ok(None),
        Err(other) => Err(other),
    }
}

/// Order lines at the prices the buyer paid. An order line has one unit price, so a line
/// discount that does not divide by the quantity is spread exactly: some units a yen
/// dearer than the rest, as two lines of the same item.
fn order_lines(matched: &Matched, currency: CurrencyCode) -> Vec<NewOrderLine> {
    let mut lines = Vec::with_capacity(matched.lines.len());
    for (variant, line) in &matched.lines {
        let quantity = line.quantity.max(1);
        let paid = line
            .unit_price_minor
            .saturating_mul(quantity)
            .saturating_sub(line.discount_minor)
            .max(0);
        let (each, dearer) = (paid / quantity, paid % quantity);
        let tax_class = tax_rate(line.tax_rate_percent);
        let mut push = |units: i64, price: i64| {
            if units > 0 {
                lines.push(NewOrderLine {
                    item: VariantLookup::Id(*variant),
                    quantity: units,
                    unit_price: Some(decimal(price, currency)),
                    tax_class,
                });
            }
        };
        push(quantity - dearer, each);
        push(dearer, each + 1);
    }
    lines
}

/// Cancels the order a channel made of its order `external_id`, when the buyer or the shop
/// cancels it at the provider. What it held goes back to stock. An order already shipped
/// from Kura cannot be: a person decides (a return, or the parcel recalled).
pub async fn cancel_order(
    db: &sea_orm::DatabaseConnection,
    tenant_id: Uuid,
    channel_id: Uuid,
    event_id: Option<Uuid>,
    external_id: &str,
    reason: &str,
) -> Result<Outcome, ServiceError> {
    let Earlier::Order(order_id) = earlier(db, tenant_id, channel_id, external_id).await? else {
        return Ok(Outcome::Ignored(format!(
            "Order {external_id} is not an order in Kura (recorded as a sale, or never received)"
        )));
    };
    let access = system_access(tenant_id);
    let reason = match reason.trim() {
        "" => "Cancelled at the channel".to_owned(),
        why => format!("Cancelled at the channel ({why})"),
    };
    match orders::cancel::cancel(db, &access, order_id, Some(&reason)).await {
        Ok(_) => Ok(Outcome::Ordered {
            order_id,
            replayed: false,
        }),
        Err(ServiceError::Conflict { message, .. }) => {
            let subject = format!("cancel:{external_id}");
            let issue_id = open_issue(
                db,
                tenant_id,
                channel_id,
                event_id,
                &subject,
                SyncIssueKind::Failed,
                &format!("The channel cancelled order {external_id}, but Kura cannot: {message}"),
                None,
            )
            .await?;
            Ok(Outcome::Parked {
                issue_id,
                kind: SyncIssueKind::Failed,
            })
        }
        Err(other) => Err(other),
    }
}

async fn write_refund(
    db: &sea_orm::DatabaseConnection,
    access: &Access,
    channel_id: Uuid,
    sale: &ExternalSale,
    (original_external_id, restock): (&str, bool),
    matched: &Matched,
    currency: CurrencyCode,
) -> Result<Written, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let existing = tx
        .select::<sale::Model>()
        .filter(sale::Column::ChannelId.eq(channel_id))
        .filter(sale::Column::ExternalId.eq(sale.external_id.as_str()))
        .one(tx.conn())
        .await?;
    if let Some(existing) = existing {
        tx.commit().await?;
        return Ok(Written::Done(Outcome::Recorded {
            sale_id: existing.id,
            replayed: true,
        }));
    }
    let original = if original_external_id.trim().is_empty() {
        None
    } else {
        tx.select::<sale::Model>()
            .filter(sale::Column::ChannelId.eq(channel_id))
            .filter(sale::Column::ExternalId.eq(original_external_id))
            .one(tx.conn())
            .await?
    };
    let Some(original) = original else {
        tx.commit().await?;
        return Ok(Written::OriginalMissing(
            if original_external_id.is_empty() {
                "The provider does not say which sale this refund belongs to".into()
            } else {
                format!("The refunded sale {original_external_id} has not arrived yet")
            },
        ));
    };
    let original_lines = tx
        .select::<sale_line::Model>()
        .filter(sale_line::Column::SaleId.eq(original.id))
        .order_by_asc(sale_line::Column::LineNo)
        .all(tx.conn())
        .await?;
    tx.commit().await?;
    // Units each original line may still give back, consumed as refund lines take them.
    let mut left: BTreeMap<i32, i64> = original_lines
        .iter()
        .map(|l| (l.line_no, (l.quantity - l.returned_quantity).max(0)))
        .collect();
    let mut take: BTreeMap<i32, i64> = BTreeMap::new();
    for (variant, line) in &matched.lines {
        let mut wanted = line.quantity;
        for original_line in original_lines.iter().filter(|l| l.variant_id == *variant) {
            let free = left.entry(original_line.line_no).or_default();
            let n = wanted.min(*free);
            if n > 0 {
                *free -= n;
                *take.entry(original_line.line_no).or_default() += n;
                wanted -= n;
            }
        }
    }
    if take.is_empty() {
        return Ok(Written::Done(Outcome::Ignored(
            "A refund of money only (or of units already returned): no goods move".into(),
        )));
    }
    let input = NewReturn {
        sale_id: original.id,
        lines: take.into_iter().collect(),
        restock,
        external_id: Some(sale.external_id.clone()),
        idempotency_key: None,
        occurred_at: Some(sale.occurred_at),
        refunds: payments(sale, currency),
        note: String::new(),
    };
    let result = match documents::record_return(db, access, input.clone()).await {
        Err(ServiceError::Validation(_)) if !input.refunds.is_empty() => {
            documents::record_return(
                db,
                access,
                NewReturn {
                    refunds: Vec::new(),
                    ..input
                },
            )
            .await
        }
        other => other,
    }?;
    Ok(Written::Done(Outcome::Recorded {
        sale_id: result.sale.id,
        replayed: result.replayed,
    }))
}

/// Records `sale` for `channel_id`, or parks it as an open sync issue. `event_id` is the
/// webhook delivery it came from, if any. Errors are only the database's (retry later).
pub async fn ingest(
    db: &sea_orm::DatabaseConnection,
    tenant_id: Uuid,
    channel_id: Uuid,
    event_id: Option<Uuid>,
    sale: &ExternalSale,
) -> Result<Outcome, ServiceError> {
    let access = system_access(tenant_id);
    let tx = TenantTx::write(db, tenant_id).await?;
    let channel = setup::load(&tx, channel_id).await?;
    let currency = tx.company().await?.currency_code;
    let matching = match_sale(&tx, &channel, sale).await?;
    // Mappings learnt by SKU or barcode are kept even when the sale is parked.
    tx.commit().await?;
    let matched = match matching {
        Matching::Done(matched) => matched,
        Matching::Missing(kind, detail) => {
            return park(db, tenant_id, channel_id, event_id, sale, kind, &detail).await;
        }
    };
    if !sale.currency.trim().is_empty()
        && !sale.currency.trim().eq_ignore_ascii_case(currency.as_str())
    {
        let detail = format!(
            "The sale is in {} but the company keeps its books in {}",
            sale.currency,
            currency.as_str()
        );
        return park(
            db,
            tenant_id,
            channel_id,
            event_id,
            sale,
            SyncIssueKind::Failed,
            &detail,
        )
        .await;
    }
    let written = match &sale.kind {
        ExternalSaleKind::Sale => {
            write_order_or_sale(db, &access, &channel, sale, &matched, currency)
                .await
                .map(Written::Done)
        }
        ExternalSaleKind::Refund {
            original_external_id,
            restock,
        } => {
            write_refund(
                db,
                &access,
                channel_id,
                sale,
                (original_external_id, *restock),
                &matched,
                currency,
            )
            .await
        }
    };
    let outcome = match written {
        Ok(Written::Done(outcome)) => outcome,
        Ok(Written::OriginalMissing(detail)) => {
            return park(
                db,
                tenant_id,
                channel_id,
                event_id,
                sale,
                SyncIssueKind::OriginalMissing,
                &detail,
            )
            .await;
        }
        Err(ServiceError::Internal(e)) => return Err(ServiceError::Internal(e)),
        Err(other) => {
            let detail = other.to_string();
            return park(
                db,
                tenant_id,
                channel_id,
                event_id,
                sale,
                SyncIssueKind::Failed,
                &detail,
            )
            .await;
        }
    };
    if let Outcome::Ordered { .. } = &outcome {
        settle(db, tenant_id, channel_id, &sale.external_id, None).await?;
    }
    if let Outcome::Recorded { sale_id, .. } = &outcome {
        settle(db, tenant_id, channel_id, &sale.external_id, Some(*sale_id)).await?;
        if matches!(sale.kind, ExternalSaleKind::Sale) {
            Box::pin(retry_waiting_refunds(
                db,
                tenant_id,
                channel_id,
                &sale.external_id,
            ))
            .await?;
        }
    }
    Ok(outcome)
}

/// Records the refunds parked because `original_external_id` had not arrived.
async fn retry_waiting_refunds(
    db: &sea_orm::DatabaseConnection,
    tenant_id: Uuid,
    channel_id: Uuid,
    original_external_id: &str,
) -> Result<(), ServiceError> {
    let tx = TenantTx::read(db, tenant_id).await?;
    let waiting = tx
        .select::<sync_issue::Model>()
        .filter(sync_issue::Column::ChannelId.eq(channel_id))
        .filter(sync_issue::Column::Status.eq(SyncIssueStatus::Open))
        .filter(sync_issue::Column::Kind.eq(SyncIssueKind::OriginalMissing))
        .all(tx.conn())
        .await?;
    tx.commit().await?;
    for issue in waiting {
        let Some(sale) = issue
            .sale
            .as_deref()
            .and_then(|json| serde_json::from_str::<ExternalSale>(json).ok())
        else {
            continue;
        };
        let refers = matches!(&sale.kind, ExternalSaleKind::Refund { original_external_id: o, .. } if o == original_external_id);
        if refers {
            ingest(db, tenant_id, channel_id, issue.inbound_event_id, &sale).await?;
        }
    }
    Ok(())
}

/// Opens (or updates) the sync issue of `sale` and reports it parked. A dismissed issue
/// stays dismissed: a redelivery does not bring back what a person set aside.
pub async fn park(
    db: &sea_orm::DatabaseConnection,
    tenant_id: Uuid,
    channel_id: Uuid,
    event_id: Option<Uuid>,
    sale: &ExternalSale,
    kind: SyncIssueKind,
    detail: &str,
) -> Result<Outcome, ServiceError> {
    let json = serde_json::to_string(sale).map_err(ServiceError::internal)?;
    let issue_id = open_issue(
        db,
        tenant_id,
        channel_id,
        event_id,
        &sale.external_id,
        kind,
        detail,
        Some(json),
    )
    .await?;
    Ok(Outcome::Parked { issue_id, kind })
}

/// Opens or updates the issue about `subject` (an external sale id, or a delivery's id
/// when no sale could be read); returns its id.
#[allow(clippy::too_many_arguments)]
pub async fn open_issue(
    db: &sea_orm::DatabaseConnection,
    tenant_id: Uuid,
    channel_id: Uuid,
    event_id: Option<Uuid>,
    subject: &str,
    kind: SyncIssueKind,
    detail: &str,
    sale_json: Option<String>,
) -> Result<Uuid, ServiceError> {
    let issue = OpenIssue {
        channel_id,
        event_id,
        subject: subject.chars().take(200).collect(),
        kind,
        detail,
        sale_json,
    };
    idempotency::retrying(db, tenant_id, &issue).await
}

/// A sync issue to open, or to update when one about its subject is open already.
struct OpenIssue<'a> {
    channel_id: Uuid,
    event_id: Option<Uuid>,
    subject: String,
    kind: SyncIssueKind,
    detail: &'a str,
    sale_json: Option<String>,
}

impl idempotency::Attempt for OpenIssue<'_> {
    type Output = Uuid;

    async fn attempt(&self, tx: &TenantTx) -> Result<Uuid, Stop> {
        let existing = tx
            .select::<sync_issue::Model>()
            .filter(sync_issue::Column::ChannelId.eq(self.channel_id))
            .filter(sync_issue::Column::Subject.eq(self.subject.as_str()))
            .one(tx.conn())
            .await?;
        let now = Utc::now();
        if let Some(existing) = existing {
            if existing.status == SyncIssueStatus::Open {
                tx.update::<sync_issue::Model>()
                    .set(sync_issue::ActiveModel {
                        kind: Set(self.kind),
                        detail: Set(self.detail.to_owned()),
                        sale: Set(self.sale_json.clone().or(existing.sale.clone())),
                        inbound_event_id: Set(self.event_id.or(existing.inbound_event_id)),
                        updated_at: Set(now),
                        ..Default::default()
                    })
                    .filter(sync_issue::Column::Id.eq(existing.id))
                    .exec(tx.conn())
                    .await?;
            }
            return Ok(existing.id);
        }
        let id = Uuid::now_v7();
        tx.insert(sync_issue::ActiveModel {
            tenant_id: Set(tx.tenant_id()),
            id: Set(id),
            channel_id: Set(self.channel_id),
            inbound_event_id: Set(self.event_id),
            subject: Set(self.subject.clone()),
            kind: Set(self.kind),
            status: Set(SyncIssueStatus::Open),
            detail: Set(self.detail.to_owned()),
            sale: Set(self.sale_json.clone()),
            sale_id: Set(None),
            resolved_by: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            resolved_at: Set(None),
        })
        .await
        // Another delivery of the same sale opened it first: the next attempt updates it.
        .map_err(idempotency::raced)?;
        Ok(id)
    }
}

/// Marks the open issue about `subject` resolved by `sale_id`, if there is one.
async fn settle(
    db: &sea_orm::DatabaseConnection,
    tenant_id: Uuid,
    channel_id: Uuid,
    subject: &str,
    sale_id: Option<Uuid>,
) -> Result<(), ServiceError> {
    let tx = TenantTx::write(db, tenant_id).await?;
    let now = Utc::now();
    tx.update::<sync_issue::Model>()
        .set(sync_issue::ActiveModel {
            status: Set(SyncIssueStatus::Resolved),
            sale_id: Set(sale_id),
            resolved_at: Set(Some(now)),
            updated_at: Set(now),
            ..Default::default()
        })
        .filter(sync_issue::Column::ChannelId.eq(channel_id))
        .filter(sync_issue::Column::Subject.eq(subject))
        .filter(sync_issue::Column::Status.eq(SyncIssueStatus::Open))
        .exec(tx.conn())
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Records sales in an order that lets refunds find their sale: sales first, each in the
/// order it happened.
pub fn in_recording_order(mut sales: Vec<ExternalSale>) -> Vec<ExternalSale> {
    sales.sort_by_key(|s| {
        (
            matches!(s.kind, ExternalSaleKind::Refund { .. }),
            s.occurred_at,
        )
    });
    sales
}
