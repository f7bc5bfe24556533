//! The live sales dashboard: figures by channel, location and product in the company's
//! time zone, voids and returns, location limits, and a cache that never lags a sale
//! whose event a subscriber has already seen.

#![allow(clippy::unwrap_used)]

use chrono::{DateTime, Datelike, Duration, TimeZone, Utc};
use serde_json::{Value, json};

use crate::helpers::{TestApp, jan, spawn_app};

const SUMMARY: &str = "query($period: SummaryPeriod, $locations: [ID!]) {
    salesSummary(period: $period, locationIds: $locations) {
        period from to timeZone
        totals { total { amount currencyCode } subtotal { amount } tax { amount } salesCount returnsCount
                 grossMargin { amount } marginBase { amount } marginPercent averageBasket { amount } units }
        byChannel { channelId channel { name } figures { total { amount } salesCount returnsCount units } }
        byLocation { locationId location { code } figures { total { amount } salesCount units } }
        topProducts { variantId variant { sku } units revenue { amount } }
        series { start total { amount } count }
    } }";

fn amount(value: &Value) -> i64 {
    value["amount"].as_str().unwrap().parse().unwrap()
}

async fn summary(
    app: &TestApp,
    token: &str,
    period: &str,
    locations: Option<Vec<&Value>>,
) -> Value {
    let body = app
        .call(
            SUMMARY,
            json!({ "period": period, "locations": locations }),
            Some(token),
        )
        .await;
    assert!(body["errors"].is_null(), "salesSummary failed: {body}");
    body["data"]["salesSummary"].clone()
}

async fn channel(app: &TestApp, token: &str, name: &str, kind: &str, location: &Value) -> Value {
    let body = app
        .call(
            "mutation($input: CreateChannelInput!) { createChannel(input: $input) { id } }",
            json!({ "input": { "name": name, "kind": kind, "provider": "MANUAL", "locationIds": [location] } }),
            Some(token),
        )
        .await;
    assert!(body["errors"].is_null(), "createChannel failed: {body}");
    body["data"]["createChannel"]["id"].clone()
}

/// Records `quantity` of `variant` through `channel` at its location; returns the sale.
async fn sell(
    app: &TestApp,
    token: &str,
    channel: &Value,
    variant: &Value,
    quantity: i64,
    at: Option<DateTime<Utc>>,
) -> Value {
    let body = app
        .call(
            "mutation($input: RecordSaleInput!) { recordSale(input: $input) {
                id total { amount } subtotal { amount } tax { amount } grossMargin { amount } } }",
            json!({ "input": { "channelId": channel, "occurredAt": at,
                "lines": [{ "variantId": variant, "quantity": quantity }] } }),
            Some(token),
        )
        .await;
    assert!(body["errors"].is_null(), "recordSale failed: {body}");
    body["data"]["recordSale"].clone()
}

/// A product without a known cost: its sales count everywhere but in the margin.
async fn uncosted(app: &TestApp, token: &str) -> Value {
    let body = app
        .call(
            "mutation($input: CreateProductInput!) { createProduct(input: $input) { variants { id } } }",
            json!({ "input": { "name": "Gift wrap", "taxClass": "STANDARD",
                "variants": [{ "sku": "WRAP", "barcode": jan("490000000777"), "price": "1000" }] } }),
            Some(token),
        )
        .await;
    assert!(body["errors"].is_null(), "createProduct failed: {body}");
    body["data"]["createProduct"]["variants"][0]["id"].clone()
}

