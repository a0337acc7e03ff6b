import asyncio
import json
import random

import pytest

from tests.conftest import SAMPLE_BUSINESS, add_directories
from tests.foundation.helpers import fresh_counts, submit

STATUSES = ["pending", "submitting", "success", "failed", "requires_manual", "captcha_failed", "skipped", "cancelled"]


async def test_counters_progress_and_done_match_a_fresh_count_after_random_updates(pool, conn):
    await add_directories(conn, 25)
    jobs = [await submit(conn, "growth", {**SAMPLE_BUSINESS, "email": f"o{i}@example.com"}) for i in range(6)]
    ids = [r["id"] for r in await conn.fetch("SELECT id FROM job_results")]
    rng = random.Random(42)

    async def churn(seed):
        local = random.Random(seed)
        async with pool.acquire() as c:
            for _ in range(60):
                batch = local.sample(ids, local.randint(1, 12))
                # Rows locked in id order, as the API functions do, so the churn cannot deadlock itself.
                await c.execute(
                    """WITH l AS (SELECT id FROM job_results WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE)
                       UPDATE job_results r SET status = $2 FROM l WHERE r.id = l.id""",
                    batch, local.choice(STATUSES))

    await asyncio.gather(*(churn(rng.random()) for _ in range(4)))
    assert await fresh_counts(conn) == []

    # Finish everything: every job completes, with its job_completed event and stats.
    await conn.execute("UPDATE job_results SET status = 'success' WHERE status IN ('pending', 'submitting')")
    assert await fresh_counts(conn) == []
    rows = await conn.fetch("SELECT status, progress, directories_done, completed_at FROM jobs")
    assert all(r["status"] == "completed" and r["progress"] == 100 and r["directories_done"] == 25
               and r["completed_at"] for r in rows)
    completed = await conn.fetch("SELECT job_id, event_data FROM queue_history WHERE event_type = 'job_completed'")
    assert {r["job_id"] for r in completed} >= set(jobs)


async def test_job_completes_when_the_last_result_finishes_and_reopens_on_retry(conn):
    await add_directories(conn, 3)
    job = await submit(conn, "starter", SAMPLE_BUSINESS)
    results = [r["id"] for r in await conn.fetch("SELECT id FROM job_results WHERE job_id = $1 ORDER BY id", job)]
    await conn.execute("UPDATE job_results SET status = 'submitting', claimed_by = 'w-test' WHERE id = $1", results[0])
    row = await conn.fetchrow("SELECT status, started_at FROM jobs WHERE id = $1", job)
    assert row["status"] == "in_progress" and row["started_at"] is not None
    started = await conn.fetchrow("SELECT actor, event_data FROM queue_history WHERE event_type = 'job_started'")
    assert started["actor"] == "w-test"
    await conn.execute("UPDATE job_results SET status = 'success' WHERE id = $1", results[0])
    await conn.execute("UPDATE job_results SET status = 'failed' WHERE id = ANY($1::bigint[])", results[1:])
    row = await conn.fetchrow("SELECT status, progress, succeeded_count, failed_count FROM jobs WHERE id = $1", job)
    assert (row["status"], row["progress"], row["succeeded_count"], row["failed_count"]) == ("completed", 100, 1, 2)
    stats = json.loads(await conn.fetchval(
        "SELECT event_data FROM queue_history WHERE event_type = 'job_completed' AND job_id = $1", job))
    assert stats["successful"] == 1 and stats["failed"] == 2 and stats["total_directories"] == 3

    assert await conn.fetchval("SELECT staff_api.retry_results($1::bigint[], 'try again')", results[1:]) == 2
    row = await conn.fetchrow("SELECT status, pending_count, progress FROM jobs WHERE id = $1", job)
    assert row["status"] == "in_progress" and row["pending_count"] == 2
    assert await fresh_counts(conn) == []


