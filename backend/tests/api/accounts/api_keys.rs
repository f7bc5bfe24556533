//! Partner API keys: shown once, scoped, revocable at once, admin-only, tenant-bound.

use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, spawn_app};

const CREATE: &str = "mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) {
    secret apiKey { id name prefix scopes lastUsedAt revokedAt } } }";
const REVOKE: &str = "mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }";
const ME: &str = "{ me { user { email } role scopes tenant { name } } }";

fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_default()
}

/// Signs up a company; returns (access token, tenant id).
async fn owner(app: &TestApp, email: &str) -> (String, String) {
    let body = app.call("mutation($input: SignUpInput!) { signUp(input: $input) { accessToken tenant { id } } }",
        json!({ "input": { "email": email, "password": PASSWORD, "name": "Owner", "companyName": format!("{email} Co") } }),
        None,
    )
    .await;
    let payload = &body["data"]["signUp"];
    (
        payload["accessToken"].as_str().unwrap().to_owned(),
        payload["tenant"]["id"].as_str().unwrap().to_owned(),
    )
}

async fn create_key(app: &TestApp, token: &str, scopes: &[&str]) -> Value {
    app.call(
        CREATE,
        json!({ "input": { "name": "Smaregi POS", "scopes": scopes } }),
        Some(token),
    )
    .await
}

#[tokio::test]
async fn an_admin_creates_a_key_whose_secret_is_shown_once_and_which_then_works() {
    let app = spawn_app().await;
    let (token, _) = owner(&app, "hanako@example.jp").await;
    let created = create_key(&app, &token, &["stock:read", "sales:write"]).await;
    let payload = &created["data"]["createApiKey"];
    let secret = payload["secret"]
        .as_str()
        .unwrap_or_else(|| panic!("{created}"));
    let prefix = payload["apiKey"]["prefix"].as_str().unwrap();
    assert!(
        secret.starts_with(&format!("{prefix}_")),
        "{secret} / {prefix}"
    );
    assert!(prefix.starts_with("kura_"));
    assert_eq!(
        payload["apiKey"]["scopes"],
        json!(["stock:read", "sales:write"])
    );

    let me = app.call(ME, json!({}), Some(secret)).await;
    assert_eq!(me["data"]["me"]["user"], Value::Null, "{me}");
    assert_eq!(me["data"]["me"]["role"], Value::Null);
    assert_eq!(
        me["data"]["me"]["scopes"],
        json!(["stock:read", "sales:write"])
    );
    assert_eq!(me["data"]["me"]["tenant"]["name"], "hanako@example.jp Co");

    // The list shows the prefix and when it was used, never the secret.
    let listed = app
        .call("{ apiKeys { prefix lastUsedAt } }", json!({}), Some(&token))
        .await;
    assert_eq!(listed["data"]["apiKeys"][0]["prefix"], prefix);
    assert!(
        listed["data"]["apiKeys"][0]["lastUsedAt"].is_string(),
        "{listed}"
    );
    assert!(!listed.to_string().contains(secret));
}

#[tokio::test]
async fn a_revoked_key_stops_working_at_once() {
    let app = spawn_app().await;
    let (token, _) = owner(&app, "hanako@example.jp").await;
    let created = create_key(&app, &token, &["stock:read"]).await;
    let secret = created["data"]["createApiKey"]["secret"].as_str().unwrap();
    let id = created["data"]["createApiKey"]["apiKey"]["id"].clone();
    assert!(app.call(ME, json!({}), Some(secret)).await["data"]["me"].is_object());

    let revoked = app.call(REVOKE, json!({ "id": id }), Some(&token)).await;
    assert!(
        revoked["data"]["revokeApiKey"]["revokedAt"].is_string(),
        "{revoked}"
    );
    assert_eq!(
        code(&app.call(ME, json!({}), Some(secret)).await),
        "UNAUTHENTICATED"
    );
    // A guessed key with a real prefix is no better.
    let forged = format!("{}_{}", secret.rsplit_once('_').unwrap().0, "0".repeat(64));
    assert_eq!(
        code(&app.call(ME, json!({}), Some(&forged)).await),
        "UNAUTHENTICATED"
    );
}

#[tokio::test]
async fn unknown_or_missing_scopes_are_refused() {
    let app = spawn_app().await;
    let (token, _) = owner(&app, "hanako@example.jp").await;
    let unknown = create_key(&app, &token, &["stock:read", "stock:delete"]).await;
    assert_eq!(code(&unknown), "VALIDATION");
    assert_eq!(unknown["errors"][0]["extensions"]["field"], "scopes");
    assert_eq!(
        unknown["errors"][0]["extensions"]["reason"],
        "scope.unknown"
    );
    let none = create_key(&app, &token, &[]).await;
    assert_eq!(
        none["errors"][0]["extensions"]["reason"], "scope.none",
        "{none}"
    );
}

