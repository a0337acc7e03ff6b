-- Staff console: indexes for its bounded queries and rollups that keep its figures cheap at
-- millions of rows. Every figure of the Analytics tab reads a few hundred rollup rows at most.
--   console_hourly          : one row per hour (UTC) of finished submissions and completed jobs
--   console_directory_daily : one row per directory and day (UTC) of finished submissions
--   console_job_status      : one row per job status with the number of jobs in it
-- Statement-level triggers with transition tables keep them exact in the same transaction as the
-- change (a retry subtracts what the earlier finish added). console_rebuild_rollups() recomputes
-- them from scratch (after a bulk load with triggers off, e.g. `dbolt dev seed`).

-- Latest results of a job (Jobs tab, job detail) without sorting all of its results.
CREATE INDEX IF NOT EXISTS job_results_job_finished_idx
  ON job_results (job_id, finished_at DESC, id DESC) WHERE finished_at IS NOT NULL;
-- Queue tab: pending jobs only, in claim order.
CREATE INDEX IF NOT EXISTS jobs_pending_idx
  ON jobs (priority DESC, created_at, id) WHERE status = 'pending';

CREATE TABLE IF NOT EXISTS console_hourly (
  hour           timestamptz PRIMARY KEY,
  finished       bigint NOT NULL DEFAULT 0,   -- success + failed + manual review
  succeeded      bigint NOT NULL DEFAULT 0,
  failed         bigint NOT NULL DEFAULT 0,
  manual         bigint NOT NULL DEFAULT 0,
  duration_ms    bigint NOT NULL DEFAULT 0,   -- sum over finished submissions with a start time
  timed          bigint NOT NULL DEFAULT 0,
  jobs_completed bigint NOT NULL DEFAULT 0,
  job_seconds    numeric NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS console_directory_daily (
  directory_id    bigint NOT NULL,
  day             date NOT NULL,
  finished        bigint NOT NULL DEFAULT 0,
  succeeded       bigint NOT NULL DEFAULT 0,
  failed          bigint NOT NULL DEFAULT 0,
  manual          bigint NOT NULL DEFAULT 0,
  duration_ms     bigint NOT NULL DEFAULT 0,
  timed           bigint NOT NULL DEFAULT 0,
  last_success_at timestamptz,
  PRIMARY KEY (directory_id, day)
);
CREATE INDEX IF NOT EXISTS console_directory_daily_day_idx ON console_directory_daily (day, directory_id);

CREATE TABLE IF NOT EXISTS console_job_status (
  status text PRIMARY KEY,
  jobs   bigint NOT NULL DEFAULT 0
);

-- Results waiting in manual review (requires_manual + captcha_failed), kept exact by trigger.
CREATE TABLE IF NOT EXISTS console_counters (
  name  text PRIMARY KEY,
  value bigint NOT NULL DEFAULT 0
);

-- Apply signed contributions of finished submissions (sign +1 added, -1 taken back).
CREATE OR REPLACE FUNCTION public.console_apply_results(p jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  WITH c AS (
    SELECT (e->>'sign')::int AS sign, (e->>'finished_at')::timestamptz AS finished_at,
           (e->>'started_at')::timestamptz AS started_at, e->>'status' AS status,
           (e->>'directory_id')::bigint AS directory_id
      FROM jsonb_array_elements(p) e
  )
  INSERT INTO console_hourly AS h (hour, finished, succeeded, failed, manual, duration_ms, timed)
  SELECT date_trunc('hour', finished_at, 'UTC'), sum(sign),
         sum(sign * (status = 'success')::int), sum(sign * (status = 'failed')::int),
         sum(sign * (status IN ('requires_manual', 'captcha_failed'))::int),
         coalesce(sum(sign * (extract(epoch FROM finished_at - started_at) * 1000)::bigint)
                    FILTER (WHERE started_at IS NOT NULL), 0),
         count(*) FILTER (WHERE started_at IS NOT NULL AND sign > 0)
           - count(*) FILTER (WHERE started_at IS NOT NULL AND sign < 0)
    FROM c GROUP BY 1 ORDER BY 1
  ON CONFLICT (hour) DO UPDATE SET
    finished = h.finished + EXCLUDED.finished, succeeded = h.succeeded + EXCLUDED.succeeded,
    failed = h.failed + EXCLUDED.failed, manual = h.manual + EXCLUDED.manual,
    duration_ms = h.duration_ms + EXCLUDED.duration_ms, timed = h.timed + EXCLUDED.timed;

  WITH c AS (
    SELECT (e->>'sign')::int AS sign, (e->>'finished_at')::timestamptz AS finished_at,
           (e->>'started_at')::timestamptz AS started_at, e->>'status' AS status,
           (e->>'directory_id')::bigint AS directory_id
      FROM jsonb_array_elements(p) e
  )
  INSERT INTO console_directory_daily AS d (directory_id, day, finished, succeeded, failed, manual,
                                            duration_ms, timed, last_success_at)
  SELECT directory_id, (finished_at AT TIME ZONE 'UTC')::date, sum(sign),
         sum(sign * (status = 'success')::int), sum(sign * (status = 'failed')::int),
         sum(sign * (status IN ('requires_manual', 'captcha_failed'))::int),
         coalesce(sum(sign * (extract(epoch FROM finished_at - started_at) * 1000)::bigint)
                    FILTER (WHERE started_at IS NOT NULL), 0),
         count(*) FILTER (WHERE started_at IS NOT NULL AND sign > 0)
           - count(*) FILTER (WHERE started_at IS NOT NULL AND sign < 0),
         max(finished_at) FILTER (WHERE sign > 0 AND status = 'success')
    FROM c GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (directory_id, day) DO UPDATE SET
    finished = d.finished + EXCLUDED.finished, succeeded = d.succeeded + EXCLUDED.succeeded,
    failed = d.failed + EXCLUDED.failed, manual = d.manual + EXCLUDED.manual,
    duration_ms = d.duration_ms + EXCLUDED.duration_ms, timed = d.timed + EXCLUDED.timed,
    last_success_at = greatest(d.last_success_at, EXCLUDED.last_success_at);
END $$;

CREATE OR REPLACE FUNCTION public.console_results_rollup() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  v jsonb;
  d bigint;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT jsonb_agg(jsonb_build_object('sign', 1, 'finished_at', n.finished_at, 'started_at', n.started_at,
                                        'status', n.status, 'directory_id', n.directory_id))
      INTO v FROM new_rows n
     WHERE n.finished_at IS NOT NULL
       AND n.status IN ('success', 'failed', 'requires_manual', 'captcha_failed');
  ELSIF TG_OP = 'UPDATE' THEN
    -- One pass over the changed rows: what they add, what they take back, the manual-review delta.
    -- Claims, lease renewals and phase changes contribute nothing and cost one join.
    SELECT coalesce(jsonb_agg(jsonb_build_object('sign', 1, 'finished_at', n.finished_at, 'started_at', n.started_at,
                                                 'status', n.status, 'directory_id', n.directory_id))
                      FILTER (WHERE n.finished_at IS NOT NULL
                                AND n.status IN ('success', 'failed', 'requires_manual', 'captcha_failed')), '[]')
           || coalesce(jsonb_agg(jsonb_build_object('sign', -1, 'finished_at', o.finished_at, 'started_at', o.started_at,
                                                    'status', o.status, 'directory_id', o.directory_id))
                         FILTER (WHERE o.finished_at IS NOT NULL
                                   AND o.status IN ('success', 'failed', 'requires_manual', 'captcha_failed')), '[]'),
           count(*) FILTER (WHERE n.status IN ('requires_manual', 'captcha_failed'))
             - count(*) FILTER (WHERE o.status IN ('requires_manual', 'captcha_failed'))
      INTO v, d
      FROM new_rows n JOIN old_rows o ON o.id = n.id
     WHERE (o.status, o.finished_at, o.started_at, o.directory_id)
             IS DISTINCT FROM (n.status, n.finished_at, n.started_at, n.directory_id);
    IF v = '[]'::jsonb THEN
      v := NULL;
    END IF;
  ELSE
    SELECT jsonb_agg(jsonb_build_object('sign', -1, 'finished_at', o.finished_at, 'started_at', o.started_at,
                                        'status', o.status, 'directory_id', o.directory_id))
      INTO v FROM old_rows o
     WHERE o.finished_at IS NOT NULL
       AND o.status IN ('success', 'failed', 'requires_manual', 'captcha_failed');
  END IF;
  IF v IS NOT NULL THEN
    PERFORM public.console_apply_results(v);
  END IF;
  IF TG_OP = 'INSERT' THEN
    SELECT count(*) INTO d FROM new_rows n WHERE n.status IN ('requires_manual', 'captcha_failed');
  ELSIF TG_OP = 'DELETE' THEN
    SELECT -count(*) INTO d FROM old_rows o WHERE o.status IN ('requires_manual', 'captcha_failed');
  END IF;
  IF coalesce(d, 0) <> 0 THEN
    INSERT INTO console_counters AS k (name, value) VALUES ('manual_review', d)
    ON CONFLICT (name) DO UPDATE SET value = k.value + EXCLUDED.value;
  END IF;
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS console_results_rollup_ins ON job_results;
DROP TRIGGER IF EXISTS console_results_rollup_upd ON job_results;
DROP TRIGGER IF EXISTS console_results_rollup_del ON job_results;
CREATE TRIGGER console_results_rollup_ins AFTER INSERT ON job_results
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.console_results_rollup();
CREATE TRIGGER console_results_rollup_upd AFTER UPDATE ON job_results
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.console_results_rollup();
CREATE TRIGGER console_results_rollup_del AFTER DELETE ON job_results
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.console_results_rollup();

-- Job status counts and completed jobs per hour.
CREATE OR REPLACE FUNCTION public.console_jobs_rollup() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO console_job_status AS s (status, jobs)
    SELECT n.status, count(*) FROM new_rows n GROUP BY 1 ORDER BY 1
    ON CONFLICT (status) DO UPDATE SET jobs = s.jobs + EXCLUDED.jobs;
    INSERT INTO console_hourly AS h (hour, jobs_completed, job_seconds)
    SELECT date_trunc('hour', n.completed_at, 'UTC'), count(*),
           coalesce(sum(extract(epoch FROM n.completed_at - n.started_at)) FILTER (WHERE n.started_at IS NOT NULL), 0)
      FROM new_rows n WHERE n.completed_at IS NOT NULL AND n.status = 'completed' GROUP BY 1 ORDER BY 1
    ON CONFLICT (hour) DO UPDATE SET jobs_completed = h.jobs_completed + EXCLUDED.jobs_completed,
                                     job_seconds = h.job_seconds + EXCLUDED.job_seconds;
  ELSIF TG_OP = 'UPDATE' THEN
    -- Most job updates are counter changes: leave at once when no status or completion changed.
    IF NOT EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
                    WHERE o.status <> n.status OR o.completed_at IS DISTINCT FROM n.completed_at) THEN
      RETURN NULL;
    END IF;
    INSERT INTO console_job_status AS s (status, jobs)
    SELECT c.status, sum(c.sign) FROM (
        SELECT n.status, 1 AS sign FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE o.status <> n.status
        UNION ALL
        SELECT o.status, -1 FROM old_rows o JOIN new_rows n ON o.id = n.id WHERE o.status <> n.status) c
     GROUP BY 1 ORDER BY 1
    ON CONFLICT (status) DO UPDATE SET jobs = s.jobs + EXCLUDED.jobs;
    INSERT INTO console_hourly AS h (hour, jobs_completed, job_seconds)
    SELECT c.hour, sum(c.sign), sum(c.sign * c.secs) FROM (
        SELECT date_trunc('hour', n.completed_at, 'UTC') AS hour, 1 AS sign,
               coalesce(extract(epoch FROM n.completed_at - n.started_at), 0) AS secs
          FROM new_rows n JOIN old_rows o ON o.id = n.id
         WHERE (o.status, o.completed_at) IS DISTINCT FROM (n.status, n.completed_at)
           AND n.status = 'completed' AND n.completed_at IS NOT NULL
        UNION ALL
        SELECT date_trunc('hour', o.completed_at, 'UTC'), -1,
               coalesce(extract(epoch FROM o.completed_at - o.started_at), 0)
          FROM old_rows o JOIN new_rows n ON o.id = n.id
         WHERE (o.status, o.completed_at) IS DISTINCT FROM (n.status, n.completed_at)
           AND o.status = 'completed' AND o.completed_at IS NOT NULL) c
     GROUP BY 1 ORDER BY 1
    ON CONFLICT (hour) DO UPDATE SET jobs_completed = h.jobs_completed + EXCLUDED.jobs_completed,
                                     job_seconds = h.job_seconds + EXCLUDED.job_seconds;
  ELSE
    INSERT INTO console_job_status AS s (status, jobs)
    SELECT o.status, -count(*) FROM old_rows o GROUP BY 1 ORDER BY 1
    ON CONFLICT (status) DO UPDATE SET jobs = s.jobs + EXCLUDED.jobs;
  END IF;
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS console_jobs_rollup_ins ON jobs;
DROP TRIGGER IF EXISTS console_jobs_rollup_upd ON jobs;
DROP TRIGGER IF EXISTS console_jobs_rollup_del ON jobs;
CREATE TRIGGER console_jobs_rollup_ins AFTER INSERT ON jobs
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.console_jobs_rollup();
CREATE TRIGGER console_jobs_rollup_upd AFTER UPDATE ON jobs
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.console_jobs_rollup();
CREATE TRIGGER console_jobs_rollup_del AFTER DELETE ON jobs
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.console_jobs_rollup();

-- Recompute every rollup from the base tables (after a bulk load with triggers disabled).
CREATE OR REPLACE FUNCTION public.console_rebuild_rollups() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM console_hourly;
  DELETE FROM console_directory_daily;
  DELETE FROM console_job_status;
  DELETE FROM console_counters;
  INSERT INTO console_counters (name, value)
  SELECT 'manual_review', count(*) FROM job_results WHERE status IN ('requires_manual', 'captcha_failed');
  INSERT INTO console_job_status (status, jobs) SELECT status, count(*) FROM jobs GROUP BY 1;
  INSERT INTO console_hourly (hour, finished, succeeded, failed, manual, duration_ms, timed)
  SELECT date_trunc('hour', finished_at, 'UTC'), count(*), count(*) FILTER (WHERE status = 'success'),
         count(*) FILTER (WHERE status = 'failed'),
         count(*) FILTER (WHERE status IN ('requires_manual', 'captcha_failed')),
         coalesce(sum((extract(epoch FROM finished_at - started_at) * 1000)::bigint), 0),
         count(started_at)
    FROM job_results
   WHERE finished_at IS NOT NULL AND status IN ('success', 'failed', 'requires_manual', 'captcha_failed')
   GROUP BY 1;
  INSERT INTO console_hourly AS h (hour, jobs_completed, job_seconds)
  SELECT date_trunc('hour', completed_at, 'UTC'), count(*),
         coalesce(sum(extract(epoch FROM completed_at - started_at)), 0)
    FROM jobs WHERE status = 'completed' AND completed_at IS NOT NULL GROUP BY 1
  ON CONFLICT (hour) DO UPDATE SET jobs_completed = EXCLUDED.jobs_completed, job_seconds = EXCLUDED.job_seconds;
  INSERT INTO console_directory_daily (directory_id, day, finished, succeeded, failed, manual, duration_ms,
                                       timed, last_success_at)
  SELECT directory_id, (finished_at AT TIME ZONE 'UTC')::date, count(*), count(*) FILTER (WHERE status = 'success'),
         count(*) FILTER (WHERE status = 'failed'),
         count(*) FILTER (WHERE status IN ('requires_manual', 'captcha_failed')),
         coalesce(sum((extract(epoch FROM finished_at - started_at) * 1000)::bigint), 0),
         count(started_at), max(finished_at) FILTER (WHERE status = 'success')
    FROM job_results
   WHERE finished_at IS NOT NULL AND status IN ('success', 'failed', 'requires_manual', 'captcha_failed')
   GROUP BY 1, 2;
END $$;

SELECT public.console_rebuild_rollups();
