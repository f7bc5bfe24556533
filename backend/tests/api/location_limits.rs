//! Staff limited to some locations see and change only those.

use serde_json::json;

use crate::helpers::{TestApp, error_code, spawn_app};

async fn invite_limited(
    app: &TestApp,
    owner: &str,
    email: &str,
    locations: &[&serde_json::Value],
) -> String {
    let invited = app
        .call(
            "mutation($input: InviteMemberInput!) { inviteMember(input: $input) { acceptUrl } }",
            json!({ "input": { "email": email, "role": "STAFF", "locationIds": locations } }),
            Some(owner),
        )
        .await;
    let url = invited["data"]["inviteMember"]["acceptUrl"]
        .as_str()
        .unwrap_or_else(|| panic!("{invited}"));
    let accepted = app
        .call(
            "mutation($t: String!) { acceptInvitation(input: { token: $t, name: \"Clerk\", password: \"umbrella-tofu-42\" }) { accessToken } }",
            json!({ "t": url.rsplit('/').next().unwrap() }),
            None,
        )
        .await;
    accepted["data"]["acceptInvitation"]["accessToken"]
        .as_str()
        .unwrap_or_else(|| panic!("{accepted}"))
        .to_owned()
}

#[tokio::test]
async fn staff_limited_to_a_store_see_and_change_only_that_store() {
    let app = spawn_app().await;
    let owner = app.sign_up("owner@example.jp").await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let s = app.stocked(&owner).await;
    let umeda = app.location(&owner, "UMEDA").await;
    app.adjust(&owner, &s.variant, &umeda, 4).await;
    let clerk = invite_limited(&app, &owner, "clerk@example.jp", &[&umeda]).await;

    let seen = app
        .call(
            "{ locations { edges { node { code } } } stockLevels { edges { node { onHand location { code } } } }
               stockMovements { edges { node { location { code } } } } }",
            json!({}),
            Some(&clerk),
        )
        .await;
    assert_eq!(
        seen["data"]["locations"]["edges"],
        json!([{ "node": { "code": "UMEDA" } }]),
        "{seen}"
    );
    assert_eq!(
        seen["data"]["stockLevels"]["edges"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "{seen}"
    );
    assert_eq!(
        seen["data"]["stockLevels"]["edges"][0]["node"]["location"]["code"],
        "UMEDA"
    );
    assert!(
        seen["data"]["stockMovements"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["node"]["location"]["code"] == "UMEDA")
    );

    let elsewhere = app.adjust(&clerk, &s.variant, &s.location, 1).await;
    assert_eq!(error_code(&elsewhere), "FORBIDDEN", "{elsewhere}");
    let here = app.adjust(&clerk, &s.variant, &umeda, -1).await;
    assert_eq!(here["data"]["adjustStock"]["onHand"], 3, "{here}");

    let mut ws = app.websocket().await;
    ws.init_with(&clerk).await;
    ws.send(json!({ "id": "1", "type": "subscribe", "payload": {
        "query": "subscription { stockLevelChanged { stockLevel { onHand location { code } } } }" } }))
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    app.adjust(&owner, &s.variant, &s.location, 1).await;
    app.adjust(&owner, &s.variant, &umeda, 1).await;
    let next = ws.expect_json().await;
    assert_eq!(
        next["payload"]["data"]["stockLevelChanged"]["stockLevel"]["location"]["code"], "UMEDA",
        "{next}"
    );

    let members = app
        .call(
            "{ members { user { id email } locations { code } } }",
            json!({}),
            Some(&owner),
        )
        .await;
    let clerk_row = members["data"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["user"]["email"] == "clerk@example.jp")
        .unwrap()
        .clone();
    assert_eq!(clerk_row["locations"], json!([{ "code": "UMEDA" }]));

    let freed = app
        .call(
            "mutation($u: ID!) { setMemberLocations(userId: $u, locationIds: []) { locations { code } } }",
            json!({ "u": clerk_row["user"]["id"] }),
            Some(&owner),
        )
        .await;
    assert_eq!(
        freed["data"]["setMemberLocations"]["locations"],
        json!([]),
        "{freed}"
    );
    assert_eq!(
        app.adjust(&clerk, &s.variant, &s.location, 1).await["data"]["adjustStock"]["onHand"],
        12
    );
}

