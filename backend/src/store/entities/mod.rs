//! sea-orm entities, one per table.
//!
//! Tenant-owned tables are visible only inside `store`:
//! services reach them through [`super::tenant::TenantTx`], whose every query carries the
//! tenant (see [`super::tenant`]).

pub(in crate::store) mod api_key;
pub(in crate::store) mod audit_event;
pub(in crate::store) mod channel;
pub(in crate::store) mod channel_location;
pub(in crate::store) mod channel_mapping;
pub(in crate::store) mod customer;
pub(in crate::store) mod customer_address;
pub(in crate::store) mod customer_link;
pub(in crate::store) mod document_counter;
pub(in crate::store) mod idempotency_key;
pub(in crate::store) mod inbound_event;
pub(in crate::store) mod invitation;
pub(in crate::store) mod invitation_location;
pub(in crate::store) mod invoice;
pub(in crate::store) mod invoice_line;
pub(in crate::store) mod location;
pub(in crate::store) mod loyalty_entry;
pub(in crate::store) mod membership;
pub(in crate::store) mod membership_location;
pub(in crate::store) mod order;
pub(in crate::store) mod order_line;
pub(in crate::store) mod order_return;
pub(in crate::store) mod order_return_line;
pub(in crate::store) mod outbox_event;
pub(in crate::store) mod payment;
pub(in crate::store) mod payment_allocation;
pub(in crate::store) mod product;
pub(in crate::store) mod product_variant;
pub(in crate::store) mod quote;
pub(in crate::store) mod quote_line;
pub mod refresh_token;
pub(in crate::store) mod sale;
pub(in crate::store) mod sale_line;
pub(in crate::store) mod sale_payment;
pub mod session;
pub(in crate::store) mod shipment;
pub(in crate::store) mod shipment_line;
pub(in crate::store) mod stock_count;
pub(in crate::store) mod stock_count_line;
pub(in crate::store) mod stock_level;
pub(in crate::store) mod stock_movement;
pub(in crate::store) mod sync_issue;
pub(in crate::store) mod sync_job;
pub mod tenant;
pub(in crate::store) mod transfer;
pub(in crate::store) mod transfer_line;
pub mod user;
