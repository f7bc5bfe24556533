//! Typed, layered configuration: built-in defaults, then an optional TOML file
//! (`KURA_CONFIG`, or `kura.toml` in the working directory), then the environment.
//!
//! Raw settings are parsed once into [`Settings`], whose fields are already validated, so the
//! rest of the server never re-checks a URL or a path.

use std::{
    fmt,
    net::SocketAddr,
    path::{Path, PathBuf},
    time::Duration,
};

use figment::{
    Figment,
    providers::{Env, Format, Serialized, Toml},
};
use rand::Rng;
use serde::{Deserialize, Serialize};
use url::Url;

use crate::secrets::{self, Secret};

/// Why the configuration cannot be used. Each message is one line a person can act on.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A value could not be read into its type (figment's message names the variable).
    #[error("configuration: {0}")]
    Load(String),
    /// A value was read but is not acceptable.
    #[error("{name}: {reason}")]
    Invalid { name: &'static str, reason: String },
    /// The embedded secrets could not be read or written.
    #[error(transparent)]
    Secrets(#[from] secrets::SecretsError),
}

/// Log line format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable, coloured when a terminal is attached.
    Pretty,
    /// One JSON object per line, for log shippers.
    Json,
}

/// Where Kura keeps its data.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseTarget {
    /// The embedded default: a SQLite file, created on first start.
    Sqlite(PathBuf),
    /// A PostgreSQL server (production).
    Postgres(Url),
}

impl DatabaseTarget {
    /// The storage kind, for status pages and metrics.
    pub fn kind(&self) -> StorageKind {
        match self {
            Self::Sqlite(_) => StorageKind::Sqlite,
            Self::Postgres(_) => StorageKind::Postgres,
        }
    }
}

// Hand-written so a password in the URL never reaches a log line.
impl fmt::Debug for DatabaseTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sqlite(path) => write!(f, "Sqlite({})", path.display()),
            Self::Postgres(url) => write!(f, "Postgres({})", redact(url)),
        }
    }
}

/// The storage engine in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum)]
pub enum StorageKind {
    /// Embedded SQLite file.
    Sqlite,
    /// PostgreSQL server.
    Postgres,
}

/// The raw layer every source is merged into. Field names are the environment variable
/// names without the `KURA_` prefix.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct RawSettings {
    bind: String,
    data_dir: PathBuf,
    web_dir: PathBuf,
    log_format: LogFormat,
    database_url: Option<String>,
    redis_url: Option<String>,
    redis_prefix: String,
    jwt_secret: Option<String>,
    jwt_previous_secret: Option<String>,
    public_url: Option<String>,
    smtp_url: Option<String>,
    mail_from: String,
    api_key_rate_limit_per_minute: u64,
    sign_up_limit_per_hour: u64,
    trusted_proxies: usize,
    metrics_token: Option<String>,
    statement_counts: bool,
    pdf_font: Option<String>,
    outbox_relay: bool,
    stock_sync: bool,
    stock_sync_backoff_ms: u64,
    stock_sync_max_attempts: u32,
    db_max_connections: u32,
    db_connect_timeout_secs: u64,
    max_body_bytes: usize,
    shutdown_timeout_secs: u64,
    keep_alive_secs: u64,
    ws_init_timeout_secs: u64,
    ws_max_per_address: usize,
    access_token_ttl_secs: u64,
    graphql_max_depth: usize,
    graphql_max_complexity: usize,
    shopify_url_template: String,
    square_url: String,
    smaregi_id_url: String,
    smaregi_api_url: String,
    channel_reconcile_secs: u64,
    inbound_retry_secs: u64,
    inbound_retention_days: u64,
    retention_interval_secs: u64,
}

/// The default `KURA_GRAPHQL_MAX_COMPLEXITY`. A list field costs `first × its selection`
/// (see the GraphQL paging), so this admits one full 250-row page of sales with their lines
/// and payments, and refuses a hundred aliased ones.
pub const DEFAULT_GRAPHQL_MAX_COMPLEXITY: usize = 25_000;

