"""Read queries of the staff console. Plain asyncpg, no UI imports.

Every query is bounded (LIMIT) and served by an index or a rollup table (sql/migrations/0005).
Times are computed against `now` passed in by the caller, so that a frozen clock gives frozen figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import asyncpg

QUEUE_LIMIT = 200
JOBS_LIMIT = 200
ACTIVITY_LIMIT = 200
MANUAL_LIMIT = 200
WORKERS_LIMIT = 500
DIRECTORIES_LIMIT = 2000
DIRECTORY_STATS_LIMIT = 50
JOB_RESULTS_LIMIT = 2000
JOB_HISTORY_LIMIT = 300
COUNT_CAP = 10_000  # counts above this show as "10000+" (the scan stops there)

Row = dict[str, Any]


def _rows(records: list[asyncpg.Record]) -> list[Row]:
    return [dict(r) for r in records]


@dataclass
class TabData:
    rows: list[Row]
    total: int | None = None  # rows that exist (None: unknown); may be capped, see total_capped
    total_capped: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


# --- Queue: pending jobs -------------------------------------------------------------------------

QUEUE_SQL = """
SELECT j.id, c.business_name AS customer, j.package_type AS package, j.directories_total AS directories,
       j.priority, j.created_at, j.paused, j.cancel_requested
  FROM jobs j JOIN customers c ON c.id = j.customer_id
 WHERE j.status = 'pending'
 ORDER BY j.priority DESC, j.created_at, j.id
 LIMIT $1
"""

STATUS_COUNTS_SQL = "SELECT status, jobs FROM console_job_status"


async def job_status_counts(conn: asyncpg.Connection) -> dict[str, int]:
    counts = {s: 0 for s in ("pending", "in_progress", "completed", "failed", "cancelled")}
    for r in await conn.fetch(STATUS_COUNTS_SQL):
        counts[r["status"]] = int(r["jobs"])
    return counts


async def queue(conn: asyncpg.Connection, now: datetime, limit: int = QUEUE_LIMIT) -> TabData:
    rows = _rows(await conn.fetch(QUEUE_SQL, limit))
    counts = await job_status_counts(conn)
    return TabData(rows, total=counts["pending"])


# --- Jobs: pending and in progress ---------------------------------------------------------------

JOBS_SQL = """
SELECT j.id, c.business_name AS customer, j.status, j.package_type AS package, j.directories_total,
       j.directories_done, j.progress, j.succeeded_count, j.failed_count, j.manual_count,
       j.created_at, j.started_at, j.priority, j.paused, j.cancel_requested,
       (SELECT coalesce(jsonb_agg(jsonb_build_object('d', x.directory_name, 's', x.status)), '[]')
          FROM (SELECT r.directory_name, r.status FROM job_results r
                 WHERE r.job_id = j.id AND r.finished_at IS NOT NULL
                 ORDER BY r.finished_at DESC, r.id DESC LIMIT 3) x) AS latest
  FROM jobs j JOIN customers c ON c.id = j.customer_id
 WHERE j.status IN ('pending', 'in_progress')
 ORDER BY j.priority DESC, j.created_at, j.id
 LIMIT $1
