//! Kura's domain value types and rules, shared by the server and the WASM dashboard.
//!
//! Everything here is pure (no I/O, clock or randomness) so it compiles to
//! `wasm32-unknown-unknown` and the dashboard validates input with exactly the rules the
//! server enforces. Raw input becomes a validated type once, via `parse`/`FromStr`/serde;
//! each type's error converts into a [`ValidationError`] with a stable sub-code.

#![warn(missing_docs)]

pub mod address;
pub mod audit;
pub mod barcode;
pub mod channel_sync;
pub mod currency;
pub mod email;
pub mod error;
pub mod inventory;
pub mod invoice_number;
pub mod invoices;
pub mod kana;
pub mod money;
pub mod orders;
pub mod partner;
pub mod password;
pub mod pricing;
pub mod quantity;
pub mod quotes;
pub mod role;
pub mod sales;
pub mod scope;
pub mod sku;
pub mod stock_sync;
pub mod tax;
mod text_value;
mod wire_enum;

pub use address::{PREFECTURES, PostalCode, PostalCodeError, Prefecture, PrefectureError};
pub use audit::{AuditAction, UnknownAuditAction};
pub use barcode::{Barcode, BarcodeError, BarcodeKind, gtin_check_digit};
pub use channel_sync::{
    InboundEventStatus, MappingKind, SyncIssueKind, SyncIssueStatus, UnknownInboundEventStatus,
    UnknownMappingKind, UnknownSyncIssueKind, UnknownSyncIssueStatus,
};
pub use currency::{CurrencyCode, CurrencyError};
pub use email::{Email, EmailError};
pub use error::{ErrorCode, UnknownErrorCode, ValidationError};
pub use inventory::{
    LocationCode, LocationCodeError, LocationKind, MovementReason, ProductStatus, StockCountStatus,
    TransferStatus,
};
pub use invoice_number::{
    RegistrationNumber, RegistrationNumberError, corporate_number_check_digit,
};
pub use invoices::{
    InvoiceFigures, InvoiceKind, InvoiceLineSource, InvoiceStatus, ReceiptMethod,
    UnknownInvoiceKind, UnknownInvoiceLineSource, UnknownInvoiceStatus, UnknownReceiptMethod,
    apply_oldest_first,
};
pub use kana::{KanaError, NameKana};
pub use money::{Money, MoneyError, checked_sum};
pub use orders::{
    Carrier, FulfilmentStage, LineError, LineUnits, MAX_LINE_QUANTITY, MAX_ORDER_LINES,
    OrderStatus, ShipTo, UnknownCarrier, UnknownOrderStatus, derive_status, document_number,
};
pub use partner::{
    AddressKind, BillingTerms, BillingTermsError, CustomerCode, CustomerCodeError, PriceRate,
    PriceRateError, UnknownAddressKind,
};
pub use password::{MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, PasswordError, check_new_password};
pub use quantity::{PositiveQuantity, Quantity, QuantityError};
pub use quotes::{DEFAULT_QUOTE_VALID_DAYS, QuoteStatus, UnknownQuoteStatus};
pub use role::{Role, UnknownRole};
pub use sales::{
    ChannelKind, ChannelProvider, CustomerKind, OrdersToShip, PaymentMethod, SaleKind, SaleStatus,
    addressed, line_amount, points_earned, sellable,
};
pub use scope::ApiScope;
pub use sku::{Sku, SkuError};
pub use stock_sync::{SyncStatus, UnknownSyncStatus};
pub use tax::{
    RateTotals, RoundingMode, TaxBreakdown, TaxClass, TaxError, TaxRate, tax_in_included,
    tax_on_excluded,
};

#[cfg(all(test, feature = "sea-orm"))]
mod stored_names {
    use sea_orm::ActiveEnum;

    use super::*;

    /// Rows written before the `sea-orm` feature hold `as_str()`; the column must read
    /// and write exactly that.
    fn stored_as_wire_name<E: ActiveEnum<Value = String>>(wire: impl Fn(&E) -> &'static str) {
        for value in E::iter() {
            assert_eq!(value.to_value(), wire(&value));
            assert!(E::try_from_value(&wire(&value).to_owned()).is_ok());
        }
    }

    #[test]
    fn every_enum_column_stores_its_wire_name() {
        stored_as_wire_name::<AuditAction>(|v| v.as_str());
        stored_as_wire_name::<Role>(|v| v.as_str());
        stored_as_wire_name::<CurrencyCode>(|v| v.as_str());
        stored_as_wire_name::<TaxRate>(|v| v.as_str());
        stored_as_wire_name::<RoundingMode>(|v| v.as_str());
        stored_as_wire_name::<MappingKind>(|v| v.as_str());
        stored_as_wire_name::<InboundEventStatus>(|v| v.as_str());
        stored_as_wire_name::<SyncIssueKind>(|v| v.as_str());
        stored_as_wire_name::<SyncIssueStatus>(|v| v.as_str());
        stored_as_wire_name::<LocationKind>(|v| v.as_str());
        stored_as_wire_name::<MovementReason>(|v| v.as_str());
        stored_as_wire_name::<TransferStatus>(|v| v.as_str());
        stored_as_wire_name::<StockCountStatus>(|v| v.as_str());
        stored_as_wire_name::<ProductStatus>(|v| v.as_str());
        stored_as_wire_name::<ChannelKind>(|v| v.as_str());
        stored_as_wire_name::<ChannelProvider>(|v| v.as_str());
        stored_as_wire_name::<OrdersToShip>(|v| v.as_str());
        stored_as_wire_name::<PaymentMethod>(|v| v.as_str());
        stored_as_wire_name::<SaleKind>(|v| v.as_str());
        stored_as_wire_name::<SaleStatus>(|v| v.as_str());
        stored_as_wire_name::<InvoiceKind>(|v| v.as_str());
        stored_as_wire_name::<InvoiceStatus>(|v| v.as_str());
        stored_as_wire_name::<InvoiceLineSource>(|v| v.as_str());
        stored_as_wire_name::<ReceiptMethod>(|v| v.as_str());
        stored_as_wire_name::<CustomerKind>(|v| v.as_str());
        stored_as_wire_name::<AddressKind>(|v| v.as_str());
        stored_as_wire_name::<SyncStatus>(|v| v.as_str());
        stored_as_wire_name::<QuoteStatus>(|v| v.as_str());
    }
}
