//! The retention job: old webhook bodies, ended sessions and stale retry keys go; recent
//! rows, unsettled deliveries and channel sales' identities stay.

use chrono::{DateTime, Duration, Utc};
use figment::Figment;
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value as SqlValue};
use serde_json::json;

use crate::{
    fakes,
    helpers::{TestApp, spawn_app_with},
};

const SECRET: &str = "shpss_retention_secret";

/// Runs `sql` as the owner; `$1` is `at`.
async fn at(app: &TestApp, sql: &str, at: DateTime<Utc>) {
    let backend = app.db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => sql.to_owned(),
        _ => sql.replace("$1", "?"),
    };
    app.db
        .execute_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [SqlValue::from(at)],
        ))
        .await
        .unwrap();
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    let backend = app.db.get_database_backend();
    app.db
        .query_one_raw(Statement::from_string(backend, sql))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap()
}

async fn body_of(app: &TestApp, delivery: &str) -> String {
    let backend = app.db.get_database_backend();
    app.db
        .query_one_raw(Statement::from_string(
            backend,
            format!("SELECT body FROM inbound_events WHERE provider_event_id = '{delivery}'"),
        ))
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("delivery {delivery} is gone"))
        .try_get::<String>("", "body")
        .unwrap()
}

#[tokio::test]
async fn old_webhook_bodies_ended_sessions_and_stale_retry_keys_are_removed_and_nothing_else() {
    let app = spawn_app_with(
        Figment::new()
            .merge(("retention_interval_secs", 1))
            .merge(("inbound_retry_secs", 0)),
    )
    .await;
    let owner = app.sign_up("keeper@example.jp").await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    app.sign_up("gone@example.jp").await;
    let days_ago = |days: i64| Utc::now() - Duration::days(days);

    // Webhook deliveries, all settled as IGNORED, then aged by hand.
    let location = app.location(&owner, "SHIBUYA").await;
    let body = app
        .call(
            "mutation($input: CreateChannelInput!) { createChannel(input: $input) { id webhookUrl } }",
            json!({ "input": { "name": "Shop", "kind": "EC", "provider": "SHOPIFY",
                               "locationIds": [location], "webhookSecret": SECRET } }),
            Some(&owner),
        )
        .await;
    let url = format!(
        "{}{}",
        app.address,
        body["data"]["createChannel"]["webhookUrl"]
            .as_str()
            .unwrap()
    );
    let mut sent = Vec::new();
    for name in ["old", "recent", "unprocessed", "parked"] {
        let customer = json!({ "id": name, "email": format!("{name}@customer.example.jp") });
        let request = fakes::shopify::signed_webhook(
            SECRET.as_bytes(),
            "customers/create",
            &serde_json::to_vec(&customer).unwrap(),
        );
        let request = {
            let mut r = request;
            r.headers
                .retain(|(n, _)| !n.eq_ignore_ascii_case("X-Shopify-Webhook-Id"));
            r.headers.push(("X-Shopify-Webhook-Id".into(), name.into()));
            r
        };
        assert_eq!(request.send(&app.client, &url).await.status(), 200);
        sent.push(request);
    }
    let aged = "UPDATE inbound_events SET processed_at = $1";
    at(
        &app,
        &format!("{aged} WHERE provider_event_id = 'old'"),
        days_ago(31),
    )
    .await;
    at(
        &app,
        &format!("{aged} WHERE provider_event_id = 'recent'"),
        days_ago(29),
    )
    .await;
    at(
        &app,
        "UPDATE inbound_events SET status = 'RECEIVED', processed_at = NULL, received_at = $1 \
         WHERE provider_event_id = 'unprocessed'",
        days_ago(40),
    )
    .await;
    at(
        &app,
        &format!("{aged}, status = 'PARKED' WHERE provider_event_id = 'parked'"),
        days_ago(40),
    )
    .await;

    // Sessions: one person's ended two days ago.
    at(
        &app,
        "UPDATE sessions SET expires_at = $1 WHERE user_id IN \
         (SELECT id FROM users WHERE email = 'gone@example.jp')",
        days_ago(2),
    )
    .await;

    // Retry keys: a client's old and new ones, and a channel sale's external id.
    let shirt = app
        .product(&owner, "Linen shirt", "SHIRT-M", "490000000001")
        .await
        .1;
    for key in ["old-key", "new-key"] {
        let body = app
            .call(
                "mutation($input: AdjustStockInput!) { adjustStock(input: $input) { id } }",
                json!({ "input": { "variantId": shirt, "locationId": location, "delta": 1,
                                   "reason": "FOUND", "idempotencyKey": key } }),
                Some(&owner),
            )
            .await;
        assert!(body["errors"].is_null(), "{body}");
    }
    let register = app.channel(&owner, "Register", &[&location]).await;
    let sale = app
        .sell(
            &owner,
            json!({ "channelId": register, "externalId": "R-1",
                    "lines": [{ "sku": "SHIRT-M", "quantity": 1 }],
                    "payments": [{ "method": "CASH", "amount": "1980" }] }),
        )
        .await;
    assert!(sale["errors"].is_null(), "{sale}");
    at(
        &app,
        "UPDATE idempotency_keys SET created_at = $1 WHERE key IN ('old-key', 'R-1')",
        days_ago(8),
    )
    .await;

    let gone_sessions = "SELECT COUNT(*) AS n FROM sessions WHERE user_id IN \
                         (SELECT id FROM users WHERE email = 'gone@example.jp')";
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let done = body_of(&app, "old").await.is_empty()
            && count(&app, gone_sessions).await == 0
            && count(
                &app,
                "SELECT COUNT(*) AS n FROM idempotency_keys WHERE key = 'old-key'",
            )
            .await
                == 0;
        if done {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the retention job did not remove the old rows"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }

    for kept in ["recent", "unprocessed", "parked"] {
        assert!(
            body_of(&app, kept).await.contains("customer.example.jp"),
            "{kept} keeps its body"
        );
    }
    // The emptied delivery still recognises its redelivery.
    let again = sent[0].send(&app.client, &url).await;
    let answer: serde_json::Value = again.json().await.unwrap();
    assert_eq!(answer["status"], "DUPLICATE", "{answer}");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM sessions WHERE user_id IN \
             (SELECT id FROM users WHERE email = 'keeper@example.jp')"
        )
        .await,
        1,
        "a live session stays"
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM refresh_tokens WHERE session_id NOT IN (SELECT id FROM sessions)"
        )
        .await,
        0,
        "an ended session's refresh tokens go with it"
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM idempotency_keys WHERE key IN ('new-key', 'R-1')"
        )
        .await,
        2,
        "a recent retry key and a channel sale's external id stay"
    );
    let keeper = app
        .call("{ me { user { email } } }", json!({}), Some(&owner))
        .await;
    assert_eq!(
        keeper["data"]["me"]["user"]["email"], "keeper@example.jp",
        "{keeper}"
    );
}
