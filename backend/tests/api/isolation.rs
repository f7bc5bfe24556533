//! Tenant isolation, wall 2: PostgreSQL row-level security, attacked directly with SQL as
//! the app's own role. On SQLite these tests have nothing to attack and say so.

use sea_orm::{
    ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement, TransactionTrait,
};
use serde_json::json;

use crate::helpers::{TestApp, app_role_url, spawn_app};

const SIGN_UP: &str =
    "mutation($input: SignUpInput!) { signUp(input: $input) { tenant { id } user { id } } }";

async fn company(app: &TestApp, email: &str) -> uuid::Uuid {
    let body = app
        .client
        .post(format!("{}/graphql", app.address))
        .json(&json!({ "query": SIGN_UP, "variables": { "input": {
            "email": email, "password": "umbrella-tofu-42", "name": "Owner", "companyName": email } } }))
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    let id = body["data"]["signUp"]["tenant"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    use base64::Engine;
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(id)
        .unwrap();
    String::from_utf8(raw)
        .unwrap()
        .split_once(':')
        .unwrap()
        .1
        .parse()
        .unwrap()
}

/// The app role's connection, or `None` on SQLite.
async fn as_app_role(app: &TestApp) -> Option<DatabaseConnection> {
    let url = app.database_url.as_ref()?;
    Some(Database::connect(app_role_url(url)).await.unwrap())
}

async fn count(db: &impl ConnectionTrait, sql: &str) -> i64 {
    db.query_one_raw(Statement::from_string(DbBackend::Postgres, sql))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap()
}

async fn set_tenant(db: &impl ConnectionTrait, tenant: uuid::Uuid) {
    db.execute_raw(Statement::from_string(
        DbBackend::Postgres,
        format!("SELECT set_config('app.tenant_id', '{tenant}', true)"),
    ))
    .await
    .unwrap();
}

#[tokio::test]
async fn every_tenant_table_has_forced_row_level_security() {
    let app = spawn_app().await;
    if app.database_url.is_none() {
        eprintln!("SQLite: no row-level security to check");
        return;
    }
    let unprotected = app
        .db
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relkind = 'r'
               AND (c.relname = 'tenants' OR EXISTS (SELECT 1 FROM pg_attribute a
                    WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped))
               AND NOT (c.relrowsecurity AND c.relforcerowsecurity)",
        ))
        .await
        .unwrap()
        .into_iter()
        .map(|row| row.try_get::<String>("", "name").unwrap())
        .collect::<Vec<_>>();
    assert!(
        unprotected.is_empty(),
        "tenant tables without forced RLS: {unprotected:?}"
    );
}

#[tokio::test]
async fn the_app_role_cannot_escape_row_level_security() {
    let app = spawn_app().await;
    let Some(db) = as_app_role(&app).await else {
        eprintln!("SQLite: no roles to check");
        return;
    };
    let row = db
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT rolsuper, rolbypassrls, EXISTS (SELECT 1 FROM pg_tables
               WHERE schemaname = 'public' AND tableowner = current_user) AS owns
             FROM pg_roles WHERE rolname = current_user",
        ))
        .await
        .unwrap()
        .unwrap();
    assert!(!row.try_get::<bool>("", "rolsuper").unwrap());
    assert!(!row.try_get::<bool>("", "rolbypassrls").unwrap());
    assert!(!row.try_get::<bool>("", "owns").unwrap());
}

#[tokio::test]
async fn a_query_that_forgets_the_tenant_filter_still_sees_only_its_tenant() {
    let app = spawn_app().await;
    let a = company(&app, "a@example.jp").await;
    let b = company(&app, "b@example.jp").await;
    let Some(db) = as_app_role(&app).await else {
        eprintln!("SQLite: no row-level security to attack");
        return;
    };
    // No tenant set: nothing at all, not everything.
    assert_eq!(count(&db, "SELECT count(*) AS n FROM memberships").await, 0);
    assert_eq!(count(&db, "SELECT count(*) AS n FROM tenants").await, 0);

    let txn = db.begin().await.unwrap();
    set_tenant(&txn, a).await;
    assert_eq!(
        count(&txn, "SELECT count(*) AS n FROM memberships").await,
        1
    );
    assert_eq!(count(&txn, "SELECT count(*) AS n FROM tenants").await, 1);
    assert_eq!(
        count(
            &txn,
            &format!("SELECT count(*) AS n FROM tenants WHERE id = '{b}'")
        )
        .await,
        0,
        "tenant B is invisible even when asked for by id"
    );
    // Writing a row into tenant B from tenant A's scope is refused.
    let forged = txn
        .execute_raw(Statement::from_string(
            DbBackend::Postgres,
            format!(
                "INSERT INTO memberships (tenant_id, user_id, role)
                 SELECT '{b}', user_id, 'ADMIN' FROM memberships LIMIT 1"
            ),
        ))
        .await;
    assert!(
        forged.is_err(),
        "row-level security must refuse another tenant's tenant_id"
    );
    txn.rollback().await.unwrap();
}