"""


# A search looks at every job, finished ones too: open ones first, then the newest. Each job status is
# its own branch, newest first (jobs_status_created_idx), so that each can stop at the first matches:
# open jobs (the working set) are checked one by one against their customer; for finished ones the
# planner picks between that and the trigram index on customer_search_text (migration 0007), by how
# common the text is. Job ids are found by key range.
_OPEN_BRANCH = """
  (SELECT j.id, j.created_at, true AS open FROM jobs j
     CROSS JOIN LATERAL (SELECT 1 FROM customers c WHERE c.id = j.customer_id
       AND public.customer_search_text(c.business_name, c.email, c.business_email) LIKE $2 ESCAPE '\\'
       OFFSET 0) m
    WHERE j.status = '{status}'
    ORDER BY j.created_at DESC LIMIT $1)"""
_FINISHED_BRANCH = """
  (SELECT j.id, j.created_at, false FROM jobs j JOIN customers c ON c.id = j.customer_id
    WHERE j.status = '{status}'
      AND public.customer_search_text(c.business_name, c.email, c.business_email) LIKE $2 ESCAPE '\\'
    ORDER BY j.created_at DESC LIMIT $1)"""
_SEARCH_BRANCHES = [_OPEN_BRANCH.format(status=st) for st in ("pending", "in_progress")] + [
    _FINISHED_BRANCH.format(status=st) for st in ("completed", "failed", "cancelled")]
JOBS_SEARCH_SQL = """
WITH hits AS (""" + "\n  UNION ALL".join(_SEARCH_BRANCHES) + """
  UNION ALL
  (SELECT j.id, j.created_at, j.status IN ('pending', 'in_progress') FROM jobs j
    WHERE $3::uuid IS NOT NULL AND j.id BETWEEN $3::uuid AND $4::uuid
    ORDER BY 3 DESC, 2 DESC LIMIT $1)
), found AS (
  SELECT h.id, bool_or(h.open) AS open, max(h.created_at) AS created_at FROM hits h
   GROUP BY h.id ORDER BY 2 DESC, 3 DESC, 1 LIMIT $1
)
SELECT j.id, c.business_name AS customer, c.email AS customer_email, j.status, j.package_type AS package,
       j.directories_total, j.directories_done, j.progress, j.succeeded_count, j.failed_count, j.manual_count,
       j.created_at, j.started_at, j.completed_at, j.priority, j.paused, j.cancel_requested,
       (SELECT coalesce(jsonb_agg(jsonb_build_object('d', x.directory_name, 's', x.status)), '[]')
          FROM (SELECT r.directory_name, r.status FROM job_results r
                 WHERE r.job_id = j.id AND r.finished_at IS NOT NULL
                 ORDER BY r.finished_at DESC, r.id DESC LIMIT 3) x) AS latest
  FROM found f JOIN jobs j ON j.id = f.id JOIN customers c ON c.id = j.customer_id
 ORDER BY f.open DESC, f.created_at DESC, f.id
"""


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _job_id_range(text: str) -> tuple[str, str] | None:
    """The job ids starting with ``text`` as a key range, when it can be the start of one."""
    hexes = text.strip().lower().replace("-", "")
    if len(hexes) < 4 or len(hexes) > 32 or any(ch not in "0123456789abcdef" for ch in hexes):
        return None

    def uuid_text(h: str) -> str:
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    return uuid_text((hexes + "0" * 32)[:32]), uuid_text((hexes + "f" * 32)[:32])


async def jobs(conn: asyncpg.Connection, now: datetime, limit: int = JOBS_LIMIT,
               search: str | None = None) -> TabData:
    """Open jobs in claim order; with ``search``, every job whose customer name or email contains
    it, or whose id starts with it."""
    if search:
        low, high = _job_id_range(search) or (None, None)
        pattern = f"%{_like_escape(search.strip().lower())}%"
        async with conn.transaction(readonly=True):
            # a plan made for the text at hand: a cached generic plan suits common or rare text, never both
            await conn.execute("SET LOCAL plan_cache_mode = force_custom_plan")
            rows = _rows(await conn.fetch(JOBS_SEARCH_SQL, limit, pattern, low, high))
        return TabData(rows, total=len(rows), total_capped=len(rows) >= limit, extra={"search": search})
    rows = _rows(await conn.fetch(JOBS_SQL, limit))
    counts = await job_status_counts(conn)
    return TabData(rows, total=counts["pending"] + counts["in_progress"])


# --- Analytics ------------------------------------------------------------------------------------

HOURLY_SQL = """
SELECT g.hour, coalesce(h.finished, 0) AS finished, coalesce(h.succeeded, 0) AS succeeded,
       coalesce(h.failed, 0) AS failed, coalesce(h.manual, 0) AS manual
  FROM generate_series(date_trunc('hour', $1::timestamptz, 'UTC') - interval '23 hours',
                       date_trunc('hour', $1::timestamptz, 'UTC'), interval '1 hour') AS g(hour)
  LEFT JOIN console_hourly h ON h.hour = g.hour
 ORDER BY g.hour
