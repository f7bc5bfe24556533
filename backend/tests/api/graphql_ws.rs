//! Subscriptions over `graphql-transport-ws`, including every close code the protocol names.

use figment::Figment;
use serde_json::json;

use crate::helpers::{spawn_app, spawn_app_with};

#[tokio::test]
async fn server_time_streams_until_the_client_completes_it() {
    let app = spawn_app().await;
    let mut ws = app.websocket().await;
    ws.init().await;
    ws.send(json!({ "id": "1", "type": "subscribe", "payload": { "query": "subscription { serverTime }" } }))
        .await;
    let first = ws.expect_json().await;
    assert_eq!(first["type"], "next");
    assert_eq!(first["id"], "1");
    let stamp = first["payload"]["data"]["serverTime"].as_str().unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(stamp).is_ok(),
        "{stamp}"
    );
    ws.send(json!({ "id": "1", "type": "complete" })).await;
    // The id is free again once completed.
    ws.send(json!({ "id": "1", "type": "subscribe", "payload": { "query": "{ serverInfo { version } }" } }))
        .await;
    loop {
        let message = ws.expect_json().await;
        if message["payload"]["data"]["serverInfo"].is_object() {
            assert_eq!(message["type"], "next");
            break;
        }
    }
    assert_eq!(
        ws.expect_json().await,
        json!({ "id": "1", "type": "complete" })
    );
}

#[tokio::test]
async fn ping_gets_pong() {
    let app = spawn_app().await;
    let mut ws = app.websocket().await;
    ws.init().await;
    ws.send(json!({ "type": "ping" })).await;
    assert_eq!(ws.expect_json().await["type"], "pong");
}

#[tokio::test]
async fn an_invalid_operation_gets_an_error_message_not_a_close() {
    let app = spawn_app().await;
    let mut ws = app.websocket().await;
    ws.init().await;
    ws.send(
        json!({ "id": "a", "type": "subscribe", "payload": { "query": "subscription { nope }" } }),
    )
    .await;
    let error = ws.expect_json().await;
    assert_eq!(error["type"], "error");
    assert_eq!(error["id"], "a");
    assert_eq!(error["payload"][0]["extensions"]["code"], "VALIDATION");
    // The connection is still usable.
    ws.send(json!({ "type": "ping" })).await;
    assert_eq!(ws.expect_json().await["type"], "pong");
}

#[tokio::test]
async fn an_invalid_message_closes_with_4400() {
    let app = spawn_app().await;
    for bad in [
        "not json",
        r#"{"type":"unknown"}"#,
        r#"{"type":"subscribe","id":"1"}"#,
        r#"{"type":"connection_init","payload":"string"}"#,
    ] {
        let mut ws = app.websocket().await;
        ws.send_raw(bad).await;
        assert_eq!(ws.expect_close().await.0, 4400, "{bad}");
    }
}

#[tokio::test]
async fn subscribing_before_the_ack_closes_with_4401() {
    let app = spawn_app().await;
    let mut ws = app.websocket().await;
    ws.send(json!({ "id": "1", "type": "subscribe", "payload": { "query": "subscription { serverTime }" } }))
        .await;
    assert_eq!(ws.expect_close().await, (4401, "Unauthorized".into()));
}

#[tokio::test]
async fn no_connection_init_in_time_closes_with_4408() {
    let app = spawn_app_with(Figment::new().merge(("ws_init_timeout_secs", 1))).await;
    let mut ws = app.websocket().await;
    assert_eq!(
        ws.expect_close().await,
        (4408, "Connection initialisation timeout".into())
    );
}

#[tokio::test]
async fn a_duplicate_subscription_id_closes_with_4409() {
    let app = spawn_app().await;
    let mut ws = app.websocket().await;
    ws.init().await;
    let subscribe = json!({ "id": "dup", "type": "subscribe", "payload": { "query": "subscription { serverTime }" } });
    ws.send(subscribe.clone()).await;
    ws.send(subscribe).await;
    loop {
        match ws.receive().await {
            crate::helpers::Received::Json(m) => assert_eq!(m["type"], "next"),
            crate::helpers::Received::Closed { code, reason } => {
                assert_eq!(code, 4409);
                assert_eq!(reason, "Subscriber for dup already exists");
                break;
            }
        }
    }
}

#[tokio::test]
async fn a_second_connection_init_closes_with_4429() {
    let app = spawn_app().await;
    let mut ws = app.websocket().await;
    ws.init().await;
    ws.send(json!({ "type": "connection_init" })).await;
    assert_eq!(
        ws.expect_close().await,
        (4429, "Too many initialisation requests".into())
    );
}

#[tokio::test]
async fn a_websocket_without_the_subprotocol_is_refused() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(format!("{}/graphql", app.address))
        .header("Connection", "Upgrade")
        .header("Upgrade", "websocket")
        .header("Sec-WebSocket-Version", "13")
        .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
        .header("Sec-WebSocket-Protocol", "graphql-ws")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
}

#[tokio::test]
async fn open_websockets_are_counted_in_metrics() {
    let app = spawn_app().await;
    let mut ws = app.websocket().await;
    ws.init().await;
    let text = app
        .client
        .get(format!("{}/metrics", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(text.contains("kura_websocket_connections 1"), "{text}");
}

#[tokio::test]
async fn a_connection_may_run_at_most_a_hundred_operations_at_once() {
    let app = spawn_app().await;
    let mut ws = app.websocket().await;
    ws.init().await;
    for i in 0..101 {
        ws.send(json!({ "id": i.to_string(), "type": "subscribe", "payload": { "query": "subscription { instanceEvents { kind } }" } }))
            .await;
    }
    let error = ws.expect_json().await;
    assert_eq!(error["type"], "error");
    assert_eq!(error["id"], "100");
    assert_eq!(error["payload"][0]["extensions"]["code"], "RATE_LIMITED");
    assert_eq!(error["payload"][0]["extensions"]["retryAfterSeconds"], 1);
    // Completing one frees a slot.
    ws.send(json!({ "id": "0", "type": "complete" })).await;
    ws.send(json!({ "id": "extra", "type": "subscribe", "payload": { "query": "{ serverInfo { version } }" } }))
        .await;
    assert_eq!(ws.expect_json().await["type"], "next");
}

#[tokio::test]
async fn an_oversized_message_closes_with_1009() {
    let app = spawn_app().await;
    let mut ws = app.websocket().await;
    ws.init().await;
    let huge = format!(
        r#"{{"id":"1","type":"subscribe","payload":{{"query":"{{ serverInfo {{ version }} }} #{}"}}}}"#,
        "x".repeat(300 * 1024)
    );
    ws.send_raw(&huge).await;
    assert_eq!(ws.expect_close().await.0, 1009);
}
