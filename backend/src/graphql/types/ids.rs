//! Opaque global IDs: `base64url("<Type>:<uuid>")`. Clients treat them as strings; the type
//! inside lets `node(id:)` resolve any of them and stops an id of one kind being used as
//! another.

use async_graphql::ID;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use uuid::Uuid;

/// The object kinds that have global IDs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A user.
    User,
    /// A company.
    Tenant,
    /// A signed-in session.
    Session,
    /// A partner API key.
    ApiKey,
    /// A pending invitation.
    Invitation,
    /// An audit log entry.
    AuditEvent,
    /// A store, warehouse or virtual location.
    Location,
    /// A product.
    Product,
    /// A product variant.
    ProductVariant,
    /// A stock row (variant × location).
    StockLevel,
    /// A ledger entry.
    StockMovement,
    /// A transfer between locations.
    Transfer,
    /// A stock count.
    StockCount,
    /// A sales channel.
    Channel,
    /// A sale or return.
    Sale,
    /// A customer.
    Customer,
    /// A customer's bill-to or ship-to address.
    CustomerAddress,
    /// An external sale waiting for a person.
    SyncIssue,
    /// A webhook delivery.
    InboundEvent,
    /// A sales order.
    Order,
    /// A shipment of an order.
    Shipment,
    /// A quote (見積).
    Quote,
    /// A return (返品) against a shipment.
    OrderReturn,
    /// An invoice or credit note.
    Invoice,
    /// A payment received.
    Payment,
}

impl Kind {
    /// The type name inside the id.
    pub fn name(self) -> &'static str {
        match self {
            Kind::User => "User",
            Kind::Tenant => "Tenant",
            Kind::Session => "Session",
            Kind::ApiKey => "ApiKey",
            Kind::Invitation => "Invitation",
            Kind::AuditEvent => "AuditEvent",
            Kind::Location => "Location",
            Kind::Product => "Product",
            Kind::ProductVariant => "ProductVariant",
            Kind::StockLevel => "StockLevel",
            Kind::StockMovement => "StockMovement",
            Kind::Transfer => "Transfer",
            Kind::StockCount => "StockCount",
            Kind::Channel => "Channel",
            Kind::Sale => "Sale",
            Kind::Customer => "Customer",
            Kind::CustomerAddress => "CustomerAddress",
            Kind::SyncIssue => "SyncIssue",
            Kind::InboundEvent => "InboundEvent",
            Kind::Order => "Order",
            Kind::Shipment => "Shipment",
            Kind::Quote => "Quote",
            Kind::OrderReturn => "OrderReturn",
            Kind::Invoice => "Invoice",
            Kind::Payment => "Payment",
        }
    }
}

/// The global ID of an object.
pub fn encode(kind: Kind, id: Uuid) -> ID {
    ID(URL_SAFE_NO_PAD.encode(format!("{}:{id}", kind.name())))
}

/// The kind name and UUID inside any global ID.
pub fn parse(id: &str) -> Option<(String, Uuid)> {
    let raw = URL_SAFE_NO_PAD.decode(id.trim()).ok()?;
    let text = String::from_utf8(raw).ok()?;
    let (name, uuid) = text.split_once(':')?;
    Some((name.to_owned(), uuid.parse().ok()?))
}

/// The UUID inside a global ID of the expected kind; `None` for anything else.
pub fn decode(kind: Kind, id: &str) -> Option<Uuid> {
    let raw = URL_SAFE_NO_PAD.decode(id.trim()).ok()?;
    let text = String::from_utf8(raw).ok()?;
    let (name, uuid) = text.split_once(':')?;
    (name == kind.name()).then(|| uuid.parse().ok())?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_keep_their_kind() {
        let uuid = Uuid::new_v4();
        let id = encode(Kind::Tenant, uuid);
        assert_eq!(decode(Kind::Tenant, &id), Some(uuid));
        assert_eq!(decode(Kind::User, &id), None);
        assert_eq!(decode(Kind::Tenant, "not-an-id"), None);
    }
}
