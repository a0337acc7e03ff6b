-- Job counters, directories_done and progress always equal what the job's results say, in the
-- same transaction as the change. Statement-level triggers with transition tables apply one
-- aggregated delta per job, so a claim or finish of many rows touches each job once.
-- They also move jobs between states, write job_started / job_completed / job_reopened, and NOTIFY:
--   channel dbolt_events: {"t": "jobs", "ids": [...]}   (any job whose results changed)
--   channel dbolt_work:   {"t": "work"}                  (results became pending: new work for workers)

CREATE FUNCTION public.apply_result_deltas(p_deltas jsonb) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_job record;
BEGIN
  -- Lock the jobs in id order so that concurrent statements cannot deadlock on them.
  PERFORM 1 FROM jobs j
   WHERE j.id IN (SELECT (d->>'job_id')::uuid FROM jsonb_array_elements(p_deltas) d)
   ORDER BY j.id FOR NO KEY UPDATE;

  UPDATE jobs j SET
    pending_count    = j.pending_count    + (d->>'pending')::int,
    submitting_count = j.submitting_count + (d->>'submitting')::int,
    succeeded_count  = j.succeeded_count  + (d->>'success')::int,
    failed_count     = j.failed_count     + (d->>'failed')::int,
    manual_count     = j.manual_count     + (d->>'manual')::int,
    skipped_count    = j.skipped_count    + (d->>'skipped')::int,
    cancelled_count  = j.cancelled_count  + (d->>'cancelled')::int,
    updated_at       = now()
  FROM jsonb_array_elements(p_deltas) d
  WHERE j.id = (d->>'job_id')::uuid;

  UPDATE jobs j SET
    directories_done = j.directories_total - j.pending_count - j.submitting_count,
    progress = CASE WHEN j.directories_total = 0 THEN 100
                    ELSE round(100.0 * (j.directories_total - j.pending_count - j.submitting_count)
                               / j.directories_total, 2) END
  WHERE j.id IN (SELECT (d->>'job_id')::uuid FROM jsonb_array_elements(p_deltas) d);

  -- First claim: the job starts.
  FOR v_job IN
    UPDATE jobs j SET status = 'in_progress', started_at = coalesce(j.started_at, now())
     WHERE j.id IN (SELECT (d->>'job_id')::uuid FROM jsonb_array_elements(p_deltas) d)
       AND j.status = 'pending'
       AND (j.submitting_count > 0 OR j.directories_done > 0)
       AND (j.pending_count + j.submitting_count) > 0
    RETURNING j.id
  LOOP
    INSERT INTO queue_history (job_id, event_type, event_data, actor)
    SELECT v_job.id, 'job_started',
           jsonb_build_object('worker_id', d->>'worker_id'),
           coalesce(d->>'worker_id', public.dbolt_actor())
      FROM jsonb_array_elements(p_deltas) d
     WHERE (d->>'job_id')::uuid = v_job.id;
  END LOOP;

  -- Work added back to a finished job (retry): it is open again.
  FOR v_job IN
    UPDATE jobs j SET status = 'in_progress', completed_at = NULL
     WHERE j.id IN (SELECT (d->>'job_id')::uuid FROM jsonb_array_elements(p_deltas) d)
       AND j.status IN ('completed', 'failed', 'cancelled')
       AND (j.pending_count + j.submitting_count) > 0
    RETURNING j.id, j.pending_count
  LOOP
    INSERT INTO queue_history (job_id, event_type, event_data)
    VALUES (v_job.id, 'job_reopened', jsonb_build_object('pending', v_job.pending_count));
  END LOOP;

  -- Nothing left pending or submitting: the job is finished.
  FOR v_job IN
    UPDATE jobs j SET
      status = CASE WHEN j.cancel_requested THEN 'cancelled'
                    WHEN j.directories_total > 0 AND j.failed_count = j.directories_total THEN 'failed'
                    ELSE 'completed' END,
      completed_at = now(),
      started_at = coalesce(j.started_at, now())
     WHERE j.id IN (SELECT (d->>'job_id')::uuid FROM jsonb_array_elements(p_deltas) d)
       AND j.status IN ('pending', 'in_progress')
       AND j.pending_count = 0 AND j.submitting_count = 0
    RETURNING j.id, j.status, j.directories_total, j.succeeded_count, j.failed_count, j.manual_count,
              j.skipped_count, j.cancelled_count, j.started_at, j.completed_at
  LOOP
    INSERT INTO queue_history (job_id, event_type, event_data)
    VALUES (v_job.id, 'job_completed', jsonb_build_object(
      'status', v_job.status,
      'total_directories', v_job.directories_total,
      'successful', v_job.succeeded_count,
      'failed', v_job.failed_count,
      'manual', v_job.manual_count,
      'skipped', v_job.skipped_count,
      'cancelled', v_job.cancelled_count,
      'duration_seconds', round(extract(epoch FROM v_job.completed_at - v_job.started_at)::numeric, 1)));
  END LOOP;
