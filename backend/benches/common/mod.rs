//! What the PostgreSQL benches share: servers, replicas, GraphQL calls and percentiles.

#![allow(dead_code)] // each bench uses its own subset

use std::time::Duration;

use figment::Figment;
use kura_backend::{config::Settings, startup::Application};
use serde_json::{Value, json};

pub const PASSWORD: &str = "bench-owner-password";
pub const APP_ROLE: &str = "kura_app";

pub fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

pub fn psql(server: &str, sql: &str) {
    let status = std::process::Command::new("psql")
        .args([&format!("{server}/postgres"), "-qc", sql])
        .status()
        .expect("psql");
    assert!(status.success(), "psql {sql}");
}

pub fn pgbench_tps(server: &str, seconds: u64) -> Option<f64> {
    let name = format!("kura_bench_pgb_{}", uuid::Uuid::new_v4().simple());
    psql(server, &format!("CREATE DATABASE {name}"));
    let url = format!("{server}/{name}");
    let init = std::process::Command::new("pgbench")
        .args(["-i", "-q", "-s", "10", &url])
        .output()
        .ok()?;
    let run = init.status.success().then(|| {
        std::process::Command::new("pgbench")
            .args([
                "-c",
                "16",
                "-j",
                "2",
                "-T",
                &seconds.to_string(),
                "-b",
                "tpcb-like",
                &url,
            ])
            .output()
            .ok()
    });
    psql(server, &format!("DROP DATABASE {name}"));
    let output = String::from_utf8_lossy(&run??.stdout).into_owned();
    output
        .lines()
        .find(|l| l.starts_with("tps = "))
        .and_then(|l| {
            l.trim_start_matches("tps = ")
                .split_whitespace()
                .next()?
                .parse()
                .ok()
        })
}

pub struct Replica {
    /// The GraphQL URL.
    pub address: String,
    /// The port.
    pub port: u16,
}

pub async fn start_replica(
    database_url: &str,
    redis: &str,
    prefix: &str,
    web: &std::path::Path,
) -> Replica {
    let settings = Settings::from_figment(
        Figment::new()
            .merge(("bind", "127.0.0.1:0"))
            .merge(("web_dir", web))
            .merge(("database_url", database_url))
            .merge(("redis_url", redis))
            .merge(("redis_prefix", prefix))
            .merge(("db_max_connections", 16))
            .merge(("api_key_rate_limit_per_minute", 1_000_000))
            // Every bench subscriber connects from 127.0.0.1.
            .merge(("ws_max_per_address", 100_000))
            .merge(("graphql_max_complexity", 100_000))
            .merge(("jwt_secret", "bench-secret-bench-secret-bench-secret-0123")),
    )
    .expect("settings");
    let app = Application::build(settings).await.expect("build app");
    let port = app.port();
    tokio::spawn(app.run_until_stopped());
    Replica {
        address: format!("http://127.0.0.1:{port}/graphql"),
        port,
    }
}

/// Two replicas on one database and Redis, serving a placeholder dashboard from `web`
/// (keep it alive as long as they run), and an HTTP client for both.
pub async fn two_replicas(
    database_url: &str,
    redis: &str,
    web: &tempfile::TempDir,
) -> ([Replica; 2], reqwest::Client) {
    std::fs::write(web.path().join("index.html"), "<!doctype html>").expect("index");
    let prefix = format!("kura-bench-{}", uuid::Uuid::new_v4().simple());
    let replicas = [
        start_replica(database_url, redis, &prefix, web.path()).await,
        start_replica(database_url, redis, &prefix, web.path()).await,
    ];
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        // Below the server's keep-alive: never reuse a socket it is closing.
        .pool_idle_timeout(Duration::from_secs(2))
        .build()
        .expect("client");
    (replicas, client)
}

pub async fn call(
    client: &reqwest::Client,
    replica: &Replica,
    token: &str,
    query: &str,
    variables: Value,
) -> Value {
    client
        .post(&replica.address)
        .bearer_auth(token)
        .json(&json!({ "query": query, "variables": variables }))
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json")
}