#[tokio::test]
async fn only_admins_and_owners_manage_keys_and_keys_cannot_make_keys() {
    let app = spawn_app().await;
    let (owner_token, tenant) = owner(&app, "taro@example.jp").await;
    owner(&app, "hanako@example.jp").await;
    app.join(&owner_token, "hanako@example.jp", "STAFF").await;
    let staff = app.call("mutation($input: LogInInput!) { logIn(input: $input) { accessToken role } }",
        json!({ "input": { "email": "hanako@example.jp", "password": PASSWORD, "tenantId": tenant } }),
        None,
    )
    .await;
    assert_eq!(staff["data"]["logIn"]["role"], "STAFF", "{staff}");
    let staff_token = staff["data"]["logIn"]["accessToken"].as_str().unwrap();
    assert_eq!(
        code(&create_key(&app, staff_token, &["stock:read"]).await),
        "FORBIDDEN"
    );
    assert_eq!(
        code(
            &app.call("{ apiKeys { id } }", json!({}), Some(staff_token))
                .await
        ),
        "FORBIDDEN"
    );

    let secret =
        create_key(&app, &owner_token, &["stock:read"]).await["data"]["createApiKey"]["secret"]
            .as_str()
            .unwrap()
            .to_owned();
    assert_eq!(
        code(&create_key(&app, &secret, &["stock:write"]).await),
        "FORBIDDEN"
    );
}

#[tokio::test]
async fn another_companys_key_is_not_found() {
    let app = spawn_app().await;
    let (a, _) = owner(&app, "a@example.jp").await;
    let (b, _) = owner(&app, "b@example.jp").await;
    let id =
        create_key(&app, &a, &["stock:read"]).await["data"]["createApiKey"]["apiKey"]["id"].clone();
    let denied = app.call(REVOKE, json!({ "id": id }), Some(&b)).await;
    assert_eq!(code(&denied), "NOT_FOUND", "{denied}");
    let listed = app.call("{ apiKeys { id } }", json!({}), Some(&b)).await;
    assert_eq!(listed["data"]["apiKeys"], json!([]), "{listed}");
}

#[tokio::test]
async fn each_key_has_a_request_budget_announced_in_headers() {
    let app = crate::helpers::spawn_app_with(
        figment::Figment::new().merge(("api_key_rate_limit_per_minute", 3)),
    )
    .await;
    let (token, _) = owner(&app, "hanako@example.jp").await;
    let secret = create_key(&app, &token, &["stock:read"]).await["data"]["createApiKey"]["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let send = || {
        app.client
            .post(format!("{}/graphql", app.address))
            .bearer_auth(&secret)
            .json(&json!({ "query": "{ me { scopes } }" }))
            .send()
    };
    for remaining in ["2", "1", "0"] {
        let response = send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["ratelimit-limit"], "3");
        assert_eq!(response.headers()["ratelimit-remaining"], remaining);
    }
    let refused = send().await.unwrap();
    assert_eq!(refused.status(), 429);
    let retry_after: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=20).contains(&retry_after), "{retry_after}");
    let body: Value = refused.json().await.unwrap();
    assert_eq!(code(&body), "RATE_LIMITED");
    assert_eq!(
        body["errors"][0]["extensions"]["retryAfterSeconds"],
        retry_after
    );

    // People signed in to the dashboard are not metered by the key's budget.
    let me = app.call("{ me { role } }", json!({}), Some(&token)).await;
    assert_eq!(me["data"]["me"]["role"], "OWNER");
}

#[tokio::test]
async fn a_keys_websocket_operations_draw_on_the_same_budget() {
    let app = crate::helpers::spawn_app_with(
        figment::Figment::new().merge(("api_key_rate_limit_per_minute", 2)),
    )
    .await;
    let (token, _) = owner(&app, "hanako@example.jp").await;
    let secret = create_key(&app, &token, &["stock:read"]).await["data"]["createApiKey"]["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut ws = app.websocket().await;
    ws.send(json!({ "type": "connection_init", "payload": { "authorization": format!("Bearer {secret}") } }))
        .await;
    assert_eq!(ws.expect_json().await["type"], "connection_ack");
    for id in ["1", "2"] {
        ws.send(
            json!({ "id": id, "type": "subscribe", "payload": { "query": "{ me { scopes } }" } }),
        )
        .await;
        assert_eq!(ws.expect_json().await["type"], "next");
        assert_eq!(ws.expect_json().await["type"], "complete");
    }
    ws.send(json!({ "id": "3", "type": "subscribe", "payload": { "query": "{ me { scopes } }" } }))
        .await;
    let refused = ws.expect_json().await;
    assert_eq!(refused["type"], "error", "{refused}");
    assert_eq!(refused["payload"][0]["extensions"]["code"], "RATE_LIMITED");
}
