//! Converting a quote (受注化): the customer accepted it, so it becomes a sales order with
//! the same customer, location, ship-to, requested date, lines and prices, through
//! `orders::create` in the same transaction that marks the quote `ACCEPTED` and links the
//! two. Converting a converted quote returns its order; an expired or cancelled one is a
//! CONFLICT.

use kura_shared::{Money, QuoteStatus};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::{QuoteRecord, draft, read, write};
use crate::services::{
    ServiceError,
    access::Access,
    accounts::audit::AuditAction,
    catalog::products::VariantLookup,
    idempotency::{self, Command, Key, Stop},
    orders::{NewOrder, NewOrderLine, OrderRecord, create::create_in, read as orders},
};
use crate::store::tenant::TenantTx;

/// Turns a quote into an order (confirmed, so its stock is allocated, when `confirm`).
/// A repeat (with the same key, or of a quote already converted) returns the same order.
pub async fn convert(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
    idempotency_key: Option<&str>,
    confirm: bool,
) -> Result<OrderRecord, ServiceError> {
    let key = Key::parse("convertQuote", idempotency_key)?;
    let command = Convert {
        access,
        id,
        confirm,
    };
    idempotency::once(db, access.tenant_id, key.as_ref(), &command).await
}

struct Convert<'a> {
    access: &'a Access,
    id: Uuid,
    confirm: bool,
}

impl Command for Convert<'_> {
    type Answer = OrderRecord;

    async fn replay(&self, tx: &TenantTx, earlier: Uuid) -> Result<OrderRecord, ServiceError> {
        orders::load(tx, self.access, earlier).await
    }

    async fn run(&self, tx: &TenantTx) -> Result<(OrderRecord, Uuid), Stop> {
        let before = read::load(tx, self.access, self.id).await?;
        if let (QuoteStatus::Accepted, Some(order)) = (before.status, before.order_id) {
            return Ok((orders::load(tx, self.access, order).await?, order));
        }
        draft::check_current(&before, "converted")?;
        let order = create_in(tx, self.access, &order_of(&before), self.confirm).await?;
        let mut after = before.clone();
        after.stored_status = QuoteStatus::Accepted;
        after.status = QuoteStatus::Accepted;
        after.order_id = Some(order.id);
        let now = write::now();
        after.accepted_at = Some(now);
        write::save(tx, &before, &mut after, now).await?;
        write::announce(
            tx,
            self.access,
            &after,
            AuditAction::QuoteConverted,
            &format!("converted to order {}", order.number),
        )
        .await?;
        let id = order.id;
        Ok((order, id))
    }
}

/// The order a quote becomes: every line by its variant at the quoted price and rate, so
/// the order's amounts are the quote's whatever the catalogue or the customer's 掛率 say
/// now.
pub fn order_of(quote: &QuoteRecord) -> NewOrder {
    NewOrder {
        customer_id: quote.customer_id,
        location_id: Some(quote.location_id),
        lines: quote
            .lines
            .iter()
            .map(|line| NewOrderLine {
                item: VariantLookup::Id(line.variant_id),
                quantity: line.quantity,
                unit_price: Some(Money::new(line.unit_price, quote.currency).to_decimal_string()),
                tax_class: Some(line.tax_class),
            })
            .collect(),
        ship_to: quote.ship_to.clone(),
        requested_date: quote.requested_date,
        prices_include_tax: Some(quote.prices_include_tax),
        note: (!quote.note.is_empty()).then(|| quote.note.clone()),
        ..NewOrder::default()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::Utc;
    use kura_shared::{CurrencyCode, RoundingMode, TaxRate};

    use super::*;
    use crate::services::orders::quotes::QuoteLineRecord;

    #[test]
    fn the_order_carries_every_line_at_the_quoted_price_and_rate() {
        let variant = Uuid::now_v7();
        let location = Uuid::now_v7();
        let quote = QuoteRecord {
            id: Uuid::now_v7(),
            number: "Q-2026-000001".into(),
            status: QuoteStatus::Sent,
            stored_status: QuoteStatus::Sent,
            customer_id: None,
            location_id: location,
            requested_date: None,
            expires_on: "2026-12-31".parse().unwrap(),
            ship_to: None,
            currency: CurrencyCode::Jpy,
            prices_include_tax: false,
            tax_rounding: RoundingMode::Floor,
            subtotal: 2_474,
            tax: 247,
            total: 2_721,
            note: "納期相談".into(),
            cancel_reason: None,
            order_id: None,
            sent_at: None,
            accepted_at: None,
            cancelled_at: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
            version: 1,
            lines: vec![QuoteLineRecord {
                line_number: 1,
                variant_id: variant,
                sku: "TEA-1".into(),
                name: "Tea".into(),
                quantity: 2,
                unit_price: 1_237,
                tax_class: TaxRate::Reduced,
                amount: 2_474,
            }],
        };
        let order = order_of(&quote);
        assert_eq!(order.location_id, Some(location));
        assert_eq!(order.prices_include_tax, Some(false));
        assert_eq!(order.note.as_deref(), Some("納期相談"));
        let line = &order.lines[0];
        assert!(matches!(line.item, VariantLookup::Id(id) if id == variant));
        assert_eq!(
            (line.quantity, line.unit_price.as_deref(), line.tax_class),
            (2, Some("1237"), Some(TaxRate::Reduced))
        );
    }
}
