"""End-to-end: real `dbolt worker` processes against a real PostgreSQL, a recorder as directories."""

from __future__ import annotations

import asyncio
import json
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


async def test_max_concurrent_one_never_overlaps(db_dsn, db_env, recorder, workers, tmp_path):
    recorder.hold = (0.01, 0.04)
    conn = await json_conn(db_dsn)
    try:
        await setup_queue(conn, recorder, directories=1, jobs=25, max_concurrent=1)
        env = worker_env(db_env, db_dsn, DBOLT_TEST_SUBMITTER_LATENCY_MS="0,10")
        workers.extend(start_worker(env, "--concurrency", "4", "--log-format", "json",
                                    log_path=tmp_path / f"w{i}.log") for i in range(3))
        await wait_for(lambda: _done(conn), 60, 0.2, "25 results finished")
        lines = (tmp_path / "w0.log").read_text().splitlines()
        assert lines and all(json.loads(line)["worker_id"] for line in lines)
        hits = sorted((h for h in recorder.accepted() if h.directory == 0), key=lambda h: h.start)
        assert len(hits) == 25 and recorder.max_active[0] == 1
        assert all(b.start >= a.end for a, b in zip(hits, hits[1:]))
        assert await conn.fetchval("SELECT count(*) FROM job_results WHERE status = 'success'") == 25
    finally:
        await conn.close()


async def test_kill_9_five_times(db_dsn, db_env, recorder, workers, tmp_path):
    """Workers killed mid-run: before-submit interruptions retried, after-submit ones manual, no duplicate."""
    import random
    import signal

    recorder.hold = (0.05, 0.3)
    conn = await json_conn(db_dsn)
    try:
        await setup_queue(conn, recorder, directories=10, jobs=40, max_concurrent=2)
        env = worker_env(db_env, db_dsn, DBOLT_LEASE_SECONDS="2", DBOLT_MAX_ATTEMPTS="10",
                         DBOLT_TEST_SUBMITTER_LATENCY_MS="50,300")
        n = 0

        def spawn():
            nonlocal n
            n += 1
            workers.append(start_worker(env, "--concurrency", "6", log_path=tmp_path / f"w{n}.log"))

        spawn()
        spawn()
        killed = 0
        killed_pids: set[int] = set()
        while killed < 5:
            await asyncio.sleep(random.uniform(0.8, 1.4))
            alive = [p for p in workers if p.poll() is None]
            running = await conn.fetchval("SELECT count(*) FROM job_results WHERE status = 'submitting'")
            if running == 0 and await open_count(conn) == 0:
                break
            busy = {r["pid"] for r in await conn.fetch(
                "SELECT pid FROM worker_heartbeats WHERE status = 'busy' AND jsonb_array_length(current_tasks) > 0")}
            candidates = [p for p in alive if p.pid in busy]
            if not candidates:
                continue
            victim = random.choice(candidates)
            victim.send_signal(signal.SIGKILL)
            victim.wait()
            killed_pids.add(victim.pid)
            killed += 1
            spawn()
        assert killed == 5, "the run ended before five kills: make it longer"
        await wait_for(lambda: _done(conn), 90, 0.25, "every result finished after the kills")
        # One more sweep after the last lease expired: nothing left over.
        await asyncio.sleep(2.1)
        await conn.fetch("SELECT * FROM worker_api.rescue_expired()")
        assert await conn.fetchval("SELECT count(*) FROM job_results WHERE status IN ('submitting', 'pending')") == 0

        assert recorder.duplicates() == {}
        rescued = await conn.fetch(
            "SELECT result_id, event_data->>'outcome' AS outcome FROM queue_history WHERE event_type = 'result_rescued'")
        assert rescued, "the kills interrupted nothing"
        final = {r["id"]: r for r in await conn.fetch("SELECT id, status, reason_code, attempts FROM job_results")}
        for r in rescued:
            row = final[r["result_id"]]
            assert r["outcome"] in ("pending", "requires_manual")
            if r["outcome"] == "pending":  # interrupted before submit: claimed again
                assert row["status"] in ("success", "requires_manual") and row["attempts"] >= 2, dict(row)
            else:
                assert (row["status"], row["reason_code"]) == ("requires_manual", "interrupted_after_submit")
        manual = [rid for rid, row in final.items() if row["status"] == "requires_manual"]
        assert all(final[rid]["reason_code"] == "interrupted_after_submit" for rid in manual)
        assert {r["result_id"] for r in rescued if r["outcome"] == "requires_manual"} == set(manual)
        hits_by_result: dict[int, int] = {}
        for h in recorder.accepted():
            hits_by_result[h.result_id] = hits_by_result.get(h.result_id, 0) + 1
        assert all(v == 1 for v in hits_by_result.values())
        assert all(hits_by_result.get(rid) == 1 for rid, row in final.items() if row["status"] == "success")
        assert set(r["status"] for r in final.values()) <= {"success", "requires_manual"}
        assert await fresh_counts(conn) == []
        # The killed workers show as dead once their heartbeat is old enough.
        await conn.execute("SET dbolt.dead_after_seconds = '1'")
        shown = {r["pid"]: r["status"] for r in await conn.fetch("SELECT pid, status FROM worker_status")}
        killed_shown = [shown[pid] for pid in killed_pids if pid in shown]
        assert len(killed_shown) == 5 and set(killed_shown) == {"dead"}, shown
        assert all(st != "dead" for pid, st in shown.items() if pid not in killed_pids)
    finally:
        await conn.close()


