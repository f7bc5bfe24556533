//! Counting one request's database work: the statements it runs and the transactions it
//! opens (each transaction adds a `BEGIN` and a `COMMIT` round trip on PostgreSQL).
//!
//! The count lives in a task-local that [`counted`] sets around a request; the connection's
//! metric callback, which sea-orm calls in the task that ran the statement, adds to it.
//! Work outside a counted request (the outbox relay, the stock-sync worker) counts nowhere.
//! The HTTP middleware feeds the per-request figures to `/metrics`, and tests hold each
//! write path to its budget with them.

use std::{
    future::Future,
    sync::{
        Arc,
        atomic::{AtomicU32, Ordering},
    },
};

use sea_orm::DatabaseConnection;

tokio::task_local! {
    static COUNTS: Arc<Counts>;
}

#[derive(Debug, Default)]
struct Counts {
    statements: AtomicU32,
    transactions: AtomicU32,
}

/// What one request cost the database.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Statements run (queries, inserts, updates, locks, `set_config`).
    pub statements: u32,
    /// Transactions begun.
    pub transactions: u32,
}

impl Tally {
    /// Round trips to the database: every statement, and a `BEGIN` and `COMMIT` per
    /// transaction.
    pub const fn round_trips(&self) -> u32 {
        self.statements + 2 * self.transactions
    }
}

/// Makes `db` count its statements into the request being counted, if any.
pub fn install(db: &mut DatabaseConnection) {
    db.set_metric_callback(|info| {
        let _ = COUNTS.try_with(|c| c.statements.fetch_add(1, Ordering::Relaxed));
        tracing::trace!(target: "kura::sql", sql = %info.statement, "statement");
    });
}

/// Notes a transaction begun by the request being counted, if any.
pub fn transaction_begun() {
    let _ = COUNTS.try_with(|c| c.transactions.fetch_add(1, Ordering::Relaxed));
}

/// Runs `work`, counting the database work it does in its own task.
pub async fn counted<F: Future>(work: F) -> (F::Output, Tally) {
    let counts = Arc::new(Counts::default());
    let output = COUNTS.scope(counts.clone(), work).await;
    let tally = Tally {
        statements: counts.statements.load(Ordering::Relaxed),
        transactions: counts.transactions.load(Ordering::Relaxed),
    };
    (output, tally)
}
