//! The stock ledger under the conditions production brings: processes that crash between
//! commit and publish, and two replicas taking concurrent writes.

use std::collections::BTreeMap;

use futures_util::{StreamExt, stream};
use serde_json::{Value, json};

use crate::{
    replicas::{SECRET, kura_migrate},
    support::{Kura, TestDatabase, Ws, services},
};

const SUBSCRIPTION: &str = "subscription { stockLevelChanged {
    stockLevel { id onHand version } movement { delta } } }";

pub(crate) async fn owner(kura: &Kura) -> String {
    let body = kura
        .call(
            "mutation($input: SignUpInput!) { signUp(input: $input) { accessToken } }",
            json!({ "input": { "email": "owner@example.jp", "password": "umbrella-tofu-42",
                               "name": "Owner", "companyName": "Kura Apparel" } }),
            None,
        )
        .await;
    body["data"]["signUp"]["accessToken"]
        .as_str()
        .unwrap_or_else(|| panic!("sign-up failed: {body}"))
        .to_owned()
}

pub(crate) async fn location(kura: &Kura, token: &str, code: &str) -> Value {
    let body = kura
        .call(
            "mutation($code: String!) { createLocation(input: { code: $code, name: $code, kind: STORE }) { id } }",
            json!({ "code": code }),
            Some(token),
        )
        .await;
    body["data"]["createLocation"]["id"].clone()
}

pub(crate) async fn variant(kura: &Kura, token: &str, sku: &str) -> Value {
    let body = kura
        .call(
            "mutation($sku: String!) { createProduct(input: { name: $sku, taxClass: STANDARD,
                variants: [{ sku: $sku, price: \"1000\" }] }) { variants { id } } }",
            json!({ "sku": sku }),
            Some(token),
        )
        .await;
    body["data"]["createProduct"]["variants"][0]["id"].clone()
}

async fn adjust(kura: &Kura, token: &str, variant: &Value, location: &Value, delta: i64) -> Value {
    kura.call(
        "mutation($v: ID!, $l: ID!, $d: Int!) { adjustStock(input: {
            variantId: $v, locationId: $l, delta: $d, reason: CORRECTION }) { id onHand version } }",
        json!({ "v": variant, "l": location, "d": delta }),
        Some(token),
    )
    .await
}

/// The next `stockLevelChanged` payload, or `None` if nothing arrives within `wait`.
async fn next_change(ws: &mut Ws, wait: std::time::Duration) -> Option<Value> {
    let message = tokio::time::timeout(wait, ws.next()).await.ok()??;
    Some(message["payload"]["data"]["stockLevelChanged"].clone())
}

#[tokio::test]
async fn a_change_committed_just_before_a_crash_is_delivered_after_restart() {
    let db = TestDatabase::create().await;
    let (_, redis) = services();
    kura_migrate(&db.url, &["up"]).await;
    let env = |relay: &'static str| {
        vec![
            ("DATABASE_URL", db.url.as_str()),
            ("REDIS_URL", redis.as_str()),
            ("KURA_JWT_SECRET", SECRET),
            ("KURA_OUTBOX_RELAY", relay),
        ]
    };
    // The subscriber's replica never publishes itself; the writer crashes before it can.
    let watcher_env = env("false");
    let watcher = Kura::start(&watcher_env).await;
    let writer = Kura::start(&watcher_env).await;
    let token = owner(&writer).await;
    let shop = location(&writer, &token, "SHIBUYA").await;
    let shirt = variant(&writer, &token, "SHIRT-M").await;
    let mut ws = watcher.websocket_as(&token).await;
    ws.subscribe_and_wait("stock", SUBSCRIPTION).await;

    let adjusted = adjust(&writer, &token, &shirt, &shop, 5).await;
    assert_eq!(adjusted["data"]["adjustStock"]["onHand"], 5, "{adjusted}");
    assert!(
        next_change(&mut ws, std::time::Duration::from_millis(1500))
            .await
            .is_none(),
        "nothing may be published while no relay runs"
    );
    writer.kill().await;

    let restarted_env = env("true");
    let _restarted = Kura::start(&restarted_env).await;
    let change = next_change(&mut ws, std::time::Duration::from_secs(10))
        .await
        .expect("the committed change arrives once a relay runs again");
    assert_eq!(change["stockLevel"]["onHand"], 5, "{change}");
    assert_eq!(change["movement"]["delta"], 5);
}

