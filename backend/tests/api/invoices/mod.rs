//! Invoicing: the closing run, the invoices and credit notes it issues, and what customers
//! owe.

mod closing;
