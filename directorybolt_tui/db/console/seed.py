"""Synthetic data in bulk (`dbolt dev seed`, `dbolt bench dashboard`): generated in SQL with
generate_series, triggers off during the load (session_replication_role = replica, so the role
must be a superuser), then job counters and console rollups computed from the rows so that
everything is coherent, as the triggers would have made it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import asyncpg

SEED_SQL = r"""
SELECT setseed($5);

-- Directories: enough for the largest package (ids are looked up by position below).
INSERT INTO directories (name, homepage, enabled, priority, category, region)
SELECT format('Seed Directory %s', i), format('https://seed-dir-%s.example.test', i), true, 50 + (i % 50),
       (ARRAY['general', 'local', 'reviews', 'maps', 'industry'])[1 + i % 5], 'US'
  FROM generate_series(1, $2) i
ON CONFLICT (homepage_key) DO NOTHING;

CREATE TEMP TABLE seed_dirs ON COMMIT DROP AS
SELECT row_number() OVER (ORDER BY id) - 1 AS pos, id, name, homepage
  FROM directories WHERE homepage_key LIKE 'seed-dir-%';

CREATE TEMP TABLE seed_customers ON COMMIT DROP AS
SELECT i AS no, gen_random_uuid() AS id FROM generate_series(1, greatest($1 / 2, 1)) i;

INSERT INTO customers (id, email, business_name, city, region, country, business_website)
SELECT c.id, format('seed-%s-%s@example.test', $4, c.no),
       (ARRAY['Acme', 'Blue Sky', 'Cedar', 'Delta', 'Evergreen', 'Foxglove', 'Granite', 'Harbor'])[1 + c.no % 8]
         || ' ' || (ARRAY['Plumbing', 'Dental', 'Bakery', 'Law Office', 'Auto Repair', 'Yoga', 'Roofing'])[1 + c.no % 7]
         || ' #' || c.no,
       'Austin', 'TX', 'US', format('https://seed-%s-%s.example.test', $4, c.no)
  FROM seed_customers c;

-- Jobs: created over the last $3 days; finished when older than two hours, else running or waiting.
CREATE TEMP TABLE seed_jobs ON COMMIT DROP AS
SELECT j.no, gen_random_uuid() AS id, sc.id AS customer_id,
       p.name AS package, t.total, j.created_at,
       CASE WHEN j.created_at > now() - interval '2 hours'
            THEN CASE WHEN random() < 0.5 THEN 'pending' ELSE 'in_progress' END
            ELSE CASE WHEN random() < 0.03 THEN 'cancelled' ELSE 'completed' END END AS status
  FROM (SELECT no, now() - ($3 * 86400 * power(random(), 1.3)) * interval '1 second' AS created_at, random() AS r
          FROM generate_series(1, $1) no) j
  CROSS JOIN LATERAL (SELECT CASE WHEN j.r < 0.15 THEN 'starter' WHEN j.r < 0.40 THEN 'growth'
                                  WHEN j.r < 0.70 THEN 'professional' ELSE 'enterprise' END AS name) pn
  JOIN packages p ON p.name = pn.name
  CROSS JOIN LATERAL (SELECT least(p.directory_count, (SELECT count(*) FROM seed_dirs))::int AS total) t
  JOIN seed_customers sc ON sc.no = 1 + (j.no % greatest($1 / 2, 1));

INSERT INTO jobs (id, customer_id, order_key, status, package_type, directories_total, created_at, updated_at,
                  started_at, priority)
SELECT id, customer_id, format('seed-%s-%s', $4, no), status, package,
       (SELECT least(directory_count, (SELECT count(*) FROM seed_dirs)) FROM packages WHERE name = package),
       created_at, created_at,
       CASE WHEN status <> 'pending' THEN created_at + interval '20 seconds' END, 0
  FROM seed_jobs;

-- Results: one per directory of the job; finished ones spread after the job's start.
INSERT INTO job_results (job_id, directory_id, directory_name, directory_url, status, attempts, started_at,
                         finished_at, submission_url, reason_code, created_at, updated_at, next_attempt_at)
SELECT j.id, d.id, d.name, d.homepage, s.status, CASE WHEN s.status = 'pending' THEN 0 ELSE 1 END,
       CASE WHEN s.status <> 'pending' THEN s.fin - s.dur END,
       CASE WHEN s.status <> 'pending' THEN s.fin END,
       CASE WHEN s.status = 'success' THEN d.homepage || '/listing/' || left(j.id::text, 8) END,
       CASE s.status WHEN 'failed' THEN 'form_rejected' WHEN 'requires_manual' THEN 'unknown_field'
                     WHEN 'captcha_failed' THEN 'captcha' WHEN 'cancelled' THEN 'cancelled' END,
       j.created_at, j.created_at, j.created_at
  FROM seed_jobs j
  JOIN jobs jj ON jj.id = j.id
  CROSS JOIN LATERAL generate_series(0, jj.directories_total - 1) k
  JOIN seed_dirs d ON d.pos = (j.no * 7 + k) % (SELECT count(*) FROM seed_dirs)
  CROSS JOIN LATERAL (
    SELECT random() AS r, (5 + random() * 40) * interval '1 second' AS dur,
           least(j.created_at + interval '20 seconds' + (k + 1) * (30 + random() * 90) * interval '1 second', now()) AS fin
  ) x
  CROSS JOIN LATERAL (
    SELECT CASE
      WHEN j.status = 'pending' THEN 'pending'
      WHEN j.status = 'in_progress' AND k >= jj.directories_total * x.r THEN 'pending'
      WHEN j.status = 'cancelled' AND x.r < 0.5 THEN 'cancelled'
      WHEN x.r < 0.80 + (d.pos % 10) * 0.015 - 0.06 THEN 'success'
      WHEN x.r < 0.90 THEN 'failed'
      WHEN x.r < 0.95 THEN 'requires_manual'
      WHEN x.r < 0.97 THEN 'captcha_failed'
      ELSE 'skipped' END AS status, x.fin, x.dur
  ) s;

