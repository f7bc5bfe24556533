//! Quotes (見積) through the public API: gapless numbers, 掛率 pricing, editing, sending
//! and the PDF, expiry, conversion to an order in one step, refused transitions, roles and
//! who may see what.

use base64::Engine;
use chrono::{Days, Utc};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use figment::Figment;

use crate::helpers::{SmtpSink, Stocked, TestApp, error_code, spawn_app, spawn_app_with};

const QUOTE: &str = "id number status expiresOn note sentAt
    subtotal { amount } tax { amount } total { amount }
    lines { lineNumber sku quantity unitPrice { amount } amount { amount } taxClass }
    order { id number } customer { id }";

const ORDER: &str = "id number status subtotal { amount } tax { amount } total { amount }
    lines { lineNumber sku quantity unitPrice { amount } amount { amount } taxClass allocatedQuantity }
    quote { id number status }";

/// A company with SHIRT-M (¥1,980, 10 %, 10 at SHIBUYA) and a business customer at 62.5 %.
struct Setup {
    app: TestApp,
    token: String,
    stock: Stocked,
    partner: Value,
}

impl Setup {
    async fn new() -> Self {
        Self::on(spawn_app().await).await
    }

    async fn on(app: TestApp) -> Self {
        let token = app.sign_up("owner@example.jp").await["accessToken"]
            .as_str()
            .unwrap()
            .to_owned();
        let stock = app.stocked(&token).await;
        let partner = app
            .call(
                "mutation { createCustomer(input: { kind: BUSINESS, name: \"株式会社サンプル商事\",
                   code: \"SAMPLE\", priceRate: 6250, email: \"buyer@sample.co.jp\" }) { id } }",
                json!({}),
                Some(&token),
            )
            .await;
        assert!(partner["errors"].is_null(), "{partner}");
        Self {
            partner: partner["data"]["createCustomer"]["id"].clone(),
            app,
            token,
            stock,
        }
    }

    async fn call(&self, query: &str, variables: Value) -> Value {
        self.app.call(query, variables, Some(&self.token)).await
    }

    /// `createQuote` with `extra` merged into a quote of `lines` for the partner.
    async fn create(&self, lines: Value, extra: Value) -> Value {
        let mut input = json!({ "customerId": self.partner, "locationId": self.stock.location,
                                "lines": lines, "pricesIncludeTax": false });
        for (k, v) in extra.as_object().unwrap() {
            input[k] = v.clone();
        }
        self.call(
            &format!(
                "mutation($input: CreateQuoteInput!) {{ createQuote(input: $input) {{ {QUOTE} }} }}"
            ),
            json!({ "input": input }),
        )
        .await
    }

    /// A quote for 3 SHIRT-M at the partner's rate.
    async fn quote(&self) -> Value {
        let body = self
            .create(json!([{ "sku": "SHIRT-M", "quantity": 3 }]), json!({}))
            .await;
        assert!(body["errors"].is_null(), "createQuote failed: {body}");
        body["data"]["createQuote"].clone()
    }

    async fn get(&self, id: &Value) -> Value {
        let body = self
            .call(
                &format!("query($id: ID!) {{ quote(id: $id) {{ {QUOTE} }} }}"),
                json!({ "id": id }),
            )
            .await;
        assert!(body["errors"].is_null(), "quote failed: {body}");
        body["data"]["quote"].clone()
    }

    async fn update(&self, id: &Value, input: Value) -> Value {
        self.call(
            &format!(
                "mutation($id: ID!, $input: UpdateQuoteInput!) {{ updateQuote(id: $id, input: $input) {{ {QUOTE} }} }}"
            ),
            json!({ "id": id, "input": input }),
        )
        .await
    }

    async fn send(&self, id: &Value) -> Value {
        self.call(
            &format!("mutation($id: ID!) {{ sendQuote(id: $id) {{ {QUOTE} }} }}"),
            json!({ "id": id }),
        )
        .await
    }

