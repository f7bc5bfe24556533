//! Transfers between locations: drafting, shipping, receiving (with what went missing) and
//! cancelling them.

use kura_shared::TransferStatus;
use serde::{Deserialize, Serialize};

use crate::api::catalog::locations::LocationRef;
use crate::api::catalog::products::VariantRef;
use crate::api::wire::{FULL_PAGE, IdInputVars, IdVars, InputVars, Nodes};
use crate::api::{ApiError, query};

macro_rules! transfer_fields {
    () => {
        "{ id number status fromLocationId toLocationId note totalQuantity createdAt updatedAt shippedAt receivedAt cancelledAt fromLocation { code name } toLocation { code name } lines { variantId quantity receivedQuantity missingQuantity outstandingQuantity discrepancyReason variant { sku title product { name } } } }"
    };
}

const TRANSFERS_QUERY: &str = concat!(
    "query Transfers($first: Int, $status: TransferStatus, $locationIds: [ID!]) { transfers(first: $first, status: $status, locationIds: $locationIds) { nodes ",
    transfer_fields!(),
    " } }"
);
const TRANSFER_QUERY: &str = concat!(
    "query Transfer($id: ID!) { transfer(id: $id) ",
    transfer_fields!(),
    " }"
);
const CREATE_TRANSFER_MUTATION: &str = concat!(
    "mutation CreateTransfer($input: CreateTransferInput!) { createTransfer(input: $input) ",
    transfer_fields!(),
    " }"
);
const UPDATE_TRANSFER_MUTATION: &str = concat!(
    "mutation UpdateTransfer($id: ID!, $input: UpdateTransferInput!) { updateTransfer(id: $id, input: $input) ",
    transfer_fields!(),
    " }"
);
const SHIP_TRANSFER_MUTATION: &str = concat!(
    "mutation ShipTransfer($id: ID!) { shipTransfer(id: $id) ",
    transfer_fields!(),
    " }"
);
const RECEIVE_TRANSFER_MUTATION: &str = concat!(
    "mutation ReceiveTransfer($id: ID!, $input: ReceiveTransferInput!) { receiveTransfer(id: $id, input: $input) ",
    transfer_fields!(),
    " }"
);
const CANCEL_TRANSFER_MUTATION: &str = concat!(
    "mutation CancelTransfer($id: ID!) { cancelTransfer(id: $id) ",
    transfer_fields!(),
    " }"
);

/// One variant on a transfer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransferLine {
    /// The variant.
    pub variant_id: String,
    /// Units shipped (planned while DRAFT).
    pub quantity: i64,
    /// Units received so far.
    pub received_quantity: i64,
    /// Units recorded missing on closing.
    pub missing_quantity: i64,
    /// Still in transit.
    pub outstanding_quantity: i64,
    /// Why units are missing.
    #[serde(default)]
    pub discrepancy_reason: Option<String>,
    /// Names.
    pub variant: VariantRef,
}

/// Goods moving between two locations.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Transfer {
    /// Global id.
    pub id: String,
    /// `TR-000001`.
    pub number: String,
    /// Where it stands.
    pub status: TransferStatus,
    /// Source.
    pub from_location_id: String,
    /// Destination.
    pub to_location_id: String,
    /// Free text.
    pub note: String,
    /// Units on all lines.
    pub total_quantity: i64,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub updated_at: String,
    /// RFC 3339.
    #[serde(default)]
    pub shipped_at: Option<String>,
    /// RFC 3339.
    #[serde(default)]
    pub received_at: Option<String>,
    /// RFC 3339.
    #[serde(default)]
    pub cancelled_at: Option<String>,
    /// Source's names.
    pub from_location: LocationRef,
    /// Destination's names.
    pub to_location: LocationRef,
    /// One per variant.
    pub lines: Vec<TransferLine>,
}

impl Transfer {
    /// True between shipping and the last receipt: its outstanding units are on the road.
    pub fn moving(&self) -> bool {
        matches!(
            self.status,
            TransferStatus::Shipped | TransferStatus::PartiallyReceived
        )
    }

