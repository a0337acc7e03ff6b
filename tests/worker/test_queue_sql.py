"""The worker and staff SQL API, call by call, against a real PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import random

import asyncpg
import pytest

from tests.foundation.helpers import dbolt, fresh_counts
from worker.retry_policy import RetryPolicy, decide, exception_decision
from worker.submission import SubmissionOutcome

from queue_helpers import json_conn, setup_queue

CLAIM = "SELECT * FROM worker_api.claim($1, $2, 60)"


async def finish(conn, worker, rows, status="success", **extra):
    outs = [{"result_id": r["result_id"], "attempt": r["attempt"], "status": status, **extra} for r in rows]
    return await conn.fetch("SELECT * FROM worker_api.finish_results($1, $2::jsonb)", worker, outs)


async def test_claim_returns_everything_and_respects_max_concurrent(db_dsn, jconn):
    await setup_queue(jconn, None, directories=3, jobs=4, max_concurrent=2)
    await jconn.execute("UPDATE directories SET field_hints = '{\"#name\": \"business_name\"}', has_captcha = true WHERE id = 1")
    a = await jconn.fetch(CLAIM, "w-a", 100)
    assert len(a) == 6  # 3 directories x 2
    row = a[0]
    assert row["business_name"] == "Business 0000" and row["email"] == "owner0000@biz0000.example"
    assert row["attempt"] == 1 and row["directory_id"] == 1 and row["field_hints"] == {"#name": "business_name"}
    assert row["has_captcha"] is True and row["submission_url"].startswith("http://")
    # Queue order: oldest job first, then directory priority.
    assert [r["directory_id"] for r in a[:3]] == [1, 2, 3]
    assert len({r["job_id"] for r in a[:3]}) == 1
    assert await jconn.fetch(CLAIM, "w-b", 100) == []  # every directory is at its limit
    await finish(jconn, "w-a", [r for r in a if r["directory_id"] == 2][:1])
    b = await jconn.fetch(CLAIM, "w-b", 100)
    assert [r["directory_id"] for r in b] == [2]
    started = await jconn.fetch("SELECT actor, event_data FROM queue_history WHERE event_type = 'job_started'")
    assert {r["actor"] for r in started} <= {"w-a", "w-b"} and started
    assert await fresh_counts(jconn) == []


async def test_concurrent_claims_never_exceed_max_concurrent(db_dsn, jconn):
    await setup_queue(jconn, None, directories=4, jobs=30, max_concurrent=3)
    conns = [await asyncpg.connect(db_dsn) for _ in range(6)]
    try:
        async def claimer(i, c):
            got = []
            for _ in range(5):
                got += await c.fetch(CLAIM, f"w{i}", random.randint(1, 7))
            return got
        results = await asyncio.gather(*(claimer(i, c) for i, c in enumerate(conns)))
    finally:
        for c in conns:
            await c.close()
    per_dir = await jconn.fetch(
        "SELECT directory_id, count(*) AS n FROM job_results WHERE status = 'submitting' GROUP BY 1")
    assert per_dir and all(r["n"] <= 3 for r in per_dir)
    claimed = [r["result_id"] for rs in results for r in rs]
    assert len(claimed) == len(set(claimed)) == sum(r["n"] for r in per_dir)


async def test_directory_without_throttle_row_is_still_claimed(jconn):
    await setup_queue(jconn, None, directories=2, jobs=1)
    await jconn.execute("DELETE FROM directory_throttle")  # as after a bulk load with triggers off
    assert len(await jconn.fetch(CLAIM, "w", 10)) == 2


async def test_min_interval_spaces_claims(jconn):
    await setup_queue(jconn, None, directories=1, jobs=3, max_concurrent=5, min_interval=1.0)
    first = await jconn.fetch(CLAIM, "w", 10)
    assert len(first) == 1
    assert await jconn.fetch(CLAIM, "w", 10) == []
    await finish(jconn, "w", first)
    assert await jconn.fetch(CLAIM, "w", 10) == []  # finished, but less than 1 s ago
    await asyncio.sleep(1.1)
    assert len(await jconn.fetch(CLAIM, "w", 10)) == 1


async def test_priority_pause_cancel_and_staff_history(jconn):
    _, jobs = await setup_queue(jconn, None, directories=2, jobs=3, max_concurrent=10)
    j0, j1, j2 = jobs
    await jconn.execute("SELECT staff_api.pause_job($1)", j0)
    new_priority = await jconn.fetchval("SELECT staff_api.prioritize_job($1)", j2)
    assert new_priority == 1
    await jconn.execute("SELECT staff_api.cancel_job($1, 'customer asked')", j1)
    rows = await jconn.fetch(CLAIM, "w", 10)
    assert {str(r["job_id"]) for r in rows} == {j2}
    await jconn.execute("SELECT staff_api.resume_job($1)", j0)
    rows = await jconn.fetch(CLAIM, "w", 10)
    assert {str(r["job_id"]) for r in rows} == {j0}
    assert await jconn.fetchval("SELECT status FROM jobs WHERE id = $1", j1) == "cancelled"
    events = {r["event_type"]: r["actor"] for r in await jconn.fetch(
        "SELECT event_type, actor FROM queue_history WHERE event_type IN ('job_paused', 'job_resumed', 'job_prioritized')")}
    assert set(events) == {"job_paused", "job_resumed", "job_prioritized"}
    assert set(events.values()) == {"postgres"}  # the session user: dbolt_actor()


async def test_cancel_stops_running_before_submit_only(jconn):
    _, (job,) = await setup_queue(jconn, None, directories=3, jobs=1, max_concurrent=10)
    rows = await jconn.fetch(CLAIM, "w", 10)
    r_before, r_after, r_other = rows
    assert await jconn.fetchval("SELECT worker_api.set_phase('w', $1, 1, 'submitting')", r_after["result_id"]) == "ok"
    # Renewals carry the informational phases; a phase never goes back from 'submitting'.
    await jconn.fetch("SELECT * FROM worker_api.renew_leases('w', $1, 60, $2)",
                      [r_before["result_id"], r_after["result_id"]], ["filling", "opening"])
    phases = dict(await jconn.fetch("SELECT id, phase FROM job_results WHERE id = ANY($1)",
                                    [r_before["result_id"], r_after["result_id"]]))
    assert phases == {r_before["result_id"]: "filling", r_after["result_id"]: "submitting"}
    await jconn.execute("SELECT staff_api.cancel_job($1)", job)
    states = dict(await jconn.fetch("SELECT result_id, state FROM worker_api.renew_leases('w', $1, 60)",
                                    [r["result_id"] for r in rows]))
    assert states == {r_before["result_id"]: "cancel_requested", r_after["result_id"]: "ok",
                      r_other["result_id"]: "cancel_requested"}
    assert await jconn.fetchval("SELECT worker_api.set_phase('w', $1, 1, 'filling')", r_before["result_id"]) == "cancel_requested"
    # About to submit: the cancellation wins, and 'submitting' is not recorded.
    assert await jconn.fetchval("SELECT worker_api.set_phase('w', $1, 1, 'submitting')", r_other["result_id"]) == "cancel_requested"
    assert await jconn.fetchval("SELECT phase FROM job_results WHERE id = $1", r_other["result_id"]) == "claimed"
    await finish(jconn, "w", [r_before, r_other], status="cancelled", reason_code="cancelled")
    await finish(jconn, "w", [r_after])
    job_row = await jconn.fetchrow("SELECT status, succeeded_count, cancelled_count FROM jobs WHERE id = $1", job)
    assert tuple(job_row) == ("cancelled", 1, 2)
    assert await fresh_counts(jconn) == []


async def test_retry_backoff_and_max_attempts(jconn):
    await setup_queue(jconn, None, directories=1, jobs=1)
    (row,) = await jconn.fetch(CLAIM, "w", 10)
    await finish(jconn, "w", [row], status="retry", reason_code="http_503", retry_in_seconds=30)
    r = await jconn.fetchrow("SELECT status, attempts, next_attempt_at - now() AS wait, claimed_by FROM job_results")
    assert r["status"] == "pending" and r["attempts"] == 1 and 29 < r["wait"].total_seconds() <= 30
    assert r["claimed_by"] is None
    assert await jconn.fetch(CLAIM, "w", 10) == []  # not due yet
    due = await jconn.fetchrow("SELECT * FROM worker_api.due_summary()")
    assert due["due"] == 0 and due["next_due_at"] is not None
    await jconn.execute("UPDATE job_results SET next_attempt_at = now()")
    (row2,) = await jconn.fetch(CLAIM, "w", 10)
    assert row2["attempt"] == 2
    # A stale finish (old attempt) does not apply.
    assert (await finish(jconn, "w", [row]))[0]["applied"] is False
    assert (await finish(jconn, "w", [row2], status="failed", reason_code="validation_error"))[0]["applied"]
    assert await jconn.fetchval("SELECT event_type FROM queue_history WHERE event_type = 'result_retry_scheduled'")


def test_retry_policy_decisions():
    policy = RetryPolicy(max_attempts=3, base_seconds=2, cap_seconds=100)
    rng = random.Random(1)
    delays = [policy.backoff(a, rng=rng) for a in (1, 2, 3, 4)]
    assert 1 <= delays[0] <= 3 and 2 <= delays[1] <= 6 and 4 <= delays[2] <= 12 and 8 <= delays[3] <= 24
    assert policy.backoff(1, retry_after=50) >= 50
    transient = SubmissionOutcome(status="failed", reason_code="http_503", transient=True)
    assert decide(transient, 1, policy).status == "retry"
    last = decide(transient, 3, policy)
    assert last.status == "failed" and "3 attempts" in last.message
    assert decide(SubmissionOutcome(status="failed", reason_code="validation_error"), 1, policy).status == "failed"
    after = decide(SubmissionOutcome(status="failed", transient=True, submitted=True), 1, policy)
    assert (after.status, after.reason_code) == ("requires_manual", "interrupted_after_submit")
    # A transient failure once the submitter said it was about to submit is never retried.
    late = decide(transient, 1, policy, phase="submitting")
    assert (late.status, late.reason_code) == ("requires_manual", "interrupted_after_submit")
    assert exception_decision(RuntimeError("boom"), 1, policy, phase="filling").status == "retry"
    crashed = exception_decision(RuntimeError("boom"), 1, policy, phase="submitting")
    assert (crashed.status, crashed.reason_code) == ("requires_manual", "interrupted_after_submit")


async def test_rescue_expired_by_phase_and_concurrently(db_dsn, jconn):
    await setup_queue(jconn, None, directories=4, jobs=5, max_concurrent=10)
    rows = await jconn.fetch("SELECT * FROM worker_api.claim('dead', 100, 0.2)")
    assert len(rows) == 20
    after = [r["result_id"] for r in rows[:7]]
    for rid in after:
        await jconn.execute("SELECT worker_api.set_phase('dead', $1, 1, 'submitting', 0.2)", rid)
    await asyncio.sleep(0.4)
    conns = [await asyncpg.connect(db_dsn) for _ in range(4)]
    try:
        swept = await asyncio.gather(*(c.fetch("SELECT * FROM worker_api.rescue_expired(5)") for c in conns))
        swept += [await conns[0].fetch("SELECT * FROM worker_api.rescue_expired()")]
    finally:
        for c in conns:
            await c.close()
    outcomes = [(r["result_id"], r["outcome"]) for rs in swept for r in rs]
    assert len(outcomes) == len({rid for rid, _ in outcomes}) == 20  # each row once
    by = dict(outcomes)
    assert all(by[rid] == "requires_manual" for rid in after)
    assert sum(1 for o in by.values() if o == "pending") == 13
    manual = await jconn.fetch("SELECT reason_code FROM job_results WHERE status = 'requires_manual'")
    assert {r["reason_code"] for r in manual} == {"interrupted_after_submit"} and len(manual) == 7
    assert await jconn.fetchval("SELECT count(*) FROM job_results WHERE status = 'submitting'") == 0
    assert await jconn.fetchval("SELECT count(*) FROM queue_history WHERE event_type = 'result_rescued'") == 20
    # The dead worker comes back: its late set_phase is refused, its late outcome applies only to
    # the results the sweep sent to manual review (it knows their real outcome).
    assert await jconn.fetchval("SELECT worker_api.set_phase('dead', $1, 1, 'submitting')", rows[10]["result_id"]) == "lost"
    late = await finish(jconn, "dead", [r for r in rows if r["result_id"] in (after[0], rows[10]["result_id"])])
    assert {r["result_id"]: r["applied"] for r in late} == {after[0]: True, rows[10]["result_id"]: False}
    assert await fresh_counts(jconn) == []


async def test_release_on_shutdown_refunds_the_attempt(jconn):
    await setup_queue(jconn, None, directories=2, jobs=1)
    a, b = await jconn.fetch(CLAIM, "w", 10)
    await jconn.execute("SELECT worker_api.set_phase('w', $1, 1, 'submitting')", b["result_id"])
    assert await jconn.fetch("SELECT * FROM worker_api.release_results('w', NULL, $1)",
                             [a["result_id"], b["result_id"]]) == []  # kept
    released = dict(await jconn.fetch("SELECT * FROM worker_api.release_results('w')"))
    assert released == {a["result_id"]: "pending", b["result_id"]: "requires_manual"}
    assert await jconn.fetchval("SELECT attempts FROM job_results WHERE id = $1", a["result_id"]) == 0


async def test_worker_controls_heartbeat_and_dead_workers(db_env, jconn):
    info = {"host": "h", "pid": 1, "concurrency": 2, "status": "idle"}
    for w in ("w1", "w2"):
        assert tuple(await jconn.fetchrow("SELECT * FROM worker_api.heartbeat($1, $2::jsonb)", w, info)) == (False, False)
    await jconn.execute("SELECT staff_api.pause_workers('w1')")
    assert tuple(await jconn.fetchrow("SELECT * FROM worker_api.heartbeat('w1', $1::jsonb)", info)) == (True, False)
    assert tuple(await jconn.fetchrow("SELECT * FROM worker_api.heartbeat('w2', $1::jsonb)", info)) == (False, False)
    await jconn.execute("SELECT staff_api.pause_workers()")
    assert (await jconn.fetchrow("SELECT * FROM worker_api.heartbeat('w2', $1::jsonb)", info))["paused"]
    await jconn.execute("SELECT staff_api.resume_workers()")
    assert not (await jconn.fetchrow("SELECT * FROM worker_api.heartbeat('w1', $1::jsonb)", info))["paused"]
    await jconn.execute("SELECT staff_api.drain_worker('w2')")
    assert (await jconn.fetchrow("SELECT * FROM worker_api.heartbeat('w2', $1::jsonb)", info))["drain"]
    with pytest.raises(asyncpg.PostgresError, match="not found"):
        await jconn.execute("SELECT staff_api.drain_worker('nobody')")
    events = [r["event_type"] for r in await jconn.fetch(
        "SELECT event_type FROM queue_history WHERE event_type LIKE 'worker%' ORDER BY id")]
    assert events == ["workers_paused", "workers_paused", "workers_resumed", "worker_drain_requested"]
    # w1 stops beating: it shows as dead.
    await jconn.execute("UPDATE worker_heartbeats SET last_heartbeat = now() - interval '1 hour' WHERE worker_id = 'w1'")
    status = dict(await jconn.fetch("SELECT worker_id, status FROM worker_status"))
    assert status == {"w1": "dead", "w2": "idle"}
    out = dbolt("workers", "list", "--json", env=db_env)
    assert out.returncode == 0, out.stderr
    listed = {w["worker_id"]: w["status"] for w in json.loads(out.stdout)["workers"]}
    assert listed == {"w1": "dead", "w2": "idle"}
    table = dbolt("workers", "list", env=db_env)
    assert "dead" in table.stdout and "w2" in table.stdout
    for args in (("pause", "w2"), ("resume", "w2"), ("pause",), ("resume",), ("drain", "w1")):
        res = dbolt("workers", *args, env=db_env)
        assert res.returncode == 0, res.stderr
    assert dbolt("workers", "drain", "nobody", env=db_env).returncode == 1
    # A worker gone for more than a week leaves the list at the next sweep; a dead one of an hour stays.
    await jconn.execute("UPDATE worker_heartbeats SET last_heartbeat = now() - interval '8 days' WHERE worker_id = 'w2'")
    await jconn.fetch("SELECT * FROM worker_api.rescue_expired()")
    assert [r["worker_id"] for r in await jconn.fetch("SELECT worker_id FROM worker_status")] == ["w1"]


async def test_worker_role_can_only_call_its_functions(jconn):
    await setup_queue(jconn, None, directories=2, jobs=1)
    await jconn.execute("SET ROLE dbolt_worker")
    try:
        rows = await jconn.fetch(CLAIM, "w", 10)
        assert len(rows) == 2
        assert await jconn.fetchval("SELECT worker_api.set_phase('w', $1, 1, 'opening')", rows[0]["result_id"]) == "ok"
        await jconn.fetch("SELECT * FROM worker_api.renew_leases('w', $1, 60)", [rows[0]["result_id"]])
        await finish(jconn, "w", rows)
        await jconn.fetch("SELECT * FROM worker_api.heartbeat('w', '{}'::jsonb)")
        await jconn.fetch("SELECT * FROM worker_api.rescue_expired()")
        await jconn.fetch("SELECT * FROM worker_api.release_results('w')")
        await jconn.fetch("SELECT * FROM worker_api.due_summary()")
        for sql in ("SELECT * FROM job_results", "SELECT * FROM customers", "SELECT * FROM worker_heartbeats",
                    "UPDATE job_results SET status = 'success'", "DELETE FROM queue_history",
                    "ALTER TABLE jobs ADD COLUMN x int", "DROP TABLE directory_throttle",
                    "SELECT staff_api.pause_workers()", "SELECT public.put_back_results('{}', false, NULL, 'x', NULL, false)"):
            with pytest.raises(asyncpg.PostgresError):
                await jconn.execute(sql)
    finally:
        await jconn.execute("RESET ROLE")
    assert await jconn.fetchval("SELECT count(*) FROM job_results WHERE status = 'success'") == 2


async def test_admin_role_can_still_insert_directories(jconn):
    await jconn.execute("SET ROLE dbolt_admin")
    try:
        await jconn.execute(
            "INSERT INTO directories (name, homepage, enabled) VALUES ('Direct', 'https://direct.example.test', true)")
    finally:
        await jconn.execute("RESET ROLE")
    assert await jconn.fetchval(
        "SELECT count(*) FROM directory_throttle t JOIN directories d ON d.id = t.directory_id WHERE d.name = 'Direct'") == 1


async def test_a_disabled_directory_gets_no_more_submissions_until_enabled_again(jconn):
    await setup_queue(jconn, None, directories=3, jobs=2, max_concurrent=5)
    await jconn.execute("SELECT admin_api.set_directories_enabled(ARRAY[2]::bigint[], false)")
    claimed = await jconn.fetch(CLAIM, "w-a", 100)
    assert claimed and {r["directory_id"] for r in claimed} == {1, 3}
    await jconn.execute("SELECT admin_api.set_directories_enabled(ARRAY[2]::bigint[], true)")
    later = await jconn.fetch(CLAIM, "w-a", 100)
    assert {r["directory_id"] for r in later} == {2}