#[tokio::test]
async fn limits_name_this_companys_locations_and_never_bind_admins() {
    let app = spawn_app().await;
    let owner = app.sign_up("owner@example.jp").await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let shop = app.location(&owner, "SHIBUYA").await;
    let other = app.sign_up("other@example.jp").await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let foreign = app.location(&other, "THEIRS").await;
    let invite = |role: &'static str, location: serde_json::Value| {
        let (app, owner) = (&app, owner.clone());
        async move {
            app.call(
                "mutation($input: InviteMemberInput!) { inviteMember(input: $input) { acceptUrl } }",
                json!({ "input": { "email": "new@example.jp", "role": role, "locationIds": [location] } }),
                Some(&owner),
            )
            .await
        }
    };
    let admin = invite("ADMIN", shop.clone()).await;
    assert_eq!(
        admin["errors"][0]["extensions"]["field"], "locationIds",
        "{admin}"
    );
    let theirs = invite("STAFF", foreign).await;
    assert_eq!(error_code(&theirs), "NOT_FOUND", "{theirs}");
    let garbage = invite("STAFF", json!("garbage")).await;
    assert_eq!(error_code(&garbage), "NOT_FOUND", "{garbage}");
}

#[tokio::test]
async fn deleting_the_only_location_a_member_is_limited_to_does_not_open_every_location() {
    let app = spawn_app().await;
    let owner = app.sign_up("owner@example.jp").await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    // Stock at another store, which the clerk must never see.
    app.stocked(&owner).await;
    // A new, empty store: no stock history, so nothing else stands in the way of deleting it.
    let popup = app.location(&owner, "POPUP").await;
    let clerk = invite_limited(&app, &owner, "clerk@example.jp", &[&popup]).await;
    // An invitation still pending keeps its limit too.
    app.call(
        "mutation($input: InviteMemberInput!) { inviteMember(input: $input) { acceptUrl } }",
        json!({ "input": { "email": "later@example.jp", "role": "STAFF", "locationIds": [&popup] } }),
        Some(&owner),
    )
    .await;

    let delete = "mutation($id: ID!) { deleteLocation(id: $id) }";
    let refused = app.call(delete, json!({ "id": popup }), Some(&owner)).await;
    assert_eq!(error_code(&refused), "CONFLICT", "{refused}");

    let seen = app
        .call(
            "{ locations { edges { node { code } } } stockLevels { edges { node { location { code } } } } }",
            json!({}),
            Some(&clerk),
        )
        .await;
    assert_eq!(
        seen["data"]["locations"]["edges"],
        json!([{ "node": { "code": "POPUP" } }]),
        "the clerk still sees only the pop-up store: {seen}"
    );
    assert_eq!(seen["data"]["stockLevels"]["edges"], json!([]), "{seen}");
}

#[tokio::test]
async fn staff_limited_to_a_store_see_and_quote_only_from_that_store() {
    let app = spawn_app().await;
    let owner = app.sign_up("owner@example.jp").await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let s = app.stocked(&owner).await;
    let umeda = app.location(&owner, "UMEDA").await;
    let clerk = invite_limited(&app, &owner, "clerk@example.jp", &[&umeda]).await;
    let create = "mutation($l: ID!) { createQuote(input: { locationId: $l, lines: [{ sku: \"SHIRT-M\", quantity: 1 }] }) { id number } }";
    let shibuya = app
        .call(create, json!({ "l": s.location }), Some(&owner))
        .await;
    let shibuya = shibuya["data"]["createQuote"]["id"].clone();
    let own = app.call(create, json!({ "l": umeda }), Some(&clerk)).await;
    assert!(own["errors"].is_null(), "{own}");

    let listed = app
        .call(
            "{ quotes { edges { node { id } } } }",
            json!({}),
            Some(&clerk),
        )
        .await;
    assert_eq!(
        listed["data"]["quotes"]["edges"],
        json!([{ "node": { "id": own["data"]["createQuote"]["id"] } }]),
        "only UMEDA's quote: {listed}"
    );
    for query in [
        "query($id: ID!) { quote(id: $id) { number } }",
        "mutation($id: ID!) { sendQuote(id: $id) { id } }",
        "mutation($id: ID!) { convertQuote(id: $id) { id } }",
    ] {
        let body = app
            .call(query, json!({ "id": shibuya }), Some(&clerk))
            .await;
        assert_eq!(error_code(&body), "NOT_FOUND", "{query}: {body}");
    }
    let elsewhere = app
        .call(create, json!({ "l": s.location }), Some(&clerk))
        .await;
    assert!(
        matches!(error_code(&elsewhere), "FORBIDDEN" | "NOT_FOUND"),
        "{elsewhere}"
    );
    let moved = app
        .call(
            "mutation($id: ID!, $l: ID!) { updateQuote(id: $id, input: { locationId: $l }) { id } }",
            json!({ "id": own["data"]["createQuote"]["id"], "l": s.location }),
            Some(&clerk),
        )
        .await;
    assert!(
        matches!(error_code(&moved), "FORBIDDEN" | "NOT_FOUND"),
        "a quote cannot be moved out of reach: {moved}"
    );
}
