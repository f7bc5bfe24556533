//! Sign-up, sign-in, sessions and tokens, through the public API.

use figment::Figment;
use serde_json::{Value, json};

use crate::helpers::{SmtpSink, TestApp, spawn_app, spawn_app_with};

const SIGN_UP: &str = "mutation($input: SignUpInput!) { signUp(input: $input) {
    accessToken refreshToken expiresAt role user { id email name } tenant { id name timeZone currencyCode } } }";
const LOG_IN: &str = "mutation($input: LogInInput!) { logIn(input: $input) { accessToken refreshToken role tenant { name } } }";
const REFRESH: &str = "mutation($token: String) { refreshSession(refreshToken: $token) { accessToken refreshToken } }";
const ME: &str = "{ me { role user { email name } tenant { name } } }";
const PASSWORD: &str = "umbrella-tofu-42";

fn sign_up_input(email: &str) -> Value {
    json!({ "input": { "email": email, "password": PASSWORD, "name": "Yamada Hanako", "companyName": "Yamada Shoten" } })
}

fn error_code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_default()
}

async fn call(
    app: &TestApp,
    query: &str,
    variables: Value,
    token: Option<&str>,
) -> (Value, Vec<String>) {
    let mut request = app
        .client
        .post(format!("{}/graphql", app.address))
        .json(&json!({ "query": query, "variables": variables }));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let cookies = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    (response.json().await.unwrap(), cookies)
}

async fn sign_up(app: &TestApp, email: &str) -> Value {
    let (body, _) = call(app, SIGN_UP, sign_up_input(email), None).await;
    assert!(body["errors"].is_null(), "{body}");
    body["data"]["signUp"].clone()
}

#[tokio::test]
async fn signing_up_creates_a_company_and_signs_the_owner_in() {
    let app = spawn_app().await;
    let (body, cookies) = call(&app, SIGN_UP, sign_up_input(" Hanako@Example.JP "), None).await;
    let payload = &body["data"]["signUp"];
    assert_eq!(payload["role"], "OWNER", "{body}");
    assert_eq!(payload["user"]["email"], "hanako@example.jp");
    assert_eq!(payload["tenant"]["name"], "Yamada Shoten");
    assert_eq!(payload["tenant"]["timeZone"], "Asia/Tokyo");
    assert_eq!(payload["tenant"]["currencyCode"], "JPY");
    let cookie = cookies
        .iter()
        .find(|c| c.starts_with("kura_refresh="))
        .expect("refresh cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "plain-HTTP localhost cannot use Secure cookies"
    );

    let token = payload["accessToken"].as_str().unwrap();
    let (me, _) = call(&app, ME, json!({}), Some(token)).await;
    assert_eq!(me["data"]["me"]["user"]["name"], "Yamada Hanako", "{me}");
    assert_eq!(me["data"]["me"]["role"], "OWNER");
}

