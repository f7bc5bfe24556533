//! The second wall of tenant isolation (PostgreSQL only): row-level security.
//!
//! Every transaction sets `app.tenant_id` (and, for a person's own rows, `app.user_id` or
//! `app.session_id`) with `set_config(…, true)`. Policies compare against those settings
//! and fail closed: an unset setting reads as `''` or NULL, which matches no row. `FORCE`
//! makes the policies apply to the tables' owner too; only superusers and `BYPASSRLS`
//! roles escape them, which is why Kura's app role is neither.
//!
//! Identity tables that are looked up before anyone is known (`users` by email at
//! sign-in, `refresh_tokens` by the hash of a secret) are deliberately not tenant tables.

use sea_orm_migration::{prelude::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Functions reading the request's scope; NULL when unset, so comparisons fail closed.
const FUNCTIONS: &str = r#"
CREATE FUNCTION kura_current_tenant() RETURNS uuid LANGUAGE sql STABLE AS
  $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$;
CREATE FUNCTION kura_current_user() RETURNS uuid LANGUAGE sql STABLE AS
  $$ SELECT NULLIF(current_setting('app.user_id', true), '')::uuid $$;
CREATE FUNCTION kura_current_session() RETURNS uuid LANGUAGE sql STABLE AS
  $$ SELECT NULLIF(current_setting('app.session_id', true), '')::uuid $$;
"#;

const POLICIES: &str = r#"
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants
  USING (id = kura_current_tenant()
         OR EXISTS (SELECT 1 FROM memberships m
                    WHERE m.tenant_id = tenants.id AND m.user_id = kura_current_user()))
  WITH CHECK (id = kura_current_tenant());

ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON memberships
  USING (tenant_id = kura_current_tenant() OR user_id = kura_current_user())
  WITH CHECK (tenant_id = kura_current_tenant());

ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_only ON sessions
  USING (user_id = kura_current_user() OR id = kura_current_session())
  WITH CHECK (user_id = kura_current_user() OR id = kura_current_session());
"#;

const DROP: &str = r#"
DROP POLICY IF EXISTS owner_only ON sessions;
ALTER TABLE sessions NO FORCE ROW LEVEL SECURITY;
ALTER TABLE sessions DISABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant_isolation ON memberships;
ALTER TABLE memberships NO FORCE ROW LEVEL SECURITY;
ALTER TABLE memberships DISABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant_isolation ON tenants;
ALTER TABLE tenants NO FORCE ROW LEVEL SECURITY;
ALTER TABLE tenants DISABLE ROW LEVEL SECURITY;
DROP FUNCTION IF EXISTS kura_current_session();
DROP FUNCTION IF EXISTS kura_current_user();
DROP FUNCTION IF EXISTS kura_current_tenant();
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Postgres {
            // SQLite has no row-level security; there the tenant-scoped store (wall 1)
            // is the protection.
            return Ok(());
        }
        let db = manager.get_connection();
        db.execute_unprepared(FUNCTIONS).await?;
        db.execute_unprepared(POLICIES).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        manager.get_connection().execute_unprepared(DROP).await?;
        Ok(())
    }
}