impl Default for RawSettings {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".into(),
            data_dir: "data".into(),
            web_dir: "frontend/dist".into(),
            log_format: LogFormat::Pretty,
            database_url: None,
            redis_url: None,
            redis_prefix: "kura".into(),
            jwt_secret: None,
            jwt_previous_secret: None,
            public_url: None,
            smtp_url: None,
            mail_from: "Kura <no-reply@localhost>".into(),
            api_key_rate_limit_per_minute: 600,
            // Enough for a shop's staff trying things out, too few to farm accounts.
            sign_up_limit_per_hour: 10,
            // Forwarded headers are written by the client unless a proxy we know of
            // overwrites them, so none are trusted until the operator says how many proxies.
            trusted_proxies: 0,
            metrics_token: None,
            statement_counts: false,
            pdf_font: None,
            outbox_relay: true,
            stock_sync: true,
            stock_sync_backoff_ms: 2000,
            stock_sync_max_attempts: 8,
            db_max_connections: 10,
            db_connect_timeout_secs: 5,
            // Room for a 5 MB CSV sent base64 in a GraphQL body (about 6.7 MB).
            max_body_bytes: 8 * 1024 * 1024,
            // Below Kubernetes' default 30 s grace period, so draining finishes before SIGKILL.
            shutdown_timeout_secs: 20,
            // Longer than load balancers keep idle connections (AWS ALB: 60 s), so the
            // server is never the side that closes one a proxy is about to reuse.
            keep_alive_secs: 75,
            ws_init_timeout_secs: 10,
            // A busy shop behind one NAT runs a few tabs with a few live views each.
            ws_max_per_address: 50,
            access_token_ttl_secs: 15 * 60,
            // Deep enough for GraphiQL's introspection query, shallow enough to stop abuse.
            graphql_max_depth: 16,
            // List fields cost `first × their selection`; the dashboard's heaviest screen
            // (a channel's failed and dead stock pushes, 2 × 250 rows) prices at about 7,000.
            graphql_max_complexity: DEFAULT_GRAPHQL_MAX_COMPLEXITY,
            shopify_url_template: "https://{shop}.myshopify.com".into(),
            square_url: "https://connect.squareup.com".into(),
            smaregi_id_url: "https://id.smaregi.jp".into(),
            smaregi_api_url: "https://api.smaregi.jp".into(),
            channel_reconcile_secs: 600,
            inbound_retry_secs: 30,
            inbound_retention_days: 30,
            retention_interval_secs: 3600,
        }
    }
}

/// Where the provider APIs live. The defaults are the real endpoints; tests point them at
/// local fakes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderEndpoints {
    /// Shopify Admin API base with a `{shop}` placeholder (`KURA_SHOPIFY_URL_TEMPLATE`).
    pub shopify_url_template: String,
    /// Square API base (`KURA_SQUARE_URL`).
    pub square_url: String,
    /// Smaregi token endpoint base (`KURA_SMAREGI_ID_URL`).
    pub smaregi_id_url: String,
    /// Smaregi platform API base (`KURA_SMAREGI_API_URL`).
    pub smaregi_api_url: String,
}

/// How the stock-sync worker retries a failed push (`KURA_STOCK_SYNC_*`). A setting rather
/// than part of the worker, so the configuration needs nothing from the jobs above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Wait after the first failure; doubled after each further one.
    pub base_backoff: Duration,
    /// Tries before a job is given up (DEAD).
    pub max_attempts: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            base_backoff: Duration::from_secs(2),
            max_attempts: 8,
        }
    }
}

/// The longest wait between two tries of a push.
const MAX_BACKOFF: Duration = Duration::from_secs(15 * 60);

impl RetryPolicy {
    /// The wait before try `attempts + 1`: `base × 2^(attempts − 1)` capped at 15 minutes,
    /// of which a random half is dropped ("equal jitter") so channels that failed together
    /// do not retry together. A provider's `Retry-After` is a floor.
    pub fn delay(&self, attempts: i32, retry_after: Option<Duration>) -> Duration {
        let exponent = u32::try_from(attempts.saturating_sub(1))
            .unwrap_or(0)
            .min(20);
        let full = self
            .base_backoff
            .saturating_mul(1 << exponent)
            .min(MAX_BACKOFF);
        let half = full / 2;
        let jitter = rand::rng().random_range(0..=half.as_millis().max(1) as u64);
        let delay = half + Duration::from_millis(jitter);
        retry_after.map_or(delay, |floor| delay.max(floor))
    }
}

