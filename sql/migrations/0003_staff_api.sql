-- The API that every client calls instead of writing rows by hand. Each function is one
-- transaction, SECURITY DEFINER with a fixed search_path, and records its actor in queue_history.

CREATE FUNCTION staff_api.submit_order(
  p_package   text,
  p_business  jsonb,
  p_order_key text DEFAULT NULL,
  p_priority  integer DEFAULT 0
) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_count       integer;
  v_customer_id uuid;
  v_job_id      uuid;
  v_email       text := btrim(coalesce(p_business->>'email', ''));
  v_name        text := btrim(coalesce(p_business->>'name', ''));
  v_categories  text[];
  v_keywords    text[];
  v_total       integer;
BEGIN
  IF p_order_key IS NOT NULL THEN
    SELECT id INTO v_job_id FROM jobs WHERE order_key = p_order_key;
    IF FOUND THEN
      RETURN v_job_id;  -- idempotent: the same order twice is one job
    END IF;
  END IF;

  SELECT directory_count INTO v_count FROM packages WHERE name = p_package;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'unknown package "%"', p_package USING ERRCODE = 'invalid_parameter_value',
      HINT = 'one of: ' || (SELECT string_agg(name, ', ' ORDER BY sort_order) FROM packages);
  END IF;
  IF v_name = '' THEN
    RAISE EXCEPTION 'business name is required' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF v_email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' THEN
    RAISE EXCEPTION 'a valid business email is required' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF jsonb_typeof(p_business->'categories') = 'array' THEN
    SELECT coalesce(array_agg(btrim(c)), '{}') INTO v_categories
      FROM jsonb_array_elements_text(p_business->'categories') c WHERE btrim(c) <> '';
  ELSE
    v_categories := coalesce(string_to_array(nullif(p_business->>'categories', ''), ','), '{}');
  END IF;
  IF jsonb_typeof(p_business->'keywords') = 'array' THEN
    SELECT coalesce(array_agg(k), '{}') INTO v_keywords FROM jsonb_array_elements_text(p_business->'keywords') k;
  END IF;

  INSERT INTO customers AS c (
    email, business_name, business_address, street, city, region, postal_code, country,
    business_phone, business_email, business_website, business_description, business_categories,
    contact_name, hours, keywords, social_links)
  VALUES (
    v_email, v_name, p_business->>'address', p_business->>'street', p_business->>'city',
    p_business->>'region', p_business->>'postal_code', p_business->>'country',
    p_business->>'phone', v_email, p_business->>'website', p_business->>'description', v_categories,
    p_business->>'contact_name', p_business->>'hours', coalesce(v_keywords, '{}'),
    coalesce(CASE WHEN jsonb_typeof(p_business->'social_links') = 'object' THEN p_business->'social_links' END, '{}'))
  ON CONFLICT ((lower(btrim(email)))) DO UPDATE SET
    business_name = EXCLUDED.business_name,
    business_address = coalesce(EXCLUDED.business_address, c.business_address),
    street = coalesce(EXCLUDED.street, c.street),
    city = coalesce(EXCLUDED.city, c.city),
    region = coalesce(EXCLUDED.region, c.region),
    postal_code = coalesce(EXCLUDED.postal_code, c.postal_code),
    country = coalesce(EXCLUDED.country, c.country),
    business_phone = coalesce(EXCLUDED.business_phone, c.business_phone),
    business_email = EXCLUDED.business_email,
    business_website = coalesce(EXCLUDED.business_website, c.business_website),
    business_description = coalesce(EXCLUDED.business_description, c.business_description),
    business_categories = CASE WHEN cardinality(EXCLUDED.business_categories) > 0
                               THEN EXCLUDED.business_categories ELSE c.business_categories END,
    contact_name = coalesce(EXCLUDED.contact_name, c.contact_name),
    hours = coalesce(EXCLUDED.hours, c.hours),
    keywords = CASE WHEN cardinality(EXCLUDED.keywords) > 0 THEN EXCLUDED.keywords ELSE c.keywords END,
    social_links = c.social_links || EXCLUDED.social_links
  RETURNING c.id INTO v_customer_id;

  SELECT count(*) INTO v_total FROM (
    SELECT 1 FROM directories WHERE enabled ORDER BY priority DESC, id LIMIT v_count) d;
  IF v_total = 0 THEN
    RAISE EXCEPTION 'no enabled directories: enable some before taking orders'
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;

  INSERT INTO jobs (customer_id, order_key, package_type, directories_total, priority)
  VALUES (v_customer_id, p_order_key, p_package, v_total, coalesce(p_priority, 0))
  ON CONFLICT (order_key) DO NOTHING
  RETURNING id INTO v_job_id;
  IF v_job_id IS NULL THEN
    -- A concurrent call with the same order key won the race.
    SELECT id INTO v_job_id FROM jobs WHERE order_key = p_order_key;
    RETURN v_job_id;
  END IF;

  INSERT INTO job_results (job_id, directory_id, directory_name, directory_url)
  SELECT v_job_id, d.id, d.name, coalesce(d.submission_url, d.homepage)
    FROM directories d WHERE d.enabled ORDER BY d.priority DESC, d.id LIMIT v_count;

  INSERT INTO queue_history (job_id, event_type, event_data)
  VALUES (v_job_id, 'job_created', jsonb_build_object(
    'package', p_package, 'package_directories', v_count, 'directories', v_total,
    'short_by', v_count - v_total, 'customer_id', v_customer_id, 'order_key', p_order_key));
  RETURN v_job_id;