-- Counters exactly as the triggers keep them.
UPDATE jobs j SET
  pending_count = c.pending, submitting_count = 0, succeeded_count = c.success, failed_count = c.failed,
  manual_count = c.manual, skipped_count = c.skipped, cancelled_count = c.cancelled,
  directories_done = j.directories_total - c.pending,
  progress = CASE WHEN j.directories_total = 0 THEN 100
                  ELSE round(100.0 * (j.directories_total - c.pending) / j.directories_total, 2) END,
  status = CASE WHEN j.status IN ('completed', 'cancelled') THEN j.status
                WHEN j.status = 'in_progress' AND c.pending = 0 THEN 'completed' ELSE j.status END,
  completed_at = CASE WHEN j.status IN ('completed', 'cancelled') OR c.pending = 0 THEN c.last_finish END,
  cancel_requested = (j.status = 'cancelled'),
  updated_at = coalesce(c.last_finish, j.created_at)
  FROM (SELECT r.job_id,
               count(*) FILTER (WHERE r.status = 'pending') AS pending,
               count(*) FILTER (WHERE r.status = 'success') AS success,
               count(*) FILTER (WHERE r.status = 'failed') AS failed,
               count(*) FILTER (WHERE r.status IN ('requires_manual', 'captcha_failed')) AS manual,
               count(*) FILTER (WHERE r.status = 'skipped') AS skipped,
               count(*) FILTER (WHERE r.status = 'cancelled') AS cancelled,
               max(r.finished_at) AS last_finish
          FROM job_results r JOIN seed_jobs s ON s.id = r.job_id GROUP BY r.job_id) c
 WHERE j.id = c.job_id;

INSERT INTO queue_history (job_id, event_type, event_data, actor, created_at)
SELECT id, 'job_created', jsonb_build_object('package', package, 'seed', true), 'seed', created_at FROM seed_jobs;
INSERT INTO queue_history (job_id, event_type, event_data, actor, created_at)
SELECT j.id, 'job_completed', jsonb_build_object('status', j.status, 'successful', j.succeeded_count), 'seed', j.completed_at
  FROM jobs j JOIN seed_jobs s ON s.id = j.id WHERE j.completed_at IS NOT NULL;

INSERT INTO worker_heartbeats (worker_id, host, pid, version, concurrency, status, last_heartbeat, processed_count, failed_count)
SELECT format('seed-worker-%s', i), format('seed-host-%s', 1 + i % 2), 1000 + i, 'seed', 4,
       (ARRAY['busy', 'idle', 'paused', 'busy'])[1 + i % 4],
       CASE WHEN i = 4 THEN now() - interval '10 minutes' ELSE now() END, 1000 * i, 37 * i
  FROM generate_series(1, 4) i
ON CONFLICT (worker_id) DO UPDATE SET last_heartbeat = EXCLUDED.last_heartbeat;

SELECT public.console_rebuild_rollups();
"""


@dataclass
class SeedReport:
    jobs: int
    results: int
    seconds: float


async def seed(conn: asyncpg.Connection, jobs: int, *, directories: int = 150, days: int = 30,
               tag: str | None = None, random_seed: float = 0.42) -> SeedReport:
    is_super = await conn.fetchval("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    if not is_super:
        raise PermissionError("seeding loads rows with triggers off and needs a superuser connection")
    tag = tag or time.strftime("%Y%m%d%H%M%S")
    started = time.monotonic()
    before = await conn.fetchval("SELECT count(*) FROM job_results")
    async with conn.transaction():
        await conn.execute("SET LOCAL session_replication_role = replica")
        await conn.execute("SET LOCAL synchronous_commit = off")
        # asyncpg runs a multi-statement script only without parameters: inline the (numeric) values.
        sql = (SEED_SQL.replace("$1", str(int(jobs))).replace("$2", str(int(directories)))
               .replace("$3", str(int(days))).replace("$4", f"'{_safe(tag)}'").replace("$5", str(float(random_seed))))
        await conn.execute(sql)
    await conn.execute("ANALYZE")
    after = await conn.fetchval("SELECT count(*) FROM job_results")
    return SeedReport(jobs=jobs, results=int(after - before), seconds=time.monotonic() - started)


def _safe(tag: str) -> str:
    return "".join(ch for ch in tag if ch.isalnum() or ch in "-_")[:40]
