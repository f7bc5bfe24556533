//! The live sales dashboard in a real browser: a sale recorded elsewhere (through the API,
//! as a till would) changes the figures on an open dashboard without a reload, and every
//! view (today, this month, Japanese, English) is kept as a screenshot.

use std::time::Duration;

use fantoccini::{Client, Locator};
use serde_json::{Value, json};

use super::{Dashboard, arrange, click, element, screenshot, sign_up};
use crate::support::Kura;

/// Signs up in the browser and returns an API token for the same account.
pub(crate) async fn owner(browser: &Client, kura: &Kura, email: &str) -> String {
    let password = "umbrella-tofu-42";
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

async fn id(kura: &Kura, token: &str, query: &str, variables: Value, path: &[&str]) -> String {
    let mut data = arrange(kura, token, query, variables).await;
    for key in path {
        data = data[*key].clone();
    }
    data.as_str().unwrap_or_else(|| panic!("{data}")).to_owned()
}

async fn sell(kura: &Kura, token: &str, channel: &str, sku: &str, quantity: i64) -> Value {
    arrange(
        kura,
        token,
        "mutation($input: RecordSaleInput!) { recordSale(input: $input) { id total { amount } } }",
        json!({ "input": { "channelId": channel, "lines": [{ "sku": sku, "quantity": quantity }] } }),
    )
    .await["recordSale"]
        .clone()
}

/// `¥12,345`, as the dashboard writes yen.
fn yen(amount: i64) -> String {
    let digits = amount.abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{}¥{grouped}", if amount < 0 { "-" } else { "" })
}

async fn text(browser: &Client, testid: &str) -> String {
    element(browser, testid).await.text().await.unwrap()
}

async fn wait_for_text(browser: &Client, testid: &str, expected: &str) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        let now = text(browser, testid).await;
        if now == expected {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "[data-testid={testid}] shows {now:?}, expected {expected:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_sale_recorded_elsewhere_shows_up_on_an_open_dashboard() {
    let Dashboard {
        kura,
        _driver,
        browser,
    } = Dashboard::open().await;
    let token = owner(&browser, &kura, "dashboard@example.jp").await;
    let location = |code: &'static str, name: &'static str| {
        let (kura, token) = (&kura, token.clone());
        async move {
            id(
                kura,
                &token,
                "mutation($input: CreateLocationInput!) { createLocation(input: $input) { id } }",
                json!({ "input": { "code": code, "name": name, "kind": "STORE" } }),
                &["createLocation", "id"],
            )
            .await
        }
    };
    let shibuya = location("SHIBUYA", "渋谷店").await;
    let umeda = location("UMEDA", "梅田店").await;
    let products = [
        (
            "オーガニックTシャツ",
            "TS-M",
            "4901234567894",
            "2980",
            "1200",
        ),
        (
            "帆布トートバッグ",
            "TOTE-1",
            "4912345678904",
            "3980",
            "1500",
        ),
        ("リネンシャツ", "SHIRT-L", "4923456789014", "6800", "2900"),
    ];
    for (name, sku, barcode, price, cost) in products {
        id(
            &kura,
            &token,
            "mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }",
            json!({ "input": { "name": name, "taxClass": "STANDARD",
                "variants": [{ "sku": sku, "barcode": barcode, "price": price, "cost": cost }] } }),
            &["createProduct", "id"],
        )
        .await;
    }
    let channel = |name: &'static str, kind: &'static str, location: String| {
        let (kura, token) = (&kura, token.clone());
        async move {
            id(
                kura,
                &token,
                "mutation($input: CreateChannelInput!) { createChannel(input: $input) { id } }",
                json!({ "input": { "name": name, "kind": kind, "provider": "MANUAL", "locationIds": [location] } }),
                &["createChannel", "id"],
            )
            .await
        }
    };
    let register = channel("渋谷店レジ", "POS", shibuya.clone()).await;
    let shop = channel("オンラインストア", "EC", umeda.clone()).await;
    // Nothing on the books yet: these sales drive stock below zero, which the dashboard flags.
    sell(&kura, &token, &register, "TS-M", 3).await;
    sell(&kura, &token, &register, "SHIRT-L", 1).await;
    sell(&kura, &token, &shop, "TOTE-1", 2).await;
    sell(&kura, &token, &shop, "TS-M", 1).await;

    browser.goto(&kura.url("/")).await.unwrap();
    element(&browser, "sales-dashboard").await;
    element(&browser, "oversold-warning").await;
    let summary = |period: &'static str| {
        let (kura, token) = (&kura, token.clone());
        async move {
            arrange(
                kura,
                &token,
                "query($p: SummaryPeriod) { salesSummary(period: $p) { totals { total { amount } } } }",
                json!({ "p": period }),
            )
            .await["salesSummary"]["totals"]["total"]["amount"]
                .as_str()
                .unwrap()
                .parse::<i64>()
                .unwrap()
        }
    };
    let before = summary("TODAY").await;
    wait_for_text(&browser, "kpi-sales-value", &yen(before)).await;
    wait_for_text(&browser, "kpi-count-value", "4").await;
    // Wait for the live connection, so the next sale is not missed by a late subscription.
    browser
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css(
            "[data-testid=\"dashboard-live\"][data-state=\"connected\"]",
        ))
        .await
        .unwrap();

    // A till somewhere records a sale: the open dashboard follows without a reload.
    let sale = sell(&kura, &token, &register, "TOTE-1", 1).await;
    let added: i64 = sale["total"]["amount"].as_str().unwrap().parse().unwrap();
    wait_for_text(&browser, "kpi-sales-value", &yen(before + added)).await;
    wait_for_text(&browser, "kpi-count-value", "5").await;
    assert_eq!(summary("TODAY").await, before + added);
    screenshot(&browser, "dashboard-today-ja.png").await;

    // A void takes it out again.
    arrange(
        &kura,
        &token,
        "mutation($id: ID!) { voidSale(id: $id, reason: \"打ち間違い\") { status } }",
        json!({ "id": sale["id"] }),
    )
    .await;
    wait_for_text(&browser, "kpi-count-value", "4").await;

    click(&browser, "period-month").await;
    let month = summary("MONTH").await;
    wait_for_text(&browser, "kpi-sales-value", &yen(month)).await;
    element(&browser, "top-product").await;
    screenshot(&browser, "dashboard-month-ja.png").await;

    click(&browser, "lang-switch").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    screenshot(&browser, "dashboard-month-en.png").await;
    click(&browser, "period-today").await;
    wait_for_text(&browser, "kpi-sales-value", &yen(before)).await;
    screenshot(&browser, "dashboard-today-en.png").await;
    browser.close().await.unwrap();
}