async def test_sigterm_graceful_then_release(db_dsn, db_env, recorder, workers, tmp_path):
    import signal

    conn = await json_conn(db_dsn)
    try:
        # 1. Short submissions finish within the grace period.
        recorder.hold = (0.3, 0.5)
        await setup_queue(conn, recorder, directories=4, jobs=1, max_concurrent=1)
        env = worker_env(db_env, db_dsn, DBOLT_SHUTDOWN_GRACE_SECONDS="3", DBOLT_TEST_SUBMITTER_LATENCY_MS="100,200")
        p = start_worker(env, "--concurrency", "4", log_path=tmp_path / "w1.log")
        workers.append(p)
        await wait_for(lambda: conn.fetchval("SELECT count(*) = 4 FROM job_results WHERE status = 'submitting'"),
                       20, 0.05, "four running submissions")
        t = time.monotonic()
        p.send_signal(signal.SIGTERM)
        p.wait(10)
        assert p.returncode == 0 and time.monotonic() - t < 3 + 1.5
        assert await conn.fetchval("SELECT count(*) FROM job_results WHERE status = 'success'") == 4

        # 2. Long ones: after the grace period those before the submit action go back to pending,
        #    those after it go to manual review; the worker exits in time, leaving nothing submitting.
        recorder.hold = (30, 30)
        await setup_queue(conn, recorder, directories=6, jobs=1, max_concurrent=1, first_index=10, package="long")
        env = worker_env(db_env, db_dsn, DBOLT_SHUTDOWN_GRACE_SECONDS="1.5", DBOLT_TEST_SUBMITTER_LATENCY_MS="0,8000",
                         DBOLT_LEASE_SECONDS="60")
        p = start_worker(env, "--concurrency", "6", log_path=tmp_path / "w2.log")
        workers.append(p)

        async def mixed():
            rows = await conn.fetch("SELECT phase FROM job_results WHERE status = 'submitting'")
            after = sum(1 for r in rows if r["phase"] in ("submitting", "classifying"))
            return len(rows) == 6 and 1 <= after <= 5

        await wait_for(mixed, 20, 0.05, "submissions on both sides of the submit action")
        phases = dict(await conn.fetch("SELECT id, phase FROM job_results WHERE status = 'submitting'"))
        t = time.monotonic()
        p.send_signal(signal.SIGTERM)
        p.wait(10)
        elapsed = time.monotonic() - t
        assert p.returncode == 0 and elapsed < 1.5 + 2.5, elapsed
        final = {r["id"]: r for r in await conn.fetch(
            "SELECT id, status, reason_code, attempts, phase FROM job_results WHERE id = ANY($1)", list(phases))}
        assert not any(r["status"] == "submitting" for r in final.values())
        for rid, phase in phases.items():
            row = final[rid]
            if row["status"] == "pending":
                assert row["attempts"] == 0  # a voluntary stop does not use up an attempt
            else:
                assert (row["status"], row["reason_code"]) == ("requires_manual", "interrupted_after_submit"), dict(row)
        assert any(r["status"] == "requires_manual" for r in final.values())
        assert any(r["status"] == "pending" for r in final.values())
        assert await conn.fetchval("SELECT count(*) FROM worker_heartbeats WHERE status <> 'stopped'") == 0
        assert await conn.fetchval("SELECT count(*) FROM queue_history WHERE event_type = 'result_released'") == 6
        assert await fresh_counts(conn) == []

        # 3. A second signal exits at once, leaving the rest to the sweep.
        p = start_worker(env, "--concurrency", "6", log_path=tmp_path / "w3.log")
        workers.append(p)
        await wait_for(lambda: conn.fetchval("SELECT count(*) > 0 FROM job_results WHERE status = 'submitting'"),
                       20, 0.05, "running submissions")
        t = time.monotonic()
        p.send_signal(signal.SIGTERM)
        await asyncio.sleep(0.2)
        p.send_signal(signal.SIGTERM)
        p.wait(5)
        assert p.returncode == 130 and time.monotonic() - t < 1.5
        assert await conn.fetchval("SELECT count(*) FROM job_results WHERE status = 'submitting'") > 0
    finally:
        await conn.close()


