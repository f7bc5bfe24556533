//! Inviting staff, accepting, roles and removal, and the audit log that records them.

use figment::Figment;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, SmtpSink, TestApp, error_code, spawn_app, spawn_app_with};

const INVITE: &str = "mutation($input: InviteMemberInput!) { inviteMember(input: $input) {
    emailSent acceptUrl invitation { id email role } } }";
const PREVIEW: &str = "query($t: String!) { invitation(token: $t) {
    companyName email role inviterName accountExists } }";
const ACCEPT: &str = "mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) {
    accessToken role tenant { name } } }";
const MEMBERS: &str = "{ members { role user { id email } } }";
const CHANGE_ROLE: &str =
    "mutation($u: ID!, $r: Role!) { changeMemberRole(userId: $u, role: $r) { role } }";
const REMOVE: &str = "mutation($u: ID!) { removeMember(userId: $u) }";

fn token_of(url: &str) -> String {
    url.rsplit('/').next().unwrap().trim().to_owned()
}

async fn invite(app: &TestApp, token: &str, email: &str, role: &str) -> Value {
    app.call(
        INVITE,
        json!({ "input": { "email": email, "role": role } }),
        Some(token),
    )
    .await
}

fn member_id(members: &Value, email: &str) -> Value {
    members["data"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["user"]["email"] == email)
        .unwrap_or_else(|| panic!("{email} not in {members}"))["user"]["id"]
        .clone()
}

#[tokio::test]
async fn without_smtp_the_inviter_gets_the_link_and_the_invitee_joins_with_it() {
    let app = spawn_app().await;
    let owner = app.sign_up("taro@example.jp").await;
    let owner_token = owner["accessToken"].as_str().unwrap();
    let invited = invite(&app, owner_token, "Hanako@Example.jp", "STAFF").await;
    let payload = &invited["data"]["inviteMember"];
    assert_eq!(payload["emailSent"], false, "{invited}");
    let url = payload["acceptUrl"].as_str().unwrap();
    assert!(
        url.starts_with(&app.address) && url.contains("/invite/"),
        "{url}"
    );
    let token = token_of(url);

    let preview = app.call(PREVIEW, json!({ "t": token }), None).await;
    let preview = &preview["data"]["invitation"];
    assert_eq!(preview["companyName"], "taro@example.jp Co");
    assert_eq!(preview["email"], "hanako@example.jp");
    assert_eq!(preview["role"], "STAFF");
    assert_eq!(preview["accountExists"], false);

    let weak = app
        .call(
            ACCEPT,
            json!({ "input": { "token": token, "name": "Hanako", "password": "password123" } }),
            None,
        )
        .await;
    assert_eq!(
        weak["errors"][0]["extensions"]["field"], "password",
        "{weak}"
    );
    let accepted = app
        .call(
            ACCEPT,
            json!({ "input": { "token": token, "name": "Hanako", "password": PASSWORD } }),
            None,
        )
        .await;
    assert_eq!(
        accepted["data"]["acceptInvitation"]["role"], "STAFF",
        "{accepted}"
    );
    assert_eq!(
        accepted["data"]["acceptInvitation"]["tenant"]["name"],
        "taro@example.jp Co"
    );

    let members = app.call(MEMBERS, json!({}), Some(owner_token)).await;
    assert_eq!(
        members["data"]["members"].as_array().unwrap().len(),
        2,
        "{members}"
    );
    let pending = app
        .call("{ invitations { id } }", json!({}), Some(owner_token))
        .await;
    assert_eq!(pending["data"]["invitations"], json!([]));
    // A link works once.
    let again = app
        .call(
            ACCEPT,
            json!({ "input": { "token": token, "name": "X", "password": PASSWORD } }),
            None,
        )
        .await;
    assert_eq!(error_code(&again), "NOT_FOUND", "{again}");
    assert_eq!(
        app.call(PREVIEW, json!({ "t": token }), None).await["data"]["invitation"],
        Value::Null
    );
}