END $$;

CREATE FUNCTION staff_api.cancel_job(p_job_id uuid, p_reason text DEFAULT NULL) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_status text;
  v_cancelled integer;
BEGIN
  -- Lock order everywhere is results first, then their job (as the counter trigger does), so no
  -- FOR UPDATE on the job here: that would deadlock with a worker claiming this job's results.
  SELECT status INTO v_status FROM jobs WHERE id = p_job_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'job % not found', p_job_id USING ERRCODE = 'no_data_found';
  END IF;
  IF v_status NOT IN ('pending', 'in_progress') THEN
    RAISE EXCEPTION 'job % is already %', p_job_id, v_status USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  -- cancel_requested is set before the counters see the last pending result go, so that the
  -- trigger finishes the job as cancelled; setting it takes the job's row lock, which is why the
  -- pending results are locked first (claims skip locked rows).
  PERFORM 1 FROM job_results WHERE job_id = p_job_id AND status = 'pending' ORDER BY id FOR UPDATE;
  UPDATE jobs SET cancel_requested = true, error_message = coalesce(p_reason, error_message) WHERE id = p_job_id;
  INSERT INTO queue_history (job_id, event_type, event_data)
  VALUES (p_job_id, 'job_cancel_requested', jsonb_build_object('reason', p_reason));
  -- Running submissions stop at their next safe point (the worker sees cancel_requested).
  UPDATE job_results SET status = 'cancelled', finished_at = now(), updated_at = now(),
         reason_code = 'cancelled', error_message = p_reason
   WHERE job_id = p_job_id AND status = 'pending';
  GET DIAGNOSTICS v_cancelled = ROW_COUNT;
  RETURN v_cancelled;
END $$;

CREATE FUNCTION staff_api.retry_results(p_result_ids bigint[], p_note text DEFAULT NULL) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_count integer;
  v_bad   text;
BEGIN
  SELECT string_agg(format('%s (%s)', r.id, r.status), ', ') INTO v_bad
    FROM job_results r WHERE r.id = ANY (p_result_ids)
     AND r.status NOT IN ('failed', 'requires_manual', 'captcha_failed', 'cancelled', 'skipped');
  IF v_bad IS NOT NULL THEN
    RAISE EXCEPTION 'cannot retry results that are not finished unsuccessfully: %', v_bad
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  -- A staff retry on a cancelled job means the job is wanted after all.
  UPDATE jobs SET cancel_requested = false
   WHERE cancel_requested AND id IN (SELECT job_id FROM job_results WHERE id = ANY (p_result_ids));
  WITH retried AS (
    UPDATE job_results SET status = 'pending', phase = NULL, attempts = 0, next_attempt_at = now(),
           claimed_by = NULL, lease_expires_at = NULL, finished_at = NULL, reason_code = NULL,
           error_message = NULL, note = coalesce(p_note, note), updated_at = now()
     WHERE id = ANY (p_result_ids)
    RETURNING id, job_id, directory_name
  ), events AS (
    INSERT INTO queue_history (job_id, result_id, event_type, event_data)
    SELECT job_id, id, 'result_retried', jsonb_build_object('directory', directory_name, 'note', p_note)
      FROM retried
    RETURNING 1
  )
  SELECT count(*) INTO v_count FROM events;
  RETURN v_count;
