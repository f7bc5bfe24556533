//! The database connection: SQLite (embedded, WAL) or PostgreSQL, behind sea-orm.

pub mod channel_sync;
pub mod counters;
pub mod entities;
pub mod member_locations;
pub mod outbox;
pub mod raw;
pub mod retention;
pub mod scope;
pub mod seed;
pub mod statements;
pub mod stock;
pub mod sync_jobs;
pub mod tenant;

use std::{collections::HashSet, str::FromStr, time::Duration};

use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, SqlxSqliteConnector,
    Statement,
};
use sea_orm_migration::MigratorTrait;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::config::{DatabaseTarget, Settings, redact};
use kura_migrations::Migrator;

/// Why the database could not be opened or migrated. Messages are one line and never
/// include a password.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be reached or opened.
    #[error("cannot open the database {target}: {reason}")]
    Connect { target: String, reason: String },
    /// A migration failed.
    #[error("database migration failed: {0}")]
    Migrate(String),
    /// PostgreSQL has migrations that have not been applied.
    #[error(
        "the database schema is behind this version of Kura ({pending} pending migration(s)); run `kura migrate up` first"
    )]
    SchemaBehind { pending: usize },
}

/// Opens the configured database with a pool sized by the settings.
pub async fn connect(settings: &Settings) -> Result<DatabaseConnection, StoreError> {
    match &settings.database {
        DatabaseTarget::Sqlite(path) => connect_sqlite(path, settings).await,
        DatabaseTarget::Postgres(url) => {
            let fail = |e: sea_orm::DbErr| StoreError::Connect {
                target: redact(url),
                reason: first_line(&e.to_string()),
            };
            let mut options = ConnectOptions::new(url.as_str());
            options
                .max_connections(settings.db_max_connections)
                .min_connections(1)
                .connect_timeout(settings.connect_timeout)
                .acquire_timeout(settings.connect_timeout)
                .sqlx_logging(false);
            let mut db = Database::connect(options).await.map_err(fail)?;
            db.execute_unprepared("SELECT 1").await.map_err(fail)?;
            statements::install(&mut db);
            Ok(db)
        }
    }
}

async fn connect_sqlite(
    path: &std::path::Path,
    settings: &Settings,
) -> Result<DatabaseConnection, StoreError> {
    let fail = |reason: String| StoreError::Connect {
        target: path.display().to_string(),
        reason,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| fail(e.to_string()))?;
    }
    let options = SqliteConnectOptions::from_str("sqlite:")
        .map_err(|e| fail(e.to_string()))?
        .filename(path)
        .create_if_missing(true)
        // WAL lets dashboards read while a sale is being written.
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    let pool = SqlitePoolOptions::new()
        .max_connections(settings.db_max_connections)
        .acquire_timeout(settings.connect_timeout)
        .connect_with(options)
        .await
        .map_err(|e| fail(first_line(&e.to_string())))?;
    let mut db = SqlxSqliteConnector::from_sqlx_sqlite_pool(pool);
    statements::install(&mut db);
    Ok(db)
}

/// Applies pending migrations (embedded mode does this at every start).
pub async fn migrate_up(db: &DatabaseConnection) -> Result<(), StoreError> {
    Migrator::up(db, None)
        .await
        .map_err(|e| StoreError::Migrate(first_line(&e.to_string())))
}

/// Fails when migrations are pending, so a replica never serves an old schema.
///
/// Reads the migration table directly: sea-orm's own check tries to create that table,
/// which the app role (rightly) may not do.
pub async fn ensure_schema_current(db: &DatabaseConnection) -> Result<(), StoreError> {
    let applied: HashSet<String> = match db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT version FROM seaql_migrations",
        ))
        .await
    {
        Ok(rows) => rows
            .iter()
            .filter_map(|row| row.try_get::<String>("", "version").ok())
            .collect(),
        // No migration table yet: nothing is applied.
        Err(_) => HashSet::new(),
    };
    let pending = Migrator::migrations()
        .iter()
        .filter(|m| !applied.contains(m.name()))
        .count();
    if pending > 0 {
        return Err(StoreError::SchemaBehind { pending });
    }
    Ok(())
}

/// Pool figures for `/metrics`: (connections open, of which idle).
pub fn pool_stats(db: &DatabaseConnection) -> (u32, usize) {
    match db.get_database_backend() {
        DbBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (pool.size(), pool.num_idle())
        }
        DbBackend::Sqlite => {
            let pool = db.get_sqlite_connection_pool();
            (pool.size(), pool.num_idle())
        }
        _ => (0, 0),
    }
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or_default().to_owned()
}
