//! Orders in a real browser. A phone order entered with the keyboard and a scanner (the
//! partner found by its reading in hiragana, the item by its barcode), confirmed, packed by
//! scanning and shipped with a tracking number, while a second browser's fulfilment board
//! moves the card through its columns without a reload. Then an order past the partner's
//! credit limit is held with its figures and approved, moved to the store and part of it
//! released, and a store-pickup order is made ready and handed over. A shipped unit comes
//! back as a return. Every screen is kept as a screenshot.

use std::time::Duration;

use fantoccini::{Client, Locator};
use serde_json::json;

use super::dashboard::owner;
use super::{
    Dashboard, arrange, click, click_css, element, fill, screenshot, wait_enabled, wait_gone,
};
use crate::support::Kura;

const BARCODE: &str = "4901234567894";

/// A warehouse and a store, a tee (¥2,980, barcode [`BARCODE`]) with 10 at each, and a
/// business partner buying at 60 % with a ¥10,000 credit limit. `(warehouse, store,
/// variant, partner)` ids.
async fn arrange_shop(kura: &Kura, token: &str) -> (String, String, String, String) {
    let location =
        "mutation($input: CreateLocationInput!) { createLocation(input: $input) { id } }";
    let warehouse = arrange(
        kura,
        token,
        location,
        json!({ "input": { "code": "WH-01", "name": "東京倉庫", "kind": "WAREHOUSE" } }),
    )
    .await;
    let store = arrange(kura, token, location,
        json!({ "input": { "code": "SHIBUYA", "name": "渋谷店", "kind": "STORE", "pickupEnabled": true } })).await;
    let product = arrange(
        kura,
        token,
        "mutation($input: CreateProductInput!) { createProduct(input: $input) { variants { id } } }",
        json!({ "input": { "name": "オーガニックTシャツ", "taxClass": "STANDARD",
            "variants": [{ "sku": "TS-001-M", "barcode": BARCODE, "price": "2980" }] } }),
    )
    .await;
    let variant = product["createProduct"]["variants"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (warehouse, store) = (
        warehouse["createLocation"]["id"]
            .as_str()
            .unwrap()
            .to_owned(),
        store["createLocation"]["id"].as_str().unwrap().to_owned(),
    );
    for place in [&warehouse, &store] {
        arrange(
            kura,
            token,
            "mutation($input: AdjustStockInput!) { adjustStock(input: $input) { onHand } }",
            json!({ "input": { "variantId": variant, "locationId": place, "delta": 10, "reason": "INITIAL" } }),
        )
        .await;
    }
    let partner = arrange(
        kura,
        token,
        "mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }",
        json!({ "input": { "kind": "BUSINESS", "name": "株式会社山田商店", "nameKana": "ヤマダショウテン",
                           "code": "YAMADA", "priceRate": 6000, "creditLimit": "10000" } }),
    )
    .await;
    let partner = partner["createCustomer"]["id"].as_str().unwrap().to_owned();
    arrange(
        kura,
        token,
        "mutation($input: AddCustomerAddressInput!) { addCustomerAddress(input: $input) { id } }",
        json!({ "input": { "customerId": partner, "kind": "SHIPPING", "label": "大阪店",
                           "recipientName": "山田商店 大阪店", "postalCode": "5300001",
                           "prefecture": "大阪府", "city": "大阪市北区", "line1": "梅田1-1-1",
                           "phone": "0612345678", "isDefault": true } }),
    )
    .await;
    (warehouse, store, variant, partner)
}

/// Waits until the board shows the order `number` in `column`.
async fn on_board(browser: &Client, column: &str, number: &str) {
    browser
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(&format!(
            "[data-testid=board-column][data-column={column}] [data-testid=board-card][data-number=\"{number}\"]"
        )))
        .await
        .unwrap_or_else(|e| panic!("{number} did not reach {column}: {e}"));
}

/// Types into the element and presses Enter, as a keyboard-wedge scanner does.
async fn scan(browser: &Client, testid: &str, code: &str) {
    fill(browser, testid, &format!("{code}\u{E007}")).await;
}

async fn text(browser: &Client, testid: &str) -> String {
    element(browser, testid).await.text().await.unwrap()
}