#[tokio::test]
async fn with_smtp_the_invitation_is_emailed_and_the_link_is_not_shown() {
    let sink = SmtpSink::start().await;
    let app = spawn_app_with(
        Figment::new()
            .merge(("smtp_url", format!("smtp://127.0.0.1:{}", sink.port)))
            .merge(("mail_from", "Kura <kura@example.jp>")),
    )
    .await;
    let owner = app.sign_up("taro@example.jp").await;
    let invited = invite(
        &app,
        owner["accessToken"].as_str().unwrap(),
        "hanako@example.jp",
        "MANAGER",
    )
    .await;
    assert_eq!(
        invited["data"]["inviteMember"]["emailSent"], true,
        "{invited}"
    );
    assert_eq!(invited["data"]["inviteMember"]["acceptUrl"], Value::Null);

    let messages = sink.messages.lock().await.clone();
    assert_eq!(messages.len(), 1);
    let mail = &messages[0];
    assert!(mail.contains("To: hanako@example.jp"), "{mail}");
    // The body is quoted-printable (it is bilingual): undo its soft line breaks.
    let unfolded = mail.replace("=\n", "");
    let start = unfolded
        .find("/invite/")
        .unwrap_or_else(|| panic!("no link in {mail}"))
        + "/invite/".len();
    let token: String = unfolded[start..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    assert_eq!(token.len(), 64, "{unfolded}");
    let accepted = app
        .call(
            ACCEPT,
            json!({ "input": { "token": token, "name": "Hanako", "password": PASSWORD } }),
            None,
        )
        .await;
    assert_eq!(
        accepted["data"]["acceptInvitation"]["role"], "MANAGER",
        "{accepted}"
    );
}

#[tokio::test]
async fn someone_with_an_account_accepts_with_their_password_and_then_belongs_to_both() {
    let app = spawn_app().await;
    let taro = app.sign_up("taro@example.jp").await;
    app.sign_up("hanako@example.jp").await;
    let invited = invite(
        &app,
        taro["accessToken"].as_str().unwrap(),
        "hanako@example.jp",
        "ADMIN",
    )
    .await;
    let token = token_of(
        invited["data"]["inviteMember"]["acceptUrl"]
            .as_str()
            .unwrap(),
    );
    let preview = app.call(PREVIEW, json!({ "t": token }), None).await;
    assert_eq!(preview["data"]["invitation"]["accountExists"], true);

    let wrong = app
        .call(
            ACCEPT,
            json!({ "input": { "token": token, "password": "wrong-password-1" } }),
            None,
        )
        .await;
    assert_eq!(error_code(&wrong), "UNAUTHENTICATED", "{wrong}");
    let accepted = app
        .call(
            ACCEPT,
            json!({ "input": { "token": token, "password": PASSWORD } }),
            None,
        )
        .await;
    let access = accepted["data"]["acceptInvitation"]["accessToken"]
        .as_str()
        .unwrap();
    let me = app
        .call(
            "{ me { role memberships { role } } }",
            json!({}),
            Some(access),
        )
        .await;
    assert_eq!(me["data"]["me"]["role"], "ADMIN", "{me}");
    assert_eq!(me["data"]["me"]["memberships"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_company_always_keeps_an_owner_and_only_owners_make_owners() {
    let app = spawn_app().await;
    let owner = app.sign_up("taro@example.jp").await;
    let owner_token = owner["accessToken"].as_str().unwrap();
    let owner_id = owner["user"]["id"].clone();

    let demote = app
        .call(
            CHANGE_ROLE,
            json!({ "u": owner_id, "r": "ADMIN" }),
            Some(owner_token),
        )
        .await;
    assert_eq!(error_code(&demote), "CONFLICT", "{demote}");
    let remove = app
        .call(REMOVE, json!({ "u": owner_id }), Some(owner_token))
        .await;
    assert_eq!(error_code(&remove), "CONFLICT", "{remove}");

    let admin_token = app.join(owner_token, "hanako@example.jp", "ADMIN").await;
    let members = app.call(MEMBERS, json!({}), Some(owner_token)).await;
    let hanako = member_id(&members, "hanako@example.jp");
    assert_eq!(
        error_code(&invite(&app, &admin_token, "jiro@example.jp", "OWNER").await),
        "FORBIDDEN"
    );
    let promote = app
        .call(
            CHANGE_ROLE,
            json!({ "u": hanako, "r": "OWNER" }),
            Some(&admin_token),
        )
        .await;
    assert_eq!(error_code(&promote), "FORBIDDEN", "{promote}");
    let demote_owner = app
        .call(
            CHANGE_ROLE,
            json!({ "u": owner_id, "r": "STAFF" }),
            Some(&admin_token),
        )
        .await;
    assert_eq!(error_code(&demote_owner), "FORBIDDEN");

    // With a second owner, the first may step down.
    let promoted = app
        .call(
            CHANGE_ROLE,
            json!({ "u": hanako, "r": "OWNER" }),
            Some(owner_token),
        )
        .await;
    assert_eq!(
        promoted["data"]["changeMemberRole"]["role"], "OWNER",
        "{promoted}"
    );
    let stepped_down = app
        .call(
            CHANGE_ROLE,
            json!({ "u": owner_id, "r": "ADMIN" }),
            Some(owner_token),
        )
        .await;
    assert_eq!(
        stepped_down["data"]["changeMemberRole"]["role"], "ADMIN",
        "{stepped_down}"
    );
}

#[tokio::test]
async fn a_removed_member_loses_access_at_once() {
    let app = spawn_app().await;
    let owner = app.sign_up("taro@example.jp").await;
    let owner_token = owner["accessToken"].as_str().unwrap();
    let staff_token = app.join(owner_token, "hanako@example.jp", "STAFF").await;
    assert!(app.call(MEMBERS, json!({}), Some(&staff_token)).await["data"]["members"].is_array());
    assert_eq!(
        error_code(&invite(&app, &staff_token, "jiro@example.jp", "STAFF").await),
        "FORBIDDEN"
    );

    let members = app.call(MEMBERS, json!({}), Some(owner_token)).await;
    let hanako = member_id(&members, "hanako@example.jp");
    let removed = app
        .call(REMOVE, json!({ "u": hanako }), Some(owner_token))
        .await;
    assert_eq!(removed["data"]["removeMember"], true, "{removed}");
    // Her token has not expired, but it no longer opens anything.
    assert_eq!(
        error_code(&app.call(MEMBERS, json!({}), Some(&staff_token)).await),
        "UNAUTHENTICATED"
    );
}

#[tokio::test]
async fn another_companys_members_and_invitations_are_not_found() {
    let app = spawn_app().await;
    let a = app.sign_up("a@example.jp").await;
    let b = app.sign_up("b@example.jp").await;
    let (a_token, b_token) = (
        a["accessToken"].as_str().unwrap(),
        b["accessToken"].as_str().unwrap(),
    );
    let invited = invite(&app, a_token, "staff@example.jp", "STAFF").await;
    let invitation = invited["data"]["inviteMember"]["invitation"]["id"].clone();

    let change = app
        .call(
            CHANGE_ROLE,
            json!({ "u": a["user"]["id"], "r": "STAFF" }),
            Some(b_token),
        )
        .await;
    assert_eq!(error_code(&change), "NOT_FOUND", "{change}");
    let remove = app
        .call(REMOVE, json!({ "u": a["user"]["id"] }), Some(b_token))
        .await;
    assert_eq!(error_code(&remove), "NOT_FOUND");
    let revoke = app
        .call(
            "mutation($id: ID!) { revokeInvitation(id: $id) }",
            json!({ "id": invitation }),
            Some(b_token),
        )
        .await;
    assert_eq!(error_code(&revoke), "NOT_FOUND", "{revoke}");
    let members = app.call(MEMBERS, json!({}), Some(b_token)).await;
    assert_eq!(members["data"]["members"].as_array().unwrap().len(), 1);
}

const AUDIT: &str = "query($first: Int, $after: String) { auditLog(first: $first, after: $after) {
    edges { cursor node { action subject actor { email } apiKeyPrefix } } pageInfo { hasNextPage endCursor } } }";

#[tokio::test]
async fn the_audit_log_records_security_events_newest_first_for_admins_only() {
    let app = spawn_app().await;
    let owner = app.sign_up("taro@example.jp").await;
    let owner_token = owner["accessToken"].as_str().unwrap().to_owned();
    let login =
        |password: &str| json!({ "input": { "email": "taro@example.jp", "password": password } });
    let log_in = "mutation($input: LogInInput!) { logIn(input: $input) { accessToken } }";
    app.call(log_in, login("wrong-password-1"), None).await;
    app.call(log_in, login(PASSWORD), None).await;
    let staff_token = app.join(&owner_token, "hanako@example.jp", "STAFF").await;
    let key = app
        .call(
            "mutation { createApiKey(input: { name: \"POS\", scopes: [\"stock:read\"] }) { secret apiKey { id } } }",
            json!({}),
            Some(&owner_token),
        )
        .await;
    let secret = key["data"]["createApiKey"]["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    app.call("{ me { scopes } }", json!({}), Some(&secret))
        .await;
    app.call(
        "mutation($id: ID!) { revokeApiKey(id: $id) { id } }",
        json!({ "id": key["data"]["createApiKey"]["apiKey"]["id"] }),
        Some(&owner_token),
    )
    .await;

    let log = app.call(AUDIT, json!({}), Some(&owner_token)).await;
    let actions: Vec<&str> = log["data"]["auditLog"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{log}"))
        .iter()
        .map(|e| e["node"]["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "API_KEY_REVOKED",
            "API_KEY_FIRST_USED",
            "API_KEY_CREATED",
            "INVITATION_ACCEPTED",
            "INVITATION_SENT",
            "SIGN_IN",
            "SIGN_IN_FAILED",
        ],
        "{log}"
    );
    let edges = log["data"]["auditLog"]["edges"].as_array().unwrap();
    assert_eq!(
        edges[1]["node"]["apiKeyPrefix"]
            .as_str()
            .map(|p| p.starts_with("kura_")),
        Some(true)
    );
    assert_eq!(edges[5]["node"]["actor"]["email"], "taro@example.jp");

    // Pages follow the cursor without overlap.
    let first = app
        .call(AUDIT, json!({ "first": 3 }), Some(&owner_token))
        .await;
    assert_eq!(first["data"]["auditLog"]["pageInfo"]["hasNextPage"], true);
    let after = first["data"]["auditLog"]["pageInfo"]["endCursor"].clone();
    let next = app
        .call(
            AUDIT,
            json!({ "first": 3, "after": after }),
            Some(&owner_token),
        )
        .await;
    assert_eq!(
        next["data"]["auditLog"]["edges"][0]["node"]["action"], "INVITATION_ACCEPTED",
        "{next}"
    );

    assert_eq!(
        error_code(&app.call(AUDIT, json!({}), Some(&staff_token)).await),
        "FORBIDDEN"
    );
    let other = app.sign_up("other@example.jp").await;
    let theirs = app
        .call(AUDIT, json!({}), other["accessToken"].as_str())
        .await;
    let their_actions: Vec<&str> = theirs["data"]["auditLog"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["action"].as_str().unwrap())
        .collect();
    assert!(
        their_actions.is_empty(),
        "another company sees none of it: {theirs}"
    );
}

#[tokio::test]
async fn guessing_an_existing_accounts_password_on_an_invitation_is_throttled() {
    let app = spawn_app().await;
    let taro = app.sign_up("taro@example.jp").await;
    app.sign_up("hanako@example.jp").await;
    let invited = invite(
        &app,
        taro["accessToken"].as_str().unwrap(),
        "hanako@example.jp",
        "STAFF",
    )
    .await;
    let token = token_of(
        invited["data"]["inviteMember"]["acceptUrl"]
            .as_str()
            .unwrap(),
    );
    for _ in 0..5 {
        let wrong = app
            .call(
                ACCEPT,
                json!({ "input": { "token": token, "password": "wrong-password-1" } }),
                None,
            )
            .await;
        assert_eq!(error_code(&wrong), "UNAUTHENTICATED", "{wrong}");
    }
    let right = app
        .call(
            ACCEPT,
            json!({ "input": { "token": token, "password": PASSWORD } }),
            None,
        )
        .await;
    assert_eq!(error_code(&right), "RATE_LIMITED", "{right}");
}
