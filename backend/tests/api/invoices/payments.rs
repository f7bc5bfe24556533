//! Payments received (入金) and applied to invoices (消込) through the public API: the bank
//! fee settles an invoice in full, oldest invoices first, an overpayment stays as credit,
//! the next invoice shows what came in, a repeat records nothing, and every refusal says
//! why and changes nothing.

use serde_json::{Value, json};

use super::closing::{amount, books, issued, run, shipped};
use crate::helpers::{TestApp, error_code};

const PAYMENT: &str = "id number receivedOn method amount { amount } bankFee { amount }
    credited { amount } unapplied { amount } allocations { invoiceId invoiceNumber amount { amount } }
    customer { code }";

async fn pay(app: &TestApp, token: &str, input: Value) -> Value {
    app.call(
        &format!(
            "mutation($input: RecordPaymentInput!) {{ recordPayment(input: $input) {{ {PAYMENT} }} }}"
        ),
        json!({ "input": input }),
        Some(token),
    )
    .await
}

fn reason(body: &Value) -> &str {
    body["errors"][0]["extensions"]["reason"]
        .as_str()
        .unwrap_or_default()
}

async fn overdue(app: &TestApp, token: &str, invoice: &Value) -> Value {
    let body = app
        .call(
            "query($id: ID!) { invoice(id: $id) { overdue } }",
            json!({ "id": invoice }),
            Some(token),
        )
        .await;
    body["data"]["invoice"]["overdue"].clone()
}

async fn balance(app: &TestApp, token: &str, customer: &Value) -> i64 {
    let body = app
        .call(
            "query($id: ID!) { customer(id: $id) { balance { amount } } }",
            json!({ "id": customer }),
            Some(token),
        )
        .await;
    amount(&body["data"]["customer"]["balance"])
}

#[tokio::test]
async fn payments_settle_invoices_oldest_first_and_the_next_invoice_shows_them() {
    let app = crate::helpers::spawn_app().await;
    let b = books(&app).await;
    let tea = |units: i64| json!([{ "sku": "TEA-100", "quantity": units, "unitPrice": "1000" }]);
    shipped(&app, &b, &b.head_office, tea(10), "2026-09-11T03:00:00Z").await;
    let september = issued(&run(&app, &b.token, "2026-09-20", false).await);
    let first = &september[0];
    assert_eq!(amount(&first["total"]), 10_800);
    // Due on 10 October, long past: overdue until paid.
    assert_eq!(overdue(&app, &b.token, &first["id"]).await, true);

    // 10,800 owed; 10,360 arrives, the customer having kept 440 for the transfer.
    let key = "furikomi-2026-10-05";
    let paid = pay(
        &app,
        &b.token,
        json!({ "customerId": b.head_office, "amount": "10360",
        "bankFee": "440", "receivedOn": "2026-10-05", "method": "BANK_TRANSFER",
        "idempotencyKey": key }),
    )
    .await;
    assert!(paid["errors"].is_null(), "{paid}");
    let paid = &paid["data"]["recordPayment"];
    assert!(
        paid["number"].as_str().unwrap().starts_with("RC-"),
        "{paid}"
    );
    assert_eq!(amount(&paid["credited"]), 10_800);
    assert_eq!(amount(&paid["unapplied"]), 0);
    assert_eq!(paid["allocations"][0]["invoiceNumber"], first["number"]);
    assert_eq!(balance(&app, &b.token, &b.head_office).await, 0);
    let again = pay(
        &app,
        &b.token,
        json!({ "customerId": b.head_office, "amount": "10360",
        "bankFee": "440", "receivedOn": "2026-10-05", "method": "BANK_TRANSFER",
        "idempotencyKey": key }),
    )
    .await;
    assert_eq!(
        again["data"]["recordPayment"]["number"], paid["number"],
        "{again}"
    );
    assert_eq!(balance(&app, &b.token, &b.head_office).await, 0);

    let body = app
        .call(
            "query($id: ID!) { invoice(id: $id) { amountPaid { amount } openAmount { amount } } }",
            json!({ "id": first["id"] }),
            Some(&b.token),
        )
        .await;
    assert_eq!(
        amount(&body["data"]["invoice"]["amountPaid"]),
        10_800,
        "{body}"
    );
    assert_eq!(amount(&body["data"]["invoice"]["openAmount"]), 0, "{body}");
    assert_eq!(overdue(&app, &b.token, &first["id"]).await, false);
    let refused = app
        .call(
            "mutation($id: ID!) { voidInvoice(id: $id, reason: \"wrong\") { id } }",
            json!({ "id": first["id"] }),
            Some(&b.token),
        )
        .await;
    assert_eq!(error_code(&refused), "CONFLICT", "{refused}");

    // October's invoice shows the payment against what September asked for.
    shipped(&app, &b, &b.head_office, tea(5), "2026-09-25T03:00:00Z").await;
    let october = issued(&run(&app, &b.token, "2026-10-20", false).await);
    let second = &october[0];
    assert_eq!(amount(&second["previousBalance"]), 10_800);
    assert_eq!(amount(&second["paymentsReceived"]), 10_800);
    assert_eq!(amount(&second["carriedForward"]), 0);
    assert_eq!(amount(&second["amountDue"]), 5_400);

    // More than is owed: October's invoice is settled and the rest is the customer's credit.
    let over = pay(
        &app,
        &b.token,
        json!({ "customerId": b.head_office, "amount": "8000",
        "receivedOn": "2026-10-25", "method": "CASH" }),
    )
    .await;
    let over = &over["data"]["recordPayment"];
    assert_eq!(amount(&over["unapplied"]), 2_600, "{over}");
    assert_eq!(over["allocations"].as_array().unwrap().len(), 1);
    assert_eq!(balance(&app, &b.token, &b.head_office).await, -2_600);
    let listed = app
        .call(
            "query($c: ID!) { payments(customerId: $c) { edges { node { number } } } }",
            json!({ "c": b.head_office }),
            Some(&b.token),
        )
        .await;
    assert_eq!(
        listed["data"]["payments"]["edges"]
            .as_array()
            .unwrap()
            .len(),
        2,
        "{listed}"
    );
}