END $$;

CREATE FUNCTION staff_api.resolve_manual(
  p_result_ids bigint[],
  p_outcome    text,
  p_proof_url  text DEFAULT NULL,
  p_note       text DEFAULT NULL
) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_count integer;
  v_bad   text;
  v_actor text := public.dbolt_actor();
BEGIN
  IF p_outcome NOT IN ('success', 'failed', 'skipped') THEN
    RAISE EXCEPTION 'outcome must be success, failed or skipped, not "%"', p_outcome
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF p_proof_url IS NOT NULL AND p_proof_url !~* '^(https?://\S+|file:/\S+|/\S+)$' THEN
    RAISE EXCEPTION 'proof must be an http(s) URL or a file path, not "%"', p_proof_url
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  SELECT string_agg(format('%s (%s)', r.id, r.status), ', ') INTO v_bad
    FROM job_results r WHERE r.id = ANY (p_result_ids)
     AND r.status NOT IN ('requires_manual', 'captcha_failed');
  IF v_bad IS NOT NULL THEN
    RAISE EXCEPTION 'only results in manual review can be resolved: %', v_bad
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  WITH resolved AS (
    UPDATE job_results SET status = p_outcome, resolved_by = v_actor, resolved_at = now(),
           proof_url = p_proof_url, note = p_note, finished_at = now(), updated_at = now(),
           submission_url = CASE WHEN p_outcome = 'success' AND p_proof_url ~* '^https?://'
                                 THEN p_proof_url ELSE submission_url END
     WHERE id = ANY (p_result_ids)
    RETURNING id, job_id, directory_name, reason_code
  ), events AS (
    INSERT INTO queue_history (job_id, result_id, event_type, event_data, actor)
    SELECT job_id, id, 'manual_resolved',
           jsonb_build_object('directory', directory_name, 'outcome', p_outcome, 'proof_url', p_proof_url,
                              'note', p_note, 'reason', reason_code), v_actor
      FROM resolved
    RETURNING 1
  )
  SELECT count(*) INTO v_count FROM events;
  IF v_count = 0 THEN
    RAISE EXCEPTION 'no such results: %', p_result_ids USING ERRCODE = 'no_data_found';
  END IF;
  RETURN v_count;
END $$;

