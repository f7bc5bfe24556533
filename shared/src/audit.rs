//! What the security audit log records. Shared so the server stores and the API names
//! the same actions.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[cfg_attr(
    feature = "sea-orm",
    derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum)
)]
#[cfg_attr(
    feature = "sea-orm",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::None)",
        rename_all = "SCREAMING_SNAKE_CASE"
    )
)]
pub enum AuditAction {
    /// A person signed in.
    SignIn,
    /// A sign-in with a wrong password.
    SignInFailed,
    /// A member's role changed.
    RoleChanged,
    /// A member was removed.
    MemberRemoved,
    /// Someone was invited.
    InvitationSent,
    /// An invitation was accepted.
    InvitationAccepted,
    /// An invitation was withdrawn.
    InvitationRevoked,
    /// An API key was created.
    ApiKeyCreated,
    /// An API key was revoked.
    ApiKeyRevoked,
    /// An API key was used for the first time.
    ApiKeyFirstUsed,
    /// A member's locations were limited or freed.
    MemberLocationsChanged,
    /// The company's settings changed (name, time zone, tax-included prices).
    SettingsChanged,
    /// A customer was added by hand or through the API.
    CustomerCreated,
    /// A customer's details or business terms changed.
    CustomerUpdated,
    /// A customer's bill-to or ship-to address was added.
    CustomerAddressAdded,
    /// A customer's address changed.
    CustomerAddressUpdated,
    /// A customer's address was removed.
    CustomerAddressRemoved,
    /// A sales order was entered or arrived from a channel.
    OrderCreated,
    /// A sales order was confirmed and its stock allocated.
    OrderConfirmed,
    /// A sales order was cancelled and what it held released.
    OrderCancelled,
    /// Goods left on a shipment of a sales order.
    OrderShipped,
    /// A sales order past the customer's credit limit was held for approval.
    OrderHeld,
    /// A manager approved a held sales order, which then allocated its stock.
    OrderApproved,
    /// A store-pickup order was prepared and is waiting for its customer.
    OrderReadyForPickup,
    /// A store-pickup order was handed over to its customer, completing it.
    OrderHandedOver,
    /// A sales order moved to another fulfilment location, releasing what it held and
    /// allocating there.
    OrderRelocated,
    /// Staff released units a sales order held, which then wait for stock again.
    OrderAllocationReleased,
    /// Goods shipped on a sales order came back (返品).
    OrderReturned,
    /// Units of a sales order moved to a new order fulfilled from another location (分納).
    OrderSplit,
    /// A quote (見積) was entered.
    QuoteCreated,
    /// A quote's lines, dates or note changed.
    QuoteUpdated,
    /// A quote was marked sent to the customer.
    QuoteSent,
    /// A quote was accepted and converted to a sales order.
    QuoteConverted,
    /// A quote was cancelled.
    QuoteCancelled,
    /// A closing run (締め処理) issued invoices and credit notes for a closing date.
    InvoicesIssued,
    /// An invoice or credit note was voided; what it billed is billed again.
    InvoiceVoided,
    /// A customer's payment was recorded and applied to invoices (入金・消込).
    PaymentRecorded,
}

