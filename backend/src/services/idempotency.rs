//! Retried commands: the first call's result is stored under its key in the same
//! transaction as its effect, and a repeat gets that result back and changes nothing.
//!
//! Every command with a key has one shape, [`once`]: **claim** (look the key up: a stored
//! result is replayed), **run** (the command's own writes), **remember** (store the result
//! under the key). Two calls racing with one key both run; the second to remember fails on
//! the key's unique index, rolls back and starts over ([`retrying`]), and its claim then
//! finds the first one's result. The same bounded start-over serves any race for a unique
//! value: a document number, a location code, a sync issue's subject.
//!
//! A command is a value implementing [`Command`] (or [`Attempt`]) rather than a pair of
//! closures: its futures must be `Send` for the GraphQL resolvers, which a trait can
//! declare and an async closure cannot.

use chrono::Utc;
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseConnection, DbErr, QueryFilter, SqlErr};
use uuid::Uuid;

use super::ServiceError;
use crate::store::tenant::{TenantTx, records::idempotency_key};

/// Longest accepted key.
const MAX_KEY: usize = 200;

/// How many times a command runs before a race it keeps losing becomes an error. Each
/// lost race means another call committed, so a few attempts always suffice in practice.
pub const ATTEMPTS: usize = 8;

/// Checks a client's key: 1–200 characters after trimming.
pub fn parse_key(key: Option<&str>) -> Result<Option<String>, ServiceError> {
    match key.map(str::trim) {
        None => Ok(None),
        Some(k) if !k.is_empty() && k.chars().count() <= MAX_KEY => Ok(Some(k.to_owned())),
        Some(_) => Err(kura_shared::ValidationError::new(
            "idempotency_key.length",
            "An idempotency key has 1 to 200 characters",
        )
        .with_field("idempotencyKey")
        .into()),
    }
}

/// What recognises a retried command: the operation and the caller's key for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    operation: String,
    key: String,
}

impl Key {
    /// A key already checked (or one Kura chose, such as a channel's own document id).
    pub fn new(operation: impl Into<String>, key: impl Into<String>) -> Self {
        Self {
            operation: operation.into(),
            key: key.into(),
        }
    }

    /// A client's key for `operation`, checked by [`parse_key`]; `None` without one.
    pub fn parse(operation: &str, key: Option<&str>) -> Result<Option<Self>, ServiceError> {
        Ok(parse_key(key)?.map(|key| Self::new(operation, key)))
    }
}

/// Why one attempt of a command stopped.
#[derive(Debug)]
pub enum Stop {
    /// A concurrent command took a unique value first (a key, a number, a code): roll back
    /// and run again; the next attempt sees what the other one committed.
    Raced,
    /// The command failed: give up with this error.
    Failed(ServiceError),
}

impl From<ServiceError> for Stop {
    fn from(e: ServiceError) -> Self {
        Stop::Failed(e)
    }
}

impl From<DbErr> for Stop {
    fn from(e: DbErr) -> Self {
        Stop::Failed(e.into())
    }
}

/// A unique-key violation as [`Stop::Raced`], any other error as a failure: for the one
/// write of a command whose unique value a concurrent command may take first.
pub fn raced(error: DbErr) -> Stop {
    if is_duplicate(&error) {
        Stop::Raced
    } else {
        error.into()
    }
}

/// What to do with a command after its claim (zero2prod's `try_processing`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextAction {
    /// No call with this key has committed: run the command.
    StartProcessing,
    /// An earlier call committed this result (the id it stored): answer with it.
    ReturnSavedResponse(Uuid),
}

/// Claims `key` in this transaction: the stored result of an earlier call, if there was
/// one. Without a key every call runs.
pub async fn try_processing(tx: &TenantTx, key: Option<&Key>) -> Result<NextAction, ServiceError> {
    let Some(key) = key else {
        return Ok(NextAction::StartProcessing);
    };
    let earlier = tx
        .select::<idempotency_key::Model>()
        .filter(idempotency_key::Column::Operation.eq(key.operation.as_str()))
        .filter(idempotency_key::Column::Key.eq(key.key.as_str()))
        .one(tx.conn())
        .await?;
    match earlier {
        None => Ok(NextAction::StartProcessing),
        Some(row) => row
            .result
            .parse()
            .map(NextAction::ReturnSavedResponse)
            .map_err(|_| ServiceError::internal("bad idempotency record")),
    }
}

/// Stores this call's result under `key`; [`Stop::Raced`] when a concurrent call with the
/// same key committed first.
async fn remember(tx: &TenantTx, key: &Key, result: Uuid) -> Result<(), Stop> {
    tx.insert(idempotency_key::ActiveModel {
        tenant_id: Set(tx.tenant_id()),
        operation: Set(key.operation.clone()),
        key: Set(key.key.clone()),
        result: Set(result.to_string()),
        created_at: Set(Utc::now()),
    })
    .await
    .map_err(raced)?;
    Ok(())
}

/// A command run at most once per key (see [`once`]).
pub trait Command: Sync {
    /// What the caller gets back, the first time and on a repeat alike.
    type Answer: Send;

