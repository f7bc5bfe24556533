//! Outbound stock sync: the state of one channel × variant push job.

use crate::{sales::ChannelProvider, wire_enum::wire_enum};

/// Whether Kura pushes sellable quantities to channels of this provider (the ones with a
/// stock API Kura speaks); manual and CSV channels only report sales.
pub const fn receives_stock(provider: ChannelProvider) -> bool {
    matches!(
        provider,
        ChannelProvider::Shopify | ChannelProvider::Square | ChannelProvider::Smaregi
    )
}

wire_enum! {
    /// Where a variant's push to one channel stands.
    pub enum SyncStatus / UnknownSyncStatus {
        /// Waiting for the worker (a stock change, a retry or a full resync asked for it).
        Pending = "PENDING",
        /// A worker is pushing it now.
        Running = "RUNNING",
        /// The channel holds the latest sellable quantity.
        Done = "DONE",
        /// The last push failed; another try is scheduled.
        Failed = "FAILED",
        /// Given up (the provider refused the request, or too many tries); retry by hand.
        Dead = "DEAD",
    }
}

impl SyncStatus {
    /// Whether a person needs to look at it (and may retry it).
    pub const fn needs_attention(self) -> bool {
        matches!(self, SyncStatus::Failed | SyncStatus::Dead)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_failed_and_dead_jobs_need_attention() {
        let flagged: Vec<_> = SyncStatus::ALL
            .iter()
            .filter(|s| s.needs_attention())
            .collect();
        assert_eq!(flagged, [&SyncStatus::Failed, &SyncStatus::Dead]);
        assert_eq!("dead".parse::<SyncStatus>(), Ok(SyncStatus::Dead));
        assert!(receives_stock(ChannelProvider::Smaregi));
        assert!(!receives_stock(ChannelProvider::Csv));
    }
}
