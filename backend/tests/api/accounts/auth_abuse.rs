//! The doors that check or create passwords hold against an attacker: throttles count
//! before the slow work, cannot be dodged with forged headers or aliases, and sign-ups are
//! limited per address.

use figment::Figment;
use futures_util::future::join_all;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, error_code, spawn_app, spawn_app_with};

const LOG_IN: &str = "mutation($input: LogInInput!) { logIn(input: $input) { accessToken } }";
const SIGN_UP: &str = "mutation($input: SignUpInput!) { signUp(input: $input) { accessToken } }";
/// `MAX_FAILURES_PER_ACCOUNT`.
const PER_ACCOUNT: usize = 5;
/// `MAX_FAILURES_PER_ADDRESS`.
const PER_ADDRESS: usize = 30;

fn log_in(email: &str, password: &str) -> Value {
    json!({ "input": { "email": email, "password": password } })
}

fn sign_up_input(email: &str) -> Value {
    json!({ "input": { "email": email, "password": PASSWORD, "name": "Yamada Hanako",
                       "companyName": "Yamada Shoten" } })
}

/// POSTs `query` with `X-Forwarded-For: forwarded_for`.
async fn call_forwarded(
    app: &TestApp,
    query: &str,
    variables: Value,
    forwarded_for: &str,
) -> Value {
    app.client
        .post(format!("{}/graphql", app.address))
        .header("X-Forwarded-For", forwarded_for)
        .json(&json!({ "query": query, "variables": variables }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn parallel_wrong_passwords_for_one_account_reach_the_password_check_at_most_five_times() {
    let app = spawn_app().await;
    app.sign_up("hanako@example.jp").await;
    let guesses = (0..20).map(|i| {
        app.call(
            LOG_IN,
            log_in("hanako@example.jp", &format!("wrong-password-{i}")),
            None,
        )
    });
    let answers = join_all(guesses).await;
    let codes: Vec<&str> = answers.iter().map(error_code).collect();
    let checked = codes.iter().filter(|c| **c == "UNAUTHENTICATED").count();
    let refused = codes.iter().filter(|c| **c == "RATE_LIMITED").count();
    assert!(
        checked <= PER_ACCOUNT,
        "{checked} guesses were checked: {codes:?}"
    );
    assert!(refused >= 20 - PER_ACCOUNT, "{refused} refused: {codes:?}");
    assert_eq!(checked + refused, 20, "{codes:?}");
}

#[tokio::test]
async fn rotating_x_forwarded_for_does_not_escape_the_per_address_limit() {
    let app = spawn_app().await;
    for i in 0..PER_ADDRESS {
        let body = call_forwarded(
            &app,
            LOG_IN,
            log_in(&format!("guess{i}@example.jp"), "wrong-password-1"),
            &format!("10.9.{i}.1"),
        )
        .await;
        assert_eq!(error_code(&body), "UNAUTHENTICATED", "{body}");
    }
    let body = call_forwarded(
        &app,
        LOG_IN,
        log_in("one-more@example.jp", "wrong-password-1"),
        "10.10.10.10",
    )
    .await;
    assert_eq!(error_code(&body), "RATE_LIMITED", "{body}");
}

#[tokio::test]
async fn behind_one_trusted_proxy_the_right_most_forwarded_address_is_the_client() {
    let app = spawn_app_with(Figment::new().merge(("trusted_proxies", 1))).await;
    for i in 0..PER_ADDRESS {
        let body = call_forwarded(
            &app,
            LOG_IN,
            log_in(&format!("guess{i}@example.jp"), "wrong-password-1"),
            &format!("10.9.{i}.1, 203.0.113.5"),
        )
        .await;
        assert_eq!(error_code(&body), "UNAUTHENTICATED", "{body}");
    }
    let forged_left = call_forwarded(
        &app,
        LOG_IN,
        log_in("one-more@example.jp", "wrong-password-1"),
        "10.10.10.10, 203.0.113.5",
    )
    .await;
    assert_eq!(error_code(&forged_left), "RATE_LIMITED", "{forged_left}");
    let another_client = call_forwarded(
        &app,
        LOG_IN,
        log_in("one-more@example.jp", "wrong-password-1"),
        "203.0.113.5, 203.0.113.6",
    )
    .await;
    assert_eq!(
        error_code(&another_client),
        "UNAUTHENTICATED",
        "{another_client}"
    );
}

#[tokio::test]
async fn one_request_may_carry_only_one_authentication_mutation() {
    let app = spawn_app().await;
    app.sign_up("hanako@example.jp").await;
    let aliased = app
        .call(
            "mutation($a: LogInInput!, $b: LogInInput!) {
                a: logIn(input: $a) { accessToken } b: logIn(input: $b) { accessToken } }",
            json!({ "a": log_in("hanako@example.jp", "wrong-password-1")["input"],
                    "b": log_in("hanako@example.jp", PASSWORD)["input"] }),
            None,
        )
        .await;
    assert_eq!(error_code(&aliased), "VALIDATION", "{aliased}");
    assert!(aliased["data"].is_null(), "{aliased}");

    let through_fragments = app
        .call(
            "mutation($a: SignUpInput!, $b: LogInInput!) { ...New ... on Mutation { logIn(input: $b) { accessToken } } }
             fragment New on Mutation { signUp(input: $a) { accessToken } }",
            json!({ "a": sign_up_input("taro@example.jp")["input"],
                    "b": log_in("hanako@example.jp", PASSWORD)["input"] }),
            None,
        )
        .await;
    assert_eq!(
        error_code(&through_fragments),
        "VALIDATION",
        "{through_fragments}"
    );
    let taro = app
        .call(LOG_IN, log_in("taro@example.jp", PASSWORD), None)
        .await;
    assert_eq!(
        error_code(&taro),
        "UNAUTHENTICATED",
        "nothing ran, so no account was made: {taro}"
    );

    // Neither refused request counted an attempt: four wrong ones and the right one still fit.
    for _ in 0..PER_ACCOUNT - 1 {
        let wrong = app
            .call(
                LOG_IN,
                log_in("hanako@example.jp", "wrong-password-2"),
                None,
            )
            .await;
        assert_eq!(error_code(&wrong), "UNAUTHENTICATED", "{wrong}");
    }
    let right = app
        .call(LOG_IN, log_in("hanako@example.jp", PASSWORD), None)
        .await;
    assert!(right["errors"].is_null(), "{right}");
}

#[tokio::test]
async fn sign_ups_from_one_address_are_limited_per_hour() {
    let app = spawn_app_with(Figment::new().merge(("sign_up_limit_per_hour", 3))).await;
    for i in 0..3 {
        let body = app
            .call(
                SIGN_UP,
                sign_up_input(&format!("owner{i}@example.jp")),
                None,
            )
            .await;
        assert!(body["errors"].is_null(), "{body}");
    }
    let refused = call_forwarded(
        &app,
        SIGN_UP,
        sign_up_input("owner3@example.jp"),
        "10.10.10.10",
    )
    .await;
    assert_eq!(error_code(&refused), "RATE_LIMITED", "{refused}");
    let retry = refused["errors"][0]["extensions"]["retryAfterSeconds"]
        .as_u64()
        .unwrap();
    assert!(retry > 0 && retry <= 3600, "{retry}");
    let nobody = app
        .call(LOG_IN, log_in("owner3@example.jp", PASSWORD), None)
        .await;
    assert_eq!(error_code(&nobody), "UNAUTHENTICATED", "{nobody}");
}
