//! POS sales imported from a CSV export: `importSales` and `salesImportMapping`.

use base64::{Engine, engine::general_purpose::STANDARD};
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code, spawn_app};

const RESULT: &str = "receipts imported alreadyImported skipped errorCount
    errors { row column code message }
    mapping { receiptNumber occurredAt locationCode sku barcode quantity unitPrice discount taxRate paymentMethod }
    headers";

/// A company with a store SHIBUYA holding 10 of SHIRT-M (¥1,980) and 10 of TEA (¥150,
/// reduced rate), and a CSV channel selling there.
struct Shop {
    app: TestApp,
    token: String,
    location: Value,
    shirt: Value,
    tea: Value,
    channel: Value,
}

async fn shop() -> Shop {
    let app = spawn_app().await;
    let token = app.sign_up("owner@example.jp").await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let stocked = app.stocked(&token).await;
    let (_, tea) = app
        .product(&token, "Green tea", "TEA", "490000000002")
        .await;
    app.adjust(&token, &tea, &stocked.location, 10).await;
    let channel = app
        .call(
            "mutation($l: ID!) { createChannel(input: { name: \"Old register\", kind: POS, provider: CSV, locationIds: [$l] }) { id } }",
            json!({ "l": stocked.location }),
            Some(&token),
        )
        .await;
    assert!(channel["errors"].is_null(), "{channel}");
    Shop {
        channel: channel["data"]["createChannel"]["id"].clone(),
        location: stocked.location,
        shirt: stocked.variant,
        tea,
        token,
        app,
    }
}

impl Shop {
    async fn import_with(&self, bytes: &[u8], mapping: Option<Value>, dry_run: bool) -> Value {
        let mut input = json!({ "channelId": self.channel, "content": STANDARD.encode(bytes), "dryRun": dry_run });
        if let Some(mapping) = mapping {
            input["mapping"] = mapping;
        }
        let body = self
            .app
            .call(
                &format!("mutation($input: ImportSalesInput!) {{ importSales(input: $input) {{ {RESULT} }} }}"),
                json!({ "input": input }),
                Some(&self.token),
            )
            .await;
        assert!(body["errors"].is_null(), "{body}");
        body["data"]["importSales"].clone()
    }

    async fn import(&self, bytes: &[u8], dry_run: bool) -> Value {
        self.import_with(bytes, None, dry_run).await
    }

    async fn on_hand(&self, variant: &Value) -> i64 {
        let body = self
            .app
            .call(
                "query($v: [ID!], $l: [ID!]) { stockLevels(variantIds: $v, locationIds: $l) { edges { node { onHand } } } }",
                json!({ "v": [variant], "l": [self.location] }),
                Some(&self.token),
            )
            .await;
        body["data"]["stockLevels"]["edges"][0]["node"]["onHand"]
            .as_i64()
            .unwrap()
    }

    async fn sales(&self) -> Vec<Value> {
        let body = self
            .app
            .call(
                "{ sales { edges { node { externalId occurredAt total { amount }
                    lines { sku quantity unitPrice { amount } discount { amount } taxClass }
                    payments { method amount { amount } } } } } }",
                json!({}),
                Some(&self.token),
            )
            .await;
        assert!(body["errors"].is_null(), "{body}");
        body["data"]["sales"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"].clone())
            .collect()
    }
}

