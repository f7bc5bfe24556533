//! Stock operations in the dashboard: a stock count driven by a barcode scanner (typed
//! barcodes and Enter), the products CSV import (a per-row error, then a clean import),
//! and transfers, replenishment and team locations, each screen kept as a screenshot.

use std::time::Duration;

use fantoccini::{Client, Locator};
use serde_json::json;

use super::{Dashboard, arrange, click, element, fill, screenshot, sign_up, wait_enabled};
use crate::support::Kura;

/// What a USB barcode scanner sends after the digits.
const ENTER: &str = "\u{E007}";

/// Signs up in the browser and returns an API token for the same account.
async fn owner(browser: &Client, kura: &Kura, email: &str, company: &str) -> String {
    let password = "umbrella-tofu-42";
    sign_up(browser, kura, (email, password, "山田 花子", company)).await;
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

/// Creates a location and returns its id.
async fn location(kura: &Kura, token: &str, code: &str, name: &str, kind: &str) -> String {
    let data = arrange(
        kura,
        token,
        "mutation($input: CreateLocationInput!) { createLocation(input: $input) { id } }",
        json!({ "input": { "code": code, "name": name, "kind": kind } }),
    )
    .await;
    data["createLocation"]["id"].as_str().unwrap().to_owned()
}

/// A T-shirt in M (barcode 4901234567894) and L (4912345678904); returns their ids.
async fn tee(kura: &Kura, token: &str) -> (String, String) {
    let product = arrange(
        kura,
        token,
        "mutation($input: CreateProductInput!) { createProduct(input: $input) { variants { id sku } } }",
        json!({ "input": {
            "name": "オーガニックTシャツ", "taxClass": "STANDARD", "optionNames": ["サイズ"],
            "variants": [
                { "sku": "TS-M", "barcode": "4901234567894", "price": "2980", "options": ["M"] },
                { "sku": "TS-L", "barcode": "4912345678904", "price": "2980", "options": ["L"] }
            ]
        } }),
    )
    .await;
    let variants = &product["createProduct"]["variants"];
    (
        variants[0]["id"].as_str().unwrap().to_owned(),
        variants[1]["id"].as_str().unwrap().to_owned(),
    )
}

async fn stock(kura: &Kura, token: &str, variant: &str, location: &str, delta: i64) {
    arrange(
        kura,
        token,
        "mutation($input: AdjustStockInput!) { adjustStock(input: $input) { onHand } }",
        json!({ "input": { "variantId": variant, "locationId": location, "delta": delta, "reason": "INITIAL" } }),
    )
    .await;
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
    screenshot(browser, "ops-wait-failed.png").await;
    panic!("{selector} shows {shown:?}, expected {expected:?}");
}

async fn css(browser: &Client, selector: &str) -> fantoccini::elements::Element {
    browser
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(selector))
        .await
        .unwrap_or_else(|e| panic!("{selector} did not appear: {e}"))
}

async fn on_hand_via_api(kura: &Kura, token: &str, variant: &str) -> i64 {
    let data = arrange(
        kura,
        token,
        "query($ids: [ID!]) { stockLevels(variantIds: $ids) { nodes { onHand } } }",
        json!({ "ids": [variant] }),
    )
    .await;
    data["stockLevels"]["nodes"][0]["onHand"].as_i64().unwrap()
}

