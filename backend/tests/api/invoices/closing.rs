//! The closing run (締め処理) through the public API: who closes on which day (the 20th,
//! month end in a 30-day month), the 23:59 JST edge, a head office billed for its branch,
//! per-shipment customers, returns as negative lines and credit notes, tax once per rate
//! against figures worked out here, the balance brought forward, previews that store
//! nothing, and runs that never bill twice, even two at once.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code, jan, spawn_app};

const INVOICE: &str = "id number kind status billToName closingDate periodStart periodEnd dueDate
    previousBalance { amount } paymentsReceived { amount } carriedForward { amount }
    taxLines { rate taxableAmount { amount } tax { amount } }
    subtotal { amount } tax { amount } total { amount } amountDue { amount } preview
    customer { code }
    lines { lineNumber source documentNumber date orderNumber sku quantity unitPrice { amount } taxClass amount { amount } }";

pub(super) struct Books {
    pub token: String,
    pub location: Value,
    pub head_office: Value,
    pub branch: Value,
    pub spot: Value,
    pub month_end: Value,
}

async fn customer(app: &TestApp, token: &str, input: Value) -> Value {
    let body = app
        .call(
            "mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }",
            json!({ "input": input }),
            Some(token),
        )
        .await;
    assert!(body["errors"].is_null(), "createCustomer failed: {body}");
    body["data"]["createCustomer"]["id"].clone()
}

/// A store with shirts (10%, retail ¥1,980) and tea (8%), and four business customers: a
/// head office closing on the 20th (paid the 10th of the next month), its branch billed to
/// it, one billed per shipment (paid at the end of the month), one closing at month end.
pub(super) async fn books(app: &TestApp) -> Books {
    let token = app.sign_up("owner@example.jp").await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let s = app.stocked(&token).await;
    let body = app
        .call(
            "mutation($input: CreateProductInput!) { createProduct(input: $input) { variants { id } } }",
            json!({ "input": { "name": "Green tea", "taxClass": "REDUCED",
                "variants": [{ "sku": "TEA-100", "barcode": jan("490000000002"), "price": "540" }] } }),
            Some(&token),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
    let tea = body["data"]["createProduct"]["variants"][0]["id"].clone();
    assert!(app.adjust(&token, &tea, &s.location, 100).await["errors"].is_null());
    let terms = |closing: i64, months: i64, day: i64| json!({ "closingDay": closing, "paymentMonthOffset": months, "paymentDay": day });
    let head_office = customer(
        app,
        &token,
        json!({ "kind": "BUSINESS", "name": "株式会社山田本社",
        "code": "HQ", "billingTerms": terms(20, 1, 10) }),
    )
    .await;
    let branch = customer(
        app,
        &token,
        json!({ "kind": "BUSINESS", "name": "山田商店 渋谷店",
        "code": "HQ-SHIBUYA", "billToCustomerId": head_office }),
    )
    .await;
    let spot = customer(
        app,
        &token,
        json!({ "kind": "BUSINESS", "name": "スポット商事",
        "code": "SPOT", "billingTerms": terms(0, 0, 31) }),
    )
    .await;
    let month_end = customer(
        app,
        &token,
        json!({ "kind": "BUSINESS", "name": "月末物産",
        "code": "END", "billingTerms": terms(31, 1, 31) }),
    )
    .await;
    Books {
        token,
        location: s.location,
        head_office,
        branch,
        spot,
        month_end,
    }
}

/// Orders shirts and tea for `customer` at the given prices, ships everything, and dates
/// the shipment `shipped_at`; returns the shipment's id.
pub(super) async fn shipped(
    app: &TestApp,
    b: &Books,
    customer: &Value,
    lines: Value,
    shipped_at: &str,
) -> Value {
    let body = app
        .call(
            "mutation($input: CreateOrderInput!) { createOrder(input: $input) { id lines { lineNumber quantity } } }",
            json!({ "input": { "customerId": customer, "locationId": b.location, "confirm": true,
                               "pricesIncludeTax": false, "lines": lines } }),
            Some(&b.token),
        )
        .await;
    assert!(body["errors"].is_null(), "createOrder failed: {body}");
    let order = &body["data"]["createOrder"];
    let all: Vec<Value> = order["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| json!({ "lineNumber": l["lineNumber"], "quantity": l["quantity"] }))
        .collect();
    let body = app
        .call(
            "mutation($input: ShipOrderInput!) { shipOrder(input: $input) { id } }",
            json!({ "input": { "orderId": order["id"], "carrier": "YAMATO", "lines": all } }),
            Some(&b.token),
        )
        .await;
    assert!(body["errors"].is_null(), "shipOrder failed: {body}");
    let id = body["data"]["shipOrder"]["id"].clone();
    backdate(app, "shipments", "shipped_at", &id, shipped_at).await;
    id
}

/// Moves a shipment or return to `at`: the API only ever records "now".
async fn backdate(app: &TestApp, table: &str, column: &str, global_id: &Value, at: &str) {
    let at: DateTime<Utc> = at.parse().unwrap();
    let id = uuid_of(global_id);
    let backend = app.db.get_database_backend();
    let sql = match backend {
        sea_orm::DbBackend::Postgres => format!("UPDATE {table} SET {column} = $1 WHERE id = $2"),
        _ => format!("UPDATE {table} SET {column} = ? WHERE id = ?"),
    };
    app.db
        .execute_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [at.into(), id.into()],
        ))
        .await
        .unwrap();
}

