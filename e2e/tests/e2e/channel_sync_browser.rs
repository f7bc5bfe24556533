//! A channel's Stock sync panel: a push Kura cannot make (the variant's mapping lacks the
//! Shopify inventory item) stops and shows why, a push the provider cannot take right now
//! waits for its retry, and Retry / Push all queue them again. Each state is screenshotted.

use std::time::Duration;

use fantoccini::{Client, Locator};
use serde_json::{Value, json};

use super::{Dashboard, arrange, click, element, screenshot, sign_up};
use crate::support::Kura;

async fn owner(browser: &Client, kura: &Kura) -> String {
    let (email, password) = ("sync@example.jp", "umbrella-tofu-42");
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

async fn jobs(kura: &Kura, token: &str, channel: &Value) -> Vec<Value> {
    let data = arrange(
        kura,
        token,
        "query($c: ID!) { stockSyncJobs(channelId: $c) { nodes { status } } }",
        json!({ "c": channel }),
    )
    .await;
    data["stockSyncJobs"]["nodes"].as_array().unwrap().clone()
}

#[tokio::test]
async fn the_stock_sync_panel_shows_failed_pushes_and_queues_them_again() {
    // Nothing listens on port 9: every push to "Shopify" fails as a network error, and the
    // first retry is a minute away, so the FAILED state stays on screen.
    let Dashboard {
        kura,
        _driver,
        browser,
    } = Dashboard::open_with(&[
        ("KURA_SHOPIFY_URL_TEMPLATE", "http://127.0.0.1:9"),
        ("KURA_STOCK_SYNC_BACKOFF_MS", "60000"),
    ])
    .await;
    let token = owner(&browser, &kura).await;
    let location = arrange(
        &kura,
        &token,
        "mutation { createLocation(input: { code: \"SHIBUYA\", name: \"渋谷店\", kind: STORE }) { id } }",
        json!({}),
    )
    .await["createLocation"]["id"]
        .clone();
    let product = arrange(
        &kura,
        &token,
        "mutation($input: CreateProductInput!) { createProduct(input: $input) { variants { id } } }",
        json!({ "input": {
            "name": "オーガニックTシャツ", "taxClass": "STANDARD", "optionNames": ["サイズ"],
            "variants": [
                { "sku": "TS-M", "barcode": "4901234567894", "price": "2980", "options": ["M"] },
                { "sku": "TS-L", "barcode": "4912345678904", "price": "2980", "options": ["L"] }
            ] } }),
    )
    .await;
    let variants = product["createProduct"]["variants"]
        .as_array()
        .unwrap()
        .clone();
    let channel = arrange(
        &kura,
        &token,
        "mutation($l: ID!) { createChannel(input: { name: \"オンラインストア\", kind: EC, provider: SHOPIFY, locationIds: [$l], safetyBuffer: 2, webhookSecret: \"shpss_e2e\" }) { id } }",
        json!({ "l": location }),
    )
    .await["createChannel"]["id"]
        .clone();
    arrange(
        &kura,
        &token,
        "mutation($c: ID!) { updateChannelConnection(channelId: $c, input: { shop: \"kura-e2e\", accessToken: \"shpat_e2e\" }) { id } }",
        json!({ "c": channel }),
    )
    .await;
    let map =
        "mutation($input: MapChannelItemInput!) { mapChannelItem(input: $input) { externalId } }";
    arrange(
        &kura,
        &token,
        map,
        json!({ "input": { "channelId": channel, "kind": "LOCATION", "externalId": "77", "kuraId": location } }),
    )
    .await;
    // M is mapped without its inventory item: Kura cannot push it at all.
    arrange(
        &kura,
        &token,
        map,
        json!({ "input": { "channelId": channel, "kind": "VARIANT", "externalId": "1001", "kuraId": variants[0]["id"] } }),
    )
    .await;
    arrange(
        &kura,
        &token,
        map,
        json!({ "input": { "channelId": channel, "kind": "VARIANT", "externalId": "1002", "externalRef": "5002", "kuraId": variants[1]["id"] } }),
    )
    .await;
    for variant in &variants {
        arrange(
            &kura,
            &token,
            "mutation($input: AdjustStockInput!) { adjustStock(input: $input) { onHand } }",
            json!({ "input": { "variantId": variant["id"], "locationId": location, "delta": 12, "reason": "INITIAL" } }),
        )
        .await;
    }
    for _ in 0..150 {
        let statuses: Vec<Value> = jobs(&kura, &token, &channel)
            .await
            .into_iter()
            .map(|j| j["status"].clone())
            .collect();
        if statuses.contains(&json!("DEAD")) && statuses.contains(&json!("FAILED")) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let id = channel.as_str().unwrap();
    browser
        .goto(&kura.url(&format!("/settings/channels/{id}/sync")))
        .await
        .unwrap();
    element(&browser, "channel-sync").await;
    browser
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css("[data-testid=sync-job-row][data-status=DEAD]"))
        .await
        .unwrap();
    let rows = browser
        .find_all(Locator::Css("[data-testid=sync-job-row]"))
        .await
        .unwrap();
    assert_eq!(rows.len(), 2, "the stopped and the failing push");
    let reason = element(&browser, "sync-job-error")
        .await
        .text()
        .await
        .unwrap();
    assert!(reason.contains("inventory item"), "{reason}");
    assert_eq!(
        element(&browser, "sync-dead").await.text().await.unwrap(),
        "1"
    );
    screenshot(&browser, "channel-sync.png").await;

    click(&browser, "sync-push-all").await;
    element(&browser, "settings-flash").await;
    screenshot(&browser, "channel-sync-pushed-all.png").await;
    click(&browser, "lang-switch").await;
    screenshot(&browser, "channel-sync-en.png").await;
    browser.close().await.unwrap();
}
