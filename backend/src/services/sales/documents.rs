//! Sales from every channel: recording a sale (stock leaves the location in the same
//! transaction), returns with or without restocking, voids, and reading them back.
//!
//! A POS sale already happened in the store, so it is always recorded, even when the books
//! say there is no stock; the row goes negative and is reported back as oversold. Every
//! sale document is idempotent by its `externalId` per channel: a repeat returns the first
//! document and changes nothing.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, Utc};
use kura_shared::{
    CurrencyCode, Money, MoneyError, MovementReason, PaymentMethod, RoundingMode, SaleKind,
    SaleStatus, TaxBreakdown, TaxRate, ValidationError, checked_sum, line_amount, points_earned,
};
use sea_orm::{
    ColumnTrait, DatabaseConnection, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use crate::services::{
    ServiceError,
    access::Access,
    catalog::products::{self, VariantLookup},
    channels::setup,
    idempotency::{self, Key, Stop},
    sales::customers::{self, CustomerRef, PointsReason},
    stock::inventory::{self, Posting, Reference},
    text,
};
use crate::{
    events::{self, EventPayload, SaleChange, SaleRecord, StockLevelState},
    store::{
        stock::{Delta, Guard, RowKey},
        tenant::{
            TenantTx,
            records::{product, product_variant, sale, sale_line, sale_payment},
        },
    },
};

/// Most lines on one sale.
pub const MAX_LINES: usize = 500;
/// Most units on one line.
pub const MAX_QUANTITY: i64 = 100_000;
/// Most payments on one sale.
pub const MAX_PAYMENTS: usize = 20;
/// The most change one cash payment may give, in whole units of the currency (¥100,000,
/// $100,000): above any real tender at a till, and far below anything that could overflow
/// when it is added to the other payments.
pub const MAX_CHANGE: i64 = 100_000;
/// How far in the future a till's clock may be.
const CLOCK_SKEW: Duration = Duration::minutes(15);

/// One line of a new sale.
#[derive(Debug, Clone)]
pub struct NewSaleLine {
    /// The variant, by id, SKU or barcode.
    pub item: VariantLookup,
    /// Units sold (above 0).
    pub quantity: i64,
    /// Price of one unit as a decimal string; the variant's price when absent.
    pub unit_price: Option<String>,
    /// Discount on the whole line as a decimal string.
    pub discount: Option<String>,
    /// The line's tax rate; the product's tax class when absent.
    pub tax_rate: Option<TaxRate>,
}

/// One payment of a new sale or refund.
#[derive(Debug, Clone)]
pub struct NewPayment {
    /// How.
    pub method: PaymentMethod,
    /// How much, as a decimal string (cash may exceed the total: the rest is change).
    pub amount: String,
    /// A card slip or QR transaction number.
    pub reference: Option<String>,
}

/// A sale to record.
#[derive(Debug, Clone, Default)]
pub struct NewSale {
    /// The channel it came through.
    pub channel_id: Option<Uuid>,
    /// Where the goods left; the channel's default location when absent.
    pub location_id: Option<Uuid>,
    /// The channel's own id for it (receipt or order number): the idempotency key, and
    /// the sale's number.
    pub external_id: Option<String>,
    /// A client's retry key when the sale has no number of its own (the web register):
    /// a repeat returns the first sale, which keeps Kura's `R-…` number.
    pub idempotency_key: Option<String>,
    /// When it happened; now when absent.
    pub occurred_at: Option<DateTime<Utc>>,
    /// Who bought.
    pub customer: Option<CustomerRef>,
    /// What was sold.
    pub lines: Vec<NewSaleLine>,
    /// How it was paid (when given, they must cover the total exactly, cash excepted).
    pub payments: Vec<NewPayment>,
    /// Whether the prices include tax; the company's rule when absent.
    pub prices_include_tax: Option<bool>,
    /// Free text.
    pub note: String,
}

/// A return against an earlier sale.
#[derive(Debug, Clone, Default)]
pub struct NewReturn {
    /// The sale being returned against.
    pub sale_id: Uuid,
    /// `(line number, units)` to take back; everything not yet returned when empty.
    pub lines: Vec<(i32, i64)>,
    /// Whether the goods go back into stock at the sale's location.
    pub restock: bool,
    /// The channel's own id for the refund: the idempotency key.
    pub external_id: Option<String>,
    /// A client's retry key when the refund has no number of its own.
    pub idempotency_key: Option<String>,
    /// When it happened; now when absent.
    pub occurred_at: Option<DateTime<Utc>>,
    /// How the money went back; one refund by the sale's first payment method when empty.
    pub refunds: Vec<NewPayment>,
    /// Free text.
    pub note: String,
}

/// The outcome of recording a sale or return.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The document.
    pub sale: SaleRecord,
    /// Stock rows this sale left below zero (empty when the books had enough).
    pub oversold: Vec<StockLevelState>,
    /// True when this was a repeat of an earlier call: nothing changed.
    pub replayed: bool,
}

fn invalid(code: &'static str, message: impl Into<String>, field: &'static str) -> ServiceError {
    ValidationError::new(code, message).with_field(field).into()
}

/// What recognises a retried sale document: `(operation, key)` in the idempotency table.
/// A channel's own id is unique per channel; a client's key (used only when there is no
/// channel id) has its own namespace per `document` (`recordSale`, `recordReturn`), so a
/// key reused for a refund records the refund rather than replaying the sale.
fn retry_key(
    document: &str,
    channel_id: Option<Uuid>,
    external_id: Option<&str>,
    idempotency_key: Option<&str>,
) -> Option<Key> {
    match (external_id, idempotency_key) {
        (Some(external), _) => Some(Key::new(
            match channel_id {
                Some(id) => format!("recordSale/{id}"),
                None => "recordSale/-".into(),
            },
            external,
        )),
        (None, Some(key)) => Some(Key::new(format!("{document}/key"), key)),
        (None, None) => None,
    }
}

