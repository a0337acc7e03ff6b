"""Console test data: a small deterministic world around a frozen clock (2026-01-15 12:00 UTC)."""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import datetime, timedelta, timezone

import asyncpg
import pytest

FROZEN = datetime(2026, 1, 15, 12, 0, 0, tzinfo=timezone.utc)
ACME = "[bold red]ACME[/] \x1b[2J"


def jid(n: int) -> uuid.UUID:
    return uuid.UUID(f"00000000-0000-4000-8000-{n:012d}")


SEED = """
INSERT INTO directories (name, homepage, enabled, priority, category)
VALUES ('Alpha Pages', 'https://alpha.example.test', true, 90, 'general'),
       ('Beta Listings', 'https://beta.example.test', true, 80, 'local'),
       ('[link=http://evil]Gamma[/link]', 'https://gamma.example.test', true, 70, 'maps'),
       ('Delta Reviews', 'https://delta.example.test', true, 60, 'reviews'),
       ('Epsilon Maps', 'https://epsilon.example.test', false, 50, 'maps');
INSERT INTO customers (id, email, business_name) VALUES
  ('10000000-0000-4000-8000-000000000001', 'acme@example.test', $acme$__ACME__$acme$),
  ('10000000-0000-4000-8000-000000000002', 'bolt@example.test', 'Bolt Bakery'),
  ('10000000-0000-4000-8000-000000000003', 'cora@example.test', 'Cora Dental');
"""


async def seed_console(dsn: str) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(SEED.replace("__ACME__", ACME))
        dirs = [r["id"] for r in await conn.fetch("SELECT id FROM directories ORDER BY id")]
        cust = [r["id"] for r in await conn.fetch("SELECT id FROM customers ORDER BY id")]
        # job 1: ACME, in progress; job 2: Bolt, pending; job 3: Cora, pending; job 4: Bolt, completed
        specs = [
            (jid(1), cust[0], "starter", 4, FROZEN - timedelta(hours=3)),
            (jid(2), cust[1], "growth", 4, FROZEN - timedelta(minutes=42)),
            (jid(3), cust[2], "starter", 4, FROZEN - timedelta(minutes=5)),
            (jid(4), cust[1], "starter", 4, FROZEN - timedelta(hours=20)),
        ]
        for job_id, cid, package, total, created in specs:
            await conn.execute(
                "INSERT INTO jobs (id, customer_id, package_type, directories_total, created_at, updated_at) "
                "VALUES ($1, $2, $3, $4, $5, $5)", job_id, cid, package, total, created)
            await conn.execute(
                "INSERT INTO job_results (job_id, directory_id, directory_name, directory_url, created_at) "
                "SELECT $1, d.id, d.name, d.homepage, $2 FROM directories d WHERE d.enabled ORDER BY d.id LIMIT $3",
                job_id, created, total)
        r = {
            (row["job_id"], row["directory_id"]): row["id"]
            for row in await conn.fetch("SELECT id, job_id, directory_id FROM job_results")
        }

        async def finish(job, d, status, minutes_ago, **extra):
            fin = FROZEN - timedelta(minutes=minutes_ago)
            await conn.execute(
                "UPDATE job_results SET status = $2, started_at = $3::timestamptz - interval '30 seconds', finished_at = $3, "
                "submission_url = $4, reason_code = $5, screenshot_url = $6 WHERE id = $1",
                r[(job, d)], status, fin, extra.get("url"), extra.get("reason"), extra.get("shot"))

        await finish(jid(1), dirs[0], "success", 50, url="https://alpha.example.test/listing/acme")
        await finish(jid(1), dirs[1], "requires_manual", 40, reason="unknown_field", shot="/tmp/dbolt-none.png")
        await finish(jid(4), dirs[0], "success", 1000, url="https://alpha.example.test/listing/bolt")
        await finish(jid(4), dirs[1], "success", 990, url="https://beta.example.test/l/bolt")
        await finish(jid(4), dirs[2], "failed", 980, reason="form_rejected")
        await finish(jid(4), dirs[3], "captcha_failed", 970, reason="captcha")
        await conn.execute(
            "UPDATE job_results SET status = 'submitting', claimed_by = 'w-1', started_at = $2 WHERE id = $1",
            r[(jid(1), dirs[2])], FROZEN - timedelta(minutes=1))
        # resolve job 4's captcha row so that the job completes
        await conn.execute("SELECT staff_api.resolve_manual(ARRAY[$1::bigint], 'failed', NULL, 'gave up')",
                           r[(jid(4), dirs[3])])
        await conn.execute("UPDATE job_results SET finished_at = $2, resolved_at = $2 WHERE id = $1",
                           r[(jid(4), dirs[3])], FROZEN - timedelta(minutes=960))
        await conn.execute("UPDATE jobs SET started_at = created_at + interval '1 minute' WHERE started_at IS NOT NULL")
        await conn.execute("UPDATE jobs SET completed_at = $1 WHERE id = $2", FROZEN - timedelta(minutes=960), jid(4))
        await conn.execute(
            "INSERT INTO worker_heartbeats (worker_id, host, pid, status, concurrency, current_tasks, started_at, "
            "last_heartbeat, processed_count, failed_count) VALUES "
            "('w-1', 'host-a', 101, 'busy', 4, '[{\"result_id\": 1}]', $1, $2, 120, 3),"
            "('w-2', 'host-b', 102, 'idle', 4, '[]', $1, $3, 80, 1),"
            "('w-3', 'host-b', 103, 'busy', 4, '[]', $1, $4, 10, 9)",
            FROZEN - timedelta(hours=5), FROZEN - timedelta(seconds=2), FROZEN - timedelta(seconds=4),
            FROZEN - timedelta(minutes=10))
        await conn.execute("SELECT public.console_rebuild_rollups()")
    finally:
        await conn.close()


@pytest.fixture
def console_db(db_dsn: str, db_env) -> str:
    """db_dsn filled with the deterministic console world."""
    asyncio.run(seed_console(db_dsn))
    return db_dsn


def make_app(dsn: str, **kwargs):
    from directorybolt_tui.console.app import ConsoleApp

    kwargs.setdefault("clock", lambda: FROZEN)
    kwargs.setdefault("handle_sighup", False)
    app = ConsoleApp(dsn, **kwargs)
    app.monotonic = lambda: 1000.0  # frozen "age of the data"
    return app


async def wait_for(pilot, condition, timeout: float = 15.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.05)


async def wait_loaded(pilot, tab_id: str | None = None) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: app.db.connected, what="connection")
    target = app.tabs[tab_id] if tab_id else None

    def loaded() -> bool:
        t = target or app.visible_target()
        return t is not None and t.loaded_at is not None and not t.stale

    await wait_for(pilot, loaded, what=f"tab {tab_id} loaded")
    await pilot.pause(0.05)
