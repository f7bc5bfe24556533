//! The sales vocabulary: channels and their providers, how a sale was paid, sales and
//! returns, customers, and the arithmetic every channel shares (line amounts, sellable
//! quantity, loyalty points).

use crate::{
    money::{Money, MoneyError},
    wire_enum::wire_enum,
};

wire_enum! {
    /// How a channel sells.
    pub enum ChannelKind / UnknownChannelKind {
        /// A point of sale in a store (レジ).
        Pos = "POS",
        /// An online shop (EC).
        Ec = "EC",
        /// Business-to-business sales (卸).
        Wholesale = "WHOLESALE",
        /// A marketplace such as Rakuten or Amazon.
        Marketplace = "MARKETPLACE",
    }
}

wire_enum! {
    /// The system a channel's sales come from.
    pub enum ChannelProvider / UnknownChannelProvider {
        /// Recorded in Kura (the web register) or through the API.
        Manual = "MANUAL",
        /// Shopify (online store and Shopify POS).
        Shopify = "SHOPIFY",
        /// Square POS.
        Square = "SQUARE",
        /// スマレジ.
        Smaregi = "SMAREGI",
        /// Any other POS, by CSV export.
        Csv = "CSV",
    }
}

impl ChannelProvider {
    /// Providers that send signed webhooks to `/webhooks/{provider}/{channelId}`.
    pub const fn receives_webhooks(self) -> bool {
        matches!(
            self,
            ChannelProvider::Shopify | ChannelProvider::Square | ChannelProvider::Smaregi
        )
    }

    /// Providers whose online orders may still have to be shipped (Shopify's online store,
    /// Square Online), so a channel chooses what they become ([`OrdersToShip`]).
    pub const fn sends_online_orders(self) -> bool {
        matches!(self, ChannelProvider::Shopify | ChannelProvider::Square)
    }

    /// The path segment of the provider's webhook URL (`shopify`, `square`, `smaregi`).
    pub const fn slug(self) -> &'static str {
        match self {
            ChannelProvider::Manual => "manual",
            ChannelProvider::Shopify => "shopify",
            ChannelProvider::Square => "square",
            ChannelProvider::Smaregi => "smaregi",
            ChannelProvider::Csv => "csv",
        }
    }
}

wire_enum! {
    /// What becomes of an online order the provider says must still be shipped. POS sales
    /// and orders already fulfilled at the provider are sales either way.
    pub enum OrdersToShip / UnknownOrdersToShip {
        /// Recorded as a sale at once: the shop ships from its own tools.
        Sale = "SALE",
        /// Becomes an order here: stock is allocated at once, and staff pack and ship it
        /// from Kura (受注→引当→出荷).
        Order = "ORDER",
    }
}

wire_enum! {
    /// How a customer paid (part of) a sale.
    pub enum PaymentMethod / UnknownPaymentMethod {
        /// Notes and coins.
        Cash = "CASH",
        /// Credit or debit card.
        Card = "CARD",
        /// QR code payments (PayPay and the like).
        Qr = "QR",
        /// Loyalty points, ¥1 a point.
        Points = "POINTS",
        /// Anything else (gift cards, transfers, …).
        Other = "OTHER",
    }
}

wire_enum! {
    /// Whether a sale document sells or takes goods back.
    pub enum SaleKind / UnknownSaleKind {
        /// Goods sold.
        Sale = "SALE",
        /// Goods returned against an earlier sale (amounts and quantities negative).
        Return = "RETURN",
    }
}

wire_enum! {
    /// Where a sale document stands.
    pub enum SaleStatus / UnknownSaleStatus {
        /// Counted in the figures.
        Completed = "COMPLETED",
        /// Cancelled; its stock went back and it no longer counts.
        Voided = "VOIDED",
    }
}

wire_enum! {
    /// Who a customer is.
    pub enum CustomerKind / UnknownCustomerKind {
        /// A person.
        Consumer = "CONSUMER",
        /// A company (B2B).
        Business = "BUSINESS",
    }
}

