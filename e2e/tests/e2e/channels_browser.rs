//! Setting a channel up from the dashboard: add a Shopify channel with two locations (the
//! second made default) and a safety buffer, land on its page with the webhook URL, store
//! the shop and access token, and map a Shopify variant by barcode. The server is asked
//! afterwards that everything the screens showed was really stored. Each step is
//! screenshotted.

use fantoccini::Locator;
use serde_json::json;

use super::{Dashboard, arrange, click, click_css, element, fill, screenshot, sign_up};

#[tokio::test]
async fn an_owner_adds_a_shopify_channel_connects_it_and_maps_a_variant() {
    let Dashboard {
        kura,
        _driver,
        browser,
    } = Dashboard::open().await;
    let (email, password) = ("channels@example.jp", "umbrella-tofu-42");
    sign_up(&browser, &kura, (email, password, "佐藤 次郎", "佐藤商店")).await;
    let token = kura
        .call(
            "mutation($input: LogInInput!) { logIn(input: $input) { accessToken } }",
            json!({ "input": { "email": email, "password": password } }),
            None,
        )
        .await["data"]["logIn"]["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    for (code, name) in [("SHIBUYA", "渋谷店"), ("WH-01", "東京倉庫")] {
        arrange(
            &kura,
            &token,
            "mutation($c: String!, $n: String!) { createLocation(input: { code: $c, name: $n, kind: STORE }) { id } }",
            json!({ "c": code, "n": name }),
        )
        .await;
    }
    arrange(
        &kura,
        &token,
        "mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }",
        json!({ "input": {
            "name": "オーガニックTシャツ", "taxClass": "STANDARD", "optionNames": ["サイズ"],
            "variants": [{ "sku": "TS-M", "barcode": "4901234567894", "price": "2980", "options": ["M"] }]
        } }),
    )
    .await;

    // From the sidebar: the empty list invites the first channel.
    click(&browser, "nav-channels").await;
    element(&browser, "list-empty").await;
    screenshot(&browser, "channels-empty.png").await;

    // Nothing chosen: the form says what is missing before asking the server.
    click(&browser, "create-channel").await;
    click(&browser, "channel-submit").await;
    element(&browser, "field-error-name").await;
    element(&browser, "field-error-locationIds").await;
    fill(&browser, "channel-name", "オンラインストア").await;
    click_css(&browser, "[data-testid=channel-kind] option[value=EC]").await;
    click_css(
        &browser,
        "[data-testid=channel-provider] option[value=SHOPIFY]",
    )
    .await;
    click_css(
        &browser,
        "[data-testid=channel-locations] [data-code=SHIBUYA] input",
    )
    .await;
    click_css(
        &browser,
        "[data-testid=channel-locations] [data-code=WH-01] input",
    )
    .await;
    // The warehouse ships the online orders: it becomes the default.
    click_css(
        &browser,
        "[data-testid=channel-locations] [data-code=WH-01] [data-testid=location-make-default]",
    )
    .await;
    let buffer = element(&browser, "channel-buffer").await;
    buffer.clear().await.unwrap();
    buffer.send_keys("2").await.unwrap();
    fill(&browser, "channel-webhook-secret", "shpss_dashboard").await;
    // Online orders still to ship are packed and shipped from Kura.
    click_css(
        &browser,
        "[data-testid=channel-orders-to-ship] option[value=ORDER]",
    )
    .await;
    screenshot(&browser, "channel-dialog.png").await;
    click(&browser, "channel-submit").await;

    // Its page: the overview with the webhook URL to paste into Shopify.
    element(&browser, "channel-page").await;
    let url = element(&browser, "channel-webhook-url")
        .await
        .text()
        .await
        .unwrap();
    assert!(url.contains("/webhooks/shopify/"), "{url}");
    assert_eq!(
        element(&browser, "channel-overview-buffer")
            .await
            .text()
            .await
            .unwrap(),
        "2"
    );
    let orders = element(&browser, "channel-overview-orders")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(orders, "受注として出荷");
    screenshot(&browser, "channel-overview.png").await;

    fill(&browser, "conn-shop", "kura-demo").await;
    fill(&browser, "conn-access-token", "shpat_dashboard").await;
    click(&browser, "connection-submit").await;
    element(&browser, "settings-flash").await;

    // Map Shopify variant 1001 to the T-shirt by its barcode; the product shows first.
    fill(&browser, "mapping-external-id", "1001").await;
    let code = element(&browser, "mapping-code").await;
    code.send_keys("4901234567894").await.unwrap();
    element(&browser, "mapping-external-ref")
        .await
        .click()
        .await
        .unwrap();
    let found = element(&browser, "mapping-found")
        .await
        .text()
        .await
        .unwrap();
    assert!(found.contains("TS-M"), "{found}");
    fill(&browser, "mapping-external-ref", "5001").await;
    click(&browser, "mapping-submit").await;
    browser
        .wait()
        .at_most(std::time::Duration::from_secs(30))
        .for_element(Locator::Css(
            "[data-testid=mapping-row][data-external-id='1001']",
        ))
        .await
        .unwrap();
    screenshot(&browser, "channel-page.png").await;

    // What the screens showed is what the server keeps.
    let stored = arrange(
        &kura,
        &token,
        "{ channels(first: 5) { nodes { id name kind provider safetyBuffer hasWebhookSecret locations { code } connection { shop hasAccessToken } } } }",
        json!({}),
    )
    .await;
    let channel = &stored["channels"]["nodes"][0];
    assert_eq!(channel["name"], "オンラインストア");
    assert_eq!(channel["kind"], "EC");
    assert_eq!(channel["provider"], "SHOPIFY");
    assert_eq!(channel["safetyBuffer"], 2);
    assert_eq!(channel["hasWebhookSecret"], true);
    assert_eq!(
        channel["locations"],
        json!([{ "code": "WH-01" }, { "code": "SHIBUYA" }]),
        "the default first"
    );
    assert_eq!(channel["connection"]["shop"], "kura-demo");
    assert_eq!(channel["connection"]["hasAccessToken"], true);
    let mappings = arrange(
        &kura,
        &token,
        "query($c: ID!) { channelMappings(channelId: $c) { nodes { kind externalId externalRef source variant { sku } } } }",
        json!({ "c": channel["id"] }),
    )
    .await;
    assert_eq!(
        mappings["channelMappings"]["nodes"],
        json!([{ "kind": "VARIANT", "externalId": "1001", "externalRef": "5001", "source": "MANUAL", "variant": { "sku": "TS-M" } }])
    );

    // The list shows it with its URL to copy; English too.
    browser.goto(&kura.url("/channels")).await.unwrap();
    element(&browser, "channel-row").await;
    element(&browser, "copy-webhook-url").await;
    screenshot(&browser, "channels.png").await;
    click(&browser, "lang-switch").await;
    screenshot(&browser, "channels-en.png").await;
    browser.close().await.unwrap();
}
