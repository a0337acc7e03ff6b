"""End-to-end: real `dbolt worker` processes against a real PostgreSQL, a recorder as directories."""

from __future__ import annotations

import asyncio
import time

from tests.foundation.helpers import fresh_counts

from queue_helpers import json_conn, log_tail, open_count, setup_queue, start_worker, stop_workers, wait_for, worker_env


async def test_four_workers_submit_everything_exactly_once(db_dsn, db_env, recorder, workers, tmp_path):
    recorder.hold = (0.0, 0.015)
    conn = await json_conn(db_dsn)
    try:
        dir_ids, job_ids = await setup_queue(conn, recorder, directories=10, jobs=200, max_concurrent=3)
        env = worker_env(db_env, db_dsn, DBOLT_TEST_SUBMITTER_LATENCY_MS="1,15")
        logs = [tmp_path / f"w{i}.log" for i in range(4)]
        workers.extend(start_worker(env, "--concurrency", "8", log_path=logs[i]) for i in range(4))
        try:
            await wait_for(lambda: _done(conn), 90, 0.25, "all 2000 results finished")
        except AssertionError:
            raise AssertionError("\n".join(log_tail(p) for p in logs))
        stop_workers(workers)
        assert all(p.returncode == 0 for p in workers), [p.returncode for p in workers]

        hits = recorder.accepted()
        assert len(hits) == 2000
        assert recorder.duplicates() == {}
        assert len({(h.directory, h.email) for h in hits}) == 2000
        assert max(recorder.max_active.values()) <= 3

        statuses = await conn.fetch("SELECT status, count(*) AS n FROM job_results GROUP BY status")
        assert {r["status"]: r["n"] for r in statuses} == {"success": 2000}
        assert await fresh_counts(conn) == []
        assert await conn.fetchval("SELECT count(*) FROM jobs WHERE status = 'completed'") == 200
        events = {r["event_type"]: r["n"] for r in await conn.fetch(
            "SELECT event_type, count(*) AS n FROM queue_history GROUP BY event_type")}
        assert events["job_created"] == 200
        assert events["job_started"] == 200
        assert events["job_completed"] == 200
        assert events["directory_submitted"] == 2000
        # Every result has its own event, written by the worker that ran it.
        assert await conn.fetchval("""
            SELECT count(*) FROM job_results r
             WHERE NOT EXISTS (SELECT 1 FROM queue_history h WHERE h.result_id = r.id
                                 AND h.event_type = 'directory_submitted' AND h.actor = r.claimed_by)""") == 0
        started_actors = await conn.fetch(
            "SELECT DISTINCT actor FROM queue_history WHERE event_type = 'job_started'")
        worker_ids = {r["worker_id"] for r in await conn.fetch("SELECT worker_id FROM worker_heartbeats")}
        assert {r["actor"] for r in started_actors} <= worker_ids
        assert len(worker_ids) == 4
        assert await conn.fetchval("SELECT count(*) FROM worker_heartbeats WHERE status <> 'stopped'") == 0
        # Work was shared.
        assert len({h.pid for h in hits}) >= 2
    finally:
        await conn.close()


async def _done(conn) -> bool:
    return await open_count(conn) == 0
