//! The documents an order prints: the pick list (ピッキングリスト) its location picks from,
//! and the delivery note (納品書) that travels with each shipment. Sheets are built by pure
//! functions from the records; `crate::print` draws them. The quote (御見積書, in
//! `quotes::printing`) is laid out with the same parts.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use kura_shared::{CustomerKind, Money, ShipTo, TaxBreakdown, addressed};
use sea_orm::{ColumnTrait, DatabaseConnection, QueryFilter};
use uuid::Uuid;

use super::{OrderRecord, ShipmentRecord, read};
use crate::print::{Align, Column, Party, Sheet};
use crate::services::{
    ServiceError, access::Access, accounts::company::letterhead, sales::customers,
    sales::summary::time_zone,
};
use crate::store::tenant::{TenantTx, records::shipment};

/// Who the documents are from and for.
#[derive(Debug, Clone)]
pub struct Parties {
    /// The company issuing them.
    pub company: String,
    /// Its address, phone and registration number, as printed under its name.
    pub letterhead: Vec<String>,
    /// The customer's name as addressed (with 御中 or 様), when the order has a customer.
    pub customer: Option<String>,
    /// Whether the customer is a company or a person, for the honorific of the ship-to.
    pub customer_kind: Option<CustomerKind>,
    /// The company's time zone, for dates.
    pub time_zone: Tz,
}

impl Parties {
    /// The company as it signs its documents: its name, with its address, phone and
    /// registration number under it.
    pub fn seller(&self) -> Party {
        Party {
            name: self.company.clone(),
            lines: self.letterhead.clone(),
        }
    }
}

/// The pick list of an order: what its location holds for it, by SKU.
pub async fn pick_list(
    db: &DatabaseConnection,
    access: &Access,
    order_id: Uuid,
) -> Result<Sheet, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let order = read::load(&tx, access, order_id).await?;
    let parties = parties(&tx, &order).await?;
    tx.commit().await?;
    Ok(pick_list_sheet(&parties, &order))
}

/// The delivery note of a shipment.
pub async fn delivery_note(
    db: &DatabaseConnection,
    access: &Access,
    shipment_id: Uuid,
) -> Result<Sheet, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let heads = tx
        .select::<shipment::Model>()
        .filter(shipment::Column::Id.eq(shipment_id))
        .all(tx.conn())
        .await?;
    let shipment = read::shipments_with_lines(&tx, heads)
        .await?
        .pop()
        .ok_or(ServiceError::NotFound("Shipment"))?;
    let order = read::load(&tx, access, shipment.order_id).await?;
    let parties = parties(&tx, &order).await?;
    tx.commit().await?;
    Ok(delivery_note_sheet(&parties, &order, &shipment))
}

async fn parties(tx: &TenantTx, order: &OrderRecord) -> Result<Parties, ServiceError> {
    parties_for(tx, order.customer_id).await
}

/// The company and the customer `customer_id` names.
pub(in crate::services::orders) async fn parties_for(
    tx: &TenantTx,
    customer_id: Option<Uuid>,
) -> Result<Parties, ServiceError> {
    let company = tx.company().await?;
    let customer = match customer_id {
        Some(id) => Some(customers::get_in(tx, id).await?),
        None => None,
    };
    let customer_kind = customer.as_ref().map(|c| c.kind);
    let customer = customer.map(|c| addressed(&c.name, c.kind));
    Ok(Parties {
        letterhead: letterhead(
            &company.address,
            &company.phone,
            company.registration_number.as_deref(),
        ),
        company: company.name,
        customer,
        customer_kind,
        time_zone: time_zone(&company.time_zone),
    })
}

/// The day of `at` in the company's time zone, `2026-12-07`.
pub(in crate::services::orders) fn day(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%Y-%m-%d").to_string()
}

/// The addressee: the ship-to name (or the customer), with 御中 or 様 for the customer's
/// kind, and the address under it.
fn recipient(parties: &Parties, order: &OrderRecord) -> Party {
    addressee(parties, order.ship_to.as_ref())
}

/// The addressee of a document going to `ship_to`, else to the customer.
pub(in crate::services::orders) fn addressee(parties: &Parties, ship_to: Option<&ShipTo>) -> Party {
    match ship_to {
        Some(to) => Party {
            name: parties
                .customer_kind
                .map_or_else(|| to.name.clone(), |kind| addressed(&to.name, kind)),
            lines: [
                (!to.postal_code.is_empty()).then(|| format!("〒{}", to.postal_code)),
                Some(format!("{}{}{}", to.prefecture, to.city, to.line1)),
                (!to.line2.is_empty()).then(|| to.line2.clone()),
                (!to.phone.is_empty()).then(|| format!("TEL {}", to.phone)),
            ]
            .into_iter()
            .flatten()
            .collect(),
        },
        None => Party {
            name: parties.customer.clone().unwrap_or_default(),
            lines: Vec::new(),
        },
    }
}

/// A column of a sheet's table.
pub(in crate::services::orders) fn column(label: &str, share: f32, align: Align) -> Column {
    Column {
        label: label.to_owned(),
        share,
        align,
    }
}

