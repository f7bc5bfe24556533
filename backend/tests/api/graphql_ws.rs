//! Subscriptions over `graphql-transport-ws`, including every close code the protocol names.

use std::time::Duration;

use figment::Figment;
use kura_backend::auth::throttle::MAX_FAILURES_PER_ADDRESS;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::{self, client::IntoClientRequest, http::HeaderValue};

use crate::helpers::{PASSWORD, TestApp, Ws, spawn_app, spawn_app_with};

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

// A socket keeps only the rights its caller still has.

const STOCK_FEED: &str = "subscription { stockLevelChanged { stockLevel { onHand } } }";

/// Creates a `stock:read` key as the owner behind `token`; returns (secret, GraphQL id).
async fn stock_key(app: &TestApp, token: &str) -> (String, Value) {
    let body = app
        .call(
            "mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }",
            json!({ "input": { "name": "Register", "scopes": ["stock:read"] } }),
            Some(token),
        )
        .await;
    let created = &body["data"]["createApiKey"];
    let secret = created["secret"]
        .as_str()
        .unwrap_or_else(|| panic!("createApiKey failed: {body}"));
    (secret.to_owned(), created["apiKey"]["id"].clone())
}

/// A socket acting as `token`, with the stock feed running as operation "feed".
async fn watching_stock(app: &TestApp, token: &str) -> Ws {
    let mut ws = app.websocket().await;
    ws.init_with(token).await;
    ws.send(json!({ "id": "feed", "type": "subscribe", "payload": { "query": STOCK_FEED } }))
        .await;
    // A round trip shows the feed was accepted (a refusal would have come first).
    ws.send(json!({ "type": "ping" })).await;
    assert_eq!(ws.expect_json().await["type"], "pong");
    ws
}

async fn user_id(app: &TestApp, token: &str) -> Value {
    app.call("{ me { user { id } } }", json!({}), Some(token))
        .await["data"]["me"]["user"]["id"]
        .clone()
}

#[tokio::test]
async fn a_revoked_api_key_cannot_run_another_operation_on_its_open_socket() {
    let app = spawn_app().await;
    let owner = app.sign_up("hanako@example.jp").await;
    let token = owner["accessToken"].as_str().unwrap();
    let (secret, _) = stock_key(&app, token).await;
    let mut ws = app.websocket().await;
    ws.init_with(&secret).await;
    let locations = json!({ "id": "1", "type": "subscribe",
                            "payload": { "query": "{ locations { edges { node { id } } } }" } });
    ws.send(locations.clone()).await;
    let answer = ws.expect_json().await;
    assert!(
        answer["payload"]["data"]["locations"].is_object(),
        "{answer}"
    );
    assert_eq!(ws.expect_json().await["type"], "complete");

    // Revoked behind the app's back, so no announcement: only the check per operation sees it.
    let prefix = secret.rsplit_once('_').unwrap().0;
    app.db
        .execute_unprepared(&format!(
            "UPDATE api_keys SET revoked_at = created_at WHERE prefix = '{prefix}'"
        ))
        .await
        .unwrap();
    ws.send(locations).await;
    assert_eq!(ws.expect_close().await, (4403, "Forbidden".into()));
}

#[tokio::test]
async fn revoking_an_api_key_over_http_ends_its_running_subscription_at_once() {
    let app = spawn_app().await;
    let owner = app.sign_up("hanako@example.jp").await;
    let token = owner["accessToken"].as_str().unwrap();
    let (secret, id) = stock_key(&app, token).await;
    let mut ws = watching_stock(&app, &secret).await;

    let revoked = app
        .call(
            "mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }",
            json!({ "id": id }),
            Some(token),
        )
        .await;
    assert!(revoked["errors"].is_null(), "{revoked}");
    assert_eq!(ws.expect_close().await.0, 4403);
}

#[tokio::test]
async fn a_removed_members_socket_closes_at_once() {
    let app = spawn_app().await;
    let owner = app.sign_up("hanako@example.jp").await;
    let owner_token = owner["accessToken"].as_str().unwrap();
    let member = app.join(owner_token, "taro@example.jp", "STAFF").await;
    let member_id = user_id(&app, &member).await;
    let mut ws = watching_stock(&app, &member).await;

    let removed = app
        .call(
            "mutation($u: ID!) { removeMember(userId: $u) }",
            json!({ "u": member_id }),
            Some(owner_token),
        )
        .await;
    assert!(removed["errors"].is_null(), "{removed}");
    assert_eq!(ws.expect_close().await.0, 4403);
}

#[tokio::test]
async fn a_members_socket_closes_when_their_role_changes_and_reopens_with_the_new_role() {
    let app = spawn_app().await;
    let owner = app.sign_up("hanako@example.jp").await;
    let owner_token = owner["accessToken"].as_str().unwrap();
    let member = app.join(owner_token, "taro@example.jp", "STAFF").await;
    let member_id = user_id(&app, &member).await;
    let mut ws = watching_stock(&app, &member).await;

    let changed = app
        .call(
            "mutation($u: ID!, $r: Role!) { changeMemberRole(userId: $u, role: $r) { role } }",
            json!({ "u": member_id, "r": "VIEWER" }),
            Some(owner_token),
        )
        .await;
    assert!(changed["errors"].is_null(), "{changed}");
    assert_eq!(ws.expect_close().await.0, 4403);

    let mut again = app.websocket().await;
    again.init_with(&member).await;
    again
        .send(json!({ "id": "1", "type": "subscribe", "payload": { "query": "{ me { role } }" } }))
        .await;
    assert_eq!(
        again.expect_json().await["payload"]["data"]["me"]["role"],
        "VIEWER"
    );
}

