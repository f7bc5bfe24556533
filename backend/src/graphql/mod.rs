//! The GraphQL schema: one module per capability, merged into the three roots here.
//! Resolvers stay thin; domain logic lives in `services`.

mod accounts;
mod api_keys;
mod audit;
mod auth_limit;
mod catalog;
mod channel_connection;
mod channel_sync;
mod channels;
mod company;
mod customers;
mod errors;
mod guard;
mod ids;
mod loaders;
mod locations;
mod money;
mod node;
mod paging;
mod request;
mod sales;
mod sales_import;
mod sales_summary;
mod spreadsheets;
mod stock;
mod stock_counts;
mod stock_sync;
mod system;
mod team;
mod transfers;

use async_graphql::{MergedObject, MergedSubscription, Schema, SchemaBuilder};

pub use errors::{CodedError, finalize_response, is_request_error};
pub use loaders::Loaders;
pub use request::{ClientInfo, REFRESH_COOKIE};

/// Every query field, merged from the capability modules.
#[derive(MergedObject, Default)]
#[graphql(name = "Query")]
pub struct QueryRoot(
    system::SystemQuery,
    accounts::AccountsQuery,
    api_keys::ApiKeysQuery,
    team::TeamQuery,
    audit::AuditQuery,
    node::NodeQuery,
    locations::LocationsQuery,
    catalog::CatalogQuery,
    stock::StockQuery,
    spreadsheets::SpreadsheetQuery,
    transfers::TransfersQuery,
    stock_counts::StockCountsQuery,
    stock_sync::StockSyncQuery,
    channels::ChannelsQuery,
    channel_connection::ChannelConnectionQuery,
    channel_sync::ChannelSyncQuery,
    sales::SalesQuery,
    sales_summary::SalesSummaryQuery,
    sales_import::SalesImportQuery,
    customers::CustomersQuery,
);

/// Every mutation field, merged from the capability modules.
#[derive(MergedObject, Default)]
#[graphql(name = "Mutation")]
pub struct MutationRoot(
    accounts::AccountsMutation,
    company::CompanyMutation,
    api_keys::ApiKeysMutation,
    team::TeamMutation,
    locations::LocationsMutation,
    catalog::CatalogMutation,
    stock::StockMutation,
    spreadsheets::SpreadsheetMutation,
    transfers::TransfersMutation,
    stock_counts::StockCountsMutation,
    stock_sync::StockSyncMutation,
    channels::ChannelsMutation,
    channel_connection::ChannelConnectionMutation,
    channel_sync::ChannelSyncMutation,
    sales::SalesMutation,
    sales_import::SalesImportMutation,
    customers::CustomersMutation,
);

/// Every subscription field, merged from the capability modules.
#[derive(MergedSubscription, Default)]
#[graphql(name = "Subscription")]
pub struct SubscriptionRoot(
    system::SystemSubscription,
    stock::StockSubscription,
    sales::SalesSubscription,
);

/// The default `KURA_GRAPHQL_MAX_COMPLEXITY`. A list field costs `first × its selection`
/// (see `paging::cost`), so this admits one full 250-row page of sales with their lines and
/// payments, and refuses a hundred aliased ones.
pub const DEFAULT_MAX_COMPLEXITY: usize = 25_000;

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
    .extension(auth_limit::OneAuthMutation)
}

/// The SDL partners read (`backend/schema.graphql`); a test keeps the checked-in copy current.
pub fn sdl() -> String {
    builder(usize::MAX, usize::MAX).finish().sdl()
}

/// The channel UUID inside a channel's global ID (as in its webhook URL).
pub fn channel_uuid(global_id: &str) -> Option<uuid::Uuid> {
    ids::decode(ids::Kind::Channel, global_id)
}
