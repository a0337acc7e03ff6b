"""CSV export of one job's results (console `e` on a job, and `dbolt export job ID`)."""

from __future__ import annotations

import csv
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import asyncpg

from ...config import get_settings

COLUMNS = [
    "result_id", "job_id", "customer", "directory_id", "directory", "directory_url", "status", "reason_code",
    "error_message", "attempts", "started_at", "finished_at", "submission_url", "screenshot_url", "proof_url",
    "note", "resolved_by", "resolved_at",
]

EXPORT_SQL = """
SELECT r.id AS result_id, r.job_id, c.business_name AS customer, r.directory_id, r.directory_name AS directory,
       r.directory_url, r.status, r.reason_code, r.error_message, r.attempts, r.started_at, r.finished_at,
       r.submission_url, r.screenshot_url, r.proof_url, r.note, r.resolved_by, r.resolved_at
  FROM job_results r JOIN jobs j ON j.id = r.job_id JOIN customers c ON c.id = j.customer_id
 WHERE r.job_id = $1 AND r.id > $2
 ORDER BY r.id
 LIMIT $3
"""
PAGE = 5000


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    s = str(value)
    # Spreadsheet formula injection: a leading = + - @ would be evaluated by Excel and friends.
    if s[:1] in ("=", "+", "-", "@", "\t", "\r"):
        s = "'" + s
    return s


async def export_job_csv(conn: asyncpg.Connection, job_id: Any, out: Path | None) -> tuple[Path, int]:
    """Write the job's results to `out` (default <export_dir>/job-<id>-<UTC time>.csv); (path, rows)."""
    exists = await conn.fetchval("SELECT 1 FROM jobs WHERE id = $1", job_id)
    if not exists:
        raise LookupError(f"job {job_id} not found")
    if out is None:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        out = get_settings().resolved_export_dir / f"job-{job_id}-{stamp}.csv"
    out = out.expanduser().resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    tmp = out.with_name(out.name + ".part")
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        last = 0
        while True:
            rows = await conn.fetch(EXPORT_SQL, job_id, last, PAGE)
            for r in rows:
                writer.writerow([_cell(r[c]) for c in COLUMNS])
            count += len(rows)
            if len(rows) < PAGE:
                break
            last = rows[-1]["result_id"]
    tmp.replace(out)
    return out, count
