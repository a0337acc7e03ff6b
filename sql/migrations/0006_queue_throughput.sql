-- Queue engine, second revision: the same contract as 0004, with less work per claimed and
-- finished row, and concurrent claims that no longer queue behind each other.
--   * claim: candidates in one statement (a lateral walk over the active jobs instead of a loop);
--     directories serialised by transaction advisory locks instead of row locks (nothing written),
--     and a claim locks only as many directories as fill its batch, so concurrent claims take
--     disjoint directories; only rows that fit their directory's capacity are locked; in-flight
--     counts and updates go by key whatever the planner's statistics say about 'submitting'.
--   * finish: rows found by key (same reason).
--   * triggers: job counters, progress and state move in one UPDATE per statement; the console
--     rollups aggregate the transition tables directly (no JSON object per row).
--   * two indexes on job_results that every claim or finish paid for and nothing read.
--   * the sweep also forgets workers whose last heartbeat is a week old.
-- `dbolt bench queue` gives the figures (README, docs/benchmarks/queue.md).

-- Every claim and finish writes a new version of each result row into every index whose
-- predicate it matches, so indexes on job_results must earn their keep:
--   * lease_idx: the sweep reads the in-flight rows, which are few (the workers' concurrency),
--     through job_results_in_flight_idx as well; without it a lease renewal can be a HOT update.
--   * directory_finished_idx: no query reads it any more; per-directory figures come from
--     console_directory_daily.
DROP INDEX IF EXISTS job_results_lease_idx;
DROP INDEX IF EXISTS job_results_directory_finished_idx;

-- Key space of the per-directory claim lock: pg_advisory_xact_lock(class, directory id).
CREATE OR REPLACE FUNCTION public.directory_lock_class() RETURNS integer
LANGUAGE sql IMMUTABLE AS $$ SELECT 1684172652 $$;  -- 'dbol'

CREATE OR REPLACE FUNCTION worker_api.claim(p_worker_id text, p_limit integer, p_lease_seconds numeric DEFAULT 120)
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
  v_cdir    bigint[];
  v_locked  bigint[];
  v_ids     bigint[];
  v_want    integer;
  v_pass    integer;
  v_try     integer;
  v_need    integer;
  v_new     bigint[];
  v_dir     bigint;
  v_fit     bigint;
  v_got     bigint;
  v_fdir    bigint[];
  v_fn      bigint[];
  v_capdir  bigint[];
  v_capn    bigint[];
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

  -- 1. What is in flight per directory, and the directories that cannot take more right now
  -- (in-flight rows are few; cheap).
  SELECT coalesce(array_agg(r.directory_id), '{}'), coalesce(array_agg(r.n), '{}') INTO v_fdir, v_fn
    FROM (SELECT r.directory_id, count(*) AS n FROM job_results r
           WHERE r.status = 'submitting' GROUP BY r.directory_id) r;
  SELECT coalesce(array_agg(b.id), '{}') INTO v_blocked FROM (
    SELECT d.id
      FROM unnest(v_fdir, v_fn) AS f(dir, n) JOIN directories d ON d.id = f.dir
     WHERE f.n >= d.max_concurrent
    UNION
    SELECT d.id FROM directories d LEFT JOIN directory_throttle t ON t.directory_id = d.id
     WHERE d.min_interval_seconds > 0
       AND greatest(t.last_claimed_at, d.last_submission_at)
           + d.min_interval_seconds * interval '1 second' > now()) b;

  -- 2. Candidates in queue order: job priority, job age, directory priority. The active jobs are
  -- walked in index order (jobs_active_idx) and each one's due results read by index; the walk
  -- stops as soon as enough are found, so a claim touches a few jobs however long the queue is.
  -- More than p_limit are read so that directories at capacity do not leave the batch short.
  -- 3. Serialise with other claims per directory (max_concurrent must hold across workers), with
  -- transaction advisory locks (nothing is written). The candidates' directories are tried in
  -- queue order and the claim stops locking once they can fill its batch, so concurrent claims
  -- take disjoint directories instead of queueing behind each other. Only when every directory is
  -- busy does it wait, for the first one alone (it holds nothing: no deadlock), and then read the
  -- candidates again: the other claim has taken some.
  -- A claim whose candidates were read just before another claim took them may lock directories
  -- with nothing left to take: it then looks once more, leaving out what it already holds.
  v_ids := '{}';
  FOR v_try IN 1..2 LOOP
    v_need := p_limit - cardinality(v_ids);
    v_want := v_need * 2 + 8;
    v_locked := '{}';
    FOR v_pass IN 1..2 LOOP
      SELECT coalesce(array_agg(c.id ORDER BY c.ord), '{}'), coalesce(array_agg(c.directory_id ORDER BY c.ord), '{}')
        INTO v_cand, v_cdir
        FROM (SELECT x.id, x.directory_id, row_number() OVER () AS ord
                FROM (SELECT j.id FROM jobs j
                       WHERE j.status IN ('pending', 'in_progress') AND j.pending_count > 0
                         AND NOT j.cancel_requested AND NOT j.paused
                       ORDER BY j.priority DESC, j.created_at
                       LIMIT 5000) j
               CROSS JOIN LATERAL (
                 SELECT r.id, r.directory_id
                   FROM job_results r JOIN directories d ON d.id = r.directory_id
                  WHERE r.job_id = j.id AND r.status = 'pending' AND r.next_attempt_at <= now()
                    AND r.directory_id <> ALL (v_blocked)
                    AND (v_try = 1 OR r.id <> ALL (v_ids))
                    AND d.enabled  -- a directory disabled after intake keeps its results waiting
                  ORDER BY d.priority DESC, r.id
                  LIMIT v_want) x
               LIMIT v_want) c;
      EXIT WHEN cardinality(v_cand) = 0;
      v_got := 0;
      FOR v_dir, v_fit IN
        SELECT c.dir,
               least(count(*), greatest(d.max_concurrent - coalesce(
                       (SELECT f.n FROM unnest(v_fdir, v_fn) AS f(dir, n) WHERE f.dir = c.dir), 0), 0),
                     CASE WHEN d.min_interval_seconds > 0 THEN 1 ELSE v_need END)
          FROM unnest(v_cand, v_cdir) WITH ORDINALITY AS c(id, dir, pos)
          JOIN directories d ON d.id = c.dir
         GROUP BY c.dir, d.max_concurrent, d.min_interval_seconds
         ORDER BY min(c.pos)
      LOOP
        -- (a lock this transaction already holds is granted again)
        IF pg_try_advisory_xact_lock(public.directory_lock_class(), (v_dir % 2147483647)::integer) THEN
          v_locked := v_locked || v_dir;
          v_got := v_got + v_fit;
          EXIT WHEN v_got >= v_need;
        END IF;
      END LOOP;
      EXIT WHEN cardinality(v_locked) > 0 OR v_pass = 2;
      PERFORM pg_advisory_xact_lock(public.directory_lock_class(), (v_cdir[1] % 2147483647)::integer);
    END LOOP;
    EXIT WHEN cardinality(v_locked) = 0;

    -- 4. A fresh snapshot: capacities are exact now. What is in flight is counted per directory by
    -- key (the planner's statistics about 'submitting' rows are always stale: a join there can
    -- turn into a rescan per candidate), less what this claim already holds; then only the rows
    -- that fit are locked.
    SELECT coalesce(array_agg(d.id), '{}'),
           coalesce(array_agg(CASE
             WHEN d.min_interval_seconds > 0
                  AND greatest(t.last_claimed_at, d.last_submission_at)
                      + d.min_interval_seconds * interval '1 second' > now() THEN 0
             WHEN d.min_interval_seconds > 0 THEN least(1 - n.held, d.max_concurrent - n.in_flight - n.held)
             ELSE least(v_need, d.max_concurrent - n.in_flight - n.held) END), '{}')
      INTO v_capdir, v_capn
      FROM directories d LEFT JOIN directory_throttle t ON t.directory_id = d.id
     CROSS JOIN LATERAL (
       SELECT (SELECT count(*) FROM job_results r
                WHERE r.status = 'submitting' AND r.directory_id = d.id) AS in_flight,
              (SELECT count(*) FROM job_results r WHERE r.id = ANY (v_ids) AND r.directory_id = d.id) AS held) n
     WHERE d.id = ANY (v_locked);

    WITH ranked AS (
      SELECT c.id, c.pos, c.dir, row_number() OVER (PARTITION BY c.dir ORDER BY c.pos) AS rn
        FROM unnest(v_cand, v_cdir) WITH ORDINALITY AS c(id, dir, pos)
       WHERE c.dir = ANY (v_locked)
    ), chosen AS (
      SELECT k.id, k.pos FROM ranked k
       WHERE k.rn <= v_capn[array_position(v_capdir, k.dir)]
       ORDER BY k.pos LIMIT v_need
    )
    SELECT coalesce(array_agg(l.id ORDER BY l.pos), '{}') INTO v_new FROM (
      SELECT r.id, ch.pos
        FROM chosen ch
        JOIN job_results r ON r.id = ch.id
        JOIN jobs j ON j.id = r.job_id
       WHERE r.status = 'pending' AND r.next_attempt_at <= now()
         AND j.status IN ('pending', 'in_progress') AND NOT j.cancel_requested AND NOT j.paused
         FOR UPDATE OF r SKIP LOCKED) l;
    v_ids := v_ids || v_new;
    EXIT WHEN cardinality(v_new) >= v_need;
  END LOOP;
  IF cardinality(v_ids) = 0 THEN
    RETURN;
  END IF;

  -- 5. Take them; record the claim time where a min_interval spaces claims.
  INSERT INTO directory_throttle AS t (directory_id, last_claimed_at)
  SELECT DISTINCT r.directory_id, now()
    FROM job_results r JOIN directories d ON d.id = r.directory_id
   WHERE r.id = ANY (v_ids) AND d.min_interval_seconds > 0
   ORDER BY 1
  ON CONFLICT (directory_id) DO UPDATE SET last_claimed_at = EXCLUDED.last_claimed_at;

  RETURN QUERY
  WITH upd AS (
    UPDATE job_results r SET
      status = 'submitting', phase = 'claimed', claimed_by = p_worker_id,
      lease_expires_at = now() + coalesce(p_lease_seconds, 120) * interval '1 second',
      attempts = r.attempts + 1, started_at = now(), finished_at = NULL, updated_at = now()
     WHERE r.id = ANY (v_ids)
    RETURNING r.id, r.job_id, r.attempts, r.lease_expires_at, r.directory_id, r.directory_url
  )
  SELECT u.id, u.job_id, u.attempts, u.lease_expires_at,
         d.id, d.name, d.homepage, coalesce(d.submission_url, u.directory_url, d.homepage)::text, d.field_hints,
         d.has_captcha, d.requires_login,
         c.id, c.business_name::text, coalesce(c.business_email, c.email)::text, c.business_phone::text,
         c.business_website::text, c.contact_name, c.business_address, c.street, c.city, c.region,
         c.postal_code, c.country, c.business_description, c.business_categories, c.hours, c.keywords,
         c.social_links
    FROM upd u
    JOIN unnest(v_ids) WITH ORDINALITY AS o(id, pos) ON o.id = u.id
    JOIN jobs j ON j.id = u.job_id
    JOIN customers c ON c.id = j.customer_id
    JOIN directories d ON d.id = u.directory_id
   ORDER BY o.pos;
END $$;

CREATE OR REPLACE FUNCTION worker_api.finish_results(p_worker_id text, p_outcomes jsonb)
RETURNS TABLE (result_id bigint, applied boolean, status text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
DECLARE
  v_rids     bigint[];
  v_applied  boolean[];
  v_statuses text[];
  v_dirs     bigint[];
  v_ids      bigint[];
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

  -- The rows are found by key: the planner's idea of how many rows are 'submitting' is often
  -- stale (they come and go faster than statistics), and a scan would cost the whole table.
  SELECT coalesce(array_agg(DISTINCT (o->>'result_id')::bigint), '{}') INTO v_ids
    FROM jsonb_array_elements(p_outcomes) o;

  -- Lock order: the directories (id order), then the results, then their jobs (the counter trigger
  -- at the end of the statement). last_submission_at is written for the rows that will apply.
  SELECT coalesce(array_agg(DISTINCT r.directory_id), '{}') INTO v_dirs
    FROM jsonb_to_recordset(p_outcomes) AS x(result_id bigint, attempt integer, status text)
   CROSS JOIN LATERAL (
     SELECT r.directory_id FROM job_results r
      WHERE r.id = x.result_id AND r.claimed_by = p_worker_id
        AND (x.attempt IS NULL OR r.attempts = x.attempt)
        AND r.status IN ('submitting', 'requires_manual')
      OFFSET 0) r  -- kept a subquery: one key lookup per outcome
   WHERE x.status NOT IN ('retry', 'cancelled', 'skipped');
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
     WHERE r.id = ANY (v_ids) AND r.id = o.result_id AND j.id = r.job_id
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


-- -------------------------------------------------------------------------------------------
-- Job counters: one UPDATE per statement moves counters, directories_done, progress and state
-- together (three more UPDATEs of the same rows, each firing the jobs triggers, before), then the
-- history events of the jobs that started, reopened or finished. The rules are those of 0002:
--   started:  was pending, now has work claimed or done and something still to do;
--   reopened: was finished, has work again;
--   finished: was pending or in progress, nothing pending or submitting any more.
CREATE OR REPLACE FUNCTION public.apply_result_deltas(p_deltas jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  -- Lock the jobs in id order so that concurrent statements cannot deadlock on them.
  PERFORM 1 FROM jobs j
   WHERE j.id IN (SELECT (d->>'job_id')::uuid FROM jsonb_array_elements(p_deltas) d)
   ORDER BY j.id FOR NO KEY UPDATE;

  WITH d AS (
    SELECT (e->>'job_id')::uuid AS job_id, (e->>'pending')::int AS pending, (e->>'submitting')::int AS submitting,
           (e->>'success')::int AS success, (e->>'failed')::int AS failed, (e->>'manual')::int AS manual,
           (e->>'skipped')::int AS skipped, (e->>'cancelled')::int AS cancelled, e->>'worker_id' AS worker_id
      FROM jsonb_array_elements(p_deltas) e
  ), cur AS (
    SELECT j.id, j.status AS old_status, j.cancel_requested, j.directories_total AS total, d.worker_id,
           j.pending_count + d.pending AS pending, j.submitting_count + d.submitting AS submitting,
           j.succeeded_count + d.success AS succeeded, j.failed_count + d.failed AS failed,
           j.manual_count + d.manual AS manual, j.skipped_count + d.skipped AS skipped,
           j.cancelled_count + d.cancelled AS cancelled
      FROM jobs j JOIN d ON d.job_id = j.id
  ), nxt AS (
    SELECT cur.*,
           CASE WHEN cur.old_status = 'pending' AND cur.pending + cur.submitting > 0
                     AND (cur.submitting > 0 OR cur.total - cur.pending - cur.submitting > 0) THEN 'started'
                WHEN cur.old_status IN ('completed', 'failed', 'cancelled') AND cur.pending + cur.submitting > 0
                THEN 'reopened'
                WHEN cur.old_status IN ('pending', 'in_progress') AND cur.pending = 0 AND cur.submitting = 0
                THEN 'finished' END AS change
      FROM cur
  ), upd AS (
    UPDATE jobs j SET
      pending_count = n.pending, submitting_count = n.submitting, succeeded_count = n.succeeded,
      failed_count = n.failed, manual_count = n.manual, skipped_count = n.skipped, cancelled_count = n.cancelled,
      directories_done = n.total - n.pending - n.submitting,
      progress = CASE WHEN n.total = 0 THEN 100
                      ELSE round(100.0 * (n.total - n.pending - n.submitting) / n.total, 2) END,
      status = CASE n.change WHEN 'started' THEN 'in_progress' WHEN 'reopened' THEN 'in_progress'
                             WHEN 'finished' THEN CASE WHEN n.cancel_requested THEN 'cancelled'
                                                       WHEN n.total > 0 AND n.failed = n.total THEN 'failed'
                                                       ELSE 'completed' END
                             ELSE j.status END,
      started_at = CASE WHEN n.change IN ('started', 'finished') THEN coalesce(j.started_at, now()) ELSE j.started_at END,
      completed_at = CASE n.change WHEN 'reopened' THEN NULL WHEN 'finished' THEN now() ELSE j.completed_at END,
      updated_at = now()
      FROM nxt n
     WHERE j.id = n.id
    RETURNING j.id, n.change, n.worker_id, j.status, j.directories_total, j.pending_count, j.succeeded_count,
              j.failed_count, j.manual_count, j.skipped_count, j.cancelled_count, j.started_at, j.completed_at
  )
  INSERT INTO queue_history (job_id, event_type, event_data, actor)
  SELECT u.id, CASE u.change WHEN 'started' THEN 'job_started' WHEN 'reopened' THEN 'job_reopened' ELSE 'job_completed' END,
         CASE u.change
           WHEN 'started' THEN jsonb_build_object('worker_id', u.worker_id)
           WHEN 'reopened' THEN jsonb_build_object('pending', u.pending_count)
           ELSE jsonb_build_object(
             'status', u.status, 'total_directories', u.directories_total, 'successful', u.succeeded_count,
             'failed', u.failed_count, 'manual', u.manual_count, 'skipped', u.skipped_count,
             'cancelled', u.cancelled_count,
             'duration_seconds', round(extract(epoch FROM u.completed_at - u.started_at)::numeric, 1)) END,
         CASE WHEN u.change = 'started' THEN coalesce(u.worker_id, public.dbolt_actor()) ELSE public.dbolt_actor() END
    FROM upd u
   WHERE u.change IS NOT NULL
   ORDER BY u.id;
END $$;

-- -------------------------------------------------------------------------------------------
-- Console rollups on UPDATE: aggregated straight from the transition tables (each finished row
-- was built into a JSON object and parsed back before). Claims, renewals and phase changes add
-- nothing to the rollups and cost one join.
CREATE OR REPLACE FUNCTION public.console_results_rollup() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  v jsonb;
  d bigint;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    WITH ch AS MATERIALIZED (
      SELECT n.status AS n_status, n.finished_at AS n_fin, n.started_at AS n_start, n.directory_id AS n_dir,
             o.status AS o_status, o.finished_at AS o_fin, o.started_at AS o_start, o.directory_id AS o_dir
        FROM new_rows n JOIN old_rows o ON o.id = n.id
       WHERE (o.status, o.finished_at, o.started_at, o.directory_id)
               IS DISTINCT FROM (n.status, n.finished_at, n.started_at, n.directory_id)
    ), c AS MATERIALIZED (
      SELECT 1 AS sign, n_fin AS finished_at, n_start AS started_at, n_status AS status, n_dir AS directory_id
        FROM ch WHERE n_fin IS NOT NULL AND n_status IN ('success', 'failed', 'requires_manual', 'captcha_failed')
      UNION ALL
      SELECT -1, o_fin, o_start, o_status, o_dir
        FROM ch WHERE o_fin IS NOT NULL AND o_status IN ('success', 'failed', 'requires_manual', 'captcha_failed')
    ), hourly AS (
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
        duration_ms = h.duration_ms + EXCLUDED.duration_ms, timed = h.timed + EXCLUDED.timed
    ), daily AS (
      INSERT INTO console_directory_daily AS dd (directory_id, day, finished, succeeded, failed, manual,
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
        finished = dd.finished + EXCLUDED.finished, succeeded = dd.succeeded + EXCLUDED.succeeded,
        failed = dd.failed + EXCLUDED.failed, manual = dd.manual + EXCLUDED.manual,
        duration_ms = dd.duration_ms + EXCLUDED.duration_ms, timed = dd.timed + EXCLUDED.timed,
        last_success_at = greatest(dd.last_success_at, EXCLUDED.last_success_at)
    )
    SELECT count(*) FILTER (WHERE n_status IN ('requires_manual', 'captcha_failed'))
             - count(*) FILTER (WHERE o_status IN ('requires_manual', 'captcha_failed'))
      INTO d FROM ch;
  ELSIF TG_OP = 'INSERT' THEN
    SELECT jsonb_agg(jsonb_build_object('sign', 1, 'finished_at', n.finished_at, 'started_at', n.started_at,
                                        'status', n.status, 'directory_id', n.directory_id))
      INTO v FROM new_rows n
     WHERE n.finished_at IS NOT NULL
       AND n.status IN ('success', 'failed', 'requires_manual', 'captcha_failed');
    SELECT count(*) INTO d FROM new_rows n WHERE n.status IN ('requires_manual', 'captcha_failed');
  ELSE
    SELECT jsonb_agg(jsonb_build_object('sign', -1, 'finished_at', o.finished_at, 'started_at', o.started_at,
                                        'status', o.status, 'directory_id', o.directory_id))
      INTO v FROM old_rows o
     WHERE o.finished_at IS NOT NULL
       AND o.status IN ('success', 'failed', 'requires_manual', 'captcha_failed');
    SELECT -count(*) INTO d FROM old_rows o WHERE o.status IN ('requires_manual', 'captcha_failed');
  END IF;
  IF v IS NOT NULL THEN
    PERFORM public.console_apply_results(v);
  END IF;
  IF coalesce(d, 0) <> 0 THEN
    INSERT INTO console_counters AS k (name, value) VALUES ('manual_review', d)
    ON CONFLICT (name) DO UPDATE SET value = k.value + EXCLUDED.value;
  END IF;
  RETURN NULL;
END $$;

-- -------------------------------------------------------------------------------------------
-- The sweep: safe to run from every worker at once (SKIP LOCKED; each row handled once). It also
-- forgets workers whose last heartbeat is a week old.
CREATE OR REPLACE FUNCTION worker_api.rescue_expired(p_limit integer DEFAULT 500, p_max_attempts integer DEFAULT NULL)
RETURNS TABLE (result_id bigint, outcome text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
  -- Workers gone for a week (stopped, or dead and never back) leave the Workers list.
  DELETE FROM worker_heartbeats h WHERE h.last_heartbeat < now() - interval '7 days';

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