impl CustomerKind {
    /// How a document addresses a customer of this kind: 御中 after a company, 様 after a
    /// person.
    pub const fn honorific(self) -> &'static str {
        match self {
            CustomerKind::Business => "御中",
            CustomerKind::Consumer => "様",
        }
    }
}

/// `name` as a document addresses a customer of `kind`: with the honorific, unless the name
/// is empty or already ends with one (御中, 様, 殿).
pub fn addressed(name: &str, kind: CustomerKind) -> String {
    let name = name.trim();
    if name.is_empty() || ["御中", "様", "殿"].iter().any(|h| name.ends_with(h)) {
        return name.to_owned();
    }
    format!("{name} {}", kind.honorific())
}

/// What a channel may sell of one variant: the `available` stock of the locations that
/// fulfil it, less its safety buffer, never below zero.
pub fn sellable(available_at_locations: impl IntoIterator<Item = i64>, buffer: i64) -> i64 {
    let total = available_at_locations
        .into_iter()
        .fold(0i64, |sum, a| sum.saturating_add(a.max(0)));
    total.saturating_sub(buffer.max(0)).max(0)
}

/// `unit price × quantity − discount`: the amount of one sale line, before tax rounding
/// (rounding happens once per rate over the whole sale, see [`crate::TaxBreakdown`]).
pub fn line_amount(unit_price: Money, quantity: i64, discount: Money) -> Result<Money, MoneyError> {
    unit_price.checked_mul(quantity)?.checked_sub(discount)
}

/// Loyalty points earned on `total` at `basis_points` (100 = 1%), rounded down; nothing
/// for a zero or negative total.
pub fn points_earned(total: Money, basis_points: u32) -> i64 {
    if total.amount_minor <= 0 {
        return 0;
    }
    let points = i128::from(total.amount_minor) * i128::from(basis_points) / 10_000;
    i64::try_from(points).unwrap_or(i64::MAX)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {

    #[test]
    fn a_company_is_addressed_with_onchu_and_a_person_with_sama_once() {
        assert_eq!(
            addressed("株式会社さくら商店", CustomerKind::Business),
            "株式会社さくら商店 御中"
        );
        assert_eq!(
            addressed("山田 花子", CustomerKind::Consumer),
            "山田 花子 様"
        );
        assert_eq!(
            addressed("経理部 御中", CustomerKind::Business),
            "経理部 御中"
        );
        assert_eq!(
            addressed("山田 花子様", CustomerKind::Business),
            "山田 花子様"
        );
        assert_eq!(addressed(" ", CustomerKind::Business), "");
    }

    use super::*;
    use crate::CurrencyCode;

    fn yen(amount: i64) -> Money {
        Money::new(amount, CurrencyCode::Jpy)
    }

    #[test]
    fn sellable_subtracts_the_buffer_and_never_goes_negative() {
        assert_eq!(sellable([5, 3], 2), 6);
        assert_eq!(sellable([1], 2), 0);
        // A location already oversold does not eat into another's stock.
        assert_eq!(sellable([-4, 3], 0), 3);
        assert_eq!(sellable([], 0), 0);
    }

    #[test]
    fn line_amount_applies_quantity_then_discount() {
        assert_eq!(line_amount(yen(1_980), 3, yen(500)).unwrap(), yen(5_440));
        assert_eq!(line_amount(yen(1_980), -1, yen(0)).unwrap(), yen(-1_980));
        assert!(line_amount(yen(i64::MAX), 2, yen(0)).is_err());
    }

    #[test]
    fn points_round_down_and_ignore_refunds() {
        assert_eq!(points_earned(yen(1_999), 100), 19);
        assert_eq!(points_earned(yen(-1_000), 100), 0);
        assert_eq!(points_earned(yen(1_000), 0), 0);
    }

    #[test]
    fn providers_know_their_webhook_path() {
        assert!(ChannelProvider::Shopify.receives_webhooks());
        assert!(!ChannelProvider::Csv.receives_webhooks());
        assert_eq!(ChannelProvider::Smaregi.slug(), "smaregi");
        assert_eq!("ec".parse::<ChannelKind>().unwrap(), ChannelKind::Ec);
    }
}