    async fn cancel(&self, id: &Value) -> Value {
        self.call(
            &format!("mutation($id: ID!) {{ cancelQuote(id: $id, reason: \"lost to a competitor\") {{ {QUOTE} }} }}"),
            json!({ "id": id }),
        )
        .await
    }

    async fn convert(&self, id: &Value, key: Option<&str>, confirm: bool) -> Value {
        self.call(
            &format!(
                "mutation($id: ID!, $key: String, $confirm: Boolean) {{ convertQuote(id: $id, idempotencyKey: $key, confirm: $confirm) {{ {ORDER} }} }}"
            ),
            json!({ "id": id, "key": key, "confirm": confirm }),
        )
        .await
    }

    async fn order_count(&self) -> usize {
        let body = self
            .call("{ orders { edges { node { id } } } }", json!({}))
            .await;
        body["data"]["orders"]["edges"].as_array().unwrap().len()
    }

    async fn audit(&self) -> Vec<(String, String)> {
        let log = self
            .call(
                "{ auditLog(first: 50) { edges { node { action subject } } } }",
                json!({}),
            )
            .await;
        log["data"]["auditLog"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["node"]["action"].as_str().unwrap().to_owned(),
                    e["node"]["subject"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .filter(|(action, _)| action.starts_with("QUOTE_"))
            .collect()
    }

    /// Moves the quote's valid-until date into the past, as time passing would.
    async fn age(&self, number: &Value) {
        self.app
            .db
            .execute_unprepared(&format!(
                "UPDATE quotes SET expires_on = '2026-01-31' WHERE number = '{}'",
                number.as_str().unwrap()
            ))
            .await
            .unwrap();
    }
}

fn data<'a>(body: &'a Value, field: &str) -> &'a Value {
    assert!(body["errors"].is_null(), "{field} failed: {body}");
    &body["data"][field]
}

/// `(extensions.code, extensions.reason)` of the first error.
fn refusal(body: &Value) -> (String, String) {
    let ext = &body["errors"][0]["extensions"];
    (
        ext["code"].as_str().unwrap_or_default().to_owned(),
        ext["reason"].as_str().unwrap_or_default().to_owned(),
    )
}

