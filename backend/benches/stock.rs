//! Stock figures on PostgreSQL + Redis, with two replicas (two `Application`s sharing the
//! database and the Redis bus, as `kura serve` processes would):
//!
//! 1. `pgbench` tpcb-like TPS on the same server, for scale;
//! 2. `adjustStock` calls per second through the GraphQL API, spread over both replicas;
//! 3. latency from a committed adjustment on replica A to 1,000 subscribers of
//!    `stockLevelChanged` on replica B (p50 / p99, measured from the movement's timestamp,
//!    taken inside the transaction just before it commits);
//! 4. `stockLevels(first: 100)` latency (p50 / p99) with 100 companies × 10,000 variants ×
//!    10 locations loaded by the seed generator (`kura seed`).
//!
//! Run: `cargo bench -p kura-backend --bench stock`. Scale with `KURA_BENCH_TENANTS`,
//! `KURA_BENCH_VARIANTS`, `KURA_BENCH_LOCATIONS`, `KURA_BENCH_SUBSCRIBERS`,
//! `KURA_BENCH_SECONDS`; servers with `KURA_BENCH_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432`) and `KURA_BENCH_REDIS_URL`. It creates and drops
//! its own databases, prints figures, and asserts nothing.

mod common;

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use common::{PASSWORD, call, env_or, log_in, ms, percentile, pgbench_tps, psql};

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use futures_util::{StreamExt, stream};
use kura_backend::{
    auth::passwords::Hashing,
    store::seed::{self, SeedPlan},
};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

const ADJUST: &str = "mutation($v: ID!, $l: ID!, $d: Int!) { adjustStock(input: {
    variantId: $v, locationId: $l, delta: $d, reason: CORRECTION }) { version } }";

#[tokio::main]
async fn main() {
    let server = std::env::var("KURA_BENCH_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
    let redis =
        std::env::var("KURA_BENCH_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    let tenants = env_or("KURA_BENCH_TENANTS", 100) as u32;
    let variants = env_or("KURA_BENCH_VARIANTS", 10_000) as u32;
    let locations = env_or("KURA_BENCH_LOCATIONS", 10) as u32;
    let subscribers = env_or("KURA_BENCH_SUBSCRIBERS", 1000) as usize;
    let seconds = env_or("KURA_BENCH_SECONDS", 15);

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

    let started = Instant::now();
    let plan = SeedPlan {
        tenants,
        variants,
        locations,
        password_hash: Hashing::for_this_machine()
            .hash(PASSWORD.into())
            .await
            .expect("hash"),
        label: "bench".into(),
    };
    let seeded = seed::seed(&owner, &plan, |n, _| {
        if n % 10 == 0 {
            println!(
                "  seeded {n}/{tenants} companies after {:.0} s",
                started.elapsed().as_secs_f64()
            );
        }
    })
    .await
    .expect("seed");
    owner.execute_unprepared("ANALYZE").await.expect("analyze");
    let rows = u64::from(tenants) * u64::from(variants) * u64::from(locations);
    println!(
        "seed: {tenants} companies × {variants} variants × {locations} locations = {rows} stock rows (+ as many movements) in {:.0} s",
        started.elapsed().as_secs_f64()
    );

    let web = tempfile::tempdir().expect("web dir");
    let (replicas, client) = common::two_replicas(&app_url, &redis, &web).await;
    let token = log_in(&client, &replicas[0], &seeded[0].owner_email).await;

    // Rows to adjust: the first company's stock rows, as (variant, location) global ids.
    let page = call(
        &client,
        &replicas[0],
        &token,
        "{ stockLevels(first: 250) { edges { node { variantId locationId } } } }",
        json!({}),
    )
    .await;
    let targets: Vec<(Value, Value)> = page["data"]["stockLevels"]["edges"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|e| {
            (
                e["node"]["variantId"].clone(),
                e["node"]["locationId"].clone(),
            )
        })
        .collect();

    // 2. Adjustments per second.
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let done = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let workers = 32;
    let began = Instant::now();
    stream::iter(0..workers)
        .for_each_concurrent(workers, |w| {
            let (client, replicas, token, targets, done) =
                (&client, &replicas, &token, &targets, done.clone());
            async move {
                let mut i = w;
                while Instant::now() < deadline {
                    let (v, l) = &targets[i % targets.len()];
                    let body = call(
                        client,
                        &replicas[i % 2],
                        token,
                        ADJUST,
                        json!({ "v": v, "l": l, "d": 1 }),
                    )
                    .await;
                    if body["errors"].is_null() {
                        done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                    i += workers;
                }
            }
        })
        .await;
    let count = done.load(std::sync::atomic::Ordering::Relaxed);
    println!(
        "adjustStock over GraphQL, 2 replicas, {workers} clients, {seconds} s: {count} adjustments = {:.0}/s",
        count as f64 / began.elapsed().as_secs_f64()
    );

    // 3. Commit → subscriber latency across replicas. Let the relay drain the previous
    // phase first, and count only changes made from here on.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let samples = common::latency_subscribers(
        replicas[1].port,
        &token,
        "subscription { stockLevelChanged { movement { createdAt } } }",
        "/payload/data/stockLevelChanged/movement/createdAt",
        subscribers,
    )
    .await;
    let changes = 100;
    for i in 0..changes {
        let (v, l) = &targets[i % targets.len()];
        call(
            &client,
            &replicas[0],
            &token,
            ADJUST,
            json!({ "v": v, "l": l, "d": 1 }),
        )
        .await;
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    let mut latencies = samples.lock().expect("samples").clone();
    latencies.sort();
    println!(
        "commit on replica A → {subscribers} subscribers on replica B ({changes} changes, {} deliveries of {} expected): p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        latencies.len(),
        changes * subscribers,
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, 0.99)),
        ms(percentile(&latencies, 1.0)),
    );

    // 4. stockLevels(first: 100) at random positions of a loaded company.
    let ids = owner
        .query_all_raw(Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "SELECT id FROM stock_levels WHERE tenant_id = $1 ORDER BY random() LIMIT 500",
            [seeded[seeded.len() / 2].tenant_id.into()],
        ))
        .await
        .expect("ids");
    let middle = log_in(&client, &replicas[0], &seeded[seeded.len() / 2].owner_email).await;
    let mut timings = Vec::new();
    let query = "query($a: String) { stockLevels(first: 100, after: $a) { edges { node { id onHand available version variantId locationId } } pageInfo { hasNextPage } } }";
    for (n, row) in ids.iter().enumerate() {
        let id: uuid::Uuid = row.try_get("", "id").expect("id");
        let after = (n % 5 != 0).then(|| URL_SAFE_NO_PAD.encode(id.to_string()));
        let started = Instant::now();
        let body = call(
            &client,
            &replicas[n % 2],
            &middle,
            query,
            json!({ "a": after }),
        )
        .await;
        timings.push(started.elapsed());
        assert!(body["errors"].is_null(), "{body}");
    }
    timings.sort();
    println!(
        "stockLevels(first: 100) with {rows} rows loaded ({} requests): p50 {:.1} ms, p99 {:.1} ms",
        timings.len(),
        ms(percentile(&timings, 0.5)),
        ms(percentile(&timings, 0.99))
    );

    drop(owner);
    psql(&server, &format!("DROP DATABASE {name} WITH (FORCE)"));
}