fn uuid_of(global_id: &Value) -> uuid::Uuid {
    use base64::Engine;
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(global_id.as_str().unwrap())
        .unwrap();
    let text = String::from_utf8(raw).unwrap();
    text.split_once(':').unwrap().1.parse().unwrap()
}

pub(super) async fn run(app: &TestApp, token: &str, date: &str, dry_run: bool) -> Value {
    app.call(
        &format!(
            "mutation($input: RunClosingInput!) {{ runClosing(input: $input) {{ closingDate dryRun invoices {{ {INVOICE} }} }} }}"
        ),
        json!({ "input": { "closingDate": date, "dryRun": dry_run } }),
        Some(token),
    )
    .await
}

pub(super) fn issued(body: &Value) -> Vec<Value> {
    assert!(body["errors"].is_null(), "runClosing failed: {body}");
    body["data"]["runClosing"]["invoices"]
        .as_array()
        .unwrap()
        .clone()
}

pub(super) fn amount(value: &Value) -> i64 {
    value["amount"].as_str().unwrap().parse().unwrap()
}

/// Tax at `percent` on `amount`, rounded down, as the tax office computes it.
fn tax(amount: i64, percent: i64) -> i64 {
    amount * percent / 100
}

async fn listed(app: &TestApp, token: &str) -> Vec<Value> {
    let body = app
        .call(
            &format!("{{ invoices(first: 50) {{ edges {{ node {{ {INVOICE} }} }} }} }}"),
            json!({}),
            Some(token),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
    body["data"]["invoices"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"].clone())
        .collect()
}

#[tokio::test]
async fn a_closing_bills_each_customer_on_its_day_once_with_tax_per_rate() {
    let app = spawn_app().await;
    let b = books(&app).await;
    // The head office's delivery at 23:59 JST on the 20th belongs to the 20th; its branch's a
    // minute later, at midnight, to the next period.
    shipped(
        &app,
        &b,
        &b.head_office,
        json!([
        { "sku": "SHIRT-M", "quantity": 3, "unitPrice": "1333" },
        { "sku": "TEA-100", "quantity": 7, "unitPrice": "333" }]),
        "2026-09-20T14:59:00Z",
    )
    .await;
    shipped(
        &app,
        &b,
        &b.branch,
        json!([{ "sku": "SHIRT-M", "quantity": 1, "unitPrice": "1000" }]),
        "2026-09-20T15:00:00Z",
    )
    .await;
    shipped(
        &app,
        &b,
        &b.spot,
        json!([{ "sku": "TEA-100", "quantity": 2, "unitPrice": "500" }]),
        "2026-09-10T03:00:00Z",
    )
    .await;
    shipped(
        &app,
        &b,
        &b.month_end,
        json!([{ "sku": "SHIRT-M", "quantity": 1, "unitPrice": "2000" }]),
        "2026-09-15T03:00:00Z",
    )
    .await;

    // The preview shows what would be issued and stores nothing.
    let preview = issued(&run(&app, &b.token, "2026-09-20", true).await);
    let codes: Vec<&str> = preview
        .iter()
        .map(|i| i["customer"]["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["HQ", "SPOT"]);
    assert!(preview.iter().all(|i| i["preview"] == true));
    assert!(listed(&app, &b.token).await.is_empty());

    let first = issued(&run(&app, &b.token, "2026-09-20", false).await);
    assert_eq!(first.len(), 2);
    let (hq, spot) = (&first[0], &first[1]);
    assert!(hq["number"].as_str().unwrap().ends_with("-000001"), "{hq}");
    assert!(
        spot["number"].as_str().unwrap().ends_with("-000002"),
        "{spot}"
    );
    assert_eq!(hq["number"].as_str().unwrap()[..3], *"IN-");
    assert_eq!(preview[0]["number"], hq["number"]);

    // Head office: only its own 23:59 delivery; tax once per rate on each rate's sum.
    let (shirts, tea) = (3 * 1333, 7 * 333);
    assert_eq!(hq["lines"].as_array().unwrap().len(), 2);
    assert_eq!(hq["periodStart"], "2026-08-21");
    assert_eq!(hq["periodEnd"], "2026-09-20");
    assert_eq!(hq["dueDate"], "2026-10-10");
    assert_eq!(hq["lines"][0]["date"], "2026-09-20");
    let rates: Vec<(String, i64, i64)> = hq["taxLines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["rate"].as_str().unwrap().to_owned(),
                amount(&t["taxableAmount"]),
                amount(&t["tax"]),
            )
        })
        .collect();
    assert_eq!(
        rates,
        vec![
            ("STANDARD".to_owned(), shirts, tax(shirts, 10)),
            ("REDUCED".to_owned(), tea, tax(tea, 8)),
        ]
    );
    let total = shirts + tea + tax(shirts, 10) + tax(tea, 8);
    assert_eq!(amount(&hq["subtotal"]), shirts + tea);
    assert_eq!(amount(&hq["total"]), total);
    assert_eq!(amount(&hq["previousBalance"]), 0);
    assert_eq!(amount(&hq["amountDue"]), total);
    let pdf = app
        .call(
            "query($id: ID!) { invoice(id: $id) { pdf { fileName contentType base64 } } }",
            json!({ "id": hq["id"] }),
            Some(&b.token),
        )
        .await;
    let pdf = &pdf["data"]["invoice"]["pdf"];
    assert_eq!(
        pdf["fileName"],
        format!("{}.pdf", hq["number"].as_str().unwrap())
    );
    let bytes = base64::Engine::decode(
        &base64::engine::general_purpose::STANDARD,
        pdf["base64"].as_str().unwrap(),
    )
    .unwrap();
    assert!(bytes.starts_with(b"%PDF"), "{pdf}");
    if let Ok(dir) = std::env::var("KURA_TEST_ARTIFACTS") {
        std::fs::write(format!("{dir}/invoice.pdf"), &bytes).unwrap();
    }

    // Per shipment: billed on the day it shipped, due at the end of that month.
    assert_eq!(spot["periodEnd"], "2026-09-10");
    assert_eq!(spot["dueDate"], "2026-09-30");
    assert_eq!(amount(&spot["total"]), 1_000 + tax(1_000, 8));

    // A second run of the same day issues nothing; the month-end customer closes on the
    // 30th of November, a 30-day month.
    assert!(issued(&run(&app, &b.token, "2026-09-20", false).await).is_empty());
    let september = issued(&run(&app, &b.token, "2026-09-30", false).await);
    assert_eq!(september.len(), 1);
    assert_eq!(september[0]["customer"]["code"], "END");
    assert_eq!(september[0]["periodStart"], "2026-09-01");
    assert_eq!(september[0]["dueDate"], "2026-10-31");
    assert!(
        september[0]["number"]
            .as_str()
            .unwrap()
            .ends_with("-000003")
    );

    // A shirt comes back from the head office's delivery; in October the branch's late
    // delivery and the return are billed, after the balance brought forward.
    let body = app
        .call(
            "mutation($input: ReturnShipmentInput!) { returnShipment(input: $input) { id } }",
            json!({ "input": { "shipmentId": shipped_id_of(&app, &b, hq).await, "lines": [{ "lineNumber": 1, "quantity": 1 }] } }),
            Some(&b.token),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
    backdate(
        &app,
        "order_returns",
        "received_at",
        &body["data"]["returnShipment"]["id"],
        "2026-10-05T01:00:00Z",
    )
    .await;
    let october = issued(&run(&app, &b.token, "2026-10-08", false).await);
    assert!(october.is_empty(), "nobody closes on the 8th: {october:?}");
    let october = issued(&run(&app, &b.token, "2026-10-20", false).await);
    assert_eq!(october.len(), 1);
    let hq2 = &october[0];
    assert_eq!(amount(&hq2["previousBalance"]), total);
    assert_eq!(amount(&hq2["carriedForward"]), total);
    let quantities: Vec<i64> = hq2["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["quantity"].as_i64().unwrap())
        .collect();
    assert_eq!(quantities, [1, -1]);
    let net = 1_000 - 1_333;
    assert_eq!(amount(&hq2["total"]), net + tax(net, 10));
    assert_eq!(amount(&hq2["amountDue"]), total + net + tax(net, 10));
}

/// The id of the shipment an invoice's first line billed.
async fn shipped_id_of(app: &TestApp, b: &Books, invoice: &Value) -> Value {
    let number = invoice["lines"][0]["orderNumber"].as_str().unwrap();
    let body = app
        .call(
            "{ orders(first: 50) { edges { node { number shipments { id } } } } }",
            json!({}),
            Some(&b.token),
        )
        .await;
    body["data"]["orders"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["number"] == number)
        .map(|e| e["node"]["shipments"][0]["id"].clone())
        .unwrap()
}

#[tokio::test]
async fn two_runs_at_once_issue_once_and_a_day_not_over_is_refused() {
    let app = spawn_app().await;
    let b = books(&app).await;
    shipped(
        &app,
        &b,
        &b.spot,
        json!([{ "sku": "TEA-100", "quantity": 1, "unitPrice": "500" }]),
        "2026-09-10T03:00:00Z",
    )
    .await;
    shipped(
        &app,
        &b,
        &b.head_office,
        json!([{ "sku": "SHIRT-M", "quantity": 1, "unitPrice": "1000" }]),
        "2026-09-11T03:00:00Z",
    )
    .await;
    let (one, two) = tokio::join!(
        run(&app, &b.token, "2026-09-20", false),
        run(&app, &b.token, "2026-09-20", false)
    );
    let mut counts = [issued(&one).len(), issued(&two).len()];
    counts.sort_unstable();
    assert_eq!(counts, [0, 2]);
    let numbers: Vec<String> = listed(&app, &b.token)
        .await
        .iter()
        .map(|i| i["number"].as_str().unwrap()[8..].to_owned())
        .collect();
    assert_eq!(numbers, ["000002", "000001"]);

    let refused = run(&app, &b.token, "2999-01-01", false).await;
    assert_eq!(error_code(&refused), "VALIDATION", "{refused}");
    assert_eq!(
        refused["errors"][0]["extensions"]["reason"], "closing.date.future",
        "{refused}"
    );

    // What the head office owes is what was invoiced to it.
    let body = app
        .call(
            "query($id: ID!) { customer(id: $id) { balance { amount } billTo { code } } }",
            json!({ "id": b.head_office }),
            Some(&b.token),
        )
        .await;
    assert_eq!(
        amount(&body["data"]["customer"]["balance"]),
        1_100,
        "{body}"
    );
    let body = app
        .call(
            "query($id: ID!) { customer(id: $id) { balance { amount } billTo { code } } }",
            json!({ "id": b.branch }),
            Some(&b.token),
        )
        .await;
    assert_eq!(body["data"]["customer"]["billTo"]["code"], "HQ", "{body}");

    // What is invoiced and unpaid counts against the credit limit: ¥1,100 owed and a new
    // ¥1,100 order pass a ¥2,000 limit.
    let body = app
        .call(
            "mutation($id: ID!) { updateCustomer(id: $id, input: { creditLimit: \"2000\" }) { id } }",
            json!({ "id": b.head_office }),
            Some(&b.token),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
    let body = app
        .call(
            "mutation($input: CreateOrderInput!) { createOrder(input: $input) { status
                creditHold { receivables { amount } openOrders { amount } exposure { amount } } } }",
            json!({ "input": { "customerId": b.head_office, "locationId": b.location, "confirm": true,
                               "pricesIncludeTax": false,
                               "lines": [{ "sku": "SHIRT-M", "quantity": 1, "unitPrice": "1000" }] } }),
            Some(&b.token),
        )
        .await;
    let order = &body["data"]["createOrder"];
    assert_eq!(order["status"], "ON_HOLD", "{body}");
    assert_eq!(amount(&order["creditHold"]["receivables"]), 1_100);
    assert_eq!(amount(&order["creditHold"]["exposure"]), 2_200);
}

#[tokio::test]
async fn a_bill_to_must_pay_its_own_invoices_and_only_managers_close() {
    let app = spawn_app().await;
    let b = books(&app).await;
    let update =
        |id: &Value, bill_to: &Value| json!({ "id": id, "input": { "billToCustomerId": bill_to } });
    for (id, bill_to, reason) in [
        (&b.head_office, &b.head_office, "customer.bill_to.self"),
        (&b.head_office, &b.spot, "customer.bill_to.chained"),
        (&b.spot, &b.branch, "customer.bill_to.not_billed"),
        (&b.spot, &json!("bm90LWFuLWlk"), "customer.bill_to.unknown"),
    ] {
        let body = app
            .call(
                "mutation($id: ID!, $input: UpdateCustomerInput!) { updateCustomer(id: $id, input: $input) { id } }",
                update(id, bill_to),
                Some(&b.token),
            )
            .await;
        assert_eq!(error_code(&body), "VALIDATION", "{body}");
        assert_eq!(body["errors"][0]["extensions"]["reason"], reason, "{body}");
    }
    let body = app
        .call(
            "mutation($id: ID!) { updateCustomer(id: $id, input: { billingTerms: null }) { id } }",
            json!({ "id": b.head_office }),
            Some(&b.token),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["reason"], "customer.bill_to.in_use",
        "{body}"
    );

    let staff = app.join(&b.token, "staff@example.jp", "STAFF").await;
    let body = run(&app, &staff, "2026-09-20", true).await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    let body = app
        .call(
            "{ invoices(first: 5) { edges { node { id } } } }",
            json!({}),
            Some(&staff),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
}

async fn void(app: &TestApp, token: &str, id: &Value, reason: &str) -> Value {
    app.call(
        "mutation($id: ID!, $reason: String!) { voidInvoice(id: $id, reason: $reason) { number status voidReason } }",
        json!({ "id": id, "reason": reason }),
        Some(token),
    )
    .await
}

#[tokio::test]
async fn a_voided_invoice_is_billed_again_by_the_next_closing_and_the_latest_goes_first() {
    let app = spawn_app().await;
    let b = books(&app).await;
    shipped(
        &app,
        &b,
        &b.head_office,
        json!([{ "sku": "SHIRT-M", "quantity": 1, "unitPrice": "1000" }]),
        "2026-09-11T03:00:00Z",
    )
    .await;
    let september = issued(&run(&app, &b.token, "2026-09-20", false).await);
    let october = issued(&run(&app, &b.token, "2026-10-20", false).await);
    // Nothing new in October: the unpaid ¥1,100 is carried forward on its own.
    assert_eq!(amount(&october[0]["total"]), 0);
    assert_eq!(amount(&october[0]["amountDue"]), 1_100);

    let refused = void(&app, &b.token, &september[0]["id"], "単価誤り").await;
    assert_eq!(error_code(&refused), "CONFLICT", "{refused}");
    let refused = void(&app, &b.token, &october[0]["id"], " ").await;
    assert_eq!(error_code(&refused), "VALIDATION", "{refused}");
    let voided = void(&app, &b.token, &october[0]["id"], "繰越のみ").await;
    assert_eq!(voided["data"]["voidInvoice"]["status"], "VOID", "{voided}");
    let again = void(&app, &b.token, &october[0]["id"], "繰越のみ").await;
    assert_eq!(error_code(&again), "CONFLICT", "{again}");
    let voided = void(&app, &b.token, &september[0]["id"], "単価誤り").await;
    assert_eq!(
        voided["data"]["voidInvoice"]["voidReason"], "単価誤り",
        "{voided}"
    );

    // The shipment is billed again, under the next number, from nothing brought forward.
    let again = issued(&run(&app, &b.token, "2026-09-20", false).await);
    assert_eq!(again.len(), 1);
    assert!(
        again[0]["number"].as_str().unwrap().ends_with("-000003"),
        "{again:?}"
    );
    assert_eq!(amount(&again[0]["previousBalance"]), 0);
    assert_eq!(amount(&again[0]["total"]), 1_100);
    let body = app
        .call(
            "query($id: ID!) { customer(id: $id) { balance { amount } } }",
            json!({ "id": b.head_office }),
            Some(&b.token),
        )
        .await;
    assert_eq!(
        amount(&body["data"]["customer"]["balance"]),
        1_100,
        "{body}"
    );
}