async def test_cancel_job_cancels_pending_results_and_finishes_the_job(conn):
    await add_directories(conn, 4)
    job = await submit(conn, "starter", SAMPLE_BUSINESS)
    assert await conn.fetchval("SELECT staff_api.cancel_job($1, 'customer refunded')", job) == 4
    row = await conn.fetchrow("SELECT status, cancelled_count, cancel_requested FROM jobs WHERE id = $1", job)
    assert (row["status"], row["cancelled_count"], row["cancel_requested"]) == ("cancelled", 4, True)
    with pytest.raises(Exception, match="already cancelled"):
        await conn.fetchval("SELECT staff_api.cancel_job($1)", job)


async def test_resolve_manual_records_outcome_proof_note_and_actor(conn):
    await add_directories(conn, 2)
    job = await submit(conn, "starter", SAMPLE_BUSINESS)
    r1, r2 = [r["id"] for r in await conn.fetch("SELECT id FROM job_results WHERE job_id = $1 ORDER BY id", job)]
    await conn.execute("UPDATE job_results SET status = 'requires_manual', reason_code = 'email_verification' WHERE id = $1", r1)
    await conn.execute("UPDATE job_results SET status = 'captcha_failed' WHERE id = $1", r2)
    with pytest.raises(Exception, match="outcome must be"):
        await conn.fetchval("SELECT staff_api.resolve_manual($1::bigint[], 'maybe')", [r1])
    with pytest.raises(Exception, match="proof must be"):
        await conn.fetchval("SELECT staff_api.resolve_manual($1::bigint[], 'success', 'javascript:alert(1)')", [r1])
    n = await conn.fetchval("SELECT staff_api.resolve_manual($1::bigint[], 'success', 'https://dir.example/listing/1', 'verified by phone')", [r1, r2])
    assert n == 2
    rows = await conn.fetch("SELECT status, resolved_by, proof_url, note FROM job_results WHERE job_id = $1", job)
    assert {(r["status"], r["proof_url"], r["note"]) for r in rows} == {("success", "https://dir.example/listing/1", "verified by phone")}
    assert all(r["resolved_by"] == "postgres" or r["resolved_by"] for r in rows)
    events = await conn.fetch("SELECT actor FROM queue_history WHERE event_type = 'manual_resolved'")
    assert len(events) == 2 and all(e["actor"] for e in events)
    assert await conn.fetchval("SELECT status FROM jobs WHERE id = $1", job) == "completed"


async def test_queue_history_is_append_only(conn):
    await add_directories(conn, 1)
    await submit(conn, "starter", SAMPLE_BUSINESS)
    with pytest.raises(Exception, match="append-only"):
        await conn.execute("UPDATE queue_history SET event_type = 'forged'")
    with pytest.raises(Exception, match="append-only"):
        await conn.execute("DELETE FROM queue_history")
    assert await conn.fetchval("SELECT admin_api.prune_history('30 days')") == 0
    assert await conn.fetchval("SELECT count(*) FROM queue_history WHERE event_type = 'job_created'") == 1


async def test_a_listener_gets_a_notify_for_a_result_change(conn, db_dsn):
    import asyncpg

    await add_directories(conn, 2)
    job = await submit(conn, "starter", SAMPLE_BUSINESS)
    listener = await asyncpg.connect(db_dsn)
    got: asyncio.Queue = asyncio.Queue()
    await listener.add_listener("dbolt_events", lambda *args: got.put_nowait(args[3]))
    try:
        result_id = await conn.fetchval("SELECT id FROM job_results WHERE job_id = $1 LIMIT 1", job)
        await conn.execute("UPDATE job_results SET status = 'failed' WHERE id = $1", result_id)
        payloads = []
        while True:
            payload = json.loads(await asyncio.wait_for(got.get(), timeout=2))
            payloads.append(payload)
            if payload.get("t") == "jobs" and "ids" in payload:
                break
        assert str(job) in payload["ids"]
    finally:
        await listener.close()