/// Waits until the element shows `expected`.
async fn text_is(browser: &Client, testid: &str, expected: &str) {
    for _ in 0..150 {
        if text(browser, testid).await == expected {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("[data-testid={testid}] never showed {expected:?}");
}

/// Waits until the input shows `expected`.
async fn value_is(browser: &Client, testid: &str, expected: &str) {
    for _ in 0..150 {
        let value = element(browser, testid).await.prop("value").await.unwrap();
        if value.as_deref() == Some(expected) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("[data-testid={testid}] never held {expected:?}");
}

/// Waits until `[data-testid=order-summary]` shows the status badge `status`.
async fn status_is(browser: &Client, status: &str) {
    browser
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(&format!(
            "[data-testid=order-summary] [data-status={status}]"
        )))
        .await
        .unwrap_or_else(|e| panic!("the order did not become {status}: {e}"));
}

#[tokio::test]
async fn a_phone_order_is_keyed_in_packed_by_scanning_and_shipped_while_the_board_follows() {
    let Dashboard {
        kura,
        _driver: driver,
        browser,
    } = Dashboard::open().await;
    let token = owner(&browser, &kura, "hanako@example.jp").await;
    let (warehouse, ..) = arrange_shop(&kura, &token).await;

    // A second browser watches the fulfilment board.
    let board = driver.browser().await;
    board.goto(&kura.url("/login")).await.unwrap();
    fill(&board, "login-email", "hanako@example.jp").await;
    fill(&board, "login-password", "umbrella-tofu-42").await;
    click(&board, "login-submit").await;
    element(&board, "app-shell").await;
    board.goto(&kura.url("/orders/board")).await.unwrap();
    element(&board, "board").await;
    board
        .execute("window.kuraNotReloaded = true", vec![])
        .await
        .unwrap();

    // The phone rings: the partner is found by its reading, typed in hiragana.
    browser.goto(&kura.url("/orders/new")).await.unwrap();
    element(&browser, "order-entry").await;
    fill(&browser, "order-customer-search", "やまだ").await;
    element(&browser, "order-customer-hit").await;
    fill(&browser, "order-customer-search", "\u{E007}").await;
    element(&browser, "order-customer").await;
    // Their default delivery address fills the ship-to.
    element(&browser, "order-ship-saved").await;
    value_is(&browser, "order-ship-city", "大阪市北区").await;
    value_is(&browser, "order-ship-name", "山田商店 大阪店").await;
    // Two scans of the tee: one line of two, priced at the partner's 60 %.
    scan(&browser, "order-scan", BARCODE).await;
    element(&browser, "order-line").await;
    scan(&browser, "order-scan", BARCODE).await;
    text_is(&browser, "order-total", "¥3,576").await;
    browser
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css(&format!(
            "[data-testid=order-location] option[value=\"{warehouse}\"]"
        )))
        .await
        .unwrap();
    element(&browser, "order-location")
        .await
        .select_by_value(&warehouse)
        .await
        .unwrap();
    screenshot(&browser, "order-entry.png").await;
    click(&browser, "order-confirm").await;
    element(&browser, "order-page").await;
    status_is(&browser, "CONFIRMED").await;
    let number = text(&browser, "order-number").await;
    assert!(number.starts_with("SO-"), "{number}");
    let total = text(&browser, "order-summary-total").await;
    assert_eq!(total, "¥3,576", "2 × ¥1,788 (60 % of ¥2,980), tax included");
    let ship_to = text(&browser, "order-ship-to").await;
    assert!(ship_to.contains("大阪市北区梅田1-1-1"), "{ship_to}");
    screenshot(&browser, "order-confirmed.png").await;

    on_board(&board, "to-ship", &number).await;
    screenshot(&board, "order-board-to-ship.png").await;

    // Packing: a wrong code is refused on screen; the right one counts.
    element(&browser, "pack-panel").await;
    scan(&browser, "pack-scan", "4999999999999").await;
    browser
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css(
            "[data-testid=pack-feedback][data-state=error]",
        ))
        .await
        .expect("an item not on the order is refused");
    scan(&browser, "pack-scan", BARCODE).await;
    scan(&browser, "pack-scan", BARCODE).await;
    fill(&browser, "pack-tracking", "1234-5678-9012").await;
    screenshot(&browser, "order-packing.png").await;
    click(&browser, "pack-ship").await;
    status_is(&browser, "SHIPPED").await;
    let tracking = text(&browser, "shipment-tracking").await;
    assert_eq!(tracking, "1234-5678-9012");
    screenshot(&browser, "order-shipped.png").await;

    // One of the two comes back: it goes back on the shelf, and the shipment can still take
    // back the other.
    click(&browser, "shipment-return").await;
    element(&browser, "order-return-dialog").await;
    fill(&browser, "order-return-qty", "1").await;
    fill(&browser, "order-return-reason", "サイズ違い").await;
    screenshot(&browser, "order-return.png").await;
    click(&browser, "order-return-submit").await;
    wait_gone(&browser, "[data-testid=order-return-dialog]").await;
    element(&browser, "order-return-row").await;
    text_is(&browser, "order-return-restocked", "1").await;
    element(&browser, "shipment-return").await;
    screenshot(&browser, "order-returned.png").await;

    on_board(&board, "shipped-today", &number).await;
    let same_page = board
        .execute("return window.kuraNotReloaded === true", vec![])
        .await
        .unwrap();
    assert_eq!(same_page, json!(true), "the board reloaded");
    screenshot(&board, "order-board-shipped.png").await;
    board.close().await.unwrap();
    browser.close().await.unwrap();
}

