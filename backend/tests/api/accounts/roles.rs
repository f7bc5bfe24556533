//! The roles × operations matrix: what each role may do with the team and the API keys.

use serde_json::json;

use crate::helpers::{error_code, spawn_app};

const ROLES: [&str; 5] = ["OWNER", "ADMIN", "MANAGER", "STAFF", "VIEWER"];

#[tokio::test]
async fn each_role_may_do_exactly_what_it_should() {
    let app = spawn_app().await;
    let owner = app.sign_up("owner@example.jp").await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut tokens = vec![("OWNER", owner.clone())];
    for role in &ROLES[1..] {
        let email = format!("{}@example.jp", role.to_lowercase());
        tokens.push((role, app.join(&owner, &email, role).await));
    }
    // (operation, roles allowed)
    let matrix: [(&str, &[&str]); 7] = [
        ("{ me { role } }", &ROLES),
        ("{ members { role } }", &ROLES),
        ("{ mySessions { id } }", &ROLES),
        ("{ apiKeys { id } }", &["OWNER", "ADMIN"]),
        ("{ invitations { id } }", &["OWNER", "ADMIN"]),
        ("{ auditLog { edges { cursor } } }", &["OWNER", "ADMIN"]),
        (
            "mutation { createApiKey(input: { name: \"k\", scopes: [\"stock:read\"] }) { secret } }",
            &["OWNER", "ADMIN"],
        ),
    ];
    for (role, token) in &tokens {
        let me = app.call("{ me { role } }", json!({}), Some(token)).await;
        assert_eq!(me["data"]["me"]["role"], *role, "{me}");
        for (operation, allowed) in &matrix {
            let body = app.call(operation, json!({}), Some(token)).await;
            if allowed.contains(role) {
                assert!(
                    body["errors"].is_null(),
                    "{role} should be allowed {operation}: {body}"
                );
            } else {
                assert_eq!(
                    error_code(&body),
                    "FORBIDDEN",
                    "{role} must not {operation}: {body}"
                );
            }
        }
        let invite = app
            .call(
                "mutation($e: String!) { inviteMember(input: { email: $e, role: STAFF }) { emailSent } }",
                json!({ "e": format!("new-by-{}@example.jp", role.to_lowercase()) }),
                Some(token),
            )
            .await;
        let may_invite = ["OWNER", "ADMIN"].contains(role);
        assert_eq!(
            invite["errors"].is_null(),
            may_invite,
            "{role} inviting: {invite}"
        );
    }
}
