//! Invoicing in a real browser: a customer billed per shipment has a shipment; the owner
//! previews the day's closing (one invoice, nothing issued yet), issues it, sees what the
//! customer owes on its page and follows it to the customer's invoices, opens the
//! invoice with its tax per rate, the invoice's PDF is rendered to an image, and the invoice
//! is voided with a reason; the next closing bills the shipment again and a bank transfer
//! less its fee settles it. Every screen is screenshotted and checked with axe-core.

use std::time::Duration;

use base64::Engine;
use fantoccini::{Client, Locator};
use serde_json::json;

use super::dashboard::owner;
use super::{Dashboard, arrange, click, element, screenshot};
use crate::support::{Kura, target_dir};

/// A store with tea (8%, ¥540) and a customer billed per shipment, who has had 4 teas
/// shipped today at ¥500 before tax.
async fn a_shipment_to_bill(kura: &Kura, token: &str) -> String {
    let store = arrange(
        kura,
        token,
        "mutation { createLocation(input: { code: \"SHIBUYA\", name: \"渋谷店\", kind: STORE }) { id } }",
        json!({}),
    )
    .await["createLocation"]["id"]
        .clone();
    let tea = arrange(
        kura,
        token,
        "mutation($input: CreateProductInput!) { createProduct(input: $input) { variants { id } } }",
        json!({ "input": { "name": "有機緑茶 100g", "taxClass": "REDUCED",
            "variants": [{ "sku": "TEA-100", "barcode": "4901234567894", "price": "540" }] } }),
    )
    .await["createProduct"]["variants"][0]["id"]
        .clone();
    arrange(
        kura,
        token,
        "mutation($v: ID!, $l: ID!) { adjustStock(input: { variantId: $v, locationId: $l, delta: 20, reason: FOUND }) { onHand } }",
        json!({ "v": tea, "l": store }),
    )
    .await;
    let customer = arrange(
        kura,
        token,
        "mutation { createCustomer(input: { kind: BUSINESS, name: \"株式会社みどり商店\", code: \"MIDORI\",
           billingTerms: { closingDay: 0, paymentMonthOffset: 1, paymentDay: 31 } }) { id } }",
        json!({}),
    )
    .await["createCustomer"]["id"]
        .clone();
    let order = arrange(
        kura,
        token,
        "mutation($input: CreateOrderInput!) { createOrder(input: $input) { id } }",
        json!({ "input": { "customerId": customer, "locationId": store, "confirm": true, "pricesIncludeTax": false,
                           "lines": [{ "variantId": tea, "quantity": 4, "unitPrice": "500" }] } }),
    )
    .await["createOrder"]["id"]
        .clone();
    arrange(
        kura,
        token,
        "mutation($o: ID!) { shipOrder(input: { orderId: $o, carrier: YAMATO, lines: [{ lineNumber: 1, quantity: 4 }] }) { id } }",
        json!({ "o": order }),
    )
    .await;
    customer.as_str().unwrap().to_owned()
}

/// Today in Tokyo (the company's time zone), whatever the browser's clock says.
fn tokyo_today() -> String {
    (chrono::Utc::now() + chrono::Duration::hours(9))
        .date_naive()
        .to_string()
}

/// Today in Tokyo in the closing date field.
async fn set_closing_date(browser: &Client) {
    browser
        .execute(
            "const input = document.querySelector('[data-testid=closing-date]');
             input.value = arguments[0];
             input.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![json!(tokyo_today())],
        )
        .await
        .unwrap();
}

async fn text(browser: &Client, testid: &str) -> String {
    element(browser, testid).await.text().await.unwrap()
}