fn check_occurred(at: Option<DateTime<Utc>>) -> Result<DateTime<Utc>, ServiceError> {
    let now = Utc::now();
    match at {
        Some(at) if at > now + CLOCK_SKEW => Err(invalid(
            "sale.future",
            "A sale cannot be in the future",
            "occurredAt",
        )),
        Some(at) => Ok(at),
        None => Ok(now),
    }
}

fn check_shape(sale: &NewSale) -> Result<(), ServiceError> {
    if sale.lines.is_empty() || sale.lines.len() > MAX_LINES {
        return Err(invalid(
            "sale.lines",
            format!("A sale has 1 to {MAX_LINES} lines"),
            "lines",
        ));
    }
    if sale
        .lines
        .iter()
        .any(|l| !(1..=MAX_QUANTITY).contains(&l.quantity))
    {
        return Err(invalid(
            "quantity.range",
            format!("Each line sells 1 to {MAX_QUANTITY} units"),
            "lines",
        ));
    }
    if sale.payments.len() > MAX_PAYMENTS {
        return Err(invalid(
            "sale.payments",
            format!("At most {MAX_PAYMENTS} payments"),
            "payments",
        ));
    }
    Ok(())
}

fn external_id(raw: Option<&str>) -> Result<Option<String>, ServiceError> {
    Ok(raw
        .map(|id| text::optional(id, 200, "externalId"))
        .transpose()?
        .filter(|id| !id.is_empty()))
}

/// The variants the lines name, looked up by id, SKU or barcode in one query each.
async fn find_variants(
    tx: &TenantTx,
    lines: &[NewSaleLine],
) -> Result<Vec<(product_variant::Model, product::Model)>, ServiceError> {
    let mut ids = BTreeSet::new();
    let mut skus = BTreeSet::new();
    let mut barcodes = BTreeSet::new();
    for line in lines {
        match &line.item {
            VariantLookup::Id(id) => {
                ids.insert(*id);
            }
            VariantLookup::Sku(sku) => {
                skus.insert(sku.trim().to_owned());
            }
            VariantLookup::Barcode(code) => {
                barcodes.insert(code.trim().to_owned());
            }
        }
    }
    let mut found = Vec::new();
    if !ids.is_empty() {
        found.extend(
            tx.select::<product_variant::Model>()
                .filter(product_variant::Column::Id.is_in(ids))
                .all(tx.conn())
                .await?,
        );
    }
    for (column, values) in [
        (product_variant::Column::Sku, skus),
        (product_variant::Column::Barcode, barcodes),
    ] {
        if !values.is_empty() {
            found.extend(
                tx.select::<product_variant::Model>()
                    .filter(column.is_in(values))
                    .all(tx.conn())
                    .await?,
            );
        }
    }
    let products: BTreeMap<Uuid, product::Model> = tx
        .select::<product::Model>()
        .filter(product::Column::Id.is_in(found.iter().map(|v| v.product_id)))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    lines
        .iter()
        .map(|line| {
            let variant = found.iter().find(|v| match &line.item {
                VariantLookup::Id(id) => v.id == *id,
                VariantLookup::Sku(sku) => v.sku == sku.trim(),
                VariantLookup::Barcode(code) => v.barcode.as_deref() == Some(code.trim()),
            });
            let variant = variant.ok_or_else(|| {
                let message = match &line.item {
                    // An id is an object: another company's is simply not there.
                    VariantLookup::Id(_) => return ServiceError::NotFound("Product variant"),
                    VariantLookup::Sku(sku) => format!("No product has the SKU {sku}"),
                    VariantLookup::Barcode(code) => format!("No product has the barcode {code}"),
                };
                invalid("sale.unknown_item", message, "lines")
            })?;
            let product = products
                .get(&variant.product_id)
                .ok_or_else(|| ServiceError::Internal("variant without product".into()))?;
            Ok((variant.clone(), product.clone()))
        })
        .collect()
}

fn parse_amount(
    text: &str,
    currency: CurrencyCode,
    field: &'static str,
) -> Result<i64, ServiceError> {
    products::money(text, currency, field)
}

/// [`MAX_CHANGE`] in the currency's minor units.
fn max_change(currency: CurrencyCode) -> i64 {
    10i64
        .saturating_pow(currency.minor_units())
        .saturating_mul(MAX_CHANGE)
}

/// Payments checked against the total: they must add up to it exactly, except that cash
/// may exceed it by at most [`MAX_CHANGE`] (the excess is change, and only what stays in
/// the till is stored).
///
/// No amount is negative (each is parsed as a non-negative amount) and none but cash may
/// exceed the total on its own, so no method's share can go below zero or beyond the
/// total, and points redeemed can never exceed what the sale costs.
fn settle_payments(
    payments: &[NewPayment],
    currency: CurrencyCode,
    total: i64,
) -> Result<Vec<(PaymentMethod, i64, String)>, ServiceError> {
    let mut parsed = payments
        .iter()
        .map(|p| {
            let reference = text::optional(p.reference.as_deref().unwrap_or(""), 200, "payments")?;
            Ok((
                p.method,
                parse_amount(&p.amount, currency, "payments")?,
                reference,
            ))
        })
        .collect::<Result<Vec<_>, ServiceError>>()?;
    if parsed.is_empty() {
        return Ok(parsed);
    }
    let change_limit = max_change(currency);
    for (method, amount, _) in &parsed {
        if *method == PaymentMethod::Cash {
            if *amount > total.saturating_add(change_limit) {
                return Err(invalid(
                    "payments.change",
                    format!(
                        "Cash can exceed the total by at most {} of change",
                        Money::new(change_limit, currency)
                    ),
                    "payments",
                ));
            }
        } else if *amount > total {
            return Err(invalid(
                "payments.over",
                "Only cash can exceed the total (the rest is change)",
                "payments",
            ));
        }
    }
    let paid =
        checked_sum(parsed.iter().map(|(_, amount, _)| *amount)).map_err(overflow("payments"))?;
    let change = paid
        .checked_sub(total)
        .ok_or_else(|| overflow("payments")(MoneyError::Overflow))?;
    if change < 0 {
        return Err(invalid(
            "payments.short",
            format!(
                "The payments fall short of the total by {}",
                Money::new(change.saturating_neg(), currency)
            ),
            "payments",
        ));
    }
    if change > 0 {
        let cash = parsed
            .iter_mut()
            .rev()
            .find(|(method, amount, _)| *method == PaymentMethod::Cash && *amount >= change)
            .ok_or_else(|| {
                invalid(
                    "payments.over",
                    "Only cash can exceed the total (the rest is change)",
                    "payments",
                )
            })?;
        cash.1 -= change;
    }
    Ok(parsed)
}