#[tokio::test]
async fn concurrent_adjustments_and_transfers_on_two_replicas_lose_nothing_and_reach_every_subscriber_in_order()
 {
    let db = TestDatabase::create().await;
    let (_, redis) = services();
    kura_migrate(&db.url, &["up"]).await;
    let env = [
        ("DATABASE_URL", db.url.as_str()),
        ("REDIS_URL", redis.as_str()),
        ("KURA_JWT_SECRET", SECRET),
        ("KURA_DB_MAX_CONNECTIONS", "20"),
    ];
    let replicas = [Kura::start(&env).await, Kura::start(&env).await];
    let token = owner(&replicas[0]).await;
    let mut rows = Vec::new();
    for code in ["SHIBUYA", "UMEDA"] {
        let place = location(&replicas[0], &token, code).await;
        for sku in ["TEE-S", "TEE-M", "TEE-L"] {
            rows.push((
                format!("{sku}@{code}"),
                place.clone(),
                variant_once(&replicas[0], &token, sku).await,
            ));
        }
    }
    let mut subscribers = Vec::new();
    for replica in &replicas {
        let mut ws = replica.websocket_as(&token).await;
        ws.subscribe_and_wait("stock", SUBSCRIPTION).await;
        subscribers.push(ws);
    }

    // 2,000 operations, alternating replicas, 32 in flight: adjustments (some removals
    // are refused for want of stock, which must change nothing) and, every tenth, a
    // transfer of one unit from SHIBUYA to UMEDA, shipped and received at once.
    let total = 2000;
    let plan: Vec<(usize, usize, i64)> = (0..total)
        .map(|i| (i % 2, (i * 7) % rows.len(), if i % 5 == 0 { -3 } else { 2 }))
        .collect();
    let results: Vec<Outcome> = stream::iter(plan.into_iter().enumerate())
        .map(|(i, (replica, row, delta))| {
            let (replicas, rows, token) = (&replicas, &rows, &token);
            async move {
                let kura = &replicas[replica];
                if i % 10 == 3 {
                    // Rows 0..3 are the sizes at SHIBUYA, 3..6 the same sizes at UMEDA.
                    let size = row % 3;
                    return transfer_one(kura, token, &rows[size], &rows[size + 3])
                        .await
                        .map(|()| Outcome {
                            deltas: vec![(size, -1), (size + 3, 1)],
                            // Ship: source onHand and destination incoming; receive: destination.
                            changes: 3,
                        })
                        .unwrap_or_default();
                }
                let body = adjust(kura, token, &rows[row].2, &rows[row].1, delta).await;
                if body["errors"].is_null() {
                    Outcome {
                        deltas: vec![(row, delta)],
                        changes: 1,
                    }
                } else {
                    assert_eq!(
                        body["errors"][0]["extensions"]["code"], "INSUFFICIENT_STOCK",
                        "{body}"
                    );
                    Outcome::default()
                }
            }
        })
        .buffer_unordered(32)
        .collect()
        .await;
    let mut expected: BTreeMap<usize, i64> = BTreeMap::new();
    let mut applied = 0;
    let mut transfers = 0;
    for outcome in &results {
        for (row, delta) in &outcome.deltas {
            *expected.entry(*row).or_default() += delta;
        }
        applied += outcome.changes;
        transfers += i64::from(outcome.changes == 3);
    }
    assert!(transfers > 50, "transfers took part: {transfers}");

    let levels = replicas[1]
        .call("{ stockLevels(first: 250) { edges { node { id onHand version variant { sku } location { code } } } } }", json!({}), Some(&token))
        .await;
    let mut final_versions: BTreeMap<String, i64> = BTreeMap::new();
    for edge in levels["data"]["stockLevels"]["edges"].as_array().unwrap() {
        let node = &edge["node"];
        let name = format!(
            "{}@{}",
            node["variant"]["sku"].as_str().unwrap(),
            node["location"]["code"].as_str().unwrap()
        );
        let row = rows.iter().position(|r| r.0 == name).unwrap();
        assert_eq!(
            node["onHand"].as_i64().unwrap(),
            expected.get(&row).copied().unwrap_or(0),
            "no lost update on {name}"
        );
        final_versions.insert(
            node["id"].as_str().unwrap().to_owned(),
            node["version"].as_i64().unwrap(),
        );
    }
    assert_eq!(
        final_versions
            .values()
            .fold(0i64, |sum, v| sum.saturating_add(*v)),
        applied,
        "one version per applied change"
    );
    let check = replicas[0]
        .call(
            "{ stockReconciliation { balanced rowsChecked } }",
            json!({}),
            Some(&token),
        )
        .await;
    assert_eq!(
        check["data"]["stockReconciliation"]["balanced"], true,
        "{check}"
    );

    for (n, ws) in subscribers.iter_mut().enumerate() {
        let mut seen: BTreeMap<String, i64> = BTreeMap::new();
        for _ in 0..applied {
            let change = next_change(ws, std::time::Duration::from_secs(20))
                .await
                .unwrap_or_else(|| {
                    panic!(
                        "subscriber {n} stopped after {} changes",
                        seen.values().fold(0i64, |sum, v| sum.saturating_add(*v))
                    )
                });
            let id = change["stockLevel"]["id"].as_str().unwrap().to_owned();
            let version = change["stockLevel"]["version"].as_i64().unwrap();
            let last = seen.entry(id).or_insert(0);
            assert_eq!(
                version,
                *last + 1,
                "subscriber {n} saw row versions in order, without gaps"
            );
            *last = version;
        }
        assert_eq!(seen, final_versions, "subscriber {n} saw every change");
    }
}