"""

WINDOWS_SQL = """
SELECT coalesce(sum(finished) FILTER (WHERE hour >= $1), 0) AS t_finished,
       coalesce(sum(succeeded) FILTER (WHERE hour >= $1), 0) AS t_succeeded,
       coalesce(sum(finished), 0) AS finished, coalesce(sum(succeeded), 0) AS succeeded,
       coalesce(sum(jobs_completed), 0) AS jobs_completed, coalesce(sum(job_seconds), 0) AS job_seconds,
       coalesce(sum(duration_ms), 0) AS duration_ms, coalesce(sum(timed), 0) AS timed
  FROM console_hourly WHERE hour >= least($1, $2) AND hour <= $3
"""

DIRECTORY_RATES_SQL = """
SELECT d.id, d.name, s.finished, s.succeeded, s.failed, s.manual,
       round(100.0 * s.succeeded / nullif(s.finished, 0), 1) AS success_rate
  FROM (SELECT directory_id, sum(finished) AS finished, sum(succeeded) AS succeeded,
               sum(failed) AS failed, sum(manual) AS manual
          FROM console_directory_daily WHERE day >= ($1::timestamptz AT TIME ZONE 'UTC')::date - 29
         GROUP BY directory_id HAVING sum(finished) > 0) s
  JOIN directories d ON d.id = s.directory_id
 ORDER BY s.succeeded::numeric / s.finished, s.finished DESC, d.id
 LIMIT $2
"""


async def analytics(conn: asyncpg.Connection, now: datetime, limit: int = DIRECTORY_STATS_LIMIT) -> TabData:
    from datetime import timedelta, timezone

    utc_now = now.astimezone(timezone.utc)
    counts = await job_status_counts(conn)
    hourly = _rows(await conn.fetch(HOURLY_SQL, utc_now))
    day_start = utc_now.replace(hour=0, minute=0, second=0, microsecond=0)
    since = utc_now - timedelta(hours=24)
    # one pass over the last 24 hourly rows: today (UTC midnight on) is always inside them
    w = dict(await conn.fetchrow(WINDOWS_SQL, day_start, since, utc_now))
    today = {"finished": w["t_finished"], "succeeded": w["t_succeeded"]}
    last24 = w
    by_dir = _rows(await conn.fetch(DIRECTORY_RATES_SQL, utc_now, limit))
    return TabData(by_dir, total=len(by_dir), extra=summarize(counts, hourly, today, last24))


def summarize(counts: dict[str, int], hourly: list[Row], today: Row, last24: Row) -> dict[str, Any]:
    def rate(w: Row) -> float | None:
        return round(100.0 * int(w["succeeded"]) / int(w["finished"]), 1) if int(w["finished"]) else None

    avg_job = float(last24["job_seconds"]) / int(last24["jobs_completed"]) if int(last24["jobs_completed"]) else None
    avg_sub = int(last24["duration_ms"]) / int(last24["timed"]) / 1000 if int(last24["timed"]) else None
    return {
        "status_counts": counts,
        "hourly": [(r["hour"], int(r["finished"]), int(r["succeeded"])) for r in hourly],
        "submissions_today": int(today["finished"]),
        "success_rate_24h": rate(last24),
        "success_rate_today": rate(today),
        "avg_completion_seconds_24h": avg_job,
        "avg_submission_seconds_24h": avg_sub,
        "jobs_completed_24h": int(last24["jobs_completed"]),
    }


# --- Workers ---------------------------------------------------------------------------------------

WORKERS_SQL = """
SELECT worker_id, host, pid, version, concurrency, status, current_tasks, started_at, last_heartbeat,
       processed_count, failed_count,
       coalesce((to_jsonb(h) ->> 'paused')::boolean, false) AS paused,
       coalesce((to_jsonb(h) ->> 'drain_requested')::boolean, false) AS drain_requested
  FROM worker_heartbeats h
 ORDER BY last_heartbeat DESC, worker_id
 LIMIT $1
