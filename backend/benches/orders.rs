//! Order figures on PostgreSQL + Redis, with two replicas sharing the database and bus:
//!
//! 1. `pgbench` tpcb-like TPS on the same server, for scale;
//! 2. `createOrder` with 5 lines, confirmed (allocated) in the same call, per second over
//!    both replicas;
//! 3. allocation latency (p50 / p99) while every client competes for the same 10 SKUs, and
//!    proof that none was oversold.
//!
//! Run: `cargo bench -p kura-backend --bench orders`. Scale with `KURA_BENCH_SECONDS` and
//! `KURA_BENCH_CLIENTS`; servers with `KURA_BENCH_POSTGRES_URL` and `KURA_BENCH_REDIS_URL`.
//! It creates and drops its own databases, prints figures and asserts nothing.

mod common;

use std::{
    sync::{
        Arc, Mutex,
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

const CREATE: &str = "mutation($input: CreateOrderInput!) { createOrder(input: $input) {
    status lines { allocatedQuantity backorderedQuantity } } }";

#[tokio::main]
async fn main() {
    let server = std::env::var("KURA_BENCH_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
    let redis =
        std::env::var("KURA_BENCH_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    let seconds = env_or("KURA_BENCH_SECONDS", 15);
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
    let plan = SeedPlan {
        tenants: 1,
        variants: 2_000,
        locations: 2,
        password_hash: Hashing::for_this_machine()
            .hash(PASSWORD.into())
            .await
            .expect("hash"),
        label: "orders-bench".into(),
    };
    let seeded = seed::seed(&owner, &plan, |_, _| {}).await.expect("seed");
    let web = tempfile::tempdir().expect("web dir");
    let (replicas, client) = common::two_replicas(&app_url, &redis, &web).await;
    let token = log_in(&client, &replicas[0], &seeded[0].owner_email).await;

    let rows = call(
        &client,
        &replicas[0],
        &token,
        "{ locations { edges { node { id } } } stockLevels(first: 250) { edges { node { variantId } } } }",
        json!({}),
    )
    .await;
    let location = rows["data"]["locations"]["edges"][0]["node"]["id"].clone();
    let variants: Vec<Value> = rows["data"]["stockLevels"]["edges"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|e| e["node"]["variantId"].clone())
        .collect();

    // 2. Orders of 5 lines, created and allocated in one call.
    let order = |n: usize, lines: usize, pool: &[Value]| {
        json!({ "input": {
            "locationId": location,
            "confirm": true,
            "lines": (0..lines).map(|k| json!({ "variantId": pool[(n * lines + k) % pool.len()], "quantity": 1 })).collect::<Vec<_>>(),
        } })
    };
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let done = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let began = Instant::now();
    stream::iter(0..clients)
        .for_each_concurrent(clients, |w| {
            let (client, replicas, token, done, failed, order, variants) = (
                &client,
                &replicas,
                &token,
                done.clone(),
                failed.clone(),
                &order,
                &variants,
            );
            async move {
                let mut n = w;
                while Instant::now() < deadline {
                    let body = call(
                        client,
                        &replicas[n % 2],
                        token,
                        CREATE,
                        order(n, 5, variants),
                    )
                    .await;
                    if body["errors"].is_null() {
                        done.fetch_add(1, Ordering::Relaxed);
                    } else {
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                    n += clients;
                }
            }
        })
        .await;
    let count = done.load(Ordering::Relaxed);
    println!(
        "createOrder + allocate (5 lines) over GraphQL, 2 replicas, {clients} clients, {seconds} s: {count} orders = {:.0}/s ({} failed)",
        count as f64 / began.elapsed().as_secs_f64(),
        failed.load(Ordering::Relaxed),
    );

    // 3. Every client wants one of the same 10 SKUs.
    let hot: Vec<Value> = variants.iter().take(10).cloned().collect();
    let latencies = Arc::new(Mutex::new(Vec::new()));
    let per_client = 20;
    stream::iter(0..clients)
        .for_each_concurrent(clients, |w| {
            let (client, replicas, token, order, hot, latencies) =
                (&client, &replicas, &token, &order, &hot, latencies.clone());
            async move {
                for k in 0..per_client {
                    let n = w * per_client + k;
                    let start = Instant::now();
                    let body =
                        call(client, &replicas[n % 2], token, CREATE, order(n, 1, hot)).await;
                    if body["errors"].is_null() {
                        latencies.lock().expect("latencies").push(start.elapsed());
                    }
                }
            }
        })
        .await;
    let mut latencies = latencies.lock().expect("latencies").clone();
    latencies.sort();
    println!(
        "allocation under contention ({clients} clients × {per_client} orders for the same 10 SKUs): p50 {:.1} ms, p99 {:.1} ms ({} orders)",
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, 0.99)),
        latencies.len(),
    );
    let check = call(
        &client,
        &replicas[0],
        &token,
        "{ stockReconciliation { balanced rowsChecked } }",
        json!({}),
    )
    .await;
    println!(
        "after the run: stock rows and open orders reconcile = {} ({} rows)",
        check["data"]["stockReconciliation"]["balanced"],
        check["data"]["stockReconciliation"]["rowsChecked"]
    );

    drop(replicas);
    drop(owner);
    psql(
        &server,
        &format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"),
    );
}