async def test_idle_workers_start_a_new_order_within_a_second(db_dsn, db_env, recorder, workers, tmp_path):
    conn = await json_conn(db_dsn)
    try:
        await setup_queue(conn, recorder, directories=3, jobs=0, max_concurrent=5)
        env = worker_env(db_env, db_dsn, DBOLT_POLL_SECONDS="60")  # only LISTEN/NOTIFY can wake them in time
        workers.extend(start_worker(env, "--concurrency", "2", log_path=tmp_path / f"w{i}.log") for i in range(2))
        await wait_for(lambda: conn.fetchval(
            "SELECT count(*) = 2 FROM worker_heartbeats WHERE status = 'idle'"), 20, 0.1, "two idle workers")
        await asyncio.sleep(0.5)
        delays = []
        for i in range(3):
            job = await conn.fetchval("SELECT staff_api.submit_order('p3', $1::jsonb)",
                                      {"name": f"Idle {i}", "email": f"idle{i}@idle.example"})
            await wait_for(lambda: conn.fetchval(
                "SELECT count(*) > 0 FROM job_results WHERE job_id = $1 AND started_at IS NOT NULL", job), 5, 0.02,
                "the order claimed")
            delay = await conn.fetchval(
                """SELECT extract(epoch FROM min(r.started_at) - j.created_at)
                     FROM job_results r JOIN jobs j ON j.id = r.job_id WHERE j.id = $1 GROUP BY j.created_at""", job)
            delays.append(float(delay))
            await wait_for(lambda: _done(conn), 20, 0.1, "order done")
            await asyncio.sleep(0.3)
        assert max(delays) < 1.0, delays

        # Staff controls reach running workers through the database.
        await conn.execute("SELECT staff_api.pause_workers()")
        await wait_for(lambda: conn.fetchval(
            "SELECT count(*) = 2 FROM worker_heartbeats WHERE status = 'paused'"), 5, 0.1, "paused workers")
        job = await conn.fetchval("SELECT staff_api.submit_order('p3', $1::jsonb)",
                                  {"name": "Paused", "email": "paused@idle.example"})
        await asyncio.sleep(1.5)
        assert await conn.fetchval("SELECT count(*) FROM job_results WHERE job_id = $1 AND attempts > 0", job) == 0
        await conn.execute("SELECT staff_api.resume_workers()")
        await wait_for(lambda: _done(conn), 10, 0.1, "resumed workers finish the order")

        # Cancelling a job stops its running submissions at their next safe point (before submit).
        recorder.on_open = lambda d, r, a: (time.sleep(1.0), (200, {}))[1]  # slow form pages
        job = await conn.fetchval("SELECT staff_api.submit_order('p3', $1::jsonb)",
                                  {"name": "Cancelled", "email": "cancel@idle.example"})
        await wait_for(lambda: conn.fetchval(
            "SELECT count(*) = 3 FROM job_results WHERE job_id = $1 AND status = 'submitting'", job), 5, 0.02,
            "the order running")
        await conn.execute("SELECT staff_api.cancel_job($1, 'customer changed their mind')", job)
        await wait_for(lambda: conn.fetchval("SELECT status = 'cancelled' FROM jobs WHERE id = $1", job), 10, 0.1,
                       "the job cancelled")
        assert await conn.fetchval(
            "SELECT count(*) FROM job_results WHERE job_id = $1 AND status = 'cancelled'", job) == 3
        assert not [h for h in recorder.accepted() if h.job_id == str(job)]
        recorder.on_open = None
        wid = await conn.fetchval("SELECT worker_id FROM worker_heartbeats ORDER BY worker_id LIMIT 1")
        await conn.execute("SELECT staff_api.drain_worker($1)", wid)
        await wait_for(lambda: conn.fetchval(
            "SELECT status = 'stopped' FROM worker_heartbeats WHERE worker_id = $1", wid), 10, 0.1, "drained worker")
        pid = await conn.fetchval("SELECT pid FROM worker_heartbeats WHERE worker_id = $1", wid)
        (drained,) = [p for p in workers if p.pid == pid]

        async def exited():
            return drained.poll() is not None

        await wait_for(exited, 10, 0.1, "the drained worker's exit")
        assert drained.returncode == 0
        assert [p for p in workers if p is not drained][0].poll() is None  # the other one keeps running
    finally:
        await conn.close()


