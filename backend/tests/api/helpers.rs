//! Spawning the app for a test: a fresh data directory, and on PostgreSQL a fresh database.

use std::{path::Path, time::Duration};

use figment::Figment;
use futures_util::{SinkExt, StreamExt};
use kura_backend::{config::Settings, startup::Application};
use kura_migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde_json::{Value, json};
use tempfile::TempDir;
use tokio_tungstenite::{
    MaybeTlsStream, WebSocketStream,
    tungstenite::{Message, client::IntoClientRequest, http::HeaderValue},
};

/// The store the suite runs against, from `KURA_TEST_STORE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TestStore {
    Sqlite,
    Postgres { server: String, redis: String },
}

impl TestStore {
    pub fn from_env() -> Self {
        match std::env::var("KURA_TEST_STORE").as_deref() {
            Ok("postgres") => Self::Postgres {
                server: std::env::var("KURA_TEST_POSTGRES_URL")
                    .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into()),
                redis: std::env::var("KURA_TEST_REDIS_URL")
                    .unwrap_or_else(|_| "redis://127.0.0.1:6379".into()),
            },
            _ => Self::Sqlite,
        }
    }
}

/// A database made for one test. On PostgreSQL it is a new database named with the run's
/// prefix (`KURA_TEST_DB_PREFIX`), which the test command drops after the run.
pub struct TestDatabase {
    pub url: Option<String>,
    pub redis_url: Option<String>,
    pub data_dir: TempDir,
}

impl TestDatabase {
    pub async fn create() -> Self {
        let data_dir = tempfile::tempdir().expect("temp dir");
        match TestStore::from_env() {
            TestStore::Sqlite => Self {
                url: None,
                redis_url: None,
                data_dir,
            },
            TestStore::Postgres { server, redis } => {
                let prefix =
                    std::env::var("KURA_TEST_DB_PREFIX").unwrap_or_else(|_| "kura_test".into());
                let name = format!("{prefix}_{}", uuid::Uuid::new_v4().simple());
                let admin = Database::connect(format!("{server}/postgres"))
                    .await
                    .expect("PostgreSQL is not reachable: start it or unset KURA_TEST_STORE");
                admin
                    .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                    .await
                    .expect("create test database");
                admin.close().await.ok();
                Self {
                    url: Some(format!("{server}/{name}")),
                    redis_url: Some(redis),
                    data_dir,
                }
            }
        }
    }

    /// A direct connection, e.g. for migrations.
    pub async fn connect(&self) -> DatabaseConnection {
        let url = self.url.clone().unwrap_or_else(|| {
            format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.path().join("kura.sqlite3").display()
            )
        });
        Database::connect(url)
            .await
            .expect("connect to test database")
    }

    fn settings(&self, web_dir: &Path, extra: Figment) -> Settings {
        let mut figment = Figment::new()
            .merge(("bind", "127.0.0.1:0"))
            .merge(("data_dir", self.data_dir.path()))
            .merge(("web_dir", web_dir))
            .merge(("jwt_secret", "test-secret-test-secret-test-secret-0123"))
            // Every test signs its people up from 127.0.0.1; only the test of the limit
            // itself sets a small one.
            .merge(("sign_up_limit_per_hour", 10_000));
        if let Some(url) = &self.url {
            figment = figment.merge(("database_url", app_role_url(url)));
        }
        if let Some(url) = &self.redis_url {
            // Each test app gets its own key space, so counters never leak between tests.
            figment = figment.merge(("redis_url", url)).merge((
                "redis_prefix",
                format!("kura-test-{}", uuid::Uuid::new_v4().simple()),
            ));
        }
        Settings::from_figment(figment.merge(extra)).expect("test settings")
    }
}

/// The role the server connects as in PostgreSQL tests: not superuser, not BYPASSRLS, not
/// the tables' owner, so row-level security applies to it exactly as in production.
pub const APP_ROLE: &str = "kura_app";

/// The same database, reached as [`APP_ROLE`] (trust authentication in tests).
pub fn app_role_url(owner_url: &str) -> String {
    let mut url = url::Url::parse(owner_url).expect("database url");
    url.set_username(APP_ROLE).expect("set user");
    url.set_password(None).expect("clear password");
    url.to_string()
}

/// Creates the app role once per cluster and lets it read and write this database's tables.
pub async fn grant_app_role(owner: &DatabaseConnection) {
    kura_migrations::grant_app_role(owner, APP_ROLE)
        .await
        .expect("grant the app role");
}

/// A running app and what a test needs to talk to it.
pub struct TestApp {
    pub address: String,
    /// The app's database, for arranging state the API cannot create yet.
    pub db: DatabaseConnection,
    /// The owner's URL of that database on PostgreSQL (`None` on SQLite).
    pub database_url: Option<String>,
    pub port: u16,
    pub client: reqwest::Client,
    /// Held so the data directory and web root outlive the test.
    _db: TestDatabase,
    _web_dir: TempDir,
}

