//! Sales figures on PostgreSQL + Redis, with two replicas sharing the database and bus:
//!
//! 1. `pgbench` tpcb-like TPS on the same server, for scale;
//! 2. `recordSale` with 3 lines per second through the GraphQL API, over both replicas;
//! 3. latency from a sale committed on replica A to the live dashboards subscribed to
//!    `saleRecorded` on replica B (p50 / p99, from the sale's `recordedAt`, stamped in the
//!    transaction just before it commits);
//! 4. Shopify `orders/create` webhooks (3 lines, signed) ingested per second over both
//!    replicas: each answer comes after the delivery is verified, stored and recorded.
//!
//! Run: `cargo bench -p kura-backend --bench sales`. Scale with `KURA_BENCH_SECONDS`,
//! `KURA_BENCH_SUBSCRIBERS`, `KURA_BENCH_CLIENTS`; servers with `KURA_BENCH_POSTGRES_URL`
//! and `KURA_BENCH_REDIS_URL`. It creates and drops its own databases, prints figures and
//! asserts nothing.

mod common;

use std::{
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use common::{PASSWORD, call, env_or, log_in, ms, percentile, pgbench_tps, psql};
use futures_util::{StreamExt, stream};
use kura_backend::{
    auth::passwords::Hashing,
    store::seed::{self, SeedPlan},
};
use serde_json::{Value, json};

const RECORD: &str = "mutation($input: RecordSaleInput!) { recordSale(input: $input) { id } }";

#[tokio::main]
async fn main() {
    let server = std::env::var("KURA_BENCH_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
    let redis =
        std::env::var("KURA_BENCH_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    let seconds = env_or("KURA_BENCH_SECONDS", 15);
    let subscribers = env_or("KURA_BENCH_SUBSCRIBERS", 100) as usize;
    let clients = env_or("KURA_BENCH_CLIENTS", 32) as usize;

    println!(
        "machine: {} cores",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    match pgbench_tps(&server, seconds) {
        Some(tps) => {
            println!("pgbench tpcb-like (scale 10, 16 clients, {seconds} s): {tps:.0} TPS")
        }
        None => println!("pgbench unavailable; skipped"),
    }

    let (name, owner, app_url) = common::fresh_database(&server).await;
    // One shop: 2,000 variants at 2 locations, as the seed generator lays it out.
    let plan = SeedPlan {
        tenants: 1,
        variants: 2_000,
        locations: 2,
        password_hash: Hashing::for_this_machine()
            .hash(PASSWORD.into())
            .await
            .expect("hash"),
        label: "sales-bench".into(),
    };
    let seeded = seed::seed(&owner, &plan, |_, _| {}).await.expect("seed");

    let web = tempfile::tempdir().expect("web dir");
    let (replicas, client) = common::two_replicas(&app_url, &redis, &web).await;
    let token = log_in(&client, &replicas[0], &seeded[0].owner_email).await;

    let rows = call(
        &client,
        &replicas[0],
        &token,
        "{ locations { edges { node { id } } } stockLevels(first: 250) { edges { node { variantId variant { sku } } } } }",
        json!({}),
    )
    .await;
    let location = rows["data"]["locations"]["edges"][0]["node"]["id"].clone();
    let levels = rows["data"]["stockLevels"]["edges"]
        .as_array()
        .expect("rows");
    let variants: Vec<Value> = levels
        .iter()
        .map(|e| e["node"]["variantId"].clone())
        .collect();
    let skus: Vec<String> = levels
        .iter()
        .map(|e| {
            e["node"]["variant"]["sku"]
                .as_str()
                .expect("sku")
                .to_owned()
        })
        .collect();
    let channel = call(
        &client,
        &replicas[0],
        &token,
        "mutation($l: ID!) { createChannel(input: { name: \"Bench register\", kind: POS, provider: MANUAL, locationIds: [$l] }) { id } }",
        json!({ "l": location }),
    )
    .await["data"]["createChannel"]["id"]
        .clone();
    let sale = |n: usize| {
        json!({ "input": {
            "channelId": channel,
            "externalId": format!("bench-{n}"),
            "lines": (0..3).map(|k| json!({ "variantId": variants[(n * 3 + k) % variants.len()], "quantity": 1 })).collect::<Vec<_>>(),
            "payments": [{ "method": "CASH", "amount": "100000" }],
        } })
    };

    // 2. Sales per second.
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let done = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let began = Instant::now();
    stream::iter(0..clients)
        .for_each_concurrent(clients, |w| {
            let (client, replicas, token, done, failed, sale) = (
                &client,
                &replicas,
                &token,
                done.clone(),
                failed.clone(),
                &sale,
            );
            async move {
                let mut n = w;
                while Instant::now() < deadline {
                    let body = call(client, &replicas[n % 2], token, RECORD, sale(n)).await;
                    if body["errors"].is_null() {
                        done.fetch_add(1, Ordering::Relaxed);
                    } else if failed.fetch_add(1, Ordering::Relaxed) == 0 {
                        eprintln!("first failure: {}", body["errors"]);
                    }
                    n += clients;
                }
            }
        })
        .await;
    let count = done.load(Ordering::Relaxed);
    println!(
        "recordSale (3 lines) over GraphQL, 2 replicas, {clients} clients, {seconds} s: {count} sales = {:.0}/s ({} failed)",
        count as f64 / began.elapsed().as_secs_f64(),
        failed.load(Ordering::Relaxed),
    );

    // 3. Sale → live dashboard latency across replicas.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let samples = common::latency_subscribers(
        replicas[1].port,
        &token,
        "subscription { saleRecorded { recordedAt total { amount } } }",
        "/payload/data/saleRecorded/recordedAt",
        subscribers,
    )
    .await;
    let sales = 100;
    for n in 0..sales {
        call(&client, &replicas[0], &token, RECORD, sale(1_000_000 + n)).await;
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    let mut latencies = samples.lock().expect("samples").clone();
    latencies.sort();
    println!(
        "sale committed on replica A → {subscribers} saleRecorded subscribers on replica B ({sales} sales, {} deliveries of {} expected): p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        latencies.len(),
        sales * subscribers,
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, 0.99)),
        ms(percentile(&latencies, 1.0)),
    );

    // 4. Webhook ingest.
    let secret = "shpss_bench_secret";
    let shopify = call(
        &client,
        &replicas[0],
        &token,
        "mutation($l: ID!, $s: String!) { createChannel(input: { name: \"Bench Shopify\", kind: EC, provider: SHOPIFY, locationIds: [$l], webhookSecret: $s }) { webhookUrl } }",
        json!({ "l": location, "s": secret }),
    )
    .await;
    let path = shopify["data"]["createChannel"]["webhookUrl"]
        .as_str()
        .unwrap_or_else(|| panic!("{shopify}"))
        .to_owned();
    let urls: Vec<String> = replicas
        .iter()
        .map(|r| r.address.replace("/graphql", &path))
        .collect();
    // Every SKU is seen once before timing, so the run measures steady state and not the
    // first sight of each item (when Kura fills its mapping table).
    let warm = skus.len().div_ceil(3);
    let deliveries = |from: usize, to: usize| {
        stream::iter(from..to).for_each_concurrent(clients, |n| {
            let (client, urls, skus, done, failed) =
                (&client, &urls, &skus, done.clone(), failed.clone());
            async move {
                let body = shopify_order(n, skus);
                let status = client
                    .post(&urls[n % 2])
                    .header("Content-Type", "application/json")
                    .header("X-Shopify-Topic", "orders/create")
                    .header("X-Shopify-Hmac-Sha256", sign(secret, &body))
                    .header("X-Shopify-Webhook-Id", uuid::Uuid::new_v4().to_string())
                    .header("X-Shopify-Shop-Domain", "kura-bench.myshopify.com")
                    .body(body)
                    .send()
                    .await
                    .map(|r| r.status().is_success());
                if matches!(status, Ok(true)) {
                    done.fetch_add(1, Ordering::Relaxed);
                } else {
                    failed.fetch_add(1, Ordering::Relaxed);
                }
            }
        })
    };
    deliveries(0, warm).await;
    done.store(0, Ordering::Relaxed);
    failed.store(0, Ordering::Relaxed);
    let total = env_or("KURA_BENCH_WEBHOOKS", 3_000) as usize;
    let began = Instant::now();
    deliveries(warm, warm + total).await;
    println!(
        "Shopify orders/create webhooks (3 lines, HMAC checked, stored, recorded), 2 replicas, {clients} clients: {} in {:.1} s = {:.0}/s ({} failed)",
        done.load(Ordering::Relaxed),
        began.elapsed().as_secs_f64(),
        done.load(Ordering::Relaxed) as f64 / began.elapsed().as_secs_f64(),
        failed.load(Ordering::Relaxed),
    );

    drop(owner);
    psql(&server, &format!("DROP DATABASE {name} WITH (FORCE)"));
}

/// A paid Shopify order of three of the shop's SKUs, as Shopify sends it.
fn shopify_order(n: usize, skus: &[String]) -> Vec<u8> {
    let now = chrono::Utc::now().to_rfc3339();
    let lines: Vec<Value> = (0..3)
        .map(|k| {
            let item = (n * 3 + k) % skus.len();
            json!({
                "id": n * 10 + k,
                "variant_id": 40_000_000 + item,
                "sku": skus[item],
                "title": "Bench item",
                "quantity": 1,
                "price": "1100.00",
                "total_discount": "0.00",
                "tax_lines": [{ "rate": 0.1, "price": "100", "title": "消費税" }]
            })
        })
        .collect();
    serde_json::to_vec(&json!({
        "id": 7_000_000_000u64 + n as u64,
        "created_at": now,
        "processed_at": now,
        "updated_at": now,
        "currency": "JPY",
        "taxes_included": true,
        "total_price": "3300",
        "payment_gateway_names": ["shopify_payments"],
        "line_items": lines,
        "refunds": []
    }))
    .expect("order json")
}

/// `X-Shopify-Hmac-Sha256`: base64 of HMAC-SHA256 over the raw body, computed here rather
/// than by the code under test.
fn sign(secret: &str, body: &[u8]) -> String {
    use base64::Engine;
    use hmac::Mac;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).expect("key");
    mac.update(body);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}
