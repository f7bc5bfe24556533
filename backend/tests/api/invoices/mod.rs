//! Invoicing: the closing run, the invoices and credit notes it issues, the payments that
//! settle them, and what customers owe.

mod closing;
mod payments;