/// Validated settings for one `kura` process.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Address the HTTP server listens on (`KURA_BIND`); port 0 picks a free port.
    pub bind: SocketAddr,
    /// Directory for the SQLite file and generated secrets (`KURA_DATA_DIR`).
    pub data_dir: PathBuf,
    /// The built dashboard (`KURA_WEB_DIR`).
    pub web_dir: PathBuf,
    /// Log format (`KURA_LOG_FORMAT`).
    pub log_format: LogFormat,
    /// The database (`DATABASE_URL`; SQLite under the data directory when unset).
    pub database: DatabaseTarget,
    /// Redis for the cross-replica event bus and shared caches (`REDIS_URL`).
    pub redis_url: Option<Url>,
    /// Start of every Redis key and channel name (`KURA_REDIS_PREFIX`), so several
    /// environments can share one Redis.
    pub redis_prefix: String,
    /// Connection pool size (`KURA_DB_MAX_CONNECTIONS`).
    pub db_max_connections: u32,
    /// How long to wait for the database or Redis at start (`KURA_DB_CONNECT_TIMEOUT_SECS`).
    pub connect_timeout: Duration,
    /// Largest accepted request body (`KURA_MAX_BODY_BYTES`).
    pub max_body_bytes: usize,
    /// How long shutdown waits for in-flight requests (`KURA_SHUTDOWN_TIMEOUT_SECS`).
    pub shutdown_timeout: Duration,
    /// How long an idle HTTP connection is kept open (`KURA_KEEP_ALIVE_SECS`).
    pub keep_alive: Duration,
    /// How long a WebSocket may stay open without `connection_init` (`KURA_WS_INIT_TIMEOUT_SECS`).
    pub ws_init_timeout: Duration,
    /// Open WebSockets allowed per client address; more are refused with HTTP 429
    /// (`KURA_WS_MAX_PER_ADDRESS`, per replica).
    pub ws_max_per_address: usize,
    /// How long an access token is valid (`KURA_ACCESS_TOKEN_TTL_SECS`, default 900); a
    /// WebSocket opened with one closes when it expires.
    pub access_token_ttl: Duration,
    /// Deepest accepted GraphQL selection (`KURA_GRAPHQL_MAX_DEPTH`).
    pub graphql_max_depth: usize,
    /// Highest accepted GraphQL complexity (`KURA_GRAPHQL_MAX_COMPLEXITY`).
    pub graphql_max_complexity: usize,
    /// Secret used to sign access tokens (`KURA_JWT_SECRET`).
    pub jwt_secret: Secret,
    /// The secret being rotated out (`KURA_JWT_PREVIOUS_SECRET`): tokens it signed still
    /// verify until they expire, so a rotation signs nobody out.
    pub jwt_previous_secret: Option<Secret>,
    /// The address people reach the dashboard at (`KURA_PUBLIC_URL`), for links in email;
    /// taken from each request's host when unset.
    pub public_url: Option<Url>,
    /// Outgoing mail (`KURA_SMTP_URL`, `KURA_MAIL_FROM`).
    pub mailer: crate::mail::Mailer,
    /// Requests per minute each API key may make (`KURA_API_KEY_RATE_LIMIT_PER_MINUTE`).
    pub api_key_rate_limit_per_minute: u64,
    /// Sign-ups allowed per client address and hour (`KURA_SIGN_UP_LIMIT_PER_HOUR`).
    pub sign_up_limit_per_hour: u64,
    /// How many reverse proxies stand in front of Kura (`KURA_TRUSTED_PROXIES`, default 0):
    /// the client address is taken that many hops from the right of `X-Forwarded-For`
    /// (or `Forwarded`); with 0 it is the TCP peer and forwarded headers are ignored.
    pub trusted_proxies: usize,
    /// When set, `/metrics` answers only `Authorization: Bearer <token>` (`KURA_METRICS_TOKEN`).
    pub metrics_token: Option<Secret>,
    /// Whether every HTTP response says how many database statements and transactions it
    /// took (`Kura-Db-Statements`, `Kura-Db-Transactions`; `KURA_STATEMENT_COUNTS`, off by
    /// default): for profiling and the statement-budget tests, not for the open internet.
    pub statement_counts: bool,
    /// The font printed documents use (`KURA_PDF_FONT`: a TrueType/OpenType file, `path#n`
    /// for the n-th face of a collection); the first Japanese system font found when unset.
    pub pdf_font: Option<PathBuf>,
    /// Whether this process publishes outbox events to the bus (`KURA_OUTBOX_RELAY`).
    /// On by default; with several replicas one relay at a time does the work, so turning
    /// it off is only for a process that must not publish (e.g. a maintenance shell).
    pub outbox_relay: bool,
    /// Shopify, Square and Smaregi API endpoints.
    pub providers: ProviderEndpoints,
    /// How often connected channels are reconciled against their provider
    /// (`KURA_CHANNEL_RECONCILE_SECS`, default 600); `None` (0) turns the job off.
    pub channel_reconcile_every: Option<Duration>,
    /// How often stored webhook deliveries that were not processed are retried
    /// (`KURA_INBOUND_RETRY_SECS`, default 30); `None` (0) turns the loop off.
    pub inbound_retry_every: Option<Duration>,
    /// How long the bodies of settled webhook deliveries are kept
    /// (`KURA_INBOUND_RETENTION_DAYS`, default 30, 1 to 3650).
    pub inbound_retention: chrono::Duration,
    /// How often old data is removed (`KURA_RETENTION_INTERVAL_SECS`, default 3600); `None`
    /// (0) turns the job off.
    pub retention_every: Option<Duration>,
    /// Whether this process pushes sellable quantities to connected channels
    /// (`KURA_STOCK_SYNC`, on by default; replicas share the queue without pushing twice).
    pub stock_sync: bool,
    /// How stock pushes are retried: the first backoff (`KURA_STOCK_SYNC_BACKOFF_MS`, doubled
    /// per failure) and the tries before giving up (`KURA_STOCK_SYNC_MAX_ATTEMPTS`).
    pub stock_sync_retry: RetryPolicy,
}