"""


async def workers(conn: asyncpg.Connection, now: datetime, limit: int = WORKERS_LIMIT) -> TabData:
    rows = _rows(await conn.fetch(WORKERS_SQL, limit))
    total = await conn.fetchval("SELECT count(*) FROM worker_heartbeats")
    all_paused = False
    if await conn.fetchval("SELECT to_regclass('public.worker_control') IS NOT NULL"):
        all_paused = bool(await conn.fetchval("SELECT bool_or(paused) FROM worker_control"))
    return TabData(rows, total=int(total), extra={"all_paused": all_paused})


# --- Activity: latest finished submissions ---------------------------------------------------------

ACTIVITY_SQL = """
SELECT r.id, r.job_id, r.finished_at, c.business_name AS customer, r.directory_name AS directory,
       r.status, r.submission_url, r.reason_code
  FROM job_results r
  JOIN jobs j ON j.id = r.job_id
  JOIN customers c ON c.id = j.customer_id
 WHERE r.finished_at IS NOT NULL
   AND ($2::timestamptz IS NULL OR (r.finished_at, r.id) < ($2, $3))
 ORDER BY r.finished_at DESC, r.id DESC
 LIMIT $1
"""


async def activity(
    conn: asyncpg.Connection,
    now: datetime,
    limit: int = ACTIVITY_LIMIT,
    after: tuple[datetime, int] | None = None,
    pages: int = 1,
) -> TabData:
    """Newest first, `pages` keyset pages of `limit` rows; `after` = (finished_at, id) to start after."""
    rows: list[Row] = []
    a_time, a_id = after if after else (None, None)
    for _ in range(max(1, pages)):
        page = _rows(await conn.fetch(ACTIVITY_SQL, limit, a_time, a_id))
        rows.extend(page)
        if len(page) < limit:
            break
        a_time, a_id = page[-1]["finished_at"], page[-1]["id"]
    return TabData(rows, total=None)


# --- Manual review ----------------------------------------------------------------------------------

MANUAL_SQL = """
SELECT r.id, r.job_id, r.created_at, r.finished_at, c.business_name AS customer,
       r.directory_name AS directory, r.directory_url, r.status, r.reason_code, r.error_message,
       r.screenshot_url
  FROM job_results r
  JOIN jobs j ON j.id = r.job_id
  JOIN customers c ON c.id = j.customer_id
 WHERE r.status IN ('requires_manual', 'captcha_failed')
   AND ($2::timestamptz IS NULL OR (r.created_at, r.id) > ($2, $3))
 ORDER BY r.created_at, r.id
 LIMIT $1
"""

MANUAL_COUNT_SQL = """
SELECT count(*) FROM (SELECT 1 FROM job_results WHERE status IN ('requires_manual', 'captcha_failed')
                      LIMIT $1) x
"""


async def manual(conn: asyncpg.Connection, now: datetime, limit: int = MANUAL_LIMIT, pages: int = 1) -> TabData:
    """Oldest first, `pages` keyset pages of `limit` rows."""
    rows: list[Row] = []
    a_time, a_id = None, None
    for _ in range(max(1, pages)):
        page = _rows(await conn.fetch(MANUAL_SQL, limit, a_time, a_id))
        rows.extend(page)
        if len(page) < limit:
            break
        a_time, a_id = page[-1]["created_at"], page[-1]["id"]
    limit = limit * max(1, pages)
    # console_counters arrived in a later revision of 0005: a database migrated before lacks it.
    exact = None
    if await conn.fetchval("SELECT to_regclass('public.console_counters') IS NOT NULL"):
        exact = await conn.fetchval("SELECT value FROM console_counters WHERE name = 'manual_review'")
    if exact is not None or len(rows) < limit:
        return TabData(rows, total=int(exact) if exact is not None else len(rows))
    total = int(await conn.fetchval(MANUAL_COUNT_SQL, COUNT_CAP + 1))
    return TabData(rows, total=min(total, COUNT_CAP), total_capped=total > COUNT_CAP)


# --- Directories -------------------------------------------------------------------------------------

DIRECTORIES_SQL = """
SELECT d.id, d.name, d.homepage, d.submission_url, d.category, d.region, d.enabled, d.priority,
       d.requires_login, d.has_captcha, d.max_concurrent, d.min_interval_seconds, d.notes,
       s.finished, s.succeeded, s.last_success_at, s.avg_seconds,
       round(100.0 * s.succeeded / nullif(s.finished, 0), 1) AS success_rate
  FROM directories d
  LEFT JOIN (
    SELECT directory_id, sum(finished) AS finished, sum(succeeded) AS succeeded,
           max(last_success_at) AS last_success_at,
           round(sum(duration_ms)::numeric / nullif(sum(timed), 0) / 1000, 1) AS avg_seconds
      FROM console_directory_daily
     WHERE day >= ($2::timestamptz AT TIME ZONE 'UTC')::date - 29
     GROUP BY directory_id) s ON s.directory_id = d.id
 ORDER BY lower(d.name), d.id
 LIMIT $1
