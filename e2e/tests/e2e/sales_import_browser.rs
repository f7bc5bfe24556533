//! POS sales imported from a register's CSV in the dashboard: the file is checked on
//! choosing it (mapping detected, a bad row listed), then imported; stock goes down.

use std::time::Duration;

use fantoccini::{Client, Locator};
use serde_json::json;

use crate::browser::{Dashboard, arrange, click, element, screenshot, sign_up};
use crate::support::Kura;

/// Signs up in the browser and returns an API token for the same account.
async fn owner(browser: &Client, kura: &Kura) -> String {
    let (email, password) = ("pos@example.jp", "umbrella-tofu-42");
    sign_up(browser, kura, (email, password, "山田 花子", "山田商店")).await;
    let login = kura
        .call(
            "mutation($input: LogInInput!) { logIn(input: $input) { accessToken } }",
            json!({ "input": { "email": email, "password": password } }),
            None,
        )
        .await;
    login["data"]["logIn"]["accessToken"]
        .as_str()
        .unwrap_or_else(|| panic!("{login}"))
        .to_owned()
}

/// Waits until the element `selector` shows `expected`.
async fn wait_text(browser: &Client, selector: &str, expected: &str) {
    let mut shown = String::new();
    for _ in 0..150 {
        if let Ok(el) = browser.find(Locator::Css(selector)).await {
            shown = el.text().await.unwrap_or_default();
            if shown.trim() == expected {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    screenshot(browser, "sales-import-wait-failed.png").await;
    panic!("{selector} shows {shown:?}, expected {expected:?}");
}

#[tokio::test]
async fn a_register_csv_is_checked_then_imported_from_the_dashboard() {
    let Dashboard {
        kura,
        _driver,
        browser,
    } = Dashboard::open().await;
    let token = owner(&browser, &kura).await;
    let store = arrange(
        &kura,
        &token,
        "mutation { createLocation(input: { code: \"SHIBUYA\", name: \"渋谷店\", kind: STORE }) { id } }",
        json!({}),
    )
    .await["createLocation"]["id"]
        .clone();
    let variant = arrange(
        &kura,
        &token,
        "mutation($input: CreateProductInput!) { createProduct(input: $input) { variants { id } } }",
        json!({ "input": { "name": "帆布トート", "taxClass": "STANDARD",
            "variants": [{ "sku": "TOTE-1", "barcode": "4901234567894", "price": "3980" }] } }),
    )
    .await["createProduct"]["variants"][0]["id"]
        .clone();
    arrange(
        &kura,
        &token,
        "mutation($input: AdjustStockInput!) { adjustStock(input: $input) { onHand } }",
        json!({ "input": { "variantId": variant, "locationId": store, "delta": 10, "reason": "INITIAL" } }),
    )
    .await;
    arrange(
        &kura,
        &token,
        "mutation($l: ID!) { createChannel(input: { name: \"旧レジ\", kind: POS, provider: CSV, locationIds: [$l] }) { id } }",
        json!({ "l": store }),
    )
    .await;

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("register.csv");
    // UTF-8 with BOM, as many registers export; row 4 names a product Kura does not have.
    std::fs::write(
        &file,
        "\u{feff}レシート番号,取引日時,店舗コード,JANコード,数量,単価,値引,税率,支払方法\n\
         0001,2026/11/20 10:05,SHIBUYA,4901234567894,2,3980,,10%,現金\n\
         0002,2026/11/20 11:30,SHIBUYA,4901234567894,1,3980,-398,10%,カード\n\
         0003,2026/11/20 12:10,SHIBUYA,4999999999999,1,1200,,10%,QR\n",
    )
    .unwrap();

    browser.goto(&kura.url("/sales/import")).await.unwrap();
    element(&browser, "sales-import-page").await;
    wait_text(
        &browser,
        "[data-testid=sales-import-channel] option:checked",
        "旧レジ · CSV 取込",
    )
    .await;
    screenshot(&browser, "sales-import-empty.png").await;

    element(&browser, "sales-import-file")
        .await
        .send_keys(file.to_str().unwrap())
        .await
        .unwrap();
    element(&browser, "sales-import-summary").await;
    wait_text(&browser, "[data-testid=sales-import-receipts]", "3").await;
    wait_text(&browser, "[data-testid=sales-import-imported]", "2").await;
    wait_text(&browser, "[data-testid=sales-import-skipped]", "1").await;
    let mapped = element(&browser, "sales-import-map-barcode")
        .await
        .find(Locator::Css("option:checked"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(mapped, "JANコード");
    let row = browser
        .find(Locator::Css(
            "[data-testid=sales-import-error-row][data-row=\"4\"]",
        ))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(row.contains("4999999999999"), "{row}");
    screenshot(&browser, "sales-import-checked.png").await;

    click(&browser, "sales-import-apply").await;
    element(&browser, "sales-import-applied").await;
    wait_text(&browser, "[data-testid=sales-import-imported]", "2").await;
    screenshot(&browser, "sales-import-applied.png").await;
    let levels = arrange(
        &kura,
        &token,
        "query($ids: [ID!]) { stockLevels(variantIds: $ids) { nodes { onHand } } }",
        json!({ "ids": [variant] }),
    )
    .await;
    assert_eq!(levels["stockLevels"]["nodes"][0]["onHand"], 7, "{levels}");

    // The same file again: nothing left to import, in English.
    click(&browser, "lang-switch").await;
    element(&browser, "sales-import-check").await;
    click(&browser, "sales-import-check").await;
    element(&browser, "sales-import-summary").await;
    wait_text(&browser, "[data-testid=sales-import-already]", "2").await;
    wait_text(&browser, "[data-testid=sales-import-imported]", "0").await;
    screenshot(&browser, "sales-import-again-en.png").await;
    browser.close().await.unwrap();
}
