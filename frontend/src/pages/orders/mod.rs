//! Orders: sales orders (受注) from entry to shipment. Owns the order list that follows
//! every change live (`/orders`: `list`), order entry fast enough for a phone order, with a
//! customer lookup and one scan field for the lines (`/orders/new`: `entry`, `customer`,
//! `lines`), one order with confirming, cancelling and the packing panel that ships it
//! (`/orders/:id`: `detail`, `packing`; releasing and returns: `returns`), and the
//! fulfilment board whose cards move between
//! columns as orders change (`/orders/board`: `board`). Its pages call `api::orders`, read
//! `api::sales` for customers, the company's pricing and the variant a code sells, and
//! `api::catalog` for locations, and use the shared `components`. Which status is in which
//! stage, what may ship and how a line's units add up are `kura_shared`'s rules. Quotes
//! (`/quotes`, `quotes`) reuse the entry's panels.
//!
//! What the pages share lives here: labels for statuses, stages and carriers, the status
//! badge, a one-line summary of the lines and of the ship-to address, and the live feed.

mod board;
mod customer;
mod detail;
mod entry;
mod lines;
mod list;
mod outsourced;
mod packing;
mod pickups;
mod quotes;
mod returns;
mod split;

use kura_shared::{Carrier, FulfilmentStage, OrderStatus};
use leptos::prelude::*;

pub use board::FulfilmentBoardPage;
pub use detail::OrderPage;
pub use entry::NewOrderPage;
pub use list::OrdersPage;
pub use outsourced::OutsourcedPage;
pub use pickups::PickupsPage;
pub use quotes::{NewQuotePage, QuotePage, QuotesPage};

use crate::api::orders::documents::{
    Order, OrderAddress, OrderChangedData, OrderChangedVars, OrderLine,
};
use crate::api::ws::{ConnectionState, SubscriptionEvent, subscribe};
use crate::i18n::{Lang, Msg, tr};

/// An order status in words.
fn status_label(status: OrderStatus) -> Msg {
    match status {
        OrderStatus::Draft => Msg::OrStatusDraft,
        OrderStatus::OnHold => Msg::OrStatusOnHold,
        OrderStatus::Confirmed => Msg::OrStatusConfirmed,
        OrderStatus::Backordered => Msg::OrStatusBackordered,
        OrderStatus::PartiallyShipped => Msg::OrStatusPartiallyShipped,
        OrderStatus::ReadyForPickup => Msg::OrStatusReadyForPickup,
        OrderStatus::Shipped => Msg::OrStatusShipped,
        OrderStatus::Completed => Msg::OrStatusCompleted,
        OrderStatus::Cancelled => Msg::OrStatusCancelled,
    }
}

/// A fulfilment stage in words.
fn stage_label(stage: FulfilmentStage) -> Msg {
    match stage {
        FulfilmentStage::ToConfirm => Msg::OrStageToConfirm,
        FulfilmentStage::Backordered => Msg::OrStageBackordered,
        FulfilmentStage::ToShip => Msg::OrStageToShip,
        FulfilmentStage::Shipped => Msg::OrStageShipped,
        FulfilmentStage::Cancelled => Msg::OrStageCancelled,
    }
}

/// A carrier's name.
fn carrier_label(carrier: Carrier) -> Msg {
    match carrier {
        Carrier::Yamato => Msg::CarrierYamato,
        Carrier::Sagawa => Msg::CarrierSagawa,
        Carrier::JapanPost => Msg::CarrierJapanPost,
        Carrier::Other => Msg::CarrierOther,
        Carrier::StorePickup => Msg::CarrierStorePickup,
    }
}

/// An order's status as a coloured badge.
#[component]
fn OrderBadge(status: OrderStatus) -> impl IntoView {
    view! {
        <span class="badge order-status" data-status=status.as_str() data-testid="order-status">
            {tr(status_label(status))}
        </span>
    }
}