    /// The answer to a repeat, from the id the first call stored.
    fn replay(
        &self,
        tx: &TenantTx,
        earlier: Uuid,
    ) -> impl Future<Output = Result<Self::Answer, ServiceError>> + Send;

    /// The command's own writes: its answer, and the id to store under the key.
    fn run(&self, tx: &TenantTx)
    -> impl Future<Output = Result<(Self::Answer, Uuid), Stop>> + Send;
}

/// One attempt of a command in a write transaction (see [`retrying`]).
pub trait Attempt: Sync {
    /// What the command returns.
    type Output: Send;

    /// Does the command's work in `tx`; [`Stop::Raced`] to be run again in a fresh one.
    fn attempt(&self, tx: &TenantTx) -> impl Future<Output = Result<Self::Output, Stop>> + Send;
}

/// Claim → run → remember inside `tx`. For a command that must read before it knows its
/// key; the others use [`once`].
pub async fn once_in<C: Command>(
    tx: &TenantTx,
    key: Option<&Key>,
    command: &C,
) -> Result<C::Answer, Stop> {
    if let NextAction::ReturnSavedResponse(earlier) = try_processing(tx, key).await? {
        return Ok(command.replay(tx, earlier).await?);
    }
    let (answer, result) = match command.run(tx).await {
        Ok(done) => done,
        // A call with the same key may have committed while this one ran, taking the
        // unique value this one then found in use (a location's code). PostgreSQL shows
        // that commit to the next statement, so look again: the first call's answer is
        // this call's answer, not a conflict with itself.
        Err(Stop::Failed(conflict @ ServiceError::Conflict { .. })) => {
            return match try_processing(tx, key).await {
                Ok(NextAction::ReturnSavedResponse(earlier)) => {
                    Ok(command.replay(tx, earlier).await?)
                }
                _ => Err(Stop::Failed(conflict)),
            };
        }
        Err(stop) => return Err(stop),
    };
    if let Some(key) = key {
        remember(tx, key, result).await?;
    }
    Ok(answer)
}

/// Runs `command` at most once per `key` ([`once_in`] in a write transaction, started over
/// when it loses a race), and commits it.
pub async fn once<C: Command>(
    db: &DatabaseConnection,
    tenant_id: Uuid,
    key: Option<&Key>,
    command: &C,
) -> Result<C::Answer, ServiceError> {
    retrying(db, tenant_id, &Once { key, command }).await
}

/// [`once_in`] as an attempt.
struct Once<'a, C> {
    key: Option<&'a Key>,
    command: &'a C,
}

impl<C: Command> Attempt for Once<'_, C> {
    type Output = C::Answer;

    async fn attempt(&self, tx: &TenantTx) -> Result<C::Answer, Stop> {
        once_in(tx, self.key, self.command).await
    }
}

/// Runs `attempt` in a write transaction and commits what it did; when it lost a race
/// ([`Stop::Raced`]) rolls back and runs it again, at most [`ATTEMPTS`] times.
pub async fn retrying<A: Attempt>(
    db: &DatabaseConnection,
    tenant_id: Uuid,
    attempt: &A,
) -> Result<A::Output, ServiceError> {
    for _ in 0..ATTEMPTS {
        let tx = TenantTx::write(db, tenant_id).await?;
        match attempt.attempt(&tx).await {
            Ok(output) => {
                tx.commit().await?;
                return Ok(output);
            }
            Err(Stop::Raced) => {}
            Err(Stop::Failed(e)) => return Err(e),
        }
    }
    Err(ServiceError::internal(format!(
        "lost the race for a unique value {ATTEMPTS} times"
    )))
}