END $$;

CREATE FUNCTION public.job_results_counters() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  v_deltas jsonb;
  v_new_work boolean := false;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT jsonb_agg(to_jsonb(x)), bool_or(x.pending > 0) INTO v_deltas, v_new_work FROM (
      SELECT n.job_id,
             count(*) FILTER (WHERE n.status = 'pending')::int AS pending,
             count(*) FILTER (WHERE n.status = 'submitting')::int AS submitting,
             count(*) FILTER (WHERE n.status = 'success')::int AS success,
             count(*) FILTER (WHERE n.status = 'failed')::int AS failed,
             count(*) FILTER (WHERE n.status IN ('requires_manual', 'captcha_failed'))::int AS manual,
             count(*) FILTER (WHERE n.status = 'skipped')::int AS skipped,
             count(*) FILTER (WHERE n.status = 'cancelled')::int AS cancelled,
             max(n.claimed_by) AS worker_id
        FROM new_rows n GROUP BY n.job_id) x;
  ELSIF TG_OP = 'UPDATE' THEN
    SELECT jsonb_agg(to_jsonb(x)), bool_or(x.became_pending) INTO v_deltas, v_new_work FROM (
      SELECT c.job_id,
             sum(c.sign * (c.status = 'pending')::int)::int AS pending,
             sum(c.sign * (c.status = 'submitting')::int)::int AS submitting,
             sum(c.sign * (c.status = 'success')::int)::int AS success,
             sum(c.sign * (c.status = 'failed')::int)::int AS failed,
             sum(c.sign * (c.status IN ('requires_manual', 'captcha_failed'))::int)::int AS manual,
             sum(c.sign * (c.status = 'skipped')::int)::int AS skipped,
             sum(c.sign * (c.status = 'cancelled')::int)::int AS cancelled,
             max(c.claimed_by) FILTER (WHERE c.sign = 1) AS worker_id,
             bool_or(c.sign = 1 AND c.status = 'pending') AS became_pending
        FROM (SELECT n.job_id, n.status, n.claimed_by, 1 AS sign
                FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE o.status <> n.status
              UNION ALL
              SELECT o.job_id, o.status, o.claimed_by, -1
                FROM old_rows o JOIN new_rows n ON o.id = n.id WHERE o.status <> n.status) c
       GROUP BY c.job_id) x;
  ELSE
    SELECT jsonb_agg(to_jsonb(x)) INTO v_deltas FROM (
      SELECT o.job_id,
             -count(*) FILTER (WHERE o.status = 'pending')::int AS pending,
             -count(*) FILTER (WHERE o.status = 'submitting')::int AS submitting,
             -count(*) FILTER (WHERE o.status = 'success')::int AS success,
             -count(*) FILTER (WHERE o.status = 'failed')::int AS failed,
             -count(*) FILTER (WHERE o.status IN ('requires_manual', 'captcha_failed'))::int AS manual,
             -count(*) FILTER (WHERE o.status = 'skipped')::int AS skipped,
             -count(*) FILTER (WHERE o.status = 'cancelled')::int AS cancelled,
             NULL::text AS worker_id
        FROM old_rows o GROUP BY o.job_id) x;
  END IF;

  IF v_deltas IS NOT NULL THEN
    PERFORM public.apply_result_deltas(v_deltas);
    PERFORM pg_notify('dbolt_events', left(jsonb_build_object(
      't', 'jobs', 'ids', (SELECT jsonb_agg(d->'job_id') FROM jsonb_array_elements(v_deltas) d))::text, 7900));
  END IF;
  IF v_new_work THEN
    PERFORM pg_notify('dbolt_work', '{"t":"work"}');
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER job_results_counters_ins AFTER INSERT ON job_results
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.job_results_counters();
CREATE TRIGGER job_results_counters_upd AFTER UPDATE ON job_results
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.job_results_counters();
CREATE TRIGGER job_results_counters_del AFTER DELETE ON job_results
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.job_results_counters();

-- Small change notifications for the console (debounced there): what changed and its ids.
CREATE FUNCTION public.notify_table_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('dbolt_events', jsonb_build_object('t', TG_ARGV[0])::text);
  RETURN NULL;
END $$;
CREATE TRIGGER directories_notify AFTER INSERT OR UPDATE OR DELETE ON directories
  FOR EACH STATEMENT EXECUTE FUNCTION public.notify_table_change('directories');
CREATE TRIGGER jobs_notify AFTER INSERT OR UPDATE OR DELETE ON jobs
  FOR EACH STATEMENT EXECUTE FUNCTION public.notify_table_change('jobs');
CREATE TRIGGER workers_notify AFTER INSERT OR UPDATE OR DELETE ON worker_heartbeats
  FOR EACH STATEMENT EXECUTE FUNCTION public.notify_table_change('workers');
CREATE TRIGGER packages_notify AFTER INSERT OR UPDATE OR DELETE ON packages
  FOR EACH STATEMENT EXECUTE FUNCTION public.notify_table_change('packages');