async def test_transient_failures_retry_with_backoff_then_fail(db_dsn, db_env, recorder, workers, tmp_path):
    def on_open(directory, result_id, attempt):
        if directory == 3:
            return 503, {}  # always down: fails after max_attempts
        if result_id % 5 == 0 and attempt <= 2:
            return 429, {"Retry-After": "0.3"}
        if result_id % 3 == 0 and attempt == 1:
            return 503, {}
        return 200, {}

    recorder.on_open = on_open
    conn = await json_conn(db_dsn)
    try:
        await setup_queue(conn, recorder, directories=4, jobs=10, max_concurrent=3)
        env = worker_env(db_env, db_dsn, DBOLT_MAX_ATTEMPTS="3", DBOLT_RETRY_BASE_SECONDS="0.1",
                         DBOLT_RETRY_MAX_SECONDS="1", DBOLT_POLL_SECONDS="5")
        workers.extend(start_worker(env, "--concurrency", "4", log_path=tmp_path / f"w{i}.log") for i in range(2))
        await wait_for(lambda: _done(conn), 60, 0.2, "all results finished")
        rows = {r["id"]: r for r in await conn.fetch(
            "SELECT r.id, r.status, r.reason_code, r.attempts, d.name FROM job_results r "
            "JOIN directories d ON d.id = r.directory_id")}
        for rid, r in rows.items():
            if r["name"] == "Directory 003":
                assert (r["status"], r["reason_code"], r["attempts"]) == ("failed", "http_503", 3), dict(r)
            else:
                expected = 3 if rid % 5 == 0 else 1 + (rid % 3 == 0)
                assert (r["status"], r["attempts"]) == ("success", expected), (rid, dict(r))
        assert recorder.duplicates() == {}
        retries = await conn.fetchval("SELECT count(*) FROM queue_history WHERE event_type = 'result_retry_scheduled'")
        assert retries == sum(r["attempts"] - 1 for r in rows.values() if r["status"] == "success") + 2 * 10
        # Retry-After was honoured: the 429 retries were scheduled at least 0.3 s later.
        waits = await conn.fetch(
            """SELECT extract(epoch FROM (event_data->>'next_attempt_at')::timestamptz - created_at) AS wait
                 FROM queue_history WHERE event_type = 'result_retry_scheduled' AND event_data->>'reason' = 'http_429'""")
        assert waits and all(w["wait"] >= 0.29 for w in waits), waits
        assert await fresh_counts(conn) == []
    finally:
        await conn.close()


async def test_once_drains_what_is_due_then_exits_and_never_waits_while_paused(
        db_dsn, db_env, recorder, workers, tmp_path):
    recorder.hold = (0.2, 0.3)
    recorder.on_open = lambda d, r, a: (time.sleep(0.6), (200, {}))[1]  # slow form pages: phases are visible
    conn = await json_conn(db_dsn)
    try:
        await setup_queue(conn, recorder, directories=3, jobs=4, max_concurrent=2)
        env = worker_env(db_env, db_dsn, DBOLT_POLL_SECONDS="60")
        once = start_worker(env, "--once", "--concurrency", "3", log_path=tmp_path / "once.log")
        workers.append(once)
        # What a running submission is doing shows in the database as it happens, not at the next
        # lease renewal (a third of the lease away).
        await wait_for(lambda: conn.fetchval(
            "SELECT count(*) > 0 FROM job_results WHERE status = 'submitting' AND phase = 'opening'"), 5, 0.05,
            "a submission shown as opening its form")

        async def exited():
            return once.poll() is not None

        await wait_for(exited, 60, 0.1, "--once to exit after draining the queue")
        assert once.returncode == 0, log_tail(tmp_path / "once.log")
        assert await open_count(conn) == 0
        assert len(recorder.accepted()) == 12

        # Paused: --once has nothing it may drain, so it says so and exits instead of waiting forever.
        await conn.execute("SELECT staff_api.pause_workers()")
        job = await conn.fetchval("SELECT staff_api.submit_order('p3', $1::jsonb)",
                                  {"name": "Paused once", "email": "paused-once@once.example"})
        t0 = time.monotonic()
        paused = start_worker(env, "--once", log_path=tmp_path / "paused.log")
        workers.append(paused)

        async def paused_exited():
            return paused.poll() is not None

        await wait_for(paused_exited, 15, 0.1, "--once to exit while workers are paused")
        assert paused.returncode == 0 and time.monotonic() - t0 < 15
        assert "paused" in log_tail(tmp_path / "paused.log")
        assert await conn.fetchval("SELECT count(*) FROM job_results WHERE job_id = $1 AND attempts > 0", job) == 0
    finally:
        await conn.close()