/// What was paid with `method`, failing rather than wrapping.
fn paid_with(
    payments: &[(PaymentMethod, i64, String)],
    method: PaymentMethod,
) -> Result<i64, ServiceError> {
    checked_sum(
        payments
            .iter()
            .filter(|(m, _, _)| *m == method)
            .map(|(_, amount, _)| *amount),
    )
    .map_err(overflow("payments"))
}

async fn load_record(tx: &TenantTx, id: Uuid) -> Result<SaleRecord, ServiceError> {
    let head = tx
        .select::<sale::Model>()
        .filter(sale::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .ok_or(ServiceError::NotFound("Sale"))?;
    let lines = tx
        .select::<sale_line::Model>()
        .filter(sale_line::Column::SaleId.eq(id))
        .order_by_asc(sale_line::Column::LineNo)
        .all(tx.conn())
        .await?;
    let payments = tx
        .select::<sale_payment::Model>()
        .filter(sale_payment::Column::SaleId.eq(id))
        .order_by_asc(sale_payment::Column::LineNo)
        .all(tx.conn())
        .await?;
    SaleRecord::from_rows(head, lines, payments).map_err(|e| ServiceError::Internal(e.to_string()))
}

/// An earlier call's document, answered again as a replay.
async fn replayed(tx: &TenantTx, earlier: Uuid) -> Result<Recorded, ServiceError> {
    Ok(Recorded {
        sale: load_record(tx, earlier).await?,
        oversold: Vec::new(),
        replayed: true,
    })
}

/// The company's pricing rules.
struct Pricing {
    currency: CurrencyCode,
    prices_include_tax: bool,
    rounding: RoundingMode,
    loyalty_bp: u32,
}

async fn pricing(tx: &TenantTx) -> Result<Pricing, ServiceError> {
    let company = tx.company().await?;
    Ok(Pricing {
        currency: products::currency_of(&company)?,
        prices_include_tax: company.prices_include_tax,
        rounding: company.tax_rounding.parse().unwrap_or_default(),
        loyalty_bp: u32::try_from(company.loyalty_earn_bp).unwrap_or(0),
    })
}

/// A money error on `field` as the validation error the caller sees (`money.overflow`…).
fn overflow(field: &'static str) -> impl Fn(MoneyError) -> ServiceError {
    move |e| ValidationError::from(e).with_field(field).into()
}

/// Records a sale: stock leaves the location in the same transaction (even below zero),
/// the customer earns or spends points, and `saleRecorded` and `stockLevelChanged` go out
/// once it commits.
pub async fn record(
    db: &DatabaseConnection,
    access: &Access,
    input: NewSale,
) -> Result<Recorded, ServiceError> {
    check_shape(&input)?;
    let external = external_id(input.external_id.as_deref())?;
    let key = idempotency::parse_key(input.idempotency_key.as_deref())?;
    let retry = retry_key(
        "recordSale",
        input.channel_id,
        external.as_deref(),
        key.as_deref(),
    );
    let occurred_at = check_occurred(input.occurred_at)?;
    let note = text::optional(&input.note, 500, "note")?;
    let command = RecordSale {
        access,
        input: &input,
        external,
        occurred_at,
        note,
    };
    idempotency::once(db, access.tenant_id, retry.as_ref(), &command).await
}

/// A checked sale to record.
struct RecordSale<'a> {
    access: &'a Access,
    input: &'a NewSale,
    external: Option<String>,
    occurred_at: DateTime<Utc>,
    note: String,
}

impl idempotency::Command for RecordSale<'_> {
    type Answer = Recorded;

    async fn replay(&self, tx: &TenantTx, earlier: Uuid) -> Result<Recorded, ServiceError> {
        replayed(tx, earlier).await
    }

    async fn run(&self, tx: &TenantTx) -> Result<(Recorded, Uuid), Stop> {
        let id = Uuid::now_v7();
        let recorded = write_sale(
            tx,
            self.access,
            self.input,
            id,
            self.external.clone(),
            self.occurred_at,
            self.note.clone(),
        )
        .await?;
        Ok((recorded, id))
    }
}