/// The pick list: one row per allocated line, sorted by SKU so the picker walks the shelf
/// once, with a box to tick.
pub fn pick_list_sheet(parties: &Parties, order: &OrderRecord) -> Sheet {
    let mut lines: Vec<_> = order
        .lines
        .iter()
        .filter(|l| l.units.allocated > 0)
        .collect();
    lines.sort_by(|a, b| a.sku.cmp(&b.sku).then(a.line_number.cmp(&b.line_number)));
    let mut facts = vec![(
        "受注日".to_owned(),
        day(order.ordered_at, parties.time_zone),
    )];
    if let Some(date) = order.requested_date {
        facts.push(("希望納期".to_owned(), date.format("%Y-%m-%d").to_string()));
    }
    Sheet {
        title: "ピッキングリスト".into(),
        number: order.number.clone(),
        facts,
        recipient: recipient(parties, order),
        seller: parties.seller(),
        lead: None,
        columns: vec![
            column("行", 0.6, Align::Right),
            column("品番", 2.0, Align::Left),
            column("品名", 4.5, Align::Left),
            column("数量", 1.0, Align::Right),
            column("確認", 0.8, Align::Left),
        ],
        rows: lines
            .iter()
            .map(|l| {
                vec![
                    l.line_number.to_string(),
                    l.sku.clone(),
                    l.name.clone(),
                    l.units.allocated.to_string(),
                    "□".into(),
                ]
            })
            .collect(),
        totals: vec![(
            "合計数量".into(),
            lines
                .iter()
                .map(|l| l.units.allocated)
                .fold(0, i64::saturating_add)
                .to_string(),
        )],
        notes: [order.note.clone()]
            .into_iter()
            .filter(|n| !n.is_empty())
            .collect(),
        notes_heading: "備考".into(),
    }
}

/// The totals block of a priced document: each rate's total and tax (as a qualified invoice
/// shows them), then subtotal, tax and total.
pub(in crate::services::orders) fn tax_sums(totals: &TaxBreakdown) -> Vec<(String, String)> {
    let mut sums: Vec<(String, String)> = totals
        .rates()
        .iter()
        .map(|rate| {
            (
                format!("{}%対象", rate.rate.percent()),
                format!("{}（消費税 {}）", rate.total, rate.tax),
            )
        })
        .collect();
    sums.push(("小計（税抜）".into(), totals.subtotal().to_string()));
    sums.push(("消費税".into(), totals.tax().to_string()));
    sums.push(("合計".into(), totals.total().to_string()));
    sums
}

/// The delivery note's columns; a quote's are the same.
pub(in crate::services::orders) fn priced_columns() -> Vec<Column> {
    vec![
        column("品番", 2.0, Align::Left),
        column("品名", 4.0, Align::Left),
        column("数量", 1.0, Align::Right),
        column("単価", 1.5, Align::Right),
        column("金額", 1.6, Align::Right),
        column("税率", 0.9, Align::Right),
    ]
}

/// The delivery note: what left on this shipment, priced as ordered, with tax per rate.
pub fn delivery_note_sheet(
    parties: &Parties,
    order: &OrderRecord,
    shipment: &ShipmentRecord,
) -> Sheet {
    let currency = order.currency;
    let shipped: Vec<_> = shipment
        .lines
        .iter()
        .filter_map(|(number, _, units)| {
            let line = order.lines.iter().find(|l| l.line_number == *number)?;
            let amount = line.unit_price.saturating_mul(*units);
            Some((line, *units, amount))
        })
        .collect();
    let totals = TaxBreakdown::from_lines(
        currency,
        shipped
            .iter()
            .map(|(line, _, amount)| (line.tax_class, Money::new(*amount, currency))),
        order.prices_include_tax,
        order.tax_rounding,
    )
    .ok();
    let mut facts = vec![
        (
            "納品日".to_owned(),
            day(shipment.shipped_at, parties.time_zone),
        ),
        ("受注番号".to_owned(), order.number.clone()),
        ("配送".to_owned(), shipment.carrier.name_ja().to_owned()),
    ];
    if !shipment.tracking_number.is_empty() {
        facts.push(("伝票番号".to_owned(), shipment.tracking_number.clone()));
    }
    let sums = totals.as_ref().map(tax_sums).unwrap_or_default();
    Sheet {
        title: "納品書".into(),
        number: shipment.number.clone(),
        facts,
        recipient: recipient(parties, order),
        seller: parties.seller(),
        lead: Some("下記のとおり納品いたします。".into()),
        columns: priced_columns(),
        rows: shipped
            .iter()
            .map(|(line, units, amount)| {
                vec![
                    line.sku.clone(),
                    line.name.clone(),
                    units.to_string(),
                    Money::new(line.unit_price, currency).to_string(),
                    Money::new(*amount, currency).to_string(),
                    format!("{}%", line.tax_class.percent()),
                ]
            })
            .collect(),
        totals: sums,
        notes: [shipment.note.clone(), order.note.clone()]
            .into_iter()
            .filter(|n| !n.is_empty())
            .collect(),
        notes_heading: "備考".into(),
    }
}
