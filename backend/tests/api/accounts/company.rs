//! The company's own details printed on its documents: address, phone and the
//! qualified-invoice registration number, checked before they are kept.

use serde_json::json;

use crate::helpers::{error_code, spawn_app};

const UPDATE: &str = "mutation($input: UpdateCompanyInput!) { updateCompany(input: $input) {
    address phone registrationNumber } }";

#[tokio::test]
async fn an_owner_sets_what_documents_print_and_a_wrong_registration_number_is_refused() {
    let app = spawn_app().await;
    let owner = app.sign_up("owner@example.jp").await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let body = app
        .call(
            UPDATE,
            json!({ "input": { "address": "〒150-0001\n東京都渋谷区神宮前1-2-3", "phone": "03-1234-5678",
                               "registrationNumber": " t8010001213708 " } }),
            Some(&owner),
        )
        .await;
    let company = &body["data"]["updateCompany"];
    assert_eq!(company["registrationNumber"], "T8010001213708", "{body}");
    assert_eq!(company["address"], "〒150-0001\n東京都渋谷区神宮前1-2-3");
    assert_eq!(company["phone"], "03-1234-5678");

    // One wrong digit: refused with its code, and nothing changes.
    let body = app
        .call(
            UPDATE,
            json!({ "input": { "registrationNumber": "T7010001213708", "phone": "0120-000-000" } }),
            Some(&owner),
        )
        .await;
    assert_eq!(error_code(&body), "VALIDATION", "{body}");
    assert_eq!(
        body["errors"][0]["extensions"]["field"], "registrationNumber",
        "{body}"
    );
    let now = app
        .call(
            "{ me { tenant { phone registrationNumber } } }",
            json!({}),
            Some(&owner),
        )
        .await;
    assert_eq!(
        now["data"]["me"]["tenant"]["registrationNumber"], "T8010001213708",
        "{now}"
    );
    assert_eq!(now["data"]["me"]["tenant"]["phone"], "03-1234-5678");

    let body = app
        .call(
            UPDATE,
            json!({ "input": { "phone": "03-1234-5678 ext. 9" } }),
            Some(&owner),
        )
        .await;
    assert_eq!(error_code(&body), "VALIDATION", "{body}");

    // Empty clears.
    let body = app
        .call(
            UPDATE,
            json!({ "input": { "registrationNumber": "" } }),
            Some(&owner),
        )
        .await;
    assert_eq!(
        body["data"]["updateCompany"]["registrationNumber"],
        json!(null),
        "{body}"
    );
}
