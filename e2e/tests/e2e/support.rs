//! Starting `kura` processes and talking to them.

use std::{
    path::{Path, PathBuf},
    process::Stdio,
    sync::{Arc, Mutex},
    time::Duration,
};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tempfile::TempDir;
use tokio::{
    io::{AsyncBufReadExt, BufReader},
    process::{Child, Command},
    sync::mpsc,
};
use tokio_tungstenite::{
    MaybeTlsStream, WebSocketStream,
    tungstenite::{Message, client::IntoClientRequest, http::HeaderValue},
};

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// The cargo target directory in use.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target"))
}

/// The `kura` binary under test.
pub fn kura_bin() -> PathBuf {
    let path = std::env::var_os("KURA_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("debug").join("kura"));
    assert!(
        path.exists(),
        "no kura binary at {}: run `cargo build -p kura-backend` first (infra/scripts/test does)",
        path.display()
    );
    path
}

/// PostgreSQL server URL (no database) and Redis URL for the multi-process tests.
pub fn services() -> (String, String) {
    (
        std::env::var("KURA_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into()),
        std::env::var("KURA_TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into()),
    )
}

/// A `kura serve` process with its own data directory.
pub struct Kura {
    pub child: Child,
    pub port: u16,
    pub client: reqwest::Client,
    logs: mpsc::UnboundedReceiver<String>,
    /// Every line the process printed, and every secret its answers handed out: when the
    /// process is dropped, no secret may be in any line (every e2e test checks the log).
    transcript: Arc<Mutex<Vec<String>>>,
    secrets: Mutex<Vec<String>>,
    /// The process's data directory (`KURA_DATA_DIR`).
    pub data: TempDir,
}

impl Kura {
    /// Starts `kura serve` on a free port with the given extra environment and waits until
    /// it logs that it is listening.
    pub async fn start(env: &[(&str, &str)]) -> Self {
        let data = tempfile::tempdir().expect("temp dir");
        let mut command = base_command(data.path());
        command.arg("serve").env("KURA_BIND", "127.0.0.1:0");
        for (key, value) in env {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("spawn kura");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, mut logs) = mpsc::unbounded_channel();
        let transcript = Arc::new(Mutex::new(Vec::new()));
        let written = transcript.clone();
        tokio::spawn(async move {
            let mut lines = BufReader::new(stderr).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                if std::env::var_os("TEST_LOG").is_some() {
                    eprintln!("[kura] {line}");
                }
                lock(&written).push(line.clone());
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let port = tokio::time::timeout(Duration::from_secs(60), async {
            while let Some(line) = logs.recv().await {
                if let Some(rest) = line.split("listening on http://").nth(1) {
                    let port = rest.trim().rsplit(':').next().unwrap_or_default();
                    return port.parse::<u16>().expect("port in log line");
                }
            }
            panic!("kura exited before listening");
        })
        .await
        .expect("kura did not start within 60 s");
        Self {
            child,
            port,
            // Idle connections are dropped well before the server's 5 s keep-alive closes
            // them, so a request never lands on a socket the server is shutting (which
            // reqwest reports as an incomplete message).
            client: reqwest::Client::builder()
                .pool_idle_timeout(Duration::from_secs(2))
                .build()
                .expect("http client"),
            logs,
            transcript,
            secrets: Mutex::default(),
            data,
        }
    }

    /// Notes the secrets in a GraphQL answer (tokens, API keys, invitation links).
    fn remember_secrets(&self, body: &Value) {
        let mut secrets = lock(&self.secrets);
        collect_secrets(body, &mut secrets);
        // Short values (an empty link, say) would match innocent lines; real secrets are long.
        secrets.retain(|s| s.len() >= 16);
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// POSTs a GraphQL query and returns the JSON body.
    pub async fn graphql(&self, query: &str) -> Value {
        let body = self
            .client
            .post(self.url("/graphql"))
            .json(&json!({ "query": query }))
            .send()
            .await
            .expect("graphql request")
            .json()
            .await
            .expect("graphql json");
        self.remember_secrets(&body);
        body
    }

    /// Runs a GraphQL operation with variables as `token` and returns the JSON body.
    pub async fn call(&self, query: &str, variables: Value, token: Option<&str>) -> Value {
        let mut request = self
            .client
            .post(self.url("/graphql"))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let body = request
            .send()
            .await
            .expect("graphql request")
            .json()
            .await
            .expect("graphql json");
        self.remember_secrets(&body);
        body
    }

    /// Stops the process at once (SIGKILL): no draining, no last words.
    pub async fn kill(mut self) {
        self.child.kill().await.expect("kill kura");
    }

    /// This process's instance id, from `serverInfo`.
    pub async fn instance_id(&self) -> String {
        self.graphql("{ serverInfo { instanceId } }").await["data"]["serverInfo"]["instanceId"]
            .as_str()
            .expect("instanceId")
            .to_owned()
    }

    /// Sends SIGTERM, as an orchestrator would.
    pub fn terminate(&self) {
        let pid = self.child.id().expect("running");
        let status = std::process::Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
    }

    /// Log lines printed so far.
    pub fn drain_logs(&mut self) -> Vec<String> {
        let mut lines = Vec::new();
        while let Ok(line) = self.logs.try_recv() {
            lines.push(line);
        }
        lines
    }

    /// Opens an initialised graphql-transport-ws connection.
    pub async fn websocket(&self) -> Ws {
        self.websocket_with(json!({})).await
    }

    /// Opens a graphql-transport-ws connection initialised as `token`.
    pub async fn websocket_as(&self, token: &str) -> Ws {
        self.websocket_with(json!({ "authorization": format!("Bearer {token}") }))
            .await
    }

    async fn websocket_with(&self, payload: Value) -> Ws {
        let mut request = format!("ws://127.0.0.1:{}/graphql", self.port)
            .into_client_request()
            .expect("ws request");
        request.headers_mut().insert(
            "Sec-WebSocket-Protocol",
            HeaderValue::from_static("graphql-transport-ws"),
        );
        let (socket, _) = tokio_tungstenite::connect_async(request)
            .await
            .expect("ws connect");
        let (sink, mut stream) = socket.split();
        let (queue, frames) = tokio::sync::mpsc::unbounded_channel();
        tokio::spawn(async move {
            while let Some(message) = stream.next().await {
                if queue.send(message).is_err() {
                    break;
                }
            }
        });
        let mut ws = Ws { sink, frames };
        ws.send(json!({ "type": "connection_init", "payload": payload }))
            .await;
        assert_eq!(ws.next().await.expect("ack")["type"], "connection_ack");
        ws
    }
}

impl Drop for Kura {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
        if std::thread::panicking() {
            return;
        }
        let secrets = lock(&self.secrets);
        for line in lock(&self.transcript).iter() {
            if let Some(secret) = secrets.iter().find(|s| line.contains(s.as_str())) {
                panic!("a secret the server handed out ({secret}) is in its log:\n{line}");
            }
        }
    }
}

/// Tokens, keys and invitation tokens anywhere in a GraphQL answer.
fn collect_secrets(value: &Value, into: &mut Vec<String>) {
    match value {
        Value::Object(fields) => {
            for (name, value) in fields {
                match (name.as_str(), value.as_str()) {
                    ("accessToken" | "refreshToken" | "secret", Some(secret)) => {
                        into.push(secret.to_owned());
                    }
                    ("acceptUrl", Some(url)) => {
                        into.extend(url.rsplit('/').next().map(str::to_owned));
                    }
                    _ => collect_secrets(value, into),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_secrets(v, into)),
        _ => {}
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A test that panicked while holding it has failed already; the data is still readable.
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// A command running the kura binary with a clean, explicit environment.
pub fn base_command(data_dir: &Path) -> Command {
    let mut command = Command::new(kura_bin());
    command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("KURA_DATA_DIR", data_dir)
        .env("KURA_LOG_FORMAT", "pretty")
        .env("RUST_LOG", "info")
        .env("KURA_WEB_DIR", workspace().join("frontend").join("dist"))
        // Every test signs up from 127.0.0.1, and replicas share Redis counters across runs.
        .env("KURA_SIGN_UP_LIMIT_PER_HOUR", "10000")
        .current_dir(data_dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    command
}

type Socket = WebSocketStream<MaybeTlsStream<tokio::net::TcpStream>>;

/// A client's end of a graphql-transport-ws connection.
///
/// A task reads the socket all the time, as a browser does, so the server's pings are
/// answered while a test is busy elsewhere (on a loaded machine a test can leave a socket
/// unread for longer than the server waits for a pong); frames queue until the test asks.
pub struct Ws {
    sink: futures_util::stream::SplitSink<Socket, Message>,
    frames: tokio::sync::mpsc::UnboundedReceiver<
        Result<Message, tokio_tungstenite::tungstenite::Error>,
    >,
}

/// What the server sent.
#[derive(Debug)]
pub enum Frame {
    Json(Value),
    Close(u16),
}

impl Ws {
    pub async fn send(&mut self, message: Value) {
        self.sink
            .send(Message::Text(message.to_string().into()))
            .await
            .expect("ws send");
    }

    pub async fn subscribe(&mut self, id: &str, query: &str) {
        self.send(json!({ "id": id, "type": "subscribe", "payload": { "query": query } }))
            .await;
    }

    /// Subscribes and waits until the server has registered the subscription (a ping sent
    /// after it is answered only once the subscribe message has been processed).
    pub async fn subscribe_and_wait(&mut self, id: &str, query: &str) {
        self.subscribe(id, query).await;
        self.send(json!({ "type": "ping" })).await;
        while self.next().await.expect("pong")["type"] != "pong" {}
    }

    /// The next frame within 15 s.
    pub async fn frame(&mut self) -> Frame {
        loop {
            let message = tokio::time::timeout(Duration::from_secs(15), self.frames.recv())
                .await
                .expect("nothing from the server within 15 s");
            match message {
                Some(Ok(Message::Text(text))) => {
                    return Frame::Json(serde_json::from_str(&text).expect("json"));
                }
                Some(Ok(Message::Close(frame))) => {
                    return Frame::Close(frame.map(|f| f.code.into()).unwrap_or(1005));
                }
                Some(Ok(_)) => continue,
                Some(Err(e)) => panic!("ws error: {e}"),
                None => panic!("ws ended without a close frame"),
            }
        }
    }

    /// The next JSON message, or `None` if the server closed.
    pub async fn next(&mut self) -> Option<Value> {
        match self.frame().await {
            Frame::Json(v) => Some(v),
            Frame::Close(_) => None,
        }
    }
}

/// A fresh PostgreSQL database for one test, migrated with `kura migrate up`.
pub struct TestDatabase {
    pub url: String,
}

impl TestDatabase {
    pub async fn create() -> Self {
        let (server, _) = services();
        let prefix = std::env::var("KURA_TEST_DB_PREFIX").unwrap_or_else(|_| "kura_test".into());
        let name = format!("{prefix}_{}", uuid::Uuid::new_v4().simple());
        let status = std::process::Command::new("psql")
            .args([
                &format!("{server}/postgres"),
                "-qc",
                &format!("CREATE DATABASE \"{name}\""),
            ])
            .status()
            .expect("psql (PostgreSQL client) is needed for this test");
        assert!(status.success(), "could not create database {name}");
        Self {
            url: format!("{server}/{name}"),
        }
    }
}