impl Settings {
    /// Reads defaults, the optional config file and the environment, then validates.
    pub fn load() -> Result<Self, ConfigError> {
        let file = std::env::var_os("KURA_CONFIG")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("kura.toml"));
        let figment = Figment::from(Toml::file(file))
            .merge(Env::prefixed("KURA_").filter(|key| key != "config"))
            .merge(Env::raw().only(&["DATABASE_URL", "REDIS_URL"]));
        Self::from_figment(figment)
    }

    /// Validates settings from explicit overrides on top of the defaults (keys as in
    /// [`RawSettings`], i.e. the variable names without `KURA_`). Tests use this so they never
    /// depend on the process environment.
    pub fn from_figment(overrides: Figment) -> Result<Self, ConfigError> {
        let raw: RawSettings = Figment::from(Serialized::defaults(RawSettings::default()))
            .merge(overrides)
            .extract()
            .map_err(|e| ConfigError::Load(one_line(&e.to_string())))?;
        Self::validate(raw)
    }

    /// Checks every setting in a fixed order (the first problem is the one reported), then
    /// assembles them.
    fn validate(mut raw: RawSettings) -> Result<Self, ConfigError> {
        let bind = raw
            .bind
            .parse::<SocketAddr>()
            .map_err(|_| ConfigError::Invalid {
                name: "KURA_BIND",
                reason: format!(
                    "expected host:port such as 127.0.0.1:8080, got '{}'",
                    raw.bind
                ),
            })?;
        let database = parse_database_url(raw.database_url.as_deref(), &raw.data_dir)?;
        let redis_url = raw
            .redis_url
            .as_deref()
            .filter(|u| !u.trim().is_empty())
            .map(parse_redis_url)
            .transpose()?;
        check_limits(&raw)?;
        let jwt_secret = jwt_secret(raw.jwt_secret.take(), &database, &raw.data_dir)?;
        let checked = Checked {
            bind,
            database,
            redis_url,
            jwt_secret,
            jwt_previous_secret: optional_secret(
                "KURA_JWT_PREVIOUS_SECRET",
                raw.jwt_previous_secret.take(),
            )?,
            metrics_token: optional_secret("KURA_METRICS_TOKEN", raw.metrics_token.take())?,
            public_url: public_url(raw.public_url.as_deref())?,
            providers: providers(&raw)?,
            inbound_retention: inbound_retention(raw.inbound_retention_days)?,
            mailer: crate::mail::Mailer::new(
                raw.smtp_url.as_deref().filter(|u| !u.trim().is_empty()),
                &raw.mail_from,
            )
            .map_err(|e| ConfigError::Load(e.to_string()))?,
        };
        Ok(Self::assemble(raw, checked))
    }

    /// The settings from their raw values and the ones [`Settings::validate`] parsed.
    fn assemble(raw: RawSettings, checked: Checked) -> Self {
        let every = |secs: u64| (secs > 0).then(|| Duration::from_secs(secs));
        Self {
            bind: checked.bind,
            data_dir: raw.data_dir,
            web_dir: raw.web_dir,
            log_format: raw.log_format,
            database: checked.database,
            redis_url: checked.redis_url,
            redis_prefix: raw.redis_prefix,
            db_max_connections: raw.db_max_connections,
            connect_timeout: Duration::from_secs(raw.db_connect_timeout_secs.max(1)),
            max_body_bytes: raw.max_body_bytes,
            shutdown_timeout: Duration::from_secs(raw.shutdown_timeout_secs),
            keep_alive: Duration::from_secs(raw.keep_alive_secs),
            ws_init_timeout: Duration::from_secs(raw.ws_init_timeout_secs),
            ws_max_per_address: raw.ws_max_per_address,
            access_token_ttl: Duration::from_secs(raw.access_token_ttl_secs),
            graphql_max_depth: raw.graphql_max_depth,
            graphql_max_complexity: raw.graphql_max_complexity,
            jwt_secret: checked.jwt_secret,
            jwt_previous_secret: checked.jwt_previous_secret,
            public_url: checked.public_url,
            mailer: checked.mailer,
            api_key_rate_limit_per_minute: raw.api_key_rate_limit_per_minute,
            sign_up_limit_per_hour: raw.sign_up_limit_per_hour,
            trusted_proxies: raw.trusted_proxies,
            metrics_token: checked.metrics_token,
            statement_counts: raw.statement_counts,
            pdf_font: raw
                .pdf_font
                .filter(|f| !f.trim().is_empty())
                .map(PathBuf::from),
            outbox_relay: raw.outbox_relay,
            providers: checked.providers,
            channel_reconcile_every: every(raw.channel_reconcile_secs),
            inbound_retry_every: every(raw.inbound_retry_secs),
            inbound_retention: checked.inbound_retention,
            retention_every: every(raw.retention_interval_secs),
            stock_sync: raw.stock_sync,
            stock_sync_retry: RetryPolicy {
                base_backoff: Duration::from_millis(raw.stock_sync_backoff_ms),
                max_attempts: raw.stock_sync_max_attempts,
            },
        }
    }
}