#[tokio::test]
async fn a_held_order_shows_its_figures_until_approved_and_a_pickup_is_handed_over() {
    let Dashboard {
        kura,
        _driver,
        browser,
    } = Dashboard::open().await;
    let token = owner(&browser, &kura, "hanako@example.jp").await;
    let (warehouse, store, variant, partner) = arrange_shop(&kura, &token).await;

    // 6 × ¥1,788 = ¥10,728 (tax included): past the ¥10,000 limit.
    let held = arrange(
        &kura,
        &token,
        "mutation($input: CreateOrderInput!) { createOrder(input: $input) { id status } }",
        json!({ "input": { "customerId": partner, "locationId": warehouse, "confirm": true,
                           "lines": [{ "variantId": variant, "quantity": 6 }] } }),
    )
    .await;
    assert_eq!(held["createOrder"]["status"], "ON_HOLD");
    let held = held["createOrder"]["id"].as_str().unwrap().to_owned();
    browser
        .goto(&kura.url(&format!("/orders/{held}")))
        .await
        .unwrap();
    element(&browser, "order-credit-hold").await;
    assert_eq!(text(&browser, "hold-limit").await, "¥10,000");
    assert_eq!(text(&browser, "hold-exceeded").await, "¥728");
    screenshot(&browser, "order-credit-hold.png").await;
    click(&browser, "order-approve").await;
    status_is(&browser, "CONFIRMED").await;
    screenshot(&browser, "order-approved.png").await;

    // The warehouse is busy: the store ships it instead, and holds the units now.
    click(&browser, "order-relocate").await;
    element(&browser, "order-relocate-dialog").await;
    browser
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css(&format!(
            "[data-testid=order-relocate-location] option[value=\"{store}\"]"
        )))
        .await
        .unwrap();
    element(&browser, "order-relocate-location")
        .await
        .select_by_value(&store)
        .await
        .unwrap();
    screenshot(&browser, "order-relocate.png").await;
    click(&browser, "order-relocate-submit").await;
    wait_gone(&browser, "[data-testid=order-relocate-dialog]").await;
    let location = text(&browser, "order-location").await;
    assert!(location.contains("渋谷店"), "{location}");
    status_is(&browser, "CONFIRMED").await;

    // Two of the six are wanted elsewhere first: released, they wait for stock again.
    click(&browser, "order-release").await;
    element(&browser, "order-release-dialog").await;
    value_is(&browser, "release-qty", "6").await;
    fill(&browser, "release-qty", "\u{E003}2").await;
    screenshot(&browser, "order-release.png").await;
    click(&browser, "order-release-submit").await;
    wait_gone(&browser, "[data-testid=order-release-dialog]").await;
    status_is(&browser, "BACKORDERED").await;
    text_is(&browser, "line-allocated", "4").await;
    text_is(&browser, "line-backordered", "2").await;

    // The two waiting units ship from the warehouse instead, as an order of their own.
    let original = text(&browser, "order-number").await;
    click(&browser, "order-split").await;
    element(&browser, "order-split-dialog").await;
    browser
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css(&format!(
            "[data-testid=order-split-location] option[value=\"{warehouse}\"]"
        )))
        .await
        .unwrap();
    element(&browser, "order-split-location")
        .await
        .select_by_value(&warehouse)
        .await
        .unwrap();
    fill(&browser, "split-qty", "2").await;
    screenshot(&browser, "order-split.png").await;
    click(&browser, "order-split-submit").await;
    wait_gone(&browser, "[data-testid=order-split-dialog]").await;
    status_is(&browser, "CONFIRMED").await;
    text_is(&browser, "line-backordered", "—").await;
    element(&browser, "order-split-row").await;
    screenshot(&browser, "order-split-done.png").await;
    click_css(&browser, "[data-testid=order-split-row] a").await;
    text_is(&browser, "order-split-from-link", &original).await;
    text_is(&browser, "line-allocated", "2").await;
    screenshot(&browser, "order-split-off.png").await;

    // A web order collected at the store.
    let pickup = arrange(
        &kura,
        &token,
        "mutation($input: CreateOrderInput!) { createOrder(input: $input) { number } }",
        json!({ "input": { "pickupLocationId": store, "confirm": true,
                           "lines": [{ "variantId": variant, "quantity": 1 }] } }),
    )
    .await;
    let number = pickup["createOrder"]["number"].as_str().unwrap().to_owned();
    browser.goto(&kura.url("/orders/pickups")).await.unwrap();
    element(&browser, "pickups-page").await;
    let row = format!("[data-testid=pickup-prepare-row][data-number=\"{number}\"]");
    click_css(&browser, &format!("{row} [data-testid=pickup-mark-ready]")).await;
    browser
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(&format!(
            "[data-testid=pickup-ready-row][data-number=\"{number}\"][data-uncollected=false]"
        )))
        .await
        .expect("the order waits for its customer");
    screenshot(&browser, "order-pickups.png").await;

    click_css(
        &browser,
        &format!("[data-testid=pickup-ready-row][data-number=\"{number}\"] a"),
    )
    .await;
    click(&browser, "order-hand-over").await;
    fill(&browser, "order-hand-over-note", "ご本人様、会員証で確認").await;
    screenshot(&browser, "order-hand-over.png").await;
    click(&browser, "order-hand-over-submit").await;
    status_is(&browser, "COMPLETED").await;
    screenshot(&browser, "order-handed-over.png").await;
    browser.close().await.unwrap();
}

