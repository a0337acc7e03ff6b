"""The console's data layer on its own: keyset pages, job id prefixes, capabilities."""

from __future__ import annotations

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
        await conn.execute("RESET ROLE")
        await conn.execute("SET enable_seqscan = off")
        plan = "\n".join(r[0] for r in await conn.fetch("EXPLAIN " + Q.JOBS_SEARCH_SQL, 200, "%bakery%", None, None))
        assert "customers_search_trgm_idx" in plan
    finally:
        await conn.close()
