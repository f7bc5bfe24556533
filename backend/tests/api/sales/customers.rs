//! Business partners (取引先): a business customer's reading, code, credit limit, price
//! rate and billing terms, its addresses, the search that finds them, and who may change
//! them.

use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code, spawn_app};

const FIELDS: &str = "id kind name nameKana code creditLimit { amount currencyCode } priceRate
    billingTerms { closingDay paymentMonthOffset paymentDay }";

const ADDRESS: &str =
    "id customerId kind label recipientName postalCode prefecture city line1 line2
    phone contactName isDefault";

/// An owner's access token in a new company.
async fn owner(app: &TestApp, email: &str) -> String {
    app.sign_up(email).await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// 株式会社山田商事: 末締め翌月末払い, 60 %, ¥500,000.
fn yamada() -> Value {
    json!({ "kind": "BUSINESS", "name": "株式会社山田商事", "nameKana": "やまだしょうじ",
            "code": "c-001", "creditLimit": "500000", "priceRate": 6000,
            "billingTerms": { "closingDay": 31, "paymentMonthOffset": 1, "paymentDay": 31 } })
}

async fn create(app: &TestApp, token: &str, input: Value) -> Value {
    app.call(
        &format!("mutation($input: CreateCustomerInput!) {{ r: createCustomer(input: $input) {{ {FIELDS} }} }}"),
        json!({ "input": input }),
        Some(token),
    )
    .await
}

async fn update(app: &TestApp, token: &str, id: &Value, input: Value) -> Value {
    app.call(
        &format!("mutation($id: ID!, $input: UpdateCustomerInput!) {{ r: updateCustomer(id: $id, input: $input) {{ {FIELDS} }} }}"),
        json!({ "id": id, "input": input }),
        Some(token),
    )
    .await
}

async fn read(app: &TestApp, token: &str, id: &Value) -> Value {
    let body = app
        .call(
            &format!("query($id: ID!) {{ customer(id: $id) {{ {FIELDS} }} }}"),
            json!({ "id": id }),
            Some(token),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
    body["data"]["customer"].clone()
}

/// `(extensions.code, extensions.reason, extensions.field)` of the first error.
fn refusal(body: &Value) -> (String, String, String) {
    let ext = &body["errors"][0]["extensions"];
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    (
        text(&ext["code"]),
        text(&ext["reason"]),
        text(&ext["field"]),
    )
}

async fn customer_count(app: &TestApp, token: &str) -> usize {
    let body = app
        .call(
            "{ customers(first: 250) { edges { node { id } } } }",
            json!({}),
            Some(token),
        )
        .await;
    body["data"]["customers"]["edges"].as_array().unwrap().len()
}

#[tokio::test]
async fn a_business_customer_is_created_read_back_changed_and_cleared() {
    let app = spawn_app().await;
    let token = owner(&app, "taro@example.jp").await;
    let created = create(&app, &token, yamada()).await;
    assert!(created["errors"].is_null(), "{created}");
    let id = created["data"]["r"]["id"].clone();
    let stored = read(&app, &token, &id).await;
    assert_eq!(stored["kind"], "BUSINESS");
    assert_eq!(
        stored["nameKana"], "ヤマダショウジ",
        "stored as full-width katakana"
    );
    assert_eq!(stored["code"], "C-001", "stored upper-case");
    assert_eq!(
        stored["creditLimit"],
        json!({ "amount": "500000", "currencyCode": "JPY" })
    );
    assert_eq!(stored["priceRate"], 6000);
    assert_eq!(
        stored["billingTerms"],
        json!({ "closingDay": 31, "paymentMonthOffset": 1, "paymentDay": 31 })
    );

    let changed = update(
        &app,
        &token,
        &id,
        json!({ "nameKana": "ﾔﾏﾀﾞ ｼｮｳｼﾞ", "priceRate": 6250,
                "billingTerms": { "closingDay": 20, "paymentMonthOffset": 1, "paymentDay": 10 } }),
    )
    .await;
    assert!(changed["errors"].is_null(), "{changed}");
    let stored = read(&app, &token, &id).await;
    assert_eq!(stored["nameKana"], "ヤマダ　ショウジ");
    assert_eq!(stored["priceRate"], 6250);
    assert_eq!(stored["billingTerms"]["closingDay"], 20);
    assert_eq!(stored["code"], "C-001", "an omitted field stays");
    assert_eq!(stored["creditLimit"]["amount"], "500000");

    let cleared = update(
        &app,
        &token,
        &id,
        json!({ "code": null, "creditLimit": null, "priceRate": null, "billingTerms": null, "nameKana": null }),
    )
    .await;
    assert!(cleared["errors"].is_null(), "{cleared}");
    let stored = read(&app, &token, &id).await;
    for field in [
        "nameKana",
        "code",
        "creditLimit",
        "priceRate",
        "billingTerms",
    ] {
        assert!(stored[field].is_null(), "{field} cleared: {stored}");
    }
    assert_eq!(stored["name"], "株式会社山田商事");

    let log = app
        .call(
            "{ auditLog(first: 10) { edges { node { action subject } } } }",
            json!({}),
            Some(&token),
        )
        .await;
    let entries: Vec<(&str, &str)> = log["data"]["auditLog"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["node"]["action"].as_str().unwrap(),
                e["node"]["subject"].as_str().unwrap(),
            )
        })
        .filter(|(action, _)| action.starts_with("CUSTOMER"))
        .collect();
    assert_eq!(entries.len(), 3, "{log}");
    assert_eq!(
        entries[2],
        ("CUSTOMER_CREATED", "customer 株式会社山田商事 [C-001]")
    );
    assert_eq!(entries[1].0, "CUSTOMER_UPDATED");
    assert!(
        entries[1].1.ends_with("nameKana, priceRate, billingTerms"),
        "{log}"
    );
    assert!(
        entries[0]
            .1
            .ends_with("nameKana, code, creditLimit, priceRate, billingTerms"),
        "{log}"
    );
}