async fn write_sale(
    tx: &TenantTx,
    access: &Access,
    input: &NewSale,
    id: Uuid,
    external: Option<String>,
    occurred_at: DateTime<Utc>,
    note: String,
) -> Result<Recorded, Stop> {
    let channel = match input.channel_id {
        Some(channel_id) => {
            let channel = setup::load(tx, channel_id).await?;
            if channel.channel.archived_at.is_some() {
                return Err(ServiceError::Conflict {
                    message: format!("The channel {} is archived", channel.channel.name),
                    field: Some("channelId"),
                }
                .into());
            }
            Some(channel)
        }
        None => None,
    };
    let location_id = input
        .location_id
        .or_else(|| channel.as_ref().and_then(|c| c.default_location()))
        .ok_or_else(|| invalid("sale.location", "Say where the sale happened", "locationId"))?;
    if let Some(channel) = &channel
        && !channel.location_ids.contains(&location_id)
    {
        return Err(invalid(
            "sale.location_not_in_channel",
            format!("This location does not sell for {}", channel.channel.name),
            "locationId",
        )
        .into());
    }
    access.locations.check(location_id)?;
    inventory::check_locations(tx, &BTreeSet::from([location_id])).await?;

    let rules = pricing(tx).await?;
    let currency = rules.currency;
    let prices_include_tax = input.prices_include_tax.unwrap_or(rules.prices_include_tax);
    let variants = find_variants(tx, &input.lines).await?;

    let mut lines = Vec::with_capacity(input.lines.len());
    for (n, (line, (variant, product))) in input.lines.iter().zip(variants).enumerate() {
        let unit_price = match &line.unit_price {
            Some(price) => parse_amount(price, currency, "lines")?,
            None => variant.price,
        };
        let discount = match &line.discount {
            Some(d) => parse_amount(d, currency, "lines")?,
            None => 0,
        };
        let gross = Money::new(unit_price, currency)
            .checked_mul(line.quantity)
            .map_err(overflow("lines"))?;
        if discount > gross.amount_minor {
            return Err(invalid(
                "sale.discount",
                "A discount cannot exceed the line",
                "lines",
            )
            .into());
        }
        let amount = line_amount(
            Money::new(unit_price, currency),
            line.quantity,
            Money::new(discount, currency),
        )
        .map_err(overflow("lines"))?;
        let tax_rate = match line.tax_rate {
            Some(rate) => rate,
            None => product
                .tax_class
                .parse()
                .map_err(|_| ServiceError::Internal("product with unknown tax class".into()))?,
        };
        lines.push(sale_line::Model {
            tenant_id: tx.tenant_id(),
            sale_id: id,
            line_no: i32::try_from(n + 1).unwrap_or(i32::MAX),
            variant_id: variant.id,
            sku: variant.sku,
            name: product.name,
            quantity: line.quantity,
            unit_price,
            discount,
            amount: amount.amount_minor,
            tax_rate: tax_rate.as_str().to_owned(),
            unit_cost: variant.cost,
            restock: true,
            returned_quantity: 0,
        });
    }

    let breakdown = breakdown(&lines, currency, prices_include_tax, rules.rounding)?;
    let payments = settle_payments(&input.payments, currency, breakdown.total().amount_minor)?;
    let customer = match &input.customer {
        Some(reference) => customers::resolve(tx, input.channel_id, reference).await?,
        None => None,
    };
    let points_redeemed = paid_with(&payments, PaymentMethod::Points)?;
    if points_redeemed > 0 && customer.is_none() {
        return Err(invalid(
            "points.no_customer",
            "Paying with points needs the customer",
            "payments",
        )
        .into());
    }
    let earned = match &customer {
        Some(_) => points_earned(
            breakdown
                .total()
                .checked_sub(Money::new(points_redeemed, currency))
                .map_err(overflow("payments"))?,
            rules.loyalty_bp,
        ),
        None => 0,
    };

    let head = sale::Model {
        tenant_id: tx.tenant_id(),
        id,
        kind: SaleKind::Sale.as_str().into(),
        status: SaleStatus::Completed.as_str().into(),
        channel_id: input.channel_id,
        location_id,
        customer_id: customer.as_ref().map(|c| c.id),
        external_id: external,
        original_sale_id: None,
        occurred_at,
        currency: currency.as_str().into(),
        prices_include_tax,
        tax_rounding: rules.rounding.as_str().into(),
        subtotal: breakdown.subtotal().amount_minor,
        tax: breakdown.tax().amount_minor,
        total: breakdown.total().amount_minor,
        discount_total: checked_sum(lines.iter().map(|l| l.discount)).map_err(overflow("lines"))?,
        cost_total: cost_total(&lines)?,
        points_earned: earned,
        points_redeemed,
        note,
        actor_user_id: access.actor.user_id,
        actor_api_key: access.actor.api_key_prefix.clone(),
        created_at: Utc::now(),
        voided_at: None,
        void_reason: None,
    };
    let record = save(tx, head, lines, payments).await?;

    if let Some(customer) = &customer {
        customers::move_points(
            tx,
            customer.id,
            Some(id),
            -points_redeemed,
            PointsReason::Redeemed,
        )
        .await?;
        customers::move_points(tx, customer.id, Some(id), earned, PointsReason::Earned).await?;
    }

    Ok(move_stock(tx, access, record, MovementReason::Sale, -1, "Sale").await?)
}

/// Posts the document's stock movements (`sign × quantity` per restocked line), announces
/// it, and reports the rows it left below zero.
async fn move_stock(
    tx: &TenantTx,
    access: &Access,
    record: SaleRecord,
    reason: MovementReason,
    sign: i64,
    what: &str,
) -> Result<Recorded, ServiceError> {
    let postings = stock_postings(&record, reason, sign, &sale_note(&record, what));
    let posted = inventory::post(
        tx,
        access,
        postings,
        Some(Reference {
            kind: "SALE",
            id: record.id,
        }),
    )
    .await?;
    let change = if record.status == SaleStatus::Voided {
        SaleChange::Voided
    } else {
        SaleChange::Recorded
    };
    publish(tx, &record, change).await?;
    Ok(Recorded {
        sale: record,
        oversold: posted
            .into_iter()
            .map(|p| p.level)
            .filter(|level| level.on_hand < 0)
            .collect(),
        replayed: false,
    })
}