-- Directory catalog and packages: admin only.
CREATE FUNCTION admin_api.upsert_directory(p jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_id bigint;
  v_created boolean;
BEGIN
  INSERT INTO directories AS d (name, homepage, submission_url, category, region, enabled, priority,
                                requires_login, has_captcha, max_concurrent, min_interval_seconds,
                                field_hints, notes)
  VALUES (btrim(p->>'name'), btrim(p->>'homepage'), nullif(btrim(p->>'submission_url'), ''),
          nullif(p->>'category', ''), nullif(p->>'region', ''),
          coalesce((p->>'enabled')::boolean, false), coalesce((p->>'priority')::int, 50),
          coalesce((p->>'requires_login')::boolean, false), coalesce((p->>'has_captcha')::boolean, false),
          coalesce((p->>'max_concurrent')::int, 1), coalesce((p->>'min_interval_seconds')::numeric, 0),
          coalesce(p->'field_hints', '{}'), nullif(p->>'notes', ''))
  ON CONFLICT (homepage_key) DO UPDATE SET
    name = EXCLUDED.name,
    homepage = EXCLUDED.homepage,
    submission_url = coalesce(EXCLUDED.submission_url, d.submission_url),
    category = coalesce(EXCLUDED.category, d.category),
    region = coalesce(EXCLUDED.region, d.region),
    enabled = CASE WHEN p ? 'enabled' THEN EXCLUDED.enabled ELSE d.enabled END,
    priority = CASE WHEN p ? 'priority' THEN EXCLUDED.priority ELSE d.priority END,
    requires_login = CASE WHEN p ? 'requires_login' THEN EXCLUDED.requires_login ELSE d.requires_login END,
    has_captcha = CASE WHEN p ? 'has_captcha' THEN EXCLUDED.has_captcha ELSE d.has_captcha END,
    max_concurrent = CASE WHEN p ? 'max_concurrent' THEN EXCLUDED.max_concurrent ELSE d.max_concurrent END,
    min_interval_seconds = CASE WHEN p ? 'min_interval_seconds' THEN EXCLUDED.min_interval_seconds
                                ELSE d.min_interval_seconds END,
    field_hints = CASE WHEN p ? 'field_hints' THEN EXCLUDED.field_hints ELSE d.field_hints END,
    notes = coalesce(EXCLUDED.notes, d.notes)
  RETURNING d.id, (xmax = 0) INTO v_id, v_created;
  INSERT INTO queue_history (event_type, event_data)
  VALUES (CASE WHEN v_created THEN 'directory_added' ELSE 'directory_updated' END,
          jsonb_build_object('directory_id', v_id, 'name', p->>'name'));
  RETURN v_id;
END $$;

CREATE FUNCTION admin_api.update_directory(p_id bigint, p jsonb) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  UPDATE directories d SET
    name = coalesce(btrim(p->>'name'), d.name),
    homepage = coalesce(btrim(p->>'homepage'), d.homepage),
    submission_url = CASE WHEN p ? 'submission_url' THEN nullif(btrim(p->>'submission_url'), '') ELSE d.submission_url END,
    category = CASE WHEN p ? 'category' THEN nullif(p->>'category', '') ELSE d.category END,
    region = CASE WHEN p ? 'region' THEN nullif(p->>'region', '') ELSE d.region END,
    enabled = coalesce((p->>'enabled')::boolean, d.enabled),
    priority = coalesce((p->>'priority')::int, d.priority),
    requires_login = coalesce((p->>'requires_login')::boolean, d.requires_login),
    has_captcha = coalesce((p->>'has_captcha')::boolean, d.has_captcha),
    max_concurrent = coalesce((p->>'max_concurrent')::int, d.max_concurrent),
    min_interval_seconds = coalesce((p->>'min_interval_seconds')::numeric, d.min_interval_seconds),
    field_hints = coalesce(p->'field_hints', d.field_hints),
    notes = CASE WHEN p ? 'notes' THEN nullif(p->>'notes', '') ELSE d.notes END
  WHERE d.id = p_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'directory % not found', p_id USING ERRCODE = 'no_data_found';
  END IF;
  INSERT INTO queue_history (event_type, event_data)
  VALUES ('directory_updated', jsonb_build_object('directory_id', p_id, 'changes', p));
END $$;

CREATE FUNCTION admin_api.set_directories_enabled(p_ids bigint[], p_enabled boolean) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_count integer;
BEGIN
  UPDATE directories SET enabled = p_enabled WHERE id = ANY (p_ids) AND enabled IS DISTINCT FROM p_enabled;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  INSERT INTO queue_history (event_type, event_data)
  VALUES (CASE WHEN p_enabled THEN 'directories_enabled' ELSE 'directories_disabled' END,
          jsonb_build_object('directory_ids', to_jsonb(p_ids), 'changed', v_count));
  RETURN v_count;
END $$;

CREATE FUNCTION admin_api.set_package(p_name text, p_directory_count integer, p_description text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO packages (name, directory_count, description) VALUES (p_name, p_directory_count, p_description)
  ON CONFLICT (name) DO UPDATE SET directory_count = EXCLUDED.directory_count,
                                   description = coalesce(EXCLUDED.description, packages.description);
  INSERT INTO queue_history (event_type, event_data)
  VALUES ('package_set', jsonb_build_object('package', p_name, 'directories', p_directory_count));
END $$;

-- Retention: the only way rows leave queue_history.
CREATE FUNCTION admin_api.prune_history(p_older_than interval) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_count bigint;
BEGIN
  IF p_older_than < interval '1 day' THEN
    RAISE EXCEPTION 'retention below one day refused' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  PERFORM set_config('dbolt.history_retention', 'on', true);
  DELETE FROM queue_history WHERE created_at < now() - p_older_than;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  PERFORM set_config('dbolt.history_retention', 'off', true);
  INSERT INTO queue_history (event_type, event_data)
  VALUES ('history_pruned', jsonb_build_object('deleted', v_count, 'older_than', p_older_than::text));
  RETURN v_count;
END $$;
