"""The console's data layer on its own: keyset pages, job id prefixes, capabilities."""

from __future__ import annotations

import json

import asyncpg

from directorybolt_tui.db.console import queries as Q
from directorybolt_tui.db.console.privileges import read_capabilities

from .conftest import FROZEN, jid


async def test_keyset_pages(console_db):
    conn = await asyncpg.connect(console_db)
    try:
        everything = (await Q.activity(conn, FROZEN, limit=100)).rows
        paged = (await Q.activity(conn, FROZEN, limit=2, pages=3)).rows
        assert [r["id"] for r in paged] == [r["id"] for r in everything]
        two = (await Q.activity(conn, FROZEN, limit=2, pages=1)).rows
        after = (await Q.activity(conn, FROZEN, limit=2, after=(two[-1]["finished_at"], two[-1]["id"]))).rows
        assert [r["id"] for r in two + after] == [r["id"] for r in everything[:4]]
        manual = await Q.manual(conn, FROZEN, limit=1, pages=5)
        assert manual.total == len(manual.rows) == 1
    finally:
        await conn.close()


async def test_job_id_prefix_and_capabilities(console_db):
    conn = await asyncpg.connect(console_db)
    try:
        assert await Q.resolve_job_id(conn, str(jid(4))) == jid(4)
        assert await Q.resolve_job_id(conn, "00000000") is None  # ambiguous
        assert await Q.resolve_job_id(conn, "zzz") is None
        caps = await read_capabilities(conn)
        assert caps.can("staff_api.cancel_job") and caps.can("admin_api.update_directory")
        ro = await read_capabilities(conn, read_only=True)
        assert not ro.can("staff_api.cancel_job") and "read-only" in ro.why_not("staff_api.cancel_job")
        detail = await Q.job_detail(conn, jid(4))
        assert detail.job["status"] == "completed" and len(detail.results) == 4
    finally:
        await conn.close()


async def test_job_search_as_the_staff_role_uses_the_trigram_index(console_db):
    conn = await asyncpg.connect(console_db)
    try:
        await conn.execute("SET ROLE dbolt_staff")
        found = await Q.jobs(conn, FROZEN, search="BAKERY")  # any case, any part of the name
        assert {r["id"] for r in found.rows} == {jid(2), jid(4)}
        assert [r["status"] for r in found.rows][0] in ("pending", "in_progress")  # open jobs first
        assert {r["id"] for r in (await Q.jobs(conn, FROZEN, search=str(jid(3))[-6:])).rows} == set()  # ids: prefix only
        assert {r["id"] for r in (await Q.jobs(conn, FROZEN, search=str(jid(3))[:30])).rows} >= {jid(3)}
    finally:
        await conn.close()


def _customers_read(plan: dict) -> int:
    """How many customer rows an EXPLAIN ANALYZE plan read, filtered ones included."""
    own = 0
    if plan.get("Relation Name") == "customers":
        own = (plan.get("Actual Rows", 0) + plan.get("Rows Removed by Filter", 0)
               + plan.get("Rows Removed by Index Recheck", 0)) * plan.get("Actual Loops", 1)
    return own + sum(_customers_read(p) for p in plan.get("Plans", []))


async def test_job_search_among_many_jobs_reads_little_for_rare_and_common_text(console_db):
    conn = await asyncpg.connect(console_db)
    try:
        await conn.execute("""
            WITH c AS (INSERT INTO customers (email, business_name)
                       SELECT 'owner' || g || '@example.test', 'Northside Roofing ' || g FROM generate_series(1, 20000) g
                       RETURNING id, business_name)
            INSERT INTO jobs (customer_id, status, package_type, directories_total, created_at, completed_at)
            SELECT c.id, 'completed', (SELECT name FROM packages ORDER BY name LIMIT 1), 0,
                   now() - interval '1 day' * substr(c.business_name, 19)::int, now() FROM c""")
        await conn.execute("ANALYZE customers; ANALYZE jobs")
        expected = [r["id"] for r in await conn.fetch("""
            SELECT j.id FROM jobs j JOIN customers c ON c.id = j.customer_id WHERE c.business_name ILIKE '%roofing%'
             ORDER BY j.status IN ('pending', 'in_progress') DESC, j.created_at DESC, j.id LIMIT 200""")]
        await conn.execute("SET ROLE dbolt_staff")
        found = await Q.jobs(conn, FROZEN, search="roofing")
        assert [r["id"] for r in found.rows] == expected and found.total_capped
        assert {r["id"] for r in (await Q.jobs(conn, FROZEN, search="bakery")).rows} == {jid(2), jid(4)}

        async def plan(text: str) -> dict:
            rows = await conn.fetch("EXPLAIN (ANALYZE, FORMAT JSON) " + Q.JOBS_SEARCH_SQL, 200, f"%{text}%", None, None)
            return json.loads(rows[0][0])[0]["Plan"]

        # a word 20,000 customers share: the newest matches, not every one of them joined and sorted
        assert _customers_read(await plan("roofing")) < 2000
        # one customer's name: through the trigram index, not a read of every customer
        rare = await plan("bakery")
        assert "customers_search_trgm_idx" in json.dumps(rare) and _customers_read(rare) < 100
    finally:
        await conn.close()
