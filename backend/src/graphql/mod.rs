//! The GraphQL schema: one folder per business area (`accounts`, `catalog`, `stock`,
//! `channels`, `sales`, `orders`; the same names as in `services`) merged into the three roots here,
//! beside the request pipeline every field runs through (`request`), the API's shared types
//! (`types`) and the server's own status (`system`). Resolvers stay thin; domain logic lives
//! in `services`.

mod accounts;
mod catalog;
mod channels;
mod invoices;
mod orders;
mod request;
mod sales;
mod stock;
mod system;
mod types;

use async_graphql::{MergedObject, MergedSubscription, Schema, SchemaBuilder};

pub use request::{
    client::{ClientInfo, REFRESH_COOKIE},
    loaders::Loaders,
};
pub use types::errors::{CodedError, finalize_response, is_request_error};

/// Every query field, merged from the capability modules.
#[derive(MergedObject, Default)]
#[graphql(name = "Query")]
pub struct QueryRoot(
    system::SystemQuery,
    accounts::sign_in::AccountsQuery,
    accounts::api_keys::ApiKeysQuery,
    accounts::team::TeamQuery,
    accounts::audit::AuditQuery,
    types::node::NodeQuery,
    catalog::locations::LocationsQuery,
    catalog::products::CatalogQuery,
    stock::inventory::StockQuery,
    catalog::spreadsheet::SpreadsheetQuery,
    stock::transfers::TransfersQuery,
    stock::counts::StockCountsQuery,
    channels::stock_sync::StockSyncQuery,
    channels::setup::ChannelsQuery,
    channels::connection::ChannelConnectionQuery,
    channels::sync::ChannelSyncQuery,
    sales::documents::SalesQuery,
    sales::summary::SalesSummaryQuery,
    sales::import::SalesImportQuery,
    sales::customers::CustomersQuery,
    orders::OrdersQueries,
    invoices::InvoicesQueries,
);

/// Every mutation field, merged from the capability modules.
#[derive(MergedObject, Default)]
#[graphql(name = "Mutation")]
pub struct MutationRoot(
    accounts::sign_in::AccountsMutation,
    accounts::company::CompanyMutation,
    accounts::api_keys::ApiKeysMutation,
    accounts::team::TeamMutation,
    catalog::locations::LocationsMutation,
    catalog::products::CatalogMutation,
    stock::inventory::StockMutation,
    catalog::spreadsheet::SpreadsheetMutation,
    stock::transfers::TransfersMutation,
    stock::counts::StockCountsMutation,
    channels::stock_sync::StockSyncMutation,
    channels::setup::ChannelsMutation,
    channels::connection::ChannelConnectionMutation,
    channels::sync::ChannelSyncMutation,
    sales::documents::SalesMutation,
    sales::import::SalesImportMutation,
    sales::customers::CustomersMutation,
    sales::customer_addresses::CustomerAddressesMutation,
    orders::OrdersMutations,
    invoices::InvoicesMutations,
);

/// Every subscription field, merged from the capability modules.
#[derive(MergedSubscription, Default)]
#[graphql(name = "Subscription")]
pub struct SubscriptionRoot(
    system::SystemSubscription,
    stock::inventory::StockSubscription,
    sales::documents::SalesSubscription,
    orders::documents::OrdersSubscription,
);

/// The Kura API schema.
pub type KuraSchema = Schema<QueryRoot, MutationRoot, SubscriptionRoot>;

/// The schema with its limits but no request data; the server adds its state to it.
pub fn builder(
    max_depth: usize,
    max_complexity: usize,
) -> SchemaBuilder<QueryRoot, MutationRoot, SubscriptionRoot> {
    Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        SubscriptionRoot::default(),
    )
    .limit_depth(max_depth)
    .limit_complexity(max_complexity)
    .limit_recursive_depth(32)
    .limit_directives(16)
    .extension(request::auth_limit::OneAuthMutation)
}

/// The SDL partners read (`backend/schema.graphql`); a test keeps the checked-in copy current.
pub fn sdl() -> String {
    builder(usize::MAX, usize::MAX).finish().sdl()
}

/// The channel UUID inside a channel's global ID (as in its webhook URL).
pub fn channel_uuid(global_id: &str) -> Option<uuid::Uuid> {
    types::ids::decode(types::ids::Kind::Channel, global_id)
}