/// Starts the app with default test settings.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(Figment::new()).await
}

/// Starts the app with some settings overridden.
pub async fn spawn_app_with(extra: Figment) -> TestApp {
    let db = TestDatabase::create().await;
    if db.url.is_some() {
        // PostgreSQL replicas never migrate at start; the operator runs `kura migrate up`
        // as the owner, and the app connects as a role row-level security applies to.
        let owner = db.connect().await;
        Migrator::up(&owner, None)
            .await
            .expect("migrate test database");
        grant_app_role(&owner).await;
    }
    let web_dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(web_dir.path().join("index.html"), INDEX_HTML).expect("write index.html");
    std::fs::write(web_dir.path().join("app_bg.wasm"), b"\0asm\x01\0\0\0").expect("write wasm");
    let settings = db.settings(web_dir.path(), extra);
    let app = Application::build(settings).await.expect("build app");
    // Tests arrange state as the owner, like an operator would, outside the app's scope.
    let connection = db.connect().await;
    let port = app.port();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        db: connection,
        database_url: db.url.clone(),
        port,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            // Below the server's 5 s keep-alive: never reuse a socket it is closing.
            .pool_idle_timeout(std::time::Duration::from_secs(2))
            .build()
            .expect("client"),
        _db: db,
        _web_dir: web_dir,
    }
}

/// A stand-in for trunk's output: one inline module script, like the real build.
pub const INDEX_HTML: &str = r#"<!doctype html><html><head><script type="module">import init from '/app.js'; await init();</script></head><body></body></html>"#;

impl TestApp {
    /// POSTs a GraphQL document and returns status and JSON body.
    pub async fn graphql(&self, query: &str) -> (u16, Value) {
        let response = self
            .client
            .post(format!("{}/graphql", self.address))
            .json(&json!({ "query": query }))
            .send()
            .await
            .expect("request");
        let status = response.status().as_u16();
        (status, response.json().await.expect("json body"))
    }

    /// Opens a WebSocket speaking graphql-transport-ws (not yet initialised).
    pub async fn websocket(&self) -> Ws {
        let mut request = format!("ws://127.0.0.1:{}/graphql", self.port)
            .into_client_request()
            .expect("ws request");
        request.headers_mut().insert(
            "Sec-WebSocket-Protocol",
            HeaderValue::from_static("graphql-transport-ws"),
        );
        let (socket, response) = tokio_tungstenite::connect_async(request)
            .await
            .expect("ws connect");
        assert_eq!(
            response
                .headers()
                .get("sec-websocket-protocol")
                .and_then(|v| v.to_str().ok()),
            Some("graphql-transport-ws")
        );
        Ws { socket }
    }
}

/// A test's end of a graphql-transport-ws connection.
pub struct Ws {
    pub socket: WebSocketStream<MaybeTlsStream<tokio::net::TcpStream>>,
}

/// What arrived next on a socket.
#[derive(Debug)]
pub enum Received {
    Json(Value),
    Closed { code: u16, reason: String },
}

impl Ws {
    pub async fn send(&mut self, message: Value) {
        self.socket
            .send(Message::Text(message.to_string().into()))
            .await
            .expect("ws send");
    }

    pub async fn send_raw(&mut self, text: &str) {
        self.socket
            .send(Message::Text(text.to_owned().into()))
            .await
            .expect("ws send");
    }

    /// The next JSON message or close frame, skipping transport pings; panics after 10 s.
    pub async fn receive(&mut self) -> Received {
        let deadline = Duration::from_secs(10);
        loop {
            let message = tokio::time::timeout(deadline, self.socket.next())
                .await
                .expect("nothing received within 10 s");
            match message {
                Some(Ok(Message::Text(text))) => {
                    return Received::Json(serde_json::from_str(&text).expect("json message"));
                }
                Some(Ok(Message::Close(frame))) => {
                    return match frame {
                        Some(f) => Received::Closed {
                            code: f.code.into(),
                            reason: f.reason.to_string(),
                        },
                        None => Received::Closed {
                            code: 1005,
                            reason: String::new(),
                        },
                    };
                }
                Some(Ok(_)) => continue,
                Some(Err(e)) => panic!("ws error: {e}"),
                None => panic!("ws ended without a close frame"),
            }
        }
    }

    pub async fn expect_json(&mut self) -> Value {
        match self.receive().await {
            Received::Json(v) => v,
            other => panic!("expected a message, got {other:?}"),
        }
    }

