use base64::Engine;
use sha2::{Digest, Sha256};

use crate::helpers::spawn_app;

#[tokio::test]
async fn client_routes_get_the_dashboard_with_a_csp_that_allows_its_script() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(format!("{}/stock/some/deep/route", app.address))
        .header("Accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["x-frame-options"], "DENY");
    let csp = headers["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    let body = response.text().await.unwrap();
    assert!(body.contains("import init"));
    let script = "import init from '/app.js'; await init();";
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script));
    assert!(csp.contains(&format!("'sha256-{hash}'")), "{csp}");
}

#[tokio::test]
async fn wasm_is_served_as_application_wasm_and_compressed_on_request() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(format!("{}/app_bg.wasm", app.address))
        .header("Accept-Encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/wasm");
    assert_eq!(response.headers()["content-encoding"], "gzip");
}

#[tokio::test]
async fn a_missing_asset_or_unknown_api_route_is_a_json_404() {
    let app = spawn_app().await;
    for (method, path) in [
        (reqwest::Method::GET, "/assets/missing.js"),
        (reqwest::Method::POST, "/no/such/route"),
        (reqwest::Method::DELETE, "/graphql"),
        (reqwest::Method::GET, "/webhooks/unknown"),
    ] {
        let response = app
            .client
            .request(method.clone(), format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        assert!(status == 404 || status == 405, "{method} {path}: {status}");
        if status == 404 {
            let body: serde_json::Value = response.json().await.unwrap();
            assert_eq!(
                body["errors"][0]["extensions"]["code"], "NOT_FOUND",
                "{method} {path}"
            );
        }
    }
}
