from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import asyncpg

REPO_ROOT = Path(__file__).resolve().parents[2]


def dbolt(*args: str, env: dict[str, str], input_text: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "directorybolt_tui.cli.main", *args],
        env={**env, "COLUMNS": "200", "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=timeout,
        input=input_text,
        cwd=REPO_ROOT,
    )


async def fresh_counts(conn: asyncpg.Connection) -> list[asyncpg.Record]:
    """Each job's stored counters next to a fresh count of its results; rows only where they differ."""
    return await conn.fetch(
        """
        WITH c AS (
          SELECT job_id,
                 count(*) FILTER (WHERE status = 'pending') AS pending,
                 count(*) FILTER (WHERE status = 'submitting') AS submitting,
                 count(*) FILTER (WHERE status = 'success') AS success,
                 count(*) FILTER (WHERE status = 'failed') AS failed,
                 count(*) FILTER (WHERE status IN ('requires_manual', 'captcha_failed')) AS manual,
                 count(*) FILTER (WHERE status = 'skipped') AS skipped,
                 count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
                 count(*) AS total
            FROM job_results GROUP BY job_id)
        SELECT j.id, j.status, j.pending_count, c.pending, j.submitting_count, c.submitting,
               j.succeeded_count, c.success, j.failed_count, c.failed, j.manual_count, c.manual,
               j.skipped_count, c.skipped, j.cancelled_count, c.cancelled, j.directories_done, j.progress
          FROM jobs j JOIN c ON c.job_id = j.id
         WHERE j.pending_count <> c.pending OR j.submitting_count <> c.submitting
            OR j.succeeded_count <> c.success OR j.failed_count <> c.failed OR j.manual_count <> c.manual
            OR j.skipped_count <> c.skipped OR j.cancelled_count <> c.cancelled
            OR j.directories_total <> c.total
            OR j.directories_done <> c.total - c.pending - c.submitting
            OR j.progress <> round(100.0 * (c.total - c.pending - c.submitting) / c.total, 2)
            OR (j.status IN ('pending', 'in_progress')) <> (c.pending + c.submitting > 0)
        """
    )


async def submit(conn: asyncpg.Connection, package: str, business: dict, order_key: str | None = None):
    return await conn.fetchval(
        "SELECT staff_api.submit_order($1, $2::jsonb, $3)", package, json.dumps(business), order_key
    )