/// What [`Settings::validate`] parsed out of the raw values.
struct Checked {
    bind: SocketAddr,
    database: DatabaseTarget,
    redis_url: Option<Url>,
    jwt_secret: Secret,
    jwt_previous_secret: Option<Secret>,
    metrics_token: Option<Secret>,
    public_url: Option<Url>,
    providers: ProviderEndpoints,
    inbound_retention: chrono::Duration,
    mailer: crate::mail::Mailer,
}

/// The numeric limits: counts that must be positive and ranges with a sane upper end.
fn check_limits(raw: &RawSettings) -> Result<(), ConfigError> {
    positive("KURA_DB_MAX_CONNECTIONS", raw.db_max_connections as usize)?;
    positive("KURA_MAX_BODY_BYTES", raw.max_body_bytes)?;
    positive(
        "KURA_STOCK_SYNC_MAX_ATTEMPTS",
        raw.stock_sync_max_attempts as usize,
    )?;
    positive("KURA_GRAPHQL_MAX_DEPTH", raw.graphql_max_depth)?;
    positive(
        "KURA_SIGN_UP_LIMIT_PER_HOUR",
        usize::try_from(raw.sign_up_limit_per_hour).unwrap_or(usize::MAX),
    )?;
    if raw.trusted_proxies > MAX_TRUSTED_PROXIES {
        return Err(ConfigError::Invalid {
            name: "KURA_TRUSTED_PROXIES",
            reason: format!(
                "expected the number of proxy hops in front of Kura (0 to {MAX_TRUSTED_PROXIES}), got {}",
                raw.trusted_proxies
            ),
        });
    }
    positive("KURA_GRAPHQL_MAX_COMPLEXITY", raw.graphql_max_complexity)?;
    positive(
        "KURA_WS_INIT_TIMEOUT_SECS",
        raw.ws_init_timeout_secs as usize,
    )?;
    positive("KURA_WS_MAX_PER_ADDRESS", raw.ws_max_per_address)?;
    // Bearer tokens should be short-lived; a day is already generous.
    if !(1..=24 * 3600).contains(&raw.access_token_ttl_secs) {
        return Err(ConfigError::Invalid {
            name: "KURA_ACCESS_TOKEN_TTL_SECS",
            reason: format!(
                "expected 1 to 86400 seconds, got {}",
                raw.access_token_ttl_secs
            ),
        });
    }
    Ok(())
}

/// The token-signing secret: the configured one, or in embedded mode one kept in the data
/// directory (embedded mode must run with no setup at all).
fn jwt_secret(
    configured: Option<String>,
    database: &DatabaseTarget,
    data_dir: &Path,
) -> Result<Secret, ConfigError> {
    match (configured, database) {
        (Some(s), _) => Secret::parse(s).map_err(|reason| ConfigError::Invalid {
            name: "KURA_JWT_SECRET",
            reason,
        }),
        (None, DatabaseTarget::Sqlite(_)) => Ok(secrets::load_or_generate(data_dir, "jwt_secret")?),
        (None, DatabaseTarget::Postgres(_)) => Err(ConfigError::Invalid {
            name: "KURA_JWT_SECRET",
            reason: "required when DATABASE_URL points to PostgreSQL (all replicas must share it; at least 32 characters)".into(),
        }),
    }
}