/// Units ordered over all lines.
fn total_units(lines: &[OrderLine]) -> i64 {
    lines
        .iter()
        .fold(0i64, |sum, l| sum.saturating_add(l.quantity))
}

/// The first two lines as `name × quantity`, and how many more there are.
fn lines_summary(lines: &[OrderLine], lang: Lang) -> String {
    let shown = lines
        .iter()
        .take(2)
        .map(|l| format!("{} × {}", l.name, l.quantity))
        .collect::<Vec<_>>()
        .join(", ");
    match lines.len().saturating_sub(2) {
        0 => shown,
        more => format!(
            "{shown} {}",
            Msg::OrMoreLines
                .text(lang)
                .replace("{n}", &more.to_string())
        ),
    }
}

/// The address on one line, as a label prints it: `〒150-0001 東京都渋谷区神宮前1-2-3 5F`.
fn address_text(to: &OrderAddress) -> String {
    let postal =
        (!to.postal_code.trim().is_empty()).then(|| format!("〒{}", to.postal_code.trim()));
    let street = [&to.prefecture, &to.city, &to.line1]
        .iter()
        .map(|part| part.trim())
        .collect::<String>();
    [postal, Some(street), Some(to.line2.trim().to_owned())]
        .into_iter()
        .flatten()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Follows `orderChanged` (`document`, narrowed to `location_ids`) for as long as the
/// current component lives: `live` shows the connection, `on_order` gets each order as it
/// is now, and `on_reconnect` runs when the feed is back after a drop (orders may have
/// changed meanwhile).
fn watch_orders(
    document: &'static str,
    location_ids: Option<Vec<String>>,
    live: RwSignal<ConnectionState>,
    on_reconnect: impl Fn() + 'static,
    mut on_order: impl FnMut(Order) + 'static,
) {
    let vars = OrderChangedVars { location_ids };
    let handle = subscribe::<_, OrderChangedData, _>(document, vars, move |event| match event {
        SubscriptionEvent::State(state) => {
            let was_down = matches!(
                live.try_get_untracked(),
                Some(ConnectionState::Reconnecting { .. })
            );
            live.try_set(state);
            if was_down && state == ConnectionState::Connected {
                on_reconnect();
            }
        }
        SubscriptionEvent::Data(data) => on_order(data.order_changed),
        SubscriptionEvent::Error(_) => {}
    });
    on_cleanup(move || drop(handle));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(name: &str, quantity: i64) -> OrderLine {
        serde_json::from_value(serde_json::json!({
            "lineNumber": 1, "sku": "S", "name": name, "quantity": quantity,
            "allocatedQuantity": 0, "backorderedQuantity": 0, "shippedQuantity": 0,
            "cancelledQuantity": 0, "taxClass": "STANDARD",
            "unitPrice": { "amount": "100", "currencyCode": "JPY" },
            "amount": { "amount": "100", "currencyCode": "JPY" },
            "variant": { "id": "v", "barcode": null, "title": "" }
        }))
        .expect("a line")
    }

    #[test]
    fn a_summary_names_two_lines_and_counts_the_rest() {
        let lines = [
            line("Tee", 2),
            line("Tea", 1),
            line("Cap", 1),
            line("Bag", 3),
        ];
        assert_eq!(lines_summary(&lines[..1], Lang::En), "Tee × 2");
        assert_eq!(lines_summary(&lines, Lang::En), "Tee × 2, Tea × 1 +2 more");
        assert_eq!(lines_summary(&lines, Lang::Ja), "Tee × 2, Tea × 1 他 2 件");
        assert_eq!(total_units(&lines), 7);
    }

    #[test]
    fn an_address_reads_as_one_line_without_empty_parts() {
        let to = OrderAddress {
            name: "山田 花子".into(),
            postal_code: "150-0001".into(),
            prefecture: "東京都".into(),
            city: "渋谷区".into(),
            line1: "神宮前1-2-3".into(),
            line2: String::new(),
            phone: String::new(),
        };
        assert_eq!(address_text(&to), "〒150-0001 東京都渋谷区神宮前1-2-3");
    }
}