#[tokio::test]
async fn a_warehouse_results_file_is_checked_then_books_the_parcels() {
    let Dashboard {
        kura,
        _driver,
        browser,
    } = Dashboard::open().await;
    let token = owner(&browser, &kura, "hanako@example.jp").await;
    let (warehouse, _, variant, _) = arrange_shop(&kura, &token).await;
    let order = arrange(
        &kura,
        &token,
        "mutation($input: CreateOrderInput!) { createOrder(input: $input) { id number } }",
        json!({ "input": { "locationId": warehouse, "confirm": true,
                           "lines": [{ "variantId": variant, "quantity": 3 }] } }),
    )
    .await;
    let number = order["createOrder"]["number"].as_str().unwrap().to_owned();

    browser.goto(&kura.url("/orders/warehouse")).await.unwrap();
    element(&browser, "warehouse-page").await;
    element(&browser, "warehouse-location")
        .await
        .select_by_value(&warehouse)
        .await
        .unwrap();
    // The instructions download; the button comes back and no error shows.
    click(&browser, "warehouse-instructions").await;
    wait_enabled(&browser, "warehouse-instructions").await;
    screenshot(&browser, "warehouse.png").await;

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("results.csv");
    std::fs::write(
        &file,
        format!("受注番号,行番号,出荷数,配送業者,伝票番号\n{number},1,2,ヤマト運輸,1111-2222-3333\n{number},1,1,佐川急便,4444-5555-6666\n"),
    )
    .unwrap();
    element(&browser, "results-file")
        .await
        .send_keys(file.to_str().unwrap())
        .await
        .unwrap();
    element(&browser, "results-summary").await;
    text_is(&browser, "results-shipments", "2").await;
    screenshot(&browser, "warehouse-checked.png").await;
    click(&browser, "results-apply").await;
    element(&browser, "results-applied").await;
    text_is(&browser, "results-units", "3").await;
    screenshot(&browser, "warehouse-booked.png").await;

    // The same file again (sent twice by the warehouse): nothing new.
    let again = dir.path().join("results-again.csv");
    std::fs::copy(&file, &again).unwrap();
    element(&browser, "results-file")
        .await
        .send_keys(again.to_str().unwrap())
        .await
        .unwrap();
    element(&browser, "results-nothing").await;
    text_is(&browser, "results-already", "2").await;

    let id = order["createOrder"]["id"].as_str().unwrap();
    browser
        .goto(&kura.url(&format!("/orders/{id}")))
        .await
        .unwrap();
    status_is(&browser, "SHIPPED").await;
}