/// A secret that may be left unset (or blank).
fn optional_secret(
    name: &'static str,
    value: Option<String>,
) -> Result<Option<Secret>, ConfigError> {
    value
        .filter(|s| !s.trim().is_empty())
        .map(|s| Secret::parse(s).map_err(|reason| ConfigError::Invalid { name, reason }))
        .transpose()
}

fn public_url(value: Option<&str>) -> Result<Option<Url>, ConfigError> {
    value
        .filter(|u| !u.trim().is_empty())
        .map(|u| {
            Url::parse(u.trim()).map_err(|e| ConfigError::Invalid {
                name: "KURA_PUBLIC_URL",
                reason: format!("not a valid URL ({e}); expected e.g. https://kura.example.jp"),
            })
        })
        .transpose()
}

fn providers(raw: &RawSettings) -> Result<ProviderEndpoints, ConfigError> {
    Ok(ProviderEndpoints {
        shopify_url_template: endpoint("KURA_SHOPIFY_URL_TEMPLATE", &raw.shopify_url_template)?,
        square_url: endpoint("KURA_SQUARE_URL", &raw.square_url)?,
        smaregi_id_url: endpoint("KURA_SMAREGI_ID_URL", &raw.smaregi_id_url)?,
        smaregi_api_url: endpoint("KURA_SMAREGI_API_URL", &raw.smaregi_api_url)?,
    })
}

/// A provider's base URL without its trailing slash (`{shop}` stands for the shop's name).
fn endpoint(name: &'static str, value: &str) -> Result<String, ConfigError> {
    let probe = value.trim().replace("{shop}", "shop");
    Url::parse(&probe).map_err(|e| ConfigError::Invalid {
        name,
        reason: format!("not a valid URL ({e})"),
    })?;
    Ok(value.trim().trim_end_matches('/').to_owned())
}

fn inbound_retention(days: u64) -> Result<chrono::Duration, ConfigError> {
    if !(1..=3650).contains(&days) {
        return Err(ConfigError::Invalid {
            name: "KURA_INBOUND_RETENTION_DAYS",
            reason: "must be 1 to 3650 days".into(),
        });
    }
    Ok(chrono::Duration::days(days as i64))
}

/// More proxy hops than any real deployment has: a larger value is a typo.
const MAX_TRUSTED_PROXIES: usize = 16;

fn positive(name: &'static str, value: usize) -> Result<(), ConfigError> {
    if value == 0 {
        return Err(ConfigError::Invalid {
            name,
            reason: "must be greater than 0".into(),
        });
    }
    Ok(())
}

fn parse_database_url(raw: Option<&str>, data_dir: &Path) -> Result<DatabaseTarget, ConfigError> {
    let Some(raw) = raw.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(DatabaseTarget::Sqlite(data_dir.join("kura.sqlite3")));
    };
    let invalid = |reason: String| ConfigError::Invalid {
        name: "DATABASE_URL",
        reason,
    };
    if let Some(path) = raw
        .strip_prefix("sqlite://")
        .or_else(|| raw.strip_prefix("sqlite:"))
    {
        let path = path.split('?').next().unwrap_or_default();
        if path.is_empty() {
            return Err(invalid(
                "sqlite URL has no file path (e.g. sqlite://data/kura.sqlite3)".into(),
            ));
        }
        return Ok(DatabaseTarget::Sqlite(PathBuf::from(path)));
    }
    let url = Url::parse(raw).map_err(|e| {
        invalid(format!(
            "not a valid URL ({e}); expected postgres://user:password@host:5432/db or sqlite://path"
        ))
    })?;
    match url.scheme() {
        "postgres" | "postgresql" if url.host_str().is_some_and(|h| !h.is_empty()) => {
            Ok(DatabaseTarget::Postgres(url))
        }
        "postgres" | "postgresql" => Err(invalid("PostgreSQL URL has no host".into())),
        other => Err(invalid(format!(
            "unsupported scheme '{other}'; expected postgres:// or sqlite://"
        ))),
    }
}

fn parse_redis_url(raw: &str) -> Result<Url, ConfigError> {
    let url = Url::parse(raw.trim()).map_err(|e| ConfigError::Invalid {
        name: "REDIS_URL",
        reason: format!("not a valid URL ({e}); expected redis://host:6379"),
    })?;
    match url.scheme() {
        "redis" | "rediss" => Ok(url),
        other => Err(ConfigError::Invalid {
            name: "REDIS_URL",
            reason: format!("unsupported scheme '{other}'; expected redis:// or rediss://"),
        }),
    }
}