    pub async fn expect_close(&mut self) -> (u16, String) {
        match self.receive().await {
            Received::Closed { code, reason } => (code, reason),
            other => panic!("expected a close frame, got {other:?}"),
        }
    }

    /// Sends `connection_init` and waits for the ack.
    pub async fn init(&mut self) {
        self.send(json!({ "type": "connection_init" })).await;
        let ack = self.expect_json().await;
        assert_eq!(ack["type"], "connection_ack");
    }
}

/// The password test accounts use (long enough, not common).
pub const PASSWORD: &str = "umbrella-tofu-42";

impl TestApp {
    /// Runs a GraphQL operation with variables, as `token` (an access token or API key).
    pub async fn call(&self, query: &str, variables: Value, token: Option<&str>) -> Value {
        let mut request = self
            .client
            .post(format!("{}/graphql", self.address))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("json body")
    }

    /// Signs up `email` as the owner of a new company named "<email> Co"; returns the
    /// `signUp` payload (`accessToken`, `refreshToken`, `user { id }`, `tenant { id name }`).
    pub async fn sign_up(&self, email: &str) -> Value {
        let body = self
            .call(
                "mutation($input: SignUpInput!) { signUp(input: $input) {
                    accessToken refreshToken role user { id email } tenant { id name } } }",
                json!({ "input": { "email": email, "password": PASSWORD, "name": email.split('@').next(),
                                   "companyName": format!("{email} Co") } }),
                None,
            )
            .await;
        assert!(body["errors"].is_null(), "sign-up failed: {body}");
        body["data"]["signUp"].clone()
    }
}

/// The `extensions.code` of the first error, or "".
pub fn error_code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_default()
}

/// A local SMTP server that accepts every message and keeps it, for mail tests.
pub struct SmtpSink {
    pub port: u16,
    pub messages: std::sync::Arc<tokio::sync::Mutex<Vec<String>>>,
}

impl SmtpSink {
    pub async fn start() -> Self {
        use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let messages = std::sync::Arc::new(tokio::sync::Mutex::new(Vec::new()));
        let store = messages.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let store = store.clone();
                tokio::spawn(async move {
                    let (read, mut write) = socket.into_split();
                    let mut lines = BufReader::new(read).lines();
                    let _ = write.write_all(b"220 sink ESMTP\r\n").await;
                    let mut data: Option<String> = None;
                    while let Ok(Some(line)) = lines.next_line().await {
                        if let Some(body) = data.as_mut() {
                            if line == "." {
                                store.lock().await.push(std::mem::take(body));
                                data = None;
                                let _ = write.write_all(b"250 queued\r\n").await;
                            } else {
                                body.push_str(&line);
                                body.push('\n');
                            }
                            continue;
                        }
                        let verb = line
                            .split_whitespace()
                            .next()
                            .unwrap_or_default()
                            .to_ascii_uppercase();
                        let reply: &[u8] = match verb.as_str() {
                            "EHLO" | "HELO" => b"250 sink\r\n",
                            "DATA" => {
                                data = Some(String::new());
                                b"354 go ahead\r\n"
                            }
                            "QUIT" => {
                                let _ = write.write_all(b"221 bye\r\n").await;
                                break;
                            }
                            _ => b"250 ok\r\n",
                        };
                        let _ = write.write_all(reply).await;
                    }
                });
            }
        });
        Self { port, messages }
    }
}

impl TestApp {
    /// Has the owner behind `owner_token` invite `email` as `role`, and accepts with
    /// [`PASSWORD`] (creating the account if it does not exist); returns the new member's
    /// access token in that company.
    pub async fn join(&self, owner_token: &str, email: &str, role: &str) -> String {
        let invited = self
            .call(
                "mutation($input: InviteMemberInput!) { inviteMember(input: $input) { acceptUrl } }",
                json!({ "input": { "email": email, "role": role } }),
                Some(owner_token),
            )
            .await;
        let url = invited["data"]["inviteMember"]["acceptUrl"]
            .as_str()
            .unwrap_or_else(|| panic!("invite failed: {invited}"));
        let token = url.rsplit('/').next().unwrap_or_default();
        let accepted = self
            .call(
                "mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { accessToken } }",
                json!({ "input": { "token": token, "name": "Member", "password": PASSWORD } }),
                None,
            )
            .await;
        accepted["data"]["acceptInvitation"]["accessToken"]
            .as_str()
            .unwrap_or_else(|| panic!("accept failed: {accepted}"))
            .to_owned()
    }
}

impl Ws {
    /// Sends `connection_init` with a bearer credential and waits for the ack.
    pub async fn init_with(&mut self, token: &str) {
        self.send(json!({ "type": "connection_init", "payload": { "authorization": format!("Bearer {token}") } }))
            .await;
        let ack = self.expect_json().await;
        assert_eq!(ack["type"], "connection_ack", "{ack}");
    }
}

