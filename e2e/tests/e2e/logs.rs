//! Nothing a person or partner must keep secret reaches the server's log: passwords,
//! access and refresh tokens, invitation links, API keys, provider secrets and signatures.
//! The real binary runs at `debug` (more than production's `info`) through every path that
//! creates or presents one, and every line it printed is searched for each of them.

use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};

use crate::support::Kura;

const SIGN_UP: &str =
    "mutation($input: SignUpInput!) { signUp(input: $input) { accessToken refreshToken } }";
const LOG_IN: &str =
    "mutation($input: LogInInput!) { logIn(input: $input) { accessToken refreshToken } }";
const REFRESH: &str = "mutation($token: String!) { refreshSession(refreshToken: $token) { accessToken refreshToken } }";

/// The secrets seen so far, by what they are (for the failure message).
#[derive(Default)]
struct Secrets(Vec<(&'static str, String)>);

impl Secrets {
    fn add(&mut self, what: &'static str, value: &Value) -> String {
        let value = value
            .as_str()
            .unwrap_or_else(|| panic!("{what} missing: {value}"))
            .to_owned();
        assert!(value.len() >= 10, "{what} too short to search for: {value}");
        self.0.push((what, value.clone()));
        value
    }

    fn tokens(&mut self, body: &Value, field: &str) -> (String, String) {
        assert!(body["errors"].is_null(), "{field}: {body}");
        let payload = &body["data"][field];
        (
            self.add("access token", &payload["accessToken"]),
            self.add("refresh token", &payload["refreshToken"]),
        )
    }
}

#[tokio::test]
async fn no_password_token_or_secret_reaches_the_log() {
    let mut kura = Kura::start(&[("RUST_LOG", "debug")]).await;
    let mut secrets = Secrets::default();

    let password = secrets.add("owner password", &json!("umbrella-tofu-42"));
    let signed_up = kura
        .call(
            SIGN_UP,
            json!({ "input": { "email": "owner@logs.example.jp", "password": password,
                               "name": "Owner", "companyName": "Logs KK" } }),
            None,
        )
        .await;
    let (token, _) = secrets.tokens(&signed_up, "signUp");

    let wrong = secrets.add("mistyped password", &json!("umbrella-tofu-24"));
    let refused = kura
        .call(
            LOG_IN,
            json!({ "input": { "email": "owner@logs.example.jp", "password": wrong } }),
            None,
        )
        .await;
    assert!(!refused["errors"].is_null(), "{refused}");
    let logged_in = kura
        .call(
            LOG_IN,
            json!({ "input": { "email": "owner@logs.example.jp", "password": password } }),
            None,
        )
        .await;
    let (_, refresh) = secrets.tokens(&logged_in, "logIn");
    let refreshed = kura.call(REFRESH, json!({ "token": refresh }), None).await;
    secrets.tokens(&refreshed, "refreshSession");

    // No SMTP: the link comes back to the inviter, and only to the inviter.
    let invited = kura
        .call(
            "mutation { inviteMember(input: { email: \"staff@logs.example.jp\", role: STAFF }) { acceptUrl } }",
            json!({}),
            Some(&token),
        )
        .await;
    let url = invited["data"]["inviteMember"]["acceptUrl"]
        .as_str()
        .unwrap_or_else(|| panic!("{invited}"));
    let invitation = secrets.add(
        "invitation token",
        &json!(url.rsplit('/').next().unwrap_or_default()),
    );
    let staff_password = secrets.add("invitee password", &json!("kimono-sushi-88"));
    let accepted = kura
        .call(
            "mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { accessToken refreshToken } }",
            json!({ "input": { "token": invitation, "name": "Staff", "password": staff_password } }),
            None,
        )
        .await;
    secrets.tokens(&accepted, "acceptInvitation");

    let created = kura
        .call(
            "mutation { createApiKey(input: { name: \"POS\", scopes: [\"sales:read\"] }) { secret } }",
            json!({}),
            Some(&token),
        )
        .await;
    let key = secrets.add("API key", &created["data"]["createApiKey"]["secret"]);
    let me = kura
        .call("{ me { tenant { name } } }", json!({}), Some(&key))
        .await;
    assert_eq!(me["data"]["me"]["tenant"]["name"], "Logs KK", "{me}");

    let location = kura
        .call(
            "mutation { createLocation(input: { code: \"SHIBUYA\", name: \"Shibuya\", kind: STORE }) { id } }",
            json!({}),
            Some(&token),
        )
        .await["data"]["createLocation"]["id"]
        .clone();
    let webhook_secret = secrets.add("Shopify app secret", &json!("shpss_0123456789abcdef"));
    let channel = kura
        .call(
            "mutation($input: CreateChannelInput!) { createChannel(input: $input) { id webhookUrl } }",
            json!({ "input": { "name": "Shopify", "kind": "EC", "provider": "SHOPIFY",
                               "locationIds": [location], "webhookSecret": webhook_secret } }),
            Some(&token),
        )
        .await["data"]["createChannel"]
        .clone();
    let access_token = secrets.add("Shopify access token", &json!("shpat_fedcba9876543210"));
    let connected = kura
        .call(
            "mutation($id: ID!, $input: ChannelConnectionInput!) { updateChannelConnection(channelId: $id, input: $input) { id } }",
            json!({ "id": channel["id"], "input": { "shop": "logs-test", "accessToken": access_token } }),
            Some(&token),
        )
        .await;
    assert!(connected["errors"].is_null(), "{connected}");

    let body = include_bytes!("../../../backend/src/integrations/fixtures/shopify_order.json");
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(webhook_secret.as_bytes()).unwrap();
    mac.update(body);
    let signature = secrets.add(
        "webhook signature",
        &json!(base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())),
    );
    let path = channel["webhookUrl"].as_str().unwrap();
    let delivered = kura
        .client
        .post(kura.url(path))
        .header("Content-Type", "application/json")
        .header("X-Shopify-Topic", "orders/create")
        .header("X-Shopify-Hmac-Sha256", &signature)
        .header("X-Shopify-Shop-Domain", "logs-test.myshopify.com")
        .header("X-Shopify-Webhook-Id", uuid::Uuid::new_v4().to_string())
        .body(body.to_vec())
        .send()
        .await
        .unwrap();
    assert!(delivered.status().is_success(), "{}", delivered.status());

    // The socket presents the token in its first message rather than a header.
    let mut ws = kura.websocket_as(&token).await;
    ws.subscribe_and_wait("1", "subscription { saleRecorded { id } }")
        .await;
    // A request after all the others: once it is answered, their lines have been written.
    kura.graphql("{ serverInfo { version } }").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;

    let lines = kura.drain_logs();
    assert!(
        lines.iter().any(|l| l.contains("DEBUG")),
        "the server logged at debug"
    );
    for (what, secret) in &secrets.0 {
        // A tail catches a secret logged cut short or wrapped in something else.
        let tail = &secret[secret.len() - 10..];
        if let Some(line) = lines.iter().find(|l| l.contains(tail)) {
            panic!("the {what} reached the log:\n{line}");
        }
    }
}
