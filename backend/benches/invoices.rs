//! Invoicing figures on PostgreSQL + Redis:
//!
//! 1. `pgbench` tpcb-like TPS on the same server, for scale;
//! 2. a closing run (`runClosing`) for 1,000 customers with 20 shipments each (20,000
//!    shipment lines, each on its own order), previewed and then issued, over GraphQL on one
//!    replica: invoices per second and the whole run's time;
//! 3. the invoice PDF (20 lines) rendered per second over GraphQL.
//!
//! The shipments are written straight into the database (as the owner) so the bench times
//! the closing, not 20,000 `shipOrder` calls. Run: `cargo bench -p kura-backend --bench
//! invoices`; `KURA_BENCH_CUSTOMERS` and `KURA_BENCH_SHIPMENTS` scale it. It creates and drops
//! its own database, prints figures and asserts nothing.

mod common;

use std::time::Instant;

use common::{PASSWORD, call, env_or, log_in, psql};
use kura_backend::{
    auth::passwords::Hashing,
    store::seed::{self, SeedPlan},
};
use sea_orm::ConnectionTrait;
use serde_json::json;

#[tokio::main]
async fn main() {
    let server = std::env::var("KURA_BENCH_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
    let redis =
        std::env::var("KURA_BENCH_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    let customers = env_or("KURA_BENCH_CUSTOMERS", 1_000);
    let per_customer = env_or("KURA_BENCH_SHIPMENTS", 20);
    println!(
        "machine: {} cores",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    match common::pgbench_tps(&server, 15) {
        Some(tps) => println!("pgbench tpcb-like (scale 10, 16 clients, 15 s): {tps:.0} TPS"),
        None => println!("pgbench unavailable; skipped"),
    }

    let (name, owner, app_url) = common::fresh_database(&server).await;
    let owner_email = arrange(&owner, customers, per_customer).await;

    let web = tempfile::tempdir().expect("web dir");
    let (replicas, client) = common::two_replicas(&app_url, &redis, &web).await;
    let token = log_in(&client, &replicas[0], &owner_email).await;
    let replica = &replicas[0];
    let mut first = None;
    for dry in [true, false] {
        let (body, elapsed) = closing(&client, replica, &token, dry).await;
        let invoices = body["data"]["runClosing"]["invoices"]
            .as_array()
            .map_or(0, Vec::len);
        if !body["errors"].is_null() {
            println!("runClosing failed: {}", body["errors"]);
        }
        println!(
            "runClosing ({}) for {customers} customers × {per_customer} shipments: {invoices} invoices in {elapsed:.2} s = {:.0} invoices/s",
            if dry { "preview" } else { "issue" },
            invoices as f64 / elapsed,
        );
        if !dry {
            first = body["data"]["runClosing"]["invoices"][0]["id"]
                .as_str()
                .map(str::to_owned);
        }
    }
    let (again, elapsed) = closing(&client, replica, &token, false).await;
    println!(
        "the same closing again: {} invoices in {elapsed:.2} s",
        again["data"]["runClosing"]["invoices"]
            .as_array()
            .map_or(0, Vec::len),
    );
    if let Some(id) = first {
        let rate = pdfs_per_second(&client, replica, &token, &id, 50).await;
        println!(
            "invoice PDF ({per_customer} lines) over GraphQL, one at a time: {rate:.1} per second"
        );
    }

    drop(replicas);
    drop(owner);
    psql(
        &server,
        &format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"),
    );
}

/// Seeds one company and writes its customers and shipments; returns the owner's email.
async fn arrange(owner: &sea_orm::DatabaseConnection, customers: u64, per_customer: u64) -> String {
    let plan = SeedPlan {
        tenants: 1,
        variants: 200,
        locations: 1,
        password_hash: Hashing::for_this_machine()
            .hash(PASSWORD.into())
            .await
            .expect("hash"),
        label: "invoices-bench".into(),
    };
    let seeded = seed::seed(owner, &plan, |_, _| {}).await.expect("seed");
    let began = Instant::now();
    owner
        .execute_unprepared(&shipments_sql(seeded[0].tenant_id, customers, per_customer))
        .await
        .expect("shipments");
    println!(
        "arranged {customers} customers × {per_customer} shipments ({} lines) in {:.1} s",
        customers * per_customer,
        began.elapsed().as_secs_f64()
    );
    seeded[0].owner_email.clone()
}

/// The closing for 2026-09-20 (a preview when `dry`): the response and the seconds it took.
async fn closing(
    client: &reqwest::Client,
    replica: &common::Replica,
    token: &str,
    dry: bool,
) -> (serde_json::Value, f64) {
    let run = "mutation($d: Date!, $dry: Boolean!) { runClosing(input: { closingDate: $d, dryRun: $dry }) { invoices { id number } } }";
    let began = Instant::now();
    let body = call(
        client,
        replica,
        token,
        run,
        json!({ "d": "2026-09-20", "dry": dry }),
    )
    .await;
    (body, began.elapsed().as_secs_f64())
}

/// Invoice `id`'s PDF fetched `times` times over GraphQL, one after another: per second.
async fn pdfs_per_second(
    client: &reqwest::Client,
    replica: &common::Replica,
    token: &str,
    id: &str,
    times: u32,
) -> f64 {
    let began = Instant::now();
    for _ in 0..times {
        let body = call(
            client,
            replica,
            token,
            "query($id: ID!) { invoice(id: $id) { pdf { base64 } } }",
            json!({ "id": id }),
        )
        .await;
        assert!(body["errors"].is_null(), "{body}");
    }
    f64::from(times) / began.elapsed().as_secs_f64()
}

/// `customers` business customers closing on the 20th, each with `per_customer` one-line
/// orders shipped in September 2026, priced without tax, half of them at the reduced rate.
fn shipments_sql(tenant: uuid::Uuid, customers: u64, per_customer: u64) -> String {
    let total = customers * per_customer;
    format!(
        "BEGIN;
        CREATE TEMP TABLE bench_variants AS
          SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, sku FROM product_variants WHERE tenant_id = '{tenant}';
        INSERT INTO customers (tenant_id, id, kind, name, note, points_balance, code, closing_day, payment_month_offset, payment_day, created_at, updated_at)
          SELECT '{tenant}', ('00000000-0000-4000-8000-' || lpad(to_hex(c), 12, '0'))::uuid, 'BUSINESS',
                 '取引先 ' || c, '', 0, 'C-' || lpad(c::text, 5, '0'), 20, 1, 10, now(), now()
          FROM generate_series(1, {customers}) c;
        CREATE TEMP TABLE bench_shipments AS
          SELECT n, gen_random_uuid() AS order_id, gen_random_uuid() AS shipment_id,
                 ('00000000-0000-4000-8000-' || lpad(to_hex(1 + (n - 1) % {customers}), 12, '0'))::uuid AS customer_id,
                 (SELECT id FROM locations WHERE tenant_id = '{tenant}' LIMIT 1) AS location_id
          FROM generate_series(1, {total}) n;
        INSERT INTO orders (tenant_id, id, number, status, customer_id, location_id, currency, prices_include_tax,
                            tax_rounding, subtotal, tax, total, ordered_at, version)
          SELECT '{tenant}', order_id, 'SO-B-' || n, 'SHIPPED', customer_id, location_id, 'JPY', false, 'FLOOR',
                 1000 + n % 7, 0, 1000 + n % 7, timestamptz '2026-09-01 01:00+00', 1
          FROM bench_shipments;
        INSERT INTO order_lines (tenant_id, order_id, line_number, variant_id, sku, name, quantity, unit_price,
                                 tax_class, amount, shipped)
          SELECT '{tenant}', s.order_id, 1, v.id, v.sku, 'Item ' || v.sku, 1, 1000 + s.n % 7,
                 CASE WHEN s.n % 2 = 0 THEN 'REDUCED' ELSE 'STANDARD' END, 1000 + s.n % 7, 1
          FROM bench_shipments s JOIN bench_variants v ON v.k = s.n % (SELECT count(*) FROM bench_variants);
        INSERT INTO shipments (tenant_id, id, number, order_id, location_id, carrier, tracking_number, shipped_at)
          SELECT '{tenant}', shipment_id, 'SH-B-' || n, order_id, location_id, 'YAMATO', '',
                 timestamptz '2026-09-01 03:00+00' + (n % 19) * interval '1 day'
          FROM bench_shipments;
        INSERT INTO shipment_lines (tenant_id, shipment_id, line_number, order_id, variant_id, quantity)
          SELECT '{tenant}', s.shipment_id, 1, s.order_id, l.variant_id, 1
          FROM bench_shipments s JOIN order_lines l ON l.tenant_id = '{tenant}' AND l.order_id = s.order_id;
        ANALYZE;
        COMMIT;"
    )
}