fn amounts(doc: &Value) -> Vec<(String, String, i64, String)> {
    doc["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["sku"].as_str().unwrap().to_owned(),
                l["unitPrice"]["amount"].as_str().unwrap().to_owned(),
                l["quantity"].as_i64().unwrap(),
                l["amount"]["amount"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn quotes_are_numbered_without_gaps_and_priced_at_the_customers_rate() {
    let s = Setup::new().await;
    let year = Utc::now().format("%Y").to_string();

    let first = s.quote().await;
    assert_eq!(first["number"], format!("Q-{year}-000001"));
    assert_eq!(first["status"], "DRAFT");
    assert_eq!(first["customer"]["id"], s.partner);
    assert_eq!(
        amounts(&first),
        [(
            "SHIRT-M".to_owned(),
            "1237".to_owned(),
            3,
            "3711".to_owned()
        )],
        "¥1,980 at 62.5 % is ¥1,237.5, rounded down"
    );
    assert_eq!(
        (
            &first["subtotal"]["amount"],
            &first["tax"]["amount"],
            &first["total"]["amount"]
        ),
        (&json!("3711"), &json!("371"), &json!("4082")),
        "tax once per rate"
    );
    let today = Utc::now()
        .with_timezone(&chrono_tz::Asia::Tokyo)
        .date_naive();
    let in_30_days = today.checked_add_days(Days::new(30)).unwrap();
    assert_eq!(
        first["expiresOn"],
        in_30_days.format("%Y-%m-%d").to_string()
    );

    let refused = s
        .create(json!([{ "sku": "NO-SUCH-SKU", "quantity": 1 }]), json!({}))
        .await;
    assert_eq!(error_code(&refused), "VALIDATION", "{refused}");
    let empty = s.create(json!([]), json!({})).await;
    assert_eq!(
        refusal(&empty),
        ("VALIDATION".into(), "quote.no_lines".into())
    );
    let past = s
        .create(
            json!([{ "sku": "SHIRT-M", "quantity": 1 }]),
            json!({ "expiresOn": "2026-01-01" }),
        )
        .await;
    assert_eq!(
        refusal(&past),
        ("VALIDATION".into(), "quote.expires_on.past".into())
    );

    let priced = s
        .create(
            json!([{ "sku": "SHIRT-M", "quantity": 1, "unitPrice": "1500" }]),
            json!({ "idempotencyKey": "quote-2", "note": "送料別" }),
        )
        .await;
    let second = data(&priced, "createQuote");
    assert_eq!(
        second["number"],
        format!("Q-{year}-000002"),
        "refused quotes leave no gap"
    );
    assert_eq!(
        second["lines"][0]["unitPrice"]["amount"], "1500",
        "a given price wins"
    );
    let repeat = s
        .create(
            json!([{ "sku": "SHIRT-M", "quantity": 1, "unitPrice": "1500" }]),
            json!({ "idempotencyKey": "quote-2", "note": "送料別" }),
        )
        .await;
    assert_eq!(
        data(&repeat, "createQuote")["id"],
        second["id"],
        "a repeat returns the first"
    );
    assert_eq!(
        data(
            &s.create(json!([{ "sku": "SHIRT-M", "quantity": 1 }]), json!({}))
                .await,
            "createQuote"
        )["number"],
        format!("Q-{year}-000003")
    );
    let listed = s
        .call(
            "{ quotes(first: 2) { edges { node { number } } pageInfo { hasNextPage } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        data(&listed, "quotes")["edges"],
        json!([{ "node": { "number": format!("Q-{year}-000003") } },
               { "node": { "number": format!("Q-{year}-000002") } }]),
        "newest first"
    );
    assert_eq!(listed["data"]["quotes"]["pageInfo"]["hasNextPage"], true);
}

#[tokio::test]
async fn a_quote_is_edited_sent_printed_and_edited_again_with_every_step_audited() {
    let s = Setup::new().await;
    let quote = s.quote().await;
    let id = &quote["id"];

    let edited = s
        .update(
            id,
            json!({ "lines": [{ "sku": "SHIRT-M", "quantity": 5 }, { "barcode": crate::helpers::jan("490000000001"), "quantity": 1, "unitPrice": "1000" }],
                    "note": "納期は別途ご相談", "requestedDate": "2027-01-15" }),
        )
        .await;
    let edited = data(&edited, "updateQuote");
    assert_eq!(
        amounts(edited),
        [
            (
                "SHIRT-M".to_owned(),
                "1237".to_owned(),
                5,
                "6185".to_owned()
            ),
            (
                "SHIRT-M".to_owned(),
                "1000".to_owned(),
                1,
                "1000".to_owned()
            )
        ],
        "new lines are repriced at the customer's rate"
    );
    assert_eq!(edited["total"]["amount"], "7903", "7,185 + 718 tax");
    assert_eq!(edited["status"], "DRAFT");

    let sent = s.send(id).await;
    let sent = data(&sent, "sendQuote");
    assert_eq!(sent["status"], "SENT");
    assert!(sent["sentAt"].is_string());
    let again = s.send(id).await;
    assert_eq!(
        data(&again, "sendQuote")["sentAt"],
        sent["sentAt"],
        "sending an unchanged quote twice is one sending"
    );

    let pdf = s
        .call(
            "query($id: ID!) { quote(id: $id) { pdf { fileName contentType base64 } } }",
            json!({ "id": id }),
        )
        .await;
    let pdf = &data(&pdf, "quote")["pdf"];
    assert_eq!(
        pdf["fileName"],
        format!("{}.pdf", quote["number"].as_str().unwrap())
    );
    assert_eq!(pdf["contentType"], "application/pdf");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(pdf["base64"].as_str().unwrap())
        .unwrap();
    assert!(bytes.starts_with(b"%PDF"), "a PDF");
    // KURA_PRINT_DIR keeps the file, to look at it.
    if let Ok(dir) = std::env::var("KURA_PRINT_DIR") {
        std::fs::write(format!("{dir}/quote.pdf"), &bytes).unwrap();
    }

    let after_sending = s.update(id, json!({ "note": "値引き後" })).await;
    let after_sending = data(&after_sending, "updateQuote");
    assert_eq!(after_sending["status"], "SENT", "a sent quote stays sent");
    let unchanged = s.update(id, json!({ "note": "値引き後" })).await;
    assert_eq!(
        data(&unchanged, "updateQuote")["sentAt"],
        after_sending["sentAt"]
    );
    let resent = s.send(id).await;
    assert_ne!(
        data(&resent, "sendQuote")["sentAt"],
        sent["sentAt"],
        "the edited quote is sent again"
    );

    let number = quote["number"].as_str().unwrap();
    let audit = s.audit().await;
    let actions: Vec<&str> = audit.iter().rev().map(|(a, _)| a.as_str()).collect();
    assert_eq!(
        actions,
        [
            "QUOTE_CREATED",
            "QUOTE_UPDATED",
            "QUOTE_SENT",
            "QUOTE_UPDATED",
            "QUOTE_SENT"
        ],
        "{audit:?}"
    );
    assert!(
        audit.iter().any(|(a, subject)| a == "QUOTE_UPDATED"
            && subject.contains(number)
            && subject.contains("after it was sent")),
        "{audit:?}"
    );
}

#[tokio::test]
async fn converting_a_quote_makes_one_order_with_the_same_lines_and_prices() {
    let s = Setup::new().await;
    let quote = s.quote().await;
    let id = &quote["id"];
    assert_eq!(data(&s.send(id).await, "sendQuote")["status"], "SENT");

    let converted = s.convert(id, Some("accept-1"), true).await;
    let order = data(&converted, "convertQuote").clone();
    assert_eq!(order["status"], "CONFIRMED", "{order}");
    assert_eq!(amounts(&order), amounts(&quote), "same lines, same prices");
    for total in ["subtotal", "tax", "total"] {
        assert_eq!(order[total], quote[total], "{total}");
    }
    assert_eq!(order["lines"][0]["allocatedQuantity"], 3);
    assert_eq!(
        order["quote"],
        json!({ "id": id, "number": quote["number"], "status": "ACCEPTED" })
    );
    let accepted = s.get(id).await;
    assert_eq!(accepted["status"], "ACCEPTED");
    assert_eq!(
        accepted["order"],
        json!({ "id": order["id"], "number": order["number"] })
    );

    for key in [Some("accept-1"), Some("accept-2"), None] {
        let repeat = s.convert(id, key, true).await;
        assert_eq!(
            data(&repeat, "convertQuote")["id"],
            order["id"],
            "a repeat ({key:?}) returns the same order"
        );
    }
    assert_eq!(s.order_count().await, 1);

    for (what, body) in [
        ("update", s.update(id, json!({ "note": "late" })).await),
        ("send", s.send(id).await),
        ("cancel", s.cancel(id).await),
    ] {
        assert_eq!(error_code(&body), "CONFLICT", "{what}: {body}");
    }
    let audit = s.audit().await;
    assert!(
        audit.iter().any(|(a, subject)| a == "QUOTE_CONVERTED"
            && subject.contains(order["number"].as_str().unwrap())),
        "{audit:?}"
    );
}

#[tokio::test]
async fn an_expired_quote_cannot_be_sent_or_converted_until_its_date_moves() {
    let s = Setup::new().await;
    let quote = s.quote().await;
    let id = &quote["id"];
    s.age(&quote["number"]).await;

    assert_eq!(s.get(id).await["status"], "EXPIRED");
    let expired = s
        .call(
            "{ expired: quotes(status: [EXPIRED]) { edges { node { id } } }
               drafts: quotes(status: [DRAFT]) { edges { node { id } } } }",
            json!({}),
        )
        .await;
    assert_eq!(expired["data"]["expired"]["edges"][0]["node"]["id"], *id);
    assert_eq!(expired["data"]["drafts"]["edges"], json!([]));

    let refused = s.convert(id, Some("too-late"), false).await;
    assert_eq!(error_code(&refused), "CONFLICT", "{refused}");
    assert!(
        refused["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("expired on 2026-01-31"),
        "{refused}"
    );
    assert_eq!(error_code(&s.send(id).await), "CONFLICT");
    assert_eq!(s.order_count().await, 0, "nothing was ordered");

    let past = s.update(id, json!({ "expiresOn": "2026-02-01" })).await;
    assert_eq!(
        refusal(&past),
        ("VALIDATION".into(), "quote.expires_on.past".into())
    );
    let later = Utc::now()
        .date_naive()
        .checked_add_days(Days::new(14))
        .unwrap()
        .format("%Y-%m-%d")
        .to_string();
    let revived = s.update(id, json!({ "expiresOn": later })).await;
    assert_eq!(data(&revived, "updateQuote")["status"], "DRAFT");
    let converted = s.convert(id, Some("too-late"), false).await;
    assert_eq!(
        data(&converted, "convertQuote")["status"],
        "DRAFT",
        "a refused key can be used once the quote is valid again"
    );
}

#[tokio::test]
async fn a_cancelled_quote_stays_cancelled_and_refuses_every_change() {
    let s = Setup::new().await;
    let quote = s.quote().await;
    let id = &quote["id"];
    let cancelled = s.cancel(id).await;
    assert_eq!(data(&cancelled, "cancelQuote")["status"], "CANCELLED");
    assert_eq!(
        data(&s.cancel(id).await, "cancelQuote")["status"],
        "CANCELLED",
        "cancelling twice returns it"
    );
    for (what, body) in [
        ("update", s.update(id, json!({ "note": "x" })).await),
        ("send", s.send(id).await),
        ("convert", s.convert(id, None, false).await),
    ] {
        assert_eq!(error_code(&body), "CONFLICT", "{what}: {body}");
    }
    let listed = s
        .call(
            "{ quotes(status: [CANCELLED]) { edges { node { id cancelReason } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        data(&listed, "quotes")["edges"],
        json!([{ "node": { "id": id, "cancelReason": "lost to a competitor" } }])
    );
}

#[tokio::test]
async fn a_viewer_reads_quotes_but_cannot_write_them_and_another_company_sees_none() {
    let s = Setup::new().await;
    let quote = s.quote().await;
    let id = &quote["id"];
    let viewer = s.app.join(&s.token, "viewer@example.jp", "VIEWER").await;
    let variables = json!({ "id": id, "l": s.stock.location });
    let as_viewer = |query: &'static str| {
        let (app, viewer, variables) = (&s.app, viewer.clone(), variables.clone());
        async move { app.call(query, variables, Some(&viewer)).await }
    };
    let read = as_viewer("query($id: ID!) { quote(id: $id) { number } }").await;
    assert_eq!(data(&read, "quote")["number"], quote["number"]);
    for query in [
        "mutation($l: ID!) { createQuote(input: { locationId: $l, lines: [{ sku: \"SHIRT-M\", quantity: 1 }] }) { id } }",
        "mutation($id: ID!) { updateQuote(id: $id, input: { note: \"x\" }) { id } }",
        "mutation($id: ID!) { sendQuote(id: $id) { id } }",
        "mutation($id: ID!) { cancelQuote(id: $id) { id } }",
        "mutation($id: ID!) { convertQuote(id: $id) { id } }",
    ] {
        assert_eq!(error_code(&as_viewer(query).await), "FORBIDDEN", "{query}");
    }

    let other = s.app.sign_up("other@example.jp").await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let body = s
        .app
        .call(
            "query($id: ID!) { quote(id: $id) { number } quotes { edges { node { id } } } }",
            json!({ "id": id }),
            Some(&other),
        )
        .await;
    assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
    assert_eq!(s.get(id).await["status"], "DRAFT");
}

#[tokio::test]
async fn an_order_entered_directly_is_priced_at_the_same_rate_as_a_quote() {
    let s = Setup::new().await;
    let quote = s.quote().await;
    let ordered = s
        .call(
            &format!(
                "mutation($input: CreateOrderInput!) {{ createOrder(input: $input) {{ {ORDER} }} }}"
            ),
            json!({ "input": { "customerId": s.partner, "locationId": s.stock.location,
                               "pricesIncludeTax": false,
                               "lines": [{ "sku": "SHIRT-M", "quantity": 3 }] } }),
        )
        .await;
    let order = data(&ordered, "createOrder");
    assert_eq!(amounts(order), amounts(&quote), "one pricing rule for both");
    assert_eq!(order["total"], quote["total"]);
    assert_eq!(order["quote"], Value::Null, "not from a quote");
}

#[tokio::test]
async fn a_quote_is_emailed_as_a_pdf_to_the_customer_and_marked_sent() {
    let sink = SmtpSink::start().await;
    let s = Setup::on(
        spawn_app_with(
            Figment::new()
                .merge(("smtp_url", format!("smtp://127.0.0.1:{}", sink.port)))
                .merge(("mail_from", "Kura <kura@example.jp>")),
        )
        .await,
    )
    .await;
    let quote = s.quote().await;
    let mutation =
        format!("mutation($input: EmailQuoteInput!) {{ emailQuote(input: $input) {{ {QUOTE} }} }}");
    let email = |input: Value| s.call(&mutation, json!({ "input": input }));

    let sent = email(json!({ "id": quote["id"] })).await;
    assert!(sent["errors"].is_null(), "{sent}");
    assert_eq!(sent["data"]["emailQuote"]["status"], "SENT");
    assert!(sent["data"]["emailQuote"]["sentAt"].is_string());
    let number = quote["number"].as_str().unwrap();
    {
        let messages = sink.messages.lock().await;
        assert_eq!(messages.len(), 1);
        let message = &messages[0];
        assert!(message.contains("To: buyer@sample.co.jp"), "{message}");
        assert!(message.contains("application/pdf"), "{message}");
        assert!(message.contains(&format!("{number}.pdf")), "{message}");
    }

    // Another address, with the sender's own words; then a garbled address.
    let again = email(json!({ "id": quote["id"], "to": "Purchasing@Sample.co.jp",
                              "message": "先日のご依頼の件です。" }))
    .await;
    assert!(again["errors"].is_null(), "{again}");
    assert!(sink.messages.lock().await[1].contains("To: purchasing@sample.co.jp"));
    let garbled = email(json!({ "id": quote["id"], "to": "not an address" })).await;
    assert_eq!(error_code(&garbled), "VALIDATION", "{garbled}");
    assert_eq!(
        sink.messages.lock().await.len(),
        2,
        "nothing sent to a garbled address"
    );

    let audit = s
        .call(
            "{ auditLog(first: 5) { nodes { action subject } } }",
            json!({}),
        )
        .await;
    assert!(
        audit
            .to_string()
            .contains("by email to purchasing@sample.co.jp"),
        "{audit}"
    );
}

#[tokio::test]
async fn without_a_mail_server_a_quote_is_not_emailed_nor_marked_sent() {
    let s = Setup::new().await;
    let quote = s.quote().await;
    let refused = s
        .call(
            &format!("mutation($id: ID!) {{ emailQuote(input: {{ id: $id }}) {{ {QUOTE} }} }}"),
            json!({ "id": quote["id"] }),
        )
        .await;
    assert_eq!(error_code(&refused), "CONFLICT", "{refused}");
    assert_eq!(s.get(&quote["id"]).await["status"], "DRAFT");
}
