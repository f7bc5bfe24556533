//! Outsourced warehouses (3PL): the shipping-instructions CSV lists what a location must
//! ship, and the shipped-results CSV books the parcels: checked first, booked once.

use base64::Engine;
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code, spawn_app};

async fn owner(app: &TestApp) -> String {
    app.sign_up("owner@example.jp").await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A confirmed order of `quantity` SHIRT-M from `location`: `(id, number)`.
async fn order(app: &TestApp, token: &str, location: &Value, quantity: i64) -> (Value, String) {
    let body = app
        .call(
            "mutation($input: CreateOrderInput!) { createOrder(input: $input) { id number status } }",
            json!({ "input": { "locationId": location, "confirm": true,
                "shipTo": { "name": "山田商店 大阪店", "postalCode": "530-0001", "prefecture": "大阪府",
                            "city": "大阪市北区", "line1": "梅田1-1-1", "line2": "", "phone": "0612345678" },
                "lines": [{ "sku": "SHIRT-M", "quantity": quantity }] } }),
            Some(token),
        )
        .await;
    assert!(body["errors"].is_null(), "createOrder failed: {body}");
    let o = &body["data"]["createOrder"];
    (o["id"].clone(), o["number"].as_str().unwrap().to_owned())
}

/// The instructions CSV as rows of cells, header first.
async fn instructions(app: &TestApp, token: &str, location: &Value) -> Vec<Vec<String>> {
    let body = app
        .call(
            "query($l: ID!) { shippingInstructions(locationId: $l) }",
            json!({ "l": location }),
            Some(token),
        )
        .await;
    let text = body["data"]["shippingInstructions"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"));
    let text = text
        .strip_prefix('\u{feff}')
        .expect("a BOM for spreadsheets");
    csv::Reader::from_reader(text.as_bytes())
        .into_records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

async fn import(app: &TestApp, token: &str, location: &Value, csv: &str, dry_run: bool) -> Value {
    let content = base64::engine::general_purpose::STANDARD.encode(csv);
    app.call(
        "mutation($input: ImportShipmentResultsInput!) { importShipmentResults(input: $input) {
            rows applied shipmentsCreated alreadyImported units errorCount errors { line column code } } }",
        json!({ "input": { "locationId": location, "content": content, "dryRun": dry_run } }),
        Some(token),
    )
    .await
}

async fn status(app: &TestApp, token: &str, id: &Value) -> (String, usize) {
    let body = app
        .call(
            "query($id: ID!) { order(id: $id) { status shipments { trackingNumber carrier } } }",
            json!({ "id": id }),
            Some(token),
        )
        .await;
    let o = &body["data"]["order"];
    (
        o["status"]
            .as_str()
            .unwrap_or_else(|| panic!("{body}"))
            .to_owned(),
        o["shipments"].as_array().unwrap().len(),
    )
}

async fn on_hand(app: &TestApp, token: &str, variant: &Value, location: &Value) -> i64 {
    let body = app
        .call(
            "query($v: [ID!], $l: [ID!]) { stockLevels(variantIds: $v, locationIds: $l) { edges { node { onHand allocated } } } }",
            json!({ "v": [variant], "l": [location] }),
            Some(token),
        )
        .await;
    body["data"]["stockLevels"]["edges"][0]["node"]["onHand"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn a_warehouse_gets_its_instructions_and_its_results_book_each_parcel_once() {
    let app = spawn_app().await;
    let token = owner(&app).await;
    let s = app.stocked(&token).await;
    let (a, a_number) = order(&app, &token, &s.location, 3).await;
    let (b, b_number) = order(&app, &token, &s.location, 4).await;

    let rows = instructions(&app, &token, &s.location).await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    let first = &rows[0];
    assert_eq!(
        (
            first[0].as_str(),
            first[1].as_str(),
            first[2].as_str(),
            first[5].as_str()
        ),
        (a_number.as_str(), "1", "SHIRT-M", "3")
    );
    assert_eq!(
        &first[8..15],
        [
            "山田商店 大阪店",
            "530-0001",
            "大阪府",
            "大阪市北区",
            "梅田1-1-1",
            "",
            "0612345678"
        ]
    );
    assert_eq!(
        (rows[1][0].as_str(), rows[1][5].as_str()),
        (b_number.as_str(), "4")
    );

    // A's three units went in two parcels; B's four in one. Japanese headings, as a
    // warehouse's system writes them.
    let results = format!(
        "受注番号,行番号,出荷数,配送業者,伝票番号\n\
         {a_number},1,2,ヤマト運輸,1111-2222-3333\n\
         {a_number},1,1,SAGAWA,4444-5555-6666\n\
         {b_number},1,4,日本郵便,7777-8888-9999\n"
    );
    let checked = import(&app, &token, &s.location, &results, true).await;
    let checked = &checked["data"]["importShipmentResults"];
    assert_eq!(checked["applied"], false, "{checked}");
    assert_eq!(checked["shipmentsCreated"], 3);
    assert_eq!(
        on_hand(&app, &token, &s.variant, &s.location).await,
        10,
        "a check books nothing"
    );

    let booked = import(&app, &token, &s.location, &results, false).await;
    let booked = &booked["data"]["importShipmentResults"];
    assert_eq!(
        (
            booked["applied"].as_bool(),
            booked["shipmentsCreated"].as_i64(),
            booked["units"].as_i64()
        ),
        (Some(true), Some(3), Some(7)),
        "{booked}"
    );
    assert_eq!(status(&app, &token, &a).await, ("SHIPPED".to_owned(), 2));
    assert_eq!(status(&app, &token, &b).await, ("SHIPPED".to_owned(), 1));
    assert_eq!(on_hand(&app, &token, &s.variant, &s.location).await, 3);
    assert!(
        instructions(&app, &token, &s.location).await.is_empty(),
        "nothing left to ship"
    );

    // The same file again changes nothing.
    let again = import(&app, &token, &s.location, &results, false).await;
    let again = &again["data"]["importShipmentResults"];
    assert_eq!(
        (
            again["shipmentsCreated"].as_i64(),
            again["alreadyImported"].as_i64()
        ),
        (Some(0), Some(3)),
        "{again}"
    );
    assert_eq!(on_hand(&app, &token, &s.variant, &s.location).await, 3);
    assert_eq!(status(&app, &token, &a).await, ("SHIPPED".to_owned(), 2));
}

#[tokio::test]
async fn a_results_file_with_a_bad_row_books_nothing_and_says_which_rows() {
    let app = spawn_app().await;
    let token = owner(&app).await;
    let s = app.stocked(&token).await;
    let (a, a_number) = order(&app, &token, &s.location, 2).await;
    let results = format!(
        "order_number,line_number,quantity,carrier,tracking_number\n\
         {a_number},1,1,YAMATO,1111\n\
         {a_number},1,2,YAMATO,2222\n\
         SO-1999-000001,1,1,YAMATO,3333\n\
         {a_number},7,1,,\n\
         {a_number},1,1,ペリカン便,4444\n"
    );
    let body = import(&app, &token, &s.location, &results, false).await;
    let report = &body["data"]["importShipmentResults"];
    assert_eq!(report["applied"], false, "{body}");
    let codes: Vec<(i64, &str)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["line"].as_i64().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        codes,
        [
            (3, "shipment.over_allocated"),
            (4, "order.not_here"),
            (5, "order.line_number"),
            (6, "shipment.carrier")
        ]
    );
    assert_eq!(status(&app, &token, &a).await, ("CONFIRMED".to_owned(), 0));
    assert_eq!(on_hand(&app, &token, &s.variant, &s.location).await, 10);

    // Another location's orders are not this warehouse's to ship.
    let other = app.location(&token, "OSAKA").await;
    let good = format!("order_number,line_number,quantity\n{a_number},1,2\n");
    let body = import(&app, &token, &other, &good, false).await;
    assert_eq!(
        body["data"]["importShipmentResults"]["errors"][0]["code"],
        "order.not_here"
    );
    let body = import(&app, &token, &s.location, "no,columns\n1,2\n", false).await;
    assert_eq!(error_code(&body), "VALIDATION", "{body}");
}