impl AuditAction {
    /// Every action.
    pub const ALL: [AuditAction; 37] = [
        AuditAction::SignIn,
        AuditAction::SignInFailed,
        AuditAction::RoleChanged,
        AuditAction::MemberRemoved,
        AuditAction::InvitationSent,
        AuditAction::InvitationAccepted,
        AuditAction::InvitationRevoked,
        AuditAction::ApiKeyCreated,
        AuditAction::ApiKeyRevoked,
        AuditAction::ApiKeyFirstUsed,
        AuditAction::MemberLocationsChanged,
        AuditAction::SettingsChanged,
        AuditAction::CustomerCreated,
        AuditAction::CustomerUpdated,
        AuditAction::CustomerAddressAdded,
        AuditAction::CustomerAddressUpdated,
        AuditAction::CustomerAddressRemoved,
        AuditAction::OrderCreated,
        AuditAction::OrderConfirmed,
        AuditAction::OrderCancelled,
        AuditAction::OrderShipped,
        AuditAction::OrderHeld,
        AuditAction::OrderApproved,
        AuditAction::OrderReadyForPickup,
        AuditAction::OrderHandedOver,
        AuditAction::OrderRelocated,
        AuditAction::OrderAllocationReleased,
        AuditAction::OrderReturned,
        AuditAction::OrderSplit,
        AuditAction::QuoteCreated,
        AuditAction::QuoteUpdated,
        AuditAction::QuoteSent,
        AuditAction::QuoteConverted,
        AuditAction::QuoteCancelled,
        AuditAction::InvoicesIssued,
        AuditAction::InvoiceVoided,
        AuditAction::PaymentRecorded,
    ];

    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            AuditAction::SignIn => "SIGN_IN",
            AuditAction::SignInFailed => "SIGN_IN_FAILED",
            AuditAction::RoleChanged => "ROLE_CHANGED",
            AuditAction::MemberRemoved => "MEMBER_REMOVED",
            AuditAction::InvitationSent => "INVITATION_SENT",
            AuditAction::InvitationAccepted => "INVITATION_ACCEPTED",
            AuditAction::InvitationRevoked => "INVITATION_REVOKED",
            AuditAction::ApiKeyCreated => "API_KEY_CREATED",
            AuditAction::ApiKeyRevoked => "API_KEY_REVOKED",
            AuditAction::ApiKeyFirstUsed => "API_KEY_FIRST_USED",
            AuditAction::MemberLocationsChanged => "MEMBER_LOCATIONS_CHANGED",
            AuditAction::SettingsChanged => "SETTINGS_CHANGED",
            AuditAction::CustomerCreated => "CUSTOMER_CREATED",
            AuditAction::CustomerUpdated => "CUSTOMER_UPDATED",
            AuditAction::CustomerAddressAdded => "CUSTOMER_ADDRESS_ADDED",
            AuditAction::CustomerAddressUpdated => "CUSTOMER_ADDRESS_UPDATED",
            AuditAction::CustomerAddressRemoved => "CUSTOMER_ADDRESS_REMOVED",
            AuditAction::OrderCreated => "ORDER_CREATED",
            AuditAction::OrderConfirmed => "ORDER_CONFIRMED",
            AuditAction::OrderCancelled => "ORDER_CANCELLED",
            AuditAction::OrderShipped => "ORDER_SHIPPED",
            AuditAction::OrderHeld => "ORDER_HELD",
            AuditAction::OrderApproved => "ORDER_APPROVED",
            AuditAction::OrderReadyForPickup => "ORDER_READY_FOR_PICKUP",
            AuditAction::OrderHandedOver => "ORDER_HANDED_OVER",
            AuditAction::OrderRelocated => "ORDER_RELOCATED",
            AuditAction::OrderAllocationReleased => "ORDER_ALLOCATION_RELEASED",
            AuditAction::OrderReturned => "ORDER_RETURNED",
            AuditAction::OrderSplit => "ORDER_SPLIT",
            AuditAction::QuoteCreated => "QUOTE_CREATED",
            AuditAction::QuoteUpdated => "QUOTE_UPDATED",
            AuditAction::QuoteSent => "QUOTE_SENT",
            AuditAction::QuoteConverted => "QUOTE_CONVERTED",
            AuditAction::QuoteCancelled => "QUOTE_CANCELLED",
            AuditAction::InvoicesIssued => "INVOICES_ISSUED",
            AuditAction::InvoiceVoided => "INVOICE_VOIDED",
            AuditAction::PaymentRecorded => "PAYMENT_RECORDED",
        }
    }
}

/// A stored action name this version does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown audit action '{0}'")]
pub struct UnknownAuditAction(pub String);

impl FromStr for AuditAction {
    type Err = UnknownAuditAction;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AuditAction::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| UnknownAuditAction(s.to_owned()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn action_names_round_trip() {
        for action in AuditAction::ALL {
            assert_eq!(action.as_str().parse::<AuditAction>().unwrap(), action);
        }
        assert!("NOPE".parse::<AuditAction>().is_err());
    }
}
