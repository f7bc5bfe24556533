//! Whose rows a transaction may touch. On PostgreSQL the scope becomes transaction-local
//! settings that the row-level-security policies read (see migration
//! `m20261127_000003_row_level_security`); a transaction that sets nothing sees no tenant
//! rows at all. On SQLite it is a no-op and the services' own filters are the only wall.

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, Statement,
    TransactionTrait,
};
use uuid::Uuid;

/// The tenant, person and session a transaction acts for; `None` grants nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scope {
    /// Rows of this company.
    pub tenant: Option<Uuid>,
    /// This person's own rows (their memberships and sessions).
    pub user: Option<Uuid>,
    /// This one session (used while refreshing, before the person is known).
    pub session: Option<Uuid>,
}

impl Scope {
    /// One company's rows.
    pub fn tenant(tenant: Uuid) -> Self {
        Self {
            tenant: Some(tenant),
            ..Self::default()
        }
    }

    /// A person's own rows.
    pub fn user(user: Uuid) -> Self {
        Self {
            user: Some(user),
            ..Self::default()
        }
    }
}

/// Begins a transaction acting for `scope` that may write.
///
/// On SQLite it takes the database's write lock first. A transaction that reads and then
/// writes would otherwise fail at once ("database is locked", without waiting for the busy
/// timeout) whenever another writer, such as the outbox relay, committed in between.
pub async fn begin(db: &DatabaseConnection, scope: Scope) -> Result<DatabaseTransaction, DbErr> {
    let txn = begin_read(db, scope).await?;
    lock_for_write(&txn).await?;
    Ok(txn)
}

/// Begins a transaction acting for `scope` that only reads (on SQLite it never waits for
/// writers: WAL readers see the last commit).
pub async fn begin_read(
    db: &DatabaseConnection,
    scope: Scope,
) -> Result<DatabaseTransaction, DbErr> {
    let txn = db.begin().await?;
    super::statements::transaction_begun();
    set(&txn, scope).await?;
    Ok(txn)
}

/// On SQLite, takes the write lock now (waiting up to the busy timeout); a no-op elsewhere,
/// where row locks do this job.
pub async fn lock_for_write(txn: &DatabaseTransaction) -> Result<(), DbErr> {
    if txn.get_database_backend() == DbBackend::Sqlite {
        txn.execute_raw(Statement::from_string(
            DbBackend::Sqlite,
            "UPDATE tenants SET id = id WHERE 1 = 0",
        ))
        .await?;
    }
    Ok(())
}

/// Changes the scope inside a transaction (e.g. once a sign-in has found the person).
pub async fn set(txn: &DatabaseTransaction, scope: Scope) -> Result<(), DbErr> {
    if txn.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let text = |id: Option<Uuid>| id.map(|id| id.to_string()).unwrap_or_default();
    txn.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT set_config('app.tenant_id', $1, true), set_config('app.user_id', $2, true), \
         set_config('app.session_id', $3, true)",
        [
            text(scope.tenant).into(),
            text(scope.user).into(),
            text(scope.session).into(),
        ],
    ))
    .await?;
    Ok(())
}

/// True when the connection's role escapes row-level security (superuser or
/// `BYPASSRLS`): fine for migrations, wrong for serving.
pub async fn bypasses_row_security(db: &DatabaseConnection) -> Result<bool, DbErr> {
    if db.get_database_backend() != DbBackend::Postgres {
        return Ok(false);
    }
    let row = db
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT (rolsuper OR rolbypassrls) AS bypasses FROM pg_roles WHERE rolname = current_user",
        ))
        .await?;
    Ok(match row {
        Some(row) => row.try_get::<bool>("", "bypasses")?,
        None => false,
    })
}

/// Lets this transaction see the one API key row with `prefix`, before its tenant is
/// known (the request presented the prefix; the secret is checked against the row).
pub async fn reveal_api_key(txn: &DatabaseTransaction, prefix: &str) -> Result<(), DbErr> {
    if txn.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    txn.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT set_config('app.api_key_prefix', $1, true)",
        [prefix.into()],
    ))
    .await?;
    Ok(())
}
