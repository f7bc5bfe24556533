//! Two `kura` processes on one PostgreSQL database and one Redis, as replicas run.

use crate::support::{Kura, TestDatabase, base_command, services};

pub async fn kura_migrate(database_url: &str, args: &[&str]) -> String {
    let data = tempfile::tempdir().unwrap();
    let mut command = base_command(data.path());
    command
        .arg("migrate")
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("KURA_JWT_SECRET", SECRET);
    let output = command.output().await.unwrap();
    assert!(
        output.status.success(),
        "kura migrate {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub const SECRET: &str = "replica-test-secret-0123456789abcdef";

#[tokio::test]
async fn a_replica_refuses_to_serve_an_unmigrated_database_and_migrate_fixes_it() {
    let db = TestDatabase::create().await;
    let (_, redis) = services();
    let data = tempfile::tempdir().unwrap();
    let mut command = base_command(data.path());
    command
        .arg("serve")
        .env("KURA_BIND", "127.0.0.1:0")
        .env("DATABASE_URL", &db.url)
        .env("REDIS_URL", &redis)
        .env("KURA_JWT_SECRET", SECRET);
    let output = command.output().await.unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("run `kura migrate up` first"), "{stderr}");

    assert!(kura_migrate(&db.url, &["status"]).await.contains("Pending"));
    kura_migrate(&db.url, &["up"]).await;
    let status = kura_migrate(&db.url, &["status"]).await;
    assert!(
        status.contains("Applied") && !status.contains("Pending"),
        "{status}"
    );
    kura_migrate(&db.url, &["down"]).await;
    assert!(kura_migrate(&db.url, &["status"]).await.contains("Pending"));
}

#[tokio::test]
async fn an_event_published_by_one_process_reaches_a_subscriber_on_another_through_redis() {
    let db = TestDatabase::create().await;
    let (_, redis) = services();
    kura_migrate(&db.url, &["up"]).await;
    let env = [
        ("DATABASE_URL", db.url.as_str()),
        ("REDIS_URL", redis.as_str()),
        ("KURA_JWT_SECRET", SECRET),
    ];
    let first = Kura::start(&env).await;
    let info = first.graphql("{ serverInfo { storage eventBus } }").await;
    assert_eq!(info["data"]["serverInfo"]["storage"], "POSTGRES");
    assert_eq!(info["data"]["serverInfo"]["eventBus"], "REDIS");

    let mut ws = first.websocket().await;
    ws.subscribe(
        "replicas",
        "subscription { instanceEvents { kind instanceId version } }",
    )
    .await;
    // Let the subscription reach the bus before the second replica announces itself.
    ws.send(serde_json::json!({ "type": "ping" })).await;
    while ws.next().await.expect("pong")["type"] != "pong" {}

    let second = Kura::start(&env).await;
    let second_id = second.instance_id().await;
    assert_ne!(second_id, first.instance_id().await);

    let mut seen = Vec::new();
    loop {
        let message = ws.next().await.expect("an instance event");
        let event = message["payload"]["data"]["instanceEvents"].clone();
        seen.push(event.clone());
        if event["instanceId"] == second_id.as_str() {
            if event["kind"] == "STARTED" {
                assert_eq!(event["version"], env!("CARGO_PKG_VERSION"));
                second.terminate();
            } else {
                assert_eq!(event["kind"], "STOPPING", "{seen:?}");
                break;
            }
        }
    }
}
