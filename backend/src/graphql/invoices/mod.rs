//! Invoicing: the closing run (`runClosing`), the invoices and credit notes it issues
//! (`invoices`, `invoice`, `voidInvoice`), and what a customer owes (`Customer.balance`, with the
//! customers). Thin over `services::invoices`; links to the orders and customers it bills.

use async_graphql::MergedObject;

pub mod closing;
pub mod documents;

/// Every invoicing mutation, merged here and the whole merged into the root.
#[derive(MergedObject, Default)]
pub struct InvoicesMutations(closing::ClosingMutation, documents::VoidMutation);
