//! The binary on its own: serving, configuration errors, and graceful shutdown.

use std::time::Duration;

use crate::support::{Frame, Kura, base_command, services};

#[tokio::test]
async fn serves_health_graphql_and_a_subscription_over_a_real_websocket() {
    let kura = Kura::start(&[]).await;
    let health = kura.client.get(kura.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);

    let info = kura
        .graphql("{ serverInfo { version storage eventBus } }")
        .await;
    assert_eq!(info["data"]["serverInfo"]["storage"], "SQLITE");
    assert_eq!(info["data"]["serverInfo"]["eventBus"], "IN_PROCESS");

    let mut ws = kura.websocket().await;
    ws.subscribe("clock", "subscription { serverTime }").await;
    let first = ws.next().await.unwrap();
    let second = ws.next().await.unwrap();
    assert_eq!(first["type"], "next");
    assert_ne!(
        first["payload"]["data"]["serverTime"], second["payload"]["data"]["serverTime"],
        "the clock ticks"
    );
}

#[tokio::test]
async fn the_embedded_store_keeps_its_data_and_secret_in_the_data_directory() {
    let mut kura = Kura::start(&[]).await;
    kura.terminate();
    assert!(kura.child.wait().await.unwrap().success());
    let logs = kura.drain_logs().join("\n");
    assert!(!logs.contains("ERROR"), "{logs}");
    let data = kura.data.path();
    assert!(
        data.join("kura.sqlite3").exists(),
        "SQLite file created on first start"
    );
    let secret = std::fs::read_to_string(data.join("secrets/jwt_secret")).unwrap();
    assert!(secret.len() >= 32);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(data.join("secrets/jwt_secret"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "only the owner may read the secret");
    }
}

#[tokio::test]
async fn sigterm_closes_websockets_with_1001_and_exits_cleanly() {
    let mut kura = Kura::start(&[]).await;
    let mut ws = kura.websocket().await;
    ws.subscribe("clock", "subscription { serverTime }").await;
    assert!(ws.next().await.is_some());
    kura.terminate();
    let code = loop {
        match ws.frame().await {
            Frame::Json(_) => continue,
            Frame::Close(code) => break code,
        }
    };
    assert_eq!(code, 1001, "going away");
    let status = tokio::time::timeout(Duration::from_secs(25), kura.child.wait())
        .await
        .expect("kura did not stop within 25 s")
        .unwrap();
    assert!(status.success(), "{status:?}");
}

/// Runs `kura serve` with the given environment and returns (exit code, stderr).
async fn start_failing(env: &[(&str, &str)]) -> (i32, String) {
    let data = tempfile::tempdir().unwrap();
    let mut command = base_command(data.path());
    command.arg("serve");
    for (k, v) in env {
        command.env(k, v);
    }
    let output = tokio::time::timeout(Duration::from_secs(30), command.output())
        .await
        .expect("kura should fail fast")
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).trim().to_owned(),
    )
}

fn assert_one_line_error(stderr: &str, expected: &str) {
    let last = stderr.lines().last().unwrap_or_default();
    assert!(last.starts_with("kura: error: "), "{stderr}");
    assert!(last.contains(expected), "expected '{expected}' in: {last}");
}

#[tokio::test]
async fn a_malformed_database_url_fails_with_one_clear_line() {
    let (code, stderr) = start_failing(&[("DATABASE_URL", "mysql://localhost/kura")]).await;
    assert_eq!(code, 1);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_one_line_error(&stderr, "DATABASE_URL: unsupported scheme 'mysql'");
}

#[tokio::test]
async fn a_bad_value_names_its_variable() {
    let (code, stderr) = start_failing(&[("KURA_BIND", "everywhere")]).await;
    assert_eq!(code, 1);
    assert_one_line_error(&stderr, "KURA_BIND");
    let (code, stderr) = start_failing(&[("KURA_LOG_FORMAT", "xml")]).await;
    assert_eq!(code, 1);
    assert_one_line_error(&stderr, "LOG_FORMAT");
}

#[tokio::test]
async fn an_unreachable_postgres_fails_fast_without_leaking_the_password() {
    let (code, stderr) = start_failing(&[
        ("DATABASE_URL", "postgres://kura:s3cret@127.0.0.1:1/kura"),
        ("KURA_JWT_SECRET", "0123456789abcdef0123456789abcdef"),
        ("KURA_DB_CONNECT_TIMEOUT_SECS", "2"),
    ])
    .await;
    assert_eq!(code, 1);
    assert_one_line_error(
        &stderr,
        "cannot open the database postgres://kura:***@127.0.0.1:1/kura",
    );
    assert!(!stderr.contains("s3cret"), "{stderr}");
}

#[tokio::test]
async fn postgres_without_a_jwt_secret_is_refused() {
    let (server, _) = services();
    let (code, stderr) = start_failing(&[("DATABASE_URL", &format!("{server}/kura"))]).await;
    assert_eq!(code, 1);
    assert_one_line_error(&stderr, "KURA_JWT_SECRET: required");
}

#[tokio::test]
async fn an_unreachable_redis_fails_fast() {
    let (code, stderr) = start_failing(&[
        ("REDIS_URL", "redis://127.0.0.1:1"),
        ("KURA_DB_CONNECT_TIMEOUT_SECS", "2"),
    ])
    .await;
    assert_eq!(code, 1);
    assert_one_line_error(&stderr, "cannot connect to Redis at redis://127.0.0.1:1");
}

#[tokio::test]
async fn a_port_in_use_fails_with_the_address() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let (code, stderr) = start_failing(&[("KURA_BIND", &addr)]).await;
    assert_eq!(code, 1);
    assert_one_line_error(&stderr, &format!("cannot listen on {addr}"));
}
