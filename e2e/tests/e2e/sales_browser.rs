//! Selling in the dashboard: the web register driven by a keyboard-wedge barcode scanner
//! (digits and Enter), a cash sale with change and its receipt, the sales list with a
//! sale arriving live, the sale's detail, a return and a void, the stock they leave in the
//! matrix, customers, and a later purchase paid with the points the first one earned.
//! While the cashier charges, the stock matrix and the sales dashboard are open in two
//! other browsers and follow the sale without a reload. Every screen is kept as a
//! screenshot.

use std::time::Duration;

use fantoccini::{Client, Locator};
use serde_json::json;

use crate::browser::{
    ChromeDriver, Dashboard, arrange, click, element, fill, open_live_matrix, screenshot, sign_up,
    wait_for_on_hand,
};
use crate::support::Kura;

/// What a USB barcode scanner sends after the digits.
const ENTER: &str = "\u{E007}";

const EMAIL: &str = "register@example.jp";
const PASSWORD: &str = "umbrella-tofu-42";

/// Signs up in the browser and returns an API token for the same account.
async fn owner(browser: &Client, kura: &Kura) -> String {
    sign_up(browser, kura, (EMAIL, PASSWORD, "山田 花子", "山田商店")).await;
    let login = kura
        .call(
            "mutation($input: LogInInput!) { logIn(input: $input) { accessToken } }",
            json!({ "input": { "email": EMAIL, "password": PASSWORD } }),
            None,
        )
        .await;
    login["data"]["logIn"]["accessToken"]
        .as_str()
        .unwrap_or_else(|| panic!("{login}"))
        .to_owned()
}

/// Another browser signed in to the same company, showing `path` once its live
/// subscription (`live`) is connected; marked so a reload cannot pass for a live update.
async fn watcher(driver: &ChromeDriver, kura: &Kura, path: &str, live: &str) -> Client {
    let browser = driver.browser().await;
    browser.goto(&kura.url("/login")).await.unwrap();
    fill(&browser, "login-email", EMAIL).await;
    fill(&browser, "login-password", PASSWORD).await;
    click(&browser, "login-submit").await;
    element(&browser, "app-shell").await;
    browser.goto(&kura.url(path)).await.unwrap();
    css(
        &browser,
        &format!("[data-testid={live}][data-state=connected]"),
    )
    .await;
    browser
        .execute("window.kuraNotReloaded = true", vec![])
        .await
        .unwrap();
    browser
}

/// Whether the page was left as [`watcher`] marked it.
async fn not_reloaded(browser: &Client) -> bool {
    browser
        .execute("return window.kuraNotReloaded === true", vec![])
        .await
        .unwrap()
        == json!(true)
}

/// A product with one variant; returns the variant id.
async fn product(
    kura: &Kura,
    token: &str,
    (name, tax, sku, barcode, price): (&str, &str, &str, &str, &str),
) -> String {
    let data = arrange(
        kura,
        token,
        "mutation($input: CreateProductInput!) { createProduct(input: $input) { variants { id } } }",
        json!({ "input": {
            "name": name, "taxClass": tax,
            "variants": [{ "sku": sku, "barcode": barcode, "price": price }]
        } }),
    )
    .await;
    data["createProduct"]["variants"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn css(browser: &Client, selector: &str) -> fantoccini::elements::Element {
    browser
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(selector))
        .await
        .unwrap_or_else(|e| panic!("{selector} did not appear: {e}"))
}

/// Waits until `selector` shows `expected`.
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
    screenshot(browser, "sales-wait-failed.png").await;
    panic!("{selector} shows {shown:?}, expected {expected:?}");
}