#[tokio::test]
async fn each_bad_business_field_is_refused_with_its_reason_and_nothing_is_written() {
    let app = spawn_app().await;
    let token = owner(&app, "taro@example.jp").await;
    assert!(create(&app, &token, yamada()).await["errors"].is_null());
    let with = |field: &str, value: Value| {
        let mut input = yamada();
        input["code"] = json!("C-002");
        input[field] = value;
        input
    };
    let cases = [
        (
            with("nameKana", json!("山田商事")),
            ("VALIDATION", "kana.not_kana", "nameKana"),
        ),
        (
            with("code", json!("C 002")),
            ("VALIDATION", "customer.code.invalid_character", "code"),
        ),
        (with("code", json!(" c-001 ")), ("CONFLICT", "", "code")),
        (
            with("creditLimit", json!("-1")),
            ("VALIDATION", "money.negative", "creditLimit"),
        ),
        (
            with("priceRate", json!(0)),
            ("VALIDATION", "customer.price_rate.range", "priceRate"),
        ),
        (
            with("priceRate", json!(10001)),
            ("VALIDATION", "customer.price_rate.range", "priceRate"),
        ),
        (
            with(
                "billingTerms",
                json!({ "closingDay": 30, "paymentMonthOffset": 1, "paymentDay": 31 }),
            ),
            (
                "VALIDATION",
                "customer.billing_terms.closing_day",
                "billingTerms.closingDay",
            ),
        ),
        (
            with(
                "billingTerms",
                json!({ "closingDay": 20, "paymentMonthOffset": 4, "paymentDay": 10 }),
            ),
            (
                "VALIDATION",
                "customer.billing_terms.payment_month_offset",
                "billingTerms.paymentMonthOffset",
            ),
        ),
        (
            with(
                "billingTerms",
                json!({ "closingDay": 20, "paymentMonthOffset": 1, "paymentDay": 0 }),
            ),
            (
                "VALIDATION",
                "customer.billing_terms.payment_day",
                "billingTerms.paymentDay",
            ),
        ),
        (
            with("kind", json!("CONSUMER")),
            ("VALIDATION", "customer.business_only", "code"),
        ),
    ];
    for (input, (code, reason, field)) in cases {
        let body = create(&app, &token, input.clone()).await;
        assert_eq!(
            refusal(&body),
            (code.to_owned(), reason.to_owned(), field.to_owned()),
            "{input}: {body}"
        );
    }
    // Terms come whole: the schema itself refuses a part of them.
    let partial = create(
        &app,
        &token,
        with("billingTerms", json!({ "closingDay": 20 })),
    )
    .await;
    assert_eq!(error_code(&partial), "VALIDATION", "{partial}");
    assert_eq!(
        customer_count(&app, &token).await,
        1,
        "no refused customer was written"
    );

    let id = create(&app, &token, with("code", json!("C-002"))).await["data"]["r"]["id"].clone();
    let taken = update(&app, &token, &id, json!({ "code": "C-001" })).await;
    assert_eq!(refusal(&taken).0, "CONFLICT", "{taken}");
    let consumer = update(&app, &token, &id, json!({ "kind": "CONSUMER" })).await;
    assert_eq!(refusal(&consumer).1, "customer.business_only", "{consumer}");
    assert_eq!(
        read(&app, &token, &id).await["code"],
        "C-002",
        "the refused updates changed nothing"
    );
}

