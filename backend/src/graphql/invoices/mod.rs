//! Invoicing: the closing run (`runClosing`), the invoices and credit notes it issues
//! (`invoices`, `invoice`, `voidInvoice`), the payments received and applied to them
//! (`recordPayment`, `payments`), and what a customer owes (`Customer.balance`, with the
//! customers). Thin over `services::invoices`; links to the orders and customers it bills.

use async_graphql::MergedObject;

pub mod closing;
pub mod documents;
pub mod payments;

/// Every invoicing query, merged here and the whole merged into the root.
#[derive(MergedObject, Default)]
pub struct InvoicesQueries(documents::InvoicesQuery, payments::PaymentsQuery);

/// Every invoicing mutation, merged here and the whole merged into the root.
#[derive(MergedObject, Default)]
pub struct InvoicesMutations(
    closing::ClosingMutation,
    documents::VoidMutation,
    payments::PaymentsMutation,
);