/// A valid JAN-13 whose 12-digit stem is `stem` (the check digit is computed).
pub fn jan(stem: &str) -> String {
    let digits: Vec<u8> = stem.bytes().map(|b| b - b'0').collect();
    format!("{stem}{}", kura_shared::gtin_check_digit(&digits))
}

/// One location and one single-variant product of a company, for stock tests.
#[derive(Debug, Clone)]
pub struct Stocked {
    pub location: Value,
    pub product: Value,
    pub variant: Value,
}

impl TestApp {
    /// Creates a location `code` (a store).
    pub async fn location(&self, token: &str, code: &str) -> Value {
        let body = self
            .call(
                "mutation($input: CreateLocationInput!) { createLocation(input: $input) { id code } }",
                json!({ "input": { "code": code, "name": format!("{code} store"), "kind": "STORE" } }),
                Some(token),
            )
            .await;
        assert!(body["errors"].is_null(), "createLocation failed: {body}");
        body["data"]["createLocation"]["id"].clone()
    }

    /// Creates a single-variant product with `sku` (and a barcode from `stem`).
    pub async fn product(&self, token: &str, name: &str, sku: &str, stem: &str) -> (Value, Value) {
        let body = self
            .call(
                "mutation($input: CreateProductInput!) { createProduct(input: $input) { id variants { id sku barcode } } }",
                json!({ "input": { "name": name, "taxClass": "STANDARD",
                    "variants": [{ "sku": sku, "barcode": jan(stem), "price": "1980", "cost": "800" }] } }),
                Some(token),
            )
            .await;
        assert!(body["errors"].is_null(), "createProduct failed: {body}");
        let product = &body["data"]["createProduct"];
        (product["id"].clone(), product["variants"][0]["id"].clone())
    }

    /// Adds (or removes) stock; returns the `adjustStock` body.
    pub async fn adjust(
        &self,
        token: &str,
        variant: &Value,
        location: &Value,
        delta: i64,
    ) -> Value {
        self.call(
            "mutation($input: AdjustStockInput!) { adjustStock(input: $input) { id onHand available version } }",
            json!({ "input": { "variantId": variant, "locationId": location, "delta": delta,
                               "reason": if delta > 0 { "FOUND" } else { "LOSS" } } }),
            Some(token),
        )
        .await
    }

    /// A location and a product with 10 units there.
    pub async fn stocked(&self, token: &str) -> Stocked {
        let location = self.location(token, "SHIBUYA").await;
        let (product, variant) = self
            .product(token, "Linen shirt", "SHIRT-M", "490000000001")
            .await;
        let body = self.adjust(token, &variant, &location, 10).await;
        assert!(body["errors"].is_null(), "adjustStock failed: {body}");
        Stocked {
            location,
            product,
            variant,
        }
    }
}

impl TestApp {
    /// Creates a MANUAL POS channel selling from `locations` (the first is its default).
    pub async fn channel(&self, token: &str, name: &str, locations: &[&Value]) -> Value {
        let body = self
            .call(
                "mutation($input: CreateChannelInput!) { createChannel(input: $input) { id } }",
                json!({ "input": { "name": name, "kind": "POS", "provider": "MANUAL", "locationIds": locations } }),
                Some(token),
            )
            .await;
        assert!(body["errors"].is_null(), "createChannel failed: {body}");
        body["data"]["createChannel"]["id"].clone()
    }

    /// Records a sale (`RecordSaleInput`); returns the whole `recordSaleWithDetails` body.
    pub async fn sell(&self, token: &str, input: Value) -> Value {
        self.call(
            "mutation($input: RecordSaleInput!) { r: recordSaleWithDetails(input: $input) {
                replayed oversold { onHand location { code } variant { sku } }
                sale { id number kind status externalId total { amount } subtotal { amount } tax { amount }
                       taxLines { taxClass subtotal { amount } tax { amount } }
                       lines { lineNumber sku quantity amount { amount } } payments { method amount { amount } }
                       pointsEarned pointsRedeemed customer { id name pointsBalance } } } }",
            json!({ "input": input }),
            Some(token),
        )
        .await
    }

    /// `onHand` of one stock row (0 when the row does not exist).
    pub async fn on_hand(&self, token: &str, variant: &Value, location: &Value) -> i64 {
        let body = self
            .call(
                "query($v: [ID!], $l: [ID!]) { stockLevels(variantIds: $v, locationIds: $l) { edges { node { onHand } } } }",
                json!({ "v": [variant], "l": [location] }),
                Some(token),
            )
            .await;
        body["data"]["stockLevels"]["edges"][0]["node"]["onHand"]
            .as_i64()
            .unwrap_or(0)
    }
}