#[tokio::test]
async fn customers_are_found_by_their_reading_in_any_kana_and_by_code() {
    let app = spawn_app().await;
    let token = owner(&app, "taro@example.jp").await;
    assert!(create(&app, &token, yamada()).await["errors"].is_null());
    let other = json!({ "kind": "BUSINESS", "name": "佐藤物産", "nameKana": "サトウブッサン", "code": "S_01" });
    assert!(create(&app, &token, other).await["errors"].is_null());
    let found = |query: &'static str| {
        let app = &app;
        let token = token.clone();
        async move {
            let body = app
                .call(
                    "query($q: String) { customers(query: $q) { edges { node { name } } } }",
                    json!({ "q": query }),
                    Some(&token),
                )
                .await;
            body["data"]["customers"]["edges"]
                .as_array()
                .unwrap_or_else(|| panic!("{body}"))
                .iter()
                .map(|e| e["node"]["name"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    for query in [
        "やまだ",
        "ヤマダ",
        "ﾔﾏﾀﾞ",
        "しょうじ",
        "c-00",
        "C-001",
        "山田",
    ] {
        assert_eq!(found(query).await, ["株式会社山田商事"], "{query}");
    }
    assert_eq!(found("さとう").await, ["佐藤物産"]);
    assert_eq!(
        found("s_01").await,
        ["佐藤物産"],
        "an underscore is matched literally"
    );
    assert!(
        found("S%").await.is_empty(),
        "a percent sign is matched literally"
    );
    assert!(found("たなか").await.is_empty());
}

async fn add_address(app: &TestApp, token: &str, input: Value) -> Value {
    app.call(
        &format!("mutation($input: AddCustomerAddressInput!) {{ r: addCustomerAddress(input: $input) {{ {ADDRESS} }} }}"),
        json!({ "input": input }),
        Some(token),
    )
    .await
}

async fn addresses(app: &TestApp, token: &str, customer: &Value) -> Vec<Value> {
    let body = app
        .call(
            &format!("query($id: ID!) {{ customer(id: $id) {{ addresses {{ {ADDRESS} }} }} }}"),
            json!({ "id": customer }),
            Some(token),
        )
        .await;
    body["data"]["customer"]["addresses"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .clone()
}

fn warehouse(customer: &Value, label: &str, default: bool) -> Value {
    json!({ "customerId": customer, "kind": "SHIPPING", "label": label, "recipientName": "山田商事 大阪倉庫",
            "postalCode": "５５００００２", "prefecture": "大阪", "city": "大阪市西区", "line1": "江戸堀1-1-1",
            "phone": "06-1234-5678", "contactName": "倉庫 田中", "isDefault": default })
}

#[tokio::test]
async fn addresses_are_added_changed_and_removed_with_one_default_per_kind() {
    let app = spawn_app().await;
    let token = owner(&app, "taro@example.jp").await;
    let customer = create(&app, &token, yamada()).await["data"]["r"]["id"].clone();
    let billing = add_address(
        &app,
        &token,
        json!({ "customerId": customer, "kind": "BILLING", "label": "本社", "recipientName": "株式会社山田商事",
                "postalCode": "150-0001", "prefecture": "東京都", "city": "渋谷区", "line1": "神宮前1-2-3",
                "line2": "山田ビル5F", "isDefault": true, "idempotencyKey": "bill-1" }),
    )
    .await;
    assert!(billing["errors"].is_null(), "{billing}");
    let billing = billing["data"]["r"].clone();
    assert_eq!(billing["customerId"], customer);
    let osaka =
        add_address(&app, &token, warehouse(&customer, "大阪倉庫", true)).await["data"]["r"]
            .clone();
    assert_eq!(
        osaka["postalCode"], "550-0002",
        "normalised from full-width digits"
    );
    assert_eq!(osaka["prefecture"], "大阪府");
    assert_eq!(osaka["phone"], "0612345678");
    let kobe = add_address(&app, &token, warehouse(&customer, "神戸倉庫", true)).await["data"]["r"]
        .clone();
    assert!(kobe["isDefault"].as_bool().unwrap());

    let listed = addresses(&app, &token, &customer).await;
    let summary: Vec<(&str, &str, bool)> = listed
        .iter()
        .map(|a| {
            (
                a["kind"].as_str().unwrap(),
                a["label"].as_str().unwrap(),
                a["isDefault"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("BILLING", "本社", true),
            ("SHIPPING", "神戸倉庫", true),
            ("SHIPPING", "大阪倉庫", false)
        ],
        "the newest default of a kind took over; the bill-to default stayed"
    );

    let repeat = add_address(
        &app,
        &token,
        json!({ "customerId": customer, "kind": "BILLING", "recipientName": "x", "postalCode": "1500001",
                "prefecture": "東京都", "city": "渋谷区", "line1": "1", "idempotencyKey": "bill-1" }),
    )
    .await;
    assert_eq!(
        repeat["data"]["r"]["id"], billing["id"],
        "a repeated key adds nothing"
    );

    let changed = app
        .call(
            &format!("mutation($id: ID!, $input: UpdateCustomerAddressInput!) {{ r: updateCustomerAddress(id: $id, input: $input) {{ {ADDRESS} }} }}"),
            json!({ "id": osaka["id"], "input": { "isDefault": true, "phone": null, "line2": "3F" } }),
            Some(&token),
        )
        .await;
    assert!(changed["errors"].is_null(), "{changed}");
    assert!(changed["data"]["r"]["phone"].is_null());
    assert_eq!(changed["data"]["r"]["line2"], "3F");
    assert_eq!(
        changed["data"]["r"]["city"], "大阪市西区",
        "omitted fields stay"
    );
    let defaults: Vec<String> = addresses(&app, &token, &customer)
        .await
        .iter()
        .filter(|a| a["kind"] == "SHIPPING" && a["isDefault"] == true)
        .map(|a| a["label"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(defaults, ["大阪倉庫"]);

    let removed = app
        .call(
            "mutation($id: ID!) { removeCustomerAddress(id: $id) }",
            json!({ "id": kobe["id"] }),
            Some(&token),
        )
        .await;
    assert_eq!(removed["data"]["removeCustomerAddress"], true, "{removed}");
    let labels: Vec<String> = addresses(&app, &token, &customer)
        .await
        .iter()
        .map(|a| a["label"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(labels, ["本社", "大阪倉庫"]);
    let node = app
        .call(
            "query($id: ID!) { node(id: $id) { id } }",
            json!({ "id": kobe["id"] }),
            Some(&token),
        )
        .await;
    assert!(node["data"]["node"].is_null(), "removed for good: {node}");
    let again = app
        .call(
            "mutation($id: ID!) { removeCustomerAddress(id: $id) }",
            json!({ "id": kobe["id"] }),
            Some(&token),
        )
        .await;
    assert_eq!(error_code(&again), "NOT_FOUND", "{again}");

    let log = app
        .call(
            "{ auditLog(first: 20) { edges { node { action } } } }",
            json!({}),
            Some(&token),
        )
        .await;
    let actions = log.to_string();
    for action in [
        "CUSTOMER_ADDRESS_ADDED",
        "CUSTOMER_ADDRESS_UPDATED",
        "CUSTOMER_ADDRESS_REMOVED",
    ] {
        assert!(actions.contains(action), "{action}: {log}");
    }
}

#[tokio::test]
async fn a_bad_postal_code_or_prefecture_is_refused_on_add_and_on_change() {
    let app = spawn_app().await;
    let token = owner(&app, "taro@example.jp").await;
    let customer = create(&app, &token, yamada()).await["data"]["r"]["id"].clone();
    for (field, value, reason) in [
        ("postalCode", "550-02", "postal_code.invalid"),
        ("prefecture", "Osaka", "prefecture.unknown"),
        ("recipientName", " ", "text.empty"),
    ] {
        let mut input = warehouse(&customer, "大阪倉庫", false);
        input[field] = json!(value);
        let body = add_address(&app, &token, input).await;
        assert_eq!(
            refusal(&body),
            ("VALIDATION".to_owned(), reason.to_owned(), field.to_owned()),
            "{body}"
        );
    }
    assert!(addresses(&app, &token, &customer).await.is_empty());
    let id = add_address(&app, &token, warehouse(&customer, "大阪倉庫", false)).await["data"]["r"]
        ["id"]
        .clone();
    let body = app
        .call(
            "mutation($id: ID!) { updateCustomerAddress(id: $id, input: { postalCode: \"5500\" }) { id } }",
            json!({ "id": id }),
            Some(&token),
        )
        .await;
    assert_eq!(refusal(&body).1, "postal_code.invalid", "{body}");
    assert_eq!(
        addresses(&app, &token, &customer).await[0]["postalCode"],
        "550-0002"
    );
}

#[tokio::test]
async fn a_key_without_customers_write_reads_but_cannot_change_customers_or_addresses() {
    let app = spawn_app().await;
    let token = owner(&app, "taro@example.jp").await;
    let customer = create(&app, &token, yamada()).await["data"]["r"]["id"].clone();
    let address =
        add_address(&app, &token, warehouse(&customer, "大阪倉庫", true)).await["data"]["r"]["id"]
            .clone();
    let key = |scopes: &'static [&'static str]| {
        let app = &app;
        let token = token.clone();
        async move {
            let body = app
                .call(
                    "mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }",
                    json!({ "input": { "name": "EDI", "scopes": scopes } }),
                    Some(&token),
                )
                .await;
            body["data"]["createApiKey"]["secret"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    let reader = key(&["customers:read"]).await;
    assert_eq!(read(&app, &reader, &customer).await["code"], "C-001");
    let mut input = yamada();
    input["code"] = json!("C-009");
    let attempts = [
        create(&app, &reader, input.clone()).await,
        update(&app, &reader, &customer, json!({ "priceRate": 1 })).await,
        add_address(&app, &reader, warehouse(&customer, "x", false)).await,
        app.call(
            "mutation($id: ID!) { updateCustomerAddress(id: $id, input: { label: \"x\" }) { id } }",
            json!({ "id": address }),
            Some(&reader),
        )
        .await,
        app.call(
            "mutation($id: ID!) { removeCustomerAddress(id: $id) }",
            json!({ "id": address }),
            Some(&reader),
        )
        .await,
    ];
    for body in attempts {
        assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    }
    assert_eq!(read(&app, &token, &customer).await["priceRate"], 6000);
    assert_eq!(addresses(&app, &token, &customer).await.len(), 1);

    let writer = key(&["customers:read", "customers:write"]).await;
    let created = create(&app, &writer, input).await;
    assert_eq!(created["data"]["r"]["code"], "C-009", "{created}");
}

#[tokio::test]
async fn a_repeated_create_with_the_same_key_returns_the_first_customer() {
    let app = spawn_app().await;
    let token = owner(&app, "taro@example.jp").await;
    let mut input = yamada();
    input["idempotencyKey"] = json!("edi-42");
    let first = create(&app, &token, input.clone()).await;
    let second = create(&app, &token, input).await;
    assert!(first["errors"].is_null(), "{first}");
    assert_eq!(
        first["data"]["r"]["id"], second["data"]["r"]["id"],
        "{second}"
    );
    assert_eq!(customer_count(&app, &token).await, 1);
}
