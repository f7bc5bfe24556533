//! Every field of the schema, driven as tenant B against tenant A's objects. A field added
//! to the schema without a case here fails `every_field_respects_the_tenant_boundary`, so
//! no capability ships without its isolation check.

use serde_json::{Value, json};

use crate::helpers::{Stocked, TestApp, error_code, jan, spawn_app};

/// Fields that carry no tenant's data, or whose only key is a secret credential the caller
/// holds (a password, a refresh token, an invitation token): nothing to cross.
const NOT_TENANT_SCOPED: &[(&str, &str)] = &[
    ("Query.serverInfo", "server facts, no tenant data"),
    ("Query.invitation", "opened by its secret token only"),
    ("Mutation.signUp", "creates a new tenant"),
    (
        "Mutation.logIn",
        "credentials select the tenant; membership is checked",
    ),
    (
        "Mutation.refreshSession",
        "the refresh token is the credential",
    ),
    (
        "Mutation.acceptInvitation",
        "the invitation token is the credential",
    ),
    ("Subscription.serverTime", "server clock"),
    (
        "Subscription.instanceEvents",
        "server replicas, no tenant data",
    ),
];

async fn schema_fields(app: &TestApp) -> Vec<String> {
    let body = app
        .call(
            "{ __schema { queryType { name fields { name } } mutationType { name fields { name } }
               subscriptionType { name fields { name } } } }",
            json!({}),
            None,
        )
        .await;
    let schema = &body["data"]["__schema"];
    let mut fields = Vec::new();
    for root in ["queryType", "mutationType", "subscriptionType"] {
        let name = schema[root]["name"].as_str().unwrap();
        for field in schema[root]["fields"].as_array().unwrap() {
            fields.push(format!("{name}.{}", field["name"].as_str().unwrap()));
        }
    }
    fields
}

/// Tenant A: an owner, a staff member, a pending invitation, an API key.
struct TenantA {
    owner: String,
    stock: Stocked,
    level: Value,
    movement: Value,
    /// A DRAFT transfer SHIBUYA → UMEDA.
    transfer: Value,
    /// An OPEN stock count at SHIBUYA.
    count: Value,
    /// A POS channel at SHIBUYA, a sale through it and its customer.
    channel: Value,
    sale: Value,
    customer: Value,
    /// A confirmed order of one SHIRT-M for that customer, and its shipment.
    order: Value,
    shipment: Value,
    /// A business customer (A partner, エーパートナー, A-PARTNER-1) and its ship-to address.
    partner: Value,
    address: Value,
    /// A draft quote of one SHIRT-M for the partner, fulfilled from SHIBUYA.
    quote: Value,
    /// An invoice issued today to a customer billed per shipment.
    invoice: Value,
    staff_user: Value,
    session: Value,
    invitation: Value,
    key: Value,
    emails: [&'static str; 4],
}

async fn tenant_a(app: &TestApp) -> TenantA {
    let owner = app.sign_up("a-owner@example.jp").await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    app.join(&owner, "a-staff@example.jp", "STAFF").await;
    let members = app
        .call("{ members { user { id email } } }", json!({}), Some(&owner))
        .await;
    let staff_user = members["data"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["user"]["email"] == "a-staff@example.jp")
        .unwrap()["user"]["id"]
        .clone();
    let invited = app
        .call(
            "mutation { inviteMember(input: { email: \"a-invitee@example.jp\", role: STAFF }) { invitation { id } } }",
            json!({}),
            Some(&owner),
        )
        .await;
    let key = app
        .call(
            "mutation { createApiKey(input: { name: \"A POS\", scopes: [\"stock:read\"] }) { apiKey { id } } }",
            json!({}),
            Some(&owner),
        )
        .await;
    let sessions = app
        .call("{ mySessions { id } }", json!({}), Some(&owner))
        .await;
    let stock = app.stocked(&owner).await;
    let ledger = app
        .call(
            "{ stockMovements { edges { node { id } } } stockLevels { edges { node { id } } } }",
            json!({}),
            Some(&owner),
        )
        .await;
    let umeda = app.location(&owner, "UMEDA").await;
    let transfer = app
        .call(
            "mutation($f: ID!, $t: ID!, $v: ID!) { createTransfer(input: { fromLocationId: $f, toLocationId: $t, lines: [{ variantId: $v, quantity: 1 }] }) { id } }",
            json!({ "f": stock.location, "t": umeda, "v": stock.variant }),
            Some(&owner),
        )
        .await;
    let count = app
        .call(
            "mutation($l: ID!) { startStockCount(input: { locationId: $l }) { id } }",
            json!({ "l": stock.location }),
            Some(&owner),
        )
        .await;
    let channel = app.channel(&owner, "A register", &[&stock.location]).await;
    let sold = app
        .sell(
            &owner,
            json!({ "channelId": channel, "externalId": "A-SALE-1", "lines": [{ "sku": "SHIRT-M", "quantity": 1 }],
                    "customer": { "email": "a-buyer@example.jp", "name": "A buyer" } }),
        )
        .await;
    assert!(sold["errors"].is_null(), "{sold}");
    let customer = sold["data"]["r"]["sale"]["customer"]["id"].clone();
    let ordered = app
        .call(
            "mutation($l: ID!, $c: ID!) { createOrder(input: { locationId: $l, customerId: $c, confirm: true,
                lines: [{ sku: \"SHIRT-M\", quantity: 2 }] }) { id } }",
            json!({ "l": stock.location, "c": customer }),
            Some(&owner),
        )
        .await;
    let order = ordered["data"]["createOrder"]["id"].clone();
    let shipped = app
        .call(
            "mutation($o: ID!) { shipOrder(input: { orderId: $o, carrier: YAMATO, lines: [{ lineNumber: 1, quantity: 1 }] }) { id } }",
            json!({ "o": order }),
            Some(&owner),
        )
        .await;
    assert!(shipped["errors"].is_null(), "{shipped}");
    let (partner, address) = a_partner(app, &owner).await;
    let quoted = app
        .call(
            "mutation($l: ID!, $c: ID!) { createQuote(input: { locationId: $l, customerId: $c,
                lines: [{ sku: \"SHIRT-M\", quantity: 1 }] }) { id } }",
            json!({ "l": stock.location, "c": partner }),
            Some(&owner),
        )
        .await;
    assert!(quoted["errors"].is_null(), "{quoted}");
    let invoice = an_invoice(app, &owner, &stock.location).await;
    TenantA {
        invoice,
        quote: quoted["data"]["createQuote"]["id"].clone(),
        partner,
        address,
        order,
        shipment: shipped["data"]["shipOrder"]["id"].clone(),
        channel,
        sale: sold["data"]["r"]["sale"]["id"].clone(),
        customer,
        transfer: transfer["data"]["createTransfer"]["id"].clone(),
        count: count["data"]["startStockCount"]["id"].clone(),
        level: ledger["data"]["stockLevels"]["edges"][0]["node"]["id"].clone(),
        movement: ledger["data"]["stockMovements"]["edges"][0]["node"]["id"].clone(),
        stock,
        session: sessions["data"]["mySessions"][0]["id"].clone(),
        invitation: invited["data"]["inviteMember"]["invitation"]["id"].clone(),
        key: key["data"]["createApiKey"]["apiKey"]["id"].clone(),
        owner,
        staff_user,
        emails: [
            "a-owner@example.jp",
            "a-staff@example.jp",
            "a-invitee@example.jp",
            "a-buyer@example.jp",
        ],
    }
}

/// Today in Tokyo, the companies' time zone.
fn today() -> String {
    (chrono::Utc::now() + chrono::Duration::hours(9))
        .date_naive()
        .to_string()
}

/// An invoice A issues today: one SHIRT-M shipped to a customer billed per shipment.
async fn an_invoice(app: &TestApp, owner: &str, location: &Value) -> Value {
    let spot = app
        .call(
            "mutation { createCustomer(input: { kind: BUSINESS, name: \"A spot buyer\", code: \"A-SPOT\",
               billingTerms: { closingDay: 0, paymentMonthOffset: 1, paymentDay: 31 } }) { id } }",
            json!({}),
            Some(owner),
        )
        .await;
    let ordered = app
        .call(
            "mutation($l: ID!, $c: ID!) { createOrder(input: { locationId: $l, customerId: $c, confirm: true,
                lines: [{ sku: \"SHIRT-M\", quantity: 1 }] }) { id } }",
            json!({ "l": location, "c": spot["data"]["createCustomer"]["id"] }),
            Some(owner),
        )
        .await;
    let shipped = app
        .call(
            "mutation($o: ID!) { shipOrder(input: { orderId: $o, carrier: YAMATO, lines: [{ lineNumber: 1, quantity: 1 }] }) { id } }",
            json!({ "o": ordered["data"]["createOrder"]["id"] }),
            Some(owner),
        )
        .await;
    assert!(shipped["errors"].is_null(), "{shipped}");
    let run = app
        .call(
            "mutation($d: Date!) { runClosing(input: { closingDate: $d }) { invoices { id } } }",
            json!({ "d": today() }),
            Some(owner),
        )
        .await;
    assert!(run["errors"].is_null(), "{run}");
    run["data"]["runClosing"]["invoices"][0]["id"].clone()
}

/// A's business customer with its credit limit, terms and a ship-to address.
async fn a_partner(app: &TestApp, owner: &str) -> (Value, Value) {
    let partner = app
        .call(
            "mutation { createCustomer(input: { kind: BUSINESS, name: \"A partner\", nameKana: \"えーぱーとなー\",
               code: \"A-PARTNER-1\", creditLimit: \"777000\", priceRate: 6100,
               billingTerms: { closingDay: 20, paymentMonthOffset: 1, paymentDay: 10 } }) { id } }",
            json!({}),
            Some(owner),
        )
        .await;
    let partner = partner["data"]["createCustomer"]["id"].clone();
    let address = app
        .call(
            "mutation($c: ID!) { addCustomerAddress(input: { customerId: $c, kind: SHIPPING,
               recipientName: \"A partner warehouse\", postalCode: \"150-0001\", prefecture: \"東京都\",
               city: \"渋谷区\", line1: \"A-street 1\", isDefault: true }) { id } }",
            json!({ "c": partner }),
            Some(owner),
        )
        .await;
    assert!(address["errors"].is_null(), "{address}");
    (partner, address["data"]["addCustomerAddress"]["id"].clone())
}

fn mentions_a(body: &Value, a: &TenantA) -> bool {
    let text = body.to_string();
    a.emails.iter().any(|e| text.contains(e))
        || text.contains("SHIRT-M")
        || text.contains("Linen shirt")
        || text.contains("SHIBUYA")
        || text.contains("A register")
        || text.contains("A-SALE-1")
        || text.contains("A partner")
        || text.contains("エーパートナー")
        || text.contains("A-PARTNER-1")
        || text.contains("777000")
        || text.contains("A-street")
        || [
            &a.staff_user,
            &a.session,
            &a.invitation,
            &a.key,
            &a.stock.location,
            &a.stock.product,
            &a.stock.variant,
            &a.level,
            &a.movement,
            &a.transfer,
            &a.count,
            &a.channel,
            &a.sale,
            &a.customer,
            &a.partner,
            &a.address,
        ]
        .iter()
        .any(|id| id.as_str().is_some_and(|id| text.contains(id)))
}

/// A Shopify channel of tenant A selling at its stocked location.
async fn a_channel(app: &TestApp, a: &TenantA) -> Value {
    b_channel(app, &a.owner, &a.stock.location).await
}

/// A Shopify channel of the caller's company selling at `location`.
async fn b_channel(app: &TestApp, token: &str, location: &Value) -> Value {
    let body = app
        .call(
            "mutation($l: ID!) { createChannel(input: { name: \"Web\", kind: EC, provider: SHOPIFY, locationIds: [$l], webhookSecret: \"s3cret\" }) { id } }",
            json!({ "l": location }),
            Some(token),
        )
        .await;
    assert!(body["errors"].is_null(), "createChannel failed: {body}");
    body["data"]["createChannel"]["id"].clone()
}

/// An open sync issue of A's channel: a signed Shopify order of an item A does not sell.
async fn a_sync_issue(app: &TestApp, a: &TenantA, channel: &Value) -> Value {
    let url = app
        .call(
            "query($c: ID!) { channel(id: $c) { webhookUrl } }",
            json!({ "c": channel }),
            Some(&a.owner),
        )
        .await["data"]["channel"]["webhookUrl"]
        .as_str()
        .unwrap()
        .to_owned();
    let body = serde_json::to_vec(&crate::fakes::shopify::order(1, 500)).unwrap();
    let delivery = crate::fakes::shopify::signed_webhook(b"s3cret", "orders/create", &body);
    let response = delivery
        .send(&app.client, &format!("{}{url}", app.address))
        .await;
    assert_eq!(response.status().as_u16(), 200);
    let issues = app
        .call(
            "query($c: ID!) { syncIssues(channelId: $c, status: OPEN) { edges { node { id } } } }",
            json!({ "c": channel }),
            Some(&a.owner),
        )
        .await;
    issues["data"]["syncIssues"]["edges"][0]["node"]["id"].clone()
}

#[tokio::test]
async fn every_field_respects_the_tenant_boundary() {
    let app = spawn_app().await;
    let a = tenant_a(&app).await;
    let b = app.sign_up("b-owner@example.jp").await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let as_b = |query: &'static str, variables: Value| {
        let app = &app;
        let b = b.clone();
        async move { app.call(query, variables, Some(&b)).await }
    };