#[tokio::test]
async fn a_stock_count_is_scanned_with_a_barcode_reader_and_finalized() {
    let Dashboard {
        kura,
        _driver,
        browser,
    } = Dashboard::open().await;
    let token = owner(&browser, &kura, "count@example.jp", "山田商店").await;
    let shibuya = location(&kura, &token, "SHIBUYA", "渋谷店", "STORE").await;
    let (m, l) = tee(&kura, &token).await;
    stock(&kura, &token, &m, &shibuya, 5).await;
    stock(&kura, &token, &l, &shibuya, 2).await;

    browser.goto(&kura.url("/counts")).await.unwrap();
    element(&browser, "counts-page").await;
    css(&browser, "[data-testid=count-location] option[value]").await;
    screenshot(&browser, "counts-list.png").await;
    click(&browser, "count-start").await;
    let scan = element(&browser, "count-scan").await;
    // Both sizes are on the books and nothing is counted yet.
    wait_text(&browser, "[data-testid=count-uncounted-total]", "2").await;

    // The scanner types the barcode and Enter, three times for three shirts in M. The field
    // keeps the focus, so every scan goes to the active element.
    for _ in 0..3 {
        let active = browser.active_element().await.unwrap();
        assert_eq!(
            active.attr("data-testid").await.unwrap().as_deref(),
            Some("count-scan"),
            "the scan field keeps the focus"
        );
        active
            .send_keys(&format!("4901234567894{ENTER}"))
            .await
            .unwrap();
    }
    wait_text(
        &browser,
        "[data-testid=count-line][data-sku=TS-M] [data-testid=count-counted]",
        "3",
    )
    .await;
    wait_text(
        &browser,
        "[data-testid=count-line][data-sku=TS-M] [data-testid=count-difference]",
        "-2",
    )
    .await;

    // An exact quantity typed first sets the line: one L by its SKU.
    fill(&browser, "count-qty", "1").await;
    scan.send_keys(&format!("TS-L{ENTER}")).await.unwrap();
    wait_text(
        &browser,
        "[data-testid=count-line][data-sku=TS-L] [data-testid=count-counted]",
        "1",
    )
    .await;
    // An unknown code is said so, and nothing is recorded.
    scan.send_keys(&format!("4567890123456{ENTER}"))
        .await
        .unwrap();
    css(
        &browser,
        "[data-testid=count-scan-feedback][data-state=error]",
    )
    .await;
    wait_text(&browser, "[data-testid=count-uncounted-total]", "0").await;
    screenshot(&browser, "count-scanning.png").await;

    click(&browser, "count-finalize").await;
    element(&browser, "finalize-dialog").await;
    wait_text(&browser, "[data-testid=finalize-off]", "2").await;
    screenshot(&browser, "count-finalize-dialog.png").await;
    click(&browser, "finalize-confirm").await;
    css(
        &browser,
        "[data-testid=count-status][data-status=FINALIZED]",
    )
    .await;
    screenshot(&browser, "count-finalized.png").await;
    assert_eq!(on_hand_via_api(&kura, &token, &m).await, 3);
    assert_eq!(on_hand_via_api(&kura, &token, &l).await, 1);

    browser.goto(&kura.url("/counts")).await.unwrap();
    css(&browser, "[data-testid=count-row] [data-status=FINALIZED]").await;
    click(&browser, "lang-switch").await;
    screenshot(&browser, "counts-list-en.png").await;
    browser.close().await.unwrap();
}

#[tokio::test]
async fn a_products_csv_shows_its_bad_rows_then_imports() {
    let Dashboard {
        kura,
        _driver,
        browser,
    } = Dashboard::open().await;
    owner(&browser, &kura, "csv@example.jp", "山田商店").await;
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "product_name,sku,barcode,price\n帆布トート,TOTE-1,4901234567894,3980\n帆布トート,TOTE-2,4901234567890,3980\n",
    )
    .unwrap();
    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        "product_name,sku,barcode,price\n帆布トート,TOTE-1,4901234567894,3980\n帆布トート,TOTE-2,4912345678904,3980\nマグカップ,MUG-1,,1200\n",
    )
    .unwrap();

    browser.goto(&kura.url("/products/import")).await.unwrap();
    element(&browser, "import-page").await;
    screenshot(&browser, "import-empty.png").await;
    // Choosing the file checks it at once (a dry run).
    element(&browser, "import-file")
        .await
        .send_keys(bad.to_str().unwrap())
        .await
        .unwrap();
    let row = css(&browser, "[data-testid=import-error-row][data-line=\"3\"]").await;
    let text = row.text().await.unwrap();
    assert!(text.contains("barcode"), "{text}");
    assert!(
        !element(&browser, "import-apply")
            .await
            .is_enabled()
            .await
            .unwrap(),
        "a file with errors cannot be imported"
    );
    screenshot(&browser, "import-errors.png").await;

    element(&browser, "import-file")
        .await
        .send_keys(good.to_str().unwrap())
        .await
        .unwrap();
    element(&browser, "import-summary").await;
    wait_text(&browser, "[data-testid=import-rows]", "3").await;
    screenshot(&browser, "import-ready.png").await;
    click(&browser, "import-apply").await;
    element(&browser, "import-applied").await;
    wait_text(&browser, "[data-testid=import-products-created]", "2").await;
    wait_text(&browser, "[data-testid=import-variants-created]", "3").await;
    screenshot(&browser, "import-applied.png").await;

    // The export downloads through a link; the button is usable again afterwards and no
    // error shows.
    click(&browser, "export-products").await;
    wait_enabled(&browser, "export-products").await;
    assert!(
        browser
            .find(Locator::Css(
                "[data-testid=import-page] .export-actions + .field-error"
            ))
            .await
            .is_err(),
        "the export failed"
    );

    // The products are there.
    browser.goto(&kura.url("/products")).await.unwrap();
    let page = element(&browser, "products-page").await;
    for _ in 0..100 {
        if page.text().await.unwrap().contains("マグカップ") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(page.text().await.unwrap().contains("マグカップ"));
    browser.close().await.unwrap();
}

