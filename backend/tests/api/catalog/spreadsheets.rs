//! Products CSV import/export and the ledger export.

use base64::{Engine, engine::general_purpose::STANDARD};
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code, jan, spawn_app};

async fn import(app: &TestApp, token: &str, bytes: &[u8], dry_run: bool) -> Value {
    let body = app
        .call(
            "mutation($input: ImportProductsInput!) { importProducts(input: $input) {
                rows applied productsCreated variantsCreated variantsUpdated errorCount
                errors { line column code message } } }",
            json!({ "input": { "content": STANDARD.encode(bytes), "dryRun": dry_run } }),
            Some(token),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
    body["data"]["importProducts"].clone()
}

async fn product_count(app: &TestApp, token: &str) -> usize {
    app.call(
        "{ products { edges { node { id } } } }",
        json!({}),
        Some(token),
    )
    .await["data"]["products"]["edges"]
        .as_array()
        .unwrap()
        .len()
}

#[tokio::test]
async fn a_shift_jis_file_from_excel_imports_products_with_their_variants() {
    let app = spawn_app().await;
    let token = app.sign_up("owner@example.jp").await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let text = format!(
        "商品名,税区分,オプション1名,オプション1,SKU,JAN,価格,原価\n\
         オックスフォードシャツ,10%,サイズ,S,OX-S,{},4980,2000\n\
         オックスフォードシャツ,10%,サイズ,M,OX-M,{},4980,2000\n\
         緑茶 500ml,8%,,,TEA-500,,150,60\n",
        jan("490000000101"),
        jan("490000000102")
    );
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
    let report = import(&app, &token, &bytes, false).await;
    assert_eq!(report["applied"], true, "{report}");
    assert_eq!(report["productsCreated"], 2);
    assert_eq!(report["variantsCreated"], 3);
    let tea = app
        .call(
            "{ productVariant(sku: \"TEA-500\") { price { amount } product { name taxClass } } }",
            json!({}),
            Some(&token),
        )
        .await;
    assert_eq!(
        tea["data"]["productVariant"]["product"]["taxClass"], "REDUCED",
        "{tea}"
    );
    assert_eq!(
        tea["data"]["productVariant"]["product"]["name"],
        "緑茶 500ml"
    );

    // Re-importing the same file updates instead of duplicating (idempotent).
    let again = import(&app, &token, &bytes, false).await;
    assert_eq!(again["variantsUpdated"], 3, "{again}");
    assert_eq!(again["productsCreated"], 0);
    assert_eq!(product_count(&app, &token).await, 2);

    let exported = app
        .call("{ exportProducts }", json!({}), Some(&token))
        .await["data"]["exportProducts"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(exported.starts_with('\u{feff}'), "BOM for spreadsheets");
    assert!(
        exported.contains("OX-M") && exported.contains("4980"),
        "{exported}"
    );
    let round_trip = import(&app, &token, exported.as_bytes(), true).await;
    assert_eq!(
        round_trip["errorCount"], 0,
        "the export imports cleanly: {round_trip}"
    );
}

#[tokio::test]
async fn a_file_with_any_bad_row_writes_nothing_and_reports_every_row() {
    let app = spawn_app().await;
    let token = app.sign_up("owner@example.jp").await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let text = format!(
        "product_name,sku,barcode,price\n\
         Good shirt,G-1,{},1000\n\
         Bad barcode,B-1,4900000000019,1000\n\
         ,B-2,,1000\n\
         Bad price,B-3,,1.5.0\n\
         Twin,G-1,,1000\n",
        jan("490000000201")
    );
    let report = import(&app, &token, text.as_bytes(), false).await;
    assert_eq!(report["applied"], false);
    assert_eq!(report["errorCount"], 4, "{report}");
    let found: Vec<(i64, String)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["line"].as_i64().unwrap(),
                e["column"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            (3, "barcode".into()),
            (4, "product_name".into()),
            (5, "price".into()),
            (6, "sku".into()),
        ]
    );
    assert_eq!(product_count(&app, &token).await, 0, "nothing written");

    let missing = import(&app, &token, b"name,price\nX,1\n", false).await;
    assert_eq!(missing["errors"][0]["column"], "sku", "{missing}");
    let garbage = app
        .call(
            "mutation { importProducts(input: { content: \"***\" }) { rows } }",
            json!({}),
            Some(&token),
        )
        .await;
    assert_eq!(error_code(&garbage), "VALIDATION", "{garbage}");
    let binary = app
        .call(
            "mutation($c: String!) { importProducts(input: { content: $c, encoding: UTF8 }) { rows } }",
            json!({ "c": STANDARD.encode([0xff, 0xfe, 0x00]) }),
            Some(&token),
        )
        .await;
    assert_eq!(
        binary["errors"][0]["extensions"]["field"], "content",
        "{binary}"
    );
}