/// Midnight today in Tokyo, as UTC.
fn tokyo_midnight(now: DateTime<Utc>) -> DateTime<Utc> {
    let local = now.with_timezone(&chrono_tz::Asia::Tokyo).date_naive();
    chrono_tz::Asia::Tokyo
        .from_local_datetime(&local.and_hms_opt(0, 0, 0).unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

#[tokio::test]
async fn the_summary_adds_channels_and_locations_subtracts_returns_and_ignores_voids() {
    let app = spawn_app().await;
    let owner = app.sign_up("owner@example.jp").await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let shibuya = app.location(&owner, "SHIBUYA").await;
    let umeda = app.location(&owner, "UMEDA").await;
    let (_, shirt) = app
        .product(&owner, "Linen shirt", "SHIRT-M", "490000000001")
        .await;
    let wrap = uncosted(&app, &owner).await;
    for location in [&shibuya, &umeda] {
        app.adjust(&owner, &shirt, location, 20).await;
        app.adjust(&owner, &wrap, location, 20).await;
    }
    let pos = channel(&app, &owner, "Shibuya register", "POS", &shibuya).await;
    let ec = channel(&app, &owner, "Online shop", "EC", &umeda).await;

    let empty = summary(&app, &owner, "TODAY", None).await;
    assert_eq!(empty["timeZone"], "Asia/Tokyo");
    assert_eq!(empty["totals"]["salesCount"], 0);
    assert_eq!(empty["series"].as_array().unwrap().len(), 24);

    let at_register = sell(&app, &owner, &pos, &shirt, 2, None).await;
    let online = sell(&app, &owner, &ec, &wrap, 1, None).await;
    let voided = sell(&app, &owner, &pos, &shirt, 5, None).await;
    let body = app
        .call(
            "mutation($id: ID!) { voidSale(id: $id, reason: \"Wrong item\") { status } }",
            json!({ "id": voided["id"] }),
            Some(&owner),
        )
        .await;
    assert_eq!(body["data"]["voidSale"]["status"], "VOIDED", "{body}");
    let body = app
        .call(
            "mutation($input: RecordReturnInput!) { recordReturn(input: $input) {
                sale { total { amount } subtotal { amount } grossMargin { amount } } } }",
            json!({ "input": { "saleId": at_register["id"], "lines": [{ "lineNumber": 1, "quantity": 1 }] } }),
            Some(&owner),
        )
        .await;
    assert!(body["errors"].is_null(), "recordReturn failed: {body}");
    let refund = body["data"]["recordReturn"]["sale"].clone();
    assert!(amount(&refund["total"]) < 0);

    let today = summary(&app, &owner, "TODAY", None).await;
    let totals = &today["totals"];
    let expected_total =
        amount(&at_register["total"]) + amount(&online["total"]) + amount(&refund["total"]);
    assert_eq!(amount(&totals["total"]), expected_total, "{today}");
    assert_eq!(totals["total"]["currencyCode"], "JPY");
    assert_eq!(
        amount(&totals["subtotal"]),
        amount(&at_register["subtotal"])
            + amount(&online["subtotal"])
            + amount(&refund["subtotal"])
    );
    assert_eq!(
        amount(&totals["tax"]),
        amount(&totals["total"]) - amount(&totals["subtotal"])
    );
    assert_eq!(totals["salesCount"], 2, "the voided sale does not count");
    assert_eq!(totals["returnsCount"], 1);
    assert_eq!(totals["units"], 2, "2 shirts + 1 wrap − 1 returned shirt");
    // The gift wrap has no cost: its sale is left out of the margin and of its base.
    assert_eq!(
        amount(&totals["grossMargin"]),
        amount(&at_register["grossMargin"]) + amount(&refund["grossMargin"])
    );
    assert_eq!(
        amount(&totals["marginBase"]),
        amount(&at_register["subtotal"]) + amount(&refund["subtotal"])
    );
    assert_eq!(
        amount(&totals["averageBasket"]),
        expected_total.div_euclid(2)
    );

    let by_channel = today["byChannel"].as_array().unwrap();
    assert_eq!(by_channel.len(), 2, "{today}");
    let register = by_channel.iter().find(|c| c["channelId"] == pos).unwrap();
    assert_eq!(register["channel"]["name"], "Shibuya register");
    assert_eq!(
        amount(&register["figures"]["total"]),
        amount(&at_register["total"]) + amount(&refund["total"])
    );
    assert_eq!(register["figures"]["returnsCount"], 1);
    assert_eq!(register["figures"]["units"], 1);
    let shop = by_channel.iter().find(|c| c["channelId"] == ec).unwrap();
    assert_eq!(amount(&shop["figures"]["total"]), amount(&online["total"]));

    let by_location = today["byLocation"].as_array().unwrap();
    assert_eq!(by_location.len(), 2);
    let store = by_location
        .iter()
        .find(|l| l["locationId"] == umeda)
        .unwrap();
    assert_eq!(store["location"]["code"], "UMEDA");
    assert_eq!(store["figures"]["salesCount"], 1);

    let top = today["topProducts"].as_array().unwrap();
    assert_eq!(top.len(), 2, "{today}");
    let shirts = top.iter().find(|p| p["variantId"] == shirt).unwrap();
    assert_eq!(shirts["variant"]["sku"], "SHIRT-M");
    assert_eq!(shirts["units"], 1);
    assert_eq!(amount(&shirts["revenue"]), 1_980);

    let series_total = kura_shared::checked_sum(
        today["series"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| amount(&b["total"])),
    )
    .unwrap();
    assert_eq!(series_total, expected_total);

    // Only the locations asked for.
    let osaka = summary(&app, &owner, "TODAY", Some(vec![&umeda])).await;
    assert_eq!(amount(&osaka["totals"]["total"]), amount(&online["total"]));
    assert_eq!(osaka["byChannel"].as_array().unwrap().len(), 1);
    assert_eq!(osaka["topProducts"][0]["variantId"], wrap);

    // This month holds today.
    let month = summary(&app, &owner, "MONTH", None).await;
    assert_eq!(month["period"], "MONTH");
    assert_eq!(amount(&month["totals"]["total"]), expected_total);
    let days = month["series"].as_array().unwrap().len();
    assert!((28..=31).contains(&days), "{days} days");
}