fn breakdown(
    lines: &[sale_line::Model],
    currency: CurrencyCode,
    prices_include_tax: bool,
    rounding: RoundingMode,
) -> Result<TaxBreakdown, ServiceError> {
    let amounts = lines
        .iter()
        .map(|l| {
            Ok((
                l.tax_rate
                    .parse::<TaxRate>()
                    .map_err(|e| ServiceError::Internal(e.to_string()))?,
                Money::new(l.amount, currency),
            ))
        })
        .collect::<Result<Vec<_>, ServiceError>>()?;
    TaxBreakdown::from_lines(currency, amounts, prices_include_tax, rounding)
        .map_err(overflow("lines"))
}

/// The cost of the goods on `lines`, when every line's unit cost is known.
fn cost_total(lines: &[sale_line::Model]) -> Result<Option<i64>, ServiceError> {
    let Some(costs) = lines
        .iter()
        .map(|l| l.unit_cost.map(|c| c.checked_mul(l.quantity)))
        .collect::<Option<Vec<_>>>()
    else {
        return Ok(None);
    };
    let costs = costs
        .into_iter()
        .collect::<Option<Vec<i64>>>()
        .ok_or_else(|| overflow("lines")(MoneyError::Overflow))?;
    checked_sum(costs).map(Some).map_err(overflow("lines"))
}

fn sale_note(record: &SaleRecord, what: &str) -> String {
    match &record.external_id {
        Some(external) => format!("{what} {external}"),
        None => format!("{what} {}", short_number(record.id)),
    }
}

/// The receipt number Kura shows for a sale without a channel number: `R-` and the last
/// eight hex digits of its id (the random part of the UUIDv7).
pub fn short_number(id: Uuid) -> String {
    let hex = id.simple().to_string().to_uppercase();
    format!("R-{}", &hex[hex.len() - 8..])
}

/// One posting per variant on the document's restocked lines: `sign × quantity`.
fn stock_postings(
    record: &SaleRecord,
    reason: MovementReason,
    sign: i64,
    note: &str,
) -> Vec<Posting> {
    let mut per_variant: BTreeMap<Uuid, i64> = BTreeMap::new();
    for line in record.lines.iter().filter(|l| l.restock) {
        *per_variant.entry(line.variant_id).or_default() += line.quantity;
    }
    per_variant
        .into_iter()
        .filter(|(_, units)| *units != 0)
        .map(|(variant_id, units)| Posting {
            key: RowKey {
                variant_id,
                location_id: record.location_id,
            },
            delta: Delta {
                on_hand: sign * units,
                ..Delta::default()
            },
            guard: Guard::None,
            reason,
            note: note.to_owned(),
        })
        .collect()
}

async fn save(
    tx: &TenantTx,
    head: sale::Model,
    lines: Vec<sale_line::Model>,
    payments: Vec<(PaymentMethod, i64, String)>,
) -> Result<SaleRecord, Stop> {
    let id = head.id;
    let head: sale::ActiveModel = head.into();
    // A concurrent call with the same channel id took it first: the next attempt replays it.
    tx.insert(reset(head)).await.map_err(idempotency::raced)?;
    for line in &lines {
        let row: sale_line::ActiveModel = line.clone().into();
        tx.insert(reset(row)).await?;
    }
    let mut stored_payments = Vec::with_capacity(payments.len());
    for (n, (method, amount, reference)) in payments.into_iter().enumerate() {
        let row = sale_payment::Model {
            tenant_id: tx.tenant_id(),
            sale_id: id,
            line_no: i32::try_from(n + 1).unwrap_or(i32::MAX),
            method: method.as_str().into(),
            amount,
            reference,
        };
        tx.insert(reset(sale_payment::ActiveModel::from(row.clone())))
            .await?;
        stored_payments.push(row);
    }
    let head = tx
        .select::<sale::Model>()
        .filter(sale::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .ok_or_else(|| ServiceError::Internal("sale vanished".into()))?;
    Ok(SaleRecord::from_rows(head, lines, stored_payments)
        .map_err(|e| ServiceError::Internal(e.to_string()))?)
}

/// A model turned into an active model is all `Unchanged`; an insert needs every value `Set`.
fn reset<A: sea_orm::ActiveModelTrait>(mut row: A) -> A {
    use sea_orm::Iterable;
    for column in <A::Entity as sea_orm::EntityTrait>::Column::iter() {
        if let Some(value) = row.get(column).into_value() {
            row.set(column, value);
        }
    }
    row
}

async fn publish(
    tx: &TenantTx,
    record: &SaleRecord,
    change: SaleChange,
) -> Result<(), ServiceError> {
    events::enqueue(
        tx,
        EventPayload::SaleChanged {
            tenant_id: tx.tenant_id(),
            sale: Box::new(record.clone()),
            change,
        },
    )
    .await?;
    Ok(())
}

/// Takes goods back against an earlier sale: a RETURN document with negative quantities
/// and amounts, the units back into stock when `restock`, the money refunded, and the
/// points the sale earned taken back in proportion.
pub async fn record_return(
    db: &DatabaseConnection,
    access: &Access,
    input: NewReturn,
) -> Result<Recorded, ServiceError> {
    if input.refunds.len() > MAX_PAYMENTS {
        return Err(invalid(
            "sale.payments",
            format!("At most {MAX_PAYMENTS} refunds"),
            "refunds",
        ));
    }
    let external = external_id(input.external_id.as_deref())?;
    let key = idempotency::parse_key(input.idempotency_key.as_deref())?;
    let occurred_at = check_occurred(input.occurred_at)?;
    let note = text::optional(&input.note, 500, "note")?;
    let command = RecordReturn {
        access,
        input: &input,
        external,
        key,
        occurred_at,
        note,
    };
    idempotency::retrying(db, access.tenant_id, &command).await
}

/// A checked return to record.
struct RecordReturn<'a> {
    access: &'a Access,
    input: &'a NewReturn,
    external: Option<String>,
    key: Option<String>,
    occurred_at: DateTime<Utc>,
    note: String,
}

