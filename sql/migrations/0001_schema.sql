-- Tables, constraints and indexes. Table and column names of the original system are kept
-- (customers, jobs, job_results, queue_history, worker_heartbeats, directories).

CREATE SCHEMA IF NOT EXISTS staff_api;
CREATE SCHEMA IF NOT EXISTS admin_api;
CREATE SCHEMA IF NOT EXISTS worker_api;

-- Functions are executable by PUBLIC by default; the API schemas grant them per role instead.
ALTER DEFAULT PRIVILEGES IN SCHEMA staff_api REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES IN SCHEMA admin_api REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES IN SCHEMA worker_api REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

-- The actor of a change: the role set with SET ROLE when there is one, else the login user.
-- Inside SECURITY DEFINER functions current_user is the owner, so it cannot serve.
CREATE FUNCTION public.dbolt_actor() RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN coalesce(current_setting('role', true), 'none') NOT IN ('none', '')
              THEN current_setting('role', true) ELSE session_user::text END
$$;
GRANT EXECUTE ON FUNCTION public.dbolt_actor() TO PUBLIC;

CREATE TABLE packages (
  name            text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_]{1,40}$'),
  directory_count integer NOT NULL CHECK (directory_count BETWEEN 1 AND 10000),
  description     text,
  sort_order      integer NOT NULL DEFAULT 0,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

INSERT INTO packages (name, directory_count, description, sort_order) VALUES
  ('starter', 10, 'Starter: 10 directories', 1),
  ('growth', 25, 'Growth: 25 directories', 2),
  ('professional', 50, 'Professional: 50 directories', 3),
  ('enterprise', 100, 'Enterprise: 100 directories', 4);

CREATE TABLE customers (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email                varchar(255) NOT NULL CHECK (position('@' IN email) > 1),
  business_name        varchar(255) NOT NULL CHECK (length(btrim(business_name)) > 0),
  business_address     text,
  street               text,
  city                 text,
  region               text,
  postal_code          text,
  country              text,
  business_phone       varchar(50),
  business_email       varchar(255),
  business_website     varchar(500),
  business_description text,
  business_categories  text[] NOT NULL DEFAULT '{}',
  contact_name         text,
  hours                text,
  keywords             text[] NOT NULL DEFAULT '{}',
  social_links         jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(social_links) = 'object'),
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX customers_email_normalized_key ON customers (lower(btrim(email)));
CREATE INDEX customers_business_name_idx ON customers (lower(business_name) text_pattern_ops);

CREATE TABLE directories (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name                 text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  homepage             text NOT NULL CHECK (homepage ~* '^https?://[^\s/]+'),
  -- Homepages are unique regardless of scheme, "www." and a trailing slash.
  homepage_key         text GENERATED ALWAYS AS (
                          rtrim(regexp_replace(lower(homepage), '^https?://(www\.)?', ''), '/')
                        ) STORED,
  submission_url       text CHECK (submission_url IS NULL OR submission_url ~* '^https?://[^\s/]+'),
  category             text,
  region               text,
  enabled              boolean NOT NULL DEFAULT false,
  -- Higher priority directories are chosen first for an order and claimed first.
  priority             integer NOT NULL DEFAULT 50 CHECK (priority BETWEEN 0 AND 1000),
  requires_login       boolean NOT NULL DEFAULT false,
  has_captcha          boolean NOT NULL DEFAULT false,
  max_concurrent       integer NOT NULL DEFAULT 1 CHECK (max_concurrent BETWEEN 1 AND 1000),
  min_interval_seconds numeric(10, 2) NOT NULL DEFAULT 0 CHECK (min_interval_seconds >= 0),
  field_hints          jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(field_hints) = 'object'),
  notes                text,
  last_submission_at   timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT directories_homepage_key UNIQUE (homepage_key)
);
CREATE INDEX directories_enabled_priority_idx ON directories (priority DESC, id) WHERE enabled;
CREATE INDEX directories_name_idx ON directories (lower(name));

CREATE TABLE jobs (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  customer_id        uuid NOT NULL REFERENCES customers (id),
  order_key          text UNIQUE,
  status             varchar(50) NOT NULL DEFAULT 'pending'
                       CHECK (status IN ('pending', 'in_progress', 'completed', 'failed', 'cancelled')),
  package_type       varchar(50) NOT NULL REFERENCES packages (name) ON UPDATE CASCADE,
  directories_total  integer NOT NULL CHECK (directories_total >= 0),
  directories_done   integer NOT NULL DEFAULT 0,
  progress           numeric(5, 2) NOT NULL DEFAULT 0,
  priority           integer NOT NULL DEFAULT 0,
  cancel_requested   boolean NOT NULL DEFAULT false,
  paused             boolean NOT NULL DEFAULT false,
  pending_count      integer NOT NULL DEFAULT 0,
  submitting_count   integer NOT NULL DEFAULT 0,
  succeeded_count    integer NOT NULL DEFAULT 0,
  failed_count       integer NOT NULL DEFAULT 0,
  manual_count       integer NOT NULL DEFAULT 0,
  skipped_count      integer NOT NULL DEFAULT 0,
  cancelled_count    integer NOT NULL DEFAULT 0,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  started_at         timestamptz,
  completed_at       timestamptz,
  error_message      text
);
CREATE INDEX jobs_status_created_idx ON jobs (status, created_at DESC);
CREATE INDEX jobs_active_idx ON jobs (priority DESC, created_at) WHERE status IN ('pending', 'in_progress');
CREATE INDEX jobs_customer_idx ON jobs (customer_id);
CREATE INDEX jobs_completed_at_idx ON jobs (completed_at) WHERE completed_at IS NOT NULL;

