use crate::helpers::{TestStore, spawn_app};

#[tokio::test]
async fn healthz_answers_ok() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(format!("{}/healthz", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers().contains_key("x-request-id"));
}

#[tokio::test]
async fn readyz_reports_the_database_and_event_bus_it_checked() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(format!("{}/readyz", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["checks"]["database"], "ok");
    assert_eq!(body["checks"]["eventBus"], "ok");
}

#[tokio::test]
async fn metrics_expose_requests_websockets_and_the_pool() {
    let app = spawn_app().await;
    app.graphql("{ serverInfo { version } }").await;
    let text = app
        .client
        .get(format!("{}/metrics", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains(r#"kura_http_requests_total{method="POST",route="/graphql",status="200"} 1"#),
        "{text}"
    );
    assert!(text.contains("kura_http_request_duration_seconds_bucket"));
    assert!(text.contains("kura_websocket_connections 0"));
    assert!(text.contains("kura_db_pool_connections"));
}

#[tokio::test]
async fn server_info_names_the_store_and_bus_in_use() {
    let app = spawn_app().await;
    let (status, body) = app
        .graphql("{ serverInfo { version storage eventBus uptimeSeconds instanceId startedAt } }")
        .await;
    assert_eq!(status, 200);
    let info = &body["data"]["serverInfo"];
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
    let (storage, bus) = match TestStore::from_env() {
        TestStore::Sqlite => ("SQLITE", "IN_PROCESS"),
        TestStore::Postgres { .. } => ("POSTGRES", "REDIS"),
    };
    assert_eq!(info["storage"], storage);
    assert_eq!(info["eventBus"], bus);
    assert!(info["uptimeSeconds"].as_i64().unwrap() >= 0);
}

#[tokio::test]
async fn metrics_can_require_a_bearer_token() {
    let token = "metrics-token-metrics-token-0123456789";
    let app =
        crate::helpers::spawn_app_with(figment::Figment::new().merge(("metrics_token", token)))
            .await;
    let url = format!("{}/metrics", app.address);
    let anonymous = app.client.get(&url).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
    let wrong = app
        .client
        .get(&url)
        .bearer_auth("metrics-token-metrics-token-0123456788")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let right = app
        .client
        .get(&url)
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(right.status(), 200);
    assert!(
        right
            .text()
            .await
            .unwrap()
            .contains("kura_http_requests_total")
    );
}