/// The tenant's own id, from its stock fixture, as the owner sees it.
async fn stock_ids(app: &TestApp, token: &str) -> (uuid::Uuid, uuid::Uuid) {
    let s = app.stocked(token).await;
    let decode = |id: &serde_json::Value| -> uuid::Uuid {
        use base64::Engine;
        let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(id.as_str().unwrap())
            .unwrap();
        String::from_utf8(raw)
            .unwrap()
            .split_once(':')
            .unwrap()
            .1
            .parse()
            .unwrap()
    };
    (decode(&s.variant), decode(&s.location))
}

#[tokio::test]
async fn stock_rows_and_the_ledger_stay_inside_their_tenant_and_the_ledger_is_append_only() {
    let app = spawn_app().await;
    let a_token = app.sign_up("a@example.jp").await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let b = app.sign_up("b@example.jp").await;
    let (variant, location) = stock_ids(&app, &a_token).await;
    let Some(db) = as_app_role(&app).await else {
        eprintln!("SQLite: no row-level security to attack");
        return;
    };
    let tenant_b: uuid::Uuid = {
        use base64::Engine;
        let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(b["tenant"]["id"].as_str().unwrap())
            .unwrap();
        String::from_utf8(raw)
            .unwrap()
            .split_once(':')
            .unwrap()
            .1
            .parse()
            .unwrap()
    };
    for table in [
        "stock_levels",
        "stock_movements",
        "product_variants",
        "locations",
        "outbox_events",
    ] {
        assert_eq!(
            count(&db, &format!("SELECT count(*) AS n FROM {table}")).await,
            0,
            "{table}: nothing without a tenant"
        );
    }
    let txn = db.begin().await.unwrap();
    set_tenant(&txn, tenant_b).await;
    assert_eq!(
        count(&txn, "SELECT count(*) AS n FROM stock_movements").await,
        0
    );
    txn.rollback().await.unwrap();

    // Even for its own tenant, the app role can only append to the ledger.
    let a_tenant: uuid::Uuid = {
        let row = app
            .db
            .query_one_raw(Statement::from_string(
                DbBackend::Postgres,
                format!(
                    "SELECT tenant_id FROM stock_movements WHERE variant_id = '{variant}' LIMIT 1"
                ),
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get("", "tenant_id").unwrap()
    };
    let txn = db.begin().await.unwrap();
    set_tenant(&txn, a_tenant).await;
    let changed = txn
        .execute_raw(Statement::from_string(
            DbBackend::Postgres,
            "UPDATE stock_movements SET delta = delta + 1",
        ))
        .await
        .unwrap();
    assert_eq!(changed.rows_affected(), 0, "no movement can be rewritten");
    let deleted = txn
        .execute_raw(Statement::from_string(
            DbBackend::Postgres,
            "DELETE FROM stock_movements",
        ))
        .await
        .unwrap();
    assert_eq!(deleted.rows_affected(), 0, "no movement can be deleted");
    txn.rollback().await.unwrap();

    // A row of tenant B can never point at tenant A's variant, whoever writes it: the
    // composite foreign keys refuse it even for the owner, who bypasses row-level security.
    let forged = app
        .db
        .execute_raw(Statement::from_string(
            DbBackend::Postgres,
            format!(
                "INSERT INTO stock_levels (tenant_id, variant_id, location_id, id, on_hand, allocated, incoming, version, updated_at)
                 VALUES ('{tenant_b}', '{variant}', '{location}', gen_random_uuid(), 5, 0, 0, 1, now())"
            ),
        ))
        .await;
    assert!(
        forged.is_err(),
        "composite foreign keys keep references inside a tenant"
    );
}