CREATE TABLE job_results (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  job_id           uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  directory_id     bigint NOT NULL REFERENCES directories (id),
  directory_name   varchar(255) NOT NULL,
  directory_url    varchar(500),
  status           varchar(50) NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'submitting', 'success', 'failed', 'requires_manual',
                                       'captcha_failed', 'skipped', 'cancelled')),
  -- How far a running submission got; 'submitting' means the submit action may have reached the directory.
  phase            text CHECK (phase IS NULL OR phase IN ('claimed', 'opening', 'filling', 'submitting', 'classifying')),
  reason_code      text,
  error_message    text,
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  claimed_by       text,
  lease_expires_at timestamptz,
  started_at       timestamptz,
  finished_at      timestamptz,
  submission_url   varchar(2000),
  screenshot_url   varchar(2000),
  evidence         jsonb NOT NULL DEFAULT '{}',
  resolved_by      text,
  resolved_at      timestamptz,
  proof_url        text,
  note             text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT job_results_job_directory_key UNIQUE (job_id, directory_id)
);
CREATE INDEX job_results_due_idx ON job_results (next_attempt_at) WHERE status = 'pending';
CREATE INDEX job_results_in_flight_idx ON job_results (directory_id) WHERE status = 'submitting';
CREATE INDEX job_results_lease_idx ON job_results (lease_expires_at) WHERE status = 'submitting';
CREATE INDEX job_results_manual_idx ON job_results (created_at, id) WHERE status IN ('requires_manual', 'captcha_failed');
CREATE INDEX job_results_finished_idx ON job_results (finished_at DESC, id DESC) WHERE finished_at IS NOT NULL;
CREATE INDEX job_results_directory_finished_idx ON job_results (directory_id, finished_at) WHERE finished_at IS NOT NULL;
CREATE INDEX job_results_job_status_idx ON job_results (job_id, status);

CREATE TABLE queue_history (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  job_id     uuid REFERENCES jobs (id),
  result_id  bigint,
  event_type varchar(50) NOT NULL,
  event_data jsonb NOT NULL DEFAULT '{}',
  actor      text NOT NULL DEFAULT public.dbolt_actor(),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX queue_history_job_idx ON queue_history (job_id, id);
CREATE INDEX queue_history_created_idx ON queue_history (created_at DESC);

CREATE TABLE worker_heartbeats (
  worker_id       text PRIMARY KEY,
  host            text NOT NULL,
  pid             integer NOT NULL,
  version         text,
  concurrency     integer NOT NULL DEFAULT 1,
  status          text NOT NULL DEFAULT 'idle'
                    CHECK (status IN ('starting', 'idle', 'busy', 'draining', 'paused', 'stopped')),
  current_tasks   jsonb NOT NULL DEFAULT '[]',
  started_at      timestamptz NOT NULL DEFAULT now(),
  last_heartbeat  timestamptz NOT NULL DEFAULT now(),
  processed_count bigint NOT NULL DEFAULT 0,
  failed_count    bigint NOT NULL DEFAULT 0
);
CREATE INDEX worker_heartbeats_last_idx ON worker_heartbeats (last_heartbeat DESC);

-- queue_history is append-only: only the retention function (which sets this flag) may delete.
CREATE FUNCTION public.queue_history_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('dbolt.history_retention', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'queue_history is append-only (% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER queue_history_append_only
  BEFORE UPDATE OR DELETE ON queue_history
  FOR EACH ROW EXECUTE FUNCTION public.queue_history_append_only();
CREATE TRIGGER queue_history_no_truncate
  BEFORE TRUNCATE ON queue_history
  FOR EACH STATEMENT EXECUTE FUNCTION public.queue_history_append_only();

CREATE FUNCTION public.touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END $$;
CREATE TRIGGER customers_touch BEFORE UPDATE ON customers FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();
CREATE TRIGGER directories_touch BEFORE UPDATE ON directories FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();
CREATE TRIGGER packages_touch BEFORE UPDATE ON packages FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();
