//! GraphQL over HTTP: the spec's status codes, media types and methods, and bad input.

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

const GQL_JSON: &str = "application/graphql-response+json";

async fn post(
    app: &TestApp,
    accept: Option<&str>,
    content_type: &str,
    body: String,
) -> (u16, String, Value) {
    let mut request = app
        .client
        .post(format!("{}/graphql", app.address))
        .header("Content-Type", content_type)
        .body(body);
    if let Some(accept) = accept {
        request = request.header("Accept", accept);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let media = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, media, body)
}

fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_default()
}

#[tokio::test]
async fn a_query_answers_in_the_media_type_asked_for() {
    let app = spawn_app().await;
    let query = json!({ "query": "{ serverInfo { version } }" }).to_string();
    let (status, media, body) = post(&app, Some(GQL_JSON), "application/json", query.clone()).await;
    assert_eq!(status, 200);
    assert!(media.starts_with(GQL_JSON), "{media}");
    assert_eq!(
        body["data"]["serverInfo"]["version"],
        env!("CARGO_PKG_VERSION")
    );

    let (status, media, _) = post(
        &app,
        Some("application/json"),
        "application/json",
        query.clone(),
    )
    .await;
    assert_eq!(status, 200);
    assert!(media.starts_with("application/json"), "{media}");

    // Without Accept, the spec (since 2025) wants graphql-response+json.
    let (status, media, _) = post(&app, None, "application/json", query).await;
    assert_eq!(status, 200);
    assert!(media.starts_with(GQL_JSON), "{media}");
}

#[tokio::test]
async fn a_syntax_error_is_400_without_data_for_graphql_response_json() {
    let app = spawn_app().await;
    let body = json!({ "query": "{ serverInfo { version " }).to_string();
    let (status, _, response) = post(&app, Some(GQL_JSON), "application/json", body.clone()).await;
    assert_eq!(status, 400);
    assert!(response.get("data").is_none(), "{response}");
    assert_eq!(code(&response), "VALIDATION");

    // Legacy application/json clients get 200 for a well-formed request, per the spec.
    let (status, _, response) =
        post(&app, Some("application/json"), "application/json", body).await;
    assert_eq!(status, 200);
    assert_eq!(code(&response), "VALIDATION");
}

#[tokio::test]
async fn an_unknown_field_is_a_validation_error_that_names_it() {
    let app = spawn_app().await;
    let body = json!({ "query": "{ serverInfo { nope } }" }).to_string();
    let (status, _, response) = post(&app, Some(GQL_JSON), "application/json", body).await;
    assert_eq!(status, 400);
    assert_eq!(code(&response), "VALIDATION");
    assert!(
        response["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("nope")
    );
}

#[tokio::test]
async fn a_too_deep_query_is_query_too_complex() {
    let app = spawn_app().await;
    let mut selection = String::from("name");
    for _ in 0..20 {
        selection = format!("ofType {{ {selection} }}");
    }
    let query = format!("{{ __schema {{ types {{ fields {{ type {{ {selection} }} }} }} }} }}");
    let (status, _, response) = post(
        &app,
        Some(GQL_JSON),
        "application/json",
        json!({ "query": query }).to_string(),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(code(&response), "QUERY_TOO_COMPLEX", "{response}");
}

#[tokio::test]
async fn graphiqls_introspection_query_fits_within_the_limits() {
    let app = spawn_app().await;
    // The shape GraphiQL and codegen tools send: the deepest legitimate query we expect.
    let query = r#"query IntrospectionQuery { __schema { queryType { name } mutationType { name }
      subscriptionType { name } types { ...FullType } directives { name description locations
      args { ...InputValue } } } }
      fragment FullType on __Type { kind name description fields(includeDeprecated: true) {
      name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
      inputFields { ...InputValue } interfaces { ...TypeRef } enumValues(includeDeprecated: true) {
      name description isDeprecated deprecationReason } possibleTypes { ...TypeRef } }
      fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
      fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind
      name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }"#;
    let (status, _, response) = post(
        &app,
        Some(GQL_JSON),
        "application/json",
        json!({ "query": query }).to_string(),
    )
    .await;
    assert_eq!(status, 200, "{response}");
    assert!(response["data"]["__schema"]["types"].is_array());
}