#[tokio::test]
async fn the_ledger_exports_as_csv_with_codes_and_skus() {
    let app = spawn_app().await;
    let token = app.sign_up("owner@example.jp").await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let s = app.stocked(&token).await;
    app.adjust(&token, &s.variant, &s.location, -2).await;
    let csv = app
        .call("{ exportStockMovements }", json!({}), Some(&token))
        .await["data"]["exportStockMovements"]
        .as_str()
        .unwrap()
        .to_owned();
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[0].starts_with("time,location,sku,delta,on_hand_after,reason"));
    assert!(lines[1].contains(",SHIBUYA,SHIRT-M,-2,8,LOSS,"), "{csv}");
}

/// Variants in the whole database, read beside the app (a committed batch shows up here).
async fn variants_in_database(app: &TestApp) -> i64 {
    use sea_orm::{ConnectionTrait, Statement};
    let backend = app.db.get_database_backend();
    let row = app
        .db
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT COUNT(*) AS n FROM product_variants",
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

#[tokio::test]
async fn another_companys_sales_complete_within_a_second_while_a_large_import_runs() {
    use std::time::{Duration, Instant};

    const ROWS: usize = 20_000;
    let app = spawn_app().await;
    let importer = app.sign_up("importer@example.jp").await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let seller = app.sign_up("seller@example.jp").await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let stock = app.stocked(&seller).await;
    let channel = app.channel(&seller, "Register", &[&stock.location]).await;
    let before = variants_in_database(&app).await;

    let mut text = String::from("product_name,sku,barcode,price\n");
    for i in 0..ROWS {
        text.push_str(&format!(
            "Item {i},IMP-{i},{},1000\n",
            jan(&format!("45{i:010}"))
        ));
    }
    let request = app
        .client
        .post(format!("{}/graphql", app.address))
        .bearer_auth(&importer)
        .json(&json!({
            "query": "mutation($input: ImportProductsInput!) { importProducts(input: $input) { applied variantsCreated errorCount } }",
            "variables": { "input": { "content": STANDARD.encode(text.as_bytes()) } },
        }));
    let import =
        tokio::spawn(async move { request.send().await.unwrap().json::<Value>().await.unwrap() });

    // Sell one shirt at a time for as long as the import runs, timing each sale and noting
    // whether the import was still writing when it ended.
    let mut during_writes = Vec::new();
    let mut n = 0;
    while !import.is_finished() {
        n += 1;
        let started = Instant::now();
        let body = app
            .sell(
                &seller,
                json!({ "channelId": channel, "externalId": format!("R-{n}"),
                        "lines": [{ "sku": "SHIRT-M", "quantity": 1 }],
                        "payments": [{ "method": "CASH", "amount": "1980" }] }),
            )
            .await;
        let took = started.elapsed();
        assert!(body["errors"].is_null(), "sale {n} failed: {body}");
        let imported = variants_in_database(&app).await - before;
        if !import.is_finished() && imported > 0 && imported < ROWS as i64 {
            during_writes.push(took);
        }
        assert!(
            took < Duration::from_secs(1),
            "sale {n} waited {took:?} for the import ({imported} of {ROWS} rows written)"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let report = import.await.unwrap();
    let report = &report["data"]["importProducts"];
    assert_eq!(report["applied"], true, "{report}");
    assert_eq!(report["variantsCreated"], ROWS, "{report}");
    assert!(
        during_writes.len() >= 3,
        "the import must still be writing while the sales are timed: {during_writes:?}"
    );
}
