-- The queue engine: what workers call (worker_api) and the staff controls over workers (staff_api).
--
-- Lock order, everywhere, so that concurrent claims, finishes, sweeps and staff calls cannot
-- deadlock: directory_throttle -> directories -> jobs -> job_results (each set in id order).
-- The worker role has no table privileges: every function returns all a worker needs.

-- Runtime state per directory used by the claim: its row lock serialises claims per directory
-- (so max_concurrent holds across all workers) and last_claimed_at spaces claims by
-- min_interval_seconds. A separate table so that claims neither touch directories.updated_at
-- nor fire the directories NOTIFY nor conflict with catalog edits.
CREATE TABLE directory_throttle (
  directory_id    bigint PRIMARY KEY REFERENCES directories (id) ON DELETE CASCADE,
  last_claimed_at timestamptz
);
INSERT INTO directory_throttle (directory_id) SELECT id FROM directories ON CONFLICT DO NOTHING;

-- SECURITY DEFINER: dbolt_admin may insert directories but has no privilege on this table.
CREATE FUNCTION public.directories_add_throttle() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO directory_throttle (directory_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER directories_add_throttle AFTER INSERT ON directories
  FOR EACH ROW EXECUTE FUNCTION public.directories_add_throttle();

-- Staff controls read by workers at every heartbeat.
ALTER TABLE worker_heartbeats
  ADD COLUMN paused          boolean NOT NULL DEFAULT false,
  ADD COLUMN drain_requested boolean NOT NULL DEFAULT false;

CREATE TABLE worker_control (
  id         boolean PRIMARY KEY DEFAULT true CHECK (id),
  paused     boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text
);
INSERT INTO worker_control (id) VALUES (true);

-- Workers as shown to people: a worker whose heartbeat is older than dead_after_seconds
-- (session setting dbolt.dead_after_seconds, default 30) and that did not stop cleanly is 'dead'.
CREATE VIEW worker_status AS
SELECT h.worker_id, h.host, h.pid, h.version, h.concurrency,
       CASE WHEN h.status <> 'stopped'
             AND h.last_heartbeat < now() - coalesce(nullif(current_setting('dbolt.dead_after_seconds', true), '')::numeric, 30)
                                        * interval '1 second'
            THEN 'dead' ELSE h.status END AS status,
       h.status AS reported_status,
       h.paused OR c.paused AS paused,
       h.drain_requested,
       h.current_tasks, h.started_at, h.last_heartbeat,
       round(extract(epoch FROM now() - h.last_heartbeat)::numeric, 1) AS heartbeat_age_seconds,
       h.processed_count, h.failed_count
  FROM worker_heartbeats h CROSS JOIN worker_control c;

-- -------------------------------------------------------------------------------------------
-- Claim: up to p_limit due results in queue order, respecting every directory's limits.
-- One call (one round trip, one transaction). It runs several statements on purpose: the
-- in-flight count per directory is read by a statement that starts after the directory's
-- throttle row is locked, so it sees every claim committed before (READ COMMITTED snapshot per
-- statement) and none can be in progress: max_concurrent holds across all workers.
CREATE FUNCTION worker_api.claim(p_worker_id text, p_limit integer, p_lease_seconds numeric DEFAULT 120)
RETURNS TABLE (
  result_id bigint, job_id uuid, attempt integer, lease_expires_at timestamptz,
  directory_id bigint, directory_name text, homepage text, submission_url text, field_hints jsonb,
  has_captcha boolean, requires_login boolean,
  customer_id uuid, business_name text, email text, phone text, website text, contact_name text,
  address text, street text, city text, region text, postal_code text, country text,
  description text, categories text[], hours text, keywords text[], social_links jsonb
)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
DECLARE
  v_blocked bigint[];
  v_cand    bigint[];
  v_dirs    bigint[];
  v_job     uuid;
  v_want    integer;
  v_locked  bigint[];
BEGIN
  IF p_worker_id IS NULL OR btrim(p_worker_id) = '' THEN
    RAISE EXCEPTION 'worker id is required' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF p_limit IS NULL OR p_limit < 1 THEN
    RETURN;
  END IF;
  -- A claim lost in a server crash is harmless: set_phase('submitting') (a synchronous commit,
  -- which also flushes this one) answers 'lost' and nothing is submitted. So no fsync wait here.
  PERFORM set_config('synchronous_commit', 'off', true);

  -- 1. Directories that cannot take more right now (in-flight rows are few; cheap).
  SELECT coalesce(array_agg(b.id), '{}') INTO v_blocked FROM (
    SELECT f.directory_id AS id
      FROM (SELECT r.directory_id, count(*) AS n FROM job_results r
             WHERE r.status = 'submitting' GROUP BY r.directory_id) f
      JOIN directories d ON d.id = f.directory_id
     WHERE f.n >= d.max_concurrent
    UNION
    SELECT d.id FROM directories d JOIN directory_throttle t ON t.directory_id = d.id
     WHERE d.min_interval_seconds > 0
       AND greatest(t.last_claimed_at, d.last_submission_at)
           + d.min_interval_seconds * interval '1 second' > now()) b;

  -- 2. Candidates in queue order: job priority, job age, directory priority. Jobs are walked in
  -- index order (jobs_active_idx) and each one's due results read by index, so a claim touches a
  -- few jobs however long the queue is (a single sorted join would sort every pending result).
  v_cand := '{}';
  v_dirs := '{}';
  v_want := p_limit * 2 + 8;
  FOR v_job IN
    SELECT j.id FROM jobs j
     WHERE j.status IN ('pending', 'in_progress') AND j.pending_count > 0
       AND NOT j.cancel_requested AND NOT j.paused
     ORDER BY j.priority DESC, j.created_at
     LIMIT 5000
  LOOP
    SELECT v_cand || coalesce(array_agg(x.id ORDER BY x.dprio DESC, x.id), '{}'),
           v_dirs || coalesce(array_agg(x.directory_id), '{}')
      INTO v_cand, v_dirs
      FROM (SELECT r.id, r.directory_id, d.priority AS dprio
              FROM job_results r JOIN directories d ON d.id = r.directory_id
             WHERE r.job_id = v_job AND r.status = 'pending' AND r.next_attempt_at <= now()
               AND r.directory_id <> ALL (v_blocked)
               AND d.enabled  -- a directory disabled after intake keeps its results waiting
             ORDER BY d.priority DESC, r.id
             LIMIT v_want - cardinality(v_cand)) x;
    EXIT WHEN cardinality(v_cand) >= v_want;
  END LOOP;
  SELECT coalesce(array_agg(DISTINCT x), '{}') INTO v_dirs FROM unnest(v_dirs) x;
  -- Directories loaded with triggers off (bulk seed) have no throttle row yet.
  IF EXISTS (SELECT 1 FROM unnest(v_dirs) x WHERE NOT EXISTS (
               SELECT 1 FROM directory_throttle t WHERE t.directory_id = x)) THEN
    INSERT INTO directory_throttle (directory_id) SELECT x FROM unnest(v_dirs) x ON CONFLICT DO NOTHING;
  END IF;
  IF cardinality(v_cand) = 0 THEN
    RETURN;
  END IF;

  -- 3. Serialise with other claims per directory. Directories another claim is busy with are
  -- skipped (concurrent claims take disjoint directories instead of queueing); only when all of
  -- them are busy does this claim wait for them (id order: no deadlock between claims). The job
  -- rows are locked later by the counter trigger (results first, then jobs, as everywhere).
  SELECT coalesce(array_agg(t.directory_id), '{}') INTO v_locked
    FROM (SELECT t0.directory_id FROM directory_throttle t0 WHERE t0.directory_id = ANY (v_dirs)
           ORDER BY t0.directory_id FOR UPDATE SKIP LOCKED) t;
  IF cardinality(v_locked) = 0 THEN
    PERFORM 1 FROM directory_throttle t WHERE t.directory_id = ANY (v_dirs)
      ORDER BY t.directory_id FOR UPDATE;
    v_locked := v_dirs;
  END IF;
  v_dirs := v_locked;

  -- 4. A fresh snapshot: capacities are exact now; take the rows.
  RETURN QUERY
  WITH cap AS (
    SELECT d.id AS directory_id,
           CASE WHEN d.min_interval_seconds > 0 THEN
                  CASE WHEN greatest(t.last_claimed_at, d.last_submission_at)
                            + d.min_interval_seconds * interval '1 second' > now() THEN 0
                       ELSE least(1, d.max_concurrent - coalesce(f.n, 0)) END
                ELSE d.max_concurrent - coalesce(f.n, 0) END AS n
      FROM directories d
      JOIN directory_throttle t ON t.directory_id = d.id
      LEFT JOIN (SELECT r.directory_id, count(*) AS n FROM job_results r
                  WHERE r.status = 'submitting' AND r.directory_id = ANY (v_dirs)
                  GROUP BY r.directory_id) f ON f.directory_id = d.id
     WHERE d.id = ANY (v_dirs)
  ), locked AS (
    SELECT r.id, r.directory_id
      FROM job_results r JOIN jobs j ON j.id = r.job_id
     WHERE r.id = ANY (v_cand) AND r.directory_id = ANY (v_dirs)
       AND r.status = 'pending' AND r.next_attempt_at <= now()
       AND j.status IN ('pending', 'in_progress') AND NOT j.cancel_requested AND NOT j.paused
       FOR UPDATE OF r SKIP LOCKED
  ), ranked AS (
    SELECT l.id, c.pos, row_number() OVER (PARTITION BY l.directory_id ORDER BY c.pos) AS rn, l.directory_id
      FROM locked l JOIN unnest(v_cand) WITH ORDINALITY AS c(id, pos) ON c.id = l.id
  ), chosen AS (
    SELECT k.id, k.pos FROM ranked k JOIN cap ON cap.directory_id = k.directory_id
     WHERE k.rn <= cap.n ORDER BY k.pos LIMIT p_limit
  ), upd AS (
    UPDATE job_results r SET
      status = 'submitting', phase = 'claimed', claimed_by = p_worker_id,
      lease_expires_at = now() + coalesce(p_lease_seconds, 120) * interval '1 second',
      attempts = r.attempts + 1, started_at = now(), finished_at = NULL, updated_at = now()
      FROM chosen
     WHERE r.id = chosen.id
    RETURNING r.id, r.job_id, r.attempts, r.lease_expires_at, r.directory_id, r.directory_url, chosen.pos
  ), throttled AS (
    UPDATE directory_throttle t SET last_claimed_at = now()  -- only where a min_interval uses it
     WHERE t.directory_id IN (SELECT u.directory_id FROM upd u JOIN directories d ON d.id = u.directory_id
                               WHERE d.min_interval_seconds > 0)
    RETURNING t.directory_id
  )
  SELECT u.id, u.job_id, u.attempts, u.lease_expires_at,
         d.id, d.name, d.homepage, coalesce(d.submission_url, u.directory_url, d.homepage)::text, d.field_hints,
         d.has_captcha, d.requires_login,
         c.id, c.business_name::text, coalesce(c.business_email, c.email)::text, c.business_phone::text,
         c.business_website::text, c.contact_name, c.business_address, c.street, c.city, c.region,
         c.postal_code, c.country, c.business_description, c.business_categories, c.hours, c.keywords,
         c.social_links
    FROM upd u
    JOIN jobs j ON j.id = u.job_id
    JOIN customers c ON c.id = j.customer_id
    JOIN directories d ON d.id = u.directory_id
   WHERE (SELECT count(*) FROM throttled) >= 0
   ORDER BY u.pos;
END $$;

-- -------------------------------------------------------------------------------------------
-- Finish: record outcomes. p_outcomes is a JSON array of objects:
--   {result_id, attempt, status, reason_code, message, submission_url, screenshot_url, evidence,
--    retry_in_seconds}
-- status: success | failed | requires_manual | captcha_failed | skipped | cancelled | retry.
-- 'retry' puts the result back to pending after retry_in_seconds (cancelled if the job was).
-- Applied only to rows this worker holds for that attempt (status submitting, or requires_manual
-- interrupted_after_submit set by a sweep while the worker could not reach the database: the
-- worker knows the real outcome). Returns one row per outcome with whether it was applied.
CREATE FUNCTION worker_api.finish_results(p_worker_id text, p_outcomes jsonb)
RETURNS TABLE (result_id bigint, applied boolean, status text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
DECLARE
  v_rids     bigint[];
  v_applied  boolean[];
  v_statuses text[];
  v_dirs     bigint[];
BEGIN
  IF jsonb_typeof(p_outcomes) IS DISTINCT FROM 'array' THEN
    RAISE EXCEPTION 'outcomes must be a JSON array' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF EXISTS (SELECT 1 FROM jsonb_array_elements(p_outcomes) o
              WHERE coalesce(o->>'status', '') NOT IN ('success', 'failed', 'requires_manual', 'captcha_failed',
                                                       'skipped', 'cancelled', 'retry')) THEN
    RAISE EXCEPTION 'outcome status must be success, failed, requires_manual, captcha_failed, skipped, cancelled or retry'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;

  -- No wait for the WAL flush: finishes hold the hot rows (the job's counters, the console
  -- rollups) until commit, so a flush wait there serialises every worker. What a server crash
  -- (not a clean restart) can lose is the last fraction of a second of outcomes: those results
  -- go back to 'submitting' with their phase, and the sweep sends them to manual review
  -- (interrupted_after_submit) or back to pending (before submit) - never to a second submission.
  PERFORM set_config('synchronous_commit', 'off', true);

  -- Lock order: the directories (id order), then the results, then their jobs (the counter trigger
  -- at the end of the statement). last_submission_at is written for the rows that will apply.
  SELECT coalesce(array_agg(DISTINCT r.directory_id), '{}') INTO v_dirs
    FROM jsonb_to_recordset(p_outcomes) AS x(result_id bigint, attempt integer, status text)
    JOIN job_results r ON r.id = x.result_id
   WHERE x.status NOT IN ('retry', 'cancelled', 'skipped') AND r.claimed_by = p_worker_id
     AND (x.attempt IS NULL OR r.attempts = x.attempt)
     AND r.status IN ('submitting', 'requires_manual');
  -- The directory row is hot (every finish there): it is written when it is more than a second
  -- old, or always for a directory with a min_interval (the spacing must be exact there).
  IF cardinality(v_dirs) > 0 THEN
    PERFORM 1 FROM directories d
     WHERE d.id = ANY (v_dirs)
       AND (d.min_interval_seconds > 0 OR d.last_submission_at IS NULL
            OR d.last_submission_at < now() - interval '1 second')
     ORDER BY d.id FOR NO KEY UPDATE;
    UPDATE directories d SET last_submission_at = now()
     WHERE d.id = ANY (v_dirs)
       AND (d.min_interval_seconds > 0 OR d.last_submission_at IS NULL
            OR d.last_submission_at < now() - interval '1 second');
  END IF;

  WITH o AS (
    SELECT DISTINCT ON (x.result_id) x.*
      FROM jsonb_to_recordset(p_outcomes) AS x(result_id bigint, attempt integer, status text, reason_code text,
                                                message text, submission_url text, screenshot_url text,
                                                evidence jsonb, retry_in_seconds numeric)
     ORDER BY x.result_id
  ), upd AS (
    UPDATE job_results r SET
      status = CASE WHEN o.status <> 'retry' THEN o.status
                    WHEN j.cancel_requested THEN 'cancelled' ELSE 'pending' END,
      reason_code = CASE WHEN o.status = 'retry' AND j.cancel_requested THEN 'cancelled' ELSE o.reason_code END,
      error_message = left(o.message, 4000),
      phase = CASE WHEN o.status = 'retry' THEN NULL ELSE r.phase END,
      claimed_by = CASE WHEN o.status = 'retry' AND NOT j.cancel_requested THEN NULL ELSE r.claimed_by END,
      lease_expires_at = NULL,
      next_attempt_at = CASE WHEN o.status = 'retry'
                             THEN now() + greatest(coalesce(o.retry_in_seconds, 0), 0) * interval '1 second'
                             ELSE r.next_attempt_at END,
      finished_at = CASE WHEN o.status = 'retry' AND NOT j.cancel_requested THEN NULL ELSE now() END,
      submission_url = coalesce(left(o.submission_url, 2000), r.submission_url),
      screenshot_url = coalesce(left(o.screenshot_url, 2000), r.screenshot_url),
      evidence = r.evidence || coalesce(CASE WHEN jsonb_typeof(o.evidence) = 'object' THEN o.evidence END, '{}'),
      updated_at = now()
      FROM o, jobs j
     WHERE r.id = o.result_id AND j.id = r.job_id
       AND r.claimed_by = p_worker_id
       AND (o.attempt IS NULL OR r.attempts = o.attempt)
       AND (r.status = 'submitting'
            OR (r.status = 'requires_manual' AND r.reason_code = 'interrupted_after_submit' AND o.status <> 'retry'))
    RETURNING r.id, r.job_id, r.directory_id, r.directory_name, r.status, r.reason_code, r.attempts,
              r.next_attempt_at, r.submission_url, o.status AS requested
  ), events AS (
    INSERT INTO queue_history (job_id, result_id, event_type, event_data, actor)
    SELECT u.job_id, u.id,
           CASE WHEN u.status = 'pending' THEN 'result_retry_scheduled' ELSE 'directory_submitted' END,
           CASE WHEN u.status = 'pending'
                THEN jsonb_build_object('directory', u.directory_name, 'directory_id', u.directory_id,
                                        'attempt', u.attempts, 'reason', u.reason_code,
                                        'next_attempt_at', u.next_attempt_at, 'worker_id', p_worker_id)
                ELSE jsonb_build_object('directory', u.directory_name, 'directory_id', u.directory_id,
                                        'status', u.status, 'reason', u.reason_code, 'attempt', u.attempts,
                                        'submission_url', u.submission_url, 'worker_id', p_worker_id) END,
           p_worker_id
      FROM upd u
    RETURNING 1
  )
  , res AS (
    SELECT o.result_id, (u.id IS NOT NULL) AS applied, u.status::text AS status, u.directory_id, u.requested
      FROM o LEFT JOIN upd u ON u.id = o.result_id
     WHERE (SELECT count(*) FROM events) >= 0
  )
  SELECT coalesce(array_agg(res.result_id), '{}'), coalesce(array_agg(res.applied), '{}'),
         coalesce(array_agg(res.status), '{}')
    INTO v_rids, v_applied, v_statuses
    FROM res;

  RETURN QUERY SELECT * FROM unnest(v_rids, v_applied, v_statuses);
END $$;

-- One outcome: the usual call of a worker.
CREATE FUNCTION worker_api.finish_result(
  p_worker_id        text,
  p_result_id        bigint,
  p_attempt          integer,
  p_status           text,
  p_reason_code      text DEFAULT NULL,
  p_message          text DEFAULT NULL,
  p_submission_url   text DEFAULT NULL,
  p_screenshot_url   text DEFAULT NULL,
  p_evidence         jsonb DEFAULT '{}',
  p_retry_in_seconds numeric DEFAULT NULL
) RETURNS boolean
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT f.applied FROM worker_api.finish_results(p_worker_id, jsonb_build_array(jsonb_build_object(
    'result_id', p_result_id, 'attempt', p_attempt, 'status', p_status, 'reason_code', p_reason_code,
    'message', p_message, 'submission_url', p_submission_url, 'screenshot_url', p_screenshot_url,
    'evidence', coalesce(p_evidence, '{}'), 'retry_in_seconds', p_retry_in_seconds))) f
$$;

-- -------------------------------------------------------------------------------------------
-- Phase of a running submission; also renews its lease. Returns
--   'ok' | 'cancel_requested' (the job was cancelled: stop, unless already submitting) |
--   'lost' (the row is no longer this worker's attempt: never submit).
CREATE FUNCTION worker_api.set_phase(
  p_worker_id text, p_result_id bigint, p_attempt integer, p_phase text, p_lease_seconds numeric DEFAULT 120
) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_cancel boolean;
  v_phase  text;
BEGIN
  IF p_phase NOT IN ('claimed', 'opening', 'filling', 'submitting', 'classifying') THEN
    RAISE EXCEPTION 'unknown phase "%"', p_phase USING ERRCODE = 'invalid_parameter_value';
  END IF;
  -- Only 'submitting' must be on disk before the worker goes on (it forbids a retry after a
  -- crash); the other phases are informational, so they do not wait for the WAL flush.
  IF p_phase <> 'submitting' THEN
    PERFORM set_config('synchronous_commit', 'off', true);
  END IF;
  SELECT r.phase, j.cancel_requested INTO v_phase, v_cancel
    FROM job_results r JOIN jobs j ON j.id = r.job_id
   WHERE r.id = p_result_id AND r.status = 'submitting' AND r.claimed_by = p_worker_id
     AND r.attempts = p_attempt
     FOR NO KEY UPDATE OF r;
  IF NOT FOUND THEN
    RETURN 'lost';
  END IF;
  -- Cancelled before the submit action: stop (and do not record a phase the worker won't reach).
  IF v_cancel AND coalesce(v_phase, 'claimed') NOT IN ('submitting', 'classifying')
     AND p_phase <> 'classifying' THEN
    RETURN 'cancel_requested';
  END IF;
  UPDATE job_results r SET
    phase = CASE WHEN r.phase IN ('submitting', 'classifying') AND p_phase NOT IN ('submitting', 'classifying')
                 THEN r.phase ELSE p_phase END,
    lease_expires_at = greatest(r.lease_expires_at, now() + coalesce(p_lease_seconds, 120) * interval '1 second'),
    updated_at = now()
   WHERE r.id = p_result_id;
  RETURN 'ok';
END $$;

-- Renew the leases of a worker's running results. state: ok | cancel_requested | lost.
-- p_phases (same order as p_result_ids, optional) records the informational phases the worker
-- reached since (opening, filling, classifying): only 'submitting' needs its own set_phase call.
-- A phase never goes back from 'submitting'/'classifying' to an earlier one.
CREATE FUNCTION worker_api.renew_leases(
  p_worker_id text, p_result_ids bigint[], p_lease_seconds numeric DEFAULT 120, p_phases text[] DEFAULT NULL
)
RETURNS TABLE (result_id bigint, state text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
  PERFORM set_config('synchronous_commit', 'off', true);  -- a lost renewal is renewed again
  RETURN QUERY
  WITH i AS (
    SELECT x.id, x.phase FROM unnest(p_result_ids, coalesce(p_phases, '{}'::text[])) AS x(id, phase)
     WHERE x.id IS NOT NULL
  ), upd AS (
    UPDATE job_results r SET
      lease_expires_at = greatest(r.lease_expires_at, now() + coalesce(p_lease_seconds, 120) * interval '1 second'),
      phase = CASE WHEN i.phase IN ('claimed', 'opening', 'filling', 'submitting', 'classifying')
                        AND (r.phase IS NULL OR r.phase NOT IN ('submitting', 'classifying')
                             OR i.phase IN ('submitting', 'classifying'))
                   THEN i.phase ELSE r.phase END
      FROM i
     WHERE r.id = i.id AND r.status = 'submitting' AND r.claimed_by = p_worker_id
    RETURNING r.id, r.job_id, r.phase
  )
  SELECT i.id,
         CASE WHEN u.id IS NULL THEN 'lost'
              WHEN j.cancel_requested AND coalesce(u.phase, 'claimed') NOT IN ('submitting', 'classifying')
              THEN 'cancel_requested'
              ELSE 'ok' END
    FROM i
    LEFT JOIN upd u ON u.id = i.id
    LEFT JOIN jobs j ON j.id = u.job_id;
END $$;

-- -------------------------------------------------------------------------------------------
-- Put results back: the shared body of the sweep (expired leases of any worker) and of a
-- worker's own release on shutdown. Phase before 'submitting' -> pending (retried; cancelled if
-- the job was; failed when the attempts are used up); 'submitting' or later -> requires_manual
-- interrupted_after_submit: the outcome is unknown, never an automatic second submission.
CREATE FUNCTION public.put_back_results(
  p_ids bigint[], p_only_expired boolean, p_worker_id text, p_event text, p_max_attempts integer,
  p_refund_attempt boolean
) RETURNS TABLE (result_id bigint, outcome text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
  IF cardinality(p_ids) = 0 THEN
    RETURN;
  END IF;
  PERFORM 1 FROM jobs j WHERE j.id IN (SELECT r.job_id FROM job_results r WHERE r.id = ANY (p_ids))
   ORDER BY j.id FOR NO KEY UPDATE;
  RETURN QUERY
  WITH l AS (
    SELECT r.id, r.phase AS old_phase, r.claimed_by AS old_worker, r.lease_expires_at AS old_lease
      FROM job_results r
     WHERE r.id = ANY (p_ids) AND r.status = 'submitting'
       AND (NOT p_only_expired OR r.lease_expires_at < now())
       AND (p_worker_id IS NULL OR r.claimed_by = p_worker_id)
       FOR UPDATE OF r SKIP LOCKED
  ), upd AS (
    UPDATE job_results r SET
      status = CASE WHEN l.old_phase IN ('submitting', 'classifying') THEN 'requires_manual'
                    WHEN j.cancel_requested THEN 'cancelled'
                    WHEN p_max_attempts IS NOT NULL AND r.attempts >= p_max_attempts AND NOT p_refund_attempt
                    THEN 'failed'
                    ELSE 'pending' END,
      reason_code = CASE WHEN l.old_phase IN ('submitting', 'classifying') THEN 'interrupted_after_submit'
                         WHEN j.cancel_requested THEN 'cancelled'
                         WHEN p_max_attempts IS NOT NULL AND r.attempts >= p_max_attempts AND NOT p_refund_attempt
                         THEN 'interrupted_max_attempts'
                         ELSE 'interrupted' END,
      error_message = CASE WHEN l.old_phase IN ('submitting', 'classifying')
                           THEN 'the worker stopped after the submit action; the outcome is unknown: check the directory'
                           ELSE r.error_message END,
      attempts = CASE WHEN p_refund_attempt AND l.old_phase NOT IN ('submitting', 'classifying')
                      THEN greatest(r.attempts - 1, 0) ELSE r.attempts END,
      phase = CASE WHEN l.old_phase IN ('submitting', 'classifying') THEN r.phase ELSE NULL END,
      next_attempt_at = now(),
      lease_expires_at = NULL,
      finished_at = CASE WHEN l.old_phase IN ('submitting', 'classifying') OR j.cancel_requested
                              OR (p_max_attempts IS NOT NULL AND r.attempts >= p_max_attempts AND NOT p_refund_attempt)
                         THEN now() END,
      updated_at = now()
      FROM l, jobs j
     WHERE r.id = l.id AND j.id = r.job_id
    RETURNING r.id, r.job_id, r.directory_id, r.directory_name, r.status, r.attempts, l.old_phase, l.old_worker
  ), events AS (
    INSERT INTO queue_history (job_id, result_id, event_type, event_data, actor)
    SELECT u.job_id, u.id, p_event,
           jsonb_build_object('directory', u.directory_name, 'directory_id', u.directory_id,
                              'outcome', u.status, 'phase', u.old_phase, 'worker_id', u.old_worker,
                              'attempt', u.attempts),
           coalesce(p_worker_id, public.dbolt_actor())
      FROM upd u
    RETURNING 1
  )
  SELECT u.id, u.status::text FROM upd u WHERE (SELECT count(*) FROM events) >= 0;
END $$;
REVOKE EXECUTE ON FUNCTION public.put_back_results(bigint[], boolean, text, text, integer, boolean) FROM PUBLIC;

-- The sweep: safe to run from every worker at once (SKIP LOCKED; each row handled once).
CREATE FUNCTION worker_api.rescue_expired(p_limit integer DEFAULT 500, p_max_attempts integer DEFAULT NULL)
RETURNS TABLE (result_id bigint, outcome text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
  -- A retry recorded while the job was being cancelled can leave a pending result in a job that
  -- asked to cancel (nothing claims it): cancel it here, so that the job finishes.
  RETURN QUERY
  WITH l AS (
    SELECT r.id FROM job_results r JOIN jobs j ON j.id = r.job_id
     WHERE j.cancel_requested AND j.status IN ('pending', 'in_progress') AND r.status = 'pending'
       FOR UPDATE OF r SKIP LOCKED
  ), upd AS (
    UPDATE job_results r SET status = 'cancelled', reason_code = 'cancelled', finished_at = now(), updated_at = now()
      FROM l WHERE r.id = l.id
    RETURNING r.id
  )
  SELECT upd.id, 'cancelled'::text FROM upd;

  RETURN QUERY
  SELECT p.result_id, p.outcome FROM public.put_back_results(
    ARRAY(SELECT r.id FROM job_results r WHERE r.status = 'submitting' AND r.lease_expires_at < now()
           ORDER BY r.lease_expires_at LIMIT greatest(coalesce(p_limit, 500), 1)),
    true, NULL, 'result_rescued', p_max_attempts, false) p;
END $$;

-- A worker gives back its own running results (graceful shutdown); NULL = all of them.
-- p_keep: results to leave alone (after a claim whose answer was lost, a worker releases what
-- it holds without knowing, keeping the ones it runs).
CREATE FUNCTION worker_api.release_results(p_worker_id text, p_result_ids bigint[] DEFAULT NULL,
                                           p_keep bigint[] DEFAULT NULL)
RETURNS TABLE (result_id bigint, outcome text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  SELECT p.result_id, p.outcome FROM public.put_back_results(
    ARRAY(SELECT r.id FROM job_results r WHERE r.status = 'submitting' AND r.claimed_by = p_worker_id
             AND (p_result_ids IS NULL OR r.id = ANY (p_result_ids))
             AND (p_keep IS NULL OR r.id <> ALL (p_keep))),
    false, p_worker_id, 'result_released', NULL, true) p;
END $$;

-- What is due for workers (claimable now, ignoring directory limits) and when the next
-- scheduled retry becomes due: `dbolt worker --once` exits when nothing is due and nothing runs.
CREATE FUNCTION worker_api.due_summary()
RETURNS TABLE (due bigint, submitting bigint, next_due_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT (SELECT count(*) FROM job_results r JOIN jobs j ON j.id = r.job_id
           WHERE r.status = 'pending' AND r.next_attempt_at <= now()
             AND j.status IN ('pending', 'in_progress') AND NOT j.cancel_requested AND NOT j.paused),
         (SELECT count(*) FROM job_results r WHERE r.status = 'submitting'),
         (SELECT min(r.next_attempt_at) FROM job_results r JOIN jobs j ON j.id = r.job_id
           WHERE r.status = 'pending' AND r.next_attempt_at > now()
             AND j.status IN ('pending', 'in_progress') AND NOT j.cancel_requested AND NOT j.paused)
$$;

-- -------------------------------------------------------------------------------------------
-- Heartbeat: registers (first call) and reports the worker; returns the staff controls.
-- p_info: {host, pid, version, concurrency, status, current_tasks, processed, failed}
CREATE FUNCTION worker_api.heartbeat(p_worker_id text, p_info jsonb)
RETURNS TABLE (paused boolean, drain boolean)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
  PERFORM set_config('synchronous_commit', 'off', true);  -- the next beat repeats it anyway
  INSERT INTO worker_heartbeats AS h (worker_id, host, pid, version, concurrency, status, current_tasks,
                                      last_heartbeat, processed_count, failed_count)
  VALUES (p_worker_id, coalesce(p_info->>'host', 'unknown'), coalesce((p_info->>'pid')::int, 0),
          p_info->>'version', coalesce((p_info->>'concurrency')::int, 1), coalesce(p_info->>'status', 'idle'),
          coalesce(p_info->'current_tasks', '[]'), now(), coalesce((p_info->>'processed')::bigint, 0),
          coalesce((p_info->>'failed')::bigint, 0))
  ON CONFLICT (worker_id) DO UPDATE SET
    status = EXCLUDED.status, current_tasks = EXCLUDED.current_tasks, last_heartbeat = now(),
    concurrency = EXCLUDED.concurrency, processed_count = EXCLUDED.processed_count,
    failed_count = EXCLUDED.failed_count;
  RETURN QUERY SELECT h.paused OR c.paused, h.drain_requested
    FROM worker_heartbeats h CROSS JOIN worker_control c WHERE h.worker_id = p_worker_id;
END $$;

-- -------------------------------------------------------------------------------------------
-- Staff controls. Each records its actor in queue_history and wakes the workers.
CREATE FUNCTION staff_api.pause_workers(p_worker_id text DEFAULT NULL) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_count integer;
BEGIN
  IF p_worker_id IS NULL THEN
    UPDATE worker_control SET paused = true, updated_at = now(), updated_by = public.dbolt_actor();
    SELECT count(*) INTO v_count FROM worker_heartbeats WHERE status <> 'stopped';
  ELSE
    UPDATE worker_heartbeats SET paused = true WHERE worker_id = p_worker_id;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    IF v_count = 0 THEN
      RAISE EXCEPTION 'worker % not found', p_worker_id USING ERRCODE = 'no_data_found';
    END IF;
  END IF;
  INSERT INTO queue_history (event_type, event_data)
  VALUES ('workers_paused', jsonb_build_object('worker_id', p_worker_id, 'scope', CASE WHEN p_worker_id IS NULL THEN 'all' ELSE 'one' END));
  PERFORM pg_notify('dbolt_work', '{"t":"control"}');
  RETURN v_count;
END $$;

-- Resume all (clears the global pause and every worker's own pause) or one worker.
CREATE FUNCTION staff_api.resume_workers(p_worker_id text DEFAULT NULL) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_count integer;
BEGIN
  IF p_worker_id IS NULL THEN
    UPDATE worker_control SET paused = false, updated_at = now(), updated_by = public.dbolt_actor();
    UPDATE worker_heartbeats SET paused = false WHERE paused;
    SELECT count(*) INTO v_count FROM worker_heartbeats WHERE status <> 'stopped';
  ELSE
    UPDATE worker_heartbeats SET paused = false WHERE worker_id = p_worker_id;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    IF v_count = 0 THEN
      RAISE EXCEPTION 'worker % not found', p_worker_id USING ERRCODE = 'no_data_found';
    END IF;
    IF (SELECT paused FROM worker_control) THEN
      RAISE WARNING 'all workers are paused: worker % stays paused until `dbolt workers resume`', p_worker_id;
    END IF;
  END IF;
  INSERT INTO queue_history (event_type, event_data)
  VALUES ('workers_resumed', jsonb_build_object('worker_id', p_worker_id, 'scope', CASE WHEN p_worker_id IS NULL THEN 'all' ELSE 'one' END));
  PERFORM pg_notify('dbolt_work', '{"t":"control"}');
  RETURN v_count;
END $$;

-- Drain one worker: it finishes its current submissions, claims nothing more and exits.
CREATE FUNCTION staff_api.drain_worker(p_worker_id text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  UPDATE worker_heartbeats SET drain_requested = true WHERE worker_id = p_worker_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'worker % not found', p_worker_id USING ERRCODE = 'no_data_found';
  END IF;
  INSERT INTO queue_history (event_type, event_data)
  VALUES ('worker_drain_requested', jsonb_build_object('worker_id', p_worker_id));
  PERFORM pg_notify('dbolt_work', '{"t":"control"}');
END $$;

-- "Start now": the job's priority becomes higher than every other open job's.
CREATE FUNCTION staff_api.prioritize_job(p_job_id uuid) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_old integer;
  v_new integer;
  v_status text;
BEGIN
  SELECT priority, status INTO v_old, v_status FROM jobs WHERE id = p_job_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'job % not found', p_job_id USING ERRCODE = 'no_data_found';
  END IF;
  IF v_status NOT IN ('pending', 'in_progress') THEN
    RAISE EXCEPTION 'job % is already %', p_job_id, v_status USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  SELECT greatest(v_old, coalesce(max(priority), 0) + 1) INTO v_new
    FROM jobs WHERE status IN ('pending', 'in_progress') AND id <> p_job_id;
  UPDATE jobs SET priority = v_new, paused = false, updated_at = now() WHERE id = p_job_id;
  INSERT INTO queue_history (job_id, event_type, event_data)
  VALUES (p_job_id, 'job_prioritized', jsonb_build_object('from', v_old, 'to', v_new));
  PERFORM pg_notify('dbolt_work', '{"t":"work"}');
  RETURN v_new;
END $$;

CREATE FUNCTION staff_api.pause_job(p_job_id uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_status text;
BEGIN
  SELECT status INTO v_status FROM jobs WHERE id = p_job_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'job % not found', p_job_id USING ERRCODE = 'no_data_found';
  END IF;
  IF v_status NOT IN ('pending', 'in_progress') THEN
    RAISE EXCEPTION 'job % is already %', p_job_id, v_status USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  UPDATE jobs SET paused = true, updated_at = now() WHERE id = p_job_id;
  INSERT INTO queue_history (job_id, event_type, event_data) VALUES (p_job_id, 'job_paused', '{}');
END $$;

CREATE FUNCTION staff_api.resume_job(p_job_id uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  UPDATE jobs SET paused = false, updated_at = now() WHERE id = p_job_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'job % not found', p_job_id USING ERRCODE = 'no_data_found';
  END IF;
  INSERT INTO queue_history (job_id, event_type, event_data) VALUES (p_job_id, 'job_resumed', '{}');
  PERFORM pg_notify('dbolt_work', '{"t":"work"}');
END $$;

-- Staff may also run the sweep by hand (same body as the workers' one).
CREATE FUNCTION staff_api.rescue_expired() RETURNS integer
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT count(*)::int FROM worker_api.rescue_expired(100000, NULL)
$$;
