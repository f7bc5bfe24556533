//! The vocabulary of keeping a channel in step with its provider: what a mapping maps,
//! what became of each webhook delivery, and what kind of problem stops an external sale
//! from being recorded on its own.

use crate::wire_enum::wire_enum;

wire_enum! {
    /// What a channel mapping ties a provider id to.
    pub enum MappingKind / UnknownMappingKind {
        /// A product variant (Shopify variant, Square item variation, Smaregi product).
        Variant = "VARIANT",
        /// A location (Shopify location, Square location, Smaregi store).
        Location = "LOCATION",
    }
}

wire_enum! {
    /// What became of one webhook delivery.
    pub enum InboundEventStatus / UnknownInboundEventStatus {
        /// Stored, not yet acted on (or being retried).
        Received = "RECEIVED",
        /// Acted on: its sale or refund is recorded.
        Processed = "PROCESSED",
        /// Acknowledged and deliberately not acted on (e.g. a provider's stock level:
        /// Kura is the source of truth for stock).
        Ignored = "IGNORED",
        /// Waiting on a person: see the channel's sync issues.
        Parked = "PARKED",
        /// Could not be acted on after retrying.
        Failed = "FAILED",
    }
}

wire_enum! {
    /// Why an external sale waits for a person.
    pub enum SyncIssueKind / UnknownSyncIssueKind {
        /// A line's item matches no Kura variant by id, SKU or barcode.
        UnmappedItem = "UNMAPPED_ITEM",
        /// The provider's location is not mapped to one of the channel's locations.
        UnmappedLocation = "UNMAPPED_LOCATION",
        /// A refund whose original sale Kura has not received (yet).
        OriginalMissing = "ORIGINAL_MISSING",
        /// Anything else (unreadable event, provider unreachable, rejected sale).
        Failed = "FAILED",
    }
}

wire_enum! {
    /// Where a sync issue stands.
    pub enum SyncIssueStatus / UnknownSyncIssueStatus {
        /// Waiting for a person (or, for a missing original, for the sale to arrive).
        Open = "OPEN",
        /// Sorted out: the sale is recorded.
        Resolved = "RESOLVED",
        /// Set aside by a person; nothing was recorded.
        Dismissed = "DISMISSED",
    }
}