#[tokio::test]
async fn a_payment_that_cannot_be_applied_as_asked_is_refused_and_records_nothing() {
    let app = crate::helpers::spawn_app().await;
    let b = books(&app).await;
    shipped(
        &app,
        &b,
        &b.head_office,
        json!([{ "sku": "TEA-100", "quantity": 2, "unitPrice": "1000" }]),
        "2026-09-11T03:00:00Z",
    )
    .await;
    let invoice = issued(&run(&app, &b.token, "2026-09-20", false).await)[0]["id"].clone();
    let base = |extra: Value| {
        let mut input = json!({ "customerId": b.head_office, "amount": "1000",
            "receivedOn": "2026-10-01", "method": "BANK_TRANSFER" });
        for (k, v) in extra.as_object().unwrap() {
            input[k] = v.clone();
        }
        input
    };
    for (input, expected) in [
        (base(json!({ "amount": "0" })), "payment.amount"),
        (base(json!({ "amount": "-5" })), "money.negative"),
        (
            base(json!({ "receivedOn": "2999-01-01" })),
            "payment.received_on.future",
        ),
        (
            base(json!({ "allocations": [{ "invoiceId": invoice, "amount": "5000" }] })),
            "payment.allocations.more_than_open",
        ),
        (
            base(json!({ "allocations": [{ "invoiceId": invoice, "amount": "1500" }] })),
            "payment.allocations.more_than_received",
        ),
        (
            base(
                json!({ "allocations": [{ "invoiceId": invoice, "amount": "500" }, { "invoiceId": invoice, "amount": "500" }] }),
            ),
            "payment.allocations.repeated",
        ),
        (
            base(
                json!({ "customerId": b.spot, "allocations": [{ "invoiceId": invoice, "amount": "500" }] }),
            ),
            "payment.allocations.not_open",
        ),
    ] {
        let body = pay(&app, &b.token, input.clone()).await;
        assert_eq!(error_code(&body), "VALIDATION", "{input}: {body}");
        assert_eq!(reason(&body), expected, "{input}: {body}");
    }
    assert_eq!(balance(&app, &b.token, &b.head_office).await, 2_160);

    // Named: half now, applied where asked.
    let body = pay(
        &app,
        &b.token,
        base(json!({ "allocations": [{ "invoiceId": invoice, "amount": "1000" }] })),
    )
    .await;
    assert!(body["errors"].is_null(), "{body}");
    assert_eq!(balance(&app, &b.token, &b.head_office).await, 1_160);
    let staff = app.join(&b.token, "staff@example.jp", "STAFF").await;
    let body = pay(&app, &staff, base(json!({}))).await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
}