pub async fn log_in(client: &reqwest::Client, replica: &Replica, email: &str) -> String {
    let body: Value = client
        .post(&replica.address)
        .json(&json!({ "query": "mutation($e: String!, $p: String!) { logIn(input: { email: $e, password: $p }) { accessToken } }",
                       "variables": { "e": email, "p": PASSWORD } }))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("json");
    body["data"]["logIn"]["accessToken"]
        .as_str()
        .unwrap_or_else(|| panic!("login failed: {body}"))
        .to_owned()
}

/// A new database `kura_bench_…` on `server`, migrated, with the plain app role granted.
/// Returns its name, an owner connection, and the URL the app role connects with.
pub async fn fresh_database(server: &str) -> (String, sea_orm::DatabaseConnection, String) {
    use kura_migrations::{Migrator, MigratorTrait};
    let name = format!("kura_bench_{}", uuid::Uuid::new_v4().simple());
    psql(server, &format!("CREATE DATABASE {name}"));
    let owner_url = format!("{server}/{name}");
    let owner = sea_orm::Database::connect(&owner_url)
        .await
        .expect("connect");
    Migrator::up(&owner, None).await.expect("migrate");
    kura_migrations::grant_app_role(&owner, APP_ROLE)
        .await
        .expect("grant");
    let mut app_url = url::Url::parse(&owner_url).expect("url");
    app_url.set_username(APP_ROLE).expect("user");
    (name, owner, app_url.to_string())
}

/// A `graphql-transport-ws` socket on `port`, signed in and subscribed to `query`, past
/// the subscription's start (a ping/pong round trip proves the server registered it).
pub async fn subscribe(
    port: u16,
    token: &str,
    query: &str,
) -> tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>> {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::{Message, client::IntoClientRequest, http::HeaderValue};
    let mut request = format!("ws://127.0.0.1:{port}/graphql")
        .into_client_request()
        .expect("ws");
    request.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        HeaderValue::from_static("graphql-transport-ws"),
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(request)
        .await
        .expect("ws connect");
    let init = json!({ "type": "connection_init", "payload": { "authorization": format!("Bearer {token}") } });
    socket
        .send(Message::Text(init.to_string().into()))
        .await
        .expect("init");
    socket.next().await;
    let subscribe = json!({ "id": "1", "type": "subscribe", "payload": { "query": query } });
    socket
        .send(Message::Text(subscribe.to_string().into()))
        .await
        .expect("subscribe");
    socket
        .send(Message::Text(json!({ "type": "ping" }).to_string().into()))
        .await
        .expect("ping");
    while let Some(Ok(message)) = socket.next().await {
        if let Message::Text(text) = message
            && text.contains("pong")
        {
            break;
        }
    }
    socket
}

/// Opens `count` subscriptions to `query` on `port` and records, for every event from now
/// on, the time from the timestamp at JSON pointer `stamp` (taken just before the change
/// committed) to its arrival. Returns once every subscription is live.
pub async fn latency_subscribers(
    port: u16,
    token: &str,
    query: &'static str,
    stamp: &'static str,
    count: usize,
) -> std::sync::Arc<std::sync::Mutex<Vec<Duration>>> {
    use futures_util::StreamExt;
    use std::sync::{Arc, Mutex};
    let since = chrono::Utc::now();
    let samples = Arc::new(Mutex::new(Vec::new()));
    let ready = Arc::new(tokio::sync::Barrier::new(count + 1));
    for _ in 0..count {
        let (token, samples, ready) = (token.to_owned(), samples.clone(), ready.clone());
        tokio::spawn(async move {
            let mut socket = subscribe(port, &token, query).await;
            ready.wait().await;
            while let Some(Ok(message)) = socket.next().await {
                let tokio_tungstenite::tungstenite::Message::Text(text) = message else {
                    continue;
                };
                let received = chrono::Utc::now();
                let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                if let Some(at) = body.pointer(stamp).and_then(Value::as_str)
                    && let Ok(at) = at.parse::<chrono::DateTime<chrono::Utc>>()
                    && at >= since
                {
                    let latency = (received - at).to_std().unwrap_or_default();
                    samples.lock().expect("samples").push(latency);
                }
            }
        });
    }
    ready.wait().await;
    samples
}
