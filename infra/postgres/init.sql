-- Kura: database roles. Run once by the postgres image on first start
-- (/docker-entrypoint-initdb.d), as the bootstrap superuser, connected to
-- POSTGRES_DB. Passwords come from the container environment via psql's
-- \getenv (psql >= 15): KURA_OWNER_PASSWORD, KURA_APP_PASSWORD.
--
--   kura_owner  owns the database, the public schema and (through
--               `kura migrate up`) every table. Not superuser, no BYPASSRLS.
--   kura_app    what the running replicas connect as. Not superuser, no
--               BYPASSRLS, owns nothing, cannot create objects: it only gets
--               DML on what kura_owner creates, so row-level security (with
--               FORCE ROW LEVEL SECURITY) always applies to it.

\set ON_ERROR_STOP on
\getenv owner_password KURA_OWNER_PASSWORD
\getenv app_password KURA_APP_PASSWORD

\if :{?owner_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'KURA_OWNER_PASSWORD is not set'; END $$;
\endif
\if :{?app_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'KURA_APP_PASSWORD is not set'; END $$;
\endif

CREATE ROLE kura_owner LOGIN PASSWORD :'owner_password'
  NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
CREATE ROLE kura_app LOGIN PASSWORD :'app_password'
  NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT;

-- The owner role owns the database and its public schema: migrations create
-- tables, indexes, RLS policies and (trusted) extensions as kura_owner.
ALTER DATABASE :"DBNAME" OWNER TO kura_owner;
ALTER SCHEMA public OWNER TO kura_owner;
REVOKE ALL ON DATABASE :"DBNAME" FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"DBNAME" TO kura_app;
GRANT USAGE ON SCHEMA public TO kura_app;

-- Everything kura_owner creates later in public is usable by kura_app
-- (data access only: no TRUNCATE, REFERENCES or TRIGGER, no DDL).
-- A migration may still narrow this per table, e.g.
--   REVOKE UPDATE, DELETE ON stock_movements FROM kura_app;  -- append-only
ALTER DEFAULT PRIVILEGES FOR ROLE kura_owner IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO kura_app;
ALTER DEFAULT PRIVILEGES FOR ROLE kura_owner IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO kura_app;
ALTER DEFAULT PRIVILEGES FOR ROLE kura_owner IN SCHEMA public
  GRANT EXECUTE ON FUNCTIONS TO kura_app;

-- Guard rails for the request path.
ALTER ROLE kura_app SET statement_timeout = '30s';
ALTER ROLE kura_app SET idle_in_transaction_session_timeout = '60s';
