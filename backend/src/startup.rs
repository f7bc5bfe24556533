//! Building and running the server. Tests build the very same [`Application`] on port 0.

use std::{net::TcpListener, sync::Arc};

use actix_web::{App, HttpServer, dev::Server, middleware, web};
use tokio::sync::watch;
use tracing_actix_web::TracingLogger;

use crate::{
    auth::{
        TokenKeys,
        passwords::Hashing,
        rate_limit::ApiRateLimiter,
        throttle::{Counters, LoginThrottle, SignUpThrottle},
        tokens::ACCESS_TOKEN_TTL,
    },
    config::{DatabaseTarget, Settings},
    events::{self, BusError, Event, EventBus, EventPayload},
    graphql,
    http::{
        self, Metrics, ServerContext,
        graphql_ws::{AddressSlots, WsSettings},
        spa::Spa,
    },
    jobs,
    services::sales::summary::SummaryCache,
    state::{AppState, Instance},
    store::{self, StoreError, scope},
};

/// Why the server could not start. Each is one line for the operator.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// Database unreachable, unopenable or behind.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Redis unreachable.
    #[error(transparent)]
    Bus(#[from] BusError),
    /// The listen address is taken or not ours.
    #[error("cannot listen on {addr}: {reason}")]
    Bind { addr: String, reason: String },
    /// Metrics registry setup failed.
    #[error("metrics setup failed: {0}")]
    Metrics(#[from] prometheus::Error),
}

/// Throttle counters where the bus is: Redis shared by every replica, else this process.
fn counters(bus: &EventBus, settings: &Settings) -> Counters {
    match bus.redis_connection() {
        Some(conn) => Counters::redis(conn, &settings.redis_prefix),
        None => Counters::in_process(),
    }
}

/// A built server, listening but not yet serving.
pub struct Application {
    addr: std::net::SocketAddr,
    port: u16,
    server: Server,
    state: AppState,
    shutdown: watch::Sender<bool>,
}

impl Application {
    /// Connects storage and the bus, applies embedded migrations, binds the listener.
    pub async fn build(settings: Settings) -> Result<Self, StartupError> {
        let db = store::connect(&settings).await?;
        match settings.database {
            // Embedded mode must work with no setup at all.
            DatabaseTarget::Sqlite(_) => store::migrate_up(&db).await?,
            DatabaseTarget::Postgres(_) => {
                store::ensure_schema_current(&db).await?;
                // Not fatal (a quick local trial uses `postgres`), but never right in production.
                if scope::bypasses_row_security(&db).await.unwrap_or(false) {
                    tracing::warn!(
                        "connected to PostgreSQL as a superuser or BYPASSRLS role: row-level \
                         security is bypassed; serve as a plain role (see infra/postgres/init.sql)"
                    );
                }
            }
        }
        let bus = match &settings.redis_url {
            Some(url) => {
                EventBus::redis(url, &settings.redis_prefix, settings.connect_timeout).await?
            }
            None => EventBus::in_process(),
        };
        let metrics = Metrics::new()?;
        // Subscribed here, before anything can publish, so the follower misses nothing.
        let (sales_summary, summary_follower) = SummaryCache::new(&bus, &settings.redis_prefix);
        let state = AppState {
            db,
            storage: settings.database.kind(),
            instance: Arc::new(Instance::new()),
            metrics: metrics.clone(),
            tokens: Arc::new(
                TokenKeys::new(
                    &settings.jwt_secret,
                    settings.jwt_previous_secret.as_slice(),
                )
                .with_ttl(
                    chrono::Duration::from_std(settings.access_token_ttl)
                        .unwrap_or(ACCESS_TOKEN_TTL),
                ),
            ),
            login_throttle: Arc::new(LoginThrottle::new(counters(&bus, &settings))),
            sign_up_throttle: Arc::new(SignUpThrottle::new(
                counters(&bus, &settings),
                settings.sign_up_limit_per_hour,
            )),
            hashing: Arc::new(Hashing::for_this_machine()),
            bus,
            sales_summary,
            mailer: settings.mailer.clone(),
            public_url: settings.public_url.clone(),
            metrics_token: settings.metrics_token.clone(),
            statement_counts: settings.statement_counts,
            printer: Arc::new(crate::print::Printer::new(settings.pdf_font.clone())),
            integrations: Arc::new(crate::integrations::connection::Integrations::new(
                settings.providers.clone(),
            )),
        };
        let schema = graphql::builder(settings.graphql_max_depth, settings.graphql_max_complexity)
            .data(state.clone())
            .data(graphql::Loaders::new(state.db.clone()))
            .finish();
        let (shutdown, shutdown_rx) = watch::channel(false);
        tokio::spawn(summary_follower.run(shutdown_rx.clone()));
        if settings.outbox_relay {
            tokio::spawn(events::relay::run(
                state.db.clone(),
                state.bus.clone(),
                shutdown_rx.clone(),
            ));
        }
        if let Some(every) = settings.channel_reconcile_every {
            tokio::spawn(jobs::reconcile_channels::run(
                state.db.clone(),
                state.integrations.clone(),
                every,
                shutdown_rx.clone(),
            ));
        }
        if let Some(every) = settings.inbound_retry_every {
            tokio::spawn(jobs::retry_inbound::run(
                state.db.clone(),
                state.integrations.clone(),
                every,
                shutdown_rx.clone(),
            ));
        }
        if let Some(every) = settings.retention_every {
            tokio::spawn(jobs::retention::run(
                state.db.clone(),
                every,
                settings.inbound_retention,
                shutdown_rx.clone(),
            ));
        }
        if settings.stock_sync {
            tokio::spawn(jobs::stock_sync::run(
                state.db.clone(),
                state.integrations.clone(),
                settings.stock_sync_retry,
                shutdown_rx.clone(),
            ));
        }
        let context = ServerContext {
            schema,
            max_body_bytes: settings.max_body_bytes,
            tokens: state.tokens.clone(),
            db: state.db.clone(),
            api_rate_limiter: Arc::new(match state.bus.redis_connection() {
                Some(conn) => ApiRateLimiter::Redis {
                    per_minute: settings.api_key_rate_limit_per_minute,
                    conn,
                    prefix: settings.redis_prefix.clone(),
                },
                None => ApiRateLimiter::in_process(settings.api_key_rate_limit_per_minute),
            }),
            trusted_proxies: settings.trusted_proxies,
            ws: WsSettings {
                init_timeout: settings.ws_init_timeout,
                shutdown: shutdown_rx,
                bus: state.bus.clone(),
                per_address: Arc::new(AddressSlots::new(settings.ws_max_per_address)),
            },
            metrics,
        };
        let spa = Spa::load(&settings.web_dir);
        let listener = TcpListener::bind(settings.bind).map_err(|e| StartupError::Bind {
            addr: settings.bind.to_string(),
            reason: e.to_string(),
        })?;
        let addr = listener.local_addr().map_err(|e| StartupError::Bind {
            addr: settings.bind.to_string(),
            reason: e.to_string(),
        })?;
        let port = addr.port();
        let app_state = web::Data::new(state.clone());
        let context = web::Data::new(context);
        let spa_data = web::Data::new(spa.clone());
        let csp = spa.csp().to_owned();
        let server = HttpServer::new(move || {
            App::new()
                .app_data(app_state.clone())
                .app_data(context.clone())
                .app_data(spa_data.clone())
                .configure(|cfg| http::routes(cfg, &spa))
                .wrap(middleware::from_fn(http::request_id_header))
                .wrap(middleware::from_fn(http::metrics::record))
                .wrap(middleware::Compress::default())
                .wrap(
                    middleware::DefaultHeaders::new()
                        .add(("X-Content-Type-Options", "nosniff"))
                        .add(("X-Frame-Options", "DENY"))
                        .add(("Referrer-Policy", "strict-origin-when-cross-origin"))
                        .add(("Cross-Origin-Opener-Policy", "same-origin"))
                        .add(("Content-Security-Policy", csp.clone())),
                )
                .wrap(TracingLogger::default())
        })
        // Signals are handled in `run_until_stopped`, which also closes WebSockets.
        .disable_signals()
        .shutdown_timeout(settings.shutdown_timeout.as_secs())
        .keep_alive(settings.keep_alive)
        .listen(listener)
        .map_err(|e| StartupError::Bind {
            addr: settings.bind.to_string(),
            reason: e.to_string(),
        })?
        .run();
        Ok(Self {
            addr,
            port,
            server,
            state,
            shutdown,
        })
    }

    /// The port actually bound (useful with port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGINT or SIGTERM, then drains: WebSockets close with 1001, in-flight
    /// requests finish (up to the shutdown timeout), and other replicas hear we are leaving.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let Self {
            addr,
            server,
            state,
            shutdown,
            ..
        } = self;
        // Handlers first: a SIGTERM right after start must drain, not kill.
        let signal = shutdown_signal()?;
        let handle = server.handle();
        let instance = state.instance.clone();
        announce(
            &state.bus,
            EventPayload::InstanceStarted {
                instance_id: instance.id,
                version: instance.version.to_owned(),
            },
        )
        .await;
        tracing::info!(instance = %instance.id, storage = ?state.storage, bus = ?state.bus.kind(), "Kura is serving");
        tracing::info!("listening on http://{addr}");
        let bus = state.bus.clone();
        tokio::spawn(async move {
            signal.await;
            tracing::info!("shutting down: draining requests and closing WebSockets");
            let _ = shutdown.send(true);
            announce(
                &bus,
                EventPayload::InstanceStopping {
                    instance_id: instance.id,
                },
            )
            .await;
            handle.stop(true).await;
        });
        server.await
    }
}

async fn announce(bus: &EventBus, payload: EventPayload) {
    if let Err(e) = bus.publish(Event::now(payload)).await {
        tracing::warn!(error = %e, "could not announce instance event");
    }
}

/// Registers for SIGINT and SIGTERM now, and returns a future that resolves on either.
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    #[cfg(unix)]
    let mut interrupt = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())?;
    Ok(async move {
        #[cfg(unix)]
        tokio::select! {
            _ = terminate.recv() => {},
            _ = interrupt.recv() => {},
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
    })
}