impl idempotency::Attempt for RecordReturn<'_> {
    type Output = Recorded;

    /// Reads the sale first: a refund's channel id is unique within the sale's channel.
    async fn attempt(&self, tx: &TenantTx) -> Result<Recorded, Stop> {
        let original = load_record(tx, self.input.sale_id).await?;
        self.access.locations.check(original.location_id)?;
        let retry = retry_key(
            "recordReturn",
            original.channel_id,
            self.external.as_deref(),
            self.key.as_deref(),
        );
        let against = ReturnAgainst {
            command: self,
            original,
        };
        idempotency::once_in(tx, retry.as_ref(), &against).await
    }
}

/// A return against the sale it was read with.
struct ReturnAgainst<'a> {
    command: &'a RecordReturn<'a>,
    original: SaleRecord,
}

impl idempotency::Command for ReturnAgainst<'_> {
    type Answer = Recorded;

    async fn replay(&self, tx: &TenantTx, earlier: Uuid) -> Result<Recorded, ServiceError> {
        replayed(tx, earlier).await
    }

    async fn run(&self, tx: &TenantTx) -> Result<(Recorded, Uuid), Stop> {
        let id = Uuid::now_v7();
        let command = self.command;
        let recorded = write_return(
            tx,
            command.access,
            command.input,
            self.original.clone(),
            id,
            command.external.clone(),
            command.occurred_at,
            command.note.clone(),
        )
        .await?;
        Ok((recorded, id))
    }
}

#[allow(clippy::too_many_arguments)] // one call site; the pieces are checked by the caller
async fn write_return(
    tx: &TenantTx,
    access: &Access,
    input: &NewReturn,
    original: SaleRecord,
    id: Uuid,
    external: Option<String>,
    occurred_at: DateTime<Utc>,
    note: String,
) -> Result<Recorded, Stop> {
    if original.kind != SaleKind::Sale || original.status != SaleStatus::Completed {
        return Err(ServiceError::Conflict {
            message: "Only a completed sale can be returned against".into(),
            field: Some("saleId"),
        }
        .into());
    }
    let currency: CurrencyCode = original
        .currency
        .parse()
        .map_err(|e: kura_shared::CurrencyError| ServiceError::Internal(e.to_string()))?;
    let wanted: Vec<(i32, i64)> = if input.lines.is_empty() {
        original
            .lines
            .iter()
            .map(|l| (l.line_no, l.quantity - l.returned_quantity))
            .filter(|(_, q)| *q > 0)
            .collect()
    } else {
        input.lines.clone()
    };
    if wanted.is_empty() {
        return Err(ServiceError::Conflict {
            message: "Everything on this sale has already been returned".into(),
            field: Some("lines"),
        }
        .into());
    }
    let mut lines = Vec::with_capacity(wanted.len());
    for (n, (line_no, units)) in wanted.iter().copied().enumerate() {
        let line = original
            .lines
            .iter()
            .find(|l| l.line_no == line_no)
            .ok_or_else(|| {
                invalid(
                    "return.line",
                    format!("The sale has no line {line_no}"),
                    "lines",
                )
            })?;
        if units < 1 {
            return Err(invalid("quantity.range", "Return at least one unit", "lines").into());
        }
        // Atomic: two concurrent returns cannot take back more than was sold.
        let taken = tx
            .update::<sale_line::Model>()
            .col_expr(
                sale_line::Column::ReturnedQuantity,
                Expr::col(sale_line::Column::ReturnedQuantity).add(units),
            )
            .filter(sale_line::Column::SaleId.eq(original.id))
            .filter(sale_line::Column::LineNo.eq(line_no))
            .filter(
                Expr::col(sale_line::Column::ReturnedQuantity)
                    .add(units)
                    .lte(Expr::col(sale_line::Column::Quantity)),
            )
            .exec(tx.conn())
            .await?;
        if taken.rows_affected == 0 {
            return Err(invalid(
                "return.too_many",
                format!("Line {line_no} has fewer units left to return"),
                "lines",
            )
            .into());
        }
        // The line's discount is shared out per unit, so returning everything refunds
        // exactly what was paid.
        let discount = share(line.discount, units, line.quantity);
        let amount = line_amount(
            Money::new(line.unit_price, currency),
            units,
            Money::new(discount, currency),
        )
        .map_err(overflow("lines"))?
        .amount_minor;
        lines.push(sale_line::Model {
            tenant_id: tx.tenant_id(),
            sale_id: id,
            line_no: i32::try_from(n + 1).unwrap_or(i32::MAX),
            variant_id: line.variant_id,
            sku: line.sku.clone(),
            name: line.name.clone(),
            quantity: -units,
            unit_price: line.unit_price,
            discount: -discount,
            amount: -amount,
            tax_rate: line.tax_rate.as_str().to_owned(),
            unit_cost: line.unit_cost,
            restock: input.restock,
            returned_quantity: 0,
        });
    }
    let rounding: RoundingMode = original.tax_rounding.parse().unwrap_or_default();
    let breakdown = breakdown(&lines, currency, original.prices_include_tax, rounding)?;
    let refund_total = -breakdown.total().amount_minor;
    let refunds = if input.refunds.is_empty() {
        let method = original
            .payments
            .first()
            .map_or(PaymentMethod::Cash, |p| p.method);
        vec![(method, refund_total, String::new())]
    } else {
        settle_payments(&input.refunds, currency, refund_total)?
    };
    let points_back = paid_with(&refunds, PaymentMethod::Points)?;
    let earned_back = if original.total > 0 {
        share(original.points_earned, refund_total, original.total)
    } else {
        0
    };
    let head = sale::Model {
        tenant_id: tx.tenant_id(),
        id,
        kind: SaleKind::Return.as_str().into(),
        status: SaleStatus::Completed.as_str().into(),
        channel_id: original.channel_id,
        location_id: original.location_id,
        customer_id: original.customer_id,
        external_id: external,
        original_sale_id: Some(original.id),
        occurred_at,
        currency: original.currency.clone(),
        prices_include_tax: original.prices_include_tax,
        tax_rounding: original.tax_rounding.clone(),
        subtotal: breakdown.subtotal().amount_minor,
        tax: breakdown.tax().amount_minor,
        total: breakdown.total().amount_minor,
        discount_total: checked_sum(lines.iter().map(|l| l.discount)).map_err(overflow("lines"))?,
        cost_total: cost_total(&lines)?,
        points_earned: -earned_back,
        points_redeemed: -points_back,
        note,
        actor_user_id: access.actor.user_id,
        actor_api_key: access.actor.api_key_prefix.clone(),
        created_at: Utc::now(),
        voided_at: None,
        void_reason: None,
    };
    let refunds = refunds.into_iter().map(|(m, a, r)| (m, -a, r)).collect();
    let record = save(tx, head, lines, refunds).await?;
    if let Some(customer) = original.customer_id {
        customers::move_points(tx, customer, Some(id), points_back, PointsReason::Reversed).await?;
        take_points(tx, customer, id, earned_back).await?;
    }
    Ok(move_stock(tx, access, record, MovementReason::Return, -1, "Return").await?)
}