/// What one operation did: the onHand change per row, and how many row changes (versions)
/// it made.
#[derive(Debug, Default)]
struct Outcome {
    deltas: Vec<(usize, i64)>,
    changes: i64,
}

/// Moves one unit of `from`'s variant to `to`: create, ship, receive. `None` when the
/// source had none available (the draft is cancelled; nothing moved).
async fn transfer_one(
    kura: &Kura,
    token: &str,
    from: &(String, Value, Value),
    to: &(String, Value, Value),
) -> Option<()> {
    let created = kura
        .call(
            "mutation($f: ID!, $t: ID!, $v: ID!) { createTransfer(input: {
                fromLocationId: $f, toLocationId: $t, lines: [{ variantId: $v, quantity: 1 }] }) { id } }",
            json!({ "f": from.1, "t": to.1, "v": from.2 }),
            Some(token),
        )
        .await;
    let id = created["data"]["createTransfer"]["id"].clone();
    assert!(id.is_string(), "{created}");
    let shipped = kura
        .call(
            "mutation($id: ID!) { shipTransfer(id: $id) { status } }",
            json!({ "id": id }),
            Some(token),
        )
        .await;
    if !shipped["errors"].is_null() {
        assert_eq!(
            shipped["errors"][0]["extensions"]["code"], "INSUFFICIENT_STOCK",
            "{shipped}"
        );
        kura.call(
            "mutation($id: ID!) { cancelTransfer(id: $id) { status } }",
            json!({ "id": id }),
            Some(token),
        )
        .await;
        return None;
    }
    let received = kura
        .call(
            "mutation($id: ID!, $v: ID!) { receiveTransfer(id: $id, input: { lines: [{ variantId: $v, quantity: 1 }] }) { status } }",
            json!({ "id": id, "v": from.2 }),
            Some(token),
        )
        .await;
    assert_eq!(
        received["data"]["receiveTransfer"]["status"], "RECEIVED",
        "{received}"
    );
    Some(())
}

/// Each SKU is created once per company; later locations reuse its variant.
async fn variant_once(kura: &Kura, token: &str, sku: &str) -> Value {
    let found = kura
        .call(
            "query($s: String) { productVariant(sku: $s) { id } }",
            json!({ "s": sku }),
            Some(token),
        )
        .await;
    match &found["data"]["productVariant"]["id"] {
        Value::String(_) => found["data"]["productVariant"]["id"].clone(),
        _ => variant(kura, token, sku).await,
    }
}
