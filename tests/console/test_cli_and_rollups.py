"""`dbolt export job`, `dbolt dev seed`, the three `dbolt bench` commands, `dbolt tui` options, and the
rollups kept by trigger being equal to a rebuild from scratch."""

from __future__ import annotations

import asyncio
import csv
import json
import subprocess
import sys
from pathlib import Path

import asyncpg
import pytest

from .conftest import ACME, jid

DBOLT = str(Path(sys.executable).with_name("dbolt"))

SNAPSHOT_SQL = """
SELECT (SELECT coalesce(jsonb_agg(h ORDER BY hour), '[]') FROM console_hourly h
         WHERE finished <> 0 OR jobs_completed <> 0 OR succeeded <> 0 OR failed <> 0 OR manual <> 0),
       (SELECT coalesce(jsonb_agg(d ORDER BY directory_id, day), '[]') FROM
          (SELECT directory_id, day, finished, succeeded, failed, manual, duration_ms, timed
             FROM console_directory_daily WHERE finished <> 0) d),
       (SELECT coalesce(jsonb_agg(s ORDER BY status), '[]') FROM console_job_status s WHERE jobs <> 0),
       (SELECT coalesce(jsonb_agg(k ORDER BY name), '[]') FROM console_counters k)
"""


def run(args, env, timeout=300):
    return subprocess.run([DBOLT, *args], env=env, capture_output=True, text=True, timeout=timeout)


def test_export_job_cli(console_db, db_env, tmp_path):
    out = tmp_path / "job1.csv"
    proc = run(["export", "job", str(jid(1))[:-3], "--out", str(out)], db_env)
    assert proc.returncode == 1  # a prefix shared by several jobs is refused, not guessed
    proc = run(["export", "job", str(jid(1)), "--out", str(out)], db_env)
    assert proc.returncode == 0, proc.stderr
    assert str(out) in proc.stdout and "4 results" in proc.stdout
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["status"] for r in rows].count("success") == 1
    assert rows[0]["customer"] == ACME
    proc = run(["export", "job", "ffffffff"], db_env)
    assert proc.returncode == 1 and "no job matches" in proc.stderr


async def test_rollups_by_trigger_equal_a_rebuild(console_db):
    conn = await asyncpg.connect(console_db)
    try:
        # more traffic through the triggers: retries, resolutions, deletions
        await conn.execute("SELECT staff_api.retry_results(array_agg(id), 'again') FROM job_results WHERE status = 'failed'")
        await conn.execute("UPDATE job_results SET status = 'failed', finished_at = now(), started_at = now() - interval '3 seconds' "
                           "WHERE status = 'pending' AND job_id = $1", jid(2))
        await conn.execute("SELECT staff_api.resolve_manual(array_agg(id), 'success', 'https://x.example.test/p', NULL) "
                           "FROM job_results WHERE status IN ('requires_manual', 'captcha_failed')")
        await conn.execute("SELECT staff_api.cancel_job($1, 'test')", jid(3))
        by_trigger = await conn.fetchrow(SNAPSHOT_SQL)
        await conn.execute("SELECT public.console_rebuild_rollups()")
        rebuilt = await conn.fetchrow(SNAPSHOT_SQL)
        assert json.loads(by_trigger[0]) == json.loads(rebuilt[0])
        assert json.loads(by_trigger[1]) == json.loads(rebuilt[1])
        assert json.loads(by_trigger[2]) == json.loads(rebuilt[2])
        assert json.loads(by_trigger[3]) == json.loads(rebuilt[3])
    finally:
        await conn.close()


def test_dev_seed_is_coherent(db_env, db_dsn):
    proc = run(["dev", "seed", "--jobs", "300"], db_env)
    assert proc.returncode == 0, proc.stderr
    assert "seeded 300 jobs" in proc.stdout

    async def check():
        conn = await asyncpg.connect(db_dsn)
        try:
            bad = await conn.fetchval("""
              SELECT count(*) FROM jobs j LEFT JOIN LATERAL (
                SELECT count(*) FILTER (WHERE status = 'pending') AS p, count(*) FILTER (WHERE status = 'success') AS s,
                       count(*) AS n FROM job_results r WHERE r.job_id = j.id) c ON true
               WHERE j.pending_count <> c.p OR j.succeeded_count <> c.s OR j.directories_total <> c.n
                  OR j.directories_done <> j.directories_total - c.p""")
            assert bad == 0
            before = await conn.fetchrow(SNAPSHOT_SQL)
            await conn.execute("SELECT public.console_rebuild_rollups()")
            assert await conn.fetchrow(SNAPSHOT_SQL) == before
            assert await conn.fetchval("SELECT count(*) FROM worker_heartbeats") >= 4
        finally:
            await conn.close()

    asyncio.run(check())


def test_bench_dashboard_small(db_env):
    proc = run(["bench", "dashboard", "--jobs", "200", "--runs", "5", "--naive-runs", "1"], db_env, timeout=600)
    assert proc.returncode == 0, proc.stderr
    for tab in ("queue", "jobs", "analytics", "workers", "activity", "manual", "directories", "job detail",
                "jobs search, one customer's name", "jobs search, a common word"):
        assert f"\n{tab}" in proc.stdout
    assert "naive analytics" in proc.stdout and "p95" in proc.stdout


def test_tui_rejects_unknown_tab(db_env):
    proc = run(["tui", "--tab", "nope"], db_env)
    assert proc.returncode == 1 and "unknown tab" in proc.stderr


def test_bench_queue_small_checks_every_task(db_env):
    proc = run(["bench", "queue", "--workers", "2", "--tasks", "600", "--batch", "50", "--directories", "20"],
               db_env, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "tasks: 600 claimed and finished" in proc.stdout
    assert "check: 600/600 results success, 0 jobs with wrong counters or status" in proc.stdout


def test_bench_submit_small(db_env):
    proc = run(["bench", "submit", "--concurrency", "2", "--count", "3", "--baseline-count", "1", "--floor", "2",
                "--json"], db_env, timeout=600)
    assert proc.returncode == 0, proc.stderr
    res = json.loads(proc.stdout)
    # the baseline runs once before and once after the pool; the faster run counts
    assert res["pool_outcomes"] == {"success": 3} and res["baseline_outcomes"] == {"success": 2}
    assert res["baseline_per_minute"] == max(res["baseline_before_per_minute"], res["baseline_after_per_minute"]) > 0
    assert res["pool_per_minute"] > 0 and res["ratio"] == pytest.approx(res["pool_per_minute"] / res["baseline_per_minute"], rel=0.02)
    assert 0 < res["floor_cpu_seconds_per_visit"] < res["pool_cpu_seconds_per_submission"] * 5