    /// Units in transit over all lines (none before shipping or once cancelled).
    pub fn in_transit(&self) -> i64 {
        if self.moving() {
            self.lines
                .iter()
                .fold(0, |sum, l| sum.saturating_add(l.outstanding_quantity))
        } else {
            0
        }
    }
}

/// What the transfer list is narrowed to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TransferFilter {
    /// Only this status.
    pub status: Option<TransferStatus>,
    /// From or to these locations.
    pub location_ids: Option<Vec<String>>,
}

/// `TransferLineInput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TransferLineInput {
    /// The variant.
    pub variant_id: String,
    /// Units, above 0.
    pub quantity: i64,
}

/// `CreateTransferInput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateTransferInput {
    /// Source.
    pub from_location_id: String,
    /// Destination.
    pub to_location_id: String,
    /// Lines.
    pub lines: Vec<TransferLineInput>,
    /// Free text.
    pub note: String,
    /// So a double click creates one transfer.
    pub idempotency_key: String,
}

/// `UpdateTransferInput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateTransferInput {
    /// Replaces every line.
    pub lines: Vec<TransferLineInput>,
    /// Free text.
    pub note: String,
}

/// `ReceiveTransferInput`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReceiveTransferInput {
    /// Units arrived now per variant.
    pub lines: Vec<TransferLineInput>,
    /// Close: the rest is missing.
    pub close: bool,
    /// Why units are missing.
    pub discrepancy_reason: Option<String>,
}

/// Transfers, newest first.
pub async fn transfers(filter: TransferFilter) -> Result<Vec<Transfer>, ApiError> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Vars {
        first: u32,
        #[serde(flatten)]
        filter: TransferFilter,
    }
    #[derive(Deserialize)]
    struct Data {
        transfers: Nodes<Transfer>,
    }
    let vars = Vars {
        first: FULL_PAGE,
        filter,
    };
    query::<_, Data>(TRANSFERS_QUERY, vars)
        .await
        .map(|d| d.transfers.nodes)
}

/// One transfer.
pub async fn transfer(id: String) -> Result<Transfer, ApiError> {
    #[derive(Deserialize)]
    struct Data {
        transfer: Transfer,
    }
    query::<_, Data>(TRANSFER_QUERY, IdVars { id: &id })
        .await
        .map(|d| d.transfer)
}

/// Plans a transfer (DRAFT).
pub async fn create_transfer(input: CreateTransferInput) -> Result<Transfer, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        create_transfer: Transfer,
    }
    query::<_, Data>(CREATE_TRANSFER_MUTATION, InputVars { input })
        .await
        .map(|d| d.create_transfer)
}

/// Changes a DRAFT's lines and note.
pub async fn update_transfer(id: String, input: UpdateTransferInput) -> Result<Transfer, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        update_transfer: Transfer,
    }
    query::<_, Data>(UPDATE_TRANSFER_MUTATION, IdInputVars { id: &id, input })
        .await
        .map(|d| d.update_transfer)
}

/// Ships a DRAFT.
pub async fn ship_transfer(id: String) -> Result<Transfer, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        ship_transfer: Transfer,
    }
    query::<_, Data>(SHIP_TRANSFER_MUTATION, IdVars { id: &id })
        .await
        .map(|d| d.ship_transfer)
}

/// Receives what arrived.
pub async fn receive_transfer(
    id: String,
    input: ReceiveTransferInput,
) -> Result<Transfer, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        receive_transfer: Transfer,
    }
    query::<_, Data>(RECEIVE_TRANSFER_MUTATION, IdInputVars { id: &id, input })
        .await
        .map(|d| d.receive_transfer)
}

/// Cancels a DRAFT.
pub async fn cancel_transfer(id: String) -> Result<Transfer, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        cancel_transfer: Transfer,
    }
    query::<_, Data>(CANCEL_TRANSFER_MUTATION, IdVars { id: &id })
        .await
        .map(|d| d.cancel_transfer)
}