#[tokio::test]
async fn an_owner_previews_the_closing_issues_it_and_opens_the_invoice_and_its_pdf() {
    let Dashboard {
        kura,
        _driver,
        browser,
    } = Dashboard::open().await;
    let token = owner(&browser, &kura, "billing@example.jp").await;
    let customer = a_shipment_to_bill(&kura, &token).await;

    click(&browser, "nav-invoices").await;
    element(&browser, "invoices-page").await;
    element(&browser, "list-empty").await;
    screenshot(&browser, "invoices-empty.png").await;

    click(&browser, "invoices-closing").await;
    element(&browser, "closing-page").await;
    set_closing_date(&browser).await;
    click(&browser, "closing-preview").await;
    element(&browser, "closing-results").await;
    // 4 × ¥500 = ¥2,000 at 8%: ¥160 tax, ¥2,160 due; nothing issued yet.
    assert!(text(&browser, "closing-sum").await.contains("¥2,160"));
    screenshot(&browser, "closing-preview.png").await;

    click(&browser, "closing-issue").await;
    element(&browser, "settings-flash").await;
    screenshot(&browser, "closing-issued.png").await;

    // The customer now owes the invoice; its page links to its invoices.
    browser
        .goto(&kura.url(&format!("/customers/{customer}")))
        .await
        .unwrap();
    let owed = element(&browser, "customer-balance-fact").await;
    assert!(owed.text().await.unwrap().contains("¥2,160"));
    screenshot(&browser, "customer-balance.png").await;
    owed.find(Locator::Css("a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    element(&browser, "invoices-filtered").await;
    click(&browser, "invoice-link").await;
    element(&browser, "invoice-page").await;
    assert_eq!(text(&browser, "invoice-summary-due").await, "¥2,160");
    let rate = browser
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(
            "[data-testid=invoice-tax-line][data-rate=REDUCED]",
        ))
        .await
        .unwrap();
    assert!(rate.text().await.unwrap().contains("¥160"));
    screenshot(&browser, "invoice.png").await;

    // The PDF the download button saves, opened in the browser's own viewer.
    let invoices = arrange(
        &kura,
        &token,
        "{ invoices(first: 1) { nodes { pdf { fileName base64 } } } }",
        json!({}),
    )
    .await;
    let pdf = &invoices["invoices"]["nodes"][0]["pdf"];
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(pdf["base64"].as_str().unwrap())
        .unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    let path = target_dir().join("e2e-artifacts").join("invoice.pdf");
    std::fs::write(&path, &bytes).unwrap();
    browser
        .goto(&format!("file://{}", path.display()))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let png = browser.screenshot().await.unwrap();
    std::fs::write(
        target_dir().join("e2e-artifacts").join("invoice-pdf.png"),
        png,
    )
    .unwrap();

    // Voided with a reason: the invoice stays, marked void, and the shipment can be billed
    // again by the next closing.
    browser.back().await.unwrap();
    element(&browser, "invoice-page").await;
    click(&browser, "invoice-void").await;
    element(&browser, "invoice-void-dialog").await;
    super::fill(&browser, "invoice-void-reason", "単価の誤り").await;
    screenshot(&browser, "invoice-void.png").await;
    click(&browser, "invoice-void-submit").await;
    browser
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("[data-testid=invoice-badge][data-tone=void]"))
        .await
        .unwrap();
    screenshot(&browser, "invoice-voided.png").await;

    // The next closing bills the shipment again, and the payment settles the new invoice
    // (¥1,720 arrived, ¥440 kept for the transfer).
    browser.goto(&kura.url("/invoices/closing")).await.unwrap();
    element(&browser, "closing-page").await;
    set_closing_date(&browser).await;
    click(&browser, "closing-preview").await;
    element(&browser, "closing-results").await;
    click(&browser, "closing-issue").await;
    element(&browser, "settings-flash").await;
    click(&browser, "invoice-link").await;
    click(&browser, "invoice-pay").await;
    element(&browser, "payment-dialog").await;
    let amount = element(&browser, "payment-amount").await;
    amount.clear().await.unwrap();
    amount.send_keys("1720").await.unwrap();
    let fee = element(&browser, "payment-fee").await;
    fee.clear().await.unwrap();
    fee.send_keys("440").await.unwrap();
    screenshot(&browser, "invoice-payment.png").await;
    click(&browser, "payment-submit").await;
    browser
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::XPath(
            "//*[@data-testid='invoice-open-amount' and normalize-space()='¥0']",
        ))
        .await
        .unwrap();
    assert_eq!(text(&browser, "invoice-amount-paid").await, "¥2,160");
    screenshot(&browser, "invoice-paid.png").await;
    browser.close().await.unwrap();
}