/// True when `error` is a unique-key violation (a concurrent duplicate).
pub fn is_duplicate(error: &DbErr) -> bool {
    matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use sea_orm::{ConnectOptions, ConnectionTrait, Database};

    use super::*;

    /// A migrated in-memory SQLite database (one connection, so one database) without
    /// foreign keys, so keys need no company row.
    async fn database() -> DatabaseConnection {
        let mut options = ConnectOptions::new("sqlite::memory:");
        options.max_connections(1).sqlx_logging(false);
        let db = Database::connect(options).await.unwrap();
        crate::store::migrate_up(&db).await.unwrap();
        db.execute_unprepared("PRAGMA foreign_keys = OFF")
            .await
            .unwrap();
        db
    }

    fn key() -> Key {
        Key::new("test", "k-1")
    }

    /// Stores `result` under `key` as a committed call would have.
    async fn stored(db: &DatabaseConnection, tenant: Uuid, result: Uuid) {
        let tx = TenantTx::write(db, tenant).await.unwrap();
        remember(&tx, &key(), result).await.unwrap();
        tx.commit().await.unwrap();
    }

    #[test]
    fn keys_have_one_to_two_hundred_characters_after_trimming() {
        assert_eq!(Key::parse("op", None).unwrap(), None);
        assert_eq!(
            Key::parse("op", Some("  k ")).unwrap(),
            Some(Key::new("op", "k"))
        );
        assert!(Key::parse("op", Some("   ")).is_err());
        assert!(Key::parse("op", Some(&"x".repeat(201))).is_err());
    }

    /// A command that counts its runs; the first `taken` of them find the key taken by
    /// the time they remember, as when another call with it commits meanwhile (the key
    /// they write for that rolls back with the attempt).
    struct Counted {
        runs: AtomicUsize,
        taken: usize,
    }

    impl Counted {
        fn new(taken: usize) -> Self {
            Self {
                runs: AtomicUsize::new(0),
                taken,
            }
        }

        fn runs(&self) -> usize {
            self.runs.load(Ordering::Relaxed)
        }
    }

    impl Command for Counted {
        type Answer = Uuid;

        async fn replay(&self, _: &TenantTx, earlier: Uuid) -> Result<Uuid, ServiceError> {
            Ok(earlier)
        }

        async fn run(&self, tx: &TenantTx) -> Result<(Uuid, Uuid), Stop> {
            if self.runs.fetch_add(1, Ordering::Relaxed) < self.taken {
                remember(tx, &key(), Uuid::nil()).await?;
            }
            let id = Uuid::now_v7();
            Ok((id, id))
        }
    }

    /// A command that finds its unique value (a code) taken; with `same_key`, by a call
    /// with its own key that committed meanwhile (written here, in its transaction).
    struct FindsTaken {
        same_key: Option<Uuid>,
    }

    impl Command for FindsTaken {
        type Answer = Uuid;

        async fn replay(&self, _: &TenantTx, earlier: Uuid) -> Result<Uuid, ServiceError> {
            Ok(earlier)
        }

        async fn run(&self, tx: &TenantTx) -> Result<(Uuid, Uuid), Stop> {
            if let Some(first) = self.same_key {
                remember(tx, &key(), first).await?;
            }
            Err(ServiceError::Conflict {
                message: "code taken".into(),
                field: Some("code"),
            }
            .into())
        }
    }

    #[tokio::test]
    async fn a_value_taken_by_a_call_with_the_same_key_answers_with_that_call() {
        let (db, tenant, first) = (database().await, Uuid::now_v7(), Uuid::now_v7());
        let command = FindsTaken {
            same_key: Some(first),
        };
        let answer = once(&db, tenant, Some(&key()), &command).await.unwrap();
        assert_eq!(answer, first);
    }

    #[tokio::test]
    async fn a_value_taken_by_another_call_stays_a_conflict() {
        let (db, tenant) = (database().await, Uuid::now_v7());
        let command = FindsTaken { same_key: None };
        let err = once(&db, tenant, Some(&key()), &command).await.unwrap_err();
        assert!(matches!(err, ServiceError::Conflict { .. }), "{err:?}");
    }

    #[tokio::test]
    async fn a_stored_result_is_replayed_and_the_command_does_not_run() {
        let (db, tenant, first) = (database().await, Uuid::now_v7(), Uuid::now_v7());
        stored(&db, tenant, first).await;
        let command = Counted::new(0);
        let answer = once(&db, tenant, Some(&key()), &command).await.unwrap();
        assert_eq!(answer, first);
        assert_eq!(command.runs(), 0);
    }

    #[tokio::test]
    async fn a_call_that_finds_its_key_taken_at_remember_rolls_back_and_runs_again() {
        let (db, tenant) = (database().await, Uuid::now_v7());
        let command = Counted::new(1);
        let answer = once(&db, tenant, Some(&key()), &command).await.unwrap();
        assert_eq!(command.runs(), 2);
        let tx = TenantTx::read(&db, tenant).await.unwrap();
        assert_eq!(
            try_processing(&tx, Some(&key())).await.unwrap(),
            NextAction::ReturnSavedResponse(answer),
            "the second run's result is the one remembered"
        );
    }

    #[tokio::test]
    async fn a_race_lost_every_time_ends_after_a_bounded_number_of_attempts() {
        let (db, tenant) = (database().await, Uuid::now_v7());
        let command = Counted::new(usize::MAX);
        let result = once(&db, tenant, Some(&key()), &command).await;
        assert!(matches!(result, Err(ServiceError::Internal(_))));
        assert_eq!(command.runs(), ATTEMPTS);
    }

    /// An attempt that writes a key, then fails.
    struct Failing(AtomicUsize);

    impl Attempt for Failing {
        type Output = ();

        async fn attempt(&self, tx: &TenantTx) -> Result<(), Stop> {
            self.0.fetch_add(1, Ordering::Relaxed);
            remember(tx, &key(), Uuid::now_v7()).await?;
            Err(ServiceError::NotFound("Thing").into())
        }
    }

    #[tokio::test]
    async fn a_failure_is_returned_at_once_and_its_writes_roll_back() {
        let (db, tenant) = (database().await, Uuid::now_v7());
        let failing = Failing(AtomicUsize::new(0));
        let result = retrying(&db, tenant, &failing).await;
        assert!(matches!(result, Err(ServiceError::NotFound("Thing"))));
        assert_eq!(failing.0.load(Ordering::Relaxed), 1);
        let tx = TenantTx::read(&db, tenant).await.unwrap();
        assert_eq!(
            try_processing(&tx, Some(&key())).await.unwrap(),
            NextAction::StartProcessing
        );
    }
}