#[tokio::test]
async fn staff_limited_to_a_store_see_only_its_figures() {
    let app = spawn_app().await;
    let owner = app.sign_up("owner@example.jp").await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let shibuya = app.location(&owner, "SHIBUYA").await;
    let umeda = app.location(&owner, "UMEDA").await;
    let (_, shirt) = app
        .product(&owner, "Linen shirt", "SHIRT-M", "490000000001")
        .await;
    let pos = channel(&app, &owner, "Shibuya register", "POS", &shibuya).await;
    let ec = channel(&app, &owner, "Online shop", "EC", &umeda).await;
    let here = sell(&app, &owner, &pos, &shirt, 1, None).await;
    sell(&app, &owner, &ec, &shirt, 3, None).await;

    let invited = app
        .call(
            "mutation($input: InviteMemberInput!) { inviteMember(input: $input) { acceptUrl } }",
            json!({ "input": { "email": "clerk@example.jp", "role": "STAFF", "locationIds": [shibuya] } }),
            Some(&owner),
        )
        .await;
    let url = invited["data"]["inviteMember"]["acceptUrl"]
        .as_str()
        .unwrap();
    let accepted = app
        .call(
            "mutation($t: String!) { acceptInvitation(input: { token: $t, name: \"Clerk\", password: \"umbrella-tofu-42\" }) { accessToken } }",
            json!({ "t": url.rsplit('/').next().unwrap() }),
            None,
        )
        .await;
    let clerk = accepted["data"]["acceptInvitation"]["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();

    let seen = summary(&app, &clerk, "TODAY", None).await;
    assert_eq!(amount(&seen["totals"]["total"]), amount(&here["total"]));
    assert_eq!(seen["totals"]["salesCount"], 1);
    assert_eq!(seen["byLocation"].as_array().unwrap().len(), 1);
    assert_eq!(seen["byLocation"][0]["locationId"], shibuya);
    // Asking for a store out of reach shows nothing rather than that store.
    let other = summary(&app, &clerk, "TODAY", Some(vec![&umeda])).await;
    assert_eq!(other["totals"]["salesCount"], 0);
    // The owner still sees both.
    let all = summary(&app, &owner, "TODAY", None).await;
    assert_eq!(all["totals"]["salesCount"], 2);
}

#[tokio::test]
async fn days_and_hours_are_cut_in_the_company_time_zone() {
    let app = spawn_app().await;
    let owner = app.sign_up("owner@example.jp").await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let shibuya = app.location(&owner, "SHIBUYA").await;
    let (_, shirt) = app
        .product(&owner, "Linen shirt", "SHIRT-M", "490000000001")
        .await;
    let pos = channel(&app, &owner, "Shibuya register", "POS", &shibuya).await;

    let now = Utc::now();
    let midnight = tokyo_midnight(now);
    // 23:30 last night in Tokyo (14:30 UTC): yesterday's sale, however UTC dates it.
    let late = sell(
        &app,
        &owner,
        &pos,
        &shirt,
        1,
        Some(midnight - Duration::minutes(30)),
    )
    .await;
    // Just after midnight in Tokyo (up to 00:30, never in the future).
    let early_at = midnight + std::cmp::min(Duration::minutes(30), now - midnight);
    let early = sell(&app, &owner, &pos, &shirt, 2, Some(early_at)).await;

    let today = summary(&app, &owner, "TODAY", None).await;
    assert_eq!(
        today["from"]
            .as_str()
            .unwrap()
            .parse::<DateTime<Utc>>()
            .unwrap(),
        midnight
    );
    assert_eq!(today["totals"]["salesCount"], 1, "{today}");
    assert_eq!(amount(&today["totals"]["total"]), amount(&early["total"]));
    let hour = usize::try_from((early_at - midnight).num_hours()).unwrap();
    assert_eq!(
        amount(&today["series"][hour]["total"]),
        amount(&early["total"])
    );

    let month = summary(&app, &owner, "MONTH", None).await;
    let first_of_month = now.with_timezone(&chrono_tz::Asia::Tokyo).day() == 1;
    let expected = if first_of_month {
        amount(&early["total"])
    } else {
        amount(&early["total"]) + amount(&late["total"])
    };
    assert_eq!(amount(&month["totals"]["total"]), expected, "{month}");
    if !first_of_month {
        let yesterday = now.with_timezone(&chrono_tz::Asia::Tokyo).day() as usize - 2;
        assert_eq!(
            amount(&month["series"][yesterday]["total"]),
            amount(&late["total"]),
            "the 23:30 sale is on its Tokyo day"
        );
    }

    // In UTC the same sales fall on other days: the company's zone decides.
    let body = app
        .call(
            "mutation { updateCompany(input: { timeZone: \"UTC\" }) { timeZone } }",
            json!({}),
            Some(&owner),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
    let utc = summary(&app, &owner, "TODAY", None).await;
    assert_eq!(utc["timeZone"], "UTC");
    let utc_midnight = now.date_naive().and_hms_opt(0, 0, 0).unwrap().and_utc();
    let in_utc_today = kura_shared::checked_sum(
        [
            (&late, midnight - Duration::minutes(30)),
            (&early, early_at),
        ]
        .iter()
        .filter(|(_, at)| *at >= utc_midnight)
        .map(|(sale, _)| amount(&sale["total"])),
    )
    .unwrap();
    assert_eq!(amount(&utc["totals"]["total"]), in_utc_today, "{utc}");
}

/// Reads the summary (filling the cache), records a sale, waits for its `saleRecorded`
/// event, and reads again: the figure must already include the sale, every time.
#[tokio::test]
async fn a_cached_figure_never_lags_a_sale_once_its_event_is_delivered() {
    let app = spawn_app().await;
    let owner = app.sign_up("owner@example.jp").await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let shibuya = app.location(&owner, "SHIBUYA").await;
    let (_, shirt) = app
        .product(&owner, "Linen shirt", "SHIRT-M", "490000000001")
        .await;
    let pos = channel(&app, &owner, "Shibuya register", "POS", &shibuya).await;

    let mut ws = app.websocket().await;
    ws.init_with(&owner).await;
    ws.send(json!({ "id": "rec", "type": "subscribe", "payload": {
        "query": "subscription { saleRecorded { id } }" } }))
        .await;
    ws.send(json!({ "id": "void", "type": "subscribe", "payload": {
        "query": "subscription { saleVoided { id } }" } }))
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;

    let mut expected_total = 0;
    let mut expected_count = 0;
    for round in 0..20 {
        let before = summary(&app, &owner, "TODAY", None).await;
        assert_eq!(amount(&before["totals"]["total"]), expected_total);
        // The month is cached too; it must follow just the same.
        summary(&app, &owner, "MONTH", None).await;

        let sale = sell(&app, &owner, &pos, &shirt, 1 + round % 3, None).await;
        let event = ws.expect_json().await;
        assert_eq!(event["id"], "rec", "{event}");
        assert_eq!(event["payload"]["data"]["saleRecorded"]["id"], sale["id"]);
        expected_total += amount(&sale["total"]);
        expected_count += 1;

        let after = summary(&app, &owner, "TODAY", None).await;
        assert_eq!(
            amount(&after["totals"]["total"]),
            expected_total,
            "round {round}: the summary lags the delivered sale"
        );
        assert_eq!(after["totals"]["salesCount"], expected_count);
        let month = summary(&app, &owner, "MONTH", None).await;
        assert_eq!(amount(&month["totals"]["total"]), expected_total);

        if round % 5 == 4 {
            let body = app
                .call(
                    "mutation($id: ID!) { voidSale(id: $id, reason: \"Test\") { id } }",
                    json!({ "id": sale["id"] }),
                    Some(&owner),
                )
                .await;
            assert!(body["errors"].is_null(), "{body}");
            let event = ws.expect_json().await;
            assert_eq!(event["id"], "void", "{event}");
            expected_total -= amount(&sale["total"]);
            expected_count -= 1;
            let after = summary(&app, &owner, "TODAY", None).await;
            assert_eq!(
                amount(&after["totals"]["total"]),
                expected_total,
                "round {round}: the summary lags the delivered void"
            );
        }
    }
}

#[tokio::test]
async fn oversold_stock_lists_rows_below_zero() {
    let app = spawn_app().await;
    let owner = app.sign_up("owner@example.jp").await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let shibuya = app.location(&owner, "SHIBUYA").await;
    let (_, shirt) = app
        .product(&owner, "Linen shirt", "SHIRT-M", "490000000001")
        .await;
    let (_, socks) = app.product(&owner, "Socks", "SOCKS", "490000000002").await;
    app.adjust(&owner, &socks, &shibuya, 5).await;
    let pos = channel(&app, &owner, "Shibuya register", "POS", &shibuya).await;
    // A POS sale is a fact: recorded with nothing on the books.
    sell(&app, &owner, &pos, &shirt, 2, None).await;
    sell(&app, &owner, &pos, &socks, 1, None).await;
    let body = app
        .call(
            "{ oversoldStock { onHand variant { sku } location { code } } }",
            json!({}),
            Some(&owner),
        )
        .await;
    assert_eq!(
        body["data"]["oversoldStock"],
        json!([{ "onHand": -2, "variant": { "sku": "SHIRT-M" }, "location": { "code": "SHIBUYA" } }]),
        "{body}"
    );
}