/// Waits until `selector` matches `count` elements.
async fn wait_count(browser: &Client, selector: &str, count: usize) {
    let mut seen = 0;
    for _ in 0..150 {
        seen = browser
            .find_all(Locator::Css(selector))
            .await
            .map_or(0, |v| v.len());
        if seen == count {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    screenshot(browser, "sales-wait-failed.png").await;
    panic!("{selector} matched {seen}, expected {count}");
}

/// Types into whatever has the focus, as a scanner does.
async fn scan(browser: &Client, code: &str) {
    let active = browser.active_element().await.unwrap();
    assert_eq!(
        active.attr("data-testid").await.unwrap().as_deref(),
        Some("register-scan"),
        "the scan field keeps the focus"
    );
    active.send_keys(&format!("{code}{ENTER}")).await.unwrap();
}

#[tokio::test]
async fn a_cashier_scans_goods_takes_cash_and_the_sale_shows_everywhere() {
    let Dashboard {
        kura,
        _driver: driver,
        browser,
    } = Dashboard::open().await;
    let token = owner(&browser, &kura).await;
    let shibuya = arrange(
        &kura,
        &token,
        "mutation($input: CreateLocationInput!) { createLocation(input: $input) { id } }",
        json!({ "input": { "code": "SHIBUYA", "name": "渋谷店", "kind": "STORE" } }),
    )
    .await["createLocation"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let tee = product(
        &kura,
        &token,
        (
            "オーガニックTシャツ",
            "STANDARD",
            "TS-M",
            "4901234567894",
            "2980",
        ),
    )
    .await;
    let tea = product(
        &kura,
        &token,
        (
            "静岡緑茶 500ml",
            "REDUCED",
            "TEA-500",
            "4912345678904",
            "162",
        ),
    )
    .await;
    for (variant, qty) in [(&tee, 5), (&tea, 3)] {
        arrange(
            &kura,
            &token,
            "mutation($input: AdjustStockInput!) { adjustStock(input: $input) { onHand } }",
            json!({ "input": { "variantId": variant, "locationId": shibuya, "delta": qty, "reason": "INITIAL" } }),
        )
        .await;
    }
    let customer = arrange(
        &kura,
        &token,
        "mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }",
        json!({ "input": { "name": "佐藤 太郎", "email": "taro@example.jp", "phone": "090-1234-5678" } }),
    )
    .await["createCustomer"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Customers earn 10% of what they pay in money as points.
    arrange(
        &kura,
        &token,
        "mutation { updateCompany(input: { loyaltyEarnBasisPoints: 1000 }) { id } }",
        json!({}),
    )
    .await;

    // The stock matrix and the sales dashboard stay open in two other browsers.
    let matrix = watcher(&driver, &kura, "/stock", "stock-live").await;
    wait_for_on_hand(&matrix, "TS-M", "SHIBUYA", "5").await;
    let board = watcher(&driver, &kura, "/", "dashboard-live").await;

    // The register: the scanner types into the focused scan field, twice the shirt and
    // once the tea; an unknown code says so and leaves the cart alone.
    browser.goto(&kura.url("/sales/register")).await.unwrap();
    element(&browser, "register-scan").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    scan(&browser, "4901234567894").await;
    css(&browser, "[data-testid=cart-line][data-sku=TS-M]").await;
    scan(&browser, "4901234567894").await;
    wait_text(
        &browser,
        "[data-testid=cart-line][data-sku=TS-M] [data-testid=cart-qty]",
        "2",
    )
    .await;
    scan(&browser, "4912345678904").await;
    css(&browser, "[data-testid=cart-line][data-sku=TEA-500]").await;
    scan(&browser, "NO-SUCH-SKU").await;
    let error = element(&browser, "register-scan-error").await;
    assert!(error.text().await.unwrap().contains("NO-SUCH-SKU"));
    wait_count(&browser, "[data-testid=cart-line]", 2).await;
    // 2 × ¥2,980 at 10% and ¥162 at 8%, tax included.
    wait_text(&browser, "[data-testid=register-total]", "¥6,122").await;
    let standard = element(&browser, "register-tax")
        .await
        .text()
        .await
        .unwrap();
    assert!(standard.contains("¥541"), "10% tax in ¥5,960: {standard}");

    // A known customer is attached from the search.
    fill(
        &browser,
        "register-customer-search",
        &format!("佐藤{ENTER}"),
    )
    .await;
    click(&browser, "register-customer-hit").await;
    element(&browser, "register-customer").await;

    fill(&browser, "register-tendered", "10000").await;
    wait_text(&browser, "[data-testid=register-change]", "¥3,878").await;
    screenshot(&browser, "register-cart.png").await;
    click(&browser, "register-charge").await;

    // The receipt, with the change.
    element(&browser, "receipt").await;
    wait_text(&browser, "[data-testid=receipt-change]", "¥3,878").await;
    wait_text(&browser, "[data-testid=receipt-total]", "¥6,122").await;
    let number = element(&browser, "receipt-number")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        browser
            .find_all(Locator::Css("[data-testid=receipt-tax]"))
            .await
            .unwrap()
            .len(),
        2,
        "tax is shown per rate"
    );
    screenshot(&browser, "receipt.png").await;

    // The other screens followed without a reload.
    wait_for_on_hand(&matrix, "TS-M", "SHIBUYA", "3").await;
    wait_for_on_hand(&matrix, "TEA-500", "SHIBUYA", "2").await;
    assert!(not_reloaded(&matrix).await, "the matrix updated in place");
    screenshot(&matrix, "register-sale-matrix.png").await;
    wait_text(&board, "[data-testid=kpi-count-value]", "1").await;
    wait_text(&board, "[data-testid=kpi-sales-value]", "¥6,122").await;
    assert!(not_reloaded(&board).await, "the dashboard updated in place");
    screenshot(&board, "register-sale-dashboard.png").await;
    matrix.close().await.unwrap();
    board.close().await.unwrap();
    click(&browser, "register-new-sale").await;
    element(&browser, "register-empty").await;

    // The sales list has it, and a sale recorded elsewhere appears at the top live.
    browser.goto(&kura.url("/sales")).await.unwrap();
    css(
        &browser,
        &format!("[data-testid=sale-row][data-number=\"{number}\"]"),
    )
    .await;
    css(&browser, "[data-testid=sales-live][data-state=connected]").await;
    let card_sale = arrange(
        &kura,
        &token,
        "mutation($input: RecordSaleInput!) { recordSale(input: $input) { id } }",
        json!({ "input": {
            "locationId": shibuya,
            "lines": [{ "variantId": tea, "quantity": 1 }],
            "payments": [{ "method": "CARD", "amount": "162" }]
        } }),
    )
    .await["recordSale"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    wait_count(&browser, "[data-testid=sale-row]", 2).await;
    let first = browser
        .find(Locator::Css("[data-testid=sale-row]"))
        .await
        .unwrap();
    assert_ne!(
        first.attr("data-number").await.unwrap().as_deref(),
        Some(number.as_str()),
        "the new sale is at the top"
    );
    screenshot(&browser, "sales-list.png").await;

    // The sale's detail.
    css(
        &browser,
        &format!("[data-testid=sale-row][data-number=\"{number}\"] [data-testid=sale-link]"),
    )
    .await
    .click()
    .await
    .unwrap();
    wait_text(&browser, "[data-testid=sale-number]", &number).await;
    wait_count(&browser, "[data-testid=sale-line]", 2).await;
    element(&browser, "sale-customer").await;
    screenshot(&browser, "sale-detail.png").await;

    // One shirt comes back to the shelf: a return document against the sale.
    click(&browser, "sale-return").await;
    element(&browser, "return-dialog").await;
    css(
        &browser,
        "[data-testid=return-line][data-line='1'] [data-testid=return-qty]",
    )
    .await
    .send_keys("1")
    .await
    .unwrap();
    screenshot(&browser, "sale-return-dialog.png").await;
    click(&browser, "return-submit").await;
    element(&browser, "sale-original").await;
    wait_count(&browser, "[data-testid=sale-line]", 1).await;
    screenshot(&browser, "sale-return.png").await;

    // The card sale rang up by mistake is voided, with a reason.
    browser
        .goto(&kura.url(&format!("/sales/{card_sale}")))
        .await
        .unwrap();
    click(&browser, "sale-void").await;
    fill(&browser, "void-reason", "二重登録").await;
    click(&browser, "void-submit").await;
    wait_text(&browser, "[data-testid=sale-void-reason]", "二重登録").await;
    screenshot(&browser, "sale-voided.png").await;

    // Stock: sold, one back on the shelf, the voided sale's unit back too.
    open_live_matrix(&browser, &kura).await;
    wait_for_on_hand(&browser, "TS-M", "SHIBUYA", "4").await;
    wait_for_on_hand(&browser, "TEA-500", "SHIBUYA", "2").await;

    // Customers: the list, and the customer's purchase history.
    browser.goto(&kura.url("/customers")).await.unwrap();
    css(
        &browser,
        "[data-testid=customer-row][data-name=\"佐藤 太郎\"]",
    )
    .await;
    click(&browser, "customer-new").await;
    fill(&browser, "customer-name", "鈴木商事").await;
    fill(&browser, "customer-email", "order@suzuki.example.jp").await;
    click(&browser, "customer-submit").await;
    wait_text(&browser, "[data-testid=customer-name-heading]", "鈴木商事").await;
    browser.goto(&kura.url("/customers")).await.unwrap();
    wait_count(&browser, "[data-testid=customer-row]", 2).await;
    screenshot(&browser, "customers-list.png").await;
    browser
        .goto(&kura.url(&format!("/customers/{customer}")))
        .await
        .unwrap();
    css(
        &browser,
        &format!("[data-testid=sale-row][data-number=\"{number}\"]"),
    )
    .await;
    let points = element(&browser, "customer-points")
        .await
        .text()
        .await
        .unwrap();
    assert!(!points.trim().is_empty());
    screenshot(&browser, "customer-detail.png").await;

    // The customer pays for a tea with the points the shirts earned.
    let balance = || async {
        arrange(
            &kura,
            &token,
            "query($id: ID!) { customer(id: $id) { pointsBalance } }",
            json!({ "id": customer }),
        )
        .await["customer"]["pointsBalance"]
            .as_i64()
            .unwrap()
    };
    let before = balance().await;
    assert!(before >= 162, "the first sale earned points: {before}");
    browser.goto(&kura.url("/sales/register")).await.unwrap();
    element(&browser, "register-scan").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    scan(&browser, "4912345678904").await;
    css(&browser, "[data-testid=cart-line][data-sku=TEA-500]").await;
    fill(
        &browser,
        "register-customer-search",
        &format!("佐藤{ENTER}"),
    )
    .await;
    click(&browser, "register-customer-hit").await;
    element(&browser, "register-customer").await;
    click(&browser, "pay-points").await;
    element(&browser, "register-points-hint").await;
    screenshot(&browser, "register-points.png").await;
    click(&browser, "register-charge").await;
    element(&browser, "receipt").await;
    wait_text(&browser, "[data-testid=receipt-total]", "¥162").await;
    assert_eq!(
        balance().await,
        before - 162,
        "¥1 a point, nothing earned on points"
    );
    browser.close().await.unwrap();
}
