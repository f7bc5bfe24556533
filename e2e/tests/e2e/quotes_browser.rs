//! A quote from the dashboard: enter it for a business customer (their 掛率 prices the
//! scanned line), try to email it (the dialog starts at the customer's address; this
//! server has no SMTP and says so), mark it sent, convert it to an order and land on the order, which links
//! back to the quote. Each screen is screenshotted.

use std::time::Duration;

use fantoccini::{Locator, key::Key};
use serde_json::json;

use super::dashboard::owner;
use super::{Dashboard, arrange, click, click_css, element, fill, screenshot};

#[tokio::test]
async fn an_owner_quotes_a_customer_sends_the_quote_and_converts_it_to_an_order() {
    let Dashboard {
        kura,
        _driver,
        browser,
    } = Dashboard::open().await;
    let token = owner(&browser, &kura, "quotes@example.jp").await;
    arrange(
        &kura,
        &token,
        "mutation { createLocation(input: { code: \"WH-01\", name: \"東京倉庫\", kind: WAREHOUSE }) { id } }",
        json!({}),
    )
    .await;
    arrange(
        &kura,
        &token,
        "mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }",
        json!({ "input": {
            "name": "有機緑茶 100g", "taxClass": "REDUCED",
            "variants": [{ "sku": "TEA-100", "barcode": "4901234567894", "price": "1980" }]
        } }),
    )
    .await;
    arrange(
        &kura,
        &token,
        "mutation { createCustomer(input: { kind: BUSINESS, name: \"株式会社みどり商店\", code: \"MIDORI\", priceRate: 6250, email: \"order@midori.example.jp\" }) { id } }",
        json!({}),
    )
    .await;

    // From the sidebar: no quotes yet.
    click(&browser, "nav-quotes").await;
    element(&browser, "quotes-page").await;
    screenshot(&browser, "quotes-empty.png").await;

    // A new quote: the customer, then a scanned line at their 62.5 % rate.
    click(&browser, "quotes-new").await;
    element(&browser, "quote-entry").await;
    fill(&browser, "order-customer-search", "みどり").await;
    click(&browser, "order-customer-hit").await;
    element(&browser, "order-customer").await;
    fill(&browser, "order-scan", "TEA-100").await;
    element(&browser, "order-scan")
        .await
        .send_keys(&Key::Enter.to_string())
        .await
        .unwrap();
    element(&browser, "order-line").await;
    let qty = element(&browser, "order-line-qty").await;
    qty.clear().await.unwrap();
    qty.send_keys("10").await.unwrap();
    fill(&browser, "quote-note", "送料別途").await;
    wait_text(&browser, "order-line-amount", "12,370").await;
    screenshot(&browser, "quote-new.png").await;
    browser
        .execute("window.scrollTo(0, 0)", Vec::new())
        .await
        .unwrap();
    screenshot(&browser, "quote-new-top.png").await;
    click(&browser, "quote-save").await;

    // The quote: a draft at ¥1,237 a unit (¥1,980 × 62.5 %, rounded down).
    element(&browser, "quote-page").await;
    let number = element(&browser, "quote-number")
        .await
        .text()
        .await
        .unwrap();
    assert!(number.starts_with("Q-"), "{number}");
    assert_eq!(status(&browser).await, "DRAFT");
    screenshot(&browser, "quote-draft.png").await;

    // Emailing starts at the customer's address; this server has no SMTP, so it says so
    // and the quote stays a draft.
    click(&browser, "quote-email").await;
    element(&browser, "quote-email-dialog").await;
    let to = element(&browser, "quote-email-to")
        .await
        .prop("value")
        .await
        .unwrap();
    assert_eq!(to.as_deref(), Some("order@midori.example.jp"));
    fill(&browser, "quote-email-message", "先日のご依頼の件です。").await;
    screenshot(&browser, "quote-email.png").await;
    click(&browser, "quote-email-submit").await;
    let refusal = browser
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css(
            "[data-testid=quote-email-dialog] [data-testid=form-error]",
        ))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(refusal.contains("KURA_SMTP_URL"), "{refusal}");
    click_css(&browser, "[data-testid=quote-email-dialog] .dialog-close").await;
    assert_eq!(status(&browser).await, "DRAFT");

    click(&browser, "quote-send").await;
    wait_status(&browser, "SENT").await;
    screenshot(&browser, "quote-sent.png").await;
    // Sent and unchanged since: nothing more to send.
    browser
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(
            "[data-testid=quote-actions]:not(:has([data-testid=quote-send]))",
        ))
        .await
        .expect("the send button goes once the quote is sent");

    // Convert: the order opens, with the same line and price, linked to the quote.
    click(&browser, "quote-convert").await;
    element(&browser, "order-page").await;
    let order = element(&browser, "order-number")
        .await
        .text()
        .await
        .unwrap();
    assert!(order.starts_with("SO-"), "{order}");
    screenshot(&browser, "quote-converted-order.png").await;
    let stored = kura
        .call(
            "{ quotes { nodes { number status order { number lines { quantity unitPrice { amount } } } } } }",
            json!({}),
            Some(&token),
        )
        .await;
    let quote = &stored["data"]["quotes"]["nodes"][0];
    assert_eq!(quote["number"], number.as_str(), "{stored}");
    assert_eq!(quote["status"], "ACCEPTED", "{stored}");
    assert_eq!(quote["order"]["number"], order.as_str(), "{stored}");
    assert_eq!(
        quote["order"]["lines"],
        json!([{ "quantity": 10, "unitPrice": { "amount": "1237" } }])
    );

    // Back on the list, the quote shows as accepted.
    browser.goto(&kura.url("/quotes")).await.unwrap();
    element(&browser, "quote-row").await;
    screenshot(&browser, "quotes-list.png").await;
    browser.close().await.unwrap();
}

async fn status(browser: &fantoccini::Client) -> String {
    element(browser, "quote-status")
        .await
        .attr("data-status")
        .await
        .unwrap()
        .unwrap_or_default()
}

async fn wait_status(browser: &fantoccini::Client, expected: &str) {
    for _ in 0..150 {
        if status(browser).await == expected {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the quote never became {expected}");
}

async fn wait_text(browser: &fantoccini::Client, testid: &str, expected: &str) {
    let mut shown = String::new();
    for _ in 0..150 {
        shown = browser
            .find(Locator::Css(&format!("[data-testid=\"{testid}\"]")))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if shown.contains(expected) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("[data-testid={testid}] shows {shown}, expected {expected}");
}