/// The URL with any password replaced, safe for logs and error messages.
pub fn redact(url: &Url) -> String {
    let mut shown = url.clone();
    if shown.password().is_some() {
        // Cannot fail: the URL already has a host, since it has a password.
        let _ = shown.set_password(Some("***"));
    }
    shown.to_string()
}

fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let dir = std::env::temp_dir().join(format!("kura-config-{}", uuid::Uuid::new_v4()));
        let mut figment = Figment::new().merge(("data_dir", dir));
        for (k, v) in pairs {
            figment = figment.merge((*k, *v));
        }
        Settings::from_figment(figment)
    }

    #[test]
    fn backoff_doubles_with_jitter_and_respects_retry_after() {
        let policy = RetryPolicy {
            base_backoff: Duration::from_secs(2),
            max_attempts: 8,
        };
        for attempts in 1..=4 {
            let full = Duration::from_secs(2 << (attempts - 1));
            let delay = policy.delay(attempts, None);
            assert!(delay >= full / 2 && delay <= full, "{attempts}: {delay:?}");
        }
        assert!(policy.delay(30, None) <= MAX_BACKOFF);
        let floor = Duration::from_secs(600);
        assert!(policy.delay(1, Some(floor)) >= floor);
    }

    #[test]
    fn defaults_to_an_embedded_sqlite_file_in_the_data_dir() {
        let s = settings(&[]).unwrap();
        assert!(matches!(&s.database, DatabaseTarget::Sqlite(p) if p.ends_with("kura.sqlite3")));
        assert_eq!(s.bind.to_string(), "127.0.0.1:8080");
        assert!(s.redis_url.is_none());
    }

    #[test]
    fn idle_connections_outlive_a_load_balancers_by_default() {
        assert_eq!(settings(&[]).unwrap().keep_alive, Duration::from_secs(75));
        let dir = std::env::temp_dir().join(format!("kura-config-{}", uuid::Uuid::new_v4()));
        let tuned = Settings::from_figment(
            Figment::new()
                .merge(("data_dir", dir))
                .merge(("keep_alive_secs", 120)),
        )
        .unwrap();
        assert_eq!(tuned.keep_alive, Duration::from_secs(120));
    }

    #[test]
    fn websocket_and_token_limits_have_sane_defaults_and_bounds() {
        let s = settings(&[]).unwrap();
        assert_eq!(s.ws_max_per_address, 50);
        assert_eq!(s.access_token_ttl, Duration::from_secs(900));
        let with = |key: &str, value: u64| {
            let dir = std::env::temp_dir().join(format!("kura-config-{}", uuid::Uuid::new_v4()));
            Settings::from_figment(Figment::new().merge(("data_dir", dir)).merge((key, value)))
        };
        let err = with("ws_max_per_address", 0).unwrap_err();
        assert!(
            err.to_string().starts_with("KURA_WS_MAX_PER_ADDRESS:"),
            "{err}"
        );
        for bad in [0, 86_401] {
            let err = with("access_token_ttl_secs", bad).unwrap_err();
            assert!(
                err.to_string().starts_with("KURA_ACCESS_TOKEN_TTL_SECS:"),
                "{err}"
            );
        }
        assert_eq!(
            with("access_token_ttl_secs", 60).unwrap().access_token_ttl,
            Duration::from_secs(60)
        );
    }

    #[test]
    fn a_malformed_database_url_is_rejected_with_its_name() {
        let err = settings(&[("database_url", "postgres//nohost")]).unwrap_err();
        assert!(err.to_string().starts_with("DATABASE_URL:"), "{err}");
        let err = settings(&[("database_url", "mysql://localhost/db")]).unwrap_err();
        assert!(
            err.to_string().contains("unsupported scheme 'mysql'"),
            "{err}"
        );
    }

    #[test]
    fn postgres_requires_an_explicit_jwt_secret() {
        let err = settings(&[("database_url", "postgres://u:p@localhost/db")]).unwrap_err();
        assert!(err.to_string().starts_with("KURA_JWT_SECRET:"), "{err}");
        let err = settings(&[
            ("database_url", "postgres://u:p@localhost/db"),
            ("jwt_secret", "short"),
        ])
        .unwrap_err();
        assert!(err.to_string().contains("at least 32"), "{err}");
    }

    #[test]
    fn forwarded_headers_are_untrusted_and_sign_ups_limited_by_default() {
        let s = settings(&[]).unwrap();
        assert_eq!(s.trusted_proxies, 0);
        assert_eq!(s.sign_up_limit_per_hour, 10);
        let dir = std::env::temp_dir().join(format!("kura-config-{}", uuid::Uuid::new_v4()));
        let with = |key: &str, value: u64| {
            Settings::from_figment(
                Figment::new()
                    .merge(("data_dir", dir.clone()))
                    .merge((key, value)),
            )
        };
        assert_eq!(with("trusted_proxies", 2).unwrap().trusted_proxies, 2);
        let err = with("trusted_proxies", 100).unwrap_err();
        assert!(
            err.to_string().starts_with("KURA_TRUSTED_PROXIES:"),
            "{err}"
        );
        let err = with("sign_up_limit_per_hour", 0).unwrap_err();
        assert!(
            err.to_string().starts_with("KURA_SIGN_UP_LIMIT_PER_HOUR:"),
            "{err}"
        );
    }

    #[test]
    fn delivery_bodies_are_kept_thirty_days_unless_configured_within_bounds() {
        let s = settings(&[]).unwrap();
        assert_eq!(s.inbound_retention, chrono::Duration::days(30));
        assert_eq!(s.retention_every, Some(Duration::from_secs(3600)));
        let with = |key: &str, value: u64| {
            let dir = std::env::temp_dir().join(format!("kura-config-{}", uuid::Uuid::new_v4()));
            Settings::from_figment(Figment::new().merge(("data_dir", dir)).merge((key, value)))
        };
        let err = with("inbound_retention_days", 0).unwrap_err();
        assert!(
            err.to_string().starts_with("KURA_INBOUND_RETENTION_DAYS:"),
            "{err}"
        );
        assert_eq!(
            with("inbound_retention_days", 7).unwrap().inbound_retention,
            chrono::Duration::days(7)
        );
        assert_eq!(
            with("retention_interval_secs", 0).unwrap().retention_every,
            None
        );
    }

    #[test]
    fn a_bad_bind_address_is_explained() {
        let err = settings(&[("bind", "localhost")]).unwrap_err();
        assert!(err.to_string().starts_with("KURA_BIND:"), "{err}");
    }

    #[test]
    fn provider_endpoints_lose_their_trailing_slash_and_a_bad_one_is_named() {
        assert_eq!(
            endpoint("KURA_SQUARE_URL", " https://sq.example/ ").unwrap(),
            "https://sq.example"
        );
        assert_eq!(
            endpoint("KURA_SHOPIFY_URL_TEMPLATE", "https://{shop}.example/").unwrap(),
            "https://{shop}.example"
        );
        let err = settings(&[("smaregi_api_url", "not a url")]).unwrap_err();
        assert!(
            err.to_string().starts_with("KURA_SMAREGI_API_URL:"),
            "{err}"
        );
    }

    #[test]
    fn a_blank_optional_secret_is_unset_and_a_short_one_is_refused() {
        assert!(
            optional_secret("KURA_METRICS_TOKEN", Some("  ".into()))
                .unwrap()
                .is_none()
        );
        assert!(
            optional_secret("KURA_METRICS_TOKEN", None)
                .unwrap()
                .is_none()
        );
        let err = settings(&[("metrics_token", "short")]).unwrap_err();
        assert!(err.to_string().starts_with("KURA_METRICS_TOKEN:"), "{err}");
    }

    #[test]
    fn the_first_problem_in_check_order_is_the_one_reported() {
        let dir = std::env::temp_dir().join(format!("kura-config-{}", uuid::Uuid::new_v4()));
        let err = Settings::from_figment(
            Figment::new()
                .merge(("data_dir", dir))
                .merge(("access_token_ttl_secs", 0u64))
                .merge(("ws_max_per_address", 0u64)),
        )
        .unwrap_err();
        assert!(
            err.to_string().starts_with("KURA_WS_MAX_PER_ADDRESS:"),
            "{err}"
        );
        let err = settings(&[("bind", "nowhere"), ("metrics_token", "short")]).unwrap_err();
        assert!(err.to_string().starts_with("KURA_BIND:"), "{err}");
    }

    #[test]
    fn a_wrongly_typed_value_names_the_key() {
        let err = settings(&[("max_body_bytes", "lots")]).unwrap_err();
        assert!(err.to_string().contains("max_body_bytes"), "{err}");
    }

    #[test]
    fn database_passwords_never_reach_debug_output() {
        let s = settings(&[
            ("database_url", "postgres://kura:hunter2@db:5432/kura"),
            ("jwt_secret", "0123456789abcdef0123456789abcdef"),
        ])
        .unwrap();
        let shown = format!("{s:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(!shown.contains("0123456789abcdef0123"), "{shown}");
    }
}