/// `amount × part / whole`, rounded down (whole > 0).
fn share(amount: i64, part: i64, whole: i64) -> i64 {
    if whole == 0 {
        return 0;
    }
    let value = i128::from(amount) * i128::from(part) / i128::from(whole);
    i64::try_from(value).unwrap_or(0)
}

/// Takes back up to `points` the customer earned; what they already spent stays spent.
async fn take_points(
    tx: &TenantTx,
    customer: Uuid,
    sale_id: Uuid,
    points: i64,
) -> Result<(), ServiceError> {
    if points <= 0 {
        return Ok(());
    }
    let balance = customers::get_in(tx, customer).await?.points_balance;
    customers::move_points(
        tx,
        customer,
        Some(sale_id),
        -std::cmp::min(points, std::cmp::max(balance, 0)),
        PointsReason::Reversed,
    )
    .await
}

/// Voids a sale or return: it stops counting, its stock movements are reversed and its
/// points given or taken back. A sale with returns against it cannot be voided (void the
/// returns first). Voiding a voided document returns it unchanged.
pub async fn void(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
    reason: &str,
) -> Result<SaleRecord, ServiceError> {
    let reason = text::required(reason, 500, "reason", "reason")?;
    let tx = TenantTx::write(db, access.tenant_id).await?;
    let record = load_record(&tx, id).await?;
    access.locations.check(record.location_id)?;
    if record.status == SaleStatus::Voided {
        tx.commit().await?;
        return Ok(record);
    }
    if record.lines.iter().any(|l| l.returned_quantity > 0) {
        return Err(ServiceError::Conflict {
            message: "Goods on this sale were returned: void the returns first".into(),
            field: None,
        });
    }
    let now = Utc::now();
    let changed = tx
        .update::<sale::Model>()
        .col_expr(
            sale::Column::Status,
            Expr::value(SaleStatus::Voided.as_str()),
        )
        .col_expr(sale::Column::VoidedAt, Expr::value(now))
        .col_expr(sale::Column::VoidReason, Expr::value(reason.clone()))
        .filter(sale::Column::Id.eq(id))
        .filter(sale::Column::Status.eq(SaleStatus::Completed.as_str()))
        .exec(tx.conn())
        .await?;
    if changed.rows_affected == 0 {
        drop(tx);
        return Box::pin(void(db, access, id, &reason)).await;
    }
    if let Some(original) = record.original_sale_id {
        for line in &record.lines {
            // A return's lines are numbered afresh; give the units back to the sale's
            // lines of the same variant.
            give_back_returned(&tx, original, line.variant_id, -line.quantity).await?;
        }
    }
    if let Some(customer) = record.customer_id {
        customers::move_points(
            &tx,
            customer,
            Some(id),
            record.points_redeemed,
            PointsReason::Reversed,
        )
        .await?;
        if record.points_earned > 0 {
            take_points(&tx, customer, id, record.points_earned).await?;
        } else {
            customers::move_points(
                &tx,
                customer,
                Some(id),
                -record.points_earned,
                PointsReason::Reversed,
            )
            .await?;
        }
    }
    let record = load_record(&tx, id).await?;
    let reason_kind = match record.kind {
        SaleKind::Sale => MovementReason::Sale,
        SaleKind::Return => MovementReason::Return,
    };
    let record = move_stock(&tx, access, record, reason_kind, 1, "Void of")
        .await?
        .sale;
    tx.commit().await?;
    Ok(record)
}

