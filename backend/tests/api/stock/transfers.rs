//! Transfers between locations and replenishment suggestions, through the public API.

use serde_json::{Value, json};

use crate::helpers::{Stocked, TestApp, error_code, spawn_app};

const TRANSFER_FIELDS: &str = "id number status note totalQuantity shippedAt receivedAt cancelledAt
    fromLocation { code } toLocation { code }
    lines { variantId quantity receivedQuantity missingQuantity outstandingQuantity discrepancyReason variant { sku } }";

async fn owner(app: &TestApp, email: &str) -> String {
    app.sign_up(email).await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// SHIBUYA with 10 × SHIRT-M, and an empty UMEDA.
async fn two_places(app: &TestApp, token: &str) -> (Stocked, Value) {
    let stock = app.stocked(token).await;
    let umeda = app.location(token, "UMEDA").await;
    (stock, umeda)
}

async fn create(app: &TestApp, token: &str, from: &Value, to: &Value, lines: Value) -> Value {
    app.call(
        &format!(
            "mutation($input: CreateTransferInput!) {{ createTransfer(input: $input) {{ {TRANSFER_FIELDS} }} }}"
        ),
        json!({ "input": { "fromLocationId": from, "toLocationId": to, "lines": lines, "note": "weekly top-up" } }),
        Some(token),
    )
    .await
}

async fn act(app: &TestApp, token: &str, verb: &str, id: &Value) -> Value {
    app.call(
        &format!("mutation($id: ID!) {{ r: {verb}(id: $id) {{ {TRANSFER_FIELDS} }} }}"),
        json!({ "id": id }),
        Some(token),
    )
    .await
}

async fn receive(app: &TestApp, token: &str, id: &Value, input: Value) -> Value {
    app.call(
        &format!(
            "mutation($id: ID!, $input: ReceiveTransferInput!) {{ r: receiveTransfer(id: $id, input: $input) {{ {TRANSFER_FIELDS} }} }}"
        ),
        json!({ "id": id, "input": input }),
        Some(token),
    )
    .await
}

/// `(onHand, incoming)` of a row (0, 0 when it does not exist).
async fn figures(app: &TestApp, token: &str, variant: &Value, location: &Value) -> (i64, i64) {
    let body = app
        .call(
            "query($v: [ID!], $l: [ID!]) { stockLevels(variantIds: $v, locationIds: $l) { edges { node { onHand incoming } } } }",
            json!({ "v": [variant], "l": [location] }),
            Some(token),
        )
        .await;
    let node = &body["data"]["stockLevels"]["edges"][0]["node"];
    (
        node["onHand"].as_i64().unwrap_or(0),
        node["incoming"].as_i64().unwrap_or(0),
    )
}

async fn balanced(app: &TestApp, token: &str) -> bool {
    let body = app
        .call(
            "{ stockReconciliation { balanced } }",
            json!({}),
            Some(token),
        )
        .await;
    body["data"]["stockReconciliation"]["balanced"] == true
}

async fn movements(app: &TestApp, token: &str) -> Vec<Value> {
    let body = app
        .call(
            "{ stockMovements { edges { node { delta reason referenceType referenceId location { code } } } } }",
            json!({}),
            Some(token),
        )
        .await;
    body["data"]["stockMovements"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"].clone())
        .collect()
}

#[tokio::test]
async fn a_transfer_ships_and_arrives_and_the_ledger_reconciles() {
    let app = spawn_app().await;
    let token = owner(&app, "owner@example.jp").await;
    let (s, umeda) = two_places(&app, &token).await;

    let created = create(
        &app,
        &token,
        &s.location,
        &umeda,
        json!([{ "variantId": s.variant, "quantity": 4 }]),
    )
    .await;
    let t = &created["data"]["createTransfer"];
    assert_eq!(t["status"], "DRAFT", "{created}");
    assert_eq!(t["number"], "TR-000001");
    assert_eq!(t["fromLocation"]["code"], "SHIBUYA");
    assert_eq!(t["toLocation"]["code"], "UMEDA");
    assert_eq!(t["lines"][0]["variant"]["sku"], "SHIRT-M");
    let id = t["id"].clone();
    assert_eq!(
        figures(&app, &token, &s.variant, &s.location).await,
        (10, 0),
        "a draft moves nothing"
    );

    let updated = app
        .call(
            "mutation($id: ID!, $v: ID!) { updateTransfer(id: $id, input: { lines: [{ variantId: $v, quantity: 6 }], note: \"more\" }) { note totalQuantity } }",
            json!({ "id": id, "v": s.variant }),
            Some(&token),
        )
        .await;
    assert_eq!(
        updated["data"]["updateTransfer"]["totalQuantity"], 6,
        "{updated}"
    );
    assert_eq!(updated["data"]["updateTransfer"]["note"], "more");

    let shipped = act(&app, &token, "shipTransfer", &id).await;
    assert_eq!(shipped["data"]["r"]["status"], "SHIPPED", "{shipped}");
    assert!(shipped["data"]["r"]["shippedAt"].is_string());
    assert_eq!(figures(&app, &token, &s.variant, &s.location).await, (4, 0));
    assert_eq!(
        figures(&app, &token, &s.variant, &umeda).await,
        (0, 6),
        "in transit shows as incoming at the destination"
    );
    let late = app
        .call(
            "mutation($id: ID!) { updateTransfer(id: $id, input: { note: \"x\" }) { id } }",
            json!({ "id": id }),
            Some(&token),
        )
        .await;
    assert_eq!(error_code(&late), "CONFLICT", "{late}");

    let received = receive(
        &app,
        &token,
        &id,
        json!({ "lines": [{ "variantId": s.variant, "quantity": 6 }] }),
    )
    .await;
    let r = &received["data"]["r"];
    assert_eq!(r["status"], "RECEIVED", "everything arrived: {received}");
    assert_eq!(r["lines"][0]["receivedQuantity"], 6);
    assert_eq!(r["lines"][0]["outstandingQuantity"], 0);
    assert_eq!(figures(&app, &token, &s.variant, &umeda).await, (6, 0));

    let ledger = movements(&app, &token).await;
    let transfer_moves: Vec<(i64, &str, &str)> = ledger
        .iter()
        .filter(|m| m["referenceType"] == "TRANSFER")
        .map(|m| {
            assert_eq!(m["referenceId"], id);
            (
                m["delta"].as_i64().unwrap(),
                m["reason"].as_str().unwrap(),
                m["location"]["code"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        transfer_moves,
        vec![(6, "TRANSFER_IN", "UMEDA"), (-6, "TRANSFER_OUT", "SHIBUYA")]
    );
    assert!(balanced(&app, &token).await);

    let listed = app
        .call(
            "query($l: [ID!]) { received: transfers(status: RECEIVED) { edges { node { number } } }
               drafts: transfers(status: DRAFT) { edges { node { number } } }
               atUmeda: transfers(locationIds: $l) { edges { node { number } } } }",
            json!({ "l": [umeda] }),
            Some(&token),
        )
        .await;
    assert_eq!(
        listed["data"]["received"]["edges"][0]["node"]["number"], "TR-000001",
        "{listed}"
    );
    assert_eq!(listed["data"]["drafts"]["edges"], json!([]));
    assert_eq!(
        listed["data"]["atUmeda"]["edges"].as_array().unwrap().len(),
        1
    );
    let one = app
        .call(
            "query($id: ID!) { transfer(id: $id) { number status } node(id: $id) { ... on Transfer { number } } }",
            json!({ "id": id }),
            Some(&token),
        )
        .await;
    assert_eq!(one["data"]["transfer"]["status"], "RECEIVED", "{one}");
    assert_eq!(one["data"]["node"]["number"], "TR-000001");

    let second = create(
        &app,
        &token,
        &umeda,
        &s.location,
        json!([{ "variantId": s.variant, "quantity": 1 }]),
    )
    .await;
    assert_eq!(
        second["data"]["createTransfer"]["number"], "TR-000002",
        "{second}"
    );
    let cancelled = act(
        &app,
        &token,
        "cancelTransfer",
        &second["data"]["createTransfer"]["id"],
    )
    .await;
    assert_eq!(cancelled["data"]["r"]["status"], "CANCELLED", "{cancelled}");
    assert_eq!(figures(&app, &token, &s.variant, &umeda).await, (6, 0));
}

#[tokio::test]
async fn a_partial_receipt_then_closing_records_the_shortfall() {
    let app = spawn_app().await;
    let token = owner(&app, "owner@example.jp").await;
    let (s, umeda) = two_places(&app, &token).await;
    let created = create(
        &app,
        &token,
        &s.location,
        &umeda,
        json!([{ "variantId": s.variant, "quantity": 6 }]),
    )
    .await;
    let id = created["data"]["createTransfer"]["id"].clone();
    act(&app, &token, "shipTransfer", &id).await;

    let part = receive(
        &app,
        &token,
        &id,
        json!({ "lines": [{ "variantId": s.variant, "quantity": 4 }] }),
    )
    .await;
    assert_eq!(part["data"]["r"]["status"], "PARTIALLY_RECEIVED", "{part}");
    assert_eq!(part["data"]["r"]["lines"][0]["outstandingQuantity"], 2);
    assert_eq!(figures(&app, &token, &s.variant, &umeda).await, (4, 2));

    let too_many = receive(
        &app,
        &token,
        &id,
        json!({ "lines": [{ "variantId": s.variant, "quantity": 3 }] }),
    )
    .await;
    assert_eq!(error_code(&too_many), "VALIDATION", "{too_many}");
    let no_reason = receive(&app, &token, &id, json!({ "close": true })).await;
    assert_eq!(error_code(&no_reason), "VALIDATION", "{no_reason}");
    assert_eq!(
        no_reason["errors"][0]["extensions"]["field"],
        "discrepancyReason"
    );
    assert_eq!(
        figures(&app, &token, &s.variant, &umeda).await,
        (4, 2),
        "refused receipts change nothing"
    );

    let closed = receive(
        &app,
        &token,
        &id,
        json!({ "lines": [{ "variantId": s.variant, "quantity": 1 }], "close": true,
                "discrepancyReason": "輸送中の破損" }),
    )
    .await;
    let line = &closed["data"]["r"]["lines"][0];
    assert_eq!(closed["data"]["r"]["status"], "RECEIVED", "{closed}");
    assert_eq!(line["receivedQuantity"], 5);
    assert_eq!(line["missingQuantity"], 1);
    assert_eq!(line["discrepancyReason"], "輸送中の破損");
    assert_eq!(line["outstandingQuantity"], 0);
    assert_eq!(
        figures(&app, &token, &s.variant, &umeda).await,
        (5, 0),
        "the missing unit leaves incoming too"
    );
    assert_eq!(figures(&app, &token, &s.variant, &s.location).await, (4, 0));

    let again = receive(
        &app,
        &token,
        &id,
        json!({ "lines": [{ "variantId": s.variant, "quantity": 1 }] }),
    )
    .await;
    assert_eq!(error_code(&again), "CONFLICT", "{again}");
    assert!(balanced(&app, &token).await);
}

#[tokio::test]
async fn shipping_twice_posts_once_and_a_shipped_transfer_cannot_be_cancelled() {
    let app = spawn_app().await;
    let token = owner(&app, "owner@example.jp").await;
    let (s, umeda) = two_places(&app, &token).await;
    let created = create(
        &app,
        &token,
        &s.location,
        &umeda,
        json!([{ "variantId": s.variant, "quantity": 4 }]),
    )
    .await;
    let id = created["data"]["createTransfer"]["id"].clone();
    let (first, second) = tokio::join!(
        act(&app, &token, "shipTransfer", &id),
        act(&app, &token, "shipTransfer", &id)
    );
    let codes = [error_code(&first), error_code(&second)];
    assert!(
        codes.contains(&"") && codes.contains(&"CONFLICT"),
        "one ships, the other is refused: {first} {second}"
    );
    let third = act(&app, &token, "shipTransfer", &id).await;
    assert_eq!(error_code(&third), "CONFLICT", "{third}");
    assert_eq!(figures(&app, &token, &s.variant, &s.location).await, (6, 0));
    assert_eq!(figures(&app, &token, &s.variant, &umeda).await, (0, 4));
    let outs = movements(&app, &token)
        .await
        .into_iter()
        .filter(|m| m["reason"] == "TRANSFER_OUT")
        .count();
    assert_eq!(outs, 1);

    let cancel = act(&app, &token, "cancelTransfer", &id).await;
    assert_eq!(error_code(&cancel), "CONFLICT", "{cancel}");
    let still = app
        .call(
            "query($id: ID!) { transfer(id: $id) { status } }",
            json!({ "id": id }),
            Some(&token),
        )
        .await;
    assert_eq!(still["data"]["transfer"]["status"], "SHIPPED");
    assert!(balanced(&app, &token).await);
}

#[tokio::test]
async fn shipping_more_than_is_available_moves_nothing() {
    let app = spawn_app().await;
    let token = owner(&app, "owner@example.jp").await;
    let (s, umeda) = two_places(&app, &token).await;
    let (_, scarce) = app
        .product(&token, "Wool socks", "SOCKS", "490000000002")
        .await;
    app.adjust(&token, &scarce, &s.location, 1).await;
    let created = create(
        &app,
        &token,
        &s.location,
        &umeda,
        json!([{ "variantId": s.variant, "quantity": 3 }, { "variantId": scarce, "quantity": 2 }]),
    )
    .await;
    let id = created["data"]["createTransfer"]["id"].clone();
    let refused = act(&app, &token, "shipTransfer", &id).await;
    assert_eq!(error_code(&refused), "INSUFFICIENT_STOCK", "{refused}");
    assert_eq!(
        figures(&app, &token, &s.variant, &s.location).await,
        (10, 0)
    );
    assert_eq!(figures(&app, &token, &scarce, &s.location).await, (1, 0));
    assert_eq!(figures(&app, &token, &s.variant, &umeda).await, (0, 0));
    let still = app
        .call(
            "query($id: ID!) { transfer(id: $id) { status } }",
            json!({ "id": id }),
            Some(&token),
        )
        .await;
    assert_eq!(still["data"]["transfer"]["status"], "DRAFT", "{still}");

    let same_place = create(
        &app,
        &token,
        &s.location,
        &s.location,
        json!([{ "variantId": s.variant, "quantity": 1 }]),
    )
    .await;
    assert_eq!(error_code(&same_place), "VALIDATION", "{same_place}");
    let zero = create(
        &app,
        &token,
        &s.location,
        &umeda,
        json!([{ "variantId": s.variant, "quantity": 0 }]),
    )
    .await;
    assert_eq!(error_code(&zero), "VALIDATION", "{zero}");
}

#[tokio::test]
async fn a_retried_create_with_its_idempotency_key_creates_one_transfer() {
    let app = spawn_app().await;
    let token = owner(&app, "owner@example.jp").await;
    let (s, umeda) = two_places(&app, &token).await;
    let send = || {
        app.call(
            "mutation($input: CreateTransferInput!) { createTransfer(input: $input) { id number } }",
            json!({ "input": { "fromLocationId": s.location, "toLocationId": umeda,
                               "lines": [{ "variantId": s.variant, "quantity": 2 }],
                               "idempotencyKey": "wms-transfer-7" } }),
            Some(&token),
        )
    };
    let (first, second) = tokio::join!(send(), send());
    let third = send().await;
    for body in [&second, &third] {
        assert_eq!(
            body["data"]["createTransfer"]["id"], first["data"]["createTransfer"]["id"],
            "{first} {body}"
        );
    }
    let all = app
        .call(
            "{ transfers { edges { node { number } } } }",
            json!({}),
            Some(&token),
        )
        .await;
    assert_eq!(
        all["data"]["transfers"]["edges"].as_array().unwrap().len(),
        1
    );
}

/// Location limits have no API yet: they are arranged as the operator would, in
/// `membership_locations`.
async fn limit_to(app: &TestApp, email: &str, code: &str) {
    use sea_orm::ConnectionTrait;
    app.db
        .execute_unprepared(&format!(
            "INSERT INTO membership_locations (tenant_id, user_id, location_id) \
             SELECT m.tenant_id, u.id, l.id FROM users u \
             JOIN memberships m ON m.user_id = u.id \
             JOIN locations l ON l.tenant_id = m.tenant_id \
             WHERE u.email = '{email}' AND l.code = '{code}'"
        ))
        .await
        .expect("limit the member to a location");
}

#[tokio::test]
async fn staff_limited_to_a_location_cannot_ship_from_another() {
    let app = spawn_app().await;
    let token = owner(&app, "owner@example.jp").await;
    let (s, umeda) = two_places(&app, &token).await;
    let manager = app
        .join(&token, "umeda-manager@example.jp", "MANAGER")
        .await;
    let clerk = app.join(&token, "umeda-clerk@example.jp", "STAFF").await;
    let outsider = app.join(&token, "osaka-clerk@example.jp", "STAFF").await;
    app.location(&token, "OSAKA").await;
    limit_to(&app, "umeda-manager@example.jp", "UMEDA").await;
    limit_to(&app, "umeda-clerk@example.jp", "UMEDA").await;
    limit_to(&app, "osaka-clerk@example.jp", "OSAKA").await;

    let created = create(
        &app,
        &token,
        &s.location,
        &umeda,
        json!([{ "variantId": s.variant, "quantity": 3 }]),
    )
    .await;
    let id = created["data"]["createTransfer"]["id"].clone();

    let from_elsewhere = create(
        &app,
        &manager,
        &s.location,
        &umeda,
        json!([{ "variantId": s.variant, "quantity": 1 }]),
    )
    .await;
    assert_eq!(error_code(&from_elsewhere), "FORBIDDEN", "{from_elsewhere}");
    let ship = act(&app, &manager, "shipTransfer", &id).await;
    assert_eq!(error_code(&ship), "FORBIDDEN", "{ship}");
    let by_clerk = act(&app, &clerk, "shipTransfer", &id).await;
    assert_eq!(
        error_code(&by_clerk),
        "FORBIDDEN",
        "staff do not ship: {by_clerk}"
    );
    assert_eq!(
        figures(&app, &token, &s.variant, &s.location).await,
        (10, 0)
    );

    let shipped = act(&app, &token, "shipTransfer", &id).await;
    assert_eq!(shipped["data"]["r"]["status"], "SHIPPED", "{shipped}");
    let hidden = receive(
        &app,
        &outsider,
        &id,
        json!({ "lines": [{ "variantId": s.variant, "quantity": 3 }] }),
    )
    .await;
    assert_eq!(error_code(&hidden), "NOT_FOUND", "{hidden}");
    let seen = app
        .call(
            "{ transfers { edges { node { id } } } }",
            json!({}),
            Some(&outsider),
        )
        .await;
    assert_eq!(seen["data"]["transfers"]["edges"], json!([]), "{seen}");

    let received = receive(
        &app,
        &clerk,
        &id,
        json!({ "lines": [{ "variantId": s.variant, "quantity": 3 }] }),
    )
    .await;
    assert_eq!(received["data"]["r"]["status"], "RECEIVED", "{received}");
    assert_eq!(figures(&app, &token, &s.variant, &umeda).await, (3, 0));
}

#[tokio::test]
async fn replenishment_suggests_a_transfer_from_a_location_that_can_spare_it_or_buying() {
    let app = spawn_app().await;
    let token = owner(&app, "owner@example.jp").await;
    let s = app.stocked(&token).await;
    let warehouse = app.location(&token, "WH-01").await;
    app.adjust(&token, &s.variant, &warehouse, 50).await;
    let (_, rare) = app
        .product(&token, "Kimono", "KIMONO", "490000000003")
        .await;
    app.adjust(&token, &rare, &s.location, 1).await;
    for (variant, location, point, quantity) in [
        (&s.variant, &s.location, 12, json!(10)),
        (&s.variant, &warehouse, 5, json!(null)),
        (&rare, &s.location, 3, json!(null)),
    ] {
        let body = app
            .call(
                "mutation($v: ID!, $l: ID!, $p: Int, $q: Int) { setReorderPoint(input: { variantId: $v, locationId: $l, reorderPoint: $p, reorderQuantity: $q }) { low } }",
                json!({ "v": variant, "l": location, "p": point, "q": quantity }),
                Some(&token),
            )
            .await;
        assert!(body["errors"].is_null(), "{body}");
    }
    let body = app
        .call(
            "query($l: [ID!]) { replenishmentSuggestions(locationIds: $l) { quantity recentSales action
                stockLevel { variant { sku } location { code } available }
                source { location { code } available } } }",
            json!({ "l": [s.location] }),
            Some(&token),
        )
        .await;
    let list = body["data"]["replenishmentSuggestions"].as_array().unwrap();
    assert_eq!(list.len(), 2, "{body}");
    let shirt = list
        .iter()
        .find(|x| x["stockLevel"]["variant"]["sku"] == "SHIRT-M")
        .unwrap();
    assert_eq!(shirt["action"], "TRANSFER", "{body}");
    assert_eq!(shirt["quantity"], 10, "the reorder quantity covers the gap");
    assert_eq!(shirt["source"]["location"]["code"], "WH-01");
    let kimono = list
        .iter()
        .find(|x| x["stockLevel"]["variant"]["sku"] == "KIMONO")
        .unwrap();
    assert_eq!(kimono["action"], "BUY", "{body}");
    assert_eq!(kimono["quantity"], 3, "reorderPoint − available + 1");
    assert!(kimono["source"].is_null());

    let elsewhere = app
        .call(
            "query($l: [ID!]) { replenishmentSuggestions(locationIds: $l) { quantity } }",
            json!({ "l": [warehouse] }),
            Some(&token),
        )
        .await;
    assert_eq!(
        elsewhere["data"]["replenishmentSuggestions"],
        json!([]),
        "{elsewhere}"
    );
}

#[tokio::test]
async fn concurrent_receipts_never_take_in_more_than_was_shipped() {
    let app = spawn_app().await;
    let token = owner(&app, "owner@example.jp").await;
    let (s, umeda) = two_places(&app, &token).await;
    let created = create(
        &app,
        &token,
        &s.location,
        &umeda,
        json!([{ "variantId": s.variant, "quantity": 6 }]),
    )
    .await;
    let id = created["data"]["createTransfer"]["id"].clone();
    act(&app, &token, "shipTransfer", &id).await;
    let four = json!({ "lines": [{ "variantId": s.variant, "quantity": 4 }] });
    let (first, second) = tokio::join!(
        receive(&app, &token, &id, four.clone()),
        receive(&app, &token, &id, four.clone())
    );
    let codes = [error_code(&first), error_code(&second)];
    assert!(
        codes.contains(&"") && codes.contains(&"VALIDATION"),
        "only 6 were shipped, so one receipt of 4 is refused: {first} {second}"
    );
    assert_eq!(figures(&app, &token, &s.variant, &umeda).await, (4, 2));
    let rest = receive(
        &app,
        &token,
        &id,
        json!({ "lines": [{ "variantId": s.variant, "quantity": 2 }] }),
    )
    .await;
    assert_eq!(rest["data"]["r"]["status"], "RECEIVED", "{rest}");
    assert_eq!(figures(&app, &token, &s.variant, &umeda).await, (6, 0));
    assert!(balanced(&app, &token).await);
}

#[tokio::test]
async fn a_stock_write_key_plans_and_ships_and_a_viewer_only_reads() {
    let app = spawn_app().await;
    let token = owner(&app, "owner@example.jp").await;
    let (s, umeda) = two_places(&app, &token).await;
    let key = app
        .call(
            "mutation { createApiKey(input: { name: \"WMS\", scopes: [\"stock:read\", \"stock:write\"] }) { secret } }",
            json!({}),
            Some(&token),
        )
        .await["data"]["createApiKey"]["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let viewer = app.join(&token, "viewer@example.jp", "VIEWER").await;

    let created = create(
        &app,
        &key,
        &s.location,
        &umeda,
        json!([{ "variantId": s.variant, "quantity": 2 }]),
    )
    .await;
    let id = created["data"]["createTransfer"]["id"].clone();
    assert_eq!(
        created["data"]["createTransfer"]["status"], "DRAFT",
        "{created}"
    );
    let by_viewer = act(&app, &viewer, "shipTransfer", &id).await;
    assert_eq!(error_code(&by_viewer), "FORBIDDEN", "{by_viewer}");
    let shipped = act(&app, &key, "shipTransfer", &id).await;
    assert_eq!(shipped["data"]["r"]["status"], "SHIPPED", "{shipped}");
    let receipt = json!({ "lines": [{ "variantId": s.variant, "quantity": 2 }] });
    let by_viewer = receive(&app, &viewer, &id, receipt.clone()).await;
    assert_eq!(error_code(&by_viewer), "FORBIDDEN", "{by_viewer}");
    let seen = app
        .call(
            "query($id: ID!) { transfer(id: $id) { status } }",
            json!({ "id": id }),
            Some(&viewer),
        )
        .await;
    assert_eq!(seen["data"]["transfer"]["status"], "SHIPPED", "{seen}");
    let received = receive(&app, &key, &id, receipt).await;
    assert_eq!(received["data"]["r"]["status"], "RECEIVED", "{received}");
}

#[tokio::test]
async fn multi_line_transfers_shipped_concurrently_in_opposite_line_orders_never_deadlock() {
    let app = spawn_app().await;
    let token = owner(&app, "owner@example.jp").await;
    let (s, umeda) = two_places(&app, &token).await;
    let (_, other) = app
        .product(&token, "Chino", "CHINO-M", "490000000301")
        .await;
    app.adjust(&token, &other, &s.location, 90).await;
    app.adjust(&token, &s.variant, &s.location, 80).await;
    // Twenty drafts, half listing the shirt first and half the chinos first.
    let mut ids = Vec::new();
    for n in 0..20 {
        let (first, second) = if n % 2 == 0 {
            (&s.variant, &other)
        } else {
            (&other, &s.variant)
        };
        let body = create(
            &app,
            &token,
            &s.location,
            &umeda,
            json!([{ "variantId": first, "quantity": 2 }, { "variantId": second, "quantity": 3 }]),
        )
        .await;
        ids.push(body["data"]["createTransfer"]["id"].clone());
    }
    let shipped =
        futures_util::future::join_all(ids.iter().map(|id| act(&app, &token, "shipTransfer", id)))
            .await;
    for body in &shipped {
        assert_eq!(body["data"]["r"]["status"], "SHIPPED", "{body}");
    }
    // Each variant left SHIBUYA 10 × 2 + 10 × 3 = 50 times, whichever line came first.
    assert_eq!(
        figures(&app, &token, &s.variant, &s.location).await.0,
        90 - 50
    );
    assert_eq!(figures(&app, &token, &other, &s.location).await.0, 90 - 50);
    assert_eq!(figures(&app, &token, &s.variant, &umeda).await.1, 50);
    assert!(balanced(&app, &token).await);
}