fn shift_jis(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

/// Two receipts as a Japanese register exports them: R-1001 with two lines, R-1002 with one.
const REGISTER_FILE: &str = "取引番号,取引日時,店舗コード,商品コード,数量,単価,値引,税率,支払方法\n\
    R-1001,2026/11/20 14:05,SHIBUYA,SHIRT-M,2,1980,-200,10%,現金\n\
    R-1001,2026/11/20 14:05,SHIBUYA,TEA,3,150,,軽減,現金\n\
    R-1002,2026/11/20 15:30,SHIBUYA,SHIRT-M,1,1980,,10,カード\n";

#[tokio::test]
async fn a_shift_jis_register_export_imports_one_sale_per_receipt() {
    let shop = shop().await;
    let report = shop.import(&shift_jis(REGISTER_FILE), false).await;
    assert_eq!(report["receipts"], 2, "{report}");
    assert_eq!(report["imported"], 2, "{report}");
    assert_eq!(report["skipped"], 0);
    assert_eq!(report["errorCount"], 0);
    assert_eq!(report["mapping"]["receiptNumber"], "取引番号");
    assert_eq!(report["mapping"]["sku"], "商品コード");
    assert_eq!(report["mapping"]["paymentMethod"], "支払方法");

    assert_eq!(shop.on_hand(&shop.shirt).await, 10 - 3);
    assert_eq!(shop.on_hand(&shop.tea).await, 10 - 3);

    let sales = shop.sales().await;
    assert_eq!(sales.len(), 2, "{sales:?}");
    let first = sales.iter().find(|s| s["externalId"] == "R-1001").unwrap();
    // 14:05 in Tokyo is 05:05 UTC.
    assert!(
        first["occurredAt"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-20T05:05:00"),
        "{first}"
    );
    let lines = first["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["sku"], "SHIRT-M");
    assert_eq!(lines[0]["quantity"], 2);
    assert_eq!(lines[0]["discount"]["amount"], "200");
    assert_eq!(lines[1]["taxClass"], "REDUCED");
    // 1,980 × 2 − 200 + 150 × 3 with tax included: paid in cash, exactly.
    assert_eq!(first["total"]["amount"], "4210");
    assert_eq!(first["payments"][0]["method"], "CASH");
    assert_eq!(first["payments"][0]["amount"]["amount"], "4210");
    let second = sales.iter().find(|s| s["externalId"] == "R-1002").unwrap();
    assert_eq!(second["payments"][0]["method"], "CARD", "{second}");
}

#[tokio::test]
async fn importing_the_same_file_again_changes_nothing() {
    let shop = shop().await;
    let bytes = shift_jis(REGISTER_FILE);
    shop.import(&bytes, false).await;
    let again = shop.import(&bytes, false).await;
    assert_eq!(again["imported"], 0, "{again}");
    assert_eq!(again["alreadyImported"], 2);
    assert_eq!(again["errorCount"], 0);
    assert_eq!(shop.on_hand(&shop.shirt).await, 7);
    assert_eq!(shop.sales().await.len(), 2);
}

#[tokio::test]
async fn bad_rows_are_reported_by_row_and_skip_only_their_receipt() {
    let shop = shop().await;
    let file = "レシート番号,取引日時,JAN,商品コード,数量\n\
        A1,2026/11/20 10:00,,SHIRT-M,1\n\
        A2,2026/11/20 10:05,,NO-SUCH,1\n\
        A3,yesterday,,SHIRT-M,1\n\
        A4,2026/11/20 10:10,,SHIRT-M,-1\n\
        A5,2026/11/20 10:15,,TEA,2\n\
        A5,2026/11/20 10:15,,SHIRT-M,zwei\n\
        A6,2026-11-20T10:20:00+09:00,,TEA,1\n";
    let report = shop.import(file.as_bytes(), false).await;
    assert_eq!(report["receipts"], 6, "{report}");
    assert_eq!(report["imported"], 2, "{report}");
    assert_eq!(report["skipped"], 4);
    let errors = report["errors"].as_array().unwrap();
    let at = |row: i64| {
        errors
            .iter()
            .find(|e| e["row"] == row)
            .unwrap_or_else(|| panic!("no error on row {row}: {report}"))
    };
    assert_eq!(at(3)["column"], "商品コード");
    assert_eq!(at(3)["code"], "sale.unknown_item");
    assert_eq!(at(4)["column"], "取引日時");
    assert_eq!(at(4)["code"], "date.format");
    assert_eq!(at(5)["column"], "数量");
    assert_eq!(at(5)["code"], "quantity.negative");
    assert_eq!(at(7)["column"], "数量");
    assert_eq!(at(7)["code"], "quantity.format");
    assert_eq!(errors.len(), 4, "{report}");

    // A1 and A6 went through; A5's good row waited for its bad one.
    assert_eq!(shop.on_hand(&shop.shirt).await, 9);
    assert_eq!(shop.on_hand(&shop.tea).await, 9);
    let numbers: Vec<Value> = shop
        .sales()
        .await
        .iter()
        .map(|s| s["externalId"].clone())
        .collect();
    assert_eq!(numbers.len(), 2);
    assert!(numbers.contains(&json!("A1")) && numbers.contains(&json!("A6")));
}

#[tokio::test]
async fn a_dry_run_checks_and_counts_but_writes_nothing() {
    let shop = shop().await;
    let report = shop.import(&shift_jis(REGISTER_FILE), true).await;
    assert_eq!(report["imported"], 2, "{report}");
    assert_eq!(report["errorCount"], 0);
    assert_eq!(shop.on_hand(&shop.shirt).await, 10);
    assert!(shop.sales().await.is_empty());
    let saved = shop
        .app
        .call(
            "query($c: ID!) { salesImportMapping(channelId: $c) { sku } }",
            json!({ "c": shop.channel }),
            Some(&shop.token),
        )
        .await;
    assert!(
        saved["data"]["salesImportMapping"].is_null(),
        "a dry run saves no mapping: {saved}"
    );
}

#[tokio::test]
async fn the_mapping_chosen_once_is_reused_for_the_next_file() {
    let shop = shop().await;
    // Headers no detection knows.
    let first = "No,When,Item,Units\nX1,2026/11/21 09:00,SHIRT-M,1\n";
    let guessed = shop.import(first.as_bytes(), true).await;
    assert_eq!(guessed["errorCount"], 4, "nothing detected: {guessed}");
    assert_eq!(guessed["headers"], json!(["No", "When", "Item", "Units"]));
    let mapping =
        json!({ "receiptNumber": "No", "occurredAt": "When", "sku": "Item", "quantity": "Units" });
    let report = shop
        .import_with(first.as_bytes(), Some(mapping), false)
        .await;
    assert_eq!(report["imported"], 1, "{report}");

    let saved = shop
        .app
        .call(
            "query($c: ID!) { salesImportMapping(channelId: $c) { receiptNumber sku quantity } }",
            json!({ "c": shop.channel }),
            Some(&shop.token),
        )
        .await;
    assert_eq!(
        saved["data"]["salesImportMapping"],
        json!({ "receiptNumber": "No", "sku": "Item", "quantity": "Units" }),
        "{saved}"
    );

    let next = "No,When,Item,Units\nX2,2026/11/22 09:00,SHIRT-M,2\n";
    let report = shop.import(next.as_bytes(), false).await;
    assert_eq!(report["imported"], 1, "{report}");
    assert_eq!(report["mapping"]["quantity"], "Units");
    assert_eq!(shop.on_hand(&shop.shirt).await, 10 - 3);
}

#[tokio::test]
async fn files_too_large_or_not_csv_are_refused_whole() {
    let shop = shop().await;
    let huge = vec![b'a'; 5 * 1024 * 1024 + 1];
    let body = shop
        .app
        .call(
            "mutation($input: ImportSalesInput!) { importSales(input: $input) { imported } }",
            json!({ "input": { "channelId": shop.channel, "content": STANDARD.encode(&huge) } }),
            Some(&shop.token),
        )
        .await;
    // The HTTP body limit or the import's own limit: refused either way, never a 500.
    assert!(
        body["data"].is_null() || body["data"]["importSales"].is_null(),
        "{body}"
    );
    assert!(!body["errors"].is_null(), "{body}");

    let body = shop
        .app
        .call(
            "mutation($input: ImportSalesInput!) { importSales(input: $input) { imported } }",
            json!({ "input": { "channelId": shop.channel, "content": "not base64!" } }),
            Some(&shop.token),
        )
        .await;
    assert_eq!(error_code(&body), "VALIDATION", "{body}");

    let mut rows = String::from("取引番号,取引日時,商品コード,数量\n");
    for n in 0..20_001 {
        rows.push_str(&format!("N{n},2026/11/20 10:00,SHIRT-M,1\n"));
    }
    let body = shop
        .app
        .call(
            "mutation($input: ImportSalesInput!) { importSales(input: $input) { imported } }",
            json!({ "input": { "channelId": shop.channel, "content": STANDARD.encode(&rows), "dryRun": true } }),
            Some(&shop.token),
        )
        .await;
    assert_eq!(error_code(&body), "VALIDATION", "{body}");
    assert_eq!(shop.on_hand(&shop.shirt).await, 10);
}

#[tokio::test]
async fn a_discount_too_large_to_negate_is_reported_on_its_row() {
    let shop = shop().await;
    // POS exports write discounts as 100 or -100; the most negative amount has no positive.
    let file = "レシート番号,取引日時,商品コード,数量,値引\n\
        B1,2026/11/20 10:00,SHIRT-M,1,-9223372036854775808\n\
        B2,2026/11/20 10:05,SHIRT-M,1,-100\n";
    let report = shop.import(file.as_bytes(), false).await;
    assert_eq!(report["imported"], 1, "{report}");
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{report}");
    assert_eq!(errors[0]["row"], 2);
    assert_eq!(errors[0]["column"], "値引");
    assert_eq!(errors[0]["code"], "money.overflow");
    assert_eq!(shop.on_hand(&shop.shirt).await, 9);
}