    let mut unchecked = Vec::new();
    let mut logs_b_out = false;
    for field in schema_fields(&app).await {
        if NOT_TENANT_SCOPED.iter().any(|(name, _)| *name == field) {
            continue;
        }
        match field.as_str() {
            "Query.me" => {
                let body = as_b(
                    "{ me { tenant { name } memberships { tenant { name } } } }",
                    json!({}),
                )
                .await;
                assert!(
                    !mentions_a(&body, &a) && !body.to_string().contains("a-owner"),
                    "{body}"
                );
            }
            "Query.mySessions" => {
                let body = as_b("{ mySessions { id } }", json!({})).await;
                assert!(!mentions_a(&body, &a), "{body}");
            }
            "Query.apiKeys" => {
                let body = as_b("{ apiKeys { id name } }", json!({})).await;
                assert!(
                    !mentions_a(&body, &a) && !body.to_string().contains("A POS"),
                    "{body}"
                );
            }
            "Query.members" => {
                let body = as_b("{ members { user { id email } } }", json!({})).await;
                assert!(!mentions_a(&body, &a), "{body}");
            }
            "Query.invitations" => {
                let body = as_b("{ invitations { id email } }", json!({})).await;
                assert!(!mentions_a(&body, &a), "{body}");
            }
            "Query.auditLog" => {
                let body = as_b(
                    "{ auditLog { edges { node { subject actor { email } } } } }",
                    json!({}),
                )
                .await;
                assert!(!mentions_a(&body, &a), "{body}");
            }
            "Mutation.revokeSession" => {
                let body = as_b(
                    "mutation($id: ID!) { revokeSession(id: $id) }",
                    json!({ "id": a.session }),
                )
                .await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
            }
            "Mutation.switchTenant" => {
                let tenant = app
                    .call("{ me { tenant { id } } }", json!({}), Some(&a.owner))
                    .await;
                let body = as_b(
                    "mutation($t: ID!) { switchTenant(tenantId: $t) { accessToken } }",
                    json!({ "t": tenant["data"]["me"]["tenant"]["id"] }),
                )
                .await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
            }
            "Mutation.createApiKey" => {
                as_b("mutation { createApiKey(input: { name: \"B key\", scopes: [\"stock:read\"] }) { secret } }", json!({})).await;
                let a_keys = app
                    .call("{ apiKeys { name } }", json!({}), Some(&a.owner))
                    .await;
                assert!(!a_keys.to_string().contains("B key"), "{a_keys}");
            }
            "Mutation.revokeApiKey" => {
                let body = as_b(
                    "mutation($id: ID!) { revokeApiKey(id: $id) { id } }",
                    json!({ "id": a.key }),
                )
                .await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
            }
            "Mutation.inviteMember" => {
                as_b("mutation { inviteMember(input: { email: \"a-staff@example.jp\", role: STAFF }) { emailSent } }", json!({})).await;
                let a_invitations = app
                    .call("{ invitations { email } }", json!({}), Some(&a.owner))
                    .await;
                assert_eq!(
                    a_invitations["data"]["invitations"]
                        .as_array()
                        .unwrap()
                        .len(),
                    1,
                    "{a_invitations}"
                );
            }
            "Mutation.revokeInvitation" => {
                let body = as_b(
                    "mutation($id: ID!) { revokeInvitation(id: $id) }",
                    json!({ "id": a.invitation }),
                )
                .await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
            }
            "Mutation.changeMemberRole" => {
                let body = as_b(
                    "mutation($u: ID!) { changeMemberRole(userId: $u, role: ADMIN) { role } }",
                    json!({ "u": a.staff_user }),
                )
                .await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
            }
            "Mutation.removeMember" => {
                let body = as_b(
                    "mutation($u: ID!) { removeMember(userId: $u) }",
                    json!({ "u": a.staff_user }),
                )
                .await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
            }
            "Query.node" => {
                for id in [
                    &a.stock.location,
                    &a.stock.product,
                    &a.stock.variant,
                    &a.level,
                    &a.movement,
                    &a.transfer,
                    &a.count,
                    &a.channel,
                    &a.sale,
                    &a.customer,
                    &a.partner,
                    &a.address,
                ] {
                    let body = as_b(
                        "query($id: ID!) { node(id: $id) { id } }",
                        json!({ "id": id }),
                    )
                    .await;
                    assert!(
                        body["data"]["node"].is_null() && !mentions_a(&body, &a),
                        "{body}"
                    );
                }
            }
            "Query.locations" => {
                let body = as_b(
                    "{ locations(includeArchived: true) { edges { node { id code } } } }",
                    json!({}),
                )
                .await;
                assert!(!mentions_a(&body, &a), "{body}");
            }
            "Query.location" => {
                let body = as_b(
                    "query($id: ID!) { location(id: $id) { code } }",
                    json!({ "id": a.stock.location }),
                )
                .await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
            }
            "Query.products" => {
                let body = as_b(
                    "{ products(query: \"shirt\") { edges { node { id name } } } }",
                    json!({}),
                )
                .await;
                assert!(!mentions_a(&body, &a), "{body}");
            }
            "Query.product" => {
                let body = as_b(
                    "query($id: ID!) { product(id: $id) { name } }",
                    json!({ "id": a.stock.product }),
                )
                .await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
            }
            "Query.productVariant" => {
                for (query, vars) in [
                    (
                        "query($v: ID) { productVariant(id: $v) { sku } }",
                        json!({ "v": a.stock.variant }),
                    ),
                    ("{ productVariant(sku: \"SHIRT-M\") { sku } }", json!({})),
                    (
                        "query($b: String) { productVariant(barcode: $b) { sku } }",
                        json!({ "b": jan("490000000001") }),
                    ),
                ] {
                    let body = as_b(query, vars).await;
                    assert!(body["data"]["productVariant"].is_null(), "{body}");
                }
            }
            "Query.stockLevels" => {
                let body = as_b(
                    "query($l: [ID!], $v: [ID!]) { all: stockLevels { edges { node { id } } }
                       filtered: stockLevels(locationIds: $l, variantIds: $v) { edges { node { id onHand } } } }",
                    json!({ "l": [a.stock.location], "v": [a.stock.variant] }),
                )
                .await;
                assert!(!mentions_a(&body, &a) && body["errors"].is_null(), "{body}");
            }
            "Query.stockLevel" => {
                let body = as_b(
                    "query($id: ID!) { stockLevel(id: $id) { onHand } }",
                    json!({ "id": a.level }),
                )
                .await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
            }
            "Query.stockMovements" => {
                let body = as_b(
                    "query($l: [ID!]) { stockMovements(locationIds: $l) { edges { node { id delta } } } }",
                    json!({ "l": [a.stock.location] }),
                )
                .await;
                assert!(
                    !mentions_a(&body, &a) && body["data"]["stockMovements"]["edges"] == json!([]),
                    "{body}"
                );
            }
            "Query.lowStock" => {
                app.call(
                    "mutation($v: ID!, $l: ID!) { setReorderPoint(input: { variantId: $v, locationId: $l, reorderPoint: 50 }) { low } }",
                    json!({ "v": a.stock.variant, "l": a.stock.location }),
                    Some(&a.owner),
                )
                .await;
                let body = as_b("{ lowStock { id } }", json!({})).await;
                assert_eq!(body["data"]["lowStock"], json!([]), "{body}");
            }
            "Query.salesSummary" => {
                // B asking for A's store by id sees none of A's figures.
                let body = as_b(
                    "query($l: [ID!]) { salesSummary(locationIds: $l) { totals { salesCount } byLocation { locationId } } }",
                    json!({ "l": [a.stock.location] }),
                )
                .await;
                assert!(!mentions_a(&body, &a), "{body}");
                assert_eq!(
                    body["data"]["salesSummary"]["totals"]["salesCount"], 0,
                    "{body}"
                );
                let body = as_b(
                    "{ salesSummary(period: MONTH) { totals { salesCount } byLocation { locationId } } }",
                    json!({}),
                )
                .await;
                assert_eq!(
                    body["data"]["salesSummary"]["byLocation"],
                    json!([]),
                    "{body}"
                );
            }
            "Query.oversoldStock" => {
                // A till sells more than A's books hold: A's row goes below zero.
                let sold = app
                    .call(
                        "mutation($v: ID!, $l: ID!) { recordSale(input: { locationId: $l, lines: [{ variantId: $v, quantity: 50 }] }) { id } }",
                        json!({ "v": a.stock.variant, "l": a.stock.location }),
                        Some(&a.owner),
                    )
                    .await;
                assert!(sold["errors"].is_null(), "{sold}");
                let body = as_b("{ oversoldStock { id } }", json!({})).await;
                assert_eq!(body["data"]["oversoldStock"], json!([]), "{body}");
                app.adjust(&a.owner, &a.stock.variant, &a.stock.location, 50)
                    .await;
            }
            "Query.stockReconciliation" => {
                let body = as_b(
                    "{ stockReconciliation { rowsChecked mismatches { variantId } } }",
                    json!({}),
                )
                .await;
                assert_eq!(
                    body["data"]["stockReconciliation"]["rowsChecked"], 0,
                    "{body}"
                );
            }
            "Mutation.createLocation" => {
                let body = as_b("mutation { createLocation(input: { code: \"SHIBUYA\", name: \"B's Shibuya\", kind: STORE }) { id } }", json!({})).await;
                assert!(body["errors"].is_null(), "codes are per company: {body}");
            }
            "Mutation.updateLocation"
            | "Mutation.archiveLocation"
            | "Mutation.restoreLocation"
            | "Mutation.deleteLocation" => {
                let query = match field.as_str() {
                    "Mutation.updateLocation" => {
                        "mutation($id: ID!) { r: updateLocation(id: $id, input: { name: \"Mine\" }) { id } }"
                    }
                    "Mutation.archiveLocation" => {
                        "mutation($id: ID!) { r: archiveLocation(id: $id) { id } }"
                    }
                    "Mutation.restoreLocation" => {
                        "mutation($id: ID!) { r: restoreLocation(id: $id) { id } }"
                    }
                    _ => "mutation($id: ID!) { r: deleteLocation(id: $id) }",
                };
                let body = as_b(query, json!({ "id": a.stock.location })).await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{field}: {body}");
            }
            "Mutation.createProduct" => {
                let body = as_b(
                    "mutation($b: String) { createProduct(input: { name: \"B shirt\", taxClass: STANDARD, variants: [{ sku: \"SHIRT-M\", barcode: $b, price: \"1\" }] }) { id } }",
                    json!({ "b": jan("490000000001") }),
                )
                .await;
                assert!(
                    body["errors"].is_null(),
                    "SKUs and barcodes are per company: {body}"
                );
            }
            "Mutation.updateProduct" => {
                let body = as_b("mutation($id: ID!) { updateProduct(id: $id, input: { name: \"Mine\" }) { id } }", json!({ "id": a.stock.product })).await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
            }
            "Mutation.addProductVariant" => {
                let body = as_b(
                    "mutation($id: ID!) { addProductVariant(productId: $id, input: { sku: \"B-NEW\", price: \"1\" }) { id } }",
                    json!({ "id": a.stock.product }),
                )
                .await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
            }
            "Mutation.updateProductVariant"
            | "Mutation.archiveProductVariant"
            | "Mutation.restoreProductVariant" => {
                let query = match field.as_str() {
                    "Mutation.updateProductVariant" => {
                        "mutation($id: ID!) { r: updateProductVariant(id: $id, input: { price: \"1\" }) { id } }"
                    }
                    "Mutation.archiveProductVariant" => {
                        "mutation($id: ID!) { r: archiveProductVariant(id: $id) { id } }"
                    }
                    _ => "mutation($id: ID!) { r: restoreProductVariant(id: $id) { id } }",
                };
                let body = as_b(query, json!({ "id": a.stock.variant })).await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{field}: {body}");
            }
            "Mutation.adjustStock" | "Mutation.setReorderPoint" => {
                let query = if field == "Mutation.adjustStock" {
                    "mutation($v: ID!, $l: ID!) { r: adjustStock(input: { variantId: $v, locationId: $l, delta: -10, reason: LOSS }) { onHand } }"
                } else {
                    "mutation($v: ID!, $l: ID!) { r: setReorderPoint(input: { variantId: $v, locationId: $l, reorderPoint: 1 }) { id } }"
                };
                let body = as_b(
                    query,
                    json!({ "v": a.stock.variant, "l": a.stock.location }),
                )
                .await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{field}: {body}");
            }
            "Query.transfers" => {
                let body = as_b(
                    "query($l: [ID!]) { all: transfers { edges { node { id number } } }
                       filtered: transfers(locationIds: $l, status: DRAFT) { edges { node { id } } } }",
                    json!({ "l": [a.stock.location] }),
                )
                .await;
                assert!(
                    !mentions_a(&body, &a)
                        && body["errors"].is_null()
                        && body["data"]["all"]["edges"] == json!([]),
                    "{body}"
                );
            }
            "Query.transfer" => {
                let body = as_b(
                    "query($id: ID!) { transfer(id: $id) { number } }",
                    json!({ "id": a.transfer }),
                )
                .await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
            }
            "Query.stockCounts" => {
                let body = as_b(
                    "query($l: ID) { all: stockCounts { edges { node { id number } } }
                       filtered: stockCounts(locationId: $l) { edges { node { id } } } }",
                    json!({ "l": a.stock.location }),
                )
                .await;
                assert!(
                    !mentions_a(&body, &a)
                        && body["errors"].is_null()
                        && body["data"]["all"]["edges"] == json!([]),
                    "{body}"
                );
            }
            "Query.stockCount" => {
                let body = as_b(
                    "query($id: ID!) { stockCount(id: $id) { number } }",
                    json!({ "id": a.count }),
                )
                .await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
            }
            "Query.replenishmentSuggestions" => {
                app.call(
                    "mutation($v: ID!, $l: ID!) { setReorderPoint(input: { variantId: $v, locationId: $l, reorderPoint: 50 }) { low } }",
                    json!({ "v": a.stock.variant, "l": a.stock.location }),
                    Some(&a.owner),
                )
                .await;
                let body = as_b(
                    "query($l: [ID!]) { all: replenishmentSuggestions { quantity stockLevel { id } }
                       filtered: replenishmentSuggestions(locationIds: $l) { quantity } }",
                    json!({ "l": [a.stock.location] }),
                )
                .await;
                assert!(
                    !mentions_a(&body, &a)
                        && body["data"]["all"] == json!([])
                        && body["data"]["filtered"] == json!([]),
                    "{body}"
                );
            }
            "Mutation.createTransfer" => {
                let own = app.location(&b, "B-TR").await;
                for (from, to) in [(&a.stock.location, &own), (&own, &a.stock.location)] {
                    let body = as_b(
                        "mutation($f: ID!, $t: ID!, $v: ID!) { createTransfer(input: { fromLocationId: $f, toLocationId: $t, lines: [{ variantId: $v, quantity: 1 }] }) { id } }",
                        json!({ "f": from, "t": to, "v": a.stock.variant }),
                    )
                    .await;
                    assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
                }
            }
            "Mutation.updateTransfer"
            | "Mutation.shipTransfer"
            | "Mutation.receiveTransfer"
            | "Mutation.cancelTransfer" => {
                let query = match field.as_str() {
                    "Mutation.updateTransfer" => {
                        "mutation($id: ID!) { r: updateTransfer(id: $id, input: { note: \"mine\" }) { id } }"
                    }
                    "Mutation.shipTransfer" => {
                        "mutation($id: ID!) { r: shipTransfer(id: $id) { id } }"
                    }
                    "Mutation.receiveTransfer" => {
                        "mutation($id: ID!) { r: receiveTransfer(id: $id, input: { close: true, discrepancyReason: \"x\" }) { id } }"
                    }
                    _ => "mutation($id: ID!) { r: cancelTransfer(id: $id) { id } }",
                };
                let body = as_b(query, json!({ "id": a.transfer })).await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{field}: {body}");
                let still = app
                    .call(
                        "query($id: ID!) { transfer(id: $id) { status note } }",
                        json!({ "id": a.transfer }),
                        Some(&a.owner),
                    )
                    .await;
                assert_eq!(still["data"]["transfer"]["status"], "DRAFT", "{still}");
                assert_eq!(still["data"]["transfer"]["note"], "", "{still}");
            }
            "Mutation.startStockCount" => {
                let body = as_b(
                    "mutation($l: ID!) { startStockCount(input: { locationId: $l }) { id } }",
                    json!({ "l": a.stock.location }),
                )
                .await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
                let own = app.location(&b, "B-SC").await;
                let body = as_b(
                    "mutation($l: ID!, $p: [ID!]) { startStockCount(input: { locationId: $l, productIds: $p }) { id } }",
                    json!({ "l": own, "p": [a.stock.product] }),
                )
                .await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
            }
            "Mutation.recordStockCount"
            | "Mutation.finalizeStockCount"
            | "Mutation.cancelStockCount" => {
                let query = match field.as_str() {
                    "Mutation.recordStockCount" => {
                        "mutation($id: ID!) { r: recordStockCount(input: { countId: $id, lines: [{ barcode: \"4900000000011\", counted: 99 }] }) { id } }"
                    }
                    "Mutation.finalizeStockCount" => {
                        "mutation($id: ID!) { r: finalizeStockCount(id: $id, zeroUncounted: true) { id } }"
                    }
                    _ => "mutation($id: ID!) { r: cancelStockCount(id: $id) { id } }",
                };
                let body = as_b(query, json!({ "id": a.count })).await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{field}: {body}");
                let still = app
                    .call(
                        "query($id: ID!) { stockCount(id: $id) { status lines { counted } } }",
                        json!({ "id": a.count }),
                        Some(&a.owner),
                    )
                    .await;
                assert_eq!(still["data"]["stockCount"]["status"], "OPEN", "{still}");
                assert_eq!(still["data"]["stockCount"]["lines"], json!([]), "{still}");
            }
            "Query.exportProducts" => {
                let body = as_b("{ exportProducts }", json!({})).await;
                assert!(!mentions_a(&body, &a), "{body}");
            }
            "Query.exportStockMovements" => {
                let body = as_b(
                    "query($l: [ID!]) { all: exportStockMovements filtered: exportStockMovements(locationIds: $l) }",
                    json!({ "l": [a.stock.location] }),
                )
                .await;
                assert!(!mentions_a(&body, &a) && body["errors"].is_null(), "{body}");
            }
            "Query.shippingInstructions" | "Mutation.importShipmentResults" => {
                use base64::Engine;
                let number = app
                    .call(
                        "query($id: ID!) { order(id: $id) { number } }",
                        json!({ "id": a.order }),
                        Some(&a.owner),
                    )
                    .await["data"]["order"]["number"]
                    .clone();
                let file = base64::engine::general_purpose::STANDARD.encode(format!(
                    "order_number,line_number,quantity\n{},1,1\n",
                    number.as_str().unwrap()
                ));
                let shipments = "query($id: ID!) { order(id: $id) { shipments { id } } }";
                let before = app
                    .call(shipments, json!({ "id": a.order }), Some(&a.owner))
                    .await;
                let body = if field == "Query.shippingInstructions" {
                    as_b(
                        "query($l: ID!) { shippingInstructions(locationId: $l) }",
                        json!({ "l": a.stock.location }),
                    )
                    .await
                } else {
                    as_b(
                        "mutation($l: ID!, $f: String!) { importShipmentResults(input: { locationId: $l, content: $f }) { applied } }",
                        json!({ "l": a.stock.location, "f": file }),
                    )
                    .await
                };
                assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
                let after = app
                    .call(shipments, json!({ "id": a.order }), Some(&a.owner))
                    .await;
                assert_eq!(after, before, "B shipped nothing of A's");
            }
            "Mutation.importProducts" => {
                use base64::Engine;
                let file = "product_name,sku,price\nB import,SHIRT-M,1\n";
                let body = as_b(
                    "mutation($c: String!) { importProducts(input: { content: $c }) { applied variantsUpdated } }",
                    json!({ "c": base64::engine::general_purpose::STANDARD.encode(file) }),
                )
                .await;
                assert_eq!(body["data"]["importProducts"]["applied"], true, "{body}");
                let a_price = app
                    .call(
                        "{ productVariant(sku: \"SHIRT-M\") { price { amount } } }",
                        json!({}),
                        Some(&a.owner),
                    )
                    .await;
                assert_eq!(
                    a_price["data"]["productVariant"]["price"]["amount"], "1980",
                    "{a_price}"
                );
            }
            "Mutation.importSales" | "Query.salesImportMapping" => {
                use base64::Engine;
                // A's CSV channel; A's own dry run proves the file is fine.
                let channel = app
                    .call(
                        "mutation($l: ID!) { createChannel(input: { name: \"A register\", kind: POS, provider: CSV, locationIds: [$l] }) { id } }",
                        json!({ "l": a.stock.location }),
                        Some(&a.owner),
                    )
                    .await["data"]["createChannel"]["id"]
                    .clone();
                let file = base64::engine::general_purpose::STANDARD
                    .encode("取引番号,取引日時,商品コード,数量\nR1,2026/01/05 10:00,SHIRT-M,1\n");
                let mine = app
                    .call(
                        "mutation($c: ID!, $f: String!) { importSales(input: { channelId: $c, content: $f, dryRun: true }) { imported } }",
                        json!({ "c": channel, "f": file }),
                        Some(&a.owner),
                    )
                    .await;
                assert_eq!(mine["data"]["importSales"]["imported"], 1, "{mine}");
                let body = if field == "Mutation.importSales" {
                    as_b(
                        "mutation($c: ID!, $f: String!) { importSales(input: { channelId: $c, content: $f, dryRun: true }) { imported } }",
                        json!({ "c": channel, "f": file }),
                    )
                    .await
                } else {
                    as_b(
                        "query($c: ID!) { salesImportMapping(channelId: $c) { sku } }",
                        json!({ "c": channel }),
                    )
                    .await
                };
                assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
                assert!(!mentions_a(&body, &a), "{body}");
            }
            "Mutation.setMemberLocations" => {
                let body = as_b(
                    "mutation($u: ID!, $l: ID!) { setMemberLocations(userId: $u, locationIds: [$l]) { role } }",
                    json!({ "u": a.staff_user, "l": a.stock.location }),
                )
                .await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
                let invite = as_b(
                    "mutation($l: ID!) { inviteMember(input: { email: \"x@example.jp\", role: STAFF, locationIds: [$l] }) { emailSent } }",
                    json!({ "l": a.stock.location }),
                )
                .await;
                assert_eq!(error_code(&invite), "NOT_FOUND", "{invite}");
            }
            "Mutation.updateCompany" => {
                let body = as_b(
                    "mutation { updateCompany(input: { name: \"B renamed\" }) { name } }",
                    json!({}),
                )
                .await;
                assert_eq!(body["data"]["updateCompany"]["name"], "B renamed", "{body}");
                let a_name = app
                    .call("{ me { tenant { name } } }", json!({}), Some(&a.owner))
                    .await;
                assert_eq!(
                    a_name["data"]["me"]["tenant"]["name"], "a-owner@example.jp Co",
                    "{a_name}"
                );
            }
            "Subscription.stockLevelChanged" => {
                let mut ws = app.websocket().await;
                ws.init_with(&b).await;
                ws.send(json!({ "id": "1", "type": "subscribe", "payload": {
                    "query": "subscription { stockLevelChanged { stockLevel { variant { sku } location { code } onHand } } }" } }))
                    .await;
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                app.adjust(&a.owner, &a.stock.variant, &a.stock.location, 1)
                    .await;
                let own_location = app.location(&b, "B-SUB").await;
                let (_, own_variant) = app.product(&b, "B thing", "B-SUB-1", "490000000099").await;
                app.adjust(&b, &own_variant, &own_location, 3).await;
                let next = ws.expect_json().await;
                let change = &next["payload"]["data"]["stockLevelChanged"]["stockLevel"];
                assert_eq!(change["onHand"], 3, "only B's own change arrives: {next}");
                assert_eq!(change["location"]["code"], "B-SUB");
            }
            "Query.channels" | "Query.sales" | "Query.customers" => {
                let body = as_b(
                    "query($l: [ID!], $c: [ID!]) { channels(includeArchived: true) { edges { node { id name } } }
                       all: sales { edges { node { id number } } }
                       filtered: sales(locationIds: $l, channelIds: $c) { edges { node { id } } }
                       customers(query: \"a-buyer\") { edges { node { id email } } } }",
                    json!({ "l": [a.stock.location], "c": [a.channel] }),
                )
                .await;
                assert!(body["errors"].is_null(), "{body}");
                assert!(!mentions_a(&body, &a), "{field}: {body}");
                // The business fields: by code, by reading, and a listing of them all.
                for query in ["A-PARTNER", "えーぱーとなー", ""] {
                    let body = as_b(
                        "query($q: String) { customers(query: $q) { edges { node { id name nameKana code
                           creditLimit { amount } priceRate billingTerms { closingDay }
                           addresses { id recipientName line1 } } } } }",
                        json!({ "q": query }),
                    )
                    .await;
                    assert!(body["errors"].is_null(), "{body}");
                    assert!(!mentions_a(&body, &a), "{query}: {body}");
                }
            }
            "Query.channel" | "Query.sale" | "Query.customer" => {
                for (query, id) in [
                    (
                        "query($id: ID!) { r: channel(id: $id) { name } }",
                        &a.channel,
                    ),
                    ("query($id: ID!) { r: sale(id: $id) { number } }", &a.sale),
                    (
                        "query($id: ID!) { r: customer(id: $id) { name } }",
                        &a.customer,
                    ),
                    (
                        "query($id: ID!) { r: customer(id: $id) { code addresses { id } } }",
                        &a.partner,
                    ),
                ] {
                    let body = as_b(query, json!({ "id": id })).await;
                    assert_eq!(error_code(&body), "NOT_FOUND", "{query}: {body}");
                }
            }
            "Mutation.createChannel" | "Mutation.updateChannel" => {
                let body = as_b(
                    "mutation($l: ID!) { createChannel(input: { name: \"B\", kind: POS, provider: MANUAL, locationIds: [$l] }) { id } }",
                    json!({ "l": a.stock.location }),
                )
                .await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
                let body = as_b(
                    "mutation($id: ID!) { updateChannel(id: $id, input: { name: \"taken\", safetyBuffer: 99 }) { name } }",
                    json!({ "id": a.channel }),
                )
                .await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
            }
            "Mutation.recordSale" | "Mutation.recordSaleWithDetails" => {
                let own = app.location(&b, &format!("B-S{}", field.len())).await;
                let own_channel = app.channel(&b, "B register", &[&own]).await;
                for (input, code) in [
                    (
                        json!({ "channelId": a.channel, "lines": [{ "sku": "SHIRT-M", "quantity": 1 }] }),
                        "NOT_FOUND",
                    ),
                    (
                        json!({ "locationId": a.stock.location, "lines": [{ "sku": "SHIRT-M", "quantity": 1 }] }),
                        "NOT_FOUND",
                    ),
                    (
                        json!({ "channelId": own_channel, "lines": [{ "variantId": a.stock.variant, "quantity": 1 }] }),
                        "NOT_FOUND",
                    ),
                    // B has its own SHIRT-M by now (importProducts), but not A's barcode.
                    (
                        json!({ "channelId": own_channel, "lines": [{ "barcode": jan("490000000001"), "quantity": 1 }] }),
                        "VALIDATION",
                    ),
                    (
                        json!({ "channelId": own_channel, "customerId": a.customer,
                             "lines": [{ "sku": "SHIRT-M", "quantity": 1 }] }),
                        "NOT_FOUND",
                    ),
                ] {
                    let body = as_b(
                        "mutation($input: RecordSaleInput!) { recordSale(input: $input) { id } }",
                        json!({ "input": input }),
                    )
                    .await;
                    assert_eq!(error_code(&body), code, "{input}: {body}");
                }
                let a_stock = app
                    .call(
                        "{ stockLevels { edges { node { onHand } } } }",
                        json!({}),
                        Some(&a.owner),
                    )
                    .await;
                // 10, less A's sale and the two units A shipped.
                assert_eq!(
                    a_stock["data"]["stockLevels"]["edges"][0]["node"]["onHand"], 7,
                    "{a_stock}"
                );
            }
            "Mutation.recordReturn" | "Mutation.voidSale" => {
                let body = as_b(
                    "mutation($id: ID!) { recordReturn(input: { saleId: $id }) { replayed } }",
                    json!({ "id": a.sale }),
                )
                .await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
                let body = as_b(
                    "mutation($id: ID!) { voidSale(id: $id, reason: \"x\") { status } }",
                    json!({ "id": a.sale }),
                )
                .await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
                let still = app
                    .call(
                        "query($id: ID!) { sale(id: $id) { status lines { returnedQuantity } } }",
                        json!({ "id": a.sale }),
                        Some(&a.owner),
                    )
                    .await;
                assert_eq!(still["data"]["sale"]["status"], "COMPLETED", "{still}");
                assert_eq!(
                    still["data"]["sale"]["lines"][0]["returnedQuantity"], 0,
                    "{still}"
                );
            }
            "Mutation.createCustomer" => {
                // The same email or code in another company is another customer, and no
                // conflict reveals that A has one.
                let body = as_b(
                    "mutation { createCustomer(input: { name: \"B's buyer\", email: \"a-buyer@example.jp\" }) { id name } }",
                    json!({}),
                )
                .await;
                assert_eq!(
                    body["data"]["createCustomer"]["name"], "B's buyer",
                    "{body}"
                );
                let body = as_b(
                    "mutation { createCustomer(input: { kind: BUSINESS, name: \"B's partner\", code: \"a-partner-1\" }) { code } }",
                    json!({}),
                )
                .await;
                assert_eq!(
                    body["data"]["createCustomer"]["code"], "A-PARTNER-1",
                    "{body}"
                );
            }
            "Mutation.updateCustomer" => {
                for id in [&a.customer, &a.partner] {
                    let body = as_b(
                        "mutation($id: ID!) { updateCustomer(id: $id, input: { name: \"taken\", creditLimit: \"1\", code: null }) { name } }",
                        json!({ "id": id }),
                    )
                    .await;
                    assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
                }
                let still = app
                    .call(
                        "query($id: ID!) { customer(id: $id) { name code creditLimit { amount } } }",
                        json!({ "id": a.partner }),
                        Some(&a.owner),
                    )
                    .await;
                assert_eq!(still["data"]["customer"]["code"], "A-PARTNER-1", "{still}");
                assert_eq!(still["data"]["customer"]["creditLimit"]["amount"], "777000");
            }
            "Mutation.addCustomerAddress"
            | "Mutation.updateCustomerAddress"
            | "Mutation.removeCustomerAddress" => {
                let body = as_b(
                    "mutation($c: ID!) { addCustomerAddress(input: { customerId: $c, kind: BILLING, recipientName: \"B\",
                       postalCode: \"1500001\", prefecture: \"東京都\", city: \"渋谷区\", line1: \"1\", isDefault: true }) { id } }",
                    json!({ "c": a.partner }),
                )
                .await;
                assert_eq!(error_code(&body), "NOT_FOUND", "add: {body}");
                let body = as_b(
                    "mutation($id: ID!) { updateCustomerAddress(id: $id, input: { line1: \"B-street\", isDefault: false }) { id } }",
                    json!({ "id": a.address }),
                )
                .await;
                assert_eq!(error_code(&body), "NOT_FOUND", "update: {body}");
                let body = as_b(
                    "mutation($id: ID!) { removeCustomerAddress(id: $id) }",
                    json!({ "id": a.address }),
                )
                .await;
                assert_eq!(error_code(&body), "NOT_FOUND", "remove: {body}");
                let still = app
                    .call(
                        "query($id: ID!) { customer(id: $id) { addresses { id kind line1 isDefault } } }",
                        json!({ "id": a.partner }),
                        Some(&a.owner),
                    )
                    .await;
                assert_eq!(
                    still["data"]["customer"]["addresses"],
                    json!([{ "id": a.address, "kind": "SHIPPING", "line1": "A-street 1", "isDefault": true }]),
                    "A's addresses are untouched: {still}"
                );
            }
            "Query.orders" => {
                let body = as_b(
                    "query($l: [ID!], $c: ID!) { all: orders { edges { node { id } } }
                       filtered: orders(locationIds: $l, customerId: $c) { edges { node { id } } } }",
                    json!({ "l": [a.stock.location], "c": a.customer }),
                )
                .await;
                assert!(body["errors"].is_null(), "{body}");
                assert!(
                    !body.to_string().contains(a.order.as_str().unwrap()),
                    "{body}"
                );
                assert_eq!(body["data"]["all"]["edges"], json!([]), "{body}");
            }
            "Query.order" => {
                let body = as_b(
                    "query($id: ID!) { order(id: $id) { number } }",
                    json!({ "id": a.order }),
                )
                .await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
                let node = as_b(
                    "query($id: ID!) { node(id: $id) { id } }",
                    json!({ "id": a.shipment }),
                )
                .await;
                assert_eq!(node["data"]["node"], Value::Null, "{node}");
            }
            "Mutation.createOrder" => {
                let own = app.location(&b, "B-ORDERS").await;
                for (input, code) in [
                    (
                        json!({ "locationId": a.stock.location, "lines": [{ "sku": "SHIRT-M", "quantity": 1 }] }),
                        "NOT_FOUND",
                    ),
                    (
                        json!({ "locationId": own, "customerId": a.customer, "lines": [{ "sku": "SHIRT-M", "quantity": 1 }] }),
                        "NOT_FOUND",
                    ),
                    (
                        json!({ "locationId": own, "lines": [{ "variantId": a.stock.variant, "quantity": 1 }] }),
                        "NOT_FOUND",
                    ),
                    (
                        json!({ "channelId": a.channel, "lines": [{ "sku": "SHIRT-M", "quantity": 1 }] }),
                        "NOT_FOUND",
                    ),
                ] {
                    let body = as_b(
                        "mutation($input: CreateOrderInput!) { createOrder(input: $input) { id } }",
                        json!({ "input": input }),
                    )
                    .await;
                    assert_eq!(error_code(&body), code, "{input}: {body}");
                }
            }
            "Query.invoices" => {
                let body = as_b(
                    "query($c: ID!) { all: invoices { edges { node { id } } }
                       filtered: invoices(customerId: $c) { edges { node { id } } } }",
                    json!({ "c": a.partner }),
                )
                .await;
                assert!(body["errors"].is_null(), "{body}");
                assert_eq!(body["data"]["all"]["edges"], json!([]), "{body}");
                assert_eq!(body["data"]["filtered"]["edges"], json!([]), "{body}");
            }
            "Query.invoice" => {
                let body = as_b(
                    "query($id: ID!) { invoice(id: $id) { number } }",
                    json!({ "id": a.invoice }),
                )
                .await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
            }
            "Query.payments" => {
                let body = as_b(
                    "query($c: ID!) { all: payments { edges { node { id } } }
                       filtered: payments(customerId: $c) { edges { node { id } } } }",
                    json!({ "c": a.partner }),
                )
                .await;
                assert!(body["errors"].is_null(), "{body}");
                assert_eq!(body["data"]["all"]["edges"], json!([]), "{body}");
            }
            "Mutation.recordPayment" => {
                // Neither A's customer nor A's invoice can take B's money.
                let own = as_b(
                    "mutation { createCustomer(input: { kind: BUSINESS, name: \"B payer\" }) { id } }",
                    json!({}),
                )
                .await;
                for (customer, allocations) in [
                    (a.partner.clone(), Value::Null),
                    (
                        own["data"]["createCustomer"]["id"].clone(),
                        json!([{ "invoiceId": a.invoice, "amount": "1" }]),
                    ),
                ] {
                    let body = as_b(
                        "mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { id } }",
                        json!({ "input": { "customerId": customer, "amount": "1", "receivedOn": "2026-01-05",
                                           "method": "CASH", "allocations": allocations } }),
                    )
                    .await;
                    assert!(!body["errors"].is_null(), "{body}");
                    assert!(!mentions_a(&body, &a), "{body}");
                }
                let still = app
                    .call(
                        "query($id: ID!) { invoice(id: $id) { amountPaid { amount } } }",
                        json!({ "id": a.invoice }),
                        Some(&a.owner),
                    )
                    .await;
                assert_eq!(
                    still["data"]["invoice"]["amountPaid"]["amount"], "0",
                    "{still}"
                );
            }
            "Mutation.voidInvoice" => {
                let body = as_b(
                    "mutation($id: ID!) { voidInvoice(id: $id, reason: \"B says so\") { status } }",
                    json!({ "id": a.invoice }),
                )
                .await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
                let still = app
                    .call(
                        "query($id: ID!) { invoice(id: $id) { status } }",
                        json!({ "id": a.invoice }),
                        Some(&a.owner),
                    )
                    .await;
                assert_eq!(still["data"]["invoice"]["status"], "ISSUED", "{still}");
            }
            "Mutation.runClosing" => {
                // B's closing bills B's customers only: none, however A's stand.
                let body = as_b(
                    "mutation($d: Date!) { runClosing(input: { closingDate: $d }) { invoices { id } } }",
                    json!({ "d": today() }),
                )
                .await;
                assert_eq!(body["data"]["runClosing"]["invoices"], json!([]), "{body}");
                let still = app
                    .call(
                        "query($id: ID!) { invoice(id: $id) { status } }",
                        json!({ "id": a.invoice }),
                        Some(&a.owner),
                    )
                    .await;
                assert_eq!(still["data"]["invoice"]["status"], "ISSUED", "{still}");
            }
            "Mutation.splitOrder" => {
                // Even to a location of B's own, A's order does not move.
                let own = app.location(&b, "B-SPLIT").await;
                let body = as_b(
                    "mutation($id: ID!, $l: ID!) { splitOrder(input: { orderId: $id, locationId: $l, lines: [{ lineNumber: 1, quantity: 1 }] }) { id } }",
                    json!({ "id": a.order, "l": own }),
                )
                .await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
                let untouched = app
                    .call(
                        "query($id: ID!) { order(id: $id) { splitOrders { id } lines { quantity } } }",
                        json!({ "id": a.order }),
                        Some(&a.owner),
                    )
                    .await;
                assert_eq!(
                    untouched["data"]["order"]["splitOrders"],
                    json!([]),
                    "{untouched}"
                );
            }
            "Mutation.confirmOrder"
            | "Mutation.approveOrder"
            | "Mutation.cancelOrder"
            | "Mutation.shipOrder"
            | "Mutation.markReadyForPickup"
            | "Mutation.handOverOrder"
            | "Mutation.relocateOrder"
            | "Mutation.releaseAllocation"
            | "Mutation.returnShipment" => {
                let shipment = "mutation($s: ID!) { returnShipment(input: { shipmentId: $s, lines: [{ lineNumber: 1, quantity: 1 }] }) { id } }";
                let body = as_b(shipment, json!({ "s": a.shipment })).await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
                for query in [
                    "mutation($id: ID!) { releaseAllocation(input: { orderId: $id, lines: [{ lineNumber: 1, quantity: 1 }] }) { id } }",
                    "mutation($id: ID!) { relocateOrder(id: $id, locationId: $id) { id } }",
                    "mutation($id: ID!) { confirmOrder(id: $id) { id } }",
                    "mutation($id: ID!) { approveOrder(id: $id) { id } }",
                    "mutation($id: ID!) { markReadyForPickup(id: $id) { id } }",
                    "mutation($id: ID!) { handOverOrder(input: { orderId: $id }) { id } }",
                    "mutation($id: ID!) { cancelOrder(id: $id) { id } }",
                    "mutation($id: ID!) { shipOrder(input: { orderId: $id, carrier: OTHER, lines: [{ lineNumber: 1, quantity: 1 }] }) { id } }",
                ] {
                    let body = as_b(query, json!({ "id": a.order })).await;
                    assert_eq!(error_code(&body), "NOT_FOUND", "{query}: {body}");
                }
                let untouched = app
                    .call(
                        "query($id: ID!) { order(id: $id) { status lines { allocatedQuantity shippedQuantity } returns { id } } }",
                        json!({ "id": a.order }),
                        Some(&a.owner),
                    )
                    .await;
                assert_eq!(
                    untouched["data"]["order"],
                    json!({ "status": "PARTIALLY_SHIPPED", "lines": [{ "allocatedQuantity": 1, "shippedQuantity": 1 }], "returns": [] })
                );
            }
            "Query.quotes" => {
                let body = as_b(
                    "query($c: ID!) { all: quotes { edges { node { id } } }
                       theirs: quotes(customerId: $c, status: [DRAFT, EXPIRED]) { edges { node { id } } } }",
                    json!({ "c": a.partner }),
                )
                .await;
                assert!(body["errors"].is_null(), "{body}");
                assert!(
                    !body.to_string().contains(a.quote.as_str().unwrap()),
                    "{body}"
                );
                assert_eq!(body["data"]["all"]["edges"], json!([]), "{body}");
            }
            "Query.quote" => {
                let body = as_b(
                    "query($id: ID!) { quote(id: $id) { number } }",
                    json!({ "id": a.quote }),
                )
                .await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
                let node = as_b(
                    "query($id: ID!) { node(id: $id) { id } }",
                    json!({ "id": a.quote }),
                )
                .await;
                assert_eq!(node["data"]["node"], Value::Null, "{node}");
            }
            "Mutation.createQuote" => {
                let own = app.location(&b, "B-QUOTES").await;
                for input in [
                    json!({ "locationId": a.stock.location, "lines": [{ "sku": "SHIRT-M", "quantity": 1 }] }),
                    json!({ "locationId": own, "customerId": a.partner, "lines": [{ "sku": "SHIRT-M", "quantity": 1 }] }),
                    json!({ "locationId": own, "lines": [{ "variantId": a.stock.variant, "quantity": 1 }] }),
                ] {
                    let body = as_b(
                        "mutation($input: CreateQuoteInput!) { createQuote(input: $input) { id } }",
                        json!({ "input": input }),
                    )
                    .await;
                    assert_eq!(error_code(&body), "NOT_FOUND", "{input}: {body}");
                }
            }
            "Mutation.updateQuote"
            | "Mutation.sendQuote"
            | "Mutation.emailQuote"
            | "Mutation.cancelQuote"
            | "Mutation.convertQuote" => {
                for query in [
                    "mutation($id: ID!) { updateQuote(id: $id, input: { note: \"B was here\" }) { id } }",
                    "mutation($id: ID!) { sendQuote(id: $id) { id } }",
                    "mutation($id: ID!) { emailQuote(input: { id: $id, to: \"b@example.jp\" }) { id } }",
                    "mutation($id: ID!) { cancelQuote(id: $id) { id } }",
                    "mutation($id: ID!) { convertQuote(id: $id, confirm: true) { id } }",
                ] {
                    let body = as_b(query, json!({ "id": a.quote })).await;
                    assert_eq!(error_code(&body), "NOT_FOUND", "{query}: {body}");
                }
                let untouched = app
                    .call(
                        "query($id: ID!) { quote(id: $id) { status note order { id } } }",
                        json!({ "id": a.quote }),
                        Some(&a.owner),
                    )
                    .await;
                assert_eq!(
                    untouched["data"]["quote"],
                    json!({ "status": "DRAFT", "note": "", "order": null }),
                    "{untouched}"
                );
            }
            "Subscription.orderChanged" => {
                let mut ws = app.websocket().await;
                ws.init_with(&b).await;
                ws.send(json!({ "id": "1", "type": "subscribe", "payload": {
                    "query": "subscription { orderChanged { id number } }" } }))
                    .await;
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                app.call(
                    "mutation($id: ID!) { cancelOrder(id: $id) { id } }",
                    json!({ "id": a.order }),
                    Some(&a.owner),
                )
                .await;
                let own = app.location(&b, "B-LIVE-ORDERS").await;
                let (_, own_variant) = app
                    .product(&b, "B order item", "B-ORDER-ITEM", "490000009999")
                    .await;
                let mine = as_b(
                    "mutation($l: ID!, $v: ID!) { createOrder(input: { locationId: $l, lines: [{ variantId: $v, quantity: 1 }] }) { id } }",
                    json!({ "l": own, "v": own_variant }),
                )
                .await;
                let next = ws.expect_json().await;
                assert_eq!(
                    next["payload"]["data"]["orderChanged"]["id"],
                    mine["data"]["createOrder"]["id"],
                    "only B's own order arrives: {next}"
                );
            }
            "Subscription.saleRecorded" | "Subscription.saleVoided" => {
                let mut ws = app.websocket().await;
                ws.init_with(&b).await;
                ws.send(json!({ "id": "1", "type": "subscribe", "payload": {
                    "query": "subscription { saleRecorded { number location { code } } }" } }))
                    .await;
                ws.send(json!({ "id": "2", "type": "subscribe", "payload": {
                    "query": "subscription { saleVoided { number } }" } }))
                    .await;
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                let a_sale = app
                    .sell(
                        &a.owner,
                        json!({ "channelId": a.channel, "externalId": format!("A-LIVE-{field}"),
                                            "lines": [{ "sku": "SHIRT-M", "quantity": 1 }] }),
                    )
                    .await;
                app.call(
                    "mutation($id: ID!) { voidSale(id: $id, reason: \"test\") { id } }",
                    json!({ "id": a_sale["data"]["r"]["sale"]["id"] }),
                    Some(&a.owner),
                )
                .await;
                let own = app.location(&b, &format!("B-{}", field.len())).await;
                let (_, own_variant) = app
                    .product(
                        &b,
                        "B item",
                        &format!("B-ITEM-{}", field.len()),
                        &format!("49000000{:04}", field.len()),
                    )
                    .await;
                let own_channel = app.channel(&b, "B live", &[&own]).await;
                let b_sale = app
                    .sell(
                        &b,
                        json!({ "channelId": own_channel, "externalId": "B-LIVE",
                                      "lines": [{ "variantId": own_variant, "quantity": 1 }] }),
                    )
                    .await;
                assert!(b_sale["errors"].is_null(), "{b_sale}");
                let next = ws.expect_json().await;
                assert_eq!(next["id"], "1", "only B's own sale arrives: {next}");
                assert_eq!(
                    next["payload"]["data"]["saleRecorded"]["number"], "B-LIVE",
                    "{next}"
                );
            }
            "Query.channelMappings" => {
                let channel = a_channel(&app, &a).await;
                let body = as_b(
                    "query($c: ID!) { channelMappings(channelId: $c) { edges { node { externalId } } } }",
                    json!({ "c": channel }),
                )
                .await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
            }
            "Mutation.mapChannelItem" => {
                let channel = a_channel(&app, &a).await;
                let body = as_b(
                    "mutation($c: ID!, $v: ID!) { mapChannelItem(input: { channelId: $c, kind: VARIANT, externalId: \"B-1\", kuraId: $v }) { externalId } }",
                    json!({ "c": channel, "v": a.stock.variant }),
                )
                .await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
                let own_location = app.location(&b, "B-MAP").await;
                let own = b_channel(&app, &b, &own_location).await;
                let body = as_b(
                    "mutation($c: ID!, $v: ID!) { mapChannelItem(input: { channelId: $c, kind: VARIANT, externalId: \"B-1\", kuraId: $v }) { externalId } }",
                    json!({ "c": own, "v": a.stock.variant }),
                )
                .await;
                assert_eq!(error_code(&body), "NOT_FOUND", "A's variant: {body}");
                let body = as_b(
                    "mutation($c: ID!, $l: ID!) { mapChannelItem(input: { channelId: $c, kind: LOCATION, externalId: \"B-L\", kuraId: $l }) { externalId } }",
                    json!({ "c": own, "l": a.stock.location }),
                )
                .await;
                assert!(!body["errors"].is_null(), "A's location: {body}");
            }
            "Mutation.unmapChannelItem" => {
                let channel = a_channel(&app, &a).await;
                app.call(
                    "mutation($c: ID!, $v: ID!) { mapChannelItem(input: { channelId: $c, kind: VARIANT, externalId: \"A-1\", kuraId: $v }) { externalId } }",
                    json!({ "c": channel, "v": a.stock.variant }),
                    Some(&a.owner),
                )
                .await;
                let body = as_b(
                    "mutation($c: ID!) { unmapChannelItem(input: { channelId: $c, kind: VARIANT, externalId: \"A-1\" }) }",
                    json!({ "c": channel }),
                )
                .await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
                let still = app
                    .call(
                        "query($c: ID!) { channelMappings(channelId: $c) { edges { node { externalId } } } }",
                        json!({ "c": channel }),
                        Some(&a.owner),
                    )
                    .await;
                assert_eq!(
                    still["data"]["channelMappings"]["edges"][0]["node"]["externalId"], "A-1",
                    "{still}"
                );
            }
            "Mutation.updateChannelConnection" => {
                let channel = a_channel(&app, &a).await;
                let body = as_b(
                    "mutation($c: ID!) { updateChannelConnection(channelId: $c, input: { shop: \"b-shop\" }) { id } }",
                    json!({ "c": channel }),
                )
                .await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
                let still = app
                    .call(
                        "query($c: ID!) { channel(id: $c) { connection { shop } } }",
                        json!({ "c": channel }),
                        Some(&a.owner),
                    )
                    .await;
                assert!(
                    still["data"]["channel"]["connection"]["shop"].is_null(),
                    "{still}"
                );
            }
            "Query.syncIssues" | "Query.inboundEvents" => {
                let channel = a_channel(&app, &a).await;
                let query = if field == "Query.syncIssues" {
                    "query($c: ID!) { r: syncIssues(channelId: $c) { edges { node { id } } } }"
                } else {
                    "query($c: ID!) { r: inboundEvents(channelId: $c) { edges { node { id } } } }"
                };
                let body = as_b(query, json!({ "c": channel })).await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{field}: {body}");
            }
            "Mutation.resolveSyncIssue" | "Mutation.dismissSyncIssue" => {
                let channel = a_channel(&app, &a).await;
                let issue = a_sync_issue(&app, &a, &channel).await;
                let query = if field == "Mutation.resolveSyncIssue" {
                    "mutation($id: ID!) { r: resolveSyncIssue(id: $id) { status } }"
                } else {
                    "mutation($id: ID!) { r: dismissSyncIssue(id: $id) { status } }"
                };
                let body = as_b(query, json!({ "id": issue })).await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{field}: {body}");
                let still = app
                    .call(
                        "query($c: ID!) { syncIssues(channelId: $c, status: OPEN) { edges { node { id } } } }",
                        json!({ "c": channel }),
                        Some(&a.owner),
                    )
                    .await;
                assert_eq!(
                    still["data"]["syncIssues"]["edges"][0]["node"]["id"], issue,
                    "{still}"
                );
            }
            "Mutation.reconcileChannel" => {
                let channel = a_channel(&app, &a).await;
                let body = as_b(
                    "mutation($c: ID!) { reconcileChannel(channelId: $c) { seen } }",
                    json!({ "c": channel }),
                )
                .await;
                assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
            }
            "Query.stockSyncJobs"
            | "Query.stockSyncSummary"
            | "Mutation.retryStockSync"
            | "Mutation.pushChannelStock" => {
                let channel = a_channel(&app, &a).await;
                for query in [
                    "query($c: ID!) { stockSyncJobs(channelId: $c) { nodes { status } } }",
                    "query($c: ID!) { stockSyncSummary(channelId: $c) { pending } }",
                    "mutation($c: ID!) { retryStockSync(channelId: $c) }",
                    "mutation($c: ID!) { pushChannelStock(channelId: $c) }",
                ] {
                    let body = as_b(query, json!({ "c": channel })).await;
                    assert_eq!(error_code(&body), "NOT_FOUND", "{query}: {body}");
                }
            }
            // These end B's own sessions; run them last, then prove A was untouched.
            "Mutation.logOut" | "Mutation.logOutEverywhere" => logs_b_out = true,
            other => unchecked.push(other.to_owned()),
        }
    }
    assert!(
        unchecked.is_empty(),
        "fields without a tenant-boundary check (add a case, or list them in NOT_TENANT_SCOPED with a reason): {unchecked:?}"
    );
    assert!(logs_b_out, "logOut and logOutEverywhere are in the schema");
    as_b("mutation { logOutEverywhere }", json!({})).await;
    let a_still = app
        .call(
            "{ me { role } members { role } }",
            json!({}),
            Some(&a.owner),
        )
        .await;
    assert_eq!(a_still["data"]["me"]["role"], "OWNER", "{a_still}");
    assert_eq!(
        a_still["data"]["members"].as_array().unwrap().len(),
        2,
        "A's team is intact"
    );
}
