-- Least-privilege group roles (NOLOGIN); log-in users are made members of one of them.
-- Idempotent: `dbolt db roles` runs it, and `dbolt db migrate` re-applies the grants when the
-- roles exist, so that functions added by later migrations are covered.
--   dbolt_staff : read everything; staff_api (orders, cancel, retry, resolve manual, worker controls)
--   dbolt_admin : dbolt_staff + admin_api (directories, packages) and writes to those two tables
--   dbolt_worker: worker_api only; no table privileges at all

DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['dbolt_staff', 'dbolt_admin', 'dbolt_worker'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN', r);
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL;  -- created concurrently by another session
      END;
    END IF;
  END LOOP;
END $$;

REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA staff_api, admin_api, worker_api FROM PUBLIC;

GRANT USAGE ON SCHEMA public TO dbolt_staff, dbolt_admin, dbolt_worker;
GRANT EXECUTE ON FUNCTION public.dbolt_actor() TO dbolt_staff, dbolt_admin, dbolt_worker;

GRANT SELECT ON ALL TABLES IN SCHEMA public TO dbolt_staff;
GRANT USAGE ON SCHEMA staff_api TO dbolt_staff;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA staff_api TO dbolt_staff;

GRANT dbolt_staff TO dbolt_admin;
GRANT USAGE ON SCHEMA admin_api TO dbolt_admin;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA admin_api TO dbolt_admin;
GRANT INSERT, UPDATE ON directories, packages TO dbolt_admin;

GRANT USAGE ON SCHEMA worker_api TO dbolt_worker;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA worker_api TO dbolt_worker;