#[tokio::test]
async fn signing_out_closes_that_sessions_sockets_and_no_others() {
    let app = spawn_app().await;
    let first = app.sign_up("hanako@example.jp").await;
    let first = first["accessToken"].as_str().unwrap();
    let second = app
        .call(
            "mutation($input: LogInInput!) { logIn(input: $input) { accessToken } }",
            json!({ "input": { "email": "hanako@example.jp", "password": PASSWORD } }),
            None,
        )
        .await;
    let second = second["data"]["logIn"]["accessToken"].as_str().unwrap();
    let mut signed_out = watching_stock(&app, first).await;
    let mut other_device = watching_stock(&app, second).await;

    let body = app
        .call("mutation { logOut }", json!({}), Some(first))
        .await;
    assert_eq!(body["data"]["logOut"], true, "{body}");
    assert_eq!(signed_out.expect_close().await.0, 4403);
    other_device.send(json!({ "type": "ping" })).await;
    assert_eq!(other_device.expect_json().await["type"], "pong");
}

#[tokio::test]
async fn a_socket_closes_when_its_access_token_expires() {
    let app = spawn_app_with(Figment::new().merge(("access_token_ttl_secs", 3))).await;
    let owner = app.sign_up("hanako@example.jp").await;
    let mut ws = watching_stock(&app, owner["accessToken"].as_str().unwrap()).await;
    let closed = tokio::time::timeout(Duration::from_secs(8), ws.expect_close())
        .await
        .expect("the socket outlived its token");
    assert_eq!(closed, (4403, "Access token expired".into()));
}

#[tokio::test]
async fn an_anonymous_socket_cannot_subscribe_to_sales_or_stock() {
    let app = spawn_app().await;
    let mut ws = app.websocket().await;
    ws.init().await;
    for (id, query) in [
        ("stock", STOCK_FEED),
        ("sales", "subscription { saleRecorded { id } }"),
    ] {
        ws.send(json!({ "id": id, "type": "subscribe", "payload": { "query": query } }))
            .await;
        let refused = ws.expect_json().await;
        assert_eq!(refused["id"], id, "{refused}");
        assert_eq!(refused["type"], "next", "{refused}");
        assert!(refused["payload"]["data"].is_null(), "{refused}");
        let code = &refused["payload"]["errors"][0]["extensions"]["code"];
        assert_eq!(code, "UNAUTHENTICATED", "{refused}");
        // And the operation is over: no events will follow.
        assert_eq!(
            ws.expect_json().await,
            json!({ "id": id, "type": "complete" })
        );
    }
}

#[tokio::test]
async fn sockets_beyond_the_per_address_cap_are_refused_until_one_closes() {
    let app = spawn_app_with(Figment::new().merge(("ws_max_per_address", 2))).await;
    let first = app.websocket().await;
    let _second = app.websocket().await;
    let connect = || async {
        let mut request = format!("ws://127.0.0.1:{}/graphql", app.port)
            .into_client_request()
            .unwrap();
        request.headers_mut().insert(
            "Sec-WebSocket-Protocol",
            HeaderValue::from_static("graphql-transport-ws"),
        );
        tokio_tungstenite::connect_async(request).await
    };
    match connect().await {
        Err(tungstenite::Error::Http(response)) => assert_eq!(response.status(), 429),
        other => panic!("a third socket was not refused: {other:?}"),
    }
    drop(first);
    // The slot comes back once the server has seen the close.
    tokio::time::timeout(Duration::from_secs(5), async {
        while connect().await.is_err() {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .expect("the closed socket's slot was not given back");
}

#[tokio::test]
async fn failed_sign_ins_over_a_websocket_count_against_the_clients_address() {
    let app = spawn_app().await;
    let mut ws = app.websocket().await;
    ws.init().await;
    // Another email each time, so only the per-address limit can stop them.
    let mut codes = Vec::new();
    for i in 0..=MAX_FAILURES_PER_ADDRESS {
        ws.send(json!({ "id": i.to_string(), "type": "subscribe", "payload": {
            "query": "mutation($input: LogInInput!) { logIn(input: $input) { accessToken } }",
            "variables": { "input": { "email": format!("guess{i}@example.jp"), "password": "wrong-password-1" } } } }))
            .await;
        let answer = ws.expect_json().await;
        codes.push(answer["payload"]["errors"][0]["extensions"]["code"].clone());
        assert_eq!(ws.expect_json().await["type"], "complete");
    }
    assert!(
        codes[..codes.len() - 1]
            .iter()
            .all(|c| c == "UNAUTHENTICATED"),
        "{codes:?}"
    );
    assert_eq!(codes.last().unwrap(), "RATE_LIMITED", "{codes:?}");
}