#[tokio::test]
async fn a_low_store_is_replenished_by_a_transfer_that_ships_and_is_received_short() {
    let Dashboard {
        kura,
        _driver,
        browser,
    } = Dashboard::open().await;
    let token = owner(&browser, &kura, "transfer@example.jp", "山田商店").await;
    let shibuya = location(&kura, &token, "SHIBUYA", "渋谷店", "STORE").await;
    let warehouse = location(&kura, &token, "WH-01", "東京倉庫", "WAREHOUSE").await;
    let (m, l) = tee(&kura, &token).await;
    stock(&kura, &token, &m, &shibuya, 1).await;
    stock(&kura, &token, &m, &warehouse, 20).await;
    stock(&kura, &token, &l, &warehouse, 8).await;
    arrange(
        &kura,
        &token,
        "mutation($input: SetReorderPointInput!) { setReorderPoint(input: $input) { low } }",
        json!({ "input": { "variantId": m, "locationId": shibuya, "reorderPoint": 3, "reorderQuantity": 5 } }),
    )
    .await;

    // Replenishment suggests bringing 5 from the warehouse.
    browser.goto(&kura.url("/replenishment")).await.unwrap();
    let row = "[data-testid=replenishment-row][data-sku=TS-M][data-location-code=SHIBUYA]";
    css(&browser, &format!("{row}[data-action=TRANSFER]")).await;
    wait_text(
        &browser,
        &format!("{row} [data-testid=replenishment-quantity]"),
        "5",
    )
    .await;
    screenshot(&browser, "replenishment.png").await;
    click(&browser, "replenishment-create-transfer").await;

    // The draft opens; the L is added by scanning its barcode, then it ships.
    element(&browser, "transfer-page").await;
    wait_text(&browser, "[data-testid=transfer-number]", "TR-000001").await;
    css(&browser, "[data-testid=transfer-status][data-status=DRAFT]").await;
    fill(&browser, "transfer-code", &format!("4912345678904{ENTER}")).await;
    css(&browser, "[data-testid=transfer-draft-line][data-sku=TS-L]").await;
    click(&browser, "transfer-save").await;
    wait_text(&browser, "[data-testid=transfer-total]", "6").await;
    screenshot(&browser, "transfer-draft.png").await;
    click(&browser, "transfer-ship").await;
    element(&browser, "confirm-dialog").await;
    click(&browser, "confirm-accept").await;
    css(
        &browser,
        "[data-testid=transfer-status][data-status=SHIPPED]",
    )
    .await;
    wait_text(&browser, "[data-testid=transfer-in-transit]", "6").await;
    screenshot(&browser, "transfer-shipped.png").await;

    // Four of the five M arrive, the L arrives, and the receipt is closed with a reason.
    let qty = css(
        &browser,
        "[data-testid=transfer-line][data-sku=TS-M] [data-testid=receive-qty]",
    )
    .await;
    qty.clear().await.unwrap();
    qty.send_keys("4").await.unwrap();
    click(&browser, "receive-close").await;
    element(&browser, "receive-shortfall").await;
    click(&browser, "receive-submit").await;
    element(&browser, "field-error-discrepancyReason").await;
    fill(&browser, "receive-reason", "輸送中の破損").await;
    screenshot(&browser, "transfer-receive.png").await;
    click(&browser, "receive-submit").await;
    css(
        &browser,
        "[data-testid=transfer-status][data-status=RECEIVED]",
    )
    .await;
    wait_text(
        &browser,
        "[data-testid=transfer-line][data-sku=TS-M] [data-testid=line-missing]",
        "1",
    )
    .await;
    screenshot(&browser, "transfer-received.png").await;
    assert_eq!(on_hand_via_api_at(&kura, &token, &m, &shibuya).await, 5);

    // The list shows it, filtered by status.
    browser.goto(&kura.url("/transfers")).await.unwrap();
    css(
        &browser,
        "[data-testid=transfer-row][data-number=TR-000001][data-status=RECEIVED]",
    )
    .await;
    screenshot(&browser, "transfers-list.png").await;
    // In English too; the filter narrows the list.
    click(&browser, "lang-switch").await;
    element(&browser, "transfers-status")
        .await
        .select_by_value("DRAFT")
        .await
        .unwrap();
    element(&browser, "list-empty").await;
    screenshot(&browser, "transfers-list-en-draft.png").await;

    // A new transfer by typing a SKU.
    click(&browser, "transfer-new").await;
    element(&browser, "transfer-new-page").await;
    css(
        &browser,
        "[data-testid=transfer-from] option[value]:not([value=\"\"])",
    )
    .await;
    fill(&browser, "transfer-code", &format!("TS-L{ENTER}")).await;
    css(&browser, "[data-testid=transfer-draft-line][data-sku=TS-L]").await;
    click(&browser, "transfer-create").await;
    element(&browser, "field-error-fromLocationId").await;
    screenshot(&browser, "transfer-new.png").await;
    // Planned from the warehouse to the store, then cancelled before it ships.
    element(&browser, "transfer-from")
        .await
        .select_by_value(&warehouse)
        .await
        .unwrap();
    element(&browser, "transfer-to")
        .await
        .select_by_value(&shibuya)
        .await
        .unwrap();
    click(&browser, "transfer-create").await;
    wait_text(&browser, "[data-testid=transfer-number]", "TR-000002").await;
    click(&browser, "transfer-cancel").await;
    element(&browser, "confirm-dialog").await;
    click(&browser, "confirm-accept").await;
    css(
        &browser,
        "[data-testid=transfer-status][data-status=CANCELLED]",
    )
    .await;
    wait_text(&browser, "[data-testid=transfer-in-transit]", "0").await;
    screenshot(&browser, "transfer-cancelled.png").await;

    // The team page: a member is limited to the warehouse, and an invitation to the store.
    let invited = arrange(
        &kura,
        &token,
        "mutation($input: InviteMemberInput!) { inviteMember(input: $input) { acceptUrl } }",
        json!({ "input": { "email": "picker@example.jp", "role": "STAFF" } }),
    )
    .await;
    let url = invited["inviteMember"]["acceptUrl"]
        .as_str()
        .unwrap()
        .to_owned();
    let invite_token = url.rsplit('/').next().unwrap();
    let accepted = kura
        .call(
            "mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { accessToken } }",
            json!({ "input": { "token": invite_token, "name": "佐藤 次郎", "password": "umbrella-tofu-43" } }),
            None,
        )
        .await;
    assert!(accepted["errors"].is_null(), "{accepted}");
    browser.goto(&kura.url("/settings/team")).await.unwrap();
    let picker = "[data-testid=member-row][data-email=\"picker@example.jp\"]";
    css(
        &browser,
        &format!("{picker} [data-testid=member-locations-edit]"),
    )
    .await
    .click()
    .await
    .unwrap();
    element(&browser, "member-locations-dialog").await;
    css(
        &browser,
        "[data-testid=member-locations-picker] [data-code=WH-01] input",
    )
    .await
    .click()
    .await
    .unwrap();
    screenshot(&browser, "team-member-locations.png").await;
    click(&browser, "member-locations-save").await;
    wait_text(
        &browser,
        &format!("{picker} [data-testid=member-locations]"),
        "東京倉庫",
    )
    .await;
    screenshot(&browser, "team-members.png").await;
    element(&browser, "member-row").await;
    click(&browser, "invite-member").await;
    css(
        &browser,
        "[data-testid=invite-locations] [data-code=SHIBUYA] input",
    )
    .await
    .click()
    .await
    .unwrap();
    fill(&browser, "invite-email", "staff@example.jp").await;
    screenshot(&browser, "team-invite-locations.png").await;
    click(&browser, "invite-submit").await;
    css(
        &browser,
        "[data-testid=invitation-row][data-email=\"staff@example.jp\"]",
    )
    .await;
    browser.close().await.unwrap();
}

async fn on_hand_via_api_at(kura: &Kura, token: &str, variant: &str, location: &str) -> i64 {
    let data = arrange(
        kura,
        token,
        "query($ids: [ID!], $at: [ID!]) { stockLevels(variantIds: $ids, locationIds: $at) { nodes { onHand } } }",
        json!({ "ids": [variant], "at": [location] }),
    )
    .await;
    data["stockLevels"]["nodes"][0]["onHand"].as_i64().unwrap()
}