#[tokio::test]
async fn bad_sign_up_input_names_the_field_and_writes_nothing() {
    let app = spawn_app().await;
    let cases = [
        (json!({ "email": "not-an-email" }), "email", "email.invalid"),
        (
            json!({ "password": "short" }),
            "password",
            "password.too_short",
        ),
        (
            json!({ "password": "Password123" }),
            "password",
            "password.too_common",
        ),
        (
            json!({ "password": "yamada shoten" }),
            "password",
            "password.too_common",
        ),
        (json!({ "companyName": "   " }), "companyName", "text.empty"),
    ];
    for (patch, field, reason) in cases {
        let mut input = sign_up_input("hanako@example.jp");
        for (k, v) in patch.as_object().unwrap() {
            input["input"][k] = v.clone();
        }
        let (body, _) = call(&app, SIGN_UP, input, None).await;
        assert_eq!(error_code(&body), "VALIDATION", "{body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], field, "{body}");
        assert_eq!(body["errors"][0]["extensions"]["reason"], reason, "{body}");
    }
    // None of those created the account.
    sign_up(&app, "hanako@example.jp").await;
}

#[tokio::test]
async fn signing_up_with_a_taken_email_does_not_say_so_and_tells_its_owner() {
    let sink = SmtpSink::start().await;
    let app = spawn_app_with(
        Figment::new()
            .merge(("smtp_url", format!("smtp://127.0.0.1:{}", sink.port)))
            .merge(("mail_from", "Kura <kura@example.jp>"))
            .merge(("public_url", "https://kura.example.jp")),
    )
    .await;
    sign_up(&app, "hanako@example.jp").await;
    let mut again = sign_up_input("HANAKO@example.jp");
    again["input"]["password"] = json!("another-umbrella-77");
    let (body, cookies) = call(&app, SIGN_UP, again, None).await;
    assert_eq!(error_code(&body), "VALIDATION", "{body}");
    let error = &body["errors"][0];
    assert_eq!(error["extensions"]["field"], "email");
    assert_eq!(error["extensions"]["reason"], "email.unavailable");
    let message = error["message"].as_str().unwrap().to_lowercase();
    assert!(
        !message.contains("exist") && !message.contains("already"),
        "{message}"
    );
    assert!(cookies.is_empty(), "nobody is signed in: {cookies:?}");

    // The owner hears of it, with the way back in.
    let mail = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        loop {
            if let Some(mail) = sink.messages.lock().await.first().cloned() {
                return mail;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    })
    .await
    .expect("the owner is emailed");
    assert!(mail.contains("To: hanako@example.jp"), "{mail}");
    // The bilingual body is base64; its lines follow the blank line after the headers.
    let (_, encoded) = mail.split_once("\n\n").unwrap();
    let body = base64::Engine::decode(
        &base64::engine::general_purpose::STANDARD,
        encoded.replace('\n', ""),
    )
    .unwrap();
    let body = String::from_utf8(body).unwrap();
    assert!(
        body.contains("Someone tried to create a new company on Kura"),
        "{body}"
    );
    assert!(body.contains("https://kura.example.jp/login"), "{body}");
    // The account is as it was: its password still works, and it has one company.
    let (ok, _) = call(
        &app,
        LOG_IN,
        json!({ "input": { "email": "hanako@example.jp", "password": PASSWORD } }),
        None,
    )
    .await;
    assert_eq!(
        ok["data"]["logIn"]["tenant"]["name"], "Yamada Shoten",
        "{ok}"
    );
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    let app = spawn_app().await;
    sign_up(&app, "hanako@example.jp").await;
    let attempt =
        |email: &str, password: &str| json!({ "input": { "email": email, "password": password } });
    let (wrong, _) = call(
        &app,
        LOG_IN,
        attempt("hanako@example.jp", "wrong-password-1"),
        None,
    )
    .await;
    let (unknown, _) = call(&app, LOG_IN, attempt("nobody@example.jp", PASSWORD), None).await;
    assert_eq!(error_code(&wrong), "UNAUTHENTICATED");
    assert_eq!(
        wrong["errors"][0]["message"],
        unknown["errors"][0]["message"]
    );
    assert_eq!(error_code(&unknown), "UNAUTHENTICATED");

    let (ok, _) = call(&app, LOG_IN, attempt("Hanako@Example.jp", PASSWORD), None).await;
    assert_eq!(
        ok["data"]["logIn"]["tenant"]["name"], "Yamada Shoten",
        "{ok}"
    );
}

#[tokio::test]
async fn refreshing_rotates_the_token_and_reusing_an_old_one_ends_the_session() {
    let app = spawn_app().await;
    let first = sign_up(&app, "hanako@example.jp").await["refreshToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let (body, _) = call(&app, REFRESH, json!({ "token": first }), None).await;
    let second = body["data"]["refreshSession"]["refreshToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let access = body["data"]["refreshSession"]["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(first, second);
    assert!(call(&app, ME, json!({}), Some(&access)).await.0["data"]["me"].is_object());

    // The rotated token comes back: someone copied it. The whole session ends.
    let (reuse, cookies) = call(&app, REFRESH, json!({ "token": first }), None).await;
    assert_eq!(error_code(&reuse), "UNAUTHENTICATED");
    assert!(
        cookies.iter().any(|c| c.starts_with("kura_refresh=;")),
        "cookie cleared"
    );
    let (after, _) = call(&app, REFRESH, json!({ "token": second }), None).await;
    assert_eq!(
        error_code(&after),
        "UNAUTHENTICATED",
        "the newer token died with its session"
    );
    let (me, _) = call(&app, ME, json!({}), Some(&access)).await;
    assert_eq!(
        error_code(&me),
        "UNAUTHENTICATED",
        "access tokens of a revoked session stop working"
    );
}

#[tokio::test]
async fn the_dashboard_refreshes_with_its_cookie() {
    let app = spawn_app().await;
    let token = sign_up(&app, "hanako@example.jp").await["refreshToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let response = app
        .client
        .post(format!("{}/graphql", app.address))
        .header("Cookie", format!("kura_refresh={token}"))
        .json(&json!({ "query": "mutation { refreshSession { accessToken } }" }))
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    assert!(
        body["data"]["refreshSession"]["accessToken"].is_string(),
        "{body}"
    );
}

#[tokio::test]
async fn logging_out_ends_the_session() {
    let app = spawn_app().await;
    let signed_up = sign_up(&app, "hanako@example.jp").await;
    let access = signed_up["accessToken"].as_str().unwrap();
    let (out, cookies) = call(&app, "mutation { logOut }", json!({}), Some(access)).await;
    assert_eq!(out["data"]["logOut"], true, "{out}");
    assert!(cookies.iter().any(|c| c.contains("Max-Age=0")));
    let (me, _) = call(&app, ME, json!({}), Some(access)).await;
    assert_eq!(error_code(&me), "UNAUTHENTICATED");
    let (refresh, _) = call(
        &app,
        REFRESH,
        json!({ "token": signed_up["refreshToken"] }),
        None,
    )
    .await;
    assert_eq!(error_code(&refresh), "UNAUTHENTICATED");
}

#[tokio::test]
async fn me_without_or_with_a_bad_token_is_unauthenticated() {
    let app = spawn_app().await;
    for token in [
        None,
        Some("garbage"),
        Some("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."),
    ] {
        let (body, _) = call(&app, ME, json!({}), token).await;
        assert_eq!(error_code(&body), "UNAUTHENTICATED", "{token:?}: {body}");
    }
}

#[tokio::test]
async fn a_websocket_acts_as_the_token_in_connection_init() {
    let app = spawn_app().await;
    let token = sign_up(&app, "hanako@example.jp").await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut ws = app.websocket().await;
    ws.send(json!({ "type": "connection_init", "payload": { "authorization": format!("Bearer {token}") } }))
        .await;
    assert_eq!(ws.expect_json().await["type"], "connection_ack");
    ws.send(json!({ "id": "me", "type": "subscribe", "payload": { "query": ME } }))
        .await;
    let next = ws.expect_json().await;
    assert_eq!(
        next["payload"]["data"]["me"]["user"]["email"], "hanako@example.jp",
        "{next}"
    );

    let mut bad = app.websocket().await;
    bad.send(json!({ "type": "connection_init", "payload": { "authorization": "Bearer nope" } }))
        .await;
    assert_eq!(bad.expect_close().await, (4403, "Forbidden".into()));
}

#[tokio::test]
async fn repeated_wrong_passwords_are_rate_limited_with_a_retry_time() {
    let app = spawn_app().await;
    sign_up(&app, "hanako@example.jp").await;
    let wrong =
        json!({ "input": { "email": "hanako@example.jp", "password": "wrong-password-1" } });
    for _ in 0..5 {
        let (body, _) = call(&app, LOG_IN, wrong.clone(), None).await;
        assert_eq!(error_code(&body), "UNAUTHENTICATED", "{body}");
    }
    // Even the right password waits now: the guesser cannot tell when they hit it.
    let right = json!({ "input": { "email": "hanako@example.jp", "password": PASSWORD } });
    let (body, _) = call(&app, LOG_IN, right, None).await;
    assert_eq!(error_code(&body), "RATE_LIMITED", "{body}");
    let retry = body["errors"][0]["extensions"]["retryAfterSeconds"]
        .as_u64()
        .unwrap();
    assert!(retry > 0 && retry <= 900, "{retry}");
}

const SESSIONS: &str = "{ mySessions { id current userAgent } }";

#[tokio::test]
async fn people_see_and_end_their_own_sessions_only() {
    let app = spawn_app().await;
    let first = sign_up(&app, "hanako@example.jp").await;
    let first_token = first["accessToken"].as_str().unwrap();
    let login = json!({ "input": { "email": "hanako@example.jp", "password": PASSWORD } });
    let (second, _) = call(&app, LOG_IN, login, None).await;
    let second_token = second["data"]["logIn"]["accessToken"].as_str().unwrap();

    let (listed, _) = call(&app, SESSIONS, json!({}), Some(first_token)).await;
    let sessions = listed["data"]["mySessions"].as_array().unwrap().clone();
    assert_eq!(sessions.len(), 2, "{listed}");
    assert_eq!(sessions.iter().filter(|s| s["current"] == true).count(), 1);
    let other = sessions.iter().find(|s| s["current"] == false).unwrap()["id"].clone();

    // Someone else cannot end Hanako's session, and learns nothing about it.
    let intruder = sign_up(&app, "taro@example.jp").await;
    let revoke = "mutation($id: ID!) { revokeSession(id: $id) }";
    let (denied, _) = call(
        &app,
        revoke,
        json!({ "id": other }),
        intruder["accessToken"].as_str(),
    )
    .await;
    assert_eq!(error_code(&denied), "NOT_FOUND", "{denied}");

    let (ended, _) = call(&app, revoke, json!({ "id": other }), Some(first_token)).await;
    assert_eq!(ended["data"]["revokeSession"], true, "{ended}");
    let (me, _) = call(&app, ME, json!({}), Some(second_token)).await;
    assert_eq!(
        error_code(&me),
        "UNAUTHENTICATED",
        "the ended session's token stops working"
    );

    let (everywhere, _) = call(
        &app,
        "mutation { logOutEverywhere }",
        json!({}),
        Some(first_token),
    )
    .await;
    assert_eq!(everywhere["data"]["logOutEverywhere"], 1, "{everywhere}");
    let (me, _) = call(&app, ME, json!({}), Some(first_token)).await;
    assert_eq!(error_code(&me), "UNAUTHENTICATED");
}

#[tokio::test]
async fn a_person_in_two_companies_switches_between_them() {
    let app = spawn_app().await;
    let hanako = sign_up(&app, "hanako@example.jp").await;
    let taro = sign_up(&app, "taro@example.jp").await;
    app.join(
        taro["accessToken"].as_str().unwrap(),
        "hanako@example.jp",
        "STAFF",
    )
    .await;

    let token = hanako["accessToken"].as_str().unwrap();
    let (me, _) = call(
        &app,
        "{ me { memberships { role tenant { id name } } } }",
        json!({}),
        Some(token),
    )
    .await;
    let memberships = me["data"]["me"]["memberships"].as_array().unwrap().clone();
    assert_eq!(memberships.len(), 2, "{me}");
    let switch =
        "mutation($t: ID!) { switchTenant(tenantId: $t) { accessToken role tenant { name } } }";
    let (switched, _) = call(
        &app,
        switch,
        json!({ "t": taro["tenant"]["id"] }),
        Some(token),
    )
    .await;
    assert_eq!(
        switched["data"]["switchTenant"]["role"], "STAFF",
        "{switched}"
    );
    let new_token = switched["data"]["switchTenant"]["accessToken"]
        .as_str()
        .unwrap();
    let (me, _) = call(&app, ME, json!({}), Some(new_token)).await;
    assert_eq!(me["data"]["me"]["role"], "STAFF");
    assert_eq!(me["data"]["me"]["tenant"]["name"], "Yamada Shoten");

    // A company she does not belong to is simply not found.
    let stranger = sign_up(&app, "jiro@example.jp").await;
    let (denied, _) = call(
        &app,
        switch,
        json!({ "t": stranger["tenant"]["id"] }),
        Some(new_token),
    )
    .await;
    assert_eq!(error_code(&denied), "NOT_FOUND", "{denied}");
}