async fn give_back_returned(
    tx: &TenantTx,
    sale_id: Uuid,
    variant_id: Uuid,
    mut units: i64,
) -> Result<(), ServiceError> {
    let lines = tx
        .select::<sale_line::Model>()
        .filter(sale_line::Column::SaleId.eq(sale_id))
        .filter(sale_line::Column::VariantId.eq(variant_id))
        .filter(sale_line::Column::ReturnedQuantity.gt(0))
        .order_by_asc(sale_line::Column::LineNo)
        .all(tx.conn())
        .await?;
    for line in lines {
        if units <= 0 {
            break;
        }
        let back = std::cmp::min(units, line.returned_quantity);
        tx.update::<sale_line::Model>()
            .col_expr(
                sale_line::Column::ReturnedQuantity,
                Expr::col(sale_line::Column::ReturnedQuantity).sub(back),
            )
            .filter(sale_line::Column::SaleId.eq(sale_id))
            .filter(sale_line::Column::LineNo.eq(line.line_no))
            .exec(tx.conn())
            .await?;
        units -= back;
    }
    Ok(())
}

/// One sale or return.
pub async fn get(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
) -> Result<SaleRecord, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let record = load_record(&tx, id).await?;
    tx.commit().await?;
    if !access.locations.allows(record.location_id) {
        return Err(ServiceError::NotFound("Sale"));
    }
    Ok(record)
}

/// Which sales to list.
#[derive(Debug, Clone, Default)]
pub struct SaleFilter {
    /// Only at these locations.
    pub location_ids: Option<Vec<Uuid>>,
    /// Only through these channels.
    pub channel_ids: Option<Vec<Uuid>>,
    /// Only this customer's.
    pub customer_id: Option<Uuid>,
    /// Happened at or after.
    pub from: Option<DateTime<Utc>>,
    /// Happened before.
    pub to: Option<DateTime<Utc>>,
}

/// A page of sales and returns, newest recorded first, before `after`.
pub async fn list(
    db: &DatabaseConnection,
    access: &Access,
    filter: &SaleFilter,
    after: Option<Uuid>,
    limit: u64,
) -> Result<(Vec<SaleRecord>, bool), ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let mut query = tx
        .select::<sale::Model>()
        .order_by_desc(sale::Column::Id)
        .limit(limit + 1);
    let locations = access.locations.narrow(filter.location_ids.as_deref());
    if let Some(ids) = locations {
        query = query.filter(sale::Column::LocationId.is_in(ids));
    }
    if let Some(ids) = &filter.channel_ids {
        query = query.filter(sale::Column::ChannelId.is_in(ids.iter().copied()));
    }
    if let Some(customer) = filter.customer_id {
        query = query.filter(sale::Column::CustomerId.eq(customer));
    }
    if let Some(from) = filter.from {
        query = query.filter(sale::Column::OccurredAt.gte(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(sale::Column::OccurredAt.lt(to));
    }
    if let Some(after) = after {
        query = query.filter(sale::Column::Id.lt(after));
    }
    let mut heads = query.all(tx.conn()).await?;
    let more = crate::services::trim_page(&mut heads, limit);
    let records = with_details(&tx, heads).await?;
    tx.commit().await?;
    Ok((records, more))
}

/// Sale documents with their lines and payments, two queries for the whole page.
pub async fn with_details(
    tx: &TenantTx,
    heads: Vec<sale::Model>,
) -> Result<Vec<SaleRecord>, ServiceError> {
    let ids: Vec<Uuid> = heads.iter().map(|h| h.id).collect();
    let mut lines: BTreeMap<Uuid, Vec<sale_line::Model>> = BTreeMap::new();
    for line in tx
        .select::<sale_line::Model>()
        .filter(sale_line::Column::SaleId.is_in(ids.iter().copied()))
        .order_by_asc(sale_line::Column::LineNo)
        .all(tx.conn())
        .await?
    {
        lines.entry(line.sale_id).or_default().push(line);
    }
    let mut payments: BTreeMap<Uuid, Vec<sale_payment::Model>> = BTreeMap::new();
    for payment in tx
        .select::<sale_payment::Model>()
        .filter(sale_payment::Column::SaleId.is_in(ids.iter().copied()))
        .order_by_asc(sale_payment::Column::LineNo)
        .all(tx.conn())
        .await?
    {
        payments.entry(payment.sale_id).or_default().push(payment);
    }
    heads
        .into_iter()
        .map(|head| {
            let id = head.id;
            SaleRecord::from_rows(
                head,
                lines.remove(&id).unwrap_or_default(),
                payments.remove(&id).unwrap_or_default(),
            )
            .map_err(|e| ServiceError::Internal(e.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discounts_are_shared_per_unit_rounding_down() {
        assert_eq!(share(100, 1, 3), 33);
        assert_eq!(share(100, 3, 3), 100);
        assert_eq!(share(5, 1, 0), 0);
    }

    #[test]
    fn receipt_numbers_use_the_random_tail() {
        let id: Uuid = "0190a4c2-7b3e-7abc-8def-0123456789ab"
            .parse()
            .unwrap_or_default();
        assert_eq!(short_number(id), "R-456789AB");
    }

    #[test]
    fn cash_over_the_total_is_change() {
        let paid = settle_payments(
            &[
                NewPayment {
                    method: PaymentMethod::Card,
                    amount: "1000".into(),
                    reference: None,
                },
                NewPayment {
                    method: PaymentMethod::Cash,
                    amount: "5000".into(),
                    reference: None,
                },
            ],
            CurrencyCode::Jpy,
            3_200,
        );
        let paid = paid.ok().unwrap_or_default();
        assert_eq!(paid[1].1, 2_200);
        assert!(
            settle_payments(
                &[NewPayment {
                    method: PaymentMethod::Card,
                    amount: "5000".into(),
                    reference: None,
                }],
                CurrencyCode::Jpy,
                3_200,
            )
            .is_err()
        );
        assert!(
            settle_payments(
                &[NewPayment {
                    method: PaymentMethod::Cash,
                    amount: "100".into(),
                    reference: None,
                }],
                CurrencyCode::Jpy,
                3_200,
            )
            .is_err()
        );
    }
}