"""


async def directories(conn: asyncpg.Connection, now: datetime, limit: int = DIRECTORIES_LIMIT) -> TabData:
    rows = _rows(await conn.fetch(DIRECTORIES_SQL, limit, now))
    total = await conn.fetchval("SELECT count(*) FROM directories")
    return TabData(rows, total=int(total))


async def directory(conn: asyncpg.Connection, directory_id: int) -> Row | None:
    r = await conn.fetchrow("SELECT * FROM directories WHERE id = $1", directory_id)
    return dict(r) if r else None


# --- Job detail --------------------------------------------------------------------------------------

JOB_SQL = """
SELECT j.*, c.business_name AS customer, c.email AS customer_email, c.business_website AS customer_website,
       c.city AS customer_city, c.country AS customer_country
  FROM jobs j JOIN customers c ON c.id = j.customer_id
 WHERE j.id = $1
"""

JOB_HISTORY_SQL = """
SELECT id, created_at, event_type, event_data, actor, result_id
  FROM queue_history WHERE job_id = $1 ORDER BY id DESC LIMIT $2
"""

JOB_RESULTS_SQL = """
SELECT id, directory_id, directory_name, directory_url, status, phase, reason_code, error_message, attempts,
       started_at, finished_at, submission_url, screenshot_url, proof_url, note, resolved_by, resolved_at
  FROM job_results WHERE job_id = $1
 ORDER BY id
 LIMIT $2
"""


@dataclass
class JobDetail:
    job: Row
    history: list[Row]
    results: list[Row]
    results_total: int


async def job_detail(conn: asyncpg.Connection, job_id: Any) -> JobDetail | None:
    job = await conn.fetchrow(JOB_SQL, job_id)
    if job is None:
        return None
    history = _rows(await conn.fetch(JOB_HISTORY_SQL, job_id, JOB_HISTORY_LIMIT))
    history.reverse()
    results = _rows(await conn.fetch(JOB_RESULTS_SQL, job_id, JOB_RESULTS_LIMIT))
    return JobDetail(dict(job), history, results, int(job["directories_total"]))


async def resolve_job_id(conn: asyncpg.Connection, text: str) -> Any:
    """A job id from its full uuid or a unique prefix of at least 6 characters."""
    import uuid

    text = text.strip().lower()
    try:
        return uuid.UUID(text)
    except ValueError:
        pass
    if len(text) < 6 or any(ch not in "0123456789abcdef-" for ch in text):
        return None
    # uuid prefix: range scan on the primary key.
    hexs = text.replace("-", "")
    low = uuid.UUID(hexs.ljust(32, "0"))
    high = uuid.UUID(hexs.ljust(32, "f"))
    ids = await conn.fetch("SELECT id FROM jobs WHERE id BETWEEN $1 AND $2 LIMIT 2", low, high)
    return ids[0]["id"] if len(ids) == 1 else None


async def server_now(conn: asyncpg.Connection) -> datetime:
    return await conn.fetchval("SELECT now()")