#[tokio::test]
async fn malformed_bodies_get_4xx_not_500() {
    let app = spawn_app().await;
    let cases = [
        ("application/json", "{not json", 400),
        ("application/json", "[]", 400),
        ("application/json", r#"{"query": 42}"#, 400),
        (
            "application/json",
            r#"{"query": "{ serverInfo { version } }", "variables": "x"}"#,
            400,
        ),
        (
            "text/plain",
            r#"{"query": "{ serverInfo { version } }"}"#,
            415,
        ),
    ];
    for (content_type, body, expected) in cases {
        let (status, _, response) = post(&app, Some(GQL_JSON), content_type, body.into()).await;
        assert_eq!(status, expected, "{content_type} {body}: {response}");
        assert_eq!(code(&response), "VALIDATION", "{body}");
    }
}

#[tokio::test]
async fn an_oversized_body_is_413() {
    let app = spawn_app().await;
    let padding = "x".repeat(9 * 1024 * 1024);
    let body =
        json!({ "query": format!("{{ serverInfo {{ version }} }} # {padding}") }).to_string();
    let (status, _, _) = post(&app, Some(GQL_JSON), "application/json", body).await;
    assert_eq!(status, 413);
}

#[tokio::test]
async fn an_unacceptable_accept_header_is_406() {
    let app = spawn_app().await;
    let body = json!({ "query": "{ serverInfo { version } }" }).to_string();
    let (status, _, _) = post(&app, Some("text/csv"), "application/json", body).await;
    assert_eq!(status, 406);
}

#[tokio::test]
async fn get_runs_queries_but_never_mutations() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(format!("{}/graphql", app.address))
        .query(&[
            (
                "query",
                "query Q($x: Boolean!) { serverInfo { version @include(if: $x) } }",
            ),
            ("variables", r#"{"x": true}"#),
        ])
        .header("Accept", GQL_JSON)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["data"]["serverInfo"]["version"],
        env!("CARGO_PKG_VERSION")
    );

    let response = app
        .client
        .get(format!("{}/graphql", app.address))
        .query(&[("query", "mutation { anything }")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "GET, POST");

    let response = app
        .client
        .get(format!("{}/graphql", app.address))
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400, "a GET without a query");
}

#[tokio::test]
async fn an_h2c_upgrade_header_does_not_turn_a_query_into_a_websocket() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(format!("{}/graphql", app.address))
        .query(&[("query", "{ __typename }")])
        .header("Connection", "Upgrade, HTTP2-Settings")
        .header("Upgrade", "h2c")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn a_browser_gets_graphiql() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(format!("{}/graphql", app.address))
        .header("Accept", "text/html,application/xhtml+xml")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(response.text().await.unwrap().contains("graphiql"));
}

/// What the dashboard's sales list asks of each sale.
const SALE_FIELDS: &str = "id number kind status externalId occurredAt note
    total { amount currencyCode } subtotal { amount currencyCode } tax { amount currencyCode }
    channel { id name } location { id code name } customer { id name }
    taxLines { taxClass subtotal { amount } tax { amount } }
    lines { lineNumber sku name quantity returnedQuantity unitPrice { amount } discount { amount } amount { amount } }
    payments { method amount { amount } } pointsEarned pointsRedeemed";

#[tokio::test]
async fn a_hundred_aliased_largest_pages_are_query_too_complex_while_one_page_is_served() {
    let app = spawn_app().await;
    let token = app.sign_up("cost@example.jp").await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let page = format!(
        "sales(first: 250) {{ edges {{ node {{ {SALE_FIELDS} }} }} pageInfo {{ hasNextPage endCursor }} }}"
    );
    let one = app
        .call(&format!("{{ {page} }}"), json!({}), Some(&token))
        .await;
    assert!(one["errors"].is_null(), "{one}");
    assert!(one["data"]["sales"]["edges"].is_array(), "{one}");

    // Each alias is priced by the rows it may load, not as a single field.
    let aliased: String = (0..100)
        .map(|n| format!("s{n}: sales(first: 250) {{ edges {{ node {{ id }} }} }} "))
        .collect();
    let many = app
        .call(&format!("{{ {aliased} }}"), json!({}), Some(&token))
        .await;
    assert_eq!(code(&many), "QUERY_TOO_COMPLEX", "{many}");
    assert!(many["data"].is_null(), "{many}");
}
