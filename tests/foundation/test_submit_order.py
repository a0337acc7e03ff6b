import asyncio
import json

import asyncpg
import pytest

from tests.conftest import SAMPLE_BUSINESS, add_directories
from tests.foundation.helpers import fresh_counts, submit


async def test_professional_order_gets_fifty_pending_results_by_priority(conn):
    ids = await add_directories(conn, 60)
    job_id = await submit(conn, "professional", SAMPLE_BUSINESS)
    job = await conn.fetchrow("SELECT * FROM jobs WHERE id = $1", job_id)
    assert job["status"] == "pending" and job["directories_total"] == 50 and job["pending_count"] == 50
    results = await conn.fetch("SELECT directory_id, status FROM job_results WHERE job_id = $1", job_id)
    assert len(results) == 50 and {r["status"] for r in results} == {"pending"}
    chosen = {r["directory_id"] for r in results}
    top = await conn.fetch("SELECT id FROM directories WHERE enabled ORDER BY priority DESC, id LIMIT 50")
    assert chosen == {r["id"] for r in top} and chosen <= set(ids)
    event = await conn.fetchrow("SELECT event_type, event_data, actor FROM queue_history WHERE job_id = $1", job_id)
    data = json.loads(event["event_data"])
    assert event["event_type"] == "job_created" and data["package"] == "professional" and data["directories"] == 50
    assert event["actor"]
    customer = await conn.fetchrow("SELECT * FROM customers WHERE id = $1", job["customer_id"])
    assert customer["business_categories"] == ["Plumbing", "Home Services"] and customer["city"] == "Austin"


async def test_fewer_enabled_directories_than_the_package_takes_all_and_says_so(conn):
    await add_directories(conn, 7)
    job_id = await submit(conn, "professional", SAMPLE_BUSINESS)
    assert await conn.fetchval("SELECT count(*) FROM job_results WHERE job_id = $1", job_id) == 7
    data = json.loads(await conn.fetchval(
        "SELECT event_data FROM queue_history WHERE job_id = $1 AND event_type = 'job_created'", job_id))
    assert data["directories"] == 7 and data["package_directories"] == 50 and data["short_by"] == 43


async def test_disabled_directories_are_never_chosen(conn):
    await add_directories(conn, 3, enabled=False)
    with pytest.raises(asyncpg.ObjectNotInPrerequisiteStateError, match="no enabled directories"):
        await submit(conn, "starter", SAMPLE_BUSINESS)
    assert await conn.fetchval("SELECT count(*) FROM jobs") == 0
    assert await conn.fetchval("SELECT count(*) FROM customers") == 0


async def test_same_order_key_twice_is_one_job_and_the_customer_is_upserted_by_email(conn):
    await add_directories(conn, 12)
    first = await submit(conn, "starter", SAMPLE_BUSINESS, order_key="shop-1001")
    again = await submit(conn, "starter", SAMPLE_BUSINESS, order_key="shop-1001")
    other = await submit(conn, "growth", {**SAMPLE_BUSINESS, "email": " OWNER@acme-plumbing.example ",
                                          "name": "ACME Plumbing & Drains"}, order_key="shop-1002")
    assert first == again != other
    assert await conn.fetchval("SELECT count(*) FROM jobs") == 2
    assert await conn.fetchval("SELECT count(*) FROM customers") == 1
    assert await conn.fetchval("SELECT business_name FROM customers") == "ACME Plumbing & Drains"


async def test_unknown_package_is_refused_with_the_known_ones(conn):
    await add_directories(conn, 3)
    with pytest.raises(asyncpg.InvalidParameterValueError) as info:
        await submit(conn, "platinum", SAMPLE_BUSINESS)
    assert "starter" in (info.value.hint or "")


async def test_hundred_concurrent_orders_give_hundred_jobs_with_consistent_counters(pool, conn):
    await add_directories(conn, 30)

    async def one(i):
        async with pool.acquire() as c:
            return await submit(c, "growth", {**SAMPLE_BUSINESS, "email": f"owner{i}@example.com"}, order_key=f"k{i}")

    job_ids = await asyncio.gather(*(one(i) for i in range(100)))
    assert len(set(job_ids)) == 100
    assert await conn.fetchval("SELECT count(*) FROM jobs") == 100
    assert await conn.fetchval("SELECT count(*) FROM job_results") == 100 * 25
    assert await fresh_counts(conn) == []
    assert await conn.fetchval("SELECT count(*) FROM queue_history WHERE event_type = 'job_created'") == 100
